//! An initiative as the public will see it, before it is public: the review step of the form
//! and (through `components::preview`) the moderators' review page. Its texts come as a prop.
//! The text in the original's language and each version in another carry `lang`, so a screen
//! reader reads each in its own language whatever the interface's.

use crate::domain::{LanguageCode, NewInitiative, UiLanguage};
use crate::islands::form_text::PreviewText;
use leptos::prelude::*;

/// `country` is the country's name in the interface language.
#[component]
pub fn InitiativePreview(
    initiative: NewInitiative,
    text: PreviewText,
    country: String,
) -> impl IntoView {
    let i = initiative;
    let t = text;
    let labels = &t.labels;
    let paragraphs = |text: &str, lang: &'static str| {
        text.split("\n\n")
            .map(|para| view! { <p lang=lang dir="auto">{para.to_owned()}</p> })
            .collect_view()
    };
    let lang = i.text_language.as_str();
    let description = i.description.as_ref().map(|d| paragraphs(d.as_str(), lang));
    let endonym = |l: UiLanguage| LanguageCode::parse(l.as_str()).map_or("", LanguageCode::endonym);
    let versions = i
        .translations
        .iter()
        .map(|v| {
            let l = v.language.as_str();
            view! {
                <section class="version-preview">
                    <h4>{t.version(v.language).to_owned()}</h4>
                    <p lang=l dir="auto"><strong>{v.title.as_str().to_owned()}</strong></p>
                    <p lang=l dir="auto">{v.summary.as_str().to_owned()}</p>
                    {v.description.as_ref().map(|d| paragraphs(d.as_str(), l))}
                </section>
            }
        })
        .collect_view();
    let languages = (!i.languages.is_empty()).then(|| {
        i.languages
            .iter()
            .map(|l| l.endonym())
            .collect::<Vec<_>>()
            .join(", ")
    });
    view! {
        <div class="preview">
            <h3 lang=lang dir="auto">{i.title.as_str().to_owned()}</h3>
            <p class="place">
                <bdi>{i.city.as_str().to_owned()}</bdi> ", " {country}
            </p>
            <p class="lead" lang=lang dir="auto">{i.summary.as_str().to_owned()}</p>
            {description}
            <dl class="facts">
                <dt>{t.text_language.clone()}</dt>
                <dd lang=lang>{endonym(i.text_language)}</dd>
                <dt>{t.status.clone()}</dt>
                <dd>{labels.activity_label(i.activity).to_owned()}</dd>
                <dt>{t.types.clone()}</dt>
                <dd>
                    {i.types
                        .iter()
                        .map(|&ty| labels.type_label(ty).to_owned())
                        .map(|l| view! { <span class="tag">{l}</span> " " })
                        .collect_view()}
                </dd>
                {(!i.commitments.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t.commitments.clone()}</dt>
                            <dd>
                                <ul>
                                    {i.commitments
                                        .iter()
                                        .map(|&c| {
                                            let label = labels.commitment_label(c).to_owned();
                                            view! { <li>{c.number()} ". " {label}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            </dd>
                        }
                    })}
                {i.start_date.map(|d| view! {
                    <dt>{t.started.clone()}</dt>
                    <dd>{d.to_string()}</dd>
                })}
                {i.end_date.map(|d| view! {
                    <dt>{t.ended.clone()}</dt>
                    <dd>{d.to_string()}</dd>
                })}
                {i.website.as_ref().map(|w| view! {
                    <dt>{t.website.clone()}</dt>
                    <dd class="break" dir="auto">{w.as_str().to_owned()}</dd>
                })}
                {i.contact_email.as_ref().map(|e| view! {
                    <dt>{t.contact.clone()}</dt>
                    <dd class="break" dir="auto">{e.as_str().to_owned()}</dd>
                })}
                {languages.map(|l| view! {
                    <dt>{t.languages.clone()}</dt>
                    <dd>{l}</dd>
                })}
            </dl>
            {versions}
        </div>
    }
}
