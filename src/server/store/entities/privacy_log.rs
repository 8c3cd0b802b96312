use sea_orm::entity::prelude::*;

/// One entry of the audit trail of personal data (table `privacy_log`): an erasure, an export or
/// a purge, by whom, and how many records — never the address of the person concerned.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "privacy_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    /// `submitter`, `moderator` or `retention`.
    pub actor: String,
    /// The moderator who acted (moderators' own addresses are theirs to see).
    pub moderator_email: Option<String>,
    /// `erase`, `export` or `purge`.
    pub action: String,
    pub records: i32,
    /// Which initiatives (their numbers) or the purge's counts.
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
