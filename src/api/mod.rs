//! Server functions: each parses its input, calls a use case (`server::use_cases`, which the
//! posts without JavaScript call too) or a read, and maps its answer (the domain value becomes
//! the page's view) and its problem (`forms::app_error`). Pages call these, never the database.

#[cfg(feature = "ssr")]
mod context;
pub mod pages;

use crate::domain::{ModerationStatus, SubmitForm};
use crate::wire::types::{
    Accepted, AccountView, HomeData, InitiativeDetail, ListPage, MailView, ManageView, QueueView,
    ReviewView, SimilarInitiative,
};
use crate::wire::{AppError, FormStart};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

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

/// This site's origin (`https://solidarity.example`) for code other sites paste (the list's
/// embed code): `ICC_PUBLIC_ORIGIN`, else the request's host; `None` when it names none.
#[server(endpoint = "site_origin", input = GetUrl)]
pub async fn site_origin() -> Result<Option<String>, AppError> {
    let state = state()?;
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    Ok(crate::server::guard::site_origin(&state.guard, &headers).map(|o| o.to_string()))
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
        .map(Into::into)
        .ok_or(AppError::NotFound)
}

/// A fresh ticket for a form and, when this page answers a form posted without JavaScript,
/// what the post gave.
#[server(endpoint = "form_start", input = GetUrl)]
pub async fn start_form() -> Result<FormStart, AppError> {
    Ok(FormStart {
        ticket: state()?.guard.ticket(),
        reply: use_context::<crate::wire::PostedReply>()
            .map(|p| p.0)
            .unwrap_or_default(),
    })
}

/// Stores a new submission for review and gives its private manage link.
#[server(endpoint = "submit", input = Json)]
pub async fn submit_initiative(form: SubmitForm) -> Result<Accepted, AppError> {
    let state = state()?;
    let client = context::client().await;
    let origin = context::origin();
    let language = context::language();
    crate::server::use_cases::submit(&state, &client, &origin, language, &form)
        .await
        .map(Into::into)
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
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
    // The page rendered as the answer to a post that already found the link unknown.
    if let Some(crate::wire::ManageAnswer(error)) = use_context::<crate::wire::ManageAnswer>() {
        return Err(error.respond());
    }
    let state = state()?;
    let client = context::client().await;
    crate::server::use_cases::manage_view(&state, &client, &token)
        .await
        .map_err(AppError::respond)
}

/// The submitter sends an edit through the manage link. Unknown links count towards the same
/// per-client limit as the manage page's.
#[server(endpoint = "manage_update", input = Json)]
pub async fn update_submission(
    token: String,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = state()?;
    let client = context::client().await;
    crate::server::use_cases::update(&state, &client, &token, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// The moderation queue for a query such as `state=pending&country=PL`. Moderators only.
#[server(endpoint = "queue")]
pub async fn load_queue(query: String) -> Result<QueueView, AppError> {
    let state = state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::use_cases::queue(&state, &moderator, &query)
        .await
        .map_err(AppError::respond)
}

/// One item for review. Moderators only.
#[server(endpoint = "review")]
pub async fn load_review(id: i32) -> Result<ReviewView, AppError> {
    let state = state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::services::submissions::review(&state.db, id)
        .await
        .map_err(|e| AppError::from_db("loading an item for review", e).respond())?
        .map(|item| ReviewView::new(moderator.email, item))
        .ok_or_else(|| AppError::NotFound.respond())
}

/// The e-mail queue: messages queued, sent and given up (never their text). Moderators only.
#[server(endpoint = "mail", input = GetUrl)]
pub async fn load_mail() -> Result<MailView, AppError> {
    use crate::server::services::mail;
    let state = state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    let overview = mail::overview(&state.db)
        .await
        .map_err(|e| AppError::from_db("loading the mail queue", e).respond())?;
    Ok(MailView::new(
        moderator.email,
        state.mail.from_address().map(str::to_owned),
        mail::MAX_ATTEMPTS,
        mail::KEEP.num_days(),
        overview,
    ))
}

/// A moderator corrects an item's public content. Moderators only.
#[server(endpoint = "moderator_edit", input = Json)]
pub async fn moderator_edit(
    id: i32,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::use_cases::edit(&state, &moderator, id, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// The signed-in moderator's own account: e-mail and second factor (with the secret and its QR
/// code while it is being set up). Open to a moderator who still has to turn the second factor
/// on when the site requires one.
#[server(endpoint = "account", input = GetUrl)]
pub async fn load_account() -> Result<AccountView, AppError> {
    let state = state()?;
    pages::account_view(&state).await.map_err(AppError::respond)
}
