//! An initiative's text in several languages (issue 17). The initiative keeps its title,
//! summary and description as the original, and gains the language they are written in
//! (`text_language`, English for every row stored before: a moderator can correct it) and a
//! counter of the original's text (`text_version`, moved whenever the original's text changes).
//! `initiative_translations` holds one row per other language: its text, who wrote it
//! (`submitter`, `moderator`, `machine`) and the `text_version` of the original it was made
//! from, so a version made before the original changed is known to be possibly out of date.
//! `search_version` says which rules made `search_text`; the server rebuilds older ones at start
//! (the rules now fold every version and the Latin transliteration of Ukrainian).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000007_text_versions"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    Id,
    TextLanguage,
    TextVersion,
    SearchVersion,
}

#[derive(Iden)]
enum InitiativeTranslations {
    Table,
    InitiativeId,
    Language,
    Title,
    Summary,
    Description,
    Source,
    MadeFrom,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            ColumnDef::new(Initiatives::TextLanguage)
                .string_len(2)
                .not_null()
                .default("en")
                .to_owned(),
            ColumnDef::new(Initiatives::TextVersion)
                .integer()
                .not_null()
                .default(1)
                .to_owned(),
            ColumnDef::new(Initiatives::SearchVersion)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Initiatives::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(InitiativeTranslations::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(InitiativeTranslations::InitiativeId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::Language)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::Title)
                            .string_len(150)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::Summary)
                            .string_len(400)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::Description)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::Source)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::MadeFrom)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTranslations::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(InitiativeTranslations::InitiativeId)
                            .col(InitiativeTranslations::Language),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_initiative_translations_initiative")
                            .from(
                                InitiativeTranslations::Table,
                                InitiativeTranslations::InitiativeId,
                            )
                            .to(Initiatives::Table, Initiatives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_initiative_translations_language")
                    .table(InitiativeTranslations::Table)
                    .col(InitiativeTranslations::Language)
                    .col(InitiativeTranslations::InitiativeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(InitiativeTranslations::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Initiatives::SearchVersion,
            Initiatives::TextVersion,
            Initiatives::TextLanguage,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Initiatives::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
