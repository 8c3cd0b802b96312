//! One initiative in a list: title link, place, types, summary. Submitted text is isolated
//! (`dir="auto"`, `<bdi>`), so right-to-left text or bidi controls in it cannot reorder the card.

use super::labels::{activity_label, type_label, ui_language};
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
    view! {
        <article class="card">
            <h3>
                <a href=href dir="auto">{card.title}</a>
            </h3>
            <p class="place">
                <bdi>{card.city}</bdi> ", " {move || country.name(ui_language(i18n))}
                <span class="status">{move || activity_label(i18n, activity)}</span>
                {sample.then(|| view! { <span class="badge">{t!(i18n, site.sample_badge)}</span> })}
            </p>
            <p class="summary" dir="auto">{card.summary}</p>
            <ul class="tags">
                {types
                    .into_iter()
                    .map(|t| view! { <li>{move || type_label(i18n, t)}</li> })
                    .collect_view()}
            </ul>
        </article>
    }
}
