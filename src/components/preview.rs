//! An initiative as the public will see it, before it is public: the review step of the form
//! and the moderators' review page. Also the table of what an edit changes.

use crate::components::labels::{
    activity_label, commitment_label, field_label, type_label, ui_language, I18n,
};
use crate::domain::{Field, NewInitiative, SubmitForm};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn InitiativePreview(initiative: NewInitiative) -> impl IntoView {
    let i18n = use_i18n();
    let i = initiative;
    let country = i.country;
    let activity = i.activity;
    let description = i.description.as_ref().map(|d| {
        d.as_str()
            .split("\n\n")
            .map(|para| view! { <p dir="auto">{para.to_owned()}</p> })
            .collect_view()
    });
    let languages = (!i.languages.is_empty()).then(|| {
        i.languages
            .iter()
            .map(|l| l.endonym())
            .collect::<Vec<_>>()
            .join(", ")
    });
    view! {
        <div class="preview">
            <h3 dir="auto">{i.title.as_str().to_owned()}</h3>
            <p class="place">
                <bdi>{i.city.as_str().to_owned()}</bdi> ", " {move || country.name(ui_language(i18n))}
            </p>
            <p class="lead" dir="auto">{i.summary.as_str().to_owned()}</p>
            {description}
            <dl class="facts">
                <dt>{t!(i18n, detail.status)}</dt>
                <dd>{move || activity_label(i18n, activity)}</dd>
                <dt>{t!(i18n, detail.types)}</dt>
                <dd>
                    {i.types
                        .iter()
                        .map(|&t| move || type_label(i18n, t))
                        .map(|l| view! { <span class="tag">{l}</span> " " })
                        .collect_view()}
                </dd>
                {(!i.commitments.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t!(i18n, detail.commitments)}</dt>
                            <dd>
                                <ul>
                                    {i.commitments
                                        .iter()
                                        .map(|&c| {
                                            view! {
                                                <li>{c.number()} ". " {move || commitment_label(i18n, c)}</li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </dd>
                        }
                    })}
                {i.start_date.map(|d| view! {
                    <dt>{t!(i18n, detail.started)}</dt>
                    <dd>{d.to_string()}</dd>
                })}
                {i.end_date.map(|d| view! {
                    <dt>{t!(i18n, detail.ended)}</dt>
                    <dd>{d.to_string()}</dd>
                })}
                {i.website.as_ref().map(|w| view! {
                    <dt>{t!(i18n, detail.website)}</dt>
                    <dd class="break" dir="auto">{w.as_str().to_owned()}</dd>
                })}
                {i.contact_email.as_ref().map(|e| view! {
                    <dt>{t!(i18n, detail.contact)}</dt>
                    <dd class="break" dir="auto">{e.as_str().to_owned()}</dd>
                })}
                {languages.map(|l| view! {
                    <dt>{t!(i18n, detail.languages)}</dt>
                    <dd>{l}</dd>
                })}
            </dl>
        </div>
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
                        view! {
                            <tr>
                                <th scope="row">{move || field_label(i18n, f)}</th>
                                <td><del dir="auto">{move || shown(i18n, &b, f)}</del></td>
                                <td><ins dir="auto">{move || shown(i18n, &a, f)}</ins></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
