//! The database schema, as sea-orm migrations that run on SQLite and PostgreSQL alike. They run
//! at start-up and through `icc-initiatives migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_initiatives;
mod m20261129_000002_moderation;
mod m20261129_000003_second_factor;
mod m20261129_000004_submitter_language;
mod m20261129_000005_mail_queue;
mod m20261130_000006_several_instances;
mod m20261206_000007_text_versions;
mod m20261207_000008_personal_data;
mod m20261207_000009_notice_names_initiative;
mod m20261207_000010_confirmations;
mod m20261207_000011_submission_ids;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_initiatives::Migration),
            Box::new(m20261129_000002_moderation::Migration),
            Box::new(m20261129_000003_second_factor::Migration),
            Box::new(m20261129_000004_submitter_language::Migration),
            Box::new(m20261129_000005_mail_queue::Migration),
            Box::new(m20261130_000006_several_instances::Migration),
            Box::new(m20261206_000007_text_versions::Migration),
            Box::new(m20261207_000008_personal_data::Migration),
            Box::new(m20261207_000009_notice_names_initiative::Migration),
            Box::new(m20261207_000010_confirmations::Migration),
            Box::new(m20261207_000011_submission_ids::Migration),
        ]
    }
}
