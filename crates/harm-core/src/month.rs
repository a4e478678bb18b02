//! Calendar months as police.uk writes them (`YYYY-MM`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: u16,
    pub month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a month in the form YYYY-MM")]
pub struct MonthParseError(pub String);

impl Month {
    /// `None` unless `month` is 1 to 12 and `year` at least 1: the calendar
    /// has no year 0, and a month of it would have no financial year.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        (year >= 1 && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    /// Every month from `self` to `to`, both included; empty when `to` is earlier.
    pub fn through(self, to: Month) -> Vec<Month> {
        let mut months = Vec::new();
        let mut m = self;
        while m <= to {
            months.push(m);
            m = m.next();
        }
        months
    }
}

/// Sorted, distinct months as runs of consecutive months, e.g.
/// "2018-10 to 2019-01, 2019-09 and 2022-01 to 2022-11", to say which
/// months a force's data covers; "no month" when there are none.
pub fn describe_runs(months: &[Month]) -> String {
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, last)) if last.next() == m => *last = m,
            _ => runs.push((m, m)),
        }
    }
    let mut text: Vec<String> =
        runs.iter().map(|&(from, to)| if from == to { from.to_string() } else { format!("{from} to {to}") }).collect();
    match text.pop() {
        None => "no month".to_string(),
        Some(last) if text.is_empty() => last,
        Some(last) => format!("{} and {last}", text.join(", ")),
    }
}

impl FromStr for Month {
    type Err = MonthParseError;
    fn from_str(s: &str) -> Result<Month, MonthParseError> {
        let err = || MonthParseError(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        // Digits only: `u16::from_str` would take "+201" for 201.
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || m.len() != 2 || !digits(y) || !digits(m) {
            return Err(err());
        }
        let year: u16 = y.parse().map_err(|_| err())?;
        let month: u8 = m.parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A month written `YYYY-MM`, for unit tests.
#[cfg(test)]
pub(crate) fn m(s: &str) -> Month {
    s.parse().expect("a month in the form YYYY-MM")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: Month = "2018-10".parse().unwrap();
        assert_eq!(m, Month { year: 2018, month: 10 });
        assert_eq!(m.to_string(), "2018-10");
        // No year 0 in the calendar.
        for bad in ["2018-13", "2018-1", "18-10", "2018/10", "", "2018-00", "0000-01", "2018-+1", "+201-01"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn through_crosses_year_end() {
        let from: Month = "2018-11".parse().unwrap();
        let to: Month = "2019-02".parse().unwrap();
        let names: Vec<String> = from.through(to).iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["2018-11", "2018-12", "2019-01", "2019-02"]);
        assert!(to.through(from).is_empty());
    }

    #[test]
    fn runs_of_months_by_hand() {
        // Hampshire's published crime months: four, one, then eleven in a row.
        let mut months = m("2018-10").through(m("2019-01"));
        months.push(m("2019-09"));
        months.extend(m("2022-01").through(m("2022-11")));
        assert_eq!(describe_runs(&months), "2018-10 to 2019-01, 2019-09 and 2022-01 to 2022-11");
        assert_eq!(describe_runs(&[m("2019-01"), m("2019-09")]), "2019-01 and 2019-09");
        assert_eq!(describe_runs(&[m("2019-12"), m("2020-01")]), "2019-12 to 2020-01");
        assert_eq!(describe_runs(&[m("2019-01")]), "2019-01");
        assert_eq!(describe_runs(&[]), "no month");
    }
}
