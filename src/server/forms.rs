//! The forms' server side: the steps shared by the server functions (called by the hydrated
//! pages) and by the plain form posts that work without JavaScript, plus those posts' axum
//! handlers. A post answers with a redirect after success, or with the same page rendered again
//! holding every typed value and the errors.

use super::guard::Limit;
use super::services::auth::{self, Moderator};
use super::services::submissions::{self, ServiceError};
use super::state::AppState;
use crate::app::shell;
use crate::domain::{
    percent_decode, percent_encode, CountryCode, ModerationAction, ModerationStatus, Submission,
    SubmitForm, TransitionError,
};
use crate::server::secrets::TicketProblem;
use crate::wire::types::{Accepted, ManageView, QueueState, QueueView};
use crate::wire::{AppError, FormReply, RetryReason};
use axum::{
    body::{Body, Bytes},
    extract::{ConnectInfo, Path, State},
    http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use std::net::SocketAddr;

/// Name of the moderators' session cookie.
pub const SESSION_COOKIE: &str = "icc_session";

/// The reply of a form post, handed as context to the page rendered as its answer.
#[derive(Clone, Debug)]
pub struct PostedReply(pub FormReply);

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

pub(super) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The moderator of a live session, whether or not they have a second factor: only their
/// account page (where they turn it on) and signing out may use this directly.
pub(super) async fn session_moderator(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Moderator, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Err(AppError::Unauthorized);
    };
    auth::moderator_for(&state.db, token)
        .await
        .map_err(|e| AppError::from_db("checking a session", e))?
        .ok_or(AppError::Unauthorized)
}

/// The moderator of a live session who may moderate: when the site requires a second factor
/// (`ICC_REQUIRE_2FA=1`), one without it gets `SecondFactorRequired`.
async fn moderator_from(state: &AppState, headers: &HeaderMap) -> Result<Moderator, AppError> {
    let moderator = session_moderator(state, headers).await?;
    if state.guard.require_2fa && moderator.second_factor == auth::SecondFactor::Off {
        return Err(AppError::SecondFactorRequired);
    }
    Ok(moderator)
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
    moderator_from(state, &headers).await
}

/// Checks and stores a new submission.
///
/// # Errors
/// `Automated` (honeypot), `Retry` (too quick or stale ticket), `Invalid`, `TooManyRequests`,
/// `Unavailable`.
pub async fn accept_submission(
    state: &AppState,
    client: &str,
    origin: &str,
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
    if !state.limiter.allow(&state.guard, Limit::Submission, client) {
        return Err(AppError::TooManyRequests);
    }
    let created = submissions::submit(&state.db, &submission)
        .await
        .map_err(|e| AppError::from_db("storing a submission", e))?;
    tracing::info!(id = created.id, "new submission stored");
    let manage_path = format!("/manage/{}", created.token);
    Ok(Accepted {
        manage_url: format!("{origin}{manage_path}"),
        manage_path,
        title: submission.initiative.title.into_inner(),
    })
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
    if state
        .limiter
        .exhausted(&state.guard, Limit::ManageMiss, client)
    {
        return Err(AppError::TooManyRequests);
    }
    match submissions::manage_view(&state.db, token)
        .await
        .map_err(|e| AppError::from_db("loading a manage page", e))?
    {
        Some(view) => Ok(view),
        None => {
            state.limiter.allow(&state.guard, Limit::ManageMiss, client);
            Err(AppError::NotFound)
        }
    }
}

/// Applies the submitter's edit.
///
/// # Errors
/// `Invalid`, `NotFound`, `Conflict`, `NotAllowed`, `Unavailable`.
pub async fn apply_update(
    state: &AppState,
    token: &str,
    version: i32,
    form: &SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let submission = Submission::try_from(form).map_err(AppError::Invalid)?;
    submissions::resubmit(&state.db, token, version, &submission)
        .await
        .map_err(|e| map_service("storing an edit", e))
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
    submissions::queue(&state.db, queue_state, country, &moderator.email)
        .await
        .map_err(|e| AppError::from_db("loading the queue", e))
}

// ---- plain form posts (they work without JavaScript) ----

/// Renders the page at `path` as the answer to a post, with the post's reply as context.
async fn render(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    reply: FormReply,
    status: StatusCode,
) -> Response {
    render_with(state, path, headers, PostedReply(reply), status).await
}

/// Renders the page at `path` (a GET of it, with the post's cookies and language) with `reply`
/// as context, under `status` instead of 200. Every page rendered as the answer to a post goes
/// through here, so it gets the page's Content-Security-Policy with its nonce.
pub(super) async fn render_with<C: Clone + Send + Sync + 'static>(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    reply: C,
    status: StatusCode,
) -> Response {
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(reply.clone());
            super::security::send_page_policy();
        },
        move || shell(options.clone()),
    );
    let mut request = Request::new(Body::empty());
    *request.method_mut() = Method::GET;
    *request.uri_mut() = path.parse().unwrap_or_default();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE, header::HOST] {
        for value in headers.get_all(&name) {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    let mut response = handler(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// The form's page again, with every value as posted and what was wrong, under the error's
/// status.
async fn render_refused(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    form: SubmitForm,
    error: AppError,
) -> Response {
    let status = error.status();
    let reply = FormReply {
        form: Some(form),
        error: Some(error),
        accepted: None,
    };
    render(state, path, headers, reply, status).await
}

pub(super) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// 400 with what could not be read in the posted form.
pub(super) fn bad_form(problem: impl std::fmt::Display) -> Response {
    super::refusal::page(
        StatusCode::BAD_REQUEST,
        &AppError::Request(problem.to_string()),
    )
}

/// 404 for an address that cannot name anything (a malformed id or manage link).
fn no_such_thing() -> Response {
    super::refusal::page(StatusCode::NOT_FOUND, &AppError::NotFound)
}

/// Whether every name and value of a url-encoded body is UTF-8 once its `%XX` escapes are
/// decoded. The form decoder would quietly replace what is not, changing what was typed.
fn form_is_utf8(body: &[u8]) -> bool {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    body.split(|b| *b == b'&' || *b == b'=').all(|part| {
        let mut bytes = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match (part[i], part.get(i + 1), part.get(i + 2)) {
                (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    bytes.push(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0));
                    i += 3;
                }
                (b, _, _) => {
                    bytes.push(b);
                    i += 1;
                }
            }
        }
        std::str::from_utf8(&bytes).is_ok()
    })
}

/// Fields of the forms that may come more than once (groups of check boxes).
const LIST_FIELDS: [&str; 3] = ["types", "commitments", "languages"];

/// The first field other than a list that the body gives more than once.
fn repeated_field(body: &[u8]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let name = pair.split(|b| *b == b'=').next().unwrap_or_default();
            percent_decode(&String::from_utf8_lossy(name))
        })
        .find(|name| !LIST_FIELDS.contains(&name.as_str()) && !seen.insert(name.clone()))
}

/// Reads a posted form; 400 naming the problem when it cannot be decoded.
pub(super) fn read_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    if !form_is_utf8(body) {
        return Err(bad_form("it is not UTF-8 text"));
    }
    if let Some(name) = repeated_field(body) {
        return Err(bad_form(format!(
            "the field {} is given more than once",
            name.chars().take(40).collect::<String>()
        )));
    }
    serde_html_form::from_bytes::<T>(body).map_err(bad_form)
}

/// The `version` field of an edit or an action: the version the page was showing.
fn read_version(body: &[u8]) -> Result<i32, Response> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct VersionField {
        version: Option<String>,
    }
    let field = read_form::<VersionField>(body)?;
    let Some(text) = field.version else {
        return Err(bad_form("the field version is missing"));
    };
    text.trim().parse::<i32>().map_err(|_| {
        bad_form(format!(
            "the field version is not a whole number: {}",
            text.chars().take(20).collect::<String>()
        ))
    })
}

/// An item's id from its address; 404 when it cannot be one.
fn item_id(text: &str) -> Result<i32, Response> {
    text.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(no_such_thing)
}

/// A manage link's token from its address; 404 when it cannot be one (nothing is looked up).
fn manage_token(text: String) -> Result<String, Response> {
    if super::secrets::looks_like_token(&text) {
        Ok(text)
    } else {
        Err(no_such_thing())
    }
}

pub(super) fn unauthorized_page() -> Response {
    super::refusal::page(StatusCode::UNAUTHORIZED, &AppError::Unauthorized)
}

/// Splits a posted request into the client's key, its headers and its body (413 when the body
/// is over the limit).
pub(super) async fn posted(
    state: &AppState,
    request: axum::extract::Request,
) -> Result<(String, HeaderMap, Bytes), Response> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let headers = request.headers().clone();
    let client = state.guard.client(&headers, peer);
    match axum::body::to_bytes(request.into_body(), super::http::MAX_BODY_BYTES).await {
        Ok(body) => Ok((client, headers, body)),
        Err(_) => Err(super::refusal::page(
            StatusCode::PAYLOAD_TOO_LARGE,
            &AppError::TooLarge,
        )),
    }
}

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
    let origin = site_origin(&state, &headers);
    match accept_submission(&state, &client, &origin, &form).await {
        Ok(accepted) => {
            let reply = FormReply {
                accepted: Some(accepted),
                ..Default::default()
            };
            render(&state, "/submit", &headers, reply, StatusCode::OK).await
        }
        Err(error) => render_refused(&state, "/submit", &headers, form, error).await,
    }
}

/// `POST /manage/{token}`: the submitter's edit without JavaScript.
pub async fn post_manage_edit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let read = manage_token(token)
        .and_then(|token| Ok((token, read_form::<SubmitForm>(&body)?, read_version(&body)?)));
    let (token, form, version) = match read {
        Ok(read) => read,
        Err(response) => return response,
    };
    let path = format!("/manage/{token}");
    match apply_update(&state, &token, version, &form).await {
        Ok(_) => see_other(&format!("{path}?done=sent")),
        Err(error) => render_refused(&state, &path, &headers, form, error).await,
    }
}

/// `POST /manage/{token}/withdraw`.
pub async fn post_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (token, version) = match manage_token(token).and_then(|t| Ok((t, read_version(&body)?))) {
        Ok(read) => read,
        Err(response) => return response,
    };
    let path = format!("/manage/{token}");
    match submissions::withdraw(&state.db, &token, version).await {
        Ok(_) => {
            state.published_changed().await;
            see_other(&format!("{path}?done=withdrawn"))
        }
        Err(ServiceError::NotFound) => {
            render(
                &state,
                &path,
                &headers,
                FormReply::default(),
                StatusCode::NOT_FOUND,
            )
            .await
        }
        Err(ServiceError::Conflict) => see_other(&format!("{path}?problem=conflict")),
        Err(ServiceError::Transition(_)) => see_other(&format!("{path}?problem=not-allowed")),
        Err(e) => {
            tracing::error!(error = %e, "withdrawing a submission");
            see_other(&format!("{path}?problem=unavailable"))
        }
    }
}

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
    let back = |problem: &str| {
        see_other(&format!(
            "/admin/sign-in?problem={problem}&email={}",
            percent_encode(form.email.trim())
        ))
    };
    if form.email.trim().is_empty() || form.password.is_empty() {
        return back("missing");
    }
    if state
        .limiter
        .exhausted(&state.guard, Limit::SignInFailure, &client)
    {
        return back("too-many");
    }
    match auth::sign_in(&state.db, &form.email, &form.password, &form.code).await {
        Ok(signed_in) => {
            let enrol =
                state.guard.require_2fa && signed_in.second_factor == auth::SecondFactor::Off;
            let mut response = see_other(if enrol {
                "/admin/account?problem=required"
            } else {
                "/admin"
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
                .allow(&state.guard, Limit::SignInFailure, &client);
            back("locked")
        }
        Err(auth::AuthError::Invalid | auth::AuthError::BadInput(_)) => {
            state
                .limiter
                .allow(&state.guard, Limit::SignInFailure, &client);
            back("invalid")
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            back("unavailable")
        }
    }
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
        Err(AppError::SecondFactorRequired) => Err(see_other("/admin/account?problem=required")),
        Err(_) => Err(see_other(&format!(
            "/admin/initiatives/{id}?problem=unavailable"
        ))),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    reason: String,
}

/// `POST /admin/initiatives/{id}/act`: publish, request changes, reject, archive, publish or
/// discard an edit.
pub async fn post_moderate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match item_id(&id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let moderator = match signed_in(&state, &headers, id).await {
        Ok(m) => m,
        Err(response) => return response,
    };
    let (form, version) =
        match read_form::<ActionForm>(&body).and_then(|form| Ok((form, read_version(&body)?))) {
            Ok(read) => read,
            Err(response) => return response,
        };
    let back = |problem: &str| {
        see_other(&format!(
            "/admin/initiatives/{id}?problem={problem}&action={}&reason={}",
            percent_encode(&form.action),
            percent_encode(form.reason.chars().take(2000).collect::<String>().as_str())
        ))
    };
    if form.reason.chars().count() > 2000 {
        return back("reason-too-long");
    }
    let action = match ModerationAction::parse(&form.action) {
        Ok(a) => a,
        Err(_) => return back("unknown-action"),
    };
    match submissions::act(
        &state.db,
        id,
        version,
        action,
        &form.reason,
        &moderator.email,
    )
    .await
    {
        Ok(_) => {
            state.published_changed().await;
            see_other(&format!("/admin/initiatives/{id}?done={}", action.as_str()))
        }
        Err(ServiceError::NotFound) => see_other("/admin?problem=not-found"),
        Err(ServiceError::Conflict) => back("conflict"),
        Err(ServiceError::Transition(TransitionError::ReasonRequired)) => back("reason-required"),
        Err(ServiceError::Transition(TransitionError::NoRevision)) => back("no-revision"),
        Err(ServiceError::Transition(_)) => back("not-allowed"),
        Err(e) => {
            tracing::error!(error = %e, "moderation action failed");
            back("unavailable")
        }
    }
}

/// `POST /admin/initiatives/{id}/edit`: a moderator's correction without JavaScript.
pub async fn post_moderator_edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match item_id(&id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let moderator = match signed_in(&state, &headers, id).await {
        Ok(m) => m,
        Err(response) => return response,
    };
    let (form, version) =
        match read_form::<SubmitForm>(&body).and_then(|form| Ok((form, read_version(&body)?))) {
            Ok(read) => read,
            Err(response) => return response,
        };
    match apply_moderator_edit(&state, &moderator, id, version, &form).await {
        Ok(_) => see_other(&format!("/admin/initiatives/{id}?done=edit")),
        Err(error) => {
            let path = format!("/admin/initiatives/{id}/edit");
            render_refused(&state, &path, &headers, form, error).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_escaped_non_utf8_bytes_is_not_text() {
        assert!(form_is_utf8(b"title=Gda%C5%84sk&city=a+b"));
        assert!(form_is_utf8(b"title=100%&x=%zz"));
        assert!(!form_is_utf8(b"title=%FF%FE"));
        assert!(!form_is_utf8(b"ti%C5tle=x"));
        assert!(!form_is_utf8(&[b't', b'=', 0xC3, 0x28]));
    }

    #[test]
    fn a_field_given_twice_is_named_unless_it_is_a_group_of_boxes() {
        assert_eq!(
            repeated_field(b"title=a&city=b&title=c").as_deref(),
            Some("title")
        );
        assert_eq!(
            repeated_field(b"e%6Dail=a&email=b").as_deref(),
            Some("email")
        );
        assert_eq!(
            repeated_field(b"types=a&types=b&languages=uk&languages=pl"),
            None
        );
    }

    #[test]
    fn only_positive_numbers_can_be_item_ids() {
        assert_eq!(item_id("12").ok(), Some(12));
        for bad in ["abc", "0", "-1", "99999999999", " 1"] {
            assert_eq!(item_id(bad).unwrap_err().status(), StatusCode::NOT_FOUND);
        }
    }
}
