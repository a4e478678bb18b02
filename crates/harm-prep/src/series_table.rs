//! `harm-prep series`: the five-year district stop and search series as the
//! site shows it, from the published files, by the same core functions.

use crate::error::{PrepError, Result};
use crate::table::{force_entry, read_text};
use harm_core::dataset::{self, ForceFiles};
use harm_core::format;
use harm_core::search_series::{area_series, parse_series, residents_by_area, SeriesPoint};
use std::path::Path;

pub const SERIES_HEADER: [&str; 11] = [
    "area_code", "area_name", "year", "black", "white", "ratio", "lower", "upper", "change_since_2018", "change_lower",
    "change_upper",
];

/// One CSV row of a year of an area's series.
pub fn series_row(code: &str, name: &str, p: &SeriesPoint) -> Vec<String> {
    let ratio = p.ratio.as_ref();
    vec![
        code.to_string(),
        name.to_string(),
        p.year.to_string(),
        p.black.text(),
        p.white.text(),
        format::ratio(ratio.and_then(|r| r.ratio)),
        format::limit(ratio.map(|r| r.lower)),
        format::limit(ratio.map(|r| r.upper)),
        format::ratio(p.change.map(|c| c.ratio)),
        format::limit(p.change.map(|c| c.lower)),
        format::limit(p.change.map(|c| c.upper)),
    ]
}

/// Every district's series then the force's, or one district's (`district`:
/// its code), Black/White ratios per Census 2021 resident with 95% intervals
/// and the change since 2018.
pub fn series_csv(data: &Path, force_id: &str, district: Option<&str>) -> Result<String> {
    let (_, entry) = force_entry(data, force_id)?;
    if entry.stop_search_series_years.is_empty() {
        return Err(PrepError::Check(format!("{} publishes no district stop and search series", entry.name)));
    }
    let wards_path = ForceFiles::wards(force_id);
    let wards = dataset::parse_wards(&wards_path, &read_text(data, &wards_path)?)?;
    let series_path = ForceFiles::stop_search_series(force_id);
    let rows = parse_series(&series_path, &read_text(data, &series_path)?)?;
    let residents = residents_by_area(&wards, &entry.code);
    let mut areas: Vec<(String, String)> = entry.districts.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
    areas.push((entry.code.clone(), format!("{} (force total)", entry.name)));
    if let Some(code) = district {
        areas.retain(|(c, _)| c == code);
        if areas.is_empty() {
            let known: Vec<&str> = entry.districts.iter().map(|d| d.code.as_str()).collect();
            return Err(PrepError::Check(format!("no district '{code}' in {} (districts: {})", entry.name, known.join(", "))));
        }
    }
    let mut out = Vec::new();
    for (code, name) in &areas {
        let pops = residents.get(code).copied().unwrap_or((0, 0));
        for p in area_series(&rows, code, pops) {
            out.push(series_row(code, name, &p));
        }
    }
    Ok(crate::publish::csv_text(&SERIES_HEADER, out))
}
