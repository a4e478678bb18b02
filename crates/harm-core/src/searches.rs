//! Stop and search (and other per-person counts) by ethnic group: the
//! published, disclosure-controlled tables and the comparisons the site and
//! `harm-prep table --measure stop-search` show. Below force level counts are
//! published only for fixed periods (one set per dataset, declared in the
//! recipe) at ward and at district level, controlled together, so nothing
//! can be differenced across periods or levels; every ward and district
//! figure is computed from those controlled counts. The force level uses the
//! exact monthly force table, for any period.

use crate::csv_rows::{sum_counts, CsvRows, InputError, Row};
use crate::dataset::{add_to_file_total, read_cell, WardRow};
use crate::disclosure::Cell;
use crate::ethnicity::{Basis, EthnicGroup};
use crate::intervals::{rate_ratio, RateRatio};
use crate::level::{area_groups, AreaGroup, Level};
use crate::month::Month;
use crate::rates::{is_low_reliability, rate_per_thousand, share};
use std::collections::HashMap;

/// One line of `stop-search.csv`: an area's searches in a published
/// period by group.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSearches {
    /// Ward or district.
    pub level: Level,
    pub area_code: String,
    /// The published period's key, e.g. `2019`.
    pub period: String,
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

#[cfg(test)]
impl ForceSearches {
    /// A force row whose searches all ended in no further action, for tests.
    pub(crate) fn no_further_action(month: Month, basis: Basis, group: EthnicGroup, searches: u64) -> ForceSearches {
        ForceSearches { month, basis, group, searches, arrest: 0, no_further_action: searches, other_outcome: 0, no_outcome_recorded: 0 }
    }
}

pub const AREA_SEARCH_COLUMNS: [&str; 11] =
    ["level", "area_code", "period", "basis", "asian", "black", "mixed", "white", "other", "not_stated", "total"];
pub const FORCE_SEARCH_COLUMNS: [&str; 8] =
    ["month", "basis", "group", "searches", "arrest", "no_further_action", "other_outcome", "no_outcome_recorded"];

fn basis_of(row: &Row, column: &str) -> Result<Basis, InputError> {
    Basis::from_key(row.text(column)).ok_or_else(|| row.error(column, "is not self_defined or officer_defined"))
}

/// One line of `stop-search.csv`, its counts added to the file's `total`.
fn area_searches_of(row: &Row, total: &mut u64) -> Result<AreaSearches, InputError> {
    let mut by_group = [Cell::Value(0); 6];
    for group in EthnicGroup::ALL {
        by_group[group.index()] = read_cell(row, group.key(), total)?;
    }
    let total = read_cell(row, "total", total)?;
    let level = match Level::from_key(row.text("level")) {
        Some(l @ (Level::Ward | Level::District)) => l,
        _ => return Err(row.error("level", "is not ward or district")),
    };
    Ok(AreaSearches {
        level,
        area_code: row.text("area_code").to_string(),
        period: row.text("period").to_string(),
        basis: basis_of(row, "basis")?,
        by_group,
        total,
    })
}

/// The published table line by line, as an auditor attacking it reads it.
pub fn parse_area_searches(file: &str, text: &str) -> Result<Vec<AreaSearches>, InputError> {
    let (mut rows, mut total) = (Vec::new(), 0);
    CsvRows::new(file, text.as_bytes(), &AREA_SEARCH_COLUMNS)?.for_each(|row| {
        rows.push(area_searches_of(row, &mut total)?);
        Ok(())
    })?;
    Ok(rows)
}

/// Published ward and district searches held densely: a cell per level,
/// basis, area (wards in `wards.csv` order, districts in order of first
/// appearance) and published period, each holding the six groups then the
/// total. An area without a line in a published period had no searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCounts {
    periods: Vec<String>,
    /// Number of areas at ward and at district level.
    areas: [usize; 2],
    /// Per level: `cells[(basis * areas + area) * periods.len() + period]`.
    cells: [Vec<[Cell; 7]>; 2],
}

impl SearchCounts {
    /// The published periods' keys, in the manifest's order.
    pub fn periods(&self) -> &[String] {
        &self.periods
    }

    fn slot(&self, level: usize, basis: Basis, area: usize, period: usize) -> usize {
        (basis.index() * self.areas[level] + area) * self.periods.len() + period
    }

    fn cells(&self, level: Level, basis: Basis, area: usize, period: usize) -> &[Cell; 7] {
        let l = level.index();
        &self.cells[l][self.slot(l, basis, area, period)]
    }
}

/// Reads `stop-search.csv` densely for `wards` (and their districts) over
/// the manifest's published `periods`. A ward, district or period the dataset
/// does not declare, or a line repeating an area, period and basis, is an
/// error naming the line.
pub fn parse_search_counts(file: &str, text: &str, wards: &[WardRow], periods: &[String]) -> Result<SearchCounts, InputError> {
    let index: [HashMap<String, usize>; 2] = [Level::Ward, Level::District].map(|level| {
        area_groups(wards, level, ("", "")).into_iter().enumerate().map(|(i, g)| (g.code, i)).collect()
    });
    let areas = [index[0].len(), index[1].len()];
    let blank = |l: usize| vec![[Cell::Value(0); 7]; Basis::ALL.len() * areas[l] * periods.len()];
    let mut counts = SearchCounts { periods: periods.to_vec(), areas, cells: [blank(0), blank(1)] };
    let mut seen = [vec![false; counts.cells[0].len()], vec![false; counts.cells[1].len()]];
    let mut total = 0;
    CsvRows::new(file, text.as_bytes(), &AREA_SEARCH_COLUMNS)?.for_each(|row| {
        let r = area_searches_of(row, &mut total)?;
        let l = r.level.index();
        let area = *index[l]
            .get(&r.area_code)
            .ok_or_else(|| row.error("area_code", format!("is not a {} of wards.csv", r.level.key())))?;
        let period = periods
            .iter()
            .position(|p| *p == r.period)
            .ok_or_else(|| row.error("period", "is not a published stop-and-search period in the manifest"))?;
        let slot = counts.slot(l, r.basis, area, period);
        if std::mem::replace(&mut seen[l][slot], true) {
            return Err(row.error("basis", "repeats an area, period and basis given on an earlier line"));
        }
        let mut cells = [Cell::Value(0); 7];
        cells[..6].copy_from_slice(&r.by_group);
        cells[6] = r.total;
        counts.cells[l][slot] = cells;
        Ok(())
    })?;
    Ok(counts)
}

pub fn parse_force_searches(file: &str, text: &str) -> Result<Vec<ForceSearches>, InputError> {
    let (mut rows, mut total) = (Vec::new(), 0);
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
        if sum_counts([r.arrest, r.no_further_action, r.other_outcome, r.no_outcome_recorded]) != Some(r.searches) {
            return Err(row.error("searches", "is not the sum of the outcome columns"));
        }
        add_to_file_total(row, "searches", &mut total, r.searches)?;
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

/// The comparison of an area from its counts by group (in [`EthnicGroup::ALL`]
/// order; only Black, White and not stated are read), its total and its
/// residents by group (Asian, Black, Mixed, White, Other).
pub(crate) fn compare(counts: [Option<u64>; 6], all: Option<u64>, residents: [u64; 5]) -> GroupComparison {
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

/// Comparison for each area of `level` (ward or district; `areas` from
/// [`crate::level::area_groups`]) in the published period `period`, from
/// its controlled counts; `None` when that period is not published.
pub fn area_comparisons(
    wards: &[WardRow],
    counts: &SearchCounts,
    basis: Basis,
    period: &str,
    level: Level,
    areas: &[AreaGroup],
) -> Option<Vec<GroupComparison>> {
    let p = counts.periods.iter().position(|k| k == period)?;
    Some(
        areas
            .iter()
            .enumerate()
            .map(|(i, area)| {
                let cells = counts.cells(level, basis, i, p);
                let mut groups = [None; 6];
                for (g, cell) in groups.iter_mut().zip(cells) {
                    *g = cell.value();
                }
                let mut residents = [0u64; 5];
                for &w in &area.wards {
                    let w = &wards[w];
                    for (sum, n) in residents.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
                        *sum += n;
                    }
                }
                compare(groups, cells[6].value(), residents)
            })
            .collect(),
    )
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
        crate::dataset::test_ward(code, "D", [0, black, 0, white, 0])
    }

    #[test]
    fn ward_and_district_rates_from_controlled_counts() {
        let wards = [ward("W1", 2_000, 8_000), ward("W2", 50, 950)];
        let periods = vec!["2019".to_string(), "2020".to_string()];
        let text = "level,area_code,period,basis,asian,black,mixed,white,other,not_stated,total\n\
                    ward,W1,2019,self_defined,0,30,0,60,0,10,100\n\
                    ward,W2,2019,self_defined,0,[c],0,15,0,0,20\n\
                    district,D,2019,self_defined,0,35,0,75,0,10,120\n";
        let counts = parse_search_counts("stop-search.csv", text, &wards, &periods).unwrap();
        let by_ward = area_groups(&wards, Level::Ward, ("F", "Force"));
        let c = area_comparisons(&wards, &counts, Basis::SelfDefined, "2019", Level::Ward, &by_ward).unwrap();
        // W1: Black 30 per 2,000 = 15 per 1,000; White 60 per 8,000 = 7.5; ratio 2.
        assert_eq!((c[0].black, c[0].white, c[0].all), (Some(30), Some(60), Some(100)));
        assert_eq!(c[0].black_rate, Some(15.0));
        assert_eq!(c[0].white_rate, Some(7.5));
        assert!((c[0].ratio.unwrap().ratio.unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(c[0].unknown_share, Some(0.1));
        assert!(!c[0].low_reliability);
        // W2: a suppressed Black count gives no ratio.
        assert_eq!(c[1].black, None);
        assert!(c[1].ratio.is_none() && c[1].low_reliability);
        assert!(describe(&c[1], Basis::SelfDefined, "stop and search").contains("suppressed"));
        let sentence = describe(&c[0], Basis::SelfDefined, "stop and search");
        assert!(sentence.starts_with("Black residents were subject to stop and search at about 2.0 times the rate of White residents (95% interval"), "{sentence}");
        assert!(sentence.contains("10% of records have self-defined ethnicity not stated"), "{sentence}");
        // The district is read from its own published line, not summed from wards:
        // Black 35 per 2,050 residents, White 75 per 8,950.
        let district = area_groups(&wards, Level::District, ("F", "Force"));
        let d = area_comparisons(&wards, &counts, Basis::SelfDefined, "2019", Level::District, &district).unwrap();
        assert_eq!((d.len(), d[0].black, d[0].white, d[0].all), (1, Some(35), Some(75), Some(120)));
        assert_eq!((d[0].black_residents, d[0].white_residents), (2_050, 8_950));
        // 2020 is published but has no lines: no searches (zero), not missing.
        let quiet = area_comparisons(&wards, &counts, Basis::SelfDefined, "2020", Level::Ward, &by_ward).unwrap();
        assert_eq!((quiet[1].black, quiet[1].all), (Some(0), Some(0)));
        // A period that is not published (a month, another year) has no ward figures.
        assert!(area_comparisons(&wards, &counts, Basis::SelfDefined, "2019-01", Level::Ward, &by_ward).is_none());
    }

    #[test]
    fn search_counts_name_bad_lines() {
        let wards = [ward("W1", 2_000, 8_000)];
        let periods = vec!["2019".to_string()];
        let header = "level,area_code,period,basis,asian,black,mixed,white,other,not_stated,total\n";
        let parse = |body: &str| parse_search_counts("s.csv", &format!("{header}{body}"), &wards, &periods).unwrap_err().to_string();
        assert!(parse("ward,W9,2019,self_defined,0,0,0,0,0,0,0\n").contains("line 2, field 'area_code': value 'W9' is not a ward"));
        assert!(parse("district,W1,2019,self_defined,0,0,0,0,0,0,0\n").contains("is not a district"));
        assert!(parse("ward,W1,2019-01,self_defined,0,0,0,0,0,0,0\n").contains("is not a published stop-and-search period"));
        assert!(parse("force,W1,2019,self_defined,0,0,0,0,0,0,0\n").contains("is not ward or district"));
        assert!(parse("ward,W1,2019,self_defined,0,0,0,0,0,0,0\nward,W1,2019,self_defined,0,0,0,0,0,0,0\n").contains("line 3"));
        assert!(parse("ward,W1,2019,self_defined,0,x,0,0,0,0,0\n").contains("field 'black': value 'x' is not [c] or a count of at most 9007199254740992"));
        // 2^53 Black searches and a total of 2^53 take the file's total of
        // counts to 2^54: past exact arithmetic, refused at the total.
        let max = 1u64 << 53;
        assert_eq!(
            parse(&format!("ward,W1,2019,self_defined,0,{max},0,0,0,0,{max}\n")),
            "s.csv, line 2, field 'total': value '9007199254740992' takes the file's total past 9007199254740992 (2^53), beyond exact arithmetic"
        );
    }

    #[test]
    fn force_searches_are_summed_within_exact_arithmetic() {
        let header = FORCE_SEARCH_COLUMNS.join(",");
        let half = 1u64 << 52;
        let line = |n: u64| format!("2019-01,self_defined,black,{n},0,{n},0,0\n");
        // Two lines of 2^52 reach 2^53 exactly; a third search passes it.
        assert_eq!(parse_force_searches("f.csv", &format!("{header}\n{}{}", line(half), line(half))).unwrap().len(), 2);
        let err = parse_force_searches("f.csv", &format!("{header}\n{}{}{}", line(half), line(half), line(1))).unwrap_err();
        assert!(err.to_string().starts_with("f.csv, line 4, field 'searches': value '1' takes the file's total past"), "{err}");
        // Outcomes of 2^53 each once overflowed a debug build's sum; now they
        // are a sum past exact arithmetic, which no count of searches equals.
        let max = 1u64 << 53;
        let outcomes = format!("{header}\n2019-01,self_defined,black,{max},{max},{max},0,0\n");
        assert!(parse_force_searches("f.csv", &outcomes).unwrap_err().to_string().ends_with("is not the sum of the outcome columns"));
    }

    #[test]
    fn force_rates_by_hand() {
        let wards = [ward("W1", 2_000, 8_000), ward("W2", 1_000, 9_000)];
        let m = "2019-01".parse().unwrap();
        let f = |group, searches| ForceSearches::no_further_action(m, Basis::OfficerDefined, group, searches);
        let rows = [f(EthnicGroup::Black, 45), f(EthnicGroup::White, 85), f(EthnicGroup::NotStated, 20)];
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
