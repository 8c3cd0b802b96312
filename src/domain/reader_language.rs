//! Which interface language a request is answered in, decided once per request from its
//! address, its `lang` cookie and its `Accept-Language` headers.
//!
//! Everything that depends on the language — the page's renderer, the page cache's key, the
//! refusal pages, the embed, the no-JS forms' answers — reads the one [`ReaderLanguage`] the
//! server decides at the door (`web::reader`), so two readings of the same request can
//! never disagree (a cache key that read the first `Cookie` header while the renderer read
//! them all let one request plant its language in every reader's page: issue 15).
//! Pure text in, value out: compiled for the browser and the server alike.

use super::UiLanguage;

/// The name of the cookie that keeps a person's language choice (written only by the language
/// switcher's `POST /language`).
pub const LANGUAGE_COOKIE: &str = "lang";

/// Where a request's language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LanguageSource {
    /// `lang=` in the address: links and answers made for this page keep it.
    Address,
    /// The `lang` cookie the language switcher set.
    Cookie,
    /// The browser's `Accept-Language`.
    Browser,
    /// Nothing asked for a language we have: English.
    Default,
}

/// The interface language of one request, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ReaderLanguage {
    pub language: UiLanguage,
    pub source: LanguageSource,
}

impl Default for ReaderLanguage {
    fn default() -> Self {
        Self {
            language: UiLanguage::En,
            source: LanguageSource::Default,
        }
    }
}

impl ReaderLanguage {
    /// The language of a request: the address's `lang=` (its last value naming one of the three
    /// languages), else the `lang` cookie, else the preferred of the three in `Accept-Language`,
    /// else English. `cookie_headers` and `accept_language_headers` are every value of those
    /// headers, in the order received: a request may carry several of each.
    pub fn of_request<'a>(
        query: Option<&str>,
        cookie_headers: impl IntoIterator<Item = &'a str>,
        accept_language_headers: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let found = |language, source| Self { language, source };
        if let Some(language) = query.and_then(UiLanguage::in_query) {
            return found(language, LanguageSource::Address);
        }
        if let Some(language) = in_cookies(cookie_headers) {
            return found(language, LanguageSource::Cookie);
        }
        if let Some(language) = in_accept_language(accept_language_headers) {
            return found(language, LanguageSource::Browser);
        }
        Self::default()
    }

    /// Whether the language came from the address, so that links made for the page carry it.
    pub fn from_address(self) -> bool {
        self.source == LanguageSource::Address
    }
}

/// `href` (a path of this site, with or without a query and `#fragment`) with its `lang=` set
/// to `language`, or taken out for `None`; the rest of the query is kept in its order.
pub fn with_language(href: &str, language: Option<UiLanguage>) -> String {
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (href, None),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && *p != "lang" && !p.starts_with("lang="))
        .collect();
    let lang;
    if let Some(language) = language {
        lang = format!("lang={}", language.as_str());
        parts.push(&lang);
    }
    let mut out = path.to_owned();
    if !parts.is_empty() {
        out.push('?');
        out.push_str(&parts.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The language of the `lang` cookie: among all `Cookie` headers, the first cookie named
/// exactly `lang` (white space around the name and value ignored, as browsers and servers
/// disagree on it) whose value is one of the three languages. Browsers send the cookie of the
/// most specific path first when one exists at two paths.
pub fn in_cookies<'a>(cookie_headers: impl IntoIterator<Item = &'a str>) -> Option<UiLanguage> {
    cookie_headers
        .into_iter()
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .filter(|(name, _)| name.trim() == LANGUAGE_COOKIE)
        .find_map(|(_, value)| UiLanguage::from_code(value.trim().trim_matches('"')))
}

/// The preferred of the three languages in `Accept-Language` (all its headers joined): the
/// highest `q` (1 when absent), the first listed among equals; a language tag counts by its
/// primary subtag (`fr-BE` is French); `q=0` refuses.
pub fn in_accept_language<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<UiLanguage> {
    let mut best: Option<(f32, UiLanguage)> = None;
    for item in headers.into_iter().flat_map(|h| h.split(',')) {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let Some(language) = UiLanguage::from_code(primary) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
        let Some(q) = q.filter(|q| q.is_finite() && *q > 0.0) else {
            continue;
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, language));
        }
    }
    best.map(|(_, language)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(query: &str, cookies: &[&str], accept: &[&str]) -> ReaderLanguage {
        ReaderLanguage::of_request(Some(query), cookies.iter().copied(), accept.iter().copied())
    }

    #[test]
    fn the_address_wins_over_the_cookie_and_the_cookie_over_the_browser() {
        let l = of("lang=uk", &["lang=fr"], &["en"]);
        assert_eq!(
            (l.language, l.source),
            (UiLanguage::Uk, LanguageSource::Address)
        );
        let l = of("country=PL", &["lang=fr"], &["uk"]);
        assert_eq!(
            (l.language, l.source),
            (UiLanguage::Fr, LanguageSource::Cookie)
        );
        let l = of("", &["session=x"], &["de, uk;q=0.5"]);
        assert_eq!(
            (l.language, l.source),
            (UiLanguage::Uk, LanguageSource::Browser)
        );
        assert_eq!(of("", &[], &["de"]), ReaderLanguage::default());
    }

    #[test]
    fn a_lang_cookie_is_read_however_it_is_spaced_and_in_whichever_header_it_comes() {
        for cookies in [
            &["lang=uk"][..],
            &["lang =uk"],
            &[" lang = uk ; x=1"],
            &["x=1", "lang=uk"],
            &["lang=uk; lang=fr"],
            &["lang=de; lang=uk"],
            &["lang=\"uk\""],
        ] {
            assert_eq!(
                in_cookies(cookies.iter().copied()),
                Some(UiLanguage::Uk),
                "{cookies:?}"
            );
        }
        for cookies in [&["xlang=uk"][..], &["lang"], &["language=uk"], &["lang=ua"]] {
            assert_eq!(in_cookies(cookies.iter().copied()), None, "{cookies:?}");
        }
    }

    #[test]
    fn a_link_gets_the_language_in_its_query_before_its_fragment_and_keeps_the_rest() {
        let uk = Some(UiLanguage::Uk);
        assert_eq!(with_language("/initiatives", uk), "/initiatives?lang=uk");
        assert_eq!(
            with_language("/initiatives?country=PL&lang=fr&type=health", uk),
            "/initiatives?country=PL&type=health&lang=uk"
        );
        assert_eq!(
            with_language("/declaration#commitment-2", uk),
            "/declaration?lang=uk#commitment-2"
        );
        assert_eq!(with_language("/?lang=fr", None), "/");
        assert_eq!(with_language("/a?x=1&lang", None), "/a?x=1");
        assert_eq!(
            with_language("/a?language=en", uk),
            "/a?language=en&lang=uk"
        );
    }

    #[test]
    fn the_browsers_preference_is_weighed_across_all_its_headers() {
        assert_eq!(
            in_accept_language(["fr;q=0.4", "uk;q=0.9"]),
            Some(UiLanguage::Uk)
        );
        assert_eq!(in_accept_language(["fr-BE,en;q=0.8"]), Some(UiLanguage::Fr));
        assert_eq!(
            in_accept_language(["uk;q=0, en;q=0.1"]),
            Some(UiLanguage::En)
        );
        assert_eq!(in_accept_language(["uk;q=abc"]), None);
        assert_eq!(in_accept_language(["en, fr"]), Some(UiLanguage::En));
        assert_eq!(in_accept_language(["*"]), None);
    }
}
