//! The build recipe: which raw files make the published dataset, with their
//! columns, vintage and licence. It is committed beside the published data
//! (`data/recipe.toml`) so the build is reproducible from documented inputs.

use crate::error::{PrepError, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub title: String,
    pub forces: Vec<ForceRecipe>,
    pub inputs: Inputs,
    /// Tolerance of the Visvalingam-Whyatt simplification of ward boundaries
    /// (triangle area, in square degrees).
    pub simplify_area: f64,
    /// Decimal places kept in published coordinates.
    pub coordinate_decimals: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceRecipe {
    /// Folder name and URL key of the published force.
    pub id: String,
    pub name: String,
    /// ONS police force area code (E23...) as in the force lookup.
    pub code: String,
    /// Folder of police.uk street-level crime CSVs, flat (`YYYY-MM-<slug>-street.csv`)
    /// or in police.uk's archive layout (`YYYY-MM/YYYY-MM-<slug>-street.csv`).
    pub street_crime: String,
    /// Folder of police.uk stop-and-search CSVs (`YYYY-MM-<force>-stop-and-search.csv`).
    pub stop_search: String,
    /// The force's name in Home Office tables (recorded crime, use of force).
    pub home_office_name: String,
    /// Force-held extracts in the templates' shape (`data/templates/`).
    #[serde(default)]
    pub force_held: Vec<ForceHeldSpec>,
}

/// A force-held extract: victims, suspects-offenders or use-of-force-by-ward.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceHeldSpec {
    pub kind: ForceHeldKind,
    pub path: String,
    pub vintage: String,
    pub licence: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForceHeldKind {
    Victims,
    SuspectsOffenders,
    UseOfForceByWard,
}

impl ForceHeldKind {
    pub fn key(self) -> &'static str {
        match self {
            ForceHeldKind::Victims => "victims",
            ForceHeldKind::SuspectsOffenders => "suspects-offenders",
            ForceHeldKind::UseOfForceByWard => "use-of-force-by-ward",
        }
    }
}

impl ForceHeldSpec {
    pub fn input(&self) -> InputSpec {
        InputSpec {
            path: self.path.clone(),
            vintage: self.vintage.clone(),
            licence: self.licence.clone(),
            source: self.source.clone(),
            columns: BTreeMap::new(),
            values: BTreeMap::new(),
            groups: BTreeMap::new(),
            period: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub street_crime: InputSpec,
    pub force_lookup: InputSpec,
    pub ward_boundaries: InputSpec,
    pub lsoa21_boundaries: InputSpec,
    pub lsoa11_to_lsoa21: InputSpec,
    pub lsoa21_to_ward: InputSpec,
    pub ethnic_group: InputSpec,
    pub deprivation: InputSpec,
    pub rural_urban: InputSpec,
    pub offence_categories: InputSpec,
    pub offence_volumes: InputSpec,
    pub stop_search: InputSpec,
    /// One file per year of Home Office use-of-force statistics.
    pub use_of_force: Vec<InputSpec>,
    /// The ONS Crime Severity Score list of weights; absent means unweighted.
    pub weights: Option<InputSpec>,
}

/// One input: a file (or a folder of per-district files) under the raw folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    pub path: String,
    pub vintage: String,
    pub licence: String,
    pub source: String,
    /// Logical column name -> the column's header in this file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Logical value -> the text this file uses for it (e.g. ethnic group labels).
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Column header -> ethnic group key, for files with a column per group.
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    /// The period a file covers, when each file is one period (e.g. "2018-19").
    #[serde(default)]
    pub period: Option<String>,
}

impl InputSpec {
    /// The file's header for a logical column, failing with the recipe's name for it.
    pub fn column(&self, logical: &str) -> Result<&str> {
        self.columns.get(logical).map(String::as_str).ok_or_else(|| PrepError::Recipe {
            path: PathBuf::from(&self.path),
            reason: format!("input '{}' does not name its '{logical}' column", self.path),
        })
    }

    pub fn value(&self, logical: &str) -> Result<&str> {
        self.values.get(logical).map(String::as_str).ok_or_else(|| PrepError::Recipe {
            path: PathBuf::from(&self.path),
            reason: format!("input '{}' does not give its text for '{logical}'", self.path),
        })
    }
}

pub fn read_recipe(path: &Path) -> Result<Recipe> {
    let text = std::fs::read_to_string(path).map_err(PrepError::io(path))?;
    toml::from_str(&text).map_err(|e| PrepError::Recipe { path: path.to_path_buf(), reason: e.to_string() })
}
