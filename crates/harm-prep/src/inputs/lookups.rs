//! ONS lookups: district -> force, LSOA 2011 -> 2021, LSOA 2021 -> ward.

use crate::error::Result;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{CsvRows, FirstLines};
use harm_core::dataset::District;
use std::collections::BTreeMap;

/// Districts of force `force_code`, sorted by code. The lookup has a row per
/// community safety partnership, so a district may repeat, but always with
/// its one name and force: a district given two would be an error.
pub fn force_districts(raw: &RawFolder, spec: &InputSpec, force_code: &str) -> Result<Vec<District>> {
    let (code, name, force) = (spec.column("district_code")?, spec.column("district_name")?, spec.column("force_code")?);
    let bytes = raw.read("force_lookup", spec, &spec.path)?;
    let mut seen: BTreeMap<String, (String, String, u64)> = BTreeMap::new();
    CsvRows::new(&spec.path, bytes.as_slice(), &[code, name, force])?.for_each(|row| {
        let this = (row.text(name).to_string(), row.text(force).to_string());
        match seen.get(row.text(code)) {
            Some((first_name, first_force, line)) if (first_name, first_force) != (&this.0, &this.1) => Err(row.error(
                code,
                format!("is given the name '{}' and force '{}' here but '{first_name}' and '{first_force}' on line {line}", this.0, this.1),
            )),
            Some(_) => Ok(()),
            None => {
                seen.insert(row.text(code).to_string(), (this.0, this.1, row.line()));
                Ok(())
            }
        }
    })?;
    Ok(seen
        .into_iter()
        .filter(|(_, (_, force, _))| force == force_code)
        .map(|(code, (name, _, _))| District { code, name })
        .collect())
}

/// 2011 LSOA -> the 2021 LSOAs it became (one for unchanged or merged
/// LSOAs, several for split or complex changes).
pub fn lsoa11_to_lsoa21(raw: &RawFolder, spec: &InputSpec) -> Result<BTreeMap<String, Vec<String>>> {
    let (from, to) = (spec.column("lsoa11_code")?, spec.column("lsoa21_code")?);
    let bytes = raw.read("lsoa11_to_lsoa21", spec, &spec.path)?;
    let mut lookup: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[from, to])?.for_each(|row| {
        if row.text(from).is_empty() || row.text(to).is_empty() {
            return Err(row.error(if row.text(from).is_empty() { from } else { to }, "is empty"));
        }
        first.first(row, to, (row.text(from).to_string(), row.text(to).to_string()), "pair of 2011 and 2021 LSOAs")?;
        lookup.entry(row.text(from).to_string()).or_default().push(row.text(to).to_string());
        Ok(())
    })?;
    Ok(lookup)
}

/// 2021 LSOA -> its best-fit 2024 ward.
pub fn lsoa21_to_ward(raw: &RawFolder, spec: &InputSpec) -> Result<BTreeMap<String, String>> {
    let (lsoa, ward) = (spec.column("lsoa21_code")?, spec.column("ward_code")?);
    let bytes = raw.read("lsoa21_to_ward", spec, &spec.path)?;
    let mut lookup = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[lsoa, ward])?.for_each(|row| {
        first.first(row, lsoa, row.text(lsoa).to_string(), "LSOA")?;
        lookup.insert(row.text(lsoa).to_string(), row.text(ward).to_string());
        Ok(())
    })?;
    Ok(lookup)
}
