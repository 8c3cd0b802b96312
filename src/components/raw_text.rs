//! Text written into the two elements whose content the HTML parser reads as text but which
//! leptos writes without escaping: `<title>` (leptos_meta 0.8.7 puts the string into the head as
//! is) and `<textarea>` (tachys 0.2 declares it like `<script>`, so its children go out raw; the
//! upstream fix was reverted because it broke hydration, leptos PR #4819). Both are RCDATA
//! elements: the parser ends them only at their own end tag and decodes character references
//! inside, so text with `&`, `<` and `>` written as references shows exactly as typed and can no
//! longer close the element. Every such sink in the app goes through this module.
//!
//! The app writes nothing else into a raw-text context: it has no `<script>`, `<style>` or
//! `<noscript>` of its own (but the embed's constant stylesheet, `web::embed::STYLE`), and the
//! data leptos serialises into its resource scripts is escaped by leptos (`<` becomes `\u003c`).

/// `text` escaped for an RCDATA element (`<title>`, `<textarea>`): `&`, `<` and `>` become
/// character references, which the parser turns back into the same characters.
pub fn escape_raw_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The content of a `<textarea>` holding `text`, for its `inner_html`, so its value is exactly
/// `text` on the server-rendered page, after hydration (which leaves the content as the server
/// wrote it) and when the browser builds the form itself (setting `innerHTML` of a textarea
/// parses it as RCDATA too).
///
/// The HTML parser drops one newline right after `<textarea>`, so the server writes one first:
/// text that starts with a line break keeps it. Setting `innerHTML` drops nothing, so the
/// browser writes none.
pub fn textarea_content(text: &str) -> String {
    let escaped = escape_raw_text(text);
    if cfg!(feature = "ssr") {
        format!("\n{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_cannot_close_the_element() {
        assert_eq!(
            escape_raw_text("</title><script>alert(1)</script>"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape_raw_text("</textarea><svg onload=alert(1)>"),
            "&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;"
        );
    }

    #[test]
    fn ampersands_are_escaped_so_typed_references_stay_as_typed() {
        assert_eq!(escape_raw_text("Tom &amp; Jerry"), "Tom &amp;amp; Jerry");
        assert_eq!(escape_raw_text("a & b"), "a &amp; b");
    }

    #[test]
    fn other_text_is_unchanged() {
        let text = "Games for children \"7\" years — Ігри для дітей 'so' ]]> <!-- \u{202E}";
        let expected = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert_eq!(escape_raw_text(text), expected);
        assert_eq!(escape_raw_text("Ігри для дітей"), "Ігри для дітей");
    }

    #[test]
    fn the_server_writes_a_newline_the_parser_drops_before_textarea_text() {
        let content = textarea_content("\nfirst line kept");
        if cfg!(feature = "ssr") {
            assert_eq!(content, "\n\nfirst line kept");
        } else {
            assert_eq!(content, "\nfirst line kept");
        }
    }
}
