//! Accounts and the limits that protect them: moderators (passwords, second factor, sessions),
//! secrets and signed form tickets, the per-client budgets, and the guard's rules (the site's
//! origin, trusted proxies, what counts as a request from this site).

pub mod auth;
pub mod client_limits;
pub mod guard;
pub mod password;
pub mod secrets;
pub mod session;
pub mod totp;
