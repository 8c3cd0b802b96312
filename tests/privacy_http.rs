#![cfg(feature = "ssr")]
//! The person's rights through the whole router (issue 19), on SQLite and PostgreSQL: the
//! submitter's erasure through the private link (`POST /manage/{token}/erase`), the
//! moderators' privacy page (`POST /admin/privacy`: find, export, erase, audit trail), and a
//! refused sign-in, whose answer never carries the address typed in an address (a redirect's
//! `Location` ends up in servers' and proxies' logs).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use icc_initiatives::domain::{ModerationAction, Submission, SubmitForm, UiLanguage};
use icc_initiatives::server::accounts::auth;
use icc_initiatives::server::accounts::guard::GuardSettings;
use icc_initiatives::server::mail::queue::Notices;
use icc_initiatives::server::state::AppState;
use icc_initiatives::server::store::entities::{initiative, privacy_log};
use icc_initiatives::server::store::submissions;
use icc_initiatives::web::http::router;
use sea_orm::EntityTrait;
use tower::ServiceExt;

const SITE: &str = "127.0.0.1:3000";
const HERE: &str = "http://127.0.0.1:3000";
const ANNA: &str = "anna.nowak@gdansk.example";
const OTHER: &str = "someone.else@lviv.example";
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

#[test]
fn erasing_through_the_private_link_needs_the_confirmation_and_keeps_the_initiative_public() {
    common::block_on(async {
        for (state, db) in states().await {
            let (id, token) = submit(&state, "Free trams for refugees", ANNA).await;
            let slug = publish(&state, id).await;
            let (other_id, _) = submit(&state, "Another city's shelter", OTHER).await;
            let erase = format!("/manage/{token}/erase");

            // Without the box ticked: back to the manage page saying what is missing; nothing
            // erased.
            let refused = send(&state, post(&erase, None, "")).await;
            assert_eq!(refused.status, StatusCode::SEE_OTHER);
            let back = location(&refused).to_owned();
            assert!(
                back.starts_with(&format!("/manage/{token}?problem=missing")),
                "{back}"
            );
            let page = send(&state, get(back.split('#').next().unwrap())).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page
                .body
                .contains("Tick the box to confirm that you want your personal data erased."));
            let kept = row(&state, id).await.unwrap();
            assert_eq!(kept.submitter_email.as_deref(), Some(ANNA));
            assert!(kept.manage_token_hash.is_some());
            let refused = send(&state, post(&erase, None, "confirm=no")).await;
            assert!(location(&refused).contains("problem=missing"));
            assert!(row(&state, id).await.unwrap().submitter_email.is_some());

            // Confirmed: the person is gone, the initiative stays public, the link is dead.
            let done = send(&state, post(&erase, None, "confirm=yes")).await;
            assert_eq!(done.status, StatusCode::SEE_OTHER);
            assert_eq!(location(&done), "/privacy?done=erased");
            let notice = send(&state, get("/privacy?done=erased")).await;
            assert_eq!(notice.status, StatusCode::OK);
            assert!(notice.body.contains("Your personal data were erased."));
            let erased = row(&state, id).await.unwrap();
            assert_eq!(erased.submitter_name, None);
            assert_eq!(erased.submitter_email, None);
            assert_eq!(erased.submitter_role, None);
            assert_eq!(erased.manage_token_hash, None);
            let public = send(&state, get(&format!("/initiatives/{slug}"))).await;
            assert_eq!(public.status, StatusCode::OK);
            assert!(public.body.contains("Free trams for refugees"));
            assert_eq!(
                send(&state, get(&format!("/manage/{token}"))).await.status,
                StatusCode::NOT_FOUND
            );

            // Again: nothing more to do, the same dead link; another person untouched.
            let again = send(&state, post(&erase, None, "confirm=yes")).await;
            assert_eq!(again.status, StatusCode::NOT_FOUND);
            assert_eq!(row(&state, id).await.unwrap(), erased);
            let other = row(&state, other_id).await.unwrap();
            assert_eq!(other.submitter_email.as_deref(), Some(OTHER));
            assert!(other.manage_token_hash.is_some());
            let trail = privacy_log::Entity::find().all(&state.db).await.unwrap();
            assert_eq!(trail.len(), 1, "{trail:?}");
            assert_eq!(
                (trail[0].actor.as_str(), trail[0].action.as_str()),
                ("submitter", "erase")
            );
            db.drop_pg().await;
        }
    })
}

#[test]
fn the_privacy_page_of_the_moderators_is_for_moderators_only() {
    common::block_on(async {
        for (state, db) in states().await {
            let (id, _) = submit(&state, "Free trams for refugees", ANNA).await;
            for action in ["find", "export", "erase&confirm=yes"] {
                let body = format!("email=anna.nowak%40gdansk.example&action={action}");
                let r = send(&state, post("/admin/privacy", None, &body)).await;
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{action}");
                assert!(!r.body.contains("Free trams"), "{action}");
                let forged = send(
                    &state,
                    post(
                        "/admin/privacy",
                        Some("icc_session=forged-session-value"),
                        &body,
                    ),
                )
                .await;
                assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{action}");
            }
            let page = send(&state, get("/admin/privacy")).await;
            assert_eq!(page.status, StatusCode::UNAUTHORIZED);
            assert!(page.body.contains("/admin/sign-in"));
            assert!(row(&state, id).await.unwrap().submitter_email.is_some());
            assert!(privacy_log::Entity::find()
                .all(&state.db)
                .await
                .unwrap()
                .is_empty());
            db.drop_pg().await;
        }
    })
}

#[test]
fn a_moderator_finds_exports_and_erases_one_persons_submissions_and_the_trail_keeps_no_address() {
    common::block_on(async {
        for (state, db) in states().await {
            let cookie = sign_in(&state).await;
            let cookie = Some(cookie.as_str());
            let (published, _) = submit(&state, "Free trams for refugees", ANNA).await;
            let slug = publish(&state, published).await;
            // The same person, with capitals in the address: found all the same.
            let (waiting, _) = submit(&state, "Language cafe", "Anna.Nowak@Gdansk.example").await;
            let (other, _) = submit(&state, "Another city's shelter", OTHER).await;

            // Find: both of hers, not the other person's; the address stays in the field only.
            let found = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=anna.nowak%40gdansk.example&action=find",
                ),
            )
            .await;
            assert_eq!(found.status, StatusCode::OK);
            assert!(found.headers.get(header::LOCATION).is_none());
            assert!(found.body.contains("Submissions of this address: 2"));
            assert!(found.body.contains("Free trams for refugees"));
            assert!(found.body.contains("Language cafe"));
            assert!(!found.body.contains("shelter"));
            assert!(found.body.contains(&format!("value=\"{ANNA}\"")));

            // Bad input: a clear error, nothing else.
            let bad = send(
                &state,
                post("/admin/privacy", cookie, "email=not-an-address&action=find"),
            )
            .await;
            assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(bad.body.contains("This is not an e-mail address."));
            let nobody = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=nobody%40nowhere.example&action=find",
                ),
            )
            .await;
            assert!(nobody.body.contains("No submission uses this address."));

            // Export: a JSON download of hers only.
            let export = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=anna.nowak%40gdansk.example&action=export",
                ),
            )
            .await;
            assert_eq!(export.status, StatusCode::OK);
            assert!(export.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json"));
            assert_eq!(
                export.headers[header::CONTENT_DISPOSITION],
                "attachment; filename=\"personal-data.json\""
            );
            assert_eq!(export.headers[header::CACHE_CONTROL], "no-store");
            let json: serde_json::Value = serde_json::from_str(&export.body).unwrap();
            let subs = json["submissions"].as_array().unwrap();
            let ids: Vec<i64> = subs.iter().map(|s| s["id"].as_i64().unwrap()).collect();
            assert_eq!(ids, vec![i64::from(published), i64::from(waiting)]);
            for s in subs {
                assert!(s["submitter_email"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(ANNA));
                assert_eq!(s["submitter_name"], "Anna Nowak");
            }
            assert!(!export.body.contains(OTHER) && !export.body.contains("shelter"));

            // Erase without the confirmation: refused, nothing changed.
            let unconfirmed = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=anna.nowak%40gdansk.example&action=erase",
                ),
            )
            .await;
            assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(unconfirmed.body.contains("Tick the confirmation to erase."));
            assert!(row(&state, waiting).await.is_some());
            assert!(row(&state, published)
                .await
                .unwrap()
                .submitter_email
                .is_some());

            // Erase: the published one stays public without her, the waiting one is gone.
            let erased = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=anna.nowak%40gdansk.example&action=erase&confirm=yes",
                ),
            )
            .await;
            assert_eq!(erased.status, StatusCode::OK);
            assert!(erased.body.contains(
                "Erased: 1 published initiatives kept without their submitter, 1 submissions deleted."
            ));
            let kept = row(&state, published).await.unwrap();
            assert_eq!(kept.submitter_email, None);
            assert_eq!(kept.submitter_name, None);
            assert_eq!(kept.manage_token_hash, None);
            assert!(row(&state, waiting).await.is_none());
            assert_eq!(
                row(&state, other).await.unwrap().submitter_email.as_deref(),
                Some(OTHER)
            );
            let public = send(&state, get(&format!("/initiatives/{slug}"))).await;
            assert_eq!(public.status, StatusCode::OK);

            // Again: nothing left to erase.
            let again = send(
                &state,
                post(
                    "/admin/privacy",
                    cookie,
                    "email=anna.nowak%40gdansk.example&action=erase&confirm=yes",
                ),
            )
            .await;
            assert!(again.body.contains(
                "Erased: 0 published initiatives kept without their submitter, 0 submissions deleted."
            ));

            // The trail: the export and the erasure, by the moderator, with the numbers, and
            // never her address (in the table or on the page).
            let trail = privacy_log::Entity::find().all(&state.db).await.unwrap();
            let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(actions, ["export", "erase"], "{trail:?}");
            for entry in &trail {
                assert_eq!(entry.actor, "moderator");
                assert_eq!(entry.moderator_email.as_deref(), Some(MODERATOR));
                assert_eq!(entry.records, 2);
                assert_eq!(entry.detail, format!("initiatives {published}, {waiting}"));
                let text = format!("{entry:?}").to_lowercase();
                assert!(
                    !text.contains("anna") && !text.contains("gdansk.example"),
                    "{text}"
                );
            }
            let page = send(
                &state,
                Request::builder()
                    .uri("/admin/privacy")
                    .header(header::HOST, SITE)
                    .header(header::COOKIE, cookie.unwrap())
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.body.contains("Audit trail"));
            assert!(page
                .body
                .contains(&format!("initiatives {published}, {waiting}")));
            assert!(!page.body.to_lowercase().contains("gdansk.example"));
            db.drop_pg().await;
        }
    })
}

#[test]
fn a_refused_sign_in_never_puts_the_address_typed_in_an_address() {
    common::block_on(async {
        for (state, db) in states().await {
            auth::create_moderator(&state.db, MODERATOR, PASSWORD)
                .await
                .unwrap();
            let typed = "mod@icc.example";
            let encoded = ["mod%40icc.example", "mod%40icc%2Eexample", typed];
            // Missing password, wrong password, unknown person, and past the lock-out.
            let mut attempts = vec![
                "email=mod%40icc.example&password=".to_owned(),
                "email=nobody%40icc.example&password=wrong+wrong+wrong".to_owned(),
            ];
            attempts.extend(std::iter::repeat_n(
                "email=mod%40icc.example&password=wrong+wrong+wrong".to_owned(),
                12,
            ));
            for (n, body) in attempts.iter().enumerate() {
                for path in ["/admin/sign-in", "/admin/sign-in?lang=fr"] {
                    let r = send(&state, post(path, None, body)).await;
                    assert!(
                        !r.status.is_redirection(),
                        "attempt {n} on {path}: {}",
                        r.status
                    );
                    for value in r.headers.values() {
                        let value = value.to_str().unwrap_or_default().to_lowercase();
                        for e in encoded
                            .iter()
                            .chain(&["nobody%40icc.example", "nobody@icc.example"])
                        {
                            assert!(
                                !value.contains(&e.to_lowercase()),
                                "attempt {n} on {path}: a header carries {e}: {value}"
                            );
                        }
                    }
                    assert!(r.headers.get(header::SET_COOKIE).is_none());
                    // The page itself keeps what was typed in the field, never the password.
                    let shown = if body.contains("nobody") {
                        "nobody@icc.example"
                    } else {
                        typed
                    };
                    assert!(
                        r.body.contains(&format!("value=\"{shown}\"")),
                        "attempt {n} on {path}: the address typed is filled in again"
                    );
                    assert!(!r.body.contains("wrong wrong wrong"));
                    assert!(r.body.contains("role=\"alert\""), "attempt {n}: says why");
                }
            }
            db.drop_pg().await;
        }
    })
}
