//! Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits — what every
//! authenticator app speaks), the secret's text form for manual entry, the `otpauth://` address
//! that authenticator apps read from a QR code, and that QR code as an SVG path (so the page
//! needs no image and no change to its content security policy).
//!
//! Pure functions of the secret and the time, so the windows and the replay rule are unit-tested
//! without a clock; the services store the secret and the last accepted step.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per step (RFC 6238's default; authenticator apps assume it).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: usize = 6;
/// Bytes of a secret: 160 bits, as RFC 4226 recommends for HMAC-SHA1.
pub const SECRET_BYTES: usize = 20;

/// A shared secret, as raw bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A new random secret from the operating system.
    ///
    /// # Errors
    /// When the operating system gives no random bytes.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// Reads the stored (or typed) base32 form; spaces and case do not matter.
    pub fn from_base32(text: &str) -> Option<Self> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = data_encoding::BASE32_NOPAD
            .decode(cleaned.trim_end_matches('=').as_bytes())
            .ok()?;
        (!bytes.is_empty()).then_some(Self(bytes))
    }

    /// Base32 without padding, as stored and as authenticator apps take it.
    pub fn to_base32(&self) -> String {
        data_encoding::BASE32_NOPAD.encode(&self.0)
    }

    /// The base32 form in groups of four, easier to type by hand.
    pub fn grouped(&self) -> String {
        let plain = self.to_base32();
        plain
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The code of one time step (RFC 4226's HOTP of the step counter).
    pub fn code_at_step(&self, step: i64) -> String {
        // HMAC takes a key of any length; this cannot fail.
        let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(&(step as u64).to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = usize::from(digest[digest.len() - 1] & 0x0f);
        let binary = (u32::from(digest[offset] & 0x7f) << 24)
            | (u32::from(digest[offset + 1]) << 16)
            | (u32::from(digest[offset + 2]) << 8)
            | u32::from(digest[offset + 3]);
        format!(
            "{:0width$}",
            binary % 10u32.pow(DIGITS as u32),
            width = DIGITS
        )
    }
}

/// The time step of a moment (seconds since 1970).
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, for this step (to be stored as the last one used).
    Accepted(i64),
    /// Right, but its step was already used: a replay.
    Replayed,
    /// Not a code of the current step or the ones next to it.
    Wrong,
    /// Not six digits.
    Malformed,
}

/// Keeps the digits of a typed code (people type spaces, apps show "123 456").
pub fn normalize_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

fn same(a: &str, b: &str) -> bool {
    // Constant time over the code's length, so timing does not tell how many digits were right.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks a typed code at a moment: the current step and one step either side are accepted
/// (clocks drift), but never a step at or before `last_used` (each code works once).
pub fn check(secret: &Secret, typed: &str, unix_seconds: i64, last_used: Option<i64>) -> CodeCheck {
    let Some(code) = normalize_code(typed) else {
        return CodeCheck::Malformed;
    };
    let now = step_of(unix_seconds);
    // Every candidate is computed, whichever matches, so the time spent says nothing.
    let mut matched = None;
    for step in [now - 1, now, now + 1] {
        if same(&secret.code_at_step(step), &code) && matched.is_none() {
            matched = Some(step);
        }
    }
    match matched {
        None => CodeCheck::Wrong,
        Some(step) if last_used.is_some_and(|last| step <= last) => CodeCheck::Replayed,
        Some(step) => CodeCheck::Accepted(step),
    }
}

fn uri_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `otpauth://totp/…` address of the key-uri format that authenticator apps read.
pub fn otpauth_uri(secret: &Secret, issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        uri_component(issuer),
        uri_component(account),
        secret.to_base32(),
        uri_component(issuer)
    )
}

/// A QR code as an SVG path: `d` in module units, and the side of the square including the
/// four-module quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPath {
    pub d: String,
    pub size: u32,
}

/// Draws `text` as a QR code (error correction M); `None` when it is too long for a QR code.
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    // One rectangle per horizontal run of dark modules.
    let mut d = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let run = row[x..]
                    .iter()
                    .take_while(|c| **c == qrcode::Color::Dark)
                    .count();
                d.push_str(&format!("M{} {}h{run}v1h-{run}z", x + quiet, y + quiet));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Some(QrPath {
        d,
        size: u32::try_from(width + 2 * quiet).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890".
    fn rfc_secret() -> Secret {
        Secret(b"12345678901234567890".to_vec())
    }

    #[test]
    fn codes_match_the_test_vectors_of_rfc_6238() {
        // The RFC lists 8 digits; the last 6 are the 6-digit code.
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                rfc_secret().code_at_step(step_of(time)),
                &eight[2..],
                "{time}"
            );
        }
    }

    #[test]
    fn the_current_step_and_one_either_side_are_accepted_and_no_further() {
        let s = rfc_secret();
        let now = 1_234_567_890;
        let step = step_of(now);
        for (offset, expected) in [
            (-2, CodeCheck::Wrong),
            (-1, CodeCheck::Accepted(step - 1)),
            (0, CodeCheck::Accepted(step)),
            (1, CodeCheck::Accepted(step + 1)),
            (2, CodeCheck::Wrong),
        ] {
            let code = s.code_at_step(step + offset);
            assert_eq!(check(&s, &code, now, None), expected, "offset {offset}");
        }
    }

    #[test]
    fn a_code_used_once_is_refused_within_its_window_and_so_are_older_ones() {
        let s = rfc_secret();
        let now = 1_234_567_890;
        let step = step_of(now);
        let code = s.code_at_step(step);
        assert_eq!(check(&s, &code, now, None), CodeCheck::Accepted(step));
        assert_eq!(check(&s, &code, now, Some(step)), CodeCheck::Replayed);
        // Still inside its window 30 s later, still refused.
        assert_eq!(check(&s, &code, now + 30, Some(step)), CodeCheck::Replayed);
        let earlier = s.code_at_step(step - 1);
        assert_eq!(check(&s, &earlier, now, Some(step)), CodeCheck::Replayed);
        // The next step's code still works.
        let next = s.code_at_step(step + 1);
        assert_eq!(
            check(&s, &next, now + 30, Some(step)),
            CodeCheck::Accepted(step + 1)
        );
    }

    #[test]
    fn typed_spaces_are_ignored_and_anything_but_six_digits_is_malformed() {
        let s = rfc_secret();
        let now = 59;
        assert_eq!(check(&s, "287 082", now, None), CodeCheck::Accepted(1));
        for bad in ["", "28708", "2870822", "28708a", "٢٨٧٠٨٢"] {
            assert_eq!(check(&s, bad, now, None), CodeCheck::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn a_secret_survives_its_text_form_and_typing_in_groups() {
        let s = Secret::generate().unwrap();
        assert_eq!(s.to_base32().len(), 32);
        assert_eq!(Secret::from_base32(&s.to_base32()), Some(s.clone()));
        assert_eq!(Secret::from_base32(&s.grouped().to_lowercase()), Some(s));
        assert_eq!(Secret::from_base32("not base32!"), None);
        assert_eq!(Secret::from_base32(""), None);
    }

    #[test]
    fn the_app_address_names_the_site_and_the_account() {
        let uri = otpauth_uri(&rfc_secret(), "ICC Solidarity", "m@icc.example");
        assert_eq!(
            uri,
            "otpauth://totp/ICC%20Solidarity:m%40icc.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=ICC%20Solidarity&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_qr_code_is_a_square_with_its_quiet_zone_and_dark_modules() {
        let qr = qr_path("otpauth://totp/x?secret=ABC").unwrap();
        assert!(qr.size >= 21 + 8);
        assert!(qr.size >= 21 + 8);
        // The finder pattern's top row: 7 dark modules in a row, after the quiet zone.
        assert!(qr.d.starts_with("M4 4h7v1h-7z"), "{}", &qr.d[..40]);
    }
}
