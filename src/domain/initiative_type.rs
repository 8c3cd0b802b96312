use super::{echo, trim_text, FieldError};
use serde::{Deserialize, Serialize};

/// What kind of help an initiative gives. The slugs are part of the public URLs; keep them stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InitiativeType {
    Reception,
    Housing,
    HumanitarianAid,
    Education,
    Language,
    Employment,
    Health,
    Legal,
    Transport,
    Community,
    AntiDiscrimination,
    Twinning,
    Funding,
    Advocacy,
}

impl InitiativeType {
    /// Every type, in the order the filters list them.
    pub const ALL: [InitiativeType; 14] = [
        Self::Reception,
        Self::Housing,
        Self::HumanitarianAid,
        Self::Education,
        Self::Language,
        Self::Employment,
        Self::Health,
        Self::Legal,
        Self::Transport,
        Self::Community,
        Self::AntiDiscrimination,
        Self::Twinning,
        Self::Funding,
        Self::Advocacy,
    ];

    /// An initiative has between one and this many types.
    pub const MAX_PER_INITIATIVE: usize = 3;

    pub fn slug(self) -> &'static str {
        match self {
            Self::Reception => "reception",
            Self::Housing => "housing",
            Self::HumanitarianAid => "humanitarian-aid",
            Self::Education => "education",
            Self::Language => "language",
            Self::Employment => "employment",
            Self::Health => "health",
            Self::Legal => "legal",
            Self::Transport => "transport",
            Self::Community => "community",
            Self::AntiDiscrimination => "anti-discrimination",
            Self::Twinning => "twinning",
            Self::Funding => "funding",
            Self::Advocacy => "advocacy",
        }
    }

    /// # Errors
    /// When the text is not one of the slugs.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = trim_text(text);
        Self::ALL
            .into_iter()
            .find(|t| t.slug().eq_ignore_ascii_case(text))
            .ok_or_else(|| FieldError::UnknownType(echo(text, 40)))
    }

    /// The position of this type in [`Self::ALL`], also its bit in a mask.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn bit(self) -> u16 {
        1 << self.index()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_parses_back_to_its_type() {
        for t in InitiativeType::ALL {
            assert_eq!(InitiativeType::parse(t.slug()), Ok(t));
        }
    }

    #[test]
    fn unknown_slugs_are_rejected_with_the_value() {
        assert_eq!(
            InitiativeType::parse("nope"),
            Err(FieldError::UnknownType("nope".into()))
        );
    }
}
