//! `/privacy`: the privacy notice, in the reader's language — who processes what and why, who
//! receives it, how long each kind of data is kept (the retention settings' actual values, read
//! from the server), the person's rights and how to use them, the two strictly necessary
//! cookies, and no tracking; versioned with its date (`domain::PRIVACY_NOTICE_VERSION`).
//!
//! Why a page module rather than locale keys: the notice is long text that is read and changed
//! as a whole, by the secretariat's data protection staff; one text per language side by side
//! (as `declaration.rs` does) is easier to review than dozens of keys. The periods are numbers
//! put into the text, so the notice always says what the code applies.

use crate::api::load_retention;
use crate::components::labels::ui_language;
use crate::components::language::keep_language;
use crate::components::page_title::PageTitle;
use crate::domain::{RetentionPeriods, UiLanguage, PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// One section of the notice: a heading and its paragraphs (`items` become a list).
pub struct Section {
    pub id: &'static str,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
}

fn section(id: &'static str, heading: &str, paragraphs: &[&str], items: Vec<String>) -> Section {
    Section {
        id,
        heading: heading.to_owned(),
        paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
        items,
    }
}

/// The notice in `lang`, with the retention periods `p` in it.
pub fn notice(lang: UiLanguage, p: &RetentionPeriods) -> Vec<Section> {
    let RetentionPeriods {
        identity_months: im,
        notice_days: nd,
        rejected_days: rd,
        changes_requested_months: cm,
        sent_mail_days: md,
    } = *p;
    match lang {
        UiLanguage::En => vec![
            section("who", "Who is responsible", &[
                "This directory is run by the Council of Europe's Intercultural Cities (ICC) programme. The Council of Europe processes the personal data it collects under its own Regulations on the protection of personal data (Resolution CM/Res(2022)14), which follow the modernised Convention 108 (Convention 108+).",
            ], vec![]),
            section("what", "What we collect and why", &[
                "We collect only what the directory needs to review initiatives and to reach the person who submitted one.",
            ], vec![
                "Your e-mail address, when you submit an initiative: we send you the private link to follow and change your submission, and tell you the moderators' decisions. It is never published.".into(),
                "Your name and your role, if you give them (both optional): they help the moderators understand who submitted the initiative. They are never published.".into(),
                "The language of the site you used, and when you agreed to this notice.".into(),
                "The initiative itself, including its public contact e-mail if you give one: once published it is public, on the site and in the open data (downloads, feeds and the API) that anyone may reuse. Use a service mailbox (for example refugees@city.example) rather than a personal address.".into(),
                "To limit abuse (too many submissions or sign-in attempts), counters hold a keyed hash of your network address that changes every day, never the address itself.".into(),
            ]),
            section("recipients", "Who receives it", &[
                "The network's moderators (secretariat staff) see the submitter's details to review the initiative. The mail relay that delivers the site's e-mails receives your address and the message. Nobody else: the data are not sold, shared or used for advertising.",
            ], vec![]),
            section("retention", "How long we keep it", &[
                "These periods are applied automatically by the site every hour:",
            ], vec![
                format!("The name, e-mail address, role and private link of the person who submitted a published initiative: {im} months after the initiative's last update. We write to you {nd} days before; updating the initiative keeps them for another {im} months. The initiative itself stays published."),
                format!("A rejected or withdrawn submission: {rd} days after the decision, then deleted."),
                format!("A submission sent back for changes and not updated: {cm} months, then deleted."),
                format!("E-mails the site sent (the address, subject and text): {md} days."),
                "Counters against abuse: at most one day.".into(),
            ]),
            section("rights", "Your rights and how to use them", &[
                "You may see the data we hold about you, correct them, have them erased, and object to their processing.",
            ], vec![
                "To correct them, open the private link from our first e-mail and edit your submission.".into(),
                "To erase them, open the private link and choose \u{201c}Erase my personal data\u{201d}: the published initiative stays without your details, anything else is deleted, and the link stops working.".into(),
                "Without the link, write to the network's secretariat from the address you used: the moderators can find your submissions by that address, send you a copy of your data, or erase them.".into(),
                "You may lodge a complaint with the Council of Europe's Data Protection Commissioner.".into(),
            ]),
            section("cookies", "Cookies, and no tracking", &[
                "The site uses two cookies, both strictly necessary, and no other: \u{201c}lang\u{201d} keeps the language you chose with the language switcher (one year), and \u{201c}icc_session\u{201d} keeps a moderator signed in (12 hours; moderators only). There is no analytics, no advertising and no tracking, and no content from other sites is loaded.",
            ], vec![]),
        ],
        UiLanguage::Fr => vec![
            section("who", "Qui est responsable", &[
                "Ce répertoire est géré par le programme des Cités interculturelles (ICC) du Conseil de l'Europe. Le Conseil de l'Europe traite les données personnelles qu'il recueille selon son propre Règlement sur la protection des données à caractère personnel (Résolution CM/Res(2022)14), qui suit la Convention 108 modernisée (Convention 108+).",
            ], vec![]),
            section("what", "Ce que nous recueillons et pourquoi", &[
                "Nous ne recueillons que ce dont le répertoire a besoin pour examiner les initiatives et joindre la personne qui en a proposé une.",
            ], vec![
                "Votre adresse e-mail, lorsque vous proposez une initiative : nous vous envoyons le lien privé pour suivre et modifier votre proposition, et vous informons des décisions des modérateurs. Elle n'est jamais publiée.".into(),
                "Votre nom et votre fonction, si vous les indiquez (tous deux facultatifs) : ils aident les modérateurs à savoir qui a proposé l'initiative. Ils ne sont jamais publiés.".into(),
                "La langue du site que vous avez utilisée, et le moment où vous avez accepté cette notice.".into(),
                "L'initiative elle-même, y compris son adresse de contact publique si vous en donnez une : une fois publiée, elle est publique, sur le site et dans les données ouvertes (téléchargements, flux et API) que chacun peut réutiliser. Utilisez une boîte de service (par exemple refugies@ville.example) plutôt qu'une adresse personnelle.".into(),
                "Pour limiter les abus (trop de propositions ou de tentatives de connexion), des compteurs conservent une empreinte chiffrée de votre adresse réseau, qui change chaque jour, jamais l'adresse elle-même.".into(),
            ]),
            section("recipients", "Qui les reçoit", &[
                "Les modérateurs du réseau (personnel du secrétariat) voient les coordonnées de la personne qui a proposé l'initiative pour l'examiner. Le relais de messagerie qui achemine les e-mails du site reçoit votre adresse et le message. Personne d'autre : les données ne sont ni vendues, ni partagées, ni utilisées à des fins publicitaires.",
            ], vec![]),
            section("retention", "Combien de temps nous les gardons", &[
                "Ces durées sont appliquées automatiquement par le site toutes les heures :",
            ], vec![
                format!("Le nom, l'adresse e-mail, la fonction et le lien privé de la personne qui a proposé une initiative publiée : {im} mois après la dernière mise à jour de l'initiative. Nous vous écrivons {nd} jours avant ; mettre l'initiative à jour les conserve {im} mois de plus. L'initiative elle-même reste publiée."),
                format!("Une proposition refusée ou retirée : {rd} jours après la décision, puis supprimée."),
                format!("Une proposition renvoyée pour modifications et non mise à jour : {cm} mois, puis supprimée."),
                format!("Les e-mails envoyés par le site (l'adresse, l'objet et le texte) : {md} jours."),
                "Les compteurs contre les abus : un jour au plus.".into(),
            ]),
            section("rights", "Vos droits et comment les exercer", &[
                "Vous pouvez consulter les données que nous détenons sur vous, les corriger, les faire effacer et vous opposer à leur traitement.",
            ], vec![
                "Pour les corriger, ouvrez le lien privé de notre premier e-mail et modifiez votre proposition.".into(),
                "Pour les effacer, ouvrez le lien privé et choisissez « Effacer mes données personnelles » : l'initiative publiée reste sans vos coordonnées, tout le reste est supprimé et le lien cesse de fonctionner.".into(),
                "Sans le lien, écrivez au secrétariat du réseau depuis l'adresse utilisée : les modérateurs peuvent retrouver vos propositions par cette adresse, vous envoyer une copie de vos données ou les effacer.".into(),
                "Vous pouvez introduire une réclamation auprès du Commissaire à la protection des données du Conseil de l'Europe.".into(),
            ]),
            section("cookies", "Cookies, et aucun pistage", &[
                "Le site utilise deux cookies, tous deux strictement nécessaires, et aucun autre : « lang » garde la langue choisie avec le sélecteur de langue (un an), et « icc_session » garde un modérateur connecté (12 heures ; modérateurs seulement). Il n'y a ni mesure d'audience, ni publicité, ni pistage, et aucun contenu d'autres sites n'est chargé.",
            ], vec![]),
        ],
        UiLanguage::Uk => vec![
            section("who", "Хто відповідає", &[
                "Цим довідником опікується програма «Інтеркультурні міста» (ICC) Ради Європи. Рада Європи обробляє персональні дані, які збирає, відповідно до власного Регламенту про захист персональних даних (Резолюція CM/Res(2022)14), що ґрунтується на модернізованій Конвенції 108 (Конвенція 108+).",
            ], vec![]),
            section("what", "Що ми збираємо і навіщо", &[
                "Ми збираємо лише те, що потрібно довіднику, щоб розглядати ініціативи та зв'язатися з людиною, яка подала ініціативу.",
            ], vec![
                "Вашу адресу електронної пошти, коли ви подаєте ініціативу: ми надсилаємо вам приватне посилання, щоб стежити за заявкою та змінювати її, і повідомляємо рішення модераторів. Вона ніколи не публікується.".into(),
                "Ваше ім'я та посаду, якщо ви їх вкажете (обидва необов'язкові): вони допомагають модераторам зрозуміти, хто подав ініціативу. Вони ніколи не публікуються.".into(),
                "Мову сайту, якою ви користувалися, і час, коли ви погодилися з цим повідомленням.".into(),
                "Саму ініціативу, зокрема її публічну контактну адресу, якщо ви її вкажете: після публікації вона відкрита на сайті та у відкритих даних (завантаження, стрічки й API), які будь-хто може використовувати повторно. Вказуйте службову скриньку (наприклад, refugees@city.example), а не особисту адресу.".into(),
                "Щоб обмежити зловживання (забагато заявок чи спроб входу), лічильники зберігають захищений ключем хеш вашої мережевої адреси, який змінюється щодня, і ніколи саму адресу.".into(),
            ]),
            section("recipients", "Хто їх отримує", &[
                "Модератори мережі (працівники секретаріату) бачать дані людини, яка подала ініціативу, щоб її розглянути. Поштовий сервер-ретранслятор, що доставляє листи сайту, отримує вашу адресу та лист. Більше ніхто: дані не продаються, не передаються й не використовуються для реклами.",
            ], vec![]),
            section("retention", "Як довго ми їх зберігаємо", &[
                "Сайт застосовує ці строки автоматично щогодини:",
            ], vec![
                format!("Ім'я, адресу електронної пошти, посаду та приватне посилання людини, яка подала опубліковану ініціативу: {im} міс. після останнього оновлення ініціативи. Ми напишемо вам за {nd} дн. до цього; оновлення ініціативи зберігає їх ще на {im} міс. Сама ініціатива залишається опублікованою."),
                format!("Відхилену або відкликану заявку: {rd} дн. після рішення, потім її видаляють."),
                format!("Заявку, повернуту на доопрацювання й не оновлену: {cm} міс., потім її видаляють."),
                format!("Листи, надіслані сайтом (адреса, тема й текст): {md} дн."),
                "Лічильники проти зловживань: щонайбільше один день.".into(),
            ]),
            section("rights", "Ваші права і як ними скористатися", &[
                "Ви можете переглянути дані, які ми про вас зберігаємо, виправити їх, вимагати їх видалення та заперечити проти їх обробки.",
            ], vec![
                "Щоб виправити їх, відкрийте приватне посилання з нашого першого листа й відредагуйте заявку.".into(),
                "Щоб видалити їх, відкрийте приватне посилання й оберіть «Видалити мої персональні дані»: опублікована ініціатива залишиться без ваших даних, усе інше буде видалено, а посилання перестане працювати.".into(),
                "Без посилання напишіть до секретаріату мережі з адреси, яку ви використали: модератори можуть знайти ваші заявки за цією адресою, надіслати вам копію ваших даних або видалити їх.".into(),
                "Ви можете подати скаргу Уповноваженому з питань захисту даних Ради Європи.".into(),
            ]),
            section("cookies", "Файли cookie і жодного стеження", &[
                "Сайт використовує два файли cookie, обидва суворо необхідні, й жодних інших: «lang» зберігає мову, обрану перемикачем мов (один рік), а «icc_session» зберігає вхід модератора (12 годин; лише для модераторів). Немає ні аналітики, ні реклами, ні стеження, і жоден вміст з інших сайтів не завантажується.",
            ], vec![]),
        ],
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = untrack(|| ui_language(i18n));
    let periods = Resource::new(|| (), |()| load_retention());
    let query = use_query_map();
    let erased = move || query.with(|q| q.get("done").as_deref() == Some("erased"));
    view! {
        <PageTitle page=move || t_string!(i18n, privacy.title).to_owned()/>
        <article class="page narrow privacy">
            <h1>{t!(i18n, privacy.title)}</h1>
            {move || erased().then(|| view! {
                <p class="notice success" role="status">{t!(i18n, privacy.erased)}</p>
            })}
            <p class="note">
                {t!(i18n, privacy.version, version = move || PRIVACY_NOTICE_VERSION)} " "
                <time datetime=PRIVACY_NOTICE_DATE>{PRIVACY_NOTICE_DATE}</time>
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // The documented defaults when the server's values cannot be read.
                    let p = periods.await.unwrap_or_default();
                    notice(lang, &p)
                        .into_iter()
                        .map(|s| {
                            let heading_id = format!("privacy-{}", s.id);
                            let labelled_by = heading_id.clone();
                            view! {
                                <section aria-labelledby=labelled_by>
                                    <h2 id=heading_id>{s.heading}</h2>
                                    {s.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                                    {(!s.items.is_empty()).then(|| view! {
                                        <ul>{s.items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                                    })}
                                </section>
                            }
                        })
                        .collect_view()
                })}
            </Suspense>
            <p><a href=keep_language("/submit")>{t!(i18n, nav.submit)}</a></p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_sections_with_the_periods_in_them() {
        let p = RetentionPeriods {
            identity_months: 37,
            notice_days: 41,
            rejected_days: 93,
            changes_requested_months: 7,
            sent_mail_days: 29,
        };
        let en: Vec<_> = notice(UiLanguage::En, &p).iter().map(|s| s.id).collect();
        for lang in UiLanguage::ALL {
            let sections = notice(lang, &p);
            assert_eq!(
                sections.iter().map(|s| s.id).collect::<Vec<_>>(),
                en,
                "{lang:?}"
            );
            let retention = sections.iter().find(|s| s.id == "retention").unwrap();
            let text = retention.items.join(" ");
            for n in ["37", "41", "93", "7", "29"] {
                assert!(text.contains(n), "{lang:?} lacks {n}: {text}");
            }
            let all: String = sections
                .iter()
                .flat_map(|s| s.paragraphs.iter().chain(&s.items))
                .cloned()
                .collect();
            assert!(
                all.contains("lang") && all.contains("icc_session"),
                "{lang:?}"
            );
            assert!(all.contains("CM/Res(2022)14"), "{lang:?}");
        }
    }
}
