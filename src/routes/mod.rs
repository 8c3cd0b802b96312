//! One module per page.

pub mod admin;
pub mod api;
pub mod declaration;
pub mod home;
pub mod initiative;
pub mod initiatives;
pub mod manage;
pub mod not_found;
pub mod submit;
