use super::{echo, trim_text, FieldError};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// Whether the initiative is still to come, running, or over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum ActivityStatus {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "planned"))]
    Planned,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ongoing"))]
    Ongoing,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "completed"))]
    Completed,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 3] = [Self::Planned, Self::Ongoing, Self::Completed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Ongoing => "ongoing",
            Self::Completed => "completed",
        }
    }

    /// # Errors
    /// When the text is not `planned`, `ongoing` or `completed`.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = trim_text(text);
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| FieldError::UnknownActivityStatus(echo(text, 40)))
    }
}

/// Where an initiative is in review. Only `Published` ones are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")
)]
pub enum ModerationStatus {
    /// Submitted, waiting for a moderator.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    /// Sent back to the submitter with a reason.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "changes-requested"))]
    ChangesRequested,
    /// Public.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "published"))]
    Published,
    /// Refused with a reason.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rejected"))]
    Rejected,
    /// Taken down by a moderator after being public.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "archived"))]
    Archived,
    /// Taken back by the submitter.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
}

impl ModerationStatus {
    pub const ALL: [ModerationStatus; 6] = [
        Self::Pending,
        Self::ChangesRequested,
        Self::Published,
        Self::Rejected,
        Self::Archived,
        Self::Withdrawn,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::ChangesRequested => "changes-requested",
            Self::Published => "published",
            Self::Rejected => "rejected",
            Self::Archived => "archived",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// # Errors
    /// When the text is not one of the stored names.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| format!("unknown moderation status “{text}”"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn the_database_stores_each_status_under_its_own_name() {
        use sea_orm::ActiveEnum;
        for s in ModerationStatus::ALL {
            assert_eq!(s.to_value(), s.as_str());
            assert_eq!(
                ModerationStatus::try_from_value(&s.as_str().to_owned()).unwrap(),
                s
            );
        }
        for s in ActivityStatus::ALL {
            assert_eq!(s.to_value(), s.as_str());
        }
        assert!(
            ModerationStatus::try_from_value(&"publish".to_owned()).is_err(),
            "an unknown stored name is an error, not a default"
        );
    }

    #[test]
    fn activity_statuses_parse_in_any_case() {
        assert_eq!(
            ActivityStatus::parse("Ongoing"),
            Ok(ActivityStatus::Ongoing)
        );
        assert!(ActivityStatus::parse("finished").is_err());
    }

    #[test]
    fn moderation_statuses_round_trip_through_their_stored_names() {
        for s in ModerationStatus::ALL {
            assert_eq!(ModerationStatus::parse(s.as_str()), Ok(s));
        }
        assert!(ModerationStatus::parse("PUBLISHED").is_err());
    }
}
