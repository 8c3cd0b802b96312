//! The moderators' session as a request carries it: the session cookie's name and value, and
//! the moderator it belongs to. Read by both channels (the server functions and the posts
//! without JavaScript) and by the header's notice of waiting items.

use crate::server::accounts::auth::{self, Moderator};
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::http::{header, HeaderMap};

/// Name of the moderators' session cookie.
pub const SESSION_COOKIE: &str = "icc_session";

/// The value of the cookie `name` among every `Cookie` header.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The moderator of a live session, whether or not they have a second factor: only their
/// account page (where they turn it on) and signing out may use this directly.
///
/// # Errors
/// `Unauthorized` without a live session, `Unavailable` when the database does not answer.
pub async fn session_moderator(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Moderator, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Err(AppError::Unauthorized);
    };
    auth::moderator_for(&state.db, token)
        .await
        .map_err(|e| AppError::from_db("checking a session", e))?
        .ok_or(AppError::Unauthorized)
}

/// The moderator of a live session who may moderate: when the site requires a second factor
/// (`ICC_REQUIRE_2FA=1`), one without it gets `SecondFactorRequired`.
///
/// # Errors
/// As [`session_moderator`], and `SecondFactorRequired`.
pub async fn moderator_from(state: &AppState, headers: &HeaderMap) -> Result<Moderator, AppError> {
    let moderator = session_moderator(state, headers).await?;
    if state.guard.require_2fa && moderator.second_factor == auth::SecondFactor::Off {
        return Err(AppError::SecondFactorRequired);
    }
    Ok(moderator)
}
