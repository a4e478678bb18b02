//! Force-level figures: harm over time (trend and change since the
//! baseline), exposure disparity (plain and deprivation-adjusted), stop and
//! search by group with outcomes, and use of force by group.

use crate::state::{AppState, Derived};
use crate::trend_chart::TrendChart;
use harm_core::trend::monthly_harm;
use harm_core::ethnicity::EthnicGroup;
use harm_core::figures;
use harm_core::format;
use harm_core::intervals::rate_ratio;
use harm_core::rates::{rate_per_thousand, share};
use harm_core::searches::describe;
use harm_core::use_of_force::uses_by_group;
use leptos::prelude::*;

#[component]
pub fn ForceSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let b = state.force()?;
        let view = derived.view.get()?;
        let force = &view.force;
        let searches = &view.force_searches;
        let basis = state.basis.get();
        let period = state.selected_period()?;
        let (from, to) = (period.from, period.to);
        let exposure = figures::exposure(&view.wards);
        let adjusted = figures::adjusted_exposure(&view.wards);
        let baseline = state.baseline_period();
        let all_wards: Vec<usize> = (0..view.wards.len()).collect();
        let trend = b.data.weights(state.scheme()).map(|w| monthly_harm(&b.data.crime, &all_wards, force.residents, w, baseline.as_ref()));
        let change_line = match (view.force_change(), &baseline) {
            (Some(c), Some(base)) => format!(
                "Harm per resident per year, {} against {}: {} (95% interval {} to {}), comparing {}.",
                period.label, base.label, format::ratio(Some(c.ratio)), format::ratio(Some(c.lower)), format::ratio(Some(c.upper)), view.compared.describe()
            ),
            _ => format!("Change since the baseline cannot be measured for {}: {}.", period.label, view.compared.describe()),
        };
        let residents = force.groups;
        let population = |g: EthnicGroup| g.census_index().map(|i| residents[i]);
        // Outcomes by group over the months, from the force-level table.
        let outcomes: Vec<_> = EthnicGroup::ALL
            .into_iter()
            .map(|g| {
                let rows = b.force_searches.iter().filter(|r| r.basis == basis && r.group == g && r.month >= from && r.month <= to);
                let (n, arrest, nfa) = rows.fold((0, 0, 0), |(n, a, f), r| (n + r.searches, a + r.arrest, f + r.no_further_action));
                (g, n, arrest, nfa)
            })
            .collect();
        let exposure_line = match (exposure, adjusted) {
            (Some(e), Some(a)) => format!(
                "Black residents live in wards with {} times the harm per resident of White residents' wards; compared within the same deprivation decile, {} times{}.",
                format::ratio(Some(e.ratio)),
                format::ratio(Some(a.ratio)),
                if a.black_share_excluded > 0.0 { format!(" ({} of Black residents are in deciles without White residents and are left out)", format::percent(Some(a.black_share_excluded))) } else { String::new() }
            ),
            _ => "Exposure disparity needs crime data for the selected period; none is published for this force and period.".into(),
        };
        Some(view! {
            <h2>{format!("{}: force figures", b.entry.name)}</h2>
            <h3>"Harm over time"</h3>
            <p data-figure="force_change">{change_line}</p>
            {trend.filter(|t| !t.is_empty()).map(|points| view! {
                <TrendChart id="force-trend" title=format!("Harm per resident per year, {}, by month", b.entry.name) points/>
            })}
            {b.entry.crime_note.clone().map(|note| view! { <p class="no-data">{note}</p> })}
            <h3>"Exposure disparity"</h3>
            <p data-figure="force_exposure">{exposure_line}</p>
            <h3>"Stop and search by ethnic group"</h3>
            <p data-figure="force_search_sentence">{if view.search_months > 0 {
                describe(searches, basis, "stop and search")
            } else {
                format!("No stop-and-search data is published for {}, so no comparison is shown (not zero).", period.label)
            }}</p>
            <table class="figures">
                <caption>{format!("Searches {from} to {to}, ethnicity {}", basis.label())}</caption>
                <thead><tr>
                    <th scope="col">"Group"</th><th scope="col">"Searches"</th><th scope="col">"Residents"</th>
                    <th scope="col">"Per 1,000"</th><th scope="col">"Arrest"</th><th scope="col">"No further action"</th>
                </tr></thead>
                <tbody>
                    {outcomes.into_iter().map(|(g, n, arrest, nfa)| view! {
                        <tr><th scope="row">{g.label()}</th><td>{n}</td>
                        <td>{population(g).map(|p| p.to_string()).unwrap_or_else(|| "–".into())}</td>
                        <td>{population(g).map(|p| format::per_thousand(rate_per_thousand(n as f64, p))).unwrap_or_else(|| "–".into())}</td>
                        <td>{format::percent(share(arrest, n))}</td><td>{format::percent(share(nfa, n))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <UseOfForce residents/>
        })
    };
    view! { <section id="force-summary" class="force-summary">{content}</section> }
}

/// Home Office use of force by perceived ethnicity: force level only.
#[component]
fn UseOfForce(residents: [u64; 5]) -> impl IntoView {
    let state = expect_context::<AppState>();
    let content = move || {
        let b = state.force()?;
        if b.entry.use_of_force_periods.is_empty() {
            return Some(view! { <p>"No use-of-force statistics are published for this force."</p> }.into_any());
        }
        Some(view! {
            <table class="figures">
                <caption>"Use of force by perceived ethnicity (Home Office, force level; one use = one officer, one tactic, one person)"</caption>
                <thead><tr><th scope="col">"Year"</th><th scope="col">"Black"</th><th scope="col">"White"</th><th scope="col">"Not stated"</th><th scope="col">"Black/White ratio per resident (95% interval)"</th></tr></thead>
                <tbody>
                    {b.entry.use_of_force_periods.iter().map(|period| {
                        let g = uses_by_group(&b.use_of_force, period);
                        let (black, white) = (g[EthnicGroup::Black.index()], g[EthnicGroup::White.index()]);
                        let all: u64 = g.iter().sum();
                        let r = rate_ratio(black, residents[1], white, residents[3]);
                        view! { <tr><th scope="row">{period.clone()}</th><td>{black}</td><td>{white}</td>
                            <td>{format!("{} ({})", g[EthnicGroup::NotStated.index()], format::percent(share(g[EthnicGroup::NotStated.index()], all)))}</td>
                            <td>{r.map(|r| format!("{} ({} to {})", format::ratio(r.ratio), format::limit(Some(r.lower)), format::limit(Some(r.upper)))).unwrap_or_default()}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="caveat">"Rates use Census 2021 residents; use-of-force years are 2018-19 and 2019-20, so denominators are from a later date."</p>
        }.into_any())
    };
    view! { {content} }
}
