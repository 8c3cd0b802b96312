//! Refusing what a client sends, with a 4xx and a clear message, in one place: every refusal
//! is an [`AppError`] and gets that error's status. Server functions answer with the error as
//! JSON (their client decodes it), everything else with a short HTML page.
//!
//! Why a module of its own: the server functions' decoding happens inside server_fn, before our
//! code runs, and server_fn answers every error with 500. [`server_fn_status`] wraps them all and
//! gives each answer the status of the `AppError` it carries, so a missing argument is 400 and
//! an unknown slug 404 without any endpoint doing something. Bodies are limited here too
//! ([`limit_body`]), whatever the transfer encoding, and static file names that cannot exist
//! are 404 before the file system is asked ([`static_names`]).

use crate::wire::AppError;
use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use http_body_util::BodyExt;

/// Request bodies above this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Answers of server functions above this size are passed on without looking at them (an
/// error is a few hundred bytes).
const MAX_ERROR_BYTES: usize = 256 * 1024;

/// Whether a path is a server function's.
pub fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The title and the explanation of a refusal page.
fn wording(error: &AppError) -> (&'static str, String) {
    match error {
        AppError::CrossSite => (
            "Refused",
            "This form was sent from another site, or without saying where from, so it was not \
             accepted. Please go back to the page on this site and send it again."
                .to_owned(),
        ),
        AppError::TooLarge => (
            "Too large",
            "The form is larger than 64 KB, so it was not accepted. Please shorten the longest \
             texts and send it again."
                .to_owned(),
        ),
        AppError::Request(what) => (
            "Bad request",
            format!("The form could not be read ({what}). Please go back and send it again."),
        ),
        AppError::NotFound => ("Not found", "There is nothing at this address.".to_owned()),
        AppError::Unauthorized => (
            "Sign-in required",
            "Your moderator session has ended or you are not signed in. Nothing was changed."
                .to_owned(),
        ),
        other => ("Refused", format!("Not accepted: {other}.")),
    }
}

/// The answer to a refused request at `path`: the error as JSON for server functions, a short
/// page otherwise, under the error's status.
pub fn refuse(path: &str, error: AppError) -> Response {
    let status = error.status();
    if is_server_fn(path) {
        let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"Unavailable\"".into());
        return (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response();
    }
    page(status, &error)
}

/// A short HTML page for a refusal.
pub fn page(status: StatusCode, error: &AppError) -> Response {
    let (title, text) = wording(error);
    let sign_in = if matches!(error, AppError::Unauthorized) {
        "<p><a href=\"/admin/sign-in\">Sign in</a></p>"
    } else {
        ""
    };
    (
        status,
        Html(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             </head><body><main><h1>{title}</h1><p>{}</p>{sign_in}</main></body></html>",
            escape(&text)
        )),
    )
        .into_response()
}

/// Middleware: reads the whole body (at most 64 KB) before anything else does. Over the limit
/// is 413 whether the size was announced (`Content-Length`) or found while reading a chunked
/// body; a body that breaks off is 400. Handlers then read a body that is already complete.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return refuse(&path, AppError::TooLarge);
    }
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && announced.is_none_or(|n| n == 0)
        && request.headers().get(header::TRANSFER_ENCODING).is_none()
    {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match http_body_util::Limited::new(body, MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return refuse(&path, AppError::TooLarge)
        }
        Err(e) => {
            return refuse(
                &path,
                AppError::Request(format!("the body broke off while being read ({e})")),
            )
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Middleware around the server functions (`/api/…`): each answers with the status of the
/// `AppError` it carries (server_fn itself answers every error with 500, whether the
/// arguments could not be decoded or the slug is unknown), 5xx are logged, and a server
/// function never redirects (leptos redirects plain-HTML form posts to the `Referer`; no form
/// of this site posts to a server function, so an error must stay visible as its status).
pub async fn server_fn_status(mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !is_server_fn(&path) {
        return next.run(request).await;
    }
    request
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status.is_redirection() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes: Bytes = match http_body_util::Limited::new(body, MAX_ERROR_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::error!(endpoint = %path, error = %e, "reading a server function's error");
            return refuse(&path, AppError::Unavailable);
        }
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => {
            parts.status = error.status();
            if parts.status.is_server_error() {
                tracing::error!(endpoint = %path, error = %error, "a server function failed");
            }
        }
        // Not a server function's error (no function at this path, a wrong method): a client
        // error as axum or leptos gave it, or a failure of the server, logged.
        Err(_) if status.is_client_error() => {}
        Err(_) => {
            tracing::error!(
                endpoint = %path,
                status = status.as_u16(),
                answer = %String::from_utf8_lossy(&bytes[..bytes.len().min(300)]),
                "a server function answered with an unexpected error"
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether a path below the static folder can name one of its files: segments of letters,
/// digits, `.`, `-` and `_`, none longer than a file name can be (255 bytes), none `.` or `..`.
pub fn possible_file_name(path: &str) -> bool {
    let rest = path.trim_start_matches('/');
    !rest.is_empty()
        && rest.len() <= 1024
        && rest.split('/').all(|segment| {
            !segment.is_empty()
                && segment.len() <= 255
                && segment != "."
                && segment != ".."
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        })
}

/// Middleware of the static files: 404 for names that cannot exist (too long, characters no
/// file of ours has) before the file system is asked; failures of the file system are logged.
pub async fn static_names(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !possible_file_name(&path) {
        return page(StatusCode::NOT_FOUND, &AppError::NotFound);
    }
    let response = next.run(request).await;
    if response.status().is_server_error() {
        tracing::error!(
            status = response.status().as_u16(),
            "serving a static file failed"
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names_are_possible_file_names() {
        assert!(possible_file_name("/icc-initiatives.3f9a_c0-1.wasm"));
        assert!(possible_file_name("/fonts/inter.woff2"));
    }

    #[test]
    fn overlong_odd_or_climbing_names_cannot_be_files() {
        assert!(!possible_file_name(&format!("/{}", "a".repeat(256))));
        assert!(!possible_file_name("/"));
        assert!(!possible_file_name("/a%00b.js"));
        assert!(!possible_file_name("/../secret"));
        assert!(!possible_file_name("/a//b.js"));
        assert!(!possible_file_name("/caf\u{e9}.js"));
    }

    #[test]
    fn a_refusal_page_escapes_what_the_client_sent() {
        let (_, text) = wording(&AppError::Request("<script>".into()));
        assert!(escape(&text).contains("&lt;script&gt;"));
    }
}
