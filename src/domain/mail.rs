//! What the site sends by e-mail, as the queue stores it and the moderators' mail page names
//! it: the kind of a message and where it stands. The messages themselves are written and sent
//! on the server (`server::mail`).

use super::UtcMinute;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")
)]
pub enum MailKind {
    /// To the submitter right after submitting: holds the private manage link.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "confirmation"))]
    Confirmation,
    /// To the submitter: the initiative (or their edit of it) is public.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "published"))]
    Published,
    /// To the submitter: a moderator sent it back with a reason.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "changes-requested"))]
    ChangesRequested,
    /// To the submitter: a moderator refused it with a reason.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rejected"))]
    Rejected,
    /// To a moderator: items wait for review (at most one an hour).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "digest"))]
    Digest,
    /// To the submitter: their name, e-mail and role will be removed soon (retention).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "retention-notice"))]
    RetentionNotice,
    /// To the city (the submitter, else the public contact): please confirm the initiative is
    /// still as shown (issue 23). Holds a private link made for it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "confirm-reminder"))]
    Reminder,
}

impl MailKind {
    pub const ALL: [MailKind; 7] = [
        Self::Confirmation,
        Self::Published,
        Self::ChangesRequested,
        Self::Rejected,
        Self::Digest,
        Self::RetentionNotice,
        Self::Reminder,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Published => "published",
            Self::ChangesRequested => "changes-requested",
            Self::Rejected => "rejected",
            Self::Digest => "digest",
            Self::RetentionNotice => "retention-notice",
            Self::Reminder => "confirm-reminder",
        }
    }

    /// Whether the message holds a manage link: such a message leaves the database as soon as
    /// it is sent (or given up), since the link opens the submission to whoever holds it.
    pub fn holds_manage_link(self) -> bool {
        matches!(self, Self::Confirmation | Self::Reminder)
    }
}

/// Where a message stands in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum MailState {
    /// Waiting for its next try (the first, or again after a failure).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "queued"))]
    Queued,
    /// The mail server accepted it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "sent"))]
    Sent,
    /// Every try failed: no more are made.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "given-up"))]
    GivenUp,
}

impl MailState {
    pub const ALL: [MailState; 3] = [Self::Queued, Self::Sent, Self::GivenUp];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::GivenUp => "given-up",
        }
    }
}

/// One message as the moderators' mail page lists it: never its body (a confirmation's holds
/// a manage link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailEntry {
    pub id: i32,
    pub kind: MailKind,
    pub state: MailState,
    pub recipient: String,
    pub subject: String,
    /// Tries so far.
    pub attempts: i32,
    /// When it is tried next (queued messages only).
    pub next_attempt: Option<UtcMinute>,
    /// Why the last try failed.
    pub last_error: Option<String>,
    pub created: UtcMinute,
    pub sent: Option<UtcMinute>,
}

/// The queue as moderators see it: how many messages are in each state, and the latest ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailOverview {
    /// Every state with its number of messages, in `MailState::ALL` order.
    pub counts: Vec<(MailState, u32)>,
    /// The messages still queued, then the latest others, at most `MAIL_LIST_LIMIT`.
    pub messages: Vec<MailEntry>,
}

/// Messages listed on the moderators' mail page at most.
pub const MAIL_LIST_LIMIT: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_confirmation_holds_a_manage_link() {
        let holding: Vec<MailKind> = MailKind::ALL
            .into_iter()
            .filter(|k| k.holds_manage_link())
            .collect();
        assert_eq!(holding, [MailKind::Confirmation, MailKind::Reminder]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_database_stores_kinds_states_and_languages_under_their_own_names() {
        use sea_orm::ActiveEnum;
        for k in MailKind::ALL {
            assert_eq!(k.to_value(), k.as_str());
        }
        for s in MailState::ALL {
            assert_eq!(s.to_value(), s.as_str());
        }
        for l in crate::domain::UiLanguage::ALL {
            assert_eq!(l.to_value(), l.as_str());
        }
    }
}
