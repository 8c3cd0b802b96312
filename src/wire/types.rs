//! What the server functions send to the pages: plain serialisable values, no database types,
//! and how each view is made from the domain value a service returns (`From`, or `new` where the
//! view also names the moderator reading it).

use crate::domain::{
    version_asked, version_for, ActivityStatus, Commitment, ConfirmRule, CountryCode,
    FilterProblem, Freshness, HistoryEvent, InitiativeType, IsoDate, LanguageCode, ListFilter,
    MailEntry, MailKind, MailOverview, MailState, ManagedSubmission, ModerationQueue,
    PublishedInitiative, QueueEntry, ReviewItem, ShownText, UiLanguage, VersionSource,
};
use serde::{Deserialize, Serialize};

/// Domain values the pages read as they are (the same types, re-exported).
pub use crate::domain::{HistoryAction, Origin, QueueFilter, QueueState, QUEUE_LIMIT};

/// A card's title and summary in one language other than the original's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardVersion {
    pub language: UiLanguage,
    pub title: String,
    pub summary: String,
    /// Who wrote it (a machine translation is labelled as such wherever it is shown).
    pub source: VersionSource,
    /// Made from an earlier text of the original.
    pub outdated: bool,
}

/// What a card shows to one reader: the version in their language, else the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardText<'a> {
    pub language: UiLanguage,
    pub title: &'a str,
    pub summary: &'a str,
    /// `Original` for the original's text.
    pub source: VersionSource,
    /// A translation made from an earlier text of the original.
    pub outdated: bool,
}

/// One initiative as the list and the home page show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeCard {
    pub slug: String,
    /// The language of `title` and `summary` (the original).
    pub text_language: UiLanguage,
    /// The title and summary in the other languages there are versions in.
    pub translations: Vec<CardVersion>,
    pub title: String,
    pub summary: String,
    pub city: String,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub activity: ActivityStatus,
    pub origin: Origin,
    /// `YYYY-MM-DD`.
    pub published: String,
    /// The day the city last confirmed it, `YYYY-MM-DD` (issue 23).
    pub confirmed_on: String,
    /// Where it stands with its confirmation today (`domain::ConfirmRule::freshness`).
    pub freshness: Freshness,
    /// The day it ended, `YYYY-MM-DD`, when known.
    pub ended_on: Option<String>,
}

impl InitiativeCard {
    /// The text a reader with the interface in `reader` sees.
    pub fn text_for(&self, reader: UiLanguage) -> CardText<'_> {
        let languages: Vec<UiLanguage> = self.translations.iter().map(|t| t.language).collect();
        match version_for(reader, self.text_language, &languages, false) {
            Some(k) => {
                let t = &self.translations[k];
                CardText {
                    language: t.language,
                    title: &t.title,
                    summary: &t.summary,
                    source: t.source,
                    outdated: t.outdated,
                }
            }
            None => CardText {
                language: self.text_language,
                title: &self.title,
                summary: &self.summary,
                source: VersionSource::Original,
                outdated: false,
            },
        }
    }
}

/// How many initiatives choosing `value` would give, with the other facets as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: u32,
    pub selected: bool,
}

/// One page of the public list with its facet counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    pub filter: ListFilter,
    pub problems: Vec<FilterProblem>,
    pub items: Vec<InitiativeCard>,
    pub total: u32,
    pub pages: u32,
    pub countries: Vec<FacetCount<CountryCode>>,
    pub types: Vec<FacetCount<InitiativeType>>,
    pub commitments: Vec<FacetCount<Commitment>>,
    pub freshness: Vec<FacetCount<Freshness>>,
}

/// Live totals of the published directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub initiatives: u32,
    pub cities: u32,
    pub countries: u32,
    /// How many of them are sample content.
    pub samples: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub totals: Totals,
    pub latest: Vec<InitiativeCard>,
}

/// Every public field of one published initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeDetail {
    pub slug: String,
    /// The language of `title`, `summary` and `description` (the original).
    pub text_language: UiLanguage,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    /// The versions in the other languages.
    pub translations: Vec<ShownText>,
    pub city: String,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub commitments: Vec<Commitment>,
    pub activity: ActivityStatus,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub languages: Vec<LanguageCode>,
    pub source: Option<String>,
    pub origin: Origin,
    pub published: String,
    pub updated: String,
    /// The day the city last confirmed it, `YYYY-MM-DD`.
    pub confirmed_on: String,
    pub freshness: Freshness,
}

// ---- submission, the submitter's page and moderation ----

use crate::domain::{Actor, Field, ModerationStatus, SubmitForm};

/// What the header shows a signed-in moderator on every page: how many items wait for review.
/// The server puts it into the request of a page rendered for a moderator (such a page is
/// neither cached nor stored by browsers); other visitors' pages never carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratorNotice {
    pub waiting: u32,
}

/// A submission was stored: the private link is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// `/manage/{token}`.
    pub manage_path: String,
    /// The same with the site's origin, to copy and keep.
    pub manage_url: String,
    pub title: String,
}

/// A published initiative that may be the one being submitted again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarInitiative {
    pub slug: String,
    pub title: String,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// `YYYY-MM-DD HH:MM` UTC.
    pub at: String,
    pub actor: Actor,
    /// The moderator's e-mail (moderators' pages only).
    pub moderator: Option<String>,
    pub action: HistoryAction,
    pub reason: Option<String>,
    pub status: ModerationStatus,
}

/// Who a reminder to confirm goes to (issue 23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReminderTo {
    /// The submitter, at the address the retention rules kept.
    Submitter,
    /// The public contact address of an imported initiative.
    Contact,
    /// Nobody can be written to: the moderators ask the city themselves.
    Moderators,
}

/// How many published initiatives of a country wait for their city's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryDueView {
    pub country: CountryCode,
    /// Past the year, within the grace period.
    pub due: u32,
    /// Past the grace period: shown as "Not confirmed since".
    pub overdue: u32,
}

/// One initiative waiting for its city's confirmation, as the moderators list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingItem {
    pub id: i32,
    pub version: i32,
    pub slug: String,
    pub title: String,
    pub city: String,
    pub country: CountryCode,
    pub freshness: Freshness,
    /// `YYYY-MM-DD`.
    pub confirmed_on: String,
    /// Reminders sent for the current period: 0, 1 or 2.
    pub reminders: u8,
    pub to: ReminderTo,
}

/// The moderators' page of confirmations due and overdue, per country and by initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationsView {
    pub counts: Vec<CountryDueView>,
    /// Longest waiting first.
    pub items: Vec<WaitingItem>,
    /// Whether e-mail is on (a reminder can be sent now).
    pub mail_on: bool,
}

/// The submitter's private page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageView {
    pub status: ModerationStatus,
    /// The moderator's latest reason (changes requested, rejected, edit not accepted).
    pub reason: Option<String>,
    pub title: String,
    /// The public page, while published.
    pub public_slug: Option<String>,
    /// What the edit form starts from: the edit waiting for review, else the current content.
    pub form: SubmitForm,
    /// An edit of the published initiative waits for review.
    pub revision_pending: bool,
    pub version: i32,
    /// `YYYY-MM-DD`.
    pub submitted: String,
    pub history: Vec<HistoryEntry>,
    /// While published: where it stands with its city's confirmation (issue 23).
    pub freshness: Option<Freshness>,
    /// `YYYY-MM-DD`, once published.
    pub confirmed_on: Option<String>,
    /// `YYYY-MM-DD`, when it ended.
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i32,
    /// The original's title, in `text_language`.
    pub title: String,
    pub text_language: UiLanguage,
    pub city: String,
    pub country: CountryCode,
    pub status: ModerationStatus,
    pub revision_pending: bool,
    pub origin: Origin,
    /// `YYYY-MM-DD`: when it (or its edit) arrived.
    pub waiting_since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub moderator: String,
    /// What is listed (state, country, missing language).
    pub filter: QueueFilter,
    /// Every state with its number of items, in `ModerationStatus::ALL` order.
    pub counts: Vec<(ModerationStatus, u32)>,
    /// Published initiatives with an edit waiting.
    pub revisions: u32,
    /// Every language with the number of published initiatives (in the chosen country) that
    /// have no version in it.
    pub missing_counts: Vec<(UiLanguage, u32)>,
    /// Countries that have items, for the filter.
    pub countries: Vec<CountryCode>,
    pub items: Vec<QueueItem>,
    /// Items matching the filter (only the first `QUEUE_LIMIT` are listed).
    pub total: u32,
}

/// One item as a moderator reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub moderator: String,
    pub id: i32,
    pub version: i32,
    pub status: ModerationStatus,
    pub note: Option<String>,
    pub origin: Origin,
    /// The public page, while published.
    pub public_slug: Option<String>,
    /// The content as stored (the public version, for a published one), with the submitter.
    pub current: SubmitForm,
    /// The language of the stored title, summary and description (the original's).
    pub text_language: UiLanguage,
    /// The stored versions in the other languages, with who wrote each and whether it may be
    /// out of date.
    pub versions: Vec<ShownText>,
    /// The submitter's edit waiting for review, if any.
    pub revision: Option<SubmitForm>,
    /// The public fields the edit changes.
    pub changed: Vec<Field>,
    pub submitted: String,
    pub history: Vec<HistoryEntry>,
}

/// A moderator's own account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub second_factor: SecondFactorView,
    /// Whether the site requires a second factor of every moderator (`ICC_REQUIRE_2FA=1`).
    pub required: bool,
    /// Why the new password just posted (without JavaScript) was refused.
    pub password_problem: Option<PasswordProblemView>,
}

/// Why a new password was refused (the rules of `server::password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblemView {
    TooShort {
        chars: u32,
    },
    TooLong {
        chars: u32,
    },
    /// zxcvbn's warning and suggestions, in English (the estimator has no translations).
    Guessable {
        warning: Option<String>,
        suggestions: Vec<String>,
    },
}

/// The second factor as the account page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorView {
    Off,
    /// Being set up: the secret for the authenticator app, in groups of four for typing, and
    /// its QR code as an SVG path (`d` in module units on a `size`×`size` square).
    Pending {
        secret: String,
        qr_path: String,
        qr_size: u32,
    },
    On,
}

// ---- the views made from the services' domain values ----

impl InitiativeDetail {
    /// The original version of the text.
    pub fn original(&self) -> ShownText {
        ShownText {
            language: self.text_language,
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            source: VersionSource::Original,
            outdated: false,
        }
    }

    /// The text a reader with the interface in `reader` sees: their language's version, else
    /// the original; the original whenever `original` is asked for.
    pub fn text_for(&self, reader: UiLanguage, original: bool) -> ShownText {
        let languages: Vec<UiLanguage> = self.translations.iter().map(|t| t.language).collect();
        match version_for(reader, self.text_language, &languages, original) {
            Some(k) => self.translations[k].clone(),
            None => self.original(),
        }
    }

    /// The text shown when the address asks for the version in `asked` (`?version=fr`): that
    /// version when there is one, else the reader's ([`Self::text_for`]).
    pub fn text_asked(&self, reader: UiLanguage, asked: Option<UiLanguage>) -> ShownText {
        let languages: Vec<UiLanguage> = self.translations.iter().map(|t| t.language).collect();
        match version_asked(reader, self.text_language, &languages, asked) {
            Some(k) => self.translations[k].clone(),
            None => self.original(),
        }
    }

    /// The versions a page showing the version in `shown` links to ("Also in"), in the order
    /// of the languages: every other one, except the original while a translation is shown —
    /// that one has a link of its own ("Show the original").
    pub fn other_versions(&self, shown: UiLanguage) -> Vec<UiLanguage> {
        let mut others: Vec<UiLanguage> = self
            .languages()
            .into_iter()
            .filter(|l| *l != shown && (shown == self.text_language || *l != self.text_language))
            .collect();
        others.sort();
        others
    }

    /// Every language the text can be read in, the original's first.
    pub fn languages(&self) -> Vec<UiLanguage> {
        std::iter::once(self.text_language)
            .chain(self.translations.iter().map(|t| t.language))
            .collect()
    }
}

impl InitiativeDetail {
    /// The page's view of `i`, its freshness by `rule` on `today`. Dates as `YYYY-MM-DD`; an
    /// unknown publication day as empty text.
    pub fn of(i: PublishedInitiative, rule: ConfirmRule, today: IsoDate) -> Self {
        let freshness = rule.freshness(i.confirmed_on, i.activity, today);
        Self {
            confirmed_on: i.confirmed_on.to_string(),
            freshness,
            slug: i.slug,
            text_language: i.text_language,
            translations: i
                .translations
                .into_iter()
                .map(|t| ShownText {
                    language: t.language,
                    title: t.title.as_str().to_owned(),
                    summary: t.summary.as_str().to_owned(),
                    description: t.description.map(|d| d.as_str().to_owned()),
                    source: t.source,
                    outdated: t.outdated,
                })
                .collect(),
            title: i.title,
            summary: i.summary,
            description: i.description,
            city: i.city,
            country: i.country,
            types: i.types,
            commitments: i.commitments,
            activity: i.activity,
            start_date: i.start_date.map(|d| d.to_string()),
            end_date: i.end_date.map(|d| d.to_string()),
            website: i.website,
            contact_email: i.contact_email,
            languages: i.languages,
            source: i.source,
            origin: i.origin,
            published: i.published.map(|d| d.to_string()).unwrap_or_default(),
            updated: i.updated.to_string(),
        }
    }
}

impl From<HistoryEvent> for HistoryEntry {
    /// The moment as `YYYY-MM-DD HH:MM UTC`.
    fn from(e: HistoryEvent) -> Self {
        Self {
            at: e.at.to_string(),
            actor: e.actor,
            moderator: e.moderator,
            action: e.action,
            reason: e.reason,
            status: e.status,
        }
    }
}

impl ManageView {
    /// The page's view of `s`, its freshness by `rule` on `today`.
    pub fn of(s: ManagedSubmission, rule: ConfirmRule, today: IsoDate) -> Self {
        let freshness = s
            .confirmed_on
            .filter(|_| s.status == ModerationStatus::Published)
            .map(|on| rule.freshness(on, s.activity, today));
        Self {
            freshness,
            confirmed_on: s.confirmed_on.map(|d| d.to_string()),
            ended_on: s.end_date.map(|d| d.to_string()),
            status: s.status,
            reason: s.moderator_note,
            title: s.title,
            public_slug: s.public_slug,
            form: s.content,
            revision_pending: s.revision_pending,
            version: s.version,
            submitted: s.submitted.to_string(),
            history: s.history.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<QueueEntry> for QueueItem {
    fn from(e: QueueEntry) -> Self {
        Self {
            id: e.id,
            title: e.title,
            text_language: e.text_language,
            city: e.city,
            country: e.country,
            status: e.status,
            revision_pending: e.revision_pending,
            origin: e.origin,
            waiting_since: e.waiting_since.to_string(),
        }
    }
}

impl QueueView {
    /// The queue page of `moderator` (the signed-in moderator's e-mail).
    pub fn new(moderator: String, q: ModerationQueue) -> Self {
        Self {
            moderator,
            filter: q.filter,
            counts: q.counts,
            revisions: q.revisions,
            missing_counts: q.missing_counts,
            countries: q.countries,
            items: q.items.into_iter().map(Into::into).collect(),
            total: q.total,
        }
    }
}

impl ReviewView {
    /// The review page of `item` for `moderator` (the signed-in moderator's e-mail).
    pub fn new(moderator: String, item: ReviewItem) -> Self {
        Self {
            moderator,
            id: item.id,
            version: item.version,
            status: item.status,
            note: item.moderator_note,
            origin: item.origin,
            public_slug: item.public_slug,
            current: item.current,
            text_language: item.text_language,
            versions: item.versions,
            revision: item.revision,
            changed: item.changed,
            submitted: item.submitted.to_string(),
            history: item.history.into_iter().map(Into::into).collect(),
        }
    }
}

/// One endpoint of the public API as its reference page (`/api`) lists it, read from the
/// OpenAPI document the server generates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiEndpoint {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    /// Name, where it goes (query, path) and what it means.
    pub parameters: Vec<(String, String, String)>,
    /// An address to try, on this site.
    pub example: String,
}

// ---- the moderators' mail page ----

/// One message as the moderators' mail page lists it (never its body: a confirmation's holds
/// a manage link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub kind: MailKind,
    pub state: MailState,
    pub recipient: String,
    pub subject: String,
    pub attempts: i32,
    /// `YYYY-MM-DD HH:MM UTC`, queued messages only.
    pub next_attempt: Option<String>,
    pub last_error: Option<String>,
    /// `YYYY-MM-DD HH:MM UTC`.
    pub created: String,
    pub sent: Option<String>,
}

/// The moderators' mail page: whether mail is on, how many messages are in each state, and
/// the messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub moderator: String,
    /// The sender's address; `None` when mail is off.
    pub from: Option<String>,
    /// Tries before a message is given up, and days sent messages are kept (for the
    /// explanation).
    pub max_attempts: i32,
    pub keep_days: i64,
    /// Every state with its number of messages, in `MailState::ALL` order.
    pub counts: Vec<(MailState, u32)>,
    pub messages: Vec<MailRow>,
}

impl From<MailEntry> for MailRow {
    fn from(m: MailEntry) -> Self {
        Self {
            kind: m.kind,
            state: m.state,
            recipient: m.recipient,
            subject: m.subject,
            attempts: m.attempts,
            next_attempt: m.next_attempt.map(|t| t.to_string()),
            last_error: m.last_error,
            created: m.created.to_string(),
            sent: m.sent.map(|t| t.to_string()),
        }
    }
}

impl MailView {
    /// The mail page of `moderator`; `from` is the sender when mail is on; `max_attempts` and
    /// `keep_days` are the queue's rules.
    pub fn new(
        moderator: String,
        from: Option<String>,
        max_attempts: i32,
        keep_days: i64,
        overview: MailOverview,
    ) -> Self {
        Self {
            moderator,
            from,
            max_attempts,
            keep_days,
            counts: overview.counts,
            messages: overview.messages.into_iter().map(Into::into).collect(),
        }
    }
}

/// One submission of a person, as the moderators' privacy page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecordView {
    pub id: i32,
    pub title: String,
    pub city: String,
    pub status: ModerationStatus,
}

/// What a moderator's post on the privacy page found or did (rendered as its answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrivacyOutcome {
    /// The submissions of the address searched for (none: an empty list).
    Found(Vec<PersonRecordView>),
    /// Erased: published initiatives kept without their submitter, submissions deleted.
    Erased { kept_public: u32, deleted: u32 },
    /// The address is not an e-mail address.
    NotAnAddress,
    /// Erasing needs the confirmation ticked.
    ConfirmationMissing,
    /// A record changed while it was being erased: nothing was erased.
    Conflict,
}

/// One entry of the audit trail of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyLogView {
    pub at: String,
    /// `submitter`, `moderator` or `retention`.
    pub actor: String,
    pub moderator: Option<String>,
    pub action: String,
    pub records: i32,
    pub detail: String,
}

/// The moderators' privacy page: the answer to their last post (with the address it was
/// about, kept only in this answer), the latest entries of the audit trail and the periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyAdminView {
    pub moderator: String,
    pub email: String,
    pub outcome: Option<PrivacyOutcome>,
    pub log: Vec<PrivacyLogView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use UiLanguage::{En, Fr, Uk};

    fn version(language: UiLanguage, source: VersionSource, outdated: bool) -> ShownText {
        ShownText {
            language,
            title: format!("title {}", language.as_str()),
            summary: format!("summary {}", language.as_str()),
            description: None,
            source,
            outdated,
        }
    }

    /// Written in Ukrainian, with an English version by the submitter and an outdated French
    /// one made by a machine.
    fn detail() -> InitiativeDetail {
        InitiativeDetail {
            slug: "lviv".into(),
            text_language: Uk,
            title: "title uk".into(),
            summary: "summary uk".into(),
            description: Some("опис".into()),
            translations: vec![
                version(En, VersionSource::Submitter, false),
                version(Fr, VersionSource::Machine, true),
            ],
            city: "Львів".into(),
            country: CountryCode::parse("UA").unwrap(),
            types: vec![],
            commitments: vec![],
            activity: ActivityStatus::Ongoing,
            start_date: None,
            end_date: None,
            website: None,
            contact_email: None,
            languages: vec![],
            source: None,
            origin: Origin::Imported,
            published: "2022-04-01".into(),
            updated: "2022-04-01".into(),
            confirmed_on: "2022-04-01".into(),
            freshness: Freshness::Unconfirmed,
        }
    }

    #[test]
    fn the_detail_shows_the_readers_version_or_the_one_asked_for() {
        let d = detail();
        let shown = |reader, asked| {
            let t = d.text_asked(reader, asked);
            (t.language, t.source, t.outdated)
        };
        assert_eq!(shown(En, None), (En, VersionSource::Submitter, false));
        assert_eq!(shown(Fr, None), (Fr, VersionSource::Machine, true));
        assert_eq!(shown(Uk, None), (Uk, VersionSource::Original, false));
        assert_eq!(shown(En, Some(Uk)), (Uk, VersionSource::Original, false));
        assert_eq!(shown(Uk, Some(Fr)), (Fr, VersionSource::Machine, true));
        assert_eq!(d.text_asked(En, Some(Uk)).title, "title uk");
        assert_eq!(
            d.text_asked(En, Some(Uk)).description.as_deref(),
            Some("опис")
        );
    }

    #[test]
    fn the_other_versions_leave_out_the_shown_one_and_the_original_while_a_translation_shows() {
        let d = detail();
        assert_eq!(
            d.other_versions(Uk),
            [En, Fr],
            "the original shown: every translation"
        );
        assert_eq!(d.other_versions(En), [Fr], "the original has its own link");
        assert_eq!(d.other_versions(Fr), [En]);
        let alone = InitiativeDetail {
            translations: vec![],
            ..detail()
        };
        assert!(alone.other_versions(Uk).is_empty());
    }

    #[test]
    fn a_card_shows_the_readers_version_with_its_source_else_the_original() {
        let card = InitiativeCard {
            slug: "krakow".into(),
            text_language: En,
            translations: vec![CardVersion {
                language: Fr,
                title: "Point d'accueil".into(),
                summary: "Des bénévoles".into(),
                source: VersionSource::Machine,
                outdated: true,
            }],
            title: "Welcome point".into(),
            summary: "Volunteers".into(),
            city: "Kraków".into(),
            country: CountryCode::parse("PL").unwrap(),
            types: vec![],
            activity: ActivityStatus::Completed,
            origin: Origin::Imported,
            published: "2022-02-25".into(),
            confirmed_on: "2022-02-25".into(),
            freshness: crate::domain::Freshness::Ended,
            ended_on: None,
        };
        let fr = card.text_for(Fr);
        assert_eq!(
            (fr.language, fr.title, fr.source, fr.outdated),
            (Fr, "Point d'accueil", VersionSource::Machine, true)
        );
        for reader in [En, Uk] {
            let t = card.text_for(reader);
            assert_eq!(
                (t.language, t.title, t.source, t.outdated),
                (En, "Welcome point", VersionSource::Original, false)
            );
        }
    }
}
