//! E-mail: the queue of messages the background worker sends (tried again with a growing
//! delay after a failure, claimed by one worker at a time), and the one row that says when the
//! moderators' digest last went out (claimed with a conditional update, so two instances
//! never both send it).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000005_mail_queue"
    }
}

#[derive(Iden)]
enum MailQueue {
    Table,
    Id,
    Kind,
    State,
    Recipient,
    Subject,
    Body,
    InitiativeId,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(Iden)]
enum MailDigest {
    Table,
    Id,
    Runs,
    LastAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailQueue::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(MailQueue::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(MailQueue::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(MailQueue::State).string_len(16).not_null())
                    .col(
                        ColumnDef::new(MailQueue::Recipient)
                            .string_len(254)
                            .not_null(),
                    )
                    .col(ColumnDef::new(MailQueue::Subject).text().not_null())
                    .col(ColumnDef::new(MailQueue::Body).text().not_null())
                    // No foreign key: the history of what was sent outlives a deleted item.
                    .col(ColumnDef::new(MailQueue::InitiativeId).integer().null())
                    .col(
                        ColumnDef::new(MailQueue::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(MailQueue::NextAttemptAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MailQueue::ClaimedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(MailQueue::LastError).text().null())
                    .col(
                        ColumnDef::new(MailQueue::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MailQueue::SentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_queue_state_next")
                    .table(MailQueue::Table)
                    .col(MailQueue::State)
                    .col(MailQueue::NextAttemptAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailDigest::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(MailDigest::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(MailDigest::Runs)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(MailDigest::LastAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(MailDigest::Table)
                    .columns([MailDigest::Id, MailDigest::Runs])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [MailDigest::Table.into_iden(), MailQueue::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
