//! The document title, "Page — Site name", in the current language.
//!
//! On the server leptos_meta reads `<title>` after rendering, outside the request's reactive
//! owner, where a reactive closure would read signals from a finished arena (it panicked under
//! load). So the server renders a plain string computed during rendering; the browser keeps the
//! title reactive, so it follows a language switch.
//!
//! leptos_meta writes that string into `<title>` unescaped, so the server escapes it
//! (`raw_text::escape_raw_text`): a submitted title cannot end the element. The browser sets
//! `document.title`, which takes plain text, so it gets the text as it is.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PageTitle<F>(
    /// The page's own part of the title; empty for the home page.
    page: F,
) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let full = move || {
        let site = t_string!(i18n, site.name);
        let page = page();
        if page.is_empty() {
            site.to_owned()
        } else {
            format!("{page} — {site}")
        }
    };
    #[cfg(feature = "ssr")]
    {
        let text = crate::components::raw_text::escape_raw_text(&full());
        view! { <Title text/> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <Title text=full/> }
    }
}
