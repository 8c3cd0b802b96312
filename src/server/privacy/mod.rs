//! Personal data handled by code (issue 19): the retention periods applied by a scheduled job
//! (`retention`), and the person's rights — erasure through the private link or by a
//! moderator, and the moderators' export of one person's submissions (`rights`). Both write
//! the audit trail (`privacy_log`) with counts and initiative numbers, never the address of the
//! person concerned.
//!
//! Why a module of its own: every rule about how long personal data lives and how it is
//! removed is in one place, next to the periods the privacy notice states, so the notice, the
//! code and docs/privacy.md can be read side by side.

pub mod retention;
pub mod rights;

use crate::server::store::entities::{initiative, mail_message, privacy_log};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
};

/// Who removed or read personal data, as the audit trail names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor<'a> {
    /// The submitter, through their private link.
    Submitter,
    /// A signed-in moderator (their own address is kept: moderators' accountability).
    Moderator(&'a str),
    /// The retention job.
    Retention,
}

impl Actor<'_> {
    fn name(self) -> &'static str {
        match self {
            Self::Submitter => "submitter",
            Self::Moderator(_) => "moderator",
            Self::Retention => "retention",
        }
    }
}

/// Adds one entry to the audit trail.
///
/// # Errors
/// When the database refuses the row.
pub async fn log<C: ConnectionTrait>(
    db: &C,
    actor: Actor<'_>,
    action: &str,
    records: usize,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    privacy_log::Entity::insert(privacy_log::ActiveModel {
        id: NotSet,
        at: Set(now),
        actor: Set(actor.name().to_owned()),
        moderator_email: Set(match actor {
            Actor::Moderator(m) => Some(m.to_owned()),
            _ => None,
        }),
        action: Set(action.to_owned()),
        records: Set(i32::try_from(records).unwrap_or(i32::MAX)),
        detail: Set(detail.to_owned()),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The one way a record loses its submitter, inside the caller's transaction: if the row is
/// still at `version`, its personal columns are emptied (name, e-mail, role, consent time,
/// private link, the waiting edit that holds them, the submitter's language, the retention
/// notice) and its version moves on, and the e-mails about it leave the queue. `false` when the
/// row changed meanwhile (nothing written). The public columns are not touched: a published
/// initiative stays as it is.
///
/// # Errors
/// When the database fails.
pub(crate) async fn clear_identity<C: ConnectionTrait>(
    db: &C,
    id: i32,
    version: i32,
) -> Result<bool, DbErr> {
    use initiative::Column as C;
    let none_text = || Expr::value(Option::<String>::None);
    let none_time = || Expr::value(Option::<DateTime<Utc>>::None);
    let done = initiative::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::SubmitterName, none_text())
        .col_expr(C::SubmitterEmail, none_text())
        .col_expr(C::SubmitterRole, none_text())
        .col_expr(C::ConsentAt, none_time())
        .col_expr(C::ManageTokenHash, none_text())
        // The reminder's private link ends with the person's (issue 23).
        .col_expr(C::ReminderTokenHash, none_text())
        .col_expr(C::Revision, none_text())
        .col_expr(C::RevisionAt, none_time())
        .col_expr(C::SubmitterLanguage, none_text())
        .col_expr(C::RetentionNoticeAt, none_time())
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(version))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Ok(false);
    }
    forget_mail(db, id).await?;
    Ok(true)
}

/// The one way a record that is wholly personal (never public, or no longer) is deleted,
/// inside the caller's transaction: if the row is still at `version`, its version is bumped
/// first (the claim, which also takes SQLite's write lock), its e-mails leave the queue and
/// the row goes with its types, commitments, versions and history (cascading keys). `false`
/// when the row changed meanwhile.
///
/// # Errors
/// When the database fails.
pub(crate) async fn delete_record<C: ConnectionTrait>(
    db: &C,
    id: i32,
    version: i32,
) -> Result<bool, DbErr> {
    use initiative::Column as C;
    let claimed = initiative::Entity::update_many()
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(version))
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(false);
    }
    forget_mail(db, id).await?;
    initiative::Entity::delete_many()
        .filter(C::Id.eq(id))
        .exec(db)
        .await?;
    Ok(true)
}

/// Deletes every queued or kept e-mail about initiative `id` (their recipient is the
/// submitter).
async fn forget_mail<C: ConnectionTrait>(db: &C, id: i32) -> Result<(), DbErr> {
    mail_message::Entity::delete_many()
        .filter(mail_message::Column::InitiativeId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
