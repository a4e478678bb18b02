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
    /// A made-up dataset (the test fixture, a demonstration build): the site
    /// then says "synthetic demonstration data" on every view.
    #[serde(default)]
    pub synthetic: bool,
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
    /// How much of an input may be rejected or fall outside the force before
    /// the build stops rather than publish figures with rows missing.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// What each data-availability rating needs (`rag.csv`).
    #[serde(default)]
    pub rag: harm_core::rag::Thresholds,
    #[serde(default)]
    pub calls_for_service: CallsSettings,
}

/// How calls for service are read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallsSettings {
    /// A caller with at least this many calls in a calendar month is tagged
    /// persistent for that month; their calls are counted apart.
    pub persistent_caller_calls: u64,
}

impl Default for CallsSettings {
    fn default() -> Self {
        CallsSettings { persistent_caller_calls: 10 }
    }
}

/// Shares of a file's records, as fractions from 0 to 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// A file with more rejected records than this share fails the build (a
    /// file with every record rejected always fails).
    pub max_rejected_share: f64,
    /// A file, or a force's street crime or stop and search as a whole, with
    /// more records outside the force's wards than this share fails the build
    /// (swapped coordinate columns send every record outside).
    pub max_outside_force_share: f64,
}

impl Default for Thresholds {
    /// The real police.uk files of 2018-2022 reject no record and place at
    /// most 0.5% outside the force (border addresses), well inside these.
    fn default() -> Self {
        Thresholds { max_rejected_share: 0.01, max_outside_force_share: 0.02 }
    }
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
    /// The force's police.uk downloads; without it the force has no
    /// street crime or stop and search, which the site says.
    #[serde(default)]
    pub police_uk: Option<PoliceUkSource>,
    /// The force's name in the Home Office recorded crime table.
    pub home_office_name: String,
    /// The force's name in the use-of-force tables, where it differs from
    /// `home_office_name` (they name Avon & Somerset, Devon & Cornwall, the
    /// City of London and the Metropolitan Police differently).
    #[serde(default)]
    pub use_of_force_name: Option<String>,
    /// The force's name in the district stop and search series
    /// (`inputs.stop_search_series`); no series is published without it.
    #[serde(default)]
    pub series_name: Option<String>,
    /// Force-held extracts in the templates' shape (`data/templates/`).
    #[serde(default)]
    pub force_held: Vec<ForceHeldSpec>,
}

impl ForceRecipe {
    /// The force's name in the use-of-force tables.
    pub fn use_of_force_name(&self) -> &str {
        self.use_of_force_name.as_deref().unwrap_or(&self.home_office_name)
    }
}

/// A force's police.uk monthly files, all in one folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoliceUkSource {
    /// Folder of the monthly CSVs, flat (`YYYY-MM-<file_force>-street.csv`,
    /// `-stop-and-search.csv`, `-outcomes.csv`) or in police.uk's archive
    /// layout (`YYYY-MM/YYYY-MM-<file_force>-street.csv`).
    pub folder: String,
    /// The force as police.uk names it in file names, e.g. `hampshire`.
    pub file_force: String,
    /// The force as its street-level records name it in `Falls within`,
    /// e.g. `Hampshire Constabulary`.
    pub falls_within: String,
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
    CallsForService,
}

impl ForceHeldKind {
    pub fn key(self) -> &'static str {
        match self {
            ForceHeldKind::Victims => "victims",
            ForceHeldKind::SuspectsOffenders => "suspects-offenders",
            ForceHeldKind::UseOfForceByWard => "use-of-force-by-ward",
            ForceHeldKind::CallsForService => "calls-for-service",
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
            file_columns: BTreeMap::new(),
            successors: BTreeMap::new(),
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
    /// Crime Survey for England and Wales open data tables (gzip-compressed),
    /// one entry per table: Black and White adults' national estimates,
    /// published as `crime-survey.csv`; not published without it.
    #[serde(default)]
    pub crime_survey: Option<Vec<InputSpec>>,
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
    /// District names in a file of an earlier vintage -> the district of the
    /// force lookup they are now part of (its successor after a
    /// reorganisation, or the lookup's spelling); their counts are summed
    /// into it.
    #[serde(default)]
    pub successors: BTreeMap<String, String>,
    /// For a folder of per-district files: district code -> logical column
    /// -> header, for a file published with another vintage's headers (its
    /// other columns are `columns`').
    #[serde(default)]
    pub file_columns: BTreeMap<String, BTreeMap<String, String>>,
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

    /// [`InputSpec::column`] in the per-district file of `district_code`.
    pub fn file_column(&self, district_code: &str, logical: &str) -> Result<&str> {
        match self.file_columns.get(district_code).and_then(|c| c.get(logical)) {
            Some(header) => Ok(header),
            None => self.column(logical),
        }
    }

    pub fn value(&self, logical: &str) -> Result<&str> {
        self.values.get(logical).map(String::as_str).ok_or_else(|| PrepError::Recipe {
            path: PathBuf::from(&self.path),
            reason: format!("input '{}' does not give its text for '{logical}'", self.path),
        })
    }
}

/// Reads and validates the recipe as a whole before any input is read: one
/// error lists every problem found.
pub fn read_recipe(path: &Path) -> Result<Recipe> {
    let text = std::fs::read_to_string(path).map_err(PrepError::io(path))?;
    let recipe: Recipe =
        toml::from_str(&text).map_err(|e| PrepError::Recipe { path: path.to_path_buf(), reason: e.to_string() })?;
    let problems = recipe.problems();
    if !problems.is_empty() {
        let reason = format!("{} problem(s):\n  - {}", problems.len(), problems.join("\n  - "));
        return Err(PrepError::Recipe { path: path.to_path_buf(), reason });
    }
    Ok(recipe)
}

/// Lowercase letters and digits in hyphen-separated words: safe as a folder
/// name, a URL key and a command-line argument.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// A path that stays inside the folder it is relative to.
pub fn is_inside(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

impl Recipe {
    /// Every problem of the recipe, each a sentence naming the setting.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(self.simplify_area.is_finite() && (0.0..=1e-4).contains(&self.simplify_area)) {
            problems.push(format!(
                "simplify_area = {}: must be a number from 0 to 1e-4 square degrees (1e-4 is a triangle about 1 km across)",
                self.simplify_area
            ));
        }
        if !(3..=8).contains(&self.coordinate_decimals) {
            problems.push(format!(
                "coordinate_decimals = {}: must be from 3 (about 100 m) to 8 (about 1 mm)",
                self.coordinate_decimals
            ));
        }
        let t = &self.thresholds;
        for (name, share) in [("max_rejected_share", t.max_rejected_share), ("max_outside_force_share", t.max_outside_force_share)] {
            if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
                problems.push(format!("thresholds.{name} = {share}: must be a share from 0 to 1"));
            }
        }
        let (green, amber) = (&self.rag.green, &self.rag.amber);
        // (setting, Green's value, Amber's, whether more is better)
        for (name, g, a, more_is_better) in [
            ("months_share", green.months_share, amber.months_share, true),
            ("located_share", green.located_share, amber.located_share, true),
            ("ethnicity_stated_share", green.ethnicity_stated_share, amber.ethnicity_stated_share, true),
            ("max_rejected_share", green.max_rejected_share, amber.max_rejected_share, false),
        ] {
            let shares = [g, a].iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v));
            if !shares || (if more_is_better { a > g } else { a < g }) {
                problems.push(format!(
                    "rag.green.{name} = {g} and rag.amber.{name} = {a}: must be shares from 0 to 1, Amber no stricter than Green"
                ));
            }
        }
        if self.calls_for_service.persistent_caller_calls < 2 {
            problems.push(format!(
                "calls_for_service.persistent_caller_calls = {}: must be at least 2 calls a month",
                self.calls_for_service.persistent_caller_calls
            ));
        }
        if self.forces.is_empty() {
            problems.push("no [[forces]]: at least one force must be built".into());
        }
        let (mut ids, mut codes) = (BTreeSet::new(), BTreeSet::new());
        for force in &self.forces {
            let f = format!("force '{}'", force.id);
            if !is_slug(&force.id) {
                problems.push(format!("{f}: its id must be lowercase letters and digits in hyphen-separated words (it names a folder and a URL key)"));
            }
            if !ids.insert(&force.id) {
                problems.push(format!("{f}: its id is given to an earlier force too"));
            }
            let code_ok = force.code.len() == 9
                && (force.code.starts_with('E') || force.code.starts_with('W'))
                && force.code[1..].chars().all(|c| c.is_ascii_digit());
            if !code_ok {
                problems.push(format!("{f}: code '{}' is not an ONS area code like E23000030", force.code));
            }
            if !codes.insert(&force.code) {
                problems.push(format!("{f}: code '{}' is given to an earlier force too", force.code));
            }
            for (setting, text) in [("name", &force.name), ("home_office_name", &force.home_office_name)] {
                if text.trim().is_empty() {
                    problems.push(format!("{f}: {setting} is empty"));
                }
            }
            if let Some(p) = &force.police_uk {
                if !is_inside(&p.folder) {
                    problems.push(format!("{f}: police_uk.folder '{}' must be a path inside the raw-data folder", p.folder));
                }
                if !is_slug(&p.file_force) {
                    problems.push(format!("{f}: police_uk.file_force '{}' must be police.uk's lowercase hyphenated name", p.file_force));
                }
                if p.falls_within.trim().is_empty() {
                    problems.push(format!("{f}: police_uk.falls_within is empty"));
                }
            }
            for extract in &force.force_held {
                if !is_inside(&extract.path) {
                    problems.push(format!("{f}: force_held path '{}' must be a path inside the raw-data folder", extract.path));
                }
            }
        }
        for (name, spec) in self.inputs.named() {
            if !is_inside(&spec.path) {
                problems.push(format!("inputs.{name}: path '{}' must be a path inside the raw-data folder", spec.path));
            }
        }
        problems.extend(period_problems(&self.periods));
        problems
    }
}

impl Inputs {
    /// Every input with its name in the recipe.
    fn named(&self) -> Vec<(String, &InputSpec)> {
        let mut named = vec![
            ("street_crime".to_string(), &self.street_crime),
            ("force_lookup".to_string(), &self.force_lookup),
            ("ward_boundaries".to_string(), &self.ward_boundaries),
            ("lsoa21_boundaries".to_string(), &self.lsoa21_boundaries),
            ("lsoa11_to_lsoa21".to_string(), &self.lsoa11_to_lsoa21),
            ("lsoa21_to_ward".to_string(), &self.lsoa21_to_ward),
            ("ethnic_group".to_string(), &self.ethnic_group),
            ("deprivation".to_string(), &self.deprivation),
            ("rural_urban".to_string(), &self.rural_urban),
            ("offence_categories".to_string(), &self.offence_categories),
            ("offence_volumes".to_string(), &self.offence_volumes),
            ("stop_search".to_string(), &self.stop_search),
            ("weights".to_string(), &self.weights),
            ("chi_weights".to_string(), &self.chi_weights),
        ];
        named.extend(self.use_of_force.iter().enumerate().map(|(i, spec)| (format!("use_of_force[{i}]"), spec)));
        named.extend(self.stop_search_series.iter().map(|spec| ("stop_search_series".to_string(), spec)));
        named.extend(self.crime_survey.iter().flatten().enumerate().map(|(i, spec)| (format!("crime_survey[{i}]"), spec)));
        named
    }
}

/// Named periods are keys in URLs and on the command line, and change is
/// measured against the one baseline, so: keys unique and URL-safe
/// (lowercase letters, digits, hyphens), no period running backwards, and
/// exactly one baseline.
fn period_problems(periods: &[NamedPeriod]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut keys = BTreeSet::new();
    for p in periods {
        let url_safe = p.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if p.key.is_empty() || !url_safe {
            problems.push(format!("period '{}': its key must be lowercase letters, digits and hyphens", p.key));
        }
        if !keys.insert(p.key.as_str()) {
            problems.push(format!("period '{}': its key is given to an earlier period too", p.key));
        }
        if let Some(to) = p.to.filter(|&to| to < p.from) {
            problems.push(format!("period '{}': it runs backwards, from {} to {to}", p.key, p.from));
        }
    }
    let baselines: Vec<String> = periods.iter().filter(|p| p.baseline).map(|p| format!("'{}'", p.key)).collect();
    match baselines.len() {
        1 => {}
        0 => problems.push("no period is marked `baseline = true`: exactly one must be".into()),
        _ => problems.push(format!("periods {} are each marked `baseline = true`: exactly one may be", baselines.join(" and "))),
    }
    problems
}
