//! What a server function knows of the request it serves, read from leptos's context: the
//! site's origin, the calling page's language, the client's key for rate limits, the signed-in
//! moderator. Only the server functions (`api`) use these; the posts without JavaScript read
//! the same from their request.

use crate::domain::UiLanguage;
use crate::server::accounts::auth::Moderator;
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::extract::ConnectInfo;
use leptos::prelude::*;
use std::net::SocketAddr;

/// The origin of the request a server function serves.
pub fn origin() -> String {
    match (
        use_context::<AppState>(),
        use_context::<axum::http::request::Parts>(),
    ) {
        (Some(state), Some(parts)) => {
            crate::server::accounts::guard::origin_text(&state.guard, &parts.headers)
        }
        _ => String::new(),
    }
}

/// The interface language of the page that called a server function: the `lang=` of the page's
/// address (the call's same-site `Referer`, as a reader who arrived on `?lang=uk` sees it), else
/// the `lang` cookie, else `Accept-Language`.
pub fn language() -> UiLanguage {
    use_context::<axum::http::request::Parts>().map_or(UiLanguage::En, |parts| {
        let state = use_context::<AppState>();
        let page_query = parts
            .headers
            .get(axum::http::header::REFERER)
            .and_then(|r| r.to_str().ok())
            .filter(|r| {
                state.as_ref().is_some_and(|s| {
                    crate::server::accounts::guard::site_origin(&s.guard, &parts.headers)
                        .is_some_and(|o| r.starts_with(&format!("{o}/")))
                })
            })
            .and_then(|r| r.split('#').next())
            .and_then(|r| r.split_once('?'))
            .map(|(_, q)| q.to_owned());
        let language = parts
            .extensions
            .get::<crate::domain::ReaderLanguage>()
            .copied()
            .unwrap_or_default();
        match page_query.as_deref().and_then(UiLanguage::in_query) {
            Some(from_page) => from_page,
            None => language.language,
        }
    })
}

/// The id the browser gave the submission it sends (the `Idempotency-Key` header), if any.
///
/// # Errors
/// `Request` when the header is there but is not a lowercase UUID v4.
pub fn submission_id() -> Result<Option<crate::domain::SubmissionId>, AppError> {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return Ok(None);
    };
    match parts.headers.get(crate::domain::SubmissionId::HEADER) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|text| crate::domain::SubmissionId::parse(text).ok())
            .map(Some)
            .ok_or_else(|| AppError::Request(crate::domain::NotASubmissionId.to_string())),
    }
}

/// The client's key for rate limits, inside a server function.
pub async fn client() -> String {
    let state = use_context::<AppState>();
    let parts = use_context::<axum::http::request::Parts>();
    match (state, parts) {
        (Some(state), Some(parts)) => {
            let peer = parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0);
            state.guard.client(&parts.headers, peer)
        }
        _ => "unknown".to_owned(),
    }
}

/// The signed-in moderator of the request a server function serves; `Unauthorized` otherwise,
/// `SecondFactorRequired` when the site requires one and they have none yet.
///
/// # Errors
/// `Unauthorized` without a live session, `SecondFactorRequired`.
pub async fn moderator(state: &AppState) -> Result<Moderator, AppError> {
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    crate::server::accounts::session::moderator_from(state, &headers).await
}

/// The application's state, which the router hands to every server function and page.
///
/// # Errors
/// `Unavailable` when it is missing (a setup error, logged).
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Unavailable
    })
}
