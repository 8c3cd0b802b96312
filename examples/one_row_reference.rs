//! The benchmark's reference (issue 20, `scripts/bench.sh`): a hand-written axum + rusqlite
//! page of one initiative — one indexed read, the text escaped into a small HTML page,
//! compressed with the app's brotli settings when asked — to set the app's detail-page misses
//! against a plain database page measured in the same run. Not part of the product.
//! Usage: `one_row_reference DATABASE_FILE ADDRESS` (serves `/initiatives/{slug}`).
use axum::{extract::Path, http::HeaderMap, response::IntoResponse, routing::get, Router};
use std::cell::RefCell;

thread_local! {
    /// One read-only connection per worker thread: no locking, no thread hand-off.
    static DB: RefCell<Option<rusqlite::Connection>> = const { RefCell::new(None) };
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn page(Path(slug): Path<String>, headers: HeaderMap) -> axum::response::Response {
    let row = DB.with_borrow_mut(|db| {
        let file = std::env::args().nth(1).unwrap_or_default();
        let db = db.get_or_insert_with(|| {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
            rusqlite::Connection::open_with_flags(file, flags).expect("the database opens")
        });
        let mut query = db
            .prepare_cached("SELECT title, summary, description, city, country FROM initiatives WHERE slug = ?1 AND moderation_status = 'published'")
            .expect("the query prepares");
        query.query_row([&slug], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?])).ok()
    });
    let Some([title, summary, description, city, country]) = row.map(|r| r.map(|t| escape(&t)))
    else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let html = format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{city}, {country}</p><p>{summary}</p><div>{description}</div></main></body></html>");
    let brotli = headers
        .get("accept-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("br"));
    match brotli.then(|| {
        icc_initiatives::web::compress::compress_brotli(
            html.as_bytes(),
            icc_initiatives::web::compress::PAGE_QUALITY,
        )
    }) {
        Some(Ok(body)) => (
            [
                ("content-type", "text/html; charset=utf-8"),
                ("content-encoding", "br"),
            ],
            body,
        )
            .into_response(),
        _ => ([("content-type", "text/html; charset=utf-8")], html).into_response(),
    }
}

#[tokio::main]
async fn main() {
    let address = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "127.0.0.1:3023".into());
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .expect("the address is free");
    axum::serve(
        listener,
        Router::new().route("/initiatives/{slug}", get(page)),
    )
    .await
    .expect("serving");
}
