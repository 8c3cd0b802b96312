//! The number of items waiting for review, shown in the header of every page a signed-in
//! moderator opens (linking to the queue).
//!
//! Why a middleware: the header is a server component outside every page's data, and pages
//! are cached. For a request carrying the moderators' session cookie (and only then) this looks
//! the session up and counts the waiting items, and hands the number to the page through the
//! request (`ModeratorNotice`, which the header reads). Such requests bypass the page cache
//! both ways (`page_cache` neither serves nor keeps them) and their answers are marked
//! `Cache-Control: private, no-store`, so the number never reaches another visitor; anonymous
//! visitors keep their cached pages.

use crate::server::accounts::session::{cookie, moderator_from, SESSION_COOKIE};
use crate::server::mail::queue::waiting_count;
use crate::server::state::AppState;
use crate::wire::types::ModeratorNotice;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};

/// Whether the request carries a moderator's session cookie (valid or not).
pub fn has_session(headers: &axum::http::HeaderMap) -> bool {
    cookie(headers, SESSION_COOKIE).is_some()
}

/// Whether the answer to `request` may be a page with the site's header: a GET of a path that
/// is neither a server function, a bundle file nor a file with an extension (`.csv`, `.xml`,
/// `favicon.svg`…).
fn is_page(request: &Request, pkg_dir: &str) -> bool {
    let path = request.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with(crate::wire::SERVER_FN_PREFIX)
        && !path.starts_with(&format!("/{pkg_dir}/"))
        && path != "/healthz"
        && !last.contains('.')
}

/// Middleware: for a signed-in moderator's page, counts the items waiting for review into the
/// request and marks the answer private.
pub async fn moderator_notice(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !has_session(request.headers()) || !is_page(&request, &state.leptos_options.site_pkg_dir) {
        return next.run(request).await;
    }
    let private = match moderator_from(&state, request.headers()).await {
        Ok(_) => match waiting_count(&state.db).await {
            Ok(n) => {
                request.extensions_mut().insert(ModeratorNotice {
                    waiting: u32::try_from(n).unwrap_or(u32::MAX),
                });
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "counting the items waiting for review");
                true
            }
        },
        // A stale cookie: the page is rendered as for anyone, but still not kept.
        Err(_) => true,
    };
    let mut response = next.run(request).await;
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn get(path: &str) -> Request {
        Request::builder().uri(path).body(Body::empty()).unwrap()
    }

    #[test]
    fn only_pages_get_the_notice() {
        for page in [
            "/",
            "/initiatives",
            "/initiatives/gdansk-free-trams",
            "/admin",
            "/admin/mail",
        ] {
            assert!(is_page(&get(page), "pkg"), "{page}");
        }
        for other in [
            "/fn/submit",
            "/api/v1/initiatives",
            "/pkg/icc-initiatives.wasm",
            "/healthz",
            "/initiatives.csv",
            "/sitemap.xml",
            "/favicon.svg",
        ] {
            assert!(!is_page(&get(other), "pkg"), "{other}");
        }
        let mut post = get("/admin");
        *post.method_mut() = Method::POST;
        assert!(!is_page(&post, "pkg"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = axum::http::HeaderMap::new();
        assert!(!has_session(&headers));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=uk; icc_session=abc"),
        );
        assert!(has_session(&headers));
    }
}
