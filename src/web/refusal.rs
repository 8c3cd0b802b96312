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

use crate::domain::UiLanguage;
use crate::i18n::*;
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
    path.starts_with(crate::wire::SERVER_FN_PREFIX)
}

/// Text for HTML the server writes itself: the markup characters escaped, control characters
/// shown as U+FFFD.
pub(crate) fn escape(text: &str) -> String {
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

fn locale_of(lang: UiLanguage) -> Locale {
    match lang {
        UiLanguage::En => Locale::en,
        UiLanguage::Fr => Locale::fr,
        UiLanguage::Uk => Locale::uk,
    }
}

/// The title and the explanation of a refusal page, in `lang` (the texts are in the locales,
/// `refusal.*`).
fn wording(error: &AppError, lang: UiLanguage) -> (String, String) {
    let locale = locale_of(lang);
    match error {
        AppError::CrossSite => (
            td_string!(locale, refusal.refused).to_string(),
            td_string!(locale, refusal.cross_site).to_string(),
        ),
        AppError::TooLarge => (
            td_string!(locale, refusal.too_large_title).to_string(),
            td_string!(locale, refusal.too_large).to_string(),
        ),
        AppError::Request(what) => (
            td_string!(locale, refusal.bad_request_title).to_string(),
            td_string!(locale, refusal.bad_request, what = what.as_str()).to_string(),
        ),
        AppError::NotFound => (
            td_string!(locale, refusal.not_found_title).to_string(),
            td_string!(locale, refusal.not_found).to_string(),
        ),
        AppError::Unauthorized => (
            td_string!(locale, refusal.sign_in_title).to_string(),
            td_string!(locale, refusal.sign_in).to_string(),
        ),
        other => (
            td_string!(locale, refusal.refused).to_string(),
            td_string!(locale, refusal.other, what = other.to_string()).to_string(),
        ),
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

/// Marks a refusal page, so that the outermost middleware ([`localize`]) can render it again
/// in the language of the request, which the code refusing does not always have at hand.
#[derive(Clone, Debug)]
pub struct RefusalPage(pub AppError);

/// A short HTML page for a refusal (in English until [`localize`] renders it in the request's
/// language).
pub fn page(status: StatusCode, error: &AppError) -> Response {
    let mut response = (status, Html(page_html(error, UiLanguage::En))).into_response();
    response.extensions_mut().insert(RefusalPage(error.clone()));
    response
}

fn page_html(error: &AppError, lang: UiLanguage) -> String {
    let (title, text) = wording(error, lang);
    let sign_in = if matches!(error, AppError::Unauthorized) {
        let locale = locale_of(lang);
        format!(
            "<p><a href=\"/admin/sign-in\">{}</a></p>",
            escape(td_string!(locale, admin.sign_in))
        )
    } else {
        String::new()
    };
    let (title, text) = (escape(&title), escape(&text));
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p>{sign_in}</main>\
         </body></html>",
        match lang {
            UiLanguage::En => "en",
            UiLanguage::Fr => "fr",
            UiLanguage::Uk => "uk",
        }
    )
}

/// Renders a refusal page again in `lang` (the outermost middleware calls this with the
/// request's language); other responses are left as they are.
pub fn localize(response: &mut Response, lang: UiLanguage) {
    let Some(RefusalPage(error)) = response.extensions().get::<RefusalPage>().cloned() else {
        return;
    };
    if lang == UiLanguage::En {
        return;
    }
    // The page may have been compressed on its way out: the new body is plain.
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response.headers_mut().remove(header::CONTENT_ENCODING);
    *response.body_mut() = Body::from(page_html(&error, lang));
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

/// Middleware around the server functions (`/fn/…`): each answers with the status of the
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
    use axum::http::HeaderMap;

    /// The language the one reader (`web::reader`) decides for a request with `h` and no
    /// language in its address.
    fn language(h: &HeaderMap) -> UiLanguage {
        crate::web::reader::language(&"/".parse().unwrap(), h).language
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_language_cookie_wins_over_the_browser_languages() {
        let h = headers(&[("cookie", "a=1; lang=uk"), ("accept-language", "fr")]);
        assert_eq!(language(&h), UiLanguage::Uk);
    }

    #[test]
    fn the_most_preferred_of_our_languages_is_taken_from_accept_language() {
        let h = headers(&[("accept-language", "de-DE, uk;q=0.8, fr-CH;q=0.9, en;q=0.5")]);
        assert_eq!(language(&h), UiLanguage::Fr);
        let h = headers(&[("accept-language", "pl, uk-UA;q=0.7")]);
        assert_eq!(language(&h), UiLanguage::Uk);
    }

    #[test]
    fn without_a_known_language_or_with_a_refused_one_it_is_english() {
        assert_eq!(language(&headers(&[])), UiLanguage::En);
        assert_eq!(
            language(&headers(&[("accept-language", "de, fr;q=0")])),
            UiLanguage::En
        );
        assert_eq!(language(&headers(&[("cookie", "lang=xx")])), UiLanguage::En);
    }

    #[test]
    fn a_refusal_page_is_rendered_again_in_the_language_of_the_request() {
        let mut response = page(StatusCode::PAYLOAD_TOO_LARGE, &AppError::TooLarge);
        localize(&mut response, UiLanguage::Uk);
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body = futures::executor::block_on(axum::body::to_bytes(response.into_body(), 1 << 16))
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("<html lang=\"uk\">"));
        assert!(html.contains("Форма більша за 64 КБ"), "{html}");
        let fr = page_html(&AppError::Request("a <b>".into()), UiLanguage::Fr);
        assert!(
            fr.contains("Le formulaire n&#39;a pas pu être lu (a &lt;b&gt;)"),
            "{fr}"
        );
    }

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
        let (_, text) = wording(&AppError::Request("<script>".into()), UiLanguage::En);
        assert!(escape(&text).contains("&lt;script&gt;"));
    }
}
