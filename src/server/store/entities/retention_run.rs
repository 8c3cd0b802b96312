use sea_orm::entity::prelude::*;

/// The one row (id 1) an instance claims before it applies the retention periods: `runs` is
/// bumped by the conditional update that claims it until `claimed_until`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "retention_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub runs: i32,
    pub claimed_until: Option<DateTimeUtc>,
    pub last_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
