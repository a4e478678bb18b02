//! Force-held lenses: victims, suspects and offenders, calls for service and
//! use of force by ward, each read from the force's own extract (templates in
//! `data/templates/README.md`) and published by `harm-prep build` only under
//! disclosure control. Each lens is its own view: victims and suspects are
//! never added together, and nothing here mixes one lens with another.
//!
//! What is published for a lens of kind `k` (see [`Lens::files`]):
//!
//! - `<force>/<k>.csv`: ward and district tables, one per fixed period (e.g.
//!   the calendar year `2019`), basis and category, controlled together (1 to
//!   9 suppressed as `[c]`, other counts rounded to 5, further cells
//!   suppressed). Every ward and district figure comes from these cells.
//! - `<force>/<k>-force.csv`: exact force-level counts by month, basis,
//!   category and group. The force figure of any period comes from here.
//! - for calls, `<force>/calls-for-service-persistent-callers.csv`: callers
//!   tagged persistent (at least the recipe's threshold of calls in one
//!   calendar month) and their calls, by month and the caller's group, at
//!   force level only. Their calls are in neither table above.
//!
//! Rates are per 1,000 residents of each group (Census 2021) per year,
//! annualised from the months of the period that have records in the
//! force-level file (`rate x 12 / months`), as harm is; the Black/White ratio
//! and its 95% interval are those of [`crate::intervals::rate_ratio`] on the
//! published counts (annualising scales both rates alike, so the ratio is
//! that of the counts per resident). A count with a suppressed part is `[c]`,
//! never 0. A ward table summed over several categories adds published,
//! rounded cells; [`LensComparison::categories`] says how many.

use crate::csv_rows::{CsvRows, FirstLines, InputError, Row};
use crate::dataset::{add_to_file_total, read_cell, WardRow};
use crate::disclosure::Cell;
use crate::ethnicity::{Basis, EthnicGroup};
use crate::figures::ForceData;
use crate::level::{area_groups, AreaGroup, Level};
use crate::module_searches::sum_ward_searches;
use crate::month::Month;
use crate::period::{annualise, Period};
use crate::searches::{compare, GroupComparison};
use crate::view::ForceView;
use std::collections::{BTreeSet, HashMap};

/// A kind of force-held data, shown as its own lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lens {
    Victims,
    SuspectsOffenders,
    CallsForService,
    UseOfForceByWard,
}

/// How many kinds of lens there are ([`Lens::ALL`]).
pub const LENS_COUNT: usize = 4;

impl Lens {
    pub const ALL: [Lens; LENS_COUNT] = [Lens::Victims, Lens::SuspectsOffenders, Lens::CallsForService, Lens::UseOfForceByWard];

    pub fn index(self) -> usize {
        self as usize
    }

    /// As in the manifest's `force_held`, file names and measure keys.
    pub fn key(self) -> &'static str {
        match self {
            Lens::Victims => "victims",
            Lens::SuspectsOffenders => "suspects-offenders",
            Lens::CallsForService => "calls-for-service",
            Lens::UseOfForceByWard => "use-of-force-by-ward",
        }
    }

    pub fn from_key(key: &str) -> Option<Lens> {
        Lens::ALL.into_iter().find(|l| l.key() == key)
    }

    /// A heading: "Victims".
    pub fn label(self) -> &'static str {
        match self {
            Lens::Victims => "Victims",
            Lens::SuspectsOffenders => "Suspects and offenders",
            Lens::CallsForService => "Calls for service",
            Lens::UseOfForceByWard => "Use of force by ward",
        }
    }

    /// What one count is, as in "victims per 1,000 residents".
    pub fn counted(self) -> &'static str {
        match self {
            Lens::Victims => "victims",
            Lens::SuspectsOffenders => "suspects and offenders",
            Lens::CallsForService => "calls",
            Lens::UseOfForceByWard => "uses of force",
        }
    }

    /// What a category is in this lens's files.
    pub fn category_name(self) -> &'static str {
        match self {
            Lens::Victims | Lens::SuspectsOffenders => "offence group",
            Lens::CallsForService => "category",
            Lens::UseOfForceByWard => "tactic",
        }
    }

    /// The definition shown with every figure of the lens, from the
    /// force-held templates (`data/templates/README.md`).
    pub fn definition(self) -> &'static str {
        match self {
            Lens::Victims => {
                "A victim is a person recorded by the force as the victim of a crime recorded in the ward and month, \
                 counted in the ethnic group the victim gave (self-defined) or the officer recorded (officer-defined), \
                 once in each offence group. A person counted as both victim and suspect appears in both lenses; \
                 victims and suspects are never added together."
            }
            Lens::SuspectsOffenders => {
                "A suspect or offender is a person the force linked to a crime recorded in the ward and month as its \
                 suspect or offender, counted in the ethnic group the person gave (self-defined) or the officer \
                 recorded (officer-defined), once in each offence group. Being a suspect is not being found guilty. \
                 A person counted as both victim and suspect appears in both lenses; they are never added together."
            }
            Lens::CallsForService => {
                "A call for service is one 999, 101 or online contact with the force, placed in the ward of the \
                 incident's 2021 LSOA and counted in the caller's own (self-defined) ethnic group; a caller who gave \
                 none is counted as not stated, never dropped. It counts calls, not people: one person can call many \
                 times."
            }
            Lens::UseOfForceByWard => {
                "A use of force is one officer's use of one tactic on one person in the ward and month, counted in \
                 the person's ethnic group. It counts uses, not people: one person can be counted many times."
            }
        }
    }

    /// The published files of the lens for `force`: the ward and district
    /// tables, the force-level months and, for calls, the persistent callers.
    pub fn files(self, force: &str) -> LensFiles {
        LensFiles {
            areas: format!("{force}/{}.csv", self.key()),
            force: format!("{force}/{}-force.csv", self.key()),
            persistent_callers: (self == Lens::CallsForService).then(|| format!("{force}/calls-for-service-persistent-callers.csv")),
        }
    }
}

/// The published files of one lens of one force (paths relative to the data folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LensFiles {
    pub areas: String,
    pub force: String,
    pub persistent_callers: Option<String>,
}

/// The lenses a force publishes, in [`Lens::ALL`] order, from the
/// manifest's `force_held` (kinds this version does not know are left out).
pub fn published_lenses(force_held: &[String]) -> Vec<Lens> {
    Lens::ALL.into_iter().filter(|l| force_held.iter().any(|k| k == l.key())).collect()
}

pub const LENS_AREA_COLUMNS: [&str; 12] =
    ["level", "area_code", "period", "basis", "category", "asian", "black", "mixed", "white", "other", "not_stated", "total"];
pub const LENS_FORCE_COLUMNS: [&str; 5] = ["month", "basis", "category", "group", "count"];
pub const PERSISTENT_CALLER_COLUMNS: [&str; 5] = ["month", "group", "persistent_callers", "persistent_calls", "threshold_calls_a_month"];

/// One line of `<kind>-force.csv`: an exact force-level count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LensMonth {
    pub month: Month,
    pub basis: Basis,
    pub category: String,
    pub group: EthnicGroup,
    pub count: u64,
}

/// One line of `calls-for-service-persistent-callers.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersistentCallers {
    pub month: Month,
    /// The callers' own (self-defined) group.
    pub group: EthnicGroup,
    pub callers: u64,
    pub calls: u64,
}

type CellKey = (usize, usize, usize, usize, usize);

/// A lens's published tables, held for lookups by level, basis, area,
/// period and category.
#[derive(Debug, Clone, PartialEq)]
pub struct LensTables {
    pub lens: Lens,
    /// The fixed periods published below force level, in order of first appearance.
    periods: Vec<String>,
    /// Categories, in order of first appearance (area file, then force file).
    categories: Vec<String>,
    /// `(level, basis, area, period, category)` with the six groups and the
    /// total, sorted by key (a sorted list keeps the WebAssembly small).
    cells: Vec<(CellKey, [Cell; 7])>,
    /// `(period, basis)` pairs with at least one line: a pair without is not
    /// published (no table), unlike an area without a line in a published
    /// table, which had no records.
    published: BTreeSet<(usize, usize)>,
    pub force: Vec<LensMonth>,
    pub persistent: Vec<PersistentCallers>,
    /// Calls in a month that tag a caller persistent, as published.
    pub threshold: Option<u64>,
}

fn basis_of(row: &Row) -> Result<Basis, InputError> {
    Basis::from_key(row.text("basis")).ok_or_else(|| row.error("basis", "is not self_defined or officer_defined"))
}

fn category_of(row: &Row) -> Result<String, InputError> {
    match row.text("category") {
        "" => Err(row.error("category", "is empty")),
        c => Ok(c.to_string()),
    }
}

fn index_of(list: &mut Vec<String>, item: String) -> usize {
    list.iter().position(|x| *x == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

/// Reads a lens's published files: `areas` and `force` as `(file, text)`,
/// and for calls the persistent callers. Areas are the wards of `wards` and
/// their districts. A period that is not a period key, an area not in
/// `wards.csv`, a repeated line, or counts beyond exact arithmetic are errors
/// naming the file, line and field.
pub fn parse_lens(
    lens: Lens,
    wards: &[WardRow],
    areas: (&str, &str),
    force: (&str, &str),
    persistent: Option<(&str, &str)>,
) -> Result<LensTables, InputError> {
    let index: [HashMap<String, usize>; 2] = [Level::Ward, Level::District].map(|level| {
        area_groups(wards, level, ("", "")).into_iter().enumerate().map(|(i, g)| (g.code, i)).collect()
    });
    let mut tables = LensTables {
        lens,
        periods: Vec::new(),
        categories: Vec::new(),
        cells: Vec::new(),
        published: BTreeSet::new(),
        force: Vec::new(),
        persistent: Vec::new(),
        threshold: None,
    };
    let mut total = 0;
    let mut first = FirstLines::default();
    CsvRows::new(areas.0, areas.1.as_bytes(), &LENS_AREA_COLUMNS)?.for_each(|row| {
        let level = match Level::from_key(row.text("level")) {
            Some(l @ (Level::Ward | Level::District)) => l,
            _ => return Err(row.error("level", "is not ward or district")),
        };
        let area = *index[level.index()]
            .get(row.text("area_code"))
            .ok_or_else(|| row.error("area_code", format!("is not a {} of wards.csv", level.key())))?;
        let key = row.text("period");
        Period::parse(key, &[], None).map_err(|_| row.error("period", "is not a period key (e.g. 2019 or 2019-20)"))?;
        let basis = basis_of(row)?;
        let category = category_of(row)?;
        let mut cells = [Cell::Value(0); 7];
        for g in EthnicGroup::ALL {
            cells[g.index()] = read_cell(row, g.key(), &mut total)?;
        }
        cells[6] = read_cell(row, "total", &mut total)?;
        let period = index_of(&mut tables.periods, key.to_string());
        let category = index_of(&mut tables.categories, category);
        let key = format!("{}|{area}|{period}|{}|{category}", level.index(), basis.index());
        first.first(row, "category", key, "level, area, period, basis and category")?;
        tables.cells.push(((level.index(), basis.index(), area, period, category), cells));
        tables.published.insert((period, basis.index()));
        Ok(())
    })?;
    let mut total = 0;
    let mut first = FirstLines::default();
    CsvRows::new(force.0, force.1.as_bytes(), &LENS_FORCE_COLUMNS)?.for_each(|row| {
        let r = LensMonth {
            month: row.parse("month", "a month in the form YYYY-MM")?,
            basis: basis_of(row)?,
            category: category_of(row)?,
            group: EthnicGroup::from_key(row.text("group")).ok_or_else(|| row.error("group", "is not an ethnic group key"))?,
            count: row.count("count")?,
        };
        first.first(row, "group", format!("{}|{}|{}|{}", r.month, r.basis.key(), r.category, r.group.key()), "month, basis, category and group")?;
        add_to_file_total(row, "count", &mut total, r.count)?;
        index_of(&mut tables.categories, r.category.clone());
        tables.force.push(r);
        Ok(())
    })?;
    if let Some((file, text)) = persistent {
        let (mut total, mut first) = (0, FirstLines::default());
        CsvRows::new(file, text.as_bytes(), &PERSISTENT_CALLER_COLUMNS)?.for_each(|row| {
            let r = PersistentCallers {
                month: row.parse("month", "a month in the form YYYY-MM")?,
                group: EthnicGroup::from_key(row.text("group")).ok_or_else(|| row.error("group", "is not an ethnic group key"))?,
                callers: row.count("persistent_callers")?,
                calls: row.count("persistent_calls")?,
            };
            let threshold = row.count("threshold_calls_a_month")?;
            if threshold < 2 {
                return Err(row.error("threshold_calls_a_month", "is not a number of calls of at least 2"));
            }
            if *tables.threshold.get_or_insert(threshold) != threshold {
                return Err(row.error("threshold_calls_a_month", "differs from the threshold of the file's first line"));
            }
            if r.calls < r.callers.saturating_mul(threshold) {
                return Err(row.error("persistent_calls", "is fewer than the threshold's calls for each persistent caller"));
            }
            first.first(row, "group", format!("{}|{}", r.month, r.group.key()), "month and group")?;
            add_to_file_total(row, "persistent_calls", &mut total, r.calls)?;
            tables.persistent.push(r);
            Ok(())
        })?;
    }
    tables.cells.sort_unstable_by_key(|(key, _)| *key);
    Ok(tables)
}

/// One area's figures in a lens over a period: the counts and rates by
/// group of [`GroupComparison`] (rates there are over the period), with the
/// months behind them to say them per year.
#[derive(Debug, Clone, PartialEq)]
pub struct LensComparison {
    pub comparison: GroupComparison,
    /// Months of the period with records in the force-level file.
    pub months: usize,
    pub months_in_period: usize,
    /// Categories summed (published cells added below force level).
    pub categories: usize,
}

impl LensComparison {
    fn per_year(&self, rate: Option<f64>) -> Option<f64> {
        rate.and_then(|r| annualise(r, self.months))
    }

    /// Per 1,000 Black residents per year.
    pub fn black_per_year(&self) -> Option<f64> {
        self.per_year(self.comparison.black_rate)
    }

    pub fn white_per_year(&self) -> Option<f64> {
        self.per_year(self.comparison.white_rate)
    }

    /// Per 1,000 residents of every group per year.
    pub fn all_per_year(&self) -> Option<f64> {
        self.per_year(self.comparison.all_rate)
    }

    /// Per 1,000 residents of `group` per year; `None` for not stated (no
    /// residents are "not stated"), a suppressed count or no residents.
    pub fn group_per_year(&self, group: EthnicGroup, count: Option<u64>, residents: [u64; 5]) -> Option<f64> {
        let people = residents[group.census_index()?];
        self.per_year(count.and_then(|n| crate::rates::rate_per_thousand(n as f64, people)))
    }

    /// "from 1 of 12 months with records", said beside every rate.
    pub fn months_note(&self) -> String {
        match (self.months, self.months_in_period) {
            (m, n) if m == n => format!("per year, from all {n} months"),
            (m, n) => format!("per year, from the {m} of its {n} months with records"),
        }
    }
}

/// The force-level figures of a lens over a period, for one basis: counts
/// by group and category, with and (for calls) without persistent callers.
#[derive(Debug, Clone, PartialEq)]
pub struct LensForce {
    /// Every category together.
    pub all: LensComparison,
    /// Each category, in published order, when there is more than one.
    pub by_category: Vec<(String, LensComparison)>,
    /// Counts by group of every category, in [`EthnicGroup::ALL`] order.
    pub counts: [u64; 6],
    /// Calls: with the calls of persistent callers added back (force level only).
    pub with_persistent: Option<(LensComparison, [u64; 6])>,
    /// Calls: callers tagged persistent and their calls in the period, by
    /// group, month by month.
    pub persistent: Vec<PersistentCallers>,
}

/// Total residents by census group of `wards`.
pub fn residents_of(wards: &[WardRow], members: impl IntoIterator<Item = usize>) -> [u64; 5] {
    let mut residents = [0u64; 5];
    for i in members {
        let w = &wards[i];
        for (sum, n) in residents.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
            *sum += n;
        }
    }
    residents
}

fn comparison_of(counts: [Option<u64>; 6], total: Option<u64>, residents: [u64; 5], months: usize, months_in_period: usize, categories: usize) -> LensComparison {
    LensComparison { comparison: compare(counts, total, residents), months, months_in_period, categories }
}

impl LensTables {
    /// The fixed periods published below force level.
    pub fn periods(&self) -> &[String] {
        &self.periods
    }

    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// Months of `period` with records for `basis` in the force-level file.
    pub fn months_with_records(&self, basis: Basis, period: &Period) -> Vec<Month> {
        let months: BTreeSet<Month> = self.force.iter().filter(|r| r.basis == basis && period.contains(r.month)).map(|r| r.month).collect();
        months.into_iter().collect()
    }

    /// Whether `period` (a key) is published below force level for `basis`.
    pub fn published_below_force(&self, basis: Basis, period: &str) -> bool {
        self.periods.iter().position(|p| p == period).is_some_and(|p| self.published.contains(&(p, basis.index())))
    }

    /// Each area of `level` (ward or district; `areas` from
    /// [`crate::level::area_groups`] over the same `wards` the tables were
    /// read with) in the published fixed `period`, every category summed;
    /// `None` when that period is not published for `basis`.
    pub fn area_comparisons(&self, wards: &[WardRow], basis: Basis, period: &Period, level: Level, areas: &[AreaGroup]) -> Option<Vec<LensComparison>> {
        if !self.published_below_force(basis, &period.key) {
            return None;
        }
        let p = self.periods.iter().position(|k| *k == period.key)?;
        let months = self.months_with_records(basis, period).len();
        let months_in_period = period.months().len();
        Some(
            areas
                .iter()
                .enumerate()
                .map(|(i, area)| {
                    let mut sums = [Some(0u64); 7];
                    for c in 0..self.categories.len() {
                        let key = (level.index(), basis.index(), i, p, c);
                        let cells = self.cells.binary_search_by_key(&key, |(k, _)| *k).map_or([Cell::Value(0); 7], |at| self.cells[at].1);
                        for (sum, cell) in sums.iter_mut().zip(cells) {
                            *sum = sum.zip(cell.value()).map(|(a, b)| a + b);
                        }
                    }
                    let mut counts = [None; 6];
                    counts.copy_from_slice(&sums[..6]);
                    comparison_of(counts, sums[6], residents_of(wards, area.wards.iter().copied()), months, months_in_period, self.categories.len())
                })
                .collect(),
        )
    }

    /// Exact counts by group over `period` for `basis` from the force-level
    /// file, of `category` or (with `None`) every category.
    fn force_counts(&self, basis: Basis, period: &Period, category: Option<&str>) -> [u64; 6] {
        let mut counts = [0u64; 6];
        for r in self.force.iter().filter(|r| r.basis == basis && period.contains(r.month) && category.is_none_or(|c| c == r.category)) {
            counts[r.group.index()] += r.count;
        }
        counts
    }

    /// The force over `period` for `basis`, from the exact force-level file;
    /// `None` when no month of the period has records for that basis.
    pub fn force_figures(&self, wards: &[WardRow], basis: Basis, period: &Period) -> Option<LensForce> {
        let months = self.months_with_records(basis, period).len();
        if months == 0 {
            return None;
        }
        let residents = residents_of(wards, 0..wards.len());
        let months_in_period = period.months().len();
        let of = |counts: [u64; 6], categories: usize| {
            comparison_of(counts.map(Some), Some(counts.iter().sum()), residents, months, months_in_period, categories)
        };
        let counts = self.force_counts(basis, period, None);
        let by_category = if self.categories.len() > 1 {
            self.categories.iter().map(|c| (c.clone(), of(self.force_counts(basis, period, Some(c)), 1))).collect()
        } else {
            Vec::new()
        };
        let persistent: Vec<PersistentCallers> = self.persistent.iter().filter(|p| period.contains(p.month)).cloned().collect();
        // Persistent callers are counted in their own (self-defined) group.
        let with_persistent = (self.lens == Lens::CallsForService && basis == Basis::SelfDefined).then(|| {
            let mut with = counts;
            for p in &persistent {
                with[p.group.index()] += p.calls;
            }
            (of(with, self.categories.len()), with)
        });
        Some(LensForce { all: of(counts, self.categories.len()), by_category, counts, with_persistent, persistent })
    }
}

/// Why `t` has no figures below force level for `period` and `basis`.
fn missing_below_force(t: &LensTables, basis: Basis, period: &Period) -> String {
    let counted = t.lens.counted();
    if !t.periods.contains(&period.key) {
        let years = if t.periods.iter().all(|p| p.len() == 4) { "calendar years" } else { "fixed periods" };
        return format!(
            "Below force level, {counted} are published only for whole {years} ({}), so that no count can be worked out by subtracting one period from another; choose one of these periods.",
            t.periods.join(", ")
        );
    }
    format!("No {counted} by {} ethnicity are published for {}; choose the other ethnicity basis.", basis.label(), period.label)
}

/// Why `t` has no force figures for `period` and `basis`.
fn missing_at_force(t: &LensTables, basis: Basis, period: &Period) -> String {
    let counted = t.lens.counted();
    let other = Basis::ALL.into_iter().find(|&b| b != basis && !t.months_with_records(b, period).is_empty());
    match other {
        Some(b) => format!("No {counted} by {} ethnicity are published for {}; they are published by {} ethnicity.", basis.label(), period.label, b.label()),
        None => format!("No {counted} are published for {}: the force's extract has no records in these months (not zero).", period.label),
    }
}

/// Every lens's figures for each area of each level of `view`, by
/// [`Lens::index`], and why a lens has none at a level. Wards and districts
/// come from the published tables of the fixed period; the force from the
/// exact force-level file. In a module, the module's districts and force
/// are sums of its wards' published cells (a sum with a suppressed ward is
/// [c], see [`crate::module_searches`]), since they are not published areas.
/// `data` is the whole force's.
#[allow(clippy::type_complexity)]
pub fn lens_levels(
    view: &ForceView,
    data: &ForceData,
    lenses: &[LensTables],
    basis: Basis,
    period: &Period,
) -> (Vec<Vec<Vec<Option<LensComparison>>>>, Vec<(Lens, [Option<String>; 3])>) {
    let wards = &data.wards;
    let module = view.module.as_ref();
    let mut by_level: Vec<Vec<Vec<Option<LensComparison>>>> =
        Level::ALL.iter().map(|&l| vec![vec![None; LENS_COUNT]; view.at(l).areas.len()]).collect();
    let mut notes = Vec::new();
    for t in lenses {
        let l = t.lens.index();
        let all_wards = t.area_comparisons(wards, basis, period, Level::Ward, &area_groups(wards, Level::Ward, ("", "")));
        let months = t.months_with_records(basis, period).len();
        let summed = |members: &[usize]| -> Option<LensComparison> {
            let all = all_wards.as_ref()?;
            let comparisons: Vec<GroupComparison> = all.iter().map(|c| c.comparison.clone()).collect();
            let (comparison, _) = sum_ward_searches(wards, &comparisons, members);
            Some(LensComparison { comparison, months, months_in_period: period.months().len(), categories: t.categories.len() })
        };
        let module_districts = |m: &crate::modules::ModuleWards| -> Vec<Option<LensComparison>> {
            view.at(Level::District)
                .areas
                .iter()
                .map(|d| summed(&m.wards.iter().copied().filter(|&w| wards[w].district_code == d.code).collect::<Vec<_>>()))
                .collect()
        };
        let values: [Vec<Option<LensComparison>>; 3] = match module {
            None => [
                all_wards.clone().map_or_else(|| vec![None; wards.len()], |v| v.into_iter().map(Some).collect()),
                t.area_comparisons(wards, basis, period, Level::District, &area_groups(wards, Level::District, ("", "")))
                    .map_or_else(|| vec![None; view.at(Level::District).areas.len()], |v| v.into_iter().map(Some).collect()),
                vec![t.force_figures(wards, basis, period).map(|f| f.all)],
            ],
            Some(m) => [
                m.wards.iter().map(|&i| all_wards.as_ref().map(|a| a[i].clone())).collect(),
                module_districts(m),
                vec![summed(&m.wards)],
            ],
        };
        let mut level_notes: [Option<String>; 3] = [None, None, None];
        for (level, areas) in Level::ALL.into_iter().zip(values) {
            if areas.iter().all(Option::is_none) {
                level_notes[level.index()] = Some(match (level, module) {
                    (Level::Force, None) => missing_at_force(t, basis, period),
                    (Level::Force, Some(_)) => format!(
                        "A module's {} are summed from its wards' published counts. {}",
                        t.lens.counted(),
                        missing_below_force(t, basis, period)
                    ),
                    _ => missing_below_force(t, basis, period),
                });
            }
            for (slot, value) in by_level[level.index()].iter_mut().zip(areas) {
                slot[l] = value;
            }
        }
        notes.push((t.lens, level_notes));
    }
    (by_level, notes)
}

/// Callers tagged persistent and their calls over some months, by group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PersistentTotals {
    /// Caller-months: a caller tagged in two months counts twice.
    pub callers: [u64; 6],
    pub calls: [u64; 6],
}

impl PersistentTotals {
    pub fn of(rows: &[PersistentCallers]) -> PersistentTotals {
        let mut t = PersistentTotals::default();
        for r in rows {
            t.callers[r.group.index()] += r.callers;
            t.calls[r.group.index()] += r.calls;
        }
        t
    }

    pub fn all_callers(&self) -> u64 {
        self.callers.iter().sum()
    }

    pub fn all_calls(&self) -> u64 {
        self.calls.iter().sum()
    }
}

/// The sentence shown where the calls figures are: the threshold and what
/// was counted apart.
pub fn persistent_note(threshold: u64, totals: &PersistentTotals, period: &str) -> String {
    let (callers, calls) = (totals.all_callers(), totals.all_calls());
    let tagged = match callers {
        0 => format!("No caller reached {threshold} calls in a month in {period}."),
        _ => format!(
            "In {period}, {callers} persistent {} (a caller tagged in two months counts twice) made {calls} calls, counted apart.",
            if callers == 1 { "caller-month" } else { "caller-months" }
        ),
    };
    format!(
        "Calls of callers with {threshold} or more calls in a month are counted apart (persistent callers), so that a few very frequent callers do not skew a ward: they are in no ward or district figure, and are shown only at force level, with and without them. {tagged}"
    )
}

/// A plain sentence for a lens comparison, per year, for the panel and the lens section.
pub fn describe(lens: Lens, c: &LensComparison, basis: Basis) -> String {
    let g = &c.comparison;
    let counted = lens.counted();
    let Some(r) = g.ratio else {
        return match (g.black, g.white) {
            (None, _) | (_, None) => {
                format!("Some {counted} counts here are suppressed ([c]) to protect the people involved, so no Black/White comparison is shown.")
            }
            _ => format!("There are too few {counted} (or residents) here to compare Black and White residents' rates."),
        };
    };
    let rate = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "no rate".into());
    let ratio = match r.ratio {
        Some(x) => format!(
            "{x:.2} times the White rate (95% interval {:.2} to {})",
            r.lower,
            if r.upper.is_finite() { format!("{:.2}", r.upper) } else { "no upper limit".into() }
        ),
        None => "with no White residents' records to compare with".into(),
    };
    format!(
        "{} per 1,000 Black residents a year against {} per 1,000 White residents ({}, {} ethnicity): {ratio}.{}",
        rate(c.black_per_year()),
        rate(c.white_per_year()),
        c.months_note(),
        basis.label(),
        if g.low_reliability { " Few records or residents: low reliability [u]." } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wards() -> Vec<WardRow> {
        vec![
            crate::dataset::test_ward("W1", "D1", [0, 2_000, 0, 8_000, 0]),
            crate::dataset::test_ward("W2", "D1", [0, 1_000, 0, 9_000, 0]),
        ]
    }

    const AREAS: &str = "level,area_code,period,basis,category,asian,black,mixed,white,other,not_stated,total\n\
        ward,W1,2019,self_defined,Violence,0,30,0,60,0,10,100\n\
        ward,W1,2019,self_defined,Theft,0,[c],0,20,0,0,25\n\
        ward,W2,2019,self_defined,Violence,0,15,0,45,0,0,60\n\
        ward,W2,2019,self_defined,Theft,0,0,0,10,0,0,10\n\
        district,D1,2019,self_defined,Violence,0,45,0,105,0,10,160\n\
        district,D1,2019,self_defined,Theft,0,10,0,30,0,0,40\n";

    const FORCE: &str = "month,basis,category,group,count\n\
        2019-01,self_defined,Violence,black,20\n\
        2019-01,self_defined,Violence,white,50\n\
        2019-02,self_defined,Violence,black,26\n\
        2019-02,self_defined,Violence,white,56\n\
        2019-03,self_defined,Theft,black,9\n\
        2019-03,self_defined,Theft,white,30\n\
        2019-03,self_defined,Theft,not_stated,1\n";

    const PERSISTENT: &str = "month,group,persistent_callers,persistent_calls,threshold_calls_a_month\n\
        2019-01,black,1,11,10\n\
        2019-02,white,2,25,10\n";

    fn tables(lens: Lens) -> LensTables {
        let persistent = (lens == Lens::CallsForService).then_some(("p.csv", PERSISTENT));
        parse_lens(lens, &wards(), ("a.csv", AREAS), ("f.csv", FORCE), persistent).unwrap()
    }

    #[test]
    fn ward_and_district_rates_per_year_by_hand() {
        let t = tables(Lens::Victims);
        let w = wards();
        let year = Period::calendar_year(2019);
        assert_eq!(t.periods(), ["2019"]);
        assert_eq!(t.categories(), ["Violence", "Theft"]);
        // Records in 3 months of 2019 (January to March).
        assert_eq!(t.months_with_records(Basis::SelfDefined, &year).len(), 3);
        let by_ward = t.area_comparisons(&w, Basis::SelfDefined, &year, Level::Ward, &area_groups(&w, Level::Ward, ("F", "F"))).unwrap();
        // W1: Black 30 + [c] is [c]; White 60 + 20 = 80 per 8,000 = 10 per
        // 1,000 over the period, 10 x 12 / 3 = 40 a year.
        assert_eq!((by_ward[0].comparison.black, by_ward[0].comparison.white), (None, Some(80)));
        assert_eq!(by_ward[0].white_per_year(), Some(40.0));
        assert_eq!(by_ward[0].black_per_year(), None);
        assert!(by_ward[0].comparison.ratio.is_none());
        // W2: Black 15 per 1,000 = 15, 60 a year; White 55 per 9,000 =
        // 6.111..., 24.444... a year; ratio 15 / 6.111... = 2.4545...
        let w2 = &by_ward[1];
        assert_eq!(w2.black_per_year(), Some(60.0));
        assert!((w2.white_per_year().unwrap() - 55.0 / 9.0 * 4.0).abs() < 1e-12);
        assert!((w2.comparison.ratio.unwrap().ratio.unwrap() - 15.0 / (55.0 / 9.0)).abs() < 1e-12);
        assert_eq!(w2.categories, 2);
        assert_eq!(w2.months_note(), "per year, from the 3 of its 12 months with records");
        // The district is read from its own lines: Black 55 per 3,000, White 135 per 17,000.
        let d = t.area_comparisons(&w, Basis::SelfDefined, &year, Level::District, &area_groups(&w, Level::District, ("F", "F"))).unwrap();
        assert_eq!((d[0].comparison.black, d[0].comparison.white, d[0].comparison.all), (Some(55), Some(135), Some(200)));
        // Not published: another period, or the officer-defined basis (no lines).
        assert!(t.area_comparisons(&w, Basis::OfficerDefined, &year, Level::Ward, &area_groups(&w, Level::Ward, ("F", "F"))).is_none());
        assert!(t.area_comparisons(&w, Basis::SelfDefined, &Period::calendar_year(2020), Level::Ward, &area_groups(&w, Level::Ward, ("F", "F"))).is_none());
    }

    #[test]
    fn force_figures_exact_with_and_without_persistent_callers() {
        let t = tables(Lens::CallsForService);
        let w = wards();
        let q1 = Period::custom("2019-01".parse().unwrap(), "2019-03".parse().unwrap()).unwrap();
        let f = t.force_figures(&w, Basis::SelfDefined, &q1).unwrap();
        // Black 20 + 26 + 9 = 55 of 3,000 residents in 3 of 3 months:
        // 18.333... per 1,000, x 4 = 73.333... a year. White 50 + 56 + 30 = 136 of 17,000.
        assert_eq!(f.counts, [0, 55, 0, 136, 0, 1]);
        assert!((f.all.black_per_year().unwrap() - 55.0 / 3.0 * 4.0).abs() < 1e-12);
        assert_eq!(f.all.months_note(), "per year, from all 3 months");
        assert_eq!(f.by_category.len(), 2);
        assert_eq!(f.by_category[1].0, "Theft");
        assert_eq!(f.by_category[1].1.comparison.black, Some(9));
        // With persistent callers: Black 55 + 11 = 66, White 136 + 25 = 161.
        let (with, counts) = f.with_persistent.as_ref().unwrap();
        assert_eq!(counts, &[0, 66, 0, 161, 0, 1]);
        assert_eq!(with.comparison.all, Some(228));
        let totals = PersistentTotals::of(&f.persistent);
        assert_eq!((totals.all_callers(), totals.all_calls()), (3, 36));
        assert_eq!(t.threshold, Some(10));
        let note = persistent_note(10, &totals, "2019");
        assert!(note.starts_with("Calls of callers with 10 or more calls in a month are counted apart"), "{note}");
        assert!(note.ends_with("In 2019, 3 persistent caller-months (a caller tagged in two months counts twice) made 36 calls, counted apart."), "{note}");
        // One month: January only.
        let jan = Period::month("2019-01".parse().unwrap());
        let f = t.force_figures(&w, Basis::SelfDefined, &jan).unwrap();
        assert_eq!(f.with_persistent.unwrap().1, [0, 31, 0, 50, 0, 0]);
        // No records for the basis or the months: no figures, not zeros.
        assert!(t.force_figures(&w, Basis::OfficerDefined, &jan).is_none());
        assert!(t.force_figures(&w, Basis::SelfDefined, &Period::calendar_year(2020)).is_none());
        // Victims never carry persistent callers.
        assert!(tables(Lens::Victims).force_figures(&w, Basis::SelfDefined, &jan).unwrap().with_persistent.is_none());
    }

    #[test]
    fn bad_lines_are_named() {
        let w = wards();
        let err = |areas: &str, force: &str, persistent: Option<&str>| {
            parse_lens(Lens::CallsForService, &w, ("a.csv", areas), ("f.csv", force), persistent.map(|p| ("p.csv", p))).unwrap_err().to_string()
        };
        let header = LENS_AREA_COLUMNS.join(",");
        assert!(err(&format!("{header}\nward,W9,2019,self_defined,X,0,0,0,0,0,0,0\n"), FORCE, None).contains("line 2, field 'area_code': value 'W9' is not a ward"));
        assert!(err(&format!("{header}\nward,W1,twenty,self_defined,X,0,0,0,0,0,0,0\n"), FORCE, None).contains("is not a period key"));
        let twice = format!("{header}\nward,W1,2019,self_defined,X,0,0,0,0,0,0,0\nward,W1,2019,self_defined,X,0,0,0,0,0,0,0\n");
        assert!(err(&twice, FORCE, None).contains("line 3, field 'category'"));
        assert!(err(AREAS, &format!("{FORCE}2019-01,self_defined,Violence,black,1\n"), None).contains("line 9, field 'group'"));
        let p = "month,group,persistent_callers,persistent_calls,threshold_calls_a_month\n";
        assert!(err(AREAS, FORCE, Some(&format!("{p}2019-01,black,2,15,10\n"))).contains("is fewer than the threshold's calls"));
        assert!(err(AREAS, FORCE, Some(&format!("{p}2019-01,black,1,11,10\n2019-02,black,1,11,12\n"))).contains("differs from the threshold"));
    }

    #[test]
    fn sentences() {
        let t = tables(Lens::Victims);
        let w = wards();
        let year = Period::calendar_year(2019);
        let by_ward = t.area_comparisons(&w, Basis::SelfDefined, &year, Level::Ward, &area_groups(&w, Level::Ward, ("F", "F"))).unwrap();
        assert!(describe(Lens::Victims, &by_ward[0], Basis::SelfDefined).contains("suppressed ([c])"));
        let s = describe(Lens::Victims, &by_ward[1], Basis::SelfDefined);
        assert!(s.starts_with("60.00 per 1,000 Black residents a year against 24.44 per 1,000 White residents"), "{s}");
        assert!(s.contains(": 2.45 times the White rate (95% interval"), "{s}");
        assert_eq!(published_lenses(&["calls-for-service".into(), "victims".into(), "tbc".into()]), [Lens::Victims, Lens::CallsForService]);
        assert_eq!(Lens::CallsForService.files("t").persistent_callers.as_deref(), Some("t/calls-for-service-persistent-callers.csv"));
    }

    #[test]
    fn measures_of_a_view_with_lenses_by_hand() {
        use crate::harm::CategoryWeights;
        use crate::measures::{LensStat, Measure, Status};
        use crate::modules::Module;
        use crate::view::{force_view, module_view, SearchTables, Selection};
        let mut w = wards();
        w[0].rural_urban = "Urban: Nearer to a major town or city".into();
        w[1].rural_urban = "Smaller rural: Nearer to a major town or city".into();
        let data = ForceData { crime: crate::dataset::CrimeCounts::new(2, vec!["2019-01".parse().unwrap()]), weights: vec![CategoryWeights::unweighted()], wards: w };
        let lenses = [tables(Lens::Victims)];
        let no_searches = crate::searches::parse_search_counts("s.csv", &LENS_AREA_COLUMNS.join(","), &data.wards, &[]).unwrap();
        let search = SearchTables { wards: &no_searches, force: &[], months: &[] };
        let year = Period::calendar_year(2019);
        let selection = Selection { period: &year, baseline: &year, weights: &data.weights[0], basis: Basis::SelfDefined };
        let view = force_view(&data, search, ("F", "Force"), &selection).with_lenses(&data, &lenses, &selection);
        let texts = |v: &ForceView, level: Level, stat: LensStat| -> Vec<String> {
            v.values(level, Measure::Lens(Lens::Victims, stat)).iter().map(|x| x.flagged_text()).collect()
        };
        // W1's Black count has a [c] part; W2 as in the ward test: 60 and 24.44 a year, ratio 2.45.
        assert_eq!(texts(&view, Level::Ward, LensStat::RateBlack), ["[c]", "60.00"]);
        assert_eq!(texts(&view, Level::Ward, LensStat::Ratio), ["[c]", "2.45"]);
        assert_eq!(texts(&view, Level::Ward, LensStat::RateWhite), ["40.00", "24.44"]);
        // District D1 from its own lines and the force from the force file:
        // Black 55 of 3,000 over 3 months, 55 / 3 x 4 = 73.33 a year.
        assert_eq!(texts(&view, Level::District, LensStat::RateBlack), ["73.33"]);
        assert_eq!(texts(&view, Level::Force, LensStat::RateBlack), ["73.33"]);
        assert_eq!(view.lens_missing(Lens::Victims, Level::Ward), None);
        assert_eq!(view.lens_missing(Lens::SuspectsOffenders, Level::Ward).as_deref(), Some("No suspects and offenders data is published for this force."));
        // A month: no ward or district table; the force from January alone,
        // Black 20 of 3,000 x 12 = 80 a year.
        let jan = Period::month("2019-01".parse().unwrap());
        let month = Selection { period: &jan, ..selection.clone() };
        let view = force_view(&data, search, ("F", "Force"), &month).with_lenses(&data, &lenses, &month);
        assert_eq!(texts(&view, Level::Ward, LensStat::RateBlack), ["no data", "no data"]);
        assert!(view.lens_missing(Lens::Victims, Level::Ward).unwrap().starts_with("Below force level, victims are published only for whole calendar years (2019)"));
        assert_eq!(texts(&view, Level::Force, LensStat::RateBlack), ["80.00"]);
        // The officer-defined basis has no records: no data, and why.
        let officer = Selection { basis: Basis::OfficerDefined, ..selection.clone() };
        let view = force_view(&data, search, ("F", "Force"), &officer).with_lenses(&data, &lenses, &officer);
        assert_eq!(view.values(Level::Force, Measure::Lens(Lens::Victims, LensStat::Rate))[0].status, Status::NoData);
        assert!(view.lens_missing(Lens::Victims, Level::Force).unwrap().contains("by officer-defined ethnicity"));
        // Modules: the rural module is W2 alone, its district and force
        // summed from W2's cells (Black 15 of 1,000: 60 a year); the urban
        // module's force has W1's suppressed Black count: [c], never 0.
        let rural = module_view(&data, search, ("F", "Force"), &selection, &Module::parse("rural").unwrap()).unwrap().with_lenses(&data, &lenses, &selection);
        assert_eq!(texts(&rural, Level::Ward, LensStat::RateBlack), ["60.00"]);
        assert_eq!(texts(&rural, Level::District, LensStat::RateBlack), ["60.00"]);
        assert_eq!(texts(&rural, Level::Force, LensStat::RateBlack), ["60.00"]);
        let urban = module_view(&data, search, ("F", "Force"), &selection, &Module::parse("urban").unwrap()).unwrap().with_lenses(&data, &lenses, &selection);
        assert_eq!(urban.values(Level::Force, Measure::Lens(Lens::Victims, LensStat::RateBlack))[0].status, Status::Suppressed);
        // The funnel of the lens: every ward's published total against its residents.
        let f = view_funnel(&data, &lenses, &selection);
        assert_eq!(f.points.iter().map(|p| (p.events, p.residents)).collect::<Vec<_>>(), [(125, 10_000), (70, 10_000)]);
    }

    fn view_funnel(data: &ForceData, lenses: &[LensTables], selection: &crate::view::Selection) -> crate::view::Funnel {
        use crate::view::{force_view, SearchTables};
        let no_searches = crate::searches::parse_search_counts("s.csv", &LENS_AREA_COLUMNS.join(","), &data.wards, &[]).unwrap();
        let search = SearchTables { wards: &no_searches, force: &[], months: &[] };
        force_view(data, search, ("F", "Force"), selection).with_lenses(data, lenses, selection).funnel(crate::measures::Source::Lens(Lens::Victims), Level::Ward).unwrap()
    }
}
