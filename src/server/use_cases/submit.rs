//! Submit: a new initiative from the public form, stored for review.

use crate::domain::{Submission, SubmissionId, SubmitForm, UiLanguage};
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
/// woken. In order: the honeypot, an earlier submission with the same `id` (then its answer
/// again: nothing is checked, counted or stored twice), the form's ticket, every field, the
/// client's submission budget, then the write.
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
    id: Option<&SubmissionId>,
) -> Result<Submitted, Problem> {
    if !form.leave_empty.trim().is_empty() {
        return Err(Problem::Automated);
    }
    if let Some(done) = earlier(state, origin, id).await? {
        return Ok(done);
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
    let created =
        match submissions::submit_once(&state.db, &submission, language, state.mail.notices(), id)
            .await
        {
            Ok(created) => created,
            // The same id, sent twice at once: the other request stored it (the unique index).
            Err(e) => match earlier(state, origin, id).await? {
                Some(done) => return Ok(done),
                None => return Err(Problem::from_db("storing a submission", e)),
            },
        };
    tracing::info!(id = created.id, "new submission stored");
    state.mail.wake();
    Ok(submitted(
        origin,
        &created.token,
        submission.initiative.title.into_inner(),
    ))
}

fn submitted(origin: &str, token: &str, title: String) -> Submitted {
    let manage_path = format!("/manage/{token}");
    Submitted {
        manage_url: format!("{origin}{manage_path}"),
        manage_path,
        title,
    }
}

/// The answer already given to a submission with this id, if one was stored.
async fn earlier(
    state: &AppState,
    origin: &str,
    id: Option<&SubmissionId>,
) -> Result<Option<Submitted>, Problem> {
    let Some(id) = id else { return Ok(None) };
    let found = submissions::submitted_with(&state.db, id)
        .await
        .map_err(|e| Problem::from_db("looking up a submission id", e))?;
    Ok(found.map(|(created, title)| {
        tracing::info!(
            id = created.id,
            "a submission sent again: answered as before"
        );
        submitted(origin, &created.token, title)
    }))
}
