//! What every request handler and server function can reach: handed to `leptos_routes` as
//! context and to axum as state, never a global.

use super::directory::Directory;
use super::page_cache::PageCache;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub directory: Directory,
    /// Rendered public pages, valid until the directory changes.
    pub page_cache: PageCache,
}
