//! What makes the site installable and readable offline (issue 18): the web app manifest in the
//! reader's language (`/manifest.webmanifest`, `?lang=` as on every page) and the service worker
//! (`/sw.js`, its rules in `src/web/sw.js`, tested by `src/web/sw.test.mjs`).
//!
//! The worker's bytes carry the build's id ([`build_id`]): a browser compares a registered
//! worker's script byte for byte, so a new release (new bundle hashes, a changed `enhance.js`
//! or worker) installs a new worker, and a restart of the same build does not. It is served
//! `no-cache` (browsers check it at every navigation anyway, and at most a day late).

use crate::components::labels::locale_of;
use crate::i18n::*;
use crate::server::state::AppState;
use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use std::sync::OnceLock;

/// The worker's source; `self.BUILD` is set in front of it.
const WORKER: &str = include_str!("sw.js");

/// The icons the manifest names (made from `favicon.svg` by `scripts/icons.py`).
pub const ICONS: [(&str, &str, &str); 3] = [
    ("/icon-192.png", "192x192", "any"),
    ("/icon-512.png", "512x512", "any"),
    ("/icon-maskable-512.png", "512x512", "maskable"),
];

/// This build's id: `ICC_BUILD_ID` when the deployment names its release, else a hash of the
/// worker's and `enhance.js`'s sources and of the bundle's hashed names (the hash file
/// cargo-leptos writes beside the server), so any change to what pages load changes it.
pub fn build_id(state: &AppState) -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        if let Some(id) = std::env::var("ICC_BUILD_ID").ok().filter(|id| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        }) {
            return id;
        }
        let options = &state.leptos_options;
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in [
            WORKER,
            crate::app::ENHANCE_JS,
            hashes.as_str(),
            &*options.output_name,
        ]
        .iter()
        .flat_map(|s| s.bytes())
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    })
}

/// The worker's script for this build: its source without whole-line comments and
/// indentation (what `scripts/bench-pages.sh` measures against the 4 KB budget).
pub fn worker_script(build: &str) -> String {
    let mut out = format!("self.BUILD={build:?};\n");
    for line in WORKER.lines().map(str::trim) {
        let comment = line.starts_with("//") || (line.starts_with("/**") && line.ends_with("*/"));
        if !line.is_empty() && !comment {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `GET /sw.js`: brotli at quality 11 when the browser takes it (made once per process: the
/// script changes only with the build), as the hashed files are precompressed; else plain, and
/// the compression layer does what the browser asks. Its `ETag` is the build id, so the checks
/// browsers make at navigations are answered 304 until a new build.
pub async fn service_worker(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    static PACKED: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    let build = build_id(&state);
    // Browsers check the worker at navigations, with the validator they kept: unchanged, the
    // answer is a 304 without the script.
    let etag = format!("\"{build}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (
            axum::http::StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
            ],
        )
            .into_response();
    }
    let script = worker_script(build);
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        [(header::ETAG, etag)],
        script.clone(),
    )
        .into_response();
    if crate::web::reader::Encoding::accepted(&headers) == crate::web::reader::Encoding::Brotli {
        let packed = PACKED
            .get_or_init(|| crate::web::compress::compress_brotli(script.as_bytes(), 11).ok());
        if let Some(packed) = packed {
            *response.body_mut() = axum::body::Body::from(packed.clone());
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
    }
    response
}

/// The manifest in `language`: the name, the short name and the description in it, the start
/// page keeping `lang=` when asked to (the installing page's address named its language).
pub fn manifest(language: crate::domain::UiLanguage, keep_language: bool) -> String {
    let locale = locale_of(language);
    let start = if keep_language {
        format!("/?lang={}", language.as_str())
    } else {
        "/".to_owned()
    };
    let icons: Vec<serde_json::Value> = ICONS
        .iter()
        .map(|(src, sizes, purpose)| {
            serde_json::json!({"src": src, "sizes": sizes, "type": "image/png", "purpose": purpose})
        })
        .collect();
    serde_json::json!({
        "id": "/",
        "name": td_string!(locale, site.name).to_string(),
        "short_name": td_string!(locale, offline.short_name).to_string(),
        "description": td_string!(locale, site.tagline).to_string(),
        "lang": language.as_str(),
        "dir": "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0057b7",
        "icons": icons,
    })
    .to_string()
}

/// `GET /manifest.webmanifest?lang=…[&start=lang]`: in the language of the page linking it
/// (browsers fetch a manifest without cookies, so the page names its language);
/// `start=lang` when that page's own address named it, so the installed app starts in it too.
pub async fn web_manifest(request: axum::http::request::Parts) -> Response {
    let reader = crate::web::reader::language_of(&request);
    let keep = request
        .uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "start=lang"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/manifest+json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
            (
                header::VARY,
                HeaderValue::from_static("cookie, accept-language"),
            ),
        ],
        manifest(reader.language, keep && reader.from_address()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UiLanguage;

    #[test]
    fn the_manifest_speaks_the_readers_language_and_names_every_icon() {
        let fr: serde_json::Value = serde_json::from_str(&manifest(UiLanguage::Fr, true)).unwrap();
        assert_eq!(fr["lang"], "fr");
        assert_eq!(fr["name"], "Initiatives de solidarité ICC");
        assert_eq!(fr["start_url"], "/?lang=fr");
        let uk: serde_json::Value = serde_json::from_str(&manifest(UiLanguage::Uk, false)).unwrap();
        assert_eq!(uk["short_name"], "Солідарність ICC");
        assert_eq!(uk["start_url"], "/");
        assert_eq!(uk["display"], "standalone");
        let icons = uk["icons"].as_array().unwrap();
        assert_eq!(icons.len(), 3);
        assert!(icons.iter().any(|i| i["purpose"] == "maskable"));
        for (src, _, _) in ICONS {
            assert!(
                std::path::Path::new(&format!("public{src}")).exists(),
                "{src} is in public/"
            );
        }
    }

    #[test]
    fn the_worker_carries_the_build_id_so_each_build_installs_its_own() {
        let a = worker_script("build-a");
        let b = worker_script("build-b");
        assert_ne!(a, b);
        assert!(a.starts_with("self.BUILD=\"build-a\";\n"));
        assert!(a.contains("self.addEventListener(\"fetch\""));
        assert!(!a.contains("// "), "no comment lines are sent");
    }
}
