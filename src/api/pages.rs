//! What pages read to show, on the server: plain functions over the request's context, not
//! server functions — no browser calls them, so they open no HTTP endpoint (issue 16). Pages
//! are server components (islands mode): these never run in the browser, where they are
//! compiled only so the pages compile, and answer nothing.

use crate::wire::types::ApiEndpoint;
#[cfg(feature = "ssr")]
use leptos::prelude::*;

/// The endpoints of the public API for the `/api` page, read from the OpenAPI document the
/// server generates, with a real initiative's address to try.
pub fn api_reference() -> Vec<ApiEndpoint> {
    #[cfg(feature = "ssr")]
    {
        let state = use_context::<crate::server::state::AppState>();
        let snapshot = state.map(|s| s.directory.snapshot());
        let slug = snapshot
            .as_ref()
            .and_then(|s| s.pages().next().map(|(slug, _)| slug.to_owned()));
        crate::web::public_api::reference(slug.as_deref())
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}

#[cfg(feature = "ssr")]
use crate::server::services::auth::{self, AuthError, Enrolment};
#[cfg(feature = "ssr")]
use crate::server::state::AppState;
#[cfg(feature = "ssr")]
use crate::wire::types::{AccountView, SecondFactorView};
#[cfg(feature = "ssr")]
use crate::wire::AppError;

#[cfg(feature = "ssr")]
/// The account page's data for the signed-in moderator.
///
/// # Errors
/// `Unauthorized` without a session, `Unavailable`.
pub async fn account_view(state: &AppState) -> Result<AccountView, AppError> {
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    let moderator = crate::server::session::session_moderator(state, &headers).await?;
    let account = auth::account(&state.db, moderator.id)
        .await
        .map_err(|e| match e {
            AuthError::UnknownAccount => AppError::Unauthorized,
            AuthError::Db(e) => AppError::from_db("loading an account", e),
            other => {
                tracing::error!(error = %other, "loading an account");
                AppError::Unavailable
            }
        })?;
    let second_factor = match account.enrolment {
        Enrolment::Off => SecondFactorView::Off,
        Enrolment::On => SecondFactorView::On,
        Enrolment::Pending(secret) => {
            let uri = crate::server::totp::otpauth_uri(&secret, auth::TOTP_ISSUER, &account.email);
            let qr = crate::server::totp::qr_path(&uri).ok_or(AppError::Unavailable)?;
            SecondFactorView::Pending {
                secret: secret.grouped(),
                qr_path: qr.d,
                qr_size: qr.size,
            }
        }
    };
    Ok(AccountView {
        email: account.email,
        second_factor,
        required: state.guard.require_2fa,
        password_problem: use_context::<crate::wire::AccountReply>().map(|r| r.0),
    })
}
