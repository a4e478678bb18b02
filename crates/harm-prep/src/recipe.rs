//! The build recipe: which raw files make the published dataset, with their
//! columns, vintage and licence. It is committed beside the published data
//! (`data/recipe.toml`) so the build is reproducible from documented inputs.

use crate::error::{PrepError, Result};
use harm_core::period::NamedPeriod;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub title: String,
    pub forces: Vec<ForceRecipe>,
    pub inputs: Inputs,
    /// The named periods (baseline, Covid, post-Covid), published as data in
    /// the manifest so the site and the tables offer the same ones.
    pub periods: Vec<NamedPeriod>,
    /// Tolerance of the Visvalingam-Whyatt simplification of ward boundaries
    /// (triangle area, in square degrees).
    pub simplify_area: f64,
    /// Decimal places kept in published coordinates.
    pub coordinate_decimals: u32,
    /// The fixed periods sensitive counts are published for below force level.
    pub publication: Publication,
}

/// One set of non-overlapping fixed periods per sensitive dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Stop and search by ward and district (months only at force level).
    pub stop_search: harm_core::period::FixedPeriods,
    /// Force-held extracts (victims, suspects and offenders, use of force by ward).
    pub force_held: harm_core::period::FixedPeriods,
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
    /// The force's name in the district stop and search series
    /// (`inputs.stop_search_series`); no series is published without it.
    #[serde(default)]
    pub series_name: Option<String>,
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
            edition: None,
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
    /// The ONS Crime Severity Score list of weights (offence code, offence,
    /// weight): the default weighting scheme.
    pub weights: InputSpec,
    /// The Cambridge Crime Harm Index by Home Office subgroup (category,
    /// subgroup, days, national count): an alternative weighting scheme.
    pub chi_weights: InputSpec,
    /// Black and White searches by named district and calendar year
    /// (2017-2021), every force: the five-year series.
    #[serde(default)]
    pub stop_search_series: Option<InputSpec>,
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
    /// The edition of a list of weights when the file has no edition column
    /// (a republished subset); give this or an `edition` column, not both.
    #[serde(default)]
    pub edition: Option<String>,
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
    let recipe: Recipe =
        toml::from_str(&text).map_err(|e| PrepError::Recipe { path: path.to_path_buf(), reason: e.to_string() })?;
    check_periods(&recipe.periods).map_err(|reason| PrepError::Recipe { path: path.to_path_buf(), reason })?;
    Ok(recipe)
}

/// Named periods are keys in URLs and on the command line, and change is
/// measured against the one baseline, so: keys unique and URL-safe
/// (lowercase letters, digits, hyphens), no period running backwards, and
/// exactly one baseline.
fn check_periods(periods: &[NamedPeriod]) -> std::result::Result<(), String> {
    let mut keys = BTreeSet::new();
    for p in periods {
        let url_safe = p.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if p.key.is_empty() || !url_safe {
            return Err(format!("period '{}': its key must be lowercase letters, digits and hyphens", p.key));
        }
        if !keys.insert(p.key.as_str()) {
            return Err(format!("period '{}': its key is given to an earlier period too", p.key));
        }
        if let Some(to) = p.to.filter(|&to| to < p.from) {
            return Err(format!("period '{}': it runs backwards, from {} to {to}", p.key, p.from));
        }
    }
    let baselines: Vec<String> = periods.iter().filter(|p| p.baseline).map(|p| format!("'{}'", p.key)).collect();
    match baselines.len() {
        1 => Ok(()),
        0 => Err("no period is marked `baseline = true`: exactly one must be".into()),
        _ => Err(format!("periods {} are each marked `baseline = true`: exactly one may be", baselines.join(" and "))),
    }
}
