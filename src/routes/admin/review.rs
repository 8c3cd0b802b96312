//! `/admin/initiatives/{id}`: one item as a moderator reviews it — as it will look, what an edit
//! changes, the language of its text and its versions in the other languages (who wrote each,
//! and whether it was made before the original last changed, issue 17), who sent it, the
//! decisions its state allows (each checked again on the server with the version the moderator
//! saw), and its history. Text in another language than the page's carries `lang`.

use super::AdminBar;
use crate::api::load_review;
use crate::components::history::History;
use crate::components::labels::{
    action_button, history_label, language_name, status_label, version_source_label,
};
use crate::components::language::{keep_language, lang_unless_page};
use crate::components::page_title::PageTitle;
use crate::components::preview::{ChangesTable, InitiativePreview};
use crate::components::raw_text::textarea_content;
use crate::domain::{possible_actions, Actor, ModerationAction, ShownText, UiLanguage};
use crate::i18n::*;
use crate::routes::not_found::{NotFound, SignInRequired, Unavailable};
use crate::routes::page_problem;
use crate::wire::types::ReviewView;
use crate::wire::{AppError, PageProblem};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReviewPage() -> impl IntoView {
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
    view! {
        <PageTitle page=move || t_string!(i18n, admin.review).to_owned()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Review r/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInRequired/> }.into_any(),
                    Err(AppError::SecondFactorRequired) => view! { <super::SecondFactorRequired/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The original's language and, for each other language, the stored version (who wrote it,
/// whether it may be out of date, its text) or a line saying there is none.
#[component]
fn Versions(text_language: UiLanguage, versions: Vec<ShownText>) -> impl IntoView {
    let i18n = use_i18n();
    let others = UiLanguage::ALL
        .into_iter()
        .filter(|l| *l != text_language)
        .map(|language| {
            let heading = format!("version-{}-h", language.as_str());
            let labelled_by = heading.clone();
            let body = match versions.iter().find(|v| v.language == language).cloned() {
                None => view! { <p>{t!(i18n, admin.no_version)}</p> }.into_any(),
                Some(v) => {
                    let lang = lang_unless_page(i18n, language);
                    let source = v.source;
                    view! {
                        <p class="meta">
                            {move || version_source_label(i18n, source)} " · "
                            {if v.outdated {
                                view! { <strong>{t!(i18n, admin.version_outdated)}</strong> }.into_any()
                            } else {
                                view! { <span>{t!(i18n, admin.version_current)}</span> }.into_any()
                            }}
                        </p>
                        <dl class="facts">
                            <dt>{t!(i18n, form.title)}</dt>
                            <dd lang=lang dir="auto">{v.title}</dd>
                            <dt>{t!(i18n, form.summary)}</dt>
                            <dd lang=lang dir="auto">{v.summary}</dd>
                            {v.description.map(|d| view! {
                                <dt>{t!(i18n, form.description)}</dt>
                                <dd class="pre" lang=lang dir="auto">{d}</dd>
                            })}
                        </dl>
                    }
                    .into_any()
                }
            };
            view! {
                <section class="version" aria-labelledby=labelled_by>
                    <h3 id=heading>{move || language_name(i18n, language)}</h3>
                    {body}
                </section>
            }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>{t!(i18n, admin.original_language)}</dt>
            <dd>{move || language_name(i18n, text_language)}</dd>
        </dl>
        {others}
    }
}

#[component]
fn Review(r: ReviewView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = move || {
        query
            .with(|q| q.get("done"))
            .and_then(|d| ModerationAction::parse(&d).ok())
    };
    let problem = move || page_problem(query);
    let kept_reason = query.with_untracked(|q| q.get("reason").unwrap_or_default());
    let status = r.status;
    let actions = possible_actions(status, r.revision.is_some());
    let editable = status
        .after(ModerationAction::Edit, Actor::Moderator, "")
        .is_ok();
    let id = r.id;
    let shown = r.revision.clone().unwrap_or_else(|| r.current.clone());
    let preview = shown.initiative().ok();
    let changes = r.revision.clone().map(|rev| {
        let fields = r.changed.clone();
        let before = r.current.clone();
        view! {
            <section class="changes-box" aria-labelledby="changes-h">
                <h2 id="changes-h">{t!(i18n, admin.changes)}</h2>
                {if fields.is_empty() {
                    view! { <p>{t!(i18n, admin.no_changes)}</p> }.into_any()
                } else {
                    view! { <ChangesTable before after=rev fields/> }.into_any()
                }}
            </section>
        }
    });
    let c = r.current.clone();
    let submitter = if c.submitter_email.is_empty() {
        view! { <p>{t!(i18n, admin.no_submitter)}</p> }.into_any()
    } else {
        view! {
            <dl class="facts">
                <dt>{t!(i18n, form.submitter_name)}</dt>
                <dd dir="auto">{c.submitter_name.clone()}</dd>
                <dt>{t!(i18n, form.submitter_email)}</dt>
                <dd><a href=format!("mailto:{}", c.submitter_email) dir="auto">{c.submitter_email.clone()}</a></dd>
                <dt>{t!(i18n, form.submitter_role)}</dt>
                <dd dir="auto">{c.submitter_role.clone()}</dd>
                <dt>{t!(i18n, admin.consent_given)}</dt>
                <dd>{if c.consent.is_some() { "✓" } else { "—" }}</dd>
            </dl>
        }
        .into_any()
    };
    view! {
        <article class="page admin review">
            <AdminBar moderator=r.moderator.clone()/>
            <p class="crumb"><a href=keep_language("/admin")>"← " {t!(i18n, admin.back_to_queue)}</a></p>
            <h1 lang=lang_unless_page(i18n, r.text_language) dir="auto">{r.current.title.clone()}</h1>
            <p class=format!("status-badge status-{}", status.as_str())>{move || status_label(i18n, status)}</p>
            {move || done().map(|a| view! {
                <p class="notice success" role="status">
                    {t!(i18n, admin.done, action = move || history_label(i18n, crate::wire::types::HistoryAction::Took(a)))}
                </p>
            })}
            {move || problem().and_then(|p| {
                let text = match p {
                    PageProblem::Conflict => t_string!(i18n, admin.problem_conflict),
                    PageProblem::ReasonRequired => t_string!(i18n, admin.problem_reason),
                    PageProblem::ReasonTooLong => t_string!(i18n, admin.problem_reason_long),
                    PageProblem::NoRevision => t_string!(i18n, admin.problem_no_revision),
                    PageProblem::Unavailable => t_string!(i18n, admin.problem_unavailable),
                    PageProblem::NotAllowed | PageProblem::UnknownAction => {
                        t_string!(i18n, admin.problem_not_allowed)
                    }
                    _ => return None,
                };
                Some(view! {
                    <div class="error-summary" role="alert" id="review-problem" tabindex="-1">
                        <h2>{t!(i18n, form.problem_title)}</h2>
                        <p>{text}</p>
                        <p><a href="#reason">{t!(i18n, admin.reason)}</a></p>
                    </div>
                })
            })}
            {r.public_slug.clone().map(|slug| view! {
                <p><a href=keep_language(&format!("/initiatives/{slug}"))>{t!(i18n, manage.public_page)}</a></p>
            })}
            {r.note.clone().map(|n| view! {
                <div class="reason"><h2>{t!(i18n, admin.current_note)}</h2><p class="pre" dir="auto">{n}</p></div>
            })}
            {changes}
            <section aria-labelledby="preview-h">
                <h2 id="preview-h">{t!(i18n, admin.as_published)}</h2>
                {preview.map(|i| view! { <InitiativePreview initiative=i/> })}
            </section>
            <section class="versions-box" aria-labelledby="versions-h">
                <h2 id="versions-h">{t!(i18n, admin.versions_title)}</h2>
                <Versions text_language=r.text_language versions=r.versions.clone()/>
                {editable.then(|| view! {
                    <p><a href=keep_language(&format!("/admin/initiatives/{id}/edit"))>{t!(i18n, admin.edit_versions)}</a></p>
                })}
            </section>
            <section class="private-box" aria-labelledby="submitter-h">
                <h2 id="submitter-h">{t!(i18n, admin.submitter)}</h2>
                {submitter}
            </section>
            <section class="decision" aria-labelledby="decision-h">
                <h2 id="decision-h">{t!(i18n, admin.actions)}</h2>
                {if actions.is_empty() {
                    view! { <p>{t!(i18n, admin.no_actions)}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action=keep_language(&format!("/admin/initiatives/{id}/act"))>
                            <input type="hidden" name="version" value=r.version.to_string()/>
                            <div class="field">
                                <label for="reason">{t!(i18n, admin.reason)}</label>
                                <p class="hint" id="reason-hint">{t!(i18n, admin.reason_hint)}</p>
                                <textarea id="reason" name="reason" rows="4" aria-describedby="reason-hint"
                                    inner_html=textarea_content(&kept_reason)></textarea>
                            </div>
                            <div class="actions">
                                {actions
                                    .into_iter()
                                    .map(|a| {
                                        let class = match a {
                                            ModerationAction::Publish | ModerationAction::PublishChanges => "button primary",
                                            ModerationAction::Reject | ModerationAction::Archive | ModerationAction::DiscardChanges => "button danger",
                                            _ => "button",
                                        };
                                        view! {
                                            <button type="submit" name="action" value=a.as_str() class=class>
                                                {move || action_button(i18n, a)}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </form>
                    }
                    .into_any()
                }}
                {editable.then(|| view! {
                    <p><a class="button" href=keep_language(&format!("/admin/initiatives/{id}/edit"))>{t!(i18n, admin.do_edit)}</a></p>
                })}
            </section>
            <History entries=r.history.clone() moderators=true/>
        </article>
    }
}
