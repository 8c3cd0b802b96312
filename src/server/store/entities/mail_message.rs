use crate::domain::{MailKind, MailState};
use sea_orm::entity::prelude::*;

/// A message in the queue (table `mail_queue`), written when the change that causes it
/// happened and sent by the background worker.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_queue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: MailKind,
    pub state: MailState,
    pub recipient: String,
    pub subject: String,
    /// The plain-text body; a confirmation's holds the manage link until it is sent.
    pub body: String,
    pub initiative_id: Option<i32>,
    /// Tries so far (a try is counted when it is claimed, before the mail server answers).
    pub attempts: i32,
    /// When it may be tried (again).
    pub next_attempt_at: DateTimeUtc,
    /// A worker is sending it until then; afterwards another may take it over.
    pub claimed_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
