//! What crosses between the server and the pages: the serialisable answer types (`types`, made
//! from the domain values the services return) and the one error type with its status. Both
//! sides import these, so the no-JavaScript handlers do not depend on the server functions
//! (`api`), and the pages do not depend on `server`. The services never import `wire`.

pub mod codec;
pub mod json;
pub mod problem;
pub mod shell;
pub mod statistics;
pub mod types;

use crate::domain::{FieldProblem, ListFilter, SubmitForm, TransitionError, UiLanguage};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use types::Accepted;

pub use problem::PageProblem;

/// The address of the list made for other sites' `<iframe>`s (`web::embed`), the one page
/// other sites may frame.
pub const EMBED_PATH: &str = "/embed/initiatives";

/// Where the public API's answers live: every address under it is a read-only JSON endpoint
/// (`web::public_api`), which the cross-site guard lets through.
pub const PUBLIC_API_PREFIX: &str = "/api/v1/";

/// Where the server functions the submission island calls live (`api`), apart from the public
/// API: private, never cached, answering with their error's status.
pub const SERVER_FN_PREFIX: &str = "/fn/";

/// This site's origin (`https://site.example`) for the request a page answers, decided at the
/// door (`web::reader`) from `ICC_PUBLIC_ORIGIN` or the request's `Host`; `None` when neither
/// names one. Pages read it from the request's extensions for absolute addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteOrigin(pub Option<String>);

/// The embed's address (path and query) for a view of the list, in `lang`: the view's filters
/// as the list page writes them, without its page number (the embed shows the newest), then the
/// language.
pub fn embed_address(filter: &ListFilter, lang: UiLanguage) -> String {
    match filter.with_page(1).to_query() {
        q if q.is_empty() => format!("{EMBED_PATH}?lang={}", lang.as_str()),
        q => format!("{EMBED_PATH}?{q}&lang={}", lang.as_str()),
    }
}

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
    type Encoder = codec::JsonOut;

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
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
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

/// The reply of a form post, handed as context to the page rendered as its answer.
#[derive(Clone, Debug)]
pub struct PostedReply(pub FormReply);

/// What a post through a manage link already decided its page shows (`NotFound` for a link
/// that matches nothing, `TooManyRequests` past the guessing budget), handed as context to the
/// manage page rendered as its answer: the page shows it without looking the link up or
/// counting the miss a second time.
#[derive(Clone, Debug)]
pub struct ManageAnswer(pub AppError);

/// Context of the moderators' privacy page rendered as the answer to a post: the address the
/// moderator typed (never put into an address or a log) and what was found or done.
#[derive(Clone, Debug)]
pub struct PrivacyReply {
    pub email: String,
    pub outcome: types::PrivacyOutcome,
}

/// Context of the sign-in page rendered as the answer to a refused sign-in: the address the
/// moderator typed, to fill the field in again (an e-mail address never goes into a page's
/// address, which servers and proxies log), and what was wrong.
#[derive(Clone, Debug)]
pub struct SignInReply {
    pub email: String,
    pub problem: PageProblem,
}

/// Context of the account page rendered as the answer to a refused password change.
#[derive(Clone, Debug)]
pub struct AccountReply(pub types::PasswordProblemView);
