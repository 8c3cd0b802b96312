//! The figures of `/statistics` as CSV files (`/statistics/by-country.csv?…`, issue 21): one
//! file per figure, for the same filter as the page. Like `/initiatives.csv` they start with a
//! UTF-8 byte-order mark and a header row in English, end lines with CRLF, and write values as
//! the list's addresses and the API name them (`PL`, `housing`, `1`, `ongoing`, `2022-03`), so
//! a row can be turned back into the list's filter; counts are plain integers.

use super::csv_field;
use crate::domain::UiLanguage;
use crate::wire::statistics::{Figure, Statistics};

/// The `month` cell of the row counting initiatives published before [`FIRST_MONTH`]
/// (written only when there are some).
pub const BEFORE_FIRST_MONTH: &str = "before-2022-03";

/// Each figure's header row.
pub fn header(figure: Figure) -> &'static [&'static str] {
    match figure {
        Figure::Totals => &[
            "initiatives",
            "cities",
            "countries",
            "active_cities",
            "as_of",
        ],
        Figure::ByCountry => &["country", "country_name", "initiatives"],
        Figure::ByType => &["type", "initiatives"],
        Figure::ByCommitment => &["commitment", "initiatives"],
        Figure::ByActivity => &["activity", "initiatives"],
        Figure::ByMonth => &["month", "published", "cumulative"],
    }
}

/// The rows of `figure` (before quoting).
fn rows(stats: &Statistics, figure: Figure) -> Vec<Vec<String>> {
    match figure {
        Figure::Totals => {
            let t = stats.totals;
            vec![vec![
                t.initiatives.to_string(),
                t.cities.to_string(),
                t.countries.to_string(),
                t.active_cities.to_string(),
                stats.as_of.clone(),
            ]]
        }
        Figure::ByCountry => stats
            .by_country
            .iter()
            .map(|c| {
                vec![
                    c.value.as_str().to_owned(),
                    c.value.name(UiLanguage::En).to_owned(),
                    c.count.to_string(),
                ]
            })
            .collect(),
        Figure::ByType => stats
            .by_type
            .iter()
            .map(|c| vec![c.value.slug().to_owned(), c.count.to_string()])
            .collect(),
        Figure::ByCommitment => stats
            .by_commitment
            .iter()
            .map(|c| vec![c.value.number().to_string(), c.count.to_string()])
            .collect(),
        Figure::ByActivity => stats
            .by_activity
            .iter()
            .map(|c| vec![c.value.as_str().to_owned(), c.count.to_string()])
            .collect(),
        Figure::ByMonth => {
            let before = (stats.before_first_month > 0).then(|| {
                vec![
                    BEFORE_FIRST_MONTH.to_owned(),
                    stats.before_first_month.to_string(),
                    stats.before_first_month.to_string(),
                ]
            });
            before
                .into_iter()
                .chain(stats.by_month.iter().map(|m| {
                    vec![
                        m.month.to_string(),
                        m.published.to_string(),
                        m.cumulative.to_string(),
                    ]
                }))
                .collect()
        }
    }
}

/// The CSV file of one figure.
pub fn figure_csv(stats: &Statistics, figure: Figure) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header(figure).join(","));
    out.push_str("\r\n");
    for row in rows(stats, figure) {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The download's file name: `icc-statistics-by-country-pl-housing.csv`, or `…-all.csv`.
pub fn file_name(stats: &Statistics, figure: Figure) -> String {
    let view = super::file_name(&stats.filter, "csv");
    let what = view
        .strip_prefix("icc-initiatives-")
        .unwrap_or(view.as_str());
    format!("icc-statistics-{}-{what}", figure.slug())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityStatus, CountryCode, ListFilter};
    use crate::wire::statistics::{Count, FigureTotals, MonthCount, FIRST_MONTH};

    fn stats() -> Statistics {
        Statistics {
            filter: ListFilter::from_query("country=MD&country=PL").0,
            problems: Vec::new(),
            as_of: "2023-01-05".into(),
            totals: FigureTotals {
                initiatives: 3,
                cities: 2,
                countries: 2,
                active_cities: 1,
            },
            by_country: vec![
                Count {
                    value: CountryCode::parse("PL").unwrap(),
                    count: 2,
                },
                Count {
                    value: CountryCode::parse("MD").unwrap(),
                    count: 1,
                },
            ],
            by_type: Vec::new(),
            by_commitment: Vec::new(),
            by_activity: vec![Count {
                value: ActivityStatus::Ongoing,
                count: 3,
            }],
            before_first_month: 1,
            by_month: vec![MonthCount {
                month: FIRST_MONTH,
                published: 2,
                cumulative: 3,
            }],
        }
    }

    #[test]
    fn each_file_starts_with_its_header_row_and_quotes_names_with_commas() {
        let csv = figure_csv(&stats(), Figure::ByCountry);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "country,country_name,initiatives");
        assert_eq!(lines[1], "PL,Poland,2");
        assert!(lines[2].starts_with("MD,"), "{}", lines[2]);
        assert!(lines[2].ends_with(",1"), "{}", lines[2]);
        assert_eq!(lines.last(), Some(&""), "the last line ends with CRLF");
    }

    #[test]
    fn the_months_file_counts_earlier_publications_in_a_row_of_their_own() {
        let csv = figure_csv(&stats(), Figure::ByMonth);
        assert!(
            csv.contains("\r\nbefore-2022-03,1,1\r\n2022-03,2,3\r\n"),
            "{csv}"
        );
    }

    #[test]
    fn the_file_name_says_the_figure_and_the_filter() {
        assert_eq!(
            file_name(&stats(), Figure::ByCountry),
            "icc-statistics-by-country-md-pl.csv"
        );
    }
}
