//! The app's state: signals owned by the URL (see `url_state`) and the data
//! loaded for the selected force, shared with every component by context.

use crate::load::{ForceBundle, LoadError};
use crate::legend::{scheme, ClassScheme};
use crate::measure::{ward_values, Measure, WardValue};
use harm_core::breaks::BreakMethod;
use harm_core::dataset::Manifest;
use harm_core::ethnicity::Basis;
use harm_core::figures::{self, AreaFigures};
use harm_core::searches::{self, GroupComparison};
use harm_core::Month;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Map,
    Table,
}

pub type Loaded<T> = Option<Result<Arc<T>, LoadError>>;

#[derive(Clone, Copy)]
pub struct AppState {
    pub manifest: RwSignal<Loaded<Manifest>>,
    pub bundle: RwSignal<Loaded<ForceBundle>>,
    pub force_id: RwSignal<String>,
    pub measure: RwSignal<Measure>,
    pub from: RwSignal<Option<Month>>,
    pub to: RwSignal<Option<Month>>,
    pub basis: RwSignal<Basis>,
    pub breaks: RwSignal<BreakMethod>,
    pub ward: RwSignal<Option<String>>,
    pub view: RwSignal<View>,
}

impl AppState {
    /// The loaded force, if it has loaded without error.
    pub fn force(&self) -> Option<Arc<ForceBundle>> {
        self.bundle.get().and_then(|r| r.ok())
    }

    /// Every month with crime or stop-search data for the force, in order.
    pub fn months(&self) -> Vec<Month> {
        let Some(b) = self.force() else { return Vec::new() };
        let mut months: Vec<Month> = b.entry.crime_months.iter().chain(&b.entry.stop_search_months).copied().collect();
        months.sort();
        months.dedup();
        months
    }

    pub fn range(&self) -> Option<(Month, Month)> {
        Some((self.from.get()?, self.to.get()?))
    }
}

/// Figures derived from the loaded force and the selected months.
#[derive(Clone, Copy)]
pub struct Derived {
    pub wards: Memo<Option<Arc<Vec<AreaFigures>>>>,
    pub force_total: Memo<Option<Arc<AreaFigures>>>,
    pub searches: Memo<Option<Arc<Vec<GroupComparison>>>>,
    pub force_searches: Memo<Option<Arc<GroupComparison>>>,
    /// Each ward's value of the selected measure, and its colour classes.
    pub values: Memo<Option<Arc<Vec<WardValue>>>>,
    pub scheme: Memo<Option<Arc<ClassScheme>>>,
}

impl Derived {
    pub fn new(state: AppState) -> Derived {
        let wards = Memo::new(move |_| {
            let b = state.force()?;
            let (from, to) = state.range()?;
            Some(Arc::new(figures::ward_figures(&b.data, from, to)))
        });
        let force_total = Memo::new(move |_| {
            let b = state.force()?;
            let w = wards.get()?;
            Some(Arc::new(figures::total(&b.entry.code, &format!("{} (force total)", b.entry.name), &w, &b.data.weights)))
        });
        let searches = Memo::new(move |_| {
            let b = state.force()?;
            let (from, to) = state.range()?;
            Some(Arc::new(searches::ward_comparisons(&b.data.wards, &b.ward_searches, state.basis.get(), from, to)))
        });
        let force_searches = Memo::new(move |_| {
            let b = state.force()?;
            let (from, to) = state.range()?;
            Some(Arc::new(searches::force_comparison(&b.data.wards, &b.force_searches, state.basis.get(), from, to)))
        });
        let values = Memo::new(move |_| {
            Some(Arc::new(ward_values(state.measure.get(), &wards.get()?, &searches.get()?)))
        });
        let scheme = Memo::new(move |_| Some(Arc::new(scheme(state.measure.get(), &values.get()?, state.breaks.get()))));
        Derived { wards, force_total, searches, force_searches, values, scheme }
    }
}
