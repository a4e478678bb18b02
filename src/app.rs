//! The page: loads the manifest, then the selected force, and lays out the
//! controls, map, legend, ward panel, force summary, funnel chart and table.

use crate::controls::Controls;
use crate::force_summary::ForceSummary;
use crate::funnel_chart::FunnelChart;
use crate::legend::{Legend, Patterns};
use crate::load_problem::LoadProblem;
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
    crate::rag_page::RagData::provide();
    crate::peers_panel::PeerForces::provide();

    Effect::new(move |_| {
        write_query(&[
            ("force", state.chosen_force_id()),
            ("measure", if state.trauma.get() { harm_core::trauma::KEY.to_string() } else { state.measure.get().key() }),
            ("period", state.period.get().unwrap_or_default()),
            ("baseline", state.baseline.get().unwrap_or_default()),
            ("scheme", state.scheme.get().map(|s| s.key().to_string()).unwrap_or_default()),
            ("basis", state.basis.get().key().to_string()),
            ("breaks", if state.breaks.get() == BreakMethod::NaturalBreaks { "natural".into() } else { String::new() }),
            ("classes", if state.fixed_classes.get() { "fixed".into() } else { String::new() }),
            ("level", if state.level.get() == Level::Ward { String::new() } else { state.level.get().key().to_string() }),
            ("area", state.area.get().unwrap_or_default()),
            ("view", state.view.get().key().to_string()),
            ("module", Some(state.module.get()).filter(|m| !m.is_all_wards()).map(|m| m.key()).unwrap_or_default()),
            ("weights", if state.trauma.get() { harm_core::trauma::weights_key(&state.weights.get()) } else { String::new() }),
        ]);
    });

    let synthetic = move || {
        state.manifest().is_some_and(|m| m.synthetic).then(|| {
            view! { <p class="banner synthetic" role="status">"This is synthetic demonstration data: every figure is made up to demonstrate and test the map, and describes no real place or people."</p> }
        })
    };
    let status = move || {
        if let Some(error) = state.manifest_error() {
            return view! { <LoadProblem id="load-error" heading="The map could not load its data".into() error/> }.into_any();
        }
        match (state.force_error(), state.force()) {
            (Some(failed), _) => view! {
                <LoadProblem id="load-error" heading=format!("{} cannot be shown", failed.force.name) error=failed.error
                    still_works="Other force areas can still be chosen under Force area above."/>
            }
            .into_any(),
            (None, Some(_)) => ().into_any(),
            (None, None) => view! { <p id="loading" class="loading">"Loading the published data…"</p> }.into_any(),
        }
    };
    let districts_problem = move || {
        state.districts_error().map(|error| view! {
            <LoadProblem id="district-error" heading="The district outlines cannot be drawn".into() error
                still_works="Every district's figures are still in the panel and the table, and the ward map still works: choose Wards under Areas."/>
        })
    };
    let loaded = move || state.force().is_some();
    let availability_page = move || state.view.get() == View::DataAvailability;

    view! {
        <header class="site-header">
            <h1>"Community Harm Map"</h1>
            <p class="tagline">"Crime harm and ethnic disparity by ward, from open police and census data."</p>
            <crate::built_note::BuiltNote/>
        </header>
        {synthetic}
        <Patterns/>
        // Hidden, not dropped, on the data availability page: the choices stay for the way back.
        <div class:hidden=availability_page><Controls/></div>
        // Always present, so that a problem appearing in it is announced.
        <div class="load-status" aria-live="polite">{status}</div>
        <Show when=availability_page>
            <crate::rag_page::RagPage/>
        </Show>
        <Show when=move || state.view.get() == View::Report>
            <crate::report_page::ReportPage/>
        </Show>
        <Show when=move || loaded() && !availability_page() && state.view.get() != View::Report>
            <crate::module_control::ModuleNote/>
            <main class="layout">
                <section class="map-area" aria-label="Map" class:hidden=move || state.view.get() == View::Table>
                    <div aria-live="polite">{districts_problem}</div>
                    // Without district outlines an empty map would only puzzle: the problem above says why.
                    <div class:hidden=move || state.districts_error().is_some()><MapView/></div>
                    <Legend/>
                </section>
                <WardPanel/>
            </main>
            <Show when=move || state.trauma.get()>
                <crate::trauma_score::TraumaWeights/>
                <crate::trauma_score::TraumaSensitivity/>
            </Show>
            <ForceSummary/>
            <crate::force_held_lens::ForceHeldLenses/>
            <crate::survey_table::SurveyContext/>
            <FunnelChart/>
            <WardTable/>
        </Show>
        <Methodology/>
    }
}
