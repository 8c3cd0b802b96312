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
