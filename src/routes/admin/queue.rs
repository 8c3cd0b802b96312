//! `/admin`: the review queue. Counts per state at the top, then the items of the chosen state
//! (new submissions and edits awaiting review by default, oldest first), by country. Beside
//! them, how many published initiatives have no version in each language (issue 17): each
//! count links to those initiatives (`?missing=uk`), whose review page leads to the edit form
//! where a moderator writes the version. Every filter is a plain link or a GET form, so the
//! page works without JavaScript.

use super::AdminBar;
use crate::api::{load_confirmations, load_queue};
use crate::components::labels::{language_name, status_label, ui_language, I18n};
use crate::components::language::{keep_language, lang_unless_page, KeepLanguageField};
use crate::components::page_title::PageTitle;
use crate::domain::{ModerationStatus, UiLanguage};
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::wire::types::{QueueFilter, QueueState, QueueView};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = Memo::new(move |_| location.search.get());
    let data = Resource::new(move || query.get(), load_queue);
    let due = Resource::new(|| (), |_| load_confirmations());
    view! {
        <PageTitle page=move || t_string!(i18n, admin.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let due = due.await.ok().map(|c| c.counts);
                match data.await {
                    Ok(q) => view! { <Queue q due/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => view! { <super::SecondFactorRequired/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Missing in Ukrainian: 12".
fn missing_label(i18n: I18n, language: UiLanguage, n: u32) -> String {
    match language {
        UiLanguage::En => t_string!(i18n, admin.missing_en, n = n).to_string(),
        UiLanguage::Fr => t_string!(i18n, admin.missing_fr, n = n).to_string(),
        UiLanguage::Uk => t_string!(i18n, admin.missing_uk, n = n).to_string(),
    }
}

/// "text in French", said of an item's original.
fn text_in(i18n: I18n, language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => t_string!(i18n, admin.text_in_en),
        UiLanguage::Fr => t_string!(i18n, admin.text_in_fr),
        UiLanguage::Uk => t_string!(i18n, admin.text_in_uk),
    }
}

/// The queue's address for `filter`, in this page's address language.
fn queue_link(filter: QueueFilter) -> String {
    keep_language(&format!("/admin?{}", filter.query()))
}

#[component]
fn Queue(q: QueueView, due: Option<Vec<crate::wire::types::CountryDueView>>) -> impl IntoView {
    let i18n = use_i18n();
    let awaiting = q
        .counts
        .iter()
        .find(|(s, _)| *s == ModerationStatus::Pending)
        .map_or(0, |(_, n)| *n)
        + q.revisions;
    let filter = q.filter;
    // Choosing a state leaves the missing-version filter (which lists published ones only).
    let state_link = move |state: QueueState| {
        queue_link(QueueFilter {
            state,
            missing: None,
            ..filter
        })
    };
    let current = filter.state;
    let missing = filter.missing;
    let country = filter.country;
    let shown = q.items.len();
    let total = q.total;
    view! {
        <section class="page admin">
            <AdminBar moderator=q.moderator.clone()/>
            <h1>{t!(i18n, admin.queue)}</h1>
            <nav aria-label=move || t_string!(i18n, admin.filter_state) class="counts">
                <ul>
                    <li>
                        <a href=state_link(QueueState::AwaitingReview)
                            aria-current=(missing.is_none() && current == QueueState::AwaitingReview).then_some("page")>
                            <span class="count">{awaiting}</span>
                            " " {t!(i18n, admin.awaiting)}
                        </a>
                    </li>
                    {q.counts
                        .iter()
                        .map(|&(s, n)| {
                            let state = QueueState::Status(s);
                            view! {
                                <li>
                                    <a href=state_link(state)
                                        aria-current=(missing.is_none() && current == state).then_some("page")>
                                        <span class="count">{n}</span>
                                        " " {move || status_label(i18n, s)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="hint">{t!(i18n, admin.revisions)} ": " {q.revisions}</p>
            </nav>
            {due.map(|counts| view! { <super::confirmations::DueCounts counts/> })}
            <nav aria-labelledby="missing-h" class="counts missing-counts">
                <h2 id="missing-h">{t!(i18n, admin.missing_title)}</h2>
                <ul>
                    {q.missing_counts
                        .iter()
                        .map(|&(language, n)| view! {
                            <li>
                                <a href=queue_link(filter.with_missing(Some(language)))
                                    aria-current=(missing == Some(language)).then_some("page")>
                                    {move || missing_label(i18n, language, n)}
                                </a>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </nav>
            <form method="get" action="/admin" class="queue-filter">
                <KeepLanguageField/>
                <div class="field">
                    <label for="q-state">{t!(i18n, admin.filter_state)}</label>
                    <select id="q-state" name="state">
                        <option value="awaiting" selected=current == QueueState::AwaitingReview>
                            {t!(i18n, admin.awaiting)}
                        </option>
                        {ModerationStatus::ALL
                            .into_iter()
                            .map(|s| view! {
                                <option value=s.as_str() selected=current == QueueState::Status(s)>
                                    {move || status_label(i18n, s)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="q-country">{t!(i18n, admin.filter_country)}</label>
                    <select id="q-country" name="country">
                        <option value="" selected=country.is_none()>{t!(i18n, admin.all_countries)}</option>
                        {q.countries
                            .iter()
                            .map(|&c| view! {
                                <option value=c.as_str().to_owned() selected=country == Some(c)>
                                    {move || c.name(ui_language(i18n))}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="q-missing">{t!(i18n, admin.filter_missing)}</label>
                    <select id="q-missing" name="missing" aria-describedby="q-missing-hint">
                        <option value="" selected=missing.is_none()>{t!(i18n, admin.missing_none)}</option>
                        {UiLanguage::ALL
                            .into_iter()
                            .map(|l| view! {
                                <option value=l.as_str() selected=missing == Some(l)>
                                    {move || language_name(i18n, l)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id="q-missing-hint">{t!(i18n, admin.missing_hint)}</p>
                </div>
                <button type="submit" class="button">{t!(i18n, admin.apply)}</button>
            </form>
            <p aria-live="polite">{t!(i18n, admin.showing, shown = move || shown, total = move || total)}</p>
            {if q.items.is_empty() {
                view! { <p>{t!(i18n, admin.empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="queue">
                        {q.items
                            .into_iter()
                            .map(|item| {
                                let status = item.status;
                                let country = item.country;
                                let text_language = item.text_language;
                                view! {
                                    <li>
                                        <a href=keep_language(&format!("/admin/initiatives/{}", item.id))
                                            lang=lang_unless_page(i18n, text_language) dir="auto">{item.title.clone()}</a>
                                        <span class="meta">
                                            <bdi>{item.city.clone()}</bdi> ", " {move || country.name(ui_language(i18n))}
                                            " · " {move || status_label(i18n, status)}
                                            " · " {move || text_in(i18n, text_language)}
                                            {item.revision_pending.then(|| view! { " · " <strong>{t!(i18n, admin.edit_pending)}</strong> })}
                                            " · " {t!(i18n, admin.waiting_since, date = { let d = item.waiting_since.clone(); move || d.clone() })}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}
