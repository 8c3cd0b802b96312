//! The life of a submission: which actions each state allows, and who may take them. Shared by
//! the server (the authority) and the browser (to show only the actions that can succeed).

use super::ModerationStatus;
use serde::{Deserialize, Serialize};

/// Who acts on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// The city officer holding the private manage link.
    Submitter,
    /// A signed-in moderator of the network's secretariat.
    Moderator,
}

/// What can be done to a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModerationAction {
    /// Make it public (also: publish again after archiving).
    Publish,
    /// Send it back to the submitter with a reason.
    RequestChanges,
    /// Refuse it with a reason.
    Reject,
    /// Take a published initiative down.
    Archive,
    /// The submitter takes it back.
    Withdraw,
    /// The submitter sends an edited version for review.
    Resubmit,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this action is not possible while the initiative is {0:?}")]
    NotAllowed(ModerationStatus),
    #[error("only a moderator can do this")]
    ModeratorsOnly,
    #[error("only the submitter can do this")]
    SubmitterOnly,
    #[error("a reason is required, so the submitter knows what to change")]
    ReasonRequired,
}

impl ModerationAction {
    /// Whether the submitter must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::RequestChanges | Self::Reject)
    }

    fn actor(self) -> Actor {
        match self {
            Self::Withdraw | Self::Resubmit => Actor::Submitter,
            _ => Actor::Moderator,
        }
    }
}

impl ModerationStatus {
    /// The state after `action` by `actor`, or why it is refused. Editing a published
    /// initiative (`Resubmit` while `Published`) keeps it published: the edit waits for review
    /// as a revision beside the public version.
    ///
    /// # Errors
    /// When the actor may not take the action, a required reason is blank, or the current state
    /// does not allow it.
    pub fn after(
        self,
        action: ModerationAction,
        actor: Actor,
        reason: &str,
    ) -> Result<ModerationStatus, TransitionError> {
        use ModerationAction as A;
        use ModerationStatus as S;
        match (action.actor(), actor) {
            (Actor::Moderator, Actor::Submitter) => return Err(TransitionError::ModeratorsOnly),
            (Actor::Submitter, Actor::Moderator) => return Err(TransitionError::SubmitterOnly),
            _ => {}
        }
        if action.needs_reason() && reason.trim().is_empty() {
            return Err(TransitionError::ReasonRequired);
        }
        let next = match (self, action) {
            (S::Pending | S::ChangesRequested | S::Archived, A::Publish) => S::Published,
            (S::Pending, A::RequestChanges) => S::ChangesRequested,
            (S::Pending | S::ChangesRequested, A::Reject) => S::Rejected,
            (S::Published, A::Archive) => S::Archived,
            (S::Pending | S::ChangesRequested | S::Published, A::Withdraw) => S::Withdrawn,
            (S::Pending | S::ChangesRequested, A::Resubmit) => S::Pending,
            (S::Published, A::Resubmit) => S::Published,
            (state, _) => return Err(TransitionError::NotAllowed(state)),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::*;
    use ModerationAction as A;
    use ModerationStatus as S;

    #[test]
    fn a_moderator_publishes_a_pending_submission() {
        assert_eq!(
            S::Pending.after(A::Publish, Moderator, ""),
            Ok(S::Published)
        );
    }

    #[test]
    fn requesting_changes_and_rejecting_need_a_reason() {
        assert_eq!(
            S::Pending.after(A::RequestChanges, Moderator, "  "),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            S::Pending.after(A::Reject, Moderator, ""),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            S::Pending.after(A::RequestChanges, Moderator, "Add the website"),
            Ok(S::ChangesRequested)
        );
    }

    #[test]
    fn a_submitter_cannot_moderate_and_a_moderator_cannot_withdraw() {
        assert_eq!(
            S::Pending.after(A::Publish, Submitter, ""),
            Err(TransitionError::ModeratorsOnly)
        );
        assert_eq!(
            S::Pending.after(A::Withdraw, Moderator, ""),
            Err(TransitionError::SubmitterOnly)
        );
    }

    #[test]
    fn edits_go_back_to_review_but_a_published_one_stays_public() {
        assert_eq!(
            S::ChangesRequested.after(A::Resubmit, Submitter, ""),
            Ok(S::Pending)
        );
        assert_eq!(
            S::Published.after(A::Resubmit, Submitter, ""),
            Ok(S::Published)
        );
    }

    #[test]
    fn archived_initiatives_can_be_published_again() {
        assert_eq!(
            S::Published.after(A::Archive, Moderator, ""),
            Ok(S::Archived)
        );
        assert_eq!(
            S::Archived.after(A::Publish, Moderator, ""),
            Ok(S::Published)
        );
    }

    #[test]
    fn rejected_and_withdrawn_are_final() {
        for state in [S::Rejected, S::Withdrawn] {
            for (action, actor) in [
                (A::Publish, Moderator),
                (A::RequestChanges, Moderator),
                (A::Reject, Moderator),
                (A::Archive, Moderator),
                (A::Withdraw, Submitter),
                (A::Resubmit, Submitter),
            ] {
                assert_eq!(
                    state.after(action, actor, "reason"),
                    Err(TransitionError::NotAllowed(state)),
                    "{state:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn nothing_unpublished_can_be_archived() {
        for state in [S::Pending, S::ChangesRequested, S::Archived] {
            assert!(state.after(A::Archive, Moderator, "").is_err(), "{state:?}");
        }
    }
}
