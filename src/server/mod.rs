//! Everything that only runs on the server: database, services, the directory index, HTTP.

pub mod account;
pub mod client_limits;
pub mod db;
pub mod directory;
pub mod embed;
pub mod entities;
pub mod feed;
pub mod forms;
pub mod guard;
pub mod mail;
pub mod open_data;
pub mod page_cache;
pub mod password;
pub mod public_api;
pub mod refusal;
pub mod secrets;
pub mod services;
pub mod session;
pub mod settings;
pub mod sitemap;
pub mod state;
pub mod text;
pub mod totp;
pub mod use_cases;
