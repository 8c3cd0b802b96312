//! A small JSON reader and writer for what the submission island exchanges with the server, so
//! that the browser's wasm carries neither serde_json nor serde's derived visitors.
//!
//! Why: in the island's wasm, serde_json and serde were 142 KB of its 940 KB of code before
//! wasm-opt (the largest function was serde_json's `deserialize_struct` for the form, 17 KB),
//! plus core's float formatting that serde's error messages pull in. The island reads its
//! setup, its server functions' answers and its draft, and writes its requests and its draft;
//! nothing else of it needs JSON.
//!
//! The server keeps serde: every impl here writes and reads exactly the representation serde
//! derives for the type (externally tagged enums, `rename_all` names, `#[serde(default)]`), so
//! both ends and every existing client agree. The tests check each type both ways against
//! serde_json. Numbers are integers only (no value the island exchanges has a fraction).

use crate::domain::{
    Field, FieldError, FieldProblem, FormMember, ModerationStatus, SubmitForm, TransitionError,
    UiLanguage, VersionPart,
};
use crate::wire::types::{Accepted, SimilarInitiative};
use crate::wire::{AppError, FormReply, FormStart, RetryReason};

/// A parsed JSON value. Objects keep their members in order (no map: a few keys each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(i64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Nesting deeper than this is refused (the island's values nest four levels).
const MAX_DEPTH: u32 = 32;

impl Json {
    /// Parses a whole JSON text. `None` for anything that is not JSON, for numbers with a
    /// fraction or an exponent, or nesting deeper than 32.
    pub fn parse(text: &str) -> Option<Json> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let value = p.value(0)?;
        p.space();
        (p.i == p.s.len()).then_some(value)
    }

    /// The member `key` of an object.
    pub fn take(&mut self, key: &str) -> Option<Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .position(|(k, _)| k == key)
                .map(|i| members.swap_remove(i).1),
            _ => None,
        }
    }

    /// An enum as serde writes it: `"Name"` for a unit variant, `{"Name": value}` otherwise.
    fn variant(self) -> Option<(String, Option<Json>)> {
        match self {
            Json::String(name) => Some((name, None)),
            Json::Object(mut members) if members.len() == 1 => {
                let (name, value) = members.pop()?;
                Some((name, Some(value)))
            }
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let found = self.s.get(self.i) == Some(&b);
        if found {
            self.i += 1;
        }
        found
    }

    fn word(&mut self, w: &[u8]) -> bool {
        let found = self.s[self.i..].starts_with(w);
        if found {
            self.i += w.len();
        }
        found
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match *self.s.get(self.i)? {
            b'n' if self.word(b"null") => Some(Json::Null),
            b't' if self.word(b"true") => Some(Json::Bool(true)),
            b'f' if self.word(b"false") => Some(Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Array(items))
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Object(members))
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.i += 1;
                while let Some(b'0'..=b'9') = self.s.get(self.i) {
                    self.i += 1;
                }
                std::str::from_utf8(&self.s[start..self.i])
                    .ok()?
                    .parse()
                    .ok()
                    .map(Json::Number)
            }
            _ => None,
        }
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            if (0xD800..0xDC00).contains(&high) {
                                if !self.word(b"\\u") {
                                    return None;
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                            } else {
                                char::from_u32(high)?
                            }
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => return None,
                _ => out.push(b),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }
}

/// A value read from JSON as serde would read it. `None` when the value has another shape.
pub trait FromJson: Sized {
    fn from_json(value: Json) -> Option<Self>;

    /// Parses a whole JSON text into this type.
    fn from_json_text(text: &str) -> Option<Self> {
        Self::from_json(Json::parse(text)?)
    }
}

/// A value written as JSON as serde would write it.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Writes `s` as a JSON string.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes an object member by member: `Object::new(out).field("a", &x).end()`.
pub struct Object<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Object<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, first: true }
    }

    pub fn field(mut self, key: &str, value: &dyn ToJson) -> Self {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(self.out, key);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for i32 {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

impl FromJson for String {
    fn from_json(value: Json) -> Option<Self> {
        match value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Json) -> Option<Self> {
        match value {
            Json::Bool(b) => Some(b),
            _ => None,
        }
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Json) -> Option<Self> {
                match value {
                    Json::Number(n) => <$t>::try_from(n).ok(),
                    _ => None,
                }
            }
        }
    )*};
}
integers!(i32, u32, usize);

impl FromJson for () {
    fn from_json(value: Json) -> Option<Self> {
        (value == Json::Null).then_some(())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Json) -> Option<Self> {
        match value {
            Json::Null => Some(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Json) -> Option<Self> {
        match value {
            Json::Array(items) => items.into_iter().map(T::from_json).collect(),
            _ => None,
        }
    }
}

/// Reads member `key` of `object`; a missing member is an error.
fn member<T: FromJson>(object: &mut Json, key: &str) -> Option<T> {
    T::from_json(object.take(key)?)
}

/// Enums whose variants carry nothing: serde writes each as its name (after `rename_all`).
macro_rules! unit_enums {
    ($($t:ty { $($variant:ident = $name:literal),* $(,)? })*) => {$(
        impl FromJson for $t {
            fn from_json(value: Json) -> Option<Self> {
                match value {
                    $(Json::String(s) if s == $name => Some(<$t>::$variant),)*
                    _ => None,
                }
            }
        }

        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                write_string(out, match self { $(<$t>::$variant => $name,)* });
            }
        }
    )*};
}

unit_enums! {
    UiLanguage { En = "En", Fr = "Fr", Uk = "Uk" }
    VersionPart { Title = "Title", Summary = "Summary", Description = "Description" }
    RetryReason { TooQuick = "TooQuick", Expired = "Expired" }
    ModerationStatus {
        Pending = "pending",
        ChangesRequested = "changes-requested",
        Published = "published",
        Rejected = "rejected",
        Archived = "archived",
        Withdrawn = "withdrawn",
    }
}

impl FromJson for Field {
    fn from_json(value: Json) -> Option<Self> {
        match value.variant()? {
            (name, Some(Json::Array(mut pair))) if name == "Version" && pair.len() == 2 => {
                let part = VersionPart::from_json(pair.pop()?)?;
                Some(Field::Version(UiLanguage::from_json(pair.pop()?)?, part))
            }
            (name, None) => Field::ALL
                .into_iter()
                .find(|f| !matches!(f, Field::Version(..)) && variant_name(*f) == name),
            _ => None,
        }
    }
}

/// The Rust name of a field's variant, as serde writes it.
fn variant_name(field: Field) -> &'static str {
    match field {
        Field::City => "City",
        Field::Country => "Country",
        Field::TextLanguage => "TextLanguage",
        Field::Title => "Title",
        Field::Summary => "Summary",
        Field::Description => "Description",
        Field::Version(..) => "Version",
        Field::Types => "Types",
        Field::Commitments => "Commitments",
        Field::Activity => "Activity",
        Field::StartDate => "StartDate",
        Field::EndDate => "EndDate",
        Field::Website => "Website",
        Field::ContactEmail => "ContactEmail",
        Field::Languages => "Languages",
        Field::SubmitterName => "SubmitterName",
        Field::SubmitterEmail => "SubmitterEmail",
        Field::SubmitterRole => "SubmitterRole",
        Field::Consent => "Consent",
    }
}

impl FromJson for FieldError {
    fn from_json(value: Json) -> Option<Self> {
        use FieldError as E;
        let (name, inner) = value.variant()?;
        Some(match (name.as_str(), inner) {
            ("Required", None) => E::Required,
            ("ControlCharacters", None) => E::ControlCharacters,
            ("NotHttp", None) => E::NotHttp,
            ("InvalidLink", None) => E::InvalidLink,
            ("InvalidEmail", None) => E::InvalidEmail,
            ("DirectionControls", None) => E::DirectionControls,
            ("InvisibleCharacters", None) => E::InvisibleCharacters,
            ("EndBeforeStart", None) => E::EndBeforeStart,
            ("NoType", None) => E::NoType,
            ("ConsentMissing", None) => E::ConsentMissing,
            ("VersionInOriginalLanguage", None) => E::VersionInOriginalLanguage,
            ("TooShort", Some(mut v)) => E::TooShort {
                min: member(&mut v, "min")?,
            },
            ("TooLong", Some(mut v)) => E::TooLong {
                max: member(&mut v, "max")?,
                actual: member(&mut v, "actual")?,
            },
            ("TooManyTypes", Some(mut v)) => E::TooManyTypes {
                max: member(&mut v, "max")?,
            },
            (name, Some(Json::String(s))) => match name {
                "InvalidDate" => E::InvalidDate(s),
                "UnknownCountry" => E::UnknownCountry(s),
                "UnknownType" => E::UnknownType(s),
                "UnknownCommitment" => E::UnknownCommitment(s),
                "UnknownLanguage" => E::UnknownLanguage(s),
                "UnknownActivityStatus" => E::UnknownActivityStatus(s),
                "UnknownTextLanguage" => E::UnknownTextLanguage(s),
                "UnknownVersionSource" => E::UnknownVersionSource(s),
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl FromJson for FieldProblem {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(FieldProblem {
            field: member(&mut value, "field")?,
            error: member(&mut value, "error")?,
        })
    }
}

impl FromJson for TransitionError {
    fn from_json(value: Json) -> Option<Self> {
        use TransitionError as E;
        Some(match value.variant()? {
            (name, Some(status)) if name == "NotAllowed" => {
                E::NotAllowed(ModerationStatus::from_json(status)?)
            }
            (name, None) => match name.as_str() {
                "ModeratorsOnly" => E::ModeratorsOnly,
                "SubmitterOnly" => E::SubmitterOnly,
                "ReasonRequired" => E::ReasonRequired,
                "UnknownAction" => E::UnknownAction,
                "NoRevision" => E::NoRevision,
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl FromJson for AppError {
    fn from_json(value: Json) -> Option<Self> {
        use AppError as E;
        let (name, inner) = value.variant()?;
        Some(match (name.as_str(), inner) {
            ("NotFound", None) => E::NotFound,
            ("Unavailable", None) => E::Unavailable,
            ("TooLarge", None) => E::TooLarge,
            ("CrossSite", None) => E::CrossSite,
            ("Automated", None) => E::Automated,
            ("TooManyRequests", None) => E::TooManyRequests,
            ("Conflict", None) => E::Conflict,
            ("Unauthorized", None) => E::Unauthorized,
            ("SecondFactorRequired", None) => E::SecondFactorRequired,
            ("Request", Some(v)) => E::Request(String::from_json(v)?),
            ("Invalid", Some(v)) => E::Invalid(Vec::from_json(v)?),
            ("NotAllowed", Some(v)) => E::NotAllowed(TransitionError::from_json(v)?),
            ("Retry", Some(mut v)) => E::Retry {
                reason: member(&mut v, "reason")?,
                ticket: member(&mut v, "ticket")?,
            },
            _ => return None,
        })
    }
}

impl FromJson for Accepted {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(Accepted {
            manage_path: member(&mut value, "manage_path")?,
            manage_url: member(&mut value, "manage_url")?,
            title: member(&mut value, "title")?,
        })
    }
}

impl FromJson for SimilarInitiative {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(SimilarInitiative {
            slug: member(&mut value, "slug")?,
            title: member(&mut value, "title")?,
            city: member(&mut value, "city")?,
        })
    }
}

impl FromJson for FormReply {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(FormReply {
            form: member(&mut value, "form")?,
            error: member(&mut value, "error")?,
            accepted: member(&mut value, "accepted")?,
        })
    }
}

impl FromJson for FormStart {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(FormStart {
            ticket: member(&mut value, "ticket")?,
            reply: member(&mut value, "reply")?,
        })
    }
}

impl ToJson for SubmitForm {
    fn write_json(&self, out: &mut String) {
        let mut object = Object::new(out);
        for (name, member) in SubmitForm::MEMBERS {
            object = match member {
                FormMember::Text(get, _) => object.field(name, get(self)),
                FormMember::List(get, _) => object.field(name, get(self)),
                FormMember::Consent => object.field(name, &self.consent),
            };
        }
        object.end();
    }
}

/// As serde reads it with `#[serde(default)]`: a missing member is empty.
impl FromJson for SubmitForm {
    fn from_json(mut value: Json) -> Option<Self> {
        if !matches!(value, Json::Object(_)) {
            return None;
        }
        let mut form = SubmitForm::default();
        for (name, member) in SubmitForm::MEMBERS {
            let Some(v) = value.take(name) else { continue };
            match member {
                FormMember::Text(_, set) => *set(&mut form) = String::from_json(v)?,
                FormMember::List(_, set) => *set(&mut form) = Vec::from_json(v)?,
                FormMember::Consent => form.consent = Option::from_json(v)?,
            }
        }
        Some(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use std::fmt::Debug;

    /// serde writes it, this module reads it back the same.
    fn reads_as_serde_writes<T: Serialize + FromJson + PartialEq + Debug>(value: T) {
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(T::from_json_text(&text), Some(value), "{text}");
    }

    /// This module writes it, serde reads it back the same.
    fn writes_as_serde_reads<T: ToJson + DeserializeOwned + PartialEq + Debug>(value: T) {
        let text = value.to_json();
        assert_eq!(serde_json::from_str::<T>(&text).unwrap(), value, "{text}");
    }

    fn full_form() -> SubmitForm {
        SubmitForm {
            city: "Gdańsk \"old town\"".into(),
            country: "PL".into(),
            text_language: "uk".into(),
            title: "Допомога \\ 𝄞 <script>".into(),
            summary: "line\nbreak\ttab\u{1}control".into(),
            description: "x".repeat(300),
            title_en: "Help".into(),
            summary_fr: "Aide".into(),
            description_uk: "Опис".into(),
            types: vec!["housing".into(), "education".into()],
            commitments: vec!["1".into(), "5".into()],
            activity: "ongoing".into(),
            start_date: "2022-03-04".into(),
            end_date: String::new(),
            website: "https://city.example/help?a=1&b=2".into(),
            contact_email: "help@city.example".into(),
            languages: vec![],
            submitter_name: "Ola".into(),
            submitter_email: "ola@city.example".into(),
            submitter_role: "Coordinator".into(),
            consent: Some("yes".into()),
            leave_empty: String::new(),
            ticket: "t.1.2".into(),
            ..SubmitForm::default()
        }
    }

    #[test]
    fn the_form_goes_both_ways_as_serde_has_it() {
        reads_as_serde_writes(full_form());
        writes_as_serde_reads(full_form());
        reads_as_serde_writes(SubmitForm::default());
        writes_as_serde_reads(SubmitForm::default());
    }

    #[test]
    fn a_form_with_missing_members_reads_as_empty_ones_like_serde_default() {
        let form = SubmitForm::from_json_text(r#"{"title":"T","types":["housing"]}"#).unwrap();
        assert_eq!(form.title, "T");
        assert_eq!(form.types, vec!["housing".to_owned()]);
        assert_eq!(form.city, "");
        assert_eq!(form.consent, None);
    }

    fn every_field_error() -> Vec<FieldError> {
        use FieldError as E;
        vec![
            E::Required,
            E::TooShort { min: 3 },
            E::TooLong {
                max: 120,
                actual: 121,
            },
            E::ControlCharacters,
            E::NotHttp,
            E::InvalidLink,
            E::InvalidEmail,
            E::DirectionControls,
            E::InvisibleCharacters,
            E::InvalidDate("2022-13-01".into()),
            E::EndBeforeStart,
            E::UnknownCountry("XX".into()),
            E::UnknownType("boats".into()),
            E::NoType,
            E::TooManyTypes { max: 4 },
            E::UnknownCommitment("9".into()),
            E::UnknownLanguage("zz".into()),
            E::UnknownActivityStatus("maybe".into()),
            E::ConsentMissing,
            E::UnknownTextLanguage("de".into()),
            E::UnknownVersionSource("robot".into()),
            E::VersionInOriginalLanguage,
        ]
    }

    /// Does not compile when a variant is added to one of the enums read here: add it to
    /// `FromJson` above and to the lists these tests go through.
    #[allow(dead_code)]
    fn every_variant_is_read(e: &AppError, f: &FieldError, t: &TransitionError) {
        use AppError as A;
        use FieldError as F;
        use TransitionError as T;
        match e {
            A::NotFound | A::Unavailable | A::Request(_) | A::TooLarge | A::CrossSite => {}
            A::Invalid(_) | A::Retry { .. } | A::Automated | A::TooManyRequests => {}
            A::Conflict | A::NotAllowed(_) | A::Unauthorized | A::SecondFactorRequired => {}
        }
        match f {
            F::Required | F::TooShort { .. } | F::TooLong { .. } | F::ControlCharacters => {}
            F::NotHttp | F::InvalidLink | F::InvalidEmail | F::DirectionControls => {}
            F::InvisibleCharacters | F::InvalidDate(_) | F::EndBeforeStart => {}
            F::UnknownCountry(_) | F::UnknownType(_) | F::NoType | F::TooManyTypes { .. } => {}
            F::UnknownCommitment(_) | F::UnknownLanguage(_) | F::UnknownActivityStatus(_) => {}
            F::ConsentMissing | F::UnknownTextLanguage(_) | F::UnknownVersionSource(_) => {}
            F::VersionInOriginalLanguage => {}
        }
        match t {
            T::NotAllowed(_) | T::ModeratorsOnly | T::SubmitterOnly | T::ReasonRequired => {}
            T::UnknownAction | T::NoRevision => {}
        }
    }

    #[test]
    fn every_field_and_field_error_reads_as_serde_writes_them() {
        let errors = every_field_error();
        for (i, field) in Field::ALL.into_iter().enumerate() {
            let error = errors[i % errors.len()].clone();
            reads_as_serde_writes(FieldProblem { field, error });
        }
        for error in errors {
            reads_as_serde_writes(error);
        }
    }

    #[test]
    fn every_app_error_reads_as_serde_writes_it() {
        use AppError as E;
        let mut all = vec![
            E::NotFound,
            E::Unavailable,
            E::Request("the body: expected value".into()),
            E::TooLarge,
            E::CrossSite,
            E::Invalid(vec![FieldProblem {
                field: Field::Version(UiLanguage::Fr, VersionPart::Summary),
                error: FieldError::Required,
            }]),
            E::Retry {
                reason: RetryReason::TooQuick,
                ticket: "t".into(),
            },
            E::Retry {
                reason: RetryReason::Expired,
                ticket: "u".into(),
            },
            E::Automated,
            E::TooManyRequests,
            E::Conflict,
            E::Unauthorized,
            E::SecondFactorRequired,
            E::NotAllowed(TransitionError::ModeratorsOnly),
            E::NotAllowed(TransitionError::SubmitterOnly),
            E::NotAllowed(TransitionError::ReasonRequired),
            E::NotAllowed(TransitionError::UnknownAction),
            E::NotAllowed(TransitionError::NoRevision),
        ];
        for status in [
            ModerationStatus::Pending,
            ModerationStatus::ChangesRequested,
            ModerationStatus::Published,
            ModerationStatus::Rejected,
            ModerationStatus::Archived,
            ModerationStatus::Withdrawn,
        ] {
            all.push(E::NotAllowed(TransitionError::NotAllowed(status)));
            reads_as_serde_writes(status);
            writes_as_serde_reads(status);
        }
        for e in all {
            reads_as_serde_writes(e);
        }
    }

    #[test]
    fn the_answers_and_the_form_start_read_as_serde_writes_them() {
        reads_as_serde_writes(Accepted {
            manage_path: "/manage/abc".into(),
            manage_url: "https://x.example/manage/abc".into(),
            title: "Ü".into(),
        });
        reads_as_serde_writes(vec![SimilarInitiative {
            slug: "a-b".into(),
            title: "A".into(),
            city: "B".into(),
        }]);
        reads_as_serde_writes(FormStart::default());
        reads_as_serde_writes(FormStart {
            ticket: "t".into(),
            reply: FormReply {
                form: Some(full_form()),
                error: Some(AppError::Conflict),
                accepted: None,
            },
        });
        assert_eq!(<()>::from_json_text("null"), Some(()));
    }

    #[test]
    fn what_is_not_json_or_not_the_shape_is_refused() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "\"open",
            "01x",
            "1.5",
            "1e3",
            "nul",
            "[1] [2]",
            "\"\\ud800\"",
            "\"\\x\"",
            "\"a\u{1}b\"",
        ] {
            assert_eq!(Json::parse(text), None, "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(Json::parse(&deep), None);
        assert_eq!(Accepted::from_json_text(r#"{"manage_path":"/m"}"#), None);
        assert_eq!(AppError::from_json_text(r#""Nonsense""#), None);
        assert_eq!(SubmitForm::from_json_text(r#"{"title":5}"#), None);
        assert_eq!(i32::from_json_text("99999999999"), None);
    }

    #[test]
    fn strings_with_escapes_and_astral_characters_read_back() {
        for s in ["", "a\"b\\c/d", "\u{8}\u{c}\n\r\t", "𝄞 Ї ñ", "\u{7f}\u{1f}"] {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
            assert_eq!(
                String::from_json_text(&serde_json::to_string(s).unwrap()).unwrap(),
                s
            );
        }
        assert_eq!(String::from_json_text(r#""\ud834\udd1e""#).unwrap(), "𝄞");
    }
}
