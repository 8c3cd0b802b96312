//! Server functions: each parses its input, calls a service and maps the error. Pages call
//! these, never the database.

pub mod types;

use crate::domain::{FieldProblem, ModerationStatus, SubmitForm, TransitionError};
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::codec::{GetUrl, Json};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use types::{
    Accepted, AccountView, HomeData, InitiativeDetail, ListPage, ManageView, QueueView, ReviewView,
    SimilarInitiative,
};

/// Why a form must be sent again although nothing in it is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetryReason {
    /// Sent sooner after opening than a person can fill it in.
    TooQuick,
    /// Open for more than a day, or the site restarted meanwhile.
    Expired,
}

/// The one error type of the server functions. It never carries database text to the browser:
/// causes are logged on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("the directory is unavailable just now")]
    Unavailable,
    /// The request could not be decoded (missing or mistyped arguments, a body that is not
    /// what the endpoint reads); the text says what was wrong.
    #[error("the request could not be read: {0}")]
    Request(String),
    /// The body is larger than the server accepts (64 KB).
    #[error("the request is larger than 64 KB")]
    TooLarge,
    /// Sent from another site, or without saying where from (no `Origin` or `Referer`).
    #[error("sent from another site")]
    CrossSite,
    /// Fields that failed their parsers; the form shows each beside its field.
    #[error("some fields need attention")]
    Invalid(Vec<FieldProblem>),
    /// Send the same form again with this fresh ticket.
    #[error("please send the form again")]
    Retry { reason: RetryReason, ticket: String },
    /// The field hidden from people was filled in.
    #[error("the form looks automated")]
    Automated,
    #[error("too many requests; wait a while")]
    TooManyRequests,
    /// Someone else changed the item since it was loaded.
    #[error("it changed meanwhile")]
    Conflict,
    #[error("not possible now: {0}")]
    NotAllowed(TransitionError),
    /// No moderator session, or an expired one.
    #[error("sign-in required")]
    Unauthorized,
    /// The site requires a second factor (`ICC_REQUIRE_2FA=1`) and this moderator has none
    /// yet: only their account page is open to them.
    #[error("turn on a second factor first")]
    SecondFactorRequired,
}

/// What a form posted without JavaScript hands to the page rendered as the answer: the values
/// as typed, what went wrong, or the confirmation. Empty for pages opened normally.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReply {
    pub form: Option<SubmitForm>,
    pub error: Option<AppError>,
    pub accepted: Option<Accepted>,
}

/// What a form needs from the server before it is shown: a fresh ticket and, after a post
/// without JavaScript, the reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormStart {
    pub ticket: String,
    pub reply: FormReply,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// What the client sent could not be decoded: 400 with what was wrong. Failures of the
    /// server itself (registering, encoding the answer, middleware) are logged and answered as
    /// `Unavailable`. On the browser, the same mapping turns a network failure into `Request`.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(e) => AppError::Request(format!("the arguments: {e}")),
            ServerFnErrorErr::MissingArg(e) => AppError::Request(format!("missing argument {e}")),
            ServerFnErrorErr::Deserialization(e) => AppError::Request(format!("the body: {e}")),
            ServerFnErrorErr::Request(e) => AppError::Request(e),
            ServerFnErrorErr::Serialization(e) | ServerFnErrorErr::UnsupportedRequestMethod(e) => {
                AppError::Request(e)
            }
            e @ (ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Response(_)) => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %e, "a server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = e;
                AppError::Unavailable
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Request(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::CrossSite => StatusCode::FORBIDDEN,
            Self::Invalid(_) | Self::Retry { .. } | Self::Automated => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Conflict | Self::NotAllowed(_) => StatusCode::CONFLICT,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::SecondFactorRequired => StatusCode::FORBIDDEN,
        }
    }

    /// Sets this error's status on the response being built, and returns it.
    pub fn respond(self) -> Self {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }

    /// Logs the cause and gives the browser only "unavailable".
    pub fn from_db(context: &str, cause: sea_orm::DbErr) -> Self {
        tracing::error!(error = %cause, "{context}");
        Self::Unavailable
    }
}

#[cfg(feature = "ssr")]
fn state() -> Result<crate::server::state::AppState, AppError> {
    use_context::<crate::server::state::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Unavailable
    })
}

/// Totals and the latest initiatives for the home page.
#[server(endpoint = "home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    Ok(state()?.directory.snapshot().home(6))
}

/// One page of the public list for a query string such as `country=PL&type=housing&page=2`.
/// Unusable parameters are ignored and reported in the answer.
#[server(endpoint = "initiatives")]
pub async fn list_initiatives(query: String) -> Result<ListPage, AppError> {
    let (filter, problems) = crate::domain::ListFilter::from_query(&query);
    Ok(state()?.directory.snapshot().list(filter, problems))
}

/// Every public field of a published initiative; `NotFound` for anything else.
#[server(endpoint = "initiative")]
pub async fn load_initiative(slug: String) -> Result<InitiativeDetail, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    let state = state()?;
    crate::server::services::initiatives::published_by_slug(&state.db, &slug)
        .await
        .map_err(|e| AppError::from_db("loading an initiative", e))?
        .ok_or(AppError::NotFound)
}

/// A fresh ticket for a form and, when this page answers a form posted without JavaScript,
/// what the post gave.
#[server(endpoint = "form_start", input = GetUrl)]
pub async fn start_form() -> Result<FormStart, AppError> {
    Ok(FormStart {
        ticket: state()?.guard.ticket(),
        reply: use_context::<crate::server::forms::PostedReply>()
            .map(|p| p.0)
            .unwrap_or_default(),
    })
}

/// Stores a new submission for review and gives its private manage link.
#[server(endpoint = "submit", input = Json)]
pub async fn submit_initiative(form: SubmitForm) -> Result<Accepted, AppError> {
    let state = state()?;
    let client = crate::server::forms::client().await;
    let origin = crate::server::forms::origin();
    crate::server::forms::accept_submission(&state, &client, &origin, &form)
        .await
        .map_err(AppError::respond)
}

/// Published initiatives of the same city whose titles share words with `title`.
#[server(endpoint = "similar", input = GetUrl)]
pub async fn similar_initiatives(
    country: String,
    city: String,
    title: String,
) -> Result<Vec<SimilarInitiative>, AppError> {
    if country.len() > 8 || city.len() > 400 || title.len() > 600 {
        return Ok(Vec::new());
    }
    Ok(state()?
        .directory
        .snapshot()
        .similar(&country, &city, &title, 5))
}

/// The submitter's page behind a manage link. Unknown links count towards a per-client limit.
#[server(endpoint = "manage")]
pub async fn load_manage(token: String) -> Result<ManageView, AppError> {
    let state = state()?;
    let client = crate::server::forms::client().await;
    crate::server::forms::manage_view(&state, &client, &token)
        .await
        .map_err(AppError::respond)
}

/// The submitter sends an edit through the manage link.
#[server(endpoint = "manage_update", input = Json)]
pub async fn update_submission(
    token: String,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = state()?;
    crate::server::forms::apply_update(&state, &token, version, &form)
        .await
        .map_err(AppError::respond)
}

/// The moderation queue for a query such as `state=pending&country=PL`. Moderators only.
#[server(endpoint = "queue")]
pub async fn load_queue(query: String) -> Result<QueueView, AppError> {
    let state = state()?;
    let moderator = crate::server::forms::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::forms::queue(&state, &moderator, &query)
        .await
        .map_err(AppError::respond)
}

/// One item for review. Moderators only.
#[server(endpoint = "review")]
pub async fn load_review(id: i32) -> Result<ReviewView, AppError> {
    let state = state()?;
    let moderator = crate::server::forms::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::services::submissions::review(&state.db, id, &moderator.email)
        .await
        .map_err(|e| AppError::from_db("loading an item for review", e).respond())?
        .ok_or_else(|| AppError::NotFound.respond())
}

/// A moderator corrects an item's public content. Moderators only.
#[server(endpoint = "moderator_edit", input = Json)]
pub async fn moderator_edit(
    id: i32,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = state()?;
    let moderator = crate::server::forms::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::forms::apply_moderator_edit(&state, &moderator, id, version, &form)
        .await
        .map_err(AppError::respond)
}

/// The signed-in moderator's own account: e-mail and second factor (with the secret and its QR
/// code while it is being set up). Open to a moderator who still has to turn the second factor
/// on when the site requires one.
#[server(endpoint = "account", input = GetUrl)]
pub async fn load_account() -> Result<AccountView, AppError> {
    let state = state()?;
    crate::server::account::account_view(&state)
        .await
        .map_err(AppError::respond)
}
