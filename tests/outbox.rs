#![cfg(feature = "ssr")]
//! A submission sent again from a device's outbox (issue 18), against the whole router on
//! SQLite and PostgreSQL: the same `Idempotency-Key` is the same submission — the same answer
//! (its manage link), one row, the client's submission budget spent once, even when sent twice
//! at the same moment or after its ticket expired — and a malformed key is refused naming it.
//! Also what the service worker and the manifest are served as.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::fresh_databases;
use icc_initiatives::domain::SubmitForm;
use icc_initiatives::server::accounts::guard::GuardSettings;
use icc_initiatives::server::store::entities::initiative;
use icc_initiatives::server::{directory::Directory, state::AppState};
use icc_initiatives::web::http::router;
use leptos::prelude::LeptosOptions;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

const SITE: &str = "127.0.0.1:3000";
const HERE: &str = "http://127.0.0.1:3000";

fn form(title: &str, ticket: String) -> SubmitForm {
    SubmitForm {
        city: "Gdańsk".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Refugees ride the city's buses and trams free of charge.".into(),
        types: vec!["transport".into()],
        activity: "ongoing".into(),
        submitter_name: "Anna Nowak".into(),
        submitter_email: "anna@gdansk.example".into(),
        submitter_role: "Refugee coordinator".into(),
        consent: Some("yes".into()),
        ticket,
        ..Default::default()
    }
}

fn state(db: &DatabaseConnection, root: &tempfile::TempDir, per_hour: u32) -> AppState {
    let options = LeptosOptions::builder()
        .output_name("icc-initiatives")
        .site_root(root.path().display().to_string())
        .build();
    let mut state = AppState::new(
        options,
        db.clone(),
        Directory::default(),
        GuardSettings::default(),
    );
    state.guard = Arc::new(GuardSettings {
        min_fill_seconds: 0,
        submissions_per_hour: per_hour,
        ..GuardSettings::default()
    });
    state
}

async fn send(state: &AppState, form: &SubmitForm, id: Option<&str>) -> (StatusCode, Value) {
    let mut b = Request::builder()
        .method("POST")
        .uri("/fn/submit")
        .header(header::HOST, SITE)
        .header(header::ORIGIN, HERE)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(id) = id {
        b = b.header("idempotency-key", id);
    }
    let request = b
        .body(Body::from(json!({ "form": form }).to_string()))
        .unwrap();
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

async fn rows_titled(db: &DatabaseConnection, title: &str) -> u64 {
    initiative::Entity::find()
        .filter(initiative::Column::Title.eq(title))
        .count(db)
        .await
        .unwrap()
}

const A: &str = "3b241101-e2bb-4255-8caf-4136c566a962";
const B: &str = "9f0c5a52-7d1e-4c3b-a1f0-2b6d8e4c7a10";
const C: &str = "5d6e7f80-1a2b-4c3d-9e4f-5a6b7c8d9e0f";

#[test]
fn the_same_submission_id_is_one_submission_with_one_answer_and_one_count() {
    common::block_on(async {
        for db in fresh_databases().await {
            let root = tempfile::tempdir().unwrap();
            // Two submissions an hour for this client.
            let site = state(&db.conn, &root, 2);
            let ticket = site.guard.ticket();
            let first = send(&site, &form("Trams for all", ticket.clone()), Some(A)).await;
            assert_eq!(first.0, StatusCode::OK, "{}: {:?}", db.name, first.1);
            let link = first.1["manage_path"].as_str().unwrap().to_owned();
            assert!(link.starts_with("/manage/"), "{link}");

            // The answer was lost: the device sends the same again, even with another ticket.
            let again = send(&site, &form("Trams for all", "0.expired".into()), Some(A)).await;
            assert_eq!(again, first, "{}: the same answer", db.name);
            assert_eq!(
                rows_titled(&db.conn, "Trams for all").await,
                1,
                "{}",
                db.name
            );

            // The repeat did not spend the budget: one more submission still goes through…
            let other = send(&site, &form("Buses for all", ticket.clone()), Some(B)).await;
            assert_eq!(other.0, StatusCode::OK, "{}: {:?}", db.name, other.1);
            assert_ne!(other.1["manage_path"], first.1["manage_path"]);
            // …and then the budget is spent.
            let third = send(&site, &form("Ferries for all", ticket.clone()), Some(C)).await;
            assert_eq!(third.0, StatusCode::TOO_MANY_REQUESTS, "{}", db.name);
            // A repeat is still answered after the budget is spent.
            let late = send(&site, &form("Trams for all", ticket), Some(A)).await;
            assert_eq!(late, first, "{}", db.name);

            // The manage link it gave opens the submission.
            let row = initiative::Entity::find()
                .filter(initiative::Column::Title.eq("Trams for all"))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap();
            let token = link.trim_start_matches("/manage/");
            assert_eq!(
                row.manage_token_hash.as_deref(),
                Some(icc_initiatives::server::accounts::secrets::hash_token(token).as_str())
            );
            assert!(row.submission_key.is_some());
            db.drop_pg().await;
        }
    });
}

#[test]
fn the_same_id_sent_twice_at_once_is_stored_once() {
    common::block_on(async {
        for db in fresh_databases().await {
            let root = tempfile::tempdir().unwrap();
            let site = state(&db.conn, &root, 100);
            let f = form("Night shelter", site.guard.ticket());
            let (one, two) = tokio::join!(send(&site, &f, Some(B)), send(&site, &f, Some(B)));
            assert_eq!(one.0, StatusCode::OK, "{}: {:?}", db.name, one.1);
            assert_eq!(one, two, "{}", db.name);
            assert_eq!(
                rows_titled(&db.conn, "Night shelter").await,
                1,
                "{}",
                db.name
            );
            db.drop_pg().await;
        }
    });
}

#[test]
fn a_malformed_submission_id_is_refused_naming_it_and_nothing_is_stored() {
    common::block_on(async {
        for db in fresh_databases().await {
            let root = tempfile::tempdir().unwrap();
            let site = state(&db.conn, &root, 100);
            let f = form("Winter coats", site.guard.ticket());
            for bad in [
                "1",
                "3B241101-E2BB-4255-8CAF-4136C566A962",
                "not a uuid at all",
            ] {
                let (status, body) = send(&site, &f, Some(bad)).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
                assert!(body.to_string().contains("UUID v4"), "{bad}: {body}");
            }
            assert_eq!(rows_titled(&db.conn, "Winter coats").await, 0);
            // Without an id (the form posted without JavaScript, older pages) nothing changes.
            let (status, _) = send(&site, &f, None).await;
            assert_eq!(status, StatusCode::OK);
            let (status, _) = send(&site, &f, None).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(rows_titled(&db.conn, "Winter coats").await, 2);
            db.drop_pg().await;
        }
    });
}

/// The form post without JavaScript, as `outbox.js` sends a kept submission whose answer it
/// holds: the same id gives the same page (the manage link again), one row.
async fn post_form(state: &AppState, f: &SubmitForm, id: &str) -> (StatusCode, String) {
    let mut body = serde_html_form::to_string(f).unwrap();
    body.push_str(&format!("&submission_id={id}"));
    let request = Request::builder()
        .method("POST")
        .uri("/submit")
        .header(header::HOST, SITE)
        .header(header::ORIGIN, HERE)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[test]
fn the_form_post_with_a_known_id_renders_the_same_confirmation_without_storing_again() {
    common::block_on(async {
        for db in fresh_databases().await {
            let root = tempfile::tempdir().unwrap();
            let site = state(&db.conn, &root, 100);
            let f = form("Warm meals", site.guard.ticket());
            let (status, first) = send(&site, &f, Some(C)).await;
            assert_eq!(status, StatusCode::OK, "{}", db.name);
            let link = first["manage_path"].as_str().unwrap().to_owned();
            let (status, page) = post_form(&site, &form("Warm meals", "0.old".into()), C).await;
            assert_eq!(status, StatusCode::OK, "{}", db.name);
            assert!(
                page.contains(&link),
                "{}: the page shows the same manage link",
                db.name
            );
            assert_eq!(rows_titled(&db.conn, "Warm meals").await, 1, "{}", db.name);
            let (status, page) = post_form(&site, &f, "not-an-id").await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{}", db.name);
            assert!(page.contains("UUID v4"), "{}", db.name);
            db.drop_pg().await;
        }
    });
}

#[test]
fn the_worker_and_the_manifest_are_served_for_the_readers_language() {
    common::block_on(async {
        let dbs = fresh_databases().await;
        let db = &dbs[0];
        let root = tempfile::tempdir().unwrap();
        let site = state(&db.conn, &root, 100);
        let get = |path: &str| {
            Request::builder()
                .uri(path)
                .header(header::HOST, SITE)
                .body(Body::empty())
                .unwrap()
        };
        let worker = router(site.clone()).oneshot(get("/sw.js")).await.unwrap();
        assert_eq!(worker.status(), StatusCode::OK);
        assert_eq!(worker.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(worker.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        let body = axum::body::to_bytes(worker.into_body(), 1 << 20)
            .await
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        let build = icc_initiatives::web::offline::build_id(&site);
        assert!(
            text.starts_with(&format!("self.BUILD={build:?};")),
            "{text:.80}"
        );

        // A browser's check with the validator it kept: 304 until the next build.
        let checked = router(site.clone())
            .oneshot(
                Request::builder()
                    .uri("/sw.js")
                    .header(header::HOST, SITE)
                    .header(header::IF_NONE_MATCH, format!("\"{build}\""))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(checked.status(), StatusCode::NOT_MODIFIED);
        // As browsers ask for it: brotli, within the worker's budget of 4 KB.
        let packed = router(site.clone())
            .oneshot(
                Request::builder()
                    .uri("/sw.js")
                    .header(header::HOST, SITE)
                    .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(packed.headers()[header::CONTENT_ENCODING], "br");
        let bytes = axum::body::to_bytes(packed.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(
            bytes.len() <= 4096,
            "the worker is {} bytes with brotli",
            bytes.len()
        );
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut plain).unwrap();
        assert_eq!(plain, text.as_bytes());

        let manifest = router(site.clone())
            .oneshot(get("/manifest.webmanifest?lang=uk&start=lang"))
            .await
            .unwrap();
        assert_eq!(
            manifest.headers()[header::CONTENT_TYPE],
            "application/manifest+json"
        );
        let body = axum::body::to_bytes(manifest.into_body(), 1 << 20)
            .await
            .unwrap();
        let m: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(m["lang"], "uk");
        assert_eq!(m["start_url"], "/?lang=uk");
        for db in dbs {
            db.drop_pg().await;
        }
    });
}
