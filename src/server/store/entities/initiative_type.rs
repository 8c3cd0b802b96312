use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "initiative_types")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub type_slug: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
