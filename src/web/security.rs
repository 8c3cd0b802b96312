//! The security headers: a Content-Security-Policy on every HTML page, tied to the per-request
//! nonce leptos puts on its own inline scripts (hydration, resource data), a Permissions-Policy
//! that denies the powerful browser features the site never uses, framing refused (except for
//! the embed, [`EMBED_PATH`], which sets its own script-less policy with `frame-ancestors *`),
//! and Strict-Transport-Security when the site's public origin is https.
//!
//! Escaping (`components::raw_text`) keeps user text from becoming markup; the policy is the
//! second wall: should markup get in anyway, the browser runs no script without this response's
//! nonce, loads nothing from other sites and posts forms nowhere else.
//!
//! leptos_axum generates the nonce for each rendered page (`leptos::nonce::provide_nonce` before
//! the app's context runs), so the page's context calls [`send_page_policy`], which puts the
//! policy with that nonce into the page's own response headers. The header thus travels with the
//! body: the page cache stores both, so a cached page and its header always agree (see
//! docs/security.md for why a cached page may keep its nonce). HTML that leptos does not render
//! (the 403/400/401/413 pages) gets [`NO_SCRIPT_POLICY`] from the middleware.

use crate::server::accounts::guard::GuardSettings;
use crate::wire::EMBED_PATH;
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use std::sync::Arc;

/// The policy of a page whose inline scripts carry `nonce`.
///
/// `'self'` loads the bundle and its module preload; `'wasm-unsafe-eval'` lets it compile its
/// WebAssembly; no `'unsafe-inline'` anywhere, as the app has no inline styles or handlers.
pub fn content_security_policy(nonce: &str) -> String {
    // `cargo leptos watch` reloads pages over a websocket on its own port (read once).
    static WATCHED: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());
    let reload = if *WATCHED { " ws: wss:" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'{reload}; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The policy of HTML that has no script at all (the server's short error pages).
pub const NO_SCRIPT_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Browser features the site never uses, denied to it and to anything it could embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), \
     geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), \
     serial=(), usb=(), xr-spatial-tracking=(), browsing-topics=()";

/// Browsers keep to https for a year once they have seen this over https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Inside a page's rendering context: sends the policy with the nonce leptos put on this page's
/// scripts. Does nothing where no nonce was generated (server functions, static files).
pub fn send_page_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

/// Whether the answer to a request for `path` may be shown in other sites' frames: only the
/// embed. Its own policy says so (`frame-ancestors *`); were it missing, the script-less policy
/// added here would refuse framing again.
pub fn frameable(path: &str) -> bool {
    path == EMBED_PATH
}

/// Adds the headers every response gets, and the script-less policy to HTML without one.
/// `X-Frame-Options: DENY` goes on every answer but a [`frameable`] one.
pub fn add_headers(settings: &GuardSettings, headers: &mut HeaderMap, frameable: bool) {
    if is_html(headers) && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NO_SCRIPT_POLICY),
        );
    }
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if frameable {
        headers.remove(header::X_FRAME_OPTIONS);
    } else {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if settings
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"))
    {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
}

/// Middleware (outermost, so refusals and cached pages get the headers too; refusal pages are
/// also rendered in the request's language here).
pub async fn security_headers(
    State(settings): State<Arc<GuardSettings>>,
    request: Request,
    next: Next,
) -> Response {
    // Refusal pages are made where the request's language is not at hand: render them in the
    // one decided at the door (`reader`).
    let language = request
        .extensions()
        .get::<crate::domain::ReaderLanguage>()
        .copied()
        .unwrap_or_else(|| crate::web::reader::language(request.uri(), request.headers()))
        .language;
    let frameable = frameable(request.uri().path());
    let mut response = next.run(request).await;
    // The page's language, for the service worker's key (the Cache API cannot key on the
    // language cookie) and for anyone else who reads it.
    if is_html(response.headers()) && !response.headers().contains_key(header::CONTENT_LANGUAGE) {
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(language.as_str()),
        );
    }
    if response
        .extensions()
        .get::<crate::web::refusal::RefusalPage>()
        .is_some()
    {
        crate::web::refusal::localize(&mut response, language);
    }
    add_headers(&settings, response.headers_mut(), frameable);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(origin: Option<&str>) -> GuardSettings {
        GuardSettings {
            min_fill_seconds: 3,
            submissions_per_hour: 2,
            manage_misses: 2,
            sign_in_failures: 2,
            public_origin: origin.map(str::to_owned),
            ..GuardSettings::default()
        }
    }

    #[test]
    fn the_page_policy_allows_scripts_only_with_the_nonce_and_from_this_site() {
        let policy = content_security_policy("abc123");
        let script = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(
            script,
            "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"
        );
        assert!(!policy.contains("unsafe-inline"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "default-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
        ] {
            assert!(policy.contains(directive), "{directive}");
        }
    }

    #[test]
    fn html_without_a_policy_gets_the_script_less_one_and_a_page_keeps_its_own() {
        let s = settings(None);
        let mut plain = HeaderMap::new();
        plain.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        add_headers(&s, &mut plain, false);
        assert_eq!(plain[header::CONTENT_SECURITY_POLICY], NO_SCRIPT_POLICY);

        let mut page = plain.clone();
        let own = HeaderValue::from_str(&content_security_policy("n1")).unwrap();
        page.insert(header::CONTENT_SECURITY_POLICY, own.clone());
        add_headers(&s, &mut page, false);
        assert_eq!(page[header::CONTENT_SECURITY_POLICY], own);

        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        add_headers(&s, &mut json, false);
        assert!(json.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert!(json.contains_key("permissions-policy"));
    }

    #[test]
    fn only_the_embed_may_be_framed_and_html_without_a_policy_never() {
        assert!(frameable("/embed/initiatives"));
        for path in [
            "/",
            "/initiatives",
            "/embed/initiatives/",
            "/embed",
            "/initiatives.csv",
        ] {
            assert!(!frameable(path), "{path}");
        }
        let s = settings(None);
        let mut page = HeaderMap::new();
        page.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        add_headers(&s, &mut page, false);
        assert_eq!(page[header::X_FRAME_OPTIONS], "DENY");
        let mut embed = HeaderMap::new();
        embed.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        add_headers(&s, &mut embed, true);
        assert!(embed.get(header::X_FRAME_OPTIONS).is_none());
        // Without its own policy, the embed's path still gets the one that refuses framing.
        assert_eq!(embed[header::CONTENT_SECURITY_POLICY], NO_SCRIPT_POLICY);
    }

    #[test]
    fn strict_transport_security_is_sent_only_for_an_https_origin() {
        let mut headers = HeaderMap::new();
        add_headers(&settings(None), &mut headers, false);
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        add_headers(&settings(Some("http://example.org")), &mut headers, false);
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        add_headers(
            &settings(Some("https://solidarity.example")),
            &mut headers,
            false,
        );
        assert_eq!(
            headers[header::STRICT_TRANSPORT_SECURITY],
            STRICT_TRANSPORT_SECURITY
        );
    }
}
