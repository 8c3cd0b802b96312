//! The public JSON API, `/api/v1/`: the published list with the directory's filters and
//! paging, one initiative by slug, and the facet counts — the stable contract for other
//! services. The server functions the pages call stay private to the pages and may change
//! with them; this does not, within `v1`.
//!
//! Every answer is JSON, open to any origin for `GET` (CORS), cacheable for a minute, with an
//! `ETag` and a `Last-Modified` that conditional requests are answered against (304). Errors are
//! RFC 9457 problem details in the words the exports use. Each client has a budget of requests
//! per minute (`ICC_API_REQUESTS_PER_MINUTE`), past which it gets 429 with `Retry-After`.
//! The OpenAPI 3.1 document (`/api/v1/openapi.json`) is generated from this code (`schema`).
//!
//! The text in three languages (issue 17) was added without changing what v1's fields mean:
//! `title`, `summary` and `description` stay the original's text; `text_language` names its
//! language and `translations` maps each other language to its version (Activity Streams'
//! `nameMap` beside `name`). A list item holds what the directory's cards hold of them: each
//! version's title, summary and whether it is out of date.

pub mod params;
pub mod schema;

use crate::domain::{ListFilter, PublicRecord, UiLanguage};
use crate::server::accounts::guard::{site_origin, Limit, WebOrigin};
use crate::server::state::AppState;
use crate::server::store::initiatives::published_by_slug;
use axum::{
    extract::{ConnectInfo, Path, RawQuery, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::{DateTime, Utc};
use params::{parse, ApiQuery, Paging, ParameterProblem};
use schema::{
    Facet, Facets, Initiative, InitiativeAnswer, InitiativeItem, InitiativeList, ItemVersion,
    PageLinks, Problem,
};
use std::net::SocketAddr;
use utoipa::OpenApi;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";
/// Every address under it: read-only, whatever the method.
pub const READ_ONLY_PREFIX: &str = crate::wire::PUBLIC_API_PREFIX;
const JSON: &str = "application/json";
const PROBLEM_JSON: &str = "application/problem+json";

/// The API's routes, to be nested under [`PREFIX`].
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/initiatives", get(list))
        .route("/initiatives/{slug}", get(one))
        .route("/facets", get(facets))
        .route("/openapi.json", get(document))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state, gate))
}

/// An RFC 9457 answer.
pub(crate) fn problem(
    status: StatusCode,
    detail: String,
    problems: Vec<ParameterProblem>,
) -> Response {
    let body = Problem {
        kind: "about:blank".to_owned(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        problems: (!problems.is_empty()).then_some(problems),
    };
    (
        status,
        [
            (header::CONTENT_TYPE, PROBLEM_JSON),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response()
}

fn refused(problems: Vec<ParameterProblem>) -> Response {
    let detail = match problems.len() {
        1 => "A parameter value cannot be used.".to_owned(),
        n => format!("{n} parameter values cannot be used."),
    };
    problem(StatusCode::BAD_REQUEST, detail, problems)
}

pub(crate) fn unavailable() -> Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "The initiatives cannot be read just now. Please try again in a moment.".to_owned(),
        Vec::new(),
    )
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whether an `If-None-Match` list names `etag` (weak comparison, as for `GET`).
fn names_etag(list: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    list.split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The answer to a `GET` that found what it asked for: JSON with its validators, or 304 when
/// the client's copy is still this one. `If-None-Match` wins over `If-Modified-Since`, as RFC
/// 9110 says.
pub(crate) fn fresh(request: &HeaderMap, body: String, changed: Option<DateTime<Utc>>) -> Response {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body.as_bytes());
    let etag = format!("W/\"{}\"", data_encoding::HEXLOWER.encode(&digest[..12]));
    let last_modified = changed.map(http_date);
    let not_modified = match request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(list) => names_etag(list, &etag),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .zip(changed)
            .is_some_and(|(since, changed)| changed.timestamp() <= since.timestamp()),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, JSON)], body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(v) = last_modified.and_then(|d| HeaderValue::from_str(&d).ok()) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

/// CORS for `GET` from anywhere, and each client's budget of requests.
/// The CORS headers every answer of the API carries.
fn cors(response: &mut Response) {
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Last-Modified, Retry-After"),
    );
}

/// The API's root addresses (`/api/v1`, `/api/v1/`), which the nested router does not reach:
/// a problem with CORS, like every other address under the prefix.
pub async fn root(request: Request) -> Response {
    let mut response = not_found(request).await;
    cors(&mut response);
    response
}

pub(crate) async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        // A preflight: only GET (and HEAD) are offered, with the validators' headers.
        let mut response = StatusCode::NO_CONTENT.into_response();
        cors(&mut response);
        let h = response.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("If-None-Match, If-Modified-Since, Accept-Language"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        h.insert(
            header::ALLOW,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
        return response;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = state.guard.client(request.headers(), peer);
    let mut response = match state
        .limiter
        .admit(&state.guard, Limit::ApiRequest, &client)
        .await
    {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = problem(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "This client has made {} requests in the last minute, the most the API \
                     answers. Please wait {seconds} s.",
                    state.guard.api_requests_per_minute
                ),
                Vec::new(),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            response
        }
    };
    cors(&mut response);
    response
}

pub(crate) fn origin_of(state: &AppState, headers: &HeaderMap) -> Result<WebOrigin, Response> {
    site_origin(&state.guard, headers).ok_or_else(|| {
        problem(
            StatusCode::BAD_REQUEST,
            "The request names no host this site answers for.".to_owned(),
            Vec::new(),
        )
    })
}

fn page_url(origin: &WebOrigin, path: &str, query: &str) -> String {
    if query.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query}")
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The list's address for `page`, with the filter and the page length.
fn list_url(origin: &WebOrigin, filter: &ListFilter, page: u32, per_page: u32) -> String {
    let mut query = filter.with_page(1).to_query();
    for (key, value, default) in [("page", page, 1), ("per_page", per_page, 20)] {
        if value != default {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&format!("{key}={value}"));
        }
    }
    page_url(origin, &format!("{PREFIX}/initiatives"), &query)
}

/// The published initiatives the filter selects, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives",
    tag = "initiatives",
    operation_id = "listInitiatives",
    params(schema::FilterParams, schema::PageParams),
    responses(
        (status = 200, description = "A page of the initiatives the filter selects", body = InitiativeList,
         headers(("ETag" = String), ("Last-Modified" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy (`If-None-Match`, `If-Modified-Since`) is current"),
        (status = 400, description = "A parameter value cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this client in the last minute", body = Problem, content_type = "application/problem+json",
         headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ApiQuery {
        filter,
        page,
        per_page,
    } = match parse(query.as_deref().unwrap_or_default(), Paging::Pages) {
        Ok(q) => q,
        Err(problems) => return refused(problems),
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o,
        Err(refusal) => return refusal,
    };
    let snapshot = state.directory.snapshot();
    let (total, listed) = snapshot.page_of(&filter, page, per_page as usize);
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    let pages = total.div_ceil(per_page).max(1);
    let items = listed
        .into_iter()
        .map(|l| InitiativeItem {
            url: format!("{origin}{}", PublicRecord::path_of(&l.card.slug)),
            api_url: format!("{origin}{PREFIX}/initiatives/{}", l.card.slug),
            slug: l.card.slug,
            text_language: l.card.text_language.as_str(),
            title: l.card.title,
            summary: l.card.summary,
            translations: l
                .card
                .translations
                .into_iter()
                .map(|v| {
                    (
                        v.language.as_str(),
                        ItemVersion {
                            title: v.title,
                            summary: v.summary,
                            outdated: v.outdated,
                        },
                    )
                })
                .collect(),
            city: l.card.city,
            country: l.card.country.as_str().to_owned(),
            types: l.card.types.iter().map(|t| t.slug().to_owned()).collect(),
            commitments: l.commitments.iter().map(|c| c.number()).collect(),
            activity: l.card.activity.as_str().to_owned(),
            published: l.card.published,
            updated: rfc3339(l.updated),
            confirmed_on: l.card.confirmed_on,
            freshness: l.card.freshness.as_str(),
        })
        .collect();
    let answer = InitiativeList {
        filter: filter.with_page(1).to_query(),
        total,
        page,
        per_page,
        pages,
        items,
        links: PageLinks {
            this: list_url(&origin, &filter, page, per_page),
            first: list_url(&origin, &filter, 1, per_page),
            last: list_url(&origin, &filter, pages, per_page),
            prev: (page > 1).then(|| list_url(&origin, &filter, (page - 1).min(pages), per_page)),
            next: (page < pages).then(|| list_url(&origin, &filter, page + 1, per_page)),
        },
    };
    fresh(
        &headers,
        serde_json::to_string(&answer).unwrap_or_default(),
        snapshot.changed(),
    )
}

/// One published initiative, every public field.
#[utoipa::path(
    get,
    path = "/api/v1/initiatives/{slug}",
    tag = "initiatives",
    operation_id = "getInitiative",
    params(("slug" = String, Path, description = "The initiative's slug, as in its public address")),
    responses(
        (status = 200, description = "The initiative", body = Initiative,
         headers(("ETag" = String), ("Last-Modified" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current"),
        (status = 404, description = "No published initiative has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this client in the last minute", body = Problem, content_type = "application/problem+json",
         headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    slug: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
) -> Response {
    // A slug that is not UTF-8 text (`%FF`) names no initiative: a problem, like any other.
    let Ok(Path(slug)) = slug else {
        return problem(
            StatusCode::NOT_FOUND,
            "No published initiative has this slug: it is not UTF-8 text.".to_owned(),
            Vec::new(),
        );
    };
    let origin = match origin_of(&state, &headers) {
        Ok(o) => o,
        Err(refusal) => return refusal,
    };
    match published_by_slug(&state.db, &slug).await {
        Ok(Some(found)) => {
            let changed = DateTime::parse_from_rfc3339(&found.updated.to_string())
                .ok()
                .map(|d| d.with_timezone(&Utc));
            let clock = state.directory.clock();
            let record = PublicRecord::new(&origin.to_string(), found, clock.rule, clock.today);
            let body = serde_json::to_string(&InitiativeAnswer(&record)).unwrap_or_default();
            fresh(&headers, body, changed)
        }
        Ok(None) => problem(
            StatusCode::NOT_FOUND,
            format!(
                "No published initiative has the slug \"{}\".",
                crate::domain::echo(&slug, 60)
            ),
            Vec::new(),
        ),
        Err(e) => {
            tracing::error!("the API could not read an initiative: {e}");
            unavailable()
        }
    }
}

/// How many initiatives each country, type and commitment gives for a filter (each facet's
/// counts leave its own choice out, as the list page's filter panel shows them).
#[utoipa::path(
    get,
    path = "/api/v1/facets",
    tag = "initiatives",
    operation_id = "facetCounts",
    params(schema::FilterParams),
    responses(
        (status = 200, description = "The counts", body = Facets,
         headers(("ETag" = String), ("Last-Modified" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current"),
        (status = 400, description = "A parameter value cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this client in the last minute", body = Problem, content_type = "application/problem+json",
         headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let filter = match parse(query.as_deref().unwrap_or_default(), Paging::None) {
        Ok(q) => q.filter,
        Err(problems) => return refused(problems),
    };
    let snapshot = state.directory.snapshot();
    let page = snapshot.list(filter.with_page(1), Vec::new());
    let answer = Facets {
        filter: filter.with_page(1).to_query(),
        total: page.total,
        countries: page
            .countries
            .iter()
            .map(|f| Facet {
                value: f.value.as_str().to_owned(),
                name: Some(f.value.name(UiLanguage::En).to_owned()),
                count: f.count,
                selected: f.selected,
            })
            .collect(),
        types: page
            .types
            .iter()
            .map(|f| Facet {
                value: f.value.slug().to_owned(),
                name: None,
                count: f.count,
                selected: f.selected,
            })
            .collect(),
        commitments: page
            .commitments
            .iter()
            .map(|f| Facet {
                value: f.value.number().to_string(),
                name: None,
                count: f.count,
                selected: f.selected,
            })
            .collect(),
    };
    fresh(
        &headers,
        serde_json::to_string(&answer).unwrap_or_default(),
        snapshot.changed(),
    )
}

/// The OpenAPI 3.1 document of this API, generated from the code once per process.
pub fn openapi_json() -> &'static str {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| {
        schema::ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_default()
    })
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "initiatives",
    operation_id = "openApiDocument",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object,
         headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current"),
    )
)]
pub async fn document(headers: HeaderMap) -> Response {
    fresh(&headers, openapi_json().to_owned(), None)
}

/// The endpoints as the reference page lists them, read from the generated document, each
/// with an address to try (`slug`: a published initiative's, for the one-initiative example).
pub fn reference(slug: Option<&str>) -> Vec<crate::wire::types::ApiEndpoint> {
    let document: serde_json::Value = serde_json::from_str(openapi_json()).unwrap_or_default();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let Some(paths) = document["paths"].as_object() else {
        return Vec::new();
    };
    paths
        .iter()
        .filter_map(|(path, item)| {
            let operation = &item["get"];
            operation.as_object()?;
            let parameters = operation["parameters"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|p| (text(&p["name"]), text(&p["in"]), text(&p["description"])))
                        .collect()
                })
                .unwrap_or_default();
            let example = match path.as_str() {
                "/api/v1/initiatives" => {
                    "/api/v1/initiatives?country=PL&type=housing&per_page=5".to_owned()
                }
                "/api/v1/initiatives/{slug}" => {
                    format!("/api/v1/initiatives/{}", slug.unwrap_or("an-initiative"))
                }
                "/api/v1/facets" => "/api/v1/facets?commitment=2".to_owned(),
                other => other.to_owned(),
            };
            Some(crate::wire::types::ApiEndpoint {
                method: "GET".to_owned(),
                path: path.clone(),
                summary: text(&operation["summary"]),
                description: text(&operation["description"]),
                parameters,
                example,
            })
        })
        .collect()
}

async fn not_found(request: Request) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!(
            "The API has no {}. See /api for what it offers.",
            crate::domain::echo(request.uri().path(), 80)
        ),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_list_matches_weakly_or_by_star() {
        assert!(names_etag("W/\"abc\"", "W/\"abc\""));
        assert!(names_etag("\"x\", \"abc\"", "W/\"abc\""));
        assert!(names_etag("*", "W/\"abc\""));
        assert!(!names_etag("W/\"abd\"", "W/\"abc\""));
    }

    #[test]
    fn a_conditional_request_gets_304_only_for_the_current_copy() {
        let body = "{\"a\":1}".to_owned();
        let first = fresh(&HeaderMap::new(), body.clone(), None);
        assert_eq!(first.status(), StatusCode::OK);
        let etag = first.headers()[header::ETAG].clone();
        let mut asking = HeaderMap::new();
        asking.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(
            fresh(&asking, body, None).status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(
            fresh(&asking, "{\"a\":2}".to_owned(), None).status(),
            StatusCode::OK
        );
    }

    #[test]
    fn if_modified_since_compares_to_the_second() {
        let changed = DateTime::parse_from_rfc3339("2026-03-05T07:09:04Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut asking = HeaderMap::new();
        asking.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Thu, 05 Mar 2026 07:09:04 GMT"),
        );
        assert_eq!(
            fresh(&asking, "x".into(), Some(changed)).status(),
            StatusCode::NOT_MODIFIED
        );
        asking.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Thu, 05 Mar 2026 07:09:03 GMT"),
        );
        assert_eq!(
            fresh(&asking, "x".into(), Some(changed)).status(),
            StatusCode::OK
        );
        assert_eq!(http_date(changed), "Thu, 05 Mar 2026 07:09:04 GMT");
    }
}
