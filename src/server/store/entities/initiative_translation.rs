use crate::domain::{UiLanguage, VersionSource};
use sea_orm::entity::prelude::*;

/// One version of an initiative's text in a language other than its original.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "initiative_translations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: UiLanguage,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub source: VersionSource,
    /// The initiative's `text_version` this version was made from: older means possibly out
    /// of date.
    pub made_from: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
