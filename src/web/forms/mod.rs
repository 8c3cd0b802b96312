//! The forms' server side: what the server functions (called by the hydrated pages) and the
//! plain form posts that work without JavaScript share besides the use cases
//! (`server::use_cases`, which both call), plus those posts' axum handlers. A post answers
//! with a redirect after success, or with the same page rendered again holding every typed
//! value and the errors.
//!
//! The posts' code is split by responsibility (the answers' mappings and the reads both channels
//! share are in `server::use_cases`):
//! - `render.rs`: a post answered with a page (rendered again, or a refusal) or a redirect;
//! - `body.rs`: reading a raw posted body and the ids and tokens in a post's address;
//! - `submitter.rs`: the submitter's posts (submit, edit, withdraw);
//! - `moderator.rs`: the moderators' session (sign-in, sign-out, the session cookie) and their
//!   posts (actions, edits).

mod body;
mod moderator;
mod render;
mod submitter;

pub(crate) use crate::server::accounts::session::{cookie, session_moderator, SESSION_COOKIE};
pub(crate) use crate::server::use_cases::{app_error, page_problem};
pub(super) use body::{posted, read_form};
pub use moderator::{
    post_moderate, post_moderator_edit, post_record_confirmation, post_record_ended,
    post_remind_now, post_sign_in, post_sign_out,
};
pub(super) use render::{busy_page, render_with, see_other, unauthorized_page};
pub use submitter::{
    post_confirm, post_ended, post_erase, post_manage_edit, post_submit, post_withdraw,
};

use crate::domain::ReaderLanguage;
use axum::http::HeaderMap;

/// The headers of a post, with the language the request was read in at the door
/// (`web::reader`): an answer rendered for the post is in it, and when the form's address
/// named it (`/submit?lang=uk`), the answer's links keep it. Reads as the `HeaderMap` it holds.
pub struct PostHeaders {
    headers: HeaderMap,
    pub language: ReaderLanguage,
}

impl PostHeaders {
    fn of(parts: &axum::http::request::Parts) -> Self {
        Self {
            headers: parts.headers.clone(),
            language: crate::web::reader::language_of(parts),
        }
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PostHeaders {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

impl std::ops::Deref for PostHeaders {
    type Target = HeaderMap;

    fn deref(&self) -> &HeaderMap {
        &self.headers
    }
}
