//! The public record of a published initiative: its public fields, once, from which every output
//! is written — the CSV file and `/initiatives.json`, API v1's initiative, the Atom feed, the
//! command line's export. Before it, each output copied the fields by hand (eight mappers of the
//! same fields), so a new field had to be added eight times and could be forgotten in one.
//!
//! Why in `domain` and not beside the writers in `server/`: the command line's export is written
//! by `server/services/transfer.rs`, which imports the domain only; a record living with the
//! HTTP outputs would make the services import the open-data endpoints, which import the
//! services. The record holds no I/O and no format: each writer keeps its own (CSV joins codes
//! with `;`, Atom names its elements, the API and the import format have their documented
//! JSON), derived from the record in one place per format:
//! - by its list of fields ([`PublicRecord::fields`]: names and values in the record's order),
//!   where a format writes every field — the CSV file (its header is [`PublicRecord::NAMES`])
//!   and API v1's answer: a field added here appears there by itself;
//! - by taking the record apart whole (no `..`), where a format chooses — the Atom entry and the
//!   import format: a field added here does not compile until it is placed, or left out with
//!   the reason.
//!
//! The outputs written from the in-memory directory's cards (API v1's list, the embed, the
//! sitemap) hold a few of these fields; `tests/http.rs` (`a_field_of_the_public_record_appears_
//! in_every_output`) checks every output against the record's fields, with each output's
//! deliberate omissions listed there.

use super::{
    ActivityStatus, Commitment, ConfirmRule, CountryCode, Freshness, ImportRecord, ImportVersion,
    InitiativeType, IsoDate, LanguageCode, PublishedInitiative, Translation, UiLanguage, UtcSecond,
};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A published initiative's public fields, with its public address on the site's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRecord {
    /// Its public page, absolute on the site's origin (site-relative where no origin is known:
    /// the command line's export, which does not write it).
    pub url: String,
    /// Its name in addresses, stable once published.
    pub slug: String,
    /// The language `title`, `summary` and `description` are written in (the original).
    pub text_language: UiLanguage,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    /// The versions of the text in the other languages.
    pub translations: Vec<Translation>,
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
    /// The day it was first published; `None` only for rows that never recorded it.
    pub published: Option<IsoDate>,
    /// Its last change.
    pub updated: UtcSecond,
    /// The day its city last confirmed it (issue 23; HSDS's `assured_date`).
    pub confirmed_on: IsoDate,
    /// Where it stands with that confirmation on the day the record was made.
    pub freshness: Freshness,
}

/// One field's value as the writers read it: typed enough for each format to write it its own
/// way (a list of codes is `;`-joined in CSV and an array in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// Text or a code, always present.
    Text(&'a str),
    /// Text that may be absent.
    Optional(Option<&'a str>),
    /// Codes (types, languages).
    Codes(Vec<&'a str>),
    /// Numbers (the declaration's commitments).
    Numbers(Vec<u8>),
    /// A day, `YYYY-MM-DD`, that may be unknown.
    Day(Option<IsoDate>),
    /// A moment, to the second (RFC 3339, UTC).
    Moment(UtcSecond),
    /// The versions of the text in other languages, by language: in JSON an object keyed by
    /// language code (`{"uk": {"title": …, "summary": …, "description": … or null, "source":
    /// "moderator", "outdated": false}}`, which the import reads back).
    Versions(&'a [Translation]),
}

/// How many fields the record has.
pub const RECORD_FIELDS: usize = 22;

impl PublicRecord {
    /// The fields' names, in the record's order: the CSV file's header, the keys of the
    /// record's JSON (a unit test holds them to [`PublicRecord::fields`]).
    pub const NAMES: [&'static str; RECORD_FIELDS] = [
        "url",
        "slug",
        "text_language",
        "title",
        "summary",
        "description",
        "translations",
        "city",
        "country",
        "types",
        "commitments",
        "activity",
        "start_date",
        "end_date",
        "website",
        "contact_email",
        "languages",
        "source",
        "published",
        "updated",
        "confirmed_on",
        "freshness",
    ];

    /// The site-relative address of a published initiative's page: `/initiatives/{slug}`.
    pub fn path_of(slug: &str) -> String {
        format!("/initiatives/{slug}")
    }

    /// The record of a published initiative; `site` is the site's origin as text
    /// (`https://initiatives.example`), or empty where none is known (the address is then
    /// site-relative).
    /// Its freshness is `rule`'s on `today` (the directory's clock).
    pub fn new(
        site: &str,
        initiative: PublishedInitiative,
        rule: ConfirmRule,
        today: IsoDate,
    ) -> Self {
        let freshness = rule.freshness(initiative.confirmed_on, initiative.activity, today);
        let PublishedInitiative {
            slug,
            text_language,
            translations,
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
            // Where the data came from: the pages show a sample badge; no file or answer
            // writes it.
            origin: _,
            published,
            updated,
            confirmed_on,
        } = initiative;
        Self {
            url: format!("{site}{}", Self::path_of(&slug)),
            slug,
            text_language,
            translations,
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
            published,
            updated,
            confirmed_on,
            freshness,
        }
    }

    /// Every field, named, in the record's order: what the writers that hold every field (the
    /// CSV file, API v1's answer) write, so a field added to the record appears in them.
    pub fn fields(&self) -> [(&'static str, FieldValue<'_>); RECORD_FIELDS] {
        use FieldValue::{Codes, Day, Moment, Numbers, Optional, Text, Versions};
        let Self {
            url,
            slug,
            text_language,
            title,
            summary,
            description,
            translations,
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
            published,
            updated,
            confirmed_on,
            freshness,
        } = self;
        [
            ("url", Text(url)),
            ("slug", Text(slug)),
            ("text_language", Text(text_language.as_str())),
            ("title", Text(title)),
            ("summary", Text(summary)),
            ("description", Optional(description.as_deref())),
            ("translations", Versions(translations)),
            ("city", Text(city)),
            ("country", Text(country.as_str())),
            ("types", Codes(types.iter().map(|t| t.slug()).collect())),
            (
                "commitments",
                Numbers(commitments.iter().map(|c| c.number()).collect()),
            ),
            ("activity", Text(activity.as_str())),
            ("start_date", Day(*start_date)),
            ("end_date", Day(*end_date)),
            ("website", Optional(website.as_deref())),
            ("contact_email", Optional(contact_email.as_deref())),
            (
                "languages",
                Codes(languages.iter().map(|l| l.as_str()).collect()),
            ),
            ("source", Optional(source.as_deref())),
            ("published", Day(*published)),
            ("updated", Moment(*updated)),
            ("confirmed_on", Day(Some(*confirmed_on))),
            ("freshness", Text(freshness.as_str())),
        ]
    }
}

impl Serialize for FieldValue<'_> {
    /// Text as a string, an absent value as `null`, codes and numbers as arrays, days as
    /// `YYYY-MM-DD`, moments as RFC 3339.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => s.serialize_str(text),
            Self::Optional(text) => text.serialize(s),
            Self::Codes(codes) => {
                let mut seq = s.serialize_seq(Some(codes.len()))?;
                for code in codes {
                    seq.serialize_element(code)?;
                }
                seq.end()
            }
            Self::Numbers(numbers) => numbers.serialize(s),
            Self::Day(day) => day.map(|d| d.to_string()).serialize(s),
            Self::Moment(at) => s.serialize_str(&at.to_string()),
            Self::Versions(versions) => {
                let mut map = s.serialize_map(Some(versions.len()))?;
                for t in *versions {
                    map.serialize_entry(t.language.as_str(), &RecordVersion::from(t))?;
                }
                map.end()
            }
        }
    }
}

/// One version of the text in the record's JSON: every key always present, an absent
/// description `null` like the record's own (the import format, [`ImportVersion`], leaves it
/// out; its reader takes either).
#[derive(Serialize)]
struct RecordVersion<'a> {
    title: &'a str,
    summary: &'a str,
    description: Option<&'a str>,
    source: &'a str,
    outdated: bool,
}

impl<'a> From<&'a Translation> for RecordVersion<'a> {
    fn from(t: &'a Translation) -> Self {
        Self {
            title: t.title.as_str(),
            summary: t.summary.as_str(),
            description: t.description.as_ref().map(|d| d.as_str()),
            source: t.source.as_str(),
            outdated: t.outdated,
        }
    }
}

impl Serialize for PublicRecord {
    /// An object of [`PublicRecord::fields`], in their order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.fields();
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (name, value) in &fields {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl From<&PublicRecord> for ImportRecord {
    /// The record in the open-data record format, which `import` reads back
    /// (`/initiatives.json`, `icc-initiatives export`).
    fn from(r: &PublicRecord) -> Self {
        let PublicRecord {
            // The importing site gives its own address, slug and times.
            url: _,
            slug: _,
            published: _,
            updated: _,
            freshness,
            confirmed_on,
            text_language,
            title,
            summary,
            description,
            translations,
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
        } = r;
        Self {
            city: city.clone(),
            country: country.as_str().to_owned(),
            text_language: Some(text_language.as_str().to_owned()),
            title: title.clone(),
            summary: summary.clone(),
            description: description.clone(),
            translations: translations
                .iter()
                .map(|t| (t.language.as_str().to_owned(), ImportVersion::from(t)))
                .collect(),
            types: types.iter().map(|t| t.slug().to_owned()).collect(),
            commitments: commitments.iter().map(|c| c.number()).collect(),
            status: activity.as_str().to_owned(),
            start_date: start_date.map(|d| d.to_string()),
            end_date: end_date.map(|d| d.to_string()),
            website: website.clone(),
            contact_email: contact_email.clone(),
            languages: (!languages.is_empty())
                .then(|| languages.iter().map(|l| l.as_str().to_owned()).collect()),
            source: source.clone(),
            confirmed_on: Some(confirmed_on.to_string()),
            freshness: Some(freshness.as_str().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PublicRecord {
        let day = |t: &str| Some(IsoDate::parse(t).unwrap());
        PublicRecord::new(
            "https://initiatives.example",
            PublishedInitiative {
                slug: "gdansk-free-trams".into(),
                text_language: UiLanguage::En,
                translations: Vec::new(),
                title: "Free trams".into(),
                summary: "Refugees ride free.".into(),
                description: None,
                city: "Gdańsk".into(),
                country: CountryCode::parse("PL").unwrap(),
                types: vec![InitiativeType::Transport],
                commitments: vec![Commitment::from_number(2).unwrap()],
                activity: ActivityStatus::Ongoing,
                start_date: day("2022-02-26"),
                end_date: None,
                website: Some("https://gdansk.example".into()),
                contact_email: None,
                languages: vec![LanguageCode::parse("uk").unwrap()],
                source: None,
                origin: crate::domain::Origin::Sample,
                published: day("2022-03-01"),
                confirmed_on: day("2022-03-01").unwrap(),
                updated: UtcSecond::new(
                    crate::domain::UtcMinute::new(day("2024-05-06").unwrap(), 7, 8).unwrap(),
                    9,
                )
                .unwrap(),
            },
            ConfirmRule::default(),
            IsoDate::parse("2024-05-06").unwrap(),
        )
    }

    #[test]
    fn the_freshness_is_the_rules_on_the_day_given_and_the_import_keeps_only_the_date() {
        let r = record();
        assert_eq!(r.confirmed_on.to_string(), "2022-03-01");
        assert_eq!(r.freshness, Freshness::Unconfirmed);
        let import = ImportRecord::from(&r);
        assert_eq!(import.confirmed_on.as_deref(), Some("2022-03-01"));
        let fields = r.fields();
        let find = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(find("freshness"), Some(FieldValue::Text("unconfirmed")));
    }

    #[test]
    fn the_names_are_the_fields_in_the_records_order() {
        let r = record();
        assert_eq!(r.fields().map(|(name, _)| name), PublicRecord::NAMES);
        let json = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names = PublicRecord::NAMES.to_vec();
        let mut sorted = keys.clone();
        names.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(sorted, names);
    }

    #[test]
    fn the_record_is_written_as_json_with_absent_values_as_null() {
        let json = serde_json::to_string(&record()).unwrap();
        assert_eq!(
            json,
            "{\"url\":\"https://initiatives.example/initiatives/gdansk-free-trams\",\
             \"slug\":\"gdansk-free-trams\",\"text_language\":\"en\",\"title\":\"Free trams\",\
             \"summary\":\"Refugees ride free.\",\"description\":null,\"translations\":{},\
             \"city\":\"Gdańsk\",\
             \"country\":\"PL\",\"types\":[\"transport\"],\"commitments\":[2],\
             \"activity\":\"ongoing\",\"start_date\":\"2022-02-26\",\"end_date\":null,\
             \"website\":\"https://gdansk.example\",\"contact_email\":null,\
             \"languages\":[\"uk\"],\"source\":null,\"published\":\"2022-03-01\",\
             \"updated\":\"2024-05-06T07:08:09Z\",\"confirmed_on\":\"2022-03-01\",\
             \"freshness\":\"unconfirmed\"}"
        );
    }

    #[test]
    fn a_version_is_written_with_every_key_and_read_back_by_the_import() {
        use crate::domain::{NewInitiative, Summary, Title, VersionSource};
        let mut r = record();
        r.translations = vec![Translation {
            language: UiLanguage::Uk,
            title: Title::parse("Безкоштовні трамваї").unwrap(),
            summary: Summary::parse("Біженці їздять безкоштовно.").unwrap(),
            description: None,
            source: VersionSource::Machine,
            outdated: true,
        }];
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json["translations"],
            serde_json::json!({"uk": {
                "title": "Безкоштовні трамваї",
                "summary": "Біженці їздять безкоштовно.",
                "description": null,
                "source": "machine",
                "outdated": true
            }})
        );
        // The import format leaves the absent description out, and reads either back.
        let import = ImportRecord::from(&r);
        assert_eq!(import.text_language.as_deref(), Some("en"));
        assert!(!serde_json::to_string(&import)
            .unwrap()
            .contains("description"));
        let from_record: ImportRecord = serde_json::from_value(serde_json::json!({
            "city": "Gdańsk", "country": "PL", "title": "Free trams",
            "summary": "Refugees ride free.", "types": ["transport"], "commitments": [2],
            "status": "ongoing", "text_language": "en", "translations": json["translations"]
        }))
        .unwrap();
        let read = NewInitiative::try_from(from_record).unwrap();
        assert_eq!(read.translations, r.translations);
        assert_eq!(
            NewInitiative::try_from(import).unwrap().translations,
            r.translations
        );
    }

    #[test]
    fn without_a_site_the_address_is_site_relative() {
        assert_eq!(PublicRecord::path_of("a-b"), "/initiatives/a-b");
        let published = |r: PublicRecord| PublishedInitiative {
            slug: r.slug,
            text_language: r.text_language,
            translations: r.translations,
            title: r.title,
            summary: r.summary,
            description: r.description,
            city: r.city,
            country: r.country,
            types: r.types,
            commitments: r.commitments,
            activity: r.activity,
            start_date: r.start_date,
            end_date: r.end_date,
            website: r.website,
            contact_email: r.contact_email,
            languages: r.languages,
            source: r.source,
            origin: crate::domain::Origin::Imported,
            published: r.published,
            updated: r.updated,
            confirmed_on: r.published.unwrap(),
        };
        let r = PublicRecord::new(
            "",
            published(record()),
            ConfirmRule::default(),
            record().confirmed_on,
        );
        assert_eq!(r.url, "/initiatives/gdansk-free-trams");
    }

    #[test]
    fn the_import_format_leaves_out_the_address_slug_and_times_and_empty_languages() {
        let mut r = record();
        let import = ImportRecord::from(&r);
        assert_eq!(import.status, "ongoing");
        assert_eq!(import.languages, Some(vec!["uk".to_owned()]));
        assert_eq!(import.start_date.as_deref(), Some("2022-02-26"));
        r.languages.clear();
        assert_eq!(ImportRecord::from(&r).languages, None);
    }
}
