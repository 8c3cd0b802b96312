#![cfg(feature = "ssr")]
//! Nothing private in any public output (issue 19). A published initiative whose private
//! fields — the submitter's name, e-mail and role, the manage link, a moderator's address and
//! note, an edit waiting for review — hold unique marker strings, beside a rejected and a
//! pending submission whose whole text is private, is rendered through every public output:
//! the pages in three languages (home, list, detail, statistics, declaration, privacy notice,
//! API page, submit form), the CSV and JSON downloads, the statistics' CSVs, the Atom feeds,
//! API v1 (list, item, OpenAPI document), the embed, the sitemap and robots.txt, the command line's export, and the
//! e-mails sent to others than the submitter (the moderators' digest). No marker may appear.
//! On SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use chrono::Utc;
use icc_initiatives::domain::{
    MailKind, ModerationAction as A, Submission, SubmitForm, UiLanguage,
};
use icc_initiatives::server::accounts::guard::GuardSettings;
use icc_initiatives::server::mail::queue::{self, Notices};
use icc_initiatives::server::state::AppState;
use icc_initiatives::server::store::entities::{mail_message, moderator};
use icc_initiatives::server::store::{submissions, transfer};
use icc_initiatives::web::http::router;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower::ServiceExt;

const SITE: &str = "127.0.0.1:3000";
const ON: Notices<'static> = Notices::On {
    site: "http://127.0.0.1:3000",
};

/// The private values, each a string found nowhere else.
const NAME: &str = "Privname Qx7";
const EMAIL: &str = "privmail.qx7@private.example";
const ROLE: &str = "Privrole Qx7";
const MODERATOR: &str = "privmod.qx7@icc.example";
const NOTE: &str = "Privnote Qx7";
const EDIT: &str = "Privedit Qx7 waiting title";
const REJECTED: &str = "Privrejected Qx7 title";
const PENDING: &str = "Privpending Qx7 title";

fn form(title: &str) -> SubmitForm {
    SubmitForm {
        city: "Zgierz".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Public summary of a shelter for families.".into(),
        types: vec!["housing".into()],
        activity: "ongoing".into(),
        contact_email: "team@public.example".into(),
        submitter_name: NAME.into(),
        submitter_email: EMAIL.into(),
        submitter_role: ROLE.into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

async fn act(db: &DatabaseConnection, id: i32, action: A, reason: &str) {
    let version = submissions::review(db, id).await.unwrap().unwrap().version;
    submissions::act(db, id, version, action, reason, MODERATOR, ON)
        .await
        .unwrap();
}

async fn body(state: &AppState, path: &str) -> (u16, String) {
    let request = Request::builder()
        .uri(path)
        .header(header::HOST, SITE)
        .body(Body::empty())
        .unwrap();
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 20_000_000)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn assert_clean(output: &str, text: &str, markers: &[String]) {
    for marker in markers {
        assert!(
            !text.contains(marker.as_str()),
            "{output} shows the private value {marker:?}"
        );
    }
}

#[test]
fn no_private_value_appears_in_any_public_output() {
    common::block_on(no_private_value_appears_in_any_public_output_())
}

async fn no_private_value_appears_in_any_public_output_() {
    for db in common::fresh_databases().await {
        let c = db.conn.clone();
        let state = AppState::new(
            leptos::prelude::LeptosOptions::builder()
                .output_name("icc-initiatives")
                .build(),
            c.clone(),
            icc_initiatives::server::directory::Directory::default(),
            GuardSettings::default(),
        );
        moderator::Entity::insert(moderator::ActiveModel {
            email: Set(MODERATOR.to_owned()),
            password_hash: Set("not a hash: never signs in".to_owned()),
            failed_attempts: Set(0),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&c)
        .await
        .unwrap();

        let s = Submission::try_from(&form("Public shelter for families")).unwrap();
        let created = submissions::submit(&c, &s, UiLanguage::En, ON)
            .await
            .unwrap();
        let id = created.id;
        act(&c, id, A::RequestChanges, NOTE).await;
        submissions::resubmit(&c, &created.token, 2, &s)
            .await
            .unwrap();
        act(&c, id, A::Publish, "").await;
        // An edit waiting for review: private until a moderator publishes it.
        let edit = Submission::try_from(&form(EDIT)).unwrap();
        let version = submissions::review(&c, id).await.unwrap().unwrap().version;
        submissions::resubmit(&c, &created.token, version, &edit)
            .await
            .unwrap();
        let rejected = submissions::submit(
            &c,
            &Submission::try_from(&form(REJECTED)).unwrap(),
            UiLanguage::Fr,
            ON,
        )
        .await
        .unwrap();
        act(&c, rejected.id, A::Reject, NOTE).await;
        submissions::submit(
            &c,
            &Submission::try_from(&form(PENDING)).unwrap(),
            UiLanguage::Uk,
            ON,
        )
        .await
        .unwrap();
        state.directory.refresh(&c).await.unwrap();
        let slug = submissions::review(&c, id)
            .await
            .unwrap()
            .unwrap()
            .public_slug
            .expect("published");

        let markers: Vec<String> = [
            NAME,
            EMAIL,
            ROLE,
            MODERATOR,
            NOTE,
            EDIT,
            REJECTED,
            PENDING,
            created.token.as_str(),
            rejected.token.as_str(),
        ]
        .iter()
        .map(|m| (*m).to_owned())
        .chain(["privmail", "Privname", "Privrole", "privmod", "Privnote"].map(str::to_owned))
        .collect();

        let detail = format!("/initiatives/{slug}");
        let api_item = format!("/api/v1/initiatives/{slug}");
        let mut paths = Vec::new();
        for page in [
            "/",
            "/initiatives",
            detail.as_str(),
            "/statistics",
            "/declaration",
            "/privacy",
            "/api",
            "/submit",
        ] {
            paths.push(page.to_owned());
            for lang in ["en", "fr", "uk"] {
                let sep = if page.contains('?') { '&' } else { '?' };
                paths.push(format!("{page}{sep}lang={lang}"));
            }
        }
        for output in [
            "/initiatives?q=Privedit",
            "/initiatives.csv",
            "/initiatives.json",
            "/feed.atom",
            "/feed.atom?lang=fr",
            "/feed.atom?lang=uk",
            "/api/v1/initiatives",
            api_item.as_str(),
            "/api/v1/initiatives?q=Privrejected",
            "/api/v1/openapi.json",
            "/embed/initiatives",
            "/embed/initiatives?lang=uk",
            "/sitemap.xml",
            "/robots.txt",
            "/statistics?q=Privedit",
            "/statistics/totals.csv",
            "/statistics/by-country.csv",
            "/statistics/by-type.csv",
            "/statistics/by-commitment.csv",
            "/statistics/by-activity.csv",
            "/statistics/by-month.csv",
        ] {
            paths.push(output.to_owned());
        }
        let mut seen_public = false;
        for path in &paths {
            let (status, text) = body(&state, path).await;
            assert!(status < 500, "{}: {path} answered {status}", db.name);
            assert_clean(&format!("{}: {path}", db.name), &text, &markers);
            seen_public |= text.contains("Public shelter for families");
        }
        assert!(seen_public, "the published initiative is in the outputs");
        // Sitemap parts named by the index.
        let (_, index) = body(&state, "/sitemap.xml").await;
        for part in index.split("<loc>").skip(1) {
            let address = part.split("</loc>").next().unwrap_or_default();
            if let Some(path) = address.split(SITE).nth(1) {
                let (_, text) = body(&state, path).await;
                assert_clean(&format!("{}: {path}", db.name), &text, &markers);
            }
        }
        // The command line's export.
        let export = transfer::export_json(&c).await.unwrap();
        assert!(export.contains("Public shelter for families"));
        assert_clean("the export", &export, &markers);
        // E-mails to others than the submitter: the moderators' digest.
        let queued = queue::queue_digest_if_due(&c, "http://127.0.0.1:3000", Utc::now())
            .await
            .unwrap();
        assert_eq!(queued, 1, "{}", db.name);
        let digests = mail_message::Entity::find()
            .filter(mail_message::Column::Kind.eq(MailKind::Digest))
            .all(&c)
            .await
            .unwrap();
        for d in &digests {
            assert_eq!(d.recipient, MODERATOR);
            // The digest lists titles waiting for review (moderators review them): the
            // waiting ones are the moderators' to see, never the submitter's details.
            let private: Vec<String> = [NAME, EMAIL, ROLE, NOTE, created.token.as_str()]
                .iter()
                .map(|m| (*m).to_owned())
                .collect();
            assert_clean(
                "the digest",
                &format!("{}\n{}", d.subject, d.body),
                &private,
            );
        }
        db.drop_pg().await;
    }
}
