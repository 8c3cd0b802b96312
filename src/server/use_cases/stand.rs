//! Stand: the city says where its published initiative stands (issue 23) — "Still running —
//! confirm" renews the confirmation's date in one step, "It has ended" records the end —
//! through its private link, or a moderator records what the city said by phone or letter,
//! with a note in the history. Every one is a POST (mail scanners open links).

use crate::domain::{Field, FieldError, FieldProblem, IsoDate, ModerationStatus};
use crate::server::accounts::auth::Moderator;
use crate::server::state::AppState;
use crate::server::store::submissions::{self, Standing};
use crate::server::use_cases::{through_manage_link, Problem, MAX_REASON_CHARS};

/// What the city says, as posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// Still running: confirmed today.
    Running,
    /// Ended on the day typed (`YYYY-MM-DD`), today when blank.
    Ended { on: String },
}

fn as_naive(date: IsoDate) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::from(date.month()),
        u32::from(date.day()),
    )
}

/// The standing asked for, on the directory's today; an end date that is not a day, or lies
/// after today, is refused on the end date's field.
fn standing(state: &AppState, asked: &Asked) -> Result<Standing, Problem> {
    let today = state.directory.clock().today;
    let refuse = |error| {
        Problem::Invalid(vec![FieldProblem {
            field: Field::EndDate,
            error,
        }])
    };
    let on = match asked {
        Asked::Running => today,
        Asked::Ended { on } if on.trim().is_empty() => today,
        Asked::Ended { on } => {
            let day = IsoDate::parse(on).map_err(refuse)?;
            if day > today {
                return Err(refuse(FieldError::InvalidDate(crate::domain::echo(on, 20))));
            }
            day
        }
    };
    let on = as_naive(on).ok_or(Problem::Unavailable)?;
    Ok(match asked {
        Asked::Running => Standing::Running { on },
        Asked::Ended { .. } => Standing::Ended { on },
    })
}

/// The city, through its private link `token`, as loaded at `version`. Unknown links count
/// towards the client's guessing budget; the directory is refreshed.
///
/// # Errors
/// `TooMany`, `NotFound`, `Conflict`, `Transition` (not published), `Invalid` (the end
/// date), `Unavailable`.
pub async fn stand(
    state: &AppState,
    client: &str,
    token: &str,
    version: i32,
    asked: &Asked,
) -> Result<ModerationStatus, Problem> {
    let standing = standing(state, asked)?;
    let (id, status) = through_manage_link(state, client, token, || async {
        submissions::stand_item(&state.db, token, version, standing)
            .await
            .map_err(|e| Problem::from_service("recording a city's confirmation", e))
    })
    .await?;
    state.published_changed(&[id]).await;
    Ok(status)
}

/// A moderator records what the city said by phone or letter; `note` (required: who said
/// it, how) goes into the history.
///
/// # Errors
/// `Transition(ReasonRequired)` without a note, `ReasonTooLong`, `NotFound`, `Conflict`,
/// `Transition`, `Invalid` (the end date), `Unavailable`.
pub async fn stand_for_city(
    state: &AppState,
    moderator: &Moderator,
    id: i32,
    version: i32,
    asked: &Asked,
    note: &str,
) -> Result<ModerationStatus, Problem> {
    if crate::domain::is_blank(note) {
        return Err(Problem::Transition(
            crate::domain::TransitionError::ReasonRequired,
        ));
    }
    if note.chars().count() > MAX_REASON_CHARS {
        return Err(Problem::ReasonTooLong);
    }
    let standing = standing(state, asked)?;
    let status = submissions::stand_by_moderator(
        &state.db,
        id,
        version,
        standing,
        &moderator.email,
        note.trim(),
    )
    .await
    .map_err(|e| Problem::from_service("recording a confirmation for a city", e))?;
    state.published_changed(&[id]).await;
    Ok(status)
}
