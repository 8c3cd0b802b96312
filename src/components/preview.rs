//! An initiative as the public will see it, before it is public, on the moderators' review page
//! (the markup is the island's, `islands::preview`). Also the table of what an edit changes.

use crate::components::form_text::preview_text;
use crate::components::labels::{
    activity_label, field_label, language_name, type_label, ui_language, I18n,
};
use crate::components::language::lang_unless_page;
use crate::domain::{Field, NewInitiative, SubmitForm, UiLanguage};
use crate::i18n::*;
use crate::islands::preview::InitiativePreview as Preview;
use leptos::prelude::*;

/// The island's preview (`islands::preview`), with its texts from the locales: one markup for
/// both.
#[component]
pub fn InitiativePreview(initiative: NewInitiative) -> impl IntoView {
    let i18n = use_i18n();
    let country = initiative.country.name(ui_language(i18n)).to_owned();
    view! {
        <Preview initiative text=preview_text(i18n) country/>
    }
}

/// A field's value as a person reads it, for the table of changes.
fn shown(i18n: I18n, form: &SubmitForm, field: Field) -> String {
    use crate::domain::{ActivityStatus, Commitment, CountryCode, InitiativeType, LanguageCode};
    match field {
        Field::Country => CountryCode::parse(&form.country)
            .map(|c| c.name(ui_language(i18n)).to_owned())
            .unwrap_or_default(),
        Field::Types => form
            .types
            .iter()
            .filter_map(|t| InitiativeType::parse(t).ok())
            .map(|t| type_label(i18n, t))
            .collect::<Vec<_>>()
            .join(", "),
        Field::Commitments => form
            .commitments
            .iter()
            .filter_map(|c| Commitment::parse(c).ok())
            .map(|c| c.number().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Field::TextLanguage => UiLanguage::from_code(&form.text_language)
            .map(|l| language_name(i18n, l).to_owned())
            .unwrap_or_default(),
        Field::Activity => ActivityStatus::parse(&form.activity)
            .map(|a| activity_label(i18n, a).to_owned())
            .unwrap_or_default(),
        Field::Languages => form
            .languages
            .iter()
            .filter_map(|l| LanguageCode::parse(l).ok())
            .map(|l| l.endonym())
            .collect::<Vec<_>>()
            .join(", "),
        other => form.value(other),
    }
}

/// The language a field's value is written in, when it is the initiative's text: the
/// original's for the title, summary and description, the version's own for a version.
fn text_language(form: &SubmitForm, field: Field) -> Option<UiLanguage> {
    match field {
        Field::Title | Field::Summary | Field::Description => {
            UiLanguage::from_code(&form.text_language)
        }
        Field::Version(language, _) => Some(language),
        _ => None,
    }
}

/// What an edit changes: one row per changed field (a version's parts named by their
/// language), before and after; text in another language than the page's carries `lang`.
#[component]
pub fn ChangesTable(before: SubmitForm, after: SubmitForm, fields: Vec<Field>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="changes">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, admin.field)}</th>
                    <th scope="col">{t!(i18n, admin.before)}</th>
                    <th scope="col">{t!(i18n, admin.after)}</th>
                </tr>
            </thead>
            <tbody>
                {fields
                    .into_iter()
                    .map(|f| {
                        let (b, a) = (before.clone(), after.clone());
                        let lang_b = text_language(&b, f).and_then(|l| lang_unless_page(i18n, l));
                        let lang_a = text_language(&a, f).and_then(|l| lang_unless_page(i18n, l));
                        view! {
                            <tr>
                                <th scope="row">{move || field_label(i18n, f)}</th>
                                <td><del lang=lang_b dir="auto">{move || shown(i18n, &b, f)}</del></td>
                                <td><ins lang=lang_a dir="auto">{move || shown(i18n, &a, f)}</ins></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
