//! `harm-prep table` and `harm-prep change`: the site's tables as CSV,
//! computed from the published files by the same core functions the site uses.

use crate::publish::csv_text;
use crate::error::{PrepError, Result};
use harm_core::change::{area_changes, LikeForLike};
use harm_core::level::Level;
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest, MonthlyData};
use harm_core::figures::{AreaFigures, ForceData};
use harm_core::ethnicity::Basis;
use harm_core::harm::{CategoryWeights, WeightScheme};
use harm_core::measures::{Measure, MeasureValue, Source};
use harm_core::period::Period;
use harm_core::modules::Module;
use harm_core::peers::{compare_with_peers, written_like, PeerCandidate};
use harm_core::searches::{self, ForceSearches, GroupComparison, SearchCounts};
use harm_core::trauma::{self, rank_sensitivity, trauma_scores, Indicator};
use harm_core::view::{force_view, module_view, weighting_sensitivity, ForceView, SearchTables, Selection};
use harm_core::format;
use harm_core::table_file::{self, Mapped, TableContext};
use harm_core::lenses::{parse_lens, published_lenses, Lens, LensTables};
use std::path::Path;

pub const TABLE_HEADER: [&str; 12] = [
    "ward_code", "ward_name", "district", "residents", "black_residents", "white_residents", "months_with_data",
    "crimes", "asb", "harm", "harm_per_resident_per_year", "crimes_per_1000_per_year",
];

pub const CHANGE_HEADER: [&str; 8] =
    ["area_code", "area_name", "months_compared", "baseline", "compare", "change_ratio", "lower", "upper"];

/// A published file's text, the error naming the file.
pub fn read_text(data: &Path, relative: &str) -> Result<String> {
    std::fs::read_to_string(data.join(relative)).map_err(PrepError::io(relative))
}

/// The dataset's manifest and the entry of the force `force_id`, or an error
/// listing the forces it has.
pub fn force_entry(data: &Path, force_id: &str) -> Result<(Manifest, ForceEntry)> {
    let manifest = dataset::parse_manifest("manifest.json", &read_text(data, "manifest.json")?)?;
    let entry = manifest.forces.iter().find(|f| f.id == force_id).cloned().ok_or_else(|| {
        let known: Vec<&str> = manifest.forces.iter().map(|f| f.id.as_str()).collect();
        PrepError::Check(format!("no force '{force_id}' in the dataset (forces: {})", known.join(", ")))
    })?;
    Ok((manifest, entry))
}

/// The manifest and one force's published crime, residents and searches.
pub struct LoadedForce {
    pub manifest: Manifest,
    pub entry: ForceEntry,
    pub data: ForceData,
    pub ward_searches: SearchCounts,
    pub force_searches: Vec<ForceSearches>,
    /// The force-held lenses the manifest lists (`<kind>.csv`, `<kind>-force.csv`, ...).
    pub lenses: Vec<LensTables>,
}

impl LoadedForce {
    /// Reads a period key against the dataset's named periods and months:
    /// refused unless some month of it has any data.
    pub fn period(&self, key: &str) -> Result<Period> {
        self.period_with(key, MonthlyData::Any)
    }

    /// Reads a period key, refused when it is not a period, runs backwards or
    /// has no month of `data` (the message names the key and the months that
    /// have the data): every command's periods are resolved here, by the
    /// core function the site uses.
    pub fn period_with(&self, key: &str, data: MonthlyData) -> Result<Period> {
        self.given_period(None, key, data)
    }

    /// [`Self::period_with`], the error starting with the argument that gave
    /// the key (`--baseline 2030: ...`) where a command takes two periods.
    fn given_period(&self, argument: Option<&str>, key: &str, data: MonthlyData) -> Result<Period> {
        self.entry.period_with(key, &self.manifest.periods, data).map_err(|e| {
            PrepError::Check(match argument {
                Some(argument) => format!("{argument} {key}: {e}"),
                None => e.to_string(),
            })
        })
    }

    /// The calendar months with street-crime data in both periods, which
    /// change is measured over; refused when there is none.
    fn compared_months(&self, baseline: &Period, compare: &Period) -> Result<LikeForLike> {
        harm_core::change::compared_months(baseline, compare, self.data.crime_months()).map_err(PrepError::Check)
    }

    pub fn weights(&self, scheme: WeightScheme) -> Result<&CategoryWeights> {
        self.data.weights(scheme).ok_or_else(|| {
            PrepError::Check(format!("{} publishes no '{}' weights", ForceFiles::category_weights(&self.entry.id), scheme.key()))
        })
    }

    /// The force as one area: `(code, "<name> (force total)")`.
    pub fn force_label(&self) -> (String, String) {
        (self.entry.code.clone(), format!("{} (force total)", self.entry.name))
    }

    /// The baseline named in the dataset, the period change is measured
    /// against by default, with at least one month of `data`.
    pub fn default_baseline(&self, data: MonthlyData) -> Result<Period> {
        let named = harm_core::period::baseline(&self.manifest.periods)
            .ok_or_else(|| PrepError::Check("the dataset declares no baseline period".into()))?;
        self.period_with(&named.key, data)
    }

    /// Every figure of a selection, as the site derives it.
    pub fn view(&self, period: &Period, baseline: &Period, scheme: WeightScheme, basis: Basis) -> Result<ForceView> {
        let selection = Selection { period, baseline, weights: self.weights(scheme)?, basis };
        let tables = SearchTables { wards: &self.ward_searches, force: &self.force_searches, months: &self.entry.stop_search_months };
        let (code, name) = self.force_label();
        Ok(force_view(&self.data, tables, (&code, &name), &selection).with_lenses(&self.data, &self.lenses, &selection))
    }

    /// Every figure of a selection limited to `module`, as the site derives
    /// it: districts and the force row recomputed from the module's wards
    /// (named "... (module total)"). A module without wards in the force is
    /// refused with the core's message, never printed as zeros.
    pub fn module_view(&self, period: &Period, baseline: &Period, scheme: WeightScheme, basis: Basis, module: &Module) -> Result<ForceView> {
        if module.is_all_wards() {
            return self.view(period, baseline, scheme, basis);
        }
        // Refused with the force's own name: "Hampshire & Isle of Wight has no rural wards ...".
        module.select(&self.data.wards).non_empty(&self.entry.name).map_err(|e| PrepError::Check(e.to_string()))?;
        let selection = Selection { period, baseline, weights: self.weights(scheme)?, basis };
        let tables = SearchTables { wards: &self.ward_searches, force: &self.force_searches, months: &self.entry.stop_search_months };
        let name = module.total_name(&self.entry.name);
        module_view(&self.data, tables, (&self.entry.code, &name), &selection, module)
            .map(|v| v.with_lenses(&self.data, &self.lenses, &selection))
            .map_err(|e| PrepError::Check(e.to_string()))
    }

    /// What a module's figures cover and leave out, for stderr beside a
    /// table (the site shows the same beside its figures): the module's
    /// summary and, where the table shows stop and search, how the force
    /// row's searches were summed from published ward cells.
    pub fn module_notes(&self, view: &ForceView, searches: bool) -> Vec<String> {
        let Some(members) = &view.module else { return Vec::new() };
        let mut notes = vec![members.summary(&self.entry.name, self.data.wards.len())];
        if searches {
            if let Some(sum) = view.search_sum(Level::Force, 0) {
                notes.push(format!("Stop and search, module total: {}", sum.describe()));
            }
        }
        notes
    }
}

/// A table and what stderr says beside it (a module's coverage and caveats).
pub struct Printed {
    pub csv: String,
    pub notes: Vec<String>,
}

/// Reads `--module`: `all` (or none) for every ward.
pub fn module_arg(key: Option<&str>) -> Result<Module> {
    key.map_or(Ok(Module::ALL_WARDS), |k| Module::parse(k).map_err(|e| PrepError::Check(format!("--module {k}: {e}"))))
}

/// Reads the manifest and one force's published tables.
pub fn load_force(data: &Path, force_id: &str) -> Result<LoadedForce> {
    let data_folder = data;
    let (manifest, entry) = force_entry(data, force_id)?;
    let file = |path: String| read_text(data, &path).map(|text| (path, text));
    let (wards_path, wards_text) = file(ForceFiles::wards(force_id))?;
    let (crime_path, crime_text) = file(ForceFiles::crime(force_id))?;
    let (weights_path, weights_text) = file(ForceFiles::category_weights(force_id))?;
    let (ward_searches_path, ward_searches_text) = file(ForceFiles::stop_search(force_id))?;
    let (force_searches_path, force_searches_text) = file(ForceFiles::stop_search_force(force_id))?;
    let wards = dataset::parse_wards(&wards_path, &wards_text)?;
    let data = ForceData {
        crime: dataset::parse_crime(&crime_path, &crime_text, &wards, &entry.crime_months)?,
        weights: dataset::parse_category_weights(&weights_path, &weights_text)?,
        wards,
    };
    let lenses = published_lenses(&entry.force_held)
        .into_iter()
        .map(|lens| {
            let files = lens.files(force_id);
            let (areas, force) = (read_text(data_folder, &files.areas)?, read_text(data_folder, &files.force)?);
            let persistent = files.persistent_callers.as_ref().map(|p| read_text(data_folder, p).map(|t| (p.as_str(), t))).transpose()?;
            Ok(parse_lens(lens, &data.wards, (&files.areas, &areas), (&files.force, &force), persistent.as_ref().map(|(p, t)| (*p, t.as_str())))?)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(LoadedForce {
        lenses,
        ward_searches: searches::parse_search_counts(&ward_searches_path, &ward_searches_text, &data.wards, &entry.stop_search_period_keys())?,
        force_searches: searches::parse_force_searches(&force_searches_path, &force_searches_text)?,
        manifest,
        entry,
        data,
    })
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
        crime.map(|c| c.months_present.to_string()).unwrap_or_else(|| "0".into()),
        crime.map(|c| c.crimes.to_string()).unwrap_or_default(),
        crime.map(|c| c.anti_social_behaviour.to_string()).unwrap_or_default(),
        format::harm(crime.and_then(|c| c.harm)),
        format::harm_rate(crime.and_then(|c| c.harm_per_resident_per_year)),
        format::per_thousand(crime.and_then(|c| c.crimes_per_1000_per_year)),
    ]
}

/// One row per ward and a final force-total row, harm weighted by `scheme`.
/// A period with no month of street-crime data is refused, never printed as
/// zeros; harm and rates are empty (not zero) where they cannot be computed
/// (a crime category without a weight, a ward without residents).
pub fn ward_table_csv(data: &Path, force_id: &str, period: &str, scheme: WeightScheme) -> Result<String> {
    ward_table_in(data, force_id, period, scheme, &Module::ALL_WARDS).map(|p| p.csv)
}

/// [`ward_table_csv`] limited to a module: its wards, and the force row
/// recomputed as their total (the sum of their crimes, harm and residents).
pub fn ward_table_in(data: &Path, force_id: &str, period: &str, scheme: WeightScheme, module: &Module) -> Result<Printed> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StreetCrime)?;
    let view = force.module_view(&period, &period, scheme, Basis::SelfDefined, module)?;
    let rows = view.wards().iter().map(|w| row(w, &w.district_name)).chain([row(view.force(), "")]);
    Ok(Printed { csv: csv_text(&TABLE_HEADER, rows), notes: force.module_notes(&view, false) })
}

/// Change in harm per resident per year from `baseline` to `compare`, over
/// the calendar months with data in both, for each area at `level` and the force.
pub fn change_csv(data: &Path, force_id: &str, baseline: &str, compare: &str, level: Level, scheme: WeightScheme) -> Result<String> {
    change_in(data, force_id, baseline, compare, level, scheme, &Module::ALL_WARDS).map(|p| p.csv)
}

/// [`change_csv`] limited to a module: its wards, its districts and its
/// total recomputed from them.
pub fn change_in(
    data: &Path,
    force_id: &str,
    baseline: &str,
    compare: &str,
    level: Level,
    scheme: WeightScheme,
    module: &Module,
) -> Result<Printed> {
    let force = load_force(data, force_id)?;
    let baseline = force.given_period(Some("--baseline"), baseline, MonthlyData::StreetCrime)?;
    let compare = force.given_period(Some("--compare"), compare, MonthlyData::StreetCrime)?;
    let months = force.compared_months(&baseline, &compare)?;
    let members = module.select(&force.data.wards).non_empty(&force.entry.name).map_err(|e| PrepError::Check(e.to_string()))?;
    let notes = if module.is_all_wards() { Vec::new() } else { vec![members.summary(&force.entry.name, force.data.wards.len())] };
    let restricted = members.restrict(&force.data);
    let (code, name) = (force.entry.code.clone(), module.total_name(&force.entry.name));
    let changes = area_changes(&restricted, (&code, &name), &months, force.weights(scheme)?, level);
    let compared = months.months_compared();
    let rows = changes.into_iter().map(|a| {
        let c = a.change;
        vec![
            a.code,
            a.name,
            compared.clone(),
            format::harm_rate(c.map(|c| c.baseline_rate)),
            format::harm_rate(c.map(|c| c.compare_rate)),
            format::ratio(c.map(|c| c.ratio)),
            format::ratio(c.map(|c| c.lower)),
            format::ratio(c.map(|c| c.upper)),
        ]
    });
    Ok(Printed { csv: csv_text(&CHANGE_HEADER, rows), notes })
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
/// ward's all-resident search rate against the limits around the centre the
/// site's funnel chart uses.
pub fn stop_search_table_csv(data: &Path, force_id: &str, basis: Basis, period: &str, level: Level) -> Result<String> {
    stop_search_table_in(data, force_id, basis, period, level, &Module::ALL_WARDS).map(|p| p.csv)
}

/// [`stop_search_table_csv`] limited to a module: its wards as published,
/// its districts and force row summed from their published cells (a sum
/// with a suppressed ward is [c]; stderr says how each was summed).
pub fn stop_search_table_in(data: &Path, force_id: &str, basis: Basis, period: &str, level: Level, module: &Module) -> Result<Printed> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StopSearch)?;
    let view = force.module_view(&period, &period, force.manifest.default_scheme(), basis, module)?;
    let missing = |l: Level| PrepError::Check(view.searches_missing(l, &period.label).unwrap_or_default());
    let areas: &[AreaFigures] = if level == Level::Force { &[] } else { &view.at(level).areas };
    let searches: &[GroupComparison] = match (level, view.at(level).searches.as_deref()) {
        (Level::Force, _) => &[],
        (_, Some(s)) => s,
        (_, None) => return Err(missing(level)),
    };
    let funnel = view.funnel(Source::Searches, level);
    let rows = areas.iter().zip(searches).map(|(area, c)| {
        let place = funnel.as_ref().and_then(|f| f.flag_of(&area.code)).map(|f| f.describe().to_string());
        comparison_row(&area.code, &area.name, &area.district_name, c, place.unwrap_or_default())
    });
    let Some(force_searches) = view.force_searches() else { return Err(missing(Level::Force)) };
    let force_row = comparison_row(&view.force().code, &view.force().name, "", force_searches, String::new());
    Ok(Printed { csv: csv_text(&STOP_SEARCH_HEADER, rows.chain([force_row])), notes: force.module_notes(&view, true) })
}

pub const MEASURE_HEADER: [&str; 8] = ["area_code", "area_name", "measure", "value", "status", "reliability", "lower", "upper"];

/// Columns `measure --peers` adds to each ward's row.
pub const PEER_HEADER: [&str; 8] =
    ["peer_group", "peers_with_value", "peers_without_value", "peer_median", "peer_min", "peer_max", "peer_rank", "peer_sentence"];

/// What a person has chosen, as period keys and options (see `Selection` in core).
pub struct Choice<'a> {
    pub period: &'a str,
    /// The period change is measured against; `None` for the dataset's baseline.
    pub baseline: Option<&'a str>,
    pub scheme: WeightScheme,
    pub level: Level,
    pub basis: Basis,
}

/// `measure`'s options beyond the selection.
#[derive(Default)]
pub struct MeasureOptions<'a> {
    /// The module the figures are limited to (every ward by default).
    pub module: Module,
    /// The trauma score's measures and weights, as in the site's URL
    /// (`harm-rate:2,harm-change:1`); `None` for the default choice.
    pub weights: Option<&'a str>,
    /// Each ward against its peers in every force of the dataset.
    pub peers: bool,
}

/// Every area's value of one measure at `level` and the force's, exactly as
/// the site writes them: `value` is the text on screen.
pub fn measure_csv(data: &Path, force_id: &str, measure: &str, choice: &Choice) -> Result<String> {
    measure_in(data, force_id, measure, choice, &MeasureOptions::default()).map(|p| p.csv)
}

/// [`measure_csv`] with a module (the force row recomputed from its wards),
/// the trauma score (`trauma-score`, with its ranks and their sensitivity)
/// and peers (`--peers`).
pub fn measure_in(data: &Path, force_id: &str, measure: &str, choice: &Choice, options: &MeasureOptions) -> Result<Printed> {
    let Choice { scheme, level, basis, .. } = *choice;
    if measure == trauma::KEY {
        if options.peers {
            return Err(PrepError::Check(
                "--peers compares a ward with wards of every force; the trauma score is relative to the areas scored, so it has no peers".into(),
            ));
        }
        return trauma_in(data, force_id, choice, options);
    }
    let measure = measure_of(measure)?;
    if options.peers && level != Level::Ward {
        return Err(PrepError::Check("--peers compares wards: use --level ward".into()));
    }
    let Resolved { force, period, baseline, view } = resolve(data, force_id, Some(measure), choice, &options.module)?;
    let line = |code: &str, name: &str, v: &MeasureValue| {
        [code.to_string(), name.to_string(), measure.key()].into_iter().chain(v.table_cells()).collect::<Vec<String>>()
    };
    let areas = if level == Level::Force { &[][..] } else { &view.at(level).areas[..] };
    let values = view.values(level, measure);
    let mut rows: Vec<Vec<String>> = areas.iter().zip(&values).map(|(a, v)| line(&a.code, &a.name, v)).collect();
    let mut header = MEASURE_HEADER.to_vec();
    if options.peers {
        header.extend(PEER_HEADER);
        let peers = peer_cells(data, &force, &view, measure, (&period, &baseline), (scheme, basis))?;
        for (row, cells) in rows.iter_mut().zip(peers) {
            row.extend(cells);
        }
    }
    let mut total = line(&view.force().code, &view.force().name, &view.force_value(measure));
    total.resize(header.len(), String::new());
    rows.push(total);
    Ok(Printed { csv: csv_text(&header, rows), notes: force.module_notes(&view, measure.source() == Source::Searches) })
}

/// The measure of a key, or an error listing every key.
fn measure_of(key: &str) -> Result<Measure> {
    Measure::from_key(key).ok_or_else(|| {
        let lenses = Measure::lens_measures(&Lens::ALL);
        let known = Measure::all().iter().chain(&lenses).map(|m| m.key()).chain([trauma::KEY.to_string()]).collect::<Vec<_>>().join(", ");
        PrepError::Check(format!("'{key}' is not a measure (measures: {known})"))
    })
}

/// The trauma score's measures and weights: `--weights`, or the default choice.
fn indicators(options: &MeasureOptions) -> Result<Vec<Indicator>> {
    match options.weights {
        Some(key) => trauma::parse_weights(key).map_err(|e| PrepError::Check(format!("--weights {key}: {e}"))),
        None => Ok(trauma::default_indicators()),
    }
}

/// A force, its periods and the view of a choice, for one measure (`None`
/// for the trauma score, computed from several).
pub struct Resolved {
    pub force: LoadedForce,
    pub period: Period,
    pub baseline: Period,
    pub view: ForceView,
}

/// Resolves a choice as `measure` and `table` do: refused, as in `change`,
/// when the period has none of the data the measure is computed from (never
/// a column of "no data"); a baseline that need only be a period with data,
/// unless change is measured against it; and a lens the force does not
/// publish, or not at this level, period and basis, refused with the reason
/// the site gives.
pub fn resolve(data: &Path, force_id: &str, measure: Option<Measure>, choice: &Choice, module: &Module) -> Result<Resolved> {
    let Choice { period, baseline, scheme, level, basis } = *choice;
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, measure.map_or(MonthlyData::Any, |m| m.source().monthly_data()))?;
    let change = measure.is_some_and(|m| m.source() == Source::Change);
    let baseline_needs = if change { MonthlyData::StreetCrime } else { MonthlyData::Any };
    let baseline = match baseline {
        Some(key) => force.given_period(Some("--baseline"), key, baseline_needs)?,
        None => force.default_baseline(baseline_needs)?,
    };
    let view = force.module_view(&period, &baseline, scheme, basis, module)?;
    if let Some(why) = table_file::refusal(&force.entry, &force.manifest.periods, (&period, &baseline), level, measure, &view) {
        return Err(PrepError::Check(why));
    }
    Ok(Resolved { force, period, baseline, view })
}

/// `table --measure <key>`: the site's table of a view (the measure mapped,
/// the level, module and choices), as its table view shows it and its
/// "Download this table (CSV)" button saves it; with `metadata`, the
/// saved file itself, header and all (see [`harm_core::table_file`]).
pub fn view_table_in(data: &Path, force_id: &str, key: &str, choice: &Choice, options: &MeasureOptions, metadata: bool) -> Result<Printed> {
    let level = choice.level;
    let measure = if key == trauma::KEY { None } else { Some(measure_of(key)?) };
    let Resolved { force, period, baseline, view } = resolve(data, force_id, measure, choice, &options.module)?;
    let (values, total, label, unit, funnel, weights) = match measure {
        Some(m) => (view.values(level, m), view.force_value(m), m.label(), m.unit(), Some(m.source()), None),
        None => {
            let indicators = indicators(options)?;
            let scores = trauma_scores(&view, level, &indicators).map_err(|e| PrepError::Check(e.to_string()))?;
            (trauma::score_values(&scores), trauma::force_value(), trauma::LABEL.to_string(), trauma::UNIT, None, Some(trauma::weights_key(&indicators)))
        }
    };
    let mapped = Mapped { key, label: &label, unit, values: &values, total: &total, funnel, weights: weights.as_deref() };
    let notes = force.module_notes(&view, funnel == Some(Source::Searches));
    if !metadata {
        return Ok(Printed { csv: table_file::table_csv(level, &mapped, &view), notes });
    }
    let provenance = dataset::parse_provenance(dataset::PROVENANCE, &read_text(data, dataset::PROVENANCE)?)?;
    let context = TableContext {
        manifest: &force.manifest,
        provenance: &provenance,
        force: &force.entry,
        period: &period,
        baseline: &baseline,
        scheme: choice.scheme,
        basis: choice.basis,
        level,
    };
    Ok(Printed { csv: table_file::table_file(&context, &mapped, &view), notes })
}

/// Each ward of `view` against its peers (same IMD decile and urban/rural)
/// among every force's wards, valued for the same period, baseline,
/// weighting and basis (a force without the period has no values there):
/// the [`PEER_HEADER`] cells, as the site's ward panel shows them.
fn peer_cells(
    data: &Path,
    force: &LoadedForce,
    view: &ForceView,
    measure: Measure,
    (period, baseline): (&Period, &Period),
    (scheme, basis): (WeightScheme, Basis),
) -> Result<Vec<Vec<String>>> {
    let mut others = Vec::new();
    for entry in force.manifest.forces.iter().filter(|e| e.id != force.entry.id) {
        others.push(load_force(data, &entry.id)?);
    }
    // Every force's wards valued for the same selection, read against that
    // force's months; a force without them has no values (counted, never zero).
    let valued: Vec<(&LoadedForce, Option<Vec<MeasureValue>>)> = std::iter::once(force)
        .chain(&others)
        .map(|f| {
            let resolve = |p: &Period| f.entry.period(&p.key, &f.manifest.periods).ok();
            let values = match (resolve(period), resolve(baseline)) {
                (Some(p), Some(b)) => f.view(&p, &b, scheme, basis).ok().map(|v| v.values(Level::Ward, measure)),
                _ => None,
            };
            (f, values)
        })
        .collect();
    let candidates: Vec<PeerCandidate> = valued
        .iter()
        .flat_map(|(f, values)| {
            f.data.wards.iter().enumerate().map(move |(i, ward)| PeerCandidate {
                force: &f.entry.id,
                ward,
                value: values.as_ref().and_then(|v| v[i].value),
            })
        })
        .collect();
    // Values of a measure are all written alike; any one shows how.
    let example = valued.iter().flat_map(|(_, v)| v.iter().flatten()).find(|v| v.value.is_some()).map(|v| v.text.clone()).unwrap_or_default();
    let written = |v: f64| written_like(&example, v);
    let own = view.values(Level::Ward, measure);
    Ok((0..own.len())
        .map(|i| {
            let ward = &force.data.wards[view.members(Level::Ward, i)[0]];
            match compare_with_peers(PeerCandidate { force: &force.entry.id, ward, value: own[i].value }, &candidates) {
                Err(no_group) => {
                    let mut cells = vec![String::new(); PEER_HEADER.len() - 1];
                    cells.push(no_group.to_string());
                    cells
                }
                Ok(c) => {
                    let summary = c.summary;
                    vec![
                        c.group.label(),
                        summary.map_or(0, |s| s.count).to_string(),
                        c.without_value.to_string(),
                        summary.map(|s| written(s.median)).unwrap_or_default(),
                        summary.map(|s| written(s.min)).unwrap_or_default(),
                        summary.map(|s| written(s.max)).unwrap_or_default(),
                        c.position.map(|p| format!("{} of {}", p.rank, p.of)).unwrap_or_default(),
                        c.describe(&ward.ward_name, &own[i].flagged_text(), written),
                    ]
                }
            }
        })
        .collect())
}

/// `measure --measure trauma-score`: every area's score at `level`, as the
/// site's map, panel and table show it, its rank, its rank under equal
/// weights and with each measure left out, and its largest move; the force
/// row has no score (a score compares areas). Stderr gives the weights.
fn trauma_in(data: &Path, force_id: &str, choice: &Choice, options: &MeasureOptions) -> Result<Printed> {
    let level = choice.level;
    let indicators = indicators(options)?;
    let Resolved { force, view, .. } = resolve(data, force_id, None, choice, &options.module)?;
    let scores = trauma_scores(&view, level, &indicators).map_err(|e| PrepError::Check(e.to_string()))?;
    let sensitivity = rank_sensitivity(&scores);
    let mut header: Vec<String> = MEASURE_HEADER.iter().map(|h| h.to_string()).collect();
    header.push("rank".into());
    header.extend(sensitivity.alternatives.iter().map(|a| match a.alternative {
        trauma::Alternative::EqualWeights => "rank_equal_weights".to_string(),
        trauma::Alternative::Without(m) => format!("rank_without_{}", m.key()),
    }));
    header.push("largest_move".into());
    let line = |code: &str, name: &str, v: &MeasureValue| {
        vec![
            code.to_string(),
            name.to_string(),
            trauma::KEY.to_string(),
            v.text.clone(),
            v.status.key().to_string(),
            if v.low_reliability && v.value.is_some() { "[u]".into() } else { String::new() },
            String::new(),
            String::new(),
        ]
    };
    let rank = |r: Option<usize>| r.map(|r| r.to_string()).unwrap_or_default();
    let areas = if level == Level::Force { &[][..] } else { &view.at(level).areas[..] };
    let values = trauma::score_values(&scores);
    let mut rows: Vec<Vec<String>> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = line(&a.code, &a.name, &values[i]);
            row.push(rank(scores.areas[i].rank));
            row.extend(sensitivity.alternatives.iter().map(|alt| rank(alt.ranks[i])));
            row.push(sensitivity.largest_move[i].map(|m| m.describe()).unwrap_or_default());
            row
        })
        .collect();
    let mut total = line(&view.force().code, &view.force().name, &trauma::force_value());
    total.resize(header.len(), String::new());
    rows.push(total);
    let shares = scores.weight_shares();
    let weights: Vec<String> =
        indicators.iter().zip(shares).map(|(i, s)| format!("{} {} ({})", i.measure.label(), i.weight, format::percent(Some(s)))).collect();
    let mut notes = vec![format!("{}, weights: {}", trauma::LABEL, weights.join("; "))];
    notes.extend(force.module_notes(&view, false));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(Printed { csv: csv_text(&header, rows), notes })
}

pub const SENSITIVITY_HEADER: [&str; 6] = ["scheme", "compared_with", "wards", "quintile_changes", "moved_two_or_more", "rank_correlation"];

/// How ward harm per resident per year over `period` moves from CSS to each
/// other published scheme, as beside the site's legend.
pub fn sensitivity_csv(data: &Path, force_id: &str, period: &str) -> Result<String> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StreetCrime)?;
    let pairs = weighting_sensitivity(&force.data, &period);
    if pairs.is_empty() {
        return Err(PrepError::Check(format!(
            "{} publishes no CSS weights, or no other scheme to compare them with",
            ForceFiles::category_weights(&force.entry.id)
        )));
    }
    let rows = pairs.into_iter().map(|(scheme, s)| {
        vec![
            scheme.key().to_string(),
            WeightScheme::Css.key().to_string(),
            s.areas.to_string(),
            s.quintile_changes.to_string(),
            s.moved_two_or_more.to_string(),
            s.rank_correlation.map(|r| format!("{r:.3}")).unwrap_or_default(),
        ]
    });
    Ok(csv_text(&SENSITIVITY_HEADER, rows))
}
