//! One table of Home Office use-of-force figures (force level): for each
//! column (a financial year, or a year and a Taser outcome) the uses by
//! perceived ethnicity, the rate per 1,000 residents of each group, the
//! Black/White ratio with its 95% interval and the not-stated share, all from
//! `harm_core::use_of_force::use_of_force_figures`.

use harm_core::ethnicity::EthnicGroup;
use harm_core::format;
use harm_core::use_of_force::{ratio_text, Tactic, UseOfForceFigures};
use leptos::prelude::*;

/// The `data-figure` name of a tactic's ratio cells (for tests).
pub fn ratio_figure(tactic: Tactic) -> &'static str {
    match tactic {
        Tactic::All => "use_of_force_ratio",
        Tactic::Ced => "taser_ratio",
        Tactic::CedDischarge => "taser_discharge_ratio",
        Tactic::CedNonDischarge => "taser_non_discharge_ratio",
    }
}

/// `columns`: a heading and the figures under it; `residents` by census group.
#[component]
pub fn UseOfForceTable(caption: String, columns: Vec<(String, UseOfForceFigures)>, residents: [u64; 5]) -> impl IntoView {
    let dash = || "–".to_string();
    let body = EthnicGroup::ALL
        .into_iter()
        .map(|g| {
            let cells = columns
                .iter()
                .map(|(_, f)| {
                    let u = f.groups[g.index()];
                    let rate = if g == EthnicGroup::NotStated { "no rate".to_string() } else { u.per_thousand.map(|r| format::per_thousand(Some(r))).unwrap_or_else(dash) };
                    view! { <td>{u.uses}</td><td>{rate}</td> }
                })
                .collect_view();
            let people = g.census_index().map(|i| residents[i].to_string()).unwrap_or_else(dash);
            view! { <tr><th scope="row">{g.label()}</th><td>{people}</td>{cells}</tr> }
        })
        .collect_view();
    let totals = columns.iter().map(|(_, f)| view! { <td>{f.total}</td><td></td> }).collect_view();
    let ratios = columns
        .iter()
        .map(|(_, f)| {
            let text = match &f.black_white {
                Some(r) => ratio_text(Some(r)),
                None => "no uses of Black or White people".to_string(),
            };
            view! { <td colspan="2" data-figure=ratio_figure(f.tactic) data-period=f.period.clone()>{text}</td> }
        })
        .collect_view();
    let not_stated = columns
        .iter()
        .map(|(_, f)| view! { <td colspan="2" data-figure="use_of_force_not_stated" data-period=f.period.clone()>{format::percent(f.not_stated_share)}</td> })
        .collect_view();
    let headings = columns.iter().map(|(h, _)| view! { <th scope="colgroup" colspan="2">{h.clone()}</th> }).collect_view();
    let sub_headings = columns.iter().map(|_| view! { <th scope="col">"Uses"</th><th scope="col">"Per 1,000 residents"</th> }).collect_view();
    view! {
        <table class="figures use-of-force">
            <caption>{caption}</caption>
            <thead>
                <tr><th scope="col" rowspan="2">"Perceived ethnicity"</th><th scope="col" rowspan="2">"Residents (Census 2021)"</th>{headings}</tr>
                <tr>{sub_headings}</tr>
            </thead>
            <tbody>
                {body}
                <tr><th scope="row">"All groups"</th><td>{residents.iter().sum::<u64>()}</td>{totals}</tr>
                <tr><th scope="row">"Black/White ratio of rates (95% interval)"</th><td></td>{ratios}</tr>
                <tr><th scope="row">"Ethnicity not stated, share of uses"</th><td></td>{not_stated}</tr>
            </tbody>
        </table>
    }
}
