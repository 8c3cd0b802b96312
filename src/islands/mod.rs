//! The code that runs in the browser, as leptos islands: the submission form and what it needs.
//! Everything else is rendered on the server only. Nothing here reads the translation tables
//! (`leptos_i18n`), router hooks or contexts: an island gets all its texts as a prop
//! (`form_text::FormText`, built on the server from the locales), so the browser bundle ships
//! no locales and an island's props are plain serde values.

pub mod form_dom;
pub mod form_text;
pub mod preview;
pub mod steps;
pub mod submission_form;
