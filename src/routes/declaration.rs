//! `/declaration`: the full text of the Declaration on Solidarity with Ukraine (English original),
//! with each commitment linked to the initiatives that serve it.

use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The network's introduction to the declaration.
const INTRO: &str = "The ICC network is a coalition of cities committed to building peaceful, human rights based intercultural societies. Gathering on 4 March in an extraordinary meeting ICC members adopted a Declaration on Solidarity with Ukraine and agreed to collect and share information on the initiatives they are undertaking in support of the population during these tragic moments. The resources below will be regularly updated.";
const DATE: &str = "4 March 2022";
/// The considerations before the commitments.
const PREAMBLE: &[&str] = &[
    "Dismayed by the armed attack on Ukraine, a sovereign European state, by the Russian Federation, disregarding international law, cooperation and diplomacy;",
    "Acknowledging that the courage showed by Ukrainian citizens and their leaders to defend their land, institutions and democratic achievements is admirable, and a sacrifice for the protection the European values we all cherish and share;",
    "Outraged by the deaths and tragedy brought by this attack on the Ukrainian land and people, and deeply saddened by the long-term consequences of this situation on Europeans a whole, including the Russian people;",
    "Worried by the perspective of serious threats to global security and peaceful coexistence, as well as to the human rights and democratic order put in place on the continent since the foundation of the Council of Europe, in particular at local level through the Intercultural Cities programme;",
    "Praising the solidarity of European citizens and the courageous decisions swiftly taken by the leaders of our respective countries;",
    "Renewing our commitment towards building inclusive, peaceful, resilient, and intercultural societies by making equality, the diversity advantage, meaningful intercultural interaction and participation the political pillars for ensuring citizens’ well-being and enforcement of human rights,",
    "We, Mayors of Intercultural Cities worldwide, #StandwithUkraine and renew our long-term and sustainable support and solidarity to its people and leaders by:",
];
/// The five commitments, numbered 1–5 as in the filters.
pub const COMMITMENTS: [&str; 5] = [
    "Offering support to cities organising the emergency reception of people fleeing the war in Ukraine, including by sharing our experience in welcoming policies with any local authority that needs it;",
    "Declaring determination to host and include those seeking refuge in our cities, and to seek collaboration and support for this purpose from our respective state authorities;",
    "Calling on state leaders to continue enforcing the many courageous decisions taken so far, and to consider additional measures and diplomatic efforts should the acts of aggression not cease immediately;",
    "Declaring our readiness to help Ukrainian cities to rebuild their urban fabric and communities, with the support of the Intercultural Cities network;",
    "Standing strong and speaking up against any forms of hatred and discrimination generated as a consequence of the war against Ukraine.",
];
const CLOSING: &[&str] = &[
    "An unprecedented event requires an unprecedented response: ICC cities call on Mayors across the globe to stand in solidarity and united for peace.",
];

#[component]
pub fn DeclarationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle page=move || t_string!(i18n, declaration.title).to_owned()/>
        <Meta name="description" content=INTRO/>
        <article class="page declaration">
            <h1>{t!(i18n, declaration.title)}</h1>
            <p class="note">{t!(i18n, declaration.adopted)} " " {t!(i18n, declaration.original_note)}</p>
            <div lang="en">
                <p class="lead">{INTRO}</p>
                <p><time datetime="2022-03-04">{DATE}</time></p>
                {PREAMBLE.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                <ol class="commitments">
                    {COMMITMENTS
                        .iter()
                        .enumerate()
                        .map(|(i, text)| {
                            let href = keep_language(&format!("/initiatives?commitment={}", i + 1));
                            view! {
                                <li>
                                    <p>{*text}</p>
                                    <p>
                                        <a href=href>
                                            <span lang=move || i18n.get_locale().as_str()>
                                                {t!(i18n, declaration.browse)} " " {i + 1}
                                            </span>
                                        </a>
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {CLOSING.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
        </article>
    }
}
