//! `/initiatives`: the published list with facet filters, search, sort and pages. The whole
//! state is the URL query, so links, bookmarks and Back/Forward restore it.

use crate::api::{list_initiatives, site_origin};
use crate::components::card::Card;
use crate::components::embed_code::EmbedCode;
use crate::components::filter_panel::FilterPanel;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::components::pagination::Pagination;
use crate::domain::{FilterProblem, ListFilter};
use crate::i18n::*;
use crate::routes::not_found::Unavailable;
use crate::wire::types::ListPage;
use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_location;

#[component]
pub fn InitiativesPage() -> impl IntoView {
    let i18n = use_i18n();
    // A server component: the page is rendered once per address.
    let query = use_location().search.get_untracked();
    let filter = ListFilter::from_query(&query).0;
    let page = Resource::new(move || query.clone(), list_initiatives);
    // For the embed code, which other sites paste: it names this site in full.
    let origin = Resource::new(|| (), |_| site_origin());

    view! {
        <PageTitle page=move || t_string!(i18n, list.title).to_owned()/>
        <Meta name="description" content=t_string!(i18n, home.intro)/>
        // Feed readers find the feed of this very view.
        <Link
            rel="alternate"
            type_="application/atom+xml"
            href=feed_address(&view_query(&filter), crate::components::labels::ui_language(i18n))
            title=t_string!(i18n, list.feed_title)
        />
        <h1>{t!(i18n, list.title)}</h1>
        <div class="list-layout">
            <Suspense fallback=|| ()>
                {move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        let origin = origin.await.ok().flatten();
                        match page.await {
                            Ok(p) => {
                                view! {
                                    <FilterPanel filter=p.filter.clone() page=Some(p.clone())/>
                                    <section class="results" aria-labelledby="results-h">
                                        {results(p, origin)}
                                    </section>
                                }
                                    .into_any()
                            }
                            Err(_) => {
                                view! {
                                    <FilterPanel filter page=None/>
                                    <section class="results">
                                        <Unavailable/>
                                    </section>
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The query of the whole view (every page): `?country=PL&type=housing`, or nothing.
fn view_query(filter: &ListFilter) -> String {
    match filter.with_page(1).to_query() {
        q if q.is_empty() => q,
        q => format!("?{q}"),
    }
}

/// The value from the address, isolated so bidi controls in it cannot reorder the sentence.
fn typed(v: String) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || view! { <bdi>{v.clone()}</bdi> }.into_any()
}

/// The notice naming the filter values of the address that were not understood (the list and
/// the figures read the same filters), or nothing when all were.
pub(crate) fn filter_problems(
    i18n: crate::components::labels::I18n,
    problems: Vec<FilterProblem>,
) -> Option<impl IntoView> {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="notice warning" role="status">
                <p>{t!(i18n, list.problems)}</p>
                <ul>
                    {problems
                        .into_iter()
                        .map(|pr| view! { <li>{problem_text(i18n, pr)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

fn problem_text(i18n: crate::components::labels::I18n, problem: FilterProblem) -> AnyView {
    match problem {
        FilterProblem::UnknownCountry(v) => {
            t!(i18n, list.unknown_country, value = typed(v)).into_any()
        }
        FilterProblem::BadCity(v) => t!(i18n, list.bad_city, value = typed(v)).into_any(),
        FilterProblem::UnknownType(v) => t!(i18n, list.unknown_type, value = typed(v)).into_any(),
        FilterProblem::UnknownCommitment(v) => {
            t!(i18n, list.unknown_commitment, value = typed(v)).into_any()
        }
        FilterProblem::UnknownFreshness(v) => {
            t!(i18n, list.unknown_freshness, value = typed(v)).into_any()
        }
        FilterProblem::UnknownSort(v) => t!(i18n, list.unknown_sort, value = typed(v)).into_any(),
        FilterProblem::BadPage(v) => t!(i18n, list.bad_page, value = typed(v)).into_any(),
        FilterProblem::QueryShortened => t!(i18n, list.query_shortened).into_any(),
    }
}

/// The chosen cities, each with a link to the same view without it: the filter panel has no
/// control for cities (they come from links, such as an embed's), so this says why the list is
/// short and how to widen it.
fn city_notes(filter: &ListFilter) -> impl IntoView {
    let i18n = use_i18n();
    let notes = filter
        .cities
        .iter()
        .map(|city| {
            let mut without = filter.with_page(1);
            without.cities.retain(|c| c != city);
            let href = match without.to_query() {
                q if q.is_empty() => "/initiatives".to_owned(),
                q => format!("/initiatives?{q}"),
            };
            view! {
                <li>
                    {t!(i18n, list.city_chip, city = typed(city.clone()))}
                    " "
                    <a href=keep_language(&href)>{t!(i18n, list.remove_city)}</a>
                </li>
            }
        })
        .collect_view();
    (!filter.cities.is_empty()).then(|| view! { <ul class="chips">{notes}</ul> })
}

fn results(p: ListPage, origin: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let total = p.total;
    let beyond = p.items.is_empty() && total > 0;
    let narrowed = p.filter.is_narrowed();
    let problems = p.problems.clone();
    // Open data: every initiative of this view (all its pages), with the same filters.
    let query = view_query(&p.filter);
    let (csv, json, atom) = (
        format!("/initiatives.csv{query}"),
        format!("/initiatives.json{query}"),
        feed_address(&query, crate::components::labels::ui_language(i18n)),
    );
    view! {
        {filter_problems(i18n, problems)}
        {city_notes(&p.filter)}
        <h2 id="results-h" aria-live="polite">
            {t!(i18n, list.results, count = move || total)}
        </h2>
        {if total == 0 {
            view! {
                <div class="empty">
                    <p>
                        <strong>{t!(i18n, list.empty)}</strong>
                    </p>
                    <p>{t!(i18n, list.empty_hint)}</p>
                    {narrowed
                        .then(|| {
                            view! {
                                <p>
                                    <a href=keep_language("/initiatives") class="button primary">
                                        {t!(i18n, list.clear)}
                                    </a>
                                </p>
                            }
                        })}
                </div>
            }
                .into_any()
        } else if beyond {
            let first = p.filter.with_page(1).to_query();
            view! {
                <div class="empty">
                    <p>{t!(i18n, list.page_beyond)}</p>
                    <p>
                        <a href=keep_language(&format!("/initiatives?{first}")) class="button primary">
                            {t!(i18n, list.first_page)}
                        </a>
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="cards">
                    {p.items.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                </div>
            }
                .into_any()
        }}
        <Pagination filter=p.filter.clone() pages=p.pages/>
        {(total > 0).then(|| {
            view! {
                <p class="downloads">
                    {t!(i18n, list.download, count = move || total)} " "
                    <a href=csv download type="text/csv">{t!(i18n, list.download_csv)}</a>
                    " · "
                    <a href=json download type="application/json">
                        {t!(i18n, list.download_json)}
                    </a>
                    " · "
                    <a href=atom type="application/atom+xml">{t!(i18n, list.download_atom)}</a>
                </p>
                <p class="downloads">
                    <a href=keep_language(&format!("/statistics{query}"))>{t!(i18n, stats.for_list)}</a>
                </p>
            }
        })}
        {origin
            .filter(|_| total > 0)
            .map(|origin| view! { <EmbedCode origin filter=p.filter/> })}
    }
}

/// The feed of a view in the page's language: a feed is in the language its address names
/// (English when none), each entry in that language's version when there is one (issue 17).
fn feed_address(query: &str, language: crate::domain::UiLanguage) -> String {
    let href = format!("/feed.atom{query}");
    if language == crate::domain::UiLanguage::En {
        href
    } else {
        crate::domain::with_language(&href, Some(language))
    }
}
