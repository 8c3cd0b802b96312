//! The directory in figures (issue 21), counted from the in-memory snapshot in one pass over
//! the initiatives the list's filter selects — the same `Selection` the list uses, so a figure
//! and the list filtered the same way cannot disagree (`tests/statistics.rs` compares them).
//!
//! Counting rules (written on the page and in docs/open-data.md):
//! - a **city** is a city name in a country, compared folded (`Krakow` = `Kraków`), as the
//!   home page's totals count it;
//! - an **active city** has at least one selected initiative whose last change (publication or
//!   an edit) falls in the twelve months up to the day of the figures;
//! - an initiative is placed in the **month** of its first publication (UTC);
//! - **by type** and **by commitment**: an initiative counts once under each of its types or
//!   commitments; when the filter names types (commitments), only those rows are shown, and
//!   each row is then exactly the list's count for that one value with the other filters — the
//!   list cannot show initiatives that have *both* types, so rows it cannot link to are left
//!   out rather than counted otherwise.

use super::Snapshot;
use crate::domain::{ActivityStatus, Commitment, FilterProblem, InitiativeType, ListFilter};
use crate::wire::statistics::{Count, FigureTotals, Month, MonthCount, Statistics, FIRST_MONTH};

/// The position of `month` counted from [`FIRST_MONTH`] (negative before it).
fn month_index(month: Month) -> i64 {
    (i64::from(month.year) - i64::from(FIRST_MONTH.year)) * 12 + i64::from(month.month)
        - i64::from(FIRST_MONTH.month)
}

/// What the figures read of one initiative, packed into 12 bytes beside `Snapshot::facets`, so
/// the pass over 10,000 of them stays in the CPU cache, as the list's does (the cards are not
/// touched: reading a date out of each card's text cost a third of a request on misses).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    /// Its place (country and folded city): a number from 0 to `Snapshot::places`.
    place: u32,
    /// The day of its last change, in days since 1970-01-01 (UTC).
    updated: i32,
    /// Its publication month counted from [`FIRST_MONTH`] (negative before it).
    month: i16,
    /// Its position in `ActivityStatus::ALL`.
    activity: u8,
}

/// Days since 1970-01-01.
fn day_number(day: chrono::NaiveDate) -> i32 {
    i32::try_from((day - chrono::NaiveDate::default()).num_days()).unwrap_or(i32::MAX)
}

/// The tally of `e`, whose place (country and folded city) is numbered `place`.
pub(super) fn tally(e: &super::Entry, place: u32) -> Tally {
    let month = Month::parse(&e.card.published)
        .map(month_index)
        .unwrap_or(i64::MIN)
        .clamp(i64::from(i16::MIN), i64::from(i16::MAX));
    Tally {
        place,
        updated: day_number(e.updated.date_naive()),
        month: i16::try_from(month).unwrap_or(i16::MIN),
        activity: ActivityStatus::ALL
            .iter()
            .position(|&s| s == e.card.activity)
            .and_then(|k| u8::try_from(k).ok())
            .unwrap_or(u8::MAX),
    }
}

impl Tally {
    /// Its place's number.
    pub(super) fn place(&self) -> u32 {
        self.place
    }
}

impl Snapshot {
    /// Every figure of `/statistics` for the initiatives `filter` selects (its page and order
    /// do not matter), counted on the day `today` (the end of "the last twelve months").
    pub fn statistics(
        &self,
        filter: ListFilter,
        problems: Vec<FilterProblem>,
        today: chrono::NaiveDate,
    ) -> Statistics {
        let selection = super::Selection::new(self, &filter);
        let active_since = today
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(today);
        let mut total = 0u32;
        let mut by_country = vec![0u32; self.countries.len()];
        let mut by_type = [0u32; InitiativeType::ALL.len()];
        let mut by_commitment = [0u32; Commitment::ALL.len()];
        let mut by_activity = [0u32; ActivityStatus::ALL.len()];
        let last_month = Month::parse(&today.to_string()).unwrap_or(FIRST_MONTH);
        let mut by_month = vec![0u32; usize::try_from(month_index(last_month) + 1).unwrap_or(1)];
        let mut before_first_month = 0u32;
        // Per place: 1 once counted, 2 once counted as active.
        let mut seen = vec![0u8; self.places as usize];
        let (mut cities, mut active_cities) = (0u32, 0u32);
        let active_since = day_number(active_since);

        for i in selection.slots(self) {
            if !selection.selects(self, i) {
                continue;
            }
            let facets = &self.facets[i];
            let tally = self.tallies[i];
            total += 1;
            if let Some(n) = by_country.get_mut(usize::from(facets.country)) {
                *n += 1;
            }
            let mut bits = facets.types;
            while bits != 0 {
                by_type[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            let mut bits = facets.commitments;
            while bits != 0 {
                by_commitment[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            if let Some(n) = by_activity.get_mut(usize::from(tally.activity)) {
                *n += 1;
            }
            match usize::try_from(tally.month) {
                Err(_) => before_first_month += 1,
                Ok(k) => {
                    if k >= by_month.len() {
                        by_month.resize(k + 1, 0);
                    }
                    by_month[k] += 1;
                }
            }
            if let Some(flags) = seen.get_mut(tally.place as usize) {
                if *flags & 1 == 0 {
                    *flags |= 1;
                    cities += 1;
                }
                if *flags & 2 == 0 && tally.updated >= active_since {
                    *flags |= 2;
                    active_cities += 1;
                }
            }
        }

        let mut countries: Vec<Count<crate::domain::CountryCode>> = self
            .countries
            .iter()
            .zip(&by_country)
            .filter(|(_, &n)| n > 0)
            .map(|(&value, &count)| Count { value, count })
            .collect();
        // A chosen country without any selected initiative still shows, with 0.
        for &c in &filter.countries {
            if !countries.iter().any(|f| f.value == c) {
                countries.push(Count { value: c, count: 0 });
            }
        }
        countries.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        let country_count = countries.iter().filter(|c| c.count > 0).count();

        let mut types: Vec<Count<InitiativeType>> = InitiativeType::ALL
            .into_iter()
            .zip(by_type)
            .filter(|(t, _)| filter.types.is_empty() || filter.types.contains(t))
            .map(|(value, count)| Count { value, count })
            .collect();
        types.sort_by(|a, b| b.count.cmp(&a.count)); // stable: ties in the domain's order
        let commitments = Commitment::ALL
            .into_iter()
            .zip(by_commitment)
            .filter(|(c, _)| filter.commitments.is_empty() || filter.commitments.contains(c))
            .map(|(value, count)| Count { value, count })
            .collect();
        let activity = ActivityStatus::ALL
            .into_iter()
            .zip(by_activity)
            .map(|(value, count)| Count { value, count })
            .collect();
        let mut month = FIRST_MONTH;
        let mut cumulative = before_first_month;
        let months = by_month
            .into_iter()
            .map(|published| {
                cumulative += published;
                let row = MonthCount {
                    month,
                    published,
                    cumulative,
                };
                month = month.next();
                row
            })
            .collect();

        Statistics {
            totals: FigureTotals {
                initiatives: total,
                cities,
                countries: u32::try_from(country_count).unwrap_or(u32::MAX),
                active_cities,
            },
            filter,
            problems,
            as_of: today.to_string(),
            by_country: countries,
            by_type: types,
            by_commitment: commitments,
            by_activity: activity,
            before_first_month,
            by_month: months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_from_march_2022() {
        assert_eq!(month_index(FIRST_MONTH), 0);
        assert_eq!(
            month_index(Month {
                year: 2022,
                month: 12
            }),
            9
        );
        assert_eq!(
            month_index(Month {
                year: 2023,
                month: 1
            }),
            10
        );
        assert_eq!(
            month_index(Month {
                year: 2022,
                month: 2
            }),
            -1
        );
    }

    #[test]
    fn days_are_counted_from_1970() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(day_number(day(1970, 1, 1)), 0);
        assert_eq!(day_number(day(1970, 1, 31)), 30);
        assert!(day_number(day(2024, 6, 30)) > day_number(day(2023, 6, 30)));
    }

    #[test]
    fn an_empty_directory_has_every_month_from_march_2022_at_zero() {
        let today = chrono::NaiveDate::from_ymd_opt(2023, 2, 10).unwrap();
        let s = Snapshot::default().statistics(ListFilter::default(), Vec::new(), today);
        assert_eq!(s.totals, FigureTotals::default());
        assert_eq!(s.by_month.len(), 12);
        assert_eq!(s.by_month.last().unwrap().month.to_string(), "2023-02");
        assert!(s
            .by_month
            .iter()
            .all(|m| m.published == 0 && m.cumulative == 0));
        assert_eq!(s.by_type.len(), InitiativeType::ALL.len());
        assert_eq!(s.by_activity.len(), 3);
        assert!(s.by_country.is_empty());
        assert_eq!(s.as_of, "2023-02-10");
    }
}
