//! The e-mail queue: messages are written into the database in the same transaction as the
//! change that causes them (a submission, a moderator's decision), so a message is never lost
//! nor sent for a change that did not happen, and sending — by the background worker,
//! `server::mail` — never delays or fails a request.
//!
//! Each message is claimed before it is sent: one conditional `UPDATE` takes it for a few
//! minutes, so two workers (two instances on one PostgreSQL) never send the same message at
//! once. After the mail server accepted it, a message that holds a manage link is deleted and
//! any other is marked sent (kept as history for `ICC_KEEP_SENT_MAIL_DAYS`, then deleted by the
//! retention job, `privacy::retention`); after a failure it is tried
//! again later, each delay twice the one before. The moderators' digest is claimed the same way
//! (one row, `mail_digest`), so it goes out at most once an hour whatever the number of
//! instances.

use crate::domain::{
    MailEntry, MailKind, MailOverview, MailState, ModerationStatus, UiLanguage, MAIL_LIST_LIMIT,
};
use crate::server::mail::text::{self, Letter, Waiting, WaitingItem, DIGEST_ITEMS};
use crate::server::store::entities::{initiative, mail_digest, mail_message, moderator};
use crate::server::store::initiatives::{day, minute};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// Whether the changes a service makes are told by e-mail, and the site's public address the
/// messages link to. `Off` when no mail server is configured: nothing is queued then (a queue
/// nobody sends would keep manage links in the database for nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notices<'a> {
    Off,
    On { site: &'a str },
}

/// The first delay after a failed try; each later one is twice the one before.
pub const FIRST_RETRY: Duration = Duration::minutes(1);
/// The longest delay between two tries.
pub const LONGEST_RETRY: Duration = Duration::hours(4);
/// Tries before a message is given up (about a day of tries).
pub const MAX_ATTEMPTS: i32 = 15;
/// How long a worker holds a message it is sending; longer than the mail server's timeout,
/// so a message is only taken over from a worker that stopped.
pub const CLAIM: Duration = Duration::minutes(5);
/// The moderators' digest goes out at most this often.
pub const DIGEST_EVERY: Duration = Duration::hours(1);
/// Items changed this long before the last digest count as new for the next one.
const OVERLAP: Duration = Duration::minutes(1);
/// Longest error text kept for a message.
const MAX_ERROR_CHARS: usize = 500;

/// The wait before the next try after `attempts` tries have failed: 1 minute after the first,
/// then doubling, never more than `LONGEST_RETRY`.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = std::cmp::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 16);
    std::cmp::min(FIRST_RETRY * 2_i32.pow(doublings), LONGEST_RETRY)
}

/// Puts a message in the queue, due at once.
///
/// # Errors
/// When the database refuses the row.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    kind: MailKind,
    recipient: &str,
    letter: Letter,
    initiative_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    mail_message::Entity::insert(mail_message::ActiveModel {
        id: NotSet,
        kind: Set(kind),
        state: Set(MailState::Queued),
        recipient: Set(recipient.to_owned()),
        subject: Set(letter.subject),
        body: Set(letter.body),
        initiative_id: Set(initiative_id),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub id: i32,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Tries so far, this one included.
    pub attempts: i32,
}

fn claimable(now: DateTime<Utc>) -> Condition {
    use mail_message::Column as C;
    Condition::all()
        .add(C::State.eq(MailState::Queued))
        .add(C::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(C::ClaimedUntil.is_null())
                .add(C::ClaimedUntil.lte(now)),
        )
}

/// Claims the message due longest, for `CLAIM`; `None` when nothing is due. The claim is one
/// conditional `UPDATE`: of two workers asking at once, each gets a different message.
///
/// # Errors
/// When the database fails.
pub async fn claim_next(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Option<Due>, DbErr> {
    use mail_message::Column as C;
    loop {
        let candidates: Vec<i32> = mail_message::Entity::find()
            .select_only()
            .column(C::Id)
            .filter(claimable(now))
            .order_by_asc(C::NextAttemptAt)
            .order_by_asc(C::Id)
            .limit(8)
            .into_tuple()
            .all(db)
            .await?;
        if candidates.is_empty() {
            return Ok(None);
        }
        for id in candidates {
            let claimed = mail_message::Entity::update_many()
                .col_expr(C::ClaimedUntil, Expr::value(now + CLAIM))
                .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
                .filter(C::Id.eq(id))
                .filter(claimable(now))
                .exec(db)
                .await?;
            if claimed.rows_affected == 0 {
                // Another worker took it first.
                continue;
            }
            if let Some(m) = mail_message::Entity::find_by_id(id).one(db).await? {
                return Ok(Some(Due {
                    id: m.id,
                    kind: m.kind,
                    recipient: m.recipient,
                    subject: m.subject,
                    body: m.body,
                    attempts: m.attempts,
                }));
            }
        }
    }
}

/// The mail server accepted the message: a message holding a manage link is deleted, any
/// other is kept as sent.
///
/// # Errors
/// When the database fails.
pub async fn mark_sent(
    db: &DatabaseConnection,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use mail_message::Column as C;
    if due.kind.holds_manage_link() {
        mail_message::Entity::delete_by_id(due.id).exec(db).await?;
        return Ok(());
    }
    mail_message::Entity::update_many()
        .col_expr(C::State, Expr::value(MailState::Sent))
        .col_expr(C::SentAt, Expr::value(now))
        .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::LastError, Expr::value(Option::<String>::None))
        .filter(C::Id.eq(due.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a failed message is worth another try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The mail server could not be reached or refused it for now.
    Transient,
    /// The message cannot be made at all (its recipient is no address).
    Permanent,
}

/// A try failed: the message is due again after `retry_delay`, or given up after
/// `MAX_ATTEMPTS` tries or a permanent failure (a given-up message loses its manage link).
/// Returns its state.
///
/// # Errors
/// When the database fails.
pub async fn mark_failed(
    db: &DatabaseConnection,
    due: &Due,
    error: &str,
    failure: Failure,
    now: DateTime<Utc>,
) -> Result<MailState, DbErr> {
    use mail_message::Column as C;
    let error: String = without_manage_links(error)
        .chars()
        .take(MAX_ERROR_CHARS)
        .collect();
    let state = if due.attempts >= MAX_ATTEMPTS || failure == Failure::Permanent {
        MailState::GivenUp
    } else {
        MailState::Queued
    };
    let mut update = mail_message::Entity::update_many()
        .col_expr(C::State, Expr::value(state))
        .col_expr(C::LastError, Expr::value(error))
        .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(
            C::NextAttemptAt,
            Expr::value(now + retry_delay(due.attempts)),
        )
        .filter(C::Id.eq(due.id));
    if state == MailState::GivenUp && due.kind.holds_manage_link() {
        update = update.col_expr(C::Body, Expr::value(String::new()));
    }
    update.exec(db).await?;
    Ok(state)
}

/// `text` with every manage token cut out (`/manage/…`): an error kept for the moderators'
/// page must not carry one, whatever a mail server echoes back.
fn without_manage_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/manage/") {
        let (before, after) = rest.split_at(at + "/manage/".len());
        out.push_str(before);
        out.push('…');
        rest =
            after.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    }
    out.push_str(rest);
    out
}

/// `text` with every e-mail address replaced by `…@…`: what a mail server answers often names
/// the recipient, and the app's logs hold no e-mail address (issue 19).
pub fn without_addresses(text: &str) -> String {
    text.split_inclusive(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c))
        .map(|word| {
            let end = word
                .find(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c))
                .unwrap_or(word.len());
            let (token, rest) = word.split_at(end);
            if token.contains('@') {
                format!("…@…{rest}")
            } else {
                word.to_owned()
            }
        })
        .collect()
}

/// The items waiting for review — new or sent-again submissions and edits of published ones —
/// as the header and the moderators' digest count them.
fn awaiting_review() -> Condition {
    use initiative::Column as C;
    Condition::any()
        .add(C::ModerationStatus.eq(ModerationStatus::Pending))
        .add(C::Revision.is_not_null())
}

/// How many items wait for review (the number moderators see in the header).
///
/// # Errors
/// When the database fails.
pub async fn waiting_count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    initiative::Entity::find()
        .filter(awaiting_review())
        .count(db)
        .await
}

/// What waits for review, for the digest.
async fn waiting(db: &DatabaseConnection) -> Result<Waiting, DbErr> {
    use initiative::Column as C;
    let pending = initiative::Entity::find()
        .filter(C::ModerationStatus.eq(ModerationStatus::Pending))
        .count(db)
        .await?;
    let edits = initiative::Entity::find()
        .filter(C::Revision.is_not_null())
        .count(db)
        .await?;
    let rows = initiative::Entity::find()
        .filter(awaiting_review())
        .order_by_asc(Expr::expr(Func::coalesce([
            Expr::col(C::RevisionAt),
            Expr::col(C::UpdatedAt),
        ])))
        .order_by_asc(C::Id)
        .limit(DIGEST_ITEMS as u64)
        .all(db)
        .await?;
    let oldest = rows
        .into_iter()
        .map(|row| {
            Ok(WaitingItem {
                since: day(row.revision_at.unwrap_or(row.updated_at))?.to_string(),
                title: row.title,
                city: row.city,
            })
        })
        .collect::<Result<_, DbErr>>()?;
    Ok(Waiting {
        pending: u32::try_from(pending).unwrap_or(u32::MAX),
        edits: u32::try_from(edits).unwrap_or(u32::MAX),
        oldest,
    })
}

/// Queues the moderators' digest when it is due: items wait for review, some of them new or
/// changed since the last digest, and the last one went out at least `DIGEST_EVERY` ago. One
/// message per moderator account, in English (moderators' languages are not known). Returns how
/// many messages were queued.
///
/// # Errors
/// When the database fails.
pub async fn queue_digest_if_due(
    db: &DatabaseConnection,
    site: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    use initiative::Column as C;
    let Some(marker) = mail_digest::Entity::find_by_id(1).one(db).await? else {
        return Ok(0);
    };
    if marker.last_at.is_some_and(|last| now - last < DIGEST_EVERY) {
        return Ok(0);
    }
    let mut fresh = initiative::Entity::find().filter(awaiting_review());
    if let Some(last) = marker.last_at {
        // A submission whose transaction took its time just before the last digest was made
        // and committed just after may have been left out of it: counted as new once more.
        let last = last - OVERLAP;
        fresh = fresh.filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(C::ModerationStatus.eq(ModerationStatus::Pending))
                        .add(C::UpdatedAt.gt(last)),
                )
                .add(C::RevisionAt.gt(last)),
        );
    }
    if fresh.count(db).await? == 0 {
        return Ok(0);
    }
    let recipients: Vec<String> = moderator::Entity::find()
        .select_only()
        .column(moderator::Column::Email)
        .order_by_asc(moderator::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let letter = text::digest(UiLanguage::En, site, &waiting(db).await?);
    let txn = db.begin().await?;
    // The claim first (it also takes SQLite's write lock): of two instances, one goes on.
    let claimed = mail_digest::Entity::update_many()
        .col_expr(
            mail_digest::Column::Runs,
            Expr::col(mail_digest::Column::Runs).add(1),
        )
        .col_expr(mail_digest::Column::LastAt, Expr::value(now))
        .filter(mail_digest::Column::Id.eq(1))
        .filter(mail_digest::Column::Runs.eq(marker.runs))
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(0);
    }
    for to in &recipients {
        enqueue(&txn, MailKind::Digest, to, letter.clone(), None, now).await?;
    }
    txn.commit().await?;
    Ok(recipients.len())
}

/// The queue as the moderators' mail page shows it: counts per state, the queued messages,
/// then the latest others (never a body).
///
/// # Errors
/// When the database fails, or holds a time outside the years the domain accepts.
pub async fn overview(db: &DatabaseConnection) -> Result<MailOverview, DbErr> {
    use mail_message::Column as C;
    let counted: Vec<(MailState, i64)> = mail_message::Entity::find()
        .select_only()
        .column(C::State)
        .column_as(Expr::from(Func::count(Expr::col(C::Id))), "n")
        .group_by(C::State)
        .into_tuple()
        .all(db)
        .await?;
    let counts = MailState::ALL
        .into_iter()
        .map(|s| {
            let n = counted
                .iter()
                .find(|(state, _)| *state == s)
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
            (s, n)
        })
        .collect();
    let queued = mail_message::Entity::find()
        .filter(C::State.eq(MailState::Queued))
        .order_by_asc(C::NextAttemptAt)
        .order_by_asc(C::Id)
        .limit(MAIL_LIST_LIMIT as u64)
        .all(db)
        .await?;
    let room = MAIL_LIST_LIMIT.saturating_sub(queued.len());
    let others = mail_message::Entity::find()
        .filter(C::State.ne(MailState::Queued))
        .order_by_desc(C::Id)
        .limit(room as u64)
        .all(db)
        .await?;
    let messages = queued
        .into_iter()
        .chain(others)
        .map(|m| {
            Ok(MailEntry {
                id: m.id,
                kind: m.kind,
                state: m.state,
                recipient: m.recipient,
                subject: m.subject,
                attempts: m.attempts,
                next_attempt: match m.state {
                    MailState::Queued => Some(minute(m.next_attempt_at)?),
                    _ => None,
                },
                last_error: m.last_error,
                created: minute(m.created_at)?,
                sent: m.sent_at.map(minute).transpose()?,
            })
        })
        .collect::<Result<_, DbErr>>()?;
    Ok(MailOverview { counts, messages })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_twice_as_long_as_the_one_before_up_to_four_hours() {
        assert_eq!(retry_delay(1), Duration::minutes(1));
        assert_eq!(retry_delay(2), Duration::minutes(2));
        assert_eq!(retry_delay(3), Duration::minutes(4));
        assert_eq!(retry_delay(8), Duration::minutes(128));
        assert_eq!(retry_delay(9), Duration::hours(4));
        assert_eq!(retry_delay(MAX_ATTEMPTS), Duration::hours(4));
        assert_eq!(retry_delay(i32::MAX), Duration::hours(4), "no overflow");
        assert_eq!(retry_delay(0), Duration::minutes(1));
        assert_eq!(retry_delay(-3), Duration::minutes(1));
    }

    #[test]
    fn a_message_is_given_up_after_about_a_day_of_tries() {
        let waited: Duration = (1..MAX_ATTEMPTS).map(retry_delay).sum();
        assert!(waited > Duration::hours(24), "{waited}");
        assert!(waited < Duration::hours(36), "{waited}");
    }

    #[test]
    fn an_error_logged_never_holds_an_e_mail_address() {
        assert_eq!(
            without_addresses("550 5.1.1 <anna@gdansk.example>: Recipient address rejected"),
            "550 5.1.1 <…@…>: Recipient address rejected"
        );
        assert_eq!(without_addresses("to a@b.c, then x"), "to …@…, then x");
        assert_eq!(
            without_addresses("connection refused"),
            "connection refused"
        );
    }

    #[test]
    fn an_error_kept_for_the_moderators_never_holds_a_manage_token() {
        assert_eq!(
            without_manage_links(
                "550 rejected: see https://site.example/manage/Ab-_9xYz and /manage/Q1 now"
            ),
            "550 rejected: see https://site.example/manage/… and /manage/… now"
        );
        assert_eq!(
            without_manage_links("connection refused"),
            "connection refused"
        );
    }
}
