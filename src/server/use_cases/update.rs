//! Update: the submitter's edit through the manage link.

use crate::domain::{ModerationStatus, Submission, SubmitForm};
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::{through_manage_link, Problem};

/// Applies the submitter's edit of the submission behind `token`, as loaded at `version`:
/// before publication it replaces the content and goes back to review; for a published one it
/// waits beside the public version. Unknown links count towards the client's guessing budget.
/// Gives the state after the edit.
///
/// # Errors
/// `TooMany` after too many unknown links, `NotFound`, `Invalid`, `Conflict`, `Transition`,
/// `Unavailable`.
pub async fn update(
    state: &AppState,
    client: &str,
    token: &str,
    version: i32,
    form: &SubmitForm,
) -> Result<ModerationStatus, Problem> {
    through_manage_link(state, client, token, || async {
        let submission = Submission::try_from(form).map_err(Problem::Invalid)?;
        submissions::resubmit(&state.db, token, version, &submission)
            .await
            .map_err(|e| Problem::from_service("storing an edit", e))
    })
    .await
}
