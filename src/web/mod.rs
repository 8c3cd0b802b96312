//! The composition root: what stands between HTTP and the rest — the middleware every request
//! passes (reading the request's language and coding, security headers, the page cache,
//! compression, the moderator's notice), the server's own connection loop with its time limits,
//! and (growing) the router. The one layer that sees both the core (`server`) and the views.

pub mod account;
pub mod compress;
pub mod embed;
pub mod forms;
pub mod guard;
pub mod hsds;
pub mod http;
pub mod notice;
pub mod offline;
pub mod open_data;
pub mod page_cache;
pub mod privacy;
pub mod public_api;
pub mod reader;
pub mod refusal;
pub mod security;
pub mod serve;
