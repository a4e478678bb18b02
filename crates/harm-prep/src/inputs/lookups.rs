//! ONS lookups: district -> force, LSOA 2011 -> 2021, LSOA 2021 -> ward.

use crate::error::Result;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::CsvRows;
use harm_core::dataset::District;
use std::collections::BTreeMap;

/// Districts of force `force_code`, sorted by code.
pub fn force_districts(raw: &RawFolder, spec: &InputSpec, force_code: &str) -> Result<Vec<District>> {
    let (code, name, force) = (spec.column("district_code")?, spec.column("district_name")?, spec.column("force_code")?);
    let bytes = raw.read("force_lookup", spec, &spec.path)?;
    let mut districts = BTreeMap::new();
    CsvRows::new(&spec.path, bytes.as_slice(), &[code, name, force])?.for_each(|row| {
        if row.text(force) == force_code {
            districts.insert(row.text(code).to_string(), row.text(name).to_string());
        }
        Ok(())
    })?;
    Ok(districts.into_iter().map(|(code, name)| District { code, name }).collect())
}

/// 2011 LSOA -> the 2021 LSOAs it became (one for unchanged or merged
/// LSOAs, several for split or complex changes).
pub fn lsoa11_to_lsoa21(raw: &RawFolder, spec: &InputSpec) -> Result<BTreeMap<String, Vec<String>>> {
    let (from, to) = (spec.column("lsoa11_code")?, spec.column("lsoa21_code")?);
    let bytes = raw.read("lsoa11_to_lsoa21", spec, &spec.path)?;
    let mut lookup: BTreeMap<String, Vec<String>> = BTreeMap::new();
    CsvRows::new(&spec.path, bytes.as_slice(), &[from, to])?.for_each(|row| {
        if row.text(from).is_empty() || row.text(to).is_empty() {
            return Err(row.error(if row.text(from).is_empty() { from } else { to }, "is empty"));
        }
        let children = lookup.entry(row.text(from).to_string()).or_default();
        if !children.iter().any(|c| c == row.text(to)) {
            children.push(row.text(to).to_string());
        }
        Ok(())
    })?;
    Ok(lookup)
}

/// 2021 LSOA -> its best-fit 2024 ward.
pub fn lsoa21_to_ward(raw: &RawFolder, spec: &InputSpec) -> Result<BTreeMap<String, String>> {
    let (lsoa, ward) = (spec.column("lsoa21_code")?, spec.column("ward_code")?);
    let bytes = raw.read("lsoa21_to_ward", spec, &spec.path)?;
    let mut lookup = BTreeMap::new();
    CsvRows::new(&spec.path, bytes.as_slice(), &[lsoa, ward])?.for_each(|row| {
        if let Some(previous) = lookup.insert(row.text(lsoa).to_string(), row.text(ward).to_string()) {
            if previous != row.text(ward) {
                return Err(row.error(ward, format!("gives a second ward for this LSOA (first: {previous})")));
            }
        }
        Ok(())
    })?;
    Ok(lookup)
}
