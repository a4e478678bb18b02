//! Data availability: every force's Red / Amber / Green rating of each
//! dataset by financial year (`rag.csv`), as a matrix whose cells show the
//! colour, the letter and the reason (never colour alone), with the
//! thresholds it was rated with (from the manifest) in words; and the note that links a measure
//! whose data is rated Red or Amber for the chosen force and period to it.
//! Its URL is `?view=data-availability`.

use crate::load::{fetch_text, LoadError};
use crate::state::{AppState, Derived, View};
use harm_core::availability::{self, concern_text, dataset_label};
use harm_core::rag::{self, RagRow, Rating};
use harm_core::survey::{self, SurveyEstimate};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// The files beside every force's figures, fetched together (one resource
/// keeps the WebAssembly small): the ratings and the national crime survey
/// estimates. The map does not need them to be drawn, so they are fetched
/// only once a part of the page that shows them asks (`want`).
pub struct SharedFiles {
    pub rag: Result<Arc<Vec<RagRow>>, LoadError>,
    pub survey: Result<Arc<Vec<SurveyEstimate>>, LoadError>,
}

#[derive(Clone, Copy)]
pub struct RagData {
    /// `None` until wanted, and while fetching.
    files: LocalResource<Option<Arc<SharedFiles>>>,
    wanted: RwSignal<bool>,
}

impl RagData {
    pub fn provide() {
        let wanted = RwSignal::new(false);
        let files = LocalResource::new(move || {
            let wanted = wanted.get();
            async move {
                if !wanted {
                    return None;
                }
                let (rag, survey_text) =
                    futures::future::join(fetch_text(rag::RAG.to_string()), fetch_text(survey::CRIME_SURVEY.to_string())).await;
                let rag = rag.and_then(|text| Ok(Arc::new(rag::parse_rag(rag::RAG, &text)?)));
                let survey = survey_text.and_then(|text| Ok(Arc::new(survey::parse_crime_survey(survey::CRIME_SURVEY, &text)?)));
                Some(Arc::new(SharedFiles { rag, survey }))
            }
        });
        provide_context(RagData { files, wanted });
    }

    /// Starts the fetch, the first time a part of the page that shows the files is drawn.
    pub fn want(&self) {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
    }

    /// Both files, once fetched.
    pub fn files(&self) -> Option<Arc<SharedFiles>> {
        self.files.get().flatten()
    }

    /// The ratings, once fetched.
    pub fn rows(&self) -> Option<Result<Arc<Vec<RagRow>>, LoadError>> {
        self.files().map(|f| f.rag.clone())
    }
}

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::Red => "rag rag-red",
        Rating::Amber => "rag rag-amber",
        Rating::Green => "rag rag-green",
    }
}

/// Opens the page in place (the URL follows the state).
fn open_page(state: AppState) {
    state.view.set(View::DataAvailability);
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A link to the page, for an `<a>`'s click: no reload.
#[component]
pub fn RagLink(#[prop(into)] text: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let href = move || format!("?force={}&view=data-availability", state.chosen_force_id());
    view! {
        <a class="rag-link" href=href on:click=move |ev| { ev.prevent_default(); open_page(state); }>{text}</a>
    }
}

/// Beside a measure: its data's Red or Amber ratings for the chosen force
/// and period, each linking to the page; nothing when all are Green.
#[component]
pub fn RagNote() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let data = expect_context::<RagData>();
    // Beside the legend, the note comes after the map's first paint.
    crate::first_paint::after_next_paint(move || data.want());
    let content = move || {
        let rows = data.rows()?.ok()?;
        let period = derived.period.get()?;
        let force = state.chosen_force_id();
        let found = availability::concerns(&rows, &force, state.measure.get(), &period);
        (!found.is_empty()).then(|| {
            found
                .into_iter()
                .map(|r| {
                    view! {
                        <p class="rag-note" data-rating=r.rating.label() data-dataset=r.dataset.clone() data-period=r.period.clone()>
                            <span class=rating_class(r.rating)><span class="rag-letter" aria-hidden="true">{r.rating.letter()}</span></span>
                            " " {concern_text(r)} " " <RagLink text="(see data availability)"/>
                        </p>
                    }
                })
                .collect_view()
        })
    };
    view! { <div class="rag-notes">{content}</div> }
}

/// The data availability page.
#[component]
pub fn RagPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = expect_context::<RagData>();
    data.want();
    let heading = NodeRef::<html::H2>::new();
    // Moved here by a link or the Show select: focus the heading, so a
    // screen reader starts at the page.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let force_name = move |id: &str| {
        state.manifest().and_then(|m| m.forces.iter().find(|f| f.id == id).map(|f| f.name.clone())).unwrap_or_else(|| id.to_string())
    };
    let thresholds = move || state.manifest().map(|m| availability::thresholds_in_words(&m.rag_thresholds)).unwrap_or_default();
    let matrix = move || {
        let rows = match data.rows()? {
            Ok(rows) => rows,
            Err(LoadError::Missing(..)) => {
                return Some(view! { <p class="no-data">"No data availability ratings (rag.csv) are published with this data."</p> }.into_any())
            }
            Err(e) => return Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any()),
        };
        let m = availability::matrix(&rows);
        let columns = m.periods.len() + 1;
        let mut forces: Vec<String> = Vec::new();
        for r in &m.rows {
            if !forces.contains(&r.force) {
                forces.push(r.force.clone());
            }
        }
        let bodies = forces
            .into_iter()
            .map(|force| {
                let name = force_name(&force);
                let rows = m
                    .rows
                    .iter()
                    .filter(|r| r.force == force)
                    .map(|r| {
                        let cells = r
                            .cells
                            .iter()
                            .zip(&m.periods)
                            .map(|(cell, period)| match cell {
                                Some(c) => view! {
                                    <td role="cell" class=rating_class(c.rating) data-force=c.force.clone() data-dataset=c.dataset.clone() data-period=period.clone()>
                                        <span class="rag-period">{format!("{period}: ")}</span>
                                        <span class="rag-letter" aria-hidden="true">{c.rating.letter()}</span>
                                        " " <span class="rag-reason">{c.reason.clone()}</span>
                                    </td>
                                }
                                .into_any(),
                                None => view! { <td role="cell" class="rag rag-none" data-period=period.clone()>"not rated"</td> }.into_any(),
                            })
                            .collect_view();
                        view! {
                            <tr role="row" data-force=r.force.clone() data-dataset=r.dataset.clone()>
                                <th role="rowheader" scope="row">{dataset_label(&r.dataset)}</th>{cells}
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <tbody role="rowgroup" data-force=force.clone()>
                        <tr role="row" class="rag-force"><th role="rowheader" scope="rowgroup" colspan=columns>{name}</th></tr>
                        {rows}
                    </tbody>
                }
            })
            .collect_view();
        Some(
            view! {
                <table id="rag-matrix" class="rag-matrix" role="table">
                    <caption>
                        <span class="rag-caption-title">"Data availability by force, dataset and financial year (April to March). "</span>
                        <span id="rag-thresholds">{thresholds}</span>
                    </caption>
                    <thead role="rowgroup"><tr role="row"><th role="columnheader" scope="col">"Dataset"</th>
                        {m.periods.iter().map(|p| view! { <th role="columnheader" scope="col">{p.clone()}</th> }).collect_view()}</tr></thead>
                    {bodies}
                </table>
            }
            .into_any(),
        )
    };
    view! {
        <section id="data-availability" class="rag-page" aria-labelledby="rag-title">
            <p><a class="back" href="?" on:click=move |ev| { ev.prevent_default(); state.view.set(View::Map); }>"← Back to the map"</a></p>
            <h2 id="rag-title" tabindex="-1" node_ref=heading>"Data availability: Red, Amber, Green"</h2>
            <p>"Each force rates the data it has, as the workshop that set up this map agreed: for every dataset and financial year, Green (G), Amber (A) or Red (R), with the reason. The rating comes from facts the build measured — months with data, the share of records placed in a ward, the share with ethnicity stated, the share rejected — against thresholds kept in the build recipe, written out under the table's title. Each cell gives the letter and the reason as well as the colour. Open data is on police.uk, ONS and the Home Office; force-held data (victims, suspects, calls for service) only where a force has shared it."</p>
            <ul class="rag-key" aria-label="Key">
                {[Rating::Green, Rating::Amber, Rating::Red].map(|r| view! {
                    <li><span class=rating_class(r)><span class="rag-letter">{r.letter()}</span></span>" " {r.label()}</li>
                }).collect_view()}
            </ul>
            {matrix}
        </section>
    }
}

/// The methodology section on data availability ratings.
#[component]
pub fn RagMethodology() -> impl IntoView {
    view! {
        <details>
            <summary>"Data availability (Red, Amber, Green)"</summary>
            <p>"When the data is built, each force's datasets are rated for each financial year from facts the build measures: the months of the year with data, the share of records placed in a ward, the share with ethnicity stated (self-defined and officer-defined), and the share of records rejected. The thresholds for Green and Amber are kept in the build recipe, not in the code, and are written out on the data availability page; the worst fact decides the rating, and the reason names it (for example “Amber: 8 of 12 months”). A measure whose data is rated Red or Amber for the force and period shown says so beside its legend, with a link to the page."</p>
            <p>"Open data (police.uk, ONS, Home Office) is rated for every force. Force-held data (victims, suspects and offenders, calls for service) is rated Red, no data, until a force shares it."</p>
        </details>
    }
}
