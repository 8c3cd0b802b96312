//! The HTML shell, the router and the route table — nothing else.

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::i18n::*;
use crate::routes::{
    admin::{
        account::AccountPage, edit::ModeratorEditPage, queue::AdminPage, review::ReviewPage,
        sign_in::SignInPage,
    },
    declaration::DeclarationPage,
    home::HomePage,
    initiative::InitiativePage,
    initiatives::InitiativesPage,
    manage::ManagePage,
    not_found::NotFound,
    submit::SubmitPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The language choice is remembered for a year on every path.
    let cookie_options = leptos_i18n::context::CookieOptions::<Locale>::default()
        .max_age(365i64 * 24 * 60 * 60 * 1000)
        .path("/");
    view! {
        <I18nContextProvider cookie_name="lang" cookie_options>
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
                        <Route path=path!("/declaration") view=DeclarationPage/>
                        <Route path=path!("/submit") view=SubmitPage ssr=SsrMode::Async/>
                        <Route path=path!("/manage/:token") view=ManagePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/sign-in") view=SignInPage/>
                        <Route path=path!("/admin/account") view=AccountPage ssr=SsrMode::Async/>
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
        </I18nContextProvider>
    }
}
