//! The header (skip link, site name, main navigation, language switcher) and the footer.

use crate::components::language::keep_language;
use crate::i18n::*;
use crate::wire::types::ModeratorNotice;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let path = use_location().pathname.get_untracked();
    // Plain links, marked on the server: `aria-current="page"` on the page's own section.
    let current = move |href: &str| {
        let here = if href == "/" {
            path == "/"
        } else {
            path == href || path.starts_with(&format!("{href}/"))
        };
        here.then_some("page")
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
        <header class="site-header">
            <div class="bar">
                <a href=keep_language("/") class="brand" aria-current=current("/")>
                    <span class="brand-flag" aria-hidden="true"></span>
                    <span>{t!(i18n, site.name)}</span>
                </a>
                <LanguageSwitcher/>
            </div>
            <nav aria-label=t_string!(i18n, site.main_nav) class="main-nav">
                <ul>
                    <li>
                        <a href=keep_language("/") aria-current=current("/")>{t!(i18n, nav.home)}</a>
                    </li>
                    <li>
                        <a href=keep_language("/initiatives") aria-current=current("/initiatives")>
                            {t!(i18n, nav.initiatives)}
                        </a>
                    </li>
                    <li>
                        <a href=keep_language("/declaration") aria-current=current("/declaration")>
                            {t!(i18n, nav.declaration)}
                        </a>
                    </li>
                    <li>
                        <a href=keep_language("/submit") aria-current=current("/submit")>{t!(i18n, nav.submit)}</a>
                    </li>
                    {moderator_notice().map(|notice| {
                        let waiting = notice.waiting;
                        view! {
                            <li class="moderator-notice">
                                <a href=keep_language("/admin") aria-current=current("/admin")>
                                    {t!(i18n, nav.waiting, count = move || waiting)}
                                </a>
                            </li>
                        }
                    })}
                </ul>
            </nav>
        </header>
        // Shown only on a copy the service worker saved, served without a connection: the
        // worker removes `hidden` and puts the time it was saved into `data-at` (the styles
        // show it), so no script runs for it (issue 18).
        <p class="saved-copy" hidden>{t!(i18n, offline.saved_copy)}</p>
    }
}

/// The signed-in moderator's notice for this page, when the server put one into the request
/// (`web::notice`); never on pages rendered for anyone else.
fn moderator_notice() -> Option<ModeratorNotice> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ModeratorNotice>().copied())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Buttons for English, French and Ukrainian; the choice is kept in a cookie for a year. The
/// buttons post to `/language`, which sets the cookie and comes back to this page (filters
/// included), with or without JavaScript.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
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
                aria-pressed=(i18n.get_locale_untracked() == locale).to_string()
            >
                {name}
            </button>
        }
    };
    view! {
        // The group is a `div` inside the form: a `form` may not take the role `group`
        // (Lighthouse's aria-allowed-role), and a named form would be a landmark of its own.
        <form method="post" action="/language">
            <input type="hidden" name="back" value=here/>
            <div class="lang-switch" role="group" aria-label=t_string!(i18n, site.language)>
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
            <p>
                <a href=keep_language("/statistics")>{t!(i18n, nav.statistics)}</a>
                " · "
                <a href=keep_language("/api")>{t!(i18n, nav.open_data)}</a>
                " · "
                <a href=keep_language("/privacy")>{t!(i18n, nav.privacy)}</a>
            </p>
        </footer>
    }
}
