//! Moderate: a moderator's decision on an item (publish, ask for changes, reject, archive,
//! publish or discard a waiting edit).

use crate::domain::{ModerationAction, ModerationStatus};
use crate::server::accounts::auth::Moderator;
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::Problem;

/// The longest reason a moderator may give, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// A decision taken: which, and the item's state after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub action: ModerationAction,
    pub status: ModerationStatus,
}

/// Takes the decision named `action` (as posted) with `reason` on item `id`, as `moderator`
/// loaded it at `version` (the caller checked their session). Decisions told to the submitter
/// are queued and the mail worker woken; the directory is refreshed. In order: the reason's
/// length, the action's name, then the item's existence, version and state.
///
/// # Errors
/// `ReasonTooLong`, `UnknownAction`, `NotFound`, `Conflict`, `Transition` (not allowed in this
/// state, reason missing, no edit waiting), `Unavailable`.
pub async fn moderate(
    state: &AppState,
    moderator: &Moderator,
    id: i32,
    version: i32,
    action: &str,
    reason: &str,
) -> Result<Decided, Problem> {
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Problem::ReasonTooLong);
    }
    let action = ModerationAction::parse(action).map_err(|_| Problem::UnknownAction)?;
    let status = submissions::act(
        &state.db,
        id,
        version,
        action,
        reason,
        &moderator.email,
        state.mail.notices(),
    )
    .await
    .map_err(|e| Problem::from_service("moderation action failed", e))?;
    state.mail.wake();
    state.published_changed(&[id]).await;
    Ok(Decided { action, status })
}
