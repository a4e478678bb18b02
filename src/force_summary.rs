//! Force-level figures (the "Force summary" view): exposure disparity (plain and deprivation-adjusted), stop and
//! search by group with outcomes, and use of force by group.

use crate::state::{AppState, Derived};
use harm_core::ethnicity::EthnicGroup;
use harm_core::format;
use harm_core::rates::{rate_per_thousand, share};
use harm_core::searches::describe;
use harm_core::use_of_force::{use_of_force_figures, Tactic, UseOfForceFigures};
use crate::use_of_force_table::UseOfForceTable;
use leptos::prelude::*;

#[component]
pub fn ForceSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let b = state.force()?;
        let view = derived.view.get()?;
        let force = view.force();
        let searches = view.force_searches();
        let basis = state.basis.get();
        let period = derived.period.get()?;
        let (from, to) = (period.from, period.to);
        let module = view.module.is_some();
        // Outcomes and use of force are published for the whole force only,
        // so their rates use the whole force's residents, even in a module.
        let residents = if module {
            b.data.wards.iter().fold([0u64; 5], |mut sum, w| {
                sum.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]).for_each(|(s, n)| *s += n);
                sum
            })
        } else {
            force.groups
        };
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
        let exposure_line = harm_core::report::exposure_sentence(&view);
        Some(view! {
            <h2>{if module { format!("{}: figures", force.name) } else { format!("{}: force figures", b.entry.name) }}</h2>
            <p>"Harm over time, the funnel plot and the five-year stop-and-search series are under " <crate::section_nav::ViewLink view=crate::state::View::Trends>"Trends"</crate::section_nav::ViewLink>"."</p>
            <h3>"Exposure disparity"</h3>
            <p data-figure="force_exposure">{exposure_line}</p>
            <h3>"Stop and search by ethnic group"</h3>
            <p data-figure="force_search_sentence">{match searches {
                Some(s) => describe(s, basis, "stop and search"),
                None => format!("No stop-and-search data is published for {}, so no comparison is shown (not zero).", period.label),
            }}</p>
            {module.then(|| view! { <p class="caveat" id="whole-force-note">"The tables below (search outcomes, use of force and the five-year series) are published for the whole force or its districts only, so they are not limited to the module."</p> })}
            <table class="figures">
                <caption>{format!("Searches {from} to {to}, ethnicity {}{}", basis.label(), if module { ", whole force" } else { "" })}</caption>
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

/// Home Office use of force by perceived ethnicity: force level only, by
/// financial year; all tactics, and Taser (CED) apart, in total and by
/// whether it was discharged where the year's statistics say.
#[component]
fn UseOfForce(residents: [u64; 5]) -> impl IntoView {
    let state = expect_context::<AppState>();
    let content = move || {
        let b = state.force()?;
        let periods = &b.entry.use_of_force_periods;
        if periods.is_empty() {
            return Some(view! { <h3>"Use of force and Taser"</h3><p>"No use-of-force statistics are published for this force."</p> }.into_any());
        }
        let figures = |tactic: Tactic| -> Vec<(String, UseOfForceFigures)> {
            periods.iter().filter_map(|p| use_of_force_figures(&b.use_of_force, p, tactic, residents)).map(|f| (f.period.clone(), f)).collect()
        };
        let missing = |tactic: Tactic| -> Vec<String> {
            periods.iter().filter(|p| use_of_force_figures(&b.use_of_force, p, tactic, residents).is_none()).cloned().collect()
        };
        let years = |periods: &[String]| periods.join(" and ");
        let (all, ced) = (figures(Tactic::All), figures(Tactic::Ced));
        let (discharge, non_discharge) = (figures(Tactic::CedDischarge), figures(Tactic::CedNonDischarge));
        // Years with both halves of the breakdown, side by side; the rest of
        // the Taser total did not record whether the Taser was discharged.
        let mut breakdown = Vec::new();
        let mut unrecorded = Vec::new();
        for (period, d) in &discharge {
            let Some((_, n)) = non_discharge.iter().find(|(p, _)| p == period) else { continue };
            if let Some((_, c)) = ced.iter().find(|(p, _)| p == period) {
                let rest = c.total.saturating_sub(d.total + n.total);
                unrecorded.push(format!("{period}: {rest} of {} Taser uses ({}) did not record whether it was discharged.", c.total, format::percent(share(rest, c.total))));
            }
            breakdown.push((format!("{period}, discharged"), d.clone()));
            breakdown.push((format!("{period}, not discharged"), n.clone()));
        }
        let no_breakdown: Vec<String> = periods.iter().filter(|p| !breakdown.iter().any(|(_, f)| &f.period == *p)).cloned().collect();
        let name = b.entry.name.clone();
        let none_note = |what: &str, missing: Vec<String>| {
            (!missing.is_empty()).then(|| view! { <p class="no-data">{format!("No {what} figures are published for {}, so none are shown (not zero).", years(&missing))}</p> })
        };
        Some(view! {
            <h3>"Use of force and Taser by perceived ethnicity"</h3>
            <p data-figure="use_of_force_unit">"Counting unit: one use = one officer's use of one tactic on one person, so a person can be counted many times (several tactics, several officers, several incidents). These are counts of uses, not of people. Home Office statistics, whole force only (not by ward), by financial year (April to March); ethnicity is as the officer perceived it."</p>
            {(!all.is_empty()).then(|| view! { <UseOfForceTable caption=format!("Use of force, all tactics, {name}: uses by perceived ethnicity and per 1,000 residents, by financial year") columns=all residents/> })}
            {none_note("use-of-force", missing(Tactic::All))}
            <h4>"Taser (conducted energy device)"</h4>
            {(!ced.is_empty()).then(|| view! { <UseOfForceTable caption=format!("Taser, all uses (discharged or not), {name}: uses by perceived ethnicity and per 1,000 residents, by financial year") columns=ced residents/> })}
            {none_note("Taser", missing(Tactic::Ced))}
            {(!breakdown.is_empty()).then(|| view! { <UseOfForceTable caption=format!("Taser discharged and not discharged, {name}: uses by perceived ethnicity and per 1,000 residents") columns=breakdown residents/> })}
            {(!unrecorded.is_empty()).then(|| view! { <p>{unrecorded.join(" ")}</p> })}
            {(!no_breakdown.is_empty()).then(|| view! { <p class="no-data">{format!("The Home Office statistics for {} give Taser uses only in total, not whether the Taser was discharged, so no breakdown is shown.", years(&no_breakdown))}</p> })}
            <p class="caveat">{format!("Rates use Census 2021 residents; the use-of-force years ({}) come before the census, so the denominators are from a later date and do not reflect population change. A higher rate is a disparity to be understood, not by itself proof of bias: who police come into contact with, and where, also shapes it.", years(periods))}</p>
        }.into_any())
    };
    view! { {content} }
}
