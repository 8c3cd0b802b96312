//! The answers of a form post without JavaScript: the page rendered again as the post's answer
//! (with its reply as context), a refusal page, or a redirect.

use crate::app::shell;
use crate::domain::SubmitForm;
use crate::server::state::AppState;
use crate::web::forms::PostHeaders;
use crate::web::refusal;
use crate::web::security;
use crate::wire::PostedReply;
use crate::wire::{AppError, FormReply};
use axum::{
    body::Body,
    http::{header, HeaderValue, Method, Request, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

/// Renders the page at `path` as the answer to a post, with the post's reply as context.
pub(super) async fn render(
    state: &AppState,
    path: &str,
    headers: &PostHeaders,
    reply: FormReply,
    status: StatusCode,
) -> Response {
    render_with(state, path, headers, PostedReply(reply), status).await
}

/// Renders the page at `path` (a GET of it, with the post's cookies and language) with `reply`
/// as context, under `status` instead of 200. Every page rendered as the answer to a post goes
/// through here, so it gets the page's Content-Security-Policy with its nonce.
pub(crate) async fn render_with<C: Clone + Send + Sync + 'static>(
    state: &AppState,
    path: &str,
    headers: &PostHeaders,
    reply: C,
    status: StatusCode,
) -> Response {
    let shell_assets = state.shell.clone();
    let context_state = state.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(reply.clone());
            security::send_page_policy();
        },
        move || shell(shell_assets.clone()),
    );
    // The page in the post's language; when the form's address named it, the page's address
    // names it too, so its links keep it.
    let path = match headers.language {
        l if l.from_address() => crate::domain::with_language(path, Some(l.language)),
        _ => path.to_owned(),
    };
    let mut request = Request::new(Body::empty());
    *request.method_mut() = Method::GET;
    *request.uri_mut() = path.parse().unwrap_or_default();
    request.extensions_mut().insert(headers.language);
    request.extensions_mut().insert(crate::wire::SiteOrigin(
        crate::server::accounts::guard::site_origin(&state.guard, headers).map(|o| o.to_string()),
    ));
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE, header::HOST] {
        for value in headers.get_all(&name) {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    let mut response = handler(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// The page at `path` (whose query says `problem=busy`) under 503 with `Retry-After`: no
/// password check could start in time (`auth::AuthError::Busy`). Nothing was counted.
pub(crate) async fn busy_page(state: &AppState, path: &str, headers: &PostHeaders) -> Response {
    let mut response = render_with(state, path, headers, (), StatusCode::SERVICE_UNAVAILABLE).await;
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(crate::server::accounts::auth::CHECK_WAIT_SECONDS),
    );
    response
}

/// The form's page again, with every value as posted and what was wrong, under the error's
/// status.
pub(super) async fn render_refused(
    state: &AppState,
    path: &str,
    headers: &PostHeaders,
    form: SubmitForm,
    error: AppError,
) -> Response {
    let status = error.status();
    let reply = FormReply {
        form: Some(form),
        error: Some(error),
        accepted: None,
    };
    render(state, path, headers, reply, status).await
}

pub(crate) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// 400 with what could not be read in the posted form.
pub(super) fn bad_form(problem: impl std::fmt::Display) -> Response {
    refusal::page(
        StatusCode::BAD_REQUEST,
        &AppError::Request(problem.to_string()),
    )
}

/// 404 for an address that cannot name anything (a malformed id or manage link).
pub(super) fn no_such_thing() -> Response {
    refusal::page(StatusCode::NOT_FOUND, &AppError::NotFound)
}

pub(crate) fn unauthorized_page() -> Response {
    refusal::page(StatusCode::UNAUTHORIZED, &AppError::Unauthorized)
}
