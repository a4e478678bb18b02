//! The published dataset: what `harm-prep build` writes and the site loads.
//!
//! Layout of a published folder:
//! - `manifest.json`: schema version, forces, months, inputs with sha256,
//!   weighting scheme and edition;
//! - `<force>/wards.geojson`: simplified ward boundaries (`code`, `name`);
//! - `<force>/wards.csv`: one row per ward (district, residents by ethnic group,
//!   deprivation decile, rural-urban class);
//! - `<force>/crime.csv`: street-level crime counts by ward x month x category;
//! - `<force>/category-weights.csv`: the harm weight of each police.uk category;
//! - `<force>/accounting.csv`: what happened to every input record;
//! - `<force>/stop-search.csv`: searches by ward, month and ethnic group,
//!   disclosure-controlled (see [`crate::disclosure`]);
//! - `<force>/stop-search-force.csv`: force-level searches and outcomes;
//! - `<force>/use-of-force.csv`: force-level use of force by ethnic group;
//! - `<force>/disclosure-audit.json`: what disclosure control did and checked.

use crate::category::Category;
use crate::csv_rows::{CsvRows, InputError};
use crate::harm::{CategoryWeight, CategoryWeights, WeightScheme};
use crate::month::Month;
use serde::{Deserialize, Serialize};

/// Bumped whenever a published file changes shape; the site refuses others.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub title: String,
    /// True when any figure comes from made-up data; the site says so on every view.
    pub synthetic: bool,
    pub weights: WeightsInfo,
    pub forces: Vec<ForceEntry>,
    pub inputs: Vec<InputRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsInfo {
    pub scheme: WeightScheme,
    /// Edition of the list of weights, e.g. "ONS CSS weights 2023".
    pub edition: Option<String>,
    /// Plain statement of what harm means in this dataset, shown with every harm view.
    pub statement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForceEntry {
    /// Folder name and URL key, e.g. `hampshire`.
    pub id: String,
    pub name: String,
    /// ONS police force area code (E23...).
    pub code: String,
    pub districts: Vec<District>,
    pub ward_count: usize,
    /// Months with police.uk street-level crime data; empty when there is none.
    pub crime_months: Vec<Month>,
    /// Why crime data is missing, when it is.
    pub crime_note: Option<String>,
    /// Months with police.uk stop-and-search records; empty when there are none.
    pub stop_search_months: Vec<Month>,
    /// Years of Home Office use-of-force statistics (force level), e.g. "2018-19".
    pub use_of_force_periods: Vec<String>,
    /// Force-held extracts published for this force (e.g. "victims"), each
    /// under disclosure control in `<force>/<kind>.csv`.
    pub force_held: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// Recipe key of the input, e.g. `street_crime`.
    pub input: String,
    /// Path relative to the raw-data folder.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub vintage: String,
    pub licence: String,
}

/// The published files of one force, relative to the dataset folder.
pub struct ForceFiles;

impl ForceFiles {
    pub fn boundaries(force_id: &str) -> String {
        format!("{force_id}/wards.geojson")
    }
    pub fn wards(force_id: &str) -> String {
        format!("{force_id}/wards.csv")
    }
    pub fn crime(force_id: &str) -> String {
        format!("{force_id}/crime.csv")
    }
    pub fn category_weights(force_id: &str) -> String {
        format!("{force_id}/category-weights.csv")
    }
    pub fn accounting(force_id: &str) -> String {
        format!("{force_id}/accounting.csv")
    }
    /// Disclosure-controlled searches by ward, month, basis and group.
    pub fn stop_search(force_id: &str) -> String {
        format!("{force_id}/stop-search.csv")
    }
    /// Force-level searches and outcomes by month, basis and group.
    pub fn stop_search_force(force_id: &str) -> String {
        format!("{force_id}/stop-search-force.csv")
    }
    pub fn use_of_force(force_id: &str) -> String {
        format!("{force_id}/use-of-force.csv")
    }
    pub fn disclosure_audit(force_id: &str) -> String {
        format!("{force_id}/disclosure-audit.json")
    }
}

/// One ward of `wards.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WardRow {
    pub ward_code: String,
    pub ward_name: String,
    pub district_code: String,
    pub district_name: String,
    /// Census 2021 usual residents.
    pub residents: u64,
    pub asian: u64,
    pub black: u64,
    pub mixed: u64,
    pub white: u64,
    pub other: u64,
    /// National IMD decile (1 = most deprived 10%) of the LSOA the ward's median resident lives in.
    pub imd_decile: Option<u8>,
    /// Rural-urban class (2021) holding most of the ward's residents.
    pub rural_urban: String,
}

pub const WARD_COLUMNS: [&str; 12] = [
    "ward_code", "ward_name", "district_code", "district_name", "residents", "asian", "black", "mixed",
    "white", "other", "imd_decile", "rural_urban",
];

/// Crimes in a ward, month and category. `crime.csv` holds one line per ward
/// and month with a column per police.uk category (labels as police.uk
/// writes them), which is several times smaller than one line per cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CrimeRow {
    pub ward_code: String,
    pub month: Month,
    pub category: Category,
    pub count: u64,
}

/// The leading columns of `crime.csv`; a column per category follows.
pub const CRIME_KEY_COLUMNS: [&str; 2] = ["ward_code", "month"];
pub const WEIGHT_COLUMNS: [&str; 4] = ["category", "weight", "weighted_volume", "volume"];

pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, InputError> {
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| InputError::file(file, format!("is not a valid manifest: {e}")))?;
    if manifest.schema_version != SCHEMA_VERSION {
        return Err(InputError::file(
            file,
            format!("has schema version {}, this program reads version {SCHEMA_VERSION}", manifest.schema_version),
        ));
    }
    Ok(manifest)
}

pub fn parse_wards(file: &str, text: &str) -> Result<Vec<WardRow>, InputError> {
    let mut wards = Vec::new();
    CsvRows::new(file, text.as_bytes(), &WARD_COLUMNS)?.for_each(|row| {
        let imd_decile = match row.text("imd_decile") {
            "" => None,
            _ => {
                let d: u8 = row.parse("imd_decile", "a decile from 1 to 10")?;
                if !(1..=10).contains(&d) {
                    return Err(row.error("imd_decile", "is not a decile from 1 to 10"));
                }
                Some(d)
            }
        };
        let ward = WardRow {
            ward_code: row.text("ward_code").to_string(),
            ward_name: row.text("ward_name").to_string(),
            district_code: row.text("district_code").to_string(),
            district_name: row.text("district_name").to_string(),
            residents: row.count("residents")?,
            asian: row.count("asian")?,
            black: row.count("black")?,
            mixed: row.count("mixed")?,
            white: row.count("white")?,
            other: row.count("other")?,
            imd_decile,
            rural_urban: row.text("rural_urban").to_string(),
        };
        if ward.ward_code.is_empty() {
            return Err(row.error("ward_code", "is empty"));
        }
        if ward.asian + ward.black + ward.mixed + ward.white + ward.other != ward.residents {
            return Err(row.error("residents", "does not equal the sum of the five ethnic groups"));
        }
        wards.push(ward);
        Ok(())
    })?;
    Ok(wards)
}

pub fn parse_crime(file: &str, text: &str) -> Result<Vec<CrimeRow>, InputError> {
    let mut columns: Vec<&str> = CRIME_KEY_COLUMNS.to_vec();
    columns.extend(Category::ALL.iter().map(|c| c.label()));
    let mut rows = Vec::new();
    CsvRows::new(file, text.as_bytes(), &columns)?.for_each(|row| {
        let ward_code = row.text("ward_code");
        if ward_code.is_empty() {
            return Err(row.error("ward_code", "is empty"));
        }
        let month: Month = row.parse("month", "a month in the form YYYY-MM")?;
        for category in Category::ALL {
            let count = row.count(category.label())?;
            if count > 0 {
                rows.push(CrimeRow { ward_code: ward_code.to_string(), month, category, count });
            }
        }
        Ok(())
    })?;
    Ok(rows)
}

pub fn parse_category_weights(file: &str, text: &str) -> Result<CategoryWeights, InputError> {
    let mut weights = Vec::new();
    CsvRows::new(file, text.as_bytes(), &WEIGHT_COLUMNS)?.for_each(|row| {
        let category = Category::from_label(row.text("category"))
            .filter(|c| c.carries_harm())
            .ok_or_else(|| row.error("category", "is not a harm-bearing police.uk crime category"))?;
        let weight = match row.text("weight") {
            "" => None,
            _ => Some(row.parse::<f64>("weight", "a number").and_then(|w| {
                if w.is_finite() && w >= 0.0 {
                    Ok(w)
                } else {
                    Err(row.error("weight", "is not a non-negative number"))
                }
            })?),
        };
        weights.push(CategoryWeight {
            category,
            weight,
            weighted_volume: row.count("weighted_volume")?,
            volume: row.count("volume")?,
        });
        Ok(())
    })?;
    Ok(CategoryWeights { weights, unweighted: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wards_must_add_up() {
        let header = WARD_COLUMNS.join(",");
        let good = format!("{header}\nE05000001,Alpha,E07000001,Dist,10,1,2,3,4,0,3,Urban\n");
        let wards = parse_wards("wards.csv", &good).unwrap();
        assert_eq!(wards[0].imd_decile, Some(3));
        let bad = format!("{header}\nE05000001,Alpha,E07000001,Dist,11,1,2,3,4,0,3,Urban\n");
        let err = parse_wards("wards.csv", &bad).unwrap_err().to_string();
        assert_eq!(
            err,
            "wards.csv, line 2, field 'residents': value '11' does not equal the sum of the five ethnic groups"
        );
        let bad_decile = format!("{header}\nE05000001,Alpha,E07000001,Dist,10,1,2,3,4,0,11,Urban\n");
        assert!(parse_wards("wards.csv", &bad_decile).is_err());
    }

    #[test]
    fn crime_rows_name_bad_values() {
        let header: Vec<&str> = Category::ALL.iter().map(|c| c.label()).collect();
        let header = format!("ward_code,month,{}", header.join(","));
        let zeros = vec!["0"; 13].join(",");
        let good = format!("{header}\nE05000001,2019-01,2,{zeros}\n");
        let rows = parse_crime("crime.csv", &good).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].category, rows[0].count), (Category::AntiSocialBehaviour, 2));
        let bad = format!("{header}\nE05000001,2019-01,2,{zeros}\nE05000001,2019-13,1,{zeros}\n");
        let err = parse_crime("crime.csv", &bad).unwrap_err().to_string();
        assert_eq!(err, "crime.csv, line 3, field 'month': value '2019-13' is not a month in the form YYYY-MM");
        let missing = "ward_code,month,Burglary\n";
        assert!(parse_crime("crime.csv", missing).unwrap_err().to_string().contains("no column 'Anti-social behaviour'"));
    }

    #[test]
    fn manifest_schema_version_is_checked() {
        let err = parse_manifest("manifest.json", "{\"schema_version\": 99}").unwrap_err();
        assert!(err.to_string().starts_with("manifest.json: is not a valid manifest"), "{err}");
        assert!(parse_manifest("manifest.json", "not json").is_err());
    }
}
