//! A moderator's own account (`/admin/account`): its form posts (work without JavaScript) that turn the second factor on and off and change the password. These
//! stay open to a signed-in moderator without a second factor even when the site requires
//! one, since this is where they turn it on.

use crate::server::accounts::auth::{self, AuthError, Moderator};
use crate::server::accounts::password::PasswordProblem;
use crate::server::state::AppState;
use crate::web::forms::{cookie, posted, read_form, see_other, session_moderator, SESSION_COOKIE};
use crate::wire::types::PasswordProblemView;
use crate::wire::{AppError, PageProblem};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};

fn problem_view(p: PasswordProblem) -> PasswordProblemView {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match p {
        PasswordProblem::TooShort { chars } => PasswordProblemView::TooShort {
            chars: count(chars),
        },
        PasswordProblem::TooLong { chars } => PasswordProblemView::TooLong {
            chars: count(chars),
        },
        PasswordProblem::Guessable {
            warning,
            suggestions,
        } => PasswordProblemView::Guessable {
            warning,
            suggestions,
        },
    }
}

const PAGE: &str = "/admin/account";

/// The account page saying what was done (`done=on`).
fn back(outcome: &str) -> Response {
    see_other(&format!("{PAGE}?{outcome}"))
}

/// The account page saying what went wrong.
fn refused(problem: PageProblem) -> Response {
    see_other(&format!("{PAGE}?{}", problem.as_query()))
}

/// The signed-in moderator and their session token, or the answer to send instead.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<(Moderator, String), Response> {
    match session_moderator(state, headers).await {
        Ok(m) => Ok((
            m,
            cookie(headers, SESSION_COOKIE)
                .unwrap_or_default()
                .to_owned(),
        )),
        Err(AppError::Unauthorized) => Err(crate::web::forms::unauthorized_page()),
        Err(_) => Err(refused(PageProblem::Unavailable)),
    }
}

fn failed(context: &str, e: &AuthError) -> Response {
    tracing::error!(error = %e, "{context}");
    refused(PageProblem::Unavailable)
}

/// A post of the account page that may be acted on: from this site, by a signed-in moderator
/// (with their session token), with a form that could be read.
struct Posted<F> {
    headers: crate::web::forms::PostHeaders,
    moderator: Moderator,
    token: String,
    form: F,
}

/// The checks every post of the account page starts with, in order: the post itself (origin,
/// body), the session, then the form. The first that fails is the answer.
async fn accept<F: serde::de::DeserializeOwned>(
    state: &AppState,
    request: axum::extract::Request,
) -> Result<Posted<F>, Response> {
    let (_, headers, body) = posted(state, request).await?;
    let (moderator, token) = signed_in(state, &headers).await?;
    let form = read_form::<F>(&body)?;
    Ok(Posted {
        headers,
        moderator,
        token,
        form,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CodeForm {
    code: String,
}

/// `POST /admin/account/second-factor/start`: a new secret to scan, waiting for a code.
pub async fn post_start(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (moderator, _) = match signed_in(&state, &headers).await {
        Ok(m) => m,
        Err(response) => return response,
    };
    match auth::start_second_factor(&state.db, moderator.id).await {
        Ok(_) => see_other(&format!("{PAGE}#second-factor")),
        Err(AuthError::AlreadyOn) => refused(PageProblem::AlreadyOn),
        Err(e) => failed("starting a second factor", &e),
    }
}

/// `POST /admin/account/second-factor/confirm`: turns it on with a code from the new secret.
pub async fn post_confirm(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let posted = match accept::<CodeForm>(&state, request).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    match auth::confirm_second_factor(
        &state.db,
        posted.moderator.id,
        &posted.form.code,
        Some(posted.token.as_str()),
    )
    .await
    {
        Ok(()) => back("done=on"),
        Err(AuthError::WrongCode) => refused(PageProblem::WrongCode),
        Err(AuthError::NoSecondFactor) => refused(PageProblem::NotStarted),
        Err(e) => failed("confirming a second factor", &e),
    }
}

/// `POST /admin/account/second-factor/off`: turns it off with a current code (refused when the
/// site requires one).
pub async fn post_off(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let posted = match accept::<CodeForm>(&state, request).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    if state.guard.require_2fa {
        return refused(PageProblem::RequiredStays);
    }
    match auth::turn_off_second_factor(
        &state.db,
        posted.moderator.id,
        &posted.form.code,
        Some(posted.token.as_str()),
    )
    .await
    {
        Ok(()) => back("done=off"),
        Err(AuthError::WrongCode) => refused(PageProblem::WrongCode),
        Err(AuthError::ReplayedCode) => refused(PageProblem::UsedCode),
        Err(AuthError::Locked) => refused(PageProblem::Locked),
        Err(AuthError::NoSecondFactor) => refused(PageProblem::NotOn),
        Err(e) => failed("turning a second factor off", &e),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current: String,
    new: String,
    again: String,
}

/// `POST /admin/account/password`: a new password under the policy; a refusal by the policy
/// renders the page again saying which rule failed (the passwords are never sent back).
pub async fn post_password(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let Posted {
        headers,
        moderator,
        token,
        form,
    } = match accept::<PasswordForm>(&state, request).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    if form.current.is_empty() || form.new.is_empty() {
        return refused(PageProblem::PasswordMissing);
    }
    if form.new != form.again {
        return refused(PageProblem::PasswordMismatch);
    }
    match auth::change_password(
        &state.db,
        moderator.id,
        &form.current,
        &form.new,
        Some(token.as_str()),
    )
    .await
    {
        Ok(()) => back("done=password"),
        Err(AuthError::Invalid) => refused(PageProblem::WrongPassword),
        Err(AuthError::Locked) => refused(PageProblem::Locked),
        Err(AuthError::Busy) => {
            let page = format!("{PAGE}?{}", PageProblem::Busy.as_query());
            crate::web::forms::busy_page(&state, &page, &headers).await
        }
        Err(AuthError::WeakPassword(p)) => {
            render_refused(&state, &headers, crate::wire::AccountReply(problem_view(p))).await
        }
        Err(e) => failed("changing a password", &e),
    }
}

/// The account page again with the password's problem (422).
async fn render_refused(
    state: &AppState,
    headers: &crate::web::forms::PostHeaders,
    reply: crate::wire::AccountReply,
) -> Response {
    crate::web::forms::render_with(
        state,
        PAGE,
        headers,
        reply,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
