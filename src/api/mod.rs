//! What pages and the island get from the server. `pages` holds the reads pages make while
//! they render on the server (plain functions: no HTTP endpoint); this file holds the server
//! functions — only the four the submission island calls from the browser, under `/fn/`
//! (apart from the public API's `/api/v1/`). Each parses its input, calls a use case
//! (`server::use_cases`, which the posts without JavaScript call too) or a read, and maps its
//! answer and its problem (`use_cases::app_error`). Pages call these, never the database.

#[cfg(feature = "ssr")]
mod context;
pub mod pages;

pub use pages::{
    list_initiatives, load_account, load_home, load_initiative, load_mail, load_manage,
    load_pipeline, load_queue, load_review, load_statistics, site_origin, start_form,
};

use crate::domain::{ModerationStatus, SubmitForm};
use crate::wire::types::{Accepted, SimilarInitiative};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

/// Stores a new submission for review and gives its private manage link.
#[server(prefix = "/fn", endpoint = "submit", input = Json)]
pub async fn submit_initiative(form: SubmitForm) -> Result<Accepted, AppError> {
    let state = context::state()?;
    let client = context::client().await;
    let origin = context::origin();
    let language = context::language();
    crate::server::use_cases::submit(&state, &client, &origin, language, &form)
        .await
        .map(Into::into)
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// Published initiatives of the same city whose titles share words with `title`.
#[server(prefix = "/fn", endpoint = "similar", input = GetUrl)]
pub async fn similar_initiatives(
    country: String,
    city: String,
    title: String,
) -> Result<Vec<SimilarInitiative>, AppError> {
    if country.len() > 8 || city.len() > 400 || title.len() > 600 {
        return Ok(Vec::new());
    }
    Ok(context::state()?
        .directory
        .snapshot()
        .similar(&country, &city, &title, 5))
}

/// The submitter sends an edit through the manage link. Unknown links count towards the same
/// per-client limit as the manage page's.
#[server(prefix = "/fn", endpoint = "manage_update", input = Json)]
pub async fn update_submission(
    token: String,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = context::state()?;
    let client = context::client().await;
    crate::server::use_cases::update(&state, &client, &token, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// A moderator corrects an item's public content. Moderators only.
#[server(prefix = "/fn", endpoint = "moderator_edit", input = Json)]
pub async fn moderator_edit(
    id: i32,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = context::state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::use_cases::edit(&state, &moderator, id, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}
