//! The core: everything that only runs on the server and knows nothing of views or HTTP
//! handlers (those are `web`, the composition root). Grouped by role:
//! - `use_cases`: submit, update, withdraw, moderate, edit — each one function both channels call;
//! - `directory`: the in-memory read model of what is published (facets, search, the page store);
//! - `store`: the database, its entities and queries;
//! - `open_data`: the writers of every output, from the one public record;
//! - `accounts`: moderators, sessions, secrets, per-client limits, the guard's rules;
//! - `mail`: the outbox, its worker and the letters;
//! - `settings` (flags and environment) and `state` (what every request shares).

pub mod accounts;
pub mod directory;
pub mod mail;
pub mod open_data;
pub mod privacy;
pub mod reminders;
pub mod settings;
pub mod state;
pub mod store;
pub mod use_cases;
