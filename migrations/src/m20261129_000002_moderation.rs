//! Moderation: moderators and their sessions, the history of every action, and the pending
//! revision of a published initiative (kept beside the public version until reviewed).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000002_moderation"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    Id,
    Revision,
    RevisionAt,
}

#[derive(Iden)]
enum Moderators {
    Table,
    Id,
    Email,
    PasswordHash,
    FailedAttempts,
    LockedUntil,
    CreatedAt,
}

#[derive(Iden)]
enum Sessions {
    Table,
    TokenHash,
    ModeratorId,
    CreatedAt,
    ExpiresAt,
}

#[derive(Iden)]
enum ModerationEvents {
    Table,
    Id,
    InitiativeId,
    At,
    Actor,
    ModeratorEmail,
    Action,
    Reason,
    FromStatus,
    ToStatus,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .add_column(ColumnDef::new(Initiatives::Revision).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .add_column(
                        ColumnDef::new(Initiatives::RevisionAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Moderators::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(Moderators::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Moderators::Email)
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Moderators::PasswordHash)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Moderators::FailedAttempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Moderators::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Moderators::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(Sessions::TokenHash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Sessions::ModeratorId).integer().not_null())
                    .col(
                        ColumnDef::new(Sessions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Sessions::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_moderator")
                            .from(Sessions::Table, Sessions::ModeratorId)
                            .to(Moderators::Table, Moderators::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModerationEvents::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(ModerationEvents::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::InitiativeId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::Actor)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::ModeratorEmail)
                            .string_len(254)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::Action)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ModerationEvents::Reason).text().null())
                    .col(
                        ColumnDef::new(ModerationEvents::FromStatus)
                            .string_len(24)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ModerationEvents::ToStatus)
                            .string_len(24)
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_moderation_events_initiative")
                            .from(ModerationEvents::Table, ModerationEvents::InitiativeId)
                            .to(Initiatives::Table, Initiatives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_moderation_events_initiative")
                    .table(ModerationEvents::Table)
                    .col(ModerationEvents::InitiativeId)
                    .col(ModerationEvents::Id)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ModerationEvents::Table.into_iden(),
            Sessions::Table.into_iden(),
            Moderators::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for col in [Initiatives::RevisionAt, Initiatives::Revision] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Initiatives::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
