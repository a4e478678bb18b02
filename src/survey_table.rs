//! National context beside every force's figures: the Crime Survey for
//! England and Wales estimates for Black and White adults
//! (`crime-survey.csv`, `harm_core::survey`), each with its 95% interval, in
//! a table that says plainly these are national survey estimates, not local
//! or police-recorded figures. Shown only when the file is published.

use crate::figure_table::{figure_table, Head, Td, Tr};
use crate::load::LoadError;
use harm_core::ethnicity::EthnicGroup;
use harm_core::survey::{self, SurveyEstimate, SurveyMeasure};
use harm_core::survey_table::estimate_text;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn SurveyContext() -> impl IntoView {
    let data = expect_context::<crate::rag_page::RagData>();
    data.want();
    let content = move || match data.files()?.survey.clone() {
        // Not published with this data: nothing to show.
        Err(LoadError::Missing(..)) => None,
        Err(e) => Some(view! { <p class="error">{format!("The national crime survey estimates cannot be shown: {e}")}</p> }.into_any()),
        Ok(rows) => Some(view! { <SurveyTable rows/> }.into_any()),
    };
    view! { <section id="crime-survey" class="survey" aria-labelledby="survey-title">{content}</section> }
}

#[component]
fn SurveyTable(rows: Arc<Vec<SurveyEstimate>>) -> impl IntoView {
    let find = |m: SurveyMeasure, g: EthnicGroup| rows.iter().find(|e| e.measure == m && e.group == g);
    let about = rows.first().map(|e| format!("{}, {}", e.geography, e.period)).unwrap_or_default();
    let body = SurveyMeasure::ALL
        .into_iter()
        .map(|m| {
            let mut cells = Vec::new();
            for g in [EthnicGroup::Black, EthnicGroup::White] {
                let e = find(m, g);
                cells.push(Td::of(e.map(estimate_text).unwrap_or_else(|| "not published".into())).group(g.key()).col("estimate"));
                cells.push(Td::of(e.map(|e| e.unweighted_count.to_string()).unwrap_or_default()).group(g.key()).col("people"));
            }
            Tr::new(m.label(), cells).note(m.description()).key("measure", m.key())
        })
        .collect();
    let head = vec![
        vec![Head::spanning("Measure", 1, 2, "col"), Head::spanning("Black adults", 2, 1, "colgroup"), Head::spanning("White adults", 2, 1, "colgroup")],
        ["Estimate", "People asked", "Estimate", "People asked"].map(Head::col).into(),
    ];
    let caption = format!("Black and White adults, {about}: share of adults (95% interval) and the number of people asked");
    let mut sources: Vec<&str> = rows.iter().map(|e| e.source.as_str()).collect();
    sources.sort();
    sources.dedup();
    view! {
        <h2 id="survey-title">"National context: the Crime Survey for England and Wales"</h2>
        <p class="survey-caveat" data-figure="survey_caveat">{survey::CAVEAT}</p>
        {figure_table(Some("survey-table"), "survey-table", caption, head, body)}
        <p class="caveat">{format!("Source: {}. No Black/White ratio is given: both groups come from one clustered sample and some estimates rest on very few people, so the two estimates are shown side by side with their intervals.", sources.join("; "))}</p>
    }
}

/// The methodology section on the crime survey.
#[component]
pub fn SurveyMethodology() -> impl IntoView {
    view! {
        <details>
            <summary>"The crime survey: unreported crime and confidence"</summary>
            <p>"The Crime Survey for England and Wales asks a large sample of adults in households about crime they experienced in the previous 12 months, whether or not they told the police, and what they think of the criminal justice system. It covers crime the police never record, so it sits beside police figures as context. Its open data tables give estimates by ethnic group for England and Wales as a whole only, so the same national figures are shown beside every force: they say nothing about any one force or ward."</p>
            <p>"Each estimate is a share of adults with its 95% interval, the estimate plus or minus 1.96 times the standard error the survey publishes beside it. Few Black adults are asked some questions, so their intervals are wide. The estimates are for the year to December 2018."</p>
        </details>
    }
}
