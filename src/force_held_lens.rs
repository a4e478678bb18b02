//! Force-held lenses (victims, suspects and offenders, calls for service,
//! use of force by ward): each published lens on its own, with its
//! definition on screen, the force's rates by group per 1,000 residents per
//! year and the Black/White ratio with its 95% interval, and for calls the
//! persistent-caller threshold and what was counted apart, with and without
//! those callers. Every figure comes from `harm_core::lenses` and the
//! measures registry, as `harm-prep measure` prints them.

use crate::figure_table::{figure_table, Head, Td, Tr};
use crate::load::{fetch_text, LoadError};
use crate::state::{AppState, Derived};
use harm_core::csv_rows::InputError;
use harm_core::dataset::{ForceEntry, WardRow};
use harm_core::ethnicity::EthnicGroup;
use harm_core::format;
use harm_core::lenses::{self, describe, persistent_note, Lens, LensComparison, LensForce, LensTables, PersistentTotals};
use harm_core::level::Level;
use harm_core::measures::{measure_value, AreaInputs, LensStat, Measure};
use harm_core::use_of_force::ratio_text;
use harm_core::view::ForceView;
use leptos::prelude::*;
use std::sync::Arc;

/// One lens's published texts: areas, force months, persistent callers.
pub struct LensTexts {
    lens: Lens,
    files: lenses::LensFiles,
    areas: String,
    force: String,
    persistent: Option<String>,
}

/// Fetches the files of every lens the manifest lists for the force.
pub async fn fetch_lenses(entry: &ForceEntry) -> Result<Vec<LensTexts>, LoadError> {
    let mut out = Vec::new();
    for lens in lenses::published_lenses(&entry.force_held) {
        let files = lens.files(&entry.id);
        let (areas, force) = futures::future::try_join(fetch_text(files.areas.clone()), fetch_text(files.force.clone())).await?;
        let persistent = match &files.persistent_callers {
            Some(path) => Some(fetch_text(path.clone()).await?),
            None => None,
        };
        out.push(LensTexts { lens, files, areas, force, persistent });
    }
    Ok(out)
}

pub fn parse_lenses(texts: Vec<LensTexts>, wards: &[WardRow]) -> Result<Vec<LensTables>, InputError> {
    texts
        .into_iter()
        .map(|t| {
            let persistent = t.files.persistent_callers.as_deref().zip(t.persistent.as_deref());
            lenses::parse_lens(t.lens, wards, (&t.files.areas, &t.areas), (&t.files.force, &t.force), persistent)
        })
        .collect()
}

const DISCLOSURE: &str = "Force-held data, published only after disclosure control: below force level, counts of 1 to 9 are suppressed ([c]) and other counts rounded to the nearest 5, for whole fixed periods only; force figures here are exact counts from the force's extract. Rates use Census 2021 residents. A disparity is not by itself proof of bias: who comes into contact with the police, and where, also shapes it.";

/// Every published lens of the chosen force, each in its own section.
#[component]
pub fn ForceHeldLenses() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let b = state.force()?;
        let view = derived.view.get()?;
        let period = derived.period.get()?;
        let basis = state.basis.get();
        let sections = b
            .lenses
            .iter()
            .map(|t| {
                let figures = t.force_figures(&b.data.wards, basis, &period);
                let missing = view.lens_missing(t.lens, Level::Force);
                let residents = lenses::residents_of(&b.data.wards, 0..b.data.wards.len());
                view! { <LensSection tables=t.clone() figures missing residents view=view.clone() force=b.entry.name.clone() period=period.label.clone()/> }
            })
            .collect_view();
        Some(sections)
    };
    view! { <div id="force-held-lenses">{content}</div> }
}

fn measure_button(state: AppState, measure: Measure) -> impl IntoView {
    view! {
        <button type="button" class="lens-map" data-measure=measure.key()
            aria-pressed=move || (state.measure.get() == measure).to_string()
            on:click=move |_| state.measure.set(measure)>{format!("Map: {}", measure.label())}</button>
    }
}

#[component]
fn LensSection(
    tables: LensTables,
    figures: Option<LensForce>,
    missing: Option<String>,
    residents: [u64; 5],
    view: Arc<ForceView>,
    force: String,
    period: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lens = tables.lens;
    let key = lens.key();
    let basis = state.basis.get_untracked();
    // The registry's value for the whole force (exact), also in a module,
    // whose own total is summed from its wards on the map and in the panel.
    let mut whole = vec![None; lenses::LENS_COUNT];
    whole[lens.index()] = figures.as_ref().map(|f| f.all.clone());
    let value = |stat: LensStat| {
        let inputs = AreaInputs { lenses: &whole, ..view.force_inputs() };
        measure_value(Measure::Lens(lens, stat), inputs).flagged_text()
    };
    let module_note = view.module.as_ref().map(|_| view! {
        <p class="caveat">"These are the whole force's exact figures. The module's figures, summed from its wards' published (rounded, some suppressed) counts, are on the map, in the table and in the panel."</p>
    });
    let persistent = tables.threshold.map(|threshold| {
        let totals = figures.as_ref().map(|f| PersistentTotals::of(&f.persistent)).unwrap_or_default();
        view! { <p class="persistent-note" data-figure="persistent_note">{persistent_note(threshold, &totals, &period)}</p> }
    });
    let body = match &figures {
        None => view! { <p class="no-data" data-figure="lens_sentence">{missing.unwrap_or_default()}</p> }.into_any(),
        Some(f) => {
            let with = f.with_persistent.as_ref();
            let rate = |c: &LensComparison, counts: &[u64; 6], g: EthnicGroup| match g {
                EthnicGroup::NotStated => "no rate".to_string(),
                _ => format::per_thousand(c.group_per_year(g, Some(counts[g.index()]), residents)),
            };
            let mut rows: Vec<Tr> = EthnicGroup::ALL
                .into_iter()
                .map(|g| {
                    let own = match g {
                        EthnicGroup::Black => value(LensStat::RateBlack),
                        EthnicGroup::White => value(LensStat::RateWhite),
                        _ => rate(&f.all, &f.counts, g),
                    };
                    let people = g.census_index().map(|i| residents[i].to_string()).unwrap_or_else(|| "–".into());
                    let mut cells = vec![Td::of(people), Td::of(f.counts[g.index()].to_string()).col("count"), Td::of(own).col("per_year")];
                    if let Some((c, counts)) = with {
                        cells.push(Td::of(counts[g.index()].to_string()).col("with_count"));
                        cells.push(Td::of(rate(c, counts, g)).col("with_per_year"));
                    }
                    Tr::new(g.label(), cells).key("group", g.key())
                })
                .collect();
            let mut all = vec![Td::of(residents.iter().sum::<u64>().to_string()), Td::of(f.counts.iter().sum::<u64>().to_string()), Td::of(value(LensStat::Rate)).col("per_year")];
            let mut ratio = vec![Td::default(), Td::of(ratio_text(f.all.comparison.ratio.as_ref())).span(2).figure("lens_ratio")];
            let mut unknown = vec![Td::default(), Td::of(format::percent(f.all.comparison.unknown_share)).span(2).figure("lens_not_stated")];
            let mut heads = vec![Head::col("Ethnic group"), Head::col("Residents (Census 2021)"), Head::col(format!("{} (count)", lens.label())), Head::col("Per 1,000 residents per year")];
            if let Some((c, counts)) = with {
                all.extend([Td::of(counts.iter().sum::<u64>().to_string()), Td::of(format::per_thousand(c.all_per_year()))]);
                ratio.push(Td::of(ratio_text(c.comparison.ratio.as_ref())).span(2).figure("lens_ratio_with_persistent"));
                unknown.push(Td::of(format::percent(c.comparison.unknown_share)).span(2));
                heads.extend([Head::col("With persistent callers"), Head::col("Per 1,000 per year, with them")]);
            }
            rows.push(Tr::new("All groups", all).key("group", "all"));
            rows.push(Tr::new("Black/White ratio of rates (95% interval)", ratio));
            rows.push(Tr::new("Ethnicity not stated, share", unknown));
            let caption = format!(
                "{}, {force} (whole force, exact), {period}, by {} ethnicity: counts and rates per 1,000 residents {}{}",
                lens.label(),
                basis.label(),
                f.all.months_note(),
                if with.is_some() { "; calls of persistent callers apart, then added back" } else { "" }
            );
            let table = figure_table(None, "lens-table", caption, vec![heads], rows);
            let categories = (!f.by_category.is_empty()).then(|| {
                let rows = f
                    .by_category
                    .iter()
                    .map(|(name, c)| {
                        Tr::new(
                            name.clone(),
                            vec![
                                Td::of(format::published_count(c.comparison.black)),
                                Td::of(format::published_count(c.comparison.white)),
                                Td::of(format::per_thousand(c.black_per_year())),
                                Td::of(format::per_thousand(c.white_per_year())),
                                Td::of(ratio_text(c.comparison.ratio.as_ref())),
                            ],
                        )
                    })
                    .collect();
                let heads = [lens.category_name(), "Black", "White", "Black per 1,000 per year", "White per 1,000 per year", "Black/White ratio (95% interval)"];
                let caption = format!("{} by {}, {period}, {} ethnicity ({})", lens.label(), lens.category_name(), basis.label(), f.all.months_note());
                figure_table(None, "lens-categories", caption, vec![heads.map(Head::col).into()], rows)
            });
            let months: std::collections::BTreeSet<_> = f.persistent.iter().map(|p| p.month).collect();
            let persistent_table = tables.threshold.filter(|_| !months.is_empty()).map(|threshold| {
                let rows = months
                    .iter()
                    .map(|m| {
                        let rows: Vec<_> = f.persistent.iter().filter(|p| p.month == *m).cloned().collect();
                        let t = PersistentTotals::of(&rows);
                        let n = |v: u64| Td::of(v.to_string());
                        Tr::new(m.to_string(), vec![n(t.all_callers()), n(t.all_calls()), n(t.calls[EthnicGroup::Black.index()]), n(t.calls[EthnicGroup::White.index()])])
                            .key("month", m.to_string())
                    })
                    .collect();
                let heads = ["Month", "Callers tagged", "Their calls (counted apart)", "Of which by Black callers", "Of which by White callers"];
                let caption = format!("Persistent callers tagged, by month ({threshold} or more calls in the month), force level only");
                figure_table(None, "persistent-callers", caption, vec![heads.map(Head::col).into()], rows)
            });
            view! {
                <p class="sentence" data-figure="lens_sentence">{format!("{}: {}", force, describe(lens, &f.all, basis))}</p>
                {table}
                {categories}
                {persistent_table}
            }
            .into_any()
        }
    };
    let below = view.lens_missing(lens, Level::Ward).unwrap_or_else(|| {
        format!("Ward and district figures for {period} are on the map and in the table: choose a {} measure below.", lens.label().to_lowercase())
    });
    view! {
        <section class="lens" id=format!("lens-{key}") data-lens=key aria-labelledby=format!("lens-{key}-title")>
            <h2 id=format!("lens-{key}-title")>{format!("{}: {force} (force-held data)", lens.label())}</h2>
            <p class="lens-definition" data-figure="lens_definition"><strong>"Definition. "</strong>{lens.definition()}</p>
            {persistent}
            {module_note}
            {body}
            <p class="lens-below" data-figure="lens_below">{below}</p>
            <div class="lens-measures" role="group" aria-label=format!("Map a {} measure", lens.label().to_lowercase())>
                {LensStat::ALL.map(|s| measure_button(state, Measure::Lens(lens, s))).collect_view()}
            </div>
            <p class="caveat">{DISCLOSURE}</p>
        </section>
    }
}

/// In the panel: each published lens's figures for the selected area, each
/// on its own line (lenses are never added together).
#[component]
pub fn LensAreaFigures(view: Arc<ForceView>, level: Level, i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lenses: Vec<Lens> = state.force().map(|b| b.lenses.iter().map(|t| t.lens).collect()).unwrap_or_default();
    let basis = state.basis.get_untracked();
    (!lenses.is_empty()).then(|| {
        let items = lenses
            .into_iter()
            .map(|lens| {
                let c = view.inputs(level, i).lenses.get(lens.index()).cloned().flatten();
                let text = match c {
                    Some(c) => describe(lens, &c, basis),
                    None => view.lens_missing(lens, level).unwrap_or_default(),
                };
                view! { <li data-lens=lens.key()><strong>{format!("{}: ", lens.label())}</strong>{text}</li> }
            })
            .collect_view();
        view! {
            <h3>"Force-held lenses"</h3>
            <ul class="lens-area">{items}</ul>
        }
    })
}

/// The methodology section on force-held lenses.
#[component]
pub fn LensMethodology() -> impl IntoView {
    view! {
        <details>
            <summary>"Force-held lenses: victims, suspects, calls for service"</summary>
            <p>"Some forces share data that is not public: victims, suspects and offenders, and calls for service by the ethnicity of the person. Each is shown as its own lens, only when the force's published data includes it, and never added to another: a person who is both a victim and a suspect is counted in both."</p>
            <ul>{Lens::ALL.map(|l| view! { <li><strong>{format!("{}: ", l.label())}</strong>{l.definition()}</li> }).collect_view()}</ul>
            <p>"Below force level, counts are published only for whole fixed periods (calendar years), as one ward table and one district table per period, ethnicity basis and category, under the same disclosure control as stop and search. Months appear only at force level. Rates are per 1,000 Census 2021 residents of each group per year, scaled to a year from the months of the period that have records; the Black/White ratio has a 95% interval on the log scale, or exact limits when either count is under 10. A ward or district figure summed over several offence groups adds rounded published counts, and is [c] if any part is suppressed."</p>
            <p>"Calls for service: a caller with at least the recipe's number of calls (10 by default) in one calendar month is tagged persistent for that month, so that a few very frequent callers do not skew a ward. Their calls are in no ward or district figure; they are published only at force level, by month and the caller's group, and the force figures are shown with and without them."</p>
        </details>
    }
}
