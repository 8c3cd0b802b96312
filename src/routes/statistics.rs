//! `/statistics`: the directory in figures (issue 21) for any view of the list — the same
//! filters in the address (`?country=PL&type=housing`), read by the same parser. A server
//! component with no island and no script of its own: each figure is a headline sentence, a
//! decorative SVG chart (`components::chart`) and a real table, the truth for screen readers;
//! each row links to the list filtered the same way where the list can show it, and each
//! figure downloads as a CSV file (`web::open_data::statistics_csv`). The counting rules are
//! written at the end of the page (and in docs/open-data.md).

use crate::api::load_statistics;
use crate::components::chart::{Bar, BarChart, Column, ColumnChart};
use crate::components::labels::{activity_label, commitment_label, type_label, ui_language, I18n};
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::domain::ListFilter;
use crate::i18n::*;
use crate::routes::initiatives::filter_problems;
use crate::routes::not_found::Unavailable;
use crate::wire::statistics::{Count, Figure, Month, Statistics};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_location;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    // A server component: the page is rendered once per address.
    let query = use_location().search.get_untracked();
    let data = Resource::new(move || query.clone(), load_statistics);
    view! {
        <PageTitle page=move || t_string!(i18n, stats.title).to_owned()/>
        <Meta name="description" content=t_string!(i18n, stats.intro)/>
        <div class="statistics">
            <h1>{t!(i18n, stats.title)}</h1>
            <p class="lead">{t!(i18n, stats.intro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => figures(i18n, s).into_any(),
                        Err(_) => view! { <Unavailable/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The list's address for `filter` (first page).
fn list_address(filter: &ListFilter) -> String {
    match filter.with_page(1).to_query() {
        q if q.is_empty() => "/initiatives".to_owned(),
        q => format!("/initiatives?{q}"),
    }
}

/// A month's name with its year: "March 2022", "mars 2022".
pub fn month_name(i18n: I18n, month: Month) -> String {
    let name = match month.month {
        1 => t_string!(i18n, month.m1),
        2 => t_string!(i18n, month.m2),
        3 => t_string!(i18n, month.m3),
        4 => t_string!(i18n, month.m4),
        5 => t_string!(i18n, month.m5),
        6 => t_string!(i18n, month.m6),
        7 => t_string!(i18n, month.m7),
        8 => t_string!(i18n, month.m8),
        9 => t_string!(i18n, month.m9),
        10 => t_string!(i18n, month.m10),
        11 => t_string!(i18n, month.m11),
        _ => t_string!(i18n, month.m12),
    };
    format!("{name} {}", month.year)
}

/// One row of a category's figure: its name in the table, its short name on the chart, its
/// count, and the list showing those initiatives when the list can.
struct Row {
    label: String,
    short: String,
    count: u32,
    href: Option<String>,
}

/// The rows with the largest count (none when every count is 0).
fn leaders(rows: &[Row]) -> Vec<&Row> {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(0);
    rows.iter().filter(|r| max > 0 && r.count == max).collect()
}

/// The links under a figure: its CSV file and the list of its initiatives.
fn figure_links(i18n: I18n, figure: Figure, filter: &ListFilter) -> impl IntoView {
    let csv = figure.csv_address(filter);
    let list = keep_language(&list_address(filter));
    view! {
        <p class="figure-links">
            <a href=csv download type="text/csv">{t!(i18n, stats.csv)}</a>
            " · "
            <a href=list>{t!(i18n, stats.see_list)}</a>
        </p>
    }
}

/// A category's figure: heading, headline, bars, table and links.
fn category(
    i18n: I18n,
    figure: Figure,
    heading: AnyView,
    headline: Option<AnyView>,
    column: AnyView,
    rows: Vec<Row>,
    filter: &ListFilter,
) -> impl IntoView {
    let id = format!("{}-h", figure.slug());
    let (heading_id, table_by) = (id.clone(), id.clone());
    let bars = rows
        .iter()
        .map(|r| Bar {
            label: r.short.clone(),
            value: r.count,
        })
        .collect();
    let table_rows = rows
        .into_iter()
        .map(|r| {
            let name = match r.href {
                Some(href) => view! { <a href=keep_language(&href)>{r.label}</a> }.into_any(),
                None => r.label.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{r.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="figure" id=figure.slug() aria-labelledby=id>
            <h2 id=heading_id>{heading}</h2>
            {headline.map(|h| view! { <p class="headline">{h}</p> })}
            <BarChart bars/>
            <table class="figures" aria-labelledby=table_by>
                <thead>
                    <tr>
                        <th scope="col">{column}</th>
                        <th scope="col" class="num">{t!(i18n, stats.col_initiatives)}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
            {figure_links(i18n, figure, filter)}
        </section>
    }
}

/// "X has the most: n", or the tie.
fn top_sentence(
    i18n: I18n,
    rows: &[Row],
    one: impl FnOnce(String, u32) -> AnyView,
) -> Option<AnyView> {
    let top = leaders(rows);
    match top.as_slice() {
        [] => None,
        [only] => Some(one(only.label.clone(), only.count)),
        many => {
            let n = many[0].count;
            let names = many
                .iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Some(
                t!(
                    i18n,
                    stats.tied,
                    n = move || n,
                    names = move || names.clone()
                )
                .into_any(),
            )
        }
    }
}

/// What the filter narrows to, as chips, with the ways to widen it.
fn view_summary(i18n: I18n, filter: &ListFilter) -> impl IntoView {
    let lang = ui_language(i18n);
    let chip = |label: &'static str, value: String| {
        view! {
            <li>{t!(i18n, stats.chip, label = move || label, value = move || view! { <bdi>{value.clone()}</bdi> })}</li>
        }
        .into_any()
    };
    let mut chips: Vec<AnyView> = Vec::new();
    for c in &filter.countries {
        chips.push(chip(t_string!(i18n, list.country), c.name(lang).to_owned()));
    }
    for c in &filter.cities {
        let city = c.clone();
        chips.push(
            view! { <li>{t!(i18n, list.city_chip, city = move || view! { <bdi>{city.clone()}</bdi> })}</li> }
                .into_any(),
        );
    }
    for t in &filter.types {
        chips.push(chip(
            t_string!(i18n, list.type_label),
            type_label(i18n, *t).to_owned(),
        ));
    }
    for c in &filter.commitments {
        chips.push(chip(
            t_string!(i18n, list.commitment),
            c.number().to_string(),
        ));
    }
    if !filter.q.is_empty() {
        chips.push(chip(t_string!(i18n, list.search), filter.q.clone()));
    }
    let list = keep_language(&list_address(filter));
    filter.is_narrowed().then(|| {
        view! {
            <div class="view-summary">
                <p>{t!(i18n, stats.for_view)}</p>
                <ul class="chips">{chips}</ul>
                <p>
                    <a href=keep_language("/statistics")>{t!(i18n, stats.all_figures)}</a>
                    " · "
                    <a href=list>{t!(i18n, stats.change_filters)}</a>
                </p>
            </div>
        }
    })
}

fn figures(i18n: I18n, s: Statistics) -> impl IntoView {
    let lang = ui_language(i18n);
    let filter = s.filter.with_page(1);
    let totals = s.totals;
    let day = s.as_of.clone();
    let problems = s.problems.clone();
    let with = |f: &dyn Fn(&mut ListFilter)| {
        let mut one = filter.clone();
        f(&mut one);
        list_address(&one)
    };

    let mut countries: Vec<Row> = s
        .by_country
        .iter()
        .map(|c: &Count<_>| {
            let code = c.value;
            Row {
                label: c.value.name(lang).to_owned(),
                short: c.value.name(lang).to_owned(),
                count: c.count,
                href: Some(with(&|f| f.countries = vec![code])),
            }
        })
        .collect();
    // Most first; equal counts by name in the page's language.
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    let types: Vec<Row> = s
        .by_type
        .iter()
        .map(|c| {
            let t = c.value;
            Row {
                label: type_label(i18n, t).to_owned(),
                short: type_label(i18n, t).to_owned(),
                count: c.count,
                href: Some(with(&|f| f.types = vec![t])),
            }
        })
        .collect();
    let commitments: Vec<Row> = s
        .by_commitment
        .iter()
        .map(|c| {
            let k = c.value;
            let n = k.number();
            Row {
                label: format!("{n}. {}", commitment_label(i18n, k)),
                short: t_string!(i18n, stats.commitment_short, n = n).to_string(),
                count: c.count,
                href: Some(with(&|f| f.commitments = vec![k])),
            }
        })
        .collect();
    let activity: Vec<Row> = s
        .by_activity
        .iter()
        .map(|c| Row {
            label: activity_label(i18n, c.value).to_owned(),
            short: activity_label(i18n, c.value).to_owned(),
            count: c.count,
            // The list has no filter by activity status.
            href: None,
        })
        .collect();

    let country_headline = top_sentence(i18n, &countries, |name, n| {
        t!(
            i18n,
            stats.top_country,
            name = move || name.clone(),
            n = move || n
        )
        .into_any()
    });
    let type_headline = top_sentence(i18n, &types, |name, n| {
        t!(
            i18n,
            stats.top_type,
            name = move || name.clone(),
            n = move || n
        )
        .into_any()
    });
    let commitment_top: Option<(u8, String)> = match leaders(&commitments).as_slice() {
        [only] => s
            .by_commitment
            .iter()
            .find(|c| c.count == only.count)
            .map(|c| (c.value.number(), commitment_label(i18n, c.value).to_owned())),
        _ => None,
    };
    let commitment_headline = top_sentence(i18n, &commitments, |_, n| {
        let (number, name) = commitment_top.clone().unwrap_or_default();
        t!(
            i18n,
            stats.top_commitment,
            number = move || number,
            name = move || name.clone(),
            n = move || n
        )
        .into_any()
    });
    let total = totals.initiatives;
    let activity_headline = top_sentence(i18n, &activity, |name, n| {
        t!(
            i18n,
            stats.top_activity,
            name = move || name.clone(),
            n = move || n,
            total = move || total
        )
        .into_any()
    });

    // Months: the busiest one, the columns (years under each January), the table.
    let busiest = s
        .by_month
        .iter()
        .filter(|m| m.published > 0)
        .max_by(|a, b| a.published.cmp(&b.published).then(b.month.cmp(&a.month)))
        .map(|m| (month_name(i18n, m.month), m.published));
    let month_headline = busiest.map(|(month, n)| {
        t!(
            i18n,
            stats.month_headline,
            total = move || total,
            month = move || month.clone(),
            n = move || n
        )
    });
    let year_label = |k: usize, m: Month| (k == 0 || m.month == 1).then(|| m.year.to_string());
    let monthly: Vec<Column> = s
        .by_month
        .iter()
        .enumerate()
        .map(|(k, m)| Column {
            value: m.published,
            label: year_label(k, m.month),
        })
        .collect();
    let cumulative: Vec<Column> = s
        .by_month
        .iter()
        .enumerate()
        .map(|(k, m)| Column {
            value: m.cumulative,
            label: year_label(k, m.month),
        })
        .collect();
    let before = s.before_first_month;
    let month_rows = s
        .by_month
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{month_name(i18n, m.month)}</th>
                    <td class="num">{m.published}</td>
                    <td class="num">{m.cumulative}</td>
                </tr>
            }
        })
        .collect_view();

    let empty = total == 0;
    view! {
        {filter_problems(i18n, problems)}
        {view_summary(i18n, &filter)}
        <p class="hint">{t!(i18n, stats.as_of, day = move || day.clone())}</p>
        <section class="figure totals" id="totals" aria-labelledby="totals-h">
            <h2 id="totals-h">{t!(i18n, stats.totals_h)}</h2>
            <p class="headline">
                {t!(
                    i18n,
                    stats.active_headline,
                    active = move || totals.active_cities,
                    cities = move || totals.cities
                )}
            </p>
            <dl>
                <div>
                    <dt>{t!(i18n, home.initiatives, count = move || totals.initiatives)}</dt>
                    <dd>{totals.initiatives}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, home.cities, count = move || totals.cities)}</dt>
                    <dd>{totals.cities}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, home.countries, count = move || totals.countries)}</dt>
                    <dd>{totals.countries}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, stats.active_cities, count = move || totals.active_cities)}</dt>
                    <dd>{totals.active_cities}</dd>
                </div>
            </dl>
            {figure_links(i18n, Figure::Totals, &filter)}
        </section>
        {empty
            .then(|| {
                view! {
                    <div class="empty">
                        <p>
                            <strong>{t!(i18n, list.empty)}</strong>
                        </p>
                        <p>
                            <a href=keep_language("/statistics") class="button primary">
                                {t!(i18n, stats.all_figures)}
                            </a>
                        </p>
                    </div>
                }
            })}
        {(!empty)
            .then(|| {
                view! {
                    {category(
                        i18n,
                        Figure::ByCountry,
                        t!(i18n, stats.by_country_h).into_any(),
                        country_headline,
                        t!(i18n, list.country).into_any(),
                        countries,
                        &filter,
                    )}
                    {category(
                        i18n,
                        Figure::ByType,
                        t!(i18n, stats.by_type_h).into_any(),
                        type_headline,
                        t!(i18n, list.type_label).into_any(),
                        types,
                        &filter,
                    )}
                    {category(
                        i18n,
                        Figure::ByCommitment,
                        t!(i18n, stats.by_commitment_h).into_any(),
                        commitment_headline,
                        t!(i18n, list.commitment).into_any(),
                        commitments,
                        &filter,
                    )}
                    {category(
                        i18n,
                        Figure::ByActivity,
                        t!(i18n, stats.by_activity_h).into_any(),
                        activity_headline,
                        t!(i18n, stats.col_activity).into_any(),
                        activity,
                        &filter,
                    )}
                    <section class="figure" id="by-month" aria-labelledby="by-month-h">
                        <h2 id="by-month-h">{t!(i18n, stats.by_month_h)}</h2>
                        {month_headline.map(|h| view! { <p class="headline">{h}</p> })}
                        <p class="chart-caption" aria-hidden="true">{t!(i18n, stats.chart_monthly)}</p>
                        <ColumnChart columns=monthly/>
                        <p class="chart-caption" aria-hidden="true">{t!(i18n, stats.col_cumulative)}</p>
                        <ColumnChart columns=cumulative/>
                        <details class="month-table">
                            <summary>{t!(i18n, stats.months_table)}</summary>
                            <table class="figures" aria-labelledby="by-month-h">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, stats.col_month)}</th>
                                        <th scope="col" class="num">{t!(i18n, stats.col_published)}</th>
                                        <th scope="col" class="num">{t!(i18n, stats.col_cumulative)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {(before > 0)
                                        .then(|| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{t!(i18n, stats.before_first)}</th>
                                                    <td class="num">{before}</td>
                                                    <td class="num">{before}</td>
                                                </tr>
                                            }
                                        })}
                                    {month_rows}
                                </tbody>
                            </table>
                        </details>
                        {figure_links(i18n, Figure::ByMonth, &filter)}
                    </section>
                }
            })}
        <section class="rules" id="rules" aria-labelledby="rules-h">
            <h2 id="rules-h">{t!(i18n, stats.rules_h)}</h2>
            <ul>
                <li>{t!(i18n, stats.rule_published)}</li>
                <li>{t!(i18n, stats.rule_city)}</li>
                <li>{t!(i18n, stats.rule_active)}</li>
                <li>{t!(i18n, stats.rule_month)}</li>
                <li>{t!(i18n, stats.rule_several)}</li>
                <li>{t!(i18n, stats.rule_charts)}</li>
            </ul>
        </section>
    }
}
