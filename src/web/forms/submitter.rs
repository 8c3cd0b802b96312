//! The submitter's posts without JavaScript: a new submission, an edit through the manage link,
//! withdrawing it, erasing their personal data. A manage link that matches nothing is counted towards the client's guessing
//! budget and answered with the manage page's 404 (429 past the budget), as a GET of the page
//! is (`use_cases::through_manage_link`). Each calls its use case, as the server functions do.

use crate::domain::{percent_encode, SubmitForm};
use crate::server::accounts::guard::origin_text;
use crate::server::state::AppState;
use crate::server::use_cases::{self, Problem};
use crate::web::forms::body::{posted, read_form, read_submission_id, read_version};
use crate::web::forms::render::{render, render_refused, render_with, see_other};
use crate::web::forms::{app_error, page_problem};
use crate::wire::FormReply;
use crate::wire::ManageAnswer;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

/// `POST /submit` without JavaScript.
pub async fn post_submit(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let form = match read_form::<SubmitForm>(&body) {
        Ok(form) => form,
        Err(response) => return response,
    };
    let id = match read_submission_id(&body) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let origin = origin_text(&state.guard, &headers);
    let language = headers.language.language;
    match use_cases::submit(&state, &client, &origin, language, &form, id.as_ref()).await {
        Ok(submitted) => {
            let reply = FormReply {
                accepted: Some(submitted.into()),
                ..Default::default()
            };
            render(&state, "/submit", &headers, reply, StatusCode::OK).await
        }
        Err(problem) => render_refused(&state, "/submit", &headers, form, app_error(problem)).await,
    }
}

/// The address of a manage page: a real token is URL-safe; anything else is escaped, so the
/// page rendered as an answer is the manage page whatever was in the address.
fn manage_path(token: &str) -> String {
    format!("/manage/{}", percent_encode(token))
}

/// The answer to a post through a manage link that matched nothing, or past the client's
/// guessing budget: the manage page with that answer (404 or 429), as a GET of it shows.
async fn manage_page_answer(
    state: &AppState,
    path: &str,
    headers: &crate::web::forms::PostHeaders,
    problem: Problem,
) -> Response {
    let error = app_error(problem);
    let status = error.status();
    render_with(state, path, headers, ManageAnswer(error), status).await
}

/// `POST /manage/{token}`: the submitter's edit without JavaScript.
pub async fn post_manage_edit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let (form, version) =
        match read_form::<SubmitForm>(&body).and_then(|form| Ok((form, read_version(&body)?))) {
            Ok(read) => read,
            Err(response) => return response,
        };
    let path = manage_path(&token);
    match use_cases::update(&state, &client, &token, version, &form).await {
        Ok(_) => see_other(&format!("{path}?done=sent")),
        Err(problem @ (Problem::NotFound | Problem::TooMany)) => {
            manage_page_answer(&state, &path, &headers, problem).await
        }
        Err(problem) => render_refused(&state, &path, &headers, form, app_error(problem)).await,
    }
}

/// `POST /manage/{token}/withdraw`.
pub async fn post_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let version = match read_version(&body) {
        Ok(version) => version,
        Err(response) => return response,
    };
    let path = manage_path(&token);
    match use_cases::withdraw(&state, &client, &token, version).await {
        Ok(_) => see_other(&format!("{path}?done=withdrawn")),
        Err(problem @ (Problem::NotFound | Problem::TooMany)) => {
            manage_page_answer(&state, &path, &headers, problem).await
        }
        // Conflict, NotAllowed, else Unavailable: what the manage page shows.
        Err(problem) => see_other(&format!("{path}?{}", page_problem(&problem).as_query())),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EraseForm {
    /// `yes` when the submitter ticked the confirmation.
    confirm: String,
}

/// `POST /manage/{token}/erase`: the submitter erases their personal data (with the box ticked
/// that says what happens). Afterwards the link no longer works: the answer is the privacy
/// notice saying it was done.
pub async fn post_erase(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let form = match read_form::<EraseForm>(&body) {
        Ok(form) => form,
        Err(response) => return response,
    };
    let path = manage_path(&token);
    if form.confirm != "yes" {
        return see_other(&format!(
            "{path}?{}#erase-h",
            crate::wire::PageProblem::Missing.as_query()
        ));
    }
    match use_cases::erase(&state, &client, &token).await {
        Ok(_) => see_other("/privacy?done=erased"),
        Err(problem @ (Problem::NotFound | Problem::TooMany)) => {
            manage_page_answer(&state, &path, &headers, problem).await
        }
        Err(problem) => see_other(&format!("{path}?{}", page_problem(&problem).as_query())),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EndedForm {
    /// The day it ended, `YYYY-MM-DD`; today when blank.
    ended_on: String,
}

/// `POST /manage/{token}/confirm`: "Still running — confirm" renews the confirmation's date
/// in one step (issue 23).
pub async fn post_confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    post_standing(state, token, request, false).await
}

/// `POST /manage/{token}/ended`: "It has ended" records the end (the day typed, else today).
pub async fn post_ended(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: axum::extract::Request,
) -> Response {
    post_standing(state, token, request, true).await
}

async fn post_standing(
    state: AppState,
    token: String,
    request: axum::extract::Request,
    ended: bool,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let (version, form) = match read_version(&body)
        .and_then(|version| Ok((version, read_form::<EndedForm>(&body)?)))
    {
        Ok(read) => read,
        Err(response) => return response,
    };
    let path = manage_path(&token);
    let asked = if ended {
        use_cases::Asked::Ended { on: form.ended_on }
    } else {
        use_cases::Asked::Running
    };
    match use_cases::stand(&state, &client, &token, version, &asked).await {
        Ok(_) => see_other(&format!(
            "{path}?done={}#standing-h",
            if ended { "ended" } else { "confirmed" }
        )),
        Err(problem @ (Problem::NotFound | Problem::TooMany)) => {
            manage_page_answer(&state, &path, &headers, problem).await
        }
        // Invalid (the end date), Conflict, NotAllowed, else Unavailable.
        Err(problem) => see_other(&format!(
            "{path}?{}#standing-h",
            page_problem(&problem).as_query()
        )),
    }
}
