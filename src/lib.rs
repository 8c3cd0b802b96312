//! ICC Solidarity Initiatives: the living directory of the Intercultural Cities' initiatives for
//! people fleeing the war in Ukraine. One crate, built twice by cargo-leptos: with `ssr` for the
//! server binary and with `hydrate` for the browser bundle.

#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod islands;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod web;
pub mod wire;

/// The browser's entry point, run before leptos's loader hydrates each `<leptos-island>` of
/// the page (each island marks the page `data-hydrated` once it runs).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console in debug builds; release builds leave the hook (and the
    // formatting it pulls in) out of the wasm.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
