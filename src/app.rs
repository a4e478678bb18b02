//! The page: loads the manifest, then the selected force, and lays out the
//! controls, map, legend, ward panel, force summary, funnel chart and table.

use crate::controls::Controls;
use crate::force_summary::ForceSummary;
use crate::funnel_chart::FunnelChart;
use crate::legend::{Legend, Patterns};
use crate::load::{load_force, load_manifest};
use crate::map::MapView;
use crate::measure::Measure;
use crate::methodology::Methodology;
use crate::state::{AppState, Derived, View};
use crate::url_state::{read_query, write_query};
use crate::ward_panel::WardPanel;
use crate::ward_table::WardTable;
use harm_core::breaks::BreakMethod;
use harm_core::ethnicity::Basis;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    let query = read_query();
    let q = |k: &str| query.get(k).cloned();
    let state = AppState {
        manifest: RwSignal::new(None),
        bundle: RwSignal::new(None),
        force_id: RwSignal::new(q("force").unwrap_or_default()),
        measure: RwSignal::new(q("measure").and_then(|m| Measure::from_key(&m)).unwrap_or(Measure::HarmRate)),
        from: RwSignal::new(q("from").and_then(|m| m.parse().ok())),
        to: RwSignal::new(q("to").and_then(|m| m.parse().ok())),
        basis: RwSignal::new(q("basis").and_then(|b| Basis::from_key(&b)).unwrap_or(Basis::SelfDefined)),
        breaks: RwSignal::new(if q("breaks").as_deref() == Some("natural") { BreakMethod::NaturalBreaks } else { BreakMethod::Quantiles }),
        ward: RwSignal::new(q("ward")),
        view: RwSignal::new(if q("view").as_deref() == Some("table") { View::Table } else { View::Map }),
    };
    provide_context(state);
    provide_context(Derived::new(state));

    spawn_local(async move {
        let loaded = load_manifest().await.map(Arc::new);
        if let Ok(m) = &loaded {
            let wanted = state.force_id.get_untracked();
            if !m.forces.iter().any(|f| f.id == wanted) {
                state.force_id.set(m.forces.first().map(|f| f.id.clone()).unwrap_or_default());
            }
        }
        state.manifest.set(Some(loaded));
    });

    // Load the selected force whenever it changes; keep the months in range.
    Effect::new(move |_| {
        let id = state.force_id.get();
        let Some(Ok(manifest)) = state.manifest.get() else { return };
        let Some(entry) = manifest.forces.iter().find(|f| f.id == id).cloned() else { return };
        state.bundle.set(None);
        spawn_local(async move {
            let loaded = load_force(entry).await.map(Arc::new);
            state.bundle.set(Some(loaded));
            let months = state.months();
            let keep = |m: Option<harm_core::Month>| m.filter(|m| months.contains(m));
            if keep(state.from.get_untracked()).is_none() || keep(state.to.get_untracked()).is_none() {
                state.from.set(months.first().copied());
                state.to.set(months.last().copied());
            }
            if let Some(w) = state.ward.get_untracked() {
                if !state.force().is_some_and(|b| b.data.wards.iter().any(|x| x.ward_code == w)) {
                    state.ward.set(None);
                }
            }
        });
    });

    Effect::new(move |_| {
        write_query(&[
            ("force", state.force_id.get()),
            ("measure", state.measure.get().key()),
            ("from", state.from.get().map(|m| m.to_string()).unwrap_or_default()),
            ("to", state.to.get().map(|m| m.to_string()).unwrap_or_default()),
            ("basis", state.basis.get().key().to_string()),
            ("breaks", if state.breaks.get() == BreakMethod::NaturalBreaks { "natural".into() } else { String::new() }),
            ("ward", state.ward.get().unwrap_or_default()),
            ("view", if state.view.get() == View::Table { "table".into() } else { String::new() }),
        ]);
    });

    let synthetic = move || {
        state.manifest.get().and_then(|m| m.ok()).is_some_and(|m| m.synthetic).then(|| {
            view! { <p class="banner synthetic" role="status">"Synthetic data: these figures are made up for testing and describe no real place."</p> }
        })
    };
    let status = move || match (state.manifest.get(), state.bundle.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => view! {
            <div id="load-error" class="error" role="alert">
                <h2>"The map could not load its data"</h2>
                <p>{e.to_string()}</p>
                <p>"Check that the published data folder is complete and unchanged, then reload the page."</p>
            </div>
        }
        .into_any(),
        (Some(Ok(_)), Some(Ok(_))) => ().into_any(),
        _ => view! { <p id="loading" class="loading" role="status">"Loading the published data…"</p> }.into_any(),
    };
    let loaded = move || matches!(state.bundle.get(), Some(Ok(_)));

    view! {
        <header class="site-header">
            <h1>"Community Harm Map"</h1>
            <p class="tagline">"Crime harm and ethnic disparity by ward, from open police and census data."</p>
        </header>
        {synthetic}
        <Patterns/>
        <Controls/>
        {status}
        <Show when=loaded>
            <main class="layout">
                <section class="map-area" aria-label="Map" class:hidden=move || state.view.get() == View::Table>
                    <MapView/>
                    <Legend/>
                </section>
                <WardPanel/>
            </main>
            <ForceSummary/>
            <FunnelChart/>
            <WardTable/>
        </Show>
        <Methodology/>
    }
}
