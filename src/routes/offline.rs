//! `/offline`: what the service worker shows for a page it has not saved while the connection is
//! gone (issue 18). The worker keeps one copy per language and writes the saved pages of that
//! language into its list (`ul.saved-pages`); the sentence after the list shows only while the
//! list is empty (by the styles, so no script runs here). Opened online it is an ordinary page
//! with an empty list.

use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle page=move || t_string!(i18n, offline.title).to_owned()/>
        <section class="page narrow offline">
            <h1>{t!(i18n, offline.title)}</h1>
            <p>{t!(i18n, offline.text)}</p>
            <ul class="saved-pages"></ul>
            <p class="saved-none">{t!(i18n, offline.none)}</p>
            <p>
                <a href=keep_language("/") class="button">{t!(i18n, nav.home)}</a>
            </p>
        </section>
    }
}
