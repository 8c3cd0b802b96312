//! The person's rights on request: the submitter erases their own personal data through the
//! private link; a moderator finds one person's submissions by their e-mail address, exports
//! them (JSON, for a request of access or portability) or erases them.
//!
//! Erasure removes the person, not the public record: a published or archived initiative
//! stays public without its submitter (`clear_identity`); a submission that is not public is
//! wholly theirs and is deleted (`delete_record`). Either way the private link stops working.
//! Each request is one transaction with its audit entry (`privacy_log`: who acted, how many
//! records, their numbers — never the address asked about), so it is done wholly or not at
//! all; asking again finds nothing more to do. Only rows whose submitter's address is the one
//! asked about (compared without regard to case) are read or changed.

use crate::domain::{ContactEmail, ModerationStatus};
use crate::server::accounts::secrets::looks_like_token;
use crate::server::privacy::{clear_identity, delete_record, log, Actor};
use crate::server::store::entities::{initiative, mail_message, moderation_event};
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;

/// What an erasure did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    /// Published or archived initiatives that stay, without their submitter.
    pub kept_public: u32,
    /// Submissions deleted whole.
    pub deleted: u32,
}

impl Erased {
    pub fn total(self) -> u32 {
        self.kept_public + self.deleted
    }
}

/// Whether a record stays public once its submitter is removed.
fn stays_public(status: ModerationStatus) -> bool {
    matches!(
        status,
        ModerationStatus::Published | ModerationStatus::Archived
    )
}

/// Removes one row's person inside `txn`; `false` when it changed meanwhile.
async fn erase_row<C: ConnectionTrait>(
    txn: &C,
    row: &initiative::Model,
    erased: &mut Erased,
) -> Result<bool, DbErr> {
    if stays_public(row.moderation_status) {
        let done = clear_identity(txn, row.id, row.version).await?;
        erased.kept_public += u32::from(done);
        Ok(done)
    } else {
        let done = delete_record(txn, row.id, row.version).await?;
        erased.deleted += u32::from(done);
        Ok(done)
    }
}

/// Why an erasure did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    /// The link matches nothing (never did, or already erased).
    #[error("no such submission")]
    NotFound,
    /// The record changed while it was being erased: ask again.
    #[error("the submission changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The submitter erases their personal data through their private link `token`.
///
/// # Errors
/// `NotFound` for a link that matches nothing (also the second time), `Conflict` when the
/// record changed meanwhile (nothing was changed), `Db` when the database fails.
pub async fn erase_by_token(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Erased, EraseError> {
    if !looks_like_token(token) {
        return Err(EraseError::NotFound);
    }
    let row = crate::server::store::submissions::row_by_token(db, token)
        .await?
        .ok_or(EraseError::NotFound)?;
    let txn = db.begin().await?;
    let mut erased = Erased::default();
    if !erase_row(&txn, &row, &mut erased).await? {
        txn.rollback().await?;
        return Err(EraseError::Conflict);
    }
    log(
        &txn,
        Actor::Submitter,
        "erase",
        1,
        &format!("initiative {}", row.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(erased)
}

/// The rows whose submitter's address is `email` (without regard to case), oldest first.
async fn rows_of<C: ConnectionTrait>(
    db: &C,
    email: &ContactEmail,
) -> Result<Vec<initiative::Model>, DbErr> {
    initiative::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(initiative::Column::SubmitterEmail)))
                .eq(email.as_str().to_lowercase()),
        )
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await
}

/// One submission of a person, as a moderator finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: i32,
    pub title: String,
    pub city: String,
    pub status: ModerationStatus,
}

/// A person's submissions, found by their e-mail address.
///
/// # Errors
/// When the database fails.
pub async fn find(db: &DatabaseConnection, email: &ContactEmail) -> Result<Vec<Found>, DbErr> {
    Ok(rows_of(db, email)
        .await?
        .into_iter()
        .map(|r| Found {
            id: r.id,
            title: r.title,
            city: r.city,
            status: r.moderation_status,
        })
        .collect())
}

/// Everything the site holds about a person, as the export gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    /// The address asked about.
    pub email: String,
    pub exported_at: String,
    pub submissions: Vec<ExportedSubmission>,
}

/// One submission in an export: the person's data, what they wrote, its history and the
/// e-mails about it still kept.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedSubmission {
    pub id: i32,
    pub status: &'static str,
    pub submitter_name: Option<String>,
    pub submitter_email: Option<String>,
    pub submitter_role: Option<String>,
    pub submitter_language: Option<&'static str>,
    pub consent_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub city: String,
    pub country: String,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub moderator_note: Option<String>,
    /// An edit waiting for review, as sent (JSON).
    pub waiting_edit: Option<serde_json::Value>,
    pub history: Vec<ExportedEvent>,
    pub emails: Vec<ExportedMail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedEvent {
    pub at: String,
    pub action: String,
    pub reason: Option<String>,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedMail {
    pub kind: &'static str,
    pub state: &'static str,
    pub subject: String,
    pub created_at: String,
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A person's submissions as JSON, for a request of access; recorded in the audit trail
/// (by `moderator`, with the numbers of the submissions, not the address).
///
/// # Errors
/// When the database fails.
pub async fn export(
    db: &DatabaseConnection,
    email: &ContactEmail,
    moderator: &str,
    now: DateTime<Utc>,
) -> Result<Export, DbErr> {
    let rows = rows_of(db, email).await?;
    let mut submissions = Vec::with_capacity(rows.len());
    for r in &rows {
        let history = moderation_event::Entity::find()
            .filter(moderation_event::Column::InitiativeId.eq(r.id))
            .order_by_asc(moderation_event::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|e| ExportedEvent {
                at: time(e.at),
                action: e.action,
                reason: e.reason,
                status: e.to_status.as_str(),
            })
            .collect();
        let emails = mail_message::Entity::find()
            .filter(mail_message::Column::InitiativeId.eq(r.id))
            .order_by_asc(mail_message::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|m| ExportedMail {
                kind: m.kind.as_str(),
                state: m.state.as_str(),
                subject: m.subject,
                created_at: time(m.created_at),
            })
            .collect();
        submissions.push(ExportedSubmission {
            id: r.id,
            status: r.moderation_status.as_str(),
            submitter_name: r.submitter_name.clone(),
            submitter_email: r.submitter_email.clone(),
            submitter_role: r.submitter_role.clone(),
            submitter_language: r.submitter_language.map(|l| l.as_str()),
            consent_at: r.consent_at.map(time),
            created_at: time(r.created_at),
            updated_at: time(r.updated_at),
            published_at: r.published_at.map(time),
            title: r.title.clone(),
            summary: r.summary.clone(),
            description: r.description.clone(),
            city: r.city.clone(),
            country: r.country.clone(),
            website: r.website.clone(),
            contact_email: r.contact_email.clone(),
            moderator_note: r.moderator_note.clone(),
            waiting_edit: r
                .revision
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
            history,
            emails,
        });
    }
    log(
        db,
        Actor::Moderator(moderator),
        "export",
        rows.len(),
        &numbers(&rows),
        now,
    )
    .await?;
    Ok(Export {
        email: email.as_str().to_owned(),
        exported_at: time(now),
        submissions,
    })
}

fn numbers(rows: &[initiative::Model]) -> String {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    format!("initiatives {}", ids.join(", "))
}

/// A moderator erases every submission of the person at `email`, in one transaction with its
/// audit entry. Nothing found is no error (already erased): the answer counts nothing.
///
/// # Errors
/// `Conflict` when one of the records changed meanwhile (nothing was changed), `Db` when the
/// database fails.
pub async fn erase_by_email(
    db: &DatabaseConnection,
    email: &ContactEmail,
    moderator: &str,
    now: DateTime<Utc>,
) -> Result<Erased, EraseError> {
    // Read first, then a transaction whose first statement is a write (SQLite's lock at once);
    // each write re-checks its row's version, so a row changed in between is a `Conflict`.
    let rows = rows_of(db, email).await?;
    if rows.is_empty() {
        return Ok(Erased::default());
    }
    let txn = db.begin().await?;
    let mut erased = Erased::default();
    for row in &rows {
        if !erase_row(&txn, row, &mut erased).await? {
            txn.rollback().await?;
            return Err(EraseError::Conflict);
        }
    }
    log(
        &txn,
        Actor::Moderator(moderator),
        "erase",
        rows.len(),
        &numbers(&rows),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(erased)
}
