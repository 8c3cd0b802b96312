//! Erase: the submitter removes their personal data through the manage link (issue 19). A
//! published initiative stays public without them; anything else of theirs is deleted; the
//! link stops working (`privacy::rights`).

use crate::server::privacy::rights::{self, EraseError, Erased};
use crate::server::state::AppState;
use crate::server::use_cases::{through_manage_link, Problem};

/// Erases the submitter behind `token`. Unknown links (also a link already erased) count
/// towards the client's guessing budget, as every use of a manage link does.
///
/// # Errors
/// `TooMany` after too many unknown links, `NotFound`, `Conflict` (changed meanwhile: nothing
/// was erased), `Unavailable`.
pub async fn erase(state: &AppState, client: &str, token: &str) -> Result<Erased, Problem> {
    through_manage_link(state, client, token, || async {
        rights::erase_by_token(&state.db, token, chrono::Utc::now())
            .await
            .map_err(|e| match e {
                EraseError::NotFound => Problem::NotFound,
                EraseError::Conflict => Problem::Conflict,
                EraseError::Db(e) => Problem::from_db("erasing a submitter's data", e),
            })
    })
    .await
}
