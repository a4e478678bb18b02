//! `harm-prep table`: the site's ward table as CSV, computed from the
//! published files by the same core functions the site uses.

use crate::error::{PrepError, Result};
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest};
use harm_core::figures::{self, AreaFigures, ForceData};
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
