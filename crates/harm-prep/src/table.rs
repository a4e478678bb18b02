//! `harm-prep table`: the site's ward table as CSV, computed from the
//! published files by the same core functions the site uses.

use crate::error::{PrepError, Result};
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest};
use harm_core::figures::{self, AreaFigures, ForceData};
use harm_core::ethnicity::Basis;
use harm_core::funnel::flag;
use harm_core::searches::{self, GroupComparison};
use harm_core::{format, Month};
use std::path::Path;

pub const TABLE_HEADER: [&str; 11] = [
    "ward_code", "ward_name", "district", "residents", "black_residents", "white_residents", "crimes", "asb",
    "harm", "harm_rate", "crime_rate_per_1000",
];

fn read_text(data: &Path, relative: &str) -> Result<String> {
    std::fs::read_to_string(data.join(relative)).map_err(PrepError::io(relative))
}

/// Reads the manifest and one force's published tables.
pub fn load_force(data: &Path, force_id: &str) -> Result<(Manifest, ForceEntry, ForceData)> {
    let manifest = dataset::parse_manifest("manifest.json", &read_text(data, "manifest.json")?)?;
    let entry = manifest.forces.iter().find(|f| f.id == force_id).cloned().ok_or_else(|| {
        let known: Vec<&str> = manifest.forces.iter().map(|f| f.id.as_str()).collect();
        PrepError::Check(format!("no force '{force_id}' in the dataset (forces: {})", known.join(", ")))
    })?;
    let file = |path: String| read_text(data, &path).map(|text| (path, text));
    let (wards_path, wards_text) = file(ForceFiles::wards(force_id))?;
    let (crime_path, crime_text) = file(ForceFiles::crime(force_id))?;
    let (weights_path, weights_text) = file(ForceFiles::category_weights(force_id))?;
    let data = ForceData {
        wards: dataset::parse_wards(&wards_path, &wards_text)?,
        crime: dataset::parse_crime(&crime_path, &crime_text)?,
        weights: dataset::parse_category_weights(&weights_path, &weights_text)?,
        crime_months: entry.crime_months.clone(),
    };
    Ok((manifest, entry, data))
}

fn row(area: &AreaFigures, district: &str) -> Vec<String> {
    let crime = area.crime.as_ref();
    vec![
        area.code.clone(),
        area.name.clone(),
        district.to_string(),
        area.residents.to_string(),
        area.black().to_string(),
        area.white().to_string(),
        crime.map(|c| c.crimes.to_string()).unwrap_or_default(),
        crime.map(|c| c.anti_social_behaviour.to_string()).unwrap_or_default(),
        format::harm(crime.and_then(|c| c.harm)),
        format::harm_rate(crime.and_then(|c| c.harm_rate)),
        format::per_thousand(crime.and_then(|c| c.crime_rate)),
    ]
}

/// One row per ward and a final force-total row. Crime columns are empty
/// (not zero) when no month in the range has crime data.
pub fn ward_table_csv(data: &Path, force_id: &str, from: Month, to: Month) -> Result<String> {
    let (_, entry, force) = load_force(data, force_id)?;
    let wards = figures::ward_figures(&force, from, to);
    let total = figures::total(&entry.code, &format!("{} (force total)", entry.name), &wards, &force.weights);
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut write = |fields: Vec<String>| writer.write_record(&fields).expect("writing to memory");
    write(TABLE_HEADER.iter().map(|s| s.to_string()).collect());
    for ward in &wards {
        write(row(ward, &ward.district_name));
    }
    write(row(&total, ""));
    Ok(String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8"))
}

pub const STOP_SEARCH_HEADER: [&str; 17] = [
    "ward_code", "ward_name", "district", "black_residents", "white_residents", "black_searches", "white_searches",
    "not_stated_searches", "all_searches", "black_rate_per_1000", "white_rate_per_1000", "rate_ratio", "ratio_lower",
    "ratio_upper", "unknown_share", "reliability", "funnel",
];

fn comparison_row(code: &str, name: &str, district: &str, c: &GroupComparison, funnel: String) -> Vec<String> {
    vec![
        code.to_string(),
        name.to_string(),
        district.to_string(),
        c.black_residents.to_string(),
        c.white_residents.to_string(),
        format::published_count(c.black),
        format::published_count(c.white),
        format::published_count(c.not_stated),
        format::published_count(c.all),
        format::per_thousand(c.black_rate),
        format::per_thousand(c.white_rate),
        format::ratio(c.ratio.and_then(|r| r.ratio)),
        format::limit(c.ratio.map(|r| r.lower)),
        format::limit(c.ratio.map(|r| r.upper)),
        format::percent(c.unknown_share),
        if c.low_reliability { "[u]".to_string() } else { String::new() },
        funnel,
    ]
}

/// Stop and search by ward from the published, controlled counts, and the
/// force row from the force-level table. The funnel column places each
/// ward's all-resident search rate against the force rate's control limits.
pub fn stop_search_table_csv(data: &Path, force_id: &str, basis: Basis, from: Month, to: Month) -> Result<String> {
    let (_, entry, force) = load_force(data, force_id)?;
    let ward_path = ForceFiles::stop_search(force_id);
    let force_path = ForceFiles::stop_search_force(force_id);
    let ward_rows = searches::parse_ward_searches(&ward_path, &read_text(data, &ward_path)?)?;
    let force_rows = searches::parse_force_searches(&force_path, &read_text(data, &force_path)?)?;
    let wards = searches::ward_comparisons(&force.wards, &ward_rows, basis, from, to);
    let total = searches::force_comparison(&force.wards, &force_rows, basis, from, to);
    let centre = total.all.zip(Some(total.residents)).and_then(|(a, n)| harm_core::rates::rate_per_resident(a as f64, n));
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut write = |fields: Vec<String>| writer.write_record(&fields).expect("writing to memory");
    write(STOP_SEARCH_HEADER.iter().map(|s| s.to_string()).collect());
    for (ward, c) in force.wards.iter().zip(&wards) {
        let funnel = match (c.all, centre) {
            (Some(all), Some(centre)) => flag(all, c.residents, centre).map(|f| f.describe().to_string()).unwrap_or_default(),
            _ => String::new(),
        };
        write(comparison_row(&ward.ward_code, &ward.ward_name, &ward.district_name, c, funnel));
    }
    write(comparison_row(&entry.code, &format!("{} (force total)", entry.name), "", &total, String::new()));
    Ok(String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8"))
}
