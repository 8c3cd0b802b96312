//! `robots.txt` and `sitemap.xml`: what search engines may read, and every public page for them
//! to find, with absolute addresses on this site's origin (`ICC_PUBLIC_ORIGIN`, else the
//! request's `Host`). Built from the in-memory directory, so they follow every publication.

use crate::server::accounts::guard::WebOrigin;
use std::fmt::Write as _;

/// The most addresses one sitemap file may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

/// Text for an XML element: `&`, `<`, `>`, quotes escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The `robots.txt` text: everything public may be read; moderators' pages, private manage
/// links and server functions may not; where the sitemap is.
pub fn robots_text(origin: &WebOrigin) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /manage/\nDisallow: /api/\nDisallow: /fn/\n\n\
         Sitemap: {origin}/sitemap.xml\n"
    )
}

/// A sitemap (`<urlset>`) of these addresses on `origin`.
pub fn urlset(origin: &WebOrigin, addresses: &[(String, Option<chrono::NaiveDate>)]) -> String {
    let origin = xml(&origin.to_string());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, day) in addresses {
        let _ = write!(out, "<url><loc>{origin}{}</loc>", xml(path));
        if let Some(day) = day {
            let _ = write!(out, "<lastmod>{day}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A sitemap index of `parts` files (`/sitemaps/1.xml` …) on `origin`.
pub fn index(origin: &WebOrigin, parts: usize) -> String {
    let origin = xml(&origin.to_string());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        let _ = writeln!(
            out,
            "<sitemap><loc>{origin}/sitemaps/{n}.xml</loc></sitemap>"
        );
    }
    out.push_str("</sitemapindex>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> WebOrigin {
        WebOrigin::parse("https://initiatives.example").unwrap()
    }

    #[test]
    fn robots_keeps_crawlers_out_of_private_pages_and_points_to_the_sitemap() {
        let text = robots_text(&site());
        assert!(text.contains("Disallow: /admin\n"));
        assert!(text.contains("Disallow: /manage/\n"));
        assert!(text.ends_with("Sitemap: https://initiatives.example/sitemap.xml\n"));
    }

    #[test]
    fn a_sitemap_gives_absolute_escaped_addresses_and_the_day_of_change() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let text = urlset(
            &WebOrigin::parse("http://127.0.0.1:3000").unwrap(),
            &[
                ("/".to_owned(), None),
                ("/initiatives/a&b".to_owned(), Some(day)),
            ],
        );
        assert!(text.contains("<url><loc>http://127.0.0.1:3000/</loc></url>"));
        assert!(text.contains(
            "<url><loc>http://127.0.0.1:3000/initiatives/a&amp;b</loc><lastmod>2024-03-05</lastmod></url>"
        ));
    }

    #[test]
    fn an_index_names_one_file_per_fifty_thousand_addresses() {
        let text = index(&site(), 3);
        assert!(text.contains("<loc>https://initiatives.example/sitemaps/3.xml</loc>"));
        assert_eq!(text.matches("<sitemap>").count(), 3);
    }
}
