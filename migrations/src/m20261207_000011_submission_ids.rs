//! Submissions sent again from a device's outbox (issue 18).
//!
//! `initiatives.submission_key`: the SHA-256 (hex) of the id the submitter's browser chose for a
//! submission before sending it. A submission kept offline is sent again when the connection
//! returns — perhaps after the server stored it and only its answer was lost on the way — so a
//! unique index makes the same id one row, whoever writes it and however many instances run.
//! Rows from before (and imports, and posts without JavaScript) have none.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000011_submission_ids"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    SubmissionKey,
}

const INDEX: &str = "initiatives_submission_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .add_column(
                        ColumnDef::new(Initiatives::SubmissionKey)
                            .string_len(64)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Initiatives::Table)
                    .col(Initiatives::SubmissionKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Initiatives::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .drop_column(Initiatives::SubmissionKey)
                    .to_owned(),
            )
            .await
    }
}
