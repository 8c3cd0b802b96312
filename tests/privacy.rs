#![cfg(feature = "ssr")]
//! Personal data (issue 19) on SQLite and PostgreSQL, with a clock the tests hold (every run is
//! given its `now`; nothing sleeps): the retention periods applied record by record — notice,
//! removal of a published initiative's submitter while the initiative stays, deletion of
//! rejected, withdrawn and abandoned submissions and of old e-mails — idempotent, safe with
//! two runs at once, and a run cut off anywhere leaves each record untouched or wholly done;
//! the dry run changes nothing. Erasure through the private link and by a moderator, and the
//! moderator's export, never touch another person's data.

mod common;

use chrono::{DateTime, Duration, Months, Utc};
use common::fresh_databases;
use icc_initiatives::domain::{
    ContactEmail, MailKind, ModerationAction as A, ModerationStatus as S, RetentionPeriods,
    Submission, SubmitForm, UiLanguage,
};
use icc_initiatives::server::mail::queue::Notices;
use icc_initiatives::server::privacy::retention::{self, Mode, Report};
use icc_initiatives::server::privacy::rights::{self, EraseError};
use icc_initiatives::server::store::entities::{
    initiative, initiative_type, mail_message, moderation_event, privacy_log,
};
use icc_initiatives::server::store::submissions;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

const SITE: &str = "https://solidarity.example";
const ON: Notices<'static> = Notices::On { site: SITE };

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
        submitter_name: "Anna Nowak".into(),
        submitter_email: email.into(),
        submitter_role: "Refugee coordinator".into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

async fn submit(db: &DatabaseConnection, title: &str, email: &str) -> (i32, String) {
    let s = Submission::try_from(&form(title, email)).unwrap();
    let created = submissions::submit(db, &s, UiLanguage::Fr, ON)
        .await
        .unwrap();
    (created.id, created.token)
}

async fn act(db: &DatabaseConnection, id: i32, action: A, reason: &str) {
    let version = submissions::review(db, id).await.unwrap().unwrap().version;
    submissions::act(db, id, version, action, reason, "m@icc.example", ON)
        .await
        .unwrap();
}

async fn row(db: &DatabaseConnection, id: i32) -> Option<initiative::Model> {
    initiative::Entity::find_by_id(id).one(db).await.unwrap()
}

async fn mails_about(db: &DatabaseConnection, id: i32) -> Vec<mail_message::Model> {
    mail_message::Entity::find()
        .filter(mail_message::Column::InitiativeId.eq(id))
        .all(db)
        .await
        .unwrap()
}

async fn events_of(db: &DatabaseConnection, id: i32) -> u64 {
    moderation_event::Entity::find()
        .filter(moderation_event::Column::InitiativeId.eq(id))
        .count(db)
        .await
        .unwrap()
}

async fn purge(db: &DatabaseConnection, now: DateTime<Utc>, mode: Mode) -> Report {
    retention::purge(db, &RetentionPeriods::default(), now, mode, ON)
        .await
        .unwrap()
}

fn months(at: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    at.checked_add_months(Months::new(n)).unwrap()
}

#[tokio::test]
async fn the_retention_periods_are_applied_record_by_record_with_a_notice_first() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let (published, token) = submit(c, "Free trams", "anna@gdansk.example").await;
        act(c, published, A::Publish, "").await;
        let (rejected, _) = submit(c, "Rejected one", "bo@city.example").await;
        act(c, rejected, A::Reject, "Not a city initiative.").await;
        let (asked, _) = submit(c, "Asked for changes", "cy@city.example").await;
        act(c, asked, A::RequestChanges, "Add the website.").await;
        let (pending, _) = submit(c, "Waiting", "di@city.example").await;
        let (withdrawn, wtoken) = submit(c, "Withdrawn", "ed@city.example").await;
        submissions::withdraw(c, &wtoken, 1).await.unwrap();
        let now = Utc::now();
        let name = db.name;

        assert_eq!(
            purge(c, now, Mode::Apply).await,
            Report::default(),
            "{name}"
        );

        // 91 days on: the dry run counts, changes nothing.
        let later = now + Duration::days(91);
        let dry = purge(c, later, Mode::DryRun).await;
        assert_eq!(
            (dry.rejected_deleted, dry.withdrawn_deleted),
            (1, 1),
            "{name}"
        );
        assert!(row(c, rejected).await.is_some() && row(c, withdrawn).await.is_some());
        let done = purge(c, later, Mode::Apply).await;
        assert_eq!(done.rejected_deleted + done.withdrawn_deleted, 2, "{name}");
        assert_eq!(done.identities_cleared + done.notices, 0, "{name}");
        for gone in [rejected, withdrawn] {
            assert!(row(c, gone).await.is_none(), "{name}");
            assert_eq!(
                events_of(c, gone).await,
                0,
                "{name}: history deleted with it"
            );
            assert!(
                mails_about(c, gone).await.is_empty(),
                "{name}: its e-mails too"
            );
        }
        assert!(row(c, asked).await.is_some(), "{name}: 6 months not over");
        assert_eq!(
            purge(c, later, Mode::Apply).await,
            Report::default(),
            "{name}: idempotent"
        );

        // Six months on: the unanswered request goes; the pending one never does.
        let half_year = months(now, 6) + Duration::days(1);
        assert_eq!(
            purge(c, half_year, Mode::Apply)
                .await
                .changes_never_made_deleted,
            1
        );
        assert!(row(c, asked).await.is_none(), "{name}");
        assert!(row(c, pending).await.is_some(), "{name}");

        // 24 months less 29 days: the notice, once, in the submitter's language.
        let notice_day = months(now, 24) - Duration::days(29);
        assert_eq!(purge(c, notice_day, Mode::Apply).await.notices, 1, "{name}");
        assert_eq!(
            purge(c, notice_day, Mode::Apply).await.notices,
            0,
            "{name}: told once"
        );
        let notices: Vec<_> = mails_about(c, published)
            .await
            .into_iter()
            .filter(|m| m.kind == MailKind::RetentionNotice)
            .collect();
        assert_eq!(notices.len(), 1, "{name}");
        assert_eq!(notices[0].recipient, "anna@gdansk.example");
        assert!(
            notices[0].subject.contains("Free trams"),
            "{}",
            notices[0].subject
        );
        assert!(notices[0].body.contains(&format!("{SITE}/privacy?lang=fr")));
        // The removal waits the whole notice period after the notice.
        let before = purge(c, months(now, 24), Mode::Apply).await;
        assert_eq!(before.identities_cleared, 0, "{name}");
        let after = purge(c, notice_day + Duration::days(30), Mode::Apply).await;
        assert_eq!(after.identities_cleared, 1, "{name}");
        let kept = row(c, published).await.expect("the initiative stays");
        assert_eq!(kept.moderation_status, S::Published);
        assert_eq!(kept.title, "Free trams");
        assert_eq!(
            (
                &kept.submitter_name,
                &kept.submitter_email,
                &kept.submitter_role,
                &kept.manage_token_hash
            ),
            (&None, &None, &None, &None),
            "{name}"
        );
        assert!(kept.consent_at.is_none() && kept.revision.is_none());
        assert!(mails_about(c, published).await.is_empty(), "{name}");
        assert!(submissions::managed_submission(c, &token)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            initiative_type::Entity::find()
                .filter(initiative_type::Column::InitiativeId.eq(published))
                .count(c)
                .await
                .unwrap(),
            1,
            "{name}: the public record is whole"
        );
        assert_eq!(
            purge(c, months(now, 60), Mode::Apply).await.total(),
            0,
            "{name}: nothing more, ever"
        );
        assert!(row(c, pending).await.is_some(), "{name}");
        // The runs are in the audit trail, with counts only.
        let trail = privacy_log::Entity::find().all(c).await.unwrap();
        assert!(trail
            .iter()
            .all(|e| e.actor == "retention" && e.action == "purge"));
        assert!(trail.iter().all(|e| !e.detail.contains('@')), "{name}");
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn without_e_mail_the_submitter_is_removed_when_the_period_ends_without_a_notice() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let (id, _) = submit(c, "Free trams", "anna@gdansk.example").await;
        act(c, id, A::Publish, "").await;
        let now = Utc::now();
        let periods = RetentionPeriods::default();
        let early = retention::purge(
            c,
            &periods,
            months(now, 24) - Duration::days(1),
            Mode::Apply,
            Notices::Off,
        )
        .await
        .unwrap();
        assert_eq!(early.total(), 0, "{}", db.name);
        let due = retention::purge(
            c,
            &periods,
            months(now, 24) + Duration::minutes(1),
            Mode::Apply,
            Notices::Off,
        )
        .await
        .unwrap();
        assert_eq!((due.notices, due.identities_cleared), (0, 1), "{}", db.name);
        db.drop_pg().await;
    }
}

/// Whether each of `ids` is either whole (row with its submitter, type, both history rows and
/// its e-mails) or wholly gone. Each record is read in one statement, so one snapshot: a commit
/// of a run cut off during `COMMIT` may still land between two statements.
async fn each_whole_or_gone(db: &DatabaseConnection, ids: &[i32]) -> usize {
    use sea_orm::{ConnectionTrait, Statement};
    let mut gone = 0;
    for &id in ids {
        let sql = format!(
            "SELECT \
               (SELECT COUNT(*) FROM initiatives WHERE id = {id} \
                  AND moderation_status = 'rejected' AND submitter_email IS NOT NULL) AS rows, \
               (SELECT COUNT(*) FROM initiative_types WHERE initiative_id = {id}) AS types, \
               (SELECT COUNT(*) FROM moderation_events WHERE initiative_id = {id}) AS events, \
               (SELECT COUNT(*) FROM mail_queue WHERE initiative_id = {id}) AS mails"
        );
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        let counts: Vec<i64> = ["rows", "types", "events", "mails"]
            .iter()
            .map(|c| row.try_get::<i64>("", c).unwrap())
            .collect();
        match counts[0] {
            1 => assert_eq!(&counts[1..3], &[1, 2], "{id} whole: {counts:?}"),
            _ => {
                assert_eq!(counts, [0, 0, 0, 0], "{id} gone");
                gone += 1;
            }
        }
    }
    gone
}

#[tokio::test]
async fn a_purge_cut_off_anywhere_leaves_each_record_untouched_or_wholly_done() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let mut ids = Vec::new();
        for n in 0..30 {
            let (id, _) = submit(c, &format!("Refused {n}"), &format!("p{n}@city.example")).await;
            act(c, id, A::Reject, "No.").await;
            ids.push(id);
        }
        let later = Utc::now() + Duration::days(100);
        // Cut off after a growing time: the future is dropped mid-run, as a killed process
        // would leave it (an open transaction is rolled back).
        let mut cut = std::time::Duration::from_micros(200);
        let mut before = 0;
        let periods = RetentionPeriods::default();
        loop {
            let run = retention::purge(c, &periods, later, Mode::Apply, ON);
            let finished = tokio::time::timeout(cut, run).await.is_ok();
            let gone = each_whole_or_gone(c, &ids).await;
            assert!(gone >= before, "{}", db.name);
            before = gone;
            if finished {
                break;
            }
            cut *= 2;
        }
        assert_eq!(each_whole_or_gone(c, &ids).await, ids.len(), "{}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn two_runs_at_once_act_on_each_record_once() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let other = db.another_connection().await;
        let mut ids = Vec::new();
        for n in 0..20 {
            let (id, _) = submit(c, &format!("Refused {n}"), &format!("p{n}@city.example")).await;
            act(c, id, A::Reject, "No.").await;
            ids.push(id);
        }
        let later = Utc::now() + Duration::days(100);
        let periods = RetentionPeriods::default();
        let (a, b) = tokio::join!(
            retention::purge(c, &periods, later, Mode::Apply, ON),
            retention::purge(&other, &periods, later, Mode::Apply, ON),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            a.rejected_deleted + b.rejected_deleted,
            20,
            "{}: {a:?} {b:?}",
            db.name
        );
        assert_eq!(each_whole_or_gone(c, &ids).await, 20);
        // And the job's claim: one instance per hour.
        assert!(retention::claim_run(c, later).await.unwrap().is_some());
        assert!(retention::claim_run(&other, later).await.unwrap().is_none());
        assert!(
            retention::run_if_due(&other, &periods, later + Duration::minutes(5), ON)
                .await
                .unwrap()
                .is_none()
        );
        let _ = other.close().await;
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn erasure_through_the_private_link_keeps_the_published_initiative_and_ends_the_link() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let (published, token) = submit(c, "Free trams", "anna@gdansk.example").await;
        act(c, published, A::Publish, "").await;
        let (pending, ptoken) = submit(c, "Waiting", "anna@gdansk.example").await;
        let (other, _) = submit(c, "Someone else's", "zoe@city.example").await;
        let now = Utc::now();

        let erased = rights::erase_by_token(c, &token, now).await.unwrap();
        assert_eq!((erased.kept_public, erased.deleted), (1, 0));
        let kept = row(c, published).await.unwrap();
        assert_eq!(kept.moderation_status, S::Published);
        assert!(kept.submitter_email.is_none() && kept.manage_token_hash.is_none());
        assert!(matches!(
            rights::erase_by_token(c, &token, now).await,
            Err(EraseError::NotFound)
        ));
        let erased = rights::erase_by_token(c, &ptoken, now).await.unwrap();
        assert_eq!((erased.kept_public, erased.deleted), (0, 1));
        assert!(row(c, pending).await.is_none(), "{}", db.name);
        let untouched = row(c, other).await.unwrap();
        assert_eq!(
            untouched.submitter_email.as_deref(),
            Some("zoe@city.example")
        );
        let trail = privacy_log::Entity::find().all(c).await.unwrap();
        assert_eq!(trail.len(), 2);
        assert!(trail
            .iter()
            .all(|e| e.actor == "submitter" && !e.detail.contains('@')));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_moderator_finds_exports_and_erases_one_persons_submissions_only() {
    for db in fresh_databases().await {
        let c = &db.conn;
        let (published, _) = submit(c, "Free trams", "Anna@Gdansk.example").await;
        act(c, published, A::Publish, "").await;
        let (rejected, _) = submit(c, "Refused", "anna@gdansk.example").await;
        act(c, rejected, A::Reject, "No.").await;
        let (other, _) = submit(c, "Someone else's", "zoe@city.example").await;
        let anna = ContactEmail::parse("anna@GDANSK.example").unwrap();
        let now = Utc::now();

        let found = rights::find(c, &anna).await.unwrap();
        assert_eq!(
            found.iter().map(|f| f.id).collect::<Vec<_>>(),
            [published, rejected]
        );
        let export = rights::export(c, &anna, "m@icc.example", now)
            .await
            .unwrap();
        let json = serde_json::to_string(&export).unwrap();
        assert_eq!(export.submissions.len(), 2);
        assert!(json.contains("Anna Nowak"));
        assert!(json.contains("\"history\"") && !json.contains("zoe@city.example"));

        let erased = rights::erase_by_email(c, &anna, "m@icc.example", now)
            .await
            .unwrap();
        assert_eq!((erased.kept_public, erased.deleted), (1, 1), "{}", db.name);
        assert!(rights::find(c, &anna).await.unwrap().is_empty());
        assert_eq!(
            rights::erase_by_email(c, &anna, "m@icc.example", now)
                .await
                .unwrap()
                .total(),
            0
        );
        assert_eq!(
            row(c, published).await.unwrap().moderation_status,
            S::Published
        );
        assert!(row(c, rejected).await.is_none());
        assert_eq!(
            row(c, other).await.unwrap().submitter_email.as_deref(),
            Some("zoe@city.example")
        );
        let trail = privacy_log::Entity::find().all(c).await.unwrap();
        assert_eq!(
            trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["export", "erase"]
        );
        for e in &trail {
            assert_eq!(e.moderator_email.as_deref(), Some("m@icc.example"));
            assert!(!e.detail.to_lowercase().contains("anna"), "{}", e.detail);
        }
        db.drop_pg().await;
    }
}
