//! `/submit`: the submission flow (issue 3). Until the form exists, the page says how to send an
//! initiative, so the home page's call to submit never leads to an error.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, submit.title)/>
        <section class="page narrow">
            <h1>{t!(i18n, submit.title)}</h1>
            <p>{t!(i18n, submit.soon)}</p>
        </section>
    }
}
