//! The retention periods, enforced by code: a job in the server applies them every hour, and
//! `icc-initiatives purge [--dry-run]` applies them (or says what it would do) from the command
//! line.
//!
//! What it does, record by record (`fate`):
//! - a published or archived initiative not updated for `identity_months`: its submitter's
//!   name, e-mail, role and private link are removed, the initiative stays public; with e-mail
//!   on, the submitter is first told `notice_days` before (an update afterwards starts the
//!   period again, and the removal never comes sooner than `notice_days` after the notice);
//! - a rejected or withdrawn submission unchanged for `rejected_days`: deleted;
//! - a submission sent back for changes and not answered for `changes_requested_months`:
//!   deleted;
//! - sent and given-up e-mails older than `sent_mail_days`: deleted.
//!
//! Submissions waiting for review are never touched: the moderators owe an answer.
//!
//! Each record is changed in its own transaction that first re-checks the record's `version`
//! (the optimistic lock every change uses): a record changed meanwhile is left for the next
//! run, two runs at once (several instances) never both act on one record, and a run killed in
//! the middle leaves every record either untouched or wholly done. Running it again does
//! nothing more. Instances share one `retention_runs` row, claimed with a conditional update,
//! so one of them runs each hour. Logs hold counts only.

use crate::domain::{MailKind, ModerationStatus, RetentionPeriods, UiLanguage};
use crate::server::mail::queue::{self as mail, Notices};
use crate::server::mail::text;
use crate::server::privacy::{clear_identity, delete_record, log, Actor};
use crate::server::store::entities::{initiative, mail_message, retention_run};
use chrono::{DateTime, Duration, Months, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

/// How often the job applies the periods.
pub const RUN_EVERY: Duration = Duration::hours(1);
/// How long an instance holds the run it claimed; past it, another may run.
pub const RUN_CLAIM: Duration = Duration::minutes(30);
/// How often the job looks whether a run is due.
pub const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// The periods as settings of `serve` and `purge` (flags or environment variables), with the
/// documented defaults. The secretariat decides the values; the privacy notice states them.
#[derive(Debug, Clone, clap::Args)]
pub struct RetentionSettings {
    /// Months a published initiative's submitter (name, e-mail, role, private link) is kept
    /// after its last update; the initiative stays (1 to 240)
    #[arg(long, env = "ICC_KEEP_SUBMITTER_MONTHS", value_name = "MONTHS", default_value_t = 24,
          value_parser = clap::value_parser!(u32).range(1..=240))]
    pub keep_submitter_months: u32,
    /// Days before that removal the submitter is told by e-mail (1 to 365, less than the
    /// months above)
    #[arg(long, env = "ICC_RETENTION_NOTICE_DAYS", value_name = "DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=365))]
    pub retention_notice_days: u32,
    /// Days a rejected or withdrawn submission is kept after its last change (1 to 3650)
    #[arg(long, env = "ICC_KEEP_REJECTED_DAYS", value_name = "DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub keep_rejected_days: u32,
    /// Months a submission sent back for changes is kept when its submitter does not answer
    /// (1 to 120)
    #[arg(long, env = "ICC_KEEP_CHANGES_REQUESTED_MONTHS", value_name = "MONTHS",
          default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub keep_changes_requested_months: u32,
    /// Days a sent (or given-up) e-mail, body and recipient, is kept (1 to 3650)
    #[arg(long, env = "ICC_KEEP_SENT_MAIL_DAYS", value_name = "DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub keep_sent_mail_days: u32,
}

impl Default for RetentionSettings {
    /// The documented defaults (the same as the flags').
    fn default() -> Self {
        let d = RetentionPeriods::default();
        Self {
            keep_submitter_months: d.identity_months,
            retention_notice_days: d.notice_days,
            keep_rejected_days: d.rejected_days,
            keep_changes_requested_months: d.changes_requested_months,
            keep_sent_mail_days: d.sent_mail_days,
        }
    }
}

impl RetentionSettings {
    /// The periods these settings give.
    ///
    /// # Errors
    /// When the notice would come before the submitter's details are even kept (the notice
    /// period is not shorter than the identity period).
    pub fn periods(&self) -> Result<RetentionPeriods, String> {
        let periods = RetentionPeriods {
            identity_months: self.keep_submitter_months,
            notice_days: self.retention_notice_days,
            rejected_days: self.keep_rejected_days,
            changes_requested_months: self.keep_changes_requested_months,
            sent_mail_days: self.keep_sent_mail_days,
        };
        if i64::from(periods.notice_days) >= i64::from(periods.identity_months) * 28 {
            return Err(format!(
                "ICC_RETENTION_NOTICE_DAYS ({}) must be shorter than ICC_KEEP_SUBMITTER_MONTHS \
                 ({} months)",
                periods.notice_days, periods.identity_months
            ));
        }
        Ok(periods)
    }
}

/// What a record needs for its fate to be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub status: ModerationStatus,
    pub updated_at: DateTime<Utc>,
    /// When a waiting edit was sent (an update too).
    pub revision_at: Option<DateTime<Utc>>,
    pub notice_at: Option<DateTime<Utc>>,
    /// Any submitter column (name, e-mail, role, consent, private link) holds something.
    pub has_identity: bool,
    /// The submitter's e-mail is known (a notice can be sent).
    pub has_email: bool,
}

/// What the periods say of a record now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Keep,
    /// Tell the submitter their details go on `on`.
    Notify {
        on: DateTime<Utc>,
    },
    /// Remove the submitter; the initiative stays.
    ClearIdentity,
    /// Delete the whole record (never public, or no longer).
    Delete(Deleted),
}

/// Why a record is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Rejected,
    Withdrawn,
    ChangesNeverMade,
}

fn months_before(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    at.checked_sub_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn months_after(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    at.checked_add_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The fate of one record at `now` under `periods`; `notices` when e-mail is on (the submitter
/// can be told before their details go).
pub fn fate(facts: &Facts, periods: &RetentionPeriods, now: DateTime<Utc>, notices: bool) -> Fate {
    use ModerationStatus as S;
    match facts.status {
        S::Rejected | S::Withdrawn => {
            if facts.updated_at <= now - Duration::days(i64::from(periods.rejected_days)) {
                Fate::Delete(if facts.status == S::Rejected {
                    Deleted::Rejected
                } else {
                    Deleted::Withdrawn
                })
            } else {
                Fate::Keep
            }
        }
        S::ChangesRequested => {
            if facts.updated_at <= months_before(now, periods.changes_requested_months) {
                Fate::Delete(Deleted::ChangesNeverMade)
            } else {
                Fate::Keep
            }
        }
        S::Pending => Fate::Keep,
        S::Published | S::Archived => {
            if !facts.has_identity {
                return Fate::Keep;
            }
            let last = facts
                .revision_at
                .map_or(facts.updated_at, |r| Ord::max(r, facts.updated_at));
            let due = months_after(last, periods.identity_months);
            let notice = Duration::days(i64::from(periods.notice_days));
            if !(notices && facts.has_email) {
                return if now >= due {
                    Fate::ClearIdentity
                } else {
                    Fate::Keep
                };
            }
            match facts.notice_at.filter(|n| *n >= last) {
                None if now >= due - notice => Fate::Notify {
                    on: Ord::max(due, now + notice),
                },
                None => Fate::Keep,
                Some(told) if now >= Ord::max(due, told + notice) => Fate::ClearIdentity,
                Some(_) => Fate::Keep,
            }
        }
    }
}

/// Whether a run changes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only count what would be done.
    DryRun,
    Apply,
}

/// What a run did (or, dry, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub notices: u32,
    pub identities_cleared: u32,
    pub rejected_deleted: u32,
    pub withdrawn_deleted: u32,
    pub changes_never_made_deleted: u32,
    pub mails_deleted: u64,
    /// Records that changed while the run looked at them: left for the next run.
    pub skipped: u32,
}

impl Report {
    /// Records (and e-mails) acted upon.
    pub fn total(&self) -> u64 {
        u64::from(
            self.notices
                + self.identities_cleared
                + self.rejected_deleted
                + self.withdrawn_deleted
                + self.changes_never_made_deleted,
        ) + self.mails_deleted
    }

    fn count(&mut self, fate: Fate) {
        match fate {
            Fate::Keep => {}
            Fate::Notify { .. } => self.notices += 1,
            Fate::ClearIdentity => self.identities_cleared += 1,
            Fate::Delete(Deleted::Rejected) => self.rejected_deleted += 1,
            Fate::Delete(Deleted::Withdrawn) => self.withdrawn_deleted += 1,
            Fate::Delete(Deleted::ChangesNeverMade) => self.changes_never_made_deleted += 1,
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "notices {}, submitters removed {}, rejected deleted {}, withdrawn deleted {}, \
             unanswered change requests deleted {}, e-mails deleted {}, left for the next run {}",
            self.notices,
            self.identities_cleared,
            self.rejected_deleted,
            self.withdrawn_deleted,
            self.changes_never_made_deleted,
            self.mails_deleted,
            self.skipped
        )
    }
}

/// The rows a run looks at: every one that may have a fate other than `Keep` (a coarse filter;
/// `fate` decides). Read in pages by id, without the text columns.
fn candidates(periods: &RetentionPeriods, now: DateTime<Utc>) -> Condition {
    use initiative::Column as C;
    use ModerationStatus as S;
    let notice_from = months_before(now, periods.identity_months)
        + Duration::days(i64::from(periods.notice_days));
    Condition::any()
        .add(
            Condition::all()
                .add(C::ModerationStatus.is_in([S::Rejected, S::Withdrawn]))
                .add(C::UpdatedAt.lte(now - Duration::days(i64::from(periods.rejected_days)))),
        )
        .add(
            Condition::all()
                .add(C::ModerationStatus.eq(S::ChangesRequested))
                .add(C::UpdatedAt.lte(months_before(now, periods.changes_requested_months))),
        )
        .add(
            Condition::all()
                .add(C::ModerationStatus.is_in([S::Published, S::Archived]))
                .add(C::UpdatedAt.lte(notice_from))
                .add(
                    Condition::any()
                        .add(C::SubmitterName.is_not_null())
                        .add(C::SubmitterEmail.is_not_null())
                        .add(C::SubmitterRole.is_not_null())
                        .add(C::ConsentAt.is_not_null())
                        .add(C::ManageTokenHash.is_not_null()),
                ),
        )
}

/// A page of rows read at a time.
const PAGE: u64 = 200;

/// Applies the periods at `now` (or, with `Mode::DryRun`, counts what it would do). With
/// `notices` on, notices are queued for the mail worker in the same transaction that records
/// them. Every record is its own transaction (module doc).
///
/// # Errors
/// When the database fails; what was done before stays done.
pub async fn purge(
    db: &DatabaseConnection,
    periods: &RetentionPeriods,
    now: DateTime<Utc>,
    mode: Mode,
    notices: Notices<'_>,
) -> Result<Report, DbErr> {
    use initiative::Column as C;
    let mut report = Report::default();
    let mut after = 0;
    loop {
        let rows = initiative::Entity::find()
            .filter(candidates(periods, now))
            .filter(C::Id.gt(after))
            .order_by_asc(C::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in rows {
            let facts = Facts {
                status: row.moderation_status,
                updated_at: row.updated_at,
                revision_at: row.revision_at,
                notice_at: row.retention_notice_at,
                has_identity: row.submitter_name.is_some()
                    || row.submitter_email.is_some()
                    || row.submitter_role.is_some()
                    || row.consent_at.is_some()
                    || row.manage_token_hash.is_some(),
                has_email: row.submitter_email.is_some(),
            };
            let fate = fate(&facts, periods, now, notices != Notices::Off);
            if fate == Fate::Keep {
                continue;
            }
            if mode == Mode::Apply && !apply(db, &row, fate, now, notices).await? {
                report.skipped += 1;
                continue;
            }
            report.count(fate);
        }
    }
    report.mails_deleted = match mode {
        Mode::DryRun => old_mail(periods, now).count(db).await?,
        Mode::Apply => {
            mail_message::Entity::delete_many()
                .filter(old_mail_condition(periods, now))
                .exec(db)
                .await?
                .rows_affected
        }
    };
    if mode == Mode::Apply && report.total() > 0 {
        log(
            db,
            Actor::Retention,
            "purge",
            usize::try_from(report.total()).unwrap_or(usize::MAX),
            &report.to_string(),
            now,
        )
        .await?;
    }
    Ok(report)
}

fn old_mail_condition(periods: &RetentionPeriods, now: DateTime<Utc>) -> Condition {
    use crate::domain::MailState;
    use mail_message::Column as C;
    Condition::all()
        .add(C::State.ne(MailState::Queued))
        .add(C::CreatedAt.lte(now - Duration::days(i64::from(periods.sent_mail_days))))
}

fn old_mail(
    periods: &RetentionPeriods,
    now: DateTime<Utc>,
) -> sea_orm::Select<mail_message::Entity> {
    mail_message::Entity::find().filter(old_mail_condition(periods, now))
}

/// One record's fate, in one transaction; `false` when the record changed since it was read.
async fn apply(
    db: &DatabaseConnection,
    row: &initiative::Model,
    fate: Fate,
    now: DateTime<Utc>,
    notices: Notices<'_>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let done = match fate {
        Fate::Keep => false,
        Fate::Notify { on } => {
            use initiative::Column as C;
            let marked = initiative::Entity::update_many()
                .col_expr(C::RetentionNoticeAt, Expr::value(now))
                .filter(C::Id.eq(row.id))
                .filter(C::Version.eq(row.version))
                .exec(&txn)
                .await?;
            if marked.rows_affected == 1 {
                if let (Notices::On { site }, Some(to)) = (notices, &row.submitter_email) {
                    let language = row.submitter_language.unwrap_or(UiLanguage::En);
                    let letter = text::retention_notice(
                        language,
                        site,
                        row.submitter_name.as_deref().unwrap_or_default(),
                        &row.title,
                        &on.date_naive().to_string(),
                    );
                    mail::enqueue(
                        &txn,
                        MailKind::RetentionNotice,
                        to,
                        letter,
                        Some(row.id),
                        now,
                    )
                    .await?;
                }
            }
            marked.rows_affected == 1
        }
        Fate::ClearIdentity => clear_identity(&txn, row.id, row.version).await?,
        Fate::Delete(_) => delete_record(&txn, row.id, row.version).await?,
    };
    if done {
        txn.commit().await?;
    } else {
        txn.rollback().await?;
    }
    Ok(done)
}

/// Claims this hour's run for this instance: `false` when it is not due or another instance
/// holds it. One conditional update on the one `retention_runs` row.
///
/// # Errors
/// When the database fails.
pub async fn claim_run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Option<i32>, DbErr> {
    use retention_run::Column as C;
    let Some(run) = retention_run::Entity::find_by_id(1).one(db).await? else {
        return Ok(None);
    };
    if run.last_at.is_some_and(|last| now - last < RUN_EVERY)
        || run.claimed_until.is_some_and(|until| until > now)
    {
        return Ok(None);
    }
    let claimed = retention_run::Entity::update_many()
        .col_expr(C::Runs, Expr::col(C::Runs).add(1))
        .col_expr(C::ClaimedUntil, Expr::value(now + RUN_CLAIM))
        .col_expr(C::LastAt, Expr::value(now))
        .filter(C::Id.eq(1))
        .filter(C::Runs.eq(run.runs))
        .exec(db)
        .await?;
    Ok((claimed.rows_affected == 1).then_some(run.runs + 1))
}

/// Releases a run claimed as `run` (it stays recorded as this hour's).
async fn release_run(db: &DatabaseConnection, run: i32) -> Result<(), DbErr> {
    use retention_run::Column as C;
    retention_run::Entity::update_many()
        .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(C::Id.eq(1))
        .filter(C::Runs.eq(run))
        .exec(db)
        .await?;
    Ok(())
}

/// The job's step: applies the periods when this instance claims the run; `None` when not
/// due here.
///
/// # Errors
/// When the database fails.
pub async fn run_if_due(
    db: &DatabaseConnection,
    periods: &RetentionPeriods,
    now: DateTime<Utc>,
    notices: Notices<'_>,
) -> Result<Option<Report>, DbErr> {
    let Some(run) = claim_run(db, now).await? else {
        return Ok(None);
    };
    let report = purge(db, periods, now, Mode::Apply, notices).await;
    release_run(db, run).await?;
    report.map(Some)
}

/// The running job; [`Job::stop`] ends it.
pub struct Job {
    stop: tokio::sync::watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

/// Starts the job: every `LOOK_EVERY` it runs the periods when due (at most once an hour
/// across instances), logging counts only. `site` is the public origin when e-mail is on
/// (notices are queued), `None` otherwise.
pub fn start(db: DatabaseConnection, periods: RetentionPeriods, site: Option<String>) -> Job {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(async move {
        loop {
            let notices = site
                .as_deref()
                .map_or(Notices::Off, |site| Notices::On { site });
            match run_if_due(&db, &periods, Utc::now(), notices).await {
                Ok(Some(r)) => tracing::info!(
                    notices = r.notices,
                    submitters_removed = r.identities_cleared,
                    rejected_deleted = r.rejected_deleted,
                    withdrawn_deleted = r.withdrawn_deleted,
                    changes_never_made_deleted = r.changes_never_made_deleted,
                    mails_deleted = r.mails_deleted,
                    skipped = r.skipped,
                    "retention periods applied"
                ),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "the retention job could not run"),
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
    /// Stops the job, letting a record under way finish (each is its own transaction).
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ModerationStatus as S;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn published(updated: DateTime<Utc>) -> Facts {
        Facts {
            status: S::Published,
            updated_at: updated,
            revision_at: None,
            notice_at: None,
            has_identity: true,
            has_email: true,
        }
    }

    #[test]
    fn a_published_submitter_is_told_thirty_days_before_and_removed_no_sooner() {
        let p = RetentionPeriods::default();
        let f = published(at(2026, 1, 15));
        assert_eq!(fate(&f, &p, at(2027, 12, 15), true), Fate::Keep);
        assert_eq!(
            fate(&f, &p, at(2027, 12, 16), true),
            Fate::Notify {
                on: at(2028, 1, 15)
            }
        );
        // Told late (the job was off): the removal waits the whole notice period.
        assert_eq!(
            fate(&f, &p, at(2028, 3, 1), true),
            Fate::Notify {
                on: at(2028, 3, 31)
            }
        );
        let told = Facts {
            notice_at: Some(at(2027, 12, 16)),
            ..f.clone()
        };
        assert_eq!(fate(&told, &p, at(2028, 1, 14), true), Fate::Keep);
        assert_eq!(fate(&told, &p, at(2028, 1, 15), true), Fate::ClearIdentity);
    }

    #[test]
    fn an_update_after_the_notice_starts_the_period_again() {
        let p = RetentionPeriods::default();
        let f = Facts {
            notice_at: Some(at(2027, 12, 16)),
            revision_at: Some(at(2028, 1, 2)),
            ..published(at(2026, 1, 15))
        };
        assert_eq!(fate(&f, &p, at(2028, 2, 1), true), Fate::Keep);
        assert_eq!(
            fate(&f, &p, at(2029, 12, 3), true),
            Fate::Notify { on: at(2030, 1, 2) }
        );
    }

    #[test]
    fn without_e_mail_the_submitter_is_removed_when_the_period_ends() {
        let p = RetentionPeriods::default();
        let f = published(at(2026, 1, 15));
        assert_eq!(fate(&f, &p, at(2028, 1, 14), false), Fate::Keep);
        assert_eq!(fate(&f, &p, at(2028, 1, 15), false), Fate::ClearIdentity);
        let no_address = Facts {
            has_email: false,
            ..f
        };
        assert_eq!(
            fate(&no_address, &p, at(2028, 1, 15), true),
            Fate::ClearIdentity
        );
    }

    #[test]
    fn rejected_withdrawn_and_unanswered_submissions_are_deleted_and_pending_ones_kept() {
        let p = RetentionPeriods::default();
        let f = |status| Facts {
            status,
            ..published(at(2026, 1, 1))
        };
        assert_eq!(fate(&f(S::Rejected), &p, at(2026, 3, 31), true), Fate::Keep);
        assert_eq!(
            fate(&f(S::Rejected), &p, at(2026, 4, 1), true),
            Fate::Delete(Deleted::Rejected)
        );
        assert_eq!(
            fate(&f(S::Withdrawn), &p, at(2026, 4, 1), true),
            Fate::Delete(Deleted::Withdrawn)
        );
        assert_eq!(
            fate(&f(S::ChangesRequested), &p, at(2026, 6, 30), true),
            Fate::Keep
        );
        assert_eq!(
            fate(&f(S::ChangesRequested), &p, at(2026, 7, 1), true),
            Fate::Delete(Deleted::ChangesNeverMade)
        );
        assert_eq!(fate(&f(S::Pending), &p, at(2036, 1, 1), true), Fate::Keep);
    }

    #[test]
    fn a_record_without_a_submitter_is_kept_as_it_is() {
        let f = Facts {
            has_identity: false,
            has_email: false,
            ..published(at(2020, 1, 1))
        };
        assert_eq!(
            fate(&f, &RetentionPeriods::default(), at(2030, 1, 1), true),
            Fate::Keep
        );
    }

    #[test]
    fn a_notice_period_as_long_as_the_identity_period_is_refused() {
        let settings = RetentionSettings {
            keep_submitter_months: 1,
            retention_notice_days: 30,
            ..RetentionSettings::default()
        };
        assert!(settings
            .periods()
            .unwrap_err()
            .contains("ICC_RETENTION_NOTICE_DAYS"));
        assert_eq!(
            RetentionSettings::default().periods().unwrap(),
            RetentionPeriods::default()
        );
    }
}
