#![cfg(feature = "ssr")]
//! A reader who arrives in a language through the address (`?lang=uk`, from a search engine or
//! a shared link) stays in it: every link, form and redirect a page produces keeps `lang=`, and
//! no GET sets a cookie to do it (issue 24). Without `lang=` in the address, links stay clean.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use icc_initiatives::server::state::AppState;
use icc_initiatives::web::http::router;
use tower::ServiceExt;

const SITE: &str = "127.0.0.1:3000";
const HERE: &str = "http://127.0.0.1:3000";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
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

fn get(path: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header(header::HOST, SITE)
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, HERE)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

async fn published_state() -> (AppState, tempfile::TempDir) {
    use icc_initiatives::domain::Origin;
    use icc_initiatives::server::store::transfer;
    let dir = tempfile::tempdir().unwrap();
    let state = common::state_at(None, dir.path()).await;
    let mut records = transfer::parse_records(common::SAMPLE).unwrap();
    records.extend(transfer::parse_records(common::FIXTURES).unwrap());
    transfer::store_all(&state.db, &records, Origin::Sample, |_| ())
        .await
        .unwrap();
    state.directory.refresh(&state.db).await.unwrap();
    (state, dir)
}

/// Addresses of the site a page links to or posts to, that are not pages in a language: files
/// and data (their language is not the interface's), the language switcher's own form (it says
/// where to go back to), same-page anchors.
fn is_page_address(address: &str) -> bool {
    let path = address.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    address.starts_with('/')
        && !address.starts_with("//")
        && !last.contains('.')
        && !path.starts_with("/api/v1")
        && !path.starts_with("/pkg/")
        && path != "/language"
}

/// Every address of the site a page links or posts to (`a[href]`, `form[action]`, the
/// canonical link), with what it is.
fn addresses(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    // GET forms are checked below: a browser drops their action's query. A link with
    // `hreflang` names its own language on purpose (the declaration's link to the English
    // original).
    for (selector, attribute) in [
        ("a[href]:not([hreflang])", "href"),
        ("form[action]:not([method=get])", "action"),
        ("link[rel=canonical]", "href"),
    ] {
        let s = scraper::Selector::parse(selector).unwrap();
        for element in doc.select(&s) {
            let value = element.value().attr(attribute).unwrap_or_default();
            let value = value.strip_prefix(HERE).unwrap_or(value);
            if is_page_address(value) {
                out.push((selector.to_owned(), value.to_owned()));
            }
        }
    }
    // A GET form keeps the language in a hidden field: a browser drops its action's query.
    let s = scraper::Selector::parse("form").unwrap();
    for form in doc.select(&s) {
        let get = form
            .value()
            .attr("method")
            .is_some_and(|m| m.eq_ignore_ascii_case("get"));
        if get {
            let lang = scraper::Selector::parse("input[type=hidden][name=lang]").unwrap();
            let kept = form
                .select(&lang)
                .next()
                .and_then(|i| i.value().attr("value"))
                .map(|v| format!("?lang={v}"))
                .unwrap_or_default();
            out.push((
                "form[method=get] + hidden lang".to_owned(),
                format!("{}{kept}", form.value().attr("action").unwrap_or_default()),
            ));
        }
    }
    out
}

fn names(address: &str, lang: &str) -> bool {
    address
        .split('#')
        .next()
        .and_then(|a| a.split_once('?'))
        .is_some_and(|(_, q)| q.split('&').any(|p| p == format!("lang={lang}")))
}

#[test]
fn every_link_and_form_of_a_page_in_an_address_language_keeps_it() {
    common::block_on(async {
        let (state, _dir) = published_state().await;
        let slug = state
            .directory
            .snapshot()
            .list(
                icc_initiatives::domain::ListFilter::from_query("").0,
                Vec::new(),
            )
            .items[0]
            .slug
            .clone();
        let detail = format!("/initiatives/{slug}");
        let pages = [
            "/",
            "/initiatives",
            "/initiatives?country=PL&type=housing",
            "/initiatives?city=Gda%C5%84sk",
            "/initiatives?page=2",
            "/initiatives?page=99",
            "/initiatives?q=zzzzzz&country=PL",
            detail.as_str(),
            "/declaration",
            "/submit",
            "/api",
            "/admin/sign-in",
            "/admin/sign-in?problem=invalid",
            "/no-such-page",
            "/manage/no-such-token",
            "/embed/initiatives",
            "/embed/initiatives?country=PL",
        ];
        for lang in ["uk", "fr"] {
            for page in pages {
                let sep = if page.contains('?') { '&' } else { '?' };
                let address = format!("{page}{sep}lang={lang}");
                let reply = send(&state, get(&address)).await;
                assert!(
                    reply.status == StatusCode::OK || reply.status == StatusCode::NOT_FOUND,
                    "{address}: {}",
                    reply.status
                );
                assert!(
                    reply.body.contains(&format!("<html lang=\"{lang}\"")),
                    "{address} is not in {lang}"
                );
                assert!(
                    !reply.headers.contains_key(header::SET_COOKIE),
                    "{address} set a cookie"
                );
                let found = addresses(&reply.body);
                assert!(found.len() >= 2, "{address}: links found {found:?}");
                for (what, target) in found {
                    assert!(
                        names(&target, lang),
                        "{address}: {what} {target:?} drops the language"
                    );
                }
            }
        }
        // Without `lang=` in the address (a cookie or the browser chose), links stay as they
        // were: the reader's own choice follows them.
        for page in ["/", "/initiatives", detail.as_str(), "/declaration"] {
            let reply = send(&state, get(page)).await;
            for (what, target) in addresses(&reply.body) {
                assert!(
                    !target.contains("lang="),
                    "{page}: {what} {target:?} names a language the address did not"
                );
            }
        }
    });
}

#[test]
fn a_form_posted_from_a_page_in_an_address_language_answers_and_redirects_in_it() {
    common::block_on(async {
        let (state, _dir) = published_state().await;
        // A failed sign-in goes back to the sign-in page, in the language.
        let reply = send(
            &state,
            post(
                "/admin/sign-in?lang=uk",
                "email=nobody%40icc.example&password=wrong+wrong+wrong&code=",
            ),
        )
        .await;
        // Answered with the sign-in page itself (no redirect carrying the address typed).
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.headers.get(header::LOCATION).is_none());
        assert!(reply.body.contains("<html lang=\"uk\""));
        assert!(reply.body.contains("Неправильна е-пошта, пароль або код."));
        assert!(reply.body.contains("action=\"/admin/sign-in?lang=uk\""));

        // The language switcher on a page whose address names a language goes back to the page
        // in the language chosen (and sets the cookie: it is a post).
        let reply = send(
            &state,
            post(
                "/language",
                "lang=fr&back=%2Finitiatives%3Fcountry%3DPL%26lang%3Duk",
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(
            reply.headers[header::LOCATION],
            "/initiatives?country=PL&lang=fr"
        );
        assert!(reply.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("lang=fr;"));
        // Without a language in the page's address, it goes back to the page as it was.
        let reply = send(
            &state,
            post("/language", "lang=fr&back=%2Finitiatives%3Fcountry%3DPL"),
        )
        .await;
        assert_eq!(reply.headers[header::LOCATION], "/initiatives?country=PL");

        // A submission posted without JavaScript from /submit?lang=uk is answered in Ukrainian
        // (here: refused for its missing fields, the form shown again).
        let reply = send(&state, post("/submit?lang=uk", "title=x")).await;
        assert!(reply.body.contains("<html lang=\"uk\""), "{}", reply.status);
        for (what, target) in addresses(&reply.body) {
            assert!(
                names(&target, "uk"),
                "the answer's {what} {target:?} drops the language"
            );
        }
    });
}
