//! Calendar dates: the `start` and `end` of people, the `until` of
//! suppressions and baseline entries, and the as-of date a run lints at.
//!
//! "Today" is read from the clock in one place, [`today`]: every command
//! resolves its as-of date once (`--as-of`, else today), so that one run
//! never straddles two days, and tests pass `--as-of` to stay reproducible.

use std::fmt;

/// A calendar date (no time, no offset), as TOML writes a local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 0 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31 (as the month has).
    pub day: u8,
}

/// How a date is written, for messages that ask for one.
pub const FORM: &str = "YYYY-MM-DD, such as `2027-03-31`";

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// The date of a TOML local date; `None` for a datetime, a time, or a
    /// date with an offset.
    pub fn from_toml(value: &toml_datetime::Datetime) -> Option<Date> {
        match value {
            toml_datetime::Datetime {
                date: Some(d),
                time: None,
                offset: None,
            } => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }

    /// Parses exactly `YYYY-MM-DD`, a real day of the calendar
    /// (`2027-02-30` is not). The error says what is wrong, lower-case.
    pub fn parse(text: &str) -> Result<Date, String> {
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(format!(
                "`{}` is not a date: write it as {FORM}",
                text.escape_debug()
            ));
        }
        match text.parse::<toml_datetime::Datetime>() {
            Ok(value) => Date::from_toml(&value).ok_or_else(|| format!("`{text}` is not a date")),
            Err(_) => Err(format!(
                "`{text}` is not a day of the calendar: write it as {FORM}"
            )),
        }
    }

    /// Days since 1970-01-01 (negative before), by H. Hinnant's
    /// `days_from_civil`.
    pub fn days(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The number of days from `self` to `later` (negative when `later` is
    /// earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// The date `days` days after the Unix epoch (1970-01-01), in the
    /// proleptic Gregorian calendar (H. Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(0, 9999)).unwrap_or(9999),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

/// Today's date in UTC: the only place orglint reads the clock for a date.
/// A clock before 1970 reads as 1970-01-01.
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// Parses a date given on the command line (`--as-of`, `--until`), for
/// clap: a bad one is a usage error (exit code 2) that shows the form.
pub fn parse_arg(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|_| format!("expected a date as {FORM}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(
            Date::parse("2027-03-31"),
            Ok(Date {
                year: 2027,
                month: 3,
                day: 31
            })
        );
        assert!(Date::parse("2028-02-29").is_ok());
        for bad in [
            "2027-02-30",
            "2027-02-29",
            "2027-13-01",
            "2027-3-31",
            "2027-03-31T10:00:00",
            "31/03/2027",
            "",
            "2027-00-10",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(59).to_string(), "1970-03-01");
        assert_eq!(
            Date::from_days_since_epoch(20_513).to_string(),
            "2026-03-01"
        );
        assert_eq!(
            Date::from_days_since_epoch(19_416).to_string(),
            "2023-02-28"
        );
    }

    #[test]
    fn dates_order_by_day() {
        let a = Date::parse("2026-12-31");
        let b = Date::parse("2027-01-01");
        assert!(a < b);
    }
}
