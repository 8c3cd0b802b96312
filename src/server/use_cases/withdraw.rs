//! Withdraw: the submitter takes their submission back through the manage link.

use crate::domain::ModerationStatus;
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::{through_manage_link, Problem};

/// Withdraws the submission behind `token`, as loaded at `version` (also off the public list
/// when it was published: the directory is refreshed). Unknown links count towards the
/// client's guessing budget. Gives the state after (`Withdrawn`).
///
/// # Errors
/// `TooMany` after too many unknown links, `NotFound`, `Conflict`, `Transition`,
/// `Unavailable`.
pub async fn withdraw(
    state: &AppState,
    client: &str,
    token: &str,
    version: i32,
) -> Result<ModerationStatus, Problem> {
    let (id, status) = through_manage_link(state, client, token, || async {
        submissions::withdraw_item(&state.db, token, version)
            .await
            .map_err(|e| Problem::from_service("withdrawing a submission", e))
    })
    .await?;
    state.published_changed(&[id]).await;
    Ok(status)
}
