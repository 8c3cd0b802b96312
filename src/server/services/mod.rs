//! Services: plain async functions over a database connection. Server functions and the CLI call
//! these; they know nothing of HTTP or views, and return domain values (`crate::domain`), never
//! the wire types.

pub mod auth;
pub mod initiatives;
pub mod mail;
pub mod submissions;
pub mod transfer;
