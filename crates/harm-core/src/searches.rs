//! Stop and search (and other per-person counts) by ethnic group: the
//! published, disclosure-controlled tables and the comparisons the site and
//! `harm-prep table --measure stop-search` show. Every ward figure is computed
//! from the controlled counts; a suppressed month makes the range suppressed.

use crate::csv_rows::{CsvRows, InputError};
use crate::dataset::WardRow;
use crate::disclosure::Cell;
use crate::ethnicity::{Basis, EthnicGroup};
use crate::intervals::{rate_ratio, RateRatio};
use crate::level::AreaGroup;
use crate::month::Month;
use crate::rates::{is_low_reliability, rate_per_thousand, share};
use std::collections::HashMap;

/// One line of `stop-search.csv`: a ward's searches in a month by group.
#[derive(Debug, Clone, PartialEq)]
pub struct WardSearches {
    pub ward_code: String,
    pub month: Month,
    pub basis: Basis,
    /// By group in [`EthnicGroup::ALL`] order.
    pub by_group: [Cell; 6],
    pub total: Cell,
}

/// One line of `stop-search-force.csv`: force-level searches and outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceSearches {
    pub month: Month,
    pub basis: Basis,
    pub group: EthnicGroup,
    pub searches: u64,
    pub arrest: u64,
    pub no_further_action: u64,
    pub other_outcome: u64,
    pub no_outcome_recorded: u64,
}

pub const WARD_SEARCH_COLUMNS: [&str; 10] =
    ["ward_code", "month", "basis", "asian", "black", "mixed", "white", "other", "not_stated", "total"];
pub const FORCE_SEARCH_COLUMNS: [&str; 8] =
    ["month", "basis", "group", "searches", "arrest", "no_further_action", "other_outcome", "no_outcome_recorded"];

fn basis_of(row: &crate::csv_rows::Row, column: &str) -> Result<Basis, InputError> {
    Basis::from_key(row.text(column)).ok_or_else(|| row.error(column, "is not self_defined or officer_defined"))
}

fn ward_searches_of(row: &crate::csv_rows::Row) -> Result<WardSearches, InputError> {
    let cell = |column: &str| Cell::parse(row.text(column)).ok_or_else(|| row.error(column, "is not a count or [c]"));
    let mut by_group = [Cell::Value(0); 6];
    for group in EthnicGroup::ALL {
        by_group[group.index()] = cell(group.key())?;
    }
    Ok(WardSearches {
        ward_code: row.text("ward_code").to_string(),
        month: row.parse("month", "a month in the form YYYY-MM")?,
        basis: basis_of(row, "basis")?,
        by_group,
        total: cell("total")?,
    })
}

/// The published table line by line, as an auditor attacking it reads it.
pub fn parse_ward_searches(file: &str, text: &str) -> Result<Vec<WardSearches>, InputError> {
    let mut rows = Vec::new();
    CsvRows::new(file, text.as_bytes(), &WARD_SEARCH_COLUMNS)?.for_each(|row| {
        rows.push(ward_searches_of(row)?);
        Ok(())
    })?;
    Ok(rows)
}

/// Published ward searches held densely: a cell per basis, ward (in
/// `wards.csv` order) and month with stop-and-search data, each holding the
/// six groups then the total. A ward and month without a line had no searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCounts {
    months: Vec<Month>,
    ward_count: usize,
    /// `cells[(basis * ward_count + ward) * months.len() + month_index]`.
    cells: Vec<[Cell; 7]>,
}

impl SearchCounts {
    fn slot(&self, basis: Basis, ward: usize, month_index: usize) -> usize {
        (basis.index() * self.ward_count + ward) * self.months.len() + month_index
    }

    /// One ward's counts summed over the months from `from` to `to`, by group
    /// then the total; a group is `None` when any month's cell is suppressed.
    fn summed(&self, basis: Basis, ward: usize, from: Month, to: Month) -> ([Option<u64>; 6], Option<u64>) {
        let months: Vec<usize> = (0..self.months.len()).filter(|&i| from <= self.months[i] && self.months[i] <= to).collect();
        let column = |c: usize| sum_cells(months.iter().map(|&m| self.cells[self.slot(basis, ward, m)][c]));
        let mut groups = [None; 6];
        for (c, g) in groups.iter_mut().enumerate() {
            *g = column(c);
        }
        (groups, column(6))
    }
}

/// Reads `stop-search.csv` densely for `wards` over `months` (the manifest's
/// stop-and-search months). A ward or month the dataset does not declare, or
/// a line repeating a ward, month and basis, is an error naming the line.
pub fn parse_search_counts(file: &str, text: &str, wards: &[WardRow], months: &[Month]) -> Result<SearchCounts, InputError> {
    let index: HashMap<&str, usize> = wards.iter().enumerate().map(|(i, w)| (w.ward_code.as_str(), i)).collect();
    let mut counts = SearchCounts {
        months: months.to_vec(),
        ward_count: wards.len(),
        cells: vec![[Cell::Value(0); 7]; Basis::ALL.len() * wards.len() * months.len()],
    };
    let mut seen = vec![false; counts.cells.len()];
    CsvRows::new(file, text.as_bytes(), &WARD_SEARCH_COLUMNS)?.for_each(|row| {
        let r = ward_searches_of(row)?;
        let ward = *index.get(r.ward_code.as_str()).ok_or_else(|| row.error("ward_code", "is not a ward of wards.csv"))?;
        let month = months
            .iter()
            .position(|&m| m == r.month)
            .ok_or_else(|| row.error("month", "is not a month with stop-and-search data in the manifest"))?;
        let slot = counts.slot(r.basis, ward, month);
        if std::mem::replace(&mut seen[slot], true) {
            return Err(row.error("basis", "repeats a ward, month and basis given on an earlier line"));
        }
        let mut cells = [Cell::Value(0); 7];
        cells[..6].copy_from_slice(&r.by_group);
        cells[6] = r.total;
        counts.cells[slot] = cells;
        Ok(())
    })?;
    Ok(counts)
}

pub fn parse_force_searches(file: &str, text: &str) -> Result<Vec<ForceSearches>, InputError> {
    let mut rows = Vec::new();
    CsvRows::new(file, text.as_bytes(), &FORCE_SEARCH_COLUMNS)?.for_each(|row| {
        let r = ForceSearches {
            month: row.parse("month", "a month in the form YYYY-MM")?,
            basis: basis_of(row, "basis")?,
            group: EthnicGroup::from_key(row.text("group")).ok_or_else(|| row.error("group", "is not an ethnic group key"))?,
            searches: row.count("searches")?,
            arrest: row.count("arrest")?,
            no_further_action: row.count("no_further_action")?,
            other_outcome: row.count("other_outcome")?,
            no_outcome_recorded: row.count("no_outcome_recorded")?,
        };
        if r.arrest + r.no_further_action + r.other_outcome + r.no_outcome_recorded != r.searches {
            return Err(row.error("searches", "is not the sum of the outcome columns"));
        }
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Black and White (and all-resident) rates for an area, with the ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupComparison {
    /// Counts over the range; `None` when suppressed in any month.
    pub black: Option<u64>,
    pub white: Option<u64>,
    pub not_stated: Option<u64>,
    pub all: Option<u64>,
    pub black_residents: u64,
    pub white_residents: u64,
    pub residents: u64,
    pub black_rate: Option<f64>,
    pub white_rate: Option<f64>,
    pub all_rate: Option<f64>,
    pub ratio: Option<RateRatio>,
    /// Share of searches with ethnicity not stated or not recorded.
    pub unknown_share: Option<f64>,
    /// Fewer than 10 events or 100 residents behind either group's rate ([u]).
    pub low_reliability: bool,
}

fn compare(counts: [Option<u64>; 6], all: Option<u64>, residents: [u64; 5]) -> GroupComparison {
    let black = counts[EthnicGroup::Black.index()];
    let white = counts[EthnicGroup::White.index()];
    let not_stated = counts[EthnicGroup::NotStated.index()];
    let (black_residents, white_residents) = (residents[1], residents[3]);
    let total_residents: u64 = residents.iter().sum();
    let ratio = match (black, white) {
        (Some(b), Some(w)) => rate_ratio(b, black_residents, w, white_residents),
        _ => None,
    };
    let low_reliability = match (black, white) {
        (Some(b), Some(w)) => is_low_reliability(b, black_residents) || is_low_reliability(w, white_residents),
        _ => true,
    };
    GroupComparison {
        black,
        white,
        not_stated,
        all,
        black_residents,
        white_residents,
        residents: total_residents,
        black_rate: black.and_then(|b| rate_per_thousand(b as f64, black_residents)),
        white_rate: white.and_then(|w| rate_per_thousand(w as f64, white_residents)),
        all_rate: all.and_then(|a| rate_per_thousand(a as f64, total_residents)),
        ratio,
        unknown_share: match (not_stated, all) {
            (Some(n), Some(a)) => share(n, a),
            _ => None,
        },
        low_reliability,
    }
}

/// Sum of controlled cells; `None` when any is suppressed.
fn sum_cells(cells: impl Iterator<Item = Cell>) -> Option<u64> {
    cells.map(Cell::value).sum()
}

/// Comparison for each area (a group of wards, see [`crate::level`]) over
/// the months in range, from the sums of its wards' published cells: a group
/// is suppressed when any of its wards' cells is.
pub fn area_comparisons(
    wards: &[WardRow],
    counts: &SearchCounts,
    basis: Basis,
    from: Month,
    to: Month,
    areas: &[AreaGroup],
) -> Vec<GroupComparison> {
    let add = |a: Option<u64>, b: Option<u64>| a.zip(b).map(|(a, b)| a + b);
    areas
        .iter()
        .map(|area| {
            let (mut groups, mut all) = ([Some(0u64); 6], Some(0u64));
            let mut residents = [0u64; 5];
            for &i in &area.wards {
                let (g, a) = counts.summed(basis, i, from, to);
                for (sum, n) in groups.iter_mut().zip(g) {
                    *sum = add(*sum, n);
                }
                all = add(all, a);
                let w = &wards[i];
                for (sum, n) in residents.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
                    *sum += n;
                }
            }
            compare(groups, all, residents)
        })
        .collect()
}

/// Force-level comparison, from the force-level table (not sensitive, not rounded).
pub fn force_comparison(wards: &[WardRow], rows: &[ForceSearches], basis: Basis, from: Month, to: Month) -> GroupComparison {
    let mut counts = [Some(0u64); 6];
    for r in rows.iter().filter(|r| r.basis == basis && r.month >= from && r.month <= to) {
        counts[r.group.index()] = counts[r.group.index()].map(|c| c + r.searches);
    }
    let all = counts.iter().copied().sum();
    let mut residents = [0u64; 5];
    for w in wards {
        for (sum, n) in residents.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
            *sum += n;
        }
    }
    compare(counts, all, residents)
}

/// A plain-language sentence about a comparison, for the ward panel.
pub fn describe(c: &GroupComparison, basis: Basis, activity: &str) -> String {
    let Some(r) = c.ratio else {
        return match (c.black, c.white) {
            (None, _) | (_, None) => format!(
                "The counts for this area are suppressed ([c]) to protect the people involved, so no comparison of {activity} rates is shown."
            ),
            _ => format!(
                "There are too few {activity} records (or residents) to compare Black and White rates here.{}",
                c.unknown_share
                    .filter(|s| *s > 0.0)
                    .map(|s| format!(" {:.0}% of records have {} ethnicity not stated.", s * 100.0, basis.label()))
                    .unwrap_or_default()
            ),
        };
    };
    let unknown = c
        .unknown_share
        .map(|s| format!(" {:.0}% of records have {} ethnicity not stated.", s * 100.0, basis.label()))
        .unwrap_or_default();
    let Some(ratio) = r.ratio else {
        return format!("No White residents' {activity} records were recorded here, so the ratio cannot be computed.{unknown}");
    };
    let size = if ratio >= 1.0 {
        format!("about {ratio:.1} times the rate of White residents")
    } else {
        format!("about {:.1} times less often than White residents", 1.0 / ratio)
    };
    let width = if r.upper / r.lower.max(f64::MIN_POSITIVE) > 4.0 || c.low_reliability {
        let fewest = c.black.unwrap_or(0).min(c.white.unwrap_or(0));
        format!(" The interval is wide because it rests on few records (as few as {fewest}) or few residents.")
    } else {
        String::new()
    };
    let upper = if r.upper.is_finite() { format!("{:.1}", r.upper) } else { "no upper limit".to_string() };
    format!(
        "Black residents were subject to {activity} at {size} (95% interval {:.1} to {upper}), using {} ethnicity.{width}{unknown}",
        r.lower,
        basis.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::{area_groups, Level};

    fn ward(code: &str, black: u64, white: u64) -> WardRow {
        WardRow {
            ward_code: code.into(),
            ward_name: code.into(),
            district_code: "D".into(),
            district_name: "D".into(),
            residents: black + white,
            asian: 0,
            black,
            mixed: 0,
            white,
            other: 0,
            imd_decile: None,
            rural_urban: String::new(),
        }
    }

    #[test]
    fn ward_rates_from_controlled_counts() {
        let wards = [ward("W1", 2_000, 8_000), ward("W2", 50, 950)];
        let months: Vec<Month> = vec!["2019-01".parse().unwrap(), "2019-02".parse().unwrap()];
        let text = "ward_code,month,basis,asian,black,mixed,white,other,not_stated,total\n\
                    W1,2019-01,self_defined,0,20,0,40,0,0,60\n\
                    W1,2019-02,self_defined,0,10,0,20,0,10,40\n\
                    W2,2019-01,self_defined,0,[c],0,15,0,0,20\n";
        let counts = parse_search_counts("stop-search.csv", text, &wards, &months).unwrap();
        let (from, to) = (months[0], months[1]);
        let by_ward = area_groups(&wards, Level::Ward, ("F", "Force"));
        let c = area_comparisons(&wards, &counts, Basis::SelfDefined, from, to, &by_ward);
        // W1: Black 30 per 2,000 = 15 per 1,000; White 60 per 8,000 = 7.5; ratio 2.
        assert_eq!((c[0].black, c[0].white, c[0].all), (Some(30), Some(60), Some(100)));
        assert_eq!(c[0].black_rate, Some(15.0));
        assert_eq!(c[0].white_rate, Some(7.5));
        assert!((c[0].ratio.unwrap().ratio.unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(c[0].unknown_share, Some(0.1));
        assert!(!c[0].low_reliability);
        // W2: a suppressed month suppresses the range and the ratio.
        assert_eq!(c[1].black, None);
        assert!(c[1].ratio.is_none() && c[1].low_reliability);
        assert!(describe(&c[1], Basis::SelfDefined, "stop and search").contains("suppressed"));
        let sentence = describe(&c[0], Basis::SelfDefined, "stop and search");
        assert!(sentence.starts_with("Black residents were subject to stop and search at about 2.0 times the rate of White residents (95% interval"), "{sentence}");
        assert!(sentence.contains("10% of records have self-defined ethnicity not stated"), "{sentence}");
        // February alone: W2 has no line, so no searches (zero), not suppressed.
        let feb = area_comparisons(&wards, &counts, Basis::SelfDefined, to, to, &by_ward);
        assert_eq!((feb[0].black, feb[1].black, feb[1].all), (Some(10), Some(0), Some(0)));
        // The other basis has no lines at all.
        assert_eq!(area_comparisons(&wards, &counts, Basis::OfficerDefined, from, to, &by_ward)[0].all, Some(0));
        // Both wards as one district: W2's suppressed January cell suppresses the district's Black count.
        let district = area_groups(&wards, Level::District, ("F", "Force"));
        let d = area_comparisons(&wards, &counts, Basis::SelfDefined, from, to, &district);
        assert_eq!((d.len(), d[0].black, d[0].white, d[0].all), (1, None, Some(75), Some(120)));
        assert_eq!((d[0].black_residents, d[0].white_residents), (2_050, 8_950));
    }

    #[test]
    fn search_counts_name_bad_lines() {
        let wards = [ward("W1", 2_000, 8_000)];
        let months: Vec<Month> = vec!["2019-01".parse().unwrap()];
        let header = "ward_code,month,basis,asian,black,mixed,white,other,not_stated,total\n";
        let parse = |body: &str| parse_search_counts("s.csv", &format!("{header}{body}"), &wards, &months).unwrap_err().to_string();
        assert!(parse("W9,2019-01,self_defined,0,0,0,0,0,0,0\n").contains("line 2, field 'ward_code': value 'W9' is not a ward"));
        assert!(parse("W1,2019-02,self_defined,0,0,0,0,0,0,0\n").contains("is not a month with stop-and-search data"));
        assert!(parse("W1,2019-01,self_defined,0,0,0,0,0,0,0\nW1,2019-01,self_defined,0,0,0,0,0,0,0\n").contains("line 3"));
        assert!(parse("W1,2019-01,self_defined,0,x,0,0,0,0,0\n").contains("field 'black': value 'x' is not a count or [c]"));
    }

    #[test]
    fn force_rates_by_hand() {
        let wards = [ward("W1", 2_000, 8_000), ward("W2", 1_000, 9_000)];
        let f = |group, searches| ForceSearches {
            month: "2019-01".parse().unwrap(),
            basis: Basis::OfficerDefined,
            group,
            searches,
            arrest: 0,
            no_further_action: searches,
            other_outcome: 0,
            no_outcome_recorded: 0,
        };
        let rows = [f(EthnicGroup::Black, 45), f(EthnicGroup::White, 85), f(EthnicGroup::NotStated, 20)];
        let m = "2019-01".parse().unwrap();
        let c = force_comparison(&wards, &rows, Basis::OfficerDefined, m, m);
        // Black 45 per 3,000 = 15 per 1,000; White 85 per 17,000 = 5; ratio 3.
        assert_eq!(c.black_rate, Some(15.0));
        assert_eq!(c.white_rate, Some(5.0));
        assert!((c.ratio.unwrap().ratio.unwrap() - 3.0).abs() < 1e-12);
        assert_eq!(c.all, Some(150));
        assert!((c.unknown_share.unwrap() - 20.0 / 150.0).abs() < 1e-12);
        // The self-defined basis has no rows: zero counts, no ratio.
        assert!(force_comparison(&wards, &rows, Basis::SelfDefined, m, m).ratio.is_none());
    }
}
