//! `harm-prep table --force england-and-wales`: the national overview's
//! district table of one measure, as the site's overview shows and
//! downloads it (both written by `harm_core::overview`).

use crate::error::{PrepError, Result};
use crate::table::read_text;
use harm_core::dataset::{self, Manifest, PROVENANCE};
use harm_core::level::Level;
use harm_core::overview::{self, Overview, OverviewMeasure, OVERVIEW_ID};
use std::path::Path;

/// The manifest and the overview's district table.
pub fn load_overview(data: &Path) -> Result<(Manifest, Overview)> {
    let manifest = dataset::parse_manifest("manifest.json", &read_text(data, "manifest.json")?)?;
    let entry = manifest.overview.clone().ok_or_else(|| {
        PrepError::Check(format!("the dataset has no national overview ('{OVERVIEW_ID}'): rebuild it with harm-prep build"))
    })?;
    let path = overview::districts_file();
    let table = overview::parse_overview(&path, &read_text(data, &path)?, &entry.periods)?;
    Ok((manifest, table))
}

/// The overview's table of `measure` for `period` (a series year or a named
/// period, as in the site's URL), by district; with `metadata`, the file the
/// site's download button saves.
pub fn overview_table_csv(data: &Path, measure: &str, period: Option<&str>, level: Level, metadata: bool) -> Result<String> {
    if level != Level::District {
        return Err(PrepError::Check(format!("the national overview is by district: use --level district, not --level {}", level.key())));
    }
    let (manifest, table) = load_overview(data)?;
    let periods: Vec<(String, String)> = manifest.periods.iter().map(|p| (p.key.clone(), p.label.clone())).collect();
    let chosen = OverviewMeasure::from_keys(measure, period, &periods).ok_or_else(|| {
        let offered: Vec<String> = OverviewMeasure::all(&periods)
            .iter()
            .map(|m| match m.keys() {
                (k, Some(p)) => format!("{k} --period {p}"),
                (k, None) => k,
            })
            .collect();
        PrepError::Check(format!(
            "the national overview has no measure '{measure}'{}: it offers {}",
            period.map(|p| format!(" for period {p}")).unwrap_or_default(),
            offered.join(", ")
        ))
    })?;
    if metadata {
        let provenance = dataset::parse_provenance(PROVENANCE, &read_text(data, PROVENANCE)?)?;
        return Ok(overview::overview_table_file(&manifest, &provenance, &table, &chosen));
    }
    Ok(overview::overview_table(&table, &chosen, &periods))
}
