//! The app's state: signals owned by the URL (see `url_state`), the loaded
//! data as resources, and the figures derived from them, shared with every
//! component by context. One `ForceView` per selection holds every figure;
//! components only read from it.

use crate::geometry::MapGeometry;
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
use harm_core::Month;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Map,
    Table,
    /// The data availability page (`view=data-availability`).
    DataAvailability,
    /// The force report (`view=report`, see `report_page`).
    Report,
}

impl View {
    /// As in the URL's `view` (empty for the map).
    pub fn key(self) -> &'static str {
        match self {
            View::Map => "",
            View::Table => "table",
            View::DataAvailability => "data-availability",
            View::Report => "report",
        }
    }

    pub fn from_key(key: &str) -> View {
        [View::Table, View::DataAvailability, View::Report].into_iter().find(|v| v.key() == key).unwrap_or(View::Map)
    }
}

pub type Loaded<T> = Result<Arc<T>, LoadError>;

#[derive(Clone, Copy)]
pub struct AppState {
    pub manifest: LocalResource<Loaded<Manifest>>,
    /// District outlines, fetched only once a person maps districts or the
    /// force, with the id of the force they outline.
    pub districts: LocalResource<Option<(String, Loaded<MapGeometry>)>>,
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
    /// The wards every figure is limited to (`module` in the URL; see `module_control`).
    pub module: RwSignal<Module>,
    /// Why the URL's module key was not read, if it was not.
    pub module_problem: RwSignal<Option<String>>,
    /// The community trauma score is mapped (`measure=trauma-score`) instead of `measure`.
    pub trauma: RwSignal<bool>,
    /// The trauma score's measures and weights (`weights` in the URL; see `trauma_score`).
    pub weights: RwSignal<Vec<Indicator>>,
    /// Why the URL's weights were not read, if they were not.
    pub weights_problem: RwSignal<Option<String>>,
}

impl AppState {
    /// Signals from the URL's values; resources that load the manifest and the chosen force.
    pub fn new(query: &std::collections::BTreeMap<String, String>) -> AppState {
        let q = |k: &str| query.get(k).cloned().filter(|v| !v.is_empty());
        let manifest = LocalResource::new(|| async { load_manifest().await.map(Arc::new) });
        let force_id = RwSignal::new(q("force").unwrap_or_default());
        let bundle = LocalResource::new(move || {
            let chosen = force_id.get();
            async move {
                // Awaiting the manifest resource waits for it (and tracks it),
                // so the force is never looked up in a manifest not yet loaded.
                // Without a manifest there is no force: its own error is shown.
                let manifest = manifest.await.ok()?;
                let entry = chosen_entry(&manifest, &chosen)?.clone();
                Some(load_force(entry).await.map(Arc::new))
            }
        });
        let level = RwSignal::new(q("level").and_then(|l| Level::from_key(&l)).unwrap_or(Level::Ward));
        let districts = LocalResource::new(move || {
            let wanted = level.get() != Level::Ward;
            async move {
                if !wanted {
                    return None;
                }
                // A force that did not load has its own error shown instead.
                let Some(Ok(b)) = bundle.await else { return None };
                Some((b.entry.id.clone(), load_districts(&b.entry, &b.data.wards).await.map(Arc::new)))
            }
        });
        AppState {
            manifest,
            districts,
            bundle,
            force_id,
            measure: RwSignal::new(q("measure").and_then(|m| Measure::from_key(&m)).unwrap_or(Measure::HarmRate)),
            period: RwSignal::new(q("period")),
            baseline: RwSignal::new(q("baseline")),
            scheme: RwSignal::new(q("scheme").and_then(|s| WeightScheme::from_key(&s))),
            basis: RwSignal::new(q("basis").and_then(|b| Basis::from_key(&b)).unwrap_or(Basis::SelfDefined)),
            breaks: RwSignal::new(if q("breaks").as_deref() == Some("natural") { BreakMethod::NaturalBreaks } else { BreakMethod::Quantiles }),
            fixed_classes: RwSignal::new(q("classes").as_deref() == Some("fixed")),
            level,
            // `ward` is the key older links used for the selected ward.
            area: RwSignal::new(q("area").or_else(|| q("ward"))),
            view: RwSignal::new(View::from_key(&q("view").unwrap_or_default())),
            module: RwSignal::new(q("module").and_then(|k| Module::parse(&k).ok()).unwrap_or_default()),
            module_problem: RwSignal::new(q("module").and_then(|k| Module::parse(&k).err()).map(|e| format!("The link's module {e}."))),
            trauma: RwSignal::new(q("measure").as_deref() == Some(trauma::KEY)),
            weights: RwSignal::new(q("weights").and_then(|k| trauma::parse_weights(&k).ok()).unwrap_or_else(trauma::default_indicators)),
            weights_problem: RwSignal::new(
                q("weights").and_then(|k| trauma::parse_weights(&k).err()).map(|e| format!("The link's weights were not used: {e}.")),
            ),
        }
    }

    /// The mapped measure's name: the registry measure's, or the trauma score's.
    pub fn mapped_label(&self) -> String {
        if self.trauma.get() { trauma::LABEL.to_string() } else { self.measure.get().label() }
    }

    pub fn manifest(&self) -> Option<Arc<Manifest>> {
        self.manifest.get().and_then(|r| r.ok())
    }

    /// The id of the force the person has chosen: the URL's or the picker's,
    /// or the first listed when that names no force of the manifest.
    pub fn chosen_force_id(&self) -> String {
        let id = self.force_id.get();
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
    fn chosen_districts(&self) -> Option<Loaded<MapGeometry>> {
        let chosen = self.chosen_force_id();
        self.districts.get().flatten().filter(|(id, _)| *id == chosen).map(|(_, r)| r)
    }

    /// The outlines drawn at the selected level: wards, or districts (also
    /// for the force, whose one value colours every district).
    pub fn geometry(&self) -> Option<Arc<MapGeometry>> {
        match self.level.get() {
            Level::Ward => self.force().map(|b| b.geometry.clone()),
            _ => self.chosen_districts().and_then(|r| r.ok()),
        }
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
