//! The life of a submission in the database: storing it, what its submitter sees behind the
//! private link, edits and withdrawal, every moderator action with its history, and the
//! moderation queue. Reads return the domain's values (`ManagedSubmission`, `ReviewItem`,
//! `ModerationQueue`); the server functions turn them into views. Every change of state goes
//! through one helper, `transition` (a `Step`: the submitter's edit or withdrawal, a
//! moderator's decision or correction), so the checks, the optimistic locking (`version`), the
//! history and the transaction are written once. Each transaction starts with a write, so
//! SQLite takes its write lock at once (a read first would fail with "database is locked"
//! under concurrency). The e-mails a change causes (the confirmation, a decision told to the
//! submitter) are queued in the same transaction (`mail::queue`).

use crate::domain::{
    changed_fields, Actor, CountryCode, HistoryAction, HistoryEvent, MailKind, ManagedSubmission,
    ModerationAction, ModerationQueue, ModerationStatus, NewInitiative, Origin, QueueEntry,
    QueueFilter, QueueState, ReviewItem, ShownText, Submission, SubmissionId, SubmitForm,
    TransitionError, Translation, UiLanguage, VersionPart, VersionSource, QUEUE_LIMIT,
};
use crate::server::accounts::secrets::{hash_token, looks_like_token, new_token, submission_token};
use crate::server::mail::queue::{self as mail, Notices};
use crate::server::mail::text::{self, Decision};
use crate::server::store::entities::{
    initiative, initiative_commitment, initiative_translation, initiative_type, moderation_event,
};
use crate::server::store::initiatives::{
    content_columns, day, free_slug, minute, new_translation_rows, relations, slug_base,
    translations_from, translations_of, write_translations,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// Why a change to a submission did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("no such initiative")]
    NotFound,
    /// Someone else changed it since the form was loaded.
    #[error("the initiative changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the edit is not valid: {0:?}")]
    Invalid(Vec<crate::domain::FieldProblem>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A stored submission and the private token of its manage link (shown once, never stored).
pub struct Created {
    pub id: i32,
    pub token: String,
}

/// Replaces the types and commitments of an initiative.
async fn write_relations<C: ConnectionTrait>(
    db: &C,
    id: i32,
    i: &NewInitiative,
) -> Result<(), DbErr> {
    initiative_type::Entity::delete_many()
        .filter(initiative_type::Column::InitiativeId.eq(id))
        .exec(db)
        .await?;
    initiative_commitment::Entity::delete_many()
        .filter(initiative_commitment::Column::InitiativeId.eq(id))
        .exec(db)
        .await?;
    initiative_type::Entity::insert_many(i.types.iter().map(|t| initiative_type::ActiveModel {
        initiative_id: Set(id),
        type_slug: Set(t.slug().to_owned()),
    }))
    .exec(db)
    .await?;
    if !i.commitments.is_empty() {
        initiative_commitment::Entity::insert_many(i.commitments.iter().map(|c| {
            initiative_commitment::ActiveModel {
                initiative_id: Set(id),
                commitment: Set(i16::from(c.number())),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Writes the public content columns, relations and versions of the text (the row's lock is
/// already held; `row` is as it was before). New or changed versions are `author`'s.
async fn write_content<C: ConnectionTrait>(
    db: &C,
    row: &initiative::Model,
    i: &NewInitiative,
    author: VersionSource,
) -> Result<(), DbErr> {
    initiative::Entity::update_many()
        .set(content_columns(i))
        .filter(initiative::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    write_relations(db, row.id, i).await?;
    write_translations(db, row, i, author, Utc::now()).await?;
    Ok(())
}

async fn record<C: ConnectionTrait>(
    db: &C,
    id: i32,
    actor: Actor,
    moderator: Option<&str>,
    action: &str,
    reason: Option<&str>,
    from: Option<ModerationStatus>,
    to: ModerationStatus,
) -> Result<(), DbErr> {
    moderation_event::Entity::insert(moderation_event::ActiveModel {
        id: NotSet,
        initiative_id: Set(id),
        at: Set(Utc::now()),
        actor: Set(actor),
        moderator_email: Set(moderator.map(str::to_owned)),
        action: Set(action.to_owned()),
        reason: Set(reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)),
        from_status: Set(from),
        to_status: Set(to),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Stores a new submission as pending review, in one transaction, before anything is shown to
/// the submitter, with the interface language they used. Its slug is a placeholder until a
/// moderator publishes it. With `notices` on, the confirmation holding the manage link is
/// queued in the same transaction (the only moment the link is known).
///
/// # Errors
/// When the database refuses the rows.
pub async fn submit(
    db: &DatabaseConnection,
    s: &Submission,
    language: UiLanguage,
    notices: Notices<'_>,
) -> Result<Created, DbErr> {
    submit_once(db, s, language, notices, None).await
}

/// What an earlier submission with this id became: its row and its manage link's token
/// (derived from the id, [`submission_token`]). `None` when no row has this id.
///
/// # Errors
/// Database failures.
pub async fn submitted_with(
    db: &DatabaseConnection,
    id: &SubmissionId,
) -> Result<Option<(Created, String)>, DbErr> {
    let found = initiative::Entity::find()
        .filter(initiative::Column::SubmissionKey.eq(hash_token(id.as_str())))
        .one(db)
        .await?;
    Ok(found.map(|row| {
        (
            Created {
                id: row.id,
                token: submission_token(id),
            },
            row.title,
        )
    }))
}

/// Like [`submit`], for a submission whose browser gave it an id (issue 18): the row keeps the
/// id's hash (unique), and its manage link's token is derived from the id, so the same id sent
/// again can be answered with the same link without the server keeping the token. A second
/// write with the same id fails on the unique index (the caller then answers with
/// [`submitted_with`]).
///
/// # Errors
/// Database failures, the unique index's among them.
pub async fn submit_once(
    db: &DatabaseConnection,
    s: &Submission,
    language: UiLanguage,
    notices: Notices<'_>,
    id: Option<&SubmissionId>,
) -> Result<Created, DbErr> {
    let token = id.map_or_else(new_token, submission_token);
    let now = Utc::now();
    let i = &s.initiative;
    let txn = db.begin().await?;
    let row = initiative::ActiveModel {
        id: NotSet,
        slug: Set(format!("draft-{}", &hash_token(&token)[..20])),
        source_url: Set(None),
        origin: Set(Origin::Submitted),
        submitter_name: Set(s.submitter.name.as_ref().map(|n| n.as_str().to_owned())),
        submitter_email: Set(Some(s.submitter.email.as_str().to_owned())),
        submitter_role: Set(s.submitter.role.as_ref().map(|r| r.as_str().to_owned())),
        consent_at: Set(Some(now)),
        moderation_status: Set(ModerationStatus::Pending),
        moderator_note: Set(None),
        manage_token_hash: Set(Some(hash_token(&token))),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(None),
        revision: Set(None),
        revision_at: Set(None),
        submitter_language: Set(Some(language)),
        text_version: Set(1),
        submission_key: Set(id.map(|id| hash_token(id.as_str()))),
        ..content_columns(i)
    };
    let id = initiative::Entity::insert(row)
        .exec(&txn)
        .await?
        .last_insert_id;
    write_relations(&txn, id, i).await?;
    let versions = new_translation_rows(id, i, now);
    if !versions.is_empty() {
        initiative_translation::Entity::insert_many(versions)
            .exec_without_returning(&txn)
            .await?;
    }
    record(
        &txn,
        id,
        Actor::Submitter,
        None,
        "submit",
        None,
        None,
        ModerationStatus::Pending,
    )
    .await?;
    if let Notices::On { site } = notices {
        let letter = text::confirmation(
            language,
            site,
            s.submitter.name_text(),
            i.title.as_str(),
            &format!("{site}/manage/{token}"),
        );
        let to = s.submitter.email.as_str();
        mail::enqueue(&txn, MailKind::Confirmation, to, letter, Some(id), now).await?;
    }
    txn.commit().await?;
    Ok(Created { id, token })
}

/// The stored content of a row as the form shows it.
async fn form_of<C: ConnectionTrait>(db: &C, row: &initiative::Model) -> Result<SubmitForm, DbErr> {
    Ok(stored_content(db, row).await?.0)
}

/// The stored content of a row as the form shows it, and its versions in the other languages
/// with who wrote each and whether it is out of date (which the form does not hold).
async fn stored_content<C: ConnectionTrait>(
    db: &C,
    row: &initiative::Model,
) -> Result<(SubmitForm, Vec<Translation>), DbErr> {
    let (mut types, mut commitments) = relations(db, Some(&[row.id])).await?;
    let versions = translations_of(db, Some(&[row.id]))
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    let mut form = SubmitForm {
        city: row.city.clone(),
        country: row.country.clone(),
        text_language: row.text_language.as_str().to_owned(),
        title: row.title.clone(),
        summary: row.summary.clone(),
        description: row.description.clone().unwrap_or_default(),
        types: types
            .remove(&row.id)
            .unwrap_or_default()
            .iter()
            .map(|t| t.slug().to_owned())
            .collect(),
        commitments: commitments
            .remove(&row.id)
            .unwrap_or_default()
            .iter()
            .map(|c| c.number().to_string())
            .collect(),
        activity: row.activity_status.as_str().to_owned(),
        start_date: row.start_date.map(|d| d.to_string()).unwrap_or_default(),
        end_date: row.end_date.map(|d| d.to_string()).unwrap_or_default(),
        website: row.website.clone().unwrap_or_default(),
        contact_email: row.contact_email.clone().unwrap_or_default(),
        languages: row
            .languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        submitter_name: row.submitter_name.clone().unwrap_or_default(),
        submitter_email: row.submitter_email.clone().unwrap_or_default(),
        submitter_role: row.submitter_role.clone().unwrap_or_default(),
        consent: row.consent_at.map(|_| "yes".to_owned()),
        ..SubmitForm::default()
    };
    let versions = translations_from(versions, row.text_version);
    for t in &versions {
        *form.version_part_mut(t.language, VersionPart::Title) = t.title.as_str().to_owned();
        *form.version_part_mut(t.language, VersionPart::Summary) = t.summary.as_str().to_owned();
        *form.version_part_mut(t.language, VersionPart::Description) = t
            .description
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default();
    }
    Ok((form, versions))
}

/// The edit waiting for review, as its form. Edits stored before the text's language was
/// asked for are in the row's language.
fn revision_form(row: &initiative::Model) -> Option<SubmitForm> {
    row.revision
        .as_deref()
        .and_then(|json| serde_json::from_str::<SubmitForm>(json).ok())
        .map(|mut form| {
            if form.text_language.trim().is_empty() {
                form.text_language = row.text_language.as_str().to_owned();
            }
            form
        })
}

/// The history of an item, oldest first (events of an unknown action left out). Submitters do
/// not see moderators' addresses.
async fn history<C: ConnectionTrait>(
    db: &C,
    id: i32,
    for_moderators: bool,
) -> Result<Vec<HistoryEvent>, DbErr> {
    let rows = moderation_event::Entity::find()
        .filter(moderation_event::Column::InitiativeId.eq(id))
        .order_by_asc(moderation_event::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .filter_map(|e| {
            let action = if e.action == "submit" {
                HistoryAction::Submitted
            } else {
                HistoryAction::Took(ModerationAction::parse(&e.action).ok()?)
            };
            Some(minute(e.at).map(|at| HistoryEvent {
                at,
                actor: e.actor,
                moderator: e.moderator_email.filter(|_| for_moderators),
                action,
                reason: e.reason,
                status: e.to_status,
            }))
        })
        .collect()
}

/// The row behind a private link: the manage link given at submission, or the one the last
/// reminder carried (issue 23).
pub(crate) async fn row_by_token<C: ConnectionTrait>(
    db: &C,
    token: &str,
) -> Result<Option<initiative::Model>, DbErr> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let hash = hash_token(token);
    initiative::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(initiative::Column::ManageTokenHash.eq(hash.clone()))
                .add(initiative::Column::ReminderTokenHash.eq(hash)),
        )
        .one(db)
        .await
}

/// The city, through its private link, says where its published initiative stands.
///
/// # Errors
/// `NotFound` for an unknown link, `Conflict` when it changed since `version`, `Transition`
/// when it is not published.
pub async fn stand_by_token(
    db: &DatabaseConnection,
    token: &str,
    version: i32,
    standing: Standing,
) -> Result<ModerationStatus, ServiceError> {
    Ok(stand_item(db, token, version, standing).await?.1)
}

/// As [`stand_by_token`], also giving the initiative's id (what the directory applies).
///
/// # Errors
/// As [`stand_by_token`].
pub async fn stand_item(
    db: &DatabaseConnection,
    token: &str,
    version: i32,
    standing: Standing,
) -> Result<(i32, ModerationStatus), ServiceError> {
    let row = row_by_token(db, token).await?;
    let id = row.as_ref().map_or(0, |r| r.id);
    let step = Step::Stand {
        standing,
        by: Actor::Submitter,
        moderator: None,
        note: "",
    };
    Ok((id, transition(db, row, version, step).await?))
}

/// A moderator records what the city said by phone or letter, with `note` in the history.
///
/// # Errors
/// As [`stand_by_token`].
pub async fn stand_by_moderator(
    db: &DatabaseConnection,
    id: i32,
    version: i32,
    standing: Standing,
    moderator: &str,
    note: &str,
) -> Result<ModerationStatus, ServiceError> {
    let row = initiative::Entity::find_by_id(id).one(db).await?;
    let step = Step::Stand {
        standing,
        by: Actor::Moderator,
        moderator: Some(moderator),
        note,
    };
    transition(db, row, version, step).await
}

/// The submission behind a manage link, as its submitter sees it; `None` when the link matches
/// nothing.
///
/// # Errors
/// When the database fails, or holds a time outside the years the domain accepts.
pub async fn managed_submission(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<ManagedSubmission>, DbErr> {
    let Some(row) = row_by_token(db, token).await? else {
        return Ok(None);
    };
    let status = row.moderation_status;
    let revision = revision_form(&row);
    let content = match &revision {
        Some(f) => f.clone(),
        None => form_of(db, &row).await?,
    };
    Ok(Some(ManagedSubmission {
        status,
        moderator_note: row.moderator_note.clone(),
        title: row.title.clone(),
        public_slug: (status == ModerationStatus::Published).then(|| row.slug.clone()),
        content,
        revision_pending: revision.is_some(),
        version: row.version,
        submitted: day(row.created_at)?,
        history: history(db, row.id, false).await?,
        confirmed_on: row
            .confirmed_on
            .map(crate::server::store::initiatives::from_naive)
            .transpose()?,
        activity: row.activity_status,
        end_date: row
            .end_date
            .map(crate::server::store::initiatives::from_naive)
            .transpose()?,
    }))
}

/// One step in a submission's life that changes its state, with what that step writes besides
/// the state: the submitter's edit or withdrawal, a moderator's decision or correction. Every
/// one goes through [`transition`].
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    /// The submitter sends an edit through the manage link.
    Resubmit(&'a Submission),
    /// The submitter takes the initiative back.
    Withdraw,
    /// A moderator's decision from the review page, with its reason. Never `Edit`: a
    /// correction is `Correct`, with its content.
    Decide {
        action: ModerationAction,
        reason: &'a str,
        moderator: &'a str,
        notices: Notices<'a>,
    },
    /// A moderator corrects the public content.
    Correct {
        content: &'a NewInitiative,
        moderator: &'a str,
    },
    /// The city says where a published initiative stands (issue 23): still running
    /// (confirmed on a day) or ended; through its link, or a moderator records what the city
    /// said by phone or letter, with a note.
    Stand {
        standing: Standing,
        by: Actor,
        moderator: Option<&'a str>,
        note: &'a str,
    },
}

/// What the city says of a published initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Still as shown, confirmed on this day.
    Running { on: chrono::NaiveDate },
    /// Over since this day: marked as completed with its end date, never reminded again.
    Ended { on: chrono::NaiveDate },
}

impl<'a> Step<'a> {
    fn action(self) -> ModerationAction {
        match self {
            Self::Resubmit(_) => ModerationAction::Resubmit,
            Self::Withdraw => ModerationAction::Withdraw,
            Self::Decide { action, .. } => action,
            Self::Correct { .. } => ModerationAction::Edit,
            Self::Stand {
                standing: Standing::Running { .. },
                ..
            } => ModerationAction::Confirm,
            Self::Stand {
                standing: Standing::Ended { .. },
                ..
            } => ModerationAction::End,
        }
    }

    fn actor(self) -> Actor {
        match self {
            Self::Resubmit(_) | Self::Withdraw => Actor::Submitter,
            Self::Decide { .. } | Self::Correct { .. } => Actor::Moderator,
            Self::Stand { by, .. } => by,
        }
    }

    fn moderator(self) -> Option<&'a str> {
        match self {
            Self::Resubmit(_) | Self::Withdraw => None,
            Self::Decide { moderator, .. } | Self::Correct { moderator, .. } => Some(moderator),
            Self::Stand { moderator, .. } => moderator,
        }
    }

    /// The reason given: only decisions have one.
    fn reason(self) -> &'a str {
        match self {
            Self::Decide { reason, .. } => reason,
            Self::Stand { note, .. } => note,
            _ => "",
        }
    }

    /// The state this step leads to from `from`, or why it may not be taken there. A decision
    /// cannot be `Edit` (a correction comes with its content).
    fn next(self, from: ModerationStatus) -> Result<ModerationStatus, TransitionError> {
        if let Self::Decide {
            action: ModerationAction::Edit | ModerationAction::Confirm | ModerationAction::End,
            ..
        } = self
        {
            return Err(TransitionError::UnknownAction);
        }
        from.after(self.action(), self.actor(), self.reason())
    }

    /// What the step writes besides the state and the history, inside the transaction that
    /// already holds the row's lock.
    async fn write(
        self,
        txn: &DatabaseTransaction,
        row: &initiative::Model,
        change: Change,
    ) -> Result<(), ServiceError> {
        match self {
            Self::Resubmit(s) => resubmitted(txn, row, change, s).await,
            Self::Withdraw => {
                initiative::Entity::update_many()
                    .col_expr(
                        initiative::Column::Revision,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(initiative::Column::Id.eq(row.id))
                    .exec(txn)
                    .await?;
                Ok(())
            }
            Self::Decide {
                action,
                reason,
                notices,
                ..
            } => decided(txn, row, change, action, reason.trim(), notices).await,
            Self::Correct { content, .. } => {
                Ok(write_content(txn, row, content, VersionSource::Moderator).await?)
            }
            Self::Stand { standing, .. } => {
                if let (Standing::Ended { on }, Some(start)) = (standing, row.start_date) {
                    if on < start {
                        return Err(ServiceError::Invalid(vec![crate::domain::FieldProblem {
                            field: crate::domain::Field::EndDate,
                            error: crate::domain::FieldError::EndBeforeStart,
                        }]));
                    }
                }
                let update =
                    initiative::Entity::update_many().filter(initiative::Column::Id.eq(row.id));
                let update = match standing {
                    Standing::Running { on } => {
                        update.col_expr(initiative::Column::ConfirmedOn, Expr::value(on))
                    }
                    Standing::Ended { on } => update
                        .col_expr(
                            initiative::Column::ActivityStatus,
                            Expr::value(crate::domain::ActivityStatus::Completed),
                        )
                        .col_expr(initiative::Column::EndDate, Expr::value(on)),
                };
                update.exec(txn).await?;
                Ok(())
            }
        }
    }
}

/// A step being taken: the state before and after, and when.
#[derive(Debug, Clone, Copy)]
struct Change {
    from: ModerationStatus,
    next: ModerationStatus,
    now: DateTime<Utc>,
}

/// The row as the person acting saw it: `NotFound` when missing, `Conflict` when its version
/// moved on since they loaded it.
fn seen(
    row: Option<initiative::Model>,
    version: i32,
) -> Result<(initiative::Model, ModerationStatus), ServiceError> {
    let row = row.ok_or(ServiceError::NotFound)?;
    if row.version != version {
        return Err(ServiceError::Conflict);
    }
    let status = row.moderation_status;
    Ok((row, status))
}

/// Takes the row's lock by bumping its version, if nobody changed it since `version`.
async fn claim<C: ConnectionTrait>(
    db: &C,
    id: i32,
    version: i32,
    next: ModerationStatus,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let done = initiative::Entity::update_many()
        .col_expr(
            initiative::Column::Version,
            Expr::col(initiative::Column::Version).add(1),
        )
        .col_expr(initiative::Column::ModerationStatus, Expr::value(next))
        .col_expr(initiative::Column::UpdatedAt, Expr::value(now))
        .filter(initiative::Column::Id.eq(id))
        .filter(initiative::Column::Version.eq(version))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        Err(ServiceError::Conflict)
    } else {
        Ok(())
    }
}

/// The one way a submission's state changes. In order: the row as the person acting saw it
/// (`NotFound`; `Conflict` when its version moved on), the step checked against its state
/// (`Transition`), then one transaction that first takes the row's lock by bumping its version
/// (`Conflict` when someone acted in between; a write first, so SQLite takes its write lock at
/// once), makes the step's own writes, adds the step to the history, and commits. Any failure
/// on the way leaves the row and its history as they were.
async fn transition(
    db: &DatabaseConnection,
    row: Option<initiative::Model>,
    version: i32,
    step: Step<'_>,
) -> Result<ModerationStatus, ServiceError> {
    let (row, from) = seen(row, version)?;
    let next = step.next(from)?;
    let change = Change {
        from,
        next,
        now: Utc::now(),
    };
    let txn = db.begin().await?;
    claim(&txn, row.id, version, next, change.now).await?;
    step.write(&txn, &row, change).await?;
    record(
        &txn,
        row.id,
        step.actor(),
        step.moderator(),
        step.action().as_str(),
        Some(step.reason()),
        Some(from),
        next,
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

/// The submitter sends an edit. Before publication it replaces the content and goes back to
/// review; for a published initiative it is kept as a revision beside the public version.
///
/// # Errors
/// `NotFound` for an unknown link, `Conflict` when it changed since `version`, `Transition`
/// when its state allows no edit.
pub async fn resubmit(
    db: &DatabaseConnection,
    token: &str,
    version: i32,
    s: &Submission,
) -> Result<ModerationStatus, ServiceError> {
    let row = row_by_token(db, token).await?;
    transition(db, row, version, Step::Resubmit(s)).await
}

/// The writes of a resubmission: the revision beside a published version, else the content.
async fn resubmitted(
    txn: &DatabaseTransaction,
    row: &initiative::Model,
    change: Change,
    s: &Submission,
) -> Result<(), ServiceError> {
    if change.from == ModerationStatus::Published {
        let mut form = SubmitForm::from_submission(s);
        form.ticket.clear();
        initiative::Entity::update_many()
            .col_expr(
                initiative::Column::Revision,
                Expr::value(
                    serde_json::to_string(&form).map_err(|e| DbErr::Custom(e.to_string()))?,
                ),
            )
            .col_expr(initiative::Column::RevisionAt, Expr::value(change.now))
            .filter(initiative::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    } else {
        write_content(txn, row, &s.initiative, VersionSource::Submitter).await?;
        write_submitter(txn, row.id, s).await?;
    }
    Ok(())
}

async fn write_submitter<C: ConnectionTrait>(db: &C, id: i32, s: &Submission) -> Result<(), DbErr> {
    initiative::Entity::update_many()
        .col_expr(
            initiative::Column::SubmitterName,
            Expr::value(s.submitter.name.as_ref().map(|n| n.as_str().to_owned())),
        )
        .col_expr(
            initiative::Column::SubmitterEmail,
            Expr::value(s.submitter.email.as_str()),
        )
        .col_expr(
            initiative::Column::SubmitterRole,
            Expr::value(s.submitter.role.as_ref().map(|r| r.as_str().to_owned())),
        )
        .filter(initiative::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The submitter takes the initiative back (also off the public list when published).
///
/// # Errors
/// As [`resubmit`].
pub async fn withdraw(
    db: &DatabaseConnection,
    token: &str,
    version: i32,
) -> Result<ModerationStatus, ServiceError> {
    Ok(withdraw_item(db, token, version).await?.1)
}

/// [`withdraw`], also giving the item's id (what the directory reads again).
///
/// # Errors
/// As [`withdraw`].
pub async fn withdraw_item(
    db: &DatabaseConnection,
    token: &str,
    version: i32,
) -> Result<(i32, ModerationStatus), ServiceError> {
    let row = row_by_token(db, token).await?;
    let id = row.as_ref().map_or(0, |r| r.id);
    Ok((id, transition(db, row, version, Step::Withdraw).await?))
}

/// A moderator's action on an item, checked against its state and its version. With `notices`
/// on, publishing (the item or its edit), asking for changes and rejecting are told to the
/// submitter, in their language, in the same transaction.
///
/// # Errors
/// `NotFound`, `Conflict` (changed since `version`), `Transition` (not allowed, reason
/// missing, no edit waiting).
pub async fn act(
    db: &DatabaseConnection,
    id: i32,
    version: i32,
    action: ModerationAction,
    reason: &str,
    moderator: &str,
    notices: Notices<'_>,
) -> Result<ModerationStatus, ServiceError> {
    let row = initiative::Entity::find_by_id(id).one(db).await?;
    let step = Step::Decide {
        action,
        reason,
        moderator,
        notices,
    };
    transition(db, row, version, step).await
}

/// The writes of a moderator's decision (`reason` trimmed): the waiting edit published or
/// dropped (`NoRevision` when none can be), the note to the submitter, the slug and time of a
/// first publication, and the message telling the submitter.
async fn decided(
    txn: &DatabaseTransaction,
    row: &initiative::Model,
    change: Change,
    action: ModerationAction,
    reason: &str,
    notices: Notices<'_>,
) -> Result<(), ServiceError> {
    let id = row.id;
    let revision = match action {
        ModerationAction::PublishChanges | ModerationAction::DiscardChanges => Some(
            revision_form(row)
                .and_then(|f| Submission::try_from(&f).ok())
                .ok_or(TransitionError::NoRevision)?,
        ),
        _ => None,
    };
    let first_publication =
        change.next == ModerationStatus::Published && row.slug.starts_with("draft-");
    let slug = if first_publication {
        free_slug(txn, &slug_base(&row.city, &row.title)).await?
    } else {
        row.slug.clone()
    };
    if let Notices::On { site } = notices {
        tell_submitter(
            txn,
            site,
            row,
            revision.as_ref(),
            action,
            reason,
            &slug,
            change.now,
        )
        .await?;
    }
    let note: Option<Option<String>> = match action {
        ModerationAction::RequestChanges
        | ModerationAction::Reject
        | ModerationAction::DiscardChanges => Some(Some(reason.to_owned())),
        ModerationAction::Archive => Some((!reason.is_empty()).then(|| reason.to_owned())),
        ModerationAction::Publish | ModerationAction::PublishChanges => Some(None),
        _ => None,
    };
    let mut update = initiative::Entity::update_many().filter(initiative::Column::Id.eq(id));
    if let Some(note) = note {
        update = update.col_expr(initiative::Column::ModeratorNote, Expr::value(note));
    }
    if first_publication {
        update = update.col_expr(initiative::Column::Slug, Expr::value(slug.clone()));
    }
    if change.next == ModerationStatus::Published && row.published_at.is_none() {
        update = update.col_expr(initiative::Column::PublishedAt, Expr::value(change.now));
    }
    // The city has just written or checked what is published: that is a confirmation.
    if matches!(
        action,
        ModerationAction::Publish | ModerationAction::PublishChanges
    ) {
        update = update.col_expr(
            initiative::Column::ConfirmedOn,
            Expr::value(change.now.date_naive()),
        );
    }
    if revision.is_some() {
        update = update
            .col_expr(
                initiative::Column::Revision,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                initiative::Column::RevisionAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            );
    }
    update.exec(txn).await?;
    if let (ModerationAction::PublishChanges, Some(s)) = (action, &revision) {
        write_content(txn, row, &s.initiative, VersionSource::Submitter).await?;
        write_submitter(txn, id, s).await?;
    }
    Ok(())
}

/// Queues the message telling the submitter of `row` a moderator's decision, for the decisions
/// they are told (publishing the item or their edit, asking for changes, rejecting) and when
/// the row has a submitter. `revision` is the edit being published, whose title and submitter
/// are then the ones to use.
async fn tell_submitter<C: ConnectionTrait>(
    db: &C,
    site: &str,
    row: &initiative::Model,
    revision: Option<&Submission>,
    action: ModerationAction,
    reason: &str,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let page = format!("{site}/initiatives/{slug}");
    let decision = match action {
        ModerationAction::Publish | ModerationAction::PublishChanges => {
            Decision::Published { page: &page }
        }
        ModerationAction::RequestChanges => Decision::ChangesRequested { reason },
        ModerationAction::Reject => Decision::Rejected { reason },
        _ => return Ok(()),
    };
    let (title, name, email) = match (action, revision) {
        (ModerationAction::PublishChanges, Some(s)) => (
            s.initiative.title.as_str().to_owned(),
            s.submitter.name.as_ref().map(|n| n.as_str().to_owned()),
            Some(s.submitter.email.as_str().to_owned()),
        ),
        _ => (
            row.title.clone(),
            row.submitter_name.clone(),
            row.submitter_email.clone(),
        ),
    };
    let Some(email) = email else {
        return Ok(());
    };
    let language = row.submitter_language.unwrap_or(UiLanguage::En);
    let letter = text::decision(
        language,
        site,
        name.as_deref().unwrap_or_default(),
        &title,
        decision,
    );
    mail::enqueue(db, decision.kind(), &email, letter, Some(row.id), now).await
}

/// A moderator corrects the public content (before publishing, or of a published one).
///
/// # Errors
/// As [`act`].
pub async fn edit(
    db: &DatabaseConnection,
    id: i32,
    version: i32,
    content: &NewInitiative,
    moderator: &str,
) -> Result<ModerationStatus, ServiceError> {
    let row = initiative::Entity::find_by_id(id).one(db).await?;
    transition(db, row, version, Step::Correct { content, moderator }).await
}

/// One item with its content, its waiting edit and its history, as moderators review it; `None`
/// when there is no such item.
///
/// # Errors
/// When the database fails, or holds a time outside the years the domain accepts.
pub async fn review(db: &DatabaseConnection, id: i32) -> Result<Option<ReviewItem>, DbErr> {
    let Some(row) = initiative::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let status = row.moderation_status;
    let (current, versions) = stored_content(db, &row).await?;
    let revision = revision_form(&row);
    let changed = match (&revision, current.initiative()) {
        (Some(r), Ok(published)) => r
            .initiative()
            .map(|r| changed_fields(&published, &r))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(Some(ReviewItem {
        id,
        version: row.version,
        status,
        moderator_note: row.moderator_note.clone(),
        origin: row.origin,
        public_slug: (status == ModerationStatus::Published).then(|| row.slug.clone()),
        current,
        text_language: row.text_language,
        versions: versions.into_iter().map(shown_version).collect(),
        revision,
        changed,
        submitted: day(row.created_at)?,
        history: history(db, id, true).await?,
    }))
}

/// A stored version as the review page shows it.
fn shown_version(t: Translation) -> ShownText {
    ShownText {
        language: t.language,
        title: t.title.as_str().to_owned(),
        summary: t.summary.as_str().to_owned(),
        description: t.description.map(|d| d.as_str().to_owned()),
        source: t.source,
        outdated: t.outdated,
    }
}

/// The condition "this initiative has no version of its text in `language`": its original is
/// in another language and no translation in `language` is stored. The translation is looked
/// up by its primary key (initiative, language), one probe per row, in the same statement.
fn lacks_version(language: UiLanguage) -> Expr {
    use initiative_translation::Column as T;
    let version = Query::select()
        .expr(Expr::val(1))
        .from(initiative_translation::Entity)
        .and_where(
            Expr::col((initiative_translation::Entity, T::InitiativeId))
                .equals((initiative::Entity, initiative::Column::Id)),
        )
        .and_where(Expr::col((initiative_translation::Entity, T::Language)).eq(language))
        .to_owned();
    Expr::col((initiative::Entity, initiative::Column::TextLanguage))
        .ne(language)
        .and(Expr::not_exists(version))
}

/// For each language, how many published initiatives (in `country`, when given) have no
/// version in it: one statement counting the three at once.
async fn missing_counts(
    db: &DatabaseConnection,
    country: Option<CountryCode>,
) -> Result<Vec<(UiLanguage, u32)>, DbErr> {
    use initiative::Column as C;
    let [en, fr, uk] = UiLanguage::ALL;
    let mut query = initiative::Entity::find()
        .select_only()
        .filter(C::ModerationStatus.eq(ModerationStatus::Published));
    if let Some(c) = country {
        query = query.filter(C::Country.eq(c.as_str()));
    }
    // COUNT skips the NULL a CASE without ELSE gives the rows that have the version.
    for l in [en, fr, uk] {
        query = query.column_as(
            Expr::expr(Func::count(Expr::case(lacks_version(l), Expr::val(1)))),
            format!("missing_{}", l.as_str()),
        );
    }
    let (n_en, n_fr, n_uk): (i64, i64, i64) = query.into_tuple().one(db).await?.unwrap_or_default();
    Ok([(en, n_en), (fr, n_fr), (uk, n_uk)]
        .into_iter()
        .map(|(l, n)| (l, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// The moderation queue: counts per state and per missing language, then the items `filter`
/// lists.
///
/// # Errors
/// When the database fails.
pub async fn queue(db: &DatabaseConnection, filter: QueueFilter) -> Result<ModerationQueue, DbErr> {
    use initiative::Column as C;
    // A missing language lists published initiatives, however the filter was made.
    let filter = filter.with_missing(filter.missing);
    let QueueFilter {
        state,
        country,
        missing,
    } = filter;
    let counted: Vec<(String, i64)> = initiative::Entity::find()
        .select_only()
        .column(C::ModerationStatus)
        .column_as(Expr::from(Func::count(Expr::col(C::Id))), "n")
        .group_by(C::ModerationStatus)
        .into_tuple()
        .all(db)
        .await?;
    let counts = ModerationStatus::ALL
        .into_iter()
        .map(|s| {
            let n = counted
                .iter()
                .find(|(name, _)| name == s.as_str())
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
            (s, n)
        })
        .collect();
    let revisions = initiative::Entity::find()
        .filter(C::Revision.is_not_null())
        .count(db)
        .await?;
    let mut countries: Vec<String> = initiative::Entity::find()
        .select_only()
        .column(C::Country)
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    countries.sort();

    let mut query = initiative::Entity::find();
    query = match state {
        QueueState::AwaitingReview => query.filter(
            C::ModerationStatus
                .eq(ModerationStatus::Pending)
                .or(C::Revision.is_not_null()),
        ),
        QueueState::Status(s) => query.filter(C::ModerationStatus.eq(s)),
    };
    if let Some(c) = country {
        query = query.filter(C::Country.eq(c.as_str()));
    }
    let missing_counts = missing_counts(db, country).await?;
    let total = match missing {
        // The same condition was just counted: no second pass over the rows.
        Some(l) => {
            query = query.filter(lacks_version(l));
            missing_counts
                .iter()
                .find(|(language, _)| *language == l)
                .map_or(0, |(_, n)| u64::from(*n))
        }
        None => query.clone().count(db).await?,
    };
    let rows = match state {
        // Oldest first: whoever waits longest is served first.
        QueueState::AwaitingReview | QueueState::Status(ModerationStatus::Pending) => {
            query.order_by_asc(C::UpdatedAt)
        }
        QueueState::Status(_) => query.order_by_desc(C::UpdatedAt),
    }
    .order_by_asc(C::Id)
    .limit(QUEUE_LIMIT as u64)
    .all(db)
    .await?;
    let mut items: Vec<QueueEntry> = rows
        .into_iter()
        .filter_map(|row| {
            Some(QueueEntry {
                id: row.id,
                country: CountryCode::parse(&row.country).ok()?,
                status: row.moderation_status,
                revision_pending: row.revision.is_some(),
                origin: row.origin,
                waiting_since: day(row.revision_at.unwrap_or(row.updated_at)).ok()?,
                text_language: row.text_language,
                title: row.title,
                city: row.city,
            })
        })
        .collect();
    if state == QueueState::AwaitingReview {
        items.sort_by(|a, b| a.waiting_since.cmp(&b.waiting_since).then(a.id.cmp(&b.id)));
    }
    Ok(ModerationQueue {
        filter,
        counts,
        revisions: u32::try_from(revisions).unwrap_or(u32::MAX),
        missing_counts,
        countries: countries
            .iter()
            .filter_map(|c| CountryCode::parse(c).ok())
            .collect(),
        items,
        total: u32::try_from(total).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ModerationAction as A;
    use crate::domain::ModerationStatus as S;

    fn submission(title: &str) -> Submission {
        Submission::try_from(&SubmitForm {
            city: "Gdańsk".into(),
            country: "PL".into(),
            text_language: "en".into(),
            title: title.into(),
            summary: "Refugees ride the city's buses and trams free of charge.".into(),
            types: vec!["transport".into()],
            activity: "ongoing".into(),
            submitter_name: "Anna Nowak".into(),
            submitter_email: "anna@gdansk.example".into(),
            submitter_role: "Refugee coordinator".into(),
            consent: Some("yes".into()),
            ..Default::default()
        })
        .expect("a valid form")
    }

    fn decide(action: ModerationAction, reason: &str) -> Step<'_> {
        Step::Decide {
            action,
            reason,
            moderator: "m@icc.example",
            notices: Notices::Off,
        }
    }

    #[test]
    fn each_step_names_its_action_its_actor_and_its_reason() {
        let s = submission("Free rides");
        let content = s.initiative.clone();
        let correct = Step::Correct {
            content: &content,
            moderator: "m@icc.example",
        };
        let cases = [
            (Step::Resubmit(&s), A::Resubmit, Actor::Submitter, None, ""),
            (Step::Withdraw, A::Withdraw, Actor::Submitter, None, ""),
            (
                decide(A::Reject, "duplicate"),
                A::Reject,
                Actor::Moderator,
                Some("m@icc.example"),
                "duplicate",
            ),
            (
                correct,
                A::Edit,
                Actor::Moderator,
                Some("m@icc.example"),
                "",
            ),
        ];
        for (step, action, actor, moderator, reason) in cases {
            assert_eq!(step.action(), action);
            assert_eq!(step.actor(), actor);
            assert_eq!(step.moderator(), moderator);
            assert_eq!(step.reason(), reason);
        }
    }

    #[test]
    fn a_step_leads_where_the_domain_says_and_a_decision_is_never_an_edit() {
        let s = submission("Free rides");
        assert_eq!(Step::Resubmit(&s).next(S::Published), Ok(S::Published));
        assert_eq!(Step::Resubmit(&s).next(S::ChangesRequested), Ok(S::Pending));
        assert_eq!(Step::Withdraw.next(S::Pending), Ok(S::Withdrawn));
        assert_eq!(
            Step::Withdraw.next(S::Rejected),
            Err(TransitionError::NotAllowed(S::Rejected))
        );
        assert_eq!(
            decide(A::RequestChanges, "  ").next(S::Pending),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(decide(A::Publish, "").next(S::Pending), Ok(S::Published));
        assert_eq!(
            decide(A::Withdraw, "").next(S::Pending),
            Err(TransitionError::SubmitterOnly)
        );
        assert_eq!(
            decide(A::Edit, "").next(S::Pending),
            Err(TransitionError::UnknownAction)
        );
        let content = s.initiative.clone();
        let correct = Step::Correct {
            content: &content,
            moderator: "m",
        };
        assert_eq!(correct.next(S::Published), Ok(S::Published));
    }

    /// A fresh database on the real migrations with one pending submission: (db, id, token,
    /// the folder that holds the file).
    async fn one_submission() -> (DatabaseConnection, i32, String, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        let db = crate::server::store::db::connect(&url)
            .await
            .expect("open SQLite");
        crate::server::store::db::migrate(&db)
            .await
            .expect("migrations");
        let created = submit(&db, &submission("Free rides"), UiLanguage::En, Notices::Off)
            .await
            .expect("stored");
        (db, created.id, created.token, dir)
    }

    async fn row(db: &DatabaseConnection, id: i32) -> initiative::Model {
        initiative::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn events(db: &DatabaseConnection, id: i32) -> Vec<moderation_event::Model> {
        moderation_event::Entity::find()
            .filter(moderation_event::Column::InitiativeId.eq(id))
            .order_by_asc(moderation_event::Column::Id)
            .all(db)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_step_bumps_the_version_sets_the_state_and_adds_one_history_row() {
        let (db, id, _token, _dir) = one_submission().await;
        let step = decide(A::RequestChanges, "  Add a website, please.  ");
        let loaded = row(&db, id).await;
        assert_eq!(
            transition(&db, Some(loaded), 1, step).await.unwrap(),
            S::ChangesRequested
        );
        let after = row(&db, id).await;
        assert_eq!(
            (after.version, after.moderation_status),
            (2, S::ChangesRequested)
        );
        assert_eq!(
            after.moderator_note.as_deref(),
            Some("Add a website, please.")
        );
        let history = events(&db, id).await;
        assert_eq!(history.len(), 2, "the submission, then the step");
        let e = &history[1];
        assert_eq!(e.action, A::RequestChanges.as_str());
        assert_eq!(e.actor, Actor::Moderator);
        assert_eq!(e.moderator_email.as_deref(), Some("m@icc.example"));
        assert_eq!(e.reason.as_deref(), Some("Add a website, please."));
        assert_eq!(
            (e.from_status, e.to_status),
            (Some(S::Pending), S::ChangesRequested)
        );
    }

    #[tokio::test]
    async fn a_step_on_a_missing_row_or_an_old_version_changes_nothing() {
        let (db, id, _token, _dir) = one_submission().await;
        assert!(matches!(
            transition(&db, None, 1, Step::Withdraw).await,
            Err(ServiceError::NotFound)
        ));
        let loaded = row(&db, id).await;
        assert!(matches!(
            transition(&db, Some(loaded.clone()), 7, Step::Withdraw).await,
            Err(ServiceError::Conflict)
        ));
        // Seen at the right version, but someone acted before the claim.
        let stale = loaded.clone();
        transition(&db, Some(loaded), 1, decide(A::Publish, ""))
            .await
            .unwrap();
        let mut raced = stale;
        raced.version = 1;
        assert!(matches!(
            transition(&db, Some(raced), 1, Step::Withdraw).await,
            Err(ServiceError::Conflict)
        ));
        let after = row(&db, id).await;
        assert_eq!((after.version, after.moderation_status), (2, S::Published));
        assert_eq!(events(&db, id).await.len(), 2);
    }

    #[tokio::test]
    async fn a_step_whose_writes_fail_leaves_the_row_and_its_history_as_they_were() {
        let (db, id, _token, _dir) = one_submission().await;
        transition(&db, Some(row(&db, id).await), 1, decide(A::Publish, ""))
            .await
            .unwrap();
        let before = row(&db, id).await;
        // Allowed in this state, but no edit waits: refused after the claim, rolled back.
        let refused = transition(
            &db,
            Some(before.clone()),
            before.version,
            decide(A::PublishChanges, ""),
        )
        .await;
        assert!(matches!(
            refused,
            Err(ServiceError::Transition(TransitionError::NoRevision))
        ));
        let after = row(&db, id).await;
        assert_eq!(after.version, before.version);
        assert_eq!(after.moderation_status, S::Published);
        assert_eq!(after.updated_at, before.updated_at);
        assert_eq!(events(&db, id).await.len(), 2);
    }
}
