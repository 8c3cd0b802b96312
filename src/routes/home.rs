//! `/`: the declaration in short, live totals, the latest initiatives and a call to submit.

use crate::api::load_home;
use crate::components::card::Card;
use crate::components::labels::commitment_label;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::domain::Commitment;
use crate::i18n::*;
use crate::routes::not_found::Unavailable;
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <PageTitle page=String::new/>
        <Meta name="description" content=t_string!(i18n, home.intro)/>
        <section class="hero">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.intro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(_) => view! { <Unavailable/> }.into_any(),
                    Ok(home) => {
                        let totals = home.totals;
                        let sample = totals.samples > 0;
                        view! {
                            <section class="totals" aria-labelledby="totals-h">
                                <h2 id="totals-h" class="visually-hidden">{t!(i18n, home.totals)}</h2>
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
                                </dl>
                            </section>
                            <section aria-labelledby="latest-h">
                                <h2 id="latest-h">{t!(i18n, home.latest)}</h2>
                                {sample.then(|| view! { <p class="notice">{t!(i18n, site.sample_notice)}</p> })}
                                {if home.latest.is_empty() {
                                    view! { <p>{t!(i18n, home.empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="cards">
                                            {home.latest.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                                        </div>
                                    }
                                        .into_any()
                                }}
                                <p>
                                    <a href=keep_language("/initiatives") class="button">{t!(i18n, home.see_all)}</a>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <section aria-labelledby="commitments-h" class="commitments-short">
            <h2 id="commitments-h">{t!(i18n, home.commitments_title)}</h2>
            <ol>
                {Commitment::ALL
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a href=keep_language(&format!("/initiatives?commitment={}", c.number()))>
                                    {move || commitment_label(i18n, c)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p>
                <a href=keep_language("/declaration")>{t!(i18n, home.read_declaration)}</a>
            </p>
        </section>
        <section class="cta" aria-labelledby="cta-h">
            <h2 id="cta-h">{t!(i18n, home.cta_title)}</h2>
            <p>{t!(i18n, home.cta_text)}</p>
            <p>
                <a href=keep_language("/submit") class="button primary">{t!(i18n, nav.submit)}</a>
            </p>
        </section>
    }
}
