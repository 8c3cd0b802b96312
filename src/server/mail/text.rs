//! The messages the site sends, written in plain text from the locales (`mail.*` in
//! `tools/locales.py`, beside every other text of the site, so no language can miss one).
//! Pure functions: what a message says depends only on its arguments, which makes each one
//! testable without a mail server.
//!
//! Only the confirmation holds the manage link. The later messages to a submitter point to the
//! link they already have: a token written into every message would sit in more mailboxes and
//! in the queue for longer.

use crate::domain::{MailKind, UiLanguage};
use crate::i18n::*;

/// A message as written: its subject and its plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// What a moderator decided, as the submitter is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'a> {
    /// Public at `page` (the initiative's public address).
    Published { page: &'a str },
    /// Sent back with the moderator's reason.
    ChangesRequested { reason: &'a str },
    /// Refused with the moderator's reason.
    Rejected { reason: &'a str },
}

impl Decision<'_> {
    /// The kind the queue stores.
    pub fn kind(self) -> MailKind {
        match self {
            Self::Published { .. } => MailKind::Published,
            Self::ChangesRequested { .. } => MailKind::ChangesRequested,
            Self::Rejected { .. } => MailKind::Rejected,
        }
    }
}

/// An item waiting for review, as the digest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingItem {
    pub title: String,
    pub city: String,
    /// `YYYY-MM-DD`.
    pub since: String,
}

/// What waits for review, for the moderators' digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// New submissions and submissions sent again.
    pub pending: u32,
    /// Edits of published initiatives.
    pub edits: u32,
    /// The items waiting longest (oldest first), a few of them.
    pub oldest: Vec<WaitingItem>,
}

impl Waiting {
    pub fn total(&self) -> u32 {
        self.pending.saturating_add(self.edits)
    }
}

/// Items listed by name in a digest at most.
pub const DIGEST_ITEMS: usize = 10;

fn locale(lang: UiLanguage) -> Locale {
    match lang {
        UiLanguage::En => Locale::en,
        UiLanguage::Fr => Locale::fr,
        UiLanguage::Uk => Locale::uk,
    }
}

/// Paragraphs separated by an empty line, the link to the privacy notice (every message links
/// to it, issue 19), then the signature and the site's address.
fn body(lang: UiLanguage, site: &str, paragraphs: &[String]) -> String {
    let l = locale(lang);
    let mut text = paragraphs.join("\n\n");
    text.push_str("\n\n");
    text.push_str(&td_string!(l, mail.privacy).to_string());
    text.push('\n');
    text.push_str(&privacy_url(lang, site));
    text.push_str("\n\n-- \n");
    text.push_str(&td_string!(l, mail.signature).to_string());
    text.push('\n');
    text.push_str(site);
    text.push('\n');
    text.push_str(&td_string!(l, mail.automatic).to_string());
    text.push('\n');
    text
}

/// The privacy notice's address in the message's language.
pub fn privacy_url(lang: UiLanguage, site: &str) -> String {
    format!("{site}/privacy?lang={}", lang.as_str())
}

/// "Hello Anna," — or "Hello," when no name was given (the name is optional).
fn greeting(lang: UiLanguage, name: &str) -> String {
    match name.trim() {
        "" => td_string!(locale(lang), mail.greeting_nameless).to_string(),
        name => td_string!(locale(lang), mail.greeting, name = name).to_string(),
    }
}

/// A moderator's reason, set apart as a quotation, one `> ` per line.
fn quoted(reason: &str) -> String {
    reason
        .trim()
        .lines()
        .map(|line| format!("> {line}").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// To the submitter right after submitting: the only message that holds the manage link.
pub fn confirmation(
    lang: UiLanguage,
    site: &str,
    name: &str,
    title: &str,
    manage_url: &str,
) -> Letter {
    let l = locale(lang);
    Letter {
        subject: td_string!(l, mail.confirmation_subject, title = title).to_string(),
        body: body(
            lang,
            site,
            &[
                greeting(lang, name),
                td_string!(l, mail.confirmation_text, title = title).to_string(),
                format!("{}\n{manage_url}", td_string!(l, mail.confirmation_link)),
                td_string!(l, mail.confirmation_keep).to_string(),
            ],
        ),
    }
}

/// To the submitter after a moderator's decision; points to the link they already have.
pub fn decision(
    lang: UiLanguage,
    site: &str,
    name: &str,
    title: &str,
    decision: Decision<'_>,
) -> Letter {
    let l = locale(lang);
    let (subject, paragraphs) = match decision {
        Decision::Published { page } => (
            td_string!(l, mail.published_subject, title = title).to_string(),
            vec![
                td_string!(l, mail.published_text, title = title).to_string(),
                format!("{}\n{page}", td_string!(l, mail.published_page)),
                td_string!(l, mail.published_next).to_string(),
            ],
        ),
        Decision::ChangesRequested { reason } => (
            td_string!(l, mail.changes_subject, title = title).to_string(),
            vec![
                td_string!(l, mail.changes_text, title = title).to_string(),
                quoted(reason),
                td_string!(l, mail.changes_next).to_string(),
            ],
        ),
        Decision::Rejected { reason } => (
            td_string!(l, mail.rejected_subject, title = title).to_string(),
            vec![
                td_string!(l, mail.rejected_text, title = title).to_string(),
                quoted(reason),
                td_string!(l, mail.rejected_next).to_string(),
            ],
        ),
    };
    let mut all = vec![greeting(lang, name)];
    all.extend(paragraphs);
    Letter {
        subject,
        body: body(lang, site, &all),
    }
}

/// To the submitter of a published initiative not updated for a long time: their name, e-mail
/// and role will be removed on `date` (`YYYY-MM-DD`) unless they update it first. Points to the
/// link they already have.
pub fn retention_notice(
    lang: UiLanguage,
    site: &str,
    name: &str,
    title: &str,
    date: &str,
) -> Letter {
    let l = locale(lang);
    Letter {
        subject: td_string!(l, mail.retention_subject, title = title, date = date).to_string(),
        body: body(
            lang,
            site,
            &[
                greeting(lang, name),
                td_string!(l, mail.retention_text, title = title, date = date).to_string(),
                td_string!(l, mail.retention_keep).to_string(),
            ],
        ),
    }
}

/// To the city when its confirmation falls due (issue 23), and once more 30 days later
/// (`again`): a private link made for it, the day it was last confirmed (written long, in the
/// letter's language), and what happens without an answer. Besides the confirmation, the only
/// message holding a link: the city's original link is kept only hashed, and an imported
/// initiative never had one.
pub fn reminder(
    lang: UiLanguage,
    site: &str,
    name: &str,
    title: &str,
    confirmed_on: crate::domain::IsoDate,
    link: &str,
    again: bool,
) -> Letter {
    let l = locale(lang);
    let date = crate::domain::long_date(confirmed_on, lang);
    let subject = if again {
        td_string!(l, mail.reminder_again_subject, title = title).to_string()
    } else {
        td_string!(l, mail.reminder_subject, title = title).to_string()
    };
    Letter {
        subject,
        body: body(
            lang,
            site,
            &[
                greeting(lang, name),
                td_string!(l, mail.reminder_text, title = title, date = date.as_str()).to_string(),
                format!(
                    "{}
{link}",
                    td_string!(l, mail.reminder_link)
                ),
                td_string!(l, mail.reminder_keep).to_string(),
            ],
        ),
    }
}

/// To a moderator: what waits for review, the items waiting longest, and the queue's address.
/// Moderators' language is not known: the digest is written in `lang` (English by the caller).
pub fn digest(lang: UiLanguage, site: &str, waiting: &Waiting) -> Letter {
    let l = locale(lang);
    let total = waiting.total();
    let mut paragraphs = vec![format!(
        "{}\n{}",
        td_string!(l, mail.digest_pending, n = waiting.pending),
        td_string!(l, mail.digest_edits, n = waiting.edits)
    )];
    if !waiting.oldest.is_empty() {
        let mut list = td_string!(l, mail.digest_oldest).to_string();
        for item in waiting.oldest.iter().take(DIGEST_ITEMS) {
            list.push_str(&format!(
                "\n- {} ({}), {}",
                item.title,
                item.city,
                td_string!(l, admin.waiting_since, date = item.since.as_str())
            ));
        }
        let listed = u32::try_from(waiting.oldest.len().min(DIGEST_ITEMS)).unwrap_or(u32::MAX);
        if total > listed {
            list.push('\n');
            list.push_str(&td_string!(l, mail.digest_more, n = total - listed).to_string());
        }
        paragraphs.push(list);
    }
    paragraphs.push(format!(
        "{}\n{site}/admin",
        td_string!(l, mail.digest_review)
    ));
    paragraphs.push(td_string!(l, mail.digest_why).to_string());
    Letter {
        subject: td_string!(l, mail.digest_subject, count = total).to_string(),
        body: body(lang, site, &paragraphs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://solidarity.example";
    const LINK: &str =
        "https://solidarity.example/manage/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn a_reminder_holds_its_private_link_and_the_last_confirmation_in_the_letters_language() {
        let on = crate::domain::IsoDate::parse("2026-03-03").unwrap();
        for (lang, subject, date) in [
            (
                UiLanguage::En,
                "Is “Free trams” still running? Please confirm",
                "3 March 2026",
            ),
            (
                UiLanguage::Fr,
                "« Free trams » est-elle toujours en cours ? Merci de confirmer",
                "3 mars 2026",
            ),
            (
                UiLanguage::Uk,
                "Чи триває «Free trams»? Будь ласка, підтвердьте",
                "3 березня 2026",
            ),
        ] {
            let letter = reminder(lang, SITE, "", "Free trams", on, LINK, false);
            assert_eq!(letter.subject, subject);
            assert!(letter.body.contains(LINK), "{}", letter.body);
            assert!(letter.body.contains(date), "{}", letter.body);
            let again = reminder(lang, SITE, "Anna", "Free trams", on, LINK, true);
            assert_ne!(again.subject, letter.subject);
            assert!(again.body.contains("Anna"));
        }
    }

    #[test]
    fn the_confirmation_holds_the_manage_link_in_the_submitters_language() {
        for (lang, words) in [
            (UiLanguage::En, "We received your initiative “Free trams”"),
            (
                UiLanguage::Fr,
                "Nous avons bien reçu votre initiative « Free trams »",
            ),
            (UiLanguage::Uk, "Ми отримали вашу ініціативу «Free trams»"),
        ] {
            let letter = confirmation(lang, SITE, "Anna", "Free trams", LINK);
            assert_eq!(letter.subject, words);
            assert!(
                letter.body.contains(&format!("\n{LINK}\n")),
                "{}",
                letter.body
            );
            assert!(letter.body.contains("Anna"));
            assert!(letter.body.ends_with('\n'));
            assert!(letter.body.contains(SITE));
        }
    }

    #[test]
    fn decisions_point_to_the_link_the_submitter_has_without_holding_it() {
        let page = "https://solidarity.example/initiatives/gdansk-free-trams";
        for lang in UiLanguage::ALL {
            for d in [
                Decision::Published { page },
                Decision::ChangesRequested {
                    reason: "Add the website.",
                },
                Decision::Rejected {
                    reason: "Not a city initiative.",
                },
            ] {
                let letter = decision(lang, SITE, "Anna", "Free trams", d);
                assert!(!letter.body.contains("/manage/"), "{}", letter.body);
                assert!(letter.subject.contains("Free trams"));
                match d {
                    Decision::Published { page } => assert!(letter.body.contains(page)),
                    Decision::ChangesRequested { reason } | Decision::Rejected { reason } => {
                        assert!(letter.body.contains(&format!("> {reason}")))
                    }
                }
            }
        }
        let fr = decision(
            UiLanguage::Fr,
            SITE,
            "Anna",
            "Tramways",
            Decision::Rejected {
                reason: "Hors sujet.",
            },
        );
        assert_eq!(
            fr.subject,
            "Votre initiative « Tramways » n'a pas été acceptée"
        );
        let uk = decision(
            UiLanguage::Uk,
            SITE,
            "Анна",
            "Трамваї",
            Decision::ChangesRequested {
                reason: "Додайте сайт.",
            },
        );
        assert_eq!(uk.subject, "Ваша ініціатива «Трамваї» потребує змін");
        assert!(uk.body.starts_with("Вітаємо, Анна!"));
    }

    #[test]
    fn every_message_links_to_the_privacy_notice_in_its_language() {
        let waiting = Waiting {
            pending: 1,
            edits: 0,
            oldest: Vec::new(),
        };
        for lang in UiLanguage::ALL {
            let privacy = format!("{SITE}/privacy?lang={}\n", lang.as_str());
            for letter in [
                confirmation(lang, SITE, "Anna", "Free trams", LINK),
                decision(
                    lang,
                    SITE,
                    "Anna",
                    "Free trams",
                    Decision::Rejected { reason: "No." },
                ),
                retention_notice(lang, SITE, "Anna", "Free trams", "2029-01-31"),
                digest(lang, SITE, &waiting),
            ] {
                assert!(letter.body.contains(&privacy), "{}", letter.body);
            }
        }
    }

    #[test]
    fn the_retention_notice_names_the_day_and_keeps_the_manage_link_out() {
        let letter = retention_notice(UiLanguage::En, SITE, "Anna", "Free trams", "2029-01-31");
        assert_eq!(
            letter.subject,
            "Your details on “Free trams” will be removed on 2029-01-31"
        );
        assert!(letter.body.starts_with("Hello Anna,"));
        assert!(letter.body.contains("stays published"));
        assert!(!letter.body.contains("/manage/"));
    }

    #[test]
    fn a_submitter_without_a_name_is_greeted_without_one() {
        let letter = confirmation(UiLanguage::En, SITE, "", "Free trams", LINK);
        assert!(letter.body.starts_with("Hello,\n"), "{}", letter.body);
    }

    #[test]
    fn a_reason_on_several_lines_is_quoted_line_by_line() {
        assert_eq!(
            quoted(" First.\nSecond.\n\nThird. "),
            "> First.\n> Second.\n>\n> Third."
        );
    }

    #[test]
    fn the_digest_counts_lists_the_oldest_and_links_to_the_queue() {
        let item = |n: usize| WaitingItem {
            title: format!("Initiative {n}"),
            city: "Gdańsk".into(),
            since: "2026-11-29".into(),
        };
        let waiting = Waiting {
            pending: 12,
            edits: 1,
            oldest: (1..=DIGEST_ITEMS).map(item).collect(),
        };
        let letter = digest(UiLanguage::En, SITE, &waiting);
        assert_eq!(letter.subject, "13 items wait for review");
        assert!(letter.body.contains("Submissions waiting: 12"));
        assert!(letter
            .body
            .contains("Edits of published initiatives waiting: 1"));
        assert!(letter
            .body
            .contains("- Initiative 1 (Gdańsk), since 2026-11-29"));
        assert!(letter
            .body
            .contains(&format!("- Initiative {DIGEST_ITEMS} (")));
        assert!(letter.body.contains("… and 3 more"));
        assert!(letter.body.contains(&format!("{SITE}/admin\n")));

        let one = Waiting {
            pending: 1,
            edits: 0,
            oldest: vec![item(1)],
        };
        assert_eq!(
            digest(UiLanguage::En, SITE, &one).subject,
            "1 item waits for review"
        );
        assert!(!digest(UiLanguage::En, SITE, &one).body.contains("more"));
        assert_eq!(
            digest(
                UiLanguage::Uk,
                SITE,
                &Waiting {
                    pending: 5,
                    ..one.clone()
                }
            )
            .subject,
            "5 елементів очікують розгляду"
        );
    }

    #[test]
    fn every_kind_a_decision_gives_is_one_the_queue_knows() {
        assert_eq!(Decision::Published { page: "" }.kind(), MailKind::Published);
        assert_eq!(
            Decision::ChangesRequested { reason: "" }.kind(),
            MailKind::ChangesRequested
        );
        assert_eq!(Decision::Rejected { reason: "" }.kind(), MailKind::Rejected);
    }
}
