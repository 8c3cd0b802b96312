//! Protection without CAPTCHAs: refusing POSTs from other sites (leptos does no CSRF check),
//! per-client rate limits, and the settings behind the spam checks.

use crate::server::accounts::secrets::{Secret, TicketProblem};
use axum::http::{header, HeaderMap};
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
    /// Requests to the public API (`/api/v1/`).
    ApiRequest,
}

/// The settings of the spam and abuse checks: part of the server's [`Settings`], each from a
/// flag or its environment variable, checked when the server starts.
///
/// [`Settings`]: crate::server::settings::Settings
#[derive(Debug, Clone, clap::Args)]
pub struct GuardSettings {
    /// Seconds a person needs at least between seeing the form and sending it; quicker
    /// submissions are taken for a bot's (0 to 3600)
    #[arg(long, env = "ICC_MIN_FILL_SECONDS", value_name = "SECONDS", default_value_t = 3,
          value_parser = clap::value_parser!(i64).range(0..=3600))]
    pub min_fill_seconds: i64,
    /// Submissions stored per client per hour (at least 1)
    #[arg(long, env = "ICC_SUBMISSIONS_PER_HOUR", value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub submissions_per_hour: u32,
    /// Unknown manage links per client per 10 minutes (at least 1)
    #[arg(long, env = "ICC_MANAGE_MISSES", value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub manage_misses: u32,
    /// Failed moderator sign-ins per client per 15 minutes (at least 1)
    #[arg(long, env = "ICC_SIGN_IN_FAILURES", value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_failures: u32,
    /// Requests to the public API (`/api/v1/`) per client per minute; past it the API answers
    /// 429 with `Retry-After` (at least 1)
    #[arg(long, env = "ICC_API_REQUESTS_PER_MINUTE", value_name = "N", default_value_t = 300,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub api_requests_per_minute: u32,
    /// Behind a reverse proxy: the client's address is the first of `X-Forwarded-For`, and
    /// `X-Forwarded-Proto: https` means https (true/false, 1/0, yes/no, on/off)
    #[arg(long, env = "ICC_TRUST_PROXY", value_name = "BOOL", num_args = 0..=1,
          default_value = "false", default_missing_value = "true", action = clap::ArgAction::Set,
          hide_possible_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// The site's public origin, e.g. `https://solidarity.example`: posts must come from it,
    /// cookies get `Secure` when it is https. Unset: the request's `Host` is the site
    #[arg(long, env = "ICC_PUBLIC_ORIGIN", value_name = "ORIGIN", value_parser = parse_origin)]
    pub public_origin: Option<String>,
    /// Moderators must sign in with a second factor as well as their password (true/false,
    /// 1/0, yes/no, on/off)
    #[arg(long = "require-2fa", env = "ICC_REQUIRE_2FA", value_name = "BOOL", num_args = 0..=1,
          default_value = "false", default_missing_value = "true", action = clap::ArgAction::Set,
          hide_possible_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub require_2fa: bool,
    /// The key that signs the forms' tickets, at least 16 characters; needed when several
    /// instances serve one site. Unset: a random key per process (a restart then asks people
    /// with an open form to press Send again). Prefer the variable: flags show in `ps`
    #[arg(long, env = "ICC_SECRET", value_name = "TEXT", hide_env_values = true,
          value_parser = Secret::parse)]
    pub secret: Option<Secret>,
    /// Clients whose rate-limit counters are kept in memory at most; beyond it the least used
    /// counters are dropped (1000 to 10000000)
    #[arg(long, env = "ICC_MAX_TRACKED_CLIENTS", value_name = "N", default_value_t = 100_000,
          value_parser = clap::value_parser!(u32).range(1_000..=10_000_000))]
    pub max_tracked_clients: u32,
}

/// `http(s)://host[:port]`, without a path: what browsers send in `Origin`.
fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim().trim_end_matches('/');
    let Some((scheme, host)) = origin.split_once("://") else {
        return Err("must start with https:// or http://, e.g. https://solidarity.example".into());
    };
    if scheme != "https" && scheme != "http" {
        return Err(format!(
            "has the scheme {scheme}; only https and http are served"
        ));
    }
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(
            "must be only the scheme and host (and port), without a path, e.g. https://solidarity.example"
                .into(),
        );
    }
    Ok(origin.to_owned())
}

impl Default for GuardSettings {
    /// The documented defaults (the same as the flags' defaults), with no configured secret.
    fn default() -> Self {
        Self {
            min_fill_seconds: 3,
            submissions_per_hour: 30,
            manage_misses: 20,
            sign_in_failures: 10,
            api_requests_per_minute: 300,
            trust_proxy: false,
            public_origin: None,
            require_2fa: false,
            secret: None,
            max_tracked_clients: 100_000,
        }
    }
}

impl GuardSettings {
    /// The key tickets are signed with: the configured one, else this process's random one.
    pub fn ticket_key(&self) -> &Secret {
        self.secret
            .as_ref()
            .unwrap_or_else(|| Secret::per_process())
    }

    /// A ticket for a form shown now.
    pub fn ticket(&self) -> String {
        self.ticket_key().ticket()
    }

    /// Checks a form's ticket against the key and `min_fill_seconds`.
    ///
    /// # Errors
    /// When the ticket is forged, stale or too recent.
    pub fn check_ticket(&self, ticket: &str) -> Result<(), TicketProblem> {
        self.ticket_key()
            .check_ticket(ticket, self.min_fill_seconds)
    }

    /// A limit's budget: how many events per how long a window.
    pub fn budget(&self, limit: Limit) -> (u32, Duration) {
        match limit {
            Limit::Submission => (self.submissions_per_hour, Duration::from_secs(3600)),
            Limit::ManageMiss => (self.manage_misses, Duration::from_secs(600)),
            Limit::SignInFailure => (self.sign_in_failures, Duration::from_secs(900)),
            Limit::ApiRequest => (self.api_requests_per_minute, Duration::from_secs(60)),
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

/// One client's use of one budget: a fixed window and the events counted in it.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    count: u32,
}

#[derive(Default)]
struct Windows {
    counters: HashMap<(Limit, String), Window>,
}

/// Fixed-window counters per (limit, client), in memory, at most `max_tracked_clients` of them.
///
/// A flood from many addresses cannot grow them without bound: when a new client would go
/// beyond the cap, expired windows are dropped first, then the least used counters (fewest
/// events, then oldest) until a tenth of the room is free. A dropped counter starts again from
/// zero, which favours the client — but the counters dropped are those with the fewest events,
/// so a client that used up its budget is dropped only once every other counter has at least as
/// many events: resetting one budget by flooding costs the attacker `max_tracked_clients` times
/// that budget from other addresses. IPv6 clients are counted per /64 network (what one
/// subscriber usually gets), so one machine cannot become millions of clients.
#[derive(Clone)]
pub struct RateLimiter {
    windows: Arc<Mutex<Windows>>,
    max_clients: usize,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(GuardSettings::default().max_tracked_clients)
    }
}

/// The key a client is counted under: never its address, but a keyed hash of its network
/// (IPv6 addresses by their /64 network, IPv4-mapped ones as IPv4) and of the day (UTC), so
/// the counters hold nothing that names a person, the same client gets another key tomorrow,
/// and without the key (`ICC_SECRET`, shared by the instances so they count alike) a key
/// cannot be traced back by trying every address (issue 19). A window that spans midnight
/// starts again at midnight.
pub(crate) fn counted_as(settings: &GuardSettings, client: &str) -> String {
    let day = chrono::Utc::now().timestamp().div_euclid(86_400);
    settings.ticket_key().client_key(&network_of(client), day)
}

/// The network a client is counted by: IPv6 addresses by their /64 network (IPv4-mapped ones
/// as IPv4), anything else as it is.
fn network_of(client: &str) -> String {
    match client.parse::<std::net::Ipv6Addr>() {
        Ok(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => client.to_owned(),
    }
}

impl RateLimiter {
    /// Empty counters for at most `max_clients` (limit, client) pairs.
    pub fn new(max_clients: u32) -> Self {
        Self {
            windows: Arc::new(Mutex::new(Windows::default())),
            max_clients: max_clients.max(10) as usize,
        }
    }

    /// How many (limit, client) counters are kept now.
    pub fn len(&self) -> usize {
        self.lock().counters.len()
    }

    /// Whether no counter is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Windows> {
        match self.windows.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Counts one event; `false` when the client has used up its budget for this window.
    pub fn allow(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        self.admit(settings, limit, client).is_ok()
    }

    /// Counts one event, or tells how long until the client's budget for this window is
    /// renewed (what `Retry-After` says).
    ///
    /// # Errors
    /// The time to wait, when the client has used up its budget for this window.
    pub fn admit(
        &self,
        settings: &GuardSettings,
        limit: Limit,
        client: &str,
    ) -> Result<(), Duration> {
        let (max, window) = settings.budget(limit);
        let now = Instant::now();
        let key = (limit, counted_as(settings, client));
        let mut windows = self.lock();
        if windows.counters.len() >= self.max_clients && !windows.counters.contains_key(&key) {
            windows.make_room(settings, now, self.max_clients - self.max_clients / 10);
        }
        let entry = windows.counters.entry(key).or_insert(Window {
            start: now,
            count: 0,
        });
        if now.duration_since(entry.start) >= window {
            *entry = Window {
                start: now,
                count: 0,
            };
        }
        if entry.count >= max {
            return Err(window.saturating_sub(now.duration_since(entry.start)));
        }
        entry.count += 1;
        Ok(())
    }

    /// Whether the budget is used up, without counting.
    pub fn exhausted(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        let (max, window) = settings.budget(limit);
        self.lock()
            .counters
            .get(&(limit, counted_as(settings, client)))
            .is_some_and(|w| w.start.elapsed() < window && w.count >= max)
    }
}

impl Windows {
    /// Drops expired windows, then the least used ones, until at most `keep` are left.
    fn make_room(&mut self, settings: &GuardSettings, now: Instant, keep: usize) {
        self.counters
            .retain(|(limit, _), w| now.duration_since(w.start) < settings.budget(*limit).1);
        if self.counters.len() <= keep {
            return;
        }
        let excess = self.counters.len() - keep;
        let mut usage: Vec<(u32, Instant)> =
            self.counters.values().map(|w| (w.count, w.start)).collect();
        let (_, &mut threshold, _) = usage.select_nth_unstable(excess - 1);
        self.counters.retain(|_, w| (w.count, w.start) > threshold);
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

impl std::fmt::Display for WebOrigin {
    /// `scheme://host`, with `:port` when it is not the scheme's default.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let default = if self.scheme == "https" { 443 } else { 80 };
        write!(f, "{}://{}", self.scheme, self.host)?;
        if self.port != default {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
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
        if !is_host(host) {
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

/// Whether `host` is a host name (letters, digits, `-`, `_` and `.`, as DNS names and IPv4
/// addresses are written) or a bracketed IPv6 address — nothing that could break out of an
/// address written into HTML or XML.
pub fn is_host(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !v6.is_empty()
            && v6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
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

/// This site's origin for writing absolute addresses (sitemap, exports), or a 400 saying why
/// there is none.
///
/// # Errors
/// When no public origin is set and the request's `Host` is missing or not a host.
pub fn site_origin_or_refusal(
    settings: &GuardSettings,
    headers: &HeaderMap,
) -> Result<WebOrigin, axum::response::Response> {
    use axum::response::IntoResponse;
    site_origin(settings, headers).ok_or_else(|| {
        (
            axum::http::StatusCode::BAD_REQUEST,
            "The request names no valid host (the Host header), so no address can be written.",
        )
            .into_response()
    })
}

/// The site's origin (`https://host`) as the browser sees it.
pub fn origin_text(settings: &GuardSettings, headers: &HeaderMap) -> String {
    if let Some(origin) = &settings.public_origin {
        return origin.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if settings.https(headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
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
            ..GuardSettings::default()
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

    #[test]
    fn a_flood_from_a_million_addresses_stays_under_the_cap_and_keeps_used_up_budgets() {
        let s = settings();
        let r = RateLimiter::new(100_000);
        assert!(r.allow(&s, Limit::Submission, "203.0.113.9"));
        assert!(r.allow(&s, Limit::Submission, "203.0.113.9"));
        assert!(r.allow(&s, Limit::SignInFailure, "203.0.113.10"));
        let mut most = 0;
        for i in 0..1_000_000u32 {
            let [_, a, b, c] = i.to_be_bytes();
            r.allow(&s, Limit::ManageMiss, &format!("10.{a}.{b}.{c}"));
            most = most.max(r.lock().counters.len());
        }
        assert!(most <= 100_000, "{most} counters kept");
        assert!(r.len() > 50_000, "only {} counters left", r.len());
        // The client that used up its budget is still refused.
        assert!(r.exhausted(&s, Limit::Submission, "203.0.113.9"));
        assert!(!r.allow(&s, Limit::Submission, "203.0.113.9"));
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_network_and_mapped_ipv4_as_ipv4() {
        let s = settings();
        let r = RateLimiter::default();
        assert!(r.allow(&s, Limit::Submission, "2001:db8:1:2::1"));
        assert!(r.allow(&s, Limit::Submission, "2001:db8:1:2:ffff::9"));
        assert!(!r.allow(&s, Limit::Submission, "2001:db8:1:2:abcd::1"));
        assert!(r.allow(&s, Limit::Submission, "2001:db8:1:3::1"));
        assert!(r.allow(&s, Limit::Submission, "::ffff:192.0.2.1"));
        assert!(r.allow(&s, Limit::Submission, "192.0.2.1"));
        assert!(!r.allow(&s, Limit::Submission, "::ffff:192.0.2.1"));
        assert!(r.allow(&s, Limit::Submission, "192.0.2.2"));
    }

    #[test]
    fn a_client_is_counted_under_a_keyed_daily_hash_never_its_address() {
        let s = settings();
        let key = counted_as(&s, "203.0.113.9");
        assert!(!key.contains("203.0.113"), "{key}");
        assert_eq!(key.len(), 32);
        assert_eq!(
            key,
            counted_as(&s, "::ffff:203.0.113.9"),
            "the same network"
        );
        let secret = s.ticket_key();
        assert_ne!(
            secret.client_key("203.0.113.9", 20_000),
            secret.client_key("203.0.113.9", 20_001),
            "another day, another key"
        );
        let other = Secret::parse("another secret of sixteen chars").unwrap();
        assert_ne!(
            secret.client_key("203.0.113.9", 20_000),
            other.client_key("203.0.113.9", 20_000),
            "another key, another hash"
        );
    }
}
