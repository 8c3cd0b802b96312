//! Initiatives with every public and private field, their types and commitments as relations.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000001_create_initiatives"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Description,
    City,
    CitySort,
    Country,
    ActivityStatus,
    StartDate,
    EndDate,
    Website,
    ContactEmail,
    Languages,
    SourceUrl,
    Origin,
    SearchText,
    SubmitterName,
    SubmitterEmail,
    SubmitterRole,
    ConsentAt,
    ModerationStatus,
    ModeratorNote,
    ManageTokenHash,
    Version,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(Iden)]
enum InitiativeTypes {
    Table,
    InitiativeId,
    TypeSlug,
}

#[derive(Iden)]
enum InitiativeCommitments {
    Table,
    InitiativeId,
    Commitment,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Initiatives::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(Initiatives::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Slug)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Title)
                            .string_len(150)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Summary)
                            .string_len(400)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Initiatives::Description).text().null())
                    .col(ColumnDef::new(Initiatives::City).string_len(100).not_null())
                    .col(
                        ColumnDef::new(Initiatives::CitySort)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Country)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::ActivityStatus)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Initiatives::StartDate).date().null())
                    .col(ColumnDef::new(Initiatives::EndDate).date().null())
                    .col(ColumnDef::new(Initiatives::Website).string_len(500).null())
                    .col(
                        ColumnDef::new(Initiatives::ContactEmail)
                            .string_len(254)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Languages)
                            .string_len(200)
                            .not_null()
                            .default(""),
                    )
                    .col(
                        ColumnDef::new(Initiatives::SourceUrl)
                            .string_len(500)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Origin)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Initiatives::SearchText).text().not_null())
                    .col(
                        ColumnDef::new(Initiatives::SubmitterName)
                            .string_len(100)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::SubmitterEmail)
                            .string_len(254)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::SubmitterRole)
                            .string_len(150)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::ConsentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::ModerationStatus)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Initiatives::ModeratorNote).text().null())
                    .col(
                        ColumnDef::new(Initiatives::ManageTokenHash)
                            .string_len(64)
                            .null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Initiatives::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Initiatives::PublishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_initiatives_status_published",
                vec![Initiatives::ModerationStatus, Initiatives::PublishedAt],
            ),
            (
                "idx_initiatives_status_country",
                vec![Initiatives::ModerationStatus, Initiatives::Country],
            ),
            (
                "idx_initiatives_status_city",
                vec![Initiatives::ModerationStatus, Initiatives::CitySort],
            ),
            ("idx_initiatives_updated", vec![Initiatives::UpdatedAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Initiatives::Table).if_not_exists();
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(InitiativeTypes::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(InitiativeTypes::InitiativeId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeTypes::TypeSlug)
                            .string_len(32)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(InitiativeTypes::InitiativeId)
                            .col(InitiativeTypes::TypeSlug),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_initiative_types_initiative")
                            .from(InitiativeTypes::Table, InitiativeTypes::InitiativeId)
                            .to(Initiatives::Table, Initiatives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_initiative_types_slug")
                    .table(InitiativeTypes::Table)
                    .col(InitiativeTypes::TypeSlug)
                    .col(InitiativeTypes::InitiativeId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InitiativeCommitments::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(InitiativeCommitments::InitiativeId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InitiativeCommitments::Commitment)
                            .small_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(InitiativeCommitments::InitiativeId)
                            .col(InitiativeCommitments::Commitment),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_initiative_commitments_initiative")
                            .from(
                                InitiativeCommitments::Table,
                                InitiativeCommitments::InitiativeId,
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
                    .name("idx_initiative_commitments_number")
                    .table(InitiativeCommitments::Table)
                    .col(InitiativeCommitments::Commitment)
                    .col(InitiativeCommitments::InitiativeId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InitiativeCommitments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(InitiativeTypes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Initiatives::Table).to_owned())
            .await
    }
}
