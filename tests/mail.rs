#![cfg(feature = "ssr")]
//! E-mail end to end, against an SMTP sink this test starts itself on 127.0.0.1 (no outside
//! server), on SQLite and PostgreSQL: the confirmation holds the manage link, in the
//! submitter's language, and leaves the database once sent; decisions reach the submitter
//! without the link; the moderators' digest goes out once for several submissions within the
//! hour; a mail server that does not answer leaves the message queued with its tries and next
//! try, and it is sent once the server is back; two workers never claim the same message.
//! Through the router: the language of both submission channels, the queue's count in a
//! moderator's header (never in another visitor's page), and the moderators' mail page.

mod common;

use chrono::{Duration, Utc};
use common::fresh_databases;
use icc_initiatives::domain::{
    MailKind, MailState, ModerationAction as A, Submission, SubmitForm, UiLanguage,
};
use icc_initiatives::server::mail::queue::{self as queue, Notices};
use icc_initiatives::server::mail::{self, deliver_due, Mailer, SmtpUrl};
use icc_initiatives::server::privacy::retention;
use icc_initiatives::server::store::entities::{mail_message, moderator};
use icc_initiatives::server::store::submissions;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const SITE: &str = "http://127.0.0.1:3000";

// ---- a minimal SMTP sink ----

/// A message as the sink received it.
#[derive(Debug, Clone)]
struct Received {
    to: Vec<String>,
    /// The whole message (headers and encoded body), dots unstuffed.
    data: String,
}

/// An SMTP server that accepts everything and keeps what it receives.
struct Sink {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    async fn start() -> Self {
        Self::on(TcpListener::bind("127.0.0.1:0").await.unwrap())
    }

    /// On a port chosen before (one that was closed until now).
    async fn start_on(port: u16) -> Self {
        Self::on(TcpListener::bind(("127.0.0.1", port)).await.unwrap())
    }

    fn on(listener: TcpListener) -> Self {
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let _ = converse(stream, kept).await;
                });
            }
        });
        Self {
            port,
            received,
            task,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One SMTP session: greeting, EHLO/HELO, MAIL, RCPT, DATA … ".", QUIT.
async fn converse(
    stream: tokio::net::TcpStream,
    kept: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let mut to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" | "HELO" => write.write_all(b"250 sink\r\n").await?,
            "MAIL" => {
                to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "RCPT" => {
                let address = line
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(a, _)| a.to_owned())
                    .unwrap_or_default();
                to.push(address);
                write.write_all(b"250 OK\r\n").await?;
            }
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push('\n');
                }
                kept.lock().unwrap().push(Received {
                    to: std::mem::take(&mut to),
                    data,
                });
                write.write_all(b"250 OK queued\r\n").await?;
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"250 OK\r\n").await?,
        }
    }
    Ok(())
}

// ---- reading a received message ----

/// A header's value (continuation lines unfolded).
fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\n\n").next().unwrap_or_default();
    let mut value: Option<String> = None;
    for line in head.lines() {
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push_str(line);
                continue;
            }
            break;
        }
        if let Some((key, rest)) = line.split_once(':') {
            if key.eq_ignore_ascii_case(name) {
                value = Some(rest.trim_start().to_owned());
            }
        }
    }
    value
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' {
                if let Some(Ok(b)) = line.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        if !soft {
            out.push(b'\n');
        }
    }
    out
}

fn base64(text: &str) -> Vec<u8> {
    let joined: String = text.split_whitespace().collect();
    data_encoding::BASE64.decode(joined.as_bytes()).unwrap()
}

/// The subject, its RFC 2047 encoded words decoded.
fn subject(data: &str) -> String {
    let raw = header(data, "Subject").unwrap_or_default();
    let mut out = String::new();
    let mut after_encoded = false;
    for word in raw.split_whitespace() {
        let decoded = match word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                Some((parts.next()?, parts.next()?, parts.next()?))
            }) {
            Some((_, encoding, text)) => {
                let bytes = if encoding.eq_ignore_ascii_case("b") {
                    base64(text)
                } else {
                    let mut q = quoted_printable(&text.replace('_', " "));
                    q.pop();
                    q
                };
                Some(String::from_utf8(bytes).unwrap())
            }
            None => None,
        };
        // White space between two encoded words is not part of the text (RFC 2047).
        if !out.is_empty() && !(after_encoded && decoded.is_some()) {
            out.push(' ');
        }
        after_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(word));
    }
    out
}

/// The body, its transfer encoding undone.
fn body(data: &str) -> String {
    let encoded = data.split_once("\n\n").map(|(_, b)| b).unwrap_or_default();
    let encoding = header(data, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => base64(encoded),
        "quoted-printable" => quoted_printable(encoded),
        _ => encoded.as_bytes().to_vec(),
    };
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

// ---- the app's side ----

fn mailer(port: u16) -> Mailer {
    let url = SmtpUrl::parse(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let from = "ICC Solidarity Initiatives <noreply@solidarity.example>"
        .parse()
        .unwrap();
    Mailer::new(&url, from, SITE).unwrap()
}

/// A port nothing listens on (yet).
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

fn form(title: &str, email: &str) -> SubmitForm {
    SubmitForm {
        city: "Gdańsk".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Refugees ride the city's buses and trams free of charge.".into(),
        types: vec!["transport".into()],
        commitments: vec!["2".into()],
        activity: "ongoing".into(),
        submitter_name: "Anna Nowak".into(),
        submitter_email: email.into(),
        submitter_role: "Refugee coordinator".into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

const ON: Notices<'static> = Notices::On { site: SITE };

async fn submit(
    db: &DatabaseConnection,
    title: &str,
    email: &str,
    language: UiLanguage,
    notices: Notices<'_>,
) -> (i32, String) {
    let s = Submission::try_from(&form(title, email)).unwrap();
    let created = submissions::submit(db, &s, language, notices)
        .await
        .unwrap();
    (created.id, created.token)
}

async fn act(db: &DatabaseConnection, id: i32, action: A, reason: &str) {
    let version = submissions::review(db, id).await.unwrap().unwrap().version;
    submissions::act(db, id, version, action, reason, "m@icc.example", ON)
        .await
        .unwrap();
}

async fn rows(db: &DatabaseConnection) -> Vec<mail_message::Model> {
    mail_message::Entity::find().all(db).await.unwrap()
}

async fn add_moderator(db: &DatabaseConnection, email: &str) {
    moderator::Entity::insert(moderator::ActiveModel {
        email: Set(email.to_owned()),
        password_hash: Set("not a hash: never signs in".to_owned()),
        failed_attempts: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_confirmation_holds_the_manage_link_in_the_submitters_language_and_is_deleted_once_sent(
) {
    for db in fresh_databases().await {
        let sink = Sink::start().await;
        let mailer = mailer(sink.port);
        let (_, token) = submit(
            &db.conn,
            "Tramways gratuits",
            "anna@gdansk.example",
            UiLanguage::Fr,
            ON,
        )
        .await;
        let queued = rows(&db.conn).await;
        assert_eq!(queued.len(), 1, "{}", db.name);
        assert_eq!(queued[0].kind, MailKind::Confirmation);
        assert_eq!(queued[0].state, MailState::Queued);

        let done = deliver_due(&db.conn, &mailer, Utc::now()).await.unwrap();
        assert_eq!((done.sent, done.failed), (1, 0), "{}", db.name);
        let got = sink.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, ["anna@gdansk.example"]);
        assert_eq!(
            subject(&got[0].data),
            "Nous avons bien reçu votre initiative « Tramways gratuits »"
        );
        let text = body(&got[0].data);
        assert!(
            text.contains(&format!("{SITE}/manage/{token}")),
            "{}: {text}",
            db.name
        );
        assert!(text.starts_with("Bonjour Anna Nowak,"), "{text}");
        assert!(header(&got[0].data, "From")
            .unwrap()
            .contains("<noreply@solidarity.example>"));
        assert_eq!(
            header(&got[0].data, "Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
        assert!(
            rows(&db.conn).await.is_empty(),
            "{}: a message holding a manage link is deleted once sent",
            db.name
        );
        db.drop_pg().await;
    }
}

#[test]
fn nothing_is_queued_when_mail_is_off() {
    crate::common::block_on(nothing_is_queued_when_mail_is_off_())
}

async fn nothing_is_queued_when_mail_is_off_() {
    for db in fresh_databases().await {
        let (id, _) = submit(
            &db.conn,
            "Free trams",
            "anna@gdansk.example",
            UiLanguage::En,
            Notices::Off,
        )
        .await;
        let version = submissions::review(&db.conn, id)
            .await
            .unwrap()
            .unwrap()
            .version;
        submissions::act(
            &db.conn,
            id,
            version,
            A::Publish,
            "",
            "m@icc.example",
            Notices::Off,
        )
        .await
        .unwrap();
        assert!(rows(&db.conn).await.is_empty(), "{}", db.name);
        db.drop_pg().await;
    }
}

#[test]
fn decisions_reach_the_submitter_in_their_language_without_the_link() {
    crate::common::block_on(decisions_reach_the_submitter_in_their_language_without_the_link_())
}

async fn decisions_reach_the_submitter_in_their_language_without_the_link_() {
    for db in fresh_databases().await {
        let sink = Sink::start().await;
        let mailer = mailer(sink.port);
        let (published, _) = submit(
            &db.conn,
            "Free trams",
            "en@city.example",
            UiLanguage::En,
            ON,
        )
        .await;
        let (sent_back, _) = submit(
            &db.conn,
            "Безкоштовні трамваї",
            "uk@city.example",
            UiLanguage::Uk,
            ON,
        )
        .await;
        let (rejected, _) = submit(
            &db.conn,
            "Tramways gratuits",
            "fr@city.example",
            UiLanguage::Fr,
            ON,
        )
        .await;
        act(&db.conn, published, A::Publish, "").await;
        act(
            &db.conn,
            sent_back,
            A::RequestChanges,
            "Додайте, будь ласка, сайт.\nІ дати.",
        )
        .await;
        act(
            &db.conn,
            rejected,
            A::Reject,
            "Hors du champ de la déclaration.",
        )
        .await;

        let done = deliver_due(&db.conn, &mailer, Utc::now()).await.unwrap();
        assert_eq!((done.sent, done.failed), (6, 0), "{}", db.name);
        let got = sink.received();
        let decision = |address: &str| {
            got.iter()
                .filter(|m| m.to == [address])
                .find(|m| !body(&m.data).contains("/manage/"))
                .cloned()
                .unwrap_or_else(|| panic!("no decision sent to {address}"))
        };

        let en = decision("en@city.example");
        assert_eq!(
            subject(&en.data),
            "Your initiative “Free trams” is published"
        );
        assert!(body(&en.data).contains(&format!("{SITE}/initiatives/gdansk-free-trams")));
        assert!(body(&en.data).contains("private link you received"));

        let uk = decision("uk@city.example");
        assert_eq!(
            subject(&uk.data),
            "Ваша ініціатива «Безкоштовні трамваї» потребує змін"
        );
        assert!(
            body(&uk.data).contains("> Додайте, будь ласка, сайт.\n> І дати."),
            "{}",
            body(&uk.data)
        );

        let fr = decision("fr@city.example");
        assert_eq!(
            subject(&fr.data),
            "Votre initiative « Tramways gratuits » n'a pas été acceptée"
        );
        assert!(body(&fr.data).contains("> Hors du champ de la déclaration."));

        // Decisions stay as sent history; the confirmations are gone.
        let kept = rows(&db.conn).await;
        assert_eq!(kept.len(), 3, "{}", db.name);
        assert!(kept
            .iter()
            .all(|m| m.state == MailState::Sent && m.kind != MailKind::Confirmation));
        assert!(kept.iter().all(|m| !m.body.contains("/manage/")));
        db.drop_pg().await;
    }
}

#[test]
fn the_digest_goes_out_once_for_several_submissions_within_the_hour() {
    crate::common::block_on(the_digest_goes_out_once_for_several_submissions_within_the_hour_())
}

async fn the_digest_goes_out_once_for_several_submissions_within_the_hour_() {
    for db in fresh_databases().await {
        let sink = Sink::start().await;
        let mailer = mailer(sink.port);
        add_moderator(&db.conn, "one@icc.example").await;
        add_moderator(&db.conn, "two@icc.example").await;
        // Nothing waits: no digest.
        let quiet = deliver_due(&db.conn, &mailer, Utc::now()).await.unwrap();
        assert_eq!(quiet.digests, 0, "{}", db.name);

        for n in 1..=3 {
            let title = format!("Initiative {n}");
            submit(
                &db.conn,
                &title,
                "a@city.example",
                UiLanguage::En,
                Notices::Off,
            )
            .await;
        }
        let t0 = Utc::now();
        let first = deliver_due(&db.conn, &mailer, t0).await.unwrap();
        assert_eq!((first.digests, first.sent), (2, 2), "{}", db.name);
        let got = sink.received();
        let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
        to.sort();
        assert_eq!(to, ["one@icc.example", "two@icc.example"]);
        assert_eq!(subject(&got[0].data), "3 items wait for review");
        let text = body(&got[0].data);
        assert!(text.contains("Submissions waiting: 3"), "{text}");
        assert!(text.contains("- Initiative 1 (Gdańsk)"), "{text}");
        assert!(text.contains(&format!("{SITE}/admin\n")), "{text}");

        // More submissions within the hour: no new digest, whatever the number of passes.
        for n in 4..=5 {
            let title = format!("Initiative {n}");
            submit(
                &db.conn,
                &title,
                "a@city.example",
                UiLanguage::En,
                Notices::Off,
            )
            .await;
        }
        for minutes in [1, 10, 59] {
            let pass = deliver_due(&db.conn, &mailer, t0 + Duration::minutes(minutes))
                .await
                .unwrap();
            assert_eq!(pass.digests, 0, "{} after {minutes} min", db.name);
        }
        assert_eq!(sink.received().len(), 2);

        // An hour later the new ones are told, once.
        let later = deliver_due(&db.conn, &mailer, t0 + Duration::minutes(61))
            .await
            .unwrap();
        assert_eq!(later.digests, 2, "{}", db.name);
        assert_eq!(subject(&sink.received()[2].data), "5 items wait for review");
        // Nothing new since: no digest an hour later still, though items wait.
        let after = deliver_due(&db.conn, &mailer, t0 + Duration::minutes(125))
            .await
            .unwrap();
        assert_eq!(after.digests, 0, "{}", db.name);
        assert_eq!(sink.received().len(), 4);
        db.drop_pg().await;
    }
}

#[test]
fn a_mail_server_that_does_not_answer_leaves_the_message_queued_until_it_is_back() {
    crate::common::block_on(
        a_mail_server_that_does_not_answer_leaves_the_message_queued_until_it_is_back_(),
    )
}

async fn a_mail_server_that_does_not_answer_leaves_the_message_queued_until_it_is_back_() {
    for db in fresh_databases().await {
        let port = closed_port().await;
        let mailer = mailer(port);
        let (_, token) = submit(
            &db.conn,
            "Free trams",
            "anna@gdansk.example",
            UiLanguage::En,
            ON,
        )
        .await;
        let t0 = Utc::now();
        let failed = deliver_due(&db.conn, &mailer, t0).await.unwrap();
        assert_eq!((failed.sent, failed.failed), (0, 1), "{}", db.name);
        let row = rows(&db.conn).await.remove(0);
        assert_eq!(row.state, MailState::Queued);
        assert_eq!(row.attempts, 1);
        assert!(row.claimed_until.is_none());
        assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()));
        let wait = row.next_attempt_at - t0;
        assert!(
            wait >= Duration::seconds(59) && wait <= Duration::seconds(75),
            "{}: next try in {wait}",
            db.name
        );

        // The moderators' page shows it with its tries, next try and error, never the link.
        let overview = queue::overview(&db.conn).await.unwrap();
        assert_eq!(overview.counts[0], (MailState::Queued, 1));
        let entry = &overview.messages[0];
        assert_eq!(entry.attempts, 1);
        assert!(entry.next_attempt.is_some() && entry.last_error.is_some());
        assert!(!format!("{overview:?}").contains(&token));

        // Not due yet: nothing is tried.
        let early = deliver_due(&db.conn, &mailer, t0 + Duration::seconds(30))
            .await
            .unwrap();
        assert_eq!((early.sent, early.failed), (0, 0), "{}", db.name);

        // Failing again waits twice as long.
        let again = deliver_due(&db.conn, &mailer, t0 + Duration::seconds(90))
            .await
            .unwrap();
        assert_eq!(again.failed, 1);
        let row = rows(&db.conn).await.remove(0);
        assert_eq!(row.attempts, 2);
        let wait = row.next_attempt_at - (t0 + Duration::seconds(90));
        assert!(
            wait >= Duration::seconds(119) && wait <= Duration::seconds(135),
            "{wait}"
        );

        // The server comes up on that port: the message goes out at its next try.
        let sink = Sink::start_on(port).await;
        let back = deliver_due(&db.conn, &mailer, t0 + Duration::minutes(4))
            .await
            .unwrap();
        assert_eq!((back.sent, back.failed), (1, 0), "{}", db.name);
        let got = sink.received();
        assert_eq!(got.len(), 1);
        assert!(body(&got[0].data).contains(&format!("{SITE}/manage/{token}")));
        assert!(
            rows(&db.conn).await.is_empty(),
            "sent, and with it the link"
        );
        db.drop_pg().await;
    }
}

#[test]
fn a_message_tried_too_often_is_given_up_and_loses_its_link() {
    crate::common::block_on(a_message_tried_too_often_is_given_up_and_loses_its_link_())
}

async fn a_message_tried_too_often_is_given_up_and_loses_its_link_() {
    for db in fresh_databases().await {
        let mailer = mailer(closed_port().await);
        let (_, token) = submit(&db.conn, "Free trams", "a@city.example", UiLanguage::En, ON).await;
        let mut at = Utc::now();
        for _ in 0..queue::MAX_ATTEMPTS {
            let pass = deliver_due(&db.conn, &mailer, at).await.unwrap();
            assert_eq!(pass.failed, 1, "{}", db.name);
            at += queue::LONGEST_RETRY + Duration::seconds(1);
        }
        let row = rows(&db.conn).await.remove(0);
        assert_eq!(row.state, MailState::GivenUp, "{}", db.name);
        assert_eq!(row.attempts, queue::MAX_ATTEMPTS);
        assert!(!row.body.contains(&token) && row.body.is_empty());
        let none = deliver_due(&db.conn, &mailer, at + Duration::days(1))
            .await
            .unwrap();
        assert_eq!(
            none.failed + none.sent,
            0,
            "a given-up message is not tried again"
        );
        // Kept 30 days (ICC_KEEP_SENT_MAIL_DAYS) for the moderators' page, then deleted by
        // the retention job.
        let periods = icc_initiatives::domain::RetentionPeriods::default();
        let purged = retention::purge(
            &db.conn,
            &periods,
            Utc::now() + Duration::days(29),
            retention::Mode::Apply,
            Notices::Off,
        )
        .await
        .unwrap();
        assert_eq!(purged.mails_deleted, 0, "{}", db.name);
        let purged = retention::purge(
            &db.conn,
            &periods,
            Utc::now() + Duration::days(31),
            retention::Mode::Apply,
            Notices::Off,
        )
        .await
        .unwrap();
        assert_eq!(purged.mails_deleted, 1, "{}", db.name);
        assert!(rows(&db.conn).await.is_empty(), "{}", db.name);
        db.drop_pg().await;
    }
}

#[test]
fn two_workers_never_claim_the_same_message() {
    crate::common::block_on(two_workers_never_claim_the_same_message_())
}

async fn two_workers_never_claim_the_same_message_() {
    for db in fresh_databases().await {
        for n in 0..3 {
            let title = format!("Initiative {n}");
            submit(&db.conn, &title, "a@city.example", UiLanguage::En, ON).await;
        }
        let now = Utc::now();
        let mut claimed = Vec::new();
        for _ in 0..3 {
            let (a, b) = tokio::join!(
                queue::claim_next(&db.conn, now),
                queue::claim_next(&db.conn, now)
            );
            claimed.extend([a.unwrap(), b.unwrap()].into_iter().flatten().map(|d| d.id));
        }
        let mut unique = claimed.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), claimed.len(), "{}: {claimed:?}", db.name);
        assert_eq!(unique.len(), 3, "{}", db.name);
        assert!(queue::claim_next(&db.conn, now).await.unwrap().is_none());
        // A claim held by a worker that stopped runs out, and the message is taken over.
        let later = now + queue::CLAIM + Duration::seconds(1);
        assert!(queue::claim_next(&db.conn, later).await.unwrap().is_some());
        db.drop_pg().await;
    }
}

#[test]
fn the_worker_sends_a_confirmation_moments_after_it_is_queued() {
    crate::common::block_on(the_worker_sends_a_confirmation_moments_after_it_is_queued_())
}

async fn the_worker_sends_a_confirmation_moments_after_it_is_queued_() {
    for db in fresh_databases().await {
        let sink = Sink::start().await;
        let (outbox, worker) = mail::start(db.conn.clone(), mailer(sink.port));
        // Let the worker's first pass find nothing.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        submit(
            &db.conn,
            "Free trams",
            "anna@gdansk.example",
            UiLanguage::En,
            outbox.notices(),
        )
        .await;
        outbox.wake();
        let mut waited = 0;
        while sink.received().is_empty() && waited < 100 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
        assert_eq!(
            sink.received().len(),
            1,
            "{}: sent on waking, not at the next poll",
            db.name
        );
        worker.stop().await;
        assert_eq!(
            mail_message::Entity::find().count(&db.conn).await.unwrap(),
            0
        );
        db.drop_pg().await;
    }
}

// ---- through the router ----

mod app {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use icc_initiatives::server::accounts::auth;
    use icc_initiatives::server::accounts::guard::GuardSettings;
    use icc_initiatives::server::{directory::Directory, state::AppState, store::db};
    use icc_initiatives::web::http::router;
    use leptos::prelude::LeptosOptions;
    use tower::ServiceExt;

    const HOST: &str = "127.0.0.1:3000";
    const EMAIL: &str = "mod@icc.example";
    const PASSWORD: &str = "lilac ferry at noon 1947";

    /// Pages rendered by tests running at the same time on different runtimes at times never
    /// finish (as in tests/http.rs): the tests here that render take turns.
    static RENDERING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    /// The app on a fresh SQLite file with mail on (through `mailer`), a moderator and their
    /// session token.
    async fn state(mailer: &Mailer) -> (AppState, String, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::connect(&format!("sqlite://{}/m.db", dir.path().display()))
            .await
            .unwrap();
        db::migrate(&conn).await.unwrap();
        let guard = GuardSettings {
            min_fill_seconds: 0,
            submissions_per_hour: 100,
            public_origin: Some(SITE.to_owned()),
            ..GuardSettings::default()
        };
        let outbox = mail::Outbox::new(mailer, Arc::new(tokio::sync::Notify::new()));
        let state = AppState::new(
            LeptosOptions::builder()
                .output_name("icc-initiatives")
                .build(),
            conn,
            Directory::default(),
            guard,
        )
        .with_mail(outbox);
        auth::create_moderator(&state.db, EMAIL, PASSWORD)
            .await
            .unwrap();
        let token = auth::sign_in(&state.db, EMAIL, PASSWORD, "")
            .await
            .unwrap()
            .token;
        (state, token, dir)
    }

    struct Reply {
        status: StatusCode,
        cache_control: Option<String>,
        body: String,
    }

    async fn send(state: &AppState, request: Request<Body>) -> Reply {
        let _turn = RENDERING.lock().await;
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let cache_control = response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
            .await
            .unwrap();
        Reply {
            status,
            cache_control,
            body: String::from_utf8_lossy(&bytes).replace("<!>", ""),
        }
    }

    fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
        let mut b = Request::builder().uri(path).header(header::HOST, HOST);
        if let Some(cookie) = cookie {
            b = b.header(header::COOKIE, cookie);
        }
        b.body(Body::empty()).unwrap()
    }

    fn post(
        path: &str,
        content_type: &str,
        extra: (header::HeaderName, &str),
        body: String,
    ) -> Request<Body> {
        Request::builder()
            .method("POST")
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, SITE)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "text/html")
            .header(extra.0, extra.1)
            .body(Body::from(body))
            .unwrap()
    }

    fn form_body(ticket: &str, title: &str, email: &str) -> String {
        use icc_initiatives::domain::percent_encode;
        format!(
            "ticket={}&leave_empty=&city=Gda%C5%84sk&country=PL&text_language=en&title={}&summary=Refugees+ride+buses+and+trams+free+of+charge.\
             &types=transport&commitments=2&activity=ongoing&start_date=&end_date=&website=\
             &contact_email=&submitter_name=Anna&submitter_email={}&submitter_role=Coordinator&consent=yes",
            percent_encode(ticket),
            percent_encode(title),
            percent_encode(email),
        )
    }

    /// The confirmation queued for `email`.
    async fn confirmation_to(state: &AppState, email: &str) -> mail_message::Model {
        rows(&state.db)
            .await
            .into_iter()
            .find(|m| m.recipient == email && m.kind == MailKind::Confirmation)
            .unwrap_or_else(|| panic!("no confirmation queued for {email}"))
    }

    #[test]
    fn both_ways_of_submitting_queue_the_confirmation_in_the_language_of_the_page() {
        crate::common::block_on(
            both_ways_of_submitting_queue_the_confirmation_in_the_language_of_the_page_(),
        )
    }

    async fn both_ways_of_submitting_queue_the_confirmation_in_the_language_of_the_page_() {
        let sink = Sink::start().await;
        let (state, _, _dir) = state(&mailer(sink.port)).await;

        // Without JavaScript: the form post, in Ukrainian chosen with the language buttons.
        let reply = send(
            &state,
            post(
                "/submit",
                "application/x-www-form-urlencoded",
                (header::COOKIE, "lang=uk"),
                form_body(&state.guard.ticket(), "Free trams", "uk@city.example"),
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        let shown = reply
            .body
            .split(&format!("{SITE}/manage/"))
            .nth(1)
            .and_then(|rest| rest.get(..43))
            .expect("the page shows the manage link")
            .to_owned();
        let uk = confirmation_to(&state, "uk@city.example").await;
        assert_eq!(uk.subject, "Ми отримали вашу ініціативу «Free trams»");
        assert!(
            uk.body.contains(&format!("{SITE}/manage/{shown}")),
            "the e-mail holds the link the page shows"
        );

        // With JavaScript: the server function, in French from the browser's languages.
        let mut json = form("Tramways gratuits", "fr@city.example");
        json.ticket = state.guard.ticket();
        let reply = send(
            &state,
            post(
                "/fn/submit",
                "application/json",
                (header::ACCEPT_LANGUAGE, "fr-CH, fr;q=0.9, en;q=0.5"),
                serde_json::json!({ "form": json }).to_string(),
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let fr = confirmation_to(&state, "fr@city.example").await;
        assert_eq!(
            fr.subject,
            "Nous avons bien reçu votre initiative « Tramways gratuits »"
        );

        // The language is kept with the submission for the later messages.
        use icc_initiatives::server::store::entities::initiative;
        let languages: Vec<Option<UiLanguage>> = initiative::Entity::find()
            .all(&state.db)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.submitter_language)
            .collect();
        assert_eq!(languages, [Some(UiLanguage::Uk), Some(UiLanguage::Fr)]);

        let sent = deliver_due(&state.db, &mailer(sink.port), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            sent.sent,
            2 + 1,
            "two confirmations and the moderator's digest"
        );
    }

    #[test]
    fn a_moderator_sees_the_waiting_count_in_the_header_and_nobody_else_does() {
        crate::common::block_on(
            a_moderator_sees_the_waiting_count_in_the_header_and_nobody_else_does_(),
        )
    }

    async fn a_moderator_sees_the_waiting_count_in_the_header_and_nobody_else_does_() {
        let sink = Sink::start().await;
        let (state, token, _dir) = state(&mailer(sink.port)).await;
        let session = format!("lang=en; icc_session={token}");
        for n in 0..3 {
            let title = format!("Initiative {n}");
            submit(
                &state.db,
                &title,
                "a@city.example",
                UiLanguage::En,
                Notices::Off,
            )
            .await;
        }

        // An anonymous visitor first: the page is rendered and kept.
        let anonymous = send(&state, get("/", None)).await;
        assert_eq!(anonymous.status, StatusCode::OK);
        assert!(!anonymous.body.contains("waiting for review"));
        assert_eq!(anonymous.cache_control, None, "public pages stay cacheable");

        // The moderator is not served the kept page: theirs has the count, linked to the queue.
        let theirs = send(&state, get("/", Some(&session))).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(
            theirs
                .body
                .contains("<a href=\"/admin\">3 waiting for review</a>"),
            "{}",
            theirs.body
        );
        assert_eq!(theirs.cache_control.as_deref(), Some("private, no-store"));
        let declaration = send(&state, get("/declaration", Some(&session))).await;
        assert!(declaration.body.contains("3 waiting for review"));

        // And their page was not kept for others: other visitors never see the count, and
        // get the page kept before (the same bytes, its script nonce included).
        for _ in 0..2 {
            let again = send(&state, get("/", None)).await;
            assert!(!again.body.contains("waiting for review"));
            assert_eq!(again.body, anonymous.body, "served from the page cache");
            let other_cookie = send(&state, get("/", Some("lang=en; other=1"))).await;
            assert!(!other_cookie.body.contains("waiting for review"));
        }
        // A stale session shows nothing either (and is not kept).
        let stale = send(
            &state,
            get(
                "/",
                Some("icc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            ),
        )
        .await;
        assert!(!stale.body.contains("waiting for review"));
        assert_eq!(stale.cache_control.as_deref(), Some("private, no-store"));

        // A decision lowers the count.
        let id = submissions::queue(&state.db, icc_initiatives::domain::QueueFilter::default())
            .await
            .unwrap()
            .items[0]
            .id;
        act(&state.db, id, A::Reject, "Not a city initiative.").await;
        let fewer = send(&state, get("/initiatives", Some(&session))).await;
        assert!(
            fewer.body.contains("2 waiting for review"),
            "{}",
            fewer.body
        );
    }

    #[test]
    fn the_mail_page_lists_the_queue_for_moderators_only_and_never_a_manage_link() {
        crate::common::block_on(
            the_mail_page_lists_the_queue_for_moderators_only_and_never_a_manage_link_(),
        )
    }

    async fn the_mail_page_lists_the_queue_for_moderators_only_and_never_a_manage_link_() {
        let port = closed_port().await;
        let (state, token, _dir) = state(&mailer(port)).await;
        let session = format!("icc_session={token}");
        let (_, manage) = submit(
            &state.db,
            "Free trams",
            "a@city.example",
            UiLanguage::En,
            ON,
        )
        .await;
        deliver_due(&state.db, &mailer(port), Utc::now())
            .await
            .unwrap();

        let page = send(&state, get("/admin/mail", Some(&session))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.cache_control.as_deref(), Some("no-store"));
        assert!(page
            .body
            .contains("We received your initiative “Free trams”"));
        assert!(page.body.contains("a@city.example"));
        assert!(page.body.contains("Confirmation (private link)"));
        assert!(page.body.contains("Tries: 1"), "{}", page.body);
        assert!(page.body.contains("Next try: "));
        assert!(page.body.contains("Last error: "));
        assert!(page.body.contains("Sent from ICC Solidarity Initiatives"));
        assert!(
            !page.body.contains(&manage),
            "the manage link is never shown"
        );
        assert!(!page.body.contains("/manage/"));
        // Every moderator page links to it.
        let queue = send(&state, get("/admin", Some(&session))).await;
        assert!(queue.body.contains("<a href=\"/admin/mail\">E-mail</a>"));

        let anonymous = send(&state, get("/admin/mail", None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert!(!anonymous.body.contains("a@city.example"));
    }
}
