//! `/embed/initiatives?country=…&city=…&type=…&lang=…`: a compact list of published initiatives
//! for an `<iframe>` on a city's website (the list page's "Embed this list" gives the code).
//!
//! Why a module of its own, and why written by hand rather than by leptos: it is the one page
//! other sites may frame (`frame-ancestors *` here, no `X-Frame-Options`: `security.rs`), so it
//! must hold no script at all — not the app's shell, `enhance.js`, the islands' bundle nor
//! leptos_i18n's empty placeholder script — and nothing a framing site could make a visitor do
//! here: no form, and every link opens the directory in a new tab. A dozen elements are simpler
//! to write, and to check, as text; every text goes through [`escape`], and the one stylesheet
//! is inline, allowed by its hash.
//!
//! It reads its address with the list page's parser (`ListFilter::from_query`) and shows what
//! the list's first page would show, with the same translated problems for values that cannot
//! be used (never an error status). `lang=en|fr|uk` chooses its language; without it (or with
//! another value) it speaks the reader's, as the site's pages choose it (`Accept-Language`).
//! Each initiative's title and summary are its version in that language when there is one,
//! else the original, marked with `lang` when they differ from the page's, as on the site's
//! cards (`components::versions`).

use crate::components::labels::{locale_of, type_name};
use crate::components::versions::{card_note, lang_if_differs};
use crate::domain::{FilterProblem, ListFilter, PublicRecord, UiLanguage, PAGE_SIZE};
use crate::i18n::*;
use crate::server::state::AppState;
use crate::web::refusal::escape;
use crate::wire::types::{ListPage, Origin};
use axum::{
    extract::{RawQuery, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use std::sync::LazyLock;

/// The embed's whole stylesheet: light and dark by the reader's preference, the one a page
/// around it sees in its own `prefers-color-scheme` (Chromium 156 gives a frame the reader's
/// preference whatever `color-scheme` the framing page declares), readable from 280 px wide.
pub const STYLE: &str = ":root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#575757;\
--line:#d0d4da;--accent:#0050a4;--warn:#b58900}\
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#eceff3;--muted:#b4bac3;\
--line:#3a4049;--accent:#8cc4ff;--warn:#e0b84a}}\
*{box-sizing:border-box}\
body{margin:0;padding:.75rem;background:var(--bg);color:var(--fg);\
font:1rem/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;\
overflow-wrap:anywhere}\
a{color:var(--accent);text-underline-offset:.15em}\
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}\
.site{margin:0;font-size:.85rem;font-weight:600;color:var(--muted)}\
h1{font-size:1.15rem;margin:.1rem 0 .5rem}\
ul{list-style:none;margin:0;padding:0}\
li{border-top:1px solid var(--line);padding:.5rem 0}\
h2{font-size:1rem;margin:0}\
h2 a,.all a{display:block;padding:.2rem 0}\
.place{margin:.1rem 0 0;font-size:.875rem;color:var(--muted)}\
.summary{margin:.25rem 0 0;font-size:.9rem}\
.badge{border:1px solid var(--muted);border-radius:1rem;padding:0 .4rem;font-size:.8rem}\
.problems{border-left:4px solid var(--warn);padding:.1rem .75rem;margin:.5rem 0}\
.problems p,.problems ul{margin:.25rem 0}\
.problems li{border:0;padding:0}\
.all{border-top:1px solid var(--line);margin:0;padding-top:.5rem;font-weight:600}\
.note,.version{margin:.25rem 0 0;font-size:.8rem;color:var(--muted)}";

/// The embed's Content-Security-Policy: nothing may load or run but its own inline stylesheet
/// (by its hash), and any site may frame it.
pub static POLICY: LazyLock<String> = LazyLock::new(|| {
    use sha2::{Digest, Sha256};
    let hash = data_encoding::BASE64.encode(&Sha256::digest(STYLE.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; \
         frame-ancestors *"
    )
});

/// A sentence with one value from the address in it, the value isolated (`<bdi>`) so its
/// direction cannot reorder the sentence. `sentence` is the translation made with `MARK` in the
/// value's place.
fn with_value(sentence: &str, value: &str) -> String {
    match sentence.split_once(MARK) {
        Some((before, after)) => format!(
            "{}<bdi>{}</bdi>{}",
            escape(before),
            escape(value),
            escape(after)
        ),
        None => escape(sentence),
    }
}

/// "Confirmed by the city on <time datetime=…>3 March 2026</time>" (or "Not confirmed since",
/// "Ended on", "Ended") in `locale`, as the cards of the list say it (issue 23).
fn freshness_html(
    locale: Locale,
    lang: UiLanguage,
    card: &crate::wire::types::InitiativeCard,
) -> String {
    use crate::domain::{long_date, Freshness, IsoDate};
    let with_day =
        |sentence: &str, iso: &str| match (sentence.split_once(MARK), IsoDate::parse(iso)) {
            (Some((before, after)), Ok(day)) => format!(
                "{}<time datetime=\"{}\">{}</time>{}",
                escape(before),
                escape(iso),
                escape(&long_date(day, lang)),
                escape(after)
            ),
            _ => escape(sentence),
        };
    let text = match (card.freshness, &card.ended_on) {
        (Freshness::Ended, Some(end)) => with_day(
            &td_string!(locale, freshness.ended_on, date = MARK).to_string(),
            end,
        ),
        (Freshness::Ended, None) => escape(td_string!(locale, freshness.ended)),
        (Freshness::Unconfirmed, _) => with_day(
            &td_string!(locale, freshness.not_since, date = MARK).to_string(),
            &card.confirmed_on,
        ),
        (Freshness::Confirmed | Freshness::Due, _) => with_day(
            &td_string!(locale, freshness.confirmed_on, date = MARK).to_string(),
            &card.confirmed_on,
        ),
    };
    format!("<p class=\"freshness\">{text}</p>")
}

/// Stands for a value while its sentence is translated (a private-use character, which no
/// translation holds).
const MARK: &str = "\u{E000}";

/// A problem with the address, as the list page words it, in `locale` (HTML).
fn problem_html(locale: Locale, problem: &FilterProblem) -> String {
    match problem {
        FilterProblem::UnknownCountry(v) => with_value(
            &td_string!(locale, list.unknown_country, value = MARK).to_string(),
            v,
        ),
        FilterProblem::BadCity(v) => with_value(
            &td_string!(locale, list.bad_city, value = MARK).to_string(),
            v,
        ),
        FilterProblem::UnknownType(v) => with_value(
            &td_string!(locale, list.unknown_type, value = MARK).to_string(),
            v,
        ),
        FilterProblem::UnknownCommitment(v) => with_value(
            &td_string!(locale, list.unknown_commitment, value = MARK).to_string(),
            v,
        ),
        FilterProblem::UnknownFreshness(v) => with_value(
            &td_string!(locale, list.unknown_freshness, value = MARK).to_string(),
            v,
        ),
        FilterProblem::UnknownSort(v) => with_value(
            &td_string!(locale, list.unknown_sort, value = MARK).to_string(),
            v,
        ),
        FilterProblem::BadPage(v) => with_value(
            &td_string!(locale, list.bad_page, value = MARK).to_string(),
            v,
        ),
        FilterProblem::QueryShortened => escape(td_string!(locale, list.query_shortened)),
    }
}

/// The link attributes of every link: the directory opens in a new tab, which cannot reach
/// back into the page that framed the embed.
const NEW_TAB: &str = "target=\"_blank\" rel=\"noopener\"";

/// The embed's page for the list `page` in `lang`; its links back to the site keep `keep`, the
/// language its own address names (`?lang=uk`), so a reader who opens one stays in it.
pub fn page_html(page: &ListPage, lang: UiLanguage, keep: Option<UiLanguage>) -> String {
    let locale = locale_of(lang);
    let link = |href: String| crate::domain::with_language(&href, keep);
    let mut out = String::with_capacity(2048 + page.items.len() * 700);
    let title = td_string!(locale, embed.frame_title);
    out.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>",
        lang.as_str(),
        escape(title),
    ));
    out.push_str(&format!(
        "<p class=\"site\">{}</p><h1>{}</h1>",
        escape(td_string!(locale, site.name)),
        escape(&td_string!(locale, list.results, count = page.total).to_string()),
    ));
    if !page.problems.is_empty() {
        out.push_str(&format!(
            "<div class=\"problems\" role=\"status\"><p>{}</p><ul>",
            escape(td_string!(locale, list.problems))
        ));
        for problem in &page.problems {
            out.push_str(&format!("<li>{}</li>", problem_html(locale, problem)));
        }
        out.push_str("</ul></div>");
    }
    if page.items.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>",
            escape(td_string!(locale, list.empty))
        ));
    } else {
        out.push_str("<ul>");
        for card in &page.items {
            let types: Vec<&str> = card.types.iter().map(|t| type_name(locale, *t)).collect();
            let sample = if card.origin == Origin::Sample {
                format!(
                    " <span class=\"badge\">{}</span>",
                    escape(td_string!(locale, site.sample_badge))
                )
            } else {
                String::new()
            };
            let types = if types.is_empty() {
                String::new()
            } else {
                format!(" · {}", escape(&types.join(", ")))
            };
            let text = card.text_for(lang);
            let text_lang = lang_if_differs(text.language, lang)
                .map(|code| format!(" lang=\"{code}\""))
                .unwrap_or_default();
            let note = card_note(locale, &text)
                .map(|note| format!("<p class=\"version\">{}</p>", escape(&note)))
                .unwrap_or_default();
            let freshness = freshness_html(locale, lang, card);
            out.push_str(&format!(
                "<li><h2><a href=\"{}\" {NEW_TAB} dir=\"auto\"{text_lang}>{}</a></h2>\
                 <p class=\"place\"><bdi>{}</bdi>, {}{types}{sample}</p>{freshness}\
                 <p class=\"summary\" dir=\"auto\"{text_lang}>{}</p>{note}</li>",
                escape(&link(PublicRecord::path_of(&card.slug))),
                escape(text.title),
                escape(&card.city),
                escape(card.country.name(lang)),
                escape(text.summary),
            ));
        }
        out.push_str("</ul>");
    }
    if page.total > 0 {
        let query = page.filter.with_page(1).to_query();
        let all = if query.is_empty() {
            "/initiatives".to_owned()
        } else {
            format!("/initiatives?{query}")
        };
        out.push_str(&format!(
            "<p class=\"all\"><a href=\"{}\" {NEW_TAB}>{}</a></p>",
            escape(&link(all)),
            escape(&td_string!(locale, embed.see_all, count = page.total).to_string()),
        ));
    }
    out.push_str(&format!(
        "<p class=\"note\">{}</p></main></body></html>",
        escape(td_string!(locale, embed.new_tab))
    ));
    out
}

/// `GET /embed/initiatives?…`: the first [`PAGE_SIZE`] initiatives of the view (in its order,
/// newest first unless `sort=` says otherwise), its total and a link to all of them.
pub async fn embed(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    request: axum::http::request::Parts,
) -> Response {
    let query = query.unwrap_or_default();
    let (filter, problems) = ListFilter::from_query(&query);
    // The embed always shows the first page: a page number does not matter to it.
    let problems: Vec<FilterProblem> = problems
        .into_iter()
        .filter(|p| !matches!(p, FilterProblem::BadPage(_)))
        .collect();
    let reader = crate::web::reader::language_of(&request);
    let (lang, keep) = (
        reader.language,
        reader.from_address().then_some(reader.language),
    );
    let page = state
        .directory
        .snapshot()
        .list(filter.with_page(1), problems);
    debug_assert!(page.items.len() <= PAGE_SIZE);
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // Framed on other sites' pages, which readers load often: browsers may keep it a
            // few minutes (the page cache keeps it until the directory changes).
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            // Without `lang=` it speaks the reader's language.
            (
                header::VARY,
                HeaderValue::from_static("accept-language, cookie"),
            ),
        ],
        page_html(&page, lang, keep),
    )
        .into_response();
    // Always valid (ASCII); without it the middleware's script-less policy would refuse framing.
    if let Ok(policy) = HeaderValue::from_str(&POLICY) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_from_the_address_is_escaped_and_isolated_in_its_sentence() {
        assert_eq!(
            with_value("unknown country “\u{E000}” was ignored", "<b>\u{202E}&"),
            "unknown country “<bdi>&lt;b&gt;\u{202E}&amp;</bdi>” was ignored"
        );
        assert_eq!(with_value("no value <here>", "x"), "no value &lt;here&gt;");
    }

    #[test]
    fn each_card_shows_the_pages_language_version_else_the_original_marked_with_its_language() {
        use crate::domain::{ActivityStatus, CountryCode, VersionSource};
        use crate::wire::types::{CardVersion, InitiativeCard};
        let card = InitiativeCard {
            slug: "krakow-welcome".into(),
            text_language: UiLanguage::En,
            translations: vec![CardVersion {
                language: UiLanguage::Fr,
                title: "Point d'accueil".into(),
                summary: "Des bénévoles accueillent les trains.".into(),
                source: VersionSource::Machine,
                outdated: true,
            }],
            title: "Welcome point".into(),
            summary: "Volunteers meet trains.".into(),
            city: "Kraków".into(),
            country: CountryCode::parse("PL").unwrap(),
            types: vec![],
            activity: ActivityStatus::Completed,
            origin: Origin::Imported,
            published: "2022-02-25".into(),
            confirmed_on: "2022-02-25".into(),
            freshness: crate::domain::Freshness::Ended,
            ended_on: None,
        };
        let page = ListPage {
            filter: ListFilter::default(),
            problems: vec![],
            items: vec![card],
            total: 1,
            pages: 1,
            countries: vec![],
            types: vec![],
            commitments: vec![],
            freshness: vec![],
        };
        let fr = page_html(&page, UiLanguage::Fr, None);
        assert!(fr.contains("dir=\"auto\">Point d&#39;accueil</a>"), "{fr}");
        assert!(fr.contains(
            "<p class=\"version\">Traduction automatique · Traduction peut-être pas à jour</p>"
        ));
        assert!(!fr.contains("lang=\"en\""));
        let uk = page_html(&page, UiLanguage::Uk, None);
        assert!(
            uk.contains("dir=\"auto\" lang=\"en\">Welcome point</a>"),
            "{uk}"
        );
        assert!(uk
            .contains("<p class=\"summary\" dir=\"auto\" lang=\"en\">Volunteers meet trains.</p>"));
        assert!(!uk.contains("class=\"version\""));
    }

    #[test]
    fn the_policy_allows_its_own_stylesheet_and_any_framing_site_and_nothing_else() {
        let policy = POLICY.as_str();
        assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(policy.ends_with("; frame-ancestors *"));
        assert!(!policy.contains("script-src") && !policy.contains("unsafe"));
        for directive in ["base-uri 'none'", "form-action 'none'"] {
            assert!(policy.contains(directive), "{directive}");
        }
    }
}
