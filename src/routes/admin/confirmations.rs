//! `/admin/confirmations`: the published initiatives whose city's confirmation is due or
//! overdue (issue 23) — how many per country, then each one, longest waiting first, with who a
//! reminder goes to and how many were sent for the current period. For each: send a reminder
//! now, record a confirmation the city gave by phone or letter (the note goes into the
//! history), or mark it ended. Every action is a POST form; the page works without
//! JavaScript. The queue page shows the same counts per country (`DueCounts`).

use super::AdminBar;
use crate::api::{load_confirmations, load_queue};
use crate::components::freshness::freshness_label;
use crate::components::labels::ui_language;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::wire::types::{ConfirmationsView, CountryDueView, ReminderTo};
use crate::wire::{AppError, PageProblem};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConfirmationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_confirmations());
    // The admin bar names the moderator: the queue's read has it.
    let who = Resource::new(|| (), |_| load_queue(String::new()));
    view! {
        <PageTitle page=move || t_string!(i18n, confirmations.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (data.await, who.await) {
                    (Ok(c), Ok(q)) => view! { <Confirmations c moderator=q.moderator/> }.into_any(),
                    (Err(AppError::Unauthorized), _) | (_, Err(AppError::Unauthorized)) => {
                        view! { <SignInRequired/> }.into_any()
                    }
                    (Err(AppError::SecondFactorRequired), _) => {
                        view! { <super::SecondFactorRequired/> }.into_any()
                    }
                    _ => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The counts per country: on this page and beside the queue.
#[component]
pub fn DueCounts(counts: Vec<CountryDueView>) -> impl IntoView {
    let i18n = use_i18n();
    let (due, overdue) = counts
        .iter()
        .fold((0, 0), |(d, o), c| (d + c.due, o + c.overdue));
    view! {
        <section class="due-counts" aria-labelledby="due-h">
            <h2 id="due-h">{t!(i18n, confirmations.counts_title)}</h2>
            <p>
                {t!(i18n, confirmations.totals, due = move || due, overdue = move || overdue)}
                " "
                <a href=keep_language("/admin/confirmations")>{t!(i18n, confirmations.open)}</a>
            </p>
            {(!counts.is_empty()).then(|| view! {
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.filter_country)}</th>
                            <th scope="col">{t!(i18n, freshness.due)}</th>
                            <th scope="col">{t!(i18n, freshness.unconfirmed)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {counts
                            .into_iter()
                            .map(|c| {
                                let country = c.country;
                                view! {
                                    <tr>
                                        <th scope="row">{move || country.name(ui_language(i18n))}</th>
                                        <td>{c.due}</td>
                                        <td>{c.overdue}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

fn reminder_to(i18n: crate::components::labels::I18n, to: ReminderTo) -> &'static str {
    match to {
        ReminderTo::Submitter => t_string!(i18n, confirmations.to_submitter),
        ReminderTo::Contact => t_string!(i18n, confirmations.to_contact),
        ReminderTo::Moderators => t_string!(i18n, confirmations.to_nobody),
    }
}

#[component]
fn Confirmations(c: ConfirmationsView, moderator: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done"));
    let problem = move || crate::routes::page_problem(query);
    let mail_on = c.mail_on;
    view! {
        <section class="page admin confirmations">
            <AdminBar moderator/>
            <h1>{t!(i18n, confirmations.title)}</h1>
            <p>{t!(i18n, confirmations.intro)}</p>
            {move || done().map(|d| {
                let text = match d.as_str() {
                    "reminded" => t_string!(i18n, confirmations.reminded),
                    "ended" => t_string!(i18n, manage.ended),
                    _ => t_string!(i18n, confirmations.recorded),
                };
                view! { <p class="notice success" role="status">{text}</p> }
            })}
            {move || problem().map(|p| {
                let text = match p {
                    PageProblem::ReasonRequired => t_string!(i18n, confirmations.note_required),
                    PageProblem::Invalid => t_string!(i18n, manage.bad_end_date),
                    PageProblem::Conflict => t_string!(i18n, errors.conflict),
                    PageProblem::NotOn => t_string!(i18n, confirmations.mail_off),
                    PageProblem::NotAllowed => t_string!(i18n, confirmations.no_reminder),
                    _ => t_string!(i18n, errors.unavailable),
                };
                view! { <p class="notice error" role="alert">{text}</p> }
            })}
            <DueCounts counts=c.counts.clone()/>
            {if c.items.is_empty() {
                view! { <p>{t!(i18n, confirmations.none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="queue waiting">
                        {c.items
                            .into_iter()
                            .map(|item| {
                                let id = item.id;
                                let country = item.country;
                                let freshness = item.freshness;
                                let to = item.to;
                                let version = item.version.to_string();
                                let reminders = item.reminders;
                                let confirmed = item.confirmed_on.clone();
                                let note_id = format!("note-{id}");
                                let end_id = format!("end-{id}");
                                view! {
                                    <li id=format!("item-{id}")>
                                        <h2>
                                            <a href=keep_language(&format!("/admin/initiatives/{id}")) dir="auto">{item.title.clone()}</a>
                                        </h2>
                                        <p class="meta">
                                            <bdi>{item.city.clone()}</bdi> ", " {move || country.name(ui_language(i18n))}
                                            " · " {move || freshness_label(i18n, freshness)}
                                            " · " {t!(i18n, confirmations.last, date = move || confirmed.clone())}
                                            " · " {move || reminder_to(i18n, to)}
                                            " · " {t!(i18n, confirmations.sent, n = move || reminders)}
                                        </p>
                                        {(mail_on && to != ReminderTo::Moderators && reminders < 2).then(|| view! {
                                            <form method="post" action=keep_language(&format!("/admin/initiatives/{id}/remind"))>
                                                <input type="hidden" name="version" value=version.clone()/>
                                                <button type="submit" class="button small">{t!(i18n, confirmations.remind_now)}</button>
                                            </form>
                                        })}
                                        <form method="post" action=keep_language(&format!("/admin/initiatives/{id}/confirm")) class="record">
                                            <input type="hidden" name="version" value=version.clone()/>
                                            <div class="field">
                                                <label for=note_id.clone()>{t!(i18n, confirmations.note)}</label>
                                                <input id=note_id.clone() name="note" type="text" required maxlength="2000"
                                                    aria-describedby=format!("{note_id}-hint")/>
                                                <p class="hint" id=format!("{note_id}-hint")>{t!(i18n, confirmations.note_hint)}</p>
                                            </div>
                                            <button type="submit" class="button small">{t!(i18n, confirmations.record)}</button>
                                            <div class="field">
                                                <label for=end_id.clone()>{t!(i18n, manage.ended_date)}</label>
                                                <input id=end_id.clone() name="ended_on" type="date"/>
                                            </div>
                                            <button type="submit" class="button small danger"
                                                formaction=keep_language(&format!("/admin/initiatives/{id}/ended"))>
                                                {t!(i18n, confirmations.mark_ended)}
                                            </button>
                                        </form>
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
