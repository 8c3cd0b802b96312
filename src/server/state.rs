//! What every request handler and server function can reach: handed to `leptos_routes` as
//! context and to axum as state, never a global.

use crate::domain::RetentionPeriods;
use crate::server::accounts::client_limits::ClientLimits;
use crate::server::accounts::guard::{GuardSettings, RateLimiter};
use crate::server::directory::page_cache::PageCache;
use crate::server::directory::Directory;
use crate::server::mail::Outbox;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    /// Shared, not copied: leptos_axum clones the state for every request (issue 20: the
    /// options' clone and drop showed in profiles of page-cache misses).
    pub leptos_options: Arc<LeptosOptions>,
    /// The addresses the page shell names, worked out once from `leptos_options`.
    pub shell: crate::wire::shell::ShellAssets,
    pub db: DatabaseConnection,
    pub directory: Directory,
    /// Rendered public pages, valid until the directory changes.
    pub page_cache: PageCache,
    /// Spam and abuse settings: the part of the server's settings requests need (read once
    /// at start, see `server::settings`).
    pub guard: Arc<GuardSettings>,
    /// Per-client budgets: shared through the database on PostgreSQL, else in memory (at most
    /// `guard.max_tracked_clients` counters).
    pub limiter: ClientLimits,
    /// E-mail: off, or on with the worker to wake (`server::mail`).
    pub mail: Outbox,
    /// How long personal data is kept (the privacy notice states them; the retention job
    /// applies them).
    pub retention: RetentionPeriods,
}

/// What leptos_axum reads of the state (only to serve static routes, which the app has none of).
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        (*state.leptos_options).clone()
    }
}

impl AppState {
    /// The state with these guard settings, empty caches and counters, and mail off.
    pub fn new(
        leptos_options: LeptosOptions,
        db: DatabaseConnection,
        directory: Directory,
        guard: GuardSettings,
    ) -> Self {
        Self {
            limiter: ClientLimits::new(RateLimiter::new(guard.max_tracked_clients), &db),
            shell: crate::wire::shell::ShellAssets::new(&leptos_options),
            leptos_options: Arc::new(leptos_options),
            db,
            directory,
            page_cache: PageCache::default(),
            guard: Arc::new(guard),
            mail: Outbox::Off,
            retention: RetentionPeriods::default(),
        }
    }

    /// The same state with these retention periods.
    pub fn with_retention(self, retention: RetentionPeriods) -> Self {
        Self { retention, ..self }
    }

    /// The same state sending e-mail through `mail`.
    pub fn with_mail(self, mail: Outbox) -> Self {
        Self { mail, ..self }
    }

    /// Applies a change to the initiatives `ids` (what is published of them) to the public
    /// directory, reading only their rows; the page cache follows the directory's generation.
    pub async fn published_changed(&self, ids: &[i32]) {
        self.directory.apply_logged(&self.db, ids).await;
    }

    /// Reloads the whole public directory, after a write whose initiatives are not known
    /// one by one (an erasure, an import).
    pub async fn everything_changed(&self) {
        if let Err(e) = self.directory.refresh(&self.db).await {
            tracing::error!(error = %e, "directory refresh after a change failed");
        }
    }
}
