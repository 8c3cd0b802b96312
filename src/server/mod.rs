//! Everything that only runs on the server: database, services, the directory index, HTTP.

pub mod db;
pub mod directory;
pub mod entities;
pub mod forms;
pub mod guard;
pub mod http;
pub mod page_cache;
pub mod refusal;
pub mod secrets;
pub mod services;
pub mod state;
pub mod text;
