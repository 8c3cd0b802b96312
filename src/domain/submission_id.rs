//! The id a browser gives a submission before sending it (issue 18): a submission kept on the
//! device while offline is sent again when the connection returns, possibly after the server
//! already stored it and only its answer was lost. The same id is the same submission.

/// A submission's id chosen on the device: a UUID v4 in its lowercase text form
/// (`crypto.randomUUID()`), so it carries 122 random bits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubmissionId(String);

/// Why a text is not a submission id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotASubmissionId;

impl std::fmt::Display for NotASubmissionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the submission id is not a lowercase UUID v4 (as crypto.randomUUID() gives)")
    }
}

impl SubmissionId {
    /// The header a submission's id travels in (the IETF draft's name for it).
    pub const HEADER: &'static str = "idempotency-key";

    /// # Errors
    /// `NotASubmissionId` unless `text` is a lowercase UUID v4 (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-…`).
    pub fn parse(text: &str) -> Result<Self, NotASubmissionId> {
        let bytes = text.as_bytes();
        let shape = bytes.len() == 36
            && bytes.iter().enumerate().all(|(i, &b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                14 => b == b'4',
                19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
                _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            });
        if shape {
            Ok(Self(text.to_owned()))
        } else {
            Err(NotASubmissionId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_v4_from_the_browser_is_an_id() {
        let id = SubmissionId::parse("3b241101-e2bb-4255-8caf-4136c566a962").unwrap();
        assert_eq!(id.as_str(), "3b241101-e2bb-4255-8caf-4136c566a962");
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "1",
            "3B241101-E2BB-4255-8CAF-4136C566A962",
            "3b241101-e2bb-1255-8caf-4136c566a962",
            "3b241101-e2bb-4255-7caf-4136c566a962",
            "3b241101e2bb42558caf4136c566a962",
            "3b241101-e2bb-4255-8caf-4136c566a96g",
            "3b241101-e2bb-4255-8caf-4136c566a9621",
        ] {
            assert_eq!(SubmissionId::parse(text), Err(NotASubmissionId), "{text}");
        }
    }
}
