//! What the API answers, as types that describe themselves (`utoipa::ToSchema`), and the
//! OpenAPI 3.1 document generated from them and from the handlers' annotations. Nothing here
//! is written by hand twice: the document is what the code serves.

use crate::domain::{
    Commitment, CountryCode, InitiativeType, PublicRecord, SortOrder, UiLanguage, VersionSource,
    MAX_QUERY_CHARS,
};
use crate::web::public_api::params::{ParameterProblem, DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE};
use serde::Serialize;
use std::borrow::Cow;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, OpenApi, PartialSchema, ToSchema};

/// A string schema that takes exactly `values`.
fn one_of(values: impl IntoIterator<Item = String>, description: &str) -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .enum_values(Some(values))
            .description(Some(description))
            .build(),
    ))
}

/// A parameter type whose schema is the string enum of a domain list, named in the document
/// as the domain names it.
macro_rules! enum_param {
    ($(#[$doc:meta])* $param:ident, $name:literal, $values:expr, $description:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $param;

        impl PartialSchema for $param {
            fn schema() -> RefOr<Schema> {
                one_of($values, $description)
            }
        }

        impl ToSchema for $param {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

enum_param!(
    /// An ISO 3166-1 alpha-2 country code, in capitals (every code the directory knows).
    CountryParam,
    "CountryCode",
    CountryCode::all().map(|c| c.as_str().to_owned()),
    "An ISO 3166-1 alpha-2 country code, in capitals."
);
enum_param!(
    /// A type of initiative.
    TypeParam,
    "InitiativeType",
    InitiativeType::ALL.map(|t| t.slug().to_owned()),
    "A type of initiative."
);
enum_param!(
    /// A commitment of the Declaration on Solidarity with Ukraine, by number.
    CommitmentParam,
    "Commitment",
    Commitment::ALL.map(|c| c.number().to_string()),
    "A commitment of the Declaration on Solidarity with Ukraine, by its number."
);
enum_param!(
    /// The list's order.
    SortParam,
    "SortOrder",
    SortOrder::ALL.map(|s| s.as_str().to_owned()),
    "newest: confirmed, running initiatives first, each state most recently published first \
     (the default); oldest; city: by city, then title."
);

enum_param!(
    /// Where an initiative stands with its city's confirmation (issue 23).
    FreshnessParam,
    "Freshness",
    crate::domain::Freshness::ALL.map(|f| f.as_str().to_owned()),
    "Where the initiative stands with its city's yearly confirmation: confirmed (within the \
     period), due (the period is over, the grace period is not), unconfirmed (past both: shown \
     as not confirmed since confirmed_on), ended (completed)."
);

enum_param!(
    /// The language an initiative's text is written in (its original's).
    TextLanguageParam,
    "TextLanguage",
    UiLanguage::ALL.map(|l| l.as_str().to_owned()),
    "The language the initiative's title, summary and description are written in (its \
     original), by its ISO 639-1 code: en (English), fr (French) or uk (Ukrainian)."
);
enum_param!(
    /// Who made a version of the text in another language than the original's.
    VersionSourceParam,
    "VersionSource",
    VersionSource::ALL
        .into_iter()
        .filter(|s| *s != VersionSource::Original)
        .map(|s| s.as_str().to_owned()),
    "Who made this version: submitter (the city that submitted the initiative), moderator \
     (the network's secretariat) or machine (a machine translation, labelled as such)."
);

/// An object with a key for each language that has a version (`en`, `fr`, `uk`; never the
/// original's language, whose text is the initiative's own), each value a `version` schema,
/// no other key: the shape of Activity Streams' `nameMap`, beside the plain fields.
fn by_language(version: &str, description: &str) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Object))
        .description(Some(description));
    for language in UiLanguage::ALL {
        object = object.property(language.as_str(), Ref::from_schema_name(version));
    }
    RefOr::T(Schema::Object(
        object
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .build(),
    ))
}

/// The versions of an initiative's text in other languages than its original.
#[derive(Debug)]
pub struct TranslationsSchema;

impl PartialSchema for TranslationsSchema {
    fn schema() -> RefOr<Schema> {
        by_language(
            "TextVersion",
            "The versions of the text in the languages other than the original's, keyed by \
             language code (like Activity Streams' nameMap): title, summary and description \
             keep the original's text, in text_language. Empty when there is no version.",
        )
    }
}

impl ToSchema for TranslationsSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Translations")
    }
}

/// The titles and summaries of an initiative's versions, as a list item holds them.
pub struct ItemTranslationsSchema;

impl PartialSchema for ItemTranslationsSchema {
    fn schema() -> RefOr<Schema> {
        by_language(
            "ItemVersion",
            "The title and summary of each version of the text in a language other than the \
             original's, keyed by language code; the whole versions (with description and who \
             made them) are in the initiative at api_url.",
        )
    }
}

impl ToSchema for ItemTranslationsSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ItemTranslations")
    }
}

/// One version of an initiative's text, in another language than its original.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // read by the document only; the record writes the versions
pub struct TextVersion {
    pub title: String,
    pub summary: String,
    /// `null` when the version has no description (the original may have one).
    #[schema(required = true)]
    pub description: Option<String>,
    #[schema(inline)]
    pub source: VersionSourceParam,
    /// Made from an earlier text of the original, which has changed since: possibly out of
    /// date.
    pub outdated: bool,
}

/// The title and summary of one version, as the list holds them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemVersion {
    pub title: String,
    pub summary: String,
    /// Made from an earlier text of the original: possibly out of date.
    pub outdated: bool,
}

/// The filter of the list and of the facets: the list page's own parameters. Several values
/// of one facet are OR'ed, facets are AND'ed.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by the document only; the handlers read the raw query
pub struct FilterParams {
    /// Countries, by ISO 3166-1 alpha-2 code.
    #[param(inline, style = Form, explode)]
    country: Option<Vec<CountryParam>>,
    /// Types of initiative.
    #[param(rename = "type", inline, style = Form, explode)]
    kind: Option<Vec<TypeParam>>,
    /// Commitments of the declaration.
    #[param(inline, style = Form, explode)]
    commitment: Option<Vec<CommitmentParam>>,
    /// Words to search for in titles, summaries, descriptions, cities and countries (accents
    /// and case do not matter).
    #[param(max_length = 200)]
    q: Option<String>,
    /// Where the initiatives stand with their city's confirmation.
    #[param(inline, style = Form, explode)]
    freshness: Option<Vec<FreshnessParam>>,
    #[param(inline)]
    sort: Option<SortParam>,
}

/// Which page of the list, and how long.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by the document only
pub struct PageParams {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
    /// Initiatives per page (20 unless given).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

const _: () = assert!(MAX_PAGE == 100_000 && MAX_PER_PAGE == 100 && DEFAULT_PER_PAGE == 20);
const _: () = assert!(MAX_QUERY_CHARS == 200);

/// One initiative in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct InitiativeItem {
    /// Its name in addresses, stable once published.
    pub slug: String,
    /// Its public page.
    pub url: String,
    /// Its whole record in this API.
    pub api_url: String,
    // Described by its schema (a description here would wrap it in a `oneOf`).
    #[schema(value_type = TextLanguageParam, inline)]
    pub text_language: &'static str,
    /// The original's title, in `text_language`.
    pub title: String,
    /// The original's summary, in `text_language`.
    pub summary: String,
    /// The title and summary in the other languages there is a version in.
    #[schema(value_type = ItemTranslationsSchema)]
    pub translations: std::collections::BTreeMap<&'static str, ItemVersion>,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub types: Vec<String>,
    /// Commitments of the declaration, by number.
    pub commitments: Vec<u8>,
    /// planned, ongoing or completed.
    pub activity: String,
    /// The day it was published, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub published: String,
    /// Its last change, RFC 3339 in UTC.
    #[schema(format = DateTime)]
    pub updated: String,
    /// The day its city last confirmed it, `YYYY-MM-DD` (HSDS's assured_date).
    #[schema(format = Date)]
    pub confirmed_on: String,
    #[schema(value_type = FreshnessParam, inline)]
    pub freshness: &'static str,
}

/// Links to the pages of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    #[schema(rename = "self")]
    pub this: String,
    pub first: String,
    pub last: String,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// A page of the published initiatives a filter selects.
#[derive(Debug, Serialize, ToSchema)]
pub struct InitiativeList {
    /// The filter as a canonical query (without paging): also valid on `/initiatives`.
    pub filter: String,
    /// How many initiatives the filter selects in all.
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    pub items: Vec<InitiativeItem>,
    pub links: PageLinks,
}

// The documented schema of `InitiativeAnswer`, which writes the public record (a test holds
// the two to the same fields). Its doc comment below is the document's description.
/// One published initiative, every public field.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // read by the document only; the answer is `InitiativeAnswer`
pub struct Initiative {
    pub slug: String,
    pub url: String,
    // Described by its schema (a description here would wrap it in a `oneOf`).
    #[schema(inline)]
    pub text_language: TextLanguageParam,
    /// The original's title, in `text_language`.
    pub title: String,
    /// The original's summary, in `text_language`.
    pub summary: String,
    /// The original's description, in `text_language`.
    pub description: Option<String>,
    pub translations: TranslationsSchema,
    pub city: String,
    pub country: String,
    pub types: Vec<String>,
    pub commitments: Vec<u8>,
    pub activity: String,
    #[schema(format = Date)]
    pub start_date: Option<String>,
    #[schema(format = Date)]
    pub end_date: Option<String>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    /// ISO 639-1 codes of the languages it is offered in.
    pub languages: Vec<String>,
    /// Where the information comes from, when it is not the city's own submission.
    pub source: Option<String>,
    #[schema(format = Date)]
    pub published: Option<String>,
    #[schema(format = DateTime)]
    pub updated: String,
    /// The day its city last confirmed it (HSDS's assured_date).
    #[schema(format = Date)]
    pub confirmed_on: String,
    #[schema(inline)]
    pub freshness: FreshnessParam,
}

/// The answer of `GET /api/v1/initiatives/{slug}`: every field of the public record, as its JSON
/// writes them, `slug` first (where v1 has always had it, before `url`). A field added to the
/// record appears here by itself; [`Initiative`] must then document it (a test compares them).
pub struct InitiativeAnswer<'a>(pub &'a PublicRecord);

impl Serialize for InitiativeAnswer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut fields = self.0.fields();
        // A stable sort: `slug` first, the rest in the record's order.
        fields.sort_by_key(|(name, _)| *name != "slug");
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (name, value) in &fields {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// How many initiatives one value of a facet gives, with the other facets as they are.
#[derive(Debug, Serialize, ToSchema)]
pub struct Facet {
    pub value: String,
    /// The value's name in English (countries), else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub count: u32,
    pub selected: bool,
}

/// The counts per country, type and commitment for a filter.
#[derive(Debug, Serialize, ToSchema)]
pub struct Facets {
    pub filter: String,
    pub total: u32,
    pub countries: Vec<Facet>,
    pub types: Vec<Facet>,
    pub commitments: Vec<Facet>,
}

/// An error, as RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The parameter values that could not be used (400 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<ParameterProblem>>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ICC Solidarity Initiatives API",
        version = "1.0.0",
        description = "The published initiatives of the Intercultural Cities network's member \
            cities in solidarity with Ukraine: the list with the directory's filters, one \
            initiative, and the facet counts. Read-only, open to any origin (CORS), answers \
            carry ETag and Last-Modified and honour conditional requests. Errors are RFC 9457 \
            problem details.",
    ),
    paths(crate::web::public_api::list, crate::web::public_api::one, crate::web::public_api::facets, crate::web::public_api::document),
    components(schemas(
        InitiativeList,
        Initiative,
        TextVersion,
        ItemVersion,
        Facets,
        Problem,
        ParameterProblem
    )),
    tags((name = "initiatives", description = "The published directory"))
)]
pub struct ApiDoc;

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's `Initiative` names exactly the fields the answer writes: the public
    /// record's. A field added to the record fails here until the schema documents it.
    #[test]
    fn the_documented_initiative_has_exactly_the_public_records_fields() {
        let document: serde_json::Value =
            serde_json::from_str(&ApiDoc::openapi().to_json().unwrap()).unwrap();
        let properties = document["components"]["schemas"]["Initiative"]["properties"]
            .as_object()
            .expect("the Initiative schema");
        let mut documented: Vec<&str> = properties.keys().map(String::as_str).collect();
        let mut fields = PublicRecord::NAMES.to_vec();
        documented.sort_unstable();
        fields.sort_unstable();
        assert_eq!(documented, fields);
    }

    fn document() -> serde_json::Value {
        serde_json::from_str(&ApiDoc::openapi().to_json().unwrap()).unwrap()
    }

    /// `$ref`s of this document resolved (`#/components/schemas/Name`).
    fn resolve<'a>(
        document: &'a serde_json::Value,
        schema: &'a serde_json::Value,
    ) -> &'a serde_json::Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .expect("a reference into the document's schemas");
                &document["components"]["schemas"][name]
            }
            None => schema,
        }
    }

    /// The languages of the text are documented precisely, so that a client (and schemathesis)
    /// knows every shape the answer takes: `text_language` one of en, fr, uk; `translations`
    /// an object with at most those keys, each a version with every key required, a nullable
    /// description, a source that is never `original` and a boolean `outdated`.
    #[test]
    fn the_text_language_and_the_versions_are_documented_exactly() {
        let document = document();
        let initiative = &document["components"]["schemas"]["Initiative"];
        let properties = &initiative["properties"];
        assert_eq!(
            resolve(&document, &properties["text_language"])["enum"],
            serde_json::json!(["en", "fr", "uk"])
        );
        let required = initiative["required"].as_array().unwrap();
        assert!(required.contains(&"text_language".into()));
        assert!(required.contains(&"translations".into()));
        let translations = resolve(&document, &properties["translations"]);
        assert_eq!(translations["type"], "object");
        assert_eq!(translations["additionalProperties"], false);
        let keys: Vec<&String> = translations["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["en", "fr", "uk"]);
        let version = resolve(&document, &translations["properties"]["uk"]);
        let mut version_required: Vec<&str> = version["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        version_required.sort_unstable();
        assert_eq!(
            version_required,
            ["description", "outdated", "source", "summary", "title"]
        );
        let v = &version["properties"];
        assert_eq!(
            v["description"]["type"],
            serde_json::json!(["string", "null"])
        );
        assert_eq!(v["outdated"]["type"], "boolean");
        assert_eq!(
            resolve(&document, &v["source"])["enum"],
            serde_json::json!(["submitter", "moderator", "machine"])
        );
    }

    /// A list item carries the original's language and its versions' titles and summaries.
    #[test]
    fn a_list_item_documents_its_text_language_and_its_versions_titles() {
        let document = document();
        let item = &document["components"]["schemas"]["InitiativeItem"];
        let properties = &item["properties"];
        assert_eq!(
            resolve(&document, &properties["text_language"])["enum"],
            serde_json::json!(["en", "fr", "uk"])
        );
        let translations = resolve(&document, &properties["translations"]);
        assert_eq!(translations["additionalProperties"], false);
        let version = resolve(&document, &translations["properties"]["fr"]);
        let mut required: Vec<&str> = version["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        required.sort_unstable();
        assert_eq!(required, ["outdated", "summary", "title"]);
    }
}
