//! sea-orm entities: one per table of `migrations/`.

pub mod initiative;
pub mod initiative_commitment;
pub mod initiative_translation;
pub mod initiative_type;
pub mod mail_digest;
pub mod mail_message;
pub mod moderation_event;
pub mod moderator;
pub mod privacy_log;
pub mod retention_run;
pub mod session;
