//! `/submit`: the submission flow, then the confirmation with the private manage link (shown
//! once). Also the page a post without JavaScript is answered with.

use crate::api::start_form;
use crate::components::page_title::PageTitle;
use crate::components::submission_form::{FormMode, SubmissionForm};
use crate::domain::SubmitForm;
use crate::i18n::*;
use crate::routes::not_found::Unavailable;
use crate::wire::types::Accepted;
use leptos::prelude::*;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    let start = Resource::new(|| (), |_| start_form());
    view! {
        <PageTitle page=move || t_string!(i18n, submit.title).to_owned()/>
        <section class="page narrow">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(start) => {
                            let accepted = RwSignal::new(start.reply.accepted.clone());
                            view! {
                                <Show
                                    when=move || accepted.with(Option::is_none)
                                    fallback=move || accepted.get().map(|a| view! { <Confirmation accepted=a/> })
                                >
                                    <h1>{t!(i18n, submit.title)}</h1>
                                    <p>{t!(i18n, submit.intro)}</p>
                                    <p class="hint">{t!(i18n, submit.required_note)}</p>
                                    <SubmissionForm
                                        mode=FormMode::New
                                        start=start.clone()
                                        initial=SubmitForm::default()
                                        accepted
                                    />
                                </Show>
                            }
                            .into_any()
                        }
                        Err(_) => view! { <Unavailable/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The submission was stored: the private link, once, with a copy button.
#[component]
fn Confirmation(accepted: Accepted) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let url = accepted.manage_url.clone();
    let title = accepted.title.clone();
    let copy = move |_| {
        let url = url.clone();
        let navigator = window().navigator();
        let clipboard = navigator.clipboard();
        let promise = clipboard.write_text(&url);
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
            } else if let Some(input) = document().get_element_by_id("manage-link").and_then(|e| {
                use leptos::wasm_bindgen::JsCast;
                e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok()
            }) {
                // Without clipboard access the link is selected for copying by hand.
                input.select();
            }
        });
    };
    view! {
        <div class="confirmation">
            <h1 id="confirmation" tabindex="-1">{t!(i18n, submit.thanks_title)}</h1>
            <p>{t!(i18n, submit.thanks_text, title = move || view! { <bdi>{title.clone()}</bdi> })}</p>
            <section class="keep-link" aria-labelledby="keep-h">
                <h2 id="keep-h">{t!(i18n, submit.keep_link)}</h2>
                <p>{t!(i18n, submit.keep_link_text)}</p>
                <label for="manage-link">{t!(i18n, submit.link_label)}</label>
                <div class="copy-row">
                    <input
                        type="text"
                        id="manage-link"
                        readonly
                        value=accepted.manage_url.clone()
                        on:focus=move |ev| {
                            event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
                        }
                    />
                    <button type="button" class="button primary" on:click=copy>
                        {t!(i18n, submit.copy)}
                    </button>
                </div>
                <p role="status" class="copied">
                    {move || copied.get().then(|| t_string!(i18n, submit.copied))}
                </p>
                <p>
                    <a href=accepted.manage_path.clone() class="button">{t!(i18n, submit.open_page)}</a>
                </p>
            </section>
            <p>
                <a href="/submit" rel="external">{t!(i18n, submit.another)}</a>
            </p>
        </div>
    }
}
