//! The moderators' pages (`/admin…`). Every page loads its data through a server function that
//! checks the session itself; without one the page shows only a way to sign in (status 401).

pub mod account;
pub mod confirmations;
pub mod edit;
pub mod mail;
pub mod pipeline;
pub mod privacy;
pub mod queue;
pub mod review;
pub mod sign_in;

use crate::components::language::keep_language;
use crate::i18n::*;
use leptos::prelude::*;

/// Who is signed in, the way back to the queue, and signing out.
#[component]
pub fn AdminBar(moderator: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="admin-bar">
            <a href=keep_language("/admin")>{t!(i18n, admin.queue)}</a>
            <span>{t!(i18n, admin.signed_in_as, email = move || moderator.clone())}</span>
            <a href=keep_language("/admin/confirmations")>{t!(i18n, confirmations.title)}</a>
            <a href=keep_language("/admin/mail")>{t!(i18n, admin.mail)}</a>
            <a href=keep_language("/admin/privacy")>{t!(i18n, privacy_admin.title)}</a>
            <a href=keep_language("/admin/statistics")>{t!(i18n, pipeline.link)}</a>
            <a href=keep_language("/admin/account")>{t!(i18n, account.title)}</a>
            <form method="post" action=keep_language("/admin/sign-out")>
                <button type="submit" class="button small">{t!(i18n, admin.sign_out)}</button>
            </form>
        </div>
    }
}

/// What a moderator without a second factor sees on the moderation pages when the site
/// requires one (status 403): the way to their account page, where they turn it on.
#[component]
pub fn SecondFactorRequired() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <crate::components::page_title::PageTitle page=move || t_string!(i18n, admin.second_factor_required).to_owned()/>
        <section class="page narrow">
            <h1>{t!(i18n, admin.second_factor_required)}</h1>
            <p>{t!(i18n, admin.second_factor_required_text)}</p>
            <p><a href=keep_language("/admin/account") class="button primary">{t!(i18n, account.title)}</a></p>
        </section>
    }
}
