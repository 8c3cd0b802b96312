//! The life of a submission: which actions each state allows, and who may take them. Shared by
//! the server (the authority) and the browser (to show only the actions that can succeed).

use super::{is_blank, trim_text, ModerationStatus};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// Who acts on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum Actor {
    /// The city officer holding the private manage link.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitter"))]
    Submitter,
    /// A signed-in moderator of the network's secretariat.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "moderator"))]
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
    /// Publish the submitter's edit of a published initiative (its revision).
    PublishChanges,
    /// Refuse the submitter's edit of a published initiative, with a reason; the published
    /// version stays as it is.
    DiscardChanges,
    /// A moderator corrects the content (before publishing, or a published one).
    Edit,
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
    #[error("this is not one of the moderation actions")]
    UnknownAction,
    #[error("there is no edit waiting for review")]
    NoRevision,
}

impl ModerationAction {
    pub const ALL: [ModerationAction; 9] = [
        Self::Publish,
        Self::RequestChanges,
        Self::Reject,
        Self::Archive,
        Self::Withdraw,
        Self::Resubmit,
        Self::PublishChanges,
        Self::DiscardChanges,
        Self::Edit,
    ];

    /// Whether the submitter must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Self::RequestChanges | Self::Reject | Self::DiscardChanges
        )
    }

    /// The name stored in the history and sent by the moderators' forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::RequestChanges => "request-changes",
            Self::Reject => "reject",
            Self::Archive => "archive",
            Self::Withdraw => "withdraw",
            Self::Resubmit => "resubmit",
            Self::PublishChanges => "publish-changes",
            Self::DiscardChanges => "discard-changes",
            Self::Edit => "edit",
        }
    }

    /// # Errors
    /// When the text is not one of the names.
    pub fn parse(text: &str) -> Result<Self, TransitionError> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == trim_text(text))
            .ok_or(TransitionError::UnknownAction)
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
        if action.needs_reason() && is_blank(reason) {
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
            (S::Published, A::PublishChanges | A::DiscardChanges) => S::Published,
            (state @ (S::Pending | S::ChangesRequested | S::Published | S::Archived), A::Edit) => {
                state
            }
            (state, _) => return Err(TransitionError::NotAllowed(state)),
        };
        Ok(next)
    }
}

/// The decisions a moderator can take on an item in `status` (with `has_revision` when an edit of
/// a published initiative waits): those its state allows, in the order the review page shows them.
pub fn possible_actions(status: ModerationStatus, has_revision: bool) -> Vec<ModerationAction> {
    use ModerationAction as A;
    [
        A::Publish,
        A::PublishChanges,
        A::DiscardChanges,
        A::RequestChanges,
        A::Reject,
        A::Archive,
    ]
    .into_iter()
    .filter(|a| status.after(*a, Actor::Moderator, "reason").is_ok())
    .filter(|a| has_revision || !matches!(a, A::PublishChanges | A::DiscardChanges))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_item_can_be_published_sent_back_or_rejected_and_nothing_else() {
        use ModerationAction as A;
        assert_eq!(
            possible_actions(ModerationStatus::Pending, false),
            vec![A::Publish, A::RequestChanges, A::Reject]
        );
    }

    #[test]
    fn a_published_item_offers_its_waiting_edit_only_when_there_is_one() {
        use ModerationAction as A;
        assert_eq!(
            possible_actions(ModerationStatus::Published, false),
            vec![A::Archive]
        );
        assert_eq!(
            possible_actions(ModerationStatus::Published, true),
            vec![A::PublishChanges, A::DiscardChanges, A::Archive]
        );
    }

    #[test]
    fn rejected_and_withdrawn_items_offer_no_decision() {
        assert!(possible_actions(ModerationStatus::Rejected, false).is_empty());
        assert!(possible_actions(ModerationStatus::Withdrawn, false).is_empty());
        assert_eq!(
            possible_actions(ModerationStatus::Archived, false),
            vec![ModerationAction::Publish]
        );
    }
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
            S::Pending.after(A::Reject, Moderator, "\u{200B}\u{3164}"),
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
                (A::PublishChanges, Moderator),
                (A::DiscardChanges, Moderator),
                (A::Edit, Moderator),
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
    fn an_edit_of_a_published_one_is_published_or_discarded_with_a_reason() {
        assert_eq!(
            S::Published.after(A::PublishChanges, Moderator, ""),
            Ok(S::Published)
        );
        assert_eq!(
            S::Published.after(A::DiscardChanges, Moderator, ""),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            S::Pending.after(A::PublishChanges, Moderator, ""),
            Err(TransitionError::NotAllowed(S::Pending))
        );
    }

    #[test]
    fn moderators_edit_without_changing_the_state() {
        for s in [S::Pending, S::ChangesRequested, S::Published, S::Archived] {
            assert_eq!(s.after(A::Edit, Moderator, ""), Ok(s));
        }
    }

    #[test]
    fn actions_round_trip_through_their_names() {
        for a in ModerationAction::ALL {
            assert_eq!(ModerationAction::parse(a.as_str()), Ok(a));
        }
        assert_eq!(
            ModerationAction::parse("delete"),
            Err(TransitionError::UnknownAction)
        );
    }

    #[test]
    fn nothing_unpublished_can_be_archived() {
        for state in [S::Pending, S::ChangesRequested, S::Archived] {
            assert!(state.after(A::Archive, Moderator, "").is_err(), "{state:?}");
        }
    }
}
