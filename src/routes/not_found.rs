//! The 404 page, also used for unknown initiatives. It sets the HTTP status on the server.

use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

/// Marks the response as 404 when rendered on the server.
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_not_found_status();
    view! {
        <PageTitle page=move || t_string!(i18n, not_found.title).to_owned()/>
        <section class="page narrow">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <p>
                <a href=keep_language("/initiatives") class="button primary">{t!(i18n, detail.back)}</a>
                " "
                <a href=keep_language("/") class="button">{t!(i18n, nav.home)}</a>
            </p>
        </section>
    }
}

/// Shown when the directory cannot answer (database down).
#[component]
pub fn Unavailable() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::SERVICE_UNAVAILABLE);
    }
    view! {
        <section class="page narrow" role="alert">
            <h1>{t!(i18n, error.title)}</h1>
            <p>{t!(i18n, error.text)}</p>
        </section>
    }
}

/// Too many requests from this client (status 429).
#[component]
pub fn TooMany<F>(text: F) -> impl IntoView
where
    F: Fn() -> &'static str + Send + Sync + 'static,
{
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::TOO_MANY_REQUESTS);
    }
    view! {
        <section class="page narrow" role="alert">
            <h1>{t!(i18n, errors.too_many_title)}</h1>
            <p>{text}</p>
        </section>
    }
}

/// Moderators' pages without a live session (status 401): a way to sign in, no data.
#[component]
pub fn SignInRequired() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::UNAUTHORIZED);
    }
    view! {
        <PageTitle page=move || t_string!(i18n, admin.sign_in_required).to_owned()/>
        <section class="page narrow">
            <h1>{t!(i18n, admin.sign_in_required)}</h1>
            <p>{t!(i18n, admin.sign_in_required_text)}</p>
            <p><a href=keep_language("/admin/sign-in") class="button primary">{t!(i18n, admin.sign_in)}</a></p>
        </section>
    }
}
