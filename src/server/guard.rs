//! Protection without CAPTCHAs: refusing POSTs from other sites (leptos does no CSRF check),
//! per-client rate limits, and the settings behind the spam checks.

use axum::{
    extract::Request,
    http::{header, HeaderMap, Method},
    middleware::Next,
    response::Response,
};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What is limited, each with its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Submissions of new initiatives.
    Submission,
    /// Manage links that matched nothing (guessing).
    ManageMiss,
    /// Failed moderator sign-ins from one client.
    SignInFailure,
}

/// Tunable by environment variables, so tests and benchmarks can change them.
#[derive(Debug, Clone)]
pub struct GuardSettings {
    /// Seconds a person needs at least between seeing the form and sending it
    /// (`ICC_MIN_FILL_SECONDS`, default 3).
    pub min_fill_seconds: i64,
    /// Submissions per client per hour (`ICC_SUBMISSIONS_PER_HOUR`, default 30).
    pub submissions_per_hour: u32,
    /// Unknown manage links per client per 10 minutes (`ICC_MANAGE_MISSES`, default 20).
    pub manage_misses: u32,
    /// Failed sign-ins per client per 15 minutes (`ICC_SIGN_IN_FAILURES`, default 10).
    pub sign_in_failures: u32,
    /// Take the client's address from `X-Forwarded-For` (`ICC_TRUST_PROXY=1`, behind a proxy).
    pub trust_proxy: bool,
    /// The site's public origin, e.g. `https://solidarity.example` (`ICC_PUBLIC_ORIGIN`); when
    /// unset, the request's `Host` is the site.
    pub public_origin: Option<String>,
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

impl GuardSettings {
    pub fn from_env() -> Self {
        Self {
            min_fill_seconds: env_number("ICC_MIN_FILL_SECONDS", 3),
            submissions_per_hour: env_number("ICC_SUBMISSIONS_PER_HOUR", 30),
            manage_misses: env_number("ICC_MANAGE_MISSES", 20),
            sign_in_failures: env_number("ICC_SIGN_IN_FAILURES", 10),
            trust_proxy: std::env::var("ICC_TRUST_PROXY").is_ok_and(|v| v == "1"),
            public_origin: std::env::var("ICC_PUBLIC_ORIGIN")
                .ok()
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty()),
        }
    }

    fn budget(&self, limit: Limit) -> (u32, Duration) {
        match limit {
            Limit::Submission => (self.submissions_per_hour, Duration::from_secs(3600)),
            Limit::ManageMiss => (self.manage_misses, Duration::from_secs(600)),
            Limit::SignInFailure => (self.sign_in_failures, Duration::from_secs(900)),
        }
    }

    /// Whether the site is served over HTTPS (then cookies get `Secure`).
    pub fn https(&self, headers: &HeaderMap) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
            || (self.trust_proxy
                && headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.eq_ignore_ascii_case("https")))
    }

    /// Who is asking: the peer's address, or the first `X-Forwarded-For` address behind a
    /// trusted proxy.
    pub fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
        if self.trust_proxy {
            if let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                return first.chars().take(64).collect();
            }
        }
        peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
    }
}

/// Fixed-window counters per (limit, client), in memory.
#[derive(Clone, Default)]
pub struct RateLimiter {
    windows: Arc<Mutex<HashMap<(Limit, String), (Instant, u32)>>>,
}

impl RateLimiter {
    /// Counts one event; `false` when the client has used up its budget for this window.
    pub fn allow(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        let (max, window) = settings.budget(limit);
        let now = Instant::now();
        let mut windows = match self.windows.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows
            .entry((limit, client.to_owned()))
            .or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= max {
            return false;
        }
        entry.1 += 1;
        true
    }

    /// Whether the budget is used up, without counting.
    pub fn exhausted(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        let (max, window) = settings.budget(limit);
        let windows = match self.windows.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        windows
            .get(&(limit, client.to_owned()))
            .is_some_and(|(start, n)| start.elapsed() < window && *n >= max)
    }
}

/// A web origin: scheme, host and port, as compared by browsers. The port is always present
/// (the scheme's default when the text gives none), so `http://a` equals `http://a:80`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebOrigin {
    scheme: &'static str,
    host: String,
    port: u16,
}

impl WebOrigin {
    /// Reads `scheme://host[:port]`, ignoring any path, query or fragment after it (so a
    /// `Referer` reads as its origin). Only http and https; no user info (`a@b`), which would
    /// hide the real host.
    pub fn parse(url: &str) -> Option<Self> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            "https"
        } else if scheme.eq_ignore_ascii_case("http") {
            "http"
        } else {
            return None;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        Self::from_authority(scheme, authority)
    }

    /// The origin of a site reached as `authority` (a `Host` header: `host[:port]`) over
    /// `scheme`.
    pub fn from_authority(scheme: &'static str, authority: &str) -> Option<Self> {
        if authority.contains(['@', '\\', ' ']) || authority.is_empty() {
            return None;
        }
        // `[::1]:3000` keeps its brackets; the port is after the last colon outside them.
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => {
                let port = &authority[i + 1..];
                let port = if port.is_empty() {
                    None
                } else {
                    Some(port.parse::<u16>().ok()?)
                };
                (&authority[..i], port)
            }
            _ => (authority, None),
        };
        if host.is_empty() {
            return None;
        }
        let default = if scheme == "https" { 443 } else { 80 };
        Some(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port: port.unwrap_or(default),
        })
    }
}

/// This site's origin: `ICC_PUBLIC_ORIGIN` when set, else the request's `Host` with the scheme
/// the site is served with (https when the public origin says so or, behind a trusted proxy,
/// `X-Forwarded-Proto` does).
pub fn site_origin(settings: &GuardSettings, headers: &HeaderMap) -> Option<WebOrigin> {
    match &settings.public_origin {
        Some(origin) => WebOrigin::parse(origin),
        None => {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let scheme = if settings.https(headers) {
                "https"
            } else {
                "http"
            };
            WebOrigin::from_authority(scheme, host.trim())
        }
    }
}

/// Whether a state-changing request comes from a page of this site: its `Origin` (or, when a
/// browser sends none, its `Referer`) must have this site's scheme, host and port.
pub fn same_site(settings: &GuardSettings, headers: &HeaderMap) -> bool {
    let Some(expected) = site_origin(settings, headers) else {
        return false;
    };
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()));
    claimed
        .and_then(WebOrigin::parse)
        .is_some_and(|claimed| claimed == expected)
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
    if safe || same_site(&settings, request.headers()) {
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
    super::refusal::refuse(request.uri().path(), crate::api::AppError::CrossSite)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn settings() -> GuardSettings {
        GuardSettings {
            min_fill_seconds: 3,
            submissions_per_hour: 2,
            manage_misses: 2,
            sign_in_failures: 2,
            trust_proxy: false,
            public_origin: None,
        }
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_post_from_this_site_passes_and_one_from_elsewhere_does_not() {
        let s = settings();
        assert!(same_site(
            &s,
            &headers(&[
                (header::HOST, "127.0.0.1:3000"),
                (header::ORIGIN, "http://127.0.0.1:3000")
            ])
        ));
        assert!(!same_site(
            &s,
            &headers(&[
                (header::HOST, "127.0.0.1:3000"),
                (header::ORIGIN, "https://evil.example")
            ])
        ));
        assert!(same_site(
            &s,
            &headers(&[
                (header::HOST, "127.0.0.1:3000"),
                (header::REFERER, "http://127.0.0.1:3000/submit")
            ])
        ));
        assert!(!same_site(
            &s,
            &headers(&[(header::HOST, "127.0.0.1:3000")])
        ));
    }

    #[test]
    fn the_configured_public_origin_wins_over_the_host_header() {
        let s = GuardSettings {
            public_origin: Some("https://solidarity.example".into()),
            ..settings()
        };
        assert!(same_site(
            &s,
            &headers(&[
                (header::HOST, "10.0.0.5:3000"),
                (header::ORIGIN, "https://solidarity.example")
            ])
        ));
        assert!(!same_site(
            &s,
            &headers(&[
                (header::HOST, "10.0.0.5:3000"),
                (header::ORIGIN, "http://10.0.0.5:3000")
            ])
        ));
    }

    const HOST: header::HeaderName = header::HOST;
    const ORIGIN: header::HeaderName = header::ORIGIN;
    const REFERER: header::HeaderName = header::REFERER;

    fn forwarded_https() -> (header::HeaderName, &'static str) {
        (
            header::HeaderName::from_static("x-forwarded-proto"),
            "https",
        )
    }

    #[test]
    fn an_https_origin_is_refused_by_a_site_served_over_http() {
        let s = settings();
        assert!(!same_site(
            &s,
            &headers(&[(HOST, "127.0.0.1:3000"), (ORIGIN, "https://127.0.0.1:3000")])
        ));
        assert!(!same_site(
            &s,
            &headers(&[
                (HOST, "127.0.0.1:3000"),
                (REFERER, "https://127.0.0.1:3000/submit")
            ])
        ));
    }

    #[test]
    fn another_port_of_the_same_host_is_another_site() {
        let s = settings();
        assert!(!same_site(
            &s,
            &headers(&[(HOST, "127.0.0.1:3000"), (ORIGIN, "http://127.0.0.1:3001")])
        ));
        assert!(!same_site(
            &s,
            &headers(&[(HOST, "127.0.0.1:3000"), (ORIGIN, "http://127.0.0.1")])
        ));
    }

    #[test]
    fn default_ports_compare_equal_to_absent_ports() {
        let s = settings();
        assert!(same_site(
            &s,
            &headers(&[
                (HOST, "solidarity.example"),
                (ORIGIN, "http://solidarity.example:80")
            ])
        ));
        assert!(same_site(
            &s,
            &headers(&[
                (HOST, "solidarity.example:80"),
                (ORIGIN, "http://solidarity.example")
            ])
        ));
        let public = GuardSettings {
            public_origin: Some("https://solidarity.example".into()),
            ..settings()
        };
        assert!(same_site(
            &public,
            &headers(&[(ORIGIN, "https://solidarity.example:443")])
        ));
        assert!(!same_site(
            &public,
            &headers(&[(ORIGIN, "https://solidarity.example:80")])
        ));
    }

    #[test]
    fn hosts_compare_without_regard_to_case() {
        assert!(same_site(
            &settings(),
            &headers(&[
                (HOST, "Solidarity.Example"),
                (ORIGIN, "HTTP://solidarity.example")
            ])
        ));
    }

    #[test]
    fn behind_a_trusted_proxy_forwarded_https_makes_the_site_https() {
        let trusted = GuardSettings {
            trust_proxy: true,
            ..settings()
        };
        let https = headers(&[
            (HOST, "solidarity.example"),
            (ORIGIN, "https://solidarity.example"),
            forwarded_https(),
        ]);
        assert!(same_site(&trusted, &https));
        let http = headers(&[
            (HOST, "solidarity.example"),
            (ORIGIN, "http://solidarity.example"),
            forwarded_https(),
        ]);
        assert!(!same_site(&trusted, &http));
    }

    #[test]
    fn forwarded_https_from_an_untrusted_client_changes_nothing() {
        let h = headers(&[
            (HOST, "solidarity.example"),
            (ORIGIN, "https://solidarity.example"),
            forwarded_https(),
        ]);
        assert!(!same_site(&settings(), &h));
    }

    #[test]
    fn user_info_other_schemes_and_lookalike_hosts_are_refused() {
        let s = settings();
        for claimed in [
            "http://127.0.0.1:3000@evil.example",
            "http://evil.example@127.0.0.1:3000",
            "ftp://127.0.0.1:3000",
            "http://127.0.0.1:3000.evil.example",
            "http://127.0.0.1:3000x",
            "127.0.0.1:3000",
            "",
        ] {
            assert!(
                !same_site(&s, &headers(&[(HOST, "127.0.0.1:3000"), (ORIGIN, claimed)])),
                "{claimed}"
            );
        }
    }

    #[test]
    fn an_ipv6_host_keeps_its_port_apart_from_its_address() {
        let s = settings();
        assert!(same_site(
            &s,
            &headers(&[(HOST, "[::1]:3000"), (ORIGIN, "http://[::1]:3000")])
        ));
        assert!(!same_site(
            &s,
            &headers(&[(HOST, "[::1]:3000"), (ORIGIN, "http://[::1]")])
        ));
    }

    #[test]
    fn the_referer_counts_only_when_there_is_no_origin() {
        let s = settings();
        assert!(!same_site(
            &s,
            &headers(&[
                (HOST, "127.0.0.1:3000"),
                (ORIGIN, "http://evil.example"),
                (REFERER, "http://127.0.0.1:3000/submit")
            ])
        ));
        assert!(same_site(
            &s,
            &headers(&[
                (HOST, "127.0.0.1:3000"),
                (ORIGIN, "null"),
                (REFERER, "http://127.0.0.1:3000/submit?x=1")
            ])
        ));
    }

    #[test]
    fn a_client_gets_its_budget_and_then_no_more() {
        let s = settings();
        let r = RateLimiter::default();
        assert!(r.allow(&s, Limit::Submission, "a"));
        assert!(r.allow(&s, Limit::Submission, "a"));
        assert!(!r.allow(&s, Limit::Submission, "a"));
        assert!(r.exhausted(&s, Limit::Submission, "a"));
        assert!(r.allow(&s, Limit::Submission, "b"));
        assert!(r.allow(&s, Limit::ManageMiss, "a"));
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let h = headers(&[(
            header::HeaderName::from_static("x-forwarded-for"),
            "203.0.113.7, 10.0.0.1",
        )]);
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(settings().client(&h, Some(peer)), "127.0.0.1");
        let trusted = GuardSettings {
            trust_proxy: true,
            ..settings()
        };
        assert_eq!(trusted.client(&h, Some(peer)), "203.0.113.7");
    }
}
