//! The guards every request passes before a handler sees it: a `Host` that names no host, and
//! a state-changing request from another site, are refused here (the rules and limits they
//! apply live in `server::accounts::guard`).

use crate::server::accounts::guard::{same_site, GuardSettings, WebOrigin};
use axum::{
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;

/// Middleware, before any handler: a request whose `Host` is not a valid authority
/// (`host[:port]`), or that names two, gets 400 — no page, feed or address is ever written
/// from it.
pub async fn refuse_bad_host(request: Request, next: Next) -> Response {
    let hosts: Vec<_> = request.headers().get_all(header::HOST).iter().collect();
    let valid = match hosts.as_slice() {
        [] => true,
        [one] => one
            .to_str()
            .ok()
            .and_then(|h| WebOrigin::from_authority("http", h.trim()))
            .is_some(),
        _ => false,
    };
    if valid {
        next.run(request).await
    } else {
        (
            StatusCode::BAD_REQUEST,
            "The Host header must name one host, as host or host:port.",
        )
            .into_response()
    }
}

/// Middleware: refuses POST, PUT, PATCH and DELETE from other sites with 403.
pub async fn refuse_cross_site(
    axum::extract::State(settings): axum::extract::State<Arc<GuardSettings>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // The public API changes nothing and takes only GET: any other method gets its 405
    // (with `Allow`) from the router, whoever sends it.
    let path = request.uri().path();
    let read_only = path.starts_with(crate::wire::PUBLIC_API_PREFIX) || path.starts_with("/hsds/");
    if safe || read_only || same_site(&settings, request.headers()) {
        return next.run(request).await;
    }
    // Paths may hold a manage token: log only their first segment.
    let first = request
        .uri()
        .path()
        .split('/')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    tracing::warn!(section = %first, "refused a cross-site request");
    crate::web::refusal::refuse(request.uri().path(), crate::wire::AppError::CrossSite)
}
