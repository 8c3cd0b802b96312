//! What pages and the island get from the server. `pages` holds the reads pages make while
//! they render on the server (plain functions: no HTTP endpoint); this file holds the server
//! functions — only the four the submission island calls from the browser, under `/fn/`
//! (apart from the public API's `/api/v1/`). Each parses its input, calls a use case
//! (`server::use_cases`, which the posts without JavaScript call too) or a read, and maps its
//! answer and its problem (`use_cases::app_error`). Pages call these, never the database.

#[cfg(feature = "ssr")]
mod context;
pub mod pages;

pub use pages::{
    list_initiatives, load_account, load_confirmations, load_home, load_initiative, load_mail,
    load_manage, load_pipeline, load_privacy_admin, load_queue, load_retention, load_review,
    load_statistics, site_origin, start_form,
};

use crate::domain::{ModerationStatus, SubmitForm};
use crate::wire::codec::{JsonIn, JsonOut};
use crate::wire::json::{Object, ToJson};
use crate::wire::types::{Accepted, SimilarInitiative};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Encoding, FromReq, GetUrl, IntoReq, Post};
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::{ClientReq, Req};
use leptos::server_fn::ContentType;

/// Stores a new submission for review and gives its private manage link. A submission sent
/// again with the same id (the `Idempotency-Key` header the site's service worker adds, issue
/// 18) gets the same answer and is stored once.
#[server(prefix = "/fn", endpoint = "submit", input = Post<JsonIn>, output = Post<JsonOut>)]
pub async fn submit_initiative(form: SubmitForm) -> Result<Accepted, AppError> {
    let state = context::state()?;
    let client = context::client().await;
    let origin = context::origin();
    let language = context::language();
    let id = context::submission_id().map_err(AppError::respond)?;
    crate::server::use_cases::submit(&state, &client, &origin, language, &form, id.as_ref())
        .await
        .map(Into::into)
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// Published initiatives of the same city whose titles share words with `title`.
#[server(prefix = "/fn", endpoint = "similar", input = Query, output = Post<JsonOut>)]
pub async fn similar_initiatives(
    country: String,
    city: String,
    title: String,
) -> Result<Vec<SimilarInitiative>, AppError> {
    if country.len() > 8 || city.len() > 400 || title.len() > 600 {
        return Ok(Vec::new());
    }
    Ok(context::state()?
        .directory
        .snapshot()
        .similar(&country, &city, &title, 5))
}

/// The submitter sends an edit through the manage link. Unknown links count towards the same
/// per-client limit as the manage page's.
#[server(prefix = "/fn", endpoint = "manage_update", input = Post<JsonIn>, output = Post<JsonOut>)]
pub async fn update_submission(
    token: String,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = context::state()?;
    let client = context::client().await;
    crate::server::use_cases::update(&state, &client, &token, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

/// A moderator corrects an item's public content. Moderators only.
#[server(prefix = "/fn", endpoint = "moderator_edit", input = Post<JsonIn>, output = Post<JsonOut>)]
pub async fn moderator_edit(
    id: i32,
    version: i32,
    form: SubmitForm,
) -> Result<ModerationStatus, AppError> {
    let state = context::state()?;
    let moderator = context::moderator(&state)
        .await
        .map_err(AppError::respond)?;
    crate::server::use_cases::edit(&state, &moderator, id, version, &form)
        .await
        .map_err(|p| crate::server::use_cases::app_error(p).respond())
}

// The arguments as the browser sends them, with the members serde reads on the server.

impl ToJson for SubmitInitiative {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("form", &self.form).end();
    }
}

impl ToJson for UpdateSubmission {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("token", &self.token)
            .field("version", &self.version)
            .field("form", &self.form)
            .end();
    }
}

impl ToJson for ModeratorEdit {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("version", &self.version)
            .field("form", &self.form)
            .end();
    }
}

/// The lookup of similar initiatives is a `GET` with its arguments in the query string, as
/// server_fn's `GetUrl` has them; the browser writes the query itself (server_fn's way goes
/// through serde), the server reads it with `GetUrl`'s reader.
pub struct Query;

impl ContentType for Query {
    const CONTENT_TYPE: &'static str = GetUrl::CONTENT_TYPE;
}

impl Encoding for Query {
    const METHOD: http::Method = http::Method::GET;
}

/// `s` percent-encoded for a query string (`application/x-www-form-urlencoded`).
fn query_value(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

impl SimilarInitiatives {
    /// The query string, `country=…&city=…&title=…`.
    fn query(&self) -> String {
        let mut q = String::new();
        for (i, (name, value)) in [
            ("country", &self.country),
            ("city", &self.city),
            ("title", &self.title),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                q.push('&');
            }
            q.push_str(name);
            q.push('=');
            query_value(&mut q, value);
        }
        q
    }
}

impl<E, Request> IntoReq<Query, Request, E> for SimilarInitiatives
where
    Request: ClientReq<E>,
    E: FromServerFnError,
{
    fn into_req(self, path: &str, accepts: &str) -> Result<Request, E> {
        Request::try_new_get(path, Query::CONTENT_TYPE, accepts, &self.query())
    }
}

impl<E, Request> FromReq<Query, Request, E> for SimilarInitiatives
where
    Request: Req<E> + Send + 'static,
    E: FromServerFnError,
{
    async fn from_req(req: Request) -> Result<Self, E> {
        <Self as FromReq<GetUrl, Request, E>>::from_req(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_similar_query_reads_back_as_the_server_reads_it() {
        let args = SimilarInitiatives {
            country: "PL".into(),
            city: "Gdańsk & Sopot = 100%".into(),
            title: "Допомога +1 ~x".into(),
        };
        let back: SimilarInitiatives = serde_qs::from_str(&args.query()).unwrap();
        assert_eq!(
            (back.country, back.city, back.title),
            (args.country, args.city, args.title)
        );
    }

    #[test]
    fn the_arguments_are_written_as_serde_reads_them() {
        let form = SubmitForm {
            title: "T \"q\"".into(),
            types: vec!["housing".into()],
            ..SubmitForm::default()
        };
        let sent = UpdateSubmission {
            token: "tok".into(),
            version: -3,
            form: form.clone(),
        }
        .to_json();
        let read: UpdateSubmission = serde_json::from_str(&sent).unwrap();
        assert_eq!(
            (read.token.as_str(), read.version, &read.form),
            ("tok", -3, &form)
        );
        let read: ModeratorEdit = serde_json::from_str(
            &ModeratorEdit {
                id: 7,
                version: 2,
                form: form.clone(),
            }
            .to_json(),
        )
        .unwrap();
        assert_eq!((read.id, read.version, &read.form), (7, 2, &form));
        let read: SubmitInitiative =
            serde_json::from_str(&SubmitInitiative { form: form.clone() }.to_json()).unwrap();
        assert_eq!(read.form, form);
    }
}
