//! Edit: a moderator's correction of an item's public content.

use crate::domain::{ModerationStatus, SubmitForm};
use crate::server::accounts::auth::Moderator;
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::Problem;

/// Applies `moderator`'s correction of item `id`'s public content, as loaded at `version`
/// (the caller checked their session); the submitter's fields are not theirs to change and
/// are not read. The directory is refreshed. Gives the item's state (unchanged by an edit).
///
/// # Errors
/// `Invalid`, `NotFound`, `Conflict`, `Transition`, `Unavailable`.
pub async fn edit(
    state: &AppState,
    moderator: &Moderator,
    id: i32,
    version: i32,
    form: &SubmitForm,
) -> Result<ModerationStatus, Problem> {
    let content = form.initiative().map_err(Problem::Invalid)?;
    let status = submissions::edit(&state.db, id, version, &content, &moderator.email)
        .await
        .map_err(|e| Problem::from_service("storing a moderator's edit", e))?;
    state.published_changed(&[id]).await;
    Ok(status)
}
