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
        </section>
    }
}
