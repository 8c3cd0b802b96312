//! The directory's vocabulary: types and parsers shared by the browser and the server, so both
//! validate with the same code, and the values the services return (a published initiative, a
//! submission with its history, the moderation queue). No I/O and no views live here.

mod commitment;
mod country;
mod country_names;
mod fields;
mod filter;
mod freshness;
mod initiative;
mod initiative_type;
mod language;
mod local_path;
mod mail;
mod moderation;
mod privacy;
#[cfg(test)]
mod proptests;
#[cfg(feature = "ssr")]
mod public_record;
mod reader_language;
mod sorting;
mod status;
mod submission;
mod submission_id;
mod text_version;

pub use commitment::Commitment;
pub use country::CountryCode;
pub use fields::{
    collapse_line, echo, is_bidi_control, is_blank, is_default_ignorable, trim_text, ContactEmail,
    Description, FieldError, IsoDate, PersonName, PlaceName, Summary, Title, WebLink,
};
pub use filter::{
    percent_decode, percent_encode, FilterProblem, ListFilter, SortOrder, MAX_QUERY_CHARS,
    PAGE_SIZE,
};
pub use freshness::{
    date_of, day_number, long_date, ConfirmRule, Freshness, Reminder, RemindersSent,
    REMIND_AGAIN_AFTER_DAYS,
};
pub use initiative::{
    parse_types, ImportRecord, ImportVersion, NewInitiative, Origin, PublishedInitiative,
    RecordError,
};
pub use initiative_type::InitiativeType;
pub use language::LanguageCode;
pub use local_path::LocalPath;
pub use mail::{MailEntry, MailKind, MailOverview, MailState, MAIL_LIST_LIMIT};
pub use moderation::{
    possible_actions, Actor, HistoryAction, HistoryEvent, ManagedSubmission, ModerationAction,
    ModerationQueue, QueueEntry, QueueFilter, QueueState, ReviewItem, TransitionError, UtcMinute,
    UtcSecond, QUEUE_LIMIT,
};
pub use privacy::{RetentionPeriods, PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION};
#[cfg(feature = "ssr")]
pub use public_record::{FieldValue, PublicRecord, RECORD_FIELDS};
pub use reader_language::{
    in_accept_language, in_cookies, with_language, LanguageSource, ReaderLanguage, LANGUAGE_COOKIE,
};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
pub use sorting::{sort_short_by_key, sorted_unique, sorted_unique_by_key};
pub use status::{ActivityStatus, ModerationStatus};
pub use submission::{
    changed_fields, Field, FieldProblem, FormMember, Step, Submission, SubmitForm, Submitter,
};
pub use submission_id::{NotASubmissionId, SubmissionId};
pub use text_version::{
    tidy_translations, version_asked, version_for, version_in_query, without_version, ShownText,
    Translation, VersionPart, VersionSource, VERSION_PARAMETER,
};

/// The three languages of the interface. Stored for a submission (the language its submitter
/// used), so the e-mails about it are written in that language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(2))")
)]
pub enum UiLanguage {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "en"))]
    En,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "fr"))]
    Fr,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "uk"))]
    Uk,
}

impl UiLanguage {
    pub const ALL: [UiLanguage; 3] = [Self::En, Self::Fr, Self::Uk];

    /// The ISO 639-1 code, as `<html lang>` and the database have it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Uk => "uk",
        }
    }

    /// The language an address asks for with `lang=` in its query (`?country=PL&lang=fr`): the
    /// last value naming one of the three; `None` when none does.
    pub fn in_query(query: &str) -> Option<Self> {
        query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(key, _)| *key == "lang")
            .filter_map(|(_, value)| Self::from_code(&percent_decode(value)))
            .last()
    }

    /// The language of a code such as `fr` (trimmed, any case); `None` for any other text.
    pub fn from_code(text: &str) -> Option<Self> {
        let text = trim_text(text);
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(text))
    }
}

#[cfg(test)]
mod ui_language_tests {
    use super::UiLanguage;

    #[test]
    fn a_language_code_reads_back_as_its_language_and_other_text_as_none() {
        for lang in UiLanguage::ALL {
            assert_eq!(UiLanguage::from_code(lang.as_str()), Some(lang));
        }
        assert_eq!(UiLanguage::from_code(" FR "), Some(UiLanguage::Fr));
        for other in ["", "de", "english", "ua", "en-GB"] {
            assert_eq!(UiLanguage::from_code(other), None, "{other}");
        }
    }

    #[test]
    fn the_last_lang_of_a_query_naming_a_language_is_the_one_asked_for() {
        assert_eq!(
            UiLanguage::in_query("country=PL&lang=fr"),
            Some(UiLanguage::Fr)
        );
        assert_eq!(UiLanguage::in_query("?lang=UK"), Some(UiLanguage::Uk));
        assert_eq!(
            UiLanguage::in_query("lang=uk&lang=en"),
            Some(UiLanguage::En)
        );
        assert_eq!(
            UiLanguage::in_query("lang=en&lang=de"),
            Some(UiLanguage::En)
        );
        assert_eq!(UiLanguage::in_query("lang=de"), None);
        assert_eq!(UiLanguage::in_query("language=fr&xlang=fr"), None);
        assert_eq!(UiLanguage::in_query(""), None);
    }
}
