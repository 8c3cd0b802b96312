#![cfg(feature = "ssr")]
//! Markup injection and security headers, through the whole router: the classic breakouts are
//! submitted in every free-text field through both channels (the form post without JavaScript
//! and the JSON server function), published, and every page that shows them is parsed with a
//! real HTML parser (html5ever, through scraper), checking that
//! - no element, attribute or comment came from the input (the only scripts are leptos's, each
//!   with the response's nonce),
//! - the text reads exactly as typed (the parsed `<title>` and `<textarea>` text included),
//! - submitted text is isolated for bidi (`<bdi>` or `dir` on the element holding it),
//! - the Content-Security-Policy's nonce is the one on every `<script>` of the page, for cached
//!   pages too.
//!
//! The moderators' mail page is among them: the confirmations' subjects hold the titles.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use icc_initiatives::domain::percent_encode;
use icc_initiatives::server::accounts::guard::GuardSettings;
use icc_initiatives::server::{accounts::auth, directory::Directory, state::AppState};
use icc_initiatives::web::http::router;
use icc_initiatives::web::security::NO_SCRIPT_POLICY;
use leptos::prelude::LeptosOptions;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::Arc;
use tower::ServiceExt;

/// These tests drive whole renderings; run concurrently in one process, one of them sometimes
/// never finished (its rendering future was never woken once the other test's runtime had
/// ended), so they take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SITE: &str = "127.0.0.1:3000";
const HERE: &str = "http://127.0.0.1:3000";
const SITE_NAME: &str = "ICC Solidarity Initiatives";

/// Every breakout goes into some field; each value carries a marker (`ZQ…`) so the test can find
/// every text node that shows it.
#[derive(Clone)]
struct Typed {
    title: String,
    summary: String,
    description: String,
    city: String,
    name: String,
    role: String,
}

impl Typed {
    fn new(channel: &str) -> Self {
        Self {
            title: format!("</title><script>alert(1)</script> ]]> ZQT{channel}"),
            summary: format!(
                "</textarea><svg onload=alert(1)> \"><img src=x onerror=alert(1)> ZQS{channel}"
            ),
            description: format!(
                "<!-- ]]> </textarea><script>alert(2)</script> &amp; & </p><b>bold</b> ZQD{channel}"
            ),
            city: format!("\"><img src=x onerror=alert(1)> <!-- ZQC{channel}"),
            name: format!("</title><b>n</b> ZQN{channel}"),
            role: format!("<!-- ]]> '\"> ZQR{channel}"),
        }
    }

    /// The public texts and where they are shown.
    fn public(&self) -> [&str; 4] {
        [&self.title, &self.summary, &self.description, &self.city]
    }
}

fn settings() -> GuardSettings {
    GuardSettings {
        min_fill_seconds: 0,
        submissions_per_hour: 100,
        manage_misses: 10,
        sign_in_failures: 10,
        ..GuardSettings::default()
    }
}

async fn app_state(db: &common::TestDb) -> AppState {
    let directory = Directory::default();
    directory.refresh(&db.conn).await.unwrap();
    let mut state = AppState::new(
        LeptosOptions::builder()
            .output_name("icc-initiatives")
            .build(),
        db.conn.clone(),
        directory,
        settings(),
    );
    state.guard = Arc::new(settings());
    state
}

/// The state sending e-mail (through a mail server nobody asks: only the queue is read).
fn with_mail(mut state: AppState) -> AppState {
    use icc_initiatives::server::mail::{Mailer, Outbox, SmtpUrl};
    state.guard = Arc::new(GuardSettings {
        public_origin: Some(HERE.to_owned()),
        ..settings()
    });
    let url = SmtpUrl::parse("smtp://127.0.0.1:9").unwrap();
    let mailer = Mailer::new(&url, "ICC <noreply@icc.example>".parse().unwrap(), HERE).unwrap();
    state.with_mail(Outbox::new(&mailer, Arc::new(tokio::sync::Notify::new())))
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
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

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().uri(path).header(header::HOST, SITE);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

fn post_form(path: &str, cookie: Option<&str>, body: String) -> Request<Body> {
    let mut b = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, HERE)
        .header("x-forwarded-for", "203.0.113.9")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

/// A query-string value (spaces as `%20`, so every reader decodes them alike).
fn enc(text: &str) -> String {
    percent_encode(text).replace('+', "%20")
}

fn form_body(t: &Typed, website: &str) -> String {
    let pairs: Vec<(&str, String)> = vec![
        ("ticket", settings().ticket()),
        ("leave_empty", String::new()),
        ("city", t.city.clone()),
        ("country", "PL".into()),
        ("text_language", "en".into()),
        ("title", t.title.clone()),
        ("summary", t.summary.clone()),
        ("description", t.description.clone()),
        ("types", "transport".into()),
        ("commitments", "2".into()),
        ("activity", "ongoing".into()),
        ("start_date", String::new()),
        ("end_date", String::new()),
        ("website", website.into()),
        ("contact_email", String::new()),
        ("submitter_name", t.name.clone()),
        ("submitter_email", "anna@gdansk.example".into()),
        ("submitter_role", t.role.clone()),
        ("consent", "yes".into()),
    ];
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn json_form(t: &Typed) -> serde_json::Value {
    serde_json::json!({
        "form": {
            "city": t.city, "country": "PL", "text_language": "en", "title": t.title, "summary": t.summary,
            "description": t.description, "types": ["health"], "commitments": ["1"],
            "activity": "ongoing", "start_date": "", "end_date": "",
            "website": "https://example.org/a", "contact_email": "", "languages": [],
            "submitter_name": t.name, "submitter_email": "olena@example.org",
            "submitter_role": t.role, "consent": "yes", "leave_empty": "",
            "ticket": settings().ticket(),
        }
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The `nonce-…` source of the page's Content-Security-Policy.
fn policy_nonce(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    policy
        .split([' ', ';'])
        .find_map(|w| w.strip_prefix("'nonce-")?.strip_suffix('\''))
        .map(str::to_owned)
}

/// What every HTML page must satisfy, whoever typed what: a policy whose nonce is on every
/// script, no element, attribute or comment from user input, and every shown piece of submitted
/// text isolated for bidi.
fn check_page(what: &str, reply: &Reply) -> Html {
    let content_type = reply.headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    let policy = reply
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    let html = Html::parse_document(&reply.body);
    let scripts: Vec<ElementRef> = html.select(&sel("script")).collect();
    if !scripts.is_empty() {
        let nonce = policy_nonce(&reply.headers)
            .unwrap_or_else(|| panic!("{what}: scripts but no nonce in {policy}"));
        for s in &scripts {
            // leptos_i18n leaves an empty `<script>` as a placeholder: nothing runs, and browsers
            // skip empty inline scripts before checking the policy.
            if s.value().attr("src").is_none() && s.text().collect::<String>().trim().is_empty() {
                continue;
            }
            assert_eq!(
                s.value().attr("nonce"),
                Some(nonce.as_str()),
                "{what}: a script without this response's nonce: {}",
                s.html().chars().take(200).collect::<String>()
            );
        }
    }
    for name in ["svg", "img", "b", "iframe", "object", "embed", "base"] {
        // The list's own preview of its embed is the one frame the app writes.
        let own = |e: &ElementRef| {
            name == "iframe"
                && e.value().classes().any(|c| c == "embed-preview")
                && e.value()
                    .attr("src")
                    .is_some_and(|s| s.starts_with("/embed/initiatives?"))
        };
        assert_eq!(
            html.select(&sel(name)).filter(|e| !own(e)).count(),
            0,
            "{what}: a <{name}> came from the input"
        );
    }
    for node in html.tree.nodes() {
        match node.value() {
            Node::Element(e) => {
                for (attr, _) in e.attrs() {
                    assert!(
                        !attr.starts_with("on"),
                        "{what}: <{} {attr}> came from the input",
                        e.name()
                    );
                }
            }
            Node::Comment(c) => assert!(
                !c.contains("ZQ"),
                "{what}: a comment swallowed input: {:?}",
                &**c
            ),
            Node::Text(t) if t.contains("ZQ") => {
                let parent = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.clone()))
                    .unwrap_or_else(|| panic!("{what}: text outside an element: {:?}", &**t));
                let raw_text = ["title", "textarea", "script"].contains(&parent.name());
                assert!(
                    raw_text || parent.name() == "bdi" || parent.attr("dir").is_some(),
                    "{what}: <{}> shows submitted text without bidi isolation: {:?}",
                    parent.name(),
                    &**t
                );
            }
            _ => {}
        }
    }
    html
}

/// Some element holds exactly `text`.
fn shows(what: &str, html: &Html, text: &str) {
    let found = html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| !["script", "title", "textarea"].contains(&e.value().name()))
        .any(|e| e.text().collect::<String>() == text);
    assert!(found, "{what}: no element reads exactly {text:?}");
}

fn title_text(html: &Html) -> String {
    html.select(&sel("title"))
        .next()
        .expect("a <title>")
        .text()
        .collect()
}

fn textarea(html: &Html, id: &str) -> String {
    html.select(&sel(&format!("textarea#{id}")))
        .next()
        .unwrap_or_else(|| panic!("no textarea #{id}"))
        .text()
        .collect()
}

fn input_value(html: &Html, name: &str) -> String {
    html.select(&sel(&format!("input[name={name}]")))
        .next()
        .unwrap_or_else(|| panic!("no input {name}"))
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

/// The submission form's page shows every value as typed: inputs and textareas.
fn form_shows(what: &str, html: &Html, t: &Typed, with_about: bool) {
    assert_eq!(input_value(html, "title"), t.title, "{what}");
    assert_eq!(input_value(html, "city"), t.city, "{what}");
    assert_eq!(textarea(html, "summary"), t.summary, "{what}");
    assert_eq!(textarea(html, "description"), t.description, "{what}");
    if with_about {
        assert_eq!(input_value(html, "submitter_name"), t.name, "{what}");
        assert_eq!(input_value(html, "submitter_role"), t.role, "{what}");
    }
}

fn manage_token(body: &str) -> String {
    let start = body.find("/manage/").expect("manage link shown");
    body[start + 8..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn sign_in(state: &AppState) -> String {
    auth::create_moderator(&state.db, "mod@icc.example", "lilac ferry at noon 1947")
        .await
        .unwrap();
    let ok = send(
        state,
        post_form(
            "/admin/sign-in",
            None,
            "email=mod%40icc.example&password=lilac+ferry+at+noon+1947".into(),
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    ok.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The ids of the queue's items and the queue page.
fn queue_ids(html: &Html) -> Vec<i32> {
    html.select(&sel("ol.queue a"))
        .filter_map(|a| a.value().attr("href")?.rsplit('/').next()?.parse().ok())
        .collect()
}

#[test]
fn breakouts_typed_anywhere_come_out_as_the_same_text_on_every_page() {
    crate::common::block_on(breakouts_typed_anywhere_come_out_as_the_same_text_on_every_page_())
}

async fn breakouts_typed_anywhere_come_out_as_the_same_text_on_every_page_() {
    let _turn = ONE_AT_A_TIME.lock().await;
    for db in common::fresh_databases().await {
        let state = with_mail(app_state(&db).await);
        let by_form = Typed::new("F");
        let by_json = Typed::new("J");

        // A refused post without JavaScript: the page again, every value exactly as typed.
        let refused = send(
            &state,
            post_form(
                "/submit",
                None,
                form_body(&by_form, "www.no-scheme.example"),
            ),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = check_page("422 of /submit", &refused);
        form_shows("422 of /submit", &html, &by_form, true);

        // Both channels accept the same text.
        let sent = send(
            &state,
            post_form(
                "/submit",
                None,
                form_body(&by_form, "https://example.org/f"),
            ),
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let html = check_page("confirmation", &sent);
        shows("confirmation", &html, &by_form.title);
        let form_token = manage_token(&sent.body);

        let json = Request::builder()
            .method("POST")
            .uri("/fn/submit")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, HERE)
            .header("x-forwarded-for", "203.0.113.10")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(json_form(&by_json).to_string()))
            .unwrap();
        let accepted = send(&state, json).await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        let accepted: serde_json::Value = serde_json::from_str(&accepted.body).unwrap();
        let json_token = accepted["manage_path"]
            .as_str()
            .unwrap()
            .trim_start_matches("/manage/")
            .to_owned();

        // The submitters' pages: title in the heading, the form filled in exactly.
        for (t, token) in [(&by_form, &form_token), (&by_json, &json_token)] {
            let page = send(&state, get(&format!("/manage/{token}"), None)).await;
            assert_eq!(page.status, StatusCode::OK);
            let html = check_page("manage", &page);
            shows("manage", &html, &t.title);
            form_shows("manage", &html, t, true);
            // A refused edit without JavaScript.
            let version = input_value(&html, "version");
            let edit = format!(
                "{}&version={version}",
                form_body(t, "ftp://not-a-web-address")
            );
            let refused = send(&state, post_form(&format!("/manage/{token}"), None, edit)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            let html = check_page("422 of /manage", &refused);
            form_shows("422 of /manage", &html, t, true);
        }

        // The moderators' pages.
        let cookie = sign_in(&state).await;
        let queue = send(&state, get("/admin", Some(&cookie))).await;
        assert_eq!(queue.status, StatusCode::OK);
        let html = check_page("queue", &queue);
        for t in [&by_form, &by_json] {
            shows("queue", &html, &t.title);
            shows("queue", &html, &t.city);
        }
        let ids = queue_ids(&html);
        let mut id_of_form = 0;
        assert_eq!(ids.len(), 2, "both submissions await review");
        for id in ids {
            let review = send(
                &state,
                get(&format!("/admin/initiatives/{id}"), Some(&cookie)),
            )
            .await;
            assert_eq!(review.status, StatusCode::OK);
            let html = check_page("review", &review);
            let t = if review.body.contains("ZQTF") {
                id_of_form = id;
                &by_form
            } else {
                &by_json
            };
            for text in t
                .public()
                .into_iter()
                .chain([t.name.as_str(), t.role.as_str()])
            {
                shows("review", &html, text);
            }
            let version = input_value(&html, "version");

            // A reason sent back in the address after a refused action.
            let reason = format!(
                "\nstarts with a line break\n{} {} ZQX",
                t.summary, t.description
            );
            let back = send(
                &state,
                get(
                    &format!(
                        "/admin/initiatives/{id}?problem=reason-required&action=reject&reason={}",
                        enc(&reason)
                    ),
                    Some(&cookie),
                ),
            )
            .await;
            let html = check_page("review with ?reason=", &back);
            assert_eq!(textarea(&html, "reason"), reason);

            // The moderator's edit form, and its refusal without JavaScript.
            let edit = send(
                &state,
                get(&format!("/admin/initiatives/{id}/edit"), Some(&cookie)),
            )
            .await;
            let html = check_page("edit", &edit);
            shows("edit", &html, &t.title);
            form_shows("edit", &html, t, false);
            let refused = send(
                &state,
                post_form(
                    &format!("/admin/initiatives/{id}/edit"),
                    Some(&cookie),
                    format!("{}&version={version}", form_body(t, "javascript:alert(1)")),
                ),
            )
            .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            let html = check_page("422 of the moderator's edit", &refused);
            form_shows("422 of the moderator's edit", &html, t, false);

            let published = send(
                &state,
                post_form(
                    &format!("/admin/initiatives/{id}/act"),
                    Some(&cookie),
                    format!("version={version}&action=publish&reason="),
                ),
            )
            .await;
            assert_eq!(published.status, StatusCode::SEE_OTHER);
            assert!(published.headers[header::LOCATION]
                .to_str()
                .unwrap()
                .contains("done=publish"));
        }

        // An edit of the published initiative waits for review: the table of changes shows
        // the text before and after.
        let manage = send(&state, get(&format!("/manage/{form_token}"), None)).await;
        let version = input_value(&check_page("manage, published", &manage), "version");
        let edited = Typed {
            title: format!("{} <!-- edited ]]>", by_form.title),
            ..by_form.clone()
        };
        let sent = send(
            &state,
            post_form(
                &format!("/manage/{form_token}"),
                None,
                format!(
                    "{}&version={version}",
                    form_body(&edited, "https://example.org/f")
                ),
            ),
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let review = send(
            &state,
            get(&format!("/admin/initiatives/{id_of_form}"), Some(&cookie)),
        )
        .await;
        let html = check_page("review of an edit", &review);
        for (cell, text) in [("del", &by_form.title), ("ins", &edited.title)] {
            let shown: Vec<String> = html
                .select(&sel(&format!("table.changes {cell}")))
                .map(|e| e.text().collect())
                .collect();
            assert!(shown.contains(text), "{cell}: {shown:?}");
        }

        // The mail page: the queued confirmations, their subjects holding the titles.
        let mail = send(&state, get("/admin/mail", Some(&cookie))).await;
        assert_eq!(mail.status, StatusCode::OK);
        let html = check_page("mail", &mail);
        for t in [&by_form, &by_json] {
            shows(
                "mail",
                &html,
                &format!("We received your initiative “{}”", t.title),
            );
        }

        // The public pages.
        let home = send(&state, get("/", None)).await;
        let html = check_page("home", &home);
        let list = send(&state, get("/initiatives", None)).await;
        let list_html = check_page("list", &list);
        // The embed for other sites: HTML written by hand, checked the same way.
        let embed = send(&state, get("/embed/initiatives", None)).await;
        let embed_html = check_page("embed", &embed);
        assert!(embed_html.select(&sel("script")).next().is_none());
        // A city from the address shows as typed on the list (isolated) and in its form.
        let city = "\"><img src=x onerror=alert(1)> </textarea> ZQA";
        let query = format!("city={}&country=PL", percent_encode(city));
        let by_city = send(&state, get(&format!("/initiatives?{query}"), None)).await;
        let by_city_html = check_page("list with a city", &by_city);
        shows("list with a city", &by_city_html, city);
        assert_eq!(input_value(&by_city_html, "city"), city);
        let by_city = send(&state, get(&format!("/embed/initiatives?{query}"), None)).await;
        check_page("embed with a city", &by_city);
        for t in [&by_form, &by_json] {
            for page in [&html, &list_html, &embed_html] {
                shows("home, list and embed", page, &t.title);
                shows("home, list and embed", page, &t.summary);
                shows("home, list and embed", page, &t.city);
            }
            let href = list_html
                .select(&sel(".card h3 a"))
                .find(|a| a.text().collect::<String>() == t.title)
                .and_then(|a| a.value().attr("href"))
                .expect("a link to the detail page")
                .to_owned();
            let detail = send(&state, get(&href, None)).await;
            assert_eq!(detail.status, StatusCode::OK);
            let html = check_page("detail", &detail);
            assert_eq!(title_text(&html), format!("{} — {SITE_NAME}", t.title));
            for text in t.public() {
                shows("detail", &html, text);
            }
            let meta = html
                .select(&sel("meta[name=description]"))
                .next()
                .and_then(|m| m.value().attr("content"))
                .unwrap_or_default()
                .to_owned();
            assert_eq!(meta, t.summary);
        }
        drop(state);
        db.drop_pg().await;
    }
}

#[test]
fn every_html_answer_carries_the_policy_of_its_own_scripts_cached_pages_too() {
    crate::common::block_on(
        every_html_answer_carries_the_policy_of_its_own_scripts_cached_pages_too_(),
    )
}

async fn every_html_answer_carries_the_policy_of_its_own_scripts_cached_pages_too_() {
    let _turn = ONE_AT_A_TIME.lock().await;
    for db in common::fresh_databases().await {
        let state = app_state(&db).await;
        icc_initiatives::server::store::transfer::store_all(
            &db.conn,
            &icc_initiatives::server::store::transfer::parse_records(common::FIXTURES).unwrap(),
            icc_initiatives::domain::Origin::Imported,
            |_| (),
        )
        .await
        .unwrap();
        state.everything_changed().await;

        for path in [
            "/",
            "/initiatives",
            "/initiatives?country=PL&page=2",
            "/submit",
            "/declaration",
            "/admin/sign-in",
            "/admin",
            "/nowhere",
        ] {
            let reply = send(&state, get(path, None)).await;
            let html = check_page(path, &reply);
            assert!(
                html.select(&sel("script")).count() > 0,
                "{path}: leptos pages hydrate"
            );
            assert!(policy_nonce(&reply.headers).is_some(), "{path}");
            assert!(reply.headers.contains_key("permissions-policy"), "{path}");
        }

        // Pages are kept by the page cache: the second answer is the kept one, with the same
        // nonce in its header and its scripts.
        let list = send(&state, get("/initiatives", None)).await;
        let href = Html::parse_document(&list.body)
            .select(&sel(".card h3 a"))
            .next()
            .and_then(|a| a.value().attr("href").map(str::to_owned))
            .unwrap();
        for path in ["/", "/initiatives", href.as_str()] {
            let first = send(&state, get(path, None)).await;
            let second = send(&state, get(path, None)).await;
            check_page(path, &first);
            check_page(path, &second);
            assert_eq!(first.body, second.body, "{path}: served from the cache");
            assert_eq!(
                policy_nonce(&first.headers),
                policy_nonce(&second.headers),
                "{path}"
            );
        }
        // Each rendering has a nonce of its own.
        let a = send(&state, get("/submit", None)).await;
        let b = send(&state, get("/submit", None)).await;
        assert_ne!(policy_nonce(&a.headers), policy_nonce(&b.headers));

        // HTML that leptos does not render (a cross-site refusal) runs no script at all.
        let mut refused = post_form("/submit", None, "title=x".into());
        refused
            .headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        let refused = send(&state, refused).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            refused.headers[header::CONTENT_SECURITY_POLICY],
            NO_SCRIPT_POLICY
        );
        check_page("403 page", &refused);

        // Other answers need no policy but get the other headers.
        let health = send(&state, get("/healthz", None)).await;
        assert!(health
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .is_none());
        assert!(health.headers.contains_key("permissions-policy"));
        assert_eq!(health.headers[header::X_FRAME_OPTIONS], "DENY");
        assert!(health
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
        drop(state);
        db.drop_pg().await;
    }
}

#[test]
fn behind_an_https_origin_browsers_are_told_to_keep_to_https() {
    crate::common::block_on(behind_an_https_origin_browsers_are_told_to_keep_to_https_())
}

async fn behind_an_https_origin_browsers_are_told_to_keep_to_https_() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let db = common::fresh_databases().await.remove(0);
    let mut state = app_state(&db).await;
    state.guard = Arc::new(GuardSettings {
        public_origin: Some("https://solidarity.example".into()),
        ..settings()
    });
    let reply = send(&state, get("/", None)).await;
    assert_eq!(
        reply.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
}
