//! Random tokens (manage links, sessions), their stored hashes, and the signed "form shown at"
//! tickets that let the server tell a person from a bot that posts instantly.

use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

/// 32 random bytes (256 bits) from the operating system, as 43 URL-safe characters.
///
/// # Panics
/// When the operating system has no random source (nothing could be kept secret then).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    base64url(&bytes)
}

/// The manage link's token of a submission whose browser gave it `id` (issue 18): derived from
/// the id, so a submission sent again after its answer was lost gets the same link, though the
/// server keeps only the token's hash. The id is as secret as the link (it exists only on the
/// device and in the request that sends it) and carries 122 random bits; the token has the
/// shape of [`new_token`]'s.
pub fn submission_token(id: &crate::domain::SubmissionId) -> String {
    let mut h = Sha256::new();
    h.update(b"icc-initiatives|manage-link|");
    h.update(id.as_str().as_bytes());
    base64url(&h.finalize())
}

/// Whether `text` has the shape of a token from [`new_token`]: checked before any lookup, so
/// malformed links cost nothing.
pub fn looks_like_token(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// SHA-256 of a token, as 64 hex digits: what the database keeps. A 256-bit random token needs
/// no slow hash; a stolen database gives no working links.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key form tickets are signed with (`ICC_SECRET`): needed when several instances serve
/// the same site, since a ticket signed by one must pass on the other. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

/// Fewer characters than this are refused: such a key could be guessed.
pub const MIN_SECRET_CHARS: usize = 16;

impl Secret {
    /// A key as configured.
    ///
    /// # Errors
    /// When it has fewer than [`MIN_SECRET_CHARS`] characters.
    pub fn parse(text: &str) -> Result<Self, String> {
        let n = text.chars().count();
        if n < MIN_SECRET_CHARS {
            return Err(format!(
                "has {n} characters; it needs at least {MIN_SECRET_CHARS} \
                 (a long random text, e.g. from `openssl rand -base64 32`)"
            ));
        }
        Ok(Self(text.into()))
    }

    /// The key of this process when none is configured: random, so a restart makes open
    /// forms' tickets invalid, which only asks people to press Send again.
    pub fn per_process() -> &'static Secret {
        static KEY: OnceLock<Secret> = OnceLock::new();
        KEY.get_or_init(|| Secret(new_token().into()))
    }

    fn sign(&self, at: i64) -> String {
        let mut h = Sha256::new();
        h.update(self.0.as_bytes());
        h.update(b"|ticket|");
        h.update(at.to_string().as_bytes());
        hex(&h.finalize()[..16])
    }

    /// The key a client's network is counted under on `day` (days since 1970, UTC): a keyed
    /// hash, so counters never hold an address, and tomorrow's key is another.
    pub fn client_key(&self, network: &str, day: i64) -> String {
        let mut h = Sha256::new();
        h.update(self.0.as_bytes());
        h.update(b"|client|");
        h.update(day.to_string().as_bytes());
        h.update(b"|");
        h.update(network.as_bytes());
        hex(&h.finalize()[..16])
    }

    /// A ticket for a form shown now.
    pub fn ticket(&self) -> String {
        self.ticket_at(now())
    }

    fn ticket_at(&self, at: i64) -> String {
        format!("{at}.{}", self.sign(at))
    }

    /// Checks that the form was shown by this site at least `min_seconds` ago and less than a
    /// day ago.
    ///
    /// # Errors
    /// When it was not.
    pub fn check_ticket(&self, ticket: &str, min_seconds: i64) -> Result<(), TicketProblem> {
        self.check_ticket_at(ticket, min_seconds, now())
    }

    fn check_ticket_at(
        &self,
        ticket: &str,
        min_seconds: i64,
        now: i64,
    ) -> Result<(), TicketProblem> {
        let (at, signature) = ticket.split_once('.').ok_or(TicketProblem::Invalid)?;
        let at: i64 = at.parse().map_err(|_| TicketProblem::Invalid)?;
        if self.sign(at) != signature || now - at > 24 * 3600 || at > now + 60 {
            return Err(TicketProblem::Invalid);
        }
        if now - at < min_seconds {
            return Err(TicketProblem::TooQuick);
        }
        Ok(())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// How a ticket failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketProblem {
    /// Sent sooner than a person could have filled the form in.
    TooQuick,
    /// Missing, forged, or older than a day (or signed before a restart).
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_random_bits_in_43_url_safe_characters() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a), "{a}");
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&format!("{}/", &a[..42])));
    }

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let t = new_token();
        let h = hash_token(&t);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&t));
        assert_eq!(h, hash_token(&t));
    }

    #[test]
    fn base64url_matches_the_standard_alphabet() {
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        assert_eq!(base64url(b"Man"), "TWFu");
    }

    #[test]
    fn a_ticket_is_accepted_after_the_minimum_time_only() {
        let key = Secret::per_process();
        let t = key.ticket_at(1_000);
        assert_eq!(
            key.check_ticket_at(&t, 3, 1_001),
            Err(TicketProblem::TooQuick)
        );
        assert_eq!(key.check_ticket_at(&t, 3, 1_004), Ok(()));
    }

    #[test]
    fn forged_or_stale_tickets_are_invalid() {
        let key = Secret::per_process();
        let t = key.ticket_at(1_000);
        let forged = format!("900.{}", t.split_once('.').unwrap().1);
        assert_eq!(
            key.check_ticket_at(&forged, 0, 1_004),
            Err(TicketProblem::Invalid)
        );
        assert_eq!(
            key.check_ticket_at(&t, 0, 1_000 + 25 * 3600),
            Err(TicketProblem::Invalid)
        );
        assert_eq!(key.check_ticket_at("", 0, 1), Err(TicketProblem::Invalid));
    }

    #[test]
    fn a_ticket_signed_with_another_secret_is_invalid() {
        let ours = Secret::parse("our own secret of the site").unwrap();
        let theirs = Secret::parse("somebody else's secret key").unwrap();
        let t = theirs.ticket_at(1_000);
        assert_eq!(
            ours.check_ticket_at(&t, 0, 1_004),
            Err(TicketProblem::Invalid)
        );
        assert_eq!(theirs.check_ticket_at(&t, 0, 1_004), Ok(()));
    }

    #[test]
    fn a_secret_shorter_than_16_characters_is_refused_and_never_printed() {
        let problem = Secret::parse("short").unwrap_err();
        assert!(problem.contains("at least 16"), "{problem}");
        assert!(Secret::parse("ĳĳĳĳĳĳĳĳĳĳĳĳĳĳĳĳ").is_ok());
        let s = Secret::parse("a secret of the right length").unwrap();
        assert!(!format!("{s:?}").contains("right length"));
    }
}
