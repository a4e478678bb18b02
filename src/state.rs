//! The app's state: signals owned by the URL (see `url_state`), the loaded
//! data as resources, and the figures derived from them, shared with every
//! component by context. One `ForceView` per selection holds every figure;
//! components only read from it.

use harm_core::outlines::MapGeometry;
use crate::load::{load_districts, load_force, load_manifest, ForceBundle, ForceError, LoadError};
use harm_core::level::Level;
use harm_core::breaks::BreakMethod;
use harm_core::dataset::{ForceEntry, Manifest, WeightsInfo};
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use harm_core::measures::{classes, Classes, Measure, MeasureValue, Scale};
use harm_core::period::{self, Period, PeriodKind};
use harm_core::sensitivity::Sensitivity;
use harm_core::modules::{EmptyModule, Module};
use harm_core::trauma::{self, Indicator, IndicatorError, TraumaScores};
use harm_core::view::{module_view, weighting_sensitivity, ForceView, Funnel, SearchTables, Selection};
use harm_core::overview::{OverviewMeasure, OVERVIEW_ID};
use harm_core::Month;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A section of the page, each its own address (`view=` in the URL) and
/// link of the navigation bar; only the chosen one is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Map,
    Table,
    Trends,
    Summary,
    DataAvailability,
    Methodology,
    /// The force report (see `report_page`).
    Report,
}

/// Each view with its key in the URL (empty for the map, the default) and
/// its link text, in the navigation bar's order.
pub const VIEWS: [(View, &str, &str); 7] = [
    (View::Map, "", "Map"),
    (View::Table, "table", "Table"),
    (View::Trends, "trends", "Trends"),
    (View::Summary, "summary", "Force summary"),
    (View::DataAvailability, "data-availability", "Data quality"),
    (View::Methodology, "methodology", "Methodology"),
    (View::Report, "report", "Force report"),
];

impl View {
    /// As in the URL's `view` (empty for the map).
    pub fn key(self) -> &'static str {
        VIEWS.iter().find(|v| v.0 == self).map_or("", |v| v.1)
    }

    /// The navigation bar's name of the view.
    pub fn label(self) -> &'static str {
        VIEWS.iter().find(|v| v.0 == self).map_or("", |v| v.2)
    }

    pub fn from_key(key: &str) -> Option<View> {
        VIEWS.iter().find(|v| v.1 == key).map(|v| v.0)
    }
}

/// `filter=outliers` in the URL: the table lists only the areas outside the
/// funnel plot's outer limits.
pub const OUTLIERS: &str = "outliers";

pub type Loaded<T> = Result<Arc<T>, LoadError>;

#[derive(Clone, Copy)]
pub struct AppState {
    pub manifest: LocalResource<Loaded<Manifest>>,
    /// District outlines, fetched once the force has loaded (drawn over the
    /// ward map, and mapped at district and force level), with the id of the
    /// force they outline.
    pub districts: LocalResource<Option<(String, Loaded<MapGeometry>)>>,
    /// The national overview's districts, while it is chosen (`crate::overview`).
    pub overview: LocalResource<Option<Loaded<crate::overview::OverviewData>>>,
    /// The overview's measure key as in the URL (the force measures' own, or
    /// `stop-search-ratio-change`); its year or period is in `period`.
    pub overview_key: RwSignal<String>,
    /// The chosen force's files, or the file that stopped it; `None` without
    /// a manifest. A slower earlier force cannot overwrite a later choice,
    /// because the resource drops the result of a stale fetch.
    pub bundle: LocalResource<Option<Result<Arc<ForceBundle>, ForceError>>>,
    pub force_id: RwSignal<String>,
    pub measure: RwSignal<Measure>,
    /// Period key (see `harm_core::period::Period::parse`); `None` for the default.
    pub period: RwSignal<Option<String>>,
    /// Key of the period change is measured against; `None` for the dataset's baseline.
    pub baseline: RwSignal<Option<String>>,
    pub scheme: RwSignal<Option<WeightScheme>>,
    pub basis: RwSignal<Basis>,
    pub breaks: RwSignal<BreakMethod>,
    /// Class breaks from every period's values, so colours compare over time.
    pub fixed_classes: RwSignal<bool>,
    /// Geographic level mapped: ward, district or force.
    pub level: RwSignal<Level>,
    /// The selected area's code: a ward, or a district at district level.
    pub area: RwSignal<Option<String>>,
    pub view: RwSignal<View>,
    /// The table lists only the funnel plot's outliers (`filter=outliers`).
    pub outliers_only: RwSignal<bool>,
    /// The wards every figure is limited to (`module` in the URL; see `module_control`).
    pub module: RwSignal<Module>,
    /// The community trauma score is mapped (`measure=trauma-score`) instead of `measure`.
    pub trauma: RwSignal<bool>,
    /// The trauma score's measures and weights (`weights` in the URL; see `trauma_score`).
    pub weights: RwSignal<Vec<Indicator>>,
    /// Why a value of the URL was not used, by its key, until a choice
    /// replaces it; values only the loaded data can judge (force, period,
    /// baseline, area) are judged in `address_notices`.
    pub address_problems: RwSignal<BTreeMap<&'static str, String>>,
}

impl AppState {
    /// Signals from the URL's values; resources that load the manifest and the chosen force.
    pub fn new(query: &BTreeMap<String, String>) -> AppState {
        let manifest = LocalResource::new(|| async { load_manifest().await.map(Arc::new) });
        // The resources start from the URL's force and level (`apply` below
        // leaves them as they are), so each file is fetched once, not first
        // for the default.
        let asked = |key: &str| query.get(key).cloned().unwrap_or_default();
        let force_id = RwSignal::new(asked("force"));
        let bundle = LocalResource::new(move || {
            let chosen = force_id.get();
            // Read, not awaited: until the manifest has loaded there is no
            // force to fetch, and its arrival runs this once more. (Awaiting
            // it ran the fetch twice: once on waking, once on its change.)
            // Without a manifest there is no force: its own error is shown.
            let manifest = manifest.get();
            async move {
                let manifest = manifest?.ok()?;
                // The national overview is no force: it has its own files.
                let entry = (chosen != OVERVIEW_ID).then(|| chosen_entry(&manifest, &chosen)).flatten()?.clone();
                Some(load_force(entry).await.map(Arc::new))
            }
        });
        let level = RwSignal::new(Level::from_key(&asked("level")).unwrap_or(Level::Ward));
        let districts = LocalResource::new(move || {
            // Read, not awaited, as the manifest above.
            let loaded = bundle.get().flatten();
            async move {
                // A force that did not load has its own error shown instead.
                let Some(Ok(b)) = loaded else { return None };
                Some((b.entry.id.clone(), load_districts(&b.entry, &b.data.wards).await.map(Arc::new)))
            }
        });
        let overview = LocalResource::new(move || {
            let (chosen, manifest) = (force_id.get(), manifest.get());
            async move {
                let entry = manifest?.ok()?.overview.clone().filter(|_| chosen == OVERVIEW_ID)?;
                Some(crate::overview::load_overview(&entry).await.map(Arc::new))
            }
        });
        let state = AppState {
            manifest,
            districts,
            overview,
            overview_key: RwSignal::new(String::new()),
            bundle,
            force_id,
            measure: RwSignal::new(Measure::HarmRate),
            period: RwSignal::new(None),
            baseline: RwSignal::new(None),
            scheme: RwSignal::new(None),
            basis: RwSignal::new(Basis::SelfDefined),
            breaks: RwSignal::new(BreakMethod::Quantiles),
            fixed_classes: RwSignal::new(false),
            level,
            area: RwSignal::new(None),
            view: RwSignal::new(View::Map),
            outliers_only: RwSignal::new(false),
            module: RwSignal::new(Module::default()),
            trauma: RwSignal::new(false),
            weights: RwSignal::new(trauma::default_indicators()),
            address_problems: RwSignal::new(BTreeMap::new()),
        };
        state.apply(query);
        state
    }

    /// Sets every signal from the URL's values (at start, and when Back or
    /// Forward brings another URL): a key absent is its default, and a value
    /// that cannot be read is its default with the reason kept to be shown.
    pub fn apply(&self, query: &BTreeMap<String, String>) {
        let q = |k: &str| query.get(k).cloned().filter(|v| !v.is_empty());
        let mut problems = BTreeMap::new();
        // A value read by `parse`, or the default with the reason why not.
        let mut read = |key: &'static str, parse: &dyn Fn(&str) -> Result<(), String>| {
            let value = q(key)?;
            match parse(&value) {
                Ok(()) => Some(value),
                Err(why) => {
                    problems.insert(key, why);
                    None
                }
            }
        };
        let refused = |key: &str, value: &str, why: &str, shown: &str| format!("The address asked for {key} '{value}', which {why}; showing {shown}.");
        let overview_measure = |m: &str| OverviewMeasure::all(&[]).iter().any(|o| o.keys().0 == m);
        let measure = read("measure", &|m| match m == trauma::KEY || Measure::from_key(m).is_some() || overview_measure(m) {
            true => Ok(()),
            false => Err(refused("measure", m, "is not a measure of this map", &Measure::HarmRate.label())),
        });
        let scheme = read("scheme", &|k| WeightScheme::from_key(k).map(|_| ()).ok_or_else(|| refused("scheme", k, "is not a weighting of crime", "the default weighting")));
        let basis = read("basis", &|k| Basis::from_key(k).map(|_| ()).ok_or_else(|| refused("basis", k, "is not a way ethnicity is recorded", Basis::SelfDefined.label())));
        let breaks = read("breaks", &|k| match k {
            "natural" | "quantiles" => Ok(()),
            _ => Err(refused("breaks", k, "is not a way of making classes (natural or quantiles)", "quantiles")),
        });
        let classes = read("classes", &|k| match k {
            "fixed" => Ok(()),
            _ => Err(refused("classes", k, "is not a choice of classes (fixed)", "classes of the period chosen")),
        });
        let level = read("level", &|k| Level::from_key(k).map(|_| ()).ok_or_else(|| refused("level", k, "is not a level of areas", "wards")));
        let view = read("view", &|k| View::from_key(k).map(|_| ()).ok_or_else(|| refused("view", k, "is not a section of this page", "the map")));
        let filter = read("filter", &|k| match k {
            OUTLIERS => Ok(()),
            _ => Err(refused("filter", k, "is not a filter of the table (outliers)", "every area")),
        });
        let module = read("module", &|k| Module::parse(k).map(|_| ()).map_err(|e| format!("The link's module {e}. Every ward is shown.")));
        let weights = read("weights", &|k| trauma::parse_weights(k).map(|_| ()).map_err(|e| format!("The link's weights were not used: {e}.")));
        put(self.force_id, q("force").unwrap_or_default());
        put(self.trauma, measure.as_deref() == Some(trauma::KEY));
        put(self.overview_key, measure.clone().unwrap_or_default());
        put(self.measure, measure.and_then(|m| Measure::from_key(&m)).unwrap_or(Measure::HarmRate));
        put(self.period, q("period"));
        put(self.baseline, q("baseline"));
        put(self.scheme, scheme.and_then(|s| WeightScheme::from_key(&s)));
        put(self.basis, basis.and_then(|b| Basis::from_key(&b)).unwrap_or(Basis::SelfDefined));
        put(self.breaks, if breaks.as_deref() == Some("natural") { BreakMethod::NaturalBreaks } else { BreakMethod::Quantiles });
        put(self.fixed_classes, classes.is_some());
        put(self.level, level.and_then(|l| Level::from_key(&l)).unwrap_or(Level::Ward));
        // `ward` is the key older links used for the selected ward.
        put(self.area, q("area").or_else(|| q("ward")));
        put(self.view, view.and_then(|v| View::from_key(&v)).unwrap_or(View::Map));
        put(self.outliers_only, filter.is_some());
        put(self.module, module.and_then(|k| Module::parse(&k).ok()).unwrap_or_default());
        put(self.weights, weights.and_then(|k| trauma::parse_weights(&k).ok()).unwrap_or_else(trauma::default_indicators));
        self.address_problems.set(problems);
    }

    /// The URL's values for the state, in `QUERY_KEYS` order; empty ones are left out of the URL.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let trauma = self.trauma.get();
        vec![
            ("force", self.chosen_force_id()),
            ("measure", if self.is_overview() { self.overview_key.get() } else if trauma { trauma::KEY.to_string() } else { self.measure.get().key() }),
            ("period", self.period.get().unwrap_or_default()),
            ("baseline", self.baseline.get().unwrap_or_default()),
            ("scheme", self.scheme.get().map(|s| s.key().to_string()).unwrap_or_default()),
            ("basis", self.basis.get().key().to_string()),
            ("breaks", if self.breaks.get() == BreakMethod::NaturalBreaks { "natural".into() } else { String::new() }),
            ("classes", if self.fixed_classes.get() { "fixed".into() } else { String::new() }),
            ("level", if self.level.get() == Level::Ward { String::new() } else { self.level.get().key().to_string() }),
            ("area", self.area.get().unwrap_or_default()),
            ("view", self.view.get().key().to_string()),
            ("filter", if self.outliers_only.get() { OUTLIERS.to_string() } else { String::new() }),
            ("module", Some(self.module.get()).filter(|m| !m.is_all_wards()).map(|m| m.key()).unwrap_or_default()),
            ("weights", if trauma { trauma::weights_key(&self.weights.get()) } else { String::new() }),
        ]
    }

    /// Why the URL's value of `key` was not used, while it still stands.
    pub fn address_problem(&self, key: &str) -> Option<String> {
        self.address_problems.with(|p| p.get(key).cloned())
    }

    /// The person has chosen a value for `key`: the URL's refused one no longer matters.
    pub fn settle(&self, key: &str) {
        if self.address_problems.with_untracked(|p| p.contains_key(key)) {
            self.address_problems.update(|p| {
                p.remove(key);
            });
        }
    }

    /// The mapped measure's name: the registry measure's, or the trauma score's.
    pub fn mapped_label(&self) -> String {
        if let (Some(m), Some(manifest)) = (self.overview_measure(), self.manifest()) {
            return m.label(&crate::overview::named_periods(&manifest));
        }
        if self.trauma.get() { trauma::LABEL.to_string() } else { self.measure.get().label() }
    }

    pub fn manifest(&self) -> Option<Arc<Manifest>> {
        self.manifest.get().and_then(|r| r.ok())
    }

    /// The id of the force the person has chosen: the URL's or the picker's,
    /// or the first listed when that names no force of the manifest.
    pub fn chosen_force_id(&self) -> String {
        let id = self.force_id.get();
        if id == OVERVIEW_ID && self.manifest().is_some_and(|m| m.overview.is_some()) {
            return id;
        }
        self.manifest().and_then(|m| chosen_entry(&m, &id).map(|f| f.id.clone())).unwrap_or(id)
    }

    /// The bundle's result, when it is for the chosen force: while another
    /// force loads, the previous one's map or error is not shown under its name.
    fn chosen_bundle(&self) -> Option<Result<Arc<ForceBundle>, ForceError>> {
        let chosen = self.chosen_force_id();
        self.bundle.get().flatten().filter(|r| match r {
            Ok(b) => b.entry.id == chosen,
            Err(e) => e.force.id == chosen,
        })
    }

    /// The loaded force, if it has loaded without error and is the one chosen.
    pub fn force(&self) -> Option<Arc<ForceBundle>> {
        self.chosen_bundle().and_then(|r| r.ok())
    }

    /// Why the map cannot start: the manifest is missing or malformed.
    pub fn manifest_error(&self) -> Option<LoadError> {
        self.manifest.get().and_then(|r| r.err())
    }

    /// Why the chosen force cannot be shown; other forces still can.
    pub fn force_error(&self) -> Option<ForceError> {
        self.chosen_bundle().and_then(|r| r.err())
    }

    /// Why the district outlines cannot be drawn; the figures of every level
    /// and the ward map still work.
    pub fn districts_error(&self) -> Option<LoadError> {
        (self.level.get() != Level::Ward).then(|| self.chosen_districts().and_then(|r| r.err())).flatten()
    }

    /// The district outlines, or their error, when they are the chosen force's.
    pub fn chosen_districts(&self) -> Option<Loaded<MapGeometry>> {
        let chosen = self.chosen_force_id();
        self.districts.get().flatten().filter(|(id, _)| *id == chosen).map(|(_, r)| r)
    }

    /// The outlines drawn at the selected level: wards, or districts (also
    /// for the force, whose one value colours every district).
    pub fn geometry(&self) -> Option<Arc<MapGeometry>> {
        if self.is_overview() {
            return self.overview_data().map(|o| o.geometry.clone());
        }
        match self.level.get() {
            Level::Ward => self.force().map(|b| b.geometry.clone()),
            _ => self.chosen_districts().and_then(|r| r.ok()),
        }
    }

    /// The national overview of every district is chosen (and published).
    pub fn is_overview(&self) -> bool {
        self.chosen_force_id() == OVERVIEW_ID
    }

    /// The overview's loaded table and outlines, while it is chosen.
    pub fn overview_data(&self) -> Option<Arc<crate::overview::OverviewData>> {
        self.is_overview().then(|| self.overview.get().flatten().and_then(|r| r.ok())).flatten()
    }

    /// Why the overview's files cannot be shown.
    pub fn overview_error(&self) -> Option<LoadError> {
        self.is_overview().then(|| self.overview.get().flatten().and_then(|r| r.err())).flatten()
    }

    /// The overview's measure: the URL's key and period, else its first.
    pub fn overview_measure(&self) -> Option<OverviewMeasure> {
        if !self.is_overview() {
            return None;
        }
        let periods = crate::overview::named_periods(&*self.manifest()?);
        let (key, period) = (self.overview_key.get(), self.period.get());
        OverviewMeasure::from_keys(&key, period.as_deref(), &periods).or_else(|| OverviewMeasure::all(&periods).into_iter().next())
    }

    /// The outlines whose frame the map shows whole: the force's wards, or the overview's districts.
    pub fn map_frame(&self) -> Option<Arc<MapGeometry>> {
        if self.is_overview() {
            return self.overview_data().map(|o| o.geometry.clone());
        }
        self.force().map(|b| b.geometry.clone())
    }

    /// Opens the force `force_id` at district level with `district`
    /// selected, mapping `measure` (the overview's choice, as a force measure).
    pub fn open_district(&self, force_id: &str, district: &str, measure: Measure) {
        self.measure.set(crate::overview::force_measure(measure));
        self.period.set(None);
        self.level.set(Level::District);
        self.area.set(Some(district.to_string()));
        self.force_id.set(force_id.to_string());
    }

    /// The weighting scheme shown: the chosen one if published, else the default.
    pub fn scheme(&self) -> WeightScheme {
        let manifest = self.manifest();
        let published = |s: WeightScheme| manifest.as_ref().is_some_and(|m| m.weights_info(s).is_some());
        self.scheme.get().filter(|&s| published(s)).unwrap_or_else(|| manifest.map_or(WeightScheme::Counts, |m| m.default_scheme()))
    }

    pub fn weights_info(&self) -> Option<WeightsInfo> {
        self.manifest()?.weights_info(self.scheme()).cloned()
    }

    /// Every month with crime or stop-search data for the force, in order.
    pub fn months(&self) -> Vec<Month> {
        self.force().map(|b| b.entry.data_months()).unwrap_or_default()
    }

    /// The periods offered: named periods, then financial and calendar years with data.
    pub fn periods(&self) -> Vec<Period> {
        let (Some(m), months) = (self.manifest(), self.months()) else { return Vec::new() };
        period::periods_with_data(&m.periods, &months)
    }

    fn resolve(&self, key: Option<String>, fallback: impl FnOnce(&[Period]) -> Option<Period>) -> Option<Period> {
        let (m, b) = (self.manifest()?, self.force()?);
        key.and_then(|k| b.entry.period(&k, &m.periods).ok()).or_else(|| fallback(&self.periods()))
    }

    /// The selected period: the chosen key, else the latest financial year
    /// with data. Read it through `Derived::period`, which keeps it.
    fn selected_period(&self) -> Option<Period> {
        self.resolve(self.period.get(), |periods| {
            periods.iter().rev().find(|p| p.kind == PeriodKind::FinancialYear).cloned()
        })
    }

    /// The period change is measured against: the chosen key, else the
    /// dataset's baseline. Read it through `Derived::baseline`.
    fn baseline_period(&self) -> Option<Period> {
        let named = self.manifest().and_then(|m| period::baseline(&m.periods).map(|p| p.key.clone()));
        self.resolve(self.baseline.get().or(named), |periods| periods.first().cloned())
    }
}

/// Sets `signal` to `value` only when it differs, so that reading the same
/// URL again redraws nothing.
fn put<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// The manifest's force of `id`, or its first when it lists none of that id.
fn chosen_entry<'m>(manifest: &'m Manifest, id: &str) -> Option<&'m ForceEntry> {
    manifest.forces.iter().find(|f| f.id == id).or(manifest.forces.first())
}

/// Each other scheme against CSS.
pub type SchemeSensitivity = Vec<(WeightScheme, Sensitivity)>;

/// Figures derived from the loaded force and the selection.
#[derive(Clone, Copy)]
pub struct Derived {
    /// The selected period, resolved once per change of the choice or data.
    pub period: Memo<Option<Period>>,
    /// The period change is measured against.
    pub baseline: Memo<Option<Period>>,
    /// Every figure of the selection over the module's wards, or why the
    /// module has none in the force.
    pub module_view: Memo<Option<Result<Arc<ForceView>, EmptyModule>>>,
    pub view: Memo<Option<Arc<ForceView>>>,
    /// The trauma score of each area at the level, while it is mapped.
    pub trauma: Memo<Option<Result<Arc<TraumaScores>, IndicatorError>>>,
    /// Each ward's value of the selected measure.
    pub values: Memo<Option<Arc<Vec<MeasureValue>>>>,
    pub classes: Memo<Option<Arc<Classes>>>,
    /// The funnel plot of the measure's kind of data, shared by the chart and the table.
    pub funnel: Memo<Option<Arc<Funnel>>>,
    /// How the ward harm picture moves from CSS to each other scheme.
    pub sensitivity: Memo<Option<Arc<SchemeSensitivity>>>,
}

fn view_of(state: &AppState, b: &ForceBundle, period: &Period, baseline: &Period) -> Option<Result<ForceView, EmptyModule>> {
    let selection = Selection { period, baseline, weights: b.data.weights(state.scheme())?, basis: state.basis.get() };
    let tables = SearchTables { wards: &b.ward_searches, force: &b.force_searches, months: &b.entry.stop_search_months };
    // In a module the force row is the module's total, and named so; a
    // module without wards is refused in the force's own name.
    let module = state.module.get();
    if let Err(empty) = module.select(&b.data.wards).non_empty(&b.entry.name) {
        return Some(Err(empty));
    }
    let name = module.total_name(&b.entry.name);
    Some(module_view(&b.data, tables, (&b.entry.code, &name), &selection, &module).map(|view| view.with_lenses(&b.data, &b.lenses, &selection)))
}

impl Derived {
    pub fn new(state: AppState) -> Derived {
        let period = Memo::new(move |_| state.selected_period());
        let baseline = Memo::new(move |_| state.baseline_period());
        let module_view = Memo::new(move |_| {
            let b = state.force()?;
            Some(view_of(&state, &b, &period.get()?, &baseline.get()?)?.map(Arc::new))
        });
        let view = Memo::new(move |_| module_view.get()?.ok());
        let trauma = Memo::new(move |_| {
            if !state.trauma.get() {
                return None;
            }
            let view = view.get()?;
            Some(trauma::trauma_scores(&view, state.level.get(), &state.weights.get()).map(Arc::new))
        });
        let values = Memo::new(move |_| {
            if let (Some(o), Some(m)) = (state.overview_data(), state.overview_measure()) {
                return Some(Arc::new(harm_core::overview::overview_values(&o.table, &m)));
            }
            if state.trauma.get() {
                let scores = trauma.get()?.ok()?;
                return Some(Arc::new(trauma::score_values(&scores)));
            }
            Some(Arc::new(view.get()?.values(state.level.get(), state.measure.get())))
        });
        // With "same classes for every period", breaks come from the values
        // of every offered period pooled; ratio classes are fixed anyway.
        let pooled = Memo::new(move |_| {
            let measure = state.measure.get();
            // Trauma scores are relative to the areas of one period: never pooled.
            if !state.fixed_classes.get() || measure.scale() == Scale::Diverging || state.trauma.get() {
                return None;
            }
            let (b, baseline) = (state.force()?, baseline.get()?);
            let all: Vec<f64> = state
                .periods()
                .iter()
                .filter_map(|p| view_of(&state, &b, p, &baseline)?.ok())
                .flat_map(|v| v.values(state.level.get(), measure).into_iter().filter_map(|x| x.value))
                .collect();
            Some(Arc::new(all))
        });
        let classes = Memo::new(move |_| {
            if let Some(m) = state.overview_measure() {
                return Some(Arc::new(classes(m.measure(), &values.get()?, None, state.breaks.get())));
            }
            let pooled = pooled.get();
            if state.trauma.get() {
                return Some(Arc::new(trauma::score_classes(&values.get()?, state.breaks.get())));
            }
            Some(Arc::new(classes(state.measure.get(), &values.get()?, pooled.as_deref().map(|p| p.as_slice()), state.breaks.get())))
        });
        let sensitivity = Memo::new(move |_| {
            let b = state.force()?;
            Some(Arc::new(weighting_sensitivity(&b.data, &period.get()?)))
        });
        // Keyed on the measure's source, so switching between measures of the
        // same data does not recompute the limits.
        let source = Memo::new(move |_| state.measure.get().source());
        let funnel = Memo::new(move |_| Some(Arc::new(view.get()?.funnel(source.get(), state.level.get())?)));
        Derived { period, baseline, module_view, view, trauma, values, classes, funnel, sensitivity }
    }
}
