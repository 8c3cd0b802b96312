//! A read-only HSDS 3.0 API under `/hsds/` (issue 23): Open Referral's Human Services Data
//! Specification, so other service directories take the published initiatives in their own
//! standard. It follows the specification's API reference (`schema/openapi.json` of
//! `openreferral/specification`, version 3.0): `/` (the version), `/services` (the paginated
//! page object; `page`, `per_page`, `search`, `taxonomy_term_id`, `modified_after`),
//! `/services/{id}` (a fully nested service), `/organizations` and `/organizations/{id}`,
//! `/taxonomies` and `/taxonomy_terms` (with their `{id}`).
//!
//! The mapping (docs/open-data.md): an initiative is a service; its city's administration is
//! the organization; the city is its service area; its types and the Declaration's commitments
//! are terms of two taxonomies, linked by attributes; the languages of its text are its
//! languages; `assured_date` is the day its city last confirmed it; `status` follows the
//! activity (planned → `inactive`, ongoing → `active`, completed → `defunct`). Only published,
//! public fields. Ids are name-based UUIDs (version 5, RFC 9562) of a fixed namespace and the
//! initiative's slug — its permanent public name — so they never change across restarts,
//! exports and instances. The same limits, CORS, ETag and problem answers as `/api/v1`.

use crate::components::labels::{commitment_name, type_name};
use crate::domain::{Commitment, InitiativeType, ListFilter, PublishedInitiative, UiLanguage};
use crate::i18n::Locale;
use crate::server::state::AppState;
use crate::server::store::initiatives::published_by_slug;
use crate::web::public_api::params::ParameterProblem;
use crate::web::public_api::{fresh, gate, origin_of, problem, unavailable};
use axum::{
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::get,
    Router,
};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// Where the HSDS API lives.
pub const PREFIX: &str = "/hsds";
/// The HSDS version these answers follow.
pub const HSDS_VERSION: &str = "3.0";
/// The specification's own API reference, which these answers follow.
const OPENAPI_URL: &str =
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
const PROFILE_URL: &str = "https://docs.openreferral.org/en/v3.0/";
/// The namespace of every id (a fixed random UUID, never to change).
const NAMESPACE: [u8; 16] = [
    0x5c, 0x1f, 0x0e, 0x6a, 0x93, 0x2d, 0x4b, 0x7e, 0xa1, 0x6c, 0x3f, 0x08, 0xd2, 0x47, 0xb9, 0x15,
];
/// At most this many per page; 20 when not asked.
const MAX_PER_PAGE: u32 = 100;
const DEFAULT_PER_PAGE: u32 = 20;

/// The HSDS routes, nested under [`PREFIX`].
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/services", get(services))
        .route("/services/{id}", get(service))
        .route("/organizations", get(organizations))
        .route("/organizations/{id}", get(organization))
        .route("/taxonomies", get(taxonomies))
        .route("/taxonomies/{id}", get(taxonomy))
        .route("/taxonomy_terms", get(taxonomy_terms))
        .route("/taxonomy_terms/{id}", get(taxonomy_term))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state, gate))
}

/// A name-based UUID (version 5, SHA-1) of `name` in the fixed namespace.
pub fn uuid_of(name: &str) -> String {
    use sha1::{Digest, Sha1};
    let digest = Sha1::new()
        .chain_update(NAMESPACE)
        .chain_update(name.as_bytes())
        .finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = data_encoding::HEXLOWER.encode(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The id of an initiative's service.
pub fn service_id(slug: &str) -> String {
    uuid_of(&format!("service:{slug}"))
}

/// The id of a city's administration: one per country and city (compared folded, so
/// `Krakow` and `Kraków` are one).
fn organization_id(country: &str, city: &str) -> String {
    uuid_of(&format!(
        "organization:{country}:{}",
        crate::server::directory::text::fold(city.trim())
    ))
}

fn types_taxonomy_id() -> String {
    uuid_of("taxonomy:types")
}

fn commitments_taxonomy_id() -> String {
    uuid_of("taxonomy:commitments")
}

fn type_term_id(t: InitiativeType) -> String {
    uuid_of(&format!("taxonomy_term:type:{}", t.slug()))
}

fn commitment_term_id(c: Commitment) -> String {
    uuid_of(&format!("taxonomy_term:commitment:{}", c.number()))
}

fn taxonomy_values(origin: &str) -> [Value; 2] {
    [
        json!({
            "id": types_taxonomy_id(),
            "name": "ICC solidarity initiative types",
            "description": "What a city's initiative in solidarity with Ukraine does, as the directory of the Intercultural Cities network classifies it.",
            "uri": format!("{origin}/initiatives"),
            "version": "1",
        }),
        json!({
            "id": commitments_taxonomy_id(),
            "name": "ICC Declaration on Solidarity with Ukraine: commitments",
            "description": "The five commitments of the Declaration the mayors of the Intercultural Cities network adopted on 4 March 2022.",
            "uri": format!("{origin}/declaration"),
            "version": "1",
        }),
    ]
}

fn type_term(origin: &str, t: InitiativeType) -> Value {
    json!({
        "id": type_term_id(t),
        "code": t.slug(),
        "name": type_name(Locale::en, t),
        "description": type_name(Locale::en, t),
        "parent_id": null,
        "taxonomy": "ICC solidarity initiative types",
        "language": "en",
        "taxonomy_id": types_taxonomy_id(),
        "term_uri": format!("{origin}/initiatives?type={}", t.slug()),
    })
}

fn commitment_term(origin: &str, c: Commitment) -> Value {
    json!({
        "id": commitment_term_id(c),
        "code": c.number().to_string(),
        "name": format!("Commitment {}", c.number()),
        "description": commitment_name(Locale::en, c),
        "parent_id": null,
        "taxonomy": "ICC Declaration on Solidarity with Ukraine: commitments",
        "language": "en",
        "taxonomy_id": commitments_taxonomy_id(),
        "term_uri": format!("{origin}/initiatives?commitment={}", c.number()),
    })
}

/// Every term of both taxonomies.
fn all_terms(origin: &str) -> Vec<Value> {
    InitiativeType::ALL
        .into_iter()
        .map(|t| type_term(origin, t))
        .chain(
            Commitment::ALL
                .into_iter()
                .map(|c| commitment_term(origin, c)),
        )
        .collect()
}

/// The organization of a city: its administration.
fn organization_value(country: crate::domain::CountryCode, city: &str) -> Value {
    let country_name = country.name(UiLanguage::En);
    json!({
        "id": organization_id(country.as_str(), city),
        "name": format!("{city} city administration"),
        "description": format!("The administration of {city} ({country_name}), a city of the Intercultural Cities network, which runs the initiatives listed under it."),
    })
}

/// HSDS's status of an initiative's activity.
fn status(activity: crate::domain::ActivityStatus) -> &'static str {
    match activity {
        crate::domain::ActivityStatus::Planned => "inactive",
        crate::domain::ActivityStatus::Ongoing => "active",
        crate::domain::ActivityStatus::Completed => "defunct",
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn language_name(l: UiLanguage) -> &'static str {
    match l {
        UiLanguage::En => "English",
        UiLanguage::Fr => "French",
        UiLanguage::Uk => "Ukrainian",
    }
}

/// A service as the list gives it: its one-to-one fields and its organization.
fn listed_service(origin: &str, l: &crate::server::directory::Listed) -> Value {
    let card = &l.card;
    let id = service_id(&card.slug);
    json!({
        "id": id,
        "organization_id": organization_id(card.country.as_str(), &card.city),
        "name": card.title,
        "alternate_name": null,
        "description": card.summary,
        "url": format!("{origin}/initiatives/{}", card.slug),
        "email": null,
        "status": status(card.activity),
        "assured_date": card.confirmed_on,
        "last_modified": rfc3339(l.updated),
        "organization": organization_value(card.country, &card.city),
    })
}

/// A fully nested service.
fn full_service(origin: &str, i: &PublishedInitiative, updated: &str) -> Value {
    let id = service_id(&i.slug);
    let description = match &i.description {
        Some(d) => format!("{}\n\n{d}", i.summary),
        None => i.summary.clone(),
    };
    let mut languages = vec![i.text_language];
    languages.extend(i.translations.iter().map(|t| t.language));
    let attributes: Vec<Value> = i
        .types
        .iter()
        .map(|&t| (type_term_id(t), type_term(origin, t)))
        .chain(
            i.commitments
                .iter()
                .map(|&c| (commitment_term_id(c), commitment_term(origin, c))),
        )
        .map(|(term_id, term)| {
            json!({
                "id": uuid_of(&format!("attribute:{}:{term_id}", i.slug)),
                "link_id": id,
                "taxonomy_term_id": term_id,
                "link_type": "service",
                "link_entity": "service",
                "value": null,
                "taxonomy_term": term,
            })
        })
        .collect();
    json!({
        "id": id,
        "organization_id": organization_id(i.country.as_str(), &i.city),
        "program_id": null,
        "name": i.title,
        "alternate_name": null,
        "description": description,
        "url": i.website.clone().unwrap_or_else(|| format!("{origin}/initiatives/{}", i.slug)),
        "email": i.contact_email,
        "status": status(i.activity),
        "assured_date": i.confirmed_on.to_string(),
        "last_modified": updated,
        "phones": [],
        "schedules": [],
        "service_areas": [{
            "id": uuid_of(&format!("service_area:{}", i.slug)),
            "service_id": id,
            "name": i.city,
            "description": format!("{}, {}", i.city, i.country.name(UiLanguage::En)),
        }],
        "service_at_locations": [],
        "languages": languages.iter().map(|&l| json!({
            "id": uuid_of(&format!("language:{}:{}", i.slug, l.as_str())),
            "service_id": id,
            "name": language_name(l),
            "code": l.as_str(),
        })).collect::<Vec<_>>(),
        "organization": organization_value(i.country, &i.city),
        "funding": [],
        "cost_options": [],
        "required_documents": [],
        "contacts": [],
        "attributes": attributes,
        "metadata": [],
    })
}

/// HSDS's page object around `contents`.
fn page_of(contents: Vec<Value>, total: usize, page: u32, per_page: u32) -> Value {
    let total_pages = u32::try_from(total.div_ceil(per_page as usize))
        .unwrap_or(u32::MAX)
        .max(1);
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

fn bad(parameter: &str, value: &str, message: String) -> ParameterProblem {
    ParameterProblem {
        parameter: parameter.to_owned(),
        value: crate::domain::echo(value, 40),
        message,
    }
}

fn refused(problems: Vec<ParameterProblem>) -> Response {
    let detail = match problems.len() {
        1 => "A parameter value cannot be used.".to_owned(),
        n => format!("{n} parameter values cannot be used."),
    };
    problem(StatusCode::BAD_REQUEST, detail, problems)
}

/// What a list asks for: its page, and for services the filter and the time.
struct Asked {
    page: u32,
    per_page: u32,
    search: String,
    term: Option<String>,
    modified_after: Option<DateTime<Utc>>,
}

/// Reads a list's query; `services` takes the filters too. Every value that cannot be used is
/// named in a 400 problem; parameters HSDS defines that this API does not serve
/// (`format=ndjson`, `postcode`…) are refused by name rather than ignored.
fn read_query(query: &str, services: bool) -> Result<Asked, Vec<ParameterProblem>> {
    let mut asked = Asked {
        page: 1,
        per_page: DEFAULT_PER_PAGE,
        search: String::new(),
        term: None,
        modified_after: None,
    };
    let mut problems = Vec::new();
    let whole = |v: &str, max: u32| -> Option<u32> {
        let n: u32 = v.parse().ok()?;
        (n.to_string() == v && (1..=max).contains(&n)).then_some(n)
    };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (
            crate::domain::percent_decode(k),
            crate::domain::percent_decode(v),
        );
        match k.as_str() {
            "page" => match whole(&v, 100_000) {
                Some(n) => asked.page = n,
                None => problems.push(bad(
                    &k,
                    &v,
                    format!("\"{v}\" is not a page number (1 to 100000)"),
                )),
            },
            "per_page" => match whole(&v, MAX_PER_PAGE) {
                Some(n) => asked.per_page = n,
                None => problems.push(bad(
                    &k,
                    &v,
                    format!("\"{v}\" is not a number per page (1 to {MAX_PER_PAGE})"),
                )),
            },
            "search" => {
                if v.chars().count() > crate::domain::MAX_QUERY_CHARS {
                    problems.push(bad(
                        &k,
                        &v,
                        "the search text is longer than 200 characters".to_owned(),
                    ));
                } else {
                    asked.search = v;
                }
            }
            "format" if v == "json" => {}
            "taxonomy_term_id" if services => {
                if all_terms("").iter().any(|t| t["id"] == v.as_str()) {
                    asked.term = Some(v);
                } else {
                    problems.push(bad(
                        &k,
                        &v,
                        format!("\"{v}\" is not the id of a taxonomy term of this directory"),
                    ));
                }
            }
            "modified_after" if services => {
                let at = DateTime::parse_from_rfc3339(&v)
                    .map(|d| d.with_timezone(&Utc))
                    .ok()
                    .or_else(|| {
                        chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                            .ok()
                            .and_then(|d| d.and_hms_opt(0, 0, 0))
                            .map(|d| d.and_utc())
                    });
                match at {
                    Some(at) => asked.modified_after = Some(at),
                    None => problems.push(bad(&k, &v, format!("\"{v}\" is not a date-time (RFC 3339, such as 2026-03-03T00:00:00Z) or a date"))),
                }
            }
            "lang" => {}
            other => problems.push(bad(
                other,
                &v,
                format!("\"{other}\" is not a parameter this endpoint takes"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(asked)
    } else {
        Err(problems)
    }
}

/// `GET /hsds/`: which HSDS version this API follows.
pub async fn version(headers: HeaderMap) -> Response {
    let body = json!({
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": OPENAPI_URL,
    });
    fresh(&headers, body.to_string(), None)
}

/// `GET /hsds/services`: the published initiatives as services, a page at a time.
pub async fn services(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let asked = match read_query(query.as_deref().unwrap_or_default(), true) {
        Ok(a) => a,
        Err(problems) => return refused(problems),
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    let mut filter = ListFilter {
        q: asked.search.clone(),
        page: 1,
        ..ListFilter::default()
    };
    if let Some(term) = &asked.term {
        if let Some(t) = InitiativeType::ALL
            .into_iter()
            .find(|t| &type_term_id(*t) == term)
        {
            filter.types.push(t);
        }
        if let Some(c) = Commitment::ALL
            .into_iter()
            .find(|c| &commitment_term_id(*c) == term)
        {
            filter.commitments.push(c);
        }
    }
    let snapshot = state.directory.snapshot();
    let (total, listed) = snapshot.page_since(
        &filter,
        asked.modified_after,
        asked.page,
        asked.per_page as usize,
    );
    let contents = listed.iter().map(|l| listed_service(&origin, l)).collect();
    let body = page_of(contents, total, asked.page, asked.per_page);
    fresh(&headers, body.to_string(), snapshot.changed())
}

/// `GET /hsds/services/{id}`: one fully nested service.
pub async fn service(
    State(state): State<AppState>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(id)) = id else {
        return missing("service", "");
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    let snapshot = state.directory.snapshot();
    let Some(slug) = snapshot
        .pages()
        .map(|(slug, _)| slug)
        .find(|slug| service_id(slug) == id)
        .map(str::to_owned)
    else {
        return missing("service", &id);
    };
    match published_by_slug(&state.db, &slug).await {
        Ok(Some(found)) => {
            let changed = DateTime::parse_from_rfc3339(&found.updated.to_string())
                .ok()
                .map(|d| d.with_timezone(&Utc));
            let updated = changed.map(rfc3339).unwrap_or_default();
            let body = full_service(&origin, &found, &updated);
            fresh(&headers, body.to_string(), changed)
        }
        Ok(None) => missing("service", &id),
        Err(e) => {
            tracing::error!("the HSDS API could not read an initiative: {e}");
            unavailable()
        }
    }
}

/// The organizations (cities' administrations) with published initiatives, by name.
fn all_organizations(state: &AppState) -> Vec<(String, Value, Vec<(String, String)>)> {
    let snapshot = state.directory.snapshot();
    let mut by_id: std::collections::BTreeMap<String, (Value, Vec<(String, String)>)> =
        std::collections::BTreeMap::new();
    let (_, listed) = snapshot.page_since(&ListFilter::default(), None, 1, usize::MAX);
    for l in &listed {
        let card = &l.card;
        let id = organization_id(card.country.as_str(), &card.city);
        by_id
            .entry(id)
            .or_insert_with(|| (organization_value(card.country, &card.city), Vec::new()))
            .1
            .push((service_id(&card.slug), card.title.clone()));
    }
    let mut all: Vec<_> = by_id
        .into_iter()
        .map(|(id, (value, services))| (id, value, services))
        .collect();
    all.sort_by(|a, b| a.1["name"].as_str().cmp(&b.1["name"].as_str()));
    all
}

/// `GET /hsds/organizations`.
pub async fn organizations(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let asked = match read_query(query.as_deref().unwrap_or_default(), false) {
        Ok(a) => a,
        Err(problems) => return refused(problems),
    };
    let needle = crate::server::directory::text::fold(&asked.search);
    let all: Vec<Value> = all_organizations(&state)
        .into_iter()
        .map(|(_, v, _)| v)
        .filter(|v| {
            needle.is_empty()
                || crate::server::directory::text::fold(v["name"].as_str().unwrap_or_default())
                    .contains(&needle)
        })
        .collect();
    let total = all.len();
    let skip = (asked.page as usize - 1) * asked.per_page as usize;
    let contents = all
        .into_iter()
        .skip(skip)
        .take(asked.per_page as usize)
        .collect();
    let body = page_of(contents, total, asked.page, asked.per_page);
    fresh(
        &headers,
        body.to_string(),
        state.directory.snapshot().changed(),
    )
}

/// `GET /hsds/organizations/{id}`: with its services (id, name, status).
pub async fn organization(
    State(state): State<AppState>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(id)) = id else {
        return missing("organization", "");
    };
    let snapshot = state.directory.snapshot();
    let found = all_organizations(&state)
        .into_iter()
        .find(|(oid, _, _)| *oid == id);
    let Some((_, mut value, services)) = found else {
        return missing("organization", &id);
    };
    value["services"] = Value::Array(
        services
            .into_iter()
            .map(|(sid, name)| json!({"id": sid, "name": name, "status": "active"}))
            .collect(),
    );
    for key in [
        "funding",
        "contacts",
        "phones",
        "locations",
        "programs",
        "organization_identifiers",
        "attributes",
        "metadata",
    ] {
        value[key] = json!([]);
    }
    fresh(&headers, value.to_string(), snapshot.changed())
}

/// `GET /hsds/taxonomies`.
pub async fn taxonomies(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let asked = match read_query(query.as_deref().unwrap_or_default(), false) {
        Ok(a) => a,
        Err(problems) => return refused(problems),
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    listing(&headers, taxonomy_values(&origin).to_vec(), &asked)
}

/// `GET /hsds/taxonomies/{id}`.
pub async fn taxonomy(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    match taxonomy_values(&origin)
        .into_iter()
        .find(|t| t["id"] == id.as_str())
    {
        Some(t) => fresh(&headers, t.to_string(), None),
        None => missing("taxonomy", &id),
    }
}

/// `GET /hsds/taxonomy_terms`.
pub async fn taxonomy_terms(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    // `taxonomy_id` narrows to one taxonomy; read before the shared parameters.
    let raw = query.unwrap_or_default();
    let mut taxonomy = None;
    let rest: Vec<&str> = raw
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some(("taxonomy_id", v)) => {
                taxonomy = Some(crate::domain::percent_decode(v));
                false
            }
            _ => true,
        })
        .collect();
    let asked = match read_query(&rest.join("&"), false) {
        Ok(a) => a,
        Err(problems) => return refused(problems),
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    if let Some(t) = &taxonomy {
        if *t != types_taxonomy_id() && *t != commitments_taxonomy_id() {
            return refused(vec![bad(
                "taxonomy_id",
                t,
                format!("\"{t}\" is not the id of a taxonomy of this directory"),
            )]);
        }
    }
    let terms = all_terms(&origin)
        .into_iter()
        .filter(|term| {
            taxonomy
                .as_ref()
                .is_none_or(|t| term["taxonomy_id"] == t.as_str())
        })
        .collect();
    listing(&headers, terms, &asked)
}

/// `GET /hsds/taxonomy_terms/{id}`.
pub async fn taxonomy_term(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o.to_string(),
        Err(refusal) => return refusal,
    };
    match all_terms(&origin)
        .into_iter()
        .find(|t| t["id"] == id.as_str())
    {
        Some(t) => fresh(&headers, t.to_string(), None),
        None => missing("taxonomy term", &id),
    }
}

/// A page of a short fixed list, searched by name.
fn listing(headers: &HeaderMap, all: Vec<Value>, asked: &Asked) -> Response {
    let needle = crate::server::directory::text::fold(&asked.search);
    let all: Vec<Value> = all
        .into_iter()
        .filter(|v| {
            needle.is_empty()
                || crate::server::directory::text::fold(v["name"].as_str().unwrap_or_default())
                    .contains(&needle)
        })
        .collect();
    let total = all.len();
    let skip = (asked.page as usize - 1) * asked.per_page as usize;
    let contents = all
        .into_iter()
        .skip(skip)
        .take(asked.per_page as usize)
        .collect();
    fresh(
        headers,
        page_of(contents, total, asked.page, asked.per_page).to_string(),
        None,
    )
}

fn missing(what: &str, id: &str) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!(
            "No published {what} has the id \"{}\".",
            crate::domain::echo(id, 60)
        ),
        Vec::new(),
    )
}

async fn not_found(request: axum::extract::Request) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!(
            "There is nothing at {} in the HSDS API: see {PREFIX}/ and the endpoints of HSDS 3.0.",
            crate::domain::echo(request.uri().path(), 80)
        ),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_5_uuids_that_depend_only_on_the_name() {
        let a = service_id("gdansk-free-trams");
        assert_eq!(a, service_id("gdansk-free-trams"));
        assert_ne!(a, service_id("gdansk-free-trams-2"));
        assert_eq!(a.len(), 36);
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('5'), "version 5: {a}");
        assert!(
            matches!(&parts[3][..1], "8" | "9" | "a" | "b"),
            "RFC variant: {a}"
        );
        assert_eq!(
            organization_id("PL", "Krakow"),
            organization_id("PL", "Kraków"),
            "one administration per city, however written"
        );
    }

    #[test]
    fn the_activity_maps_to_hsds_status() {
        use crate::domain::ActivityStatus as A;
        assert_eq!(
            [A::Planned, A::Ongoing, A::Completed].map(status),
            ["inactive", "active", "defunct"]
        );
    }

    #[test]
    fn a_query_names_every_value_it_cannot_use() {
        let problems = read_query(
            "page=0&per_page=500&taxonomy_term_id=x&modified_after=yesterday&postcode=1000",
            true,
        )
        .err()
        .unwrap();
        let names: Vec<&str> = problems.iter().map(|p| p.parameter.as_str()).collect();
        assert_eq!(
            names,
            [
                "page",
                "per_page",
                "taxonomy_term_id",
                "modified_after",
                "postcode"
            ]
        );
        let ok = read_query(
            &format!(
                "page=2&per_page=5&search=trams&taxonomy_term_id={}&modified_after=2026-03-03",
                type_term_id(InitiativeType::Transport)
            ),
            true,
        )
        .ok()
        .unwrap();
        assert_eq!((ok.page, ok.per_page, ok.search.as_str()), (2, 5, "trams"));
        assert!(ok.term.is_some() && ok.modified_after.is_some());
    }
}
