#![cfg(feature = "ssr")]
//! The life of a submission on the real migrations, on SQLite and PostgreSQL: storing,
//! every moderator and submitter transition (allowed and refused), revisions of published
//! initiatives, optimistic locking, history, moderators' accounts and sessions, and many
//! submissions at once.

mod common;

use common::fresh_databases;
use icc_initiatives::domain::{
    CountryCode, Field, HistoryAction, ModerationAction as A, ModerationStatus as S,
    PublishedInitiative, QueueFilter, QueueState, Submission, SubmitForm, TransitionError,
    UiLanguage, VersionPart, VersionSource,
};
use icc_initiatives::server::accounts::auth::{self, AuthError};
use icc_initiatives::server::directory::Snapshot;
use icc_initiatives::server::mail::queue::Notices;
use icc_initiatives::server::store::submissions::{self, ServiceError};
use sea_orm::DatabaseConnection;

fn form(title: &str) -> SubmitForm {
    SubmitForm {
        city: "Gdańsk".into(),
        country: "PL".into(),
        text_language: "en".into(),
        title: title.into(),
        summary: "Refugees ride the city's buses and trams free of charge.".into(),
        types: vec!["transport".into()],
        commitments: vec!["2".into()],
        activity: "ongoing".into(),
        website: "https://gdansk.example/transport".into(),
        submitter_name: "Anna Nowak".into(),
        submitter_email: "anna@gdansk.example".into(),
        submitter_role: "Refugee coordinator".into(),
        consent: Some("yes".into()),
        ..Default::default()
    }
}

fn submission(title: &str) -> Submission {
    Submission::try_from(&form(title)).expect("valid form")
}

/// Stores a submission; returns (id, token).
async fn submitted(db: &DatabaseConnection, title: &str) -> (i32, String) {
    let created = submissions::submit(db, &submission(title), UiLanguage::En, Notices::Off)
        .await
        .unwrap();
    (created.id, created.token)
}

async fn version(db: &DatabaseConnection, id: i32) -> i32 {
    submissions::review(db, id).await.unwrap().unwrap().version
}

async fn status(db: &DatabaseConnection, id: i32) -> S {
    submissions::review(db, id).await.unwrap().unwrap().status
}

async fn act(db: &DatabaseConnection, id: i32, action: A, reason: &str) -> Result<S, ServiceError> {
    let v = version(db, id).await;
    submissions::act(db, id, v, action, reason, "m@icc.example", Notices::Off).await
}

#[tokio::test]
async fn a_submission_is_stored_pending_and_not_public() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        assert_eq!(status(&db.conn, id).await, S::Pending, "{}", db.name);
        let view = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.status, S::Pending);
        assert_eq!(view.content.title, "Free trams");
        assert_eq!(view.history.len(), 1);
        assert_eq!(view.history[0].action, HistoryAction::Submitted);
        let snapshot = Snapshot::load(&db.conn).await.unwrap();
        assert_eq!(snapshot.totals().initiatives, 0, "{}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_token_is_stored_only_as_a_hash() {
    use sea_orm::EntityTrait;
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        let row = icc_initiatives::server::store::entities::initiative::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let stored = row.manage_token_hash.clone().unwrap();
        assert_ne!(stored, token);
        assert!(!format!("{row:?}").contains(&token), "{}", db.name);
        assert!(token.len() >= 43, "at least 256 bits in base64url");
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn publishing_makes_it_public_with_a_readable_slug_and_counts() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        assert_eq!(
            act(&db.conn, id, A::Publish, "").await.unwrap(),
            S::Published
        );
        let snapshot = Snapshot::load(&db.conn).await.unwrap();
        assert_eq!(snapshot.totals().initiatives, 1, "{}", db.name);
        let view = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.public_slug.as_deref(), Some("gdansk-free-trams"));
        assert!(
            icc_initiatives::server::store::initiatives::published_by_slug(
                &db.conn,
                "gdansk-free-trams"
            )
            .await
            .unwrap()
            .is_some()
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn requesting_changes_needs_a_reason_that_the_submitter_sees() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        assert!(matches!(
            act(&db.conn, id, A::RequestChanges, "  ").await,
            Err(ServiceError::Transition(TransitionError::ReasonRequired))
        ));
        act(
            &db.conn,
            id,
            A::RequestChanges,
            "Please add the website of the programme",
        )
        .await
        .unwrap();
        let view = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.status, S::ChangesRequested, "{}", db.name);
        assert_eq!(
            view.moderator_note.as_deref(),
            Some("Please add the website of the programme")
        );
        // The submitter edits: back to review, content replaced.
        let edited = submission("Free trams and buses");
        let next = submissions::resubmit(&db.conn, &token, view.version, &edited)
            .await
            .unwrap();
        assert_eq!(next, S::Pending);
        assert_eq!(
            submissions::managed_submission(&db.conn, &token)
                .await
                .unwrap()
                .unwrap()
                .content
                .title,
            "Free trams and buses"
        );
        assert_eq!(
            act(&db.conn, id, A::Publish, "").await.unwrap(),
            S::Published
        );
        let history = submissions::review(&db.conn, id)
            .await
            .unwrap()
            .unwrap()
            .history;
        let actions: Vec<HistoryAction> = history.iter().map(|h| h.action).collect();
        assert_eq!(
            actions,
            [
                HistoryAction::Submitted,
                HistoryAction::Took(A::RequestChanges),
                HistoryAction::Took(A::Resubmit),
                HistoryAction::Took(A::Publish)
            ],
            "{}",
            db.name
        );
        assert_eq!(history[1].moderator.as_deref(), Some("m@icc.example"));
        assert_eq!(
            history[1].reason.as_deref(),
            Some("Please add the website of the programme")
        );
        // Submitters do not see the moderators' addresses.
        let mine = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap()
            .history;
        assert!(mine.iter().all(|h| h.moderator.is_none()));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn rejecting_needs_a_reason_and_is_final() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        assert!(act(&db.conn, id, A::Reject, "").await.is_err());
        assert_eq!(
            act(&db.conn, id, A::Reject, "Not a city initiative")
                .await
                .unwrap(),
            S::Rejected
        );
        for action in [A::Publish, A::RequestChanges, A::Archive, A::Reject] {
            assert!(
                matches!(
                    act(&db.conn, id, action, "r").await,
                    Err(ServiceError::Transition(TransitionError::NotAllowed(
                        S::Rejected
                    )))
                ),
                "{} {action:?}",
                db.name
            );
        }
        let v = version(&db.conn, id).await;
        assert!(matches!(
            submissions::resubmit(&db.conn, &token, v, &submission("Again")).await,
            Err(ServiceError::Transition(_))
        ));
        assert!(matches!(
            submissions::withdraw(&db.conn, &token, v).await,
            Err(ServiceError::Transition(_))
        ));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn editing_a_published_initiative_keeps_the_public_version_until_reviewed() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        act(&db.conn, id, A::Publish, "").await.unwrap();
        let v = version(&db.conn, id).await;
        let mut changed = form("Free trams for everyone");
        changed.website = "https://gdansk.example/trams".into();
        let revision = Submission::try_from(&changed).unwrap();
        assert_eq!(
            submissions::resubmit(&db.conn, &token, v, &revision)
                .await
                .unwrap(),
            S::Published
        );
        // Still the old version in public.
        let public = icc_initiatives::server::store::initiatives::published_by_slug(
            &db.conn,
            "gdansk-free-trams",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(public.title, "Free trams", "{}", db.name);
        let review = submissions::review(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(review.changed, [Field::Title, Field::Website]);
        let queue = submissions::queue(&db.conn, QueueFilter::default())
            .await
            .unwrap();
        assert_eq!(queue.revisions, 1);
        assert!(queue.items.iter().any(|i| i.id == id && i.revision_pending));
        // Publishing the edit applies it.
        act(&db.conn, id, A::PublishChanges, "").await.unwrap();
        let public = icc_initiatives::server::store::initiatives::published_by_slug(
            &db.conn,
            "gdansk-free-trams",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(public.title, "Free trams for everyone", "{}", db.name);
        assert!(
            !submissions::managed_submission(&db.conn, &token)
                .await
                .unwrap()
                .unwrap()
                .revision_pending
        );
        // A second edit can be refused with a reason; the public version stays.
        let v = version(&db.conn, id).await;
        submissions::resubmit(&db.conn, &token, v, &submission("Something else"))
            .await
            .unwrap();
        assert!(act(&db.conn, id, A::DiscardChanges, "").await.is_err());
        act(
            &db.conn,
            id,
            A::DiscardChanges,
            "The title must name the programme",
        )
        .await
        .unwrap();
        let view = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.status, S::Published);
        assert!(!view.revision_pending);
        assert_eq!(view.content.title, "Free trams for everyone");
        assert_eq!(
            view.moderator_note.as_deref(),
            Some("The title must name the programme")
        );
        // No edit waiting: publishing changes is refused.
        assert!(matches!(
            act(&db.conn, id, A::PublishChanges, "").await,
            Err(ServiceError::Transition(TransitionError::NoRevision))
        ));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn archiving_takes_it_down_and_publishing_again_restores_it() {
    for db in fresh_databases().await {
        let (id, _) = submitted(&db.conn, "Free trams").await;
        act(&db.conn, id, A::Publish, "").await.unwrap();
        assert_eq!(
            act(&db.conn, id, A::Archive, "").await.unwrap(),
            S::Archived
        );
        assert_eq!(
            Snapshot::load(&db.conn).await.unwrap().totals().initiatives,
            0
        );
        assert_eq!(
            act(&db.conn, id, A::Publish, "").await.unwrap(),
            S::Published
        );
        assert_eq!(
            Snapshot::load(&db.conn).await.unwrap().totals().initiatives,
            1
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_submitter_can_withdraw_but_not_moderate() {
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        act(&db.conn, id, A::Publish, "").await.unwrap();
        let v = version(&db.conn, id).await;
        assert_eq!(
            submissions::withdraw(&db.conn, &token, v).await.unwrap(),
            S::Withdrawn
        );
        assert_eq!(
            Snapshot::load(&db.conn).await.unwrap().totals().initiatives,
            0
        );
        // A moderator cannot take the submitter's actions.
        assert!(matches!(
            act(&db.conn, id, A::Withdraw, "").await,
            Err(ServiceError::Transition(TransitionError::SubmitterOnly))
        ));
        assert!(matches!(
            act(&db.conn, id, A::Resubmit, "").await,
            Err(ServiceError::Transition(TransitionError::SubmitterOnly))
        ));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_second_moderator_acting_on_a_stale_version_gets_a_conflict() {
    for db in fresh_databases().await {
        let (id, _) = submitted(&db.conn, "Free trams").await;
        let seen = version(&db.conn, id).await;
        submissions::act(
            &db.conn,
            id,
            seen,
            A::Publish,
            "",
            "first@icc.example",
            Notices::Off,
        )
        .await
        .unwrap();
        assert!(
            matches!(
                submissions::act(
                    &db.conn,
                    id,
                    seen,
                    A::Reject,
                    "dup",
                    "second@icc.example",
                    Notices::Off,
                )
                .await,
                Err(ServiceError::Conflict)
            ),
            "{}",
            db.name
        );
        assert_eq!(status(&db.conn, id).await, S::Published);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn racing_moderators_one_wins_and_the_other_is_told() {
    for db in fresh_databases().await {
        let (id, _) = submitted(&db.conn, "Free trams").await;
        let seen = version(&db.conn, id).await;
        let a = submissions::act(
            &db.conn,
            id,
            seen,
            A::Publish,
            "",
            "a@icc.example",
            Notices::Off,
        );
        let b = submissions::act(
            &db.conn,
            id,
            seen,
            A::Reject,
            "no",
            "b@icc.example",
            Notices::Off,
        );
        let (ra, rb) = tokio::join!(a, b);
        let wins = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
        let conflicts = [&ra, &rb]
            .iter()
            .filter(|r| matches!(r, Err(ServiceError::Conflict)))
            .count();
        assert_eq!((wins, conflicts), (1, 1), "{}: {ra:?} {rb:?}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_moderator_edit_changes_the_content_and_is_recorded() {
    for db in fresh_databases().await {
        let (id, _) = submitted(&db.conn, "Free trams").await;
        let v = version(&db.conn, id).await;
        let content = form("Free trams (corrected)").initiative().unwrap();
        submissions::edit(&db.conn, id, v, &content, "m@icc.example")
            .await
            .unwrap();
        let review = submissions::review(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(review.current.title, "Free trams (corrected)");
        assert_eq!(
            review.current.submitter_name, "Anna Nowak",
            "submitter kept"
        );
        assert_eq!(
            review.history.last().unwrap().action,
            HistoryAction::Took(A::Edit)
        );
        // The old version number no longer works.
        assert!(matches!(
            submissions::edit(&db.conn, id, v, &content, "m").await,
            Err(ServiceError::Conflict)
        ));
        db.drop_pg().await;
    }
}

/// The form of `title` with a French version.
fn with_french(title: &str) -> SubmitForm {
    SubmitForm {
        title_fr: "Tramways gratuits".into(),
        summary_fr: "Les réfugiés prennent le bus et le tram gratuitement.".into(),
        ..form(title)
    }
}

async fn public(db: &DatabaseConnection, slug: &str) -> PublishedInitiative {
    icc_initiatives::server::store::initiatives::published_by_slug(db, slug)
        .await
        .unwrap()
        .expect("published")
}

/// (language, source, outdated) of each version, by language.
fn versions(i: &PublishedInitiative) -> Vec<(UiLanguage, VersionSource, bool)> {
    i.translations
        .iter()
        .map(|t| (t.language, t.source, t.outdated))
        .collect()
}

#[tokio::test]
async fn a_submitters_edit_adding_a_version_is_reviewed_then_published() {
    use UiLanguage::Fr;
    for db in fresh_databases().await {
        let (id, token) = submitted(&db.conn, "Free trams").await;
        act(&db.conn, id, A::Publish, "").await.unwrap();
        let v = version(&db.conn, id).await;
        let edit = Submission::try_from(&with_french("Free trams")).unwrap();
        assert_eq!(
            submissions::resubmit(&db.conn, &token, v, &edit)
                .await
                .unwrap(),
            S::Published
        );
        // Reviewed like any edit: not public yet, shown to the moderators as what it changes.
        assert!(
            public(&db.conn, "gdansk-free-trams")
                .await
                .translations
                .is_empty(),
            "{}",
            db.name
        );
        let review = submissions::review(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(
            review.changed,
            [
                Field::Version(Fr, VersionPart::Title),
                Field::Version(Fr, VersionPart::Summary)
            ]
        );
        let managed = submissions::managed_submission(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert!(managed.revision_pending);
        assert_eq!(
            managed.content.title_fr, "Tramways gratuits",
            "the manage form shows it"
        );
        act(&db.conn, id, A::PublishChanges, "").await.unwrap();
        let published = public(&db.conn, "gdansk-free-trams").await;
        assert_eq!(
            versions(&published),
            [(Fr, VersionSource::Submitter, false)],
            "{}",
            db.name
        );
        assert_eq!(
            published.translations[0].title.as_str(),
            "Tramways gratuits"
        );
        assert_eq!(published.text_language, UiLanguage::En);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_moderators_correction_of_a_version_is_the_moderators_and_the_others_stay_the_submitters()
{
    use UiLanguage::{Fr, Uk};
    for db in fresh_databases().await {
        let both = SubmitForm {
            title_uk: "Безкоштовні трамваї".into(),
            summary_uk: "Біженці їздять автобусами й трамваями безкоштовно.".into(),
            ..with_french("Free trams")
        };
        let created = submissions::submit(
            &db.conn,
            &Submission::try_from(&both).unwrap(),
            UiLanguage::En,
            Notices::Off,
        )
        .await
        .unwrap();
        let id = created.id;
        act(&db.conn, id, A::Publish, "").await.unwrap();
        let slug = "gdansk-free-trams";
        assert_eq!(
            versions(&public(&db.conn, slug).await),
            [
                (Fr, VersionSource::Submitter, false),
                (Uk, VersionSource::Submitter, false)
            ]
        );
        let corrected = SubmitForm {
            summary_fr: "Les réfugiés d'Ukraine prennent le bus et le tram gratuitement.".into(),
            ..both.clone()
        };
        let v = version(&db.conn, id).await;
        submissions::edit(
            &db.conn,
            id,
            v,
            &corrected.initiative().unwrap(),
            "m@icc.example",
        )
        .await
        .unwrap();
        let published = public(&db.conn, slug).await;
        assert_eq!(
            versions(&published),
            [
                (Fr, VersionSource::Moderator, false),
                (Uk, VersionSource::Submitter, false)
            ],
            "{}",
            db.name
        );
        assert!(published.translations[0]
            .summary
            .as_str()
            .contains("d'Ukraine"));
        // The text's language is the moderators' to correct too: the text was Ukrainian, the
        // English one a version of it.
        let swapped = SubmitForm {
            text_language: "uk".into(),
            title: both.title_uk.clone(),
            summary: both.summary_uk.clone(),
            title_uk: String::new(),
            summary_uk: String::new(),
            title_en: both.title.clone(),
            summary_en: both.summary.clone(),
            ..corrected
        };
        let v = version(&db.conn, id).await;
        submissions::edit(
            &db.conn,
            id,
            v,
            &swapped.initiative().unwrap(),
            "m@icc.example",
        )
        .await
        .unwrap();
        let published = public(&db.conn, slug).await;
        assert_eq!(published.text_language, Uk, "{}", db.name);
        assert_eq!(published.title, "Безкоштовні трамваї");
        // The French version, unchanged, was made from the English text: possibly out of date.
        assert_eq!(
            versions(&published),
            [
                (UiLanguage::En, VersionSource::Moderator, false),
                (Fr, VersionSource::Moderator, true)
            ]
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_version_left_unchanged_is_outdated_once_the_original_changes() {
    use UiLanguage::Fr;
    for db in fresh_databases().await {
        let created = submissions::submit(
            &db.conn,
            &Submission::try_from(&with_french("Free trams")).unwrap(),
            UiLanguage::En,
            Notices::Off,
        )
        .await
        .unwrap();
        let (id, token) = (created.id, created.token);
        act(&db.conn, id, A::Publish, "").await.unwrap();
        let slug = "gdansk-free-trams";
        // The original's summary changes; the French version is sent as it was.
        let mut changed = with_french("Free trams");
        changed.summary = "Refugees ride buses, trams and the night buses free of charge.".into();
        let v = version(&db.conn, id).await;
        submissions::resubmit(
            &db.conn,
            &token,
            v,
            &Submission::try_from(&changed).unwrap(),
        )
        .await
        .unwrap();
        act(&db.conn, id, A::PublishChanges, "").await.unwrap();
        assert_eq!(
            versions(&public(&db.conn, slug).await),
            [(Fr, VersionSource::Submitter, true)],
            "{}: made from the earlier text",
            db.name
        );
        // Brought up to date, it is current again.
        changed.summary_fr =
            "Les réfugiés prennent le bus, le tram et le bus de nuit gratuitement.".into();
        let v = version(&db.conn, id).await;
        submissions::resubmit(
            &db.conn,
            &token,
            v,
            &Submission::try_from(&changed).unwrap(),
        )
        .await
        .unwrap();
        act(&db.conn, id, A::PublishChanges, "").await.unwrap();
        assert_eq!(
            versions(&public(&db.conn, slug).await),
            [(Fr, VersionSource::Submitter, false)],
            "{}",
            db.name
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn unknown_or_malformed_tokens_find_nothing() {
    for db in fresh_databases().await {
        submitted(&db.conn, "Free trams").await;
        for token in ["", "abc", "../../etc/passwd", &"A".repeat(43)] {
            assert!(
                submissions::managed_submission(&db.conn, token)
                    .await
                    .unwrap()
                    .is_none(),
                "{token}"
            );
        }
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_queue_counts_every_state_and_lists_the_oldest_first() {
    for db in fresh_databases().await {
        let (a, _) = submitted(&db.conn, "First").await;
        let (b, _) = submitted(&db.conn, "Second").await;
        let (c, _) = submitted(&db.conn, "Third").await;
        act(&db.conn, c, A::Reject, "no").await.unwrap();
        let q = submissions::queue(&db.conn, QueueFilter::default())
            .await
            .unwrap();
        let ids: Vec<i32> = q.items.iter().map(|i| i.id).collect();
        assert_eq!(ids, [a, b], "{}", db.name);
        let count = |s: S| q.counts.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!((count(S::Pending), count(S::Rejected)), (2, 1));
        let rejected = submissions::queue(
            &db.conn,
            QueueFilter {
                state: QueueState::Status(S::Rejected),
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(rejected.items.len(), 1);
        let other_country = submissions::queue(
            &db.conn,
            QueueFilter {
                country: CountryCode::parse("FR").ok(),
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
        assert!(other_country.items.is_empty());
        db.drop_pg().await;
    }
}

/// A form in `country` whose text is written in `original`, with a version in each of
/// `versions` (the words of each version name its language, so a test can tell them apart).
fn form_in(
    title: &str,
    country: &str,
    original: UiLanguage,
    versions: &[UiLanguage],
) -> SubmitForm {
    let mut f = SubmitForm {
        country: country.into(),
        text_language: original.as_str().into(),
        ..form(title)
    };
    for &l in versions {
        *f.version_part_mut(l, VersionPart::Title) = format!("{title} ({})", l.as_str());
        *f.version_part_mut(l, VersionPart::Summary) =
            format!("The summary of {title} in the language {}.", l.as_str());
    }
    f
}

/// Submits `f` and publishes it; returns its id.
async fn published(db: &DatabaseConnection, f: &SubmitForm) -> i32 {
    let s = Submission::try_from(f).expect("valid form");
    let id = submissions::submit(db, &s, UiLanguage::En, Notices::Off)
        .await
        .unwrap()
        .id;
    act(db, id, A::Publish, "").await.unwrap();
    id
}

fn missing(language: UiLanguage, country: Option<&str>) -> QueueFilter {
    QueueFilter {
        country: country.map(|c| CountryCode::parse(c).unwrap()),
        ..QueueFilter::default()
    }
    .with_missing(Some(language))
}

/// The ids the queue lists for `filter` (sorted), after checking that its total says as many.
async fn listed(db: &DatabaseConnection, filter: QueueFilter) -> Vec<i32> {
    let q = submissions::queue(db, filter).await.unwrap();
    let mut ids: Vec<i32> = q.items.iter().map(|i| i.id).collect();
    ids.sort_unstable();
    assert_eq!(q.total as usize, ids.len(), "{filter:?}");
    ids
}

#[tokio::test]
async fn the_queue_counts_and_lists_published_initiatives_without_a_version_in_each_language() {
    use UiLanguage::{En, Fr, Uk};
    for db in fresh_databases().await {
        let c = &db.conn;
        // Originals in each language, in two countries, with and without versions.
        let a = published(c, &form_in("Free trams", "PL", En, &[Fr])).await;
        let b = published(c, &form_in("Безкоштовні трамваї", "PL", Uk, &[])).await;
        let full = published(c, &form_in("Cours de langue", "FR", Fr, &[En, Uk])).await;
        let d = published(c, &form_in("Housing help", "FR", En, &[])).await;
        // Neither a pending one nor an archived one is read by the public: not counted.
        let pending = Submission::try_from(&form_in("Pending one", "PL", En, &[])).unwrap();
        submissions::submit(c, &pending, UiLanguage::En, Notices::Off)
            .await
            .unwrap();
        let archived = published(c, &form_in("Archived one", "PL", Fr, &[])).await;
        act(c, archived, A::Archive, "").await.unwrap();

        let q = submissions::queue(c, QueueFilter::default()).await.unwrap();
        assert_eq!(q.missing_counts, [(En, 1), (Fr, 2), (Uk, 2)], "{}", db.name);
        assert_eq!(listed(c, missing(En, None)).await, [b], "{}", db.name);
        assert_eq!(listed(c, missing(Fr, None)).await, [b, d], "{}", db.name);
        assert_eq!(listed(c, missing(Uk, None)).await, [a, d], "{}", db.name);
        assert!(
            !listed(c, missing(Uk, None)).await.contains(&full),
            "an initiative with every version lacks none"
        );
        // However the filter was made, a missing language lists published initiatives only.
        let named_pending = QueueFilter {
            state: QueueState::Status(S::Pending),
            country: None,
            missing: Some(Uk),
        };
        assert_eq!(listed(c, named_pending).await, [a, d], "{}", db.name);

        // Combined with a country: the lists and the counts are that country's.
        let poland = submissions::queue(c, missing(Uk, Some("PL")))
            .await
            .unwrap();
        assert_eq!(
            poland.missing_counts,
            [(En, 1), (Fr, 1), (Uk, 1)],
            "{}",
            db.name
        );
        assert_eq!(poland.items.len(), 1);
        assert_eq!(poland.items[0].id, a);
        assert_eq!(poland.items[0].text_language, En);
        assert_eq!(poland.filter, missing(Uk, Some("PL")));
        let france = submissions::queue(c, missing(Fr, Some("FR")))
            .await
            .unwrap();
        assert_eq!(
            france.missing_counts,
            [(En, 0), (Fr, 1), (Uk, 1)],
            "{}",
            db.name
        );
        assert_eq!(listed(c, missing(Fr, Some("FR"))).await, [d]);
        assert!(listed(c, missing(En, Some("FR"))).await.is_empty());
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_version_written_by_a_moderator_takes_the_initiative_off_the_missing_list() {
    use UiLanguage::{En, Uk};
    for db in fresh_databases().await {
        let c = &db.conn;
        let id = published(c, &form_in("Free trams", "PL", En, &[])).await;
        assert_eq!(listed(c, missing(Uk, None)).await, [id]);
        let content = form_in("Free trams", "PL", En, &[Uk]).initiative().unwrap();
        let v = version(c, id).await;
        submissions::edit(c, id, v, &content, "m@icc.example")
            .await
            .unwrap();
        assert!(listed(c, missing(Uk, None)).await.is_empty(), "{}", db.name);
        let q = submissions::queue(c, QueueFilter::default()).await.unwrap();
        assert_eq!(q.missing_counts[2], (Uk, 0));
        // Its original's language changing to Ukrainian also leaves nothing missing in it.
        let other = published(c, &form_in("Housing help", "PL", En, &[])).await;
        let mut in_ukrainian = form_in("Допомога з житлом", "PL", Uk, &[]);
        in_ukrainian.summary = "Місто допомагає знайти житло біженцям з України.".into();
        let v = version(c, other).await;
        submissions::edit(
            c,
            other,
            v,
            &in_ukrainian.initiative().unwrap(),
            "m@icc.example",
        )
        .await
        .unwrap();
        assert!(listed(c, missing(Uk, None)).await.is_empty(), "{}", db.name);
        assert_eq!(listed(c, missing(En, None)).await, [other], "{}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_review_shows_each_version_with_who_wrote_it_and_whether_it_is_out_of_date() {
    use UiLanguage::{En, Fr, Uk};
    for db in fresh_databases().await {
        let c = &db.conn;
        let id = published(c, &form_in("Free trams", "PL", En, &[Fr])).await;
        let review = submissions::review(c, id).await.unwrap().unwrap();
        assert_eq!(review.text_language, En);
        assert_eq!(review.versions.len(), 1);
        assert_eq!(
            (
                review.versions[0].language,
                review.versions[0].source,
                review.versions[0].outdated
            ),
            (Fr, VersionSource::Submitter, false),
            "{}",
            db.name
        );
        // A moderator changes the original and adds a Ukrainian version: the French one,
        // untouched, was made from the earlier original.
        let mut changed = form_in("Free trams and buses", "PL", En, &[Fr, Uk]);
        *changed.version_part_mut(Fr, VersionPart::Title) = "Free trams (fr)".into();
        *changed.version_part_mut(Fr, VersionPart::Summary) =
            "The summary of Free trams in the language fr.".into();
        let v = version(c, id).await;
        submissions::edit(c, id, v, &changed.initiative().unwrap(), "m@icc.example")
            .await
            .unwrap();
        let review = submissions::review(c, id).await.unwrap().unwrap();
        let shown: Vec<_> = review
            .versions
            .iter()
            .map(|v| (v.language, v.source, v.outdated))
            .collect();
        assert_eq!(
            shown,
            [
                (Fr, VersionSource::Submitter, true),
                (Uk, VersionSource::Moderator, false)
            ],
            "{}",
            db.name
        );
        assert_eq!(review.versions[1].title, "Free trams and buses (uk)");
        assert_eq!(review.current.title_uk, "Free trams and buses (uk)");
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_submitters_edit_of_a_version_is_listed_among_the_changes() {
    use UiLanguage::{En, Fr, Uk};
    for db in fresh_databases().await {
        let c = &db.conn;
        let f = form_in("Free trams", "PL", En, &[Fr]);
        let s = Submission::try_from(&f).unwrap();
        let created = submissions::submit(c, &s, UiLanguage::En, Notices::Off)
            .await
            .unwrap();
        act(c, created.id, A::Publish, "").await.unwrap();
        let mut edited = form_in("Free trams", "PL", En, &[Fr, Uk]);
        *edited.version_part_mut(Fr, VersionPart::Summary) =
            "Les réfugiés voyagent gratuitement dans les trams.".into();
        let v = version(c, created.id).await;
        submissions::resubmit(
            c,
            &created.token,
            v,
            &Submission::try_from(&edited).unwrap(),
        )
        .await
        .unwrap();
        let review = submissions::review(c, created.id).await.unwrap().unwrap();
        assert_eq!(
            review.changed,
            [
                Field::Version(Fr, VersionPart::Summary),
                Field::Version(Uk, VersionPart::Title),
                Field::Version(Uk, VersionPart::Summary),
            ],
            "{}",
            db.name
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn fifty_concurrent_submissions_all_persist() {
    for db in fresh_databases().await {
        let tasks: Vec<_> = (0..50)
            .map(|n| {
                let conn = db.conn.clone();
                tokio::spawn(async move {
                    submissions::submit(
                        &conn,
                        &submission(&format!("Initiative number {n}")),
                        UiLanguage::En,
                        Notices::Off,
                    )
                    .await
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            t.await.unwrap().expect("every submission is stored");
            ok += 1;
        }
        assert_eq!(ok, 50);
        let q = submissions::queue(&db.conn, QueueFilter::default())
            .await
            .unwrap();
        assert_eq!(q.total, 50, "{}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn moderators_sign_in_and_get_locked_out_after_repeated_failures() {
    for db in fresh_databases().await {
        assert!(matches!(
            auth::create_moderator(&db.conn, "m@icc.example", "short").await,
            Err(AuthError::WeakPassword(_))
        ));
        assert!(
            auth::create_moderator(&db.conn, "M@icc.example", "lilac ferry at noon 1947")
                .await
                .unwrap()
        );
        let token = auth::sign_in(&db.conn, "m@icc.example", "lilac ferry at noon 1947", "")
            .await
            .unwrap()
            .token;
        let who = auth::moderator_for(&db.conn, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.email, "m@icc.example");
        auth::sign_out(&db.conn, &token).await.unwrap();
        assert!(auth::moderator_for(&db.conn, &token)
            .await
            .unwrap()
            .is_none());
        assert!(matches!(
            auth::sign_in(&db.conn, "nobody@icc.example", "whatever whatever", "").await,
            Err(AuthError::Invalid)
        ));
        for _ in 0..auth::MAX_FAILURES - 1 {
            assert!(matches!(
                auth::sign_in(&db.conn, "m@icc.example", "wrong password!!", "").await,
                Err(AuthError::Invalid)
            ));
        }
        assert!(matches!(
            auth::sign_in(&db.conn, "m@icc.example", "wrong password!!", "").await,
            Err(AuthError::Locked)
        ));
        // Locked: even the right password is refused for a while.
        assert!(matches!(
            auth::sign_in(&db.conn, "m@icc.example", "lilac ferry at noon 1947", "").await,
            Err(AuthError::Locked)
        ));
        // Setting a new password (create-moderator again) unlocks.
        assert!(
            !auth::create_moderator(&db.conn, "m@icc.example", "amber tram past dusk 1958")
                .await
                .unwrap()
        );
        assert!(
            auth::sign_in(&db.conn, "m@icc.example", "amber tram past dusk 1958", "")
                .await
                .is_ok()
        );
        db.drop_pg().await;
    }
}

/// The queue's missing-version filter and the review page's versions, rendered through the
/// whole router as a browser without JavaScript gets them.
mod pages {
    use super::{form_in, published};
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use icc_initiatives::domain::{ModerationAction as A, Submission, UiLanguage, VersionPart};
    use icc_initiatives::server::accounts::auth;
    use icc_initiatives::server::state::AppState;
    use icc_initiatives::server::store::submissions;
    use icc_initiatives::web::http::router;
    use scraper::{Html, Selector};
    use tower::ServiceExt;

    const SITE: &str = "127.0.0.1:3000";
    const HERE: &str = "http://127.0.0.1:3000";

    async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, String, String) {
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
            .await
            .unwrap();
        // Without leptos's hydration markers, the text reads as the browser shows it.
        let body = String::from_utf8_lossy(&bytes).replace("<!>", "");
        (status, cookie, body)
    }

    async fn signed_in(state: &AppState) -> String {
        auth::create_moderator(&state.db, "mod@icc.example", "lilac ferry at noon 1947")
            .await
            .unwrap();
        let request = Request::builder()
            .method("POST")
            .uri("/admin/sign-in")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, HERE)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(
                "email=mod%40icc.example&password=lilac+ferry+at+noon+1947",
            ))
            .unwrap();
        let (status, cookie, _) = send(state, request).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        cookie
    }

    async fn page(state: &AppState, path: &str, cookie: &str) -> Html {
        let request = Request::builder()
            .uri(path)
            .header(header::HOST, SITE)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(state, request).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        Html::parse_document(&body)
    }

    fn texts(html: &Html, css: &str) -> Vec<String> {
        html.select(&Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    }

    fn attrs(html: &Html, css: &str, attr: &str) -> Vec<Option<String>> {
        html.select(&Selector::parse(css).unwrap())
            .map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    #[test]
    fn the_queue_filtered_to_a_missing_language_shows_the_counts_and_those_initiatives() {
        super::common::block_on(
            the_queue_filtered_to_a_missing_language_shows_the_counts_and_those_initiatives_(),
        )
    }

    async fn the_queue_filtered_to_a_missing_language_shows_the_counts_and_those_initiatives_() {
        use UiLanguage::{En, Fr, Uk};
        let dir = tempfile::tempdir().unwrap();
        let state = super::common::state_at(None, dir.path()).await;
        let c = &state.db;
        published(c, &form_in("Free trams", "PL", En, &[Fr])).await;
        published(c, &form_in("Cours de langue", "FR", Fr, &[En, Uk])).await;
        published(c, &form_in("Housing help", "FR", En, &[])).await;
        let cookie = signed_in(&state).await;

        let all = page(&state, "/admin", &cookie).await;
        assert_eq!(
            texts(&all, ".missing-counts a"),
            [
                "Missing in English: 0",
                "Missing in French: 1",
                "Missing in Ukrainian: 2"
            ]
        );
        assert_eq!(
            attrs(&all, ".missing-counts a", "href")[2].as_deref(),
            Some("/admin?state=published&missing=uk")
        );

        let uk = page(&state, "/admin?missing=uk", &cookie).await;
        let mut listed = texts(&uk, ".queue li > a");
        listed.sort();
        assert_eq!(listed, ["Free trams", "Housing help"]);
        assert_eq!(
            attrs(&uk, ".missing-counts a", "aria-current"),
            [None, None, Some("page".to_owned())]
        );
        assert_eq!(
            attrs(&uk, "#q-missing option[selected]", "value"),
            [Some("uk".to_owned())]
        );

        // With the country (as the GET form sends it, the state named too).
        let poland = page(
            &state,
            "/admin?state=awaiting&country=PL&missing=uk",
            &cookie,
        )
        .await;
        assert_eq!(texts(&poland, ".queue li > a"), ["Free trams"]);
        assert_eq!(
            texts(&poland, ".missing-counts a"),
            [
                "Missing in English: 0",
                "Missing in French: 0",
                "Missing in Ukrainian: 1"
            ]
        );
        assert_eq!(
            attrs(&poland, ".missing-counts a", "href")[0].as_deref(),
            Some("/admin?state=published&country=PL&missing=en")
        );
        // The state links leave the language filter and keep the country.
        assert!(attrs(&poland, "nav.counts:not(.missing-counts) a", "href")
            .iter()
            .all(|h| h
                .as_deref()
                .is_some_and(|h| h.contains("country=PL") && !h.contains("missing"))));

        // In the Ukrainian interface an English title is marked as English.
        let in_uk = page(&state, "/admin?missing=uk&lang=uk", &cookie).await;
        assert_eq!(
            attrs(&in_uk, ".queue li > a", "lang"),
            [Some("en".to_owned()), Some("en".to_owned())]
        );
        assert_eq!(
            texts(&in_uk, ".missing-counts a")[2],
            "Без версії українською: 2"
        );
    }

    #[test]
    fn the_review_page_shows_each_version_its_source_and_its_language() {
        super::common::block_on(the_review_page_shows_each_version_its_source_and_its_language_())
    }

    async fn the_review_page_shows_each_version_its_source_and_its_language_() {
        use UiLanguage::{En, Fr, Uk};
        let dir = tempfile::tempdir().unwrap();
        let state = super::common::state_at(None, dir.path()).await;
        let c = &state.db;
        let f = form_in("Free trams", "PL", En, &[Fr]);
        let created = submissions::submit(
            c,
            &Submission::try_from(&f).unwrap(),
            En,
            super::Notices::Off,
        )
        .await
        .unwrap();
        let id = created.id;
        let v = super::version(c, id).await;
        submissions::act(
            c,
            id,
            v,
            A::Publish,
            "",
            "m@icc.example",
            super::Notices::Off,
        )
        .await
        .unwrap();
        // The submitter changes the original and adds a Ukrainian version; the French one,
        // untouched, becomes possibly out of date once the edit is published.
        let mut edited = form_in("Free trams and buses", "PL", En, &[Fr, Uk]);
        *edited.version_part_mut(Fr, VersionPart::Title) = "Free trams (fr)".into();
        *edited.version_part_mut(Fr, VersionPart::Summary) =
            "The summary of Free trams in the language fr.".into();
        let v = super::version(c, id).await;
        submissions::resubmit(
            c,
            &created.token,
            v,
            &Submission::try_from(&edited).unwrap(),
        )
        .await
        .unwrap();
        let cookie = signed_in(&state).await;

        let waiting = page(&state, &format!("/admin/initiatives/{id}?lang=fr"), &cookie).await;
        // The changes table names a version's parts, and marks their language.
        let rows = texts(&waiting, ".changes tbody th");
        assert_eq!(
            rows,
            ["Titre", "Titre en ukrainien", "Résumé en ukrainien"],
            "{rows:?}"
        );
        assert_eq!(
            attrs(&waiting, ".changes tbody ins", "lang"),
            [
                Some("en".to_owned()),
                Some("uk".to_owned()),
                Some("uk".to_owned())
            ]
        );

        let v = super::version(c, id).await;
        submissions::act(
            c,
            id,
            v,
            A::PublishChanges,
            "",
            "m@icc.example",
            super::Notices::Off,
        )
        .await
        .unwrap();
        let review = page(&state, &format!("/admin/initiatives/{id}"), &cookie).await;
        let versions = texts(&review, ".versions-box");
        let text = &versions[0];
        assert!(
            text.contains("Language of the text (the original)"),
            "{text}"
        );
        assert_eq!(
            texts(&review, ".versions-box .version h3"),
            ["French", "Ukrainian"]
        );
        let meta = texts(&review, ".versions-box .version .meta");
        assert!(meta[0].contains("Written by the submitter"), "{meta:?}");
        assert!(meta[0].contains("Possibly out of date"), "{meta:?}");
        assert!(
            meta[1].contains("Made from the original as it is now"),
            "{meta:?}"
        );
        assert_eq!(
            attrs(&review, ".versions-box .version dd", "lang"),
            [
                Some("fr".to_owned()),
                Some("fr".to_owned()),
                Some("uk".to_owned()),
                Some("uk".to_owned())
            ]
        );
        assert_eq!(
            attrs(&review, "h1", "lang"),
            [None],
            "English on an English page"
        );
        let in_uk = page(&state, &format!("/admin/initiatives/{id}?lang=uk"), &cookie).await;
        assert_eq!(attrs(&in_uk, "h1", "lang"), [Some("en".to_owned())]);
        assert_eq!(
            attrs(&in_uk, ".versions-box .version dd", "lang"),
            [Some("fr".to_owned()), Some("fr".to_owned()), None, None],
            "Ukrainian on a Ukrainian page needs no lang"
        );
    }
}
