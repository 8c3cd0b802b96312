//! What every request handler and server function can reach: handed to `leptos_routes` as
//! context and to axum as state, never a global.

use super::directory::Directory;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub directory: Directory,
}
