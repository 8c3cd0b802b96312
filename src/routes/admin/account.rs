//! `/admin/account`: the signed-in moderator's own account — the second factor (set up with a
//! QR code or a typed key, confirmed with a first code, turned off with a current one) and the
//! password. Every form posts to the server (works without JavaScript); outcomes come back in
//! the address (`?done=on`, `?problem=wrong-code`), a refused new password as the page rendered
//! again (the passwords are never sent back). Open to a moderator without a second factor when
//! the site requires one: this is where they turn it on.

use super::AdminBar;
use crate::api::load_account;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::routes::not_found::{SignInRequired, Unavailable};
use crate::routes::page_problem;
use crate::wire::types::{AccountView, PasswordProblemView, SecondFactorView};
use crate::wire::{AppError, PageProblem};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| load_account());
    view! {
        <PageTitle page=move || t_string!(i18n, account.title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Account a/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Account(a: AccountView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = move || {
        query
            .with(|q| q.get("done"))
            .and_then(|d| match d.as_str() {
                "on" => Some(t_string!(i18n, account.done_on)),
                "off" => Some(t_string!(i18n, account.done_off)),
                "password" => Some(t_string!(i18n, account.done_password)),
                _ => None,
            })
    };
    // `SecondFactorRequired` shows no alert: the page says so from its data (`a.required`).
    let problem = move || {
        page_problem(query).and_then(|p| match p {
            PageProblem::WrongCode => Some(t_string!(i18n, account.problem_wrong_code)),
            PageProblem::UsedCode => Some(t_string!(i18n, account.problem_used_code)),
            PageProblem::NotStarted => Some(t_string!(i18n, account.problem_not_started)),
            PageProblem::NotOn => Some(t_string!(i18n, account.problem_not_on)),
            PageProblem::AlreadyOn => Some(t_string!(i18n, account.problem_already_on)),
            PageProblem::RequiredStays => Some(t_string!(i18n, account.problem_required_stays)),
            PageProblem::Locked => Some(t_string!(i18n, admin.problem_locked)),
            PageProblem::Unavailable => Some(t_string!(i18n, admin.problem_unavailable)),
            PageProblem::Busy => Some(t_string!(i18n, admin.problem_busy)),
            PageProblem::PasswordMissing => Some(t_string!(i18n, account.problem_password_missing)),
            PageProblem::PasswordMismatch => {
                Some(t_string!(i18n, account.problem_password_mismatch))
            }
            PageProblem::WrongPassword => Some(t_string!(i18n, account.problem_wrong_password)),
            _ => None,
        })
    };
    let needs_enrolment = a.required && a.second_factor != SecondFactorView::On;
    let password_problem = a.password_problem.clone();
    view! {
        <section class="page narrow account">
            <AdminBar moderator=a.email.clone()/>
            <h1>{t!(i18n, account.title)}</h1>
            {move || done().map(|text| view! { <p class="notice success" role="status">{text}</p> })}
            {move || problem().map(|text| view! {
                <div class="error-summary" role="alert" id="account-problem" tabindex="-1">
                    <h2>{t!(i18n, form.problem_title)}</h2>
                    <p>{text}</p>
                </div>
            })}
            {needs_enrolment.then(|| view! { <p class="notice" role="status">{t!(i18n, account.required)}</p> })}
            <h2 id="second-factor">{t!(i18n, account.second_factor)}</h2>
            <SecondFactor state=a.second_factor.clone() required=a.required/>
            <h2 id="password-heading">{t!(i18n, account.password)}</h2>
            <PasswordForm problem=password_problem/>
        </section>
    }
}

#[component]
fn SecondFactor(state: SecondFactorView, required: bool) -> impl IntoView {
    let i18n = use_i18n();
    match state {
        SecondFactorView::Off => view! {
            <p>{t!(i18n, account.sf_off)}</p>
            <form method="post" action=keep_language("/admin/account/second-factor/start")>
                <button type="submit" class="button primary">{t!(i18n, account.sf_start)}</button>
            </form>
        }
        .into_any(),
        SecondFactorView::Pending {
            secret,
            qr_path,
            qr_size,
        } => view! {
            <ol class="steps">
                <li>
                    <p>{t!(i18n, account.sf_scan)}</p>
                    <svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {qr_size} {qr_size}")
                        width="232" height="232" role="img" shape-rendering="crispEdges"
                        aria-label=move || t_string!(i18n, account.sf_qr_label)>
                        <rect width="100%" height="100%" fill="#fff"/>
                        <path d=qr_path fill="#000"/>
                    </svg>
                    <p>
                        {t!(i18n, account.sf_key)} " "
                        <code class="secret">{secret}</code>
                    </p>
                </li>
                <li>
                    <p>{t!(i18n, account.sf_confirm_intro)}</p>
                    <form method="post" action=keep_language("/admin/account/second-factor/confirm")>
                        <CodeField id="confirm-code"/>
                        <button type="submit" class="button primary">{t!(i18n, account.sf_turn_on)}</button>
                    </form>
                </li>
            </ol>
            <form method="post" action=keep_language("/admin/account/second-factor/start")>
                <button type="submit" class="button small">{t!(i18n, account.sf_restart)}</button>
            </form>
        }
        .into_any(),
        SecondFactorView::On => view! {
            <p class="notice success">{t!(i18n, account.sf_on)}</p>
            {(!required).then(|| view! {
                <p>{t!(i18n, account.sf_off_intro)}</p>
                <form method="post" action=keep_language("/admin/account/second-factor/off")>
                    <CodeField id="off-code"/>
                    <button type="submit" class="button">{t!(i18n, account.sf_turn_off)}</button>
                </form>
            })}
            <p class="hint">{t!(i18n, account.sf_lost)}</p>
        }
        .into_any(),
    }
}

/// The six-digit code from the authenticator app.
#[component]
fn CodeField(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{t!(i18n, account.code)}</label>
            <p class="hint" id=hint.clone()>{t!(i18n, account.code_hint)}</p>
            <input type="text" id=id name="code" inputmode="numeric" autocomplete="one-time-code"
                maxlength="12" class="code" required aria-describedby=hint/>
        </div>
    }
}

#[component]
fn PasswordForm(problem: Option<PasswordProblemView>) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = problem.is_some();
    let message = problem.map(|p| match p {
        PasswordProblemView::TooShort { chars } => view! {
            <p>{t!(i18n, account.problem_too_short, chars = move || chars)}</p>
        }
        .into_any(),
        PasswordProblemView::TooLong { chars } => view! {
            <p>{t!(i18n, account.problem_too_long, chars = move || chars)}</p>
        }
        .into_any(),
        PasswordProblemView::Guessable {
            warning,
            suggestions,
        } => {
            let advice: Vec<String> = warning.into_iter().chain(suggestions).collect();
            view! {
                <p>{t!(i18n, account.problem_guessable)}</p>
                {(!advice.is_empty()).then(|| view! {
                    <p>{t!(i18n, account.checker_advice)} " " <span lang="en">{advice.join(" ")}</span></p>
                })}
            }
            .into_any()
        }
    });
    view! {
        {message.map(|m| view! {
            <div class="error-summary" role="alert" id="password-problem" tabindex="-1">
                <h2>{t!(i18n, form.problem_title)}</h2>
                {m}
            </div>
        })}
        <form method="post" action=keep_language("/admin/account/password") class="password-form">
            <div class="field">
                <label for="current-password">{t!(i18n, account.current_password)}</label>
                <input type="password" id="current-password" name="current" autocomplete="current-password" required/>
            </div>
            <div class="field">
                <label for="new-password">{t!(i18n, account.new_password)}</label>
                <p class="hint" id="new-password-hint">{t!(i18n, account.password_rules)}</p>
                <input type="password" id="new-password" name="new" autocomplete="new-password" required
                    aria-describedby="new-password-hint"
                    aria-invalid=invalid.then_some("true")/>
            </div>
            <div class="field">
                <label for="again-password">{t!(i18n, account.again_password)}</label>
                <input type="password" id="again-password" name="again" autocomplete="new-password" required/>
            </div>
            <button type="submit" class="button">{t!(i18n, account.change_password)}</button>
        </form>
    }
}
