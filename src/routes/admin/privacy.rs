//! `/admin/privacy`: the moderators' answer to a person's request about their data — find the
//! person's submissions by e-mail address, export them (JSON) or erase them (with a
//! confirmation) — and the latest entries of the audit trail (who did what, how many records;
//! never the address asked about). Plain form posts: works without JavaScript
//! (`web::privacy`).

use super::AdminBar;
use crate::api::load_privacy_admin;
use crate::components::labels::status_label;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::wire::types::{PrivacyAdminView, PrivacyOutcome};
use crate::wire::AppError;
use leptos::prelude::*;

#[component]
pub fn PrivacyAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_privacy_admin());
    view! {
        <PageTitle page=move || t_string!(i18n, privacy_admin.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <PrivacyAdmin v/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => view! { <super::SecondFactorRequired/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrivacyAdmin(v: PrivacyAdminView) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = v.outcome.clone().map(|o| match o {
        PrivacyOutcome::Found(found) if found.is_empty() => {
            view! { <p class="notice" role="status">{t!(i18n, privacy_admin.none)}</p> }.into_any()
        }
        PrivacyOutcome::Found(found) => {
            let n = found.len();
            view! {
            <section aria-labelledby="found-h">
                <h2 id="found-h">{t!(i18n, privacy_admin.found, n = move || n)}</h2>
                <ul class="queue">
                    {found.into_iter().map(|f| {
                        let status = f.status;
                        view! {
                            <li>
                                <a href=keep_language(&format!("/admin/initiatives/{}", f.id))>
                                    <bdi>{f.title}</bdi>
                                </a>
                                " · " <bdi>{f.city}</bdi> " · " {move || status_label(i18n, status)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            }
            .into_any()
        }
        PrivacyOutcome::Erased { kept_public, deleted } => view! {
            <p class="notice success" role="status">
                {t!(i18n, privacy_admin.erased, kept = move || kept_public, deleted = move || deleted)}
            </p>
        }
        .into_any(),
        PrivacyOutcome::NotAnAddress => {
            view! { <p class="notice error" role="alert">{t!(i18n, privacy_admin.not_an_address)}</p> }.into_any()
        }
        PrivacyOutcome::ConfirmationMissing => {
            view! { <p class="notice error" role="alert">{t!(i18n, privacy_admin.confirm_missing)}</p> }.into_any()
        }
        PrivacyOutcome::Conflict => {
            view! { <p class="notice error" role="alert">{t!(i18n, errors.conflict)}</p> }.into_any()
        }
    });
    let email = v.email.clone();
    view! {
        <section class="page admin privacy-admin">
            <AdminBar moderator=v.moderator.clone()/>
            <h1>{t!(i18n, privacy_admin.title)}</h1>
            <p class="hint">{t!(i18n, privacy_admin.explain)} " "
                <a href=keep_language("/privacy")>{t!(i18n, privacy.title)}</a>
            </p>
            {outcome}
            <form method="post" action=keep_language("/admin/privacy") class="privacy-form">
                <p class="field">
                    <label for="privacy-email">{t!(i18n, privacy_admin.email)}</label>
                    <input id="privacy-email" name="email" type="email" required autocomplete="off" value=email/>
                </p>
                <p class="actions">
                    <button type="submit" name="action" value="find" class="button">{t!(i18n, privacy_admin.find)}</button>
                    " "
                    <button type="submit" name="action" value="export" class="button">{t!(i18n, privacy_admin.export)}</button>
                </p>
                <fieldset class="erase">
                    <legend>{t!(i18n, privacy_admin.erase)}</legend>
                    <p class="hint">{t!(i18n, privacy_admin.erase_text)}</p>
                    <p class="check">
                        <input id="privacy-confirm" name="confirm" type="checkbox" value="yes"/>
                        <label for="privacy-confirm">{t!(i18n, privacy_admin.confirm)}</label>
                    </p>
                    <button type="submit" name="action" value="erase" class="button danger">{t!(i18n, privacy_admin.erase)}</button>
                </fieldset>
            </form>
            <section aria-labelledby="trail-h">
                <h2 id="trail-h">{t!(i18n, privacy_admin.trail)}</h2>
                {if v.log.is_empty() {
                    view! { <p>{t!(i18n, privacy_admin.trail_empty)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="queue privacy-log">
                            {v.log.into_iter().map(|e| view! {
                                <li>
                                    {e.at} " · " {e.action} " · " {e.actor}
                                    {e.moderator.map(|m| view! { " (" <bdi>{m}</bdi> ")" })}
                                    " · " {e.records} " · " <span class="meta">{e.detail}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }}
            </section>
        </section>
    }
}
