//! Protection without CAPTCHAs: refusing POSTs from other sites (leptos does no CSRF check),
//! per-client rate limits, and the settings behind the spam checks.

use axum::{
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Response},
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
    /// Every moderator must have a second factor (`ICC_REQUIRE_2FA=1`): one without it can
    /// reach only their account page, to turn it on.
    pub require_2fa: bool,
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
            require_2fa: std::env::var("ICC_REQUIRE_2FA").is_ok_and(|v| v.trim() == "1"),
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

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or_default())
}

/// Whether a state-changing request comes from a page of this site: its `Origin` (or, when a
/// browser sends none, its `Referer`) must name this site.
pub fn same_site(settings: &GuardSettings, headers: &HeaderMap) -> bool {
    let expected: Option<String> = match &settings.public_origin {
        Some(origin) => host_of(origin).map(str::to_owned),
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned),
    };
    let Some(expected) = expected else {
        return false;
    };
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()));
    claimed
        .and_then(host_of)
        .is_some_and(|host| host.eq_ignore_ascii_case(&expected))
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
    (
        StatusCode::FORBIDDEN,
        Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused</title></head>\
             <body><main><h1>Refused</h1><p>This form was sent from another site, or without \
             saying where from, so it was not accepted. Please go back to the page on this site \
             and send it again.</p></main></body></html>",
        ),
    )
        .into_response()
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
            require_2fa: false,
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
