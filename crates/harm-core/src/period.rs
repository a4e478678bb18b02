//! Periods: the spans of time figures are computed over.
//!
//! The month is the unit of open police.uk counts; every other period is a
//! run of months: a calendar year, a financial year (April to March, named
//! like `2018-19` as in Home Office and ONS tables), a named period declared
//! in the build recipe (the workshop's baseline 2018-19, Covid and post-Covid
//! years), or any custom range. Rates over a period are annualised from the
//! months that have data, so periods of different lengths compare, and the
//! months present are always stated ("from 8 of 12 months").

use crate::month::Month;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A period declared as data (in the recipe, then in the manifest), e.g. the
/// baseline `2018-04` to `2019-03`. Without `to` it runs to the last month
/// with data ("2022-23 onwards").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPeriod {
    /// URL and command-line key, e.g. `baseline`.
    pub key: String,
    /// Plain name, e.g. "Baseline, pre-Covid (2018-19)".
    pub label: String,
    pub from: Month,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Month>,
    /// Marks the period change is measured against by default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baseline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Named,
    FinancialYear,
    CalendarYear,
    Month,
    Custom,
}

/// A run of months with a key and a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub key: String,
    pub label: String,
    pub from: Month,
    pub to: Month,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("'{0}' is not a period: use a month (2019-01), a calendar year (2019), a financial year (2018-19), a range (2018-10..2019-01) or a named period ({1})")]
    Unknown(String, String),
    #[error("the period '{0}' runs backwards: its first month is after its last")]
    Reversed(String),
    #[error("the named period '{0}' has no end and there is no data to end it")]
    OpenEnded(String),
    /// None of the period's months has the data asked for: a table of it
    /// would be all zeros, which is not what happened.
    #[error("{force} publishes no {data} data for the period '{key}' ({span}); {covered}")]
    NoData {
        /// The key as given.
        key: String,
        /// Its months, e.g. "2030-01 to 2030-12".
        span: String,
        force: String,
        /// What kind of data, e.g. "street-crime".
        data: String,
        /// Which months have it, e.g. "its street-crime data covers 2018-10 to 2019-01".
        covered: String,
    },
}

impl Period {
    pub fn month(m: Month) -> Period {
        Period { kind: PeriodKind::Month, key: m.to_string(), label: m.to_string(), from: m, to: m }
    }

    pub fn calendar_year(year: u16) -> Period {
        Period {
            kind: PeriodKind::CalendarYear,
            key: year.to_string(),
            label: format!("{year} (January to December)"),
            from: Month { year, month: 1 },
            to: Month { year, month: 12 },
        }
    }

    /// April of `start_year` to March of the next year, named `2018-19`.
    pub fn financial_year(start_year: u16) -> Period {
        let key = financial_year_key(start_year);
        Period {
            kind: PeriodKind::FinancialYear,
            label: format!("{key} (April {start_year} to March {})", start_year + 1),
            key,
            from: Month { year: start_year, month: 4 },
            to: Month { year: start_year + 1, month: 3 },
        }
    }

    pub fn custom(from: Month, to: Month) -> Result<Period, PeriodError> {
        let key = format!("{from}..{to}");
        if from > to {
            return Err(PeriodError::Reversed(key));
        }
        Ok(Period { kind: PeriodKind::Custom, label: format!("{from} to {to}"), key, from, to })
    }

    /// A named period, ended at `last_data_month` when it is open-ended.
    pub fn named(p: &NamedPeriod, last_data_month: Option<Month>) -> Result<Period, PeriodError> {
        let to = p.to.or(last_data_month.filter(|&m| m >= p.from)).ok_or_else(|| PeriodError::OpenEnded(p.key.clone()))?;
        if p.from > to {
            return Err(PeriodError::Reversed(p.key.clone()));
        }
        Ok(Period { kind: PeriodKind::Named, key: p.key.clone(), label: p.label.clone(), from: p.from, to })
    }

    /// Reads a period key: a named period's key, `2018-19` (financial year:
    /// the second part is the next year's last two digits), `2019`
    /// (calendar year), `2019-01` (month) or `2018-10..2019-01` (range).
    pub fn parse(key: &str, named: &[NamedPeriod], last_data_month: Option<Month>) -> Result<Period, PeriodError> {
        let key = key.trim();
        let unknown = || {
            let names: Vec<&str> = named.iter().map(|p| p.key.as_str()).collect();
            PeriodError::Unknown(key.to_string(), if names.is_empty() { "none declared".into() } else { names.join(", ") })
        };
        if let Some(p) = named.iter().find(|p| p.key == key) {
            return Period::named(p, last_data_month);
        }
        if let Some((from, to)) = key.split_once("..") {
            let (from, to) = (from.parse().map_err(|_| unknown())?, to.parse().map_err(|_| unknown())?);
            return Period::custom(from, to);
        }
        if key.len() == 4 {
            return key.parse().map(Period::calendar_year).map_err(|_| unknown());
        }
        if let Some((year, next)) = key.split_once('-') {
            if let (Ok(year), Ok(next)) = (year.parse::<u16>(), next.parse::<u16>()) {
                if year.to_string().len() == 4 && next.to_string().len() <= 2 && next == (year + 1) % 100 && key.len() == 7 {
                    return Ok(Period::financial_year(year));
                }
            }
        }
        key.parse::<Month>().map(Period::month).map_err(|_| unknown())
    }

    pub fn months(&self) -> Vec<Month> {
        self.from.through(self.to)
    }

    /// Its first and last months, "2030-01 to 2030-12", or the one month.
    pub fn span(&self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{} to {}", self.from, self.to)
        }
    }

    pub fn contains(&self, m: Month) -> bool {
        self.from <= m && m <= self.to
    }

    /// Which of this period's months have data.
    pub fn coverage(&self, data_months: &[Month]) -> Coverage {
        let months = self.months();
        let present = months.iter().copied().filter(|m| data_months.contains(m)).collect();
        Coverage { months, present }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

fn financial_year_key(start_year: u16) -> String {
    format!("{start_year}-{:02}", (start_year + 1) % 100)
}

/// The financial year (by its starting year) a month falls in.
pub fn financial_year_of(m: Month) -> u16 {
    if m.month >= 4 {
        m.year
    } else {
        m.year - 1
    }
}

/// The periods offered for data covering `data_months`: the named periods,
/// then each financial year and each calendar year holding at least one
/// month of data, newest last. Custom ranges are not listed; any can be asked for.
pub fn periods_with_data(named: &[NamedPeriod], data_months: &[Month]) -> Vec<Period> {
    let last = data_months.iter().max().copied();
    let mut out: Vec<Period> = named.iter().filter_map(|p| Period::named(p, last).ok()).collect();
    let mut financial: Vec<u16> = data_months.iter().map(|&m| financial_year_of(m)).collect();
    financial.sort();
    financial.dedup();
    out.extend(financial.into_iter().map(Period::financial_year));
    let mut calendar: Vec<u16> = data_months.iter().map(|m| m.year).collect();
    calendar.sort();
    calendar.dedup();
    out.extend(calendar.into_iter().map(Period::calendar_year));
    out
}

/// A set of non-overlapping fixed periods a sensitive table is published
/// for below force level. One set per dataset, so no suppressed count can be
/// worked out by subtracting one published period from an overlapping one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixedPeriods {
    CalendarYear,
    FinancialYear,
}

impl FixedPeriods {
    /// The fixed period a month belongs to.
    pub fn period_of(self, m: Month) -> Period {
        match self {
            FixedPeriods::CalendarYear => Period::calendar_year(m.year),
            FixedPeriods::FinancialYear => Period::financial_year(financial_year_of(m)),
        }
    }
}

/// The named period marked as the baseline, if any.
pub fn baseline(named: &[NamedPeriod]) -> Option<&NamedPeriod> {
    named.iter().find(|p| p.baseline)
}

/// The months of a period and those among them that have data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub months: Vec<Month>,
    pub present: Vec<Month>,
}

impl Coverage {
    pub fn has_data(&self) -> bool {
        !self.present.is_empty()
    }

    /// "from 8 of 12 months", said beside every annualised figure.
    pub fn describe(&self) -> String {
        match (self.present.len(), self.months.len()) {
            (0, n) => format!("no data in any of its {n} months"),
            (p, n) if p == n && n == 1 => "from its one month".to_string(),
            (p, n) if p == n => format!("from all {n} months"),
            (p, n) => format!("from {p} of {n} months"),
        }
    }
}

/// A total over `months_present` months scaled to a year: `total * 12 / n`.
/// `None` without months, because a rate from no data is missing, not zero.
pub fn annualise(total: f64, months_present: usize) -> Option<f64> {
    (months_present > 0).then(|| total * 12.0 / months_present as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::month::m;

    fn named() -> Vec<NamedPeriod> {
        vec![
            NamedPeriod { key: "baseline".into(), label: "Baseline (2018-19)".into(), from: m("2018-04"), to: Some(m("2019-03")), baseline: true },
            NamedPeriod { key: "post-covid".into(), label: "Post-Covid (2022-23 onwards)".into(), from: m("2022-04"), to: None, baseline: false },
        ]
    }

    #[test]
    fn parses_every_kind_of_key() {
        let last = Some(m("2022-11"));
        let fy = Period::parse("2018-19", &named(), last).unwrap();
        assert_eq!((fy.kind, fy.from, fy.to), (PeriodKind::FinancialYear, m("2018-04"), m("2019-03")));
        assert_eq!(fy.label, "2018-19 (April 2018 to March 2019)");
        let fy99 = Period::parse("1999-00", &[], None).unwrap();
        assert_eq!((fy99.from, fy99.to), (m("1999-04"), m("2000-03")));
        let year = Period::parse("2022", &[], None).unwrap();
        assert_eq!((year.kind, year.months().len()), (PeriodKind::CalendarYear, 12));
        let month = Period::parse("2019-01", &[], None).unwrap();
        assert_eq!((month.kind, month.from, month.to), (PeriodKind::Month, m("2019-01"), m("2019-01")));
        let range = Period::parse("2018-10..2019-01", &[], None).unwrap();
        assert_eq!((range.kind, range.months().len()), (PeriodKind::Custom, 4));
        assert_eq!(Period::parse("2019-01..2018-10", &[], None), Err(PeriodError::Reversed("2019-01..2018-10".into())));
        // Open-ended named period ends at the last month with data.
        let post = Period::parse("post-covid", &named(), last).unwrap();
        assert_eq!((post.from, post.to), (m("2022-04"), m("2022-11")));
        assert_eq!(Period::parse("post-covid", &named(), None), Err(PeriodError::OpenEnded("post-covid".into())));
        for bad in ["2018-20", "18-19", "covid", "2018-13", ""] {
            assert!(Period::parse(bad, &named(), last).is_err(), "{bad}");
        }
        assert!(Period::parse("nonsense", &named(), last).unwrap_err().to_string().contains("baseline, post-covid"));
    }

    #[test]
    fn lists_periods_that_have_data() {
        let data = [m("2018-10"), m("2019-01"), m("2019-09"), m("2022-01"), m("2022-05")];
        let keys: Vec<String> = periods_with_data(&named(), &data).into_iter().map(|p| p.key).collect();
        // 2019-09 is in 2019-20; 2022-01 in 2021-22; 2022-05 in 2022-23.
        assert_eq!(keys, ["baseline", "post-covid", "2018-19", "2019-20", "2021-22", "2022-23", "2018", "2019", "2022"]);
        // An open-ended period that starts after the last month of data is not offered.
        let keys: Vec<String> = periods_with_data(&named(), &data[..4]).into_iter().map(|p| p.key).collect();
        assert!(!keys.contains(&"post-covid".to_string()));
        assert_eq!(baseline(&named()).unwrap().key, "baseline");
    }

    #[test]
    fn fixed_periods_hold_each_month_once() {
        assert_eq!(FixedPeriods::CalendarYear.period_of(m("2019-09")).key, "2019");
        assert_eq!(FixedPeriods::FinancialYear.period_of(m("2019-03")).key, "2018-19");
        assert_eq!(FixedPeriods::FinancialYear.period_of(m("2019-04")).key, "2019-20");
    }

    #[test]
    fn coverage_and_annualising_by_hand() {
        // Financial year 2018-19 with data for October to January: 4 of 12 months.
        let data = [m("2018-10"), m("2018-11"), m("2018-12"), m("2019-01"), m("2019-09")];
        let c = Period::financial_year(2018).coverage(&data);
        assert_eq!((c.present.len(), c.months.len()), (4, 12));
        assert_eq!(c.describe(), "from 4 of 12 months");
        assert!(c.has_data());
        // 1,000 crimes in 4 months is 3,000 a year.
        assert_eq!(annualise(1000.0, 4), Some(3000.0));
        // 8 months: 200 * 12 / 8 = 300.
        assert_eq!(annualise(200.0, 8), Some(300.0));
        assert_eq!(annualise(5.0, 0), None);
        assert_eq!(Period::calendar_year(2020).coverage(&data).describe(), "no data in any of its 12 months");
        assert_eq!(Period::month(m("2019-09")).coverage(&data).describe(), "from its one month");
        assert_eq!(Period::custom(m("2018-10"), m("2018-12")).unwrap().coverage(&data).describe(), "from all 3 months");
    }
}
