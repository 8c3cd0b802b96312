//! How an initiative's text says which language it is in (issue 17). A reader sees the version
//! in the interface's language when there is one, else the original; whatever is shown, every
//! block whose language differs from the page's carries `lang` (WCAG 2.2, 3.1.2 Language of
//! Parts: a screen reader otherwise reads English with Ukrainian pronunciation), a
//! translation says who made it (a machine's is always labelled), and one made from an earlier
//! text of the original says it may be out of date. The wording lives here once, by `Locale`,
//! for the pages and for the embed, which is written without the page's i18n context.

use crate::components::labels::{locale_of, ui_language};
use crate::components::language::keep_language;
use crate::domain::{ShownText, UiLanguage, VersionSource, VERSION_PARAMETER};
use crate::i18n::*;
use crate::wire::types::{CardText, InitiativeDetail};
use leptos::prelude::*;

/// `lang` for a block of initiative text in `text` on a page in `page`: its code when the two
/// differ, else nothing (the page's own `<html lang>` covers it).
pub fn lang_if_differs(text: UiLanguage, page: UiLanguage) -> Option<&'static str> {
    (text != page).then(|| text.as_str())
}

/// A language's name in itself, as the language switcher writes it.
pub fn endonym(language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => "English",
        UiLanguage::Fr => "Français",
        UiLanguage::Uk => "Українська",
    }
}

/// "Text in French", in `locale`.
pub fn text_in(locale: Locale, language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => td_string!(locale, versions.text_en),
        UiLanguage::Fr => td_string!(locale, versions.text_fr),
        UiLanguage::Uk => td_string!(locale, versions.text_uk),
    }
}

/// "Original text in French", in `locale`.
pub fn original_in(locale: Locale, language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => td_string!(locale, versions.original_en),
        UiLanguage::Fr => td_string!(locale, versions.original_fr),
        UiLanguage::Uk => td_string!(locale, versions.original_uk),
    }
}

/// "Show the original (French)", in `locale`.
pub fn show_original(locale: Locale, language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => td_string!(locale, versions.show_original_en),
        UiLanguage::Fr => td_string!(locale, versions.show_original_fr),
        UiLanguage::Uk => td_string!(locale, versions.show_original_uk),
    }
}

/// Who made a translation, as a sentence in `locale`; nothing for the original.
pub fn made_by(locale: Locale, source: VersionSource) -> Option<&'static str> {
    match source {
        VersionSource::Original => None,
        VersionSource::Submitter => Some(td_string!(locale, versions.by_submitter)),
        VersionSource::Moderator => Some(td_string!(locale, versions.by_moderator)),
        VersionSource::Machine => Some(td_string!(locale, versions.by_machine)),
    }
}

/// The short note a card (or the embed) adds under a translation that is a machine's or
/// possibly out of date; nothing for any other text.
pub fn card_note(locale: Locale, text: &CardText<'_>) -> Option<String> {
    let notes: Vec<&str> = [
        (text.source == VersionSource::Machine).then(|| td_string!(locale, versions.card_machine)),
        text.outdated
            .then(|| td_string!(locale, versions.card_outdated)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!notes.is_empty()).then(|| notes.join(" · "))
}

/// The address of the detail page showing the version in `language`, keeping the page's
/// `lang=`.
pub fn version_href(slug: &str, language: UiLanguage) -> String {
    keep_language(&format!(
        "/initiatives/{slug}?{VERSION_PARAMETER}={}",
        language.as_str()
    ))
}

/// The detail page's line about the text shown: its language (and that it is the original, or
/// who translated it), a possibly outdated translation's notice, a link to the original while
/// a translation shows, and links to the other versions ("Also in: Français · Українська"),
/// each named in its own language. Plain links (`?version=fr`): they work without JavaScript.
/// Nothing when there is nothing to say: the original, in the page's language, alone.
#[component]
pub fn VersionLine(d: InitiativeDetail, shown: ShownText) -> impl IntoView {
    let i18n = use_i18n();
    let page = ui_language(i18n);
    let locale = locale_of(page);
    let others = d.other_versions(shown.language);
    let original = d.text_language;
    let is_original = shown.source == VersionSource::Original;
    if is_original && shown.language == page && others.is_empty() {
        return None;
    }
    let original_href = version_href(&d.slug, original);
    let original_link = move || {
        view! {
            <a href=original_href.clone() hreflang=original.as_str()>
                {show_original(locale, original)}
            </a>
        }
    };
    let slug = d.slug;
    let also_in = (!others.is_empty()).then(|| {
        let links = others
            .iter()
            .enumerate()
            .map(|(k, &l)| {
                view! {
                    {(k > 0).then_some(" · ")}
                    <a href=version_href(&slug, l) lang=l.as_str() hreflang=l.as_str()>
                        {endonym(l)}
                    </a>
                }
            })
            .collect_view();
        view! { <p>{td_string!(locale, versions.also_in)} " " {links}</p> }
    });
    let first = if is_original {
        view! { <p>{original_in(locale, shown.language)}</p> }.into_any()
    } else {
        view! {
            <p>
                {text_in(locale, shown.language)} ". "
                {made_by(locale, shown.source)}
                {(!shown.outdated).then(|| view! { " " {original_link()} })}
            </p>
        }
        .into_any()
    };
    let outdated = shown.outdated.then(|| {
        view! {
            <p class="notice warning">
                {td_string!(locale, versions.outdated)} " " {original_link()}
            </p>
        }
    });
    // A note (ancillary to the text), named, so it can be found and skipped.
    Some(view! {
        <div class="versions" role="note" aria-label=td_string!(locale, versions.label)>
            {first}
            {outdated}
            {also_in}
        </div>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use UiLanguage::{En, Fr, Uk};

    #[test]
    fn only_text_in_another_language_than_the_page_carries_lang() {
        assert_eq!(lang_if_differs(Uk, En), Some("uk"));
        assert_eq!(lang_if_differs(En, Fr), Some("en"));
        for l in UiLanguage::ALL {
            assert_eq!(lang_if_differs(l, l), None);
        }
    }

    fn card(source: VersionSource, outdated: bool) -> CardText<'static> {
        CardText {
            language: Fr,
            title: "t",
            summary: "s",
            source,
            outdated,
        }
    }

    #[test]
    fn a_card_notes_a_machine_translation_and_an_outdated_one_and_nothing_else() {
        let english = Locale::en;
        assert_eq!(
            card_note(english, &card(VersionSource::Original, false)),
            None
        );
        assert_eq!(
            card_note(english, &card(VersionSource::Submitter, false)),
            None
        );
        assert_eq!(
            card_note(english, &card(VersionSource::Moderator, true)).as_deref(),
            Some("Translation may be out of date")
        );
        assert_eq!(
            card_note(english, &card(VersionSource::Machine, true)).as_deref(),
            Some("Machine translation · Translation may be out of date")
        );
        assert_eq!(
            card_note(Locale::uk, &card(VersionSource::Machine, false)).as_deref(),
            Some("Машинний переклад")
        );
    }

    #[test]
    fn the_original_names_no_translator_and_a_machine_is_always_named() {
        assert_eq!(made_by(Locale::fr, VersionSource::Original), None);
        assert_eq!(
            made_by(Locale::fr, VersionSource::Machine),
            Some("Traduction automatique.")
        );
        assert_eq!(
            show_original(Locale::uk, En),
            "Показати оригінал (англійською)"
        );
        assert_eq!(text_in(Locale::fr, Uk), "Texte en ukrainien");
    }
}
