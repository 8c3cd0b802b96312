//! The Atom feed (RFC 4287) of any filtered view of the list, `/feed.atom?…`, so feed readers
//! learn of new and edited initiatives without visiting the site. It takes the list page's
//! parameters, read by the same parser, and holds the same selection as the other open-data
//! files (`open_data::export`).

use crate::domain::{ListFilter, PublicRecord, UiLanguage};
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

/// What the view selects, in words: "Initiatives in Kraków · Poland · housing · commitment 2".
pub fn feed_title(filter: &ListFilter) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !filter.cities.is_empty() {
        parts.push(filter.cities.join(" or "));
    }
    if !filter.countries.is_empty() {
        let names: Vec<&str> = filter
            .countries
            .iter()
            .map(|c| c.name(UiLanguage::En))
            .collect();
        parts.push(names.join(" or "));
    }
    if !filter.types.is_empty() {
        let types: Vec<&str> = filter.types.iter().map(|t| t.slug()).collect();
        parts.push(format!("type {}", types.join(" or ")));
    }
    if !filter.commitments.is_empty() {
        let numbers: Vec<String> = filter
            .commitments
            .iter()
            .map(|c| c.number().to_string())
            .collect();
        parts.push(format!("commitment {}", numbers.join(" or ")));
    }
    if !filter.q.is_empty() {
        parts.push(format!("matching “{}”", filter.q));
    }
    if parts.is_empty() {
        "ICC Solidarity Initiatives".to_owned()
    } else {
        format!("ICC Solidarity Initiatives: {}", parts.join(" · "))
    }
}

/// The feed: one entry per initiative, in the view's order (newest published first unless the
/// address asks for another), each updated when it was last edited.
pub fn atom(
    origin: &WebOrigin,
    filter: &ListFilter,
    records: &[PublicRecord],
    now: &str,
) -> String {
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
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let self_url = xml_text(&format!("{origin}/feed.atom{query}"));
    let page_url = xml_text(&format!("{origin}/initiatives{query}"));
    out.push_str(&format!(
        "  <title>{}</title>\n  <subtitle>Initiatives of the member cities of the Intercultural \
         Cities network in solidarity with Ukraine, reviewed by its moderators.</subtitle>\n  \
         <id>{self_url}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" \
         href=\"{self_url}\"/>\n  <link rel=\"alternate\" type=\"text/html\" \
         href=\"{page_url}\"/>\n  <updated>{updated}</updated>\n  <author><name>Intercultural \
         Cities network</name></author>\n  <generator>ICC Solidarity Initiatives</generator>\n",
        xml_text(&feed_title(filter)),
    ));
    for record in records {
        entry(&mut out, origin, record);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>`: the record taken apart whole, so that a field added to the record is placed
/// here (or left out with the reason) before the feed compiles.
fn entry(out: &mut String, origin: &WebOrigin, record: &PublicRecord) {
    let PublicRecord {
        url,
        title,
        summary,
        description,
        city,
        country,
        types,
        commitments,
        published,
        updated,
        // In the entry's address.
        slug: _,
        // The versions in other languages: the feed shows the original (issue 17 gives each
        // entry the reader's version with `xml:lang`).
        text_language: _,
        translations: _,
        // Not in an entry (Atom has no element for them): the linked page shows them.
        activity: _,
        start_date: _,
        end_date: _,
        website: _,
        contact_email: _,
        languages: _,
        source: _,
    } = record;
    let url = xml_text(url);
    out.push_str("  <entry>\n");
    out.push_str(&format!("    <title>{}</title>\n", xml_text(title)));
    out.push_str(&format!("    <id>{url}</id>\n"));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
    ));
    out.push_str(&format!("    <updated>{updated}</updated>\n"));
    if let Some(day) = published {
        out.push_str(&format!("    <published>{day}T00:00:00Z</published>\n"));
    }
    out.push_str(&format!(
        "    <author><name>{}, {}</name></author>\n",
        xml_text(city),
        xml_text(country.name(UiLanguage::En))
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
        "    <summary type=\"text\">{}</summary>\n",
        xml_text(summary)
    ));
    if let Some(d) = description {
        out.push_str(&format!(
            "    <content type=\"text\">{}</content>\n",
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

    #[test]
    fn the_feed_title_says_what_the_view_selects() {
        let (all, _) = ListFilter::from_query("");
        assert_eq!(feed_title(&all), "ICC Solidarity Initiatives");
        let (f, _) = ListFilter::from_query("country=PL&type=housing&commitment=2&q=kra");
        assert_eq!(
            feed_title(&f),
            "ICC Solidarity Initiatives: Poland · type housing · commitment 2 · matching “kra”"
        );
        let (f, _) = ListFilter::from_query("city=Krak%C3%B3w&city=Gdansk&country=PL");
        assert_eq!(
            feed_title(&f),
            "ICC Solidarity Initiatives: Gdansk or Kraków · Poland"
        );
    }
}
