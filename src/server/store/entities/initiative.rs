use crate::domain::{ActivityStatus, ModerationStatus, Origin, UiLanguage};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "initiatives")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    /// The language of `title`, `summary` and `description`: the original's.
    pub text_language: UiLanguage,
    /// Moves whenever the original's text changes; a translation made from an older one may be
    /// out of date.
    pub text_version: i32,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub city: String,
    /// The city folded for sorting (lower case, no accents).
    pub city_sort: String,
    pub country: String,
    pub activity_status: ActivityStatus,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    /// Comma-separated ISO 639-1 codes.
    pub languages: String,
    pub source_url: Option<String>,
    pub origin: Origin,
    /// Title, summary, description, city and country names folded for search.
    pub search_text: String,
    /// Which rules made `search_text` (`store::initiatives::SEARCH_RULES`); older ones are
    /// rebuilt at start.
    pub search_version: i32,
    pub submitter_name: Option<String>,
    pub submitter_email: Option<String>,
    pub submitter_role: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub moderation_status: ModerationStatus,
    pub moderator_note: Option<String>,
    #[sea_orm(unique)]
    pub manage_token_hash: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    /// The submitter's edit of a published initiative, waiting for review (a `Submission` as
    /// JSON); the public columns keep the published version meanwhile.
    pub revision: Option<String>,
    pub revision_at: Option<DateTimeUtc>,
    /// The interface language the submitter used: the e-mails about it are written in it
    /// (English when unknown: rows from before it was kept, imports).
    pub submitter_language: Option<UiLanguage>,
    /// When the submitter was told their name, e-mail and role would be removed (retention,
    /// `server::privacy::retention`); an update after it starts the period again.
    pub retention_notice_at: Option<DateTimeUtc>,
    /// The day the city last confirmed the initiative is as shown (issue 23; HSDS's
    /// `assured_date`); `None` until it is first published.
    pub confirmed_on: Option<Date>,
    /// The due day of the last period a reminder was sent for (`domain::ConfirmRule::reminder`).
    pub reminded_for: Option<Date>,
    /// Reminders sent for that period: 0, 1 or 2.
    pub reminders_sent: i16,
    /// When the last reminder was claimed.
    pub reminded_at: Option<DateTimeUtc>,
    /// The SHA-256 of the private link the last reminder carried.
    #[sea_orm(unique)]
    pub reminder_token_hash: Option<String>,
    /// SHA-256 (hex) of the id the submitter's browser gave the submission (issue 18): the same
    /// id sent again is answered with this row, never stored twice.
    #[sea_orm(unique)]
    pub submission_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
