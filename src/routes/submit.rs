//! `/submit`: the submission flow (issue 3). Until the form exists, the page says how to send an
//! initiative, so the home page's call to submit never leads to an error.

use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle page=move || t_string!(i18n, submit.title).to_owned()/>
        <section class="page narrow">
            <h1>{t!(i18n, submit.title)}</h1>
            <p>{t!(i18n, submit.soon)}</p>
        </section>
    }
}
