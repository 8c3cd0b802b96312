//! `/manage/{token}`: the submitter's private page behind the link shown once after
//! submitting. Review status, the moderator's reason, edit (a revision when published),
//! withdraw, history. Unknown links give 404; guessing is rate-limited (429).

use crate::api::{load_manage, start_form};
use crate::components::form_text::form_text;
use crate::components::freshness::FreshnessLine;
use crate::components::history::History;
use crate::components::labels::{status_label, status_text};
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::domain::{Actor, Freshness, ModerationAction, ModerationStatus};
use crate::i18n::*;
use crate::islands::submission_form::{FormMode, SubmissionForm};
use crate::routes::not_found::{NotFound, TooMany, Unavailable};
use crate::routes::page_problem;
use crate::wire::types::ManageView;
use crate::wire::{AppError, FormStart, PageProblem};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let view_data = Resource::new(move || token.get(), load_manage);
    let start = Resource::new(|| (), |_| start_form());
    view! {
        <PageTitle page=move || t_string!(i18n, manage.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (view_data.await, start.await) {
                    (Ok(v), Ok(s)) => view! { <Manage v start=s token=token.get_untracked()/> }.into_any(),
                    (Err(AppError::NotFound), _) => view! { <NotFound/> }.into_any(),
                    (Err(AppError::TooManyRequests), _) => {
                        view! { <TooMany text=move || t_string!(i18n, errors.too_many_manage)/> }.into_any()
                    }
                    _ => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Manage(v: ManageView, start: FormStart, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done"));
    let problem = move || page_problem(query);
    let status = v.status;
    let editable =
        ModerationStatus::after(status, ModerationAction::Resubmit, Actor::Submitter, "").is_ok();
    let withdrawable =
        ModerationStatus::after(status, ModerationAction::Withdraw, Actor::Submitter, "").is_ok();
    let version = v.version;
    let withdraw_action = format!("/manage/{token}/withdraw");
    let erase_action = format!("/manage/{token}/erase");
    let confirm_action = format!("/manage/{token}/confirm");
    let ended_action = format!("/manage/{token}/ended");
    let standing = v.freshness.map(|freshness| {
        let running = freshness != Freshness::Ended;
        let confirmed_on = v.confirmed_on.clone().unwrap_or_default();
        let ended_on = v.ended_on.clone();
        view! {
            <section class="standing" aria-labelledby="standing-h">
                <h2 id="standing-h">{t!(i18n, manage.keep_title)}</h2>
                <FreshnessLine freshness confirmed_on ended_on/>
                {running.then(|| view! {
                    <p>{t!(i18n, manage.keep_text)}</p>
                    <form method="post" action=keep_language(&confirm_action)>
                        <input type="hidden" name="version" value=version.to_string()/>
                        <button type="submit" class="button primary">{t!(i18n, manage.confirm_button)}</button>
                    </form>
                    <form method="post" action=keep_language(&ended_action) class="ended">
                        <input type="hidden" name="version" value=version.to_string()/>
                        <div class="field">
                            <label for="ended_on">{t!(i18n, manage.ended_date)}</label>
                            <input id="ended_on" name="ended_on" type="date"/>
                        </div>
                        <button type="submit" class="button">{t!(i18n, manage.ended_button)}</button>
                    </form>
                    <p class="hint"><a href="#edit-h">{t!(i18n, manage.update_hint)}</a></p>
                })}
            </section>
        }
    });
    view! {
        <article class="page narrow manage">
            <h1>{t!(i18n, manage.title)} ": " <bdi>{v.title.clone()}</bdi></h1>
            <p class="hint">{t!(i18n, manage.submitted_on, date = { let d = v.submitted.clone(); move || d.clone() })}</p>
            {move || done().map(|d| {
                let text = match d.as_str() {
                    "withdrawn" => t_string!(i18n, manage.withdrawn),
                    "confirmed" => t_string!(i18n, manage.confirmed),
                    "ended" => t_string!(i18n, manage.ended),
                    _ => t_string!(i18n, manage.sent),
                };
                view! { <p class="notice success" role="status">{text}</p> }
            })}
            {move || problem().and_then(|p| {
                let text = match p {
                    PageProblem::Conflict => t_string!(i18n, errors.conflict),
                    PageProblem::NotAllowed => t_string!(i18n, errors.not_allowed),
                    PageProblem::Unavailable => t_string!(i18n, errors.unavailable),
                    PageProblem::Missing => t_string!(i18n, manage.erase_missing),
                    PageProblem::Invalid => t_string!(i18n, manage.bad_end_date),
                    _ => return None,
                };
                Some(view! { <p class="notice error" role="alert">{text}</p> })
            })}
            <section class="state-box" aria-labelledby="state-h">
                <h2 id="state-h">{t!(i18n, manage.state)}</h2>
                <p class=format!("status-badge status-{}", status.as_str())>{move || status_label(i18n, status)}</p>
                <p>{move || status_text(i18n, status)}</p>
                {v.reason.clone().map(|r| view! {
                    <div class="reason">
                        <h3>{t!(i18n, manage.reason)}</h3>
                        <p class="pre" dir="auto">{r}</p>
                    </div>
                })}
                {v.public_slug.clone().map(|slug| view! {
                    <p><a href=keep_language(&format!("/initiatives/{slug}"))>{t!(i18n, manage.public_page)}</a></p>
                })}
                {v.revision_pending.then(|| view! { <p class="notice">{t!(i18n, manage.revision_pending)}</p> })}
            </section>
            {standing}
            {editable.then(|| {
                let form = v.form.clone();
                let mode = FormMode::Manage { token: token.clone(), version };
                view! {
                    <section aria-labelledby="edit-h">
                        <h2 id="edit-h">{t!(i18n, manage.edit)}</h2>
                        <SubmissionForm mode start=start.clone() initial=form text=form_text(i18n)/>
                    </section>
                }
            })}
            {withdrawable.then(|| view! {
                <section class="withdraw" aria-labelledby="withdraw-h">
                    <h2 id="withdraw-h">{t!(i18n, manage.withdraw)}</h2>
                    <p>{t!(i18n, manage.withdraw_text)}</p>
                    <form method="post" action=keep_language(&withdraw_action)>
                        <input type="hidden" name="version" value=version.to_string()/>
                        <button type="submit" class="button danger">{t!(i18n, manage.withdraw_button)}</button>
                    </form>
                </section>
            })}
            <History entries=v.history.clone() moderators=false/>
            <section class="erase" aria-labelledby="erase-h">
                <h2 id="erase-h">{t!(i18n, manage.erase)}</h2>
                <p>{t!(i18n, manage.erase_text)}</p>
                <form method="post" action=keep_language(&erase_action)>
                    <p class="check">
                        <input id="erase-confirm" name="confirm" type="checkbox" value="yes" required/>
                        <label for="erase-confirm">{t!(i18n, manage.erase_confirm)}</label>
                    </p>
                    <button type="submit" class="button danger">{t!(i18n, manage.erase_button)}</button>
                </form>
                <p><a href=keep_language("/privacy")>{t!(i18n, manage.privacy)}</a></p>
            </section>
        </article>
    }
}
