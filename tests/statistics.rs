#![cfg(feature = "ssr")]
//! The directory in figures (issue 21): every figure of `/statistics` equals the list's count
//! for the same filters and the database's own count, on SQLite and PostgreSQL; the page works
//! without JavaScript; each figure's CSV file reads back to the figures; the review pipeline
//! is read from the history on both databases.

mod common;

use chrono::TimeZone;
use common::fresh_databases;
use icc_initiatives::domain::{ListFilter, Origin};
use icc_initiatives::server::directory::text::{fold, search_terms};
use icc_initiatives::server::directory::Snapshot;
use icc_initiatives::server::store::{entities::initiative, transfer};
use icc_initiatives::wire::statistics::{Month, Statistics};
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// The day the figures are counted on in these tests.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

/// A deterministic mix: countries, accented city names, one or two types, zero to two
/// commitments, every activity status.
fn synthetic(n: usize) -> String {
    let countries = ["PL", "DE", "FR", "UA", "IT", "MD"];
    let types = [
        "reception",
        "housing",
        "education",
        "language",
        "health",
        "legal",
        "community",
        "funding",
    ];
    let statuses = ["planned", "ongoing", "completed"];
    let mut seed: u64 = 7;
    let mut next = move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let (t1, t2) = (types[next(types.len())], types[next(types.len())]);
            let commitments = match next(3) {
                0 => vec![],
                _ => vec![next(5) + 1, next(5) + 1],
            };
            serde_json::json!({
                "city": match i % 7 { 0 => "Kraków".to_owned(), 1 => "Krakow".to_owned(), _ => format!("City {}", next(25)) },
                "country": countries[next(countries.len())],
                "title": format!("Initiative {i} help school"),
                "summary": format!("A synthetic initiative number {i}."),
                "types": if t1 == t2 { vec![t1] } else { vec![t1, t2] },
                "commitments": commitments,
                "status": statuses[next(3)],
            })
        })
        .collect();
    serde_json::json!({ "initiatives": records }).to_string()
}

/// Imports `n` synthetic initiatives, then spreads their publication over 30 months from
/// January 2022 (two before the declaration's month) and their last change from then to a
/// few months later.
async fn load(db: &DatabaseConnection, n: usize) {
    let records = transfer::parse_records(&synthetic(n)).unwrap();
    transfer::store_all(db, &records, Origin::Imported, |_| ())
        .await
        .unwrap();
    for k in 0..30u32 {
        let published = chrono::Utc
            .with_ymd_and_hms(2022 + (k / 12) as i32, k % 12 + 1, 10 + k % 15, 12, 0, 0)
            .unwrap();
        let updated = published + chrono::Months::new(k % 4 * 3);
        initiative::Entity::update_many()
            .col_expr(initiative::Column::PublishedAt, Expr::value(published))
            .col_expr(initiative::Column::UpdatedAt, Expr::value(updated))
            .filter(Expr::cust(format!("id % 30 = {k}")))
            .exec(db)
            .await
            .unwrap();
    }
}

/// The list's filter as SQL conditions (the same shape as `tests/directory.rs`).
fn conditions(f: &ListFilter) -> String {
    let mut c = vec!["i.moderation_status = 'published'".to_owned()];
    if !f.countries.is_empty() {
        let list: Vec<String> = f.countries.iter().map(|x| format!("'{x}'")).collect();
        c.push(format!("i.country IN ({})", list.join(",")));
    }
    if !f.types.is_empty() {
        let list: Vec<String> = f.types.iter().map(|t| format!("'{}'", t.slug())).collect();
        c.push(format!(
            "EXISTS (SELECT 1 FROM initiative_types t WHERE t.initiative_id = i.id AND t.type_slug IN ({}))",
            list.join(",")
        ));
    }
    if !f.commitments.is_empty() {
        let list: Vec<String> = f
            .commitments
            .iter()
            .map(|x| x.number().to_string())
            .collect();
        c.push(format!(
            "EXISTS (SELECT 1 FROM initiative_commitments m WHERE m.initiative_id = i.id AND m.commitment IN ({}))",
            list.join(",")
        ));
    }
    if !f.cities.is_empty() {
        let list: Vec<String> = f.cities.iter().map(|x| format!("'{}'", fold(x))).collect();
        c.push(format!("i.city_sort IN ({})", list.join(",")));
    }
    for term in search_terms(&f.q) {
        c.push(format!("i.search_text LIKE '%{term}%'"));
    }
    c.join(" AND ")
}

#[derive(FromQueryResult)]
struct Selected {
    country: String,
    city_sort: String,
    activity_status: String,
    published_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

async fn selected(db: &DatabaseConnection, filter: &ListFilter) -> Vec<Selected> {
    let sql = format!(
        "SELECT i.country AS country, i.city_sort AS city_sort, i.activity_status AS activity_status, \
         i.published_at AS published_at, i.updated_at AS updated_at FROM initiatives i WHERE {}",
        conditions(filter)
    );
    Selected::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
        .unwrap()
}

/// Compares every figure for `query` with the list's counts and the database's.
async fn compare(db: &DatabaseConnection, snapshot: &Snapshot, query: &str) {
    let (filter, problems) = ListFilter::from_query(query);
    let stats = snapshot.statistics(filter.clone(), problems.clone(), today());
    let list = snapshot.list(filter.clone(), problems);
    let total_for = |f: &ListFilter| snapshot.list(f.clone(), Vec::new()).total;

    // The totals and each row are the list's counts for the same filters.
    assert_eq!(stats.totals.initiatives, list.total, "total for {query}");
    for row in &stats.by_country {
        let facet = list
            .countries
            .iter()
            .find(|f| f.value == row.value)
            .unwrap();
        assert_eq!(row.count, facet.count, "country {} for {query}", row.value);
        let mut one = filter.clone();
        one.countries = vec![row.value];
        assert_eq!(
            row.count,
            total_for(&one),
            "list of {} for {query}",
            row.value
        );
    }
    assert_eq!(
        stats.by_country.iter().map(|r| r.count).sum::<u32>(),
        list.total,
        "countries add up for {query}"
    );
    for row in &stats.by_type {
        let facet = list.types.iter().find(|f| f.value == row.value).unwrap();
        assert_eq!(row.count, facet.count, "type {:?} for {query}", row.value);
        let mut one = filter.clone();
        one.types = vec![row.value];
        assert_eq!(
            row.count,
            total_for(&one),
            "list of {:?} for {query}",
            row.value
        );
    }
    if !filter.types.is_empty() {
        assert_eq!(
            stats.by_type.len(),
            filter.types.len(),
            "only the chosen types"
        );
    }
    for row in &stats.by_commitment {
        let facet = list
            .commitments
            .iter()
            .find(|f| f.value == row.value)
            .unwrap();
        assert_eq!(
            row.count, facet.count,
            "commitment {:?} for {query}",
            row.value
        );
        let mut one = filter.clone();
        one.commitments = vec![row.value];
        assert_eq!(
            row.count,
            total_for(&one),
            "list of {:?} for {query}",
            row.value
        );
    }

    // The rest is the database's own count of the same selection.
    let rows = selected(db, &filter).await;
    assert_eq!(
        rows.len() as u32,
        stats.totals.initiatives,
        "SQL total for {query}"
    );
    let places: BTreeSet<(&str, &str)> = rows
        .iter()
        .map(|r| (r.country.as_str(), r.city_sort.as_str()))
        .collect();
    assert_eq!(
        stats.totals.cities,
        places.len() as u32,
        "cities for {query}"
    );
    let countries: BTreeSet<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    assert_eq!(
        stats.totals.countries,
        countries.len() as u32,
        "countries for {query}"
    );
    let since = today() - chrono::Months::new(12);
    let active: BTreeSet<(&str, &str)> = rows
        .iter()
        .filter(|r| r.updated_at.date_naive() >= since)
        .map(|r| (r.country.as_str(), r.city_sort.as_str()))
        .collect();
    assert_eq!(
        stats.totals.active_cities,
        active.len() as u32,
        "active for {query}"
    );
    for row in &stats.by_activity {
        let n = rows
            .iter()
            .filter(|r| r.activity_status == row.value.as_str())
            .count() as u32;
        assert_eq!(row.count, n, "activity {:?} for {query}", row.value);
    }
    let mut months: BTreeMap<Month, u32> = BTreeMap::new();
    for r in &rows {
        *months
            .entry(Month::parse(&r.published_at.date_naive().to_string()).unwrap())
            .or_default() += 1;
    }
    let first = Month::parse("2022-03").unwrap();
    let before: u32 = months.range(..first).map(|(_, n)| n).sum();
    assert_eq!(
        stats.before_first_month, before,
        "before March 2022 for {query}"
    );
    assert_eq!(stats.by_month.first().map(|m| m.month), Some(first));
    assert_eq!(
        stats
            .by_month
            .last()
            .map(|m| m.month.to_string())
            .as_deref(),
        Some("2024-06")
    );
    let mut cumulative = before;
    for m in &stats.by_month {
        let n = months.get(&m.month).copied().unwrap_or(0);
        cumulative += n;
        assert_eq!(
            (m.published, m.cumulative),
            (n, cumulative),
            "{} for {query}",
            m.month
        );
    }
    assert_eq!(cumulative, stats.totals.initiatives);
}

#[tokio::test]
async fn the_figures_equal_the_lists_counts_and_the_databases_for_the_same_filters() {
    let queries = [
        "",
        "country=PL",
        "country=PL&country=DE",
        "type=housing",
        "type=housing&type=legal&country=UA",
        "commitment=2",
        "commitment=1&commitment=5&type=health",
        "q=school",
        "city=krakow",
        "city=Krak%C3%B3w&type=education",
        "country=MD&type=funding&commitment=4",
        "country=XX",
        "q=nothing-matches-this",
        "sort=city&page=3&country=FR",
    ];
    for db in fresh_databases().await {
        load(&db.conn, 360).await;
        let snapshot = Snapshot::load(&db.conn).await.unwrap();
        for q in queries {
            compare(&db.conn, &snapshot, q).await;
        }
        db.drop_pg().await;
    }
}

/// Reads a CSV file as the figures' writer writes it: a byte-order mark, CRLF lines, cells
/// quoted with doubled quotes when they hold a separator.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rows = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        rows.push(cells);
    }
    rows
}

/// Each figure's rows as text, as its CSV file should hold them.
fn expected_rows(stats: &Statistics, slug: &str) -> Vec<Vec<String>> {
    let s = |v: &dyn ToString| v.to_string();
    match slug {
        "totals" => vec![vec![
            s(&stats.totals.initiatives),
            s(&stats.totals.cities),
            s(&stats.totals.countries),
            s(&stats.totals.active_cities),
            stats.as_of.clone(),
        ]],
        "by-country" => stats
            .by_country
            .iter()
            .map(|c| {
                vec![
                    s(&c.value),
                    c.value
                        .name(icc_initiatives::domain::UiLanguage::En)
                        .to_owned(),
                    s(&c.count),
                ]
            })
            .collect(),
        "by-type" => stats
            .by_type
            .iter()
            .map(|c| vec![c.value.slug().to_owned(), s(&c.count)])
            .collect(),
        "by-commitment" => stats
            .by_commitment
            .iter()
            .map(|c| vec![s(&c.value.number()), s(&c.count)])
            .collect(),
        "by-activity" => stats
            .by_activity
            .iter()
            .map(|c| vec![c.value.as_str().to_owned(), s(&c.count)])
            .collect(),
        _ => (stats.before_first_month > 0)
            .then(|| {
                vec![
                    "before-2022-03".to_owned(),
                    s(&stats.before_first_month),
                    s(&stats.before_first_month),
                ]
            })
            .into_iter()
            .chain(
                stats
                    .by_month
                    .iter()
                    .map(|m| vec![s(&m.month), s(&m.published), s(&m.cumulative)]),
            )
            .collect(),
    }
}

mod app {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use icc_initiatives::web::http::router;
    use tower::ServiceExt;

    async fn get(
        state: &icc_initiatives::server::state::AppState,
        path: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::builder()
            .uri(path)
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::empty())
            .unwrap();
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
            .await
            .unwrap();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// The page is the figures in HTML, without any script of its own or inline style: its
    /// tables hold the counts, each row links to the list filtered the same way, and each
    /// figure's CSV file gives back the figures (header row, then the rows).
    #[test]
    fn the_page_works_without_javascript_and_each_figures_csv_reads_back() {
        common::block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let state = common::state_at(None, dir.path()).await;
            load(&state.db, 120).await;
            state.directory.refresh(&state.db).await.unwrap();
            let snapshot = state.directory.snapshot();

            for query in ["", "?country=PL&type=housing", "?commitment=2&q=school"] {
                let (status, headers, html) = get(&state, &format!("/statistics{query}")).await;
                assert_eq!(status, StatusCode::OK, "{query}");
                assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
                assert!(!html.contains(" style="), "no inline style on {query}");
                assert!(!html.contains("<leptos-island"), "no island on {query}");
                assert!(!html.contains(".wasm"), "no wasm on {query}");
                // Only the scripts every page has (all nonce'd): none of its own.
                for tag in html.split("<script").skip(1) {
                    let tag = &tag[..tag.find('>').unwrap()];
                    assert!(tag.contains("nonce="), "<script{tag}> on {query}");
                }
                let (filter, _) = ListFilter::from_query(query);
                let stats = snapshot.statistics(
                    filter.clone(),
                    Vec::new(),
                    chrono::Utc::now().date_naive(),
                );
                assert!(html.contains("<table"), "{query}");
                assert!(html.contains("aria-hidden=\"true\""), "{query}");
                for row in &stats.by_country {
                    let mut one = filter.clone();
                    one.countries = vec![row.value];
                    let href = format!(
                        "href=\"/initiatives?{}\"",
                        one.to_query().replace('&', "&amp;")
                    );
                    assert!(html.contains(&href), "{href} on {query}");
                }
                for figure in icc_initiatives::wire::statistics::Figure::ALL {
                    let address = figure.csv_address(&filter);
                    assert!(
                        html.contains(&address.replace('&', "&amp;")),
                        "{address} on {query}"
                    );
                    let (status, headers, csv) = get(&state, &address).await;
                    assert_eq!(status, StatusCode::OK, "{address}");
                    assert!(headers[header::CONTENT_TYPE]
                        .to_str()
                        .unwrap()
                        .starts_with("text/csv"));
                    let rows = read_csv(&csv);
                    let header_row: Vec<String> =
                        icc_initiatives::server::open_data::statistics::header(figure)
                            .iter()
                            .map(|h| (*h).to_owned())
                            .collect();
                    assert_eq!(rows[0], header_row, "{address}");
                    assert_eq!(
                        rows[1..].to_vec(),
                        expected_rows(&stats, figure.slug()),
                        "{address}"
                    );
                }
            }

            // The page is kept like the list and dropped when the directory changes.
            let total = |html: &str| {
                let at = html.find("<dd>").expect("the totals") + 4;
                html[at..html[at..].find('<').unwrap() + at].to_owned()
            };
            let (_, _, before) = get(&state, "/statistics").await;
            let (_, _, again) = get(&state, "/statistics").await;
            assert_eq!(total(&again), total(&before));
            let records = transfer::parse_records(&synthetic(5)).unwrap();
            transfer::store_all(&state.db, &records, Origin::Imported, |_| ())
                .await
                .unwrap();
            state.directory.refresh(&state.db).await.unwrap();
            let (_, _, after) = get(&state, "/statistics").await;
            assert_eq!(
                total(&after).parse::<u32>().unwrap(),
                total(&before).parse::<u32>().unwrap() + 5,
                "a new snapshot, new figures"
            );

            let (status, _, _) = get(&state, "/statistics/by-city.csv").await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _, body) = get(&state, "/statistics/by-type.csv?country=XX").await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(body.contains("\"XX\" is not a country code"), "{body}");
            // A value the page cannot use is shown, as on the list, and the rest still counts.
            let (status, _, html) = get(&state, "/statistics?country=XX&type=housing").await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("XX"));
        });
    }
}

#[tokio::test]
async fn the_review_pipeline_is_counted_from_the_history_on_both_databases() {
    use icc_initiatives::server::store::pipeline::pipeline;
    for db in fresh_databases().await {
        load(&db.conn, 3).await;
        let ids: Vec<i32> = initiative::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        // One waits, one was sent back; the third is published with an edit waiting.
        let set = |id: i32, status: &str, revision: bool| {
            format!(
                "UPDATE initiatives SET moderation_status = '{status}', revision = {} WHERE id = {id}",
                if revision { "'{}'" } else { "NULL" }
            )
        };
        for sql in [
            set(ids[0], "pending", false),
            set(ids[1], "changes-requested", false),
            set(ids[2], "published", true),
        ] {
            sea_orm::ConnectionTrait::execute_unprepared(&db.conn, &sql)
                .await
                .unwrap();
        }
        // Decided after 2 h and 6 h in May 2023, after 10 h in June.
        let events = [
            (ids[1], "2023-05-01 08:00:00", "submit"),
            (ids[1], "2023-05-01 10:00:00", "request-changes"),
            (ids[2], "2023-05-02 08:00:00", "submit"),
            (ids[2], "2023-05-02 14:00:00", "publish"),
            (ids[2], "2023-06-01 00:00:00", "resubmit"),
            (ids[2], "2023-06-01 10:00:00", "publish-changes"),
        ];
        use icc_initiatives::server::store::entities::moderation_event;
        use sea_orm::ActiveValue::Set;
        for (id, at, action) in events {
            let at = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc();
            moderation_event::Entity::insert(moderation_event::ActiveModel {
                initiative_id: Set(id),
                at: Set(at),
                actor: Set(icc_initiatives::domain::Actor::Moderator),
                moderator_email: Set(None),
                action: Set(action.to_owned()),
                reason: Set(None),
                from_status: Set(None),
                to_status: Set(icc_initiatives::domain::ModerationStatus::Published),
                ..Default::default()
            })
            .exec(&db.conn)
            .await
            .unwrap();
        }
        let p = pipeline(&db.conn).await.unwrap();
        assert_eq!(
            (p.waiting, p.sent_back, p.edits_waiting),
            (1, 1, 1),
            "{}",
            db.name
        );
        let months: Vec<(String, u32, u32)> = p
            .months
            .iter()
            .map(|m| (m.month.to_string(), m.decisions, m.median_hours))
            .collect();
        assert_eq!(
            months,
            vec![("2023-05".to_owned(), 2, 4), ("2023-06".to_owned(), 1, 10)],
            "{}",
            db.name
        );
        db.drop_pg().await;
    }
}
