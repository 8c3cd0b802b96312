//! The server's settings, read once when a command starts — each from a flag or its environment
//! variable (clap) — into one typed value, and checked there: a bad value stops the start with
//! a message naming the variable, instead of being replaced by a default unnoticed.

use crate::server::accounts::guard::GuardSettings;
use crate::server::mail::MailSettings;
use crate::server::privacy::retention::RetentionSettings;
use std::time::Duration;

/// The embedded database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/icc-initiatives.db";

/// Where the data lives: every command needs it.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseSettings {
    /// The database: a SQLite file (created with its folder when missing), e.g.
    /// sqlite://data/icc.db, or a PostgreSQL server, e.g. postgres://user@host/db
    #[arg(long = "database-url", env = "DATABASE_URL", value_name = "URL",
          default_value = DEFAULT_DATABASE_URL, value_parser = parse_database_url)]
    pub url: String,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: DEFAULT_DATABASE_URL.to_owned(),
        }
    }
}

fn parse_database_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|k| url.starts_with(k)) && url.len() > "sqlite:".len() {
        Ok(url.to_owned())
    } else {
        Err("must be sqlite://PATH or postgres://USER@HOST/DATABASE".into())
    }
}

/// Everything `serve` is configured with.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Settings {
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub guard: GuardSettings,
    #[command(flatten)]
    pub mail: MailSettings,
    #[command(flatten)]
    pub connections: ConnectionSettings,
    #[command(flatten)]
    pub retention: RetentionSettings,
    #[command(flatten)]
    pub confirm: ConfirmSettings,
}

/// How often a city confirms each initiative, and the grace after which it reads
/// "Not confirmed since …" (issue 23; `domain::ConfirmRule`).
#[derive(Debug, Clone, clap::Args)]
pub struct ConfirmSettings {
    /// Days after which an initiative's confirmation by its city falls due and a reminder is
    /// sent (1 to 3650)
    #[arg(long, env = "ICC_CONFIRM_EVERY_DAYS", value_name = "DAYS",
          default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub confirm_every_days: u32,
    /// Days a due confirmation may wait before the initiative is shown as not confirmed
    /// (0 to 3650)
    #[arg(long, env = "ICC_CONFIRM_GRACE_DAYS", value_name = "DAYS",
          default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub confirm_grace_days: u32,
}

impl Default for ConfirmSettings {
    /// The documented defaults: a year, two months of grace.
    fn default() -> Self {
        let rule = crate::domain::ConfirmRule::default();
        Self {
            confirm_every_days: rule.every_days,
            confirm_grace_days: rule.grace_days,
        }
    }
}

impl ConfirmSettings {
    /// The rule every output and the reminders share.
    pub fn rule(&self) -> crate::domain::ConfirmRule {
        crate::domain::ConfirmRule {
            every_days: self.confirm_every_days,
            grace_days: self.confirm_grace_days,
        }
    }
}

/// How long a client may take to send a request, and how many connections are served at once:
/// the server's own protection against slow clients, with or without a proxy in front
/// (`web::serve`, docs/security.md "Slow clients").
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionSettings {
    /// Seconds a client has to send a request's head (request line and headers) once its
    /// connection is accepted or its previous answer is sent; an idle keep-alive connection is
    /// closed after as long (1 to 3600)
    #[arg(long, env = "ICC_HEADER_TIMEOUT_SECONDS", value_name = "SECONDS",
          default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_seconds: u64,
    /// Seconds a client has to send a request's whole body once its head has arrived; later,
    /// the answer is 408 (1 to 3600)
    #[arg(long, env = "ICC_BODY_TIMEOUT_SECONDS", value_name = "SECONDS",
          default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout_seconds: u64,
    /// Seconds from a request's head to the start of its answer (body included); later, the
    /// answer is 503. An answer that has begun (a long download) is not cut (1 to 86400)
    #[arg(long, env = "ICC_REQUEST_TIMEOUT_SECONDS", value_name = "SECONDS",
          default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub request_timeout_seconds: u64,
    /// Connections served at once; more wait in the system's queue of the listening socket
    /// until one closes (1 to 1000000)
    #[arg(long, env = "ICC_MAX_CONNECTIONS", value_name = "N", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
}

impl Default for ConnectionSettings {
    /// The documented defaults (the same as the flags' defaults).
    fn default() -> Self {
        Self {
            header_timeout_seconds: 10,
            body_timeout_seconds: 30,
            request_timeout_seconds: 60,
            max_connections: 512,
        }
    }
}

/// How long a client may take and how many connections are served at once; in production from
/// `settings::ConnectionSettings` (whole seconds), in tests as short as they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// For the request's head, from the connection's start or its previous answer; also how
    /// long an idle keep-alive connection stays open.
    pub header_timeout: Duration,
    /// For the whole body, from the head.
    pub body_timeout: Duration,
    /// From the head to the start of the answer.
    pub request_timeout: Duration,
    /// Connections served at once (at least 1).
    pub max_connections: usize,
}

impl Default for Limits {
    /// The documented defaults: 10 s, 30 s, 60 s, 512 connections.
    fn default() -> Self {
        ConnectionSettings::default().limits()
    }
}

impl ConnectionSettings {
    /// The limits `web::serve` applies.
    pub fn limits(&self) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(self.header_timeout_seconds),
            body_timeout: Duration::from_secs(self.body_timeout_seconds),
            request_timeout: Duration::from_secs(self.request_timeout_seconds),
            max_connections: self.max_connections as usize,
        }
    }
}

impl Settings {
    /// The documented defaults: what tests start from.
    pub fn for_tests() -> Self {
        Self::default()
    }
}

/// A refused setting explained for people. clap names the flag; when the value came from the
/// environment (the flag is not among `args`), the message names the variable instead, which is
/// how servers are usually configured. Values of hidden settings (the secret) are not shown.
pub fn explain(error: &clap::Error, command: &clap::Command, args: &[String]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = error.render().to_string();
    if !matches!(
        error.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return text;
    }
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return text;
    };
    let long = arg
        .trim_start_matches("--")
        .split([' ', '='])
        .next()
        .unwrap_or_default();
    let Some(found) = arg_named(command, long) else {
        return text;
    };
    let mut text = text;
    if found.is_hide_env_values_set() {
        if let Some(ContextValue::String(value)) = error.get(ContextKind::InvalidValue) {
            text = text.replace(&format!("'{value}'"), "(hidden)");
        }
    }
    let flag = format!("--{long}");
    let from_flag = args
        .iter()
        .any(|a| *a == flag || a.starts_with(&format!("{flag}=")));
    match found.get_env() {
        Some(variable) if !from_flag => {
            let quoted = format!("'{arg}'");
            let named = format!(
                "the environment variable {} ({arg})",
                variable.to_string_lossy()
            );
            text.replacen(&quoted, &named, 1)
        }
        _ => text,
    }
}

/// The argument `--long`, in this command or its subcommands.
fn arg_named<'c>(command: &'c clap::Command, long: &str) -> Option<&'c clap::Arg> {
    command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))
        .or_else(|| {
            command
                .get_subcommands()
                .find_map(|sub| arg_named(sub, long))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        settings: Settings,
    }

    /// Every variable this module reads, cleared so that the machine's own do not leak in.
    const VARIABLES: [&str; 23] = [
        "DATABASE_URL",
        "ICC_MIN_FILL_SECONDS",
        "ICC_SUBMISSIONS_PER_HOUR",
        "ICC_MANAGE_MISSES",
        "ICC_SIGN_IN_FAILURES",
        "ICC_TRUST_PROXY",
        "ICC_PUBLIC_ORIGIN",
        "ICC_REQUIRE_2FA",
        "ICC_SECRET",
        "ICC_MAX_TRACKED_CLIENTS",
        "ICC_SMTP_URL",
        "ICC_MAIL_FROM",
        "ICC_HEADER_TIMEOUT_SECONDS",
        "ICC_BODY_TIMEOUT_SECONDS",
        "ICC_REQUEST_TIMEOUT_SECONDS",
        "ICC_MAX_CONNECTIONS",
        "ICC_KEEP_SUBMITTER_MONTHS",
        "ICC_RETENTION_NOTICE_DAYS",
        "ICC_KEEP_REJECTED_DAYS",
        "ICC_KEEP_CHANGES_REQUESTED_MONTHS",
        "ICC_KEEP_SENT_MAIL_DAYS",
        "ICC_CONFIRM_EVERY_DAYS",
        "ICC_CONFIRM_GRACE_DAYS",
    ];

    /// Parses with exactly these variables set (no other test reads them).
    fn parse_with(vars: &[(&str, &str)], flags: &[&str]) -> Result<Settings, String> {
        for v in VARIABLES {
            std::env::remove_var(v);
        }
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
        let args = std::iter::once("icc").chain(flags.iter().copied());
        let parsed = Probe::try_parse_from(args)
            .map(|p| p.settings)
            .map_err(|e| {
                let args: Vec<String> = flags.iter().map(|f| (*f).to_owned()).collect();
                explain(&e, &Probe::command(), &args)
            });
        for (k, _) in vars {
            std::env::remove_var(k);
        }
        parsed
    }

    // One test: the process environment is shared by the threads that run tests.
    #[test]
    fn settings_come_from_variables_and_flags_and_bad_ones_are_refused_naming_the_variable() {
        let defaults = parse_with(&[], &[]).unwrap();
        let documented = Settings::for_tests();
        assert_eq!(defaults.database.url, documented.database.url);
        assert_eq!(
            format!("{:?}", defaults.guard),
            format!("{:?}", documented.guard)
        );
        assert!(defaults.mail.smtp_url.is_none() && defaults.mail.mail_from.is_none());
        assert_eq!(
            format!("{:?}", defaults.connections),
            format!("{:?}", documented.connections)
        );
        assert_eq!(
            defaults.retention.periods().unwrap(),
            crate::domain::RetentionPeriods::default()
        );
        assert_eq!(
            defaults.confirm.rule(),
            crate::domain::ConfirmRule::default()
        );
        let confirm = parse_with(
            &[("ICC_CONFIRM_EVERY_DAYS", "180")],
            &["--confirm-grace-days", "14"],
        )
        .unwrap()
        .confirm
        .rule();
        assert_eq!((confirm.every_days, confirm.grace_days), (180, 14));
        let kept = parse_with(
            &[
                ("ICC_KEEP_SUBMITTER_MONTHS", "36"),
                ("ICC_KEEP_SENT_MAIL_DAYS", "7"),
            ],
            &["--keep-rejected-days", "30"],
        )
        .unwrap()
        .retention
        .periods()
        .unwrap();
        assert_eq!(
            (
                kept.identity_months,
                kept.sent_mail_days,
                kept.rejected_days
            ),
            (36, 7, 30)
        );

        let s = parse_with(
            &[
                ("DATABASE_URL", "postgres://app@db/icc"),
                ("ICC_SUBMISSIONS_PER_HOUR", "5"),
                ("ICC_TRUST_PROXY", "1"),
                ("ICC_PUBLIC_ORIGIN", "https://solidarity.example/"),
                ("ICC_SECRET", "a long enough secret text"),
                ("ICC_SMTP_URL", "smtps://icc:pass@smtp.solidarity.example"),
                ("ICC_MAIL_FROM", "ICC <noreply@solidarity.example>"),
                ("ICC_HEADER_TIMEOUT_SECONDS", "5"),
                ("ICC_BODY_TIMEOUT_SECONDS", "20"),
                ("ICC_MAX_CONNECTIONS", "64"),
            ],
            &[
                "--manage-misses",
                "7",
                "--require-2fa",
                "--request-timeout-seconds",
                "120",
            ],
        )
        .unwrap();
        let limits = s.connections.limits();
        assert_eq!(limits.header_timeout, Duration::from_secs(5));
        assert_eq!(limits.body_timeout, Duration::from_secs(20));
        assert_eq!(limits.request_timeout, Duration::from_secs(120));
        assert_eq!(limits.max_connections, 64);
        assert_eq!(s.database.url, "postgres://app@db/icc");
        assert_eq!(s.guard.submissions_per_hour, 5);
        assert_eq!(s.guard.manage_misses, 7);
        assert!(s.guard.trust_proxy);
        assert!(s.guard.require_2fa);
        assert_eq!(
            s.guard.public_origin.as_deref(),
            Some("https://solidarity.example")
        );
        assert!(s.guard.secret.is_some());
        assert!(s.mail.smtp_url.is_some());
        assert_eq!(
            s.mail
                .mail_from
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("ICC <noreply@solidarity.example>")
        );

        let flag_wins = parse_with(
            &[("ICC_SUBMISSIONS_PER_HOUR", "5")],
            &["--submissions-per-hour", "9"],
        )
        .unwrap();
        assert_eq!(flag_wins.guard.submissions_per_hour, 9);
        let bad_flag = parse_with(&[], &["--submissions-per-hour", "x"]).unwrap_err();
        assert!(bad_flag.contains("--submissions-per-hour"), "{bad_flag}");
        assert!(!bad_flag.contains("environment variable"), "{bad_flag}");

        for (variable, value) in [
            ("ICC_SUBMISSIONS_PER_HOUR", "abc"),
            ("ICC_SUBMISSIONS_PER_HOUR", "0"),
            ("ICC_MIN_FILL_SECONDS", "-1"),
            ("ICC_MANAGE_MISSES", "1e3"),
            ("ICC_SIGN_IN_FAILURES", ""),
            ("ICC_TRUST_PROXY", "maybe"),
            ("ICC_REQUIRE_2FA", "2"),
            ("ICC_PUBLIC_ORIGIN", "solidarity.example"),
            ("ICC_PUBLIC_ORIGIN", "https://solidarity.example/path"),
            ("ICC_SECRET", "too short"),
            ("ICC_MAX_TRACKED_CLIENTS", "10"),
            ("DATABASE_URL", "mysql://db/icc"),
            ("ICC_SMTP_URL", "smtp.solidarity.example"),
            ("ICC_SMTP_URL", "smtp://icc:pass@smtp.solidarity.example"),
            ("ICC_MAIL_FROM", "no address"),
            ("ICC_HEADER_TIMEOUT_SECONDS", "0"),
            ("ICC_HEADER_TIMEOUT_SECONDS", "ten"),
            ("ICC_BODY_TIMEOUT_SECONDS", "3601"),
            ("ICC_REQUEST_TIMEOUT_SECONDS", "-5"),
            ("ICC_MAX_CONNECTIONS", "0"),
            ("ICC_MAX_CONNECTIONS", "1.5"),
            ("ICC_KEEP_SUBMITTER_MONTHS", "0"),
            ("ICC_RETENTION_NOTICE_DAYS", "a month"),
            ("ICC_KEEP_REJECTED_DAYS", "-1"),
            ("ICC_KEEP_CHANGES_REQUESTED_MONTHS", "121"),
            ("ICC_KEEP_SENT_MAIL_DAYS", ""),
            ("ICC_CONFIRM_EVERY_DAYS", "0"),
            ("ICC_CONFIRM_EVERY_DAYS", "a year"),
            ("ICC_CONFIRM_GRACE_DAYS", "-1"),
        ] {
            let message = parse_with(&[(variable, value)], &[]).unwrap_err();
            assert!(message.contains(variable), "{variable}={value}: {message}");
        }
        let message = parse_with(&[("ICC_SECRET", "too short")], &[]).unwrap_err();
        assert!(message.contains("at least 16"), "{message}");
        assert!(
            !message.contains("too short"),
            "the secret is shown: {message}"
        );
        let message =
            parse_with(&[("ICC_SMTP_URL", "smtp://icc:hunter2@smtp.example")], &[]).unwrap_err();
        assert!(message.contains("unencrypted"), "{message}");
        assert!(
            !message.contains("hunter2"),
            "the mail password is shown: {message}"
        );
    }
}
