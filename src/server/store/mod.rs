//! Storage: the database connection and migrations, the tables' entities, and the queries over
//! them — published initiatives, submissions through their whole life (one transition helper
//! for every moderation step), import and export. Plain async functions over a
//! `DatabaseConnection`.

pub mod db;
pub mod entities;
pub mod initiatives;
pub mod pipeline;
pub mod submissions;
pub mod transfer;
