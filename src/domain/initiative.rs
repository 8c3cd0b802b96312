//! A whole initiative: the record format of the open-data files, the checked value built from
//! it (and from the submission form) by the same field parsers, where its data came from, and a
//! published initiative as stored.

use super::{
    tidy_translations, trim_text, ActivityStatus, Commitment, ContactEmail, CountryCode,
    Description, FieldError, InitiativeType, IsoDate, LanguageCode, PlaceName, Summary, Title,
    Translation, UiLanguage, UtcSecond, VersionPart, VersionSource, WebLink,
};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an initiative's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum Origin {
    /// Sent by city staff through the form.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    /// Loaded by `icc-initiatives import`.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "imported"))]
    Imported,
    /// Demo content from public reports, labelled as such.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "sample"))]
    Sample,
}

impl Origin {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Imported => "imported",
            Self::Sample => "sample",
        }
    }
}

/// A published initiative with every public field, as stored (the fields are not parsed again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedInitiative {
    pub slug: String,
    /// The language of `title`, `summary` and `description` (the original).
    pub text_language: UiLanguage,
    /// The versions in the other languages, by language.
    pub translations: Vec<Translation>,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub city: String,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub commitments: Vec<Commitment>,
    pub activity: ActivityStatus,
    pub start_date: Option<IsoDate>,
    pub end_date: Option<IsoDate>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub languages: Vec<LanguageCode>,
    /// Where the information comes from (sample content cites its public report).
    pub source: Option<String>,
    pub origin: Origin,
    /// The day it was first published; `None` only for rows that never recorded it.
    pub published: Option<IsoDate>,
    /// Its last change.
    pub updated: UtcSecond,
    /// The day its city last confirmed it (its publication day until then; issue 23).
    pub confirmed_on: IsoDate,
}

/// One record of `sample-initiatives.json` and of `icc-initiatives export`: the public fields, as
/// typed. Optional fields may be missing or `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
// A field this format does not know is refused by its name: nothing a secretariat's file holds
// is silently dropped (issue 23).
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    pub city: String,
    pub country: String,
    /// The language of `title`, `summary` and `description`: `en`, `fr` or `uk` (English when
    /// missing, as in files from before versions existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_language: Option<String>,
    pub title: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The versions in the other languages, keyed by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, ImportVersion>,
    pub types: Vec<String>,
    #[serde(default)]
    pub commitments: Vec<u8>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Where the information comes from (sample content cites its public report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The day its city last confirmed it, `YYYY-MM-DD` (issue 23); the publication day when
    /// missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<String>,
    /// Where it stood with that confirmation when the file was made (`confirmed`, `due`,
    /// `unconfirmed`, `ended`): written by the exports for their readers. A known field that
    /// an import reads past: the importing site computes its own from `confirmed_on` and its
    /// own day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness: Option<String>,
}

/// One version of the text in an import record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportVersion {
    pub title: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `submitter`, `moderator` or `machine` (`moderator` when missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Made from an earlier text of the original.
    #[serde(default)]
    pub outdated: bool,
}

impl From<&Translation> for ImportVersion {
    fn from(t: &Translation) -> Self {
        Self {
            title: t.title.as_str().to_owned(),
            summary: t.summary.as_str().to_owned(),
            description: t.description.as_ref().map(|d| d.as_str().to_owned()),
            source: Some(t.source.as_str().to_owned()),
            outdated: t.outdated,
        }
    }
}

/// The name of a version's part in import errors: `translations.fr.title`.
const fn version_field(language: UiLanguage, part: VersionPart) -> &'static str {
    use UiLanguage::{En, Fr, Uk};
    use VersionPart::{Description, Summary, Title};
    match (language, part) {
        (En, Title) => "translations.en.title",
        (En, Summary) => "translations.en.summary",
        (En, Description) => "translations.en.description",
        (Fr, Title) => "translations.fr.title",
        (Fr, Summary) => "translations.fr.summary",
        (Fr, Description) => "translations.fr.description",
        (Uk, Title) => "translations.uk.title",
        (Uk, Summary) => "translations.uk.summary",
        (Uk, Description) => "translations.uk.description",
    }
}

/// A field of a record that failed its parser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    pub field: &'static str,
    pub error: FieldError,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.error)
    }
}

/// An initiative whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInitiative {
    /// The language of `title`, `summary` and `description` (the original).
    #[serde(default = "english")]
    pub text_language: UiLanguage,
    /// The versions in the other languages, by language, none in `text_language`.
    #[serde(default)]
    pub translations: Vec<Translation>,
    pub title: Title,
    pub summary: Summary,
    pub description: Option<Description>,
    pub city: PlaceName,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub commitments: Vec<Commitment>,
    pub activity: ActivityStatus,
    pub start_date: Option<IsoDate>,
    pub end_date: Option<IsoDate>,
    pub website: Option<WebLink>,
    pub contact_email: Option<ContactEmail>,
    pub languages: Vec<LanguageCode>,
    pub source: Option<WebLink>,
    /// The day its city last confirmed it, when an import says (issue 23); a submission is
    /// confirmed when it is published.
    #[serde(default)]
    pub confirmed_on: Option<IsoDate>,
}

fn english() -> UiLanguage {
    UiLanguage::En
}

fn optional<T>(
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    match value.map(trim_text) {
        None | Some("") => Ok(None),
        Some(text) => parse(text).map(Some),
    }
}

/// Parses 1–3 distinct types.
///
/// # Errors
/// When a slug is unknown, or there are none or more than three.
pub fn parse_types<S: AsRef<str>>(slugs: &[S]) -> Result<Vec<InitiativeType>, FieldError> {
    let types = super::sorted_unique(
        slugs
            .iter()
            .map(|s| InitiativeType::parse(s.as_ref()))
            .collect::<Result<Vec<_>, _>>()?,
    );
    if types.is_empty() {
        Err(FieldError::NoType)
    } else if types.len() > InitiativeType::MAX_PER_INITIATIVE {
        Err(FieldError::TooManyTypes {
            max: InitiativeType::MAX_PER_INITIATIVE,
        })
    } else {
        Ok(types)
    }
}

impl TryFrom<ImportRecord> for NewInitiative {
    type Error = Vec<RecordError>;

    /// Checks every field and reports every problem at once, not just the first.
    fn try_from(r: ImportRecord) -> Result<Self, Self::Error> {
        let mut errors = Vec::new();
        macro_rules! check {
            ($field:literal, $result:expr) => {
                match $result {
                    Ok(v) => Some(v),
                    Err(error) => {
                        errors.push(RecordError {
                            field: $field,
                            error,
                        });
                        None
                    }
                }
            };
        }
        let title = check!("title", Title::parse(&r.title));
        let summary = check!("summary", Summary::parse(&r.summary));
        let description = check!(
            "description",
            optional(r.description.as_deref(), Description::parse)
        );
        let confirmed_on = check!(
            "confirmed_on",
            optional(r.confirmed_on.as_deref(), IsoDate::parse)
        );

        let city = check!("city", PlaceName::parse(&r.city));
        let country = check!("country", CountryCode::parse(&r.country));
        let types = check!("types", parse_types(&r.types));
        let commitments = check!(
            "commitments",
            r.commitments
                .iter()
                .map(|n| Commitment::from_number(*n))
                .collect::<Result<Vec<_>, _>>()
        );
        let activity = check!("status", ActivityStatus::parse(&r.status));
        let start_date = check!(
            "start_date",
            optional(r.start_date.as_deref(), IsoDate::parse)
        );
        let end_date = check!("end_date", optional(r.end_date.as_deref(), IsoDate::parse));
        if let (Some(Some(start)), Some(Some(end))) = (start_date, end_date) {
            if end < start {
                errors.push(RecordError {
                    field: "end_date",
                    error: FieldError::EndBeforeStart,
                });
            }
        }
        let website = check!("website", optional(r.website.as_deref(), WebLink::parse));
        let contact_email = check!(
            "contact_email",
            optional(r.contact_email.as_deref(), ContactEmail::parse)
        );
        let languages = check!(
            "languages",
            r.languages
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|l| LanguageCode::parse(l))
                .collect::<Result<Vec<_>, _>>()
        );
        let source = check!("source", optional(r.source.as_deref(), WebLink::parse));
        let text_language = match r.text_language.as_deref().map(trim_text) {
            None | Some("") => Some(UiLanguage::En),
            Some(code) => check!(
                "text_language",
                UiLanguage::from_code(code)
                    .ok_or_else(|| FieldError::UnknownTextLanguage(super::echo(code, 20)))
            ),
        };
        let mut translations = Vec::new();
        for (code, v) in &r.translations {
            let Some(language) = UiLanguage::from_code(code) else {
                errors.push(RecordError {
                    field: "translations",
                    error: FieldError::UnknownTextLanguage(super::echo(code, 20)),
                });
                continue;
            };
            if Some(language) == text_language {
                errors.push(RecordError {
                    field: version_field(language, VersionPart::Title),
                    error: FieldError::VersionInOriginalLanguage,
                });
                continue;
            }
            let version_source = match v.source.as_deref() {
                None => Ok(VersionSource::Moderator),
                Some(text) => VersionSource::parse(text).and_then(|s| {
                    if s == VersionSource::Original {
                        Err(FieldError::UnknownVersionSource(super::echo(text, 20)))
                    } else {
                        Ok(s)
                    }
                }),
            };
            let version_source = match version_source {
                Ok(s) => s,
                Err(error) => {
                    errors.push(RecordError {
                        field: "translations",
                        error,
                    });
                    continue;
                }
            };
            match Translation::parse(
                language,
                &v.title,
                &v.summary,
                v.description.as_deref().unwrap_or_default(),
                version_source,
            ) {
                Ok(Some(t)) => translations.push(Translation {
                    outdated: v.outdated,
                    ..t
                }),
                Ok(None) => {}
                Err(parts) => errors.extend(parts.into_iter().map(|(part, error)| RecordError {
                    field: version_field(language, part),
                    error,
                })),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `check!` above succeeded, so each value is present.
        let (Some(title), Some(summary), Some(description), Some(city), Some(country)) =
            (title, summary, description, city, country)
        else {
            return Err(errors);
        };
        let (Some(types), Some(mut commitments), Some(activity), Some(start_date), Some(end_date)) =
            (types, commitments, activity, start_date, end_date)
        else {
            return Err(errors);
        };
        let (Some(website), Some(contact_email), Some(mut languages), Some(source)) =
            (website, contact_email, languages, source)
        else {
            return Err(errors);
        };
        commitments.sort();
        commitments.dedup();
        languages.sort();
        languages.dedup();
        let Some(text_language) = text_language else {
            return Err(errors);
        };
        let Some(confirmed_on) = confirmed_on else {
            return Err(errors);
        };
        Ok(NewInitiative {
            text_language,
            translations: tidy_translations(text_language, translations),
            title,
            summary,
            description,
            city,
            country,
            types,
            commitments,
            activity,
            start_date,
            end_date,
            website,
            contact_email,
            languages,
            source,
            confirmed_on,
        })
    }
}

impl From<&NewInitiative> for ImportRecord {
    /// The record of a checked initiative, as exported: parsing it again gives the same
    /// initiative.
    fn from(i: &NewInitiative) -> Self {
        let text = |v: Option<&str>| v.map(str::to_owned);
        ImportRecord {
            city: i.city.as_str().to_owned(),
            country: i.country.as_str().to_owned(),
            text_language: Some(i.text_language.as_str().to_owned()),
            title: i.title.as_str().to_owned(),
            summary: i.summary.as_str().to_owned(),
            description: text(i.description.as_ref().map(Description::as_str)),
            translations: i
                .translations
                .iter()
                .map(|t| (t.language.as_str().to_owned(), ImportVersion::from(t)))
                .collect(),
            types: i.types.iter().map(|t| t.slug().to_owned()).collect(),
            commitments: i.commitments.iter().map(|c| c.number()).collect(),
            status: i.activity.as_str().to_owned(),
            start_date: i.start_date.map(|d| d.to_string()),
            end_date: i.end_date.map(|d| d.to_string()),
            website: text(i.website.as_ref().map(WebLink::as_str)),
            contact_email: text(i.contact_email.as_ref().map(ContactEmail::as_str)),
            languages: (!i.languages.is_empty())
                .then(|| i.languages.iter().map(|l| l.as_str().to_owned()).collect()),
            source: text(i.source.as_ref().map(WebLink::as_str)),
            confirmed_on: i.confirmed_on.map(|d| d.to_string()),
            freshness: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ImportRecord {
        ImportRecord {
            city: "Gdańsk".into(),
            country: "PL".into(),
            title: "Free public transport".into(),
            summary: "Refugees ride the city's buses and trams free of charge.".into(),
            types: vec!["transport".into(), "humanitarian-aid".into()],
            commitments: vec![2, 1],
            status: "completed".into(),
            start_date: Some("2022-02-26".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_record_becomes_an_initiative() {
        let i = NewInitiative::try_from(record()).unwrap();
        assert_eq!(i.city.as_str(), "Gdańsk");
        assert_eq!(
            i.types,
            vec![InitiativeType::HumanitarianAid, InitiativeType::Transport]
        );
        assert_eq!(
            i.commitments.iter().map(|c| c.number()).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(i.start_date.unwrap().to_string(), "2022-02-26");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let r = ImportRecord {
            country: "XX".into(),
            types: vec![],
            commitments: vec![7],
            website: Some("ftp://x.org".into()),
            ..record()
        };
        let errors = NewInitiative::try_from(r).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["country", "types", "commitments", "website"]);
        assert_eq!(errors[3].error, FieldError::NotHttp);
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let r = ImportRecord {
            end_date: Some("2022-01-01".into()),
            ..record()
        };
        let errors = NewInitiative::try_from(r).unwrap_err();
        assert_eq!(errors[0].error, FieldError::EndBeforeStart);
    }

    #[test]
    fn more_than_three_types_are_refused() {
        let r = ImportRecord {
            types: vec![
                "housing".into(),
                "legal".into(),
                "health".into(),
                "funding".into(),
            ],
            ..record()
        };
        let errors = NewInitiative::try_from(r).unwrap_err();
        assert_eq!(errors[0].error, FieldError::TooManyTypes { max: 3 });
    }

    #[test]
    fn empty_optional_fields_are_absent_not_errors() {
        let r = ImportRecord {
            description: Some("  ".into()),
            website: Some(String::new()),
            ..record()
        };
        let i = NewInitiative::try_from(r).unwrap();
        assert!(i.description.is_none() && i.website.is_none());
    }

    fn french_version() -> ImportVersion {
        ImportVersion {
            title: "Transports publics gratuits".into(),
            summary: "Les réfugiés voyagent gratuitement en bus et en tram.".into(),
            description: None,
            source: Some("submitter".into()),
            outdated: true,
        }
    }

    #[test]
    fn a_record_without_a_text_language_is_in_english_with_no_versions() {
        let i = NewInitiative::try_from(record()).unwrap();
        assert_eq!(i.text_language, UiLanguage::En);
        assert!(i.translations.is_empty());
    }

    #[test]
    fn versions_are_read_with_their_source_and_whether_they_are_out_of_date() {
        let mut r = record();
        r.translations.insert("fr".into(), french_version());
        let i = NewInitiative::try_from(r).unwrap();
        let fr = &i.translations[0];
        assert_eq!(fr.language, UiLanguage::Fr);
        assert_eq!(fr.source, VersionSource::Submitter);
        assert!(fr.outdated);
        assert_eq!(fr.title.as_str(), "Transports publics gratuits");
    }

    #[test]
    fn a_record_with_versions_round_trips_through_the_import_format() {
        let mut r = record();
        r.text_language = Some("uk".into());
        r.translations.insert("fr".into(), french_version());
        r.translations.insert(
            "en".into(),
            ImportVersion {
                title: "Free public transport".into(),
                summary: "Refugees ride free.".into(),
                description: Some("Every bus and tram.".into()),
                source: None,
                outdated: false,
            },
        );
        let i = NewInitiative::try_from(r).unwrap();
        let again = NewInitiative::try_from(ImportRecord::from(&i)).unwrap();
        assert_eq!(again, i);
        assert_eq!(
            i.translations[0].source,
            VersionSource::Moderator,
            "the default source"
        );
    }

    #[test]
    fn bad_versions_are_reported_by_language_and_part() {
        let mut r = record();
        r.translations.insert(
            "uk".into(),
            ImportVersion {
                title: "Безкоштовний транспорт".into(),
                ..Default::default()
            },
        );
        r.translations.insert("de".into(), french_version());
        r.translations.insert("en".into(), french_version());
        let errors = NewInitiative::try_from(r).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "translations",
                "translations.en.title",
                "translations.uk.summary"
            ]
        );
        assert_eq!(
            errors[0].error,
            FieldError::UnknownTextLanguage("de".into())
        );
        assert_eq!(errors[1].error, FieldError::VersionInOriginalLanguage);
    }

    #[test]
    fn a_version_cannot_claim_to_be_the_original() {
        let mut r = record();
        r.translations.insert(
            "fr".into(),
            ImportVersion {
                source: Some("original".into()),
                ..french_version()
            },
        );
        let errors = NewInitiative::try_from(r).unwrap_err();
        assert_eq!(
            errors[0].error,
            FieldError::UnknownVersionSource("original".into())
        );
    }
}
