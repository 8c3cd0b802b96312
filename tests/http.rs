#![cfg(feature = "ssr")]
//! HTTP behaviour that needs no browser: the health check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use icc_initiatives::server::{db, directory::Directory, http::healthz, state::AppState};
use leptos::prelude::LeptosOptions;

async fn state() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::connect(&format!("sqlite://{}/h.db", dir.path().display()))
        .await
        .unwrap();
    db::migrate(&conn).await.unwrap();
    let state = AppState {
        leptos_options: LeptosOptions::builder()
            .output_name("icc-initiatives")
            .build(),
        db: conn,
        directory: Directory::default(),
        page_cache: Default::default(),
    };
    (state, dir)
}

#[tokio::test]
async fn the_health_check_is_ok_while_the_database_answers() {
    let (state, _dir) = state().await;
    let response = healthz(State(state)).await.into_response();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_health_check_is_503_when_the_database_does_not_answer() {
    let (state, _dir) = state().await;
    state.db.close_by_ref().await.unwrap();
    let response = healthz(State(state)).await.into_response();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn choose(lang: &str, back: Option<&str>) -> axum::response::Response {
    use icc_initiatives::server::http::{choose_language, LanguageChoice};
    let choice = LanguageChoice {
        lang: lang.to_owned(),
        back: back.map(str::to_owned),
    };
    choose_language(axum::Form(choice)).await
}

#[tokio::test]
async fn choosing_a_language_without_javascript_sets_the_cookie_and_goes_back() {
    let response = choose("uk", Some("/initiatives?country=PL")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/initiatives?country=PL");
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=uk; Path=/; Max-Age=31536000"));
}

#[tokio::test]
async fn the_language_form_never_sends_people_to_another_site() {
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = choose("fr", Some(evil)).await;
        assert_eq!(response.headers()["location"], "/", "{evil}");
    }
    assert_eq!(choose("xx", None).await.status(), StatusCode::BAD_REQUEST);
}
