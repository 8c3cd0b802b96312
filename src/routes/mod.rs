//! One module per page.

pub mod declaration;
pub mod home;
pub mod initiative;
pub mod initiatives;
pub mod not_found;
pub mod submit;
