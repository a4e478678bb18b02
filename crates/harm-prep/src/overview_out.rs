//! The national overview's files (`england-and-wales/`), made from the
//! forces' own published files once every force is built: one district table
//! ([`harm_core::overview`]) and the outlines of every district (GeoJSON, and
//! projected as the map draws them), simplified
//! together for national scale so that districts of neighbouring forces
//! share their edges.

use crate::boundaries_out::{collection, map_outlines, projection, simplified};
use crate::error::{PrepError, Result};
use crate::publish::PublishedFiles;
use geo::{Area, MultiPolygon};
use harm_core::dataset::{self, ForceEntry, ForceFiles};
use harm_core::figures::ForceData;
use harm_core::overview::{self, OverviewEntry, OVERVIEW_ID, OVERVIEW_NAME};
use harm_core::period::NamedPeriod;
use harm_core::search_series::parse_series;

/// Visvalingam-Whyatt tolerances (square degrees) and decimals tried for
/// the national outlines, coarsest first: about 450 m x 700 m triangles and
/// 100 m, a pixel or two of a map of the whole country on one screen. Where
/// that leaves some district's outline invalid (a small island simplified
/// into the coast beside it), the next is tried, down to the forces' own
/// (the recipe's), at which every force's outlines are valid.
const NATIONAL_DETAIL: [(f64, u32); 3] = [(4e-5, 3), (1e-5, 3), (2e-6, 4)];

/// Parts of a district smaller than this (square degrees, about 0.3 km²:
/// islets and sandbanks, under a pixel of a country-wide map) are left out
/// of the national outlines, where simplifying the coast beside them would
/// otherwise make them overlap it. The district's largest part always stays.
const SPECK_AREA: f64 = 4e-5;

fn without_specks(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let largest = shape.0.iter().map(|p| p.unsigned_area()).fold(0.0, f64::max);
    MultiPolygon(shape.0.iter().filter(|p| { let a = p.unsigned_area(); a >= SPECK_AREA || a == largest }).cloned().collect())
}

fn text<'f>(files: &'f PublishedFiles, path: &str) -> Result<&'f str> {
    let bytes = files.files.get(path).ok_or_else(|| PrepError::Check(format!("the overview needs {path}, which the build did not write")))?;
    std::str::from_utf8(bytes).map_err(|_| PrepError::Check(format!("{path} is not UTF-8")))
}

/// Adds the overview's table and outlines to `files` (which hold every
/// force's published files) and returns its manifest entry. `shapes` are
/// every district's outline by code, dissolved from its wards and not yet
/// simplified; `force_detail` the forces' own tolerance and decimals.
pub fn publish_overview(
    forces: &[ForceEntry],
    named: &[NamedPeriod],
    shapes: &[(String, MultiPolygon<f64>)],
    force_detail: (f64, u32),
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
    let outlines: Vec<MultiPolygon<f64>> = outlines.iter().map(without_specks).collect();
    let names: Vec<(&str, &str)> = districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).collect();
    let mut national = Err(PrepError::Check("no detail tried".into()));
    for (tolerance, decimals) in NATIONAL_DETAIL.into_iter().chain([force_detail]) {
        national = simplified(&names, &outlines, tolerance, decimals);
        match &national {
            Ok(_) => break,
            Err(e) => eprintln!("national overview: outlines at tolerance {tolerance:e} and {decimals} decimals are not all valid ({e}); trying more detail"),
        }
    }
    let national = national.map_err(|e| match e {
        PrepError::Check(why) => PrepError::Check(format!("the national overview's district outlines: {why}")),
        other => other,
    })?;
    files.add(&overview::boundaries_file(), collection(names.iter().copied().zip(&national)));
    files.add(&overview::outlines_file(), map_outlines(&names, &national, &projection(&national)?));
    let table = overview::Overview { periods: named.iter().map(|p| p.key.clone()).collect(), districts };
    files.add(&overview::districts_file(), overview::write_overview(&table));
    Ok(OverviewEntry { id: OVERVIEW_ID.to_string(), name: OVERVIEW_NAME.to_string(), district_count: table.districts.len(), periods: table.periods })
}
