//! "Download this table (CSV)": the table of the view on screen (measure,
//! level, module, period, baseline, weighting, basis) with its metadata
//! header, written by the core function `harm-prep table --metadata` prints
//! with, so the file equals the command's output byte for byte. The sources
//! and licences come from `provenance.json`, fetched only when a person asks.

use crate::load::fetch_text;
use crate::state::{AppState, Derived};
use harm_core::dataset::{parse_provenance, PROVENANCE};
use harm_core::table_file::{file_name, refusal, table_file, Mapped, TableContext};
use harm_core::trauma;
use leptos::prelude::*;

#[component]
pub fn TableDownload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let problem = RwSignal::new(None::<String>);
    let download = move |_| {
        problem.set(None);
        // Everything on screen, read now: a later change of choice must not change the file asked for.
        let chosen = (|| {
            let (manifest, bundle) = (state.manifest()?, state.force()?);
            let (view, values) = (derived.view.get_untracked()?, derived.values.get_untracked()?);
            let (period, baseline) = (derived.period.get_untracked()?, derived.baseline.get_untracked()?);
            Some((manifest, bundle, view, values, period, baseline))
        })();
        let Some((manifest, bundle, view, values, period, baseline)) = chosen else {
            problem.set(Some("The table is not ready yet: wait for the figures to appear, then try again.".into()));
            return;
        };
        let (scheme, basis, level) = (state.scheme(), state.basis.get_untracked(), state.level.get_untracked());
        let measure = state.measure.get_untracked();
        let trauma = state.trauma.get_untracked();
        let indicators = state.weights.get_untracked();
        leptos::task::spawn_local(async move {
            let provenance = match fetch_text(PROVENANCE.into()).await.and_then(|text| Ok(parse_provenance(PROVENANCE, &text)?)) {
                Ok(p) => p,
                Err(e) => {
                    problem.set(Some(format!("The table was not saved: its sources and licences could not be read. {e}")));
                    return;
                }
            };
            let (key, label, unit, total, funnel, weights) = if trauma {
                (trauma::KEY.to_string(), trauma::LABEL.to_string(), trauma::UNIT, trauma::force_value(), None, Some(trauma::weights_key(&indicators)))
            } else {
                (measure.key(), measure.label(), measure.unit(), view.force_value(measure), Some(measure.source()), None)
            };
            let mapped = Mapped { key: &key, label: &label, unit, values: &values, total: &total, funnel, weights: weights.as_deref() };
            let context = TableContext {
                manifest: &manifest,
                provenance: &provenance,
                force: &bundle.entry,
                period: &period,
                baseline: &baseline,
                scheme,
                basis,
                level,
            };
            let text = table_file(&context, &mapped, &view);
            if let Err(e) = crate::download::save(&file_name(&context, &mapped, &view), "text/csv;charset=utf-8", text.as_bytes()) {
                problem.set(Some(format!("The browser did not save the table: {e}")));
            }
        });
    };
    // A view `harm-prep table` refuses has no file either: the reason, in its words, instead of a file of [x].
    let refused = move || {
        let (manifest, bundle, view) = (state.manifest()?, state.force()?, derived.view.get()?);
        let (period, baseline) = (derived.period.get()?, derived.baseline.get()?);
        let measure = (!state.trauma.get()).then(|| state.measure.get());
        refusal(&bundle.entry, &manifest.periods, (&period, &baseline), state.level.get(), measure, &view)
    };
    view! {
        <div class="table-download">
            {move || match refused() {
                Some(why) => view! { <p id="table-download-refused">"No table to download for this choice: " {why}</p> }.into_any(),
                None => view! {
                    <button type="button" id="table-download" on:click=download>"Download this table (CSV)"</button>
                    <span class="hint">" Lines starting with # say what the table is, its sources, licences and symbols; spreadsheets and pandas or R (comment character #) read the table beneath them."</span>
                }.into_any(),
            }}
            <p class="problem" role="status">{move || problem.get()}</p>
        </div>
    }
}
