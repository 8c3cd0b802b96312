//! `/admin/initiatives/{id}/edit`: a moderator corrects the public content with the same form
//! and checks as the submitters (without the "about you" step).

use super::AdminBar;
use crate::api::{load_review, start_form};
use crate::components::form_text::form_text;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use crate::islands::submission_form::{FormMode, SubmissionForm};
use crate::routes::not_found::{NotFound, SignInRequired, Unavailable};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ModeratorEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|i| i.parse::<i32>().ok())
                .unwrap_or(-1)
        })
    });
    let data = Resource::new(move || id.get(), load_review);
    let start = Resource::new(|| (), |_| start_form());
    view! {
        <PageTitle page=move || t_string!(i18n, admin.edit_title).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (data.await, start.await) {
                    (Ok(r), Ok(start)) => {
                        let mode = FormMode::Moderate { id: r.id, version: r.version };
                        view! {
                            <article class="page narrow admin">
                                <AdminBar moderator=r.moderator.clone()/>
                                <p class="crumb">
                                    <a href=keep_language(&format!("/admin/initiatives/{}", r.id))>"← " {t!(i18n, admin.review)}</a>
                                </p>
                                <h1>{t!(i18n, admin.edit_title)} ": " <bdi>{r.current.title.clone()}</bdi></h1>
                                <p class="hint">{t!(i18n, admin.edit_note)}</p>
                                <SubmissionForm mode start initial=r.current.clone() text=form_text(i18n)/>
                            </article>
                        }
                        .into_any()
                    }
                    (Err(AppError::Unauthorized), _) => view! { <SignInRequired/> }.into_any(),
                    (Err(AppError::SecondFactorRequired), _) => view! { <super::SecondFactorRequired/> }.into_any(),
                    (Err(AppError::NotFound), _) => view! { <NotFound/> }.into_any(),
                    _ => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
