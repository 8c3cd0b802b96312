//! The Atom feed (RFC 4287) of any filtered view of the list, `/feed.atom?…`, so feed readers
//! learn of new and edited initiatives without visiting the site. It takes the list page's
//! parameters, read by the same parser, and holds the same selection as the other open-data
//! files (`open_data::export`).
//!
//! **Its language (issue 17).** A feed is in the language its address names with `lang=en|fr|uk`,
//! else English — never the cookie's or the browser's: a feed is subscribed to by its address
//! and fetched by services that send neither (one address, one feed, which shared caches may
//! keep), and the feeds of the three languages are three feeds (their `id`s and `self` links
//! carry the `lang=`). The feed says its language once, `xml:lang` on `<feed>`; its own texts
//! (title, subtitle, author) are in it. Each entry shows the version of the initiative's text in
//! the feed's language when there is one (the original when it is in that language), else the
//! original, as the pages do (`domain::version_for`); its title, summary and content carry
//! `xml:lang` when the text shown is in another language than the feed's, so a reader or a
//! screen reader knows which language it reads. Each entry links the initiative's page (in the
//! feed's language when the address named one) and, with `hreflang`, its page in each
//! language its text exists in.

use crate::domain::{version_for, with_language, ListFilter, PublicRecord, UiLanguage};
use crate::i18n::*;
use crate::server::accounts::guard::WebOrigin;

/// The feed's media type.
pub const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";

/// Text made safe inside an XML element or a quoted attribute: the five markup characters
/// escaped, and characters XML 1.0 does not allow at all (C0 controls other than tab and line
/// breaks, U+FFFE, U+FFFF) dropped.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn locale(language: UiLanguage) -> Locale {
    match language {
        UiLanguage::En => Locale::en,
        UiLanguage::Fr => Locale::fr,
        UiLanguage::Uk => Locale::uk,
    }
}

/// What the view selects, in words, in `language`: "ICC Solidarity Initiatives: Kraków ·
/// Poland · type housing · commitment 2" (types by their codes, as the entries' categories).
pub fn feed_title(filter: &ListFilter, language: UiLanguage) -> String {
    let l = locale(language);
    let or = format!(" {} ", td_string!(l, feed.or));
    let mut parts: Vec<String> = Vec::new();
    if !filter.cities.is_empty() {
        parts.push(filter.cities.join(&or));
    }
    if !filter.countries.is_empty() {
        let names: Vec<&str> = filter.countries.iter().map(|c| c.name(language)).collect();
        parts.push(names.join(&or));
    }
    if !filter.types.is_empty() {
        let types: Vec<&str> = filter.types.iter().map(|t| t.slug()).collect();
        parts.push(td_string!(l, feed.types, list = types.join(&or)).to_string());
    }
    if !filter.commitments.is_empty() {
        let numbers: Vec<String> = filter
            .commitments
            .iter()
            .map(|c| c.number().to_string())
            .collect();
        parts.push(td_string!(l, feed.commitments, list = numbers.join(&or)).to_string());
    }
    if !filter.q.is_empty() {
        parts.push(td_string!(l, feed.matching, q = filter.q.as_str()).to_string());
    }
    let name = td_string!(l, site.name).to_string();
    if parts.is_empty() {
        name
    } else {
        td_string!(
            l,
            feed.title,
            name = name.as_str(),
            view = parts.join(" · ")
        )
        .to_string()
    }
}

/// ` xml:lang="xx"` when `text` is in another language than the feed's, else nothing.
fn lang_attribute(text: UiLanguage, feed: UiLanguage) -> String {
    if text == feed {
        String::new()
    } else {
        format!(" xml:lang=\"{}\"", text.as_str())
    }
}

/// The feed: one entry per initiative, in the view's order (newest published first unless the
/// address asks for another), each updated when it was last edited. `asked` is the language
/// the feed's address names (`lang=`), if any: the feed is in it, else in English.
pub fn atom(
    origin: &WebOrigin,
    filter: &ListFilter,
    asked: Option<UiLanguage>,
    records: &[PublicRecord],
    now: &str,
) -> String {
    let language = asked.unwrap_or(UiLanguage::En);
    let l = locale(language);
    let query = match filter.with_page(1).to_query() {
        q if q.is_empty() => q,
        q => format!("?{q}"),
    };
    let updated = records
        .iter()
        .map(|i| i.updated)
        .max()
        .map_or_else(|| now.to_owned(), |u| u.to_string());
    let mut out = String::with_capacity(1024 + records.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        language.as_str()
    ));
    let self_url = xml_text(&with_language(&format!("{origin}/feed.atom{query}"), asked));
    let page_url = xml_text(&with_language(
        &format!("{origin}/initiatives{query}"),
        asked,
    ));
    out.push_str(&format!(
        "  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{self_url}</id>\n  <link \
         rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n  <link \
         rel=\"alternate\" type=\"text/html\" href=\"{page_url}\"/>\n  \
         <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>ICC \
         Solidarity Initiatives</generator>\n",
        xml_text(&feed_title(filter, language)),
        xml_text(&td_string!(l, feed.subtitle).to_string()),
        xml_text(&td_string!(l, feed.author).to_string()),
    ));
    for record in records {
        entry(&mut out, origin, language, asked, record);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>`: the record taken apart whole, so that a field added to the record is placed
/// here (or left out with the reason) before the feed compiles. The text shown is the version
/// in the feed's `language` when there is one, else the original.
fn entry(
    out: &mut String,
    origin: &WebOrigin,
    language: UiLanguage,
    asked: Option<UiLanguage>,
    record: &PublicRecord,
) {
    let PublicRecord {
        url,
        text_language,
        title,
        summary,
        description,
        translations,
        city,
        country,
        types,
        commitments,
        published,
        updated,
        // In the entry's address.
        slug: _,
        // Not in an entry (Atom has no element for them): the linked page shows them.
        activity: _,
        start_date: _,
        end_date: _,
        website: _,
        contact_email: _,
        languages: _,
        source: _,
        // The city's confirmation (issue 23): the linked page says it.
        confirmed_on: _,
        freshness: _,
    } = record;
    let versions: Vec<UiLanguage> = translations.iter().map(|t| t.language).collect();
    let (shown, title, summary, description) =
        match version_for(language, *text_language, &versions, false) {
            Some(k) => {
                let t = &translations[k];
                (
                    t.language,
                    t.title.as_str(),
                    t.summary.as_str(),
                    t.description.as_ref().map(|d| d.as_str()),
                )
            }
            None => (
                *text_language,
                title.as_str(),
                summary.as_str(),
                description.as_deref(),
            ),
        };
    let lang = lang_attribute(shown, language);
    let id = xml_text(url);
    let page = xml_text(&with_language(url, asked));
    out.push_str("  <entry>\n");
    out.push_str(&format!("    <title{lang}>{}</title>\n", xml_text(title)));
    out.push_str(&format!("    <id>{id}</id>\n"));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n"
    ));
    // The page in each language the text exists in: the original's and its versions'.
    let mut languages = versions.clone();
    languages.push(*text_language);
    for other in UiLanguage::ALL
        .into_iter()
        .filter(|l| languages.contains(l))
    {
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
            other.as_str(),
            xml_text(&with_language(url, Some(other)))
        ));
    }
    out.push_str(&format!("    <updated>{updated}</updated>\n"));
    if let Some(day) = published {
        out.push_str(&format!("    <published>{day}T00:00:00Z</published>\n"));
    }
    out.push_str(&format!(
        "    <author><name>{}, {}</name></author>\n",
        xml_text(city),
        xml_text(country.name(language))
    ));
    for t in types {
        out.push_str(&format!(
            "    <category term=\"{}\" scheme=\"{}\"/>\n",
            t.slug(),
            xml_text(&format!("{origin}/initiatives?type="))
        ));
    }
    for c in commitments {
        out.push_str(&format!(
            "    <category term=\"{}\" scheme=\"{}\"/>\n",
            c.number(),
            xml_text(&format!("{origin}/declaration#commitment-"))
        ));
    }
    out.push_str(&format!(
        "    <summary type=\"text\"{lang}>{}</summary>\n",
        xml_text(summary)
    ));
    if let Some(d) = description {
        out.push_str(&format!(
            "    <content type=\"text\"{lang}>{}</content>\n",
            xml_text(d)
        ));
    }
    out.push_str("  </entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_characters_xml_forbids_are_dropped() {
        assert_eq!(
            xml_text("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;"
        );
        assert_eq!(xml_text("a\u{0}b\u{1b}c\u{FFFF}"), "abc");
        assert_eq!(xml_text("Київ\n2"), "Київ\n2");
    }

    use crate::domain::{Summary, Title, Translation, VersionSource};
    use crate::server::open_data::tests::french_record;

    const ATOM: &str = "http://www.w3.org/2005/Atom";

    fn origin() -> WebOrigin {
        WebOrigin::parse("https://initiatives.example").unwrap()
    }

    /// An initiative written in English only (the French record made English, without
    /// versions).
    fn english_only() -> PublicRecord {
        let mut r = french_record("Курси");
        r.slug = "english-only".into();
        r.url = "https://initiatives.example/initiatives/english-only".into();
        r.text_language = UiLanguage::En;
        r.title = "Language cafe".into();
        r.summary = "Conversation in English every week.".into();
        r.description = Some("At the library.".into());
        r.translations.clear();
        r
    }

    /// The feed of `records` in `asked`, parsed: it must be well-formed XML.
    fn parsed(asked: Option<UiLanguage>, records: &[PublicRecord]) -> String {
        let (all, _) = ListFilter::from_query("");
        let feed = atom(&origin(), &all, asked, records, "2026-01-01T00:00:00Z");
        roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
        feed
    }

    /// The `xml:lang` of `element` of the entry whose id ends with `slug` (`None`: inherited
    /// from the feed), and its text.
    fn part(feed: &str, slug: &str, element: &str) -> (Option<String>, String) {
        let doc = roxmltree::Document::parse(feed).unwrap();
        let entry = doc
            .root_element()
            .children()
            .find(|e| {
                e.has_tag_name((ATOM, "entry"))
                    && e.children().any(|c| {
                        c.has_tag_name((ATOM, "id")) && c.text().is_some_and(|t| t.ends_with(slug))
                    })
            })
            .expect("the entry");
        let node = entry
            .children()
            .find(|c| c.has_tag_name((ATOM, element)))
            .unwrap_or_else(|| panic!("<{element}>"));
        (
            node.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .map(str::to_owned),
            node.text().unwrap_or_default().to_owned(),
        )
    }

    #[test]
    fn a_feed_is_in_the_language_its_address_names_else_english() {
        let uk = parsed(Some(UiLanguage::Uk), &[]);
        let doc = roxmltree::Document::parse(&uk).unwrap();
        let feed = doc.root_element();
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("uk")
        );
        let text = |name: &str| {
            feed.children()
                .find(|c| c.has_tag_name((ATOM, name)))
                .and_then(|c| c.text())
                .unwrap()
                .to_owned()
        };
        assert_eq!(text("title"), "Ініціативи солідарності ICC");
        assert_eq!(text("id"), "https://initiatives.example/feed.atom?lang=uk");
        assert!(parsed(None, &[])
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
        assert!(parsed(None, &[]).contains("<id>https://initiatives.example/feed.atom</id>"));
    }

    #[test]
    fn an_entry_in_another_language_than_the_feeds_says_which() {
        let feed = parsed(Some(UiLanguage::Uk), &[english_only()]);
        for element in ["title", "summary", "content"] {
            assert_eq!(
                part(&feed, "english-only", element).0.as_deref(),
                Some("en"),
                "{element}"
            );
        }
        assert_eq!(part(&feed, "english-only", "title").1, "Language cafe");
        // In an English feed the same entry is in the feed's language: no xml:lang.
        let feed = parsed(None, &[english_only()]);
        assert_eq!(
            part(&feed, "english-only", "title"),
            (None, "Language cafe".to_owned())
        );
    }

    #[test]
    fn an_entry_shows_the_version_in_the_feeds_language_when_there_is_one() {
        let record = french_record("Курси французької");
        let uk = parsed(Some(UiLanguage::Uk), &[record.clone()]);
        assert_eq!(
            part(&uk, &record.slug, "title"),
            (None, "Курси французької".to_owned())
        );
        assert_eq!(
            part(&uk, &record.slug, "summary"),
            (
                None,
                "Безкоштовні курси французької для біженців.".to_owned()
            )
        );
        assert_eq!(part(&uk, &record.slug, "content").1, "Щосуботи, у мерії.");
        // The English feed has no English version: the French original, marked.
        let en = parsed(None, &[record.clone()]);
        assert_eq!(
            part(&en, &record.slug, "title"),
            (Some("fr".to_owned()), "Cours de français".to_owned())
        );
        assert!(!en.contains("<content"), "the original has no description");
        // The French feed shows the original, in its own language.
        let fr = parsed(Some(UiLanguage::Fr), &[record.clone()]);
        assert_eq!(
            part(&fr, &record.slug, "title"),
            (None, "Cours de français".to_owned())
        );
    }

    #[test]
    fn an_entry_links_its_page_in_the_feeds_language_and_in_each_language_it_exists_in() {
        let mut record = french_record("Курси французької");
        record.translations.push(Translation {
            language: UiLanguage::En,
            title: Title::parse("French lessons").unwrap(),
            summary: Summary::parse("Free French lessons for refugees.").unwrap(),
            description: None,
            source: VersionSource::Submitter,
            outdated: false,
        });
        record.translations.sort_by_key(|t| t.language);
        let uk = parsed(Some(UiLanguage::Uk), &[record.clone()]);
        let page = "https://initiatives.example/initiatives/lyon-cours-de-francais";
        assert!(uk.contains(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{page}?lang=uk\"/>"
        )));
        for l in ["en", "fr", "uk"] {
            assert!(
                uk.contains(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" hreflang=\"{l}\" \
                     href=\"{page}?lang={l}\"/>"
                )),
                "{l}"
            );
        }
        let en = parsed(None, &[record]);
        assert!(en.contains(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>"
        )));
        assert_eq!(
            part(&en, "lyon-cours-de-francais", "title").1,
            "French lessons"
        );
        assert_eq!(part(&en, "lyon-cours-de-francais", "title").0, None);
        // An English-only initiative links its English page alone.
        let only = parsed(None, &[english_only()]);
        assert_eq!(only.matches("hreflang=").count(), 1);
    }

    #[test]
    fn the_feed_title_is_in_the_feeds_language() {
        let (f, _) =
            ListFilter::from_query("country=PL&country=DE&type=housing&commitment=2&q=kra");
        assert_eq!(
            feed_title(&f, UiLanguage::Uk),
            "Ініціативи солідарності ICC: Німеччина або Польща · тип housing · зобов’язання 2 · \
             за запитом «kra»"
        );
        assert_eq!(
            feed_title(&f, UiLanguage::Fr),
            "Initiatives de solidarité ICC : Allemagne ou Pologne · type housing · engagement 2 · \
             contenant « kra »"
        );
    }

    #[test]
    fn the_feed_title_says_what_the_view_selects() {
        let (all, _) = ListFilter::from_query("");
        assert_eq!(
            feed_title(&all, UiLanguage::En),
            "ICC Solidarity Initiatives"
        );
        let (f, _) = ListFilter::from_query("country=PL&type=housing&commitment=2&q=kra");
        assert_eq!(
            feed_title(&f, UiLanguage::En),
            "ICC Solidarity Initiatives: Poland · type housing · commitment 2 · matching “kra”"
        );
        let (f, _) = ListFilter::from_query("city=Krak%C3%B3w&city=Gdansk&country=PL");
        assert_eq!(
            feed_title(&f, UiLanguage::En),
            "ICC Solidarity Initiatives: Gdansk or Kraków · Poland"
        );
    }
}
