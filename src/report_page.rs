//! The force report (`?view=report`), for a Police Board or Chiefs'
//! Council: the sentences of `harm_core::report::force_report` (which
//! `harm-prep report` prints) for the chosen force, period and choices,
//! with the map, the force's monthly trend and the five-year stop and
//! search series beside the findings (the page says when the data was built). It
//! prints on a few A4 pages (the report block of public/style.css).

use crate::legend::Legend;
use crate::map::MapView;
use crate::rag_page::RagData;
use crate::state::{AppState, Derived};
use crate::trend_chart::TrendChart;
use harm_core::level::Level;
use harm_core::report::{force_report, Report, ReportInputs, Section, AVAILABILITY};
use harm_core::trend::monthly_harm;
use leptos::prelude::*;

fn section(s: Section) -> impl IntoView {
    view! {
        <section class="report-section">
            <h3>{s.heading}</h3>
            {s.sentences.into_iter().map(|sentence| view! { <p data-report-sentence="">{sentence}</p> }).collect_view()}
        </section>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let ratings = expect_context::<RagData>();
    ratings.want();
    // `None` while the force, its figures or the ratings load; the ratings'
    // own load error is said instead of the report.
    let report = move || -> Option<Result<Report, String>> {
        let (b, view) = (state.force()?, derived.view.get()?);
        let (period, baseline) = (derived.period.get()?, derived.baseline.get()?);
        let info = state.weights_info()?;
        let ratings = match ratings.rows()? {
            Ok(rows) => rows,
            Err(e) => return Some(Err(format!("The report needs the data-availability ratings, which could not be read. {e}"))),
        };
        Some(Ok(force_report(&ReportInputs {
            force: &b.entry,
            data: &b.data,
            view: &view,
            period: &period,
            baseline: &baseline,
            scheme: state.scheme(),
            weights: b.data.weights(state.scheme())?,
            weights_statement: &info.statement,
            basis: state.basis.get(),
            use_of_force: &b.use_of_force,
            ratings: &ratings,
        })))
    };
    let trend = move || {
        let (b, view) = (state.force()?, derived.view.get()?);
        let weights = b.data.weights(state.scheme())?;
        let wards = view.members(Level::Force, 0);
        let points = monthly_harm(&b.data.crime, &wards, view.force().residents, weights, derived.baseline.get().as_ref());
        // The force by its own name; a module by its total's ("... (module total)").
        let name = if view.module.is_some() { view.force().name.clone() } else { b.entry.name.clone() };
        (!points.is_empty()).then(|| view! { <TrendChart id="report-trend" title=format!("Harm per resident per year, {name}, by month") points/> })
    };
    view! {
        <article id="force-report" class="force-report" aria-labelledby="report-title">
            {move || match report() {
                None => view! { <p class="loading">"Preparing the report…"</p> }.into_any(),
                Some(Err(problem)) => view! { <p class="problem" role="alert">{problem}</p> }.into_any(),
                Some(Ok(report)) => {
                    // The findings, then the map and trend, then ratings, caveats and method.
                    let split = report.sections.iter().position(|s| s.heading == AVAILABILITY).unwrap_or(report.sections.len());
                    let mut sections = report.sections;
                    let after = sections.split_off(split);
                    view! {
                        <h2 id="report-title">{report.title}</h2>
                        {sections.into_iter().map(section).collect_view()}
                        <section class="report-figures" aria-label="Map and trend">
                            <h3>"Map and trend"</h3>
                            <p>{move || format!("Map: {}, {}.", state.mapped_label(), derived.period.get().map(|p| p.label).unwrap_or_default())}</p>
                            <div class="report-map"><MapView/><Legend/></div>
                            {trend}
                            <crate::search_series::SearchSeries/>
                        </section>
                        {after.into_iter().map(section).collect_view()}
                    }.into_any()
                }
            }}
        </article>
    }
}
