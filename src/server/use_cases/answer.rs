//! A use case's answer as each channel gives it: its `Problem` as the `AppError` of a server
//! function or of a page rendered again for a post (`app_error`), or as the `PageProblem` a
//! redirect carries (`page_problem`); and the reads both channels share (the manage page, the
//! moderation queue).

use crate::domain::{QueueFilter, TransitionError};
use crate::server::accounts::auth::Moderator;
use crate::server::accounts::secrets::TicketProblem;
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::{through_manage_link, Problem, Submitted, MAX_REASON_CHARS};
use crate::wire::types::{Accepted, ManageView, QueueView};
use crate::wire::{AppError, PageProblem, RetryReason};

/// A use case's problem as the server functions and the pages rendered for a post answer it.
pub fn app_error(problem: Problem) -> AppError {
    match problem {
        Problem::Automated => AppError::Automated,
        Problem::Retry { reason, ticket } => AppError::Retry {
            reason: match reason {
                TicketProblem::TooQuick => RetryReason::TooQuick,
                TicketProblem::Invalid => RetryReason::Expired,
            },
            ticket,
        },
        Problem::Invalid(problems) => AppError::Invalid(problems),
        Problem::TooMany => AppError::TooManyRequests,
        Problem::NotFound => AppError::NotFound,
        Problem::Conflict => AppError::Conflict,
        Problem::Transition(t) => AppError::NotAllowed(t),
        Problem::UnknownAction => AppError::NotAllowed(TransitionError::UnknownAction),
        Problem::ReasonTooLong => AppError::Request(format!(
            "the reason: longer than {MAX_REASON_CHARS} characters"
        )),
        Problem::Unavailable => AppError::Unavailable,
    }
}

/// A use case's problem as a post that redirects reports it to the page it redirects to.
pub fn page_problem(problem: &Problem) -> PageProblem {
    match problem {
        Problem::Conflict => PageProblem::Conflict,
        Problem::Transition(TransitionError::ReasonRequired) => PageProblem::ReasonRequired,
        Problem::Transition(TransitionError::NoRevision) => PageProblem::NoRevision,
        Problem::Transition(_) => PageProblem::NotAllowed,
        Problem::UnknownAction => PageProblem::UnknownAction,
        Problem::ReasonTooLong => PageProblem::ReasonTooLong,
        Problem::NotFound => PageProblem::NotFound,
        Problem::TooMany => PageProblem::TooMany,
        // A post answered by a redirect whose only field is a date (the end of an initiative).
        Problem::Invalid(_) => PageProblem::Invalid,
        Problem::Automated | Problem::Retry { .. } | Problem::Unavailable => {
            PageProblem::Unavailable
        }
    }
}

impl From<Submitted> for Accepted {
    fn from(s: Submitted) -> Self {
        Self {
            manage_url: s.manage_url,
            manage_path: s.manage_path,
            title: s.title,
        }
    }
}

/// The submitter's page; unknown links count towards the client's guessing limit.
///
/// # Errors
/// `TooManyRequests` after too many unknown links, `NotFound`, `Unavailable`.
pub async fn manage_view(
    state: &AppState,
    client: &str,
    token: &str,
) -> Result<ManageView, AppError> {
    let clock = state.directory.clock();
    through_manage_link(state, client, token, || async {
        submissions::managed_submission(&state.db, token)
            .await
            .map_err(|e| Problem::from_db("loading a manage page", e))?
            .map(|s| ManageView::of(s, clock.rule, clock.today))
            .ok_or(Problem::NotFound)
    })
    .await
    .map_err(app_error)
}

/// The queue for a query `state=…&country=…&missing=…` (`QueueFilter::from_query`).
///
/// # Errors
/// `Unavailable`.
pub async fn queue(
    state: &AppState,
    moderator: &Moderator,
    query: &str,
) -> Result<QueueView, AppError> {
    submissions::queue(&state.db, QueueFilter::from_query(query))
        .await
        .map(|q| QueueView::new(moderator.email.clone(), q))
        .map_err(|e| AppError::from_db("loading the queue", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ModerationStatus;

    #[test]
    fn a_redirect_reports_each_problem_with_the_code_the_pages_have_always_read() {
        let cases = [
            (Problem::Conflict, "conflict"),
            (
                Problem::Transition(TransitionError::NotAllowed(ModerationStatus::Rejected)),
                "not-allowed",
            ),
            // A decision named `edit` is refused by the transition, not by its name.
            (
                Problem::Transition(TransitionError::UnknownAction),
                "not-allowed",
            ),
            (Problem::UnknownAction, "unknown-action"),
            (
                Problem::Transition(TransitionError::ReasonRequired),
                "reason-required",
            ),
            (
                Problem::Transition(TransitionError::NoRevision),
                "no-revision",
            ),
            (Problem::ReasonTooLong, "reason-too-long"),
            (Problem::NotFound, "not-found"),
            (Problem::Unavailable, "unavailable"),
        ];
        for (problem, code) in cases {
            assert_eq!(
                page_problem(&problem).as_query(),
                format!("problem={code}"),
                "{problem:?}"
            );
        }
    }

    #[test]
    fn a_server_function_answers_each_problem_with_its_status() {
        use axum::http::StatusCode;
        let cases = [
            (Problem::Automated, StatusCode::UNPROCESSABLE_ENTITY),
            (
                Problem::Invalid(Vec::new()),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (Problem::TooMany, StatusCode::TOO_MANY_REQUESTS),
            (Problem::NotFound, StatusCode::NOT_FOUND),
            (Problem::Conflict, StatusCode::CONFLICT),
            (
                Problem::Transition(TransitionError::ReasonRequired),
                StatusCode::CONFLICT,
            ),
            (Problem::UnknownAction, StatusCode::CONFLICT),
            (Problem::ReasonTooLong, StatusCode::BAD_REQUEST),
            (Problem::Unavailable, StatusCode::SERVICE_UNAVAILABLE),
        ];
        for (problem, status) in cases {
            assert_eq!(app_error(problem.clone()).status(), status, "{problem:?}");
        }
        let retry = app_error(Problem::Retry {
            reason: TicketProblem::TooQuick,
            ticket: "fresh".into(),
        });
        assert_eq!(
            retry,
            AppError::Retry {
                reason: RetryReason::TooQuick,
                ticket: "fresh".into()
            }
        );
    }
}
