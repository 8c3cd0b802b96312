//! E-mail: the settings (`ICC_SMTP_URL`, `ICC_MAIL_FROM`), the sender over SMTP (lettre, with
//! rustls), and the background worker that sends what the services queued
//! (`mail::queue`). Without `ICC_SMTP_URL` mail is off: nothing is queued or sent.
//!
//! Why a worker and a queue rather than sending from the request: a slow or broken mail
//! server must never delay or fail a submission or a moderator's decision. The request only
//! writes the message into the database (in the same transaction as its change) and wakes the
//! worker; the worker sends it moments later, or tries again later with a growing delay.
//!
//! Server only: none of this is compiled into the browser's bundle.

pub mod queue;
pub mod text;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use queue::Notices;
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};

/// How long the worker waits for the mail server at each step before the try counts as failed.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often the worker looks for due messages (and whether a digest is due) without being
/// woken.
pub const POLL: Duration = Duration::from_secs(30);
/// Messages sent in one pass at most, before the worker looks again.
const PASS_LIMIT: usize = 50;

/// The mail server's address, checked when the server starts. Its `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpUrl(hidden)")
    }
}

impl SmtpUrl {
    /// `smtps://[user:password@]host[:port]` (TLS from the start, port 465 by default),
    /// `smtp://[user:password@]host[:port]?tls=required` (STARTTLS, 587) or
    /// `smtp://host[:port]` (no encryption, 25: a relay on the same machine or network; a
    /// password is refused there unless the host is this machine).
    ///
    /// # Errors
    /// When lettre cannot read it, or it would send a password unencrypted over the network.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if AsyncSmtpTransport::<Tokio1Executor>::from_url(text).is_err() {
            return Err("must be smtps://USER:PASSWORD@HOST[:PORT], \
                 smtp://USER:PASSWORD@HOST[:PORT]?tls=required (STARTTLS) or smtp://HOST[:PORT] \
                 (no encryption); special characters in the password percent-encoded"
                .into());
        }
        let (scheme, rest) = text.split_once("://").unwrap_or_default();
        // As lettre reads it: the first `tls` parameter.
        let tls = rest
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default()
            .split('&')
            .find_map(|pair| pair.strip_prefix("tls="));
        let encrypted = scheme == "smtps" || tls == Some("required");
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if let Some((userinfo, host)) = authority.rsplit_once('@') {
            let host = match host.rsplit_once(':') {
                Some((h, _)) if !host.ends_with(']') => h,
                _ => host,
            };
            let local = ["localhost", "127.0.0.1", "[::1]"].contains(&host);
            if userinfo.contains(':') && !encrypted && !local {
                return Err(
                    "would send the password unencrypted: use smtps:// or add ?tls=required".into(),
                );
            }
        }
        Ok(Self(text.to_owned()))
    }
}

fn parse_mailbox(text: &str) -> Result<Mailbox, String> {
    text.trim().parse::<Mailbox>().map_err(|_| {
        "must be an e-mail address, or a name and one: Name <address@example.org>".into()
    })
}

/// The mail settings of `serve`: part of the server's [`Settings`].
///
/// [`Settings`]: crate::server::settings::Settings
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MailSettings {
    /// The mail server the site sends its e-mails through: smtps://USER:PASSWORD@HOST (TLS,
    /// port 465), smtp://USER:PASSWORD@HOST?tls=required (STARTTLS, port 587) or
    /// smtp://HOST:PORT (a relay without encryption). Unset: no e-mail is sent. Needs
    /// ICC_MAIL_FROM and ICC_PUBLIC_ORIGIN. Prefer the variable: flags show in `ps`
    #[arg(long, env = "ICC_SMTP_URL", value_name = "URL", hide_env_values = true,
          value_parser = SmtpUrl::parse)]
    pub smtp_url: Option<SmtpUrl>,
    /// Who the site's e-mails come from, e.g. "ICC Solidarity Initiatives
    /// <noreply@solidarity.example>"
    #[arg(long, env = "ICC_MAIL_FROM", value_name = "ADDRESS", value_parser = parse_mailbox)]
    pub mail_from: Option<Mailbox>,
}

impl MailSettings {
    /// The sender these settings describe, `None` when mail is off. `site` is the public
    /// origin (`ICC_PUBLIC_ORIGIN`) the messages link to.
    ///
    /// # Errors
    /// When `ICC_SMTP_URL` is set without `ICC_MAIL_FROM` or without `ICC_PUBLIC_ORIGIN`: links
    /// in e-mails must not be made from whatever `Host` a request names.
    pub fn mailer(&self, site: Option<&str>) -> Result<Option<Mailer>, String> {
        let Some(url) = &self.smtp_url else {
            return Ok(None);
        };
        let from = self.mail_from.clone().ok_or(
            "ICC_SMTP_URL is set but ICC_MAIL_FROM is not: say who the site's e-mails come \
             from, e.g. ICC_MAIL_FROM='ICC Solidarity Initiatives <noreply@solidarity.example>'",
        )?;
        let site = site.ok_or(
            "ICC_SMTP_URL is set but ICC_PUBLIC_ORIGIN is not: e-mails link to the site, and \
             their links must name its public address, not whatever Host a request names",
        )?;
        Mailer::new(url, from, site).map(Some)
    }
}

/// Sends one message at a time over SMTP.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

/// Why a message could not be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The mail server could not be reached or refused it: worth another try later.
    Transient(String),
    /// The message itself cannot be made (a stored recipient that is no address): no try
    /// will ever work.
    Permanent(String),
}

impl Mailer {
    /// # Errors
    /// When the URL cannot be turned into a transport (it was checked when read).
    pub fn new(url: &SmtpUrl, from: Mailbox, site: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)
            .map_err(|e| format!("ICC_SMTP_URL cannot be used: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self {
            transport,
            from,
            site: site.trim_end_matches('/').to_owned(),
        })
    }

    /// The site's public origin, which the messages link to.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// The sender, as the moderators' mail page shows it.
    pub fn from_address(&self) -> String {
        self.from.to_string()
    }

    /// Sends one plain-text message.
    ///
    /// # Errors
    /// `Permanent` when the message cannot be made, `Transient` when the mail server fails.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| SendError::Permanent(format!("the recipient is not an address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            // RFC 3834: an automatic message, so auto-replies are not sent back.
            .raw_header(lettre::message::header::HeaderValue::new(
                lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .singlepart(SinglePart::plain(body.to_owned()))
            .map_err(|e| SendError::Permanent(format!("the message cannot be made: {e}")))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError::Transient(e.to_string()))
    }
}

/// What requests need of the mail: whether it is on, the site's address for the messages'
/// links, and a way to wake the worker once a message is queued. Part of `AppState`.
#[derive(Clone, Default)]
pub enum Outbox {
    /// No mail server configured: nothing is queued.
    #[default]
    Off,
    On {
        site: Arc<str>,
        from: Arc<str>,
        wake: Arc<Notify>,
    },
}

impl Outbox {
    /// An outbox for `mailer` that wakes `wake` (the worker's).
    pub fn new(mailer: &Mailer, wake: Arc<Notify>) -> Self {
        Self::On {
            site: mailer.site().into(),
            from: mailer.from_address().into(),
            wake,
        }
    }

    /// What the services are told: queue messages linking to the site, or nothing.
    pub fn notices(&self) -> Notices<'_> {
        match self {
            Self::Off => Notices::Off,
            Self::On { site, .. } => Notices::On { site },
        }
    }

    /// The sender's address; `None` when mail is off.
    pub fn from_address(&self) -> Option<&str> {
        match self {
            Self::Off => None,
            Self::On { from, .. } => Some(from),
        }
    }

    /// Tells the worker a message is waiting, so it sends it now rather than at its next look.
    pub fn wake(&self) {
        if let Self::On { wake, .. } = self {
            wake.notify_one();
        }
    }
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Digest messages queued (one per moderator).
    pub digests: usize,
    pub sent: usize,
    pub failed: usize,
}

/// One pass: queues the moderators' digest when it is due and sends every message due (at most
/// `PASS_LIMIT`). Old history is deleted by the retention job (`privacy::retention`). `now` is the pass's start; the time each message is
/// claimed and marked follows the clock from there (tests pass a time of their choosing).
///
/// # Errors
/// When the database fails (a message in flight stays claimed and is tried again once its
/// claim runs out).
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Delivery, DbErr> {
    let started = Instant::now();
    let at = || now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    let mut delivery = Delivery {
        digests: queue::queue_digest_if_due(db, mailer.site(), at()).await?,
        ..Delivery::default()
    };
    while delivery.sent + delivery.failed < PASS_LIMIT {
        let Some(due) = queue::claim_next(db, at()).await? else {
            break;
        };
        match mailer.send(&due.recipient, &due.subject, &due.body).await {
            Ok(()) => {
                queue::mark_sent(db, &due, at()).await?;
                delivery.sent += 1;
                tracing::info!(id = due.id, kind = due.kind.as_str(), "e-mail sent");
            }
            Err(error) => {
                let (text, failure) = match error {
                    SendError::Transient(text) => (text, queue::Failure::Transient),
                    SendError::Permanent(text) => (text, queue::Failure::Permanent),
                };
                let state = queue::mark_failed(db, &due, &text, failure, at()).await?;
                delivery.failed += 1;
                tracing::warn!(
                    id = due.id,
                    kind = due.kind.as_str(),
                    attempts = due.attempts,
                    state = state.as_str(),
                    error = %queue::without_addresses(&text),
                    "e-mail not sent"
                );
            }
        }
    }
    Ok(delivery)
}

/// The running worker; [`Worker::stop`] ends it after the message in flight.
pub struct Worker {
    stop: watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

/// Starts the worker on `db` with `mailer`; returns the outbox requests use and the worker.
pub fn start(db: DatabaseConnection, mailer: Mailer) -> (Outbox, Worker) {
    let wake = Arc::new(Notify::new());
    let outbox = Outbox::new(&mailer, wake.clone());
    let (stop, mut stopped) = watch::channel(false);
    let handle = tokio::spawn(async move {
        loop {
            let more = match deliver_due(&db, &mailer, Utc::now()).await {
                Ok(d) => d.sent + d.failed >= PASS_LIMIT,
                Err(e) => {
                    tracing::error!(error = %e, "the e-mail worker could not read the queue");
                    false
                }
            };
            if *stopped.borrow() {
                break;
            }
            if more {
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                () = wake.notified() => {}
                _ = stopped.changed() => break,
            }
        }
    });
    (outbox, Worker { stop, handle })
}

impl Worker {
    /// Stops the worker: it finishes the pass under way (at most `SMTP_TIMEOUT` more per
    /// message), waiting at most 30 seconds; a message cut short is tried again at the next
    /// start, once its claim runs out.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut handle = self.handle;
        if tokio::time::timeout(Duration::from_secs(30), &mut handle)
            .await
            .is_err()
        {
            handle.abort();
            tracing::warn!("the e-mail worker was stopped in the middle of a message");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_outlasts_the_mail_servers_timeout() {
        assert!(queue::CLAIM.num_seconds() > SMTP_TIMEOUT.as_secs() as i64 * 2);
    }

    fn settings(url: Option<&str>, from: Option<&str>) -> MailSettings {
        MailSettings {
            smtp_url: url.map(|u| SmtpUrl::parse(u).unwrap()),
            mail_from: from.map(|f| parse_mailbox(f).unwrap()),
        }
    }

    #[test]
    fn smtp_addresses_are_checked_and_a_password_never_travels_unencrypted() {
        for good in [
            "smtps://user:secret@smtp.example.org",
            "smtps://user:secret@smtp.example.org:2465",
            "smtp://user:secret@smtp.example.org?tls=required",
            "smtp://user:secret@[::1]?tls=opportunistic",
            "smtp://relay.internal:25",
            "smtp://127.0.0.1:2525",
            "smtp://user:secret@localhost:2525",
        ] {
            assert!(SmtpUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "smtp.example.org",
            "http://smtp.example.org",
            "smtp://",
            "smtp://host?tls=sometimes",
        ] {
            assert!(SmtpUrl::parse(bad).is_err(), "{bad}");
        }
        for clear in [
            "smtp://user:secret@smtp.example.org:25",
            "smtp://user:secret@smtp.example.org?tls=opportunistic",
            "smtp://user:secret@smtp.example.org?tls=opportunistic&tls=required",
        ] {
            let refused = SmtpUrl::parse(clear).unwrap_err();
            assert!(refused.contains("unencrypted"), "{clear}: {refused}");
        }
        let url = SmtpUrl::parse("smtps://user:secret@smtp.example.org").unwrap();
        assert!(!format!("{url:?}").contains("secret"));
    }

    #[test]
    fn mail_is_off_without_a_server_and_needs_a_sender_and_the_public_origin_with_one() {
        let site = Some("https://solidarity.example");
        assert!(settings(None, None).mailer(site).unwrap().is_none());
        assert!(settings(None, Some("noreply@solidarity.example"))
            .mailer(None)
            .unwrap()
            .is_none());
        let no_from = settings(Some("smtp://127.0.0.1:2525"), None)
            .mailer(site)
            .unwrap_err();
        assert!(no_from.contains("ICC_MAIL_FROM"), "{no_from}");
        let no_site = settings(
            Some("smtp://127.0.0.1:2525"),
            Some("ICC <noreply@solidarity.example>"),
        )
        .mailer(None)
        .unwrap_err();
        assert!(no_site.contains("ICC_PUBLIC_ORIGIN"), "{no_site}");
        let mailer = settings(
            Some("smtp://127.0.0.1:2525"),
            Some("ICC Solidarity Initiatives <noreply@solidarity.example>"),
        )
        .mailer(site)
        .unwrap()
        .unwrap();
        assert_eq!(mailer.site(), "https://solidarity.example");
        assert_eq!(
            mailer.from_address(),
            "ICC Solidarity Initiatives <noreply@solidarity.example>"
        );
        assert!(parse_mailbox("not an address").is_err());
    }
}
