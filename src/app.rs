//! The page: loads the manifest, then the selected force, and lays out the
//! controls, map, legend, ward panel, force summary, funnel chart and table.

use crate::controls::Controls;
use crate::force_summary::ForceSummary;
use crate::funnel_chart::FunnelChart;
use crate::legend::{Legend, Patterns};
use crate::map::MapView;
use crate::methodology::Methodology;
use crate::state::{AppState, Derived, View};
use crate::url_state::{read_query, write_query};
use crate::ward_panel::WardPanel;
use crate::ward_table::WardTable;
use harm_core::breaks::BreakMethod;
use harm_core::level::Level;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(&read_query());
    provide_context(state);
    provide_context(Derived::new(state));

    Effect::new(move |_| {
        write_query(&[
            ("force", state.force().map(|b| b.entry.id.clone()).unwrap_or_else(|| state.force_id.get())),
            ("measure", state.measure.get().key()),
            ("period", state.period.get().unwrap_or_default()),
            ("baseline", state.baseline.get().unwrap_or_default()),
            ("scheme", state.scheme.get().map(|s| s.key().to_string()).unwrap_or_default()),
            ("basis", state.basis.get().key().to_string()),
            ("breaks", if state.breaks.get() == BreakMethod::NaturalBreaks { "natural".into() } else { String::new() }),
            ("classes", if state.fixed_classes.get() { "fixed".into() } else { String::new() }),
            ("level", if state.level.get() == Level::Ward { String::new() } else { state.level.get().key().to_string() }),
            ("area", state.area.get().unwrap_or_default()),
            ("view", if state.view.get() == View::Table { "table".into() } else { String::new() }),
        ]);
    });

    let synthetic = move || {
        state.manifest().is_some_and(|m| m.synthetic).then(|| {
            view! { <p class="banner synthetic" role="status">"Synthetic data: these figures are made up for testing and describe no real place."</p> }
        })
    };
    let status = move || match (state.load_error(), state.force()) {
        (Some(e), _) => view! {
            <div id="load-error" class="error" role="alert">
                <h2>"The map could not load its data"</h2>
                <p>{e.to_string()}</p>
                <p>"Check that the published data folder is complete and unchanged, then reload the page."</p>
            </div>
        }
        .into_any(),
        (None, Some(_)) => ().into_any(),
        (None, None) => view! { <p id="loading" class="loading" role="status">"Loading the published data…"</p> }.into_any(),
    };
    let loaded = move || state.load_error().is_none() && state.force().is_some();

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
