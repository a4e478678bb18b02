//! The national overview (`?force=england-and-wales`): every district of
//! England and Wales on the same map, legend and table as a force, with
//! the measures `harm_core::overview` gives at district level. Choosing a
//! district opens its force's map with the district selected. The views
//! that need a force's wards (panel, trends, summary, report) say so.

use crate::load::{fetch_text, LoadError};
use crate::state::{AppState, View};
use harm_core::dataset::{parse_provenance, Manifest, PROVENANCE};
use harm_core::level::Level;
use harm_core::measures::Measure;
use harm_core::outlines::{parse_outlines, MapGeometry};
use harm_core::overview::{self, missing_reason, overview_table_file, overview_value, Overview, OverviewEntry, OverviewMeasure};
use leptos::prelude::*;
use std::sync::Arc;

/// The overview's table and outlines.
#[derive(Debug, Clone)]
pub struct OverviewData {
    pub table: Overview,
    pub geometry: Arc<MapGeometry>,
}

/// Fetches the district table and its outlines in parallel.
pub async fn load_overview(entry: &OverviewEntry) -> Result<OverviewData, LoadError> {
    let (table_path, outlines_path) = (overview::districts_file(), overview::outlines_file());
    let (table, outlines) = futures::future::try_join(fetch_text(table_path.clone()), fetch_text(outlines_path.clone())).await?;
    let table = overview::parse_overview(&table_path, &table, &entry.periods)?;
    let areas: Vec<(String, String)> = table.districts.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
    let geometry = parse_outlines(&outlines_path, &outlines, Level::District, &areas, &table_path)?;
    Ok(OverviewData { table, geometry: Arc::new(geometry) })
}

/// The named periods as (key, label).
pub fn named_periods(manifest: &Manifest) -> Vec<(String, String)> {
    manifest.periods.iter().map(|p| (p.key.clone(), p.label.clone())).collect()
}

/// What the legend says of a district without a value of `measure`.
pub fn no_value_reason(measure: &OverviewMeasure) -> &'static str {
    match measure {
        OverviewMeasure::HarmRate(_) => "the district's force has no street crime in this dataset for the period; never zero",
        OverviewMeasure::BlackShare => "no residents",
        _ => "the district's force publishes no series for the year",
    }
}

/// The measure choice of the overview, in place of the force's choices.
#[component]
pub fn OverviewControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = move || {
        let periods = state.manifest().map(|m| named_periods(&m)).unwrap_or_default();
        let chosen = state.overview_measure();
        OverviewMeasure::all(&periods)
            .into_iter()
            .map(|m| {
                let (key, period) = m.keys();
                let value = format!("{key}|{}", period.unwrap_or_default());
                let selected = chosen.as_ref() == Some(&m);
                view! { <option value=value selected=selected>{m.label(&periods)}</option> }
            })
            .collect_view()
    };
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let (key, period) = value.split_once('|').unwrap_or((&value, ""));
        state.overview_key.set(key.to_string());
        state.period.set(Some(period.to_string()).filter(|p| !p.is_empty()));
        state.settle("measure");
    };
    view! {
        <Show when=move || state.is_overview()>
            <div class="overview-controls">
                <label>"Measure " <select id="overview-measure" on:change=choose>{options}</select></label>
                <p class="hint" id="overview-note">"Every district of England and Wales. Choose a district on the map or in the table to open its force's map."</p>
            </div>
        </Show>
    }
}

/// The overview's section for `view`: the map, the table, or why the view is for a force.
pub fn overview_section(view: View) -> AnyView {
    match view {
        View::Map => view! { <OverviewMap/> }.into_any(),
        View::Table => view! { <OverviewTable/> }.into_any(),
        other => view! {
            <section class="for-a-force" id="for-a-force">
                <h2>{other.label()}</h2>
                <p>{format!("The {} is for one force: choose a force under Force area above. The national overview has the map and the table of every district.", other.label().to_lowercase())}</p>
            </section>
        }
        .into_any(),
    }
}

/// The selected district's figure, or why it has none, and the way into its force.
#[component]
fn SelectedDistrict() -> impl IntoView {
    let state = expect_context::<AppState>();
    let content = move || {
        let (data, manifest, measure) = (state.overview_data()?, state.manifest()?, state.overview_measure()?);
        let periods = named_periods(&manifest);
        let code = state.area.get()?;
        let d = data.table.districts.iter().find(|d| d.code == code)?.clone();
        let value = overview_value(&data.table, &d, &measure);
        let why = missing_reason(&data.table, &d, &measure, &periods);
        let interval = value.interval.map(|(lo, hi)| format!(" (95% interval {} to {})", harm_core::format::limit(Some(lo)), harm_core::format::limit(Some(hi))));
        let open = d.clone();
        Some(view! {
            <h2>{d.name.clone()}</h2>
            <p>{format!("{}, {} residents.", d.force_name, d.residents)}</p>
            <p id="overview-value">{format!("{}: {}{}", measure.label(&periods), value.flagged_text(), interval.unwrap_or_default())}</p>
            {why.map(|w| view! { <p id="overview-missing">{w}</p> })}
            <button type="button" id="open-force" on:click=move |_| state.open_district(&open.force_id, &open.code, measure.measure())>
                {format!("Open {}'s map at {}", d.force_name, d.name)}
            </button>
        }.into_any())
    };
    view! {
        <aside class="ward-panel" aria-label="Selected district">
            {move || content().unwrap_or_else(|| view! { <p>"Choose a district on the map (click, or Tab then arrow keys and Enter) to see its figure and open its force's map."</p> }.into_any())}
        </aside>
    }
}

#[component]
fn OverviewMap() -> impl IntoView {
    view! {
        <div class="layout">
            <section class="map-area" aria-label="Map">
                <crate::map::MapView/>
                <OverviewLegend/>
            </section>
            <SelectedDistrict/>
        </div>
    }
}

/// The legend: the same classes and patterns as a force's, and where the figures come from.
#[component]
fn OverviewLegend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<crate::state::Derived>();
    let content = move || {
        let keys = crate::legend::keys(&state, &derived)?;
        let measure = state.overview_measure()?;
        let missing = derived.values.get()?.iter().filter(|v| v.value.is_none()).count();
        let subtitle = match measure {
            OverviewMeasure::HarmRate(_) => "police.uk street crime weighted by the Crime Severity Score, per Census 2021 resident per year, only where the force's street crime is in this dataset",
            OverviewMeasure::BlackShare => "Census 2021",
            _ => "each force's published district series (disclosure-controlled), per Census 2021 resident",
        };
        Some(view! {
            <h2 class="legend-title">{state.mapped_label()}</h2>
            <p class="legend-subtitle">{subtitle}</p>
            <ul class="legend-classes">
                {keys.into_iter().map(|(fill, label, class)| view! { <li class=class>{crate::legend::swatch(fill)}<span>{label}</span></li> }).collect_view()}
            </ul>
            {(missing > 0).then(|| view! { <p id="overview-missing-count">{format!("{missing} districts have no value: the table says why for each.")}</p> })}
        })
    };
    view! { <div id="legend" class="legend">{content}</div> }
}

/// The map's accessible twin: every district's figure, the reason beside any missing one.
#[component]
fn OverviewTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let rows = move || {
        let (data, manifest, measure) = (state.overview_data()?, state.manifest()?, state.overview_measure()?);
        let periods = named_periods(&manifest);
        Some(
            data.table
                .districts
                .iter()
                .map(|d| {
                    let v = overview_value(&data.table, d, &measure);
                    let why = missing_reason(&data.table, d, &measure, &periods).unwrap_or_default();
                    let interval = v.interval.map(|(lo, hi)| format!("{} to {}", harm_core::format::limit(Some(lo)), harm_core::format::limit(Some(hi)))).unwrap_or_default();
                    let (force, code, mapped) = (d.force_id.clone(), d.code.clone(), measure.measure());
                    view! {
                        <tr data-area-code=d.code.clone()>
                            <th scope="row"><button type="button" class="link-button" on:click=move |_| state.open_district(&force, &code, mapped)>{d.name.clone()}</button></th>
                            <td>{d.force_name.clone()}</td>
                            <td>{d.residents.to_string()}</td>
                            <td class="overview-value">{v.flagged_text()}</td>
                            <td>{interval}</td>
                            <td>{why}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    let download = move |_| {
        problem.set(None);
        let Some((data, manifest, measure)) = (|| Some((state.overview_data()?, state.manifest()?, state.overview_measure()?)))() else { return };
        leptos::task::spawn_local(async move {
            match fetch_text(PROVENANCE.into()).await.and_then(|text| Ok(parse_provenance(PROVENANCE, &text)?)) {
                Ok(provenance) => {
                    let text = overview_table_file(&manifest, &provenance, &data.table, &measure);
                    if let Err(e) = crate::download::save(&overview::file_name(&measure), "text/csv;charset=utf-8", text.as_bytes()) {
                        problem.set(Some(format!("The browser did not save the table: {e}")));
                    }
                }
                Err(e) => problem.set(Some(format!("The table was not saved: its sources and licences could not be read. {e}"))),
            }
        });
    };
    let caption = move || state.mapped_label();
    view! {
        <section class="table-view" aria-label="Table">
            <div class="table-download">
                <button type="button" id="table-download" on:click=download>"Download this table (CSV)"</button>
                <span class="hint">" Lines starting with # say what the table is, its sources, licences and symbols."</span>
                <p class="problem" role="status">{move || problem.get()}</p>
            </div>
            <div class="table-scroll">
                <table id="overview-table">
                    <caption>{caption}", every district of England and Wales"</caption>
                    <thead><tr>
                        <th scope="col">"District"</th><th scope="col">"Force"</th><th scope="col">"Residents"</th>
                        <th scope="col">"Value"</th><th scope="col">"95% interval"</th><th scope="col">"Why missing"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The force measure a district opens with: the overview's own where a
/// force has it, the ratio itself for its change since 2018.
pub fn force_measure(measure: Measure) -> Measure {
    if measure == Measure::HarmChange { Measure::SearchRatio } else { measure }
}
