//! The national overview's files (`england-and-wales/`), made from the
//! forces' own published files once every force is built: one district table
//! ([`harm_core::overview`]) and the outlines of every district (GeoJSON, and
//! projected as the map draws them), simplified
//! together for national scale so that districts of neighbouring forces
//! share their edges.

use crate::boundaries_out::{collection, map_outlines, projection, simplified};
use crate::error::{PrepError, Result};
use crate::publish::PublishedFiles;
use geo::MultiPolygon;
use harm_core::dataset::{self, ForceEntry, ForceFiles};
use harm_core::figures::ForceData;
use harm_core::overview::{self, OverviewEntry, OVERVIEW_ID, OVERVIEW_NAME};
use harm_core::period::NamedPeriod;
use harm_core::search_series::parse_series;

/// Visvalingam-Whyatt tolerance of the national outlines, in square degrees:
/// 2,000 times the wards' (a triangle of about 450 m x 700 m, a pixel or two
/// of a map of the whole country on one screen).
pub const NATIONAL_SIMPLIFY_AREA: f64 = 4e-5;
/// Decimals kept in the national outlines (3 = about 100 m).
pub const NATIONAL_DECIMALS: u32 = 3;

fn text<'f>(files: &'f PublishedFiles, path: &str) -> Result<&'f str> {
    let bytes = files.files.get(path).ok_or_else(|| PrepError::Check(format!("the overview needs {path}, which the build did not write")))?;
    std::str::from_utf8(bytes).map_err(|_| PrepError::Check(format!("{path} is not UTF-8")))
}

/// Adds the overview's table and outlines to `files` (which hold every
/// force's published files) and returns its manifest entry. `shapes` are
/// every district's outline by code, dissolved from its wards and not yet
/// simplified.
pub fn publish_overview(
    forces: &[ForceEntry],
    named: &[NamedPeriod],
    shapes: &[(String, MultiPolygon<f64>)],
    files: &mut PublishedFiles,
) -> Result<OverviewEntry> {
    let mut districts = Vec::new();
    for entry in forces {
        let id = &entry.id;
        let wards_path = ForceFiles::wards(id);
        let wards = dataset::parse_wards(&wards_path, text(files, &wards_path)?)?;
        let crime_path = ForceFiles::crime(id);
        let weights_path = ForceFiles::category_weights(id);
        let data = ForceData {
            crime: dataset::parse_crime(&crime_path, text(files, &crime_path)?, &wards, &entry.crime_months)?,
            weights: dataset::parse_category_weights(&weights_path, text(files, &weights_path)?)?,
            wards,
        };
        let series_path = ForceFiles::stop_search_series(id);
        let series = match entry.stop_search_series_years.is_empty() {
            true => Vec::new(),
            false => parse_series(&series_path, text(files, &series_path)?)?,
        };
        districts.extend(overview::district_rows(entry, &data, &series, named));
    }
    let outlines: Vec<MultiPolygon<f64>> = districts
        .iter()
        .map(|d| {
            shapes.iter().find(|(code, _)| *code == d.code).map(|(_, s)| s.clone()).ok_or_else(|| {
                PrepError::Check(format!("the overview has no outline for district {} ({}) of {}", d.code, d.name, d.force_name))
            })
        })
        .collect::<Result<_>>()?;
    let names: Vec<(&str, &str)> = districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).collect();
    let national = simplified(&names, &outlines, NATIONAL_SIMPLIFY_AREA, NATIONAL_DECIMALS)?;
    files.add(&overview::boundaries_file(), collection(names.iter().copied().zip(&national)));
    files.add(&overview::outlines_file(), map_outlines(&names, &national, &projection(&national)?));
    let table = overview::Overview { periods: named.iter().map(|p| p.key.clone()).collect(), districts };
    files.add(&overview::districts_file(), overview::write_overview(&table));
    Ok(OverviewEntry { id: OVERVIEW_ID.to_string(), name: OVERVIEW_NAME.to_string(), district_count: table.districts.len(), periods: table.periods })
}
