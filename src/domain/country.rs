use super::country_names::COUNTRIES;
use super::{echo, trim_text, FieldError, UiLanguage};
use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code that exists in the standard (ICC members are worldwide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses a two-letter code in any case (`pl`, `PL`).
    ///
    /// # Errors
    /// When the text is not the code of an ISO 3166-1 country.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let upper = trim_text(text).to_ascii_uppercase();
        match Self::index_of(&upper) {
            Some(_) => {
                let b = upper.as_bytes();
                Ok(Self([b[0], b[1]]))
            }
            None => Err(FieldError::UnknownCountry(echo(text, 20))),
        }
    }

    fn index_of(upper: &str) -> Option<usize> {
        COUNTRIES
            .binary_search_by(|(code, ..)| (*code).cmp(upper))
            .ok()
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters from the table ever get in.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The country's name in the given interface language.
    pub fn name(&self, lang: UiLanguage) -> &'static str {
        let row = &COUNTRIES[Self::index_of(self.as_str()).unwrap_or(0)];
        match lang {
            UiLanguage::En => row.1,
            UiLanguage::Fr => row.2,
            UiLanguage::Uk => row.3,
        }
    }

    /// Every country of the standard, in code order.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        COUNTRIES.iter().map(|(code, ..)| {
            let b = code.as_bytes();
            CountryCode([b[0], b[1]])
        })
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_code_parses_in_any_case() {
        assert_eq!(CountryCode::parse("pl").unwrap().as_str(), "PL");
        assert_eq!(CountryCode::parse(" UA ").unwrap().as_str(), "UA");
    }

    #[test]
    fn codes_outside_the_standard_are_rejected() {
        for bad in ["XX", "", "P", "POL", "12", "ÜA"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn countries_are_named_in_each_interface_language() {
        let pl = CountryCode::parse("PL").unwrap();
        assert_eq!(pl.name(UiLanguage::En), "Poland");
        assert_eq!(pl.name(UiLanguage::Fr), "Pologne");
        assert_eq!(pl.name(UiLanguage::Uk), "Польща");
    }

    #[test]
    fn the_table_is_sorted_so_lookups_work() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(CountryCode::all().count() > 240);
    }
}
