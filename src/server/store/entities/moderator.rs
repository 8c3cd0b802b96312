use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    /// PHC string of an argon2id hash.
    pub password_hash: String,
    /// Failed sign-ins since the last success.
    pub failed_attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Base32 TOTP secret of the active second factor.
    pub totp_secret: Option<String>,
    /// Base32 TOTP secret being enrolled: active only once a code from it is confirmed.
    pub totp_pending: Option<String>,
    /// The last TOTP time step accepted; codes of this step or older are refused (replay).
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
