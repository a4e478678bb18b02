//! The community trauma score (experimental) on the map: its weights, shown
//! and adjustable (`weights=harm-rate:1,harm-change:1,...` in the URL), how
//! each area's rank moves under equal weights and with each measure left
//! out, the selected area's standardised measures, and the method. Scores,
//! ranks and their sensitivity come from `harm_core::trauma`, as
//! `harm-prep measure --measure trauma-score --weights ...` prints them.

use crate::state::{AppState, Derived};
use harm_core::format;
use harm_core::level::Level;
use harm_core::measures::Measure;
use harm_core::trauma::{self, indicator_measures, rank_sensitivity, Alternative, Indicator};
use harm_core::view::ForceView;
use leptos::prelude::*;
use std::sync::Arc;

/// The areas of a level, in words ("wards", "districts").
fn areas_word(level: Level) -> &'static str {
    match level {
        Level::Ward => "wards",
        Level::District => "districts",
        Level::Force => "force areas",
    }
}

/// The legend's subtitle while the score is mapped.
pub fn legend_subtitle(state: &AppState, derived: &Derived) -> Option<String> {
    let view = derived.view.get()?;
    let level = state.level.get();
    let shown = view.at(level).areas.len();
    let within = match &view.module {
        Some(_) => format!(" of the module ({})", state.module.get().label()),
        None => String::new(),
    };
    Some(format!(
        "Experimental. Relative to the {shown} {}{within} shown, for {}: the weights, how the ranks depend on them and the method are below.",
        areas_word(level),
        derived.period.get().map(|p| p.label).unwrap_or_default()
    ))
}

/// Why an area has no score, in the legend's words.
pub const NO_SCORE: &str = "no score: more than half of the weight has no value here (no data, or suppressed), and a missing value is never taken as zero";

/// A weight as typed: a number, shown without trailing zeros.
fn weight_text(w: f64) -> String {
    format!("{w}")
}

/// The weights, one number input per measure the score can use, with each
/// one's share and how many areas have a value for it.
#[component]
pub fn TraumaWeights() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let problem = RwSignal::new(None::<String>);
    let set_weight = move |measure: Measure, text: String| {
        let Ok(weight) = text.trim().parse::<f64>() else {
            problem.set(Some(format!("'{}' is not a weight of {}: write a number of 0 or more.", text.trim(), measure.label())));
            return;
        };
        problem.set(None);
        state.weights.update(|chosen| {
            match chosen.iter_mut().find(|i| i.measure == measure) {
                Some(i) => i.weight = weight,
                None => chosen.push(Indicator { measure, weight }),
            }
            // A measure weighing 0 leaves the score; order as the registry's.
            chosen.retain(|i| i.weight != 0.0);
            let order = indicator_measures();
            chosen.sort_by_key(|i| order.iter().position(|m| *m == i.measure));
        });
    };
    let rows = move || {
        let view = derived.view.get()?;
        let level = state.level.get();
        let chosen = state.weights.get();
        let total: f64 = chosen.iter().map(|i| i.weight).filter(|w| *w > 0.0).sum();
        let shown = view.at(level).areas.len();
        let rows = indicator_measures()
            .into_iter()
            .filter_map(|m| {
                let weight = chosen.iter().find(|i| i.measure == m).map_or(0.0, |i| i.weight);
                let with_value = view.values(level, m).iter().filter(|v| v.value.is_some()).count();
                // Measures without a value anywhere are offered only when chosen.
                (weight != 0.0 || with_value > 0).then_some((m, weight, with_value))
            })
            .map(|(m, weight, with_value)| {
                let id = format!("weight-{}", m.key());
                let share = if weight > 0.0 && total > 0.0 { format!("{} of the weight", format::percent(Some(weight / total))) } else { "left out".into() };
                let coverage = match with_value {
                    0 => format!("no value in any of the {shown} areas: missing everywhere, left out of every score"),
                    1 => format!("a value in 1 of {shown} areas: cannot be standardised, left out of every score"),
                    n => format!("a value in {n} of {shown} areas"),
                };
                view! {
                    <li class="weight-row" data-measure=m.key()>
                        <label for=id.clone()>{m.label()}</label>
                        <input type="number" id=id min="0" max="10" step="0.5" prop:value=weight_text(weight)
                            on:change=move |ev| set_weight(m, event_target_value(&ev))/>
                        <span class="weight-share" data-col="share">{share}</span>
                        <span class="weight-coverage">{coverage}</span>
                    </li>
                }
            })
            .collect_view();
        Some(rows)
    };
    let error = move || {
        problem.get().or_else(|| match derived.trauma.get() {
            Some(Err(e)) => Some(format!("{}.", capitalised(&e.to_string()))),
            _ => state.weights_problem.get(),
        })
    };
    let reset = move |_| {
        problem.set(None);
        state.weights.set(trauma::default_indicators());
    };
    view! {
        <section class="trauma-weights" id="trauma-weights" aria-labelledby="trauma-weights-title">
            <h3 id="trauma-weights-title">"Weights of the community trauma score (experimental)"</h3>
            <p class="experimental">"Experimental: a summary of the figures below, relative to the areas shown; not a measure of anyone's trauma. Change a weight to see how the map and the ranks change; 0 leaves a measure out."</p>
            <ul class="weight-rows">{rows}</ul>
            <p class="problem" id="trauma-problem" role="status">{error}</p>
            <button type="button" on:click=reset>"Equal weights on the default three"</button>
            " "<a href="#trauma-method">"How the score is made"</a>
        </section>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The column heading of an alternative's ranks.
fn alternative_heading(alternative: Alternative) -> String {
    match alternative {
        Alternative::EqualWeights => "Rank with equal weights".into(),
        Alternative::Without(m) => format!("Rank without {}", trauma::in_a_sentence(&m.label())),
    }
}

/// How each area's rank moves under equal weights and with each measure
/// left out: one row per area, highest score first.
#[component]
pub fn TraumaSensitivity() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let table = Memo::new(move |_| {
        let scores = derived.trauma.get()?.ok()?;
        Some(Arc::new((scores.clone(), rank_sensitivity(&scores))))
    });
    let content = move || {
        let view = derived.view.get()?;
        let level = state.level.get();
        let table = table.get()?;
        let (scores, sensitivity) = &*table;
        let areas = &view.at(level).areas;
        let values = trauma::score_values(scores);
        let mut order: Vec<usize> = (0..areas.len()).collect();
        order.sort_by_key(|&i| (scores.areas[i].rank.unwrap_or(usize::MAX), areas[i].name.clone()));
        let rank = |r: Option<usize>| r.map(|r| r.to_string()).unwrap_or_else(|| "no rank".into());
        let largest = (0..areas.len())
            .filter_map(|i| sensitivity.largest_move[i].map(|m| (i, m)))
            .max_by_key(|(i, m)| (m.size(), std::cmp::Reverse(*i)));
        let sentence = match largest {
            Some((i, m)) if m.size() > 0 => format!("The largest move: {}, rank {}.", areas[i].name, m.describe()),
            Some(_) => "No area's rank moves under any of these alternatives.".into(),
            None => "No area has a score, so no rank can move.".into(),
        };
        Some(view! {
            <p data-figure="trauma_largest_move">{sentence}</p>
            <div class="table-scroll trauma-ranks" tabindex="0" role="region" aria-labelledby="trauma-ranks-caption">
                <table class="figures" id="trauma-ranks">
                    <caption id="trauma-ranks-caption">{format!("{} by {}: rank with the chosen weights and as they change", trauma::LABEL, areas_word(level).trim_end_matches('s'))}</caption>
                    <thead><tr>
                        <th scope="col">"Area"</th><th scope="col">"Score"</th><th scope="col">"Rank"</th>
                        {sensitivity.alternatives.iter().map(|a| view! { <th scope="col">{alternative_heading(a.alternative)}</th> }).collect_view()}
                        <th scope="col">"Largest move"</th>
                    </tr></thead>
                    <tbody>
                        {order.into_iter().map(|i| view! {
                            <tr data-area-code=areas[i].code.clone()>
                                <th scope="row">{areas[i].name.clone()}</th>
                                <td data-col="score">{values[i].flagged_text()}</td>
                                <td data-col="rank">{rank(scores.areas[i].rank)}</td>
                                {sensitivity.alternatives.iter().map(|a| view! { <td>{rank(a.ranks[i])}</td> }).collect_view()}
                                <td>{sensitivity.largest_move[i].map(|m| m.describe()).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="trauma-sensitivity" id="trauma-sensitivity" aria-labelledby="trauma-sensitivity-title">
            <h2 id="trauma-sensitivity-title">"How much the trauma score's ranks depend on the weights (experimental)"</h2>
            <p>"Rank 1 is the highest score; tied areas share the higher rank. Each alternative keeps the same standardised measures and changes only the weights: all equal, or one measure left out. An area with no score has no rank (not a rank of zero)."</p>
            {content}
        </section>
    }
}

/// The selected area's score: its measures, their standard scores and
/// weights, its rank, and its largest move.
#[component]
pub fn TraumaArea(view: Arc<ForceView>, level: Level, i: usize) -> impl IntoView {
    let derived = expect_context::<Derived>();
    move || {
        let scores = derived.trauma.get()?.ok()?;
        let area = scores.areas.get(i)?.clone();
        let shares = scores.weight_shares();
        let sensitivity = rank_sensitivity(&scores);
        let shown = scores.areas.len();
        let rows = scores
            .indicators
            .iter()
            .zip(&shares)
            .enumerate()
            .map(|(k, (indicator, share))| {
                let value = view.values(level, indicator.measure)[i].flagged_text();
                let z = match (area.z[k], scores.standardisation[k].mean_sd) {
                    (Some(z), _) => format!("{z:.2}"),
                    (None, None) => "missing: cannot be standardised".into(),
                    (None, Some(_)) => "missing (not zero)".into(),
                };
                view! {
                    <tr><th scope="row">{indicator.measure.label()}</th><td>{value}</td><td>{z}</td><td>{format::percent(Some(*share))}</td></tr>
                }
            })
            .collect_view();
        let rank = area.rank.map(|r| format!("rank {r} of {shown} (1 = highest)")).unwrap_or_else(|| "no rank".into());
        Some(view! {
            <h3>{trauma::LABEL}</h3>
            <p class="sentence" data-figure="trauma_area">{format!(
                "Score {}, {rank}; {} of the weight has a value here.{}",
                trauma::score_text(area.score),
                format::percent(Some(area.weight_present)),
                sensitivity.largest_move[i].map(|m| format!(" Largest rank move: {}.", m.describe())).unwrap_or_default()
            )}</p>
            <table class="figures">
                <caption>"Standard score: how many standard deviations above (+) or below (−) the mean of the areas shown"</caption>
                <thead><tr><th scope="col">"Measure"</th><th scope="col">"Value"</th><th scope="col">"Standard score"</th><th scope="col">"Weight"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="caveat">"Experimental: relative to the areas shown, not a measure of anyone's trauma."</p>
        })
    }
}

/// The method paragraph on the methodology page.
#[component]
pub fn TraumaMethod() -> impl IntoView {
    view! {
        <details id="trauma-method">
            <summary>{trauma::LABEL}</summary>
            <p>{trauma::METHOD}</p>
        </details>
    }
}
