//! Force, measure, period, comparison period, weighting, ethnicity basis,
//! and class breaks: real `<select>` elements with labels, so they work
//! by keyboard and screen reader. The periods offered come from the data
//! (`harm_core::period::periods_with_data`), never from a list kept here.

use crate::state::{AppState, Derived};
use harm_core::breaks::BreakMethod;
use harm_core::ethnicity::Basis;
use harm_core::force_data;
use harm_core::harm::WeightScheme;
use harm_core::level::Level;
use harm_core::measures::Measure;
use harm_core::period::{Period, PeriodKind};
use harm_core::Month;
use leptos::prelude::*;

/// The `<option>`s of a period select: each offered period, marked selected
/// when it is `chosen`; rebuilt when the force loads so each marks itself
/// (a `prop:value` set before the options exist would be lost).
fn period_options(periods: Vec<Period>, chosen: Option<Period>) -> impl IntoView {
    let chosen_key = chosen.as_ref().map(|p| p.key.clone());
    let custom = chosen.filter(|p| p.kind == PeriodKind::Custom || p.kind == PeriodKind::Month);
    let listed = periods.into_iter().map(|p| {
        let selected = chosen_key.as_deref() == Some(p.key.as_str());
        view! { <option value=p.key.clone() selected=selected>{p.label.clone()}</option> }
    });
    let custom = custom.map(|p| view! { <option value=p.key.clone() selected=true>{format!("{} (chosen range)", p.label)}</option> });
    view! { {listed.collect_view()} {custom} }
}

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    // The national overview of every district first, when published, then
    // every force in name order, each saying what data it has (the words
    // `harm-prep forces` prints).
    let forces = move || {
        state
            .manifest()
            .map(|m| {
                let overview = m.overview.iter().map(|o| (o.id.clone(), o.name.clone()));
                let forces = force_data::forces_by_name(&m.forces).into_iter().map(|f| (f.id.clone(), force_data::picker_label(f)));
                overview.chain(forces).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let current_force = move || state.chosen_force_id();
    let schemes = move || state.manifest().map(|m| m.weight_schemes.iter().map(|w| w.scheme).collect::<Vec<_>>()).unwrap_or_default();
    // A custom range: months picked with From and To become a period key.
    let range_month = move |end: usize| derived.period.get().map(|p| if end == 0 { p.from } else { p.to });
    let set_range = move |end: usize, text: String| {
        let Ok(m) = text.parse::<Month>() else { return };
        let Some(p) = derived.period.get() else { return };
        let (from, to) = if end == 0 { (m, p.to.max(m)) } else { (p.from.min(m), m) };
        state.period.set(Some(format!("{from}..{to}")));
    };
    // Every month from the first with data to the last, and the chosen
    // period's own ends, so the selects always show the period chosen.
    let month_options = move |end: usize| {
        let chosen = range_month(end);
        let months = state.months();
        let period = derived.period.get();
        let ends = [months.first().copied(), months.last().copied(), period.as_ref().map(|p| p.from), period.as_ref().map(|p| p.to)];
        let (Some(first), Some(last)) = (ends.iter().flatten().min(), ends.iter().flatten().max()) else { return Vec::new() };
        first
            .through(*last)
            .into_iter()
            .map(|m| {
                let label = if months.contains(&m) { m.to_string() } else { format!("{m} (no data)") };
                view! { <option value=m.to_string() selected=chosen == Some(m)>{label}</option> }
            })
            .collect()
    };

    view! {
        <form class="controls" class:overview=move || state.is_overview() on:submit=|ev| ev.prevent_default()>
            <label>
                "Force area "
                <select id="force" prop:value=current_force
                    on:change=move |ev| { state.area.set(None); state.force_id.set(event_target_value(&ev)); }>
                    {move || forces().into_iter().map(|(id, label)| {
                        let mine = id.clone();
                        view! { <option value=id selected=move || current_force() == mine>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <crate::overview::OverviewControls/>
            <label>
                "Areas "
                <select id="level" prop:value=move || state.level.get().key()
                    on:change=move |ev| {
                        if let Some(l) = Level::from_key(&event_target_value(&ev)) {
                            state.area.set(None);
                            state.level.set(l);
                        }
                    }>
                    {Level::ALL.into_iter().map(|l| view! { <option value=l.key() selected=move || state.level.get() == l>{l.label()}</option> }).collect_view()}
                </select>
            </label>
            <crate::module_control::ModuleControl/>
            <label>
                "Measure "
                <select id="measure" prop:value=move || if state.trauma.get() { harm_core::trauma::KEY.to_string() } else { state.measure.get().key() }
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        state.trauma.set(key == harm_core::trauma::KEY);
                        if let Some(m) = Measure::from_key(&key) { state.measure.set(m) }
                    }>
                    // The force-held lenses' measures only for a force that publishes them.
                    {move || Measure::offered(&state.force().map(|b| b.entry.force_held.clone()).unwrap_or_default()).into_iter()
                        .map(|m| view! { <option value=m.key() selected=move || !state.trauma.get() && state.measure.get() == m>{m.label()}</option> }).collect_view()}
                    <option value=harm_core::trauma::KEY selected=move || state.trauma.get()>{harm_core::trauma::LABEL}</option>
                </select>
            </label>
            <label>
                "Period "
                <select id="period" on:change=move |ev| state.period.set(Some(event_target_value(&ev)))>
                    {move || period_options(state.periods(), derived.period.get())}
                </select>
            </label>
            <fieldset class="range">
                <legend>"or months from – to"</legend>
                <label>"From "
                    <select id="from" on:change=move |ev| set_range(0, event_target_value(&ev))>{move || month_options(0)}</select>
                </label>
                <label>"To "
                    <select id="to" on:change=move |ev| set_range(1, event_target_value(&ev))>{move || month_options(1)}</select>
                </label>
            </fieldset>
            <label>
                "Change compared with "
                <select id="baseline" on:change=move |ev| state.baseline.set(Some(event_target_value(&ev)))>
                    {move || period_options(state.periods(), derived.baseline.get())}
                </select>
            </label>
            <label>
                "Harm weighted by "
                <select id="scheme" prop:value=move || state.scheme().key()
                    on:change=move |ev| state.scheme.set(WeightScheme::from_key(&event_target_value(&ev)))>
                    {move || schemes().into_iter().map(|s| view! { <option value=s.key() selected=move || state.scheme() == s>{s.label()}</option> }).collect_view()}
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
            <label class="checkbox">
                <input type="checkbox" id="fixed-classes" prop:checked=move || state.fixed_classes.get()
                    on:change=move |ev| state.fixed_classes.set(event_target_checked(&ev))/>
                " Same classes for every period"
            </label>
            <p class="months-note" id="months-note">{move || months_note(&state, &derived)}</p>
        </form>
    }
}

/// Says plainly which months of the period have data, for each kind of data.
fn months_note(state: &AppState, derived: &Derived) -> String {
    let Some(b) = state.force() else { return String::new() };
    let Some(period) = derived.period.get() else {
        return format!("No crime or stop-and-search months are published for {}.", b.entry.name);
    };
    let crime = period.coverage(&b.entry.crime_months);
    let crime = if crime.has_data() {
        format!("street crime {}", crime.describe())
    } else {
        format!("no street-crime data ({})", b.entry.crime_note.clone().unwrap_or_else(|| "none for these months".into()))
    };
    let searches = period.coverage(&b.entry.stop_search_months);
    let searches = if searches.has_data() { format!("stop and search {}", searches.describe()) } else { "no stop-and-search data".into() };
    format!("{}: {crime}; {searches}. Rates are per year, from the months with data.", period.label)
}
