//! `/submit`: the submission flow, then the confirmation with the private manage link (shown
//! once). Also the page a post without JavaScript is answered with. The heading, the
//! introduction and the confirmation are the island's (`islands::submission_form`), so they
//! change in place when the form is sent. The text's language starts as the interface's.

use crate::api::start_form;
use crate::components::form_text::form_text;
use crate::components::labels::ui_language;
use crate::components::page_title::PageTitle;
use crate::domain::SubmitForm;
use crate::i18n::*;
use crate::islands::submission_form::{FormMode, SubmissionForm};
use crate::routes::not_found::Unavailable;
use leptos::prelude::*;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    let start = Resource::new(|| (), |_| start_form());
    let initial = SubmitForm {
        text_language: untrack(|| ui_language(i18n)).as_str().to_owned(),
        ..SubmitForm::default()
    };
    view! {
        <PageTitle page=move || t_string!(i18n, submit.title).to_owned()/>
        <section class="page narrow">
            <OutboxStatus/>
            <Suspense fallback=|| ()>
                {move || {
                    let initial = initial.clone();
                    Suspend::new(async move {
                    match start.await {
                        Ok(start) => view! {
                            <SubmissionForm
                                mode=FormMode::New
                                start
                                initial
                                text=form_text(i18n)
                            />
                        }
                        .into_any(),
                        Err(_) => view! { <Unavailable/> }.into_any(),
                    }
                })}}
            </Suspense>
            <ForgetDeviceData/>
        </section>
    }
}

/// Where `outbox.js` says what became of a submission kept on this device while offline
/// (issue 18), outside the island so the form's wasm carries none of it. Its sentences are here
/// in the page's language; `outbox.js` also keeps them with a waiting submission, to tell the
/// outcome on whatever page of the site is open when it is sent.
#[component]
fn OutboxStatus() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p
            class="outbox-status"
            role="status"
            data-queued=t_string!(i18n, outbox.queued)
            data-waiting=t_string!(i18n, outbox.waiting)
            data-sent=t_string!(i18n, outbox.sent)
            data-refused=t_string!(i18n, outbox.refused)
            data-see=t_string!(i18n, outbox.see)
            data-forgotten=t_string!(i18n, outbox.forgotten)
        ></p>
    }
}

/// "Forget what this device saved": the draft, a submission waiting to be sent and the pages
/// kept for reading offline. Shown only with JavaScript (the styles), which is what keeps them.
#[component]
fn ForgetDeviceData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="device-data">
            <p class="hint">{t!(i18n, outbox.forget_text)}</p>
            <button type="button" class="button" data-forget-device="">
                {t!(i18n, outbox.forget)}
            </button>
        </div>
    }
}
