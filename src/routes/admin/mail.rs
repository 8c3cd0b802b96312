//! `/admin/mail`: the e-mail the site sends, for moderators — whether mail is on, how many
//! messages are queued, sent and given up, and each message's recipient, subject, kind, tries,
//! next try and last error. Never a message's text: a confirmation holds the submitter's
//! private link.

use super::AdminBar;
use crate::api::load_mail;
use crate::components::labels::{mail_kind_label, mail_state_label};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::wire::types::{MailRow, MailView};
use crate::wire::AppError;
use leptos::prelude::*;

#[component]
pub fn MailPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_mail());
    view! {
        <PageTitle page=move || t_string!(i18n, mail_page.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <Mail m/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => view! { <super::SecondFactorRequired/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Mail(m: MailView) -> impl IntoView {
    let i18n = use_i18n();
    let tries = m.max_attempts;
    let days = m.keep_days;
    view! {
        <section class="page admin mail">
            <AdminBar moderator=m.moderator.clone()/>
            <h1>{t!(i18n, mail_page.title)}</h1>
            {match m.from.clone() {
                Some(from) => view! {
                    <p>{t!(i18n, mail_page.from, from = move || from.clone())}</p>
                }
                .into_any(),
                None => view! { <p class="notice warning">{t!(i18n, mail_page.off)}</p> }.into_any(),
            }}
            <p class="hint">
                {t!(i18n, mail_page.explain, tries = move || tries, days = move || days)}
            </p>
            <ul class="counts mail-counts">
                {m.counts
                    .iter()
                    .map(|&(s, n)| view! {
                        <li>
                            <span class="count">{n}</span>
                            " " {move || mail_state_label(i18n, s)}
                        </li>
                    })
                    .collect_view()}
            </ul>
            <h2>{t!(i18n, mail_page.messages)}</h2>
            {if m.messages.is_empty() {
                view! { <p>{t!(i18n, mail_page.empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="queue mail-list">
                        {m.messages.into_iter().map(|row| view! { <Message row/> }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Message(row: MailRow) -> impl IntoView {
    let i18n = use_i18n();
    let kind = row.kind;
    let state = row.state;
    let attempts = row.attempts;
    view! {
        <li data-state=state.as_str() data-kind=kind.as_str()>
            <strong dir="auto">{row.subject.clone()}</strong>
            <span class="meta">
                {move || mail_kind_label(i18n, kind)} " · "
                {move || mail_state_label(i18n, state)} " · "
                {t!(i18n, mail_page.recipient)} ": " <bdi>{row.recipient.clone()}</bdi>
            </span>
            <span class="meta">
                {t!(i18n, mail_page.created)} ": " {row.created.clone()}
                " · " {t!(i18n, mail_page.attempts)} ": " {attempts}
                {row.next_attempt.clone().map(|t| view! {
                    " · " {t!(i18n, mail_page.next)} ": " {t}
                })}
                {row.sent.clone().map(|t| view! {
                    " · " {t!(i18n, mail_page.sent)} ": " {t}
                })}
            </span>
            {row.last_error.clone().map(|e| view! {
                <span class="meta mail-error">
                    {t!(i18n, mail_page.error)} ": " <bdi>{e}</bdi>
                </span>
            })}
        </li>
    }
}
