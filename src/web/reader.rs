//! What a request asks of a page — its interface language and its content encoding — read once,
//! at the door, and used by everything after it.
//!
//! The page cache's key, the renderer, the compression layers and the refusal pages all depend
//! on these two answers. When each read the headers its own way (the cache the first `Cookie`
//! header and an exact `lang=` prefix, the renderer every cookie; the cache the first
//! `Accept-Encoding`, the compressor all of them), one crafted request could make them disagree
//! and plant its page in the cache for everyone (issue 15). So [`read_request`] decides both
//! once: the language goes into the request's extensions as a [`ReaderLanguage`] (the pages read
//! it from there, through leptos's request parts), and `Accept-Encoding` is replaced by the one
//! coding chosen, so every later layer sees a single unambiguous value.

use crate::domain::ReaderLanguage;
use crate::server::accounts::guard::{site_origin, GuardSettings};
use crate::wire::SiteOrigin;
use axum::extract::State;
use axum::{
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use std::sync::Arc;

/// The content coding a response may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The coding for a request: brotli if accepted (`br`, or `*`, not with `q=0`), else gzip,
    /// else none; every `Accept-Encoding` header counts.
    pub fn accepted(headers: &HeaderMap) -> Self {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
        {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .filter(|q| q.is_finite())
                .unwrap_or(0.0);
            // The first statement about a coding holds: a later one cannot turn a refusal round.
            let slot = match coding.as_str() {
                "br" => &mut brotli,
                "gzip" | "x-gzip" => &mut gzip,
                "*" => &mut any,
                _ => continue,
            };
            slot.get_or_insert(q > 0.0);
        }
        let accepts = |named: Option<bool>| named.or(any).unwrap_or(false);
        if accepts(brotli) {
            Self::Brotli
        } else if accepts(gzip) {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Accept-Encoding` value naming just this coding.
    pub fn as_header(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
            Self::Identity => "identity",
        }
    }
}

/// The interface language of a request, as decided by [`read_request`] (or, for a request
/// that did not pass through it, decided the same way now).
pub fn language(uri: &axum::http::Uri, headers: &HeaderMap) -> ReaderLanguage {
    ReaderLanguage::of_request(
        uri.query(),
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
        headers
            .get_all(header::ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    )
}

/// The language kept in a request's extensions, or decided from its address and headers.
pub fn language_of(parts: &axum::http::request::Parts) -> ReaderLanguage {
    parts
        .extensions
        .get::<ReaderLanguage>()
        .copied()
        .unwrap_or_else(|| language(&parts.uri, &parts.headers))
}

/// A redirect to a page of this site answering a request whose address named its language
/// (`?lang=uk`: a form posted from a page in that language) goes to that page in the same
/// language, unless it names one itself (the language switcher's does).
fn keep_language_in_redirect(response: &mut Response, language: crate::domain::UiLanguage) {
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    let local = crate::domain::LocalPath::parse(location).is_some();
    let names_one = location
        .split('#')
        .next()
        .and_then(|l| l.split_once('?'))
        .is_some_and(|(_, q)| crate::domain::UiLanguage::in_query(q).is_some());
    if local && !names_one {
        let kept = crate::domain::with_language(location, Some(language));
        if let Ok(value) = HeaderValue::from_str(&kept) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
}

/// Middleware, outside the page cache: decides the request's language, encoding and the site's
/// origin for it once.
pub async fn read_request(
    State(guard): State<Arc<GuardSettings>>,
    mut request: Request,
    next: Next,
) -> Response {
    let language = language(request.uri(), request.headers());
    let encoding = Encoding::accepted(request.headers());
    let origin = site_origin(&guard, request.headers()).map(|o| o.to_string());
    request.extensions_mut().insert(language);
    request.extensions_mut().insert(encoding);
    request.extensions_mut().insert(SiteOrigin(origin));
    request.headers_mut().insert(
        header::ACCEPT_ENCODING,
        HeaderValue::from_static(encoding.as_header()),
    );
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    if language.from_address() && response.status().is_redirection() {
        keep_language_in_redirect(&mut response, language.language);
    }
    // Only the answers to posts (the language switcher, signing in and out) set cookies: a GET
    // that set one could be kept by a cache and plant it in every reader's browser.
    if reads && response.headers().contains_key(header::SET_COOKIE) {
        tracing::error!("a GET answer tried to set a cookie; the cookie was dropped");
        response.headers_mut().remove(header::SET_COOKIE);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(values: &[&str]) -> Encoding {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        }
        Encoding::accepted(&h)
    }

    #[test]
    fn brotli_is_chosen_when_accepted_then_gzip_then_nothing() {
        assert_eq!(accepting(&["gzip, deflate, br, zstd"]), Encoding::Brotli);
        assert_eq!(accepting(&["br;q=0.5, gzip"]), Encoding::Brotli);
        assert_eq!(accepting(&["BR"]), Encoding::Brotli);
        assert_eq!(accepting(&["gzip, deflate"]), Encoding::Gzip);
        assert_eq!(accepting(&["br;q=0, gzip"]), Encoding::Gzip);
        assert_eq!(accepting(&["brotli"]), Encoding::Identity);
        assert_eq!(accepting(&[]), Encoding::Identity);
        assert_eq!(accepting(&["identity"]), Encoding::Identity);
        assert_eq!(accepting(&["*"]), Encoding::Brotli);
        assert_eq!(accepting(&["br;q=0, *"]), Encoding::Gzip);
        assert_eq!(accepting(&["br;q=x"]), Encoding::Identity);
    }

    #[test]
    fn every_accept_encoding_header_counts_and_a_refusal_is_not_taken_back() {
        assert_eq!(accepting(&["identity", "br"]), Encoding::Brotli);
        assert_eq!(accepting(&["br;q=0", "br"]), Encoding::Identity);
        assert_eq!(accepting(&["gzip;q=0", "gzip, br;q=0"]), Encoding::Identity);
    }
}
