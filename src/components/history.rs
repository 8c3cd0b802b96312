//! The history of one initiative (who did what, when, and why), shown to its submitter on the
//! manage page and to moderators on the review page.

use crate::components::labels::{history_label, status_label};
use crate::domain::Actor;
use crate::i18n::*;
use crate::wire::types::HistoryEntry;
use leptos::prelude::*;

/// Who did what, when, and why.
#[component]
pub fn History(entries: Vec<HistoryEntry>, moderators: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="history" aria-labelledby="history-h">
            <h2 id="history-h">{t!(i18n, manage.history)}</h2>
            <ol>
                {entries
                    .into_iter()
                    .map(|e| {
                        let who = match (e.actor, moderators) {
                            (Actor::Submitter, false) => t_string!(i18n, history.you).to_owned(),
                            (Actor::Submitter, true) => t_string!(i18n, history.submitter).to_owned(),
                            (Actor::Moderator, _) => e
                                .moderator
                                .clone()
                                .unwrap_or_else(|| t_string!(i18n, history.moderator).to_owned()),
                        };
                        let action = e.action;
                        let status = e.status;
                        view! {
                            <li>
                                <time>{e.at.clone()}</time>
                                " — " <strong><bdi>{who}</bdi></strong> ": " {move || history_label(i18n, action)}
                                " → " {move || status_label(i18n, status)}
                                {e.reason.clone().map(|r| view! { <blockquote class="pre" dir="auto">{r}</blockquote> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
