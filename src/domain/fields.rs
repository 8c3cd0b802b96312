//! Field newtypes: a value of one of these types has passed its parser, so code that holds one
//! never re-checks it.

use serde::{Deserialize, Serialize};

/// Why a value was refused. The messages are specific, so a person knows what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FieldError {
    #[error("This field is required")]
    Required,
    #[error("This is too short: at least {min} characters, please")]
    TooShort { min: usize },
    #[error("This is too long: at most {max} characters, please (it has {actual})")]
    TooLong { max: usize, actual: usize },
    #[error("Control characters are not allowed here")]
    ControlCharacters,
    #[error("The website must start with http:// or https://")]
    NotHttp,
    #[error("This is not a valid web address (for example https://city.example/help)")]
    InvalidLink,
    #[error("This is not a valid e-mail address (for example name@city.example)")]
    InvalidEmail,
    #[error("Web and e-mail addresses cannot contain direction marks (invisible characters that reorder text and can disguise an address); please type the address again")]
    DirectionControls,
    #[error("Web and e-mail addresses cannot contain invisible characters (such as zero-width spaces); please type the address again")]
    InvisibleCharacters,
    #[error("“{0}” is not a date; use the form YYYY-MM-DD, for example 2022-03-04")]
    InvalidDate(String),
    #[error("The end date cannot be before the start date")]
    EndBeforeStart,
    #[error("“{0}” is not an ISO 3166-1 two-letter country code")]
    UnknownCountry(String),
    #[error("“{0}” is not one of the initiative types")]
    UnknownType(String),
    #[error("Choose at least one type")]
    NoType,
    #[error("Choose at most {max} types")]
    TooManyTypes { max: usize },
    #[error("“{0}” is not a commitment number (1 to 5)")]
    UnknownCommitment(String),
    #[error("“{0}” is not one of the listed languages")]
    UnknownLanguage(String),
    #[error("“{0}” is not an activity status (planned, ongoing or completed)")]
    UnknownActivityStatus(String),
    #[error("Consent to publication is required")]
    ConsentMissing,
    #[error("“{0}” is not one of the site's languages (en, fr or uk)")]
    UnknownTextLanguage(String),
    #[error("“{0}” is not where a version comes from (original, submitter, moderator or machine)")]
    UnknownVersionSource(String),
    #[error("This version is in the language chosen for the text itself: choose another language for the text, or leave this version empty")]
    VersionInOriginalLanguage,
}

/// Whether `c` is a Default_Ignorable_Code_Point of Unicode (DerivedCoreProperties.txt): characters
/// with no visible glyph of their own (zero-width space and joiners, direction marks, the byte
/// order mark, soft hyphen, Hangul fillers, variation selectors, tags). A field made only of them
/// looks empty, so they are trimmed like white space and never count towards a minimum length.
/// The table is checked against the Unicode data (ICU) by a test.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether `c` is a bidirectional formatting character (Unicode's Bidi_Control): the marks,
/// embeddings, overrides and isolates that reorder how text is shown. In an address they can make
/// `https://evil.example/moc.knab` look like another address, so addresses refuse them; free text
/// keeps them (right-to-left writers need them) and is isolated where it is shown.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Trims white space and default-ignorable characters at both ends: what every parser does first,
/// so a value made only of invisible characters is empty.
pub fn trim_text(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || is_default_ignorable(c))
}

/// Whether the text has nothing visible: empty, or only white space and invisible characters.
pub fn is_blank(text: &str) -> bool {
    trim_text(text).is_empty()
}

/// A refused value as an error message shows it back: trimmed, at most `max` characters (then
/// `…`), with control and invisible characters shown as U+FFFD, so the echo can neither reorder
/// the message around it (direction overrides) nor hide what is wrong with the value.
pub fn echo(text: &str, max: usize) -> String {
    let text = trim_text(text);
    let mut shown: String = text
        .chars()
        .take(max)
        .map(|c| {
            if c.is_control() || is_default_ignorable(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if text.chars().nth(max).is_some() {
        shown.push('…');
    }
    shown
}

/// One line of free text: runs of white space (tabs, line breaks) become one space, words made
/// only of invisible characters are dropped, and the ends are trimmed. Invisible characters inside
/// a word stay (joiners in emoji and Indic scripts, direction marks in right-to-left text).
/// Applying it twice gives the same text.
pub fn collapse_line(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !w.chars().all(is_default_ignorable))
        .collect();
    // Every word kept holds a visible character, so trimming stops inside the first and last.
    trim_text(&words.join(" ")).to_owned()
}

fn clean_line(text: &str) -> Result<String, FieldError> {
    // Tabs and line breaks (pasted text) collapse into spaces; other control characters are refused.
    if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(FieldError::ControlCharacters);
    }
    Ok(collapse_line(text))
}

fn clean_paragraphs(text: &str) -> Result<String, FieldError> {
    if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(FieldError::ControlCharacters);
    }
    // Every way of breaking a line becomes `\n`: word processors paste a manual line break as a
    // vertical tab and a page break as a form feed.
    let mut normalised = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\r' | '\u{0B}' | '\u{85}' | '\u{2028}' => normalised.push('\n'),
            '\u{0C}' | '\u{2029}' => normalised.push_str("\n\n"),
            c => normalised.push(c),
        }
    }
    let paragraphs: Vec<String> = normalised
        .split("\n\n")
        .map(|p| {
            p.lines()
                .map(collapse_line)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect();
    Ok(paragraphs.join("\n\n"))
}

/// Checks the length of cleaned text: the minimum counts visible characters only (so invisible
/// padding cannot make a title long enough), the maximum every character kept (what is stored).
fn bounded(text: String, min: usize, max: usize) -> Result<String, FieldError> {
    if text.is_empty() {
        return Err(FieldError::Required);
    }
    let visible = text.chars().filter(|c| !is_default_ignorable(*c)).count();
    let n = text.chars().count();
    if visible < min {
        Err(FieldError::TooShort { min })
    } else if n > max {
        Err(FieldError::TooLong { max, actual: n })
    } else {
        Ok(text)
    }
}

/// Trims, then refuses empty text, text over `max` characters, and the invisible characters that
/// could disguise an address.
fn address_within(text: &str, max: usize) -> Result<&str, FieldError> {
    let text = trim_text(text);
    let n = text.chars().count();
    if n == 0 {
        Err(FieldError::Required)
    } else if n > max {
        Err(FieldError::TooLong { max, actual: n })
    } else if text.chars().any(is_bidi_control) {
        Err(FieldError::DirectionControls)
    } else if text.chars().any(is_default_ignorable) {
        Err(FieldError::InvisibleCharacters)
    } else {
        Ok(text)
    }
}

macro_rules! text_field {
    ($(#[$doc:meta])* $name:ident, $clean:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub const MIN: usize = $min;
            pub const MAX: usize = $max;

            /// Trims white space and invisible characters, normalises white space, then checks
            /// the length.
            ///
            /// # Errors
            /// When the text is empty (or only invisible), too short, too long or holds control
            /// characters.
            pub fn parse(text: &str) -> Result<Self, FieldError> {
                bounded($clean(text)?, Self::MIN, Self::MAX).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_field!(
    /// The initiative's title: one line, 3–150 characters.
    Title, clean_line, 3, 150
);
text_field!(
    /// One or two sentences: 10–400 characters.
    Summary, clean_line, 10, 400
);
text_field!(
    /// Paragraphs of plain text separated by blank lines: up to 10,000 characters.
    Description, clean_paragraphs, 1, 10_000
);
text_field!(
    /// A city's name or a person's organisation: one line, 1–100 characters.
    PlaceName, clean_line, 1, 100
);
text_field!(
    /// A person's name: one line, 1–100 characters.
    PersonName, clean_line, 1, 100
);

/// An absolute `http` or `https` address with a host, at most 500 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebLink(String);

impl WebLink {
    pub const MAX: usize = 500;

    /// # Errors
    /// When the text is empty, not http(s), has no host, holds spaces, or is too long.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = address_within(text, Self::MAX)?;
        let lower = text.to_ascii_lowercase();
        let rest = if let Some(rest) = lower.strip_prefix("https://") {
            rest
        } else if let Some(rest) = lower.strip_prefix("http://") {
            rest
        } else {
            return Err(FieldError::NotHttp);
        };
        let host = rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .rsplit('@')
            .next()
            .unwrap_or_default();
        let host = host.split(':').next().unwrap_or_default();
        let host_ok = !host.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if !host_ok || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FieldError::InvalidLink);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A public contact e-mail address: one `@`, a dotted domain, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEmail(String);

impl ContactEmail {
    pub const MAX: usize = 254;

    /// # Errors
    /// When the text is empty or not shaped like an e-mail address.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = address_within(text, Self::MAX)?;
        let Some((local, domain)) = text.split_once('@') else {
            return Err(FieldError::InvalidEmail);
        };
        let ok = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(FieldError::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date written `YYYY-MM-DD`, checked to exist (no 31 April, 29 February only in leap
/// years), years 1900–2200.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IsoDate {
    year: u16,
    month: u8,
    day: u8,
}

impl IsoDate {
    /// # Errors
    /// When the text is not a real date in the form `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = trim_text(text);
        let bad = || FieldError::InvalidDate(echo(text, 20));
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() != 3
            || parts[0].len() != 4
            || parts[1].len() != 2
            || parts[2].len() != 2
            || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        Self::from_ymd(year, month, day).ok_or_else(bad)
    }

    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Self> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Self { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

impl std::fmt::Display for IsoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_trimmed_and_its_spaces_collapsed() {
        let t = Title::parse("  Free   transport\tfor all ").unwrap();
        assert_eq!(t.as_str(), "Free transport for all");
    }

    #[test]
    fn an_empty_title_is_required_and_a_long_one_too_long() {
        assert_eq!(Title::parse("   "), Err(FieldError::Required));
        assert_eq!(Title::parse("ab"), Err(FieldError::TooShort { min: 3 }));
        let long = "a".repeat(151);
        assert_eq!(
            Title::parse(&long),
            Err(FieldError::TooLong {
                max: 150,
                actual: 151
            })
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(Title::parse(&"ї".repeat(150)).is_ok());
    }

    #[test]
    fn control_characters_are_refused_in_one_line_fields() {
        assert_eq!(
            Title::parse("bad\u{0}title"),
            Err(FieldError::ControlCharacters)
        );
    }

    #[test]
    fn a_description_keeps_its_paragraphs() {
        let d = Description::parse("First  line\r\nsecond\n\n\n\nNext paragraph ").unwrap();
        assert_eq!(d.as_str(), "First line\nsecond\n\nNext paragraph");
    }

    #[test]
    fn only_http_and_https_links_are_accepted() {
        assert!(WebLink::parse("https://www.gdansk.pl/ukraina").is_ok());
        assert!(WebLink::parse("http://example.org").is_ok());
        assert_eq!(
            WebLink::parse("javascript:alert(1)"),
            Err(FieldError::NotHttp)
        );
        assert_eq!(
            WebLink::parse("ftp://example.org"),
            Err(FieldError::NotHttp)
        );
        assert_eq!(WebLink::parse("www.example.org"), Err(FieldError::NotHttp));
    }

    #[test]
    fn links_without_a_real_host_are_invalid() {
        assert_eq!(WebLink::parse("https://"), Err(FieldError::InvalidLink));
        assert_eq!(
            WebLink::parse("https://localhost"),
            Err(FieldError::InvalidLink)
        );
        assert_eq!(
            WebLink::parse("https://exa mple.org"),
            Err(FieldError::InvalidLink)
        );
        assert_eq!(WebLink::parse(""), Err(FieldError::Required));
    }

    #[test]
    fn e_mail_addresses_need_one_at_and_a_dotted_domain() {
        assert!(ContactEmail::parse("help@city.example").is_ok());
        for bad in [
            "help",
            "help@city",
            "a@b@c.d",
            "@city.example",
            "a b@c.de",
            "x@.com",
        ] {
            assert_eq!(
                ContactEmail::parse(bad),
                Err(FieldError::InvalidEmail),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_must_exist_on_the_calendar() {
        assert_eq!(
            IsoDate::parse("2022-03-04").unwrap().to_string(),
            "2022-03-04"
        );
        assert!(IsoDate::parse("2024-02-29").is_ok());
        for bad in [
            "2022-02-29",
            "2022-04-31",
            "2022-13-01",
            "22-03-04",
            "2022/03/04",
            "tomorrow",
        ] {
            assert!(IsoDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_made_only_of_invisible_characters_is_required() {
        for blank in [
            "\u{200B}",
            "\u{FEFF}",
            "\u{3164}\u{3164}\u{3164}",
            " \u{200B} \u{FEFF}\t\u{115F}\u{1160}\u{FFA0}\u{00AD}\u{2060} ",
            "\u{202E}\u{E0001}\u{FE0F}",
        ] {
            assert_eq!(Title::parse(blank), Err(FieldError::Required), "{blank:?}");
            assert_eq!(Summary::parse(blank), Err(FieldError::Required));
            assert_eq!(Description::parse(blank), Err(FieldError::Required));
            assert_eq!(PlaceName::parse(blank), Err(FieldError::Required));
            assert_eq!(PersonName::parse(blank), Err(FieldError::Required));
            assert_eq!(WebLink::parse(blank), Err(FieldError::Required));
            assert_eq!(ContactEmail::parse(blank), Err(FieldError::Required));
        }
    }

    #[test]
    fn invisible_characters_at_the_ends_are_trimmed_and_kept_inside_words() {
        let t = Title::parse("\u{FEFF}\u{200B}Kyiv\u{200D}Lviv \u{200B} trains\u{200B}").unwrap();
        assert_eq!(t.as_str(), "Kyiv\u{200D}Lviv trains");
        // A flag emoji (tag characters) and a right-to-left mark inside free text stay.
        let flag = "Team \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} help";
        assert_eq!(Title::parse(flag).unwrap().as_str(), flag);
        let rtl = "עזרה\u{200F} 2022 לפליטים";
        assert_eq!(Summary::parse(rtl).unwrap().as_str(), rtl);
    }

    #[test]
    fn invisible_padding_does_not_reach_the_minimum_length() {
        assert_eq!(
            Title::parse("a\u{200B}\u{200B}\u{200B}"),
            Err(FieldError::TooShort { min: 3 })
        );
        assert_eq!(
            Title::parse("a\u{200B}\u{200B}\u{200B}b"),
            Err(FieldError::TooShort { min: 3 })
        );
        assert_eq!(
            Title::parse("a \u{3164} \u{3164} b").unwrap().as_str(),
            "a b"
        );
    }

    #[test]
    fn the_maximum_length_counts_every_character_kept() {
        let padded = format!("abc{}d", "\u{200D}".repeat(148));
        assert_eq!(
            Title::parse(&padded),
            Err(FieldError::TooLong {
                max: 150,
                actual: 152
            })
        );
    }

    #[test]
    fn lines_of_a_description_made_only_of_invisible_characters_are_dropped() {
        let d = Description::parse("First\n\u{200B}\n\u{3164}\n\nSecond\u{FEFF}").unwrap();
        assert_eq!(d.as_str(), "First\n\nSecond");
    }

    #[test]
    fn line_and_page_breaks_pasted_from_word_processors_become_line_breaks() {
        let d =
            Description::parse("One\u{0B}two\u{0C}Three\u{2028}four\u{2029}Five\u{85}six").unwrap();
        assert_eq!(d.as_str(), "One\ntwo\n\nThree\nfour\n\nFive\nsix");
        assert_eq!(
            Description::parse("\u{0B}\u{0C}"),
            Err(FieldError::Required)
        );
        assert_eq!(
            Description::parse("a\u{7}b"),
            Err(FieldError::ControlCharacters)
        );
    }

    #[test]
    fn a_refused_value_is_shown_back_without_invisible_or_control_characters() {
        assert_eq!(
            IsoDate::parse("2022-\u{202E}03-04"),
            Err(FieldError::InvalidDate("2022-\u{FFFD}03-04".into()))
        );
        assert_eq!(echo(&"x".repeat(30), 20), format!("{}…", "x".repeat(20)));
        assert_eq!(echo(" PL\u{0} ", 20), "PL\u{FFFD}");
    }

    #[test]
    fn direction_controls_in_addresses_are_refused_with_their_own_error() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            let link = format!("https://city.example/{c}gnp.exe");
            assert_eq!(
                WebLink::parse(&link),
                Err(FieldError::DirectionControls),
                "{c:?}"
            );
            let mail = format!("help{c}@city.example");
            assert_eq!(
                ContactEmail::parse(&mail),
                Err(FieldError::DirectionControls)
            );
        }
        // At the ends they are trimmed like any invisible character.
        assert!(WebLink::parse("\u{202E}https://city.example/\u{202C}").is_ok());
    }

    #[test]
    fn other_invisible_characters_inside_addresses_are_refused() {
        assert_eq!(
            WebLink::parse("https://city.example/he\u{200B}lp"),
            Err(FieldError::InvisibleCharacters)
        );
        assert_eq!(
            ContactEmail::parse("an\u{00AD}na@city.example"),
            Err(FieldError::InvisibleCharacters)
        );
        assert_eq!(
            ContactEmail::parse("\u{FEFF}anna@city.example\u{200B}")
                .unwrap()
                .as_str(),
            "anna@city.example"
        );
    }

    #[test]
    fn the_invisible_character_table_is_unicodes_default_ignorable_set() {
        use icu_properties::{props::DefaultIgnorableCodePoint, CodePointSetData};
        let unicode = CodePointSetData::new::<DefaultIgnorableCodePoint>();
        let differ: Vec<String> = (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| unicode.contains(*c) != is_default_ignorable(*c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(differ.is_empty(), "differ from Unicode: {differ:?}");
    }

    #[test]
    fn the_direction_controls_are_unicodes_bidi_control_set() {
        use icu_properties::{props::BidiControl, CodePointSetData};
        let unicode = CodePointSetData::new::<BidiControl>();
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            assert_eq!(
                unicode.contains(c),
                is_bidi_control(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn dates_order_chronologically() {
        assert!(IsoDate::parse("2022-03-04").unwrap() < IsoDate::parse("2022-12-01").unwrap());
    }
}
