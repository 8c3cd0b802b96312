use super::{echo, trim_text, FieldError};
use serde::{Deserialize, Serialize};

/// One of the five commitments of the Declaration on Solidarity with Ukraine (1–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Commitment(u8);

impl Commitment {
    /// All five commitments in the declaration's order.
    pub const ALL: [Commitment; 5] = [
        Commitment(1),
        Commitment(2),
        Commitment(3),
        Commitment(4),
        Commitment(5),
    ];

    /// Parses `"1"`..`"5"`.
    ///
    /// # Errors
    /// When the text is not a number from 1 to 5.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        match trim_text(text).parse::<u8>() {
            Ok(n) => Self::from_number(n),
            Err(_) => Err(FieldError::UnknownCommitment(echo(text, 20))),
        }
    }

    /// # Errors
    /// When `n` is not from 1 to 5.
    pub fn from_number(n: u8) -> Result<Self, FieldError> {
        if (1..=5).contains(&n) {
            Ok(Self(n))
        } else {
            Err(FieldError::UnknownCommitment(n.to_string()))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// The bit of this commitment in a set stored as a mask.
    pub fn bit(self) -> u8 {
        1 << (self.0 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_one_to_five_are_commitments() {
        for n in 1..=5 {
            assert_eq!(Commitment::parse(&n.to_string()).unwrap().number(), n);
        }
    }

    #[test]
    fn zero_six_and_words_are_rejected() {
        assert!(Commitment::parse("0").is_err());
        assert!(Commitment::parse("6").is_err());
        assert!(Commitment::parse("two").is_err());
        assert!(Commitment::parse("-1").is_err());
    }

    #[test]
    fn each_commitment_has_its_own_bit() {
        let mask = Commitment::ALL.iter().fold(0u8, |m, c| m | c.bit());
        assert_eq!(mask, 0b1_1111);
    }
}
