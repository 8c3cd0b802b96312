//! The axum router: leptos pages and server functions, static files with long-lived caching,
//! compression, body limits, security headers (`security`) and `/healthz`.

use crate::app::{shell, App};
use crate::server::state::AppState;
use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
};

pub use crate::web::refusal::MAX_BODY_BYTES;

/// `/healthz`: 200 when the database answers a ping, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[derive(serde::Deserialize)]
pub struct LanguageChoice {
    pub lang: String,
    /// The page to return to: a path of this site.
    pub back: Option<String>,
}

/// `POST /language`: the language switcher without JavaScript. Sets the same cookie the
/// hydrated switcher sets, then goes back to the page (only paths of this site).
pub async fn choose_language(
    axum::Form(choice): axum::Form<LanguageChoice>,
) -> axum::response::Response {
    if !["en", "fr", "uk"].contains(&choice.lang.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            "Unknown language: choose en, fr or uk.",
        )
            .into_response();
    }
    let back = crate::domain::LocalPath::or_home(choice.back.as_deref());
    // A page whose address names its language goes back in the language just chosen.
    let back = match crate::domain::UiLanguage::from_code(&choice.lang) {
        Some(chosen)
            if back
                .as_str()
                .split_once('?')
                .is_some_and(|(_, q)| crate::domain::UiLanguage::in_query(q).is_some()) =>
        {
            crate::domain::with_language(back.as_str(), Some(chosen))
        }
        _ => back.as_str().to_owned(),
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (
                header::SET_COOKIE,
                format!(
                    "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
                    choice.lang
                ),
            ),
        ],
    )
        .into_response()
}

/// Pages with private data (manage links, moderation) and forms are never stored by browsers or
/// proxies; no page sends its address (which may hold a manage token) to other sites.
async fn private_pages(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    // The server functions under /fn/ are private; the public API (/api/v1/) says itself
    // how long its answers may be kept.
    let private = [
        "/manage/",
        "/admin",
        "/submit",
        crate::wire::SERVER_FN_PREFIX,
    ]
    .iter()
    .any(|p| path.starts_with(p))
        && !path.starts_with("/api/v1/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The files of the site root (the icon, `enhance.js`), and for any other address the app's own
/// page for it (its 404 page).
///
/// This replaces leptos_axum's `file_and_error_handler`, which answers a file inside an
/// `Owner::new()`: that owner inherits whatever reactive owner the worker thread has current,
/// which under load is at times another request's page being rendered, and then takes that
/// page's response headers — its Content-Security-Policy — for the file. The page went out
/// without its policy and could not hydrate (docs/security.md, "A page without its policy";
/// `tests/http.rs` reproduces it).
async fn file_or_page(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> axum::response::Response {
    use axum::http::Method;
    use tower::ServiceExt;
    let shell_assets = state.shell.clone();
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut probe = axum::extract::Request::new(axum::body::Body::empty());
        *probe.method_mut() = request.method().clone();
        *probe.uri_mut() = request.uri().clone();
        *probe.headers_mut() = request.headers().clone();
        let files = ServeDir::new(&*state.leptos_options.site_root)
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip();
        let versioned = request
            .uri()
            .path_and_query()
            .is_some_and(|p| [crate::app::ENHANCE_JS, crate::app::OUTBOX_JS].contains(&p.as_str()));
        let mut found = files.oneshot(probe).await.unwrap_or_else(|e| match e {});
        if found.status().is_success() || found.status() == StatusCode::NOT_MODIFIED {
            // The script's address names its version: that one never changes.
            if versioned {
                found.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                );
            }
            return found.map(axum::body::Body::new);
        }
    }
    let handler = leptos_axum::render_app_to_stream_in_order_with_context(
        move || {
            provide_context(state.clone());
            crate::web::security::send_page_policy();
        },
        move || shell(shell_assets.clone()),
    );
    let mut response = handler(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);

    // Hashed bundle files never change under the same name: cache them for a year. A release
    // build made with `--precompress` has a brotli (quality 11) and a gzip copy beside each
    // file, sent as they are to browsers that accept them (the compression layer leaves an
    // encoded answer alone); without them, the file is compressed on the fly.
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        // Outside the caching header: names that cannot exist are 404, not kept for a year.
        .layer(axum::middleware::from_fn(crate::web::refusal::static_names));
    use crate::web::forms;
    use axum::routing::post;
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/initiatives.csv",
            get(crate::web::open_data::initiatives_csv),
        )
        .route(
            "/initiatives.json",
            get(crate::web::open_data::initiatives_json),
        )
        .route("/feed.atom", get(crate::web::open_data::feed))
        .route(
            "/statistics/{file}",
            get(crate::web::open_data::statistics_csv),
        )
        .nest(
            crate::web::public_api::PREFIX,
            crate::web::public_api::router(state.clone()),
        )
        .route("/api/v1/", axum::routing::any(crate::web::public_api::root))
        .nest(
            crate::web::hsds::PREFIX,
            crate::web::hsds::router(state.clone()),
        )
        .route(
            "/hsds/",
            get(crate::web::hsds::version).layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::web::public_api::gate,
            )),
        )
        .route(crate::wire::EMBED_PATH, get(crate::web::embed::embed))
        .route("/sw.js", get(crate::web::offline::service_worker))
        .route(
            "/manifest.webmanifest",
            get(crate::web::offline::web_manifest),
        )
        .route("/robots.txt", get(crate::web::open_data::robots))
        .route("/sitemap.xml", get(crate::web::open_data::sitemap))
        .route("/sitemaps/{name}", get(crate::web::open_data::sitemap_part))
        .route("/language", post(choose_language))
        .route("/submit", post(forms::post_submit))
        .route("/manage/{token}", post(forms::post_manage_edit))
        .route("/manage/{token}/withdraw", post(forms::post_withdraw))
        .route("/manage/{token}/erase", post(forms::post_erase))
        .route("/manage/{token}/confirm", post(forms::post_confirm))
        .route("/manage/{token}/ended", post(forms::post_ended))
        .route("/admin/privacy", post(crate::web::privacy::post_privacy))
        .route("/admin/sign-in", post(forms::post_sign_in))
        .route("/admin/sign-out", post(forms::post_sign_out))
        .route(
            "/admin/account/second-factor/start",
            post(crate::web::account::post_start),
        )
        .route(
            "/admin/account/second-factor/confirm",
            post(crate::web::account::post_confirm),
        )
        .route(
            "/admin/account/second-factor/off",
            post(crate::web::account::post_off),
        )
        .route(
            "/admin/account/password",
            post(crate::web::account::post_password),
        )
        .route("/admin/initiatives/{id}/act", post(forms::post_moderate))
        .route(
            "/admin/initiatives/{id}/confirm",
            post(forms::post_record_confirmation),
        )
        .route(
            "/admin/initiatives/{id}/ended",
            post(forms::post_record_ended),
        )
        .route(
            "/admin/initiatives/{id}/remind",
            post(forms::post_remind_now),
        )
        .route(
            "/admin/initiatives/{id}/edit",
            post(forms::post_moderator_edit),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            // leptos_axum provides the state itself (one clone per request, not two).
            crate::web::security::send_page_policy,
            {
                let shell_assets = state.shell.clone();
                move || shell(shell_assets.clone())
            },
        )
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        // Other public files (favicon, enhance.js), and the 404 page for everything else.
        .fallback(file_or_page)
        // Server functions answer with their error's status (inside compression: it reads
        // the error).
        .layer(axum::middleware::from_fn(
            crate::web::refusal::server_fn_status,
        ))
        // Pages in one pass, with brotli's window sized to the page (`compress`).
        .layer(axum::middleware::from_fn(
            crate::web::compress::compress_pages,
        ))
        // Everything else (server functions' answers, files without a precompressed copy) is
        // compressed as it streams. Brotli's default quality (11) costs milliseconds per
        // answer; 4 keeps most of the gain.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(tower_http::CompressionLevel::Precise(4)),
        )
        // A signed-in moderator's pages get the queue's count in their header (and are
        // private: the page cache around it neither serves nor keeps them).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::notice::moderator_notice,
        ))
        // Outermost: a kept page skips rendering and compression alike.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::page_cache::serve_cached,
        ))
        .layer(axum::middleware::from_fn(private_pages))
        // Bodies over 64 KB get 413, announced or chunked.
        .layer(axum::middleware::from_fn(crate::web::refusal::limit_body))
        // Before anything runs: posts from other sites are refused.
        .layer(axum::middleware::from_fn_with_state(
            state.guard.clone(),
            crate::web::guard::refuse_cross_site,
        ))
        // A Host that is no host is refused before anything reads it.
        .layer(axum::middleware::from_fn(
            crate::web::guard::refuse_bad_host,
        ))
        // Every answer, refusals and cached pages included, gets the security headers.
        .layer(axum::middleware::from_fn_with_state(
            state.guard.clone(),
            crate::web::security::security_headers,
        ))
        // Outermost: the request's language and encoding are read once, for every layer
        // after this one (`reader`); no GET answer sets a cookie.
        .layer(axum::middleware::from_fn_with_state(
            state.guard.clone(),
            crate::web::reader::read_request,
        ))
        .with_state(state)
}
