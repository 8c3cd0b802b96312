//! Random tokens (manage links, sessions), their stored hashes, and the signed "form shown at"
//! tickets that let the server tell a person from a bot that posts instantly.

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// 32 random bytes (256 bits) from the operating system, as 43 URL-safe characters.
///
/// # Panics
/// When the operating system has no random source (nothing could be kept secret then).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    base64url(&bytes)
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

/// The key tickets are signed with: `ICC_SECRET` when set (needed when several instances
/// serve the same site), else random per process (a restart makes open forms' tickets invalid,
/// which only asks people to press Send again).
fn ticket_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        std::env::var("ICC_SECRET")
            .ok()
            .filter(|s| s.len() >= 16)
            .unwrap_or_else(new_token)
    })
}

fn sign(at: i64) -> String {
    let mut h = Sha256::new();
    h.update(ticket_key().as_bytes());
    h.update(b"|ticket|");
    h.update(at.to_string().as_bytes());
    hex(&h.finalize()[..16])
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A ticket for a form shown now.
pub fn ticket() -> String {
    ticket_at(now())
}

fn ticket_at(at: i64) -> String {
    format!("{at}.{}", sign(at))
}

/// How a ticket failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketProblem {
    /// Sent sooner than a person could have filled the form in.
    TooQuick,
    /// Missing, forged, or older than a day (or signed before a restart).
    Invalid,
}

/// Checks that the form was shown by this site at least `min_seconds` ago and less than a day
/// ago.
///
/// # Errors
/// When it was not.
pub fn check_ticket(ticket: &str, min_seconds: i64) -> Result<(), TicketProblem> {
    check_ticket_at(ticket, min_seconds, now())
}

fn check_ticket_at(ticket: &str, min_seconds: i64, now: i64) -> Result<(), TicketProblem> {
    let (at, signature) = ticket.split_once('.').ok_or(TicketProblem::Invalid)?;
    let at: i64 = at.parse().map_err(|_| TicketProblem::Invalid)?;
    if sign(at) != signature || now - at > 24 * 3600 || at > now + 60 {
        return Err(TicketProblem::Invalid);
    }
    if now - at < min_seconds {
        return Err(TicketProblem::TooQuick);
    }
    Ok(())
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
        let t = ticket_at(1_000);
        assert_eq!(check_ticket_at(&t, 3, 1_001), Err(TicketProblem::TooQuick));
        assert_eq!(check_ticket_at(&t, 3, 1_004), Ok(()));
    }

    #[test]
    fn forged_or_stale_tickets_are_invalid() {
        let t = ticket_at(1_000);
        let forged = format!("900.{}", t.split_once('.').unwrap().1);
        assert_eq!(
            check_ticket_at(&forged, 0, 1_004),
            Err(TicketProblem::Invalid)
        );
        assert_eq!(
            check_ticket_at(&t, 0, 1_000 + 25 * 3600),
            Err(TicketProblem::Invalid)
        );
        assert_eq!(check_ticket_at("", 0, 1), Err(TicketProblem::Invalid));
    }
}
