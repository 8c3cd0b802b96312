//! The header (skip link, site name, main navigation, language switcher) and the footer.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" exact=true attr:class="brand">
                    <span class="brand-flag" aria-hidden="true"></span>
                    <span>{t!(i18n, site.name)}</span>
                </A>
                <LanguageSwitcher/>
            </div>
            <nav aria-label=move || t_string!(i18n, site.main_nav) class="main-nav">
                <ul>
                    <li>
                        <A href="/" exact=true>
                            {t!(i18n, nav.home)}
                        </A>
                    </li>
                    <li>
                        <A href="/initiatives">{t!(i18n, nav.initiatives)}</A>
                    </li>
                    <li>
                        <A href="/declaration">{t!(i18n, nav.declaration)}</A>
                    </li>
                    <li>
                        <A href="/submit">{t!(i18n, nav.submit)}</A>
                    </li>
                </ul>
            </nav>
        </header>
    }
}

/// Buttons for English, French and Ukrainian; the choice is kept in a cookie for a year.
/// Hydrated, a click switches in place; before hydration or without JavaScript the buttons post
/// to `/language`, which sets the same cookie and comes back to this page (filters included).
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{}", search.trim_start_matches('?'))
        }
    };
    let choice = move |locale: Locale, name: &'static str| {
        view! {
            <button
                type="submit"
                name="lang"
                value=locale.as_str()
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |ev| {
                    ev.prevent_default();
                    i18n.set_locale(locale);
                }
            >
                {name}
            </button>
        }
    };
    view! {
        // The group is a `div` inside the form: a `form` may not take the role `group`
        // (Lighthouse's aria-allowed-role), and a named form would be a landmark of its own.
        <form method="post" action="/language">
            <input type="hidden" name="back" value=here prop:value=here/>
            <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, site.language)>
                {choice(Locale::en, "English")}
                {choice(Locale::fr, "Français")}
                {choice(Locale::uk, "Українська")}
            </div>
        </form>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, site.footer)}</p>
        </footer>
    }
}
