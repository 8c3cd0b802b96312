//! The page's language context: leptos_i18n's, without the effect that panics on the server.
//!
//! leptos_i18n's `I18nContextProvider` starts an isomorphic effect that writes the chosen
//! language back to its cookie. On the server that effect runs in a task of its own, which may be
//! polled only after the request's reactive owner is gone; it then reads a disposed signal and
//! panics (seen in CI's server log: `leptos_i18n-0.6.2/src/context.rs:213`). The cookie is ours
//! to write anyway — the language buttons post to `/language`, which sets it — so the context is
//! created in an owner of its own whose effects are paused before they can run.

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_i18n::context::{init_i18n_context_with_options, I18nContextOptions};
use leptos_i18n::Locale as _;
use leptos_meta::Html;

/// The name of the cookie that keeps a person's language choice (read here, written by the
/// language buttons' handler).
pub const LANGUAGE_COOKIE: &str = "lang";

/// Provides the language for `children` (from the `lang` cookie, else `Accept-Language`) and
/// sets `<html lang dir>` to it.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let owner = Owner::current().map_or_else(Owner::new, |o| o.child());
    let i18n = owner.with(|| {
        init_i18n_context_with_options::<Locale>(I18nContextOptions {
            enable_cookie: true,
            cookie_name: LANGUAGE_COOKIE.into(),
            ..Default::default()
        })
    });
    // The context's effects (the cookie write-back) never run; its signals stay readable.
    owner.pause();
    // The context's signals live in `owner`: it lives as long as the page's own owner.
    StoredValue::new(owner);
    provide_context(i18n);
    let children = children();
    let lang = move || i18n.get_locale().as_str();
    let dir = move || i18n.get_locale().direction().as_str();
    view! {
        {children}
        <Html attr:lang=lang attr:dir=dir/>
    }
}
