//! What pages read to show, on the server: plain functions over the request's context, not
//! server functions — no browser calls them, so they open no HTTP endpoint (issue 16). Pages
//! are server components (islands mode): these never run in the browser, where they are
//! compiled only so the pages compile, and answer nothing.

use crate::wire::types::ApiEndpoint;
#[cfg(feature = "ssr")]
use leptos::prelude::*;

/// The endpoints of the public API for the `/api` page, read from the OpenAPI document the
/// server generates, with a real initiative's address to try.
pub fn api_reference() -> Vec<ApiEndpoint> {
    #[cfg(feature = "ssr")]
    {
        let state = use_context::<crate::server::state::AppState>();
        let snapshot = state.map(|s| s.directory.snapshot());
        let slug = snapshot
            .as_ref()
            .and_then(|s| s.pages().next().map(|(slug, _)| slug.to_owned()));
        crate::server::public_api::reference(slug.as_deref())
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}
