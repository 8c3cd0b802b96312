//! Server functions: each parses its input, calls a service and maps the error. Pages call
//! these, never the database.

pub mod types;

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use types::{HomeData, InitiativeDetail, ListPage};

/// The one error type of the server functions. It never carries database text to the browser:
/// causes are logged on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("the directory is unavailable just now")]
    Unavailable,
    #[error("the request could not be completed: {0}")]
    Request(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
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
        }
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
