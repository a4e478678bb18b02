//! The table view: every ward's figures, sortable by any column, with the
//! force total. It is the map's accessible alternative: its first figure is
//! the mapped measure, as the map and `harm-prep measure` write it.

use crate::funnel_outliers::is_outlier;
use crate::state::{AppState, Derived};
use harm_core::format;
use harm_core::measures::{measure_value, AreaInputs, MeasureValue};
use harm_core::figures::AreaFigures;
use harm_core::view::Funnel;
use leptos::prelude::*;

const COLUMNS: [&str; 18] = [
    "Ward code", "Ward", "District", "Mapped measure", "Residents", "Black residents", "White residents",
    "Months with data", "Crimes", "ASB", "Harm", "Harm per resident per year", "Crimes per 1,000 per year",
    "Change since baseline (95% interval)", "IMD decile", "Searches (all)", "Search ratio B/W", "Funnel plot",
];

/// The columns printed (a printed page cannot scroll sideways): name,
/// district, the mapped measure, residents, harm rate, change and the
/// funnel plot; the others are marked `print-hide`.
const PRINTED: [usize; 7] = [1, 2, 3, 4, 11, 13, 17];

fn column_class(i: usize) -> &'static str {
    if PRINTED.contains(&i) { "" } else { "print-hide" }
}

/// A table cell: its text and a number to sort by (text sorts when absent).
type Cell = (String, Option<f64>);

/// The cells of one area, `mapped` being its value of the mapped measure;
/// the funnel-plot column (the chart's table form) follows.
fn cells(area: AreaInputs, mapped: &MeasureValue) -> Vec<Cell> {
    let w = area.figures;
    let c = w.crime.as_ref();
    let n = |v: u64| (v.to_string(), Some(v as f64));
    let opt = |text: String, v: Option<f64>| (text, v);
    let change = area.change.map(|ch| format!("{} ({} to {}){}", format::ratio(Some(ch.ratio)), format::ratio(Some(ch.lower)), format::ratio(Some(ch.upper)), if ch.low_reliability { " [u]" } else { "" }));
    vec![
        (w.code.clone(), None),
        (w.name.clone(), None),
        (w.district_name.clone(), None),
        opt(mapped.flagged_text(), mapped.value),
        // A ward no LSOA best-fits has no counts of its own: the reason, then blanks, never zeros.
        match w.residents_note { Some(note) => (note.into(), None), None => n(w.residents) },
        if w.residents_note.is_some() { ("".into(), None) } else { n(w.black()) },
        if w.residents_note.is_some() { ("".into(), None) } else { n(w.white()) },
        c.map(|c| n(c.months_present as u64)).unwrap_or(("0".into(), Some(0.0))),
        c.map(|c| n(c.crimes)).unwrap_or_default(),
        c.map(|c| n(c.anti_social_behaviour)).unwrap_or_default(),
        opt(format::harm(c.and_then(|c| c.harm)), c.and_then(|c| c.harm)),
        opt(format::harm_rate(c.and_then(|c| c.harm_per_resident_per_year)), c.and_then(|c| c.harm_per_resident_per_year)),
        opt(format::per_thousand(c.and_then(|c| c.crimes_per_1000_per_year)), c.and_then(|c| c.crimes_per_1000_per_year)),
        opt(change.unwrap_or_else(|| "not measurable".into()), area.change.map(|ch| ch.ratio)),
        opt(w.imd_decile.map(|d| d.to_string()).unwrap_or_else(|| w.deprivation_note.unwrap_or_default().to_string()), w.imd_decile.map(f64::from)),
        match area.searches {
            Some(s) => opt(format::published_count(s.all), s.all.map(|a| a as f64)),
            None => ("no data".into(), None),
        },
        match area.searches {
            Some(s) => opt(
                format!("{}{}", format::ratio(s.ratio.and_then(|r| r.ratio)), if s.low_reliability && s.ratio.is_some() { " [u]" } else { "" }),
                s.ratio.and_then(|r| r.ratio),
            ),
            None => ("no data".into(), None),
        },
    ]
}

#[component]
pub fn WardTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let sort = RwSignal::new((1usize, true));
    let rows = move || {
        let view = derived.view.get()?;
        let values = derived.values.get()?;
        let (column, ascending) = sort.get();
        let level = state.level.get();
        let areas = &view.at(level).areas;
        let positions = funnel_positions(areas, derived.funnel.get().as_deref());
        let outliers_only = state.outliers_only.get();
        let funnel = derived.funnel.get();
        let mut rows: Vec<(String, Vec<Cell>)> = (0..areas.len())
            .zip(positions)
            .filter(|(i, _)| !outliers_only || is_outlier(funnel.as_ref().and_then(|f| f.flag_of(&areas[*i].code))))
            .map(|(i, f)| {
                let mut cells = cells(view.inputs(level, i), &values[i]);
                cells.push((f, None));
                (areas[i].code.clone(), cells)
            })
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
        let view = derived.view.get()?;
        let mapped = if state.trauma.get() { harm_core::trauma::force_value() } else { measure_value(state.measure.get(), view.force_inputs()) };
        let mut cells = cells(view.force_inputs(), &mapped);
        cells.push((String::new(), None));
        Some(cells)
    };
    let header = move |i: usize, label: &'static str| {
        let aria = move || match sort.get() {
            (c, true) if c == i => "ascending",
            (c, false) if c == i => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria class=column_class(i)>
                <button type="button" on:click=move |_| sort.update(|s| *s = if s.0 == i { (i, !s.1) } else { (i, true) })>
                    {label}<span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <section class="table-area" aria-labelledby="table-title">
            <h2 id="table-title">"All wards"</h2>
            <p>"Select a column heading to sort. Empty crime cells mean no crime data for the period chosen, not zero; [c] is suppressed; [u] is low reliability."</p>
            <p class="table-period">{move || {
                let (period, baseline) = (derived.period.get()?, derived.baseline.get()?);
                let module = derived.view.get().and_then(|v| v.module.clone()).zip(state.force())
                    .map(|(m, b)| format!(" {} The last row is their total.", m.summary(&b.entry.name, b.data.wards.len())))
                    .unwrap_or_default();
                Some(format!("Mapped measure: {}. Period: {}. Change compared with {}. Rates are per year, from the months with data.{module}", state.mapped_label(), period.label, baseline.label))
            }}</p>
            <p class="statement">{move || state.weights_info().map(|w| w.statement)}</p>
            // In the table-only view the legend, with its data availability note, is hidden.
            {move || (state.view.get() == crate::state::View::Table).then(|| view! { <crate::rag_page::RagNote/> })}
            <crate::table_download::TableDownload/>
            {move || state.outliers_only.get().then(|| {
                let level = state.level.get();
                let shown = derived.funnel.get().map_or(0, |f| f.flags.iter().filter(|f| is_outlier(**f)).count());
                view! {
                    <p class="table-filter" id="table-filter">
                        {format!("Showing only the {shown} {} outside the funnel plot's 99.8% limits. ", level.areas_word())}
                        <button type="button" id="remove-filter" on:click=move |_| state.outliers_only.set(false)>
                            {format!("Show all {} (remove this filter)", level.areas_word())}
                        </button>
                    </p>
                }
            })}
            <div class="table-scroll">
                <table id="ward-table" class="ward-table">
                    <thead><tr>{COLUMNS.iter().enumerate().map(|(i, label)| header(i, label)).collect_view()}</tr></thead>
                    <tbody>
                        {move || rows().unwrap_or_default().into_iter().map(|(code, cells)| {
                            let selected_code = code.clone();
                            let pick = code.clone();
                            view! {
                                <tr data-area-code=code class:selected=move || state.area.get().as_deref() == Some(selected_code.as_str())>
                                    {cells.into_iter().enumerate().map(|(i, (text, _))| if i == 1 {
                                        let pick = pick.clone();
                                        view! { <th scope="row"><button type="button" class="link" on:click=move |_| state.area.set(Some(pick.clone()))>{text}</button></th> }.into_any()
                                    } else {
                                        view! { <td class=column_class(i)>{text}</td> }.into_any()
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr class="force-total">{move || total().unwrap_or_default().into_iter().enumerate().map(|(i, (text, _))| view! { <td class=column_class(i)>{text}</td> }).collect_view()}</tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// Each area's place against the funnel plot's limits (the chart's points).
fn funnel_positions(areas: &[AreaFigures], funnel: Option<&Funnel>) -> Vec<String> {
    areas
        .iter()
        .map(|w| funnel.and_then(|f| f.flag_of(&w.code)).map(|f| f.describe().to_string()).unwrap_or_default())
        .collect()
}
