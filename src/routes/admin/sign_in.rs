//! `/admin/sign-in`: e-mail, password and — for accounts with a second factor — the code from
//! the authenticator app, in one form posted to the server (works without JavaScript). A refused
//! sign-in is answered with this page rendered for the post (`SignInReply`), the e-mail address
//! filled in again: it never travels in an address, which servers and proxies log; the password
//! and code are never sent back, and the answer never says which of the three was wrong.

use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::page_problem;
use crate::wire::{PageProblem, SignInReply};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reply = use_context::<SignInReply>();
    let email = reply.as_ref().map(|r| r.email.clone()).unwrap_or_default();
    let posted = reply.map(|r| r.problem);
    let problem = move || {
        posted
            .or_else(|| page_problem(query))
            .and_then(|p| match p {
                PageProblem::Missing => Some(t_string!(i18n, admin.problem_missing)),
                PageProblem::Locked => Some(t_string!(i18n, admin.problem_locked)),
                PageProblem::TooMany => Some(t_string!(i18n, admin.problem_too_many)),
                PageProblem::Unavailable => Some(t_string!(i18n, admin.problem_unavailable)),
                PageProblem::Busy => Some(t_string!(i18n, admin.problem_busy)),
                PageProblem::Invalid => Some(t_string!(i18n, admin.problem_invalid)),
                _ => None,
            })
    };
    let signed_out = move || query.with(|q| q.get("done").is_some_and(|d| d == "signed-out"));
    view! {
        <PageTitle page=move || t_string!(i18n, admin.sign_in_title).to_owned()/>
        <section class="page narrow">
            <h1>{t!(i18n, admin.sign_in_title)}</h1>
            {move || signed_out().then(|| view! { <p class="notice success" role="status">{t!(i18n, admin.signed_out)}</p> })}
            {move || problem().map(|text| view! {
                <div class="error-summary" role="alert" id="sign-in-problem" tabindex="-1">
                    <h2>{t!(i18n, form.problem_title)}</h2>
                    <p>{text}</p>
                </div>
            })}
            <form method="post" action=keep_language("/admin/sign-in") class="sign-in">
                <div class="field">
                    <label for="email">{t!(i18n, admin.email)}</label>
                    <input type="email" id="email" name="email" autocomplete="username" required value=email/>
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, admin.password)}</label>
                    <input type="password" id="password" name="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="code">{t!(i18n, admin.code)}</label>
                    <p class="hint" id="code-hint">{t!(i18n, admin.code_hint)}</p>
                    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="12" class="code" aria-describedby="code-hint"/>
                </div>
                <button type="submit" class="button primary">{t!(i18n, admin.sign_in)}</button>
            </form>
        </section>
    }
}
