#![cfg(feature = "ssr")]
//! HTTP behaviour that needs no browser: the health check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use icc_initiatives::server::state::AppState;
use icc_initiatives::web::http::healthz;

mod common;
use common::state_at;

async fn state() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let state = state_at(None, dir.path()).await;
    (state, dir)
}

#[test]
fn the_health_check_is_ok_while_the_database_answers() {
    crate::common::block_on(the_health_check_is_ok_while_the_database_answers_())
}

async fn the_health_check_is_ok_while_the_database_answers_() {
    let (state, _dir) = state().await;
    let response = healthz(State(state)).await.into_response();
    assert_eq!(response.status(), StatusCode::OK);
}

#[test]
fn the_health_check_is_503_when_the_database_does_not_answer() {
    crate::common::block_on(the_health_check_is_503_when_the_database_does_not_answer_())
}

async fn the_health_check_is_503_when_the_database_does_not_answer_() {
    let (state, _dir) = state().await;
    state.db.close_by_ref().await.unwrap();
    let response = healthz(State(state)).await.into_response();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn choose(lang: &str, back: Option<&str>) -> axum::response::Response {
    use icc_initiatives::web::http::{choose_language, LanguageChoice};
    let choice = LanguageChoice {
        lang: lang.to_owned(),
        back: back.map(str::to_owned),
    };
    choose_language(axum::Form(choice)).await
}

#[test]
fn choosing_a_language_without_javascript_sets_the_cookie_and_goes_back() {
    crate::common::block_on(choosing_a_language_without_javascript_sets_the_cookie_and_goes_back_())
}

async fn choosing_a_language_without_javascript_sets_the_cookie_and_goes_back_() {
    let response = choose("uk", Some("/initiatives?country=PL")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/initiatives?country=PL");
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=uk; Path=/; Max-Age=31536000"));
}

#[test]
fn the_language_form_never_sends_people_to_another_site() {
    crate::common::block_on(the_language_form_never_sends_people_to_another_site_())
}

async fn the_language_form_never_sends_people_to_another_site_() {
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = choose("fr", Some(evil)).await;
        assert_eq!(response.headers()["location"], "/", "{evil}");
    }
    assert_eq!(choose("xx", None).await.status(), StatusCode::BAD_REQUEST);
}

/// Pages rendered by tests running at the same time on different runtimes at times never finish
/// (as in tests/escaping.rs): the tests here that render take turns (and every test runs
/// through `common::block_on`, one at a time, on one runtime).
static RENDERING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

// ---- the whole router: protection, forms without JavaScript, moderators' access ----

mod app {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use icc_initiatives::server::accounts::guard::GuardSettings;
    use icc_initiatives::server::{accounts::auth, accounts::secrets, state::AppState};
    use icc_initiatives::web::http::router;
    use std::sync::Arc;
    use tower::ServiceExt;

    const SITE: &str = "127.0.0.1:3000";

    fn settings(min_fill_seconds: i64, submissions_per_hour: u32) -> GuardSettings {
        GuardSettings {
            min_fill_seconds,
            submissions_per_hour,
            manage_misses: 3,
            sign_in_failures: 10,
            ..GuardSettings::default()
        }
    }

    async fn state_with(guard: GuardSettings) -> (AppState, tempfile::TempDir) {
        let (mut state, dir) = super::state().await;
        state.guard = Arc::new(guard);
        (state, dir)
    }

    pub struct Reply {
        pub status: StatusCode,
        pub headers: axum::http::HeaderMap,
        pub body: String,
    }

    async fn send(state: &AppState, request: Request<Body>) -> Reply {
        let _turn = super::RENDERING.lock().await;
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn post(path: &str, origin: Option<&str>, body: String) -> Request<Body> {
        let mut b = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::HOST, SITE)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html");
        if let Some(origin) = origin {
            b = b.header(header::ORIGIN, origin);
        }
        b.body(Body::from(body)).unwrap()
    }

    fn get(path: &str) -> Request<Body> {
        Request::builder()
            .uri(path)
            .header(header::HOST, SITE)
            .body(Body::empty())
            .unwrap()
    }

    const HERE: Option<&str> = Some("http://127.0.0.1:3000");

    /// Stores the sample initiatives and `extra` (a JSON file of records) as published, and
    /// refreshes the directory; returns how many were stored.
    async fn publish_sample(state: &AppState, extra: Option<serde_json::Value>) -> usize {
        use icc_initiatives::domain::Origin;
        use icc_initiatives::server::store::transfer;
        let sample = include_str!("../src/server/sample-initiatives.json");
        let mut records = transfer::parse_records(sample).unwrap();
        if let Some(file) = extra {
            records.extend(transfer::parse_records(&file.to_string()).unwrap());
        }
        transfer::store_all(&state.db, &records, Origin::Sample, |_| ())
            .await
            .unwrap();
        state.directory.refresh(&state.db).await.unwrap();
        records.len()
    }

    /// Search engines find every published initiative, on the site's own origin, and are kept
    /// out of the moderators' pages and the private manage links.
    #[test]
    fn the_sitemap_lists_every_public_page_and_robots_points_to_it() {
        crate::common::block_on(the_sitemap_lists_every_public_page_and_robots_points_to_it_())
    }

    async fn the_sitemap_lists_every_public_page_and_robots_points_to_it_() {
        let (state, _dir) = super::state().await;
        let published = publish_sample(&state, None).await;

        let robots = send(&state, get("/robots.txt")).await;
        assert_eq!(robots.status, StatusCode::OK);
        assert!(robots.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        assert!(robots.body.contains("Disallow: /admin\n"));
        assert!(robots.body.contains("Disallow: /manage/\n"));
        assert!(robots
            .body
            .contains(&format!("Sitemap: http://{SITE}/sitemap.xml")));

        let map = send(&state, get("/sitemap.xml")).await;
        assert_eq!(map.status, StatusCode::OK);
        assert!(map.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/xml"));
        assert!(map
            .body
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(map
            .body
            .contains(&format!("<loc>http://{SITE}/declaration</loc>")));
        let pages = map
            .body
            .matches(&format!("<loc>http://{SITE}/initiatives/"))
            .count();
        assert_eq!(pages, published, "one address per published initiative");
        assert_eq!(map.body.matches("<lastmod>").count(), published);
        assert!(!map.body.contains("/admin") && !map.body.contains("/manage"));

        // One file holds them all: there is no second one.
        let none = send(&state, get("/sitemaps/1.xml")).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
    }

    /// The CSV export holds every initiative of the filtered view (not one page), reads back
    /// with a CSV parser with its accents, and keeps a formula-looking title as text.
    #[test]
    fn the_csv_export_holds_the_filtered_view_and_reads_back_as_typed() {
        crate::common::block_on(the_csv_export_holds_the_filtered_view_and_reads_back_as_typed_())
    }

    async fn the_csv_export_holds_the_filtered_view_and_reads_back_as_typed_() {
        use icc_initiatives::domain::{ImportRecord, ListFilter};
        use icc_initiatives::server::open_data::CSV_HEADER;
        let (state, _dir) = super::state().await;
        let odd = ImportRecord {
            city: "Łódź".into(),
            country: "PL".into(),
            title: "=HYPERLINK(\"http://evil.example\", \"Kraków, «Дім»\")".into(),
            summary: "A summary with \"quotes\", and commas.".into(),
            description: Some("A description\non two lines.".into()),
            types: vec!["housing".into()],
            commitments: vec![2],
            status: "ongoing".into(),
            ..Default::default()
        };
        publish_sample(&state, Some(serde_json::json!({ "initiatives": [odd] }))).await;
        let expected = state
            .directory
            .snapshot()
            .list(ListFilter::from_query("country=PL").0, Vec::new())
            .total as usize;
        assert!(expected > 1);

        let reply = send(&state, get("/initiatives.csv?country=PL&sort=city&page=3")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv; charset=utf-8"));
        assert_eq!(
            reply.headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"icc-initiatives-pl.csv\""
        );
        let body = reply
            .body
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark first");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header_row: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header_row, CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), expected, "every page of the filtered view");
        assert!(rows.iter().all(|r| &r[6] == "PL"));
        assert!(rows
            .iter()
            .all(|r| r[0].starts_with(&format!("http://{SITE}/initiatives/"))));
        let odd = rows.iter().find(|r| &r[5] == "Łódź").expect("the odd one");
        assert_eq!(
            &odd[2],
            "'=HYPERLINK(\"http://evil.example\", \"Kraków, «Дім»\")"
        );
        assert_eq!(&odd[3], "A summary with \"quotes\", and commas.");
        assert_eq!(&odd[4], "A description\non two lines.");
        assert_eq!(&odd[7], "housing");
        assert_eq!(&odd[8], "2");

        let refused = send(&state, get("/initiatives.csv?country=XX&type=flying")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("\"XX\" is not a country code"));
        assert!(refused.body.contains("\"flying\" is not a type"));
    }

    /// Excel splits CSV on `;` in most of Europe: however the file is split (on `,`, `;` or
    /// tabs), no cell starts a formula, and read as the comma-separated file it is, each field
    /// holds its text (issue 15).
    #[test]
    fn the_csv_export_starts_no_formula_whichever_separator_a_spreadsheet_splits_on() {
        crate::common::block_on(
            the_csv_export_starts_no_formula_whichever_separator_a_spreadsheet_splits_on_(),
        )
    }

    async fn the_csv_export_starts_no_formula_whichever_separator_a_spreadsheet_splits_on_() {
        use icc_initiatives::domain::ImportRecord;
        let (state, _dir) = super::state().await;
        let hostile = ImportRecord {
            city: "Lviv;+1+2".into(),
            country: "UA".into(),
            title: "Trams;=1+2;free\t@SUM(A1)".into(),
            summary: "Rides; -2+3 and, =cmd|' /C calc'!A0".into(),
            description: Some("Line one\n=HYPERLINK(\"http://evil.example\")".into()),
            types: vec!["transport".into()],
            commitments: vec![2],
            status: "ongoing".into(),
            website: Some("https://lviv.example/trams;=1".into()),
            ..Default::default()
        };
        publish_sample(
            &state,
            Some(serde_json::json!({ "initiatives": [hostile] })),
        )
        .await;
        let reply = send(&state, get("/initiatives.csv?country=UA")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.body.strip_prefix('\u{feff}').unwrap();
        for delimiter in [b',', b';', b'\t'] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(body.as_bytes());
            for row in reader.records() {
                for cell in row.unwrap().iter() {
                    let start = cell.trim_start_matches([' ', '"']);
                    assert!(
                        !start.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "split on {:?}: the cell {cell:?} starts a formula",
                        delimiter as char
                    );
                }
            }
        }
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let row = reader
            .records()
            .map(Result::unwrap)
            .find(|r| r[5].starts_with("Lviv"))
            .expect("the hostile initiative");
        // A title is one line: its tab became a space, after which `@` starts no cell.
        assert_eq!(&row[2], "Trams;'=1+2;free @SUM(A1)");
        assert_eq!(&row[5], "Lviv;'+1+2");
        assert_eq!(&row[3], "Rides; '-2+3 and, '=cmd|' /C calc'!A0");
    }

    /// The Atom feed of a view parses as XML, holds one entry per initiative of the view with
    /// its public address, and an entry's `updated` moves when a moderator edits it.
    #[test]
    fn the_atom_feed_of_a_view_parses_and_follows_edits() {
        crate::common::block_on(the_atom_feed_of_a_view_parses_and_follows_edits_())
    }

    async fn the_atom_feed_of_a_view_parses_and_follows_edits_() {
        use icc_initiatives::domain::{ImportRecord, ListFilter};
        use icc_initiatives::server::store::entities::initiative;
        use icc_initiatives::server::{store::submissions, store::transfer};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        const ATOM: &str = "http://www.w3.org/2005/Atom";
        let (state, _dir) = super::state().await;
        let odd = ImportRecord {
            city: "Łódź".into(),
            country: "PL".into(),
            title: "<script>alert('x')</script> & «Дім»".into(),
            summary: "Markup <b>stays</b> text & so do \"quotes\".".into(),
            types: vec!["housing".into()],
            commitments: vec![2],
            status: "ongoing".into(),
            ..Default::default()
        };
        publish_sample(
            &state,
            Some(serde_json::json!({ "initiatives": [odd.clone()] })),
        )
        .await;
        let expected = state
            .directory
            .snapshot()
            .list(ListFilter::from_query("country=PL").0, Vec::new())
            .total as usize;

        let reply = send(&state, get("/feed.atom?country=PL&page=2")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/atom+xml; charset=utf-8"
        );
        let doc = roxmltree::Document::parse(&reply.body).expect("the feed is well-formed XML");
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")));
        fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
            n.children()
                .find(|c| c.has_tag_name((ATOM, name)))
                .unwrap_or_else(|| panic!("<{name}> in <{}>", n.tag_name().name()))
        }
        assert_eq!(
            child(feed, "id").text(),
            Some(format!("http://{SITE}/feed.atom?country=PL").as_str())
        );
        assert_eq!(
            child(feed, "title").text(),
            Some("ICC Solidarity Initiatives: Poland")
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .collect();
        assert_eq!(entries.len(), expected, "every initiative of the view");
        for e in &entries {
            let id = child(*e, "id").text().unwrap();
            assert!(id.starts_with(&format!("http://{SITE}/initiatives/")));
            assert_eq!(child(*e, "link").attribute("href"), Some(id));
            let updated = child(*e, "updated").text().unwrap();
            assert!(
                chrono::DateTime::parse_from_rfc3339(updated).is_ok(),
                "{updated} is an RFC 3339 time"
            );
        }
        let odd_entry = entries
            .iter()
            .find(|e| child(**e, "title").text() == Some(odd.title.as_str()))
            .expect("the title with markup, as text");
        assert_eq!(
            child(*odd_entry, "summary").text(),
            Some(odd.summary.as_str())
        );
        let slug = child(*odd_entry, "id")
            .text()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let before = child(*odd_entry, "updated").text().unwrap().to_owned();

        // A moderator edits it a second later: its entry says so.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let row = initiative::Entity::find()
            .filter(initiative::Column::Slug.eq(slug.as_str()))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let edited = ImportRecord {
            title: "Housing in Łódź, edited".into(),
            ..odd
        };
        let content =
            transfer::parse_records(&serde_json::json!({ "initiatives": [edited] }).to_string())
                .unwrap()
                .remove(0);
        submissions::edit(&state.db, row.id, row.version, &content, "mod@example.org")
            .await
            .unwrap();
        state.directory.refresh(&state.db).await.unwrap();
        let again = send(&state, get("/feed.atom?country=PL")).await;
        let doc = roxmltree::Document::parse(&again.body).unwrap();
        let entry = doc
            .root_element()
            .children()
            .find(|e| {
                e.has_tag_name((ATOM, "entry"))
                    && child(*e, "id").text().is_some_and(|id| id.ends_with(&slug))
            })
            .expect("the edited entry");
        assert_eq!(
            child(entry, "title").text(),
            Some("Housing in Łódź, edited")
        );
        let after = child(entry, "updated").text().unwrap();
        assert!(after > before.as_str(), "{after} after {before}");
        assert_eq!(child(doc.root_element(), "updated").text(), Some(after));

        let refused = send(&state, get("/feed.atom?commitment=9")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("\"9\" is not a commitment"));

        // The list page announces the feed of its view.
        let list = send(&state, get("/initiatives?country=PL&page=2")).await;
        let html = scraper::Html::parse_document(&list.body);
        let feed_link =
            scraper::Selector::parse("head link[rel=alternate][type=\"application/atom+xml\"]")
                .unwrap();
        let hrefs: Vec<&str> = html
            .select(&feed_link)
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(hrefs, ["/feed.atom?country=PL"]);
    }

    /// HSDS 3.0 under `/hsds/` (issue 23): the version, the page object of services with
    /// their filters, a fully nested service under its stable id, organizations, taxonomies
    /// and terms; the same CORS, validators and problems as `/api/v1`.
    #[test]
    fn the_hsds_api_gives_the_published_initiatives_as_services() {
        crate::common::block_on(the_hsds_api_gives_the_published_initiatives_as_services_())
    }

    async fn the_hsds_api_gives_the_published_initiatives_as_services_() {
        use icc_initiatives::domain::{InitiativeType, ListFilter};
        use icc_initiatives::web::hsds::service_id;
        let (state, _dir) = super::state().await;
        let n = publish_sample(&state, None).await;
        let json = |r: &Reply| serde_json::from_str::<serde_json::Value>(&r.body).unwrap();

        let root = send(&state, get("/hsds/")).await;
        assert_eq!(root.status, StatusCode::OK);
        assert_eq!(json(&root)["version"], "3.0");
        assert_eq!(root.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

        let page = send(&state, get("/hsds/services?per_page=5")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let body = json(&page);
        assert_eq!(body["total_items"], n);
        assert_eq!(body["size"], 5);
        assert_eq!(body["page_number"], 1);
        assert_eq!(body["first_page"], true);
        assert_eq!(body["last_page"], false);
        assert_eq!(body["empty"], false);
        let first = &body["contents"][0];
        for key in ["id", "name", "status", "assured_date", "organization"] {
            assert!(!first[key].is_null(), "{key}: {first}");
        }
        assert_eq!(first["organization"]["id"], first["organization_id"]);

        // A type's term narrows as the list's type filter does.
        let housing = state
            .directory
            .snapshot()
            .list(ListFilter::from_query("type=housing").0, Vec::new())
            .total;
        let terms = json(&send(&state, get("/hsds/taxonomy_terms?per_page=100")).await);
        let term = terms["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == InitiativeType::Housing.slug())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(terms["total_items"], 19, "14 types and 5 commitments");
        let narrowed = json(
            &send(
                &state,
                get(&format!("/hsds/services?taxonomy_term_id={term}")),
            )
            .await,
        );
        assert_eq!(narrowed["total_items"], housing);
        let later = json(
            &send(
                &state,
                get("/hsds/services?modified_after=2999-01-01T00:00:00Z"),
            )
            .await,
        );
        assert_eq!(later["total_items"], 0);
        assert_eq!(later["empty"], true);

        // One service, fully nested, under an id that depends only on its slug.
        let slug = state
            .directory
            .snapshot()
            .pages()
            .next()
            .unwrap()
            .0
            .to_owned();
        let id = service_id(&slug);
        let one = send(&state, get(&format!("/hsds/services/{id}"))).await;
        assert_eq!(one.status, StatusCode::OK);
        let service = json(&one);
        assert_eq!(service["id"], id.as_str());
        assert!(["active", "inactive", "defunct"].contains(&service["status"].as_str().unwrap()));
        assert_eq!(service["service_areas"].as_array().unwrap().len(), 1);
        assert!(!service["attributes"].as_array().unwrap().is_empty());
        assert!(service["attributes"][0]["taxonomy_term"]["name"].is_string());
        assert!(!service["languages"].as_array().unwrap().is_empty());
        assert!(service.get("submitter_email").is_none());
        let etag = one.headers[header::ETAG].to_str().unwrap().to_owned();
        let again = send(
            &state,
            Request::builder()
                .uri(format!("/hsds/services/{id}"))
                .header(header::HOST, SITE)
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);

        let org = service["organization"]["id"].as_str().unwrap();
        let organization = json(&send(&state, get(&format!("/hsds/organizations/{org}"))).await);
        assert!(organization["services"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id.as_str()));
        let taxonomies = json(&send(&state, get("/hsds/taxonomies")).await);
        assert_eq!(taxonomies["total_items"], 2);

        // Problems: every value named; unknown ids and paths are 404, in JSON.
        let refused = send(&state, get("/hsds/services?per_page=0&postcode=1000")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            refused.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let problems = json(&refused)["problems"].clone();
        assert_eq!(problems.as_array().unwrap().len(), 2);
        let missing = send(
            &state,
            get("/hsds/services/00000000-0000-5000-8000-000000000000"),
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(
            send(&state, get("/hsds/nothing")).await.status,
            StatusCode::NOT_FOUND
        );
    }

    /// The API's list holds what the list page holds for the same filter, a page at a time,
    /// with links to the other pages, open to any origin and cacheable for a minute.
    #[test]
    fn the_api_lists_a_filtered_view_page_by_page() {
        crate::common::block_on(the_api_lists_a_filtered_view_page_by_page_())
    }

    async fn the_api_lists_a_filtered_view_page_by_page_() {
        use icc_initiatives::domain::ListFilter;
        let (state, _dir) = super::state().await;
        publish_sample(&state, None).await;
        let view = state
            .directory
            .snapshot()
            .list(ListFilter::from_query("country=PL").0, Vec::new());
        assert!(view.total > 2);

        let reply = send(&state, get("/api/v1/initiatives?country=PL&per_page=2")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "public, max-age=60");
        assert!(reply.headers.contains_key(header::ETAG));
        assert!(reply.headers.contains_key(header::LAST_MODIFIED));
        let first: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(first["total"], view.total);
        assert_eq!(first["filter"], "country=PL");
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        assert_eq!(first["items"][0]["title"], view.items[0].title.as_str());
        assert_eq!(first["items"][0]["country"], "PL");
        assert_eq!(
            first["items"][0]["url"],
            format!("http://{SITE}/initiatives/{}", view.items[0].slug)
        );
        assert_eq!(first["links"]["prev"], serde_json::Value::Null);
        let next = first["links"]["next"].as_str().unwrap();
        assert_eq!(
            next,
            format!("http://{SITE}/api/v1/initiatives?country=PL&page=2&per_page=2")
        );
        let second = send(
            &state,
            get(next.trim_start_matches(&format!("http://{SITE}"))),
        )
        .await;
        let second: serde_json::Value = serde_json::from_str(&second.body).unwrap();
        assert_eq!(second["page"], 2);
        assert_eq!(second["items"][0]["title"], view.items[2].title.as_str());
        assert_eq!(second["links"]["prev"], first["links"]["self"]);

        // One initiative, every public field; an unknown slug is a problem, in JSON.
        let slug = view.items[0].slug.as_str();
        let one = send(&state, get(&format!("/api/v1/initiatives/{slug}"))).await;
        assert_eq!(one.status, StatusCode::OK);
        let one: serde_json::Value = serde_json::from_str(&one.body).unwrap();
        assert_eq!(one["slug"], slug);
        assert!(one["commitments"].is_array() && one["languages"].is_array());
        assert!(one["updated"].as_str().unwrap().ends_with('Z'));
        let missing = send(&state, get("/api/v1/initiatives/no-such-thing")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(
            missing.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let missing: serde_json::Value = serde_json::from_str(&missing.body).unwrap();
        assert_eq!(missing["status"], 404);
        assert!(missing["detail"]
            .as_str()
            .unwrap()
            .contains("no-such-thing"));

        // The facets are the list page's counts.
        let facets = send(&state, get("/api/v1/facets?country=PL&type=housing")).await;
        let facets: serde_json::Value = serde_json::from_str(&facets.body).unwrap();
        let page = state.directory.snapshot().list(
            ListFilter::from_query("country=PL&type=housing").0,
            Vec::new(),
        );
        assert_eq!(facets["total"], page.total);
        for (api, shown) in facets["types"].as_array().unwrap().iter().zip(&page.types) {
            assert_eq!(api["value"], shown.value.slug());
            assert_eq!(api["count"], shown.count);
            assert_eq!(api["selected"], shown.selected);
        }
        let poland = facets["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == "PL")
            .unwrap();
        assert_eq!(poland["name"], "Poland");
        assert_eq!(poland["selected"], true);
    }

    /// A value the API cannot use is refused with problem details naming each one, in the
    /// words of the exports; unknown addresses under the API are problems too.
    #[test]
    fn the_api_refuses_unusable_parameters_with_problem_details() {
        crate::common::block_on(the_api_refuses_unusable_parameters_with_problem_details_())
    }

    async fn the_api_refuses_unusable_parameters_with_problem_details_() {
        let (state, _dir) = super::state().await;
        let reply = send(
            &state,
            get("/api/v1/initiatives?country=XX&type=housing&per_page=500&page=0"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(problem["status"], 400);
        assert_eq!(problem["type"], "about:blank");
        let named: Vec<&str> = problem["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["parameter"].as_str().unwrap())
            .collect();
        assert_eq!(named, ["country", "per_page", "page"]);
        assert_eq!(
            problem["problems"][0]["message"],
            "\"XX\" is not a country code (ISO 3166-1, such as PL)"
        );
        let nowhere = send(&state, get("/api/v1/nowhere")).await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert_eq!(
            nowhere.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }

    /// A client that already holds the current answer gets a short 304, by its ETag or by
    /// its date; once the data changes it gets the new answer.
    #[test]
    fn the_api_answers_conditional_requests_with_304_until_the_data_changes() {
        crate::common::block_on(
            the_api_answers_conditional_requests_with_304_until_the_data_changes_(),
        )
    }

    async fn the_api_answers_conditional_requests_with_304_until_the_data_changes_() {
        let (state, _dir) = super::state().await;
        publish_sample(&state, None).await;
        let path = "/api/v1/initiatives?type=housing";
        let first = send(&state, get(path)).await;
        let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
        let date = first.headers[header::LAST_MODIFIED]
            .to_str()
            .unwrap()
            .to_owned();

        let by_tag = send(&state, get_with(path, &[(header::IF_NONE_MATCH, &etag)])).await;
        assert_eq!(by_tag.status, StatusCode::NOT_MODIFIED);
        assert!(by_tag.body.is_empty());
        assert_eq!(by_tag.headers[header::ETAG], etag.as_str());
        let by_date = send(
            &state,
            get_with(path, &[(header::IF_MODIFIED_SINCE, &date)]),
        )
        .await;
        assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);
        let other = send(
            &state,
            get_with(path, &[(header::IF_NONE_MATCH, "W/\"other\"")]),
        )
        .await;
        assert_eq!(other.status, StatusCode::OK);

        // A second later more initiatives are published: the old copy is no longer current.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        publish_sample(&state, None).await;
        let changed = send(&state, get_with(path, &[(header::IF_NONE_MATCH, &etag)])).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert_ne!(changed.headers[header::ETAG], etag.as_str());
        let changed = send(
            &state,
            get_with(path, &[(header::IF_MODIFIED_SINCE, &date)]),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK);
    }

    /// Each client has a budget of API requests per minute; past it, 429 with `Retry-After`.
    /// Browsers on any origin may read the API (CORS), for GET only.
    #[test]
    fn the_api_limits_each_client_and_is_open_to_any_origin_for_get() {
        crate::common::block_on(the_api_limits_each_client_and_is_open_to_any_origin_for_get_())
    }

    async fn the_api_limits_each_client_and_is_open_to_any_origin_for_get_() {
        let (state, _dir) = state_with(GuardSettings {
            api_requests_per_minute: 3,
            ..settings(0, 100)
        })
        .await;
        let mut posted = post(
            "/api/v1/initiatives",
            Some("https://city.example"),
            String::new(),
        );
        *posted.headers_mut().get_mut(header::ACCEPT).unwrap() =
            "application/json".parse().unwrap();
        let posted = send(&state, posted).await;
        assert_eq!(posted.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(posted.headers[header::ALLOW]
            .to_str()
            .unwrap()
            .contains("GET"));
        // That was one request of three; two more are answered.
        for _ in 0..2 {
            assert_eq!(
                send(&state, get("/api/v1/facets")).await.status,
                StatusCode::OK
            );
        }
        let refused = send(&state, get("/api/v1/facets")).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = refused.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "Retry-After: {wait}");
        assert_eq!(
            refused.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(refused.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

        let preflight = Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/initiatives")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, "https://city.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .unwrap();
        let preflight = send(&state, preflight).await;
        assert_eq!(preflight.status, StatusCode::NO_CONTENT);
        assert_eq!(preflight.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(
            preflight.headers[header::ACCESS_CONTROL_ALLOW_METHODS],
            "GET, HEAD"
        );
    }

    /// The OpenAPI document is generated from the code, is OpenAPI 3.1, and lists the values
    /// the filters take; the reference page lists each endpoint from it with an example.
    #[test]
    fn the_openapi_document_and_the_reference_page_describe_the_api() {
        crate::common::block_on(the_openapi_document_and_the_reference_page_describe_the_api_())
    }

    async fn the_openapi_document_and_the_reference_page_describe_the_api_() {
        let (state, _dir) = super::state().await;
        publish_sample(&state, None).await;
        let reply = send(&state, get("/api/v1/openapi.json")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let doc: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in [
            "/api/v1/initiatives",
            "/api/v1/initiatives/{slug}",
            "/api/v1/facets",
        ] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        let params = doc["paths"]["/api/v1/initiatives"]["get"]["parameters"]
            .as_array()
            .unwrap();
        let country = params.iter().find(|p| p["name"] == "country").unwrap();
        let codes = country["schema"].to_string();
        assert!(
            codes.contains("\"PL\"") && codes.contains("\"UA\""),
            "{codes}"
        );
        let per_page = params.iter().find(|p| p["name"] == "per_page").unwrap();
        assert_eq!(per_page["schema"]["maximum"], 100);

        let page = send(&state, get("/api")).await;
        assert_eq!(page.status, StatusCode::OK);
        for endpoint in ["/api/v1/initiatives/{slug}", "/api/v1/facets", "per_page"] {
            assert!(page.body.contains(endpoint), "{endpoint}");
        }
        assert!(page
            .body
            .contains("href=\"/api/v1/initiatives?country=PL&amp;type=housing&amp;per_page=5\""));
        let home = send(&state, get("/")).await;
        assert!(
            home.body.contains("href=\"/api\""),
            "the footer links the page"
        );
    }

    /// Each public page has an address per language (`?lang=`), which wins over the reader's
    /// cookie, and announces the others as hreflang alternates; forms and private pages do not.
    #[test]
    fn public_pages_have_an_address_per_language_announced_as_alternates() {
        crate::common::block_on(
            public_pages_have_an_address_per_language_announced_as_alternates_(),
        )
    }

    async fn public_pages_have_an_address_per_language_announced_as_alternates_() {
        let (state, _dir) = super::state().await;
        let reply = send(
            &state,
            get_with(
                "/initiatives?country=PL&lang=fr",
                &[(header::COOKIE, "lang=uk")],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("<html lang=\"fr\""));
        // The reader's own choice stays theirs.
        assert!(reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .all(|c| !c.to_str().unwrap().contains("lang=fr")));
        let html = scraper::Html::parse_document(&reply.body);
        let links = scraper::Selector::parse("head link[rel=alternate][hreflang]").unwrap();
        let alternates: Vec<(String, String)> = html
            .select(&links)
            .map(|l| {
                (
                    l.value().attr("hreflang").unwrap().to_owned(),
                    l.value().attr("href").unwrap().to_owned(),
                )
            })
            .collect();
        let base = format!("http://{SITE}/initiatives?country=PL");
        assert_eq!(
            alternates,
            [
                ("en".to_owned(), format!("{base}&lang=en")),
                ("fr".to_owned(), format!("{base}&lang=fr")),
                ("uk".to_owned(), format!("{base}&lang=uk")),
                ("x-default".to_owned(), base.clone()),
            ]
        );
        let plain = send(
            &state,
            get_with("/declaration", &[(header::COOKIE, "lang=uk")]),
        )
        .await;
        assert!(plain.body.contains("<html lang=\"uk\""));
        assert!(plain
            .body
            .contains(&format!("\"http://{SITE}/declaration?lang=fr\"")));
        let form = send(&state, get("/submit?lang=fr")).await;
        assert!(form.body.contains("<html lang=\"fr\""));
        assert!(
            !form.body.contains("hreflang"),
            "the form has no language versions"
        );
    }

    /// The JSON export is the import format: the import reads it back, record for record, and
    /// it says which view it holds and when it was made.
    #[test]
    fn the_json_export_of_a_view_is_read_back_by_the_import() {
        crate::common::block_on(the_json_export_of_a_view_is_read_back_by_the_import_())
    }

    async fn the_json_export_of_a_view_is_read_back_by_the_import_() {
        use icc_initiatives::domain::ListFilter;
        use icc_initiatives::server::store::transfer;
        let (state, _dir) = super::state().await;
        let versions: serde_json::Value =
            serde_json::from_str(crate::common::TEXT_VERSIONS).unwrap();
        publish_sample(&state, Some(versions)).await;
        let query = "country=PL&country=DE&sort=oldest";
        let page = state
            .directory
            .snapshot()
            .list(ListFilter::from_query(query).0, Vec::new());

        let reply = send(&state, get(&format!("/initiatives.json?{query}"))).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            reply.headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"icc-initiatives-de-pl.json\""
        );
        let back = transfer::parse_records(&reply.body).expect("the import reads it");
        assert_eq!(back.len(), page.total as usize);
        // In the view's order: the oldest first, as the list shows them.
        assert_eq!(back[0].title.as_str(), page.items[0].title);
        let file: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(file["filter"], "country=DE&country=PL&sort=oldest");
        assert_eq!(
            file["source"],
            format!("http://{SITE}/initiatives?country=DE&country=PL&sort=oldest")
        );
        assert!(file["generated"].as_str().unwrap().ends_with('Z'));

        // Every version of the text, with its source and whether it is out of date, is read
        // back as it was imported (issue 17).
        let reply = send(&state, get("/initiatives.json?country=FR&country=UA")).await;
        let back = transfer::parse_records(&reply.body).expect("the import reads it");
        let given = transfer::parse_records(crate::common::TEXT_VERSIONS).unwrap();
        for original in given.iter().filter(|i| !i.translations.is_empty()) {
            let read = back
                .iter()
                .find(|i| i.title == original.title)
                .expect("the initiative with versions");
            // The export adds the day it was last confirmed (issue 23): here its publication.
            assert!(read.confirmed_on.is_some());
            let read = icc_initiatives::domain::NewInitiative {
                confirmed_on: None,
                ..read.clone()
            };
            assert_eq!(&read, original);
        }
    }

    /// The CSV file gives the original's language and every version in columns of their own,
    /// after the columns of before, which keep their places (issue 17).
    #[test]
    fn the_csv_export_gives_each_version_its_columns() {
        crate::common::block_on(the_csv_export_gives_each_version_its_columns_())
    }

    async fn the_csv_export_gives_each_version_its_columns_() {
        use icc_initiatives::server::open_data::CSV_HEADER;
        let (state, _dir) = super::state().await;
        let versions: serde_json::Value =
            serde_json::from_str(crate::common::TEXT_VERSIONS).unwrap();
        publish_sample(&state, Some(versions)).await;
        let reply = send(
            &state,
            get("/initiatives.csv?country=FR&country=UA&sort=city"),
        )
        .await;
        let body = reply.body.strip_prefix('\u{feff}').unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, CSV_HEADER);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let lyon = rows.iter().find(|r| &r[at("city")] == "Lyon").unwrap();
        assert_eq!(&lyon[at("text_language")], "fr");
        assert_eq!(
            &lyon[at("title")],
            "Cours de français pour les familles ukrainiennes"
        );
        assert_eq!(
            &lyon[at("title_uk")],
            "Курси французької для українських родин"
        );
        assert_eq!(&lyon[at("description_uk")], "Запис у мерії 3-го округу.");
        assert_eq!(&lyon[at("translated_by_uk")], "moderator");
        assert_eq!(&lyon[at("outdated_uk")], "true");
        assert_eq!(
            &lyon[at("title_en")],
            "French lessons for Ukrainian families"
        );
        assert_eq!(&lyon[at("description_en")], "");
        assert_eq!(&lyon[at("translated_by_en")], "submitter");
        assert_eq!(&lyon[at("outdated_en")], "false");
        for part in [
            "title",
            "summary",
            "description",
            "translated_by",
            "outdated",
        ] {
            assert_eq!(
                &lyon[at(&format!("{part}_fr"))],
                "",
                "the original is in title"
            );
        }
        let lviv = rows.iter().find(|r| &r[at("city")] == "Львів").unwrap();
        assert_eq!(&lviv[at("text_language")], "uk");
        assert_eq!(&lviv[at("translated_by_en")], "machine");
        assert_eq!(&lviv[at("title_uk")], "");
        // The columns of before are where they were.
        assert_eq!(&lyon[2], &lyon[at("title")]);
        assert_eq!(&lyon[6], "FR");
    }

    /// A feed in Ukrainian shows each initiative's Ukrainian version when it has one, without
    /// an `xml:lang` of its own, and marks the text of any other with the language it is in; the
    /// feed says its language, and stays well-formed (issue 17).
    #[test]
    fn a_feed_in_a_language_shows_its_versions_and_marks_the_rest() {
        crate::common::block_on(a_feed_in_a_language_shows_its_versions_and_marks_the_rest_())
    }

    async fn a_feed_in_a_language_shows_its_versions_and_marks_the_rest_() {
        const ATOM: &str = "http://www.w3.org/2005/Atom";
        const XML: &str = "http://www.w3.org/XML/1998/namespace";
        let (state, _dir) = super::state().await;
        let versions: serde_json::Value =
            serde_json::from_str(crate::common::TEXT_VERSIONS).unwrap();
        publish_sample(&state, Some(versions)).await;
        let reply = send(
            &state,
            get("/feed.atom?country=FR&country=UA&country=PL&lang=uk"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        let doc = roxmltree::Document::parse(&reply.body).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!(feed.attribute((XML, "lang")), Some("uk"));
        fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
            n.children()
                .find(|c| c.has_tag_name((ATOM, name)))
                .unwrap_or_else(|| panic!("<{name}>"))
        }
        assert_eq!(
            child(feed, "id").text(),
            Some(
                format!("http://{SITE}/feed.atom?country=FR&country=PL&country=UA&lang=uk")
                    .as_str()
            )
        );
        let entry = |city: &str| {
            feed.children()
                .filter(|e| e.has_tag_name((ATOM, "entry")))
                .find(|e| {
                    child(*e, "author")
                        .children()
                        .any(|n| n.text().is_some_and(|t| t.starts_with(city)))
                })
                .unwrap_or_else(|| panic!("the entry of {city}"))
        };
        // French, with a Ukrainian version: the version, in the feed's language.
        let lyon = entry("Lyon");
        let title = child(lyon, "title");
        assert_eq!(
            title.text(),
            Some("Курси французької для українських родин")
        );
        assert_eq!(title.attribute((XML, "lang")), None);
        assert_eq!(child(lyon, "summary").attribute((XML, "lang")), None);
        // English only: the original, marked as English.
        let gdansk = entry("Płock");
        let title = child(gdansk, "title");
        assert_eq!(title.text(), Some("Free trams for refugees"));
        assert_eq!(title.attribute((XML, "lang")), Some("en"));
        assert_eq!(
            child(gdansk, "summary").attribute((XML, "lang")),
            Some("en")
        );
        // Written in Ukrainian: the original, unmarked; the country in Ukrainian.
        let lviv = entry("Львів");
        assert_eq!(child(lviv, "title").attribute((XML, "lang")), None);
        assert!(lviv
            .descendants()
            .any(|n| n.text() == Some("Львів, Україна")));
        // In English the same feed shows Lyon's English version and Львів's.
        let english = send(&state, get("/feed.atom?country=FR&country=UA")).await;
        assert!(english
            .body
            .contains("<title>French lessons for Ukrainian families</title>"));
        assert!(english
            .body
            .contains("<title>Psychological support for internally displaced people</title>"));
    }

    /// API v1 gives the original's language and every version of the text, in the shape its
    /// document describes: the initiative the whole versions, the list their titles and
    /// summaries (issue 17).
    #[test]
    fn the_api_gives_the_text_language_and_the_versions() {
        crate::common::block_on(the_api_gives_the_text_language_and_the_versions_())
    }

    async fn the_api_gives_the_text_language_and_the_versions_() {
        let (state, _dir) = super::state().await;
        let versions: serde_json::Value =
            serde_json::from_str(crate::common::TEXT_VERSIONS).unwrap();
        publish_sample(&state, Some(versions)).await;
        let list = send(&state, get("/api/v1/initiatives?country=UA&per_page=100")).await;
        let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["city"] == "Львів")
            .unwrap();
        assert_eq!(item["text_language"], "uk");
        assert_eq!(
            item["translations"],
            serde_json::json!({
                "en": {
                    "title": "Psychological support for internally displaced people",
                    "summary": "Free counselling with psychologists in the city centre.",
                    "outdated": false
                },
                "fr": {
                    "title": "Soutien psychologique pour les personnes déplacées",
                    "summary": "Des consultations gratuites avec des psychologues au centre-ville.",
                    "outdated": true
                }
            })
        );
        assert_eq!(
            item["title"],
            "Психологічна підтримка для внутрішньо переміщених осіб"
        );
        let one = send(
            &state,
            get(item["api_url"]
                .as_str()
                .unwrap()
                .trim_start_matches(&format!("http://{SITE}"))),
        )
        .await;
        let one: serde_json::Value = serde_json::from_str(&one.body).unwrap();
        assert_eq!(one["text_language"], "uk");
        assert_eq!(
            one["translations"]["fr"],
            serde_json::json!({
                "title": "Soutien psychologique pour les personnes déplacées",
                "summary": "Des consultations gratuites avec des psychologues au centre-ville.",
                "description": null,
                "source": "submitter",
                "outdated": true
            })
        );
        assert_eq!(one["translations"]["en"]["source"], "machine");
        // An initiative without versions has an empty map, never a missing key.
        let sample = send(&state, get("/api/v1/initiatives?country=LV")).await;
        let sample: serde_json::Value = serde_json::from_str(&sample.body).unwrap();
        let item = &sample["items"][0];
        assert_eq!(item["text_language"], "en");
        assert!(item["translations"].is_object());
    }

    // ---- one public record, every output (issue 16) ----

    /// What the import format (`/initiatives.json`, `icc-initiatives export`) leaves out: the
    /// importing site gives its own address, slug and times.
    const IMPORT_FORMAT_LEAVES_OUT: &[&str] = &["url", "slug", "published", "updated"];
    /// What an item of API v1's list leaves out: its `api_url` gives the whole record (the list
    /// is written from the in-memory directory's cards, which hold no long texts).
    const API_LIST_LEAVES_OUT: &[&str] = &[
        "description",
        "start_date",
        "end_date",
        "website",
        "contact_email",
        "languages",
        "source",
    ];
    /// What an Atom entry leaves out (Atom has no element for them; the linked page shows
    /// them). Its text is one version, the feed's language's, else the original (marked with
    /// `xml:lang`): the test reads the versions in the feeds of their languages.
    const ATOM_LEAVES_OUT: &[&str] = &[
        // The city's confirmation (issue 23): the linked page says it.
        "confirmed_on",
        "freshness",
        "activity",
        "start_date",
        "end_date",
        "website",
        "contact_email",
        "languages",
        "source",
    ];
    /// What the embed leaves out: a card for a narrow frame shows the title (its link), the
    /// place, the types and the summary — of one version of the text, the reader's language's
    /// (else the original), which the linked page shows with the others; which language it is
    /// in is the reading views' `lang` marking, checked with them, not a value written here.
    const EMBED_LEAVES_OUT: &[&str] = &[
        // Said as a sentence ("Confirmed by the city on <time datetime=…>"), whose date is
        // the record's `confirmed_on`: the state's code itself is not written.
        "freshness",
        "text_language",
        "translations",
        "description",
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
    ];
    /// What the sitemap leaves out: it gives each page's address and the day it changed.
    const SITEMAP_LEAVES_OUT: &[&str] = &[
        "confirmed_on",
        "freshness",
        "text_language",
        "translations",
        "title",
        "summary",
        "description",
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
    ];

    /// The texts that stand for a value of the record in a text output: a string itself, each
    /// element of a list.
    fn texts(value: &serde_json::Value) -> Vec<String> {
        match value {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items.iter().flat_map(texts).collect(),
            other => vec![other.to_string()],
        }
    }

    /// Every field of the public record (`domain::PublicRecord`, enumerated from its JSON)
    /// appears in every output written from it — the CSV file, `/initiatives.json`, API v1's
    /// initiative and list, the Atom feed, the command line's export, the embed and the sitemap —
    /// unless that output's list above says why it leaves the field out. A field added to the
    /// record fails here until each output writes it or lists it, with the reason. On SQLite and
    /// (with `TEST_DATABASE_URL`) PostgreSQL.
    #[test]
    fn a_field_of_the_public_record_appears_in_every_output() {
        crate::common::block_on(a_field_of_the_public_record_appears_in_every_output_())
    }

    async fn a_field_of_the_public_record_appears_in_every_output_() {
        use icc_initiatives::components::labels::{locale_of, type_name};
        use icc_initiatives::domain::{
            CountryCode, InitiativeType, Origin, PublicRecord, UiLanguage,
        };
        use icc_initiatives::server::{store::initiatives::published_by_slug, store::transfer};
        use serde_json::Value;

        for exempt in [
            IMPORT_FORMAT_LEAVES_OUT,
            API_LIST_LEAVES_OUT,
            ATOM_LEAVES_OUT,
            EMBED_LEAVES_OUT,
            SITEMAP_LEAVES_OUT,
        ] {
            for name in exempt {
                assert!(
                    PublicRecord::NAMES.contains(name),
                    "{name} is not a field of the record"
                );
            }
        }
        // One initiative, every field given, in words no format escapes: written in French,
        // with a Ukrainian version (so the English outputs show the original, marked).
        let file = serde_json::json!({ "initiatives": [{
            "city": "Zgierz",
            "country": "PL",
            "text_language": "fr",
            "title": "Recordcheck shelter for families",
            "summary": "Recordcheck summary of the shelter",
            "description": "Recordcheck description of the shelter",
            "translations": { "uk": {
                "title": "Recordcheck версія притулку",
                "summary": "Recordcheck версія опису притулку",
                "description": "Recordcheck версія повного опису",
                "source": "submitter",
                "outdated": true
            }},
            "types": ["housing", "legal"],
            "commitments": [3, 5],
            "status": "planned",
            "start_date": "2023-04-05",
            "end_date": "2024-06-07",
            "website": "https://recordcheck.example/site",
            "contact_email": "team@recordcheck.example",
            "languages": ["pl", "uk"],
            "source": "https://recordcheck.example/report"
        }]});
        for db in crate::common::fresh_databases().await {
            let state = AppState::new(
                leptos::prelude::LeptosOptions::builder()
                    .output_name("icc-initiatives")
                    .build(),
                db.conn.clone(),
                icc_initiatives::server::directory::Directory::default(),
                GuardSettings::default(),
            );
            let records = transfer::parse_records(&file.to_string()).unwrap();
            transfer::store_all(&state.db, &records, Origin::Imported, |_| ())
                .await
                .unwrap();
            state.directory.refresh(&state.db).await.unwrap();
            let slug = state
                .directory
                .snapshot()
                .pages()
                .next()
                .unwrap()
                .0
                .to_owned();
            let stored = published_by_slug(&state.db, &slug).await.unwrap().unwrap();
            let clock = state.directory.clock();
            let record =
                PublicRecord::new(&format!("http://{SITE}"), stored, clock.rule, clock.today);
            let record = serde_json::to_value(&record).unwrap();
            let fields = record.as_object().unwrap();
            assert_eq!(fields.len(), PublicRecord::NAMES.len());
            for (name, value) in fields {
                let given = match value {
                    Value::Null => false,
                    Value::String(s) => !s.is_empty(),
                    Value::Array(a) => !a.is_empty(),
                    Value::Object(o) => !o.is_empty(),
                    _ => true,
                };
                assert!(given, "{}: give the test's initiative a {name}", db.name);
            }
            let day = |v: &Value| v.as_str().unwrap()[..10].to_owned();
            let checked = |output: &str, exempt: &[&str], found: &dyn Fn(&str, &Value) -> bool| {
                for (name, value) in fields {
                    if !exempt.contains(&name.as_str()) {
                        assert!(
                            found(name, value),
                            "{}: the record's {name} ({value}) is not in the {output}; write it \
                             there or list it in the output's exemptions, with the reason",
                            db.name
                        );
                    }
                }
            };

            // The CSV file: a column named after each field, its cell the value as CSV writes
            // it (lists joined with `;`, the last change as its day); the versions as columns
            // named after their part and language (`title_uk`, `translated_by_uk`…).
            let csv = send(&state, get("/initiatives.csv")).await;
            let mut reader =
                csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            let row: Vec<String> = reader
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            let column = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .map(|k| row[k].as_str())
            };
            checked("CSV file", &[], &|name, value| {
                if name == "translations" {
                    return value
                        .as_object()
                        .unwrap()
                        .iter()
                        .all(|(language, version)| {
                            let part = |part: &str| column(&format!("{part}_{language}"));
                            part("title") == version["title"].as_str()
                                && part("summary") == version["summary"].as_str()
                                && part("description") == version["description"].as_str()
                                && part("translated_by") == version["source"].as_str()
                                && part("outdated")
                                    == Some(version["outdated"].to_string().as_str())
                        });
                }
                let cell = column(name);
                let expected = match name {
                    "updated" => day(value),
                    _ => texts(value).join(";"),
                };
                cell == Some(expected.as_str())
            });

            // API v1's initiative: every field under its own name, as the record writes it.
            let one = send(&state, get(&format!("/api/v1/initiatives/{slug}"))).await;
            let one: Value = serde_json::from_str(&one.body).unwrap();
            checked("API v1 initiative", &[], &|name, value| one[name] == *value);

            // API v1's list: the item's fields under the same names; of the versions, their
            // titles and summaries (the cards' part of them).
            let list = send(&state, get("/api/v1/initiatives")).await;
            let list: Value = serde_json::from_str(&list.body).unwrap();
            let item = &list["items"][0];
            checked("API v1 list", API_LIST_LEAVES_OUT, &|name, value| {
                if name == "translations" {
                    let versions = value.as_object().unwrap();
                    return item[name].as_object().unwrap().len() == versions.len()
                        && versions.iter().all(|(language, version)| {
                            ["title", "summary", "outdated"]
                                .iter()
                                .all(|part| item[name][language][part] == version[part])
                        });
                }
                item[name] == *value
            });

            // The import format, downloaded and from the command line: the same values, the
            // activity named `status`.
            let import_name =
                |name: &str| if name == "activity" { "status" } else { name }.to_owned();
            let download = send(&state, get("/initiatives.json")).await;
            let download: Value = serde_json::from_str(&download.body).unwrap();
            let exported: Value =
                serde_json::from_str(&transfer::export_json(&state.db).await.unwrap()).unwrap();
            for (output, file) in [("/initiatives.json", &download), ("CLI export", &exported)] {
                let one = &file["initiatives"][0];
                checked(output, IMPORT_FORMAT_LEAVES_OUT, &|name, value| {
                    one[import_name(name)] == *value
                });
            }

            // The Atom entry: the country by its English name, types and commitments as
            // categories, the dates as Atom's times, the original's language as the `xml:lang`
            // of its text (the feed is English), each version in the feed of its language and
            // linked with its `hreflang`.
            let feed = send(&state, get("/feed.atom")).await.body;
            let entry = &feed[feed.find("<entry>").unwrap()..feed.find("</entry>").unwrap()];
            let mut feed_in = std::collections::HashMap::new();
            for language in fields["translations"].as_object().unwrap().keys() {
                let address = format!("/feed.atom?lang={language}");
                feed_in.insert(language.clone(), send(&state, get(&address)).await.body);
            }
            checked("Atom entry", ATOM_LEAVES_OUT, &|name, value| {
                let wanted: Vec<String> = match name {
                    "text_language" => vec![format!("xml:lang=\"{}\"", value.as_str().unwrap())],
                    "translations" => {
                        return value
                            .as_object()
                            .unwrap()
                            .iter()
                            .all(|(language, version)| {
                                let feed = &feed_in[language];
                                entry.contains(&format!("hreflang=\"{language}\""))
                                    && ["title", "summary", "description"]
                                        .iter()
                                        .all(|part| feed.contains(version[part].as_str().unwrap()))
                            });
                    }
                    "country" => {
                        let code = CountryCode::parse(value.as_str().unwrap()).unwrap();
                        vec![code.name(UiLanguage::En).to_owned()]
                    }
                    "types" | "commitments" => texts(value)
                        .iter()
                        .map(|t| format!("term=\"{t}\""))
                        .collect(),
                    "published" => vec![format!("<published>{}T00:00:00Z</published>", day(value))],
                    "updated" => vec![format!("<updated>{}</updated>", value.as_str().unwrap())],
                    _ => texts(value),
                };
                wanted.iter().all(|w| entry.contains(w.as_str()))
            });

            // The embed, in English: the country and the types by their names, the title's
            // link relative to the frame.
            let embed = send(&state, get("/embed/initiatives?lang=en")).await.body;
            let card = &embed[embed.find("<li>").unwrap()..embed.find("</li>").unwrap()];
            checked("embed", EMBED_LEAVES_OUT, &|name, value| {
                let wanted: Vec<String> = match name {
                    "country" => {
                        let code = CountryCode::parse(value.as_str().unwrap()).unwrap();
                        vec![code.name(UiLanguage::En).to_owned()]
                    }
                    "types" => texts(value)
                        .iter()
                        .map(|t| {
                            let t = InitiativeType::parse(t).unwrap();
                            // As HTML writes it: `Housing &amp; accommodation`.
                            type_name(locale_of(UiLanguage::En), t).replace('&', "&amp;")
                        })
                        .collect(),
                    // Relative, with the frame's `lang=`.
                    "url" => vec![format!("href=\"{}?lang=en\"", PublicRecord::path_of(&slug))],
                    _ => texts(value),
                };
                wanted.iter().all(|w| card.contains(w.as_str()))
            });

            // The sitemap: the page's address and the day it last changed.
            let map = send(&state, get("/sitemap.xml")).await.body;
            let url = map
                .split("<url>")
                .find(|u| u.contains(&slug))
                .unwrap()
                .to_owned();
            checked("sitemap", SITEMAP_LEAVES_OUT, &|name, value| match name {
                "url" => url.contains(&format!("<loc>{}</loc>", value.as_str().unwrap())),
                "updated" => url.contains(&format!("<lastmod>{}</lastmod>", day(value))),
                _ => texts(value).iter().all(|t| url.contains(t.as_str())),
            });
            drop(state);
            db.drop_pg().await;
        }
    }

    // ---- the embed for other sites' pages (`/embed/initiatives`) ----

    /// The sample and the browser tests' fixtures (Kraków, Wrocław, Львів…): 45 initiatives.
    async fn publish_sample_and_fixtures(state: &AppState) -> usize {
        let fixtures: serde_json::Value =
            serde_json::from_str(include_str!("../end2end/fixtures/test-initiatives.json"))
                .unwrap();
        publish_sample(state, Some(fixtures)).await
    }

    fn get_with(path: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
        let mut request = get(path);
        for (name, value) in headers {
            request
                .headers_mut()
                .insert(name.clone(), value.parse().unwrap());
        }
        request
    }

    /// The answer's headers and its body as sent (compressed or not).
    async fn send_bytes(
        state: &AppState,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let _turn = super::RENDERING.lock().await;
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    }

    fn select<'a>(html: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        html.select(&scraper::Selector::parse(css).unwrap())
            .collect()
    }

    fn text(e: &scraper::ElementRef<'_>) -> String {
        e.text().collect::<String>()
    }

    /// Only the embed may be framed by other sites: it sends `frame-ancestors *` and no
    /// `X-Frame-Options`, from the cache too, while every other page keeps refusing frames. Its
    /// policy stays strict otherwise: no script at all, its one stylesheet allowed by its hash.
    #[test]
    fn only_the_embed_may_be_framed_and_it_runs_no_script() {
        crate::common::block_on(only_the_embed_may_be_framed_and_it_runs_no_script_())
    }

    async fn only_the_embed_may_be_framed_and_it_runs_no_script_() {
        use sha2::Digest;
        let (state, _dir) = super::state().await;
        publish_sample(&state, None).await;
        for round in ["rendered", "from the cache"] {
            let r = send(&state, get("/embed/initiatives?country=PL")).await;
            assert_eq!(r.status, StatusCode::OK, "{round}");
            assert!(r.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"));
            assert!(r.headers.get(header::X_FRAME_OPTIONS).is_none(), "{round}");
            let policy = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(policy.ends_with("frame-ancestors *"), "{round}: {policy}");
            assert!(policy.starts_with("default-src 'none';"), "{policy}");
            assert!(!policy.contains("script-src") && !policy.contains("unsafe"));
            assert!(!r.body.contains("<script"), "{round}: no script");
            assert!(!r.body.contains("enhance.js") && !r.body.contains(".wasm"));
            assert!(!r.body.contains("<form") && !r.body.contains("<iframe"));
            // The stylesheet in the page is the one the policy's hash allows.
            let html = scraper::Html::parse_document(&r.body);
            let styles = select(&html, "style");
            assert_eq!(styles.len(), 1);
            let hash =
                data_encoding::BASE64.encode(&sha2::Sha256::digest(text(&styles[0]).as_bytes()));
            assert!(
                policy.contains(&format!("style-src 'sha256-{hash}'")),
                "{policy}"
            );
            assert!(select(&html, "[style]").is_empty(), "no style attribute");
        }
        for path in [
            "/",
            "/initiatives?country=PL",
            "/initiatives.csv",
            "/embed/initiatives/more",
            "/embed",
            "/no-such-page",
        ] {
            let r = send(&state, get(path)).await;
            assert_eq!(r.headers[header::X_FRAME_OPTIONS], "DENY", "{path}");
            if let Some(policy) = r.headers.get(header::CONTENT_SECURITY_POLICY) {
                assert!(
                    policy.to_str().unwrap().ends_with("frame-ancestors 'none'"),
                    "{path}: {policy:?}"
                );
            }
        }
    }

    /// The embed reads its address with the list's parser: cities compared folded and OR'ed,
    /// the other filters as on the list; it shows what the list's first page shows, each item
    /// linked to its public page in a new tab, the total, and a link to the whole view.
    #[test]
    fn the_embed_shows_the_view_of_its_address_with_cities_folded() {
        crate::common::block_on(the_embed_shows_the_view_of_its_address_with_cities_folded_())
    }

    async fn the_embed_shows_the_view_of_its_address_with_cities_folded_() {
        let (state, _dir) = super::state().await;
        publish_sample_and_fixtures(&state).await;

        let r = send(&state, get("/embed/initiatives?city=KRAKOW")).await;
        let html = scraper::Html::parse_document(&r.body);
        let links = select(&html, "li h2 a");
        assert_eq!(links.len(), 1);
        assert_eq!(text(&links[0]), "Welcome point at the main railway station");
        assert_eq!(
            links[0].attr("href"),
            Some("/initiatives/krakow-welcome-point-at-the-main-railway-station")
        );
        assert_eq!(text(&select(&html, "h1")[0]), "1 initiative");
        assert!(text(&select(&html, ".place")[0]).starts_with("Kraków, Poland"));

        let query = "country=PL&city=GDANSK&city=wroc%C5%82aw&sort=oldest&page=7";
        let r = send(&state, get(&format!("/embed/initiatives?{query}"))).await;
        assert_eq!(r.status, StatusCode::OK);
        let html = scraper::Html::parse_document(&r.body);
        let cities: Vec<String> = select(&html, ".place bdi").iter().map(text).collect();
        assert_eq!(cities, ["Gdańsk", "Gdańsk", "Wrocław"], "oldest first");
        assert_eq!(text(&select(&html, "h1")[0]), "3 initiatives");
        assert!(
            select(&html, ".problems").is_empty(),
            "a page number does not matter"
        );
        for a in select(&html, "a") {
            assert_eq!(a.attr("target"), Some("_blank"), "{:?}", a.attr("href"));
            assert_eq!(a.attr("rel"), Some("noopener"));
        }
        let all = select(&html, ".all a");
        assert_eq!(
            all[0].attr("href"),
            Some("/initiatives?country=PL&city=GDANSK&city=wroc%C5%82aw&sort=oldest")
        );
        assert_eq!(text(&all[0]), "See all 3 on the ICC directory");

        // Twenty at most, newest first as on the list, with the total.
        let list = state.directory.snapshot().list(
            icc_initiatives::domain::ListFilter::default().with_page(1),
            vec![],
        );
        let r = send(&state, get("/embed/initiatives")).await;
        let html = scraper::Html::parse_document(&r.body);
        let titles: Vec<String> = select(&html, "li h2 a").iter().map(text).collect();
        let expected: Vec<String> = list.items.iter().map(|c| c.title.clone()).collect();
        assert_eq!(titles, expected);
        assert_eq!(titles.len(), 20);
        assert_eq!(
            text(&select(&html, ".all a")[0]),
            "See all 45 on the ICC directory"
        );

        let none = send(&state, get("/embed/initiatives?city=Atlantis")).await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.body.contains("No initiative matches these filters."));
        assert!(!none.body.contains("class=\"all\""));
    }

    /// The list page, the exports and the feed honour `city=` the same way.
    #[test]
    fn the_list_the_exports_and_the_feed_honour_the_city_filter() {
        crate::common::block_on(the_list_the_exports_and_the_feed_honour_the_city_filter_())
    }

    async fn the_list_the_exports_and_the_feed_honour_the_city_filter_() {
        let (state, _dir) = super::state().await;
        publish_sample_and_fixtures(&state).await;
        let page = send(&state, get("/initiatives?city=gdansk&type=transport")).await;
        let html = scraper::Html::parse_document(&page.body);
        assert_eq!(select(&html, ".results article").len(), 1);
        let chip = text(&select(&html, ".chips li")[0]);
        assert!(chip.starts_with("City: gdansk"), "{chip}");
        assert_eq!(
            select(&html, ".chips li a")[0].attr("href"),
            Some("/initiatives?type=transport")
        );
        let hidden = select(&html, "form input[type=hidden][name=city]");
        assert_eq!(
            hidden[0].attr("value"),
            Some("gdansk"),
            "kept when filters change"
        );

        let csv = send(&state, get("/initiatives.csv?city=GDA%C5%83SK")).await;
        assert_eq!(csv.body.matches("/initiatives/").count(), 2);
        assert_eq!(
            csv.headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"icc-initiatives-gdansk.csv\""
        );
        let json = send(&state, get("/initiatives.json?city=krakow&city=Wroclaw")).await;
        let file: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(file["initiatives"].as_array().unwrap().len(), 2);
        assert_eq!(file["filter"], "city=Wroclaw&city=krakow");
        let feed = send(&state, get("/feed.atom?city=Krak%C3%B3w")).await;
        assert_eq!(feed.body.matches("<entry>").count(), 1);
        let refused = send(
            &state,
            get(&format!("/initiatives.csv?city={}", "x".repeat(101))),
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("is not a city name"));
    }

    /// `lang=` chooses the embed's language; without it (or with another value) the reader's
    /// browser does. Values from the address that cannot be used are reported as on the list
    /// page, translated, as text: never an error.
    #[test]
    fn the_embed_speaks_its_lang_and_reports_bad_values_as_the_list_does() {
        crate::common::block_on(
            the_embed_speaks_its_lang_and_reports_bad_values_as_the_list_does_(),
        )
    }

    async fn the_embed_speaks_its_lang_and_reports_bad_values_as_the_list_does_() {
        let (state, _dir) = super::state().await;
        publish_sample(&state, None).await;
        let fr = send(&state, get("/embed/initiatives?country=PL&lang=fr")).await;
        assert!(fr.body.contains("<html lang=\"fr\""));
        assert!(
            fr.body.contains("Voir les 6 dans le répertoire ICC"),
            "{}",
            fr.body
        );
        assert!(fr.body.contains("Pologne"));
        let uk = send(
            &state,
            get_with(
                "/embed/initiatives?country=PL&lang=xx",
                &[(header::ACCEPT_LANGUAGE, "uk-UA,en;q=0.5")],
            ),
        )
        .await;
        assert!(uk.body.contains("<html lang=\"uk\""));
        assert!(
            uk.body.contains("Переглянути всі 6 у довіднику ICC"),
            "{}",
            uk.body
        );
        let en = send(&state, get("/embed/initiatives?country=PL")).await;
        assert!(en.body.contains("<html lang=\"en\""));
        let uk_even_so = send(
            &state,
            get_with(
                "/embed/initiatives?country=PL&lang=en",
                &[(header::ACCEPT_LANGUAGE, "uk")],
            ),
        )
        .await;
        assert!(uk_even_so.body.contains("<html lang=\"en\""), "lang= wins");

        let bad = format!(
            "/embed/initiatives?lang=fr&country=%3Cscript%3Ealert(1)%3C/script%3E&type=nope&city={}&commitment=9&q={}",
            "x".repeat(150),
            "a".repeat(300)
        );
        let r = send(&state, get(&bad)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains("<script"));
        let html = scraper::Html::parse_document(&r.body);
        let problems: Vec<String> = select(&html, ".problems li").iter().map(text).collect();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].starts_with("le pays inconnu « <script>alert(1)</script> »"));
        assert_eq!(
            select(&html, ".problems li bdi").len(),
            4,
            "values isolated"
        );
        assert!(problems
            .iter()
            .any(|p| p.contains("n'est pas un nom de ville")));
    }

    /// Text of `len` characters that compresses about as badly as real text can: letters drawn
    /// at random from Latin and Cyrillic (two bytes each in UTF-8), a space every few.
    fn noise(seed: &mut u64, len: usize) -> String {
        const LETTERS: &str =
            "abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюяąćęłńóśźż";
        let letters: Vec<char> = LETTERS.chars().collect();
        (0..len)
            .map(|i| {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if i % 7 == 6 {
                    ' '
                } else {
                    letters[(*seed >> 33) as usize % letters.len()]
                }
            })
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// Twenty initiatives stay under 20 KB with brotli, as a phone on another site's page
    /// downloads them: those of the sample, and twenty with the longest titles, summaries and
    /// city names the form accepts, in random letters.
    #[test]
    fn twenty_initiatives_in_the_embed_weigh_under_20_kb_with_brotli() {
        crate::common::block_on(twenty_initiatives_in_the_embed_weigh_under_20_kb_with_brotli_())
    }

    async fn twenty_initiatives_in_the_embed_weigh_under_20_kb_with_brotli_() {
        let mut seed = 7;
        let longest: Vec<serde_json::Value> = (0..20)
            .map(|_| {
                serde_json::json!({
                    "city": noise(&mut seed, 100),
                    "country": "UA",
                    "title": noise(&mut seed, 150),
                    "summary": noise(&mut seed, 400),
                    "types": ["housing", "anti-discrimination", "humanitarian-aid"],
                    "status": "ongoing",
                })
            })
            .collect();
        for (what, extra) in [
            ("sample", None),
            (
                "longest",
                Some(serde_json::json!({ "initiatives": longest })),
            ),
        ] {
            let (state, _dir) = super::state().await;
            match extra {
                None => publish_sample_and_fixtures(&state).await,
                Some(file) => publish_sample(&state, Some(file)).await,
            };
            let (status, headers, plain) =
                send_bytes(&state, get("/embed/initiatives?lang=uk")).await;
            assert_eq!(status, StatusCode::OK);
            let page = String::from_utf8(plain.clone()).unwrap();
            assert_eq!(page.matches("<li><h2>").count(), 20, "{what}");
            assert!(headers.get(header::CONTENT_ENCODING).is_none());
            let (_, headers, compressed) = send_bytes(
                &state,
                get_with(
                    "/embed/initiatives?lang=uk",
                    &[(header::ACCEPT_ENCODING, "gzip, deflate, br")],
                ),
            )
            .await;
            assert_eq!(headers[header::CONTENT_ENCODING], "br");
            eprintln!(
                "the embed with 20 initiatives ({what}): {} bytes, {} with brotli",
                plain.len(),
                compressed.len()
            );
            assert!(
                compressed.len() < 20 * 1024,
                "{what}: {} bytes",
                compressed.len()
            );
            let mut unpacked = Vec::new();
            brotli::BrotliDecompress(&mut compressed.as_slice(), &mut unpacked).unwrap();
            assert_eq!(unpacked, plain, "the same page");
        }
    }

    /// The list page offers the embed of its view: the code names the site in full, with the
    /// view's filters (not its page) and the page's language, and the preview frames it.
    #[test]
    fn the_list_offers_the_embed_code_of_its_view() {
        crate::common::block_on(the_list_offers_the_embed_code_of_its_view_())
    }

    async fn the_list_offers_the_embed_code_of_its_view_() {
        let (state, _dir) = super::state().await;
        publish_sample_and_fixtures(&state).await;
        let r = send(
            &state,
            get_with(
                "/initiatives?country=PL&city=krakow&city=Gda%C5%84sk&page=2",
                &[(header::COOKIE, "lang=fr")],
            ),
        )
        .await;
        let html = scraper::Html::parse_document(&r.body);
        let code = text(&select(&html, "details.embed textarea#embed-code")[0]);
        let address = "/embed/initiatives?country=PL&city=Gda%C5%84sk&city=krakow&lang=fr";
        assert_eq!(
            code,
            format!(
                "<iframe src=\"http://{SITE}{}\" title=\"Initiatives de solidarité avec \
                 l'Ukraine, du répertoire ICC\" width=\"100%\" height=\"640\" \
                 loading=\"lazy\"></iframe>",
                address.replace('&', "&amp;")
            )
        );
        let preview = &select(&html, "details.embed iframe")[0];
        assert_eq!(preview.attr("src"), Some(address));
        assert_eq!(preview.attr("loading"), Some("lazy"));
        assert!(preview.attr("title").is_some());
        // The address of the code works: the same three initiatives.
        let embed = send(&state, get(address)).await;
        assert!(
            embed.body.contains("<h1>3 initiatives</h1>"),
            "{}",
            embed.body
        );

        // Another host (no public origin set) gets its own code, not a kept page's.
        let other = send(
            &state,
            Request::builder()
                .uri("/initiatives?country=PL&city=krakow&city=Gda%C5%84sk&page=2")
                .header(header::HOST, "other.example:8080")
                .header(header::COOKIE, "lang=fr")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(other
            .body
            .contains("src=\"http://other.example:8080/embed/initiatives?"));
    }

    /// The language comes from `Accept-Language` until a person chooses one; only their choice
    /// (a post of the language buttons) sets the cookie. A page never sets it on its own: that
    /// was leptos_i18n's provider writing back the language it guessed, from an effect that on
    /// the server runs as a task of its own (and, once its page was gone, panicked).
    #[test]
    fn a_page_speaks_the_browsers_language_without_setting_a_cookie() {
        crate::common::block_on(a_page_speaks_the_browsers_language_without_setting_a_cookie_())
    }

    async fn a_page_speaks_the_browsers_language_without_setting_a_cookie_() {
        let (state, _dir) = super::state().await;
        for path in ["/", "/initiatives", "/declaration", "/submit"] {
            let mut request = get(path);
            request
                .headers_mut()
                .insert(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9".parse().unwrap());
            let reply = send(&state, request).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert!(reply.body.contains("<html lang=\"fr\""), "{path}");
            assert_eq!(reply.headers.get(header::SET_COOKIE), None, "{path}");
        }
    }

    fn form_body(ticket: &str, title: &str) -> String {
        format!(
            "ticket={}&leave_empty=&city=Gda%C5%84sk&country=PL&text_language=en&title={}&summary=Refugees+ride+buses+and+trams+free+of+charge.\
             &types=transport&types=health&commitments=2&activity=ongoing&start_date=&end_date=&website=www.gdansk.pl\
             &contact_email=&submitter_name=Anna&submitter_email=anna%40gdansk.example&submitter_role=Coordinator&consent=yes",
            icc_initiatives::domain::percent_encode(ticket),
            icc_initiatives::domain::percent_encode(title)
        )
    }

    #[test]
    fn only_the_form_pages_load_wasm_and_no_page_carries_its_data_twice() {
        crate::common::block_on(only_the_form_pages_load_wasm_and_no_page_carries_its_data_twice_())
    }

    async fn only_the_form_pages_load_wasm_and_no_page_carries_its_data_twice_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        for path in [
            "/",
            "/initiatives?country=PL",
            "/declaration",
            "/submit",
            "/nowhere",
        ] {
            let r = send(&state, get(path)).await;
            assert!(
                r.body.contains(icc_initiatives::app::ENHANCE_JS),
                "{path} loads the navigation script"
            );
            // Islands mode: no resource is serialised for hydration beside its HTML.
            assert!(
                !r.body.contains("__RESOLVED_RESOURCES["),
                "{path} carries serialised data"
            );
            assert_eq!(
                r.body.contains(".wasm"),
                path == "/submit",
                "{path}: only a page with the form island loads the wasm"
            );
        }
    }

    #[test]
    fn posts_from_another_site_or_from_nowhere_are_refused() {
        crate::common::block_on(posts_from_another_site_or_from_nowhere_are_refused_())
    }

    async fn posts_from_another_site_or_from_nowhere_are_refused_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let t = state.guard.ticket();
        for origin in [Some("https://evil.example"), None] {
            let r = send(&state, post("/submit", origin, form_body(&t, "Free trams"))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin:?}");
        }
        // Server functions too.
        let r = send(
            &state,
            post(
                "/fn/moderator_edit",
                Some("https://evil.example"),
                "id=1".into(),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_refusal_page_speaks_the_language_of_the_browser_even_when_compressed() {
        crate::common::block_on(
            a_refusal_page_speaks_the_language_of_the_browser_even_when_compressed_(),
        )
    }

    async fn a_refusal_page_speaks_the_language_of_the_browser_even_when_compressed_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let mut request = post("/submit", Some("https://evil.example"), "title=x".into());
        request
            .headers_mut()
            .insert(header::ACCEPT_LANGUAGE, "uk-UA, en;q=0.5".parse().unwrap());
        request
            .headers_mut()
            .insert(header::ACCEPT_ENCODING, "br, gzip".parse().unwrap());
        let r = send(&state, request).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.headers.get(header::CONTENT_ENCODING).is_none());
        assert!(r.body.contains("<html lang=\"uk\">"), "{}", r.body);
        assert!(
            r.body.contains("Цю форму надіслано з іншого сайту"),
            "{}",
            r.body
        );

        // A moderator's decision without a live session, in French by the language cookie.
        let mut forged = post(
            "/admin/initiatives/1/act",
            HERE,
            "action=publish&version=1".into(),
        );
        forged.headers_mut().insert(
            header::COOKIE,
            "lang=fr; icc_session=not-a-session".parse().unwrap(),
        );
        let r = send(&state, forged).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Connexion requise"), "{}", r.body);
        assert!(
            r.body
                .contains("<a href=\"/admin/sign-in\">Se connecter</a>"),
            "{}",
            r.body
        );
    }

    #[test]
    fn a_form_without_javascript_comes_back_with_every_value_and_the_specific_error() {
        crate::common::block_on(
            a_form_without_javascript_comes_back_with_every_value_and_the_specific_error_(),
        )
    }

    async fn a_form_without_javascript_comes_back_with_every_value_and_the_specific_error_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let r = send(
            &state,
            post(
                "/submit",
                HERE,
                form_body(&state.guard.ticket(), "Free trams for all"),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r
            .body
            .contains("The website must start with http:// or https://"));
        assert!(
            r.body.contains("value=\"Free trams for all\""),
            "title kept"
        );
        assert!(r.body.contains("value=\"www.gdansk.pl\""), "website kept");
        assert!(
            r.body
                .contains("Refugees ride buses and trams free of charge."),
            "summary kept"
        );
        assert!(
            r.body.contains("href=\"#website\""),
            "summary links to the field"
        );
    }

    #[test]
    fn a_valid_form_without_javascript_is_stored_and_shows_the_link_once() {
        crate::common::block_on(
            a_valid_form_without_javascript_is_stored_and_shows_the_link_once_(),
        )
    }

    async fn a_valid_form_without_javascript_is_stored_and_shows_the_link_once_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let body = form_body(&state.guard.ticket(), "Free trams").replace(
            "website=www.gdansk.pl",
            "website=https%3A%2F%2Fwww.gdansk.pl",
        );
        let r = send(&state, post("/submit", HERE, body)).await;
        assert_eq!(r.status, StatusCode::OK);
        let start = r.body.find("/manage/").expect("manage link shown");
        let token: String = r.body[start + 8..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert_eq!(token.len(), 43);
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
        let page = send(&state, get(&format!("/manage/{token}"))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Free trams"));
    }

    #[test]
    fn too_quick_automated_and_too_many_submissions_are_refused_keeping_the_input() {
        crate::common::block_on(
            too_quick_automated_and_too_many_submissions_are_refused_keeping_the_input_(),
        )
    }

    async fn too_quick_automated_and_too_many_submissions_are_refused_keeping_the_input_() {
        let (state, _dir) = state_with(settings(30, 1)).await;
        let valid = |t: &str| {
            form_body(t, "Free trams").replace(
                "website=www.gdansk.pl",
                "website=https%3A%2F%2Fwww.gdansk.pl",
            )
        };
        let r = send(&state, post("/submit", HERE, valid(&state.guard.ticket()))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("quicker than a person"));
        assert!(r.body.contains("value=\"Free trams\""));

        let (state, _dir2) = state_with(settings(0, 1)).await;
        let bot = valid(&state.guard.ticket()).replace("leave_empty=", "leave_empty=buy+now");
        let r = send(&state, post("/submit", HERE, bot)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("meant to stay empty"));

        let first = send(&state, post("/submit", HERE, valid(&state.guard.ticket()))).await;
        assert_eq!(first.status, StatusCode::OK);
        let second = send(&state, post("/submit", HERE, valid(&state.guard.ticket()))).await;
        assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(second.body.contains("Too many submissions"));
        assert!(second.body.contains("value=\"Free trams\""), "input kept");
    }

    #[test]
    fn bodies_over_64_kb_get_413() {
        crate::common::block_on(bodies_over_64_kb_get_413_())
    }

    async fn bodies_over_64_kb_get_413_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let big = format!("title={}", "a".repeat(70 * 1024));
        let r = send(&state, post("/submit", HERE, big)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn unknown_manage_links_are_404_and_guessing_is_limited() {
        crate::common::block_on(unknown_manage_links_are_404_and_guessing_is_limited_())
    }

    async fn unknown_manage_links_are_404_and_guessing_is_limited_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        for _ in 0..3 {
            let r = send(&state, get(&format!("/manage/{}", "x".repeat(43)))).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        let r = send(&state, get("/manage/whatever")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }

    #[test]
    fn anonymous_moderator_requests_get_401_and_no_data() {
        crate::common::block_on(anonymous_moderator_requests_get_401_and_no_data_())
    }

    async fn anonymous_moderator_requests_get_401_and_no_data_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        let page = send(&state, get("/admin")).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("/admin/sign-in"));
        let act = send(
            &state,
            post(
                "/admin/initiatives/1/act",
                HERE,
                "version=1&action=publish&reason=".into(),
            ),
        )
        .await;
        assert_eq!(act.status, StatusCode::UNAUTHORIZED);
        let edit = Request::builder()
            .method("POST")
            .uri("/fn/moderator_edit")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, HERE.unwrap())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"id":1,"version":1,"form":{}}"#))
            .unwrap();
        let api = send(&state, edit).await;
        assert_eq!(api.status, StatusCode::UNAUTHORIZED);
        let forged = Request::builder()
            .uri("/admin")
            .header(header::HOST, SITE)
            .header(
                header::COOKIE,
                format!("icc_session={}", secrets::new_token()),
            )
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&state, forged).await.status, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn signing_in_sets_a_strict_http_only_cookie_that_opens_the_queue() {
        crate::common::block_on(signing_in_sets_a_strict_http_only_cookie_that_opens_the_queue_())
    }

    async fn signing_in_sets_a_strict_http_only_cookie_that_opens_the_queue_() {
        let (state, _dir) = state_with(settings(0, 100)).await;
        auth::create_moderator(&state.db, "mod@icc.example", "violet tram harbour dusk")
            .await
            .unwrap();
        let wrong = send(
            &state,
            post(
                "/admin/sign-in",
                HERE,
                "email=mod%40icc.example&password=nope".into(),
            ),
        )
        .await;
        // Refused: the sign-in page itself answers, the address filled in again, the
        // password not; no redirect, so the address never appears in a logged URL.
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.headers.get(header::LOCATION).is_none());
        assert!(wrong.body.contains("value=\"mod@icc.example\""));
        assert!(wrong.body.contains("Wrong e-mail, password or code."));
        assert!(!wrong.body.contains("nope"));
        assert!(wrong.headers.get(header::SET_COOKIE).is_none());
        let ok = send(
            &state,
            post(
                "/admin/sign-in",
                HERE,
                "email=mod%40icc.example&password=violet+tram+harbour+dusk".into(),
            ),
        )
        .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let cookie = ok.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assert!(!cookie.contains("Secure"), "plain http in this test");
        let pair = cookie.split(';').next().unwrap().to_owned();
        let queue = Request::builder()
            .uri("/admin")
            .header(header::HOST, SITE)
            .header(header::COOKIE, pair)
            .body(Body::empty())
            .unwrap();
        let page = send(&state, queue).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("mod@icc.example"));
    }

    #[test]
    fn behind_https_the_session_cookie_is_secure() {
        crate::common::block_on(behind_https_the_session_cookie_is_secure_())
    }

    async fn behind_https_the_session_cookie_is_secure_() {
        let mut guard = settings(0, 100);
        guard.public_origin = Some("https://solidarity.example".into());
        let (state, _dir) = state_with(guard).await;
        auth::create_moderator(&state.db, "mod@icc.example", "violet tram harbour dusk")
            .await
            .unwrap();
        let ok = send(
            &state,
            post(
                "/admin/sign-in",
                Some("https://solidarity.example"),
                "email=mod%40icc.example&password=violet+tram+harbour+dusk".into(),
            ),
        )
        .await;
        let cookie = ok.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("; Secure"), "{cookie}");
    }
}

// ---- the page policy under concurrent load, on a real socket ----

// ---- precompressed bundle files ----

mod precompressed {
    use axum::body::Body;
    use axum::http::{header, Request};
    use icc_initiatives::server::state::AppState;
    use icc_initiatives::web::http::router;
    use tower::ServiceExt;

    async fn fetch(state: &AppState, path: &str, accept: &str) -> (axum::http::HeaderMap, Vec<u8>) {
        let request = Request::builder()
            .uri(path)
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        let response = router(state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "{path} with {accept}");
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (headers, body.to_vec())
    }

    #[test]
    fn a_bundle_file_is_sent_as_its_build_time_brotli_or_gzip_copy_when_the_browser_accepts_it() {
        crate::common::block_on(a_bundle_file_is_sent_as_its_build_time_brotli_or_gzip_copy_())
    }

    async fn a_bundle_file_is_sent_as_its_build_time_brotli_or_gzip_copy_() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let js = "export function hydrate() { /* the bundle */ }\n".repeat(40);
        std::fs::write(pkg.join("app.abc.js"), &js).unwrap();
        // Marked copies: the answer must be these bytes, not a compression made on the fly.
        std::fs::write(pkg.join("app.abc.js.br"), b"brotli made at build time").unwrap();
        std::fs::write(pkg.join("app.abc.js.gz"), b"gzip made at build time").unwrap();

        let state = super::state_at(Some(&site.path().display().to_string()), site.path()).await;

        let (headers, body) = fetch(&state, "/pkg/app.abc.js", "gzip, deflate, br").await;
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(body, b"brotli made at build time");
        assert!(headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable"));

        let (headers, body) = fetch(&state, "/pkg/app.abc.js", "gzip").await;
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(body, b"gzip made at build time");

        let (headers, body) = fetch(&state, "/pkg/app.abc.js", "identity").await;
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(body, js.as_bytes());
    }

    #[test]
    fn the_navigation_script_is_kept_for_a_year_only_under_its_version() {
        crate::common::block_on(the_navigation_script_is_kept_for_a_year_only_under_its_version_())
    }

    async fn the_navigation_script_is_kept_for_a_year_only_under_its_version_() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("enhance.js"), "/* enhance */").unwrap();
        std::fs::write(
            site.path().join("enhance.js.br"),
            b"brotli made at build time",
        )
        .unwrap();
        let state = super::state_at(Some(&site.path().display().to_string()), site.path()).await;

        let current = icc_initiatives::app::ENHANCE_JS;
        let (headers, body) = fetch(&state, current, "br").await;
        assert_eq!(body, b"brotli made at build time");
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        // Another version (an old page still cached somewhere) gets the file, not for a year.
        for other in ["/enhance.js", "/enhance.js?v=0000000000000000"] {
            let (headers, _) = fetch(&state, other, "br").await;
            assert!(headers.get(header::CACHE_CONTROL).is_none(), "{other}");
        }
    }
}
