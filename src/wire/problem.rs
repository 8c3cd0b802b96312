//! What went wrong with a form posted without JavaScript whose answer is a redirect
//! (POST-redirect-GET): the page it redirects to must say so, and the only thing that survives
//! a redirect is the address. `PageProblem` is that message as a value: the post handlers
//! choose a variant, the pages match on it, and the code in the address (`?problem=conflict`)
//! is written and read here only, so a handler and a page cannot disagree on a spelling. An
//! address with an unknown code reads as no problem at all.

use crate::domain::percent_decode;
use serde::{Deserialize, Serialize};

/// A problem a post reports to the page it redirects to (sign-in, account, review, manage,
/// queue pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PageProblem {
    /// Sign-in: the e-mail or the password left empty; erasure: the confirmation not ticked.
    Missing,
    /// Sign-in: the e-mail, password or code is wrong (never saying which).
    Invalid,
    /// The account is locked after too many failures.
    Locked,
    /// Sign-in: too many failures from this client.
    TooMany,
    /// The database did not answer.
    Unavailable,
    /// No password check could start in time.
    Busy,
    /// The site requires a second factor and this moderator has none yet.
    SecondFactorRequired,
    /// Account: the code from the authenticator app is wrong.
    WrongCode,
    /// Account: that code was already used.
    UsedCode,
    /// Account: confirming a second factor that was not started.
    NotStarted,
    /// Account: turning off a second factor that is not on.
    NotOn,
    /// Account: starting a second factor that is already on.
    AlreadyOn,
    /// Account: the site requires the second factor, so it stays on.
    RequiredStays,
    /// Account: the current or the new password left empty.
    PasswordMissing,
    /// Account: the new password and its repetition differ.
    PasswordMismatch,
    /// Account: the current password is wrong.
    WrongPassword,
    /// Someone else changed the item since the page was loaded.
    Conflict,
    /// The action is not possible in the item's state.
    NotAllowed,
    /// Review: the posted action is none of the moderation actions.
    UnknownAction,
    /// Review: this decision needs a reason for the submitter.
    ReasonRequired,
    /// Review: the reason is longer than 2,000 characters.
    ReasonTooLong,
    /// Review: no edit is waiting to be published or discarded.
    NoRevision,
    /// Queue: the item acted on does not exist.
    NotFound,
}

impl PageProblem {
    /// The name of the address's parameter that carries a problem.
    pub const KEY: &'static str = "problem";

    pub const ALL: [PageProblem; 23] = [
        Self::Missing,
        Self::Invalid,
        Self::Locked,
        Self::TooMany,
        Self::Unavailable,
        Self::Busy,
        Self::SecondFactorRequired,
        Self::WrongCode,
        Self::UsedCode,
        Self::NotStarted,
        Self::NotOn,
        Self::AlreadyOn,
        Self::RequiredStays,
        Self::PasswordMissing,
        Self::PasswordMismatch,
        Self::WrongPassword,
        Self::Conflict,
        Self::NotAllowed,
        Self::UnknownAction,
        Self::ReasonRequired,
        Self::ReasonTooLong,
        Self::NoRevision,
        Self::NotFound,
    ];

    /// The code in the address: the one spelling of each problem.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Invalid => "invalid",
            Self::Locked => "locked",
            Self::TooMany => "too-many",
            Self::Unavailable => "unavailable",
            Self::Busy => "busy",
            Self::SecondFactorRequired => "required",
            Self::WrongCode => "wrong-code",
            Self::UsedCode => "used-code",
            Self::NotStarted => "not-started",
            Self::NotOn => "not-on",
            Self::AlreadyOn => "already-on",
            Self::RequiredStays => "required-stays",
            Self::PasswordMissing => "password-missing",
            Self::PasswordMismatch => "password-mismatch",
            Self::WrongPassword => "wrong-password",
            Self::Conflict => "conflict",
            Self::NotAllowed => "not-allowed",
            Self::UnknownAction => "unknown-action",
            Self::ReasonRequired => "reason-required",
            Self::ReasonTooLong => "reason-too-long",
            Self::NoRevision => "no-revision",
            Self::NotFound => "not-found",
        }
    }

    /// The problem a code names; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The problem as a query parameter, `problem=conflict`, to put after the `?` of the
    /// address a post redirects to.
    pub fn as_query(self) -> String {
        format!("{}={}", Self::KEY, self.code())
    }

    /// The problem in a query string (`problem=conflict&action=publish`, with or without its
    /// `?`); `None` when it names none, or one that is not a known code.
    pub fn from_query(query: &str) -> Option<Self> {
        query
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix(Self::KEY)?.strip_prefix('='))
            .and_then(|code| Self::from_code(&percent_decode(code)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_reads_back_from_its_query() {
        for p in PageProblem::ALL {
            assert_eq!(PageProblem::from_query(&p.as_query()), Some(p), "{p:?}");
            assert_eq!(PageProblem::from_code(p.code()), Some(p), "{p:?}");
            let address = format!("?lang=uk&{}&email=a%40b.org", p.as_query());
            assert_eq!(PageProblem::from_query(&address), Some(p), "{p:?}");
        }
    }

    #[test]
    fn no_two_problems_share_a_code() {
        let mut codes: Vec<_> = PageProblem::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PageProblem::ALL.len());
    }

    #[test]
    fn unknown_or_missing_codes_are_no_problem() {
        for query in [
            "",
            "?",
            "problem=",
            "problem=Conflict",
            "problem=conflict2",
            "problems=conflict",
            "xproblem=conflict",
            "done=edit",
            "problem=%63onflict%00",
        ] {
            assert_eq!(PageProblem::from_query(query), None, "{query}");
        }
    }

    #[test]
    fn an_escaped_code_reads_as_the_page_reads_it() {
        assert_eq!(
            PageProblem::from_query("problem=%63onflict"),
            Some(PageProblem::Conflict)
        );
    }

    #[test]
    fn the_codes_are_the_addresses_the_pages_and_browser_tests_know() {
        // The browser tests and bookmarks use these addresses: changing a spelling breaks them.
        assert_eq!(PageProblem::Invalid.as_query(), "problem=invalid");
        assert_eq!(PageProblem::TooMany.as_query(), "problem=too-many");
        assert_eq!(
            PageProblem::SecondFactorRequired.as_query(),
            "problem=required"
        );
        assert_eq!(
            PageProblem::ReasonRequired.as_query(),
            "problem=reason-required"
        );
        assert_eq!(PageProblem::NotFound.as_query(), "problem=not-found");
    }
}
