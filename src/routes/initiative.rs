//! `/initiatives/{slug}`: one published initiative with every public field and its meta tags.
//! Unknown slugs give the 404 page with status 404.
//!
//! The text (title, summary, description) is the version in the reader's language when there
//! is one, else the original; `?version=fr` asks for another version (the "Also in" and "Show
//! the original" links, plain links that work without JavaScript). The title, the meta tags
//! and Open Graph follow the text shown; the canonical address is the page without `version=`,
//! in its language, since every version is a reading of the same page.

use crate::api::load_initiative;
use crate::components::freshness::FreshnessLine;
use crate::components::labels::{activity_label, commitment_label, type_label, ui_language};
use crate::components::language::keep_language;
use crate::components::language::language_in_query;
use crate::components::page_title::PageTitle;
use crate::components::versions::{lang_if_differs, VersionLine};
use crate::domain::version_in_query;
use crate::i18n::*;
use crate::routes::not_found::{NotFound, Unavailable};
use crate::wire::types::{InitiativeDetail, Origin};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn InitiativePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let detail = Resource::new(move || slug.get(), load_initiative);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(d: InitiativeDetail) -> impl IntoView {
    let i18n = use_i18n();
    let country = d.country;
    let activity = d.activity;
    let page = ui_language(i18n);
    let search = use_location().search.get_untracked();
    let shown = d.text_asked(page, version_in_query(&search));
    // Every block of the text carries the text's language when it is not the page's.
    let lang = lang_if_differs(shown.language, page);
    let title = shown.title.clone();
    let page_url = format!("/initiatives/{}", d.slug);
    // Each language version names itself (`?lang=fr`), as its hreflang alternates do; a
    // version asked for (`?version=`) is a reading of the same page.
    let canonical = match language_in_query(&search) {
        Some(locale) => format!("{page_url}?lang={}", locale.as_str()),
        None => page_url.clone(),
    };
    // A translation without a description leaves the original's in place, in its language.
    let (description, description_lang) = match &shown.description {
        Some(text) => (Some(text.clone()), lang),
        None => (
            d.description.clone(),
            lang_if_differs(d.text_language, page),
        ),
    };
    let description = description.map(|text| {
        text.split("\n\n")
            .map(|para| view! { <p dir="auto" lang=description_lang>{para.to_owned()}</p> })
            .collect_view()
    });
    // The languages help is offered in, each named in itself (and marked as such).
    let languages = (!d.languages.is_empty()).then(|| {
        d.languages
            .iter()
            .enumerate()
            .map(|(k, l)| {
                view! {
                    {(k > 0).then_some(", ")}
                    <span lang=l.as_str()>{l.endonym()}</span>
                }
            })
            .collect_view()
    });
    let versions = view! { <VersionLine d=d.clone() shown=shown.clone()/> };
    view! {
        <PageTitle page={
            let title = title.clone();
            move || title.clone()
        }/>
        <Meta name="description" content=shown.summary.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=shown.summary.clone()/>
        <Meta property="og:url" content=page_url.clone()/>
        <Meta name="twitter:card" content="summary"/>
        <Link rel="canonical" href=canonical/>
        <article class="page detail">
            <p class="crumb">
                <a href=keep_language("/initiatives")>"← " {t!(i18n, detail.back)}</a>
            </p>
            <h1 dir="auto" lang=lang>{shown.title.clone()}</h1>
            <p class="place">
                <bdi>{d.city.clone()}</bdi> ", " {move || country.name(ui_language(i18n))}
            </p>
            {versions}
            <FreshnessLine
                freshness=d.freshness
                confirmed_on=d.confirmed_on.clone()
                ended_on=d.end_date.clone()
            />
            {(d.origin == Origin::Sample)
                .then(|| view! { <p class="notice">{t!(i18n, detail.sample)}</p> })}
            <p class="lead" dir="auto" lang=lang>{shown.summary.clone()}</p>
            {description
                .map(|paras| {
                    view! {
                        <section aria-labelledby="about-h">
                            <h2 id="about-h">{t!(i18n, detail.description)}</h2>
                            {paras}
                        </section>
                    }
                })}
            <section aria-labelledby="facts-h">
                <h2 id="facts-h">{t!(i18n, detail.facts)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, detail.status)}</dt>
                    <dd>{move || activity_label(i18n, activity)}</dd>
                    <dt>{t!(i18n, detail.types)}</dt>
                    <dd>
                        <ul class="tags">
                            {d.types
                                .iter()
                                .map(|&t| {
                                    view! {
                                        <li>
                                            <a href=keep_language(&format!("/initiatives?type={}", t.slug()))>
                                                {move || type_label(i18n, t)}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </dd>
                    {(!d.commitments.is_empty())
                        .then(|| {
                            view! {
                                <dt>{t!(i18n, detail.commitments)}</dt>
                                <dd>
                                    <ul>
                                        {d.commitments
                                            .iter()
                                            .map(|&c| {
                                                view! {
                                                    <li>
                                                        <a href=keep_language(&format!("/initiatives?commitment={}", c.number()))>
                                                            {c.number()} ". " {move || commitment_label(i18n, c)}
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </dd>
                            }
                        })}
                    {d.start_date.clone().map(|s| view! {
                        <dt>{t!(i18n, detail.started)}</dt>
                        <dd><time datetime=s.clone()>{s.clone()}</time></dd>
                    })}
                    {d.end_date.clone().map(|s| view! {
                        <dt>{t!(i18n, detail.ended)}</dt>
                        <dd><time datetime=s.clone()>{s.clone()}</time></dd>
                    })}
                    {d.website.clone().map(|w| view! {
                        <dt>{t!(i18n, detail.website)}</dt>
                        <dd><a href=w.clone() rel="noopener nofollow" dir="auto">{w.clone()}</a></dd>
                    })}
                    {d.contact_email.clone().map(|e| view! {
                        <dt>{t!(i18n, detail.contact)}</dt>
                        <dd><a href=format!("mailto:{e}") dir="auto">{e.clone()}</a></dd>
                    })}
                    {languages.map(|l| view! {
                        <dt>{t!(i18n, detail.languages)}</dt>
                        <dd>{l}</dd>
                    })}
                    <dt>{t!(i18n, detail.published)}</dt>
                    <dd><time datetime=d.published.clone()>{d.published.clone()}</time></dd>
                    <dt>{t!(i18n, detail.updated)}</dt>
                    <dd><time datetime=d.updated.clone()>{d.updated.clone()}</time></dd>
                    {d.source.clone().map(|s| view! {
                        <dt>{t!(i18n, detail.source)}</dt>
                        <dd><a href=s.clone() rel="noopener nofollow" dir="auto">{s.clone()}</a></dd>
                    })}
                </dl>
            </section>
        </article>
    }
}
