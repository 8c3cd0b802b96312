//! The list's filters: a GET form, rendered on the server with the counts for the current
//! filters. Without JavaScript the Apply button loads the filtered page; with it,
//! `enhance.js` applies each change at once (`data-auto-apply`) and swaps in the new page
//! without a page load, keeping the focus on the control and the panel open. On phones it
//! folds into a `<details>` panel. Chosen cities (`city=`, which come from links such as an
//! embed's) have no control here: hidden inputs keep them when other filters change, and the
//! results say which are chosen, each with a link that removes it.

use super::freshness::freshness_label;
use super::labels::{commitment_label, type_label, ui_language};
use crate::components::language::{keep_language, KeepLanguageField};
use crate::domain::{CountryCode, Freshness, ListFilter, SortOrder, MAX_QUERY_CHARS};
use crate::i18n::*;
use crate::wire::types::{FacetCount, ListPage};
use leptos::prelude::*;

fn count_in<T: PartialEq>(facets: &[FacetCount<T>], value: &T) -> u32 {
    facets
        .iter()
        .find(|f| &f.value == value)
        .map_or(0, |f| f.count)
}

/// One checkbox with its count.
#[component]
fn Choice(
    name: &'static str,
    value: String,
    label: String,
    checked: bool,
    count: u32,
) -> impl IntoView {
    let id = format!("f-{name}-{value}");
    view! {
        <li class:empty=count == 0 && !checked>
            <input type="checkbox" id=id.clone() name=name value=value checked=checked/>
            <label for=id>
                {label}
                " "
                <span class="count">"(" {count} ")"</span>
            </label>
        </li>
    }
}

/// The panel for `filter`, with the counts of `page` (none when the list could not be read).
#[component]
pub fn FilterPanel(filter: ListFilter, page: Option<ListPage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = ui_language(i18n);
    let (by_country, by_type, by_commitment, by_freshness) = page
        .map(|p| (p.countries, p.types, p.commitments, p.freshness))
        .unwrap_or_default();
    // The countries that have initiatives, by their name in the interface language.
    let mut countries: Vec<CountryCode> = by_country.iter().map(|f| f.value).collect();
    countries.sort_by_cached_key(|c| c.name(lang));
    let active = filter.active_count();
    view! {
        <details class="filters">
            <summary>
                {t!(i18n, list.filters)}
                {(active > 0).then(|| format!(" ({active})"))}
            </summary>
            <form
                method="get"
                action="/initiatives"
                // The URL is the state: the browser must not restore stale ticks on Back.
                autocomplete="off"
                data-auto-apply=""
            >
                {filter
                    .cities
                    .iter()
                    .map(|c| view! { <input type="hidden" name="city" value=c.clone()/> })
                    .collect_view()}
                <KeepLanguageField/>
                <div class="field">
                    <label for="q">{t!(i18n, list.search)}</label>
                    <input
                        id="q"
                        name="q"
                        type="search"
                        maxlength=MAX_QUERY_CHARS
                        aria-describedby="q-hint"
                        value=filter.q.clone()
                    />
                    <p id="q-hint" class="hint">{t!(i18n, list.search_hint)}</p>
                </div>
                <fieldset>
                    <legend>{t!(i18n, list.country)}</legend>
                    <ul class="choices">
                        {countries
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <Choice
                                        name="country"
                                        value=c.to_string()
                                        label=c.name(lang).to_owned()
                                        checked=filter.countries.contains(&c)
                                        count=count_in(&by_country, &c)
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, list.type_label)}</legend>
                    <ul class="choices">
                        {crate::domain::InitiativeType::ALL
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <Choice
                                        name="type"
                                        value=t.slug().to_owned()
                                        label=type_label(i18n, t).to_owned()
                                        checked=filter.types.contains(&t)
                                        count=count_in(&by_type, &t)
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, list.commitment)}</legend>
                    <ul class="choices">
                        {crate::domain::Commitment::ALL
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <Choice
                                        name="commitment"
                                        value=c.number().to_string()
                                        label=format!("{}. {}", c.number(), commitment_label(i18n, c))
                                        checked=filter.commitments.contains(&c)
                                        count=count_in(&by_commitment, &c)
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, list.freshness)}</legend>
                    <ul class="choices">
                        {Freshness::ALL
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <Choice
                                        name="freshness"
                                        value=f.as_str().to_owned()
                                        label=freshness_label(i18n, f).to_owned()
                                        checked=filter.freshness.contains(&f)
                                        count=count_in(&by_freshness, &f)
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <div class="field">
                    <label for="sort">{t!(i18n, list.sort)}</label>
                    <select id="sort" name="sort">
                        {SortOrder::ALL
                            .into_iter()
                            .map(|s| {
                                let label = match s {
                                    SortOrder::Newest => t_string!(i18n, list.sort_newest),
                                    SortOrder::Oldest => t_string!(i18n, list.sort_oldest),
                                    SortOrder::City => t_string!(i18n, list.sort_city),
                                };
                                view! {
                                    <option value=s.as_str() selected=filter.sort == s>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="primary">{t!(i18n, list.apply)}</button>
                    <a href=keep_language("/initiatives") class="button">{t!(i18n, list.clear)}</a>
                </div>
            </form>
        </details>
    }
}
