//! Moderators' second factor (TOTP, RFC 6238): the active secret, the secret being enrolled
//! (active only once a code from it is confirmed), and the last time step accepted (each code
//! works once).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000003_second_factor"
    }
}

#[derive(Iden)]
enum Moderators {
    Table,
    TotpSecret,
    TotpPending,
    TotpLastStep,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Moderators::TotpSecret)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Moderators::TotpPending)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Moderators::TotpLastStep)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Moderators::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Moderators::TotpLastStep,
            Moderators::TotpPending,
            Moderators::TotpSecret,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Moderators::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
