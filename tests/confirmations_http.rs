#![cfg(feature = "ssr")]
//! Kept true over time (issue 23) through the whole router, without JavaScript, on SQLite and
//! PostgreSQL: the manage page shows the date of the city's last confirmation and its two
//! buttons; "Still running — confirm" and "It has ended" are POSTs that answer with the manage
//! page saying what was done (a day after today is refused, nothing changed); readers see the
//! state on the list (with its filter and counts) and the detail page, in three languages; the
//! moderators' list of confirmations due records a confirmation by phone with its note.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use icc_initiatives::domain::{
    ActivityStatus, ModerationAction, Submission, SubmitForm, UiLanguage,
};
use icc_initiatives::server::accounts::auth;
use icc_initiatives::server::accounts::guard::GuardSettings;
use icc_initiatives::server::mail::queue::Notices;
use icc_initiatives::server::state::AppState;
use icc_initiatives::server::store::entities::{initiative, moderation_event};
use icc_initiatives::server::store::submissions;
use icc_initiatives::web::http::router;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tower::ServiceExt;

const SITE: &str = "127.0.0.1:3000";
const HERE: &str = "http://127.0.0.1:3000";
const ANNA: &str = "anna.nowak@gdansk.example";
const MODERATOR: &str = "mod@icc.example";
const PASSWORD: &str = "violet tram harbour dusk";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
        .await
        .unwrap();
    let mut body = String::from_utf8_lossy(&bytes).into_owned();
    // A page's text as read: without the renderer's `<!>` markers between text pieces.
    if headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
    {
        body = body.replace("<!>", "");
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn post(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, HERE)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        b = b.header(header::COOKIE, cookie);
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header(header::HOST, SITE)
        .body(Body::empty())
        .unwrap()
}

fn location(reply: &Reply) -> &str {
    reply.headers[header::LOCATION].to_str().unwrap()
}

/// The app on each test database, with a guard that lets tests post at once.
async fn states() -> Vec<(AppState, common::TestDb)> {
    let mut out = Vec::new();
    for db in common::fresh_databases().await {
        let guard = GuardSettings {
            min_fill_seconds: 0,
            submissions_per_hour: 100,
            ..GuardSettings::default()
        };
        let state = AppState::new(
            leptos::prelude::LeptosOptions::builder()
                .output_name("icc-initiatives")
                .build(),
            db.conn.clone(),
            icc_initiatives::server::directory::Directory::default(),
            guard,
        );
        out.push((state, db));
    }
    out
}

fn form(title: &str, email: &str) -> SubmitForm {
    SubmitForm {
        city: "Gdańsk".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Refugees ride the city's buses and trams free of charge.".into(),
        types: vec!["transport".into()],
        commitments: vec!["2".into()],
        activity: "ongoing".into(),
        submitter_name: "Anna Nowak".into(),
        submitter_email: email.into(),
        submitter_role: "Refugee coordinator".into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

/// Stores a submission of `email`; returns its id and private link's token.
async fn submit(state: &AppState, title: &str, email: &str) -> (i32, String) {
    let s = Submission::try_from(&form(title, email)).unwrap();
    let created = submissions::submit(&state.db, &s, UiLanguage::En, Notices::Off)
        .await
        .unwrap();
    (created.id, created.token)
}

async fn publish(state: &AppState, id: i32) -> String {
    let version = submissions::review(&state.db, id)
        .await
        .unwrap()
        .unwrap()
        .version;
    submissions::act(
        &state.db,
        id,
        version,
        ModerationAction::Publish,
        "",
        MODERATOR,
        Notices::Off,
    )
    .await
    .unwrap();
    state.directory.refresh(&state.db).await.unwrap();
    row(state, id).await.unwrap().slug
}

async fn row(state: &AppState, id: i32) -> Option<initiative::Model> {
    initiative::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .unwrap()
}

/// Signs the moderator in through the form; returns the session cookie (`name=value`).
async fn sign_in(state: &AppState) -> String {
    auth::create_moderator(&state.db, MODERATOR, PASSWORD)
        .await
        .unwrap();
    let ok = send(
        state,
        post(
            "/admin/sign-in",
            None,
            "email=mod%40icc.example&password=violet+tram+harbour+dusk",
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let cookie = ok.headers[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

fn day_after(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .date_naive()
        .to_string()
}

#[test]
fn the_city_confirms_and_ends_its_initiative_without_javascript_and_readers_see_it() {
    common::block_on(async {
        for (state, db) in states().await {
            let name = db.name;
            let (id, token) = submit(&state, "Free trams for refugees", ANNA).await;
            let slug = publish(&state, id).await;
            let manage = format!("/manage/{token}");
            let today = chrono::Utc::now().date_naive().to_string();

            let page = send(&state, get(&manage)).await;
            assert_eq!(page.status, StatusCode::OK, "{name}");
            assert!(page.body.contains("Is this still true?"), "{name}");
            assert!(page.body.contains("Confirmed by the city on"), "{name}");
            assert!(
                page.body.contains(&format!("<time datetime=\"{today}\">")),
                "{name}"
            );
            assert!(page
                .body
                .contains(&format!("action=\"/manage/{token}/confirm\"")));
            assert!(page.body.contains("Still running — confirm"));
            assert!(page.body.contains("It has ended"));
            for (lang, words) in [
                ("fr", "Confirmée par la ville le"),
                ("uk", "Підтверджено містом"),
            ] {
                let page = send(&state, get(&format!("{manage}?lang={lang}"))).await;
                assert!(page.body.contains(words), "{name} {lang}");
            }

            let version = row(&state, id).await.unwrap().version;
            let confirmed = send(
                &state,
                post(
                    &format!("{manage}/confirm"),
                    None,
                    &format!("version={version}"),
                ),
            )
            .await;
            assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{name}");
            let back = location(&confirmed).to_owned();
            assert!(
                back.starts_with(&format!("{manage}?done=confirmed")),
                "{back}"
            );
            let page = send(&state, get(back.split('#').next().unwrap())).await;
            assert!(
                page.body
                    .contains("the initiative is confirmed as of today"),
                "{name}"
            );
            assert!(
                page.body.contains("confirmed still running"),
                "{name}: in the history"
            );

            // The page of before (its version) cannot end it; a day after today is refused.
            let stale = send(
                &state,
                post(
                    &format!("{manage}/ended"),
                    None,
                    &format!("version={version}&ended_on="),
                ),
            )
            .await;
            assert!(
                location(&stale).contains("problem=conflict"),
                "{}",
                location(&stale)
            );
            let version = row(&state, id).await.unwrap().version;
            let future = send(
                &state,
                post(
                    &format!("{manage}/ended"),
                    None,
                    &format!("version={version}&ended_on={}", day_after(3)),
                ),
            )
            .await;
            assert!(
                location(&future).contains("problem=invalid"),
                "{}",
                location(&future)
            );
            let page = send(&state, get(location(&future).split('#').next().unwrap())).await;
            assert!(
                page.body.contains("The end date must be a real day"),
                "{name}"
            );
            assert_eq!(
                row(&state, id).await.unwrap().activity_status,
                ActivityStatus::Ongoing
            );

            let ended = send(
                &state,
                post(
                    &format!("{manage}/ended"),
                    None,
                    &format!("version={version}&ended_on={today}"),
                ),
            )
            .await;
            assert!(
                location(&ended).contains("done=ended"),
                "{}",
                location(&ended)
            );
            assert_eq!(
                row(&state, id).await.unwrap().activity_status,
                ActivityStatus::Completed
            );
            let page = send(&state, get(&manage)).await;
            assert!(page.body.contains("Ended on"), "{name}");
            assert!(
                !page.body.contains("Still running — confirm"),
                "{name}: no more buttons"
            );

            // Readers: marked, never hidden; the filter finds it, with its count.
            let list = send(&state, get("/initiatives?freshness=ended")).await;
            assert_eq!(list.status, StatusCode::OK);
            assert!(list.body.contains("Free trams for refugees"), "{name}");
            assert!(list.body.contains("Ended on"), "{name}");
            let at = list
                .body
                .find("id=\"f-freshness-ended\"")
                .expect("the filter's box");
            let input = &list.body[list.body[..at].rfind('<').unwrap()..];
            let input = &input[..input.find('>').unwrap()];
            assert!(input.contains("checked"), "{name}: {input}");
            let detail = send(&state, get(&format!("/initiatives/{slug}?lang=uk"))).await;
            assert!(detail.body.contains("Завершено"), "{name}");
            let refused = send(&state, get("/initiatives?freshness=stale")).await;
            assert!(
                refused.body.contains("stale"),
                "{name}: the unknown value is reported"
            );
            db.drop_pg().await;
        }
    });
}

#[test]
fn a_moderator_records_a_confirmation_by_phone_with_a_note_on_the_list_of_confirmations_due() {
    common::block_on(async {
        for (state, db) in states().await {
            let name = db.name;
            let (id, _) = submit(&state, "Language classes", ANNA).await;
            publish(&state, id).await;
            let cookie = sign_in(&state).await;
            let page = send(
                &state,
                Request::builder()
                    .uri("/admin/confirmations")
                    .header(header::HOST, SITE)
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(page.status, StatusCode::OK, "{name}");
            assert!(page.body.contains("Confirmations due by country"), "{name}");
            assert!(
                page.body
                    .contains("Every published initiative is confirmed."),
                "{name}"
            );

            let version = row(&state, id).await.unwrap().version;
            let without_note = send(
                &state,
                post(
                    &format!("/admin/initiatives/{id}/confirm"),
                    Some(&cookie),
                    &format!("version={version}&note=+"),
                ),
            )
            .await;
            assert!(
                location(&without_note).contains("problem=reason-required"),
                "{}",
                location(&without_note)
            );
            let recorded = send(
                &state,
                post(
                    &format!("/admin/initiatives/{id}/confirm"),
                    Some(&cookie),
                    &format!("version={version}&note=Phoned+the+coordinator"),
                ),
            )
            .await;
            assert!(
                location(&recorded).contains("done=confirmed"),
                "{}",
                location(&recorded)
            );
            let event = moderation_event::Entity::find()
                .filter(moderation_event::Column::InitiativeId.eq(id))
                .filter(moderation_event::Column::Action.eq("confirm"))
                .one(&state.db)
                .await
                .unwrap()
                .expect("in the history");
            assert_eq!(event.reason.as_deref(), Some("Phoned the coordinator"));
            assert_eq!(event.moderator_email.as_deref(), Some(MODERATOR));
            db.drop_pg().await;
        }
    });
}
