//! The directory in figures (issue 21): what `/statistics` shows and its CSV files hold, counted
//! by the core from the in-memory directory (`server::directory::statistics`) for one filter of
//! the list, and the review pipeline the moderators see (`server::store::pipeline`). Plain
//! values: the page draws them, the CSV writer writes them, and the tests compare them with the
//! list's counts.

use crate::domain::{
    ActivityStatus, Commitment, CountryCode, FilterProblem, InitiativeType, ListFilter,
};
use serde::{Deserialize, Serialize};

/// The first month the figures count: the declaration was adopted on 4 March 2022.
pub const FIRST_MONTH: Month = Month {
    year: 2022,
    month: 3,
};

/// A calendar month (UTC), as `2022-03` in files and addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// The month of a day written `YYYY-MM-DD` (or any text starting `YYYY-MM`).
    ///
    /// # Errors
    /// When the text does not start with a year, a dash and a month from 01 to 12.
    pub fn parse(text: &str) -> Result<Self, MonthError> {
        let year = text.get(0..4).and_then(|y| y.parse::<i32>().ok());
        let month = text.get(5..7).and_then(|m| m.parse::<u8>().ok());
        match (year, text.get(4..5), month) {
            (Some(year), Some("-"), Some(month)) if (1..=12).contains(&month) => {
                Ok(Self { year, month })
            }
            _ => Err(MonthError(text.chars().take(20).collect())),
        }
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A text that is not a month (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a month (YYYY-MM)")]
pub struct MonthError(pub String);

/// One row of a figure: a value and how many selected initiatives have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count<T> {
    pub value: T,
    pub count: u32,
}

/// One month of the publication figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: Month,
    /// Initiatives first published in that month.
    pub published: u32,
    /// Initiatives published up to the end of that month (those before the first month too).
    pub cumulative: u32,
}

/// The totals of a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FigureTotals {
    pub initiatives: u32,
    /// Cities (a city is a name, compared folded, in a country: `Krakow` = `Kraków`).
    pub cities: u32,
    pub countries: u32,
    /// Cities with at least one of the selected initiatives published or changed in the twelve
    /// months up to `Statistics::as_of`.
    pub active_cities: u32,
}

/// Every figure of `/statistics` for one filter of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub filter: ListFilter,
    /// The filter's values that could not be used (shown as the list shows them).
    pub problems: Vec<FilterProblem>,
    /// The day the figures were counted on (`YYYY-MM-DD`, UTC): the end of "the last twelve
    /// months".
    pub as_of: String,
    pub totals: FigureTotals,
    /// Countries with selected initiatives (and any chosen one), most initiatives first, ties
    /// by code.
    pub by_country: Vec<Count<CountryCode>>,
    /// Every type (only the chosen ones when the filter names types), most first; an
    /// initiative of two types counts in both.
    pub by_type: Vec<Count<InitiativeType>>,
    /// Every commitment (only the chosen ones when the filter names some), in the
    /// declaration's order; an initiative counts under each commitment it follows up.
    pub by_commitment: Vec<Count<Commitment>>,
    /// Every activity status, in `ActivityStatus::ALL` order.
    pub by_activity: Vec<Count<ActivityStatus>>,
    /// Published before [`FIRST_MONTH`] (imports of earlier initiatives).
    pub before_first_month: u32,
    /// Every month from [`FIRST_MONTH`] to the later of `as_of`'s month and the latest
    /// publication's, zeros included.
    pub by_month: Vec<MonthCount>,
}

/// A figure of the page that can be downloaded: the name of its CSV file under
/// `/statistics/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Figure {
    Totals,
    ByCountry,
    ByType,
    ByCommitment,
    ByActivity,
    ByMonth,
}

impl Figure {
    pub const ALL: [Figure; 6] = [
        Self::Totals,
        Self::ByCountry,
        Self::ByType,
        Self::ByCommitment,
        Self::ByActivity,
        Self::ByMonth,
    ];

    /// Its name in addresses and as the page's anchor: `by-country`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Totals => "totals",
            Self::ByCountry => "by-country",
            Self::ByType => "by-type",
            Self::ByCommitment => "by-commitment",
            Self::ByActivity => "by-activity",
            Self::ByMonth => "by-month",
        }
    }

    /// The figure of a file name such as `by-country.csv`.
    ///
    /// # Errors
    /// When the name is not one of the figures' files.
    pub fn from_file_name(name: &str) -> Result<Self, UnknownFigure> {
        name.strip_suffix(".csv")
            .and_then(|slug| Self::ALL.into_iter().find(|f| f.slug() == slug))
            .ok_or_else(|| UnknownFigure(name.chars().take(40).collect()))
    }

    /// The address of its CSV file for the view of `filter` (page and order left out).
    pub fn csv_address(self, filter: &ListFilter) -> String {
        let mut view = filter.with_page(1);
        view.sort = crate::domain::SortOrder::default();
        match view.to_query() {
            q if q.is_empty() => format!("/statistics/{}.csv", self.slug()),
            q => format!("/statistics/{}.csv?{q}", self.slug()),
        }
    }
}

/// A file name under `/statistics/` that is no figure's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a figure's file: totals.csv, by-country.csv, by-type.csv, by-commitment.csv, by-activity.csv or by-month.csv")]
pub struct UnknownFigure(pub String);

/// The moderators' review pipeline in figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineView {
    pub moderator: String,
    /// New submissions waiting for a first decision.
    pub waiting: u32,
    /// Published initiatives whose edit waits for review.
    pub edits_waiting: u32,
    /// Sent back to the submitter: changes requested, not sent again yet.
    pub sent_back: u32,
    /// Months with at least one decision, oldest first.
    pub months: Vec<DecisionMonth>,
}

/// The decisions of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionMonth {
    pub month: Month,
    /// Decisions taken: published, changes requested, rejected, an edit published or
    /// refused.
    pub decisions: u32,
    /// The median time from sending (or sending again) to the decision, in hours.
    pub median_hours: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_read_from_a_day_and_written_back_as_it_was() {
        let m = Month::parse("2022-03-04").unwrap();
        assert_eq!(m, FIRST_MONTH);
        assert_eq!(m.to_string(), "2022-03");
        assert_eq!(Month::parse("2022-03").unwrap(), m);
        assert_eq!(
            Month::parse("2023-12").unwrap().next().to_string(),
            "2024-01"
        );
    }

    #[test]
    fn a_text_that_is_no_month_is_refused_with_the_text() {
        for bad in ["", "2022", "2022-13", "2022-00", "22-03-01", "2022/03"] {
            let e = Month::parse(bad).unwrap_err();
            assert_eq!(e.0, bad);
        }
    }

    #[test]
    fn each_figure_is_found_by_its_file_name_and_no_other_name_is() {
        for f in Figure::ALL {
            assert_eq!(Figure::from_file_name(&format!("{}.csv", f.slug())), Ok(f));
        }
        for bad in ["by-country", "by-city.csv", "../totals.csv", "TOTALS.csv"] {
            assert!(Figure::from_file_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_figures_file_keeps_the_views_filters_without_its_page_or_order() {
        let (filter, _) = ListFilter::from_query("country=PL&type=housing&page=3&sort=city");
        assert_eq!(
            Figure::ByCountry.csv_address(&filter),
            "/statistics/by-country.csv?country=PL&type=housing"
        );
        assert_eq!(
            Figure::Totals.csv_address(&ListFilter::default()),
            "/statistics/totals.csv"
        );
    }
}
