//! The forms' server side: what the server functions (called by the hydrated pages) and the
//! plain form posts that work without JavaScript share besides the use cases
//! (`server::use_cases`, which both call), plus those posts' axum handlers. A post answers
//! with a redirect after success, or with the same page rendered again holding every typed
//! value and the errors.
//!
//! This file holds the two mappings of a use case's `Problem` — to the `AppError` of a server
//! function or a page rendered again (`app_error`), to the `PageProblem` of a redirect
//! (`page_problem`) — the read steps shared by both channels, and the helpers that read a
//! server function's request from its context; the posts' own code is split by
//! responsibility:
//! - `render.rs`: a post answered with a page (rendered again, or a refusal) or a redirect;
//! - `body.rs`: reading a raw posted body and the ids and tokens in a post's address;
//! - `submitter.rs`: the submitter's posts (submit, edit, withdraw);
//! - `moderator.rs`: the moderators' session (sign-in, sign-out, the session cookie) and their
//!   posts (actions, edits).

mod body;
pub use body::PostHeaders;
mod moderator;
mod render;
mod submitter;

pub(super) use body::{posted, read_form};
pub(crate) use moderator::{cookie, moderator_from, session_moderator};
pub use moderator::{post_moderate, post_moderator_edit, post_sign_in, post_sign_out};
pub(super) use render::{busy_page, render_with, see_other, unauthorized_page};
pub use submitter::{post_manage_edit, post_submit, post_withdraw};

use super::secrets::TicketProblem;
use super::services::auth::Moderator;
use super::services::submissions;
use super::state::AppState;
use super::use_cases::{self, Problem, Submitted, MAX_REASON_CHARS};
use crate::domain::{percent_decode, CountryCode, QueueState, TransitionError, UiLanguage};
use crate::wire::types::{Accepted, ManageView, QueueView};
use crate::wire::{AppError, FormReply, PageProblem, RetryReason};
use axum::{
    extract::ConnectInfo,
    http::{header, HeaderMap},
};
use leptos::prelude::*;
use std::net::SocketAddr;

/// Name of the moderators' session cookie.
pub const SESSION_COOKIE: &str = "icc_session";

/// The reply of a form post, handed as context to the page rendered as its answer.
#[derive(Clone, Debug)]
pub struct PostedReply(pub FormReply);

/// What a post through a manage link already decided its page shows (`NotFound` for a link
/// that matches nothing, `TooManyRequests` past the guessing budget), handed as context to the
/// manage page rendered as its answer: the page shows it without looking the link up or
/// counting the miss a second time.
#[derive(Clone, Debug)]
pub struct ManageAnswer(pub AppError);

/// The site's origin (`https://host`) as the browser sees it.
pub fn site_origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = &state.guard.public_origin {
        return origin.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.guard.https(headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The origin of the request a server function serves.
pub fn origin() -> String {
    match (
        use_context::<AppState>(),
        use_context::<axum::http::request::Parts>(),
    ) {
        (Some(state), Some(parts)) => site_origin(&state, &parts.headers),
        _ => String::new(),
    }
}

/// The interface language of the page that called a server function: the `lang=` of the page's
/// address (the call's same-site `Referer`, as a reader who arrived on `?lang=uk` sees it), else
/// the `lang` cookie, else `Accept-Language`.
pub fn language() -> UiLanguage {
    use_context::<axum::http::request::Parts>().map_or(UiLanguage::En, |parts| {
        let state = use_context::<AppState>();
        let page_query = parts
            .headers
            .get(axum::http::header::REFERER)
            .and_then(|r| r.to_str().ok())
            .filter(|r| {
                state.as_ref().is_some_and(|s| {
                    super::guard::site_origin(&s.guard, &parts.headers)
                        .is_some_and(|o| r.starts_with(&format!("{o}/")))
                })
            })
            .and_then(|r| r.split('#').next())
            .and_then(|r| r.split_once('?'))
            .map(|(_, q)| q.to_owned());
        let language = crate::web::reader::language(&parts.uri, &parts.headers);
        match page_query.as_deref().and_then(UiLanguage::in_query) {
            Some(from_page) => from_page,
            None => language.language,
        }
    })
}

/// The client's key for rate limits, inside a server function.
pub async fn client() -> String {
    let state = use_context::<AppState>();
    let parts = use_context::<axum::http::request::Parts>();
    match (state, parts) {
        (Some(state), Some(parts)) => {
            let peer = parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0);
            state.guard.client(&parts.headers, peer)
        }
        _ => "unknown".to_owned(),
    }
}

/// The signed-in moderator of the request a server function serves; `Unauthorized` otherwise,
/// `SecondFactorRequired` when the site requires one and they have none yet.
///
/// # Errors
/// `Unauthorized` without a live session, `SecondFactorRequired`.
pub async fn moderator(state: &AppState) -> Result<Moderator, AppError> {
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    moderator::moderator_from(state, &headers).await
}

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
        Problem::Automated | Problem::Retry { .. } | Problem::Invalid(_) | Problem::Unavailable => {
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
    use_cases::through_manage_link(state, client, token, || async {
        submissions::managed_submission(&state.db, token)
            .await
            .map_err(|e| Problem::from_db("loading a manage page", e))?
            .map(ManageView::from)
            .ok_or(Problem::NotFound)
    })
    .await
    .map_err(app_error)
}

/// The queue for a query `state=…&country=…`.
///
/// # Errors
/// `Unavailable`.
pub async fn queue(
    state: &AppState,
    moderator: &Moderator,
    query: &str,
) -> Result<QueueView, AppError> {
    let mut queue_state = QueueState::AwaitingReview;
    let mut country = None;
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        match k {
            "state" => queue_state = QueueState::parse(&v).unwrap_or_default(),
            "country" if !v.is_empty() => country = CountryCode::parse(&v).ok(),
            _ => {}
        }
    }
    submissions::queue(&state.db, queue_state, country)
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
