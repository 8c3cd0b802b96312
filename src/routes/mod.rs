//! One module per page.

pub mod admin;
pub mod api;
pub mod declaration;
pub mod home;
pub mod initiative;
pub mod initiatives;
pub mod manage;
pub mod not_found;
pub mod offline;
pub mod privacy;
pub mod statistics;
pub mod submit;

use crate::wire::PageProblem;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The problem a post reported to this page when it redirected here (`?problem=…`); `None`
/// when the address names none, or one `PageProblem` does not know.
pub(crate) fn page_problem(query: Memo<ParamsMap>) -> Option<PageProblem> {
    query
        .with(|q| q.get(PageProblem::KEY))
        .and_then(|code| PageProblem::from_code(&code))
}
