//! What several instances on one PostgreSQL share.
//!
//! - A trigger that says `NOTIFY icc_directory` whenever what is published changes (a row
//!   published, edited while published, unpublished, deleted), whoever writes it — an instance,
//!   the CLI or `psql` — so every instance rebuilds its in-memory directory at once instead of
//!   at its next revision check. PostgreSQL sends it at commit, once per transaction. SQLite has
//!   no such channel: one instance serves it, and its revision check remains.
//! - `client_limits`: the per-client budgets (submissions, failed sign-ins, unknown manage
//!   links) in one fixed window per client and limit, so a client cannot get one budget per
//!   instance. Used on PostgreSQL; on SQLite the counters stay in the process's memory.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000006_several_instances"
    }
}

#[derive(Iden)]
enum ClientLimits {
    Table,
    Kind,
    Client,
    WindowStart,
    Count,
}

/// The channel the instances listen on (`server::directory::CHANGES_CHANNEL` says the same).
const NOTIFY_FUNCTION: &str = r"
CREATE OR REPLACE FUNCTION icc_published_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('icc_directory', '');
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', '');
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.moderation_status = 'published' THEN
      PERFORM pg_notify('icc_directory', '');
    END IF;
  ELSIF OLD.moderation_status = 'published' OR NEW.moderation_status = 'published' THEN
    PERFORM pg_notify('icc_directory', '');
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClientLimits::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(ClientLimits::Kind).string_len(16).not_null())
                    .col(
                        ColumnDef::new(ClientLimits::Client)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ClientLimits::WindowStart)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ClientLimits::Count).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ClientLimits::Kind)
                            .col(ClientLimits::Client),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(NOTIFY_FUNCTION).await?;
            db.execute_unprepared(
                "CREATE TRIGGER initiatives_published_changed \
                 AFTER INSERT OR UPDATE OR DELETE ON initiatives \
                 FOR EACH ROW EXECUTE FUNCTION icc_published_changed()",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER initiatives_truncated AFTER TRUNCATE ON initiatives \
                 FOR EACH STATEMENT EXECUTE FUNCTION icc_published_changed()",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "DROP TRIGGER IF EXISTS initiatives_published_changed ON initiatives; \
                 DROP TRIGGER IF EXISTS initiatives_truncated ON initiatives; \
                 DROP FUNCTION IF EXISTS icc_published_changed()",
            )
            .await?;
        }
        manager
            .drop_table(Table::drop().table(ClientLimits::Table).to_owned())
            .await
    }
}
