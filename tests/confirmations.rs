#![cfg(feature = "ssr")]
//! Kept true over time (issue 23) on SQLite and PostgreSQL, with a clock the tests hold
//! (every run is given its day; nothing sleeps): publishing confirms; the city confirms or
//! ends through its private link (the one a reminder carries too), each in the history;
//! reminders go once per due period and once more 30 days later — to the submitter in their
//! language, to the public contact of an imported initiative, or to nobody (the moderators'
//! list) — whatever the number of runs at once; and a property test drives the clock through
//! years of confirmations, endings and runs by one to three instances.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::fresh_databases;
use icc_initiatives::domain::{
    date_of, day_number, ActivityStatus, ConfirmRule, IsoDate, MailKind, ModerationAction as A,
    ModerationStatus as S, Origin, Reminder, Submission, SubmitForm, UiLanguage,
};
use icc_initiatives::server::directory::{as_iso, Directory};
use icc_initiatives::server::mail::queue::Notices;
use icc_initiatives::server::reminders::{self, Mode, Recipient};
use icc_initiatives::server::store::entities::{initiative, mail_message, moderation_event};
use icc_initiatives::server::store::submissions::{self, ServiceError, Standing};
use icc_initiatives::server::store::transfer;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

const SITE: &str = "https://solidarity.example";
const ON: Notices<'static> = Notices::On { site: SITE };
const RULE: ConfirmRule = ConfirmRule {
    every_days: 365,
    grace_days: 60,
};

fn form(title: &str, email: &str) -> SubmitForm {
    SubmitForm {
        city: "Gdańsk".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Refugees ride the city's buses and trams free of charge.".into(),
        types: vec!["transport".into()],
        commitments: vec!["2".into()],
        activity: "ongoing".into(),
        start_date: "2022-03-01".into(),
        submitter_email: email.into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

/// A published initiative submitted in French; its id and private link.
async fn published(db: &DatabaseConnection, title: &str) -> (i32, String) {
    let s = Submission::try_from(&form(title, "anna@gdansk.example")).unwrap();
    let created = submissions::submit(db, &s, UiLanguage::Fr, ON)
        .await
        .unwrap();
    let version = submissions::review(db, created.id)
        .await
        .unwrap()
        .unwrap()
        .version;
    submissions::act(db, created.id, version, A::Publish, "", "m@icc.example", ON)
        .await
        .unwrap();
    (created.id, created.token)
}

/// Imports two ongoing initiatives without a submitter: one with a public contact address
/// (written in Ukrainian), one without.
async fn imported(db: &DatabaseConnection) -> (i32, i32) {
    let json = r#"{"initiatives": [
      {"city": "Lviv", "country": "UA", "text_language": "uk", "title": "Прихисток для родин",
       "summary": "Місто дає житло родинам, що тікають від війни.", "types": ["housing"],
       "status": "ongoing", "contact_email": "help@lviv.example"},
      {"city": "Porto", "country": "PT", "title": "Welcome desk at the station",
       "summary": "Volunteers meet every train and help with the first steps.",
       "types": ["reception"], "status": "ongoing"}
    ]}"#;
    let records = transfer::parse_records(json).unwrap();
    transfer::store_all(db, &records, Origin::Imported, |_| ())
        .await
        .unwrap();
    let id = |city: &'static str| async move {
        initiative::Entity::find()
            .filter(initiative::Column::City.eq(city))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    (id("Lviv").await, id("Porto").await)
}

async fn row(db: &DatabaseConnection, id: i32) -> initiative::Model {
    initiative::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

async fn reminders_of(db: &DatabaseConnection, id: i32) -> Vec<mail_message::Model> {
    mail_message::Entity::find()
        .filter(mail_message::Column::InitiativeId.eq(id))
        .filter(mail_message::Column::Kind.eq(MailKind::Reminder))
        .order_by_asc(mail_message::Column::Id)
        .all(db)
        .await
        .unwrap()
}

fn today() -> IsoDate {
    as_iso(Utc::now().date_naive()).unwrap()
}

fn plus(day: IsoDate, days: i32) -> IsoDate {
    date_of(day_number(day) + days).unwrap()
}

fn at(day: IsoDate) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::from(day.month()),
        u32::from(day.day()),
    )
    .unwrap()
    .and_hms_opt(9, 0, 0)
    .unwrap()
    .and_utc()
}

fn naive(day: IsoDate) -> NaiveDate {
    at(day).date_naive()
}

async fn run(db: &DatabaseConnection, day: IsoDate, mode: Mode) -> reminders::Report {
    reminders::remind(db, RULE, day, at(day), mode, ON)
        .await
        .unwrap()
}

/// The private link in a reminder's body.
fn link_in(body: &str) -> String {
    let start = body.find("/manage/").unwrap() + "/manage/".len();
    body[start..].split(['?', '\n']).next().unwrap().to_owned()
}

#[tokio::test]
async fn publishing_confirms_and_the_city_confirms_or_ends_through_its_link_in_the_history() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let name = db.name;
        let (id, token) = published(c, "Free trams").await;
        let r = row(c, id).await;
        assert_eq!(r.confirmed_on, Some(Utc::now().date_naive()), "{name}");

        // A year and a half on: confirmed again through the link, in one step.
        let later = plus(today(), 540);
        let done = submissions::stand_by_token(
            c,
            &token,
            r.version,
            Standing::Running { on: naive(later) },
        )
        .await
        .unwrap();
        assert_eq!(done, S::Published, "{name}");
        let r = row(c, id).await;
        assert_eq!(r.confirmed_on, Some(naive(later)), "{name}");
        // The version moved: a second post of the same page is a conflict, not a double.
        assert!(matches!(
            submissions::stand_by_token(
                c,
                &token,
                r.version - 1,
                Standing::Running { on: naive(later) }
            )
            .await,
            Err(ServiceError::Conflict)
        ));

        // An end before the start is refused on the end date; nothing changes.
        let before = NaiveDate::from_ymd_opt(2022, 2, 1).unwrap();
        assert!(matches!(
            submissions::stand_by_token(c, &token, r.version, Standing::Ended { on: before }).await,
            Err(ServiceError::Invalid(_))
        ));
        assert_eq!(row(c, id).await.activity_status, ActivityStatus::Ongoing);
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        submissions::stand_by_token(c, &token, r.version, Standing::Ended { on: end })
            .await
            .unwrap();
        let r = row(c, id).await;
        assert_eq!(
            (r.activity_status, r.end_date),
            (ActivityStatus::Completed, Some(end)),
            "{name}"
        );
        let actions: Vec<String> = moderation_event::Entity::find()
            .filter(moderation_event::Column::InitiativeId.eq(id))
            .order_by_asc(moderation_event::Column::Id)
            .all(c)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["submit", "publish", "confirm", "end"], "{name}");

        // A moderator records a confirmation by phone, with the note in the history; a
        // submission that is not published cannot be confirmed.
        let (other, _) = published(c, "Language classes").await;
        let v = row(c, other).await.version;
        submissions::stand_by_moderator(
            c,
            other,
            v,
            Standing::Running { on: naive(later) },
            "m@icc.example",
            "Phoned the city's coordinator on Monday",
        )
        .await
        .unwrap();
        let note = moderation_event::Entity::find()
            .filter(moderation_event::Column::InitiativeId.eq(other))
            .filter(moderation_event::Column::Action.eq("confirm"))
            .one(c)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            note.reason.as_deref(),
            Some("Phoned the city's coordinator on Monday")
        );
        let s = Submission::try_from(&form("Waiting", "bo@city.example")).unwrap();
        let pending = submissions::submit(c, &s, UiLanguage::En, ON)
            .await
            .unwrap();
        assert!(matches!(
            submissions::stand_by_token(
                c,
                &pending.token,
                1,
                Standing::Running { on: naive(later) }
            )
            .await,
            Err(ServiceError::Transition(_))
        ));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn reminders_go_once_per_period_to_the_submitter_the_contact_or_the_moderators_list() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let name = db.name;
        let (submitted, _) = published(c, "Free trams").await;
        let (contact, nobody) = imported(c).await;
        let start = today();

        // Not due yet: nothing owed.
        assert!(run(c, plus(start, 364), Mode::Apply)
            .await
            .planned
            .is_empty());

        // Due: the dry run lists each by its slug and sends nothing.
        let due = plus(start, 365);
        let dry = run(c, due, Mode::DryRun).await;
        assert_eq!(dry.planned.len(), 3, "{name}");
        assert!(dry
            .planned
            .iter()
            .all(|p| matches!(p.reminder, Reminder::First { .. })));
        assert_eq!(dry.sent, 0);
        assert!(reminders_of(c, submitted).await.is_empty(), "{name}");

        let sent = run(c, due, Mode::Apply).await;
        assert_eq!(sent.sent, 3, "{name}");
        let to: Vec<(i32, Recipient)> = sent.planned.iter().map(|p| (p.id, p.to)).collect();
        assert!(to.contains(&(submitted, Recipient::Submitter)));
        assert!(to.contains(&(contact, Recipient::Contact)));
        assert!(to.contains(&(nobody, Recipient::Moderators)));
        let mail = reminders_of(c, submitted).await;
        assert_eq!(mail.len(), 1, "{name}");
        assert_eq!(mail[0].recipient, "anna@gdansk.example");
        assert!(
            mail[0].subject.contains("Merci de confirmer"),
            "in French: {}",
            mail[0].subject
        );
        let contact_mail = reminders_of(c, contact).await;
        assert_eq!(contact_mail[0].recipient, "help@lviv.example");
        assert!(
            contact_mail[0].subject.contains("підтвердьте"),
            "{}",
            contact_mail[0].subject
        );
        assert!(
            reminders_of(c, nobody).await.is_empty(),
            "{name}: no address, no e-mail"
        );

        // The link made for the contact opens the manage page of the imported initiative.
        let link = link_in(&contact_mail[0].body);
        let managed = submissions::managed_submission(c, &link)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(managed.status, S::Published);

        // The same day again, and the days after: nothing more.
        for day in [due, plus(due, 1), plus(due, 29)] {
            let again = run(c, day, Mode::Apply).await;
            assert!(
                again.planned.is_empty(),
                "{name} {day}: {:?}",
                again.planned
            );
        }
        // 30 days on: one more each, then never again for this period.
        let second = run(c, plus(due, 30), Mode::Apply).await;
        assert_eq!(second.sent, 3, "{name}");
        assert!(second
            .planned
            .iter()
            .all(|p| matches!(p.reminder, Reminder::Again { .. })));
        assert_eq!(reminders_of(c, submitted).await.len(), 2);
        for day in [plus(due, 31), plus(due, 200), plus(due, 364)] {
            assert!(
                run(c, day, Mode::Apply).await.planned.is_empty(),
                "{name} {day}"
            );
        }
        // The second reminder's link works; confirming through it starts a new period.
        let link = link_in(&reminders_of(c, submitted).await[1].body);
        let v = row(c, submitted).await.version;
        submissions::stand_by_token(
            c,
            &link,
            v,
            Standing::Running {
                on: naive(plus(due, 40)),
            },
        )
        .await
        .unwrap();
        assert!(run(c, plus(due, 40 + 364), Mode::Apply)
            .await
            .planned
            .iter()
            .all(|p| p.id != submitted));
        let next = run(c, plus(due, 40 + 365), Mode::Apply).await;
        assert!(next
            .planned
            .iter()
            .any(|p| p.id == submitted && matches!(p.reminder, Reminder::First { .. })));

        // E-mail off: nothing is claimed, the reminder waits.
        let (late, _) = published(c, "Late one").await;
        let off = reminders::remind(
            c,
            RULE,
            plus(start, 400),
            at(plus(start, 400)),
            Mode::Apply,
            Notices::Off,
        )
        .await
        .unwrap();
        assert!(off.mail_off && off.sent == 0);
        assert!(row(c, late).await.reminded_for.is_none());
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn three_instances_at_once_send_each_reminder_once() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let mut ids = Vec::new();
        for k in 0..6 {
            ids.push(published(c, &format!("Initiative number {k}")).await.0);
        }
        let (a, b) = (db.another_connection().await, db.another_connection().await);
        let due = plus(today(), 365);
        let (x, y, z) = tokio::join!(
            reminders::remind(c, RULE, due, at(due), Mode::Apply, ON),
            reminders::remind(&a, RULE, due, at(due), Mode::Apply, ON),
            reminders::remind(&b, RULE, due, at(due), Mode::Apply, ON),
        );
        let sent = x.unwrap().sent + y.unwrap().sent + z.unwrap().sent;
        assert_eq!(sent, 6, "{}", db.name);
        for id in ids {
            assert_eq!(reminders_of(c, id).await.len(), 1, "{}", db.name);
        }
        a.close().await.unwrap();
        b.close().await.unwrap();
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_directory_marks_freshness_by_its_days_filters_on_it_and_puts_confirmed_first() {
    use icc_initiatives::domain::{Freshness as F, ListFilter};
    for db in fresh_databases().await {
        let c = &db.conn;
        let name = db.name;
        let (renewed, _) = published(c, "Free trams").await;
        published(c, "Old one").await;
        let (ended, _) = imported(c).await;
        let v = row(c, ended).await.version;
        submissions::stand_by_moderator(
            c,
            ended,
            v,
            Standing::Ended {
                on: Utc::now().date_naive(),
            },
            "m@icc.example",
            "Letter of 2 May",
        )
        .await
        .unwrap();
        let v = row(c, renewed).await.version;
        submissions::stand_by_moderator(
            c,
            renewed,
            v,
            Standing::Running {
                on: naive(plus(today(), 390)),
            },
            "m@icc.example",
            "Phoned",
        )
        .await
        .unwrap();
        // 430 days on: past the year and its 60 days of grace, unless confirmed since.
        let directory = Directory::default().with_rule(RULE);
        directory.set_today(Some(plus(today(), 430)));
        directory.refresh(c).await.unwrap();
        let s = directory.snapshot();
        let all = s.list(ListFilter::default(), vec![]);
        let count = |page: &icc_initiatives::wire::types::ListPage, f: F| {
            page.freshness
                .iter()
                .find(|x| x.value == f)
                .map_or(0, |x| x.count)
        };
        assert_eq!(
            F::ALL.map(|f| count(&all, f)),
            [1, 0, 2, 1],
            "{name}: confirmed, due, unconfirmed, ended"
        );
        let ranks: Vec<u8> = all.items.iter().map(|i| i.freshness.rank()).collect();
        assert_eq!(ranks, [0, 2, 2, 3], "{name}: confirmed and running first");
        let (filter, problems) = ListFilter::from_query("freshness=unconfirmed&freshness=ended");
        assert!(problems.is_empty());
        let some = s.list(filter, vec![]);
        assert_eq!(some.total, 3, "{name}");
        assert!(some.items.iter().all(|i| i.freshness != F::Confirmed));
        // A facet's counts ignore its own choice.
        assert_eq!(count(&some, F::Confirmed), 1, "{name}");
        // The next day by the clock is a new snapshot without any write.
        directory.set_today(Some(plus(today(), 431)));
        assert!(directory.refresh_if_changed(c).await.unwrap());
        db.drop_pg().await;
    }
}

mod clock {
    //! The property: with a clock driven through years of confirmations, endings and reminder
    //! runs by one to three instances at once, each initiative gets at most one first and one
    //! second reminder per due period, the second 30 days or more after the first, none
    //! before its period is due, and none once ended.

    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Event {
        /// Days pass, then `instances` runs at once.
        Run { days: i32, instances: usize },
        /// The city of initiative `k` confirms today.
        Confirm(usize),
        /// The city of initiative `k` says it ended.
        End(usize),
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            6 => (1i32..120, 1usize..=3).prop_map(|(days, instances)| Event::Run { days, instances }),
            2 => (0usize..3).prop_map(Event::Confirm),
            1 => (0usize..3).prop_map(Event::End),
        ]
    }

    async fn drive(events: Vec<Event>) {
        for db in fresh_databases().await {
            let c = &db.conn;
            let mut ids = vec![published(c, "Free trams").await.0];
            let (x, y) = imported(c).await;
            ids.extend([x, y]);
            let others = [db.another_connection().await, db.another_connection().await];
            let mut day = today();
            // (initiative, period) -> days of its reminders
            let mut seen: std::collections::HashMap<(i32, IsoDate), Vec<IsoDate>> =
                std::collections::HashMap::new();
            for e in &events {
                match *e {
                    Event::Run { days, instances } => {
                        day = plus(day, days);
                        let runs = (0..instances).map(|k| {
                            let conn = if k == 0 { c } else { &others[k - 1] };
                            reminders::remind(conn, RULE, day, at(day), Mode::Apply, ON)
                        });
                        for report in futures::future::join_all(runs).await {
                            report.unwrap();
                        }
                        // What was claimed is what the rows say now.
                        for &id in &ids {
                            let r = row(c, id).await;
                            let confirmed = as_iso(r.confirmed_on.unwrap()).unwrap();
                            if let (Some(period), true) = (r.reminded_for, r.reminders_sent > 0) {
                                let period = as_iso(period).unwrap();
                                let sent = seen.entry((id, period)).or_default();
                                let count = usize::try_from(r.reminders_sent).unwrap();
                                if sent.len() < count {
                                    sent.push(day);
                                }
                                assert!(count <= 2);
                                assert!(period <= day, "reminded before due");
                                assert!(period <= RULE.due_on(confirmed));
                            }
                        }
                    }
                    Event::Confirm(k) => {
                        let id = ids[k];
                        let r = row(c, id).await;
                        if r.activity_status != ActivityStatus::Completed {
                            submissions::stand_by_moderator(
                                c,
                                id,
                                r.version,
                                Standing::Running { on: naive(day) },
                                "m@icc.example",
                                "phone",
                            )
                            .await
                            .unwrap();
                        }
                    }
                    Event::End(k) => {
                        let id = ids[k];
                        let r = row(c, id).await;
                        if r.activity_status != ActivityStatus::Completed {
                            submissions::stand_by_moderator(
                                c,
                                id,
                                r.version,
                                Standing::Ended { on: naive(day) },
                                "m@icc.example",
                                "letter",
                            )
                            .await
                            .unwrap();
                        }
                    }
                }
            }
            // The mail matches the bookkeeping: at most two per period, 30 days apart; the
            // one without an address got none.
            for &id in &ids {
                let mails = reminders_of(c, id).await;
                let periods: usize = seen
                    .iter()
                    .filter(|((i, _), _)| *i == id)
                    .map(|(_, days)| days.len())
                    .sum();
                if id == y {
                    assert!(mails.is_empty());
                } else {
                    assert_eq!(mails.len(), periods, "one message per claim");
                }
                for ((i, _), days) in &seen {
                    if *i == id && days.len() == 2 {
                        assert!(day_number(days[1]) - day_number(days[0]) >= 30);
                    }
                }
                let r = row(c, id).await;
                if r.activity_status == ActivityStatus::Completed {
                    let after: Vec<_> = mails
                        .iter()
                        .filter(|m| m.created_at.date_naive() > r.end_date.unwrap())
                        .collect();
                    assert!(after.is_empty(), "reminded after its end");
                }
            }
            for o in others {
                o.close().await.unwrap();
            }
            db.drop_pg().await;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]
        #[test]
        fn years_of_confirmations_endings_and_runs_send_one_reminder_per_period_and_one_more(
            events in proptest::collection::vec(event(), 10..40)
        ) {
            common::block_on(drive(events));
        }
    }
}
