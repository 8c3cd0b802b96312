//! `/declaration`: the full text of the Declaration on Solidarity with Ukraine in the reader's
//! language, with each commitment linked to the initiatives that serve it. The declaration was
//! adopted in English; the French and Ukrainian texts are translations, and say so, with a link
//! to the English original.

use crate::components::labels::ui_language;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::domain::UiLanguage;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The declaration's text in one language: the network's introduction, the date, the
/// considerations, the five commitments (numbered 1–5 as in the filters) and the closing words.
pub struct DeclarationText {
    pub intro: &'static str,
    pub date: &'static str,
    pub preamble: &'static [&'static str],
    pub commitments: [&'static str; 5],
    pub closing: &'static [&'static str],
}

/// The English text: the one adopted on 4 March 2022, and the authentic version.
static EN: DeclarationText = DeclarationText {
    intro: "The ICC network is a coalition of cities committed to building peaceful, human rights based intercultural societies. Gathering on 4 March in an extraordinary meeting ICC members adopted a Declaration on Solidarity with Ukraine and agreed to collect and share information on the initiatives they are undertaking in support of the population during these tragic moments. The resources below will be regularly updated.",
    date: "4 March 2022",
    preamble: &[
        "Dismayed by the armed attack on Ukraine, a sovereign European state, by the Russian Federation, disregarding international law, cooperation and diplomacy;",
        "Acknowledging that the courage showed by Ukrainian citizens and their leaders to defend their land, institutions and democratic achievements is admirable, and a sacrifice for the protection the European values we all cherish and share;",
        "Outraged by the deaths and tragedy brought by this attack on the Ukrainian land and people, and deeply saddened by the long-term consequences of this situation on Europeans a whole, including the Russian people;",
        "Worried by the perspective of serious threats to global security and peaceful coexistence, as well as to the human rights and democratic order put in place on the continent since the foundation of the Council of Europe, in particular at local level through the Intercultural Cities programme;",
        "Praising the solidarity of European citizens and the courageous decisions swiftly taken by the leaders of our respective countries;",
        "Renewing our commitment towards building inclusive, peaceful, resilient, and intercultural societies by making equality, the diversity advantage, meaningful intercultural interaction and participation the political pillars for ensuring citizens’ well-being and enforcement of human rights,",
        "We, Mayors of Intercultural Cities worldwide, #StandwithUkraine and renew our long-term and sustainable support and solidarity to its people and leaders by:",
    ],
    commitments: COMMITMENTS,
    closing: &[
        "An unprecedented event requires an unprecedented response: ICC cities call on Mayors across the globe to stand in solidarity and united for peace.",
    ],
};

/// The five commitments in English, numbered 1–5 as in the filters.
pub const COMMITMENTS: [&str; 5] = [
    "Offering support to cities organising the emergency reception of people fleeing the war in Ukraine, including by sharing our experience in welcoming policies with any local authority that needs it;",
    "Declaring determination to host and include those seeking refuge in our cities, and to seek collaboration and support for this purpose from our respective state authorities;",
    "Calling on state leaders to continue enforcing the many courageous decisions taken so far, and to consider additional measures and diplomatic efforts should the acts of aggression not cease immediately;",
    "Declaring our readiness to help Ukrainian cities to rebuild their urban fabric and communities, with the support of the Intercultural Cities network;",
    "Standing strong and speaking up against any forms of hatred and discrimination generated as a consequence of the war against Ukraine.",
];

/// A French translation (not authentic: the English text is).
static FR: DeclarationText = DeclarationText {
    intro: "Le réseau des Cités interculturelles (ICC) est une coalition de villes engagées à bâtir des sociétés interculturelles pacifiques, fondées sur les droits de l'homme. Réunis en séance extraordinaire le 4 mars, les membres du réseau ICC ont adopté une Déclaration de solidarité avec l'Ukraine et sont convenus de recueillir et de partager des informations sur les initiatives qu'ils mènent pour soutenir la population en ces moments tragiques. Les ressources ci-dessous seront régulièrement mises à jour.",
    date: "4 mars 2022",
    preamble: &[
        "Consternés par l'attaque armée menée par la Fédération de Russie contre l'Ukraine, État européen souverain, au mépris du droit international, de la coopération et de la diplomatie ;",
        "Reconnaissant que le courage dont ont fait preuve les citoyens ukrainiens et leurs dirigeants pour défendre leur terre, leurs institutions et leurs acquis démocratiques est admirable, et constitue un sacrifice pour la protection des valeurs européennes qui nous sont chères et que nous partageons tous ;",
        "Indignés par les morts et la tragédie qu'entraîne cette attaque contre la terre et le peuple ukrainiens, et profondément attristés par les conséquences à long terme de cette situation pour l'ensemble des Européens, y compris le peuple russe ;",
        "Préoccupés par la perspective de graves menaces pour la sécurité mondiale et la coexistence pacifique, ainsi que pour les droits de l'homme et l'ordre démocratique instaurés sur le continent depuis la création du Conseil de l'Europe, en particulier au niveau local grâce au programme des Cités interculturelles ;",
        "Saluant la solidarité des citoyens européens et les décisions courageuses prises rapidement par les dirigeants de nos pays respectifs ;",
        "Renouvelant notre engagement à bâtir des sociétés inclusives, pacifiques, résilientes et interculturelles, en faisant de l'égalité, de l'avantage de la diversité, d'une interaction interculturelle significative et de la participation les piliers politiques qui assurent le bien-être des citoyens et le respect effectif des droits de l'homme,",
        "Nous, maires des Cités interculturelles du monde entier, sommes aux côtés de l'Ukraine (#StandwithUkraine) et renouvelons notre soutien et notre solidarité durables et à long terme envers son peuple et ses dirigeants, en :",
    ],
    commitments: [
        "Offrant notre soutien aux villes qui organisent l'accueil d'urgence des personnes fuyant la guerre en Ukraine, notamment en partageant notre expérience des politiques d'accueil avec toute autorité locale qui en a besoin ;",
        "Déclarant notre détermination à accueillir et à inclure dans nos villes les personnes qui y cherchent refuge, et à solliciter à cette fin la collaboration et le soutien des autorités de nos États respectifs ;",
        "Appelant les dirigeants des États à continuer d'appliquer les nombreuses décisions courageuses prises jusqu'à présent, et à envisager des mesures et des efforts diplomatiques supplémentaires si les actes d'agression ne cessent pas immédiatement ;",
        "Nous déclarant prêts à aider les villes ukrainiennes à reconstruire leur tissu urbain et leurs communautés, avec le soutien du réseau des Cités interculturelles ;",
        "Restant fermes et nous élevant contre toute forme de haine et de discrimination engendrée par la guerre contre l'Ukraine.",
    ],
    closing: &[
        "Un événement sans précédent appelle une réponse sans précédent : les villes du réseau ICC appellent les maires du monde entier à se montrer solidaires et unis pour la paix.",
    ],
};

/// A Ukrainian translation (not authentic: the English text is).
static UK: DeclarationText = DeclarationText {
    intro: "Мережа Інтеркультурних міст (ICC) — це коаліція міст, які прагнуть будувати мирні інтеркультурні суспільства, засновані на правах людини. Зібравшись 4 березня на позачергове засідання, члени мережі ICC ухвалили Декларацію про солідарність з Україною та домовилися збирати й поширювати інформацію про ініціативи, які вони здійснюють на підтримку населення в ці трагічні часи. Наведені нижче ресурси регулярно оновлюватимуться.",
    date: "4 березня 2022 року",
    preamble: &[
        "Приголомшені збройним нападом Російської Федерації на Україну, суверенну європейську державу, скоєним усупереч міжнародному праву, співпраці та дипломатії;",
        "Визнаючи, що мужність, яку виявили громадяни України та їхні керівники, захищаючи свою землю, інституції та демократичні здобутки, гідна захоплення і є жертвою заради захисту європейських цінностей, які всі ми плекаємо й поділяємо;",
        "Обурені загибеллю людей і трагедією, які цей напад приніс українській землі та українському народові, і глибоко засмучені довгостроковими наслідками цієї ситуації для всіх європейців, зокрема й для російського народу;",
        "Стурбовані перспективою серйозних загроз глобальній безпеці та мирному співіснуванню, а також правам людини й демократичному порядку, утвердженим на континенті від часу заснування Ради Європи, зокрема на місцевому рівні завдяки програмі «Інтеркультурні міста»;",
        "Високо оцінюючи солідарність європейських громадян і сміливі рішення, швидко ухвалені керівниками наших країн;",
        "Знову підтверджуючи нашу відданість розбудові інклюзивних, мирних, стійких та інтеркультурних суспільств, роблячи рівність, перевагу різноманіття, змістовну інтеркультурну взаємодію та участь політичними опорами для забезпечення добробуту громадян і дотримання прав людини,",
        "Ми, мери Інтеркультурних міст з усього світу, підтримуємо Україну (#StandwithUkraine) і поновлюємо нашу довгострокову та сталу підтримку її народу й керівництва та солідарність з ними:",
    ],
    commitments: [
        "Пропонуючи підтримку містам, які організовують екстрений прийом людей, що тікають від війни в Україні, зокрема ділячись нашим досвідом політики прийому з будь-яким органом місцевої влади, який цього потребує;",
        "Заявляючи про нашу рішучість приймати та інтегрувати в наших містах тих, хто шукає притулку, і прагнути з цією метою співпраці та підтримки з боку органів влади наших держав;",
        "Закликаючи керівників держав і надалі забезпечувати виконання численних сміливих рішень, ухвалених досі, та розглянути додаткові заходи й дипломатичні зусилля, якщо акти агресії не буде негайно припинено;",
        "Заявляючи про нашу готовність допомогти українським містам відбудувати міське середовище та громади за підтримки мережі Інтеркультурних міст;",
        "Непохитно протистоячи будь-яким формам ненависті та дискримінації, спричиненим війною проти України, і відкрито виступаючи проти них.",
    ],
    closing: &[
        "Безпрецедентна подія вимагає безпрецедентної відповіді: міста мережі ICC закликають мерів усього світу виявити солідарність і об'єднатися заради миру.",
    ],
};

/// The declaration's text in `lang`.
pub fn declaration_text(lang: UiLanguage) -> &'static DeclarationText {
    match lang {
        UiLanguage::En => &EN,
        UiLanguage::Fr => &FR,
        UiLanguage::Uk => &UK,
    }
}

#[component]
pub fn DeclarationPage() -> impl IntoView {
    let i18n = use_i18n();
    // The page is drawn once per language (a language change loads it again).
    let lang = untrack(|| ui_language(i18n));
    let text = declaration_text(lang);
    let about_text = match lang {
        UiLanguage::En => view! { {t!(i18n, declaration.original_note)} }.into_any(),
        UiLanguage::Fr | UiLanguage::Uk => view! {
            {t!(i18n, declaration.translation_note)} " "
            <a href="/declaration?lang=en" hreflang="en">
                {t!(i18n, declaration.original_link)} " (" <span lang="en">"English"</span> ")"
            </a>
        }
        .into_any(),
    };
    view! {
        <PageTitle page=move || t_string!(i18n, declaration.title).to_owned()/>
        <Meta name="description" content=text.intro/>
        <article class="page declaration">
            <h1>{t!(i18n, declaration.title)}</h1>
            <p class="note">{t!(i18n, declaration.adopted)} " " {about_text}</p>
            <div lang=lang.as_str()>
                <p class="lead">{text.intro}</p>
                <p><time datetime="2022-03-04">{text.date}</time></p>
                {text.preamble.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                <ol class="commitments">
                    {text
                        .commitments
                        .iter()
                        .enumerate()
                        .map(|(i, commitment)| {
                            let href = keep_language(&format!("/initiatives?commitment={}", i + 1));
                            view! {
                                <li>
                                    <p>{*commitment}</p>
                                    <p>
                                        <a href=href>{t!(i18n, declaration.browse)} " " {i + 1}</a>
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {text.closing.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_whole_text() {
        let en = declaration_text(UiLanguage::En);
        assert_eq!(en.commitments, COMMITMENTS);
        for lang in UiLanguage::ALL {
            let text = declaration_text(lang);
            assert_eq!(text.commitments.len(), 5, "{lang:?}");
            assert_eq!(text.preamble.len(), en.preamble.len(), "{lang:?}");
            assert_eq!(text.closing.len(), en.closing.len(), "{lang:?}");
            let all = [text.intro, text.date]
                .into_iter()
                .chain(text.preamble.iter().copied())
                .chain(text.commitments)
                .chain(text.closing.iter().copied());
            for paragraph in all {
                assert!(!paragraph.trim().is_empty(), "{lang:?}: an empty paragraph");
            }
        }
    }

    #[test]
    fn translations_are_not_the_english_text() {
        let en = declaration_text(UiLanguage::En);
        for lang in [UiLanguage::Fr, UiLanguage::Uk] {
            let text = declaration_text(lang);
            assert_ne!(text.intro, en.intro, "{lang:?}");
            for (i, (t, e)) in text.commitments.iter().zip(en.commitments).enumerate() {
                assert_ne!(*t, e, "{lang:?}: commitment {} is untranslated", i + 1);
            }
            for (t, e) in text.preamble.iter().zip(en.preamble) {
                assert_ne!(t, e, "{lang:?}: an untranslated consideration");
            }
        }
    }
}
