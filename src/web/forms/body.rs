//! Reading a raw posted body (url-encoded, checked more strictly than the form decoder does) and
//! the id in a post's address; what cannot be read is answered with a 400 or 404 page (a manage
//! link's token is checked by `use_cases::through_manage_link`, which counts the misses).

use crate::domain::percent_decode;
use crate::web::forms::render::{bad_form, no_such_thing};
use crate::web::forms::PostHeaders;

use crate::server::state::AppState;
use crate::web::http::MAX_BODY_BYTES;
use crate::web::refusal;
use crate::wire::AppError;
use axum::{body::Bytes, extract::ConnectInfo, http::StatusCode, response::Response};
use std::net::SocketAddr;

/// Whether every name and value of a url-encoded body is UTF-8 once its `%XX` escapes are
/// decoded. The form decoder would quietly replace what is not, changing what was typed.
fn form_is_utf8(body: &[u8]) -> bool {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    body.split(|b| *b == b'&' || *b == b'=').all(|part| {
        let mut bytes = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match (part[i], part.get(i + 1), part.get(i + 2)) {
                (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    bytes.push(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0));
                    i += 3;
                }
                (b, _, _) => {
                    bytes.push(b);
                    i += 1;
                }
            }
        }
        std::str::from_utf8(&bytes).is_ok()
    })
}

/// Fields of the forms that may come more than once (groups of check boxes).
const LIST_FIELDS: [&str; 3] = ["types", "commitments", "languages"];

/// The first field other than a list that the body gives more than once.
fn repeated_field(body: &[u8]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let name = pair.split(|b| *b == b'=').next().unwrap_or_default();
            percent_decode(&String::from_utf8_lossy(name))
        })
        .find(|name| !LIST_FIELDS.contains(&name.as_str()) && !seen.insert(name.clone()))
}

/// Reads a posted form; 400 naming the problem when it cannot be decoded.
pub(crate) fn read_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    if !form_is_utf8(body) {
        return Err(bad_form("it is not UTF-8 text"));
    }
    if let Some(name) = repeated_field(body) {
        return Err(bad_form(format!(
            "the field {} is given more than once",
            name.chars().take(40).collect::<String>()
        )));
    }
    serde_html_form::from_bytes::<T>(body).map_err(bad_form)
}

/// The `submission_id` field of a new submission, if any: the id the browser's outbox gave it
/// (issue 18). `outbox.js` posts a submission whose answer it holds this way, so the answer page
/// is rendered by the server (a known id is answered as before, nothing stored twice).
pub(super) fn read_submission_id(
    body: &[u8],
) -> Result<Option<crate::domain::SubmissionId>, Response> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct IdField {
        submission_id: Option<String>,
    }
    match read_form::<IdField>(body)?.submission_id {
        None => Ok(None),
        Some(text) => crate::domain::SubmissionId::parse(text.trim())
            .map(Some)
            .map_err(|e| bad_form(e.to_string())),
    }
}

/// The `version` field of an edit or an action: the version the page was showing.
pub(super) fn read_version(body: &[u8]) -> Result<i32, Response> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct VersionField {
        version: Option<String>,
    }
    let field = read_form::<VersionField>(body)?;
    let Some(text) = field.version else {
        return Err(bad_form("the field version is missing"));
    };
    text.trim().parse::<i32>().map_err(|_| {
        bad_form(format!(
            "the field version is not a whole number: {}",
            text.chars().take(20).collect::<String>()
        ))
    })
}

/// An item's id from its address; 404 when it cannot be one.
pub(super) fn item_id(text: &str) -> Result<i32, Response> {
    text.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(no_such_thing)
}

/// Splits a posted request into the client's key, its headers and its body (413 when the body
/// is over the limit).
pub(crate) async fn posted(
    state: &AppState,
    request: axum::extract::Request,
) -> Result<(String, PostHeaders, Bytes), Response> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let (parts, body) = request.into_parts();
    let headers = PostHeaders::of(&parts);
    let client = state.guard.client(&headers, peer);
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => Ok((client, headers, body)),
        Err(_) => Err(refusal::page(
            StatusCode::PAYLOAD_TOO_LARGE,
            &AppError::TooLarge,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_escaped_non_utf8_bytes_is_not_text() {
        assert!(form_is_utf8(b"title=Gda%C5%84sk&city=a+b"));
        assert!(form_is_utf8(b"title=100%&x=%zz"));
        assert!(!form_is_utf8(b"title=%FF%FE"));
        assert!(!form_is_utf8(b"ti%C5tle=x"));
        assert!(!form_is_utf8(&[b't', b'=', 0xC3, 0x28]));
    }

    #[test]
    fn a_field_given_twice_is_named_unless_it_is_a_group_of_boxes() {
        assert_eq!(
            repeated_field(b"title=a&city=b&title=c").as_deref(),
            Some("title")
        );
        assert_eq!(
            repeated_field(b"e%6Dail=a&email=b").as_deref(),
            Some("email")
        );
        assert_eq!(
            repeated_field(b"types=a&types=b&languages=uk&languages=pl"),
            None
        );
    }

    #[test]
    fn only_positive_numbers_can_be_item_ids() {
        assert_eq!(item_id("12").ok(), Some(12));
        for bad in ["abc", "0", "-1", "99999999999", " 1"] {
            assert_eq!(item_id(bad).unwrap_err().status(), StatusCode::NOT_FOUND);
        }
    }
}
