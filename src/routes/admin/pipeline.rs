//! `/admin/statistics`: the review pipeline in figures, for moderators (issue 21) — how many
//! submissions wait for a first decision, how many edits wait, how many were sent back, and
//! the median time to a decision month by month, as a chart and its table. The data comes from
//! the store (`server::store::pipeline`, through `api::load_pipeline`, which checks the
//! session), like the queue's.

use super::AdminBar;
use crate::api::load_pipeline;
use crate::components::chart::{Bar, BarChart};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::routes::statistics::month_name;
use crate::wire::statistics::PipelineView;
use crate::wire::AppError;
use leptos::prelude::*;

#[component]
pub fn PipelinePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_pipeline());
    view! {
        <PageTitle page=move || t_string!(i18n, pipeline.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <Pipeline p/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => {
                        view! { <super::SecondFactorRequired/> }.into_any()
                    }
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Pipeline(p: PipelineView) -> impl IntoView {
    let i18n = use_i18n();
    let latest = p
        .months
        .last()
        .map(|m| (month_name(i18n, m.month), m.median_hours, m.decisions));
    // The chart shows the last twelve months with decisions; the table has them all.
    let bars = p
        .months
        .iter()
        .rev()
        .take(12)
        .rev()
        .map(|m| Bar {
            label: month_name(i18n, m.month),
            value: m.median_hours,
        })
        .collect::<Vec<_>>();
    let rows = p
        .months
        .iter()
        .rev()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{month_name(i18n, m.month)}</th>
                    <td class="num">{m.decisions}</td>
                    <td class="num">{m.median_hours}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="page admin statistics">
            <AdminBar moderator=p.moderator.clone()/>
            <h1>{t!(i18n, pipeline.title)}</h1>
            <ul class="counts">
                <li>
                    <span class="count">{p.waiting}</span>
                    " "
                    {t!(i18n, pipeline.waiting)}
                </li>
                <li>
                    <span class="count">{p.edits_waiting}</span>
                    " "
                    {t!(i18n, pipeline.edits_waiting)}
                </li>
                <li>
                    <span class="count">{p.sent_back}</span>
                    " "
                    {t!(i18n, pipeline.sent_back)}
                </li>
            </ul>
            <section class="figure" aria-labelledby="decisions-h">
                <h2 id="decisions-h">{t!(i18n, pipeline.months_h)}</h2>
                {match latest {
                    None => view! { <p>{t!(i18n, pipeline.none)}</p> }.into_any(),
                    Some((month, hours, n)) => {
                        view! {
                            <p class="headline">
                                {t!(
                                    i18n,
                                    pipeline.headline,
                                    month = move || month.clone(),
                                    hours = move || hours,
                                    n = move || n
                                )}
                            </p>
                            <BarChart bars/>
                            <table class="figures" aria-labelledby="decisions-h">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, stats.col_month)}</th>
                                        <th scope="col" class="num">{t!(i18n, pipeline.col_decisions)}</th>
                                        <th scope="col" class="num">{t!(i18n, pipeline.col_median)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                            .into_any()
                    }
                }}
                <p class="hint">{t!(i18n, pipeline.rule)}</p>
            </section>
        </section>
    }
}
