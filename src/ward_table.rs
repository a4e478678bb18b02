//! The table view: every ward's figures, sortable by any column, with the
//! force total. It is the map's accessible alternative and shows the same
//! strings as `harm-prep table`.

use crate::state::{AppState, Derived};
use harm_core::figures::AreaFigures;
use harm_core::format;
use harm_core::searches::GroupComparison;
use leptos::prelude::*;

const COLUMNS: [&str; 15] = [
    "Ward code", "Ward", "District", "Residents", "Black residents", "White residents", "Crimes", "ASB", "Harm",
    "Harm per resident", "Crimes per 1,000", "IMD decile", "Searches (all)", "Search ratio B/W", "Funnel plot",
];

/// A table cell: its text and a number to sort by (text sorts when absent).
type Cell = (String, Option<f64>);

/// The text of each cell and a number to sort by (text sorts when absent).
/// `funnel` is the ward's place in the funnel plot (the chart's table form).
fn cells(w: &AreaFigures, s: &GroupComparison, funnel: String) -> Vec<Cell> {
    let c = w.crime.as_ref();
    let n = |v: u64| (v.to_string(), Some(v as f64));
    let opt = |text: String, v: Option<f64>| (text, v);
    vec![
        (w.code.clone(), None),
        (w.name.clone(), None),
        (w.district_name.clone(), None),
        n(w.residents),
        n(w.black()),
        n(w.white()),
        c.map(|c| n(c.crimes)).unwrap_or_default(),
        c.map(|c| n(c.anti_social_behaviour)).unwrap_or_default(),
        opt(format::harm(c.and_then(|c| c.harm)), c.and_then(|c| c.harm)),
        opt(format::harm_rate(c.and_then(|c| c.harm_rate)), c.and_then(|c| c.harm_rate)),
        opt(format::per_thousand(c.and_then(|c| c.crime_rate)), c.and_then(|c| c.crime_rate)),
        opt(w.imd_decile.map(|d| d.to_string()).unwrap_or_default(), w.imd_decile.map(f64::from)),
        opt(format::published_count(s.all), s.all.map(|a| a as f64)),
        opt(
            format!("{}{}", format::ratio(s.ratio.and_then(|r| r.ratio)), if s.low_reliability && s.ratio.is_some() { " [u]" } else { "" }),
            s.ratio.and_then(|r| r.ratio),
        ),
        (funnel, None),
    ]
}

#[component]
pub fn WardTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let sort = RwSignal::new((1usize, true));
    let rows = move || {
        let wards = derived.wards.get()?;
        let searches = derived.searches.get()?;
        let (column, ascending) = sort.get();
        let positions = funnel_positions(&state, &derived, &wards);
        let mut rows: Vec<(String, Vec<Cell>)> = wards
            .iter()
            .zip(searches.iter())
            .zip(positions)
            .map(|((w, s), f)| (w.code.clone(), cells(w, s, f)))
            .collect();
        rows.sort_by(|a, b| {
            let (x, y) = (&a.1[column], &b.1[column]);
            let order = match (x.1, y.1) {
                (Some(p), Some(q)) => p.total_cmp(&q),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => x.0.cmp(&y.0),
            };
            if ascending { order } else { order.reverse() }
        });
        Some(rows)
    };
    let total = move || {
        let force = derived.force_total.get()?;
        let s = derived.force_searches.get()?;
        Some(cells(&force, &s, String::new()))
    };
    let header = move |i: usize, label: &'static str| {
        let aria = move || match sort.get() {
            (c, true) if c == i => "ascending",
            (c, false) if c == i => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" on:click=move |_| sort.update(|s| *s = if s.0 == i { (i, !s.1) } else { (i, true) })>
                    {label}<span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <section class="table-area" aria-labelledby="table-title">
            <h2 id="table-title">"All wards"</h2>
            <p>"Select a column heading to sort. Empty crime cells mean no crime data for the months chosen, not zero; [c] is suppressed; [u] is low reliability."</p>
            <p class="statement">{move || state.manifest.get().and_then(|m| m.ok()).map(|m| m.weights.statement.clone())}</p>
            <div class="table-scroll">
                <table id="ward-table" class="ward-table">
                    <thead><tr>{COLUMNS.iter().enumerate().map(|(i, label)| header(i, label)).collect_view()}</tr></thead>
                    <tbody>
                        {move || rows().unwrap_or_default().into_iter().map(|(code, cells)| {
                            let selected_code = code.clone();
                            let pick = code.clone();
                            view! {
                                <tr data-ward-code=code class:selected=move || state.ward.get().as_deref() == Some(selected_code.as_str())>
                                    {cells.into_iter().enumerate().map(|(i, (text, _))| if i == 1 {
                                        let pick = pick.clone();
                                        view! { <th scope="row"><button type="button" class="link" on:click=move |_| state.ward.set(Some(pick.clone()))>{text}</button></th> }.into_any()
                                    } else {
                                        view! { <td>{text}</td> }.into_any()
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr class="force-total">{move || total().unwrap_or_default().into_iter().map(|(text, _)| view! { <td>{text}</td> }).collect_view()}</tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// Each ward's place against the funnel plot's limits (the chart's points).
fn funnel_positions(state: &AppState, derived: &Derived, wards: &[AreaFigures]) -> Vec<String> {
    let Some((_, points)) = crate::funnel_chart::points(state, derived) else { return vec![String::new(); wards.len()] };
    let centre = crate::funnel_chart::centre(&points);
    let flags: std::collections::HashMap<&str, String> = points
        .iter()
        .filter_map(|p| Some((p.code.as_str(), harm_core::funnel::flag(p.events, p.residents, centre)?.describe().to_string())))
        .collect();
    wards.iter().map(|w| flags.get(w.code.as_str()).cloned().unwrap_or_default()).collect()
}
