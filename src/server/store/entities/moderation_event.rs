use crate::domain::{Actor, ModerationStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub initiative_id: i32,
    pub at: DateTimeUtc,
    pub actor: Actor,
    pub moderator_email: Option<String>,
    /// `submit` or a `ModerationAction` name.
    pub action: String,
    pub reason: Option<String>,
    pub from_status: Option<ModerationStatus>,
    pub to_status: ModerationStatus,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
