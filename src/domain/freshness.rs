//! Kept true over time (issue 23): whether the city has confirmed an initiative recently
//! enough. One rule, computed here from dates and a day the caller passes in (the server's
//! clock, or a test's), shared by the pages, the list's filter, the API, the exports, HSDS and
//! the reminders — never re-derived per output.

use super::{ActivityStatus, IsoDate, UiLanguage};
use serde::{Deserialize, Serialize};

/// How often a city confirms, and how long a confirmation may be late before the initiative
/// is marked as unconfirmed (the settings `ICC_CONFIRM_EVERY_DAYS`, `ICC_CONFIRM_GRACE_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmRule {
    pub every_days: u32,
    pub grace_days: u32,
}

impl Default for ConfirmRule {
    /// Once a year (Inform USA's yearly check), two months of grace.
    fn default() -> Self {
        Self {
            every_days: 365,
            grace_days: 60,
        }
    }
}

/// Days after a first reminder before the second (and last) one of the same period.
pub const REMIND_AGAIN_AFTER_DAYS: u32 = 30;

/// Where an initiative stands with its city's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Freshness {
    /// Confirmed within the period.
    Confirmed,
    /// The period is over; the grace period is not.
    Due,
    /// Not confirmed for longer than the period and its grace: marked, never hidden.
    Unconfirmed,
    /// Completed: never reminded again.
    Ended,
}

impl Freshness {
    pub const ALL: [Freshness; 4] = [Self::Confirmed, Self::Due, Self::Unconfirmed, Self::Ended];

    /// The value in addresses (`?freshness=due`), the API and the exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Due => "due",
            Self::Unconfirmed => "unconfirmed",
            Self::Ended => "ended",
        }
    }

    /// `None` for any other text than the four values (trimmed, any case).
    pub fn from_code(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(text))
    }

    /// A bit of a mask of freshness values (the list's filter).
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The list's default order puts confirmed, running initiatives first: lower comes first.
    pub fn rank(self) -> u8 {
        match self {
            Self::Confirmed => 0,
            Self::Due => 1,
            Self::Unconfirmed => 2,
            Self::Ended => 3,
        }
    }

    /// Whether a reminder may be sent in this state.
    pub fn wants_confirmation(self) -> bool {
        matches!(self, Self::Due | Self::Unconfirmed)
    }
}

/// Days since 1970-01-01 of a date (proleptic Gregorian; H. Hinnant's `days_from_civil`).
pub fn day_number(date: IsoDate) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number ([`day_number`]'s inverse); `None` outside the years `IsoDate`
/// accepts (1900–2200).
pub fn date_of(number: i32) -> Option<IsoDate> {
    let z = number + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    IsoDate::from_ymd(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

fn plus(date: IsoDate, days: u32) -> IsoDate {
    let n = day_number(date).saturating_add(i32::try_from(days).unwrap_or(i32::MAX));
    date_of(n).unwrap_or(date)
}

impl ConfirmRule {
    /// The day a confirmation made on `confirmed_on` falls due: it names the period, so a
    /// reminder is sent once per due day.
    pub fn due_on(self, confirmed_on: IsoDate) -> IsoDate {
        plus(confirmed_on, self.every_days)
    }

    /// The day an initiative confirmed on `confirmed_on` becomes unconfirmed.
    pub fn overdue_on(self, confirmed_on: IsoDate) -> IsoDate {
        plus(
            confirmed_on,
            self.every_days.saturating_add(self.grace_days),
        )
    }

    /// The one freshness rule: ended when completed; else confirmed until the due day, due
    /// until the grace period is over, then unconfirmed.
    pub fn freshness(
        self,
        confirmed_on: IsoDate,
        activity: ActivityStatus,
        today: IsoDate,
    ) -> Freshness {
        if activity == ActivityStatus::Completed {
            Freshness::Ended
        } else if today < self.due_on(confirmed_on) {
            Freshness::Confirmed
        } else if today < self.overdue_on(confirmed_on) {
            Freshness::Due
        } else {
            Freshness::Unconfirmed
        }
    }

    /// Which reminder, if any, is owed today: the first one of the period once the
    /// confirmation is due, and the second one `REMIND_AGAIN_AFTER_DAYS` after the first
    /// when nothing happened since; never more for one period, never for an ended one.
    pub fn reminder(
        self,
        confirmed_on: IsoDate,
        activity: ActivityStatus,
        sent: RemindersSent,
        today: IsoDate,
    ) -> Option<Reminder> {
        if !self
            .freshness(confirmed_on, activity, today)
            .wants_confirmation()
        {
            return None;
        }
        let due = self.due_on(confirmed_on);
        match sent {
            RemindersSent::Some {
                period,
                count,
                last,
                ..
            } if period == due => (count < 2 && today >= plus(last, REMIND_AGAIN_AFTER_DAYS))
                .then_some(Reminder::Again { period: due }),
            _ => Some(Reminder::First { period: due }),
        }
    }
}

/// What was sent for an initiative's latest reminded period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemindersSent {
    None,
    Some {
        /// The due day of the period reminded.
        period: IsoDate,
        /// 1 or 2.
        count: u8,
        /// The day of the last one.
        last: IsoDate,
    },
}

/// A reminder owed, named by the due day of its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    First { period: IsoDate },
    Again { period: IsoDate },
}

impl Reminder {
    pub fn period(self) -> IsoDate {
        match self {
            Self::First { period } | Self::Again { period } => period,
        }
    }

    /// 1 for the first reminder of the period, 2 for the second.
    pub fn count(self) -> u8 {
        match self {
            Self::First { .. } => 1,
            Self::Again { .. } => 2,
        }
    }
}

/// A day as a sentence writes it in `language`: `3 March 2026`, `1er mars 2026`,
/// `3 березня 2026` (the month in the genitive, as Ukrainian dates are read).
pub fn long_date(date: IsoDate, language: UiLanguage) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const UK: [&str; 12] = [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ];
    let month = usize::from(date.month().saturating_sub(1)).min(11);
    match language {
        UiLanguage::En => format!("{} {} {}", date.day(), EN[month], date.year()),
        UiLanguage::Fr if date.day() == 1 => format!("1er {} {}", FR[month], date.year()),
        UiLanguage::Fr => format!("{} {} {}", date.day(), FR[month], date.year()),
        UiLanguage::Uk => format!("{} {} {}", date.day(), UK[month], date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    const RULE: ConfirmRule = ConfirmRule {
        every_days: 365,
        grace_days: 60,
    };

    #[test]
    fn day_numbers_count_days_from_1970_and_read_back_as_their_dates() {
        assert_eq!(day_number(d("1970-01-01")), 0);
        assert_eq!(day_number(d("2000-03-01")), 11_017);
        assert_eq!(day_number(d("2024-02-29")) + 1, day_number(d("2024-03-01")));
        for n in (day_number(d("1900-01-01"))..day_number(d("2200-12-31"))).step_by(37) {
            assert_eq!(day_number(date_of(n).unwrap()), n);
        }
        assert_eq!(date_of(day_number(d("1900-01-01")) - 1), None);
    }

    #[test]
    fn an_initiative_is_confirmed_for_a_year_then_due_for_the_grace_period_then_unconfirmed() {
        let on = d("2026-03-03");
        let ongoing = ActivityStatus::Ongoing;
        assert_eq!(RULE.freshness(on, ongoing, on), Freshness::Confirmed);
        assert_eq!(
            RULE.freshness(on, ongoing, d("2027-03-02")),
            Freshness::Confirmed
        );
        assert_eq!(RULE.freshness(on, ongoing, d("2027-03-03")), Freshness::Due);
        assert_eq!(RULE.freshness(on, ongoing, d("2027-05-01")), Freshness::Due);
        assert_eq!(
            RULE.freshness(on, ongoing, d("2027-05-02")),
            Freshness::Unconfirmed
        );
        assert_eq!(
            RULE.freshness(on, ActivityStatus::Planned, d("2030-01-01")),
            Freshness::Unconfirmed
        );
    }

    #[test]
    fn a_completed_initiative_is_ended_whatever_its_dates() {
        for today in ["2026-03-03", "2027-04-01", "2040-01-01"] {
            assert_eq!(
                RULE.freshness(d("2026-03-03"), ActivityStatus::Completed, d(today)),
                Freshness::Ended
            );
        }
    }

    #[test]
    fn the_first_reminder_comes_when_due_and_one_more_thirty_days_later_and_no_third() {
        let on = d("2026-01-10");
        let ongoing = ActivityStatus::Ongoing;
        assert_eq!(
            RULE.reminder(on, ongoing, RemindersSent::None, d("2027-01-09")),
            None
        );
        let period = d("2027-01-10");
        assert_eq!(
            RULE.reminder(on, ongoing, RemindersSent::None, period),
            Some(Reminder::First { period })
        );
        let once = RemindersSent::Some {
            period,
            count: 1,
            last: period,
        };
        assert_eq!(RULE.reminder(on, ongoing, once, d("2027-02-08")), None);
        assert_eq!(
            RULE.reminder(on, ongoing, once, d("2027-02-09")),
            Some(Reminder::Again { period })
        );
        let twice = RemindersSent::Some {
            period,
            count: 2,
            last: d("2027-02-09"),
        };
        assert_eq!(RULE.reminder(on, ongoing, twice, d("2028-06-01")), None);
    }

    #[test]
    fn a_new_confirmation_starts_a_new_period_with_its_own_reminders() {
        let old_period = d("2027-01-10");
        let twice = RemindersSent::Some {
            period: old_period,
            count: 2,
            last: d("2027-02-09"),
        };
        let confirmed = d("2027-02-20");
        assert_eq!(
            RULE.reminder(confirmed, ActivityStatus::Ongoing, twice, d("2027-06-01")),
            None
        );
        assert_eq!(
            RULE.reminder(confirmed, ActivityStatus::Ongoing, twice, d("2028-02-20")),
            Some(Reminder::First {
                period: d("2028-02-20")
            })
        );
    }

    #[test]
    fn an_ended_initiative_is_never_reminded() {
        assert_eq!(
            RULE.reminder(
                d("2020-01-01"),
                ActivityStatus::Completed,
                RemindersSent::None,
                d("2026-01-01")
            ),
            None
        );
    }

    #[test]
    fn a_long_date_is_written_in_the_readers_language() {
        let date = d("2026-03-03");
        assert_eq!(long_date(date, UiLanguage::En), "3 March 2026");
        assert_eq!(long_date(date, UiLanguage::Fr), "3 mars 2026");
        assert_eq!(long_date(date, UiLanguage::Uk), "3 березня 2026");
        assert_eq!(long_date(d("2026-08-01"), UiLanguage::Fr), "1er août 2026");
    }

    #[test]
    fn freshness_values_read_back_from_their_codes_and_rank_confirmed_first() {
        for f in Freshness::ALL {
            assert_eq!(Freshness::from_code(f.as_str()), Some(f));
        }
        assert_eq!(Freshness::from_code(" DUE "), Some(Freshness::Due));
        assert_eq!(Freshness::from_code("fresh"), None);
        let mut ranked = Freshness::ALL;
        ranked.sort_by_key(|f| f.rank());
        assert_eq!(ranked[0], Freshness::Confirmed);
    }
}
