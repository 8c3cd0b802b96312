//! One initiative in a list: title link, place, types, summary. Submitted text is isolated
//! (`dir="auto"`, `<bdi>`), so right-to-left text or bidi controls in it cannot reorder the card.
//! The title and summary are the reader's language's version when there is one, else the
//! original; text in another language than the page's carries `lang`, and a machine's or
//! possibly outdated translation says so (`components::versions`).

use super::freshness::FreshnessLine;
use super::labels::{activity_label, type_label, ui_language};
use super::versions::{card_note, lang_if_differs};
use crate::components::language::keep_language;
use crate::i18n::*;
use crate::wire::types::{InitiativeCard, Origin};
use leptos::prelude::*;

#[component]
pub fn Card(card: InitiativeCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = keep_language(&format!("/initiatives/{}", card.slug));
    let country = card.country;
    let activity = card.activity;
    let sample = card.origin == Origin::Sample;
    let types = card.types.clone();
    let page = ui_language(i18n);
    let text = card.text_for(page);
    let lang = lang_if_differs(text.language, page);
    let note = card_note(i18n.get_locale_untracked(), &text);
    let (title, summary) = (text.title.to_owned(), text.summary.to_owned());
    let (freshness, confirmed_on, ended_on) = (
        card.freshness,
        card.confirmed_on.clone(),
        card.ended_on.clone(),
    );
    view! {
        <article class="card">
            <h3>
                <a href=href dir="auto" lang=lang>{title}</a>
            </h3>
            <p class="place">
                <bdi>{card.city}</bdi> ", " {move || country.name(ui_language(i18n))}
                <span class="status">{move || activity_label(i18n, activity)}</span>
                {sample.then(|| view! { <span class="badge">{t!(i18n, site.sample_badge)}</span> })}
            </p>
            <FreshnessLine freshness confirmed_on ended_on/>
            <p class="summary" dir="auto" lang=lang>{summary}</p>
            {note.map(|note| view! { <p class="version-note">{note}</p> })}
            <ul class="tags">
                {types
                    .into_iter()
                    .map(|t| view! { <li>{move || type_label(i18n, t)}</li> })
                    .collect_view()}
            </ul>
        </article>
    }
}
