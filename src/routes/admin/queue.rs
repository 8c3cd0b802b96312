//! `/admin`: the review queue. Counts per state at the top, then the items of the chosen state
//! (new submissions and edits awaiting review by default, oldest first), by country.

use super::AdminBar;
use crate::api::load_queue;
use crate::components::labels::{status_label, ui_language};
use crate::components::language::{keep_language, KeepLanguageField};
use crate::components::page_title::PageTitle;
use crate::domain::ModerationStatus;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::wire::types::{QueueState, QueueView};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = Memo::new(move |_| location.search.get());
    let data = Resource::new(move || query.get(), load_queue);
    view! {
        <PageTitle page=move || t_string!(i18n, admin.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(q) => view! { <Queue q/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => view! { <super::SecondFactorRequired/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(q: QueueView) -> impl IntoView {
    let i18n = use_i18n();
    let awaiting = q
        .counts
        .iter()
        .find(|(s, _)| *s == ModerationStatus::Pending)
        .map_or(0, |(_, n)| *n)
        + q.revisions;
    let country_param = q
        .country
        .map(|c| format!("&country={}", c.as_str()))
        .unwrap_or_default();
    let state_link = {
        let country_param = country_param.clone();
        move |state: QueueState| {
            keep_language(&format!("/admin?state={}{}", state.as_str(), country_param))
        }
    };
    let current = q.state;
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
                            aria-current=(current == QueueState::AwaitingReview).then_some("page")>
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
                                    <a href=state_link(state) aria-current=(current == state).then_some("page")>
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
                        <option value="" selected=q.country.is_none()>{t!(i18n, admin.all_countries)}</option>
                        {q.countries
                            .iter()
                            .map(|&c| view! {
                                <option value=c.as_str().to_owned() selected=q.country == Some(c)>
                                    {move || c.name(ui_language(i18n))}
                                </option>
                            })
                            .collect_view()}
                    </select>
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
                                view! {
                                    <li>
                                        <a href=keep_language(&format!("/admin/initiatives/{}", item.id)) dir="auto">{item.title.clone()}</a>
                                        <span class="meta">
                                            <bdi>{item.city.clone()}</bdi> ", " {move || country.name(ui_language(i18n))}
                                            " · " {move || status_label(i18n, status)}
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
