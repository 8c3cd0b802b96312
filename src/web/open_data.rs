//! The open-data endpoints: `/initiatives.csv`, `/initiatives.json` and `/feed.atom` for any
//! filtered view of the list (every matching initiative, not one page), `robots.txt` and the
//! sitemaps. Each reads its selection here and has it written by the core's writers
//! (`server::open_data`, its `feed` and `sitemap`), from the public record.

use crate::domain::{FilterProblem, ListFilter, PublicRecord, UiLanguage};
use crate::server::accounts::guard::{site_origin_or_refusal, WebOrigin};
use crate::server::open_data::feed::{atom, ATOM_TYPE};
use crate::server::open_data::sitemap::{index, robots_text, urlset, MAX_URLS};
use crate::server::open_data::{csv, file_name, json};
use crate::server::state::AppState;
use crate::server::store::initiatives::published_by_slugs;
use axum::{
    extract::{Path, RawQuery, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// The site's own pages, before the initiatives, in the sitemap.
const FIXED_PAGES: [&str; 6] = [
    "/",
    "/initiatives",
    "/statistics",
    "/declaration",
    "/submit",
    "/privacy",
];

/// The filter of an export's address, or a 400 naming every parameter that cannot be used
/// (an export that silently dropped one would hold more than was asked for).
fn filter_of(query: Option<&str>) -> Result<ListFilter, Response> {
    let (filter, problems) = ListFilter::from_query(query.unwrap_or_default());
    let problems: Vec<FilterProblem> = problems
        .into_iter()
        // Exports hold every page: a page number does not matter to them.
        .filter(|p| !matches!(p, FilterProblem::BadPage(_)))
        .collect();
    if problems.is_empty() {
        return Ok(filter);
    }
    let text = problems
        .iter()
        .map(|p| format!("- {p}"))
        .collect::<Vec<_>>()
        .join("\n");
    Err((
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("This export's address has parameters that cannot be used:\n{text}\n"),
    )
        .into_response())
}

/// What an export holds: the filter, the site's origin and the public record of every
/// matching initiative (its address on that origin), or the answer that refuses it.
pub(crate) async fn export(
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<(ListFilter, WebOrigin, Vec<PublicRecord>), Response> {
    let filter = filter_of(query)?;
    let origin = site_origin_or_refusal(&state.guard, headers)?;
    let slugs = state.directory.snapshot().selected_slugs(&filter);
    match published_by_slugs(&state.db, &slugs).await {
        Ok(list) => {
            let site = origin.to_string();
            let clock = state.directory.clock();
            let records = list
                .into_iter()
                .map(|i| PublicRecord::new(&site, i, clock.rule, clock.today))
                .collect();
            Ok((filter, origin, records))
        }
        Err(e) => {
            tracing::error!("an export could not read the initiatives: {e}");
            Err((
                StatusCode::SERVICE_UNAVAILABLE,
                "The initiatives cannot be read just now. Please try again in a moment.",
            )
                .into_response())
        }
    }
}

/// The answer to an export's request: the selection written by `write` as a download of
/// `content_type` named after the filter, or the refusal.
async fn download(
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
    (content_type, extension): (&'static str, &str),
    write: impl FnOnce(&WebOrigin, &ListFilter, &[PublicRecord]) -> String,
) -> Response {
    let (filter, origin, list) = match export(state, query, headers).await {
        Ok(selection) => selection,
        Err(refusal) => return refusal,
    };
    let disposition = format!("attachment; filename=\"{}\"", file_name(&filter, extension));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        write(&origin, &filter, &list),
    )
        .into_response()
}

/// `GET /initiatives.csv?country=…&type=…&commitment=…&q=…&sort=…`.
pub async fn initiatives_csv(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    download(
        &state,
        query.as_deref(),
        &headers,
        ("text/csv; charset=utf-8; header=present", "csv"),
        |_, _, records| csv(records),
    )
    .await
}

/// `GET /initiatives.json?…`: the same selection in the import format.
pub async fn initiatives_json(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    download(
        &state,
        query.as_deref(),
        &headers,
        ("application/json", "json"),
        |origin, filter, records| json(origin, filter, records, chrono::Utc::now()),
    )
    .await
}

/// `GET /feed.atom?country=…&type=…&commitment=…&q=…&sort=…&lang=…`: in the language `lang=`
/// names, else English — not the cookie's or the browser's, so one address is one feed
/// (`server::open_data::feed`).
pub async fn feed(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let (filter, origin, list) = match export(&state, query.as_deref(), &headers).await {
        Ok(selection) => selection,
        Err(refusal) => return refusal,
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    (
        [
            (header::CONTENT_TYPE, ATOM_TYPE),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        atom(
            &origin,
            &filter,
            query.as_deref().and_then(UiLanguage::in_query),
            &list,
            &now,
        ),
    )
        .into_response()
}

/// `GET /statistics/{figure}.csv?country=…&type=…&commitment=…&city=…&q=…`: one figure of
/// `/statistics` for the same filters (`server::open_data::statistics`); 404 for a name that is
/// no figure's file, 400 for a filter value that cannot be used, as the other files.
pub async fn statistics_csv(
    State(state): State<AppState>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    use crate::server::open_data::statistics::{figure_csv, file_name};
    let figure = match crate::wire::statistics::Figure::from_file_name(&name) {
        Ok(figure) => figure,
        Err(e) => {
            return (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("{e}\n"),
            )
                .into_response()
        }
    };
    let filter = match filter_of(query.as_deref()) {
        Ok(filter) => filter,
        Err(refusal) => return refusal,
    };
    let stats =
        state
            .directory
            .snapshot()
            .statistics(filter, Vec::new(), chrono::Utc::now().date_naive());
    let disposition = format!("attachment; filename=\"{}\"", file_name(&stats, figure));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8; header=present"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        figure_csv(&stats, figure),
    )
        .into_response()
}

fn origin(state: &AppState, headers: &HeaderMap) -> Result<WebOrigin, Response> {
    site_origin_or_refusal(&state.guard, headers)
}

fn answer(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /robots.txt`.
pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match origin(&state, &headers) {
        Ok(origin) => answer("text/plain; charset=utf-8", robots_text(&origin)),
        Err(refusal) => refusal,
    }
}

/// Every public address: the site's pages, then each published initiative with the day it
/// last changed.
fn addresses(state: &AppState) -> Vec<(String, Option<chrono::NaiveDate>)> {
    let snapshot = state.directory.snapshot();
    FIXED_PAGES
        .iter()
        .map(|p| ((*p).to_owned(), None))
        .chain(
            snapshot
                .pages()
                .map(|(slug, day)| (PublicRecord::path_of(slug), Some(day))),
        )
        .collect()
}

const XML: &str = "application/xml; charset=utf-8";
/// `GET /sitemap.xml`: every public address, or, past [`MAX_URLS`], an index of the files
/// that hold them.
pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let origin = match origin(&state, &headers) {
        Ok(origin) => origin,
        Err(refusal) => return refusal,
    };
    let all = addresses(&state);
    if all.len() <= MAX_URLS {
        answer(XML, urlset(&origin, &all))
    } else {
        answer(XML, index(&origin, all.len().div_ceil(MAX_URLS)))
    }
}

/// `GET /sitemaps/{n}.xml`: the `n`th file of the index (from 1); 404 past the last.
pub async fn sitemap_part(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = match origin(&state, &headers) {
        Ok(origin) => origin,
        Err(refusal) => return refusal,
    };
    let all = addresses(&state);
    let part = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n >= 1 && all.len() > MAX_URLS);
    match part.and_then(|n| all.chunks(MAX_URLS).nth(n - 1)) {
        Some(chunk) => answer(XML, urlset(&origin, chunk)),
        None => (
            StatusCode::NOT_FOUND,
            "There is no such sitemap file: /sitemap.xml lists them.",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_parameter_value_refuses_the_export_but_a_page_number_does_not() {
        assert!(filter_of(Some("country=XX")).is_err());
        assert!(filter_of(Some("country=PL&page=abc")).is_ok());
    }
}
