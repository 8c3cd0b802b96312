//! `/api`: the open data and the public API, for the people who write programs against them —
//! the files every filtered view offers, and each endpoint of `/api/v1/` with an address to
//! try, read from the OpenAPI document the server generates (so this page cannot drift from
//! the API). The reference is in English, as API references are; the page around it is
//! translated.

use crate::components::page_title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn ApiPage() -> impl IntoView {
    let i18n = use_i18n();
    let endpoints = crate::api::pages::api_reference();
    view! {
        <PageTitle page=move || t_string!(i18n, api.title).to_owned()/>
        <Meta name="description" content=t_string!(i18n, api.intro)/>
        <article class="page api-reference">
            <h1>{t!(i18n, api.title)}</h1>
            <p class="lead">{t!(i18n, api.intro)}</p>
            <div lang="en">
                <h2>"Files of any filtered view"</h2>
                <p>
                    "Each takes the list page's parameters ("<code>"country"</code>", "
                    <code>"type"</code>", "<code>"commitment"</code>", "<code>"q"</code>", "
                    <code>"sort"</code>") and holds every matching initiative, not one page. "
                    "The list page links them for its current filters."
                </p>
                <ul>
                    <li>
                        <a href="/initiatives.csv?country=PL">
                            <code>"/initiatives.csv?country=PL"</code>
                        </a>
                        " — a spreadsheet: UTF-8 with a byte-order mark, one English header row, "
                        "codes joined by semicolons."
                    </li>
                    <li>
                        <a href="/initiatives.json?type=housing">
                            <code>"/initiatives.json?type=housing"</code>
                        </a>
                        " — the import format, with the filter, the view's address and the time it was made."
                    </li>
                    <li>
                        <a href="/feed.atom?commitment=2">
                            <code>"/feed.atom?commitment=2"</code>
                        </a>
                        " — an Atom feed, newest first; an entry is updated when its initiative is edited."
                    </li>
                </ul>
                <h2>"API, version 1"</h2>
                <p>
                    "JSON over "<code>"GET"</code>", open to any origin (CORS). Answers may be "
                    "kept for 60 seconds and carry "<code>"ETag"</code>" and "
                    <code>"Last-Modified"</code>": send them back as "<code>"If-None-Match"</code>
                    " or "<code>"If-Modified-Since"</code>" and an unchanged answer is a short 304. "
                    "Each client may make a limited number of requests per minute; past it the answer is 429 "
                    "with "<code>"Retry-After"</code>". Errors are RFC 9457 problem details ("
                    <code>"application/problem+json"</code>") that name every parameter value "
                    "that cannot be used. Filters take exactly the values the document lists, "
                    "written as it writes them."
                </p>
                <p>
                    "The whole contract, generated from the server's code: "
                    <a href="/api/v1/openapi.json">
                        <code>"/api/v1/openapi.json"</code>
                    </a> " (OpenAPI 3.1)."
                </p>
                {endpoints
                    .into_iter()
                    .map(|e| {
                        let id = e
                            .path
                            .trim_start_matches('/')
                            .replace(['/', '{', '}', '.'], "-");
                        let heading = id.clone();
                        view! {
                            <section class="endpoint" aria-labelledby=id>
                                <h3 id=heading>
                                    <code>{e.method} " " {e.path}</code>
                                </h3>
                                <p>{e.summary}</p>
                                {(!e.description.is_empty()).then(|| view! { <p>{e.description}</p> })}
                                {(!e.parameters.is_empty())
                                    .then(|| {
                                        view! {
                                            <table>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"Parameter"</th>
                                                        <th scope="col">"In"</th>
                                                        <th scope="col">"Meaning"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {e
                                                        .parameters
                                                        .into_iter()
                                                        .map(|(name, place, meaning)| {
                                                            view! {
                                                                <tr>
                                                                    <td>
                                                                        <code>{name}</code>
                                                                    </td>
                                                                    <td>{place}</td>
                                                                    <td>{meaning}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        }
                                    })}
                                <p>
                                    "Example: "
                                    <a href=e.example.clone()>
                                        <code>{e.example.clone()}</code>
                                    </a>
                                </p>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        </article>
    }
}
