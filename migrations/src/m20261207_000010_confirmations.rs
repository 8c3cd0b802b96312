//! Kept true over time (issue 23): every published initiative is confirmed by its city at
//! least once a period, and reminded when a confirmation falls due.
//!
//! - `initiatives.confirmed_on`: the day the city last said the initiative is as shown
//!   (HSDS's `assured_date`). Published rows get their publication day.
//! - `initiatives.reminded_for`, `reminders_sent`, `reminded_at`: which due period (named by
//!   its due day) was reminded, how many reminders went out for it (one, then one more) and
//!   when the last one did. A reminder is claimed by one conditional `UPDATE` of these
//!   columns, so one instance or several, before or after a restart, send one per period.
//! - `initiatives.reminder_token_hash`: the SHA-256 of the private link a reminder carries
//!   (the manage link is only kept hashed, so a reminder makes one of its own; an imported
//!   initiative without a submitter gets one for that purpose).
//! - On PostgreSQL the change-notice trigger stops announcing updates that touch only the
//!   reminder's bookkeeping: a reminder changes nothing that is published.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000010_confirmations"
    }
}

#[derive(Iden)]
enum Initiatives {
    Table,
    ConfirmedOn,
    RemindedFor,
    RemindersSent,
    RemindedAt,
    ReminderTokenHash,
}

/// The trigger function of `m20261207_000009_notice_names_initiative` (notices name the
/// initiative), now blind to the reminder's bookkeeping columns.
const NOTIFY_FUNCTION: &str = r"
CREATE OR REPLACE FUNCTION icc_published_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('icc_directory', '');
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', NEW.id::text);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', OLD.id::text);
    END IF;
  ELSIF (OLD.moderation_status = 'published' OR NEW.moderation_status = 'published')
    AND (to_jsonb(OLD) - 'reminded_for' - 'reminders_sent' - 'reminded_at' - 'reminder_token_hash')
        IS DISTINCT FROM
        (to_jsonb(NEW) - 'reminded_for' - 'reminders_sent' - 'reminded_at' - 'reminder_token_hash')
  THEN
    PERFORM pg_notify('icc_directory', NEW.id::text);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql";

/// The function of `m20261207_000009_notice_names_initiative`.
const NOTIFY_FUNCTION_BEFORE: &str = r"
CREATE OR REPLACE FUNCTION icc_published_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('icc_directory', '');
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', NEW.id::text);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', OLD.id::text);
    END IF;
  ELSIF OLD.moderation_status = 'published' OR NEW.moderation_status = 'published' THEN
    PERFORM pg_notify('icc_directory', NEW.id::text);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Initiatives::ConfirmedOn)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Initiatives::RemindedFor)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Initiatives::RemindersSent)
                .small_integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Initiatives::RemindedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Initiatives::ReminderTokenHash)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Initiatives::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_initiatives_reminder_token")
                    .table(Initiatives::Table)
                    .col(Initiatives::ReminderTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Every row that was ever published counts as confirmed on its publication day (its
        // creation day when older rows lack one).
        let fill = match db.get_database_backend() {
            DbBackend::Postgres => {
                "UPDATE initiatives SET confirmed_on = \
                 (COALESCE(published_at, created_at) AT TIME ZONE 'UTC')::date \
                 WHERE confirmed_on IS NULL AND published_at IS NOT NULL"
            }
            _ => {
                "UPDATE initiatives SET confirmed_on = \
                 date(COALESCE(published_at, created_at)) \
                 WHERE confirmed_on IS NULL AND published_at IS NOT NULL"
            }
        };
        db.execute_unprepared(fill).await?;
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(NOTIFY_FUNCTION).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(NOTIFY_FUNCTION_BEFORE).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_initiatives_reminder_token")
                    .table(Initiatives::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Initiatives::ReminderTokenHash,
            Initiatives::RemindedAt,
            Initiatives::RemindersSent,
            Initiatives::RemindedFor,
            Initiatives::ConfirmedOn,
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
