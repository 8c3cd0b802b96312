//! A cache of rendered public pages (home, list, detail, the figures, the embed), keyed by everything the page
//! depends on — URL, the site's origin as the request names it (the list page writes it into its
//! embed code), interface language (cookie and `Accept-Language`) and content encoding — and dropped
//! whole whenever the directory is rebuilt (every publish, import or other write), so no page
//! outlives the data it shows. Pages that vary by user are never cached: only anonymous GETs
//! of public paths with status 200 are. A request with a moderator's session cookie is not
//! anonymous (its header shows the moderation queue's count, `web::notice`): it is neither
//! served from the cache nor kept, and an answer marked `no-store` or `private` is never kept.

use crate::domain::ReaderLanguage;
use crate::server::directory::page_cache::{Page, MAX_PAGE_BYTES};
use crate::server::state::AppState;
use crate::web::reader::{self, Encoding};
use crate::wire::SiteOrigin;
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::Response,
};

fn cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && (path == "/"
            || path == "/initiatives"
            || path == STATISTICS
            || path.starts_with("/initiatives/")
            || path == crate::wire::EMBED_PATH)
        && !req.headers().contains_key(header::AUTHORIZATION)
        && !crate::web::notice::has_session(req.headers())
}

/// The figures page (issue 21): kept like the list, but its "active in the last twelve
/// months" is counted on the day it is rendered, so its key holds that day too (a directory
/// that does not change for days does not keep yesterday's figures).
const STATISTICS: &str = "/statistics";

fn header_text<'a>(headers: &'a HeaderMap, name: header::HeaderName) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The key of a request's page: its address, `origin` — the site's origin for it
/// (`accounts::guard::site_origin`: without `ICC_PUBLIC_ORIGIN` it comes from the `Host` header, and a
/// page written for one host must not be served to another) — and the language and encoding
/// the request was read as at the door (`web::reader`), the very values the renderer and
/// the compressor use. No header is read here a second time.
fn key(req: &Request, origin: &str) -> String {
    let language = req
        .extensions()
        .get::<ReaderLanguage>()
        .copied()
        .unwrap_or_else(|| reader::language(req.uri(), req.headers()));
    let encoding = req
        .extensions()
        .get::<Encoding>()
        .copied()
        .unwrap_or_else(|| Encoding::accepted(req.headers()));
    let day = if req.uri().path() == STATISTICS {
        chrono::Utc::now().date_naive().to_string()
    } else {
        String::new()
    };
    format!(
        "{}\n{origin}\n{}\n{:?}\n{}{day}",
        req.uri(),
        language.language.as_str(),
        language.source,
        encoding.as_header(),
    )
}

fn respond(page: Page) -> Response {
    let mut response = Response::new(Body::from(page.body));
    *response.status_mut() = page.status;
    *response.headers_mut() = page.headers;
    response
}

/// Whether a rendered page may be kept: it carries its Content-Security-Policy (whose nonce is
/// the one on its scripts), nothing marks it private, and it sets no cookie (a cookie kept with
/// a page would be planted in every reader's browser).
fn keepable(headers: &axum::http::HeaderMap) -> bool {
    let private = header_text(headers, header::CACHE_CONTROL)
        .split(',')
        .any(|d| matches!(d.trim(), "no-store" | "private"));
    headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && !private
        && !headers.contains_key(header::SET_COOKIE)
}

/// Middleware: serves a kept page, or renders, keeps and serves it.
pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    // The origin the pages write, as read at the door (`reader`), not a second reading.
    let origin = match req.extensions().get::<SiteOrigin>() {
        Some(SiteOrigin(origin)) => origin.clone().unwrap_or_default(),
        None => crate::server::accounts::guard::site_origin(&state.guard, req.headers())
            .map(|o| o.to_string())
            .unwrap_or_default(),
    };
    let key = key(&req, &origin);
    // Read before rendering: a rebuild during rendering makes this page stale at once.
    let generation = state.directory.generation();
    if let Some(page) = state.page_cache.get(&key, generation) {
        return respond(page);
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    // A page is kept only with its own Content-Security-Policy: one that came out without it
    // (as leptos's file handler once caused: docs/security.md, "A page without its policy")
    // would otherwise be served, blocked from hydrating, to everyone asking for it until the
    // directory changes.
    if !keepable(response.headers()) {
        tracing::warn!(
            "a rendered page without its security policy, or setting a cookie, was not kept"
        );
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => {
            parts.headers.remove(header::DATE);
            parts.headers.remove(header::TRANSFER_ENCODING);
            let page = Page {
                status: parts.status,
                headers: parts.headers,
                body,
            };
            state.page_cache.put(key, generation, page.clone());
            respond(page)
        }
        Err(e) => {
            tracing::warn!(error = %e, "page too large to cache or body failed");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, headers: &[(&'static str, &'static str)]) -> Request {
        let mut req = Request::builder().uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_page_without_its_security_policy_is_not_kept() {
        let mut headers = axum::http::HeaderMap::new();
        assert!(!keepable(&headers));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static("script-src 'nonce-abc'"),
        );
        assert!(keepable(&headers));
        headers.insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        );
        assert!(!keepable(&headers), "a page rendered for one person");
    }

    #[test]
    fn pages_differ_by_url_origin_language_and_encoding() {
        const HERE: &str = "http://a.example";
        let base = key(&request("/initiatives?country=PL", &[]), HERE);
        for other in [
            request("/initiatives?country=DE", &[]),
            request("/initiatives?country=PL", &[("cookie", "x=1; lang=uk")]),
            request("/initiatives?country=PL", &[("accept-language", "fr")]),
            request("/initiatives?country=PL", &[("accept-encoding", "br")]),
        ] {
            assert_ne!(key(&other, HERE), base);
        }
        assert_ne!(
            key(&request("/initiatives?country=PL", &[]), "http://b.example"),
            base,
            "a page written for one host is not served to another"
        );
        assert_eq!(
            key(
                &request("/initiatives?country=PL", &[("cookie", "session=abc")]),
                HERE
            ),
            base,
            "cookies other than the language do not change public pages"
        );
    }

    #[test]
    fn each_version_of_an_initiatives_text_is_a_page_of_its_own() {
        const HERE: &str = "http://a.example";
        let keys: Vec<String> = [
            "/initiatives/a",
            "/initiatives/a?version=fr",
            "/initiatives/a?version=uk",
            "/initiatives/a?version=fr&lang=uk",
        ]
        .into_iter()
        .map(|uri| key(&request(uri, &[]), HERE))
        .collect();
        for (k, a) in keys.iter().enumerate() {
            for b in &keys[k + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn requests_that_render_the_same_page_share_a_key_however_their_headers_are_spelled() {
        const HERE: &str = "http://a.example";
        let same = |a: &[(&'static str, &'static str)], b: &[(&'static str, &'static str)]| {
            assert_eq!(
                key(&request("/", a), HERE),
                key(&request("/", b), HERE),
                "{a:?} ~ {b:?}"
            );
        };
        same(&[("cookie", "lang=uk")], &[("cookie", "lang =uk")]);
        same(
            &[("cookie", "lang=uk")],
            &[("cookie", "a=1"), ("cookie", "lang=uk")],
        );
        same(
            &[("accept-language", "uk")],
            &[("accept-language", "de"), ("accept-language", "uk")],
        );
        same(
            &[("accept-encoding", "br")],
            &[("accept-encoding", "identity"), ("accept-encoding", "br")],
        );
        same(&[], &[("accept-language", "de, pl")]);
        let differ = |a: &[(&'static str, &'static str)], b: &[(&'static str, &'static str)]| {
            assert_ne!(
                key(&request("/", a), HERE),
                key(&request("/", b), HERE),
                "{a:?} ~ {b:?}"
            );
        };
        differ(&[("cookie", "lang=uk")], &[("cookie", "lang=fr")]);
        differ(&[("accept-encoding", "gzip")], &[("accept-encoding", "br")]);
        differ(&[("accept-encoding", "gzip")], &[]);
    }

    #[test]
    fn a_page_that_sets_a_cookie_is_not_kept() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static("script-src 'nonce-abc'"),
        );
        headers.insert(
            header::SET_COOKIE,
            axum::http::HeaderValue::from_static("lang=uk"),
        );
        assert!(!keepable(&headers));
    }

    #[test]
    fn only_public_gets_are_cacheable() {
        assert!(cacheable(&request("/", &[])));
        assert!(cacheable(&request("/initiatives/some-slug", &[])));
        assert!(cacheable(&request("/embed/initiatives?city=Lviv", &[])));
        assert!(cacheable(&request("/statistics?country=PL", &[])));
        assert!(!cacheable(&request("/statistics/by-country.csv", &[])));
        assert!(!cacheable(&request("/healthz", &[])));
        assert!(!cacheable(&request("/api/initiatives", &[])));
        assert!(!cacheable(&request("/declaration-x", &[])));
        let mut post = request("/initiatives", &[]);
        *post.method_mut() = Method::POST;
        assert!(!cacheable(&post));
        assert!(
            !cacheable(&request("/", &[("cookie", "lang=fr; icc_session=abc")])),
            "a moderator's page shows the queue's count"
        );
    }
}
