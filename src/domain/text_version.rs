//! An initiative's text in several languages. Every initiative is written in one language (its
//! original: English, French or Ukrainian) and may have versions in the other two. A version
//! says where it came from (the submitter, a moderator, one day a machine) and whether it was
//! made from the original as it is now: a version made before the original changed is shown as
//! possibly out of date. Why here: the form, the import and the pages all parse and show
//! versions with the same rules, in the browser and on the server.

use super::{is_blank, trim_text, Description, FieldError, Summary, Title, UiLanguage};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// Who wrote a version of an initiative's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum VersionSource {
    /// The text as its submitter first wrote it (the original language's version).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "original"))]
    Original,
    /// A translation written by the submitter.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitter"))]
    Submitter,
    /// A translation written by a moderator (the secretariat).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "moderator"))]
    Moderator,
    /// A machine translation, always labelled as such. No engine runs here yet; the data
    /// model keeps room for one.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "machine"))]
    Machine,
}

impl VersionSource {
    pub const ALL: [VersionSource; 4] = [
        Self::Original,
        Self::Submitter,
        Self::Moderator,
        Self::Machine,
    ];

    /// The name in the open data and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Submitter => "submitter",
            Self::Moderator => "moderator",
            Self::Machine => "machine",
        }
    }

    /// # Errors
    /// When the text names no source.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = trim_text(text);
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| FieldError::UnknownVersionSource(super::echo(text, 20)))
    }
}

/// The text of an initiative in one language other than its original: checked, with where it
/// came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    pub language: UiLanguage,
    pub title: Title,
    pub summary: Summary,
    pub description: Option<Description>,
    /// Never `Original`: the original's text is the initiative's own title, summary and
    /// description.
    pub source: VersionSource,
    /// Made from an earlier text of the original, which has changed since.
    pub outdated: bool,
}

/// Which part of a version a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VersionPart {
    Title,
    Summary,
    Description,
}

impl VersionPart {
    pub const ALL: [VersionPart; 3] = [Self::Title, Self::Summary, Self::Description];

    /// The form control's name prefix (`title` → `title_fr`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Summary => "summary",
            Self::Description => "description",
        }
    }
}

impl Translation {
    /// Checks a version as typed with the same parsers as the original's text. All three parts
    /// blank means no version (`Ok(None)`); a version with any part needs a title and a
    /// summary. Every problem is reported at once, in the order of the parts.
    ///
    /// # Errors
    /// Each part that is missing or refused by its parser.
    pub fn parse(
        language: UiLanguage,
        title: &str,
        summary: &str,
        description: &str,
        source: VersionSource,
    ) -> Result<Option<Self>, Vec<(VersionPart, FieldError)>> {
        if is_blank(title) && is_blank(summary) && is_blank(description) {
            return Ok(None);
        }
        let mut problems = Vec::new();
        let title = Title::parse(title).map_err(|e| problems.push((VersionPart::Title, e)));
        let summary = Summary::parse(summary).map_err(|e| problems.push((VersionPart::Summary, e)));
        let description = if is_blank(description) {
            Ok(None)
        } else {
            Description::parse(description)
                .map(Some)
                .map_err(|e| problems.push((VersionPart::Description, e)))
        };
        match (title, summary, description) {
            (Ok(title), Ok(summary), Ok(description)) => Ok(Some(Self {
                language,
                title,
                summary,
                description,
                source,
                outdated: false,
            })),
            _ => Err(problems),
        }
    }

    /// The same text (what a version says, not who wrote it or when).
    pub fn same_text(&self, other: &Self) -> bool {
        self.language == other.language
            && self.title == other.title
            && self.summary == other.summary
            && self.description == other.description
    }
}

/// One version of an initiative's text as a page shows it: the original or a translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownText {
    pub language: UiLanguage,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub source: VersionSource,
    pub outdated: bool,
}

/// Which version a reader with the interface in `reader` sees: the version in their language
/// when there is one (the original when it is in their language), else the original — or the
/// original whenever `original` is asked for (the "show the original" link). Returns the
/// position in `translations`, or `None` for the original.
pub fn version_for(
    reader: UiLanguage,
    original_language: UiLanguage,
    translations: &[UiLanguage],
    original: bool,
) -> Option<usize> {
    if original || reader == original_language {
        return None;
    }
    translations.iter().position(|l| *l == reader)
}

/// The name of the address parameter that asks for one version of an initiative's text
/// (`/initiatives/{slug}?version=uk`): the detail page's "Also in" and "Show the original"
/// links. A parameter of its own rather than `lang=`, because a reader who wants to compare
/// the text with another version keeps the interface in their own language.
pub const VERSION_PARAMETER: &str = "version";

/// The version an address asks for with `version=en|fr|uk`: the last value naming one of the
/// three languages; `None` when none does.
pub fn version_in_query(query: &str) -> Option<UiLanguage> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| *key == VERSION_PARAMETER)
        .filter_map(|(_, value)| UiLanguage::from_code(&super::percent_decode(value)))
        .last()
}

/// Which version a reader sees when the address may ask for one (`asked`, from
/// [`version_in_query`]): the asked version when the initiative has it (the original when
/// it is the original's language), else what [`version_for`] gives the reader. Returns the
/// position in `translations`, or `None` for the original.
pub fn version_asked(
    reader: UiLanguage,
    original_language: UiLanguage,
    translations: &[UiLanguage],
    asked: Option<UiLanguage>,
) -> Option<usize> {
    match asked {
        Some(asked) if asked == original_language => None,
        Some(asked) if translations.contains(&asked) => {
            version_for(asked, original_language, translations, false)
        }
        _ => version_for(reader, original_language, translations, false),
    }
}

/// `href` (a path of this site, with or without a query and `#fragment`) without its
/// `version=`: the address a version's page names as its canonical and language alternates
/// (every version is one page, the reader's version of it).
pub fn without_version(href: &str) -> String {
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (href, None),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| {
            !p.is_empty() && p.split_once('=').map_or(*p, |(key, _)| key) != VERSION_PARAMETER
        })
        .collect();
    let mut out = path.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Sorts versions by language and keeps the first of each language, dropping any in the
/// original's language (the original is the initiative's own text).
pub fn tidy_translations(
    original: UiLanguage,
    mut translations: Vec<Translation>,
) -> Vec<Translation> {
    translations.retain(|t| t.language != original);
    super::sorted_unique_by_key(translations, |t| t.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_version_is_no_version() {
        assert_eq!(
            Translation::parse(UiLanguage::Fr, " ", "", "\n", VersionSource::Submitter),
            Ok(None)
        );
    }

    #[test]
    fn a_version_with_a_title_needs_a_summary() {
        let problems = Translation::parse(
            UiLanguage::Fr,
            "Transports gratuits",
            "",
            "",
            VersionSource::Submitter,
        )
        .unwrap_err();
        assert_eq!(problems, [(VersionPart::Summary, FieldError::Required)]);
    }

    #[test]
    fn a_description_alone_asks_for_the_title_and_the_summary() {
        let problems = Translation::parse(UiLanguage::Uk, "", "", "Опис", VersionSource::Submitter)
            .unwrap_err();
        let parts: Vec<_> = problems.iter().map(|p| p.0).collect();
        assert_eq!(parts, [VersionPart::Title, VersionPart::Summary]);
    }

    #[test]
    fn a_whole_version_parses_with_the_fields_parsers() {
        let v = Translation::parse(
            UiLanguage::Uk,
            "Безкоштовний транспорт",
            "Біженці з України їздять міським транспортом безкоштовно.",
            "",
            VersionSource::Moderator,
        )
        .unwrap()
        .unwrap();
        assert_eq!(v.title.as_str(), "Безкоштовний транспорт");
        assert!(v.description.is_none() && !v.outdated);
    }

    #[test]
    fn the_reader_sees_their_language_else_the_original() {
        use UiLanguage::{En, Fr, Uk};
        assert_eq!(version_for(Uk, En, &[Fr, Uk], false), Some(1));
        assert_eq!(version_for(Uk, En, &[Fr], false), None);
        assert_eq!(version_for(En, En, &[Fr, Uk], false), None);
        assert_eq!(
            version_for(Uk, En, &[Uk], true),
            None,
            "the original was asked for"
        );
    }

    #[test]
    fn an_address_asks_for_a_version_by_its_language_code() {
        assert_eq!(version_in_query("version=fr"), Some(UiLanguage::Fr));
        assert_eq!(
            version_in_query("?lang=uk&version=EN"),
            Some(UiLanguage::En)
        );
        assert_eq!(
            version_in_query("version=uk&version=fr"),
            Some(UiLanguage::Fr)
        );
        assert_eq!(
            version_in_query("version=fr&version=de"),
            Some(UiLanguage::Fr)
        );
        for query in [
            "",
            "lang=fr",
            "version=",
            "version=de",
            "original=1",
            "xversion=fr",
        ] {
            assert_eq!(version_in_query(query), None, "{query}");
        }
    }

    #[test]
    fn the_version_asked_for_wins_when_it_exists_else_the_readers_rule_holds() {
        use UiLanguage::{En, Fr, Uk};
        // The original asked for by its language, whatever the reader's.
        assert_eq!(version_asked(Uk, En, &[Fr, Uk], Some(En)), None);
        // Another translation than the reader's.
        assert_eq!(version_asked(Uk, En, &[Fr, Uk], Some(Fr)), Some(0));
        // Nothing asked: the reader's version.
        assert_eq!(version_asked(Uk, En, &[Fr, Uk], None), Some(1));
        // A version that does not exist: the reader's rule, not an error.
        assert_eq!(version_asked(Uk, En, &[Uk], Some(Fr)), Some(0));
        assert_eq!(version_asked(Fr, Uk, &[], Some(En)), None);
    }

    #[test]
    fn an_address_without_its_version_keeps_everything_else_in_order() {
        assert_eq!(
            without_version("/initiatives/a?version=fr"),
            "/initiatives/a"
        );
        assert_eq!(
            without_version("/initiatives/a?version=fr&lang=uk#top"),
            "/initiatives/a?lang=uk#top"
        );
        assert_eq!(
            without_version("/initiatives/a?x=1&version&versions=2&version=uk"),
            "/initiatives/a?x=1&versions=2"
        );
        assert_eq!(without_version("/initiatives/a"), "/initiatives/a");
    }

    #[test]
    fn sources_parse_from_their_names_only() {
        for s in VersionSource::ALL {
            assert_eq!(VersionSource::parse(s.as_str()), Ok(s));
        }
        assert!(VersionSource::parse("robot").is_err());
    }
}
