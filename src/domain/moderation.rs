//! The life of a submission: which actions each state allows, and who may take them. Shared by
//! the server (the authority) and the browser (to show only the actions that can succeed). Also
//! what the services read of it: a submission as its submitter manages it, an item as a
//! moderator reviews it, its history, and the moderation queue.

use super::{
    is_blank, percent_decode, trim_text, CountryCode, Field, IsoDate, ModerationStatus, Origin,
    ShownText, SubmitForm, UiLanguage,
};
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
    /// The city confirms a published initiative is still as shown (issue 23): through the
    /// manage link, or a moderator records a confirmation received by phone or letter.
    Confirm,
    /// The city says the initiative has ended: it stays published, marked as ended.
    End,
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
    pub const ALL: [ModerationAction; 11] = [
        Self::Publish,
        Self::RequestChanges,
        Self::Reject,
        Self::Archive,
        Self::Withdraw,
        Self::Resubmit,
        Self::PublishChanges,
        Self::DiscardChanges,
        Self::Edit,
        Self::Confirm,
        Self::End,
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
            Self::Confirm => "confirm",
            Self::End => "end",
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

    /// Who may take it; `None`: the submitter and a moderator alike.
    fn actor(self) -> Option<Actor> {
        match self {
            Self::Withdraw | Self::Resubmit => Some(Actor::Submitter),
            Self::Confirm | Self::End => None,
            _ => Some(Actor::Moderator),
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
            (Some(Actor::Moderator), Actor::Submitter) => {
                return Err(TransitionError::ModeratorsOnly)
            }
            (Some(Actor::Submitter), Actor::Moderator) => {
                return Err(TransitionError::SubmitterOnly)
            }
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
            (S::Published, A::Confirm | A::End) => S::Published,
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

/// A moment in UTC, to the minute (when something happened to a submission).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcMinute {
    date: IsoDate,
    hour: u8,
    minute: u8,
}

impl UtcMinute {
    /// The minute `hour:minute` of `date`; `None` for an hour past 23 or a minute past 59.
    pub fn new(date: IsoDate, hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { date, hour, minute })
    }
}

/// A moment in UTC, to the second: when a published initiative last changed (feeds and HTTP
/// caches need the time, not only the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcSecond {
    minute: UtcMinute,
    second: u8,
}

impl UtcSecond {
    /// The second `second` of `minute`; `None` past 59 (leap seconds are not kept).
    pub fn new(minute: UtcMinute, second: u8) -> Option<Self> {
        (second < 60).then_some(Self { minute, second })
    }

    /// Its day.
    pub fn date(self) -> IsoDate {
        self.minute.date
    }
}

impl std::fmt::Display for UtcSecond {
    /// RFC 3339 in UTC: `YYYY-MM-DDTHH:MM:SSZ` (Atom's `updated`, the API's times).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.minute;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            m.date, m.hour, m.minute, self.second
        )
    }
}

impl std::fmt::Display for UtcMinute {
    /// `YYYY-MM-DD HH:MM UTC`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:02}:{:02} UTC", self.date, self.hour, self.minute)
    }
}

/// What happened to a submission, as its history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryAction {
    /// It arrived through the form.
    Submitted,
    /// Someone took an action on it.
    Took(ModerationAction),
}

/// One step of a submission's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    pub at: UtcMinute,
    pub actor: Actor,
    /// The moderator's e-mail; only when the history is read by moderators.
    pub moderator: Option<String>,
    pub action: HistoryAction,
    pub reason: Option<String>,
    /// The state it left the submission in.
    pub status: ModerationStatus,
}

/// A submission as its submitter manages it through the private link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedSubmission {
    pub status: ModerationStatus,
    /// The moderator's latest reason (changes requested, rejected, edit not accepted).
    pub moderator_note: Option<String>,
    /// The stored title (the public one, while published).
    pub title: String,
    /// The public page's slug, while published.
    pub public_slug: Option<String>,
    /// What the submitter edits from: their edit waiting for review, else the stored content.
    pub content: SubmitForm,
    /// An edit of the published initiative waits for review.
    pub revision_pending: bool,
    /// For optimistic locking: the version the next change must name.
    pub version: i32,
    /// The day it was submitted.
    pub submitted: IsoDate,
    /// Oldest first, without the moderators' addresses.
    pub history: Vec<HistoryEvent>,
    /// The day the city last confirmed it; `None` before it was published.
    pub confirmed_on: Option<IsoDate>,
    /// Whether it runs (the published one's; "It has ended" makes it `Completed`).
    pub activity: super::ActivityStatus,
    pub end_date: Option<IsoDate>,
}

/// One item as a moderator reviews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub id: i32,
    /// For optimistic locking: the version the next change must name.
    pub version: i32,
    pub status: ModerationStatus,
    /// The moderator's latest reason.
    pub moderator_note: Option<String>,
    pub origin: Origin,
    /// The public page's slug, while published.
    pub public_slug: Option<String>,
    /// The content as stored (the public version, for a published one), with the submitter.
    pub current: SubmitForm,
    /// The language the stored title, summary and description are written in (the original's).
    pub text_language: UiLanguage,
    /// The stored versions in the other languages, by language, each with who wrote it and
    /// whether it was made before the original last changed.
    pub versions: Vec<ShownText>,
    /// The submitter's edit waiting for review, if any.
    pub revision: Option<SubmitForm>,
    /// The public fields the edit changes.
    pub changed: Vec<Field>,
    /// The day it was submitted.
    pub submitted: IsoDate,
    /// Oldest first, with the moderators' addresses.
    pub history: Vec<HistoryEvent>,
}

/// Which items the moderation queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum QueueState {
    /// New submissions and edits of published ones, oldest first.
    #[default]
    AwaitingReview,
    /// Every item in one state.
    Status(ModerationStatus),
}

impl QueueState {
    /// The name used in the queue's address (`state=…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingReview => "awaiting",
            Self::Status(s) => s.as_str(),
        }
    }

    /// The state named in an address; empty text is the default.
    pub fn parse(text: &str) -> Option<Self> {
        if text == "awaiting" || text.is_empty() {
            return Some(Self::AwaitingReview);
        }
        ModerationStatus::parse(text).ok().map(Self::Status)
    }
}

/// What the moderation queue lists, as its address says (`?state=published&country=PL`,
/// `?missing=uk`): one state, optionally one country, optionally only the published
/// initiatives that have no version in one language (so moderators can find the texts still to
/// translate). `missing` lists published initiatives whatever state is named: an initiative in
/// another state is not read by the public, so a missing version is nobody's loss yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueFilter {
    pub state: QueueState,
    pub country: Option<CountryCode>,
    /// Only published initiatives without a version in this language (an initiative written
    /// in it has its original there, so it lacks nothing).
    pub missing: Option<UiLanguage>,
}

impl QueueFilter {
    /// The filter an address's query asks for. Unknown states, countries and languages are
    /// ignored (the default queue is shown rather than an error: the address is a
    /// moderator's own link).
    pub fn from_query(query: &str) -> Self {
        let mut filter = Self::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "state" => filter.state = QueueState::parse(&value).unwrap_or_default(),
                "country" if !value.is_empty() => filter.country = CountryCode::parse(&value).ok(),
                "missing" if !value.is_empty() => filter.missing = UiLanguage::from_code(&value),
                _ => {}
            }
        }
        filter.with_missing(filter.missing)
    }

    /// The same filter listing the published initiatives without a version in `language`
    /// (`None`: the filter without that condition, in the state it names).
    pub fn with_missing(self, language: Option<UiLanguage>) -> Self {
        Self {
            state: if language.is_some() {
                QueueState::Status(ModerationStatus::Published)
            } else {
                self.state
            },
            missing: language,
            ..self
        }
    }

    /// The query of the queue's address for this filter (`state=…`, then `country=…` and
    /// `missing=…` when set); [`QueueFilter::from_query`] reads it back.
    pub fn query(self) -> String {
        let mut query = format!("state={}", self.state.as_str());
        if let Some(c) = self.country {
            query.push_str("&country=");
            query.push_str(c.as_str());
        }
        if let Some(l) = self.missing {
            query.push_str("&missing=");
            query.push_str(l.as_str());
        }
        query
    }
}

/// The most items one queue page lists.
pub const QUEUE_LIMIT: usize = 200;

/// One item of the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: i32,
    /// The original's title.
    pub title: String,
    /// The language the title (and the rest of the original) is written in.
    pub text_language: UiLanguage,
    pub city: String,
    pub country: CountryCode,
    pub status: ModerationStatus,
    pub revision_pending: bool,
    pub origin: Origin,
    /// When it (or its edit) arrived.
    pub waiting_since: IsoDate,
}

/// The moderation queue: counts per state and per missing language, then the items the filter
/// lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationQueue {
    /// What is listed.
    pub filter: QueueFilter,
    /// Every state with its number of items, in `ModerationStatus::ALL` order.
    pub counts: Vec<(ModerationStatus, u32)>,
    /// Published initiatives with an edit waiting.
    pub revisions: u32,
    /// Every language with the number of published initiatives (in the chosen country, when
    /// one is) that have no version in it, in `UiLanguage::ALL` order.
    pub missing_counts: Vec<(UiLanguage, u32)>,
    /// Countries that have items, for the filter.
    pub countries: Vec<CountryCode>,
    /// The first `QUEUE_LIMIT` items the filter lists.
    pub items: Vec<QueueEntry>,
    /// Items the filter lists.
    pub total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_reads_as_date_hour_and_minute_in_utc() {
        let day = IsoDate::from_ymd(2024, 3, 5).unwrap();
        assert_eq!(
            UtcMinute::new(day, 7, 9).unwrap().to_string(),
            "2024-03-05 07:09 UTC"
        );
        assert!(UtcMinute::new(day, 24, 0).is_none());
        assert!(UtcMinute::new(day, 0, 60).is_none());
    }

    #[test]
    fn a_second_reads_as_rfc_3339_in_utc() {
        let day = IsoDate::from_ymd(2024, 3, 5).unwrap();
        let at = UtcSecond::new(UtcMinute::new(day, 7, 9).unwrap(), 4).unwrap();
        assert_eq!(at.to_string(), "2024-03-05T07:09:04Z");
        assert_eq!(at.date(), day);
        assert!(UtcSecond::new(UtcMinute::new(day, 7, 9).unwrap(), 60).is_none());
    }

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
    fn only_a_published_initiative_is_confirmed_or_ended_by_its_city_or_a_moderator() {
        for actor in [Submitter, Moderator] {
            for action in [A::Confirm, A::End] {
                assert_eq!(S::Published.after(action, actor, ""), Ok(S::Published));
                for state in [S::Pending, S::ChangesRequested, S::Archived, S::Rejected] {
                    assert_eq!(
                        state.after(action, actor, ""),
                        Err(TransitionError::NotAllowed(state))
                    );
                }
            }
        }
        assert!(!possible_actions(S::Published, false).contains(&A::Confirm));
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
                (A::Confirm, Submitter),
                (A::End, Moderator),
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
    fn a_queue_filter_reads_back_from_the_query_it_writes() {
        let filters = [
            QueueFilter::default(),
            QueueFilter {
                state: QueueState::Status(S::Rejected),
                country: CountryCode::parse("PL").ok(),
                missing: None,
            },
            QueueFilter {
                state: QueueState::Status(S::Published),
                country: CountryCode::parse("FR").ok(),
                missing: Some(UiLanguage::Uk),
            },
        ];
        for f in filters {
            assert_eq!(QueueFilter::from_query(&f.query()), f, "{}", f.query());
        }
    }

    #[test]
    fn a_missing_language_lists_published_initiatives_whatever_state_is_named() {
        let f = QueueFilter::from_query("?state=pending&missing=uk&country=PL");
        assert_eq!(f.state, QueueState::Status(S::Published));
        assert_eq!(f.missing, Some(UiLanguage::Uk));
        assert_eq!(f.country, CountryCode::parse("PL").ok());
        assert_eq!(f.with_missing(None).missing, None);
        assert_eq!(
            QueueFilter::default()
                .with_missing(Some(UiLanguage::Fr))
                .state,
            QueueState::Status(S::Published)
        );
    }

    #[test]
    fn unknown_or_empty_queue_filters_are_ignored() {
        assert_eq!(
            QueueFilter::from_query("state=nonsense&country=XX&missing=de&lang=fr"),
            QueueFilter::default()
        );
        assert_eq!(
            QueueFilter::from_query("state=&country=&missing="),
            QueueFilter::default()
        );
        assert_eq!(
            QueueFilter::from_query("missing=FR").missing,
            Some(UiLanguage::Fr)
        );
    }

    #[test]
    fn nothing_unpublished_can_be_archived() {
        for state in [S::Pending, S::ChangesRequested, S::Archived] {
            assert!(state.after(A::Archive, Moderator, "").is_err(), "{state:?}");
        }
    }
}
