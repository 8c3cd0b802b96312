//! A return address that stays on this site: the one check every handler that reads a
//! "go back to" value from a request uses, so no form can send a reader to another site.

/// A path of this site, safe to put in a `Location` header: it starts with a single `/`, holds
/// only visible ASCII (anything else arrives percent-encoded from a browser), and nothing a
/// browser would read as the start of another host (`//`, `/\`, or a tab or line break that
/// browsers drop, as in `/\t/evil.example`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// The path, or `None` when `text` is not a path of this site.
    pub fn parse(text: &str) -> Option<Self> {
        let visible = text.bytes().all(|b| b.is_ascii_graphic());
        let rest = text.strip_prefix('/')?;
        if !visible || rest.starts_with(['/', '\\']) || text.contains('\\') {
            return None;
        }
        Some(Self(text.to_owned()))
    }

    /// The path, or the home page when `text` is missing or not a path of this site.
    pub fn or_home(text: Option<&str>) -> Self {
        text.and_then(Self::parse)
            .unwrap_or_else(|| Self("/".to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::LocalPath;

    #[test]
    fn a_path_of_this_site_is_kept_as_it_is() {
        for path in [
            "/",
            "/initiatives?country=PL&lang=uk",
            "/initiatives/a-b#x",
            "/%D0%9A",
        ] {
            assert_eq!(LocalPath::parse(path).unwrap().as_str(), path);
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_or_that_is_no_header_text_is_refused() {
        for evil in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/x",
            "/ /evil.example",
            "\t//evil.example",
            "/a\u{0}b",
            "/a\u{7f}",
            "/Київ",
            "evil.example",
            "",
            "/a\\b",
        ] {
            assert_eq!(LocalPath::parse(evil), None, "{evil:?}");
        }
        assert_eq!(LocalPath::or_home(Some("//evil")).as_str(), "/");
        assert_eq!(LocalPath::or_home(None).as_str(), "/");
    }
}
