//! Personal data handled by code (issue 19).
//!
//! - `initiatives.retention_notice_at`: when the submitter was told that their name, e-mail and
//!   role will be removed (the notice comes a set time before; an update after it starts the
//!   period again).
//! - `retention_runs`: one row that an instance claims for a while before it applies the
//!   retention periods, so several instances on one database do not all run the purge at once
//!   (each record is also cleared in its own transaction that re-checks the record, so two runs
//!   at once would still be safe; the claim only saves the work).
//! - `privacy_log`: the audit trail of erasures, exports and purges — who (a moderator's
//!   address, the submitter, the retention job), what and how many records; never the e-mail
//!   address of the person whose data it was.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000008_personal_data"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    RetentionNoticeAt,
}

#[derive(Iden)]
enum RetentionRuns {
    Table,
    Id,
    Runs,
    ClaimedUntil,
    LastAt,
}

#[derive(Iden)]
enum PrivacyLog {
    Table,
    Id,
    At,
    Actor,
    ModeratorEmail,
    Action,
    Records,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .add_column(
                        ColumnDef::new(Initiatives::RetentionNoticeAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RetentionRuns::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(RetentionRuns::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(RetentionRuns::Runs)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(RetentionRuns::ClaimedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(RetentionRuns::LastAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(RetentionRuns::Table)
                    .columns([RetentionRuns::Id, RetentionRuns::Runs])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrivacyLog::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(PrivacyLog::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PrivacyLog::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PrivacyLog::Actor).string_len(16).not_null())
                    .col(ColumnDef::new(PrivacyLog::ModeratorEmail).text().null())
                    .col(ColumnDef::new(PrivacyLog::Action).string_len(24).not_null())
                    .col(ColumnDef::new(PrivacyLog::Records).integer().not_null())
                    .col(ColumnDef::new(PrivacyLog::Detail).text().not_null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PrivacyLog::Table.into_iden(),
            RetentionRuns::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Initiatives::Table)
                    .drop_column(Initiatives::RetentionNoticeAt)
                    .to_owned(),
            )
            .await
    }
}
