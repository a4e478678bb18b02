//! The five-year district stop and search series (Black Thrive's extract of
//! the police.uk API, 2017-2021): Black and White searches by named district
//! and calendar year, for every force. Districts are named, not coded, so a
//! force's rows are joined on name to the force's districts (names from the
//! ONS lookup, or the recipe's `successors` for districts abolished since,
//! whose counts are summed into their successor); a name that matches none is an error, and so is a district
//! of the force without a row for every year the file gives the force.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{add_counts, CsvRows, FirstLines, MAX_EXACT_COUNT};
use harm_core::dataset::District;
use harm_core::search_series::YearCounts;
use std::collections::BTreeSet;

/// A force's series: the years every district has counts for, and the
/// district-years the file gives as `NA` (missing, never zero).
pub struct Series {
    /// One row per district (by code) and complete year, in the force's
    /// district order then year.
    pub rows: Vec<YearCounts>,
    /// "<district> <year>" of each `NA` row; their years are not published,
    /// since a force total or a disclosure-controlled table over a year
    /// with a district missing would be wrong.
    pub missing: Vec<String>,
}

/// The file's mark for a district-year without counts (R's `NA`).
const MISSING: &str = "NA";

/// Reads `force_name`'s rows of the series.
pub fn read_series(raw: &RawFolder, spec: &InputSpec, force_name: &str, districts: &[District]) -> Result<Series> {
    let bytes = raw.read("stop_search_series", spec, &spec.path)?;
    parse_series(spec, &bytes, force_name, districts)
}

/// [`read_series`] on the file's bytes.
pub fn parse_series(spec: &InputSpec, bytes: &[u8], force_name: &str, districts: &[District]) -> Result<Series> {
    let (year, district, force, black, white) =
        (spec.column("year")?, spec.column("district")?, spec.column("force")?, spec.column("black")?, spec.column("white")?);
    let names: Vec<&str> = districts.iter().map(|d| d.name.as_str()).collect();
    let mut rows: Vec<YearCounts> = Vec::new();
    let mut first = FirstLines::default();
    let mut force_total = 0u64;
    let mut missing: Vec<(String, u16)> = Vec::new();
    CsvRows::new(&spec.path, bytes, &[year, district, force, black, white])?.for_each(|row| {
        if row.text(force) != force_name {
            return Ok(());
        }
        let name = row.text(district);
        // A district abolished since (e.g. Mendip, now part of Somerset)
        // counts towards its successor: the old districts nest exactly in
        // the new, so the sum is the successor's count.
        let current = spec.successors.get(name).map_or(name, String::as_str);
        let code = districts.iter().find(|d| d.name == current).map(|d| d.code.clone()).ok_or_else(|| {
            row.error(district, format!("is not a district of {force_name} (its districts: {})", names.join(", ")))
        })?;
        let y: u16 = row.parse(year, "a calendar year")?;
        first.first(row, year, (name.to_string(), y), "district and year")?;
        match (row.text(black) == MISSING, row.text(white) == MISSING) {
            (true, true) => {
                missing.push((code, y));
                return Ok(());
            }
            (false, false) => {}
            _ => return Err(row.error(black, "and White_stopped are not both counts or both NA")),
        }
        let counts = YearCounts { area_code: code, year: y, black: row.count(black)?, white: row.count(white)? };
        // The force's total bounds every total published from the series.
        force_total = add_counts(force_total, counts.black)
            .and_then(|t| add_counts(t, counts.white))
            .ok_or_else(|| row.error(black, format!("brings {force_name}'s total past {MAX_EXACT_COUNT}, the largest count computed exactly")))?;
        if let Some(earlier) = rows.iter_mut().find(|r| r.area_code == counts.area_code && r.year == y) {
            // Within the force's total, so the sums cannot overflow.
            earlier.black += counts.black;
            earlier.white += counts.white;
            return Ok(());
        }
        rows.push(counts);
        Ok(())
    })?;
    if rows.is_empty() && missing.is_empty() {
        return Err(PrepError::Check(format!("{}: no rows for force '{force_name}'", spec.path)));
    }
    let years: BTreeSet<u16> = rows.iter().map(|r| r.year).chain(missing.iter().map(|m| m.1)).collect();
    let mut absent = Vec::new();
    for d in districts {
        for &y in &years {
            let given = |code: &str, year: u16| code == d.code && year == y;
            if !rows.iter().any(|r| given(&r.area_code, r.year)) && !missing.iter().any(|m| given(&m.0, m.1)) {
                absent.push(format!("{} {y}", d.name));
            }
        }
    }
    if !absent.is_empty() {
        return Err(PrepError::Check(format!(
            "{}: force '{force_name}' has no row for {} (every district needs every year {}-{})",
            spec.path,
            absent.join(", "),
            years.first().expect("rows"),
            years.last().expect("rows")
        )));
    }
    // A successor is missing in a year any of its parts is.
    rows.retain(|r| !missing.iter().any(|m| m.1 == r.year));
    let order = |code: &str| districts.iter().position(|d| d.code == code);
    rows.sort_by_key(|r| (order(&r.area_code), r.year));
    missing.sort_by_key(|m| (order(&m.0), m.1));
    missing.dedup();
    let name_of = |code: &str| districts.iter().find(|d| d.code == code).map_or(code.to_string(), |d| d.name.clone());
    Ok(Series { rows, missing: missing.iter().map(|(code, y)| format!("{} {y}", name_of(code))).collect() })
}
