use super::{echo, trim_text, FieldError};
use serde::{Deserialize, Serialize};

/// Languages a service can be offered in: ISO 639-1 code and the language's own name (an
/// endonym needs no translation).
const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("be", "Беларуская"),
    ("bg", "Български"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hr", "Hrvatski"),
    ("hu", "Magyar"),
    ("hy", "Հայերեն"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ka", "ქართული"),
    ("ko", "한국어"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("mk", "Македонски"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
];

/// A language from the list above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(u8);

impl LanguageCode {
    /// # Errors
    /// When the code is not in the list.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let lower = trim_text(text).to_ascii_lowercase();
        LANGUAGES
            .iter()
            .position(|(code, _)| *code == lower)
            .and_then(|i| u8::try_from(i).ok())
            .map(Self)
            .ok_or_else(|| FieldError::UnknownLanguage(echo(text, 20)))
    }

    pub fn as_str(self) -> &'static str {
        LANGUAGES[usize::from(self.0) % LANGUAGES.len()].0
    }

    /// The language's name in itself.
    pub fn endonym(self) -> &'static str {
        LANGUAGES[usize::from(self.0) % LANGUAGES.len()].1
    }

    pub fn all() -> impl Iterator<Item = LanguageCode> {
        (0..LANGUAGES.len()).filter_map(|i| u8::try_from(i).ok().map(LanguageCode))
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LanguageCode> for String {
    fn from(value: LanguageCode) -> Self {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_languages_parse_and_know_their_own_name() {
        let uk = LanguageCode::parse("UK").unwrap();
        assert_eq!(uk.as_str(), "uk");
        assert_eq!(uk.endonym(), "Українська");
    }

    #[test]
    fn unlisted_codes_are_rejected() {
        assert!(LanguageCode::parse("xx").is_err());
        assert!(LanguageCode::parse("").is_err());
    }
}
