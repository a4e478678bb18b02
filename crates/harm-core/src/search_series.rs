//! The five-year stop and search series by district (2017-2021): Black and
//! White searches by district and calendar year, published as
//! `<force>/stop-search-series.csv` (`area_code,area_name,year,black,white`:
//! district rows under disclosure control, then the force row, exact).
//!
//! Per area and year the Black/White rate ratio uses Census 2021 Black and
//! White residents (the sum of the area's wards in `wards.csv`), the same
//! denominators as the rest of the site, with the interval of
//! [`crate::intervals::rate_ratio`]. The change since the 2018 baseline is the
//! ratio of ratios RR_y / RR_2018 with the log-scale interval
//! `exp(ln(RR_y / RR_2018) -/+ 1.96 * sqrt(1/b_y + 1/w_y + 1/b_2018 + 1/w_2018))`
//! (the standard error of a difference of two independent log ratios: Altman
//! DG, Bland JM, 2003, "Interaction revisited: the difference between two
//! estimates", BMJ 326:219). It is not given where any of the four counts is
//! suppressed or zero.

use crate::csv_rows::{CsvRows, InputError};
use crate::dataset::{read_cell, WardRow};
use crate::disclosure::Cell;
use crate::intervals::{log_scale_interval, rate_ratio, RateRatio};
use crate::month::Month;
use serde::Serialize;
use std::collections::BTreeMap;

pub const SERIES_COLUMNS: [&str; 5] = ["area_code", "area_name", "year", "black", "white"];

/// The year change is measured from (the product's five-year baseline).
pub const BASELINE_YEAR: u16 = 2018;

/// Said of a year the record-level police.uk files cover only in part (or not at all).
pub const SERIES_ONLY_NOTE: &str =
    "source: Black Thrive district series (police.uk API records), not the record-level files this map reads for months";

/// One published row: an area (district or force) and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRow {
    pub area_code: String,
    pub area_name: String,
    pub year: u16,
    pub black: Cell,
    pub white: Cell,
}

/// Reads `stop-search-series.csv`; a repeated area and year is an error.
pub fn parse_series(file: &str, text: &str) -> Result<Vec<SeriesRow>, InputError> {
    let mut rows: Vec<SeriesRow> = Vec::new();
    let mut total = 0;
    CsvRows::new(file, text.as_bytes(), &SERIES_COLUMNS)?.for_each(|row| {
        let r = SeriesRow {
            area_code: row.text("area_code").to_string(),
            area_name: row.text("area_name").to_string(),
            year: row.parse("year", "a year")?,
            black: read_cell(row, "black", &mut total)?,
            white: read_cell(row, "white", &mut total)?,
        };
        if r.area_code.is_empty() {
            return Err(row.error("area_code", "is empty"));
        }
        if rows.iter().any(|o| o.area_code == r.area_code && o.year == r.year) {
            return Err(row.error("year", "repeats an area and year given on an earlier line"));
        }
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Census 2021 Black and White residents of each district and of the force
/// (`force_code`): sums of their wards.
pub fn residents_by_area(wards: &[WardRow], force_code: &str) -> BTreeMap<String, (u64, u64)> {
    let mut areas: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for w in wards {
        for code in [w.district_code.as_str(), force_code] {
            let e = areas.entry(code.to_string()).or_default();
            e.0 += w.black;
            e.1 += w.white;
        }
    }
    areas
}

/// A ratio of two rate ratios with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub ratio: f64,
    pub lower: f64,
    pub upper: f64,
}

/// RR_y / RR_0 for counts (black, white) in year y and the baseline, with the
/// same denominators in both years, so the populations cancel:
/// `(b_y / w_y) / (b_0 / w_0)`. `None` when any count is zero.
pub fn change_since(year: (u64, u64), baseline: (u64, u64)) -> Option<Change> {
    let (by, wy) = year;
    let (b0, w0) = baseline;
    if by == 0 || wy == 0 || b0 == 0 || w0 == 0 {
        return None;
    }
    let [by, wy, b0, w0] = [by, wy, b0, w0].map(|x| x as f64);
    let ratio = (by / wy) / (b0 / w0);
    let (lower, upper) = log_scale_interval(ratio, (1.0 / by + 1.0 / wy + 1.0 / b0 + 1.0 / w0).sqrt());
    Some(Change { ratio, lower, upper })
}

/// One year of an area's series, as the site and `harm-prep series` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub year: u16,
    pub black: Cell,
    pub white: Cell,
    /// Black/White rate ratio per Census 2021 resident; `None` where a count is suppressed.
    pub ratio: Option<RateRatio>,
    /// Change since [`BASELINE_YEAR`]; `None` for the baseline itself and
    /// where any count is suppressed or zero.
    pub change: Option<Change>,
    pub baseline: bool,
}

fn counts(row: &SeriesRow) -> Option<(u64, u64)> {
    Some((row.black.value()?, row.white.value()?))
}

/// The series of one area, by year ascending, with its Census 2021 Black and
/// White residents as denominators.
pub fn area_series(rows: &[SeriesRow], area_code: &str, residents: (u64, u64)) -> Vec<SeriesPoint> {
    let mut own: Vec<&SeriesRow> = rows.iter().filter(|r| r.area_code == area_code).collect();
    own.sort_by_key(|r| r.year);
    let base = own.iter().find(|r| r.year == BASELINE_YEAR).and_then(|r| counts(r));
    own.iter()
        .map(|r| {
            let c = counts(r);
            let ratio = c.and_then(|(b, w)| rate_ratio(b, residents.0, w, residents.1));
            let baseline = r.year == BASELINE_YEAR;
            let change = match (baseline, c, base) {
                (false, Some(c), Some(b)) => change_since(c, b),
                _ => None,
            };
            SeriesPoint { year: r.year, black: r.black, white: r.white, ratio, change, baseline }
        })
        .collect()
}

/// Calendar years whose twelve months are all among `months`.
pub fn complete_years(months: &[Month]) -> Vec<u16> {
    let mut years: Vec<u16> = months.iter().map(|m| m.year).collect();
    years.dedup();
    years.retain(|&y| (1..=12).all(|m| months.contains(&Month { year: y, month: m })));
    years
}

/// Where a year's figures come from, given the months the record-level
/// police.uk files cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearSource {
    /// The record-level files cover the whole year: the series is checked against them.
    Compared,
    /// The record-level files cover these months of the year (maybe none):
    /// the series is the only source of the year's figure.
    SeriesOnly { record_months: usize },
}

impl YearSource {
    pub fn of(year: u16, record_months: &[Month]) -> YearSource {
        let n = record_months.iter().filter(|m| m.year == year).count();
        if complete_years(record_months).contains(&year) {
            YearSource::Compared
        } else {
            YearSource::SeriesOnly { record_months: n }
        }
    }

    /// The sentence shown beside the year.
    pub fn note(&self) -> String {
        match self {
            YearSource::Compared => {
                "source: Black Thrive district series, checked against the record-level police.uk files".into()
            }
            YearSource::SeriesOnly { record_months: 0 } => SERIES_ONLY_NOTE.into(),
            YearSource::SeriesOnly { record_months: n } => {
                format!("{SERIES_ONLY_NOTE} (they cover {n} of its 12 months)")
            }
        }
    }
}

/// Exact Black and White searches of one area and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCounts {
    pub area_code: String,
    pub year: u16,
    pub black: u64,
    pub white: u64,
}

/// A difference between the series and the record-level files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub area_code: String,
    pub year: u16,
    pub group: &'static str,
    pub series: u64,
    pub records: u64,
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}: {} searches in the district series, {} in the record-level files",
            self.area_code, self.year, self.group, self.series, self.records
        )
    }
}

/// Compares the series with counts from the record-level files for the
/// given complete years: every area and year either side has, a missing
/// one counting 0. Empty when they agree.
pub fn compare_with_records(series: &[YearCounts], records: &[YearCounts], years: &[u16]) -> Vec<Disagreement> {
    let mut keys: Vec<(&str, u16)> =
        series.iter().chain(records).filter(|c| years.contains(&c.year)).map(|c| (c.area_code.as_str(), c.year)).collect();
    keys.sort();
    keys.dedup();
    let find = |list: &[YearCounts], (code, year): (&str, u16)| {
        list.iter().find(|c| c.area_code == code && c.year == year).map_or((0, 0), |c| (c.black, c.white))
    };
    let mut out = Vec::new();
    for key in keys {
        let (s, r) = (find(series, key), find(records, key));
        for (group, a, b) in [("black", s.0, r.0), ("white", s.1, r.1)] {
            if a != b {
                out.push(Disagreement { area_code: key.0.to_string(), year: key.1, group, series: a, records: b });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    const TEXT: &str = "area_code,area_name,year,black,white\n\
        D1,North,2017,[c],40\nD1,North,2018,20,100\nD1,North,2019,30,100\n\
        F,Force,2017,12,50\nF,Force,2018,25,125\nF,Force,2019,40,100\n";

    #[test]
    fn parses_and_rejects_repeats() {
        let rows = parse_series("s.csv", TEXT).unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0].black, Cell::Suppressed);
        let twice = format!("{TEXT}F,Force,2019,1,1\n");
        let err = parse_series("s.csv", &twice).unwrap_err().to_string();
        assert_eq!(err, "s.csv, line 8, field 'year': value '2019' repeats an area and year given on an earlier line");
        let bad = "area_code,area_name,year,black,white\nD1,North,2017,x,40\n";
        assert!(parse_series("s.csv", bad).unwrap_err().to_string().contains("field 'black'"));
        // 2^53 Black searches and 1 White: the file's total passes 2^53.
        let huge = "area_code,area_name,year,black,white\nD1,North,2017,9007199254740992,1\n";
        assert!(parse_series("s.csv", huge).unwrap_err().to_string().contains("field 'white': value '1' takes the file's total past"));
    }

    #[test]
    fn change_since_baseline_by_hand() {
        // (30/100) / (20/100) = 1.5; se = sqrt(1/30 + 1/100 + 1/20 + 1/100)
        // = sqrt(0.1033333) = 0.3214550; exp(ln 1.5 -/+ 1.959964 * 0.3214550)
        // = 1.5 * exp(-/+0.6300402) = 0.798856 .. 2.816529.
        let c = change_since((30, 100), (20, 100)).unwrap();
        assert!(close(c.ratio, 1.5));
        assert!((c.lower - 0.798856).abs() < 1e-6, "{}", c.lower);
        assert!((c.upper - 2.816529).abs() < 1e-6, "{}", c.upper);
        assert_eq!(change_since((0, 100), (20, 100)), None);
    }

    #[test]
    fn area_series_by_hand() {
        let rows = parse_series("s.csv", TEXT).unwrap();
        // Force: 100 Black and 1,000 White residents. 2019: (40/100)/(100/1000) = 4.
        let s = area_series(&rows, "F", (100, 1000));
        assert_eq!(s.iter().map(|p| p.year).collect::<Vec<_>>(), [2017, 2018, 2019]);
        assert!(close(s[2].ratio.unwrap().ratio.unwrap(), 4.0));
        // 2018: (25/100)/(125/1000) = 2; change 2019 = 4/2 = 2.
        assert!(close(s[1].ratio.unwrap().ratio.unwrap(), 2.0));
        assert!(s[1].baseline && s[1].change.is_none());
        assert!(close(s[2].change.unwrap().ratio, 2.0));
        // 2017 before the baseline: (12/50)/(25/125) = 1.2.
        assert!(close(s[0].change.unwrap().ratio, 1.2));
        // A suppressed count: no ratio, no change.
        let d = area_series(&rows, "D1", (50, 500));
        assert!(d[0].ratio.is_none() && d[0].change.is_none());
        assert!(close(d[2].change.unwrap().ratio, 1.5));
    }

    #[test]
    fn residents_sum_wards() {
        let ward = |code: &str, d: &str, black, white| crate::dataset::test_ward(code, d, [0, black, 0, white, 0]);
        let r = residents_by_area(&[ward("W1", "D1", 5, 10), ward("W2", "D1", 1, 2), ward("W3", "D2", 3, 4)], "F");
        assert_eq!(r["D1"], (6, 12));
        assert_eq!(r["D2"], (3, 4));
        assert_eq!(r["F"], (9, 16));
    }

    #[test]
    fn sources_and_comparison() {
        let months: Vec<Month> = Month::new(2019, 1).unwrap().through(Month::new(2019, 12).unwrap());
        let mut partial = months.clone();
        partial.remove(5);
        assert_eq!(complete_years(&months), [2019]);
        assert!(complete_years(&partial).is_empty());
        assert_eq!(YearSource::of(2019, &months), YearSource::Compared);
        assert_eq!(YearSource::of(2019, &partial), YearSource::SeriesOnly { record_months: 11 });
        assert_eq!(YearSource::of(2018, &partial).note(), SERIES_ONLY_NOTE);
        assert!(YearSource::of(2019, &partial).note().ends_with("(they cover 11 of its 12 months)"));

        let c = |code: &str, year, black, white| YearCounts { area_code: code.into(), year, black, white };
        let series = [c("D1", 2019, 10, 50), c("D2", 2019, 3, 7), c("D1", 2018, 1, 1)];
        let records = [c("D1", 2019, 10, 50), c("D2", 2019, 4, 7), c("D3", 2019, 0, 2)];
        let d = compare_with_records(&series, &records, &[2019]);
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].area_code.as_str(), d[0].group, d[0].series, d[0].records), ("D2", "black", 3, 4));
        assert_eq!((d[1].area_code.as_str(), d[1].group, d[1].series, d[1].records), ("D3", "white", 0, 2));
        assert_eq!(d[0].to_string(), "D2 2019 black: 3 searches in the district series, 4 in the record-level files");
        assert!(compare_with_records(&series, &series, &[2018, 2019]).is_empty());
    }
}
