//! An initiative as the public will see it, before it is public, on the moderators' review page
//! (the markup is the island's, `islands::preview`). Also the table of what an edit changes.

use crate::components::form_text::preview_text;
use crate::components::labels::{activity_label, field_label, type_label, ui_language, I18n};
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
        Field::TextLanguage => LanguageCode::parse(&form.text_language)
            .map(|l| l.endonym().to_owned())
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

/// What an edit changes: one row per changed field, before and after.
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
                        // A version's text is in its own language; the original's in the
                        // language the form before or after names.
                        let lang = |form: &SubmitForm| match f {
                            Field::Version(l, _) => Some(l.as_str()),
                            Field::TextLanguage | Field::Title | Field::Summary | Field::Description => {
                                UiLanguage::from_code(&form.text_language).map(UiLanguage::as_str)
                            }
                            _ => None,
                        };
                        let (lang_before, lang_after) = (lang(&before), lang(&after));
                        view! {
                            <tr>
                                <th scope="row">{move || field_label(i18n, f)}</th>
                                <td><del lang=lang_before dir="auto">{move || shown(i18n, &b, f)}</del></td>
                                <td><ins lang=lang_after dir="auto">{move || shown(i18n, &a, f)}</ins></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
