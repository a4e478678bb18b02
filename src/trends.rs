//! The "Trends" view: the force's harm over time (its monthly trend and
//! change since the baseline), the funnel plot with its outliers in one
//! sentence, and the five-year stop-and-search series.

use crate::funnel_chart::FunnelChart;
use crate::funnel_outliers::FunnelOutliers;
use crate::search_series::SearchSeries;
use crate::state::{AppState, Derived};
use crate::trend_chart::TrendChart;
use harm_core::level::Level;
use harm_core::trend::monthly_harm;
use leptos::prelude::*;

#[component]
pub fn Trends() -> impl IntoView {
    view! {
        <section id="trends" class="trends" aria-labelledby="trends-title">
            <h2 id="trends-title">"Trends and outliers"</h2>
            <HarmOverTime/>
            <FunnelChart/>
            <FunnelOutliers/>
            <SearchSeries/>
        </section>
    }
}

/// The force's (or module's) harm per resident per year by month, and its
/// change since the baseline.
#[component]
fn HarmOverTime() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    move || {
        let b = state.force()?;
        let view = derived.view.get()?;
        let period = derived.period.get()?;
        let baseline = derived.baseline.get();
        let force = view.force();
        // The force's wards in the view: in a module, only the module's.
        let all_wards: Vec<usize> = view.members(Level::Force, 0);
        let name = if view.module.is_some() { force.name.clone() } else { b.entry.name.clone() };
        let trend = b.data.weights(state.scheme()).map(|w| monthly_harm(&b.data.crime, &all_wards, force.residents, w, baseline.as_ref()));
        let change_line = match &baseline {
            Some(base) => harm_core::report::change_sentence(&view, &period, base),
            None => format!("Change since the baseline cannot be measured for {}: {}.", period.label, view.compared.describe()),
        };
        Some(view! {
            <h3>{format!("Harm over time, {name}")}</h3>
            <p data-figure="force_change">{change_line}</p>
            {trend.filter(|t| !t.is_empty()).map(|points| view! {
                <TrendChart id="force-trend" title=format!("Harm per resident per year, {name}, by month") points/>
            })}
            {b.entry.crime_note.clone().map(|note| view! { <p class="no-data">{note}</p> })}
        })
    }
}
