//! Reminders to confirm (issue 23): when a published initiative's confirmation falls due
//! (`domain::ConfirmRule::reminder`), its city gets one e-mail in its language through the
//! outbox, with a private link made for it, and one more 30 days later if nothing happened.
//! The submitter is written to when the retention rules kept their address; an imported
//! initiative without one, at its public contact address; with neither, the initiative waits
//! on the moderators' list (`due_by_country`), which shows every due and overdue one anyway.
//!
//! Exactly one reminder per due period: each is claimed by one conditional `UPDATE` of the
//! row's bookkeeping (`reminded_for`, `reminders_sent`) in the transaction that queues the
//! message, so one instance or three, a restart or a crash between two runs, never send it
//! twice, and a confirmation made meanwhile (which changes `confirmed_on`) makes the claim
//! fail. The bookkeeping columns do not wake the directory (migration 9's trigger).

use crate::domain::{
    ActivityStatus, ConfirmRule, CountryCode, Freshness, IsoDate, MailKind, ModerationStatus,
    Reminder, RemindersSent, UiLanguage,
};
use crate::server::accounts::secrets::{hash_token, new_token};
use crate::server::directory::as_iso;
use crate::server::mail::queue::{self as mail, Notices};
use crate::server::mail::text;
use crate::server::store::entities::initiative;
use chrono::{DateTime, NaiveDate, Utc};
use futures::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, TransactionTrait,
};

/// How often the server looks for due reminders.
pub const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Whether a run sends or only says what it would send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    DryRun,
    Apply,
}

/// Who a reminder goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// The person who submitted it (their address kept by the retention rules).
    Submitter,
    /// The initiative's public contact address (imported without a submitter).
    Contact,
    /// Nobody can be written to: the moderators' list.
    Moderators,
}

impl Recipient {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitter => "submitter",
            Self::Contact => "contact",
            Self::Moderators => "moderators",
        }
    }
}

/// One reminder owed (sent, or in a dry run, to be sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub id: i32,
    pub slug: String,
    pub reminder: Reminder,
    pub to: Recipient,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Reminders owed (in a dry run: that would be sent), in the order found.
    pub planned: Vec<Planned>,
    /// Claimed and queued (or claimed for the moderators' list).
    pub sent: u32,
    /// Claimed by another run first, or changed meanwhile: nothing done.
    pub skipped: u32,
    /// E-mail is off: nothing can be sent, nothing was claimed.
    pub mail_off: bool,
}

/// What the scan reads of a candidate.
#[derive(Debug, Clone, FromQueryResult)]
struct Candidate {
    id: i32,
    slug: String,
    title: String,
    text_language: UiLanguage,
    activity_status: ActivityStatus,
    confirmed_on: Option<NaiveDate>,
    published_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    reminded_for: Option<NaiveDate>,
    reminders_sent: i16,
    reminded_at: Option<DateTime<Utc>>,
    submitter_email: Option<String>,
    submitter_name: Option<String>,
    submitter_language: Option<UiLanguage>,
    contact_email: Option<String>,
}

impl Candidate {
    /// The day of its last confirmation (its publication day when none was recorded).
    fn confirmed(&self) -> Option<IsoDate> {
        self.confirmed_on
            .and_then(as_iso)
            .or_else(|| as_iso(self.published_at.unwrap_or(self.created_at).date_naive()))
    }

    fn sent(&self) -> RemindersSent {
        match (self.reminded_for.and_then(as_iso), self.reminded_at) {
            (Some(period), Some(at)) if self.reminders_sent > 0 => RemindersSent::Some {
                period,
                count: u8::try_from(self.reminders_sent).unwrap_or(2),
                last: as_iso(at.date_naive()).unwrap_or(period),
            },
            _ => RemindersSent::None,
        }
    }

    fn recipient(&self) -> Recipient {
        if self
            .submitter_email
            .as_deref()
            .is_some_and(|e| !e.is_empty())
        {
            Recipient::Submitter
        } else if self.contact_email.as_deref().is_some_and(|e| !e.is_empty()) {
            Recipient::Contact
        } else {
            Recipient::Moderators
        }
    }
}

fn naive(date: IsoDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::from(date.month()),
        u32::from(date.day()),
    )
}

const COLUMNS: [initiative::Column; 15] = [
    initiative::Column::Id,
    initiative::Column::Slug,
    initiative::Column::Title,
    initiative::Column::TextLanguage,
    initiative::Column::ActivityStatus,
    initiative::Column::ConfirmedOn,
    initiative::Column::PublishedAt,
    initiative::Column::CreatedAt,
    initiative::Column::RemindedFor,
    initiative::Column::RemindersSent,
    initiative::Column::RemindedAt,
    initiative::Column::SubmitterEmail,
    initiative::Column::SubmitterName,
    initiative::Column::SubmitterLanguage,
    initiative::Column::ContactEmail,
];

/// Published, running initiatives whose confirmation is due on `today` (the database narrows
/// on the day; the rule decides).
fn due_condition(rule: ConfirmRule, today: IsoDate) -> Condition {
    use initiative::Column as C;
    let cutoff = naive(
        crate::domain::date_of(
            crate::domain::day_number(today) - i32::try_from(rule.every_days).unwrap_or(i32::MAX),
        )
        .unwrap_or(today),
    )
    .unwrap_or_default();
    Condition::all()
        .add(C::ModerationStatus.eq(ModerationStatus::Published))
        .add(C::ActivityStatus.ne(ActivityStatus::Completed))
        .add(
            Condition::any()
                .add(C::ConfirmedOn.is_null())
                .add(C::ConfirmedOn.lte(cutoff)),
        )
}

/// Sends (or, dry, lists) every reminder owed on `today`; `now` stamps the claims and the
/// messages. With e-mail off nothing is claimed: the reminders wait until it is on.
///
/// # Errors
/// When the database fails (reminders claimed before stay claimed and queued: each is its
/// own transaction).
pub async fn remind(
    db: &DatabaseConnection,
    rule: ConfirmRule,
    today: IsoDate,
    now: DateTime<Utc>,
    mode: Mode,
    notices: Notices<'_>,
) -> Result<Report, DbErr> {
    let mut report = Report {
        mail_off: notices == Notices::Off,
        ..Report::default()
    };
    // Only the candidates' few columns, row by row: at 100,000 initiatives most are not due
    // and are never read.
    let mut rows = initiative::Entity::find()
        .select_only()
        .columns(COLUMNS)
        .filter(due_condition(rule, today))
        .into_model::<Candidate>()
        .stream(db)
        .await?;
    let mut owed = Vec::new();
    while let Some(row) = rows.next().await {
        let row = row?;
        let Some(confirmed) = row.confirmed() else {
            continue;
        };
        if let Some(reminder) = rule.reminder(confirmed, row.activity_status, row.sent(), today) {
            owed.push((row, confirmed, reminder));
        }
    }
    drop(rows);
    for (row, confirmed, reminder) in owed {
        report.planned.push(Planned {
            id: row.id,
            slug: row.slug.clone(),
            reminder,
            to: row.recipient(),
        });
        if mode == Mode::DryRun {
            continue;
        }
        let Notices::On { site } = notices else {
            continue;
        };
        if send(db, &row, confirmed, reminder, site, now).await? {
            report.sent += 1;
        } else {
            report.skipped += 1;
        }
    }
    Ok(report)
}

/// Claims `reminder` for `row` as seen and queues its message, in one transaction; `false`
/// when the claim failed (another run took it, or the row changed).
async fn send(
    db: &DatabaseConnection,
    row: &Candidate,
    confirmed: IsoDate,
    reminder: Reminder,
    site: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use initiative::Column as C;
    let Some(period) = naive(reminder.period()) else {
        return Ok(false);
    };
    let to = row.recipient();
    let token = (to != Recipient::Moderators).then(new_token);
    let txn = db.begin().await?;
    let mut claim = initiative::Entity::update_many()
        .col_expr(C::RemindedFor, Expr::value(period))
        .col_expr(C::RemindersSent, Expr::value(i16::from(reminder.count())))
        .col_expr(C::RemindedAt, Expr::value(now))
        .filter(C::Id.eq(row.id))
        .filter(C::ModerationStatus.eq(ModerationStatus::Published))
        .filter(C::ActivityStatus.ne(ActivityStatus::Completed))
        .filter(match row.confirmed_on {
            Some(on) => C::ConfirmedOn.eq(on),
            None => C::ConfirmedOn.is_null(),
        });
    if let Some(token) = &token {
        claim = claim.col_expr(C::ReminderTokenHash, Expr::value(hash_token(token)));
    }
    claim = match reminder {
        Reminder::First { .. } => claim.filter(
            Condition::any()
                .add(C::RemindedFor.is_null())
                .add(C::RemindedFor.ne(period)),
        ),
        Reminder::Again { .. } => claim
            .filter(C::RemindedFor.eq(period))
            .filter(C::RemindersSent.eq(1)),
    };
    if claim.exec(&txn).await?.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let again = matches!(reminder, Reminder::Again { .. });
    let addressed = match to {
        Recipient::Submitter => row.submitter_email.clone().map(|email| {
            (
                email,
                row.submitter_language.unwrap_or(UiLanguage::En),
                row.submitter_name.clone().unwrap_or_default(),
            )
        }),
        // The contact address is the city's service mailbox: written to in the language the
        // initiative is written in.
        Recipient::Contact => row
            .contact_email
            .clone()
            .map(|email| (email, row.text_language, String::new())),
        Recipient::Moderators => None,
    };
    if let (Some((email, lang, name)), Some(token)) = (addressed, token) {
        let link = format!("{site}/manage/{token}?lang={}", lang.as_str());
        let letter = text::reminder(lang, site, &name, &row.title, confirmed, &link, again);
        mail::enqueue(&txn, MailKind::Reminder, &email, letter, Some(row.id), now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// A moderator's "send a reminder now" for initiative `id`: the reminder the rule owes today
/// when there is one, else a first reminder for the current period even before it is due
/// (never a third for one period, never for an ended one). `None` when none can be sent.
///
/// # Errors
/// When the database fails.
pub async fn remind_now(
    db: &DatabaseConnection,
    id: i32,
    rule: ConfirmRule,
    today: IsoDate,
    now: DateTime<Utc>,
    site: &str,
) -> Result<Option<Planned>, DbErr> {
    let Some(row) = initiative::Entity::find_by_id(id)
        .select_only()
        .columns(COLUMNS)
        .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
        .into_model::<Candidate>()
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(confirmed) = row.confirmed() else {
        return Ok(None);
    };
    if row.activity_status == ActivityStatus::Completed {
        return Ok(None);
    }
    let period = rule.due_on(confirmed);
    let reminder = rule
        .reminder(confirmed, row.activity_status, row.sent(), today)
        .or(match row.sent() {
            RemindersSent::Some {
                period: p, count, ..
            } if p == period && count >= 2 => None,
            RemindersSent::Some { period: p, .. } if p == period => {
                Some(Reminder::Again { period })
            }
            _ => Some(Reminder::First { period }),
        });
    let Some(reminder) = reminder else {
        return Ok(None);
    };
    Ok(send(db, &row, confirmed, reminder, site, now)
        .await?
        .then(|| Planned {
            id: row.id,
            slug: row.slug.clone(),
            reminder,
            to: row.recipient(),
        }))
}

/// How many published initiatives of a country are due and overdue (unconfirmed) today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryDue {
    pub country: CountryCode,
    pub due: u32,
    pub overdue: u32,
}

/// One initiative waiting for its city's confirmation, as the moderators list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub id: i32,
    pub version: i32,
    pub slug: String,
    pub title: String,
    pub city: String,
    pub country: CountryCode,
    pub freshness: Freshness,
    pub confirmed_on: IsoDate,
    /// Reminders sent for the current period (0, 1 or 2).
    pub reminders: u8,
    /// Who a reminder goes to.
    pub to: Recipient,
}

#[derive(FromQueryResult)]
struct WaitingRow {
    id: i32,
    version: i32,
    slug: String,
    title: String,
    city: String,
    country: String,
    activity_status: ActivityStatus,
    confirmed_on: Option<NaiveDate>,
    published_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    reminded_for: Option<NaiveDate>,
    reminders_sent: i16,
    submitter_email: Option<String>,
    contact_email: Option<String>,
}

/// Every published initiative due or overdue on `today`, longest waiting first, with the
/// counts per country: what the moderators see beside the queue.
///
/// # Errors
/// When the database fails.
pub async fn waiting(
    db: &DatabaseConnection,
    rule: ConfirmRule,
    today: IsoDate,
) -> Result<(Vec<CountryDue>, Vec<Waiting>), DbErr> {
    use initiative::Column as C;
    let rows = initiative::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Version,
            C::Slug,
            C::Title,
            C::City,
            C::Country,
            C::ActivityStatus,
            C::ConfirmedOn,
            C::PublishedAt,
            C::CreatedAt,
            C::RemindedFor,
            C::RemindersSent,
            C::SubmitterEmail,
            C::ContactEmail,
        ])
        .filter(due_condition(rule, today))
        .into_model::<WaitingRow>()
        .all(db)
        .await?;
    let mut list = Vec::new();
    let mut counts: std::collections::BTreeMap<CountryCode, (u32, u32)> =
        std::collections::BTreeMap::new();
    for row in rows {
        let Ok(country) = CountryCode::parse(&row.country) else {
            continue;
        };
        let Some(confirmed) = row
            .confirmed_on
            .and_then(as_iso)
            .or_else(|| as_iso(row.published_at.unwrap_or(row.created_at).date_naive()))
        else {
            continue;
        };
        let freshness = rule.freshness(confirmed, row.activity_status, today);
        match freshness {
            Freshness::Due => counts.entry(country).or_default().0 += 1,
            Freshness::Unconfirmed => counts.entry(country).or_default().1 += 1,
            Freshness::Confirmed | Freshness::Ended => continue,
        }
        let period = naive(rule.due_on(confirmed));
        let reminders = if row.reminded_for.is_some() && row.reminded_for == period {
            u8::try_from(row.reminders_sent).unwrap_or(2)
        } else {
            0
        };
        let to = if row
            .submitter_email
            .as_deref()
            .is_some_and(|e| !e.is_empty())
        {
            Recipient::Submitter
        } else if row.contact_email.as_deref().is_some_and(|e| !e.is_empty()) {
            Recipient::Contact
        } else {
            Recipient::Moderators
        };
        list.push(Waiting {
            id: row.id,
            version: row.version,
            slug: row.slug,
            title: row.title,
            city: row.city,
            country,
            freshness,
            confirmed_on: confirmed,
            reminders,
            to,
        });
    }
    list.sort_by(|a, b| a.confirmed_on.cmp(&b.confirmed_on).then(a.id.cmp(&b.id)));
    let counts = counts
        .into_iter()
        .map(|(country, (due, overdue))| CountryDue {
            country,
            due,
            overdue,
        })
        .collect();
    Ok((counts, list))
}

/// The running job; [`Job::stop`] ends it.
pub struct Job {
    stop: tokio::sync::watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

/// Starts the job: every `LOOK_EVERY` it sends the reminders owed (each claimed, so several
/// instances may run it at once), logging counts only. Does nothing while e-mail is off
/// (`site` is `None`).
pub fn start(db: DatabaseConnection, rule: ConfirmRule, site: Option<String>) -> Job {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(async move {
        loop {
            if let Some(site) = site.as_deref() {
                let now = Utc::now();
                let today = crate::server::directory::today_by_system();
                match remind(&db, rule, today, now, Mode::Apply, Notices::On { site }).await {
                    Ok(r) if r.sent > 0 || r.skipped > 0 => tracing::info!(
                        sent = r.sent,
                        skipped = r.skipped,
                        "confirmation reminders sent"
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "the reminders could not be sent"),
                }
            }
            tokio::select! {
                () = tokio::time::sleep(LOOK_EVERY) => {}
                _ = stopped.changed() => break,
            }
        }
    });
    Job { stop, handle }
}

impl Job {
    /// Stops the job, letting a reminder under way finish (each is its own transaction).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut handle = self.handle;
        if tokio::time::timeout(std::time::Duration::from_secs(30), &mut handle)
            .await
            .is_err()
        {
            handle.abort();
        }
    }
}
