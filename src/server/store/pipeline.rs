//! The review pipeline in figures, for the moderators (issue 21): how many submissions wait
//! for a first decision, how many edits of published initiatives wait, how many were sent back
//! to their submitters, and — from the moderation history — how long a decision took, as the
//! median of each month. Read from the database on request (moderators only, never cached):
//! the in-memory directory holds only what is published.
//!
//! A **decision** is a moderator's publish, request for changes, rejection, or publishing or
//! refusing an edit. Its **time** runs from the latest sending (the submission, or the
//! submitter sending it again) before it; a withdrawal ends the wait without a decision, and a
//! decision without a sending before it (republishing after archiving, imported initiatives)
//! is not timed. A decision belongs to the month (UTC) it was taken in.

use crate::domain::{ModerationAction, ModerationStatus};
use crate::server::store::entities::{initiative, moderation_event};
use crate::wire::statistics::{DecisionMonth, Month};
use futures::StreamExt;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// The pipeline as the admin page shows it (without who reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub waiting: u32,
    pub edits_waiting: u32,
    pub sent_back: u32,
    pub months: Vec<DecisionMonth>,
}

/// What the walk reads of one event of the history.
#[derive(Debug, Clone, FromQueryResult)]
pub struct EventRow {
    pub initiative_id: i32,
    pub at: chrono::DateTime<chrono::Utc>,
    pub action: String,
}

/// What an event of the history means for the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Sent (or sent again): a wait starts.
    Sent,
    /// A moderator decided.
    Decided,
    /// The submitter took it back: the wait ends undecided.
    Withdrawn,
    /// Anything else (a correction, archiving) leaves the wait as it is.
    Other,
}

fn step(action: &str) -> Step {
    if action == "submit" {
        return Step::Sent;
    }
    match ModerationAction::parse(action) {
        Ok(ModerationAction::Resubmit) => Step::Sent,
        Ok(
            ModerationAction::Publish
            | ModerationAction::RequestChanges
            | ModerationAction::Reject
            | ModerationAction::PublishChanges
            | ModerationAction::DiscardChanges,
        ) => Step::Decided,
        Ok(ModerationAction::Withdraw) => Step::Withdrawn,
        _ => Step::Other,
    }
}

/// The median of `seconds` in whole hours (rounded), the mean of the middle two for an even
/// count; 0 for none.
pub fn median_hours(seconds: &mut [i64]) -> u32 {
    if seconds.is_empty() {
        return 0;
    }
    seconds.sort_unstable();
    let n = seconds.len();
    let median = if n % 2 == 1 {
        seconds[n / 2] as f64
    } else {
        (seconds[n / 2 - 1] as f64 + seconds[n / 2] as f64) / 2.0
    };
    (median / 3600.0).round().max(0.0) as u32
}

/// Each month's decisions and their median time, from the history ordered by initiative then
/// time (what [`pipeline`] reads).
pub fn decision_months(events: impl IntoIterator<Item = EventRow>) -> Vec<DecisionMonth> {
    let mut times: std::collections::BTreeMap<Month, Vec<i64>> = Default::default();
    let mut current: Option<(i32, Option<chrono::DateTime<chrono::Utc>>)> = None;
    for e in events {
        let waiting = match current {
            Some((id, since)) if id == e.initiative_id => since,
            _ => None,
        };
        let next = match step(&e.action) {
            Step::Sent => Some(e.at),
            Step::Decided => {
                if let (Some(since), Ok(month)) =
                    (waiting, Month::parse(&e.at.date_naive().to_string()))
                {
                    times
                        .entry(month)
                        .or_default()
                        .push((e.at - since).num_seconds().max(0));
                }
                None
            }
            Step::Withdrawn => None,
            Step::Other => waiting,
        };
        current = Some((e.initiative_id, next));
    }
    times
        .into_iter()
        .map(|(month, mut seconds)| DecisionMonth {
            month,
            decisions: u32::try_from(seconds.len()).unwrap_or(u32::MAX),
            median_hours: median_hours(&mut seconds),
        })
        .collect()
}

/// The pipeline now.
///
/// # Errors
/// When the database fails.
pub async fn pipeline(db: &DatabaseConnection) -> Result<Pipeline, DbErr> {
    use initiative::Column as C;
    let count = |status: ModerationStatus| {
        initiative::Entity::find()
            .filter(C::ModerationStatus.eq(status))
            .count(db)
    };
    let waiting = count(ModerationStatus::Pending).await?;
    let sent_back = count(ModerationStatus::ChangesRequested).await?;
    let edits_waiting = initiative::Entity::find()
        .filter(C::ModerationStatus.eq(ModerationStatus::Published))
        .filter(C::Revision.is_not_null())
        .count(db)
        .await?;
    use moderation_event::Column as E;
    let mut rows = moderation_event::Entity::find()
        .select_only()
        .columns([E::InitiativeId, E::At, E::Action])
        .order_by_asc(E::InitiativeId)
        .order_by_asc(E::At)
        .order_by_asc(E::Id)
        .into_model::<EventRow>()
        .stream(db)
        .await?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().await {
        events.push(row?);
    }
    drop(rows);
    let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Pipeline {
        waiting: n(waiting),
        edits_waiting: n(edits_waiting),
        sent_back: n(sent_back),
        months: decision_months(events),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2023, 5, day, hour, 0, 0)
            .unwrap()
    }

    fn event(id: i32, when: chrono::DateTime<chrono::Utc>, action: &str) -> EventRow {
        EventRow {
            initiative_id: id,
            at: when,
            action: action.to_owned(),
        }
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median_hours(&mut []), 0);
        assert_eq!(median_hours(&mut [7200, 3600, 36000]), 2);
        assert_eq!(median_hours(&mut [3600, 10800, 7200, 36000]), 3);
    }

    #[test]
    fn a_decision_is_timed_from_the_latest_sending_before_it() {
        let months = decision_months([
            // Sent, sent back after 10 h, sent again, published 4 h later.
            event(1, at(1, 8), "submit"),
            event(1, at(1, 18), "request-changes"),
            event(1, at(2, 8), "resubmit"),
            event(1, at(2, 10), "edit"),
            event(1, at(2, 12), "publish"),
            // Published without a sending (an import archived and published again): untimed.
            event(2, at(3, 8), "archive"),
            event(2, at(3, 9), "publish"),
            // Withdrawn while waiting: no decision.
            event(3, at(4, 8), "submit"),
            event(3, at(4, 9), "withdraw"),
            event(3, at(4, 10), "publish"),
            // Rejected after 30 h.
            event(4, at(5, 0), "submit"),
            event(4, at(6, 6), "reject"),
        ]);
        assert_eq!(
            months,
            vec![DecisionMonth {
                month: Month::parse("2023-05").unwrap(),
                decisions: 3,
                median_hours: 10,
            }]
        );
    }

    #[test]
    fn a_wait_does_not_carry_over_to_the_next_initiative() {
        let months = decision_months([event(1, at(1, 8), "submit"), event(2, at(1, 9), "publish")]);
        assert!(months.is_empty(), "{months:?}");
    }
}
