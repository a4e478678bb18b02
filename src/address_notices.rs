//! Says, at the top of every view, which values of the address (URL) were
//! not used and what is shown instead, rather than replacing them silently:
//! the values `AppState::apply` could not read (kept in
//! `AppState::address_problems`), and those only the loaded data can judge:
//! the force, the period and comparison period (read by the core's
//! `ForceEntry::period`, as every period the site shows), the weighting
//! published, and the selected area.

use crate::state::{AppState, Derived};
use harm_core::level::Level;
use leptos::prelude::*;

/// The notices about the data-dependent values, as (key, sentence).
fn judged_by_the_data(state: &AppState, derived: &Derived) -> Vec<(&'static str, String)> {
    let mut notices = Vec::new();
    let Some(manifest) = state.manifest() else { return notices };
    let asked_force = state.force_id.get();
    let overview = manifest.overview.as_ref().is_some_and(|o| o.id == asked_force);
    if !asked_force.is_empty() && !overview && !manifest.forces.iter().any(|f| f.id == asked_force) {
        let shown = manifest.forces.first().map_or("no force", |f| f.name.as_str());
        notices.push(("force", format!("The address asked for force '{asked_force}', which this map does not have; showing {shown}.")));
    }
    let Some(b) = state.force() else { return notices };
    for (key, asked, shown) in [("period", state.period.get(), derived.period.get()), ("baseline", state.baseline.get(), derived.baseline.get())] {
        let Some(asked) = asked else { continue };
        if let Err(why) = b.entry.period(&asked, &manifest.periods) {
            let shown = shown.map_or("no period".to_string(), |p| p.label);
            let what = if key == "period" { "period" } else { "comparison period" };
            notices.push((key, format!("The address asked for {what} '{asked}', which this data does not have ({why}); showing {shown}.")));
        }
    }
    if let Some(asked) = state.scheme.get().filter(|s| *s != state.scheme()) {
        notices.push(("scheme", format!("The address asked for the weighting '{}', which is not published here; showing {}.", asked.key(), state.scheme().label())));
    }
    if let Some(code) = state.area.get() {
        let level = state.level.get();
        let known = match level {
            Level::Ward => b.data.wards.iter().any(|w| w.ward_code == code),
            Level::District => b.data.wards.iter().any(|w| w.district_code == code),
            Level::Force => b.entry.code == code,
        };
        if !known {
            notices.push(("area", format!("The address asked for area '{code}', which is not one of the {} of {}; no area is selected.", level.areas_word(), b.entry.name)));
        }
    }
    notices
}

#[component]
pub fn AddressNotices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let notices = move || {
        let mut all: Vec<(&'static str, String)> = state.address_problems.get().into_iter().collect();
        all.extend(judged_by_the_data(&state, &derived));
        all.into_iter().map(|(key, text)| view! { <p class="address-notice" data-key=key>{text}</p> }).collect_view()
    };
    view! { <div id="address-notices" class="address-notices" role="status">{notices}</div> }
}
