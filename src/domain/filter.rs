//! The list page's filter state and its URL form. The whole state lives in the query string, so a
//! shared link, a bookmark or Back/Forward restores it exactly.

use super::{
    collapse_line, echo, is_blank, trim_text, Commitment, CountryCode, Freshness, InitiativeType,
    PlaceName,
};
use serde::{Deserialize, Serialize};

/// Initiatives shown per list page.
pub const PAGE_SIZE: usize = 20;
/// Longer search texts are cut to this many characters (and the cut is reported).
pub const MAX_QUERY_CHARS: usize = 200;
/// The highest page number accepted; beyond it is certainly past the end.
const MAX_PAGE: u32 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SortOrder {
    /// Most recently published first (the default).
    #[default]
    Newest,
    Oldest,
    /// By city name, then title.
    City,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [Self::Newest, Self::Oldest, Self::City];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::City => "city",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == trim_text(text))
    }
}

/// A query parameter that could not be used, reported on the page while the rest still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterProblem {
    UnknownCountry(String),
    /// A `city=` value that cannot be a city's name (too long, control characters).
    BadCity(String),
    UnknownType(String),
    UnknownCommitment(String),
    /// A `freshness=` value other than confirmed, due, unconfirmed or ended.
    UnknownFreshness(String),
    UnknownSort(String),
    BadPage(String),
    QueryShortened,
}

impl std::fmt::Display for FilterProblem {
    /// In English, for the exports and other plain answers (the page translates its own).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownCountry(v) => {
                write!(f, "\"{v}\" is not a country code (ISO 3166-1, such as PL)")
            }
            Self::BadCity(v) => write!(f, "\"{v}\" is not a city name"),
            Self::UnknownType(v) => write!(f, "\"{v}\" is not a type of initiative"),
            Self::UnknownCommitment(v) => {
                write!(f, "\"{v}\" is not a commitment of the declaration (1 to 5)")
            }
            Self::UnknownFreshness(v) => write!(
                f,
                "\"{v}\" is not a freshness (confirmed, due, unconfirmed or ended)"
            ),
            Self::UnknownSort(v) => write!(f, "\"{v}\" is not an order (newest, oldest or city)"),
            Self::BadPage(v) => write!(f, "\"{v}\" is not a page number"),
            Self::QueryShortened => write!(
                f,
                "the search text is longer than {MAX_QUERY_CHARS} characters"
            ),
        }
    }
}

/// What the public list shows: filters are OR within a facet, AND across facets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ListFilter {
    pub countries: Vec<CountryCode>,
    /// City names as typed (cleaned like a submitted city name), sorted; the directory compares
    /// them folded, so `Krakow` selects Kraków. Several are OR'ed, like countries.
    pub cities: Vec<String>,
    pub types: Vec<InitiativeType>,
    pub commitments: Vec<Commitment>,
    /// Whether the city confirmed them recently (issue 23): OR'ed, a facet with counts.
    pub freshness: Vec<Freshness>,
    /// Free text, trimmed, at most [`MAX_QUERY_CHARS`]; empty means no search.
    pub q: String,
    pub sort: SortOrder,
    /// 1-based.
    pub page: u32,
}

fn shorten(text: &str) -> String {
    echo(text, 40)
}

impl ListFilter {
    /// Reads the filter from query pairs. Never fails: unusable values are dropped and reported,
    /// duplicates are merged, and the lists come out sorted so equal filters compare equal.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<FilterProblem>) {
        let mut f = ListFilter {
            page: 1,
            ..Default::default()
        };
        let mut problems = Vec::new();
        for (key, value) in pairs {
            match key {
                "country" if !is_blank(value) => match CountryCode::parse(value) {
                    Ok(c) => f.countries.push(c),
                    Err(_) => problems.push(FilterProblem::UnknownCountry(shorten(value))),
                },
                "city" if !is_blank(value) => match PlaceName::parse(value) {
                    Ok(city) => f.cities.push(city.into_inner()),
                    Err(_) => problems.push(FilterProblem::BadCity(shorten(value))),
                },
                "type" if !is_blank(value) => match InitiativeType::parse(value) {
                    Ok(t) => f.types.push(t),
                    Err(_) => problems.push(FilterProblem::UnknownType(shorten(value))),
                },
                "commitment" if !is_blank(value) => match Commitment::parse(value) {
                    Ok(c) => f.commitments.push(c),
                    Err(_) => problems.push(FilterProblem::UnknownCommitment(shorten(value))),
                },
                "freshness" if !is_blank(value) => match Freshness::from_code(value) {
                    Some(v) => f.freshness.push(v),
                    None => problems.push(FilterProblem::UnknownFreshness(shorten(value))),
                },
                "q" => {
                    let q = collapse_line(value);
                    if q.chars().count() > MAX_QUERY_CHARS {
                        problems.push(FilterProblem::QueryShortened);
                        // Cleaned again: the cut may leave a space or invisible characters at
                        // the end, and the URL must give back exactly this text.
                        f.q = collapse_line(&q.chars().take(MAX_QUERY_CHARS).collect::<String>());
                    } else {
                        f.q = q;
                    }
                }
                "sort" if !is_blank(value) => match SortOrder::parse(value) {
                    Some(s) => f.sort = s,
                    None => problems.push(FilterProblem::UnknownSort(shorten(value))),
                },
                "page" if !is_blank(value) => match trim_text(value).parse::<u32>() {
                    Ok(p) if (1..=MAX_PAGE).contains(&p) => f.page = p,
                    _ => problems.push(FilterProblem::BadPage(shorten(value))),
                },
                _ => {}
            }
        }
        f.countries.sort();
        f.countries.dedup();
        f.cities.sort();
        f.cities.dedup();
        f.types.sort();
        f.types.dedup();
        f.commitments.sort();
        f.commitments.dedup();
        f.freshness.sort();
        f.freshness.dedup();
        (f, problems)
    }

    /// Parses a raw query string such as `country=PL&type=housing&q=krak%C3%B3w`.
    pub fn from_query(query: &str) -> (Self, Vec<FilterProblem>) {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The canonical query string (without `?`); default values are left out.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for c in &self.countries {
            parts.push(format!("country={c}"));
        }
        for c in &self.cities {
            parts.push(format!("city={}", percent_encode(c)));
        }
        for t in &self.types {
            parts.push(format!("type={}", t.slug()));
        }
        for c in &self.commitments {
            parts.push(format!("commitment={}", c.number()));
        }
        for v in &self.freshness {
            parts.push(format!("freshness={}", v.as_str()));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", percent_encode(&self.q)));
        }
        if self.sort != SortOrder::Newest {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    /// The same filter on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// Whether any facet or search narrows the list (sort and page do not).
    pub fn is_narrowed(&self) -> bool {
        !(self.countries.is_empty()
            && self.cities.is_empty()
            && self.types.is_empty()
            && self.commitments.is_empty()
            && self.freshness.is_empty()
            && self.q.is_empty())
    }

    /// How many facet values and search terms are active (for the "Filters (n)" button).
    pub fn active_count(&self) -> usize {
        self.countries.len()
            + self.cities.len()
            + self.types.len()
            + self.commitments.len()
            + self.freshness.len()
            + usize::from(!self.q.is_empty())
    }
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space); invalid escapes stay as typed.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                // Two hex digits, checked first: `from_str_radix` alone would take "%+1" as 1.
                out.push((hex_value(bytes[i + 1]) << 4) | hex_value(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of an ASCII hex digit (the caller has checked it is one).
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => digit.to_ascii_lowercase() - b'a' + 10,
    }
}

/// Encodes a query value: unreserved characters stay, everything else is `%XX` (space as `+`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (ListFilter, Vec<FilterProblem>) {
        ListFilter::from_query(q)
    }

    #[test]
    fn an_empty_query_is_the_first_page_of_everything_newest_first() {
        let (f, problems) = parse("");
        assert_eq!(f.page, 1);
        assert_eq!(f.sort, SortOrder::Newest);
        assert!(!f.is_narrowed());
        assert!(problems.is_empty());
    }

    #[test]
    fn freshness_values_are_a_multi_select_facet_and_an_unknown_one_is_reported() {
        let (f, problems) = parse("freshness=due&freshness=confirmed&freshness=due&freshness=old");
        assert_eq!(f.freshness, [Freshness::Confirmed, Freshness::Due]);
        assert_eq!(problems, [FilterProblem::UnknownFreshness("old".into())]);
        assert_eq!(f.to_query(), "freshness=confirmed&freshness=due");
        assert_eq!(f.active_count(), 2);
        assert!(f.is_narrowed());
    }

    #[test]
    fn repeated_parameters_select_several_values_of_a_facet() {
        let (f, problems) =
            parse("country=PL&country=de&type=housing&type=legal&commitment=2&commitment=5");
        assert!(problems.is_empty());
        assert_eq!(
            f.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["DE", "PL"]
        );
        assert_eq!(
            f.types,
            vec![InitiativeType::Housing, InitiativeType::Legal]
        );
        assert_eq!(
            f.commitments.iter().map(|c| c.number()).collect::<Vec<_>>(),
            [2, 5]
        );
        assert_eq!(f.active_count(), 6);
    }

    #[test]
    fn cities_are_read_cleaned_sorted_and_several_select_either() {
        let (f, problems) = parse("city=Krak%C3%B3w&city=++Gda%C5%84sk%E2%80%8B+&city=Krak%C3%B3w");
        assert!(problems.is_empty());
        assert_eq!(f.cities, ["Gdańsk", "Kraków"]);
        assert!(f.is_narrowed());
        assert_eq!(f.active_count(), 2);
        assert_eq!(f.to_query(), "city=Gda%C5%84sk&city=Krak%C3%B3w");
    }

    #[test]
    fn a_city_that_cannot_be_a_name_is_reported_and_a_blank_one_ignored() {
        let long = "x".repeat(PlaceName::MAX + 1);
        let (f, problems) = parse(&format!("city={long}&city=%E2%80%8B&city=a%01b&city=Lviv"));
        assert_eq!(f.cities, ["Lviv"]);
        assert_eq!(problems.len(), 2);
        assert!(matches!(&problems[0], FilterProblem::BadCity(v) if v.ends_with('…')));
        assert_eq!(problems[1], FilterProblem::BadCity("a\u{FFFD}b".into()));
    }

    #[test]
    fn duplicates_are_merged_and_order_does_not_matter() {
        let (a, _) = parse("country=PL&country=DE&country=PL");
        let (b, _) = parse("country=DE&country=PL");
        assert_eq!(a, b);
    }

    #[test]
    fn unknown_values_are_reported_and_the_rest_still_applies() {
        let (f, problems) = parse("country=XX&type=nope&commitment=9&country=PL&sort=random");
        assert_eq!(f.countries.len(), 1);
        assert_eq!(
            problems,
            vec![
                FilterProblem::UnknownCountry("XX".into()),
                FilterProblem::UnknownType("nope".into()),
                FilterProblem::UnknownCommitment("9".into()),
                FilterProblem::UnknownSort("random".into()),
            ]
        );
    }

    #[test]
    fn bad_page_numbers_fall_back_to_the_first_page() {
        for bad in ["-1", "abc", "0", "1.5", "99999999999"] {
            let (f, problems) = parse(&format!("page={bad}"));
            assert_eq!(f.page, 1, "{bad}");
            assert!(matches!(problems[0], FilterProblem::BadPage(_)), "{bad}");
        }
        assert_eq!(parse("page=3").0.page, 3);
    }

    #[test]
    fn a_huge_search_text_is_cut_and_reported() {
        let (f, problems) = parse(&format!("q={}", "a".repeat(10_000)));
        assert_eq!(f.q.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(problems, vec![FilterProblem::QueryShortened]);
    }

    #[test]
    fn search_text_is_decoded_from_the_url_including_cyrillic() {
        let (f, _) = parse("q=%D0%BC%D0%BE%D0%B2%D0%BD%D1%96+%20kurs");
        assert_eq!(f.q, "мовні kurs");
        let (f, _) = parse("q=Krak%C3%B3w");
        assert_eq!(f.q, "Kraków");
    }

    #[test]
    fn the_query_string_round_trips() {
        let (f, _) = parse(
            "type=housing&country=PL&q=Kraków+centre&sort=city&page=2&commitment=1&city=Łódź",
        );
        let again = parse(&f.to_query()).0;
        assert_eq!(f, again);
        assert_eq!(
            f.to_query(),
            "country=PL&city=%C5%81%C3%B3d%C5%BA&type=housing&commitment=1&q=Krak%C3%B3w+centre&sort=city&page=2"
        );
    }

    #[test]
    fn default_values_are_left_out_of_the_url() {
        let (f, _) = parse("sort=newest&page=1&q=");
        assert_eq!(f.to_query(), "");
    }

    #[test]
    fn an_invisible_search_is_no_search_and_blank_facets_are_ignored() {
        let (f, problems) =
            parse("q=%E2%80%8B%EF%BB%BF&country=%E2%80%8B&page=%E2%80%8B&city=%E2%80%8B+%09");
        assert_eq!(f, ListFilter::from_query("").0);
        assert!(problems.is_empty());
    }

    #[test]
    fn a_cut_search_text_ends_on_a_visible_character_and_round_trips() {
        let q = format!("{} \u{200B}\u{200B}bb", "a".repeat(MAX_QUERY_CHARS - 2));
        let (f, problems) = parse(&format!("q={}", percent_encode(&q)));
        assert_eq!(problems, vec![FilterProblem::QueryShortened]);
        assert_eq!(f.q, "a".repeat(MAX_QUERY_CHARS - 2));
        assert_eq!(parse(&f.to_query()), (f, vec![]));
    }

    #[test]
    fn an_escape_needs_two_hex_digits_not_a_sign() {
        assert_eq!(percent_decode("%+1%-1%4"), "% 1%-1%4");
        assert_eq!(percent_decode("%4a%4A%2b"), "JJ+");
    }

    #[test]
    fn broken_percent_escapes_are_kept_as_typed() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
