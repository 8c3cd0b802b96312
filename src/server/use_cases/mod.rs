//! The use cases of a submission's life — submit, update (an edit through the manage link),
//! withdraw, moderate (a decision) and edit (a moderator's correction) — one function each,
//! called by both channels: the server functions (`api`, JSON from the hydrated pages) and the
//! form posts without JavaScript (`web::forms`). Each does every check and effect of its
//! use case in one order — spam checks, parsing, rate limits, the guessing budget of manage
//! links, the service's write, waking the mail worker, refreshing the directory — so the two
//! channels cannot drift apart; the channels only read their input and turn the answer into
//! theirs (JSON and a status, or a page or redirect).
//!
//! Each returns a typed outcome or a typed [`Problem`], never a string: the channels map it to
//! `AppError` (`use_cases::app_error`) or to the `PageProblem` of a redirect (`use_cases::page_problem`).
//! This module imports no view, no HTTP handler and no wire type.

mod answer;
pub use answer::{app_error, manage_view, page_problem, queue};
mod edit;
mod erase;
mod moderate;
mod stand;
mod submit;
mod update;
mod withdraw;

pub use edit::edit;
pub use erase::erase;
pub use moderate::{moderate, Decided, MAX_REASON_CHARS};
pub use stand::{stand, stand_for_city, Asked};
pub use submit::{submit, Submitted};
pub use update::update;
pub use withdraw::withdraw;

use crate::domain::{FieldProblem, TransitionError};
use crate::server::accounts::guard::Limit;
use crate::server::accounts::secrets::TicketProblem;
use crate::server::state::AppState;
use crate::server::store::submissions::ServiceError;

/// Why a use case did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The field hidden from people was filled in.
    #[error("the form looks automated")]
    Automated,
    /// The form's ticket is forged, missing, too fresh or too old; `ticket` is a fresh one to
    /// send the form again with.
    #[error("the form must be sent again ({reason:?})")]
    Retry {
        reason: TicketProblem,
        ticket: String,
    },
    /// Fields that fail their parsers, each with its field.
    #[error("some fields need attention")]
    Invalid(Vec<FieldProblem>),
    /// Past the client's budget (submissions, unknown manage links).
    #[error("too many requests")]
    TooMany,
    /// No such item, or a manage link that matches nothing.
    #[error("no such initiative")]
    NotFound,
    /// Someone else changed the item since it was loaded.
    #[error("the initiative changed meanwhile")]
    Conflict,
    /// The item's state does not allow it (or a reason is missing, or no edit waits).
    #[error(transparent)]
    Transition(TransitionError),
    /// A moderator's post names no moderation action.
    #[error("not a moderation action")]
    UnknownAction,
    /// A moderator's reason is longer than [`MAX_REASON_CHARS`].
    #[error("the reason is too long")]
    ReasonTooLong,
    /// The database failed; the cause is logged where it happened.
    #[error("the database is unavailable")]
    Unavailable,
}

impl Problem {
    /// A service's refusal as a problem; a database failure is logged with `context`.
    fn from_service(context: &str, e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => Self::NotFound,
            ServiceError::Conflict => Self::Conflict,
            ServiceError::Transition(t) => Self::Transition(t),
            ServiceError::Invalid(p) => Self::Invalid(p),
            ServiceError::Db(e) => Self::from_db(context, e),
        }
    }

    /// Logs a database failure with what was being done, and gives only `Unavailable`.
    pub fn from_db(context: &str, cause: sea_orm::DbErr) -> Self {
        tracing::error!(error = %cause, "{context}");
        Self::Unavailable
    }
}

/// Every use of a manage link goes through here — its page, the edit and the withdrawal, with
/// or without JavaScript — so that guessing costs the same everywhere: past the client's budget
/// of unknown links (`Limit::ManageMiss`, shared by the instances on PostgreSQL) the answer is
/// `TooMany` before anything is looked up, and a link that matches nothing (malformed or
/// invented) is counted and answered `NotFound`, the manage page's answers.
///
/// # Errors
/// `TooMany` past the budget, `NotFound` for an unknown link, or what `use_link` answers.
pub async fn through_manage_link<T, F, Fut>(
    state: &AppState,
    client: &str,
    token: &str,
    use_link: F,
) -> Result<T, Problem>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, Problem>>,
{
    if state
        .limiter
        .exhausted(&state.guard, Limit::ManageMiss, client)
        .await
    {
        return Err(Problem::TooMany);
    }
    let answer = if crate::server::accounts::secrets::looks_like_token(token) {
        use_link().await
    } else {
        Err(Problem::NotFound)
    };
    if matches!(answer, Err(Problem::NotFound)) {
        state
            .limiter
            .allow(&state.guard, Limit::ManageMiss, client)
            .await;
    }
    answer
}
