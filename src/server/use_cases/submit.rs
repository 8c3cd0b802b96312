//! Submit: a new initiative from the public form, stored for review.

use crate::domain::{Submission, SubmitForm, UiLanguage};
use crate::server::accounts::guard::Limit;
use crate::server::state::AppState;
use crate::server::store::submissions;
use crate::server::use_cases::Problem;

/// A stored submission, as its submitter is told: its private manage link (the only time it
/// is known) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// `/manage/{token}`.
    pub manage_path: String,
    /// The manage link with the site's origin.
    pub manage_url: String,
    pub title: String,
}

/// Checks and stores a new submission from `client`, made in the interface language
/// `language` on the site at `origin`; with mail on, its confirmation is queued and the worker
/// woken. In order: the honeypot, the form's ticket, every field, the client's submission
/// budget, then the write.
///
/// # Errors
/// `Automated` (honeypot), `Retry` (a forged, too quick or stale ticket, with a fresh one),
/// `Invalid`, `TooMany`, `Unavailable`.
pub async fn submit(
    state: &AppState,
    client: &str,
    origin: &str,
    language: UiLanguage,
    form: &SubmitForm,
) -> Result<Submitted, Problem> {
    if !form.leave_empty.trim().is_empty() {
        return Err(Problem::Automated);
    }
    if let Err(reason) = state.guard.check_ticket(&form.ticket) {
        return Err(Problem::Retry {
            reason,
            ticket: state.guard.ticket(),
        });
    }
    let submission = Submission::try_from(form).map_err(Problem::Invalid)?;
    if !state
        .limiter
        .allow(&state.guard, Limit::Submission, client)
        .await
    {
        return Err(Problem::TooMany);
    }
    let created = submissions::submit(&state.db, &submission, language, state.mail.notices())
        .await
        .map_err(|e| Problem::from_db("storing a submission", e))?;
    tracing::info!(id = created.id, "new submission stored");
    state.mail.wake();
    let manage_path = format!("/manage/{}", created.token);
    Ok(Submitted {
        manage_url: format!("{origin}{manage_path}"),
        manage_path,
        title: submission.initiative.title.into_inner(),
    })
}
