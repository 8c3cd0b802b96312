//! The language a submitter used (`en`, `fr` or `uk`), so that the e-mails about their
//! submission are written in it. Empty for rows stored before it was kept (and for imported
//! ones): those are written to in English.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000004_submitter_language"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    SubmitterLanguage,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .add_column(
                        ColumnDef::new(Initiatives::SubmitterLanguage)
                            .string_len(2)
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .drop_column(Initiatives::SubmitterLanguage)
                    .to_owned(),
            )
            .await
    }
}
