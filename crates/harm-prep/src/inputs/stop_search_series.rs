//! The five-year district stop and search series (Black Thrive's extract of
//! the police.uk API, 2017-2021): Black and White searches by named district
//! and calendar year, for every force. Districts are named, not coded, so a
//! force's rows are joined on name to the force's districts (names from the
//! ONS lookup); a name that matches none is an error, and so is a district
//! of the force without a row for every year the file gives the force.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{add_counts, CsvRows, FirstLines, MAX_EXACT_COUNT};
use harm_core::dataset::District;
use harm_core::search_series::YearCounts;
use std::collections::BTreeSet;

/// Reads `force_name`'s rows of the series, one per district (by code) and
/// year, in the force's district order then year.
pub fn read_series(raw: &RawFolder, spec: &InputSpec, force_name: &str, districts: &[District]) -> Result<Vec<YearCounts>> {
    let bytes = raw.read("stop_search_series", spec, &spec.path)?;
    parse_series(spec, &bytes, force_name, districts)
}

/// [`read_series`] on the file's bytes.
pub fn parse_series(spec: &InputSpec, bytes: &[u8], force_name: &str, districts: &[District]) -> Result<Vec<YearCounts>> {
    let (year, district, force, black, white) =
        (spec.column("year")?, spec.column("district")?, spec.column("force")?, spec.column("black")?, spec.column("white")?);
    let names: Vec<&str> = districts.iter().map(|d| d.name.as_str()).collect();
    let mut rows: Vec<YearCounts> = Vec::new();
    let mut first = FirstLines::default();
    let mut force_total = 0u64;
    CsvRows::new(&spec.path, bytes, &[year, district, force, black, white])?.for_each(|row| {
        if row.text(force) != force_name {
            return Ok(());
        }
        let name = row.text(district);
        let code = districts.iter().find(|d| d.name == name).map(|d| d.code.clone()).ok_or_else(|| {
            row.error(district, format!("is not a district of {force_name} (its districts: {})", names.join(", ")))
        })?;
        let y: u16 = row.parse(year, "a calendar year")?;
        first.first(row, year, (code.clone(), y), "district and year")?;
        let counts = YearCounts { area_code: code, year: y, black: row.count(black)?, white: row.count(white)? };
        // The force's total bounds every total published from the series.
        force_total = add_counts(force_total, counts.black)
            .and_then(|t| add_counts(t, counts.white))
            .ok_or_else(|| row.error(black, format!("brings {force_name}'s total past {MAX_EXACT_COUNT}, the largest count computed exactly")))?;
        rows.push(counts);
        Ok(())
    })?;
    if rows.is_empty() {
        return Err(PrepError::Check(format!("{}: no rows for force '{force_name}'", spec.path)));
    }
    let years: BTreeSet<u16> = rows.iter().map(|r| r.year).collect();
    let mut missing = Vec::new();
    for d in districts {
        for &y in &years {
            if !rows.iter().any(|r| r.area_code == d.code && r.year == y) {
                missing.push(format!("{} {y}", d.name));
            }
        }
    }
    if !missing.is_empty() {
        return Err(PrepError::Check(format!(
            "{}: force '{force_name}' has no row for {} (every district needs every year {}-{})",
            spec.path,
            missing.join(", "),
            years.first().expect("rows"),
            years.last().expect("rows")
        )));
    }
    let order = |code: &str| districts.iter().position(|d| d.code == code);
    rows.sort_by_key(|r| (order(&r.area_code), r.year));
    Ok(rows)
}
