//! Force, measure, months, ethnicity basis, class breaks and view: real
//! `<select>` elements with labels, so they work by keyboard and screen reader.

use crate::measure::Measure;
use crate::state::{AppState, View};
use harm_core::breaks::BreakMethod;
use harm_core::ethnicity::Basis;
use harm_core::Month;
use leptos::prelude::*;

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let forces = move || {
        state
            .manifest
            .get()
            .and_then(|m| m.ok())
            .map(|m| m.forces.iter().map(|f| (f.id.clone(), f.name.clone())).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    // Options are rebuilt when the force loads, so each marks itself selected
    // (a `prop:value` set before the options exist would be lost).
    let month_options = move |chosen: RwSignal<Option<Month>>| {
        state
            .months()
            .into_iter()
            .map(|m| {
                let value = m.to_string();
                view! { <option value=value.clone() selected=move || chosen.get() == Some(m)>{value.clone()}</option> }
            })
            .collect_view()
    };
    let set_month = move |signal: RwSignal<Option<Month>>, text: String| signal.set(text.parse().ok());

    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <label>
                "Force area "
                <select id="force" prop:value=move || state.force_id.get()
                    on:change=move |ev| { state.ward.set(None); state.force_id.set(event_target_value(&ev)); }>
                    {move || forces().into_iter().map(|(id, name)| {
                        let mine = id.clone();
                        view! { <option value=id selected=move || state.force_id.get() == mine>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Measure "
                <select id="measure" prop:value=move || state.measure.get().key()
                    on:change=move |ev| { if let Some(m) = Measure::from_key(&event_target_value(&ev)) { state.measure.set(m) } }>
                    {Measure::all().into_iter().map(|m| view! { <option value=m.key()>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "From "
                <select id="from" prop:value=move || state.from.get().map(|m| m.to_string()).unwrap_or_default()
                    on:change=move |ev| set_month(state.from, event_target_value(&ev))>
                    {move || month_options(state.from)}
                </select>
            </label>
            <label>
                "To "
                <select id="to" prop:value=move || state.to.get().map(|m| m.to_string()).unwrap_or_default()
                    on:change=move |ev| set_month(state.to, event_target_value(&ev))>
                    {move || month_options(state.to)}
                </select>
            </label>
            <label>
                "Ethnicity recorded by "
                <select id="basis" prop:value=move || state.basis.get().key()
                    on:change=move |ev| { if let Some(b) = Basis::from_key(&event_target_value(&ev)) { state.basis.set(b) } }>
                    <option value="self_defined">"the person (self-defined)"</option>
                    <option value="officer_defined">"the officer (officer-defined)"</option>
                </select>
            </label>
            <label>
                "Classes "
                <select id="breaks" prop:value=move || if state.breaks.get() == BreakMethod::NaturalBreaks { "natural" } else { "quantiles" }
                    on:change=move |ev| state.breaks.set(if event_target_value(&ev) == "natural" { BreakMethod::NaturalBreaks } else { BreakMethod::Quantiles })>
                    <option value="quantiles">"equal numbers of wards (quantiles)"</option>
                    <option value="natural">"natural breaks"</option>
                </select>
            </label>
            <label>
                "Show "
                <select id="view" prop:value=move || if state.view.get() == View::Table { "table" } else { "map" }
                    on:change=move |ev| state.view.set(if event_target_value(&ev) == "table" { View::Table } else { View::Map })>
                    <option value="map">"map and table"</option>
                    <option value="table">"table only"</option>
                </select>
            </label>
            <p class="months-note">{move || months_note(&state)}</p>
        </form>
    }
}

/// Says plainly which selected months have data for the measure's source.
fn months_note(state: &AppState) -> String {
    let Some(b) = state.force() else { return String::new() };
    let Some((from, to)) = state.range() else {
        return format!("No crime or stop-and-search months are published for {}.", b.entry.name);
    };
    if from > to {
        return "The first month is after the last: choose a range that runs forwards.".into();
    }
    let selected = from.through(to);
    let covered = |months: &[Month]| selected.iter().filter(|m| months.contains(m)).count();
    let crime = match covered(&b.entry.crime_months) {
        0 => format!("no street-crime data ({})", b.entry.crime_note.clone().unwrap_or_else(|| "none for these months".into())),
        n if n == selected.len() => "street crime for every month".to_string(),
        n => format!("street crime for {n} of {} months", selected.len()),
    };
    let searches = match covered(&b.entry.stop_search_months) {
        0 => "no stop-and-search data".to_string(),
        n => format!("stop and search for {n} of {} months", selected.len()),
    };
    format!("{from} to {to}: {crime}; {searches}.")
}
