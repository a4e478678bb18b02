//! The page: a skip link, the navigation bar between views, notices about
//! the address, the choices, and the chosen view: the map with its legend
//! and the selected area's panel (the default), the table, trends, the force
//! summary, data quality or methodology. Only the chosen view is drawn.

use crate::address_notices::AddressNotices;
use crate::controls::Controls;
use crate::force_summary::ForceSummary;
use crate::legend::{Legend, Patterns};
use crate::load_problem::LoadProblem;
use crate::map::MapView;
use crate::methodology::Methodology;
use crate::section_nav::SectionNav;
use crate::state::{AppState, Derived, View};
use crate::trends::Trends;
use crate::url_state::{keep_in_address, read_query};
use crate::ward_panel::WardPanel;
use crate::ward_table::WardTable;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Wider than this the map and the panel sit side by side, and the choices start open.
const SIDE_BY_SIDE: &str = "(min-width: 901px)";

fn matches_media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(&read_query());
    provide_context(state);
    let derived = Derived::new(state);
    provide_context(derived);
    crate::rag_page::RagData::provide();
    crate::peers_panel::PeerForces::provide();
    keep_in_address(state);
    name_the_page(state, derived);
    bring_the_selection_into_view(state);

    let synthetic = move || {
        state.manifest().is_some_and(|m| m.synthetic).then(|| {
            view! { <p class="banner synthetic" role="status">"This is synthetic demonstration data: every figure is made up to demonstrate and test the map, and describes no real place or people."</p> }
        })
    };
    let status = move || {
        if let Some(error) = state.manifest_error() {
            return view! { <LoadProblem id="load-error" heading="The map could not load its data".into() error/> }.into_any();
        }
        if let Some(error) = state.overview_error() {
            return view! { <LoadProblem id="load-error" heading="The national overview cannot be shown".into() error
                still_works="Each force area can still be chosen under Force area above."/> }.into_any();
        }
        if state.is_overview() {
            let loading = state.overview_data().is_none();
            return loading.then(|| view! { <p id="loading" class="loading">"Loading the published data…"</p> }).into_any();
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
    // Data availability and methodology need no force loaded, and no choices.
    let needs_force = move || !matches!(state.view.get(), View::DataAvailability | View::Methodology);
    let loaded = move || state.force().is_some() || state.overview_data().is_some();
    let section = move || match state.view.get() {
        view if state.is_overview() && needs_force() => crate::overview::overview_section(view),
        View::Map => view! { <MapSection/> }.into_any(),
        View::Table => view! { <WardTable/> }.into_any(),
        View::Trends => view! { <Trends/> }.into_any(),
        View::Summary => view! { <SummarySection/> }.into_any(),
        View::DataAvailability => view! { <crate::rag_page::RagPage/> }.into_any(),
        View::Methodology => view! { <Methodology/> }.into_any(),
        View::Report => view! { <crate::report_page::ReportPage/> }.into_any(),
    };

    view! {
        <a class="skip-link" href="#map" on:click=move |ev| focus_the_map(state, ev)>"Skip to the map"</a>
        <header class="site-header">
            <h1>"Community Harm Map"</h1>
            <p class="tagline">"Crime harm and ethnic disparity by ward, from open police and census data."</p>
            <crate::built_note::BuiltNote/>
        </header>
        <SectionNav/>
        {synthetic}
        <AddressNotices/>
        <Patterns/>
        // Hidden, not dropped, on the views without choices: they stay for the way back.
        <details class="choices" id="choices" open=matches_media(SIDE_BY_SIDE) class:hidden=move || !needs_force()>
            <summary>"Choices"</summary>
            <Controls/>
        </details>
        // Always present, so that a problem appearing in it is announced.
        <div class="load-status" aria-live="polite">{status}</div>
        <main id="main">
            <Show when=move || loaded() || !needs_force()>
                {move || needs_force().then(|| view! { <crate::module_control::ModuleNote/> })}
                {section}
            </Show>
        </main>
    }
}

/// The default view: the map with its legend, and the selected area's panel.
#[component]
fn MapSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let districts_problem = move || {
        state.districts_error().map(|error| view! {
            <LoadProblem id="district-error" heading="The district outlines cannot be drawn".into() error
                still_works="Every district's figures are still in the panel and the table, and the ward map still works: choose Wards under Areas."/>
        })
    };
    view! {
        <div class="layout">
            <section class="map-area" aria-label="Map">
                <div aria-live="polite">{districts_problem}</div>
                <crate::area_search::AreaSearch/>
                // Without district outlines an empty map would only puzzle: the problem above says why.
                <div class:hidden=move || state.districts_error().is_some()><MapView/></div>
                <Legend/>
            </section>
            <WardPanel/>
        </div>
    }
}

/// The force summary view: the force's figures, the force-held lenses, the
/// crime survey context and, while it is mapped, the trauma score's weights.
#[component]
fn SummarySection() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.trauma.get()>
            <crate::trauma_score::TraumaWeights/>
            <crate::trauma_score::TraumaSensitivity/>
        </Show>
        <ForceSummary/>
        <crate::force_held_lens::ForceHeldLenses/>
        <crate::survey_table::SurveyContext/>
    }
}

/// The skip link: the map is drawn only in the map view, so the link
/// brings it back first, then moves the focus to it once drawn.
fn focus_the_map(state: AppState, ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    state.view.set(View::Map);
    request_animation_frame(|| {
        let Some(map) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("map")) else { return };
        // Focusable even before the map makes itself a tab stop.
        if !map.has_attribute("tabindex") {
            let _ = map.set_attribute("tabindex", "-1");
        }
        if let Ok(map) = map.dyn_into::<web_sys::HtmlElement>() {
            let _ = map.focus();
        }
    });
}

/// The page title names the selected area (or the force), the measure, the
/// period and the view, as browser tabs, history and bookmarks show it.
fn name_the_page(state: AppState, derived: Derived) {
    Effect::new(move |_| {
        let place = state.area.get().and_then(|code| {
            let view = derived.view.get()?;
            view.at(state.level.get()).areas.iter().find(|a| a.code == code).map(|a| a.name.clone())
        });
        let place = place.or_else(|| state.force().map(|b| b.entry.name.clone()));
        let view = state.view.get();
        let mut title = String::new();
        if view != View::Map {
            title.push_str(&format!("{} – ", view.label()));
        }
        if let (Some(place), Some(period)) = (place, derived.period.get()) {
            title.push_str(&format!("{place}: {}, {} – ", state.mapped_label(), period.label));
        }
        title.push_str("Community Harm Map");
        // After the paint: the browser's title update is not on the way to it.
        crate::first_paint::after_next_paint(move || {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&title);
            }
        });
    });
}

/// On a phone the panel is below the map: selecting an area scrolls its
/// headline into view (not at start, when the page opens at its top).
fn bring_the_selection_into_view(state: AppState) {
    Effect::new(move |previous: Option<Option<String>>| {
        let area = state.area.get();
        if previous.is_some() && area.is_some() && previous.as_ref() != Some(&area) && !matches_media(SIDE_BY_SIDE) {
            request_animation_frame(|| {
                if let Some(headline) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("ward-panel")) {
                    headline.scroll_into_view();
                }
            });
        }
        area
    });
}
