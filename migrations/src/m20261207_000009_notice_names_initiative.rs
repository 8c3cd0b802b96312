//! The PostgreSQL change notice names the initiative that changed (issue 20), so every instance
//! reads that one initiative again instead of reloading its whole directory. The notice's text
//! is the initiative's id; after a `TRUNCATE` it is empty (everything changed). PostgreSQL
//! sends each distinct notice once per transaction, at commit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000009_notice_names_initiative"
    }
}

const NAMING: &str = r"
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

/// The function of `m20261130_000006_several_instances`, whose notices name nothing.
const ANONYMOUS: &str = r"
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
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(NAMING).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(ANONYMOUS).await?;
        }
        Ok(())
    }
}
