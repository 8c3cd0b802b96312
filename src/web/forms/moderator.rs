//! The moderators' session (reading its cookie, signing in and out) and their posts without
//! JavaScript: a moderation action, a correction of the public content (each calls its use
//! case, as the server functions do). Problems reach the page redirected to as a
//! `PageProblem` in its address — except a refused sign-in, answered with the sign-in page
//! itself so that the address typed never appears in an address.

use crate::domain::{percent_encode, SubmitForm};
use crate::server::accounts::auth::{self, Moderator};
use crate::server::accounts::guard::Limit;
use crate::server::accounts::session::{cookie, moderator_from, SESSION_COOKIE};
use crate::server::state::AppState;
use crate::server::use_cases::{self, Problem, MAX_REASON_CHARS};
use crate::web::forms::body::{item_id, posted, read_form, read_version};
use crate::web::forms::render::{render_refused, render_with, see_other, unauthorized_page};
use crate::web::forms::{app_error, page_problem};
use crate::wire::{AppError, PageProblem, SignInReply};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::Response,
};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    /// The code from the authenticator app; empty for accounts without a second factor.
    code: String,
}

fn session_cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: i64) -> String {
    let secure = if state.guard.https(headers) {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    )
}

/// `POST /admin/sign-in`.
pub async fn post_sign_in(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let form = match read_form::<SignInForm>(&body) {
        Ok(form) => form,
        Err(response) => return response,
    };
    // A refusal is the sign-in page rendered as the answer, the address typed filled in again:
    // never a redirect, whose address (logged by servers and proxies) would carry it.
    let email = form.email.trim().to_owned();
    let back = |problem: PageProblem| {
        let reply = SignInReply {
            email: email.clone(),
            problem,
        };
        render_with(&state, SIGN_IN, &headers, reply, sign_in_status(problem))
    };
    if form.email.trim().is_empty() || form.password.is_empty() {
        return back(PageProblem::Missing).await;
    }
    if state
        .limiter
        .exhausted(&state.guard, Limit::SignInFailure, &client)
        .await
    {
        return back(PageProblem::TooMany).await;
    }
    match auth::sign_in(&state.db, &form.email, &form.password, &form.code).await {
        Ok(signed_in) => {
            let enrol =
                state.guard.require_2fa && signed_in.second_factor == auth::SecondFactor::Off;
            let mut response = see_other(&if enrol {
                enrolment_page()
            } else {
                "/admin".to_owned()
            });
            if let Ok(value) = HeaderValue::from_str(&session_cookie(
                &state,
                &headers,
                &signed_in.token,
                auth::SESSION_HOURS * 3600,
            )) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(auth::AuthError::Locked) => {
            state
                .limiter
                .allow(&state.guard, Limit::SignInFailure, &client)
                .await;
            back(PageProblem::Locked).await
        }
        Err(auth::AuthError::Invalid | auth::AuthError::BadInput(_)) => {
            state
                .limiter
                .allow(&state.guard, Limit::SignInFailure, &client)
                .await;
            back(PageProblem::Invalid).await
        }
        // Not counted: nothing was checked.
        Err(auth::AuthError::Busy) => {
            let mut response = back(PageProblem::Busy).await;
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(auth::CHECK_WAIT_SECONDS),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            back(PageProblem::Unavailable).await
        }
    }
}

const SIGN_IN: &str = "/admin/sign-in";

/// The status of the sign-in page refusing a sign-in for `problem`.
fn sign_in_status(problem: PageProblem) -> StatusCode {
    match problem {
        PageProblem::Locked | PageProblem::TooMany => StatusCode::TOO_MANY_REQUESTS,
        PageProblem::Busy | PageProblem::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The account page, saying the site requires a second factor first.
fn enrolment_page() -> String {
    format!(
        "/admin/account?{}",
        PageProblem::SecondFactorRequired.as_query()
    )
}

/// The review page of item `id` reporting `problem`.
fn review_page(id: i32, problem: PageProblem) -> String {
    format!("/admin/initiatives/{id}?{}", problem.as_query())
}

/// `POST /admin/sign-out`.
pub async fn post_sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        if let Err(e) = auth::sign_out(&state.db, token).await {
            tracing::error!(error = %e, "sign-out failed");
        }
    }
    let mut response = see_other("/admin/sign-in?done=signed-out");
    if let Ok(value) = HeaderValue::from_str(&session_cookie(&state, &headers, "", 0)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The moderator of a post to an item's page, or the answer to send instead (401 page).
async fn signed_in(state: &AppState, headers: &HeaderMap, id: i32) -> Result<Moderator, Response> {
    match moderator_from(state, headers).await {
        Ok(m) => Ok(m),
        Err(AppError::Unauthorized) => Err(unauthorized_page()),
        Err(AppError::SecondFactorRequired) => Err(see_other(&enrolment_page())),
        Err(_) => Err(see_other(&review_page(id, PageProblem::Unavailable))),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    reason: String,
}

/// What both moderators' posts about one item start with: a valid item id, a moderator signed
/// in (with the second factor when required), the posted form and the version it was made from.
async fn accept<F: serde::de::DeserializeOwned>(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(i32, Moderator, F, i32), Response> {
    let id = item_id(id)?;
    let moderator = signed_in(state, headers, id).await?;
    let form = read_form::<F>(body)?;
    let version = read_version(body)?;
    Ok((id, moderator, form, version))
}

/// `POST /admin/initiatives/{id}/act`: publish, request changes, reject, archive, publish or
/// discard an edit.
pub async fn post_moderate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (id, moderator, form, version) =
        match accept::<ActionForm>(&state, &id, &headers, &body).await {
            Ok(accepted) => accepted,
            Err(response) => return response,
        };
    let back = |problem: PageProblem| {
        see_other(&format!(
            "{}&action={}&reason={}",
            review_page(id, problem),
            percent_encode(&form.action),
            percent_encode(
                form.reason
                    .chars()
                    .take(MAX_REASON_CHARS)
                    .collect::<String>()
                    .as_str()
            )
        ))
    };
    match use_cases::moderate(&state, &moderator, id, version, &form.action, &form.reason).await {
        Ok(decided) => see_other(&format!(
            "/admin/initiatives/{id}?done={}",
            decided.action.as_str()
        )),
        Err(Problem::NotFound) => {
            see_other(&format!("/admin?{}", PageProblem::NotFound.as_query()))
        }
        Err(problem) => back(page_problem(&problem)),
    }
}

/// `POST /admin/initiatives/{id}/edit`: a moderator's correction without JavaScript.
pub async fn post_moderator_edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: crate::web::forms::PostHeaders,
    body: Bytes,
) -> Response {
    let (id, moderator, form, version) =
        match accept::<SubmitForm>(&state, &id, &headers, &body).await {
            Ok(accepted) => accepted,
            Err(response) => return response,
        };
    match use_cases::edit(&state, &moderator, id, version, &form).await {
        Ok(_) => see_other(&format!("/admin/initiatives/{id}?done=edit")),
        Err(problem) => {
            let path = format!("/admin/initiatives/{id}/edit");
            render_refused(&state, &path, &headers, form, app_error(problem)).await
        }
    }
}

/// The moderators' list of confirmations due (issue 23) reporting `problem`, or what was done.
fn confirmations_page(query: &str) -> String {
    format!("/admin/confirmations?{query}")
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StandingForm {
    /// How the city said it (phone, letter): required, kept in the history.
    note: String,
    /// For "ended": the day it ended, `YYYY-MM-DD`; today when blank.
    ended_on: String,
}

/// `POST /admin/initiatives/{id}/confirm`: a confirmation the city gave by phone or letter,
/// with a note in the history.
pub async fn post_record_confirmation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    post_record_standing(state, id, headers, body, false).await
}

/// `POST /admin/initiatives/{id}/ended`: the city said it ended (by phone or letter).
pub async fn post_record_ended(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    post_record_standing(state, id, headers, body, true).await
}

async fn post_record_standing(
    state: AppState,
    id: String,
    headers: HeaderMap,
    body: Bytes,
    ended: bool,
) -> Response {
    let (id, moderator, form, version) =
        match accept::<StandingForm>(&state, &id, &headers, &body).await {
            Ok(accepted) => accepted,
            Err(response) => return response,
        };
    let asked = if ended {
        use_cases::Asked::Ended { on: form.ended_on }
    } else {
        use_cases::Asked::Running
    };
    match use_cases::stand_for_city(&state, &moderator, id, version, &asked, &form.note).await {
        Ok(_) => see_other(&confirmations_page(&format!(
            "done={}#item-{id}",
            if ended { "ended" } else { "confirmed" }
        ))),
        Err(problem) => see_other(&confirmations_page(&format!(
            "{}#item-{id}",
            page_problem(&problem).as_query()
        ))),
    }
}

/// `POST /admin/initiatives/{id}/remind`: send the city a reminder now (the one owed, else a
/// first one for the current period; never a third).
pub async fn post_remind_now(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (id, _moderator, _form, _version) =
        match accept::<StandingForm>(&state, &id, &headers, &body).await {
            Ok(accepted) => accepted,
            Err(response) => return response,
        };
    let crate::server::mail::Outbox::On { site, .. } = &state.mail else {
        return see_other(&confirmations_page(&PageProblem::NotOn.as_query()));
    };
    let clock = state.directory.clock();
    match crate::server::reminders::remind_now(
        &state.db,
        id,
        clock.rule,
        clock.today,
        chrono::Utc::now(),
        site,
    )
    .await
    {
        Ok(Some(_)) => {
            state.mail.wake();
            see_other(&confirmations_page(&format!("done=reminded#item-{id}")))
        }
        Ok(None) => see_other(&confirmations_page(&format!(
            "{}#item-{id}",
            PageProblem::NotAllowed.as_query()
        ))),
        Err(e) => {
            tracing::error!(error = %e, "sending a reminder now failed");
            see_other(&confirmations_page(&PageProblem::Unavailable.as_query()))
        }
    }
}
