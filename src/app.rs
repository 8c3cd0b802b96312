//! The HTML shell, the router and the route table — nothing else.

use crate::components::language::{LanguageAlternates, LanguageProvider};
use crate::components::layout::{SiteFooter, SiteHeader};
use crate::routes::{
    admin::{
        account::AccountPage, confirmations::ConfirmationsPage, edit::ModeratorEditPage,
        mail::MailPage, pipeline::PipelinePage, privacy::PrivacyAdminPage, queue::AdminPage,
        review::ReviewPage, sign_in::SignInPage,
    },
    api::ApiPage,
    declaration::DeclarationPage,
    home::HomePage,
    initiative::InitiativePage,
    initiatives::InitiativesPage,
    manage::ManagePage,
    not_found::NotFound,
    offline::OfflinePage,
    privacy::PrivacyPage,
    statistics::StatisticsPage,
    submit::SubmitPage,
};
use crate::wire::shell::ShellAssets;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The address of the navigation script, with its version so browsers may keep it for a year.
pub const ENHANCE_JS: &str = concat!("/enhance.js?v=", env!("ENHANCE_JS_VERSION"));
/// The outbox's page script (issue 18), which `enhance.js` imports with its own version.
pub const OUTBOX_JS: &str = concat!("/outbox.js?v=", env!("ENHANCE_JS_VERSION"));

/// Whether the page at `path` holds an island (the submission form), so it loads the wasm.
/// Every other page loads no wasm at all: only `enhance.js`.
pub fn page_has_islands(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "submit"] | ["", "manage", _] | ["", "admin", "initiatives", _, "edit"]
    )
}

/// The document around the app, rendered on the server only.
pub fn shell(assets: ShellAssets) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let path = current_path();
    // Islands mode: nothing outside an island is hydrated, so no resource is sent twice
    // (as HTML and as data).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    // Instead of leptos's `HydrationScripts`, whose hints fetch the wasm at high priority as
    // the page starts, beside its stylesheet: `enhance.js` fetches the island's bundle once
    // the page has painted and the browser is idle, then hydrates the islands.
    let islands = page_has_islands(&path).then(|| {
        let (js, wasm) = (
            assets.island_js().to_owned(),
            assets.island_wasm().to_owned(),
        );
        view! {
            <link rel="modulepreload" href=js.clone() fetchpriority="low"/>
            // A `meta` with a name needs its `content` (the HTML checker): the wasm's address,
            // with the module's address beside it.
            <meta name="island-bundle" content=wasm data-js=js/>
        }
    });
    let reload = assets
        .watching()
        .map(|options| view! { <AutoReload options/> });
    let stylesheet = assets.stylesheet().to_owned();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href=manifest_href()/>
                <meta name="theme-color" content="#0057b7"/>
                // Before the first paint: styles for "JavaScript runs" (the form's steps).
                <script nonce=nonce.clone() inner_html="document.documentElement.classList.add('js')"></script>
                <script type="module" src=ENHANCE_JS nonce=nonce></script>
                {reload}
                {islands}
                <link id="leptos" rel="stylesheet" href=stylesheet/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The web app manifest in the page's language (`web::offline`): browsers fetch it without
/// cookies, so the address names the language.
fn manifest_href() -> String {
    #[cfg(feature = "ssr")]
    {
        let reader = use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::domain::ReaderLanguage>()
                    .copied()
            })
            .unwrap_or_default();
        let keep = if reader.from_address() {
            "&start=lang"
        } else {
            ""
        };
        format!(
            "/manifest.webmanifest?lang={}{keep}",
            reader.language.as_str()
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The request's path (empty outside a request).
fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <LanguageProvider>
            <LanguageAlternates/>
            <Router>
                <SiteHeader/>
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/initiatives") view=InitiativesPage ssr=SsrMode::Async/>
                        <Route
                            path=path!("/initiatives/:slug")
                            view=InitiativePage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/statistics") view=StatisticsPage ssr=SsrMode::Async/>
                        <Route path=path!("/declaration") view=DeclarationPage/>
                        <Route path=path!("/api") view=ApiPage/>
                        <Route path=path!("/offline") view=OfflinePage/>
                        <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                        <Route path=path!("/submit") view=SubmitPage ssr=SsrMode::Async/>
                        <Route path=path!("/manage/:token") view=ManagePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/sign-in") view=SignInPage/>
                        <Route path=path!("/admin/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/mail") view=MailPage ssr=SsrMode::Async/>
                        <Route
                            path=path!("/admin/confirmations")
                            view=ConfirmationsPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/admin/privacy") view=PrivacyAdminPage ssr=SsrMode::Async/>
                        <Route
                            path=path!("/admin/statistics")
                            view=PipelinePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/initiatives/:id")
                            view=ReviewPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/initiatives/:id/edit")
                            view=ModeratorEditPage
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </main>
                <SiteFooter/>
            </Router>
        </LanguageProvider>
    }
}

#[cfg(test)]
mod tests {
    use super::page_has_islands;

    #[test]
    fn only_the_form_pages_load_the_wasm() {
        for path in ["/submit", "/manage/abc123", "/admin/initiatives/7/edit"] {
            assert!(page_has_islands(path), "{path}");
        }
        for path in [
            "/",
            "/initiatives",
            "/initiatives/some-slug",
            "/declaration",
            "/privacy",
            "/statistics",
            "/admin",
            "/admin/initiatives/7",
            "/manage/abc/withdraw",
            "/submitted",
        ] {
            assert!(!page_has_islands(path), "{path}");
        }
    }
}
