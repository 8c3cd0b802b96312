//! How the server functions' requests and answers are encoded: JSON either way, as with
//! server_fn's own `Json`, but written and read in the browser by `wire::json` instead of
//! serde_json (see there why). The server keeps serde_json for both directions, so what it
//! accepts and answers is byte for byte what it was with `Json`.
//!
//! Each direction has its own codec because the two ends use different halves: the browser
//! writes requests ([`JsonIn`]: `ToJson`) and reads answers ([`JsonOut`]: `FromJson`); the
//! server reads requests and writes answers with serde. server_fn asks both builds for both
//! halves, so each codec also has the other half with the other library, which the linker
//! drops where it is never called.

use crate::wire::json::{FromJson, ToJson};
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A server function's arguments: written by the browser (`ToJson`), read by the server (serde).
pub struct JsonIn;

/// A server function's answer and error: written by the server (serde), read by the browser
/// (`FromJson`).
pub struct JsonOut;

/// What went wrong reading an answer in the browser.
#[derive(Debug)]
pub struct NotTheAnswer;

impl std::fmt::Display for NotTheAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer is not what was expected")
    }
}

impl ContentType for JsonIn {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonIn {
    const FORMAT_TYPE: Format = Format::Text;
}

impl ContentType for JsonOut {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonOut {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: ToJson> Encodes<T> for JsonIn {
    type Error = std::convert::Infallible;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        Ok(Bytes::from(value.to_json()))
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonIn {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        serde_json::from_slice(&bytes)
    }
}

impl<T: Serialize> Encodes<T> for JsonOut {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: FromJson> Decodes<T> for JsonOut {
    type Error = NotTheAnswer;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(T::from_json_text)
            .ok_or(NotTheAnswer)
    }
}
