//! The page's language context: leptos_i18n's, without the effect that panics on the server.
//!
//! leptos_i18n's `I18nContextProvider` starts an isomorphic effect that writes the chosen
//! language back to its cookie. On the server that effect runs in a task of its own, which may be
//! polled only after the request's reactive owner is gone; it then reads a disposed signal and
//! panics (seen in CI's server log: `leptos_i18n-0.6.2/src/context.rs:213`). The cookie is ours
//! to write anyway — the language buttons post to `/language`, which sets it — so the context is
//! created in an owner of its own whose effects are paused before they can run.

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_i18n::context::{init_i18n_context_with_options, I18nContextOptions};
use leptos_i18n::Locale as _;
use leptos_meta::Html;

/// The language an address asks for with `lang=en|fr|uk` (`UiLanguage::in_query`), if any.
pub fn language_in_query(query: &str) -> Option<Locale> {
    crate::domain::UiLanguage::in_query(query).map(crate::components::labels::locale_of)
}

/// The request's language as the server decided it at the door (`web::reader`): the same
/// value the page cache keys on. In the browser (islands never ask) it is the default.
pub fn reader_language() -> crate::domain::ReaderLanguage {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::domain::ReaderLanguage>()
                    .copied()
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::domain::ReaderLanguage::default()
    }
}

/// The pages that exist in the three languages for everyone (not forms, not private pages):
/// each has an address per language, announced to search engines.
pub fn has_language_versions(path: &str) -> bool {
    matches!(
        path,
        "/" | "/initiatives" | "/statistics" | "/declaration" | "/api"
    ) || path
        .strip_prefix("/initiatives/")
        .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
}

/// The language the page's own address names (`?lang=uk`), which every link, form and
/// redirect made for the page keeps, so a reader who arrived in a language stays in it
/// (issue 24); `None` when the language came from the cookie or the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressLanguage(pub Option<crate::domain::UiLanguage>);

/// `href` (a path of this site) as a link of this page: with the page's address language
/// (`lang=`) when its address names one, else as it is.
pub fn keep_language(href: &str) -> String {
    match use_context::<AddressLanguage>().and_then(|a| a.0) {
        Some(language) => crate::domain::with_language(href, Some(language)),
        None => href.to_owned(),
    }
}

/// The address language of this page, for islands (which have no context) and hidden fields.
pub fn address_language() -> Option<crate::domain::UiLanguage> {
    use_context::<AddressLanguage>().and_then(|a| a.0)
}

/// A hidden `lang` field for GET forms (whose action's own query a browser drops): the page's
/// address language, so the form's answer stays in it. Nothing when the address names none.
#[component]
pub fn KeepLanguageField() -> impl IntoView {
    address_language().map(|l| view! { <input type="hidden" name="lang" value=l.as_str()/> })
}

/// `<link rel="alternate" hreflang>` for each language of a public page, and `x-default` for
/// the address that follows the reader's own choice, as absolute addresses on the site's
/// origin.
#[component]
pub fn LanguageAlternates() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        use leptos_meta::Link;
        let parts = use_context::<axum::http::request::Parts>()?;
        let path = parts.uri.path().to_owned();
        if !has_language_versions(&path) {
            return None;
        }
        let origin = parts
            .extensions
            .get::<crate::wire::SiteOrigin>()
            .and_then(|o| o.0.clone())?;
        // A version of an initiative's text asked for (`?version=fr`) is a reading of the
        // same page: the alternates name the page itself.
        let here = crate::domain::without_version(
            &parts
                .uri
                .path_and_query()
                .map_or(path, |p| p.as_str().to_owned()),
        );
        let href = move |language: Option<crate::domain::UiLanguage>| {
            format!("{origin}{}", crate::domain::with_language(&here, language))
        };
        use crate::domain::UiLanguage;
        Some(view! {
            <Link rel="alternate" hreflang="en" href=href(Some(UiLanguage::En))/>
            <Link rel="alternate" hreflang="fr" href=href(Some(UiLanguage::Fr))/>
            <Link rel="alternate" hreflang="uk" href=href(Some(UiLanguage::Uk))/>
            <Link rel="alternate" hreflang="x-default" href=href(None)/>
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None::<()>
    }
}

/// Provides the language for `children` — the request's [`reader_language`]: the address's
/// `lang=`, else the `lang` cookie, else `Accept-Language` — and sets `<html lang dir>` to it.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let owner = Owner::current().map_or_else(Owner::new, |o| o.child());
    let reader = reader_language();
    let locale = crate::components::labels::locale_of(reader.language);
    // leptos_i18n's own cookie handling stays off: it read the cookie its own way and answered
    // a GET with `Set-Cookie` (issue 15). The language is decided once, by the server, and
    // handed to the context as the only language the request "accepts", so it starts in it and
    // no signal is written afterwards (a write right after creation was now and then refused
    // as "disposed" while leptos_axum listed the routes: tests/page_cache.rs).
    let code = reader.language.as_str();
    let accepts = leptos_i18n::context::UseLocalesOptions::default()
        .ssr_lang_header_getter(move || Some(code.to_owned()));
    let i18n = owner.with(|| {
        init_i18n_context_with_options::<Locale>(I18nContextOptions {
            enable_cookie: false,
            ssr_lang_header_getter: accepts,
            ..Default::default()
        })
    });
    // The context's effects never run; its signals stay readable.
    owner.pause();
    provide_context(AddressLanguage(
        reader.from_address().then_some(reader.language),
    ));
    // The context's signals live in `owner`: it lives as long as the page's own owner.
    StoredValue::new(owner);
    provide_context(i18n);
    let children = children();
    // The page's language never changes on the server: no signal is read for the attributes.
    let lang = locale.as_str();
    let dir = locale.direction().as_str();
    view! {
        {children}
        <Html attr:lang=lang attr:dir=dir/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_have_language_versions() {
        for path in [
            "/",
            "/initiatives",
            "/initiatives/a-slug",
            "/statistics",
            "/declaration",
            "/api",
        ] {
            assert!(has_language_versions(path), "{path}");
        }
        for path in [
            "/submit",
            "/admin",
            "/admin/statistics",
            "/manage/abc",
            "/initiatives/",
            "/x",
        ] {
            assert!(!has_language_versions(path), "{path}");
        }
    }
}

/// The `lang` attribute for a text written in `text` on a page in the interface language of
/// `i18n`: its code when the two differ (WCAG 2.2, 3.1.2 Language of Parts: a screen reader
/// then reads it with the right pronunciation), none when they are the same.
pub fn lang_unless_page(
    i18n: crate::components::labels::I18n,
    text: crate::domain::UiLanguage,
) -> Option<&'static str> {
    (crate::components::labels::ui_language(i18n) != text).then_some(text.as_str())
}
