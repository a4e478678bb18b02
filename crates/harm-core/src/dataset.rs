//! The published dataset: what `harm-prep build` writes and the site loads.
//!
//! Layout of a published folder:
//! - `manifest.json` (small, loaded first): schema version, build date,
//!   data version and the SHA-256 of every other published file, weighting
//!   schemes, named periods, forces and their months and files;
//! - `provenance.json`: every input read, with sha256, vintage and licence;
//! - `<force>/wards.geojson`, `<force>/districts.geojson`: simplified ward
//!   and district boundaries (`code`, `name`), sharing their edges;
//! - `<force>/ward-outlines.csv`, `<force>/district-outlines.csv`: the same
//!   outlines projected and rounded as the map draws them
//!   ([`crate::outlines`]);
//! - `<force>/wards.csv`: one row per ward (district, residents by ethnic group,
//!   deprivation decile, rural-urban class);
//! - `<force>/crime.csv`: street-level crime counts by ward x month x category;
//! - `<force>/category-weights.csv`: the harm weight of each police.uk
//!   category under each weighting scheme;
//! - `<force>/accounting.csv`: what happened to every input record;
//! - `<force>/stop-search.csv`: searches by ward, month and ethnic group,
//!   disclosure-controlled (see [`crate::disclosure`]);
//! - `<force>/stop-search-force.csv`: force-level searches and outcomes;
//! - `<force>/use-of-force.csv`: force-level use of force by ethnic group;
//! - `<force>/disclosure-audit.json`: what disclosure control did and checked.

use crate::category::Category;
use crate::csv_rows::{add_counts, sum_counts, CsvRows, FirstLines, InputError, Row, MAX_EXACT_COUNT};
use crate::disclosure::Cell;
use crate::harm::{CategoryWeight, CategoryWeights, WeightScheme};
use crate::month::{describe_runs, Month};
use crate::period::{NamedPeriod, Period, PeriodError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Bumped whenever a published file changes shape; the site refuses others.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub title: String,
    /// True when any figure comes from made-up data; the site says so on every view.
    pub synthetic: bool,
    /// The day the data was built (YYYY-MM-DD), said on every view. Empty in
    /// manifests written before it was recorded.
    #[serde(default)]
    pub built: String,
    /// A short content hash of the published files (the first 12 hex digits
    /// of the SHA-256 of the sorted `path sha256` lines of [`Manifest::files`]),
    /// so two copies of the data can be told apart. Empty in older manifests.
    #[serde(default)]
    pub data_version: String,
    /// Every weighting scheme published, the default first.
    pub weight_schemes: Vec<WeightsInfo>,
    /// Periods declared in the recipe (baseline, Covid, post-Covid).
    pub periods: Vec<NamedPeriod>,
    /// The thresholds `rag.csv` was rated with, said in words beside it.
    #[serde(default)]
    pub rag_thresholds: crate::rag::Thresholds,
    pub forces: Vec<ForceEntry>,
    /// The SHA-256 (lower-case hex) of every published file but the manifest
    /// itself, by path relative to the data folder: the site checks each file
    /// it fetches against it. Empty in older manifests, whose files the site
    /// then says it could not check.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// The national overview of every district, when the build made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<crate::overview::OverviewEntry>,
}

impl Manifest {
    pub fn weights_info(&self, scheme: WeightScheme) -> Option<&WeightsInfo> {
        self.weight_schemes.iter().find(|w| w.scheme == scheme)
    }

    /// The scheme harm is shown in unless the reader chooses another.
    pub fn default_scheme(&self) -> WeightScheme {
        self.weight_schemes.first().map_or(WeightScheme::Counts, |w| w.scheme)
    }
}

/// A weighting scheme's provenance and what harm means under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsInfo {
    pub scheme: WeightScheme,
    /// Edition of the list of weights, e.g. "ONS CSS list of weights, as current in 2020".
    pub edition: Option<String>,
    /// Where the weights come from.
    pub source: String,
    /// Plain statement of what harm means under this scheme, shown with every harm view.
    pub statement: String,
}

/// `provenance.json`: every input file the build read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub schema_version: u32,
    pub inputs: Vec<InputRecord>,
}

/// `Default` is a force with no data of any kind (tests build on it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// The fixed periods stop and search is published for below force level
    /// (ward and district tables), each with the months that have records.
    pub stop_search_periods: Vec<PublishedPeriod>,
    /// Years of Home Office use-of-force statistics (force level), e.g. "2018-19".
    pub use_of_force_periods: Vec<String>,
    /// Force-held extracts published for this force (e.g. "victims"), each
    /// under disclosure control in `<force>/<kind>.csv`.
    pub force_held: Vec<String>,
    /// Years of the five-year district stop and search series
    /// (`<force>/stop-search-series.csv`); empty when it is not published.
    #[serde(default)]
    pub stop_search_series_years: Vec<u16>,
    /// How the force's data departs from the plain inputs: LSOAs
    /// placed by their interior point, wards without residents of their
    /// own, deprivation not covering Wales, repeated boundary features,
    /// years of the district series not published for a missing count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_notes: Vec<String>,
}

/// A fixed period a sensitive table is published for, e.g. the calendar year
/// `2019`, with the months of it that have records ("2 of 12 months").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedPeriod {
    pub key: String,
    pub months_with_records: Vec<Month>,
}

impl ForceEntry {
    /// Keys of the periods stop and search is published for below force level.
    pub fn stop_search_period_keys(&self) -> Vec<String> {
        self.stop_search_periods.iter().map(|p| p.key.clone()).collect()
    }

    /// Every month with street-crime or stop-and-search data, ascending: the
    /// months a period's coverage is judged against.
    pub fn data_months(&self) -> Vec<Month> {
        let mut months: Vec<Month> = self.crime_months.iter().chain(&self.stop_search_months).copied().collect();
        months.sort();
        months.dedup();
        months
    }

    /// The months with `data`, ascending.
    pub fn months(&self, data: MonthlyData) -> Vec<Month> {
        let mut months = match data {
            MonthlyData::StreetCrime => self.crime_months.clone(),
            MonthlyData::StopSearch => self.stop_search_months.clone(),
            MonthlyData::Any => return self.data_months(),
        };
        months.sort();
        months.dedup();
        months
    }

    /// A period key read against the dataset's named periods, with at least
    /// one month of any data: the periods the site shows (it shows its
    /// default period for a key refused here).
    pub fn period(&self, key: &str, named: &[NamedPeriod]) -> Result<Period, PeriodError> {
        self.period_with(key, named, MonthlyData::Any)
    }

    /// A period key read against the dataset's named periods, refused when
    /// it is not a period, runs backwards, or has no month of `data` (the
    /// error names the key as given and the months that have the data). An
    /// open-ended named period ends at the force's last month of any data.
    /// Every period the site and `harm-prep` show is resolved here.
    pub fn period_with(&self, key: &str, named: &[NamedPeriod], data: MonthlyData) -> Result<Period, PeriodError> {
        let period = Period::parse(key, named, self.data_months().last().copied())?;
        let months = self.months(data);
        if period.coverage(&months).has_data() {
            return Ok(period);
        }
        Err(PeriodError::NoData {
            key: key.trim().to_string(),
            span: period.span(),
            force: self.name.clone(),
            data: data.label().to_string(),
            covered: if months.is_empty() {
                "it publishes none for any month".to_string()
            } else {
                format!("its {} data covers {}", data.label(), describe_runs(&months))
            },
        })
    }
}

/// The kinds of monthly data a period can be asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthlyData {
    /// police.uk street-level crime (harm, crime rates, change in harm).
    StreetCrime,
    /// police.uk stop and search.
    StopSearch,
    /// Either: the period has something to show.
    Any,
}

impl MonthlyData {
    /// As said in messages: "no street-crime data".
    pub fn label(self) -> &'static str {
        match self {
            MonthlyData::StreetCrime => "street-crime",
            MonthlyData::StopSearch => "stop-and-search",
            MonthlyData::Any => "street-crime or stop-and-search",
        }
    }
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

/// Where the inputs' provenance is published, relative to the dataset folder.
pub const PROVENANCE: &str = "provenance.json";

impl ForceFiles {
    pub fn boundaries(force_id: &str) -> String {
        format!("{force_id}/wards.geojson")
    }
    /// District outlines, dissolved from the wards.
    pub fn district_boundaries(force_id: &str) -> String {
        format!("{force_id}/districts.geojson")
    }
    /// The files the site reads before it draws a force's map, in this
    /// order (public/boot.js preloads the same list).
    pub fn map_files(force_id: &str) -> [String; 7] {
        [
            ForceFiles::ward_outlines(force_id),
            ForceFiles::wards(force_id),
            ForceFiles::crime(force_id),
            ForceFiles::category_weights(force_id),
            ForceFiles::stop_search(force_id),
            ForceFiles::stop_search_force(force_id),
            ForceFiles::use_of_force(force_id),
        ]
    }
    /// The ward outlines as the map draws them ([`crate::outlines`]).
    pub fn ward_outlines(force_id: &str) -> String {
        format!("{force_id}/ward-outlines.csv")
    }
    /// The district outlines as the map draws them, in the wards' frame.
    pub fn district_outlines(force_id: &str) -> String {
        format!("{force_id}/district-outlines.csv")
    }
    pub fn wards(force_id: &str) -> String {
        format!("{force_id}/wards.csv")
    }
    /// The force's 2021 LSOAs and their wards (ONS best fit), for placing
    /// force-held records given by LSOA.
    pub fn lsoa_wards(force_id: &str) -> String {
        format!("{force_id}/lsoa-wards.csv")
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
    /// Black and White searches by district and year (2017-2021), controlled, and the force's.
    pub fn stop_search_series(force_id: &str) -> String {
        format!("{force_id}/stop-search-series.csv")
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
    /// No 2021 LSOA best-fits the ward, so the census counts its residents
    /// in the neighbouring wards: its resident cells are blank in
    /// `wards.csv` and its counts here are zero only so that district and
    /// force totals, which do hold those residents, stay sums of wards.
    /// Nothing is shown or computed per resident for it: see [`WardRow::residents_note`].
    pub residents_in_neighbours: bool,
}

/// Said wherever a ward without its own residents would show a count or a rate.
pub const RESIDENTS_IN_NEIGHBOURS: &str = "no LSOA best-fits this ward: its residents are counted in the neighbouring wards";

/// Said wherever a Welsh ward's deprivation would show.
pub const WALES_NO_DEPRIVATION: &str = "Welsh wards: the English Indices of Deprivation do not cover Wales";

impl WardRow {
    /// Why the ward has no resident count of its own, if it has none.
    pub fn residents_note(&self) -> Option<&'static str> {
        self.residents_in_neighbours.then_some(RESIDENTS_IN_NEIGHBOURS)
    }

    /// Why the ward has no deprivation decile, if the data says why: Welsh
    /// wards (ONS codes W05...) are outside the English Indices.
    pub fn deprivation_note(&self) -> Option<&'static str> {
        (self.imd_decile.is_none() && self.ward_code.starts_with('W')).then_some(WALES_NO_DEPRIVATION)
    }
}

pub const LSOA_WARD_COLUMNS: [&str; 2] = ["lsoa21_code", "ward_code"];

/// Reads `lsoa-wards.csv`: each LSOA once, to a ward of `wards`.
pub fn parse_lsoa_wards(file: &str, text: &str, wards: &[WardRow]) -> Result<BTreeMap<String, String>, InputError> {
    let mut lookup = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(file, text.as_bytes(), &LSOA_WARD_COLUMNS)?.for_each(|row| {
        first.first(row, "lsoa21_code", row.text("lsoa21_code").to_string(), "LSOA")?;
        if !wards.iter().any(|w| w.ward_code == row.text("ward_code")) {
            return Err(row.error("ward_code", "is not a ward of wards.csv"));
        }
        lookup.insert(row.text("lsoa21_code").to_string(), row.text("ward_code").to_string());
        Ok(())
    })?;
    Ok(lookup)
}

pub const WARD_COLUMNS: [&str; 12] = [
    "ward_code", "ward_name", "district_code", "district_name", "residents", "asian", "black", "mixed",
    "white", "other", "imd_decile", "rural_urban",
];

/// Published crime counts held densely: a cell of 14 category counts per
/// ward (in `wards.csv` order) and month with data, so a period's figures
/// are sums over array slices, not scans of rows keyed by text.
/// `crime.csv` holds one line per ward and month with any record, a column
/// per police.uk category (labels as police.uk writes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrimeCounts {
    /// Months with data, ascending.
    months: Vec<Month>,
    /// `cells[ward * months.len() + month_index]`.
    cells: Vec<[u32; 14]>,
}

impl CrimeCounts {
    /// All-zero counts for `ward_count` wards over `months` (sorted, distinct).
    pub fn new(ward_count: usize, mut months: Vec<Month>) -> CrimeCounts {
        months.sort();
        months.dedup();
        CrimeCounts { cells: vec![[0; 14]; ward_count * months.len()], months }
    }

    pub fn months(&self) -> &[Month] {
        &self.months
    }

    pub fn month_index(&self, m: Month) -> Option<usize> {
        self.months.binary_search(&m).ok()
    }

    /// Counts of one ward in one month, by category in [`Category::ALL`] order.
    pub fn cell(&self, ward: usize, month_index: usize) -> &[u32; 14] {
        &self.cells[ward * self.months.len() + month_index]
    }

    pub fn cell_mut(&mut self, ward: usize, month_index: usize) -> &mut [u32; 14] {
        let n = self.months.len();
        &mut self.cells[ward * n + month_index]
    }

    /// Sum of one ward's counts over the given month indices.
    pub fn sum(&self, ward: usize, month_indices: &[usize]) -> [u64; 14] {
        let mut total = [0u64; 14];
        for &i in month_indices {
            for (t, &n) in total.iter_mut().zip(self.cell(ward, i)) {
                *t += u64::from(n);
            }
        }
        total
    }

    /// Sum of several wards' counts over the given month indices.
    pub fn sum_wards(&self, wards: &[usize], month_indices: &[usize]) -> [u64; 14] {
        let mut total = [0u64; 14];
        for &w in wards {
            for (t, n) in total.iter_mut().zip(self.sum(w, month_indices)) {
                *t += n;
            }
        }
        total
    }

    /// Indices of the months with data among `months`.
    pub fn indices_of(&self, months: &[Month]) -> Vec<usize> {
        months.iter().filter_map(|&m| self.month_index(m)).collect()
    }
}

/// The leading columns of `crime.csv`; a column per category follows.
pub const CRIME_KEY_COLUMNS: [&str; 2] = ["ward_code", "month"];
pub const WEIGHT_COLUMNS: [&str; 5] = ["scheme", "category", "weight", "weighted_volume", "volume"];

pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, InputError> {
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| InputError::file(file, format!("is not a valid manifest: {e}")))?;
    if manifest.schema_version != SCHEMA_VERSION {
        return Err(InputError::file(
            file,
            format!("has schema version {}, this program reads version {SCHEMA_VERSION}", manifest.schema_version),
        ));
    }
    if manifest.forces.is_empty() {
        return Err(InputError::file(file, "lists no forces"));
    }
    Ok(manifest)
}

/// `provenance.json`, read for the sources and licences a downloaded table names.
pub fn parse_provenance(file: &str, text: &str) -> Result<Provenance, InputError> {
    let provenance: Provenance =
        serde_json::from_str(text).map_err(|e| InputError::file(file, format!("is not a valid provenance file: {e}")))?;
    if provenance.schema_version != SCHEMA_VERSION {
        return Err(InputError::file(
            file,
            format!("has schema version {}, this program reads version {SCHEMA_VERSION}", provenance.schema_version),
        ));
    }
    Ok(provenance)
}

/// Adds a row's count to the running total of its file, refusing the row
/// that takes the total past [`MAX_EXACT_COUNT`]: every sum of a file's
/// counts (an area's, a period's, the force's) is then exact, in `u64` and in
/// the `f64` rates are computed in.
pub(crate) fn add_to_file_total(row: &Row, column: &str, total: &mut u64, n: u64) -> Result<(), InputError> {
    *total = add_counts(*total, n).ok_or_else(|| {
        row.error(column, format!("takes the file's total past {MAX_EXACT_COUNT} (2^53), beyond exact arithmetic"))
    })?;
    Ok(())
}

/// A published cell (`[c]` or a count), its count added to the file's `total`.
pub(crate) fn read_cell(row: &Row, column: &str, total: &mut u64) -> Result<Cell, InputError> {
    let cell = Cell::parse(row.text(column))
        .ok_or_else(|| row.error(column, format!("is not [c] or a count of at most {MAX_EXACT_COUNT}")))?;
    add_to_file_total(row, column, total, cell.value().unwrap_or(0))?;
    Ok(cell)
}

pub fn parse_wards(file: &str, text: &str) -> Result<Vec<WardRow>, InputError> {
    let mut wards = Vec::new();
    let mut first = FirstLines::default();
    let mut residents = 0;
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
        // Blank resident cells, all six together, are a ward no LSOA best-fits.
        let resident_columns = ["residents", "asian", "black", "mixed", "white", "other"];
        let residents_in_neighbours = resident_columns.iter().all(|c| row.text(c).is_empty());
        let count = |column: &str| if residents_in_neighbours { Ok(0) } else { row.count(column) };
        let ward = WardRow {
            ward_code: row.text("ward_code").to_string(),
            ward_name: row.text("ward_name").to_string(),
            district_code: row.text("district_code").to_string(),
            district_name: row.text("district_name").to_string(),
            residents: count("residents")?,
            asian: count("asian")?,
            black: count("black")?,
            mixed: count("mixed")?,
            white: count("white")?,
            other: count("other")?,
            imd_decile,
            rural_urban: row.text("rural_urban").to_string(),
            residents_in_neighbours,
        };
        if ward.ward_code.is_empty() {
            return Err(row.error("ward_code", "is empty"));
        }
        // Every other file finds wards by code: a code given twice would
        // misplace their counts.
        first.first(row, "ward_code", ward.ward_code.clone(), "ward")?;
        if sum_counts([ward.asian, ward.black, ward.mixed, ward.white, ward.other]) != Some(ward.residents) {
            return Err(row.error("residents", "does not equal the sum of the five ethnic groups"));
        }
        add_to_file_total(row, "residents", &mut residents, ward.residents)?;
        wards.push(ward);
        Ok(())
    })?;
    if wards.is_empty() {
        return Err(InputError::file(file, "lists no wards"));
    }
    Ok(wards)
}

/// Reads `crime.csv` into counts for `wards` over `months` (the manifest's
/// months with crime data). A ward or month the dataset does not declare,
/// or a ward-month given twice, is an error naming the line.
pub fn parse_crime(file: &str, text: &str, wards: &[WardRow], months: &[Month]) -> Result<CrimeCounts, InputError> {
    let mut columns: Vec<&str> = CRIME_KEY_COLUMNS.to_vec();
    columns.extend(Category::ALL.iter().map(|c| c.label()));
    let index: HashMap<&str, usize> = wards.iter().enumerate().map(|(i, w)| (w.ward_code.as_str(), i)).collect();
    let mut counts = CrimeCounts::new(wards.len(), months.to_vec());
    let mut seen = vec![false; counts.cells.len()];
    CsvRows::new(file, text.as_bytes(), &columns)?.for_each(|row| {
        let ward = *index.get(row.text("ward_code")).ok_or_else(|| row.error("ward_code", "is not a ward of wards.csv"))?;
        let month: Month = row.parse("month", "a month in the form YYYY-MM")?;
        let m = counts.month_index(month).ok_or_else(|| row.error("month", "is not a month with crime data in the manifest"))?;
        let slot = ward * counts.months.len() + m;
        if std::mem::replace(&mut seen[slot], true) {
            return Err(row.error("month", "repeats a ward and month given on an earlier line"));
        }
        for category in Category::ALL {
            let n = row.count(category.label())?;
            counts.cells[slot][category.index()] =
                u32::try_from(n).map_err(|_| row.error(category.label(), "is larger than any ward's monthly count can be"))?;
        }
        Ok(())
    })?;
    Ok(counts)
}

/// Reads `category-weights.csv`: one block of categories per scheme, in
/// [`WeightScheme::ALL`] order of first appearance.
pub fn parse_category_weights(file: &str, text: &str) -> Result<Vec<CategoryWeights>, InputError> {
    let mut schemes: Vec<CategoryWeights> = Vec::new();
    CsvRows::new(file, text.as_bytes(), &WEIGHT_COLUMNS)?.for_each(|row| {
        let scheme = WeightScheme::from_key(row.text("scheme"))
            .ok_or_else(|| row.error("scheme", "is not a weighting scheme (css, counts or chi)"))?;
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
        let weight = CategoryWeight { category, weight, weighted_volume: row.count("weighted_volume")?, volume: row.count("volume")? };
        let position = match schemes.iter().position(|s| s.scheme == scheme) {
            Some(i) => i,
            None => {
                schemes.push(CategoryWeights { scheme, weights: Vec::new(), unweighted: Vec::new() });
                schemes.len() - 1
            }
        };
        if schemes[position].weights.iter().any(|w| w.category == category) {
            return Err(row.error("category", "is given twice for this scheme"));
        }
        schemes[position].weights.push(weight);
        Ok(())
    })?;
    Ok(schemes)
}

/// A ward for unit tests: residents by group (Asian, Black, Mixed, White,
/// Other), named by its code, in district `district`.
#[cfg(test)]
pub(crate) fn test_ward(code: &str, district: &str, groups: [u64; 5]) -> WardRow {
    WardRow {
        ward_code: code.into(),
        ward_name: code.into(),
        district_code: district.into(),
        district_name: district.into(),
        residents: groups.iter().sum(),
        asian: groups[0],
        black: groups[1],
        mixed: groups[2],
        white: groups[3],
        other: groups[4],
        imd_decile: None,
        rural_urban: String::new(),
        residents_in_neighbours: false,
    }
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
    fn a_ward_given_twice_or_none_is_refused() {
        let header = WARD_COLUMNS.join(",");
        let line = |code: &str| format!("{code},A,D,Dist,10,0,0,0,10,0,,Urban\n");
        let text = format!("{header}\n{}{}{}", line("W1"), line("W2"), line("W1"));
        assert_eq!(
            parse_wards("wards.csv", &text).unwrap_err().to_string(),
            "wards.csv, line 4, field 'ward_code': value 'W1' repeats the ward of line 2: one row per ward"
        );
        assert_eq!(parse_wards("wards.csv", &format!("{header}\n")).unwrap_err().to_string(), "wards.csv: lists no wards");
        let empty = r#"{"schema_version": 2, "title": "t", "synthetic": false, "weight_schemes": [], "periods": [], "forces": []}"#
            .replace("2,", &format!("{SCHEMA_VERSION},"));
        assert_eq!(parse_manifest("manifest.json", &empty).unwrap_err().to_string(), "manifest.json: lists no forces");
    }

    #[test]
    fn ward_residents_stay_within_exact_arithmetic() {
        let header = WARD_COLUMNS.join(",");
        // 2^52 + 2^52 = 2^53, the largest total summed exactly: accepted.
        let half = 1u64 << 52;
        let line = |code: &str, n: u64| format!("{code},A,D,Dist,{n},0,0,0,{n},0,,Urban\n");
        let text = format!("{header}\n{}{}", line("W1", half), line("W2", half));
        assert_eq!(parse_wards("wards.csv", &text).unwrap().len(), 2);
        // One more resident takes the file's total to 2^53 + 1.
        let text = format!("{header}\n{}{}{}", line("W1", half), line("W2", half), line("W3", 1));
        assert_eq!(
            parse_wards("wards.csv", &text).unwrap_err().to_string(),
            "wards.csv, line 4, field 'residents': value '1' takes the file's total past 9007199254740992 (2^53), beyond exact arithmetic"
        );
        // Five groups of 2^53 once summed past 2^53 (and 2^64 at 2,048 of them):
        // a sum past exact arithmetic can equal no count, so it does not add up.
        let max = 1u64 << 53;
        let text = format!("{header}\nW1,A,D,Dist,{max},{max},{max},0,0,0,,Urban\n");
        assert!(parse_wards("wards.csv", &text).unwrap_err().to_string().ends_with("does not equal the sum of the five ethnic groups"));
    }

    fn entry() -> ForceEntry {
        let months = |ms: &[&str]| -> Vec<Month> { ms.iter().map(|s| crate::month::m(s)).collect() };
        ForceEntry {
            id: "testshire".into(),
            name: "Testshire".into(),
            code: "E23900001".into(),
            crime_months: months(&["2018-10", "2018-11", "2019-09"]),
            stop_search_months: months(&["2019-01"]),
            ..ForceEntry::default()
        }
    }

    #[test]
    fn periods_are_refused_outside_the_data_they_are_asked_of() {
        let named = [NamedPeriod {
            key: "later".into(),
            label: "Later".into(),
            from: crate::month::m("2019-06"),
            to: None,
            baseline: false,
        }];
        let e = entry();
        // 2018-19 has crime in October and November and searches in January.
        let fy = e.period_with("2018-19", &named, MonthlyData::StreetCrime).unwrap();
        assert_eq!(fy.span(), "2018-04 to 2019-03");
        assert!(e.period_with("2018-19", &named, MonthlyData::StopSearch).is_ok());
        // January 2019 has searches but no crime.
        assert!(e.period("2019-01", &named).is_ok());
        assert_eq!(
            e.period_with(" 2019-01 ", &named, MonthlyData::StreetCrime).unwrap_err().to_string(),
            "Testshire publishes no street-crime data for the period '2019-01' (2019-01); its street-crime data covers 2018-10 to 2018-11 and 2019-09"
        );
        assert_eq!(
            e.period_with("2019-09", &named, MonthlyData::StopSearch).unwrap_err().to_string(),
            "Testshire publishes no stop-and-search data for the period '2019-09' (2019-09); its stop-and-search data covers 2019-01"
        );
        // 2020 has nothing at all, so the site's period (any data) refuses it too.
        assert_eq!(
            e.period("2020", &named).unwrap_err().to_string(),
            "Testshire publishes no street-crime or stop-and-search data for the period '2020' (2020-01 to 2020-12); \
             its street-crime or stop-and-search data covers 2018-10 to 2018-11, 2019-01 and 2019-09"
        );
        // The open-ended named period ends at the last month of any data, 2019-09.
        let later = e.period_with("later", &named, MonthlyData::StreetCrime).unwrap();
        assert_eq!(later.span(), "2019-06 to 2019-09");
        assert_eq!(e.period("2019-01..2018-10", &named), Err(PeriodError::Reversed("2019-01..2018-10".into())));
        let mut none = entry();
        none.crime_months.clear();
        assert!(none
            .period_with("2018-19", &named, MonthlyData::StreetCrime)
            .unwrap_err()
            .to_string()
            .ends_with("; it publishes none for any month"));
    }

    fn ward(code: &str) -> WardRow {
        WardRow {
            ward_code: code.into(),
            ward_name: code.into(),
            district_code: "D".into(),
            district_name: "D".into(),
            residents: 10,
            asian: 0,
            black: 0,
            mixed: 0,
            white: 10,
            other: 0,
            imd_decile: None,
            rural_urban: String::new(),
            residents_in_neighbours: false,
        }
    }

    #[test]
    fn crime_counts_are_dense_and_name_bad_values() {
        let header: Vec<&str> = Category::ALL.iter().map(|c| c.label()).collect();
        let header = format!("ward_code,month,{}", header.join(","));
        let zeros = vec!["0"; 13].join(",");
        let wards = [ward("E05000001"), ward("E05000002")];
        let months: Vec<Month> = vec!["2019-01".parse().unwrap(), "2019-02".parse().unwrap()];
        let good = format!("{header}\nE05000002,2019-02,2,{zeros}\n");
        let counts = parse_crime("crime.csv", &good, &wards, &months).unwrap();
        assert_eq!(counts.cell(1, 1)[Category::AntiSocialBehaviour.index()], 2);
        assert_eq!(counts.sum(0, &[0, 1]), [0; 14]);
        assert_eq!(counts.sum(1, &counts.indices_of(&months))[0], 2);
        let parse = |body: &str| parse_crime("crime.csv", &format!("{header}\n{body}"), &wards, &months).unwrap_err().to_string();
        assert_eq!(
            parse(&format!("E05000001,2019-13,1,{zeros}\n")),
            "crime.csv, line 2, field 'month': value '2019-13' is not a month in the form YYYY-MM"
        );
        assert!(parse(&format!("E05000009,2019-01,1,{zeros}\n")).contains("is not a ward of wards.csv"));
        assert!(parse(&format!("E05000001,2019-03,1,{zeros}\n")).contains("is not a month with crime data"));
        assert!(parse(&format!("E05000001,2019-01,1,{zeros}\nE05000001,2019-01,1,{zeros}\n")).contains("line 3"));
        assert!(parse(&format!("E05000001,2019-01,99999999999,{zeros}\n")).contains("larger than"));
        let missing = "ward_code,month,Burglary\n";
        assert!(parse_crime("crime.csv", missing, &wards, &months).unwrap_err().to_string().contains("no column 'Anti-social behaviour'"));
    }

    #[test]
    fn category_weights_by_scheme() {
        let text = "scheme,category,weight,weighted_volume,volume\ncss,Robbery,650,40,40\ncounts,Robbery,1,0,0\ncss,Drugs,,0,5\n";
        let schemes = parse_category_weights("w.csv", text).unwrap();
        assert_eq!(schemes.len(), 2);
        assert_eq!(schemes[0].scheme, WeightScheme::Css);
        assert_eq!(schemes[0].weight_of(Category::Robbery), Some(650.0));
        assert_eq!(schemes[0].weight_of(Category::Drugs), None);
        assert_eq!(schemes[1].weight_of(Category::Robbery), Some(1.0));
        let twice = "scheme,category,weight,weighted_volume,volume\ncss,Robbery,650,40,40\ncss,Robbery,1,0,0\n";
        assert!(parse_category_weights("w.csv", twice).unwrap_err().to_string().contains("line 3"));
        let bad = "scheme,category,weight,weighted_volume,volume\ncsss,Robbery,650,40,40\n";
        assert!(parse_category_weights("w.csv", bad).unwrap_err().to_string().contains("not a weighting scheme"));
    }

    #[test]
    fn manifest_schema_version_is_checked() {
        let err = parse_manifest("manifest.json", "{\"schema_version\": 99}").unwrap_err();
        assert!(err.to_string().starts_with("manifest.json: is not a valid manifest"), "{err}");
        assert!(parse_manifest("manifest.json", "not json").is_err());
    }
}
