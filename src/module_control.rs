//! Modules: the "Wards" control that limits every map, table, exposure
//! disparity and funnel to a rural-urban choice, a deprivation band or one
//! of each (`module=urban+imd-1-2` in the URL), and the note that says, beside
//! the figures, which wards they cover and what they leave out. The module's
//! wards, label and note and its recomputed district and force figures all
//! come from `harm_core::modules` and `harm_core::view::module_view`, as
//! `harm-prep measure --module` and `harm-prep table --module` print them.

use crate::html_text::el;
use crate::state::{AppState, Derived};
use harm_core::level::Level;
use harm_core::measures::Source;
use harm_core::modules::{DecileRange, Module, RuralUrbanChoice};
use leptos::prelude::*;

/// The rural-urban options: every ward, urban, rural, then the six classes.
fn rural_urban_options() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "all wards".to_string())];
    options.extend(RuralUrbanChoice::all().into_iter().map(|c| {
        let label = Module { rural_urban: Some(c), deprivation: None }.label();
        (c.key().to_string(), label)
    }));
    options
}

/// The deprivation options: every ward, the five quintiles, and the band
/// chosen when it is not a quintile (from a link).
fn deprivation_options(chosen: Option<DecileRange>) -> Vec<(String, String)> {
    let mut bands = DecileRange::quintiles();
    if let Some(c) = chosen.filter(|c| !bands.contains(c)) {
        bands.push(c);
    }
    let mut options = vec![(String::new(), "any deprivation".to_string())];
    // Short labels: the module's full label is in the note beside the figures.
    options.extend(bands.into_iter().map(|d| {
        let deciles = if d.first() == d.last() { format!("decile {}", d.first()) } else { format!("deciles {}-{}", d.first(), d.last()) };
        let label = match (d.first(), d.last()) {
            (1, 10) => "any English decile (1-10)".to_string(),
            (1, last) => format!("most deprived {}% ({deciles})", u32::from(last) * 10),
            (first, 10) => format!("least deprived {}% ({deciles})", u32::from(11 - first) * 10),
            _ => deciles,
        };
        (d.key(), label)
    }));
    options
}

/// Two labelled selects in a fieldset, so they work by keyboard and screen reader.
#[component]
pub fn ModuleControl() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The selected area stays selected: outside the module, its panel says so.
    let set_rural_urban = move |key: String| {
        let choice = RuralUrbanChoice::all().into_iter().find(|c| c.key() == key);
        state.settle("module");
        state.module.update(|m| m.rural_urban = choice);
    };
    let set_deprivation = move |key: String| {
        let band = Module::parse(&key).ok().and_then(|m| m.deprivation);
        state.settle("module");
        state.module.update(|m| m.deprivation = band);
    };
    view! {
        <fieldset class="module-control" id="module-control">
            <legend>"Wards"</legend>
            <label>"Rural–urban "
                <select id="module-rural-urban" on:change=move |ev| set_rural_urban(event_target_value(&ev))>
                    {move || {
                        let chosen = state.module.get().rural_urban.map(|c| c.key().to_string()).unwrap_or_default();
                        rural_urban_options().into_iter().map(|(key, label)| {
                            let selected = key == chosen;
                            view! { <option value=key selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <label>"Deprivation (IMD 2025) "
                <select id="module-deprivation" on:change=move |ev| set_deprivation(event_target_value(&ev))>
                    {move || {
                        let band = state.module.get().deprivation;
                        let chosen = band.map(DecileRange::key).unwrap_or_default();
                        deprivation_options(band).into_iter().map(|(key, label)| {
                            let selected = key == chosen;
                            view! { <option value=key selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
        </fieldset>
    }
}

/// Beside the figures: which wards they cover ("Urban wards of Hampshire &
/// Isle of Wight: 205 of 261 wards."), what the data cannot place, how a
/// module's stop and search is summed, or that the module has no ward.
#[component]
pub fn ModuleNote() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || -> Option<String> {
        let b = state.force()?;
        if let Some(Err(empty)) = derived.module_view.get() {
            return Some(el(
                "p",
                "class=\"module-empty\" id=\"module-empty\"",
                &format!("{empty} Nothing is shown for it (not zeros): choose other wards under Wards."),
            ));
        }
        let view = derived.view.get()?;
        let members = view.module.as_ref()?;
        let districts = if state.level.get() == Level::District { "districts (their wards in the module), " } else { "" };
        let mut html = el("p", "class=\"module-summary\" id=\"module-summary\"", &members.summary(&b.entry.name, b.data.wards.len()));
        html.push_str(&el("p", "class=\"module-scope\"", &format!(
            "Every figure below — map, table, {districts}force figures, exposure disparity and funnel plot — is for these wards only; the force row is their total. Wards outside them are greyed on the map with horizontal lines."
        )));
        // The module's stop and search at district and force level is summed
        // from its wards' published cells: say how, where the measure shows it.
        if state.measure.get().source() == Source::Searches && !state.trauma.get() {
            if let Some(sum) = view.search_sum(Level::Force, 0) {
                html.push_str(&el("p", "class=\"caveat module-searches\" id=\"module-searches\"", &format!("Stop and search, module total: {}", sum.describe())));
            }
        }
        Some(html)
    };
    view! { <div id="module-note" class="module-note" aria-live="polite" inner_html=move || content().unwrap_or_default()></div> }
}

/// The legend's words for areas outside the module, when a module is
/// chosen: in the legend and in the downloaded map.
pub fn outside_key(state: &AppState, derived: &Derived) -> Option<String> {
    let module = state.module.get();
    if module.is_all_wards() || derived.view.get().is_none() {
        return None;
    }
    let outside = match state.level.get() {
        Level::District => format!("districts with none of the {}", module.label()),
        _ => format!("wards outside the module, not among the {}", module.label()),
    };
    Some(format!("Grey with horizontal lines: {outside}; not part of any figure shown"))
}

/// The legend's line for areas outside the module, when a module is chosen.
#[component]
pub fn OutsideLegend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    move || {
        let words = outside_key(&state, &derived)?;
        Some(view! {
            <li class="legend-outside" id="legend-outside">
                <svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill="url(#outside-module)" stroke="#333"/></svg>
                <span>{words}</span>
            </li>
        })
    }
}
