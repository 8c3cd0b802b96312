//! When the city last confirmed an initiative (issue 23), as cards and the detail page say it:
//! "Confirmed by the city on 3 March 2026", "Not confirmed since …" once the confirmation is
//! overdue past its grace, "Ended on …" for a completed one. The day is a `<time datetime>`
//! written in the reader's language; the state itself comes from the one rule
//! (`domain::ConfirmRule::freshness`), never decided here.

use super::labels::{ui_language, I18n};
use crate::domain::{long_date, Freshness, IsoDate};
use crate::i18n::*;
use leptos::prelude::*;

/// The label of a freshness value (the list's filter).
pub fn freshness_label(i18n: I18n, f: Freshness) -> &'static str {
    match f {
        Freshness::Confirmed => t_string!(i18n, freshness.confirmed),
        Freshness::Due => t_string!(i18n, freshness.due),
        Freshness::Unconfirmed => t_string!(i18n, freshness.unconfirmed),
        Freshness::Ended => t_string!(i18n, freshness.ended),
    }
}

/// `<time datetime="2026-03-03">3 March 2026</time>` in the page's language; the text as it
/// is when it is not a date.
fn day(i18n: I18n, iso: String) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    let text =
        IsoDate::parse(&iso).map_or_else(|_| iso.clone(), |d| long_date(d, ui_language(i18n)));
    move || view! { <time datetime=iso.clone()>{text.clone()}</time> }.into_any()
}

/// One short line under a card's place or in the detail's facts.
#[component]
pub fn FreshnessLine(
    freshness: Freshness,
    confirmed_on: String,
    ended_on: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = match (freshness, ended_on) {
        (Freshness::Ended, Some(end)) => {
            t!(i18n, freshness.ended_on, date = day(i18n, end)).into_any()
        }
        (Freshness::Ended, None) => t!(i18n, freshness.ended).into_any(),
        (Freshness::Unconfirmed, _) => {
            t!(i18n, freshness.not_since, date = day(i18n, confirmed_on)).into_any()
        }
        (Freshness::Confirmed | Freshness::Due, _) => {
            t!(i18n, freshness.confirmed_on, date = day(i18n, confirmed_on)).into_any()
        }
    };
    view! { <p class="freshness" data-freshness=freshness.as_str()>{text}</p> }
}
