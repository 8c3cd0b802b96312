//! The API's query parameters: the list page's filter, read by the same parser
//! (`ListFilter::from_pairs`), held to the API's contract. The pages forgive (a value they
//! cannot use is reported and left out); a program asking the API gets a 400 that names every
//! value it cannot use, and each value must be written as the OpenAPI document lists it (`PL`,
//! not ` pl `), so the document and the server agree on what is valid.

use crate::domain::{
    percent_decode, Commitment, CountryCode, FilterProblem, Freshness, InitiativeType, ListFilter,
    SortOrder, MAX_QUERY_CHARS,
};

/// At most this many initiatives per page of the API's list.
pub const MAX_PER_PAGE: u32 = 100;
/// Initiatives per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The highest page number the API accepts (the list page's own limit).
pub const MAX_PAGE: u32 = 100_000;

/// One parameter value the API cannot use, and why (in the words the exports use).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ParameterProblem {
    /// The parameter's name.
    pub parameter: String,
    /// The value as given (cut to 40 characters, invisible characters shown as �).
    pub value: String,
    pub message: String,
}

/// What a list or facets request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiQuery {
    pub filter: ListFilter,
    pub page: u32,
    pub per_page: u32,
}

/// Which parameters an endpoint takes besides the filter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `page` and `per_page` (the list).
    Pages,
    /// None: `page` and `per_page` are not parameters of this endpoint (the facets).
    None,
}

fn problem(parameter: &str, value: &str, message: String) -> ParameterProblem {
    ParameterProblem {
        parameter: parameter.to_owned(),
        value: crate::domain::echo(value, 40),
        message,
    }
}

/// A page number or count written as the document says: decimal digits, no sign, no leading
/// zero, within `range`.
fn whole_number(value: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    let n: u32 = value.parse().ok()?;
    (n.to_string() == value && range.contains(&n)).then_some(n)
}

/// Reads an API request's query.
///
/// # Errors
/// Every parameter value that cannot be used: not one of the documented values, not written
/// as documented, a single-valued parameter given twice.
pub fn parse(query: &str, paging: Paging) -> Result<ApiQuery, Vec<ParameterProblem>> {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut page = 1;
    let mut per_page = DEFAULT_PER_PAGE;
    for (key, value) in &pairs {
        let key = key.as_str();
        let single = ["q", "sort", "page", "per_page"].contains(&key);
        if single && seen.contains(&key) {
            problems.push(problem(
                key,
                value,
                format!("\"{key}\" is given more than once"),
            ));
            continue;
        }
        seen.push(key);
        let refused = match key {
            "country" => CountryCode::parse(value)
                .ok()
                .filter(|c| c.as_str() == value)
                .is_none()
                .then(|| FilterProblem::UnknownCountry(value.clone()).to_string()),
            "type" => InitiativeType::parse(value)
                .ok()
                .filter(|t| t.slug() == value)
                .is_none()
                .then(|| FilterProblem::UnknownType(value.clone()).to_string()),
            "commitment" => Commitment::parse(value)
                .ok()
                .filter(|c| c.number().to_string() == *value)
                .is_none()
                .then(|| FilterProblem::UnknownCommitment(value.clone()).to_string()),
            "freshness" => Freshness::from_code(value)
                .filter(|f| f.as_str() == value)
                .is_none()
                .then(|| FilterProblem::UnknownFreshness(value.clone()).to_string()),
            "sort" => SortOrder::parse(value)
                .filter(|s| s.as_str() == value)
                .is_none()
                .then(|| FilterProblem::UnknownSort(value.clone()).to_string()),
            "q" => (value.chars().count() > MAX_QUERY_CHARS)
                .then(|| FilterProblem::QueryShortened.to_string()),
            "page" if paging == Paging::Pages => match whole_number(value, 1..=MAX_PAGE) {
                Some(p) => {
                    page = p;
                    None
                }
                None => Some(format!(
                    "\"{value}\" is not a page number (1 to {MAX_PAGE})"
                )),
            },
            "per_page" if paging == Paging::Pages => match whole_number(value, 1..=MAX_PER_PAGE) {
                Some(n) => {
                    per_page = n;
                    None
                }
                None => Some(format!(
                    "\"{value}\" is not a number of initiatives per page (1 to {MAX_PER_PAGE})"
                )),
            },
            // Other parameters (a cache-buster, a language) change nothing.
            _ => None,
        };
        if let Some(message) = refused {
            problems.push(problem(key, value, message));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // The one filter parser: the values are known good, so it reports nothing. `city` (the
    // list's and the embed's) is not part of v1's document yet: ignored like any parameter the
    // API does not know, so an answer never depends on an undocumented value.
    let (filter, _) = ListFilter::from_pairs(
        pairs
            .iter()
            .filter(|(k, _)| k != "page" && k != "city")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    Ok(ApiQuery {
        filter,
        page,
        per_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values_are_read_by_the_list_pages_parser() {
        let q = parse(
            "country=PL&country=DE&type=housing&commitment=2&q=Krak%C3%B3w&sort=city&page=2&per_page=50",
            Paging::Pages,
        )
        .unwrap();
        assert_eq!(
            q.filter,
            ListFilter::from_query(
                "country=DE&country=PL&type=housing&commitment=2&q=Krak%C3%B3w&sort=city"
            )
            .0
        );
        assert_eq!((q.page, q.per_page), (2, 50));
    }

    #[test]
    fn values_the_page_would_forgive_are_refused_with_every_reason() {
        let problems =
            parse("country=pl&type=flying&page=0&per_page=101", Paging::Pages).unwrap_err();
        let named: Vec<&str> = problems.iter().map(|p| p.parameter.as_str()).collect();
        assert_eq!(named, ["country", "type", "page", "per_page"]);
        assert_eq!(
            problems[1].message,
            "\"flying\" is not a type of initiative"
        );
    }

    #[test]
    fn numbers_must_be_written_plainly() {
        for bad in ["01", "+1", "1.0", " 1", "", "abc", "100001"] {
            assert!(
                parse(&format!("page={bad}"), Paging::Pages).is_err(),
                "page={bad}"
            );
        }
        assert!(parse("per_page=100", Paging::Pages).is_ok());
    }

    #[test]
    fn a_single_valued_parameter_given_twice_is_refused() {
        assert!(parse("sort=city&sort=newest", Paging::Pages).is_err());
        assert!(parse("country=PL&country=DE", Paging::Pages).is_ok());
    }

    #[test]
    fn a_city_is_not_a_filter_of_this_version() {
        let q = parse("city=Krak%C3%B3w&country=PL", Paging::Pages).unwrap();
        assert_eq!(q.filter, ListFilter::from_query("country=PL").0);
    }

    #[test]
    fn paging_parameters_mean_nothing_to_the_facets() {
        assert!(parse("page=abc&per_page=0", Paging::None).is_ok());
    }

    #[test]
    fn a_search_longer_than_the_limit_is_refused_not_cut() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert!(parse(&format!("q={long}"), Paging::Pages).is_err());
        assert!(parse(&format!("q={}", &long[1..]), Paging::Pages).is_ok());
    }
}
