//! The forms' server side: the steps shared by the server functions (called by the hydrated
//! pages) and by the plain form posts that work without JavaScript, plus those posts' axum
//! handlers. A post answers with a redirect after success, or with the same page rendered again
//! holding every typed value and the errors.
//!
//! This file holds the shared steps and the helpers that read a server function's request from
//! its context; the posts' own code is split by responsibility:
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

use super::guard::Limit;
use super::services::auth::Moderator;
use super::services::submissions::{self, ServiceError};
use super::state::AppState;
use crate::domain::{
    percent_decode, CountryCode, ModerationStatus, QueueState, Submission, SubmitForm, UiLanguage,
};
use crate::server::secrets::TicketProblem;
use crate::wire::types::{Accepted, ManageView, QueueView};
use crate::wire::{AppError, FormReply, RetryReason};
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

fn map_service(context: &str, e: ServiceError) -> AppError {
    match e {
        ServiceError::NotFound => AppError::NotFound,
        ServiceError::Conflict => AppError::Conflict,
        ServiceError::Transition(t) => AppError::NotAllowed(t),
        ServiceError::Invalid(p) => AppError::Invalid(p),
        ServiceError::Db(e) => AppError::from_db(context, e),
    }
}

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

/// Checks and stores a new submission, made in the interface language `language`; with mail
/// on, its confirmation is queued and the worker woken.
///
/// # Errors
/// `Automated` (honeypot), `Retry` (too quick or stale ticket), `Invalid`, `TooManyRequests`,
/// `Unavailable`.
pub async fn accept_submission(
    state: &AppState,
    client: &str,
    origin: &str,
    language: UiLanguage,
    form: &SubmitForm,
) -> Result<Accepted, AppError> {
    if !form.leave_empty.trim().is_empty() {
        return Err(AppError::Automated);
    }
    match state.guard.check_ticket(&form.ticket) {
        Ok(()) => {}
        Err(problem) => {
            return Err(AppError::Retry {
                reason: match problem {
                    TicketProblem::TooQuick => RetryReason::TooQuick,
                    TicketProblem::Invalid => RetryReason::Expired,
                },
                ticket: state.guard.ticket(),
            })
        }
    }
    let submission = Submission::try_from(form).map_err(AppError::Invalid)?;
    if !state
        .limiter
        .allow(&state.guard, Limit::Submission, client)
        .await
    {
        return Err(AppError::TooManyRequests);
    }
    let created = submissions::submit(&state.db, &submission, language, state.mail.notices())
        .await
        .map_err(|e| AppError::from_db("storing a submission", e))?;
    tracing::info!(id = created.id, "new submission stored");
    state.mail.wake();
    let manage_path = format!("/manage/{}", created.token);
    Ok(Accepted {
        manage_url: format!("{origin}{manage_path}"),
        manage_path,
        title: submission.initiative.title.into_inner(),
    })
}

/// Every use of a manage link goes through here — its page, the edit and the withdrawal, with
/// or without JavaScript — so that guessing costs the same everywhere: past the client's budget
/// of unknown links (`Limit::ManageMiss`, shared by the instances on PostgreSQL) the answer is
/// `TooManyRequests` before anything is looked up, and a link that matches nothing (malformed
/// or invented) is counted and answered `NotFound`, the manage page's answers.
///
/// # Errors
/// `TooManyRequests` past the budget, `NotFound` for an unknown link, or what `use_link`
/// answers.
pub async fn with_manage_link<T, F, Fut>(
    state: &AppState,
    client: &str,
    token: &str,
    use_link: F,
) -> Result<T, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    if state
        .limiter
        .exhausted(&state.guard, Limit::ManageMiss, client)
        .await
    {
        return Err(AppError::TooManyRequests);
    }
    let answer = if crate::server::secrets::looks_like_token(token) {
        use_link().await
    } else {
        Err(AppError::NotFound)
    };
    if matches!(answer, Err(AppError::NotFound)) {
        state
            .limiter
            .allow(&state.guard, Limit::ManageMiss, client)
            .await;
    }
    answer
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
    with_manage_link(state, client, token, || async {
        submissions::managed_submission(&state.db, token)
            .await
            .map_err(|e| AppError::from_db("loading a manage page", e))?
            .map(ManageView::from)
            .ok_or(AppError::NotFound)
    })
    .await
}

/// Applies the submitter's edit; unknown links count towards the client's guessing limit.
///
/// # Errors
/// `TooManyRequests` after too many unknown links, `Invalid`, `NotFound`, `Conflict`,
/// `NotAllowed`, `Unavailable`.
pub async fn apply_update(
    state: &AppState,
    client: &str,
    token: &str,
    version: i32,
    form: &SubmitForm,
) -> Result<ModerationStatus, AppError> {
    with_manage_link(state, client, token, || async {
        let submission = Submission::try_from(form).map_err(AppError::Invalid)?;
        submissions::resubmit(&state.db, token, version, &submission)
            .await
            .map_err(|e| map_service("storing an edit", e))
    })
    .await
}

/// Withdraws a submission; unknown links count towards the client's guessing limit.
///
/// # Errors
/// `TooManyRequests` after too many unknown links, `NotFound`, `Conflict`, `NotAllowed`,
/// `Unavailable`.
pub async fn apply_withdrawal(
    state: &AppState,
    client: &str,
    token: &str,
    version: i32,
) -> Result<ModerationStatus, AppError> {
    let status = with_manage_link(state, client, token, || async {
        submissions::withdraw(&state.db, token, version)
            .await
            .map_err(|e| map_service("withdrawing a submission", e))
    })
    .await?;
    state.published_changed().await;
    Ok(status)
}

/// Applies a moderator's correction of the public content.
///
/// # Errors
/// `Invalid`, `NotFound`, `Conflict`, `NotAllowed`, `Unavailable`.
pub async fn apply_moderator_edit(
    state: &AppState,
    moderator: &Moderator,
    id: i32,
    version: i32,
    form: &SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let content = form.initiative().map_err(AppError::Invalid)?;
    let status = submissions::edit(&state.db, id, version, &content, &moderator.email)
        .await
        .map_err(|e| map_service("storing a moderator's edit", e))?;
    state.published_changed().await;
    Ok(status)
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
