//! The community trauma score (experimental) on the map: its weights, shown
//! and adjustable (`weights=harm-rate:1,harm-change:1,...` in the URL), how
//! each area's rank moves under equal weights and with each measure left
//! out, the selected area's standardised measures, and the method. Scores,
//! ranks and their sensitivity come from `harm_core::trauma`, as
//! `harm-prep measure --measure trauma-score --weights ...` prints them.

use crate::html_text::{cell, data_cell, el, esc, table, Row};
use crate::state::{AppState, Derived};
use harm_core::format;
use harm_core::level::Level;
use harm_core::measures::Measure;
use harm_core::trauma::{self, indicator_measures, rank_sensitivity, Alternative, Indicator};
use harm_core::view::ForceView;
use leptos::prelude::*;
use std::sync::Arc;

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
        level.areas_word(),
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
/// one's share and how many areas have a value for it. The inputs are
/// written once per view (not per weight typed, so focus stays where it is)
/// and read by one change handler; the shares follow every change.
#[component]
pub fn TraumaWeights() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let problem = RwSignal::new(None::<String>);
    // Bumped to write the inputs again with the weights (after a reset).
    let rewrite = RwSignal::new(0u32);
    let set_weight = move |measure: Measure, text: String| {
        let Ok(weight) = text.trim().parse::<f64>() else {
            problem.set(Some(format!("'{}' is not a weight of {}: write a number of 0 or more.", text.trim(), measure.label())));
            return;
        };
        problem.set(None);
        state.settle("weights");
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
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target::<web_sys::Element>(&ev).id();
        if let Some(measure) = id.strip_prefix("weight-").and_then(Measure::from_key) {
            set_weight(measure, event_target_value(&ev));
        }
    };
    let inputs = move || -> Option<String> {
        rewrite.track();
        let view = derived.view.get()?;
        let level = state.level.get();
        let chosen = state.weights.get_untracked();
        let shown = view.at(level).areas.len();
        let mut html = String::new();
        for m in indicator_measures() {
            let weight = chosen.iter().find(|i| i.measure == m).map_or(0.0, |i| i.weight);
            let with_value = view.values(level, m).iter().filter(|v| v.value.is_some()).count();
            // Measures without a value anywhere are offered only when chosen.
            if weight == 0.0 && with_value == 0 {
                continue;
            }
            let coverage = match with_value {
                0 => format!("no value in any of the {shown} areas: missing everywhere, left out of every score"),
                1 => format!("a value in 1 of {shown} areas: cannot be standardised, left out of every score"),
                n => format!("a value in {n} of {shown} areas"),
            };
            let key = esc(&m.key());
            html.push_str(&format!(
                "<li class=\"weight-row\" data-measure=\"{key}\"><label for=\"weight-{key}\">{}</label><input type=\"number\" id=\"weight-{key}\" min=\"0\" max=\"10\" step=\"0.5\" value=\"{}\">{}</li>",
                esc(&m.label()),
                weight_text(weight),
                el("span", "class=\"weight-coverage\"", &coverage)
            ));
        }
        Some(html)
    };
    let shares = move || -> String {
        let chosen = state.weights.get();
        chosen
            .iter()
            .zip(trauma::weight_shares(&chosen))
            .filter(|(i, share)| i.weight > 0.0 && share.is_finite())
            .map(|(i, share)| {
                el("li", &format!("data-measure=\"{}\"", esc(&i.measure.key())), &format!("{}: {} of the weight", i.measure.label(), format::percent(Some(share))))
            })
            .collect()
    };
    let error = move || {
        problem.get().or_else(|| match derived.trauma.get() {
            Some(Err(e)) => Some(format!("{}.", capitalised(&e.to_string()))),
            _ => state.address_problem("weights"),
        })
    };
    let reset = move |_| {
        problem.set(None);
        state.settle("weights");
        state.weights.set(trauma::default_indicators());
        rewrite.update(|n| *n += 1);
    };
    view! {
        <section class="trauma-weights" id="trauma-weights" aria-labelledby="trauma-weights-title">
            <h3 id="trauma-weights-title">"Weights of the community trauma score (experimental)"</h3>
            <p class="experimental">"Experimental: a summary of the figures below, relative to the areas shown; not a measure of anyone's trauma. Change a weight to see how the map and the ranks change; 0 leaves a measure out."</p>
            <ul class="weight-rows" on:change=on_change inner_html=move || inputs().unwrap_or_default()></ul>
            <p>"Each measure's share of the total weight:"</p>
            <ul class="weight-shares" id="weight-shares" inner_html=shares></ul>
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
    let content = move || -> Option<String> {
        let view = derived.view.get()?;
        let level = state.level.get();
        let scores = derived.trauma.get()?.ok()?;
        let sensitivity = rank_sensitivity(&scores);
        let areas = &view.at(level).areas;
        let values = trauma::score_values(&scores);
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
        let mut head: Vec<String> = ["Area", "Score", "Rank"].map(String::from).to_vec();
        head.extend(sensitivity.alternatives.iter().map(|a| alternative_heading(a.alternative)));
        head.push("Largest move".into());
        let rows: Vec<Row> = order
            .into_iter()
            .map(|i| {
                let mut cells = vec![
                    cell(areas[i].name.clone()),
                    data_cell("col", "score", values[i].flagged_text()),
                    data_cell("col", "rank", rank(scores.areas[i].rank)),
                ];
                cells.extend(sensitivity.alternatives.iter().map(|a| cell(rank(a.ranks[i]))));
                cells.push(cell(sensitivity.largest_move[i].map(|m| m.describe()).unwrap_or_default()));
                Row { attrs: format!("data-area-code=\"{}\"", esc(&areas[i].code)), cells }
            })
            .collect();
        let caption = format!("{} by {}: rank with the chosen weights and as they change", trauma::LABEL, level.areas_word().trim_end_matches('s'));
        Some(format!(
            "{}<div class=\"table-scroll trauma-ranks\" tabindex=\"0\" role=\"region\" aria-labelledby=\"trauma-ranks-caption\">{}</div>",
            el("p", "data-figure=\"trauma_largest_move\"", &sentence),
            table("class=\"figures\" id=\"trauma-ranks\"", ("id=\"trauma-ranks-caption\"", &caption), &head, &rows)
        ))
    };
    view! {
        <section class="trauma-sensitivity" id="trauma-sensitivity" aria-labelledby="trauma-sensitivity-title">
            <h2 id="trauma-sensitivity-title">"How much the trauma score's ranks depend on the weights (experimental)"</h2>
            <p>"Rank 1 is the highest score; tied areas share the higher rank. Each alternative keeps the same standardised measures and changes only the weights: all equal, or one measure left out. An area with no score has no rank (not a rank of zero)."</p>
            <div inner_html=move || content().unwrap_or_default()></div>
        </section>
    }
}

/// The selected area's score: its measures, their standard scores and
/// weights, its rank, and its largest move.
#[component]
pub fn TraumaArea(view: Arc<ForceView>, level: Level, i: usize) -> impl IntoView {
    let derived = expect_context::<Derived>();
    let content = move || -> Option<String> {
        let scores = derived.trauma.get()?.ok()?;
        let area = scores.areas.get(i)?;
        let sensitivity = rank_sensitivity(&scores);
        let rows: Vec<Row> = scores
            .indicators
            .iter()
            .zip(scores.weight_shares())
            .enumerate()
            .map(|(k, (indicator, share))| {
                let z = match (area.z[k], scores.standardisation[k].mean_sd) {
                    (Some(z), _) => format!("{z:.2}"),
                    (None, None) => "missing: cannot be standardised".into(),
                    (None, Some(_)) => "missing (not zero)".into(),
                };
                let value = view.values(level, indicator.measure)[i].flagged_text();
                Row { attrs: String::new(), cells: vec![cell(indicator.measure.label()), cell(value), cell(z), cell(format::percent(Some(share)))] }
            })
            .collect();
        let rank = area.rank.map(|r| format!("rank {r} of {} (1 = highest)", scores.areas.len())).unwrap_or_else(|| "no rank".into());
        let sentence = format!(
            "Score {}, {rank}; {} of the weight has a value here.{}",
            trauma::score_text(area.score),
            format::percent(Some(area.weight_present)),
            sensitivity.largest_move[i].map(|m| format!(" Largest rank move: {}.", m.describe())).unwrap_or_default()
        );
        let head = ["Measure", "Value", "Standard score", "Weight"].map(String::from);
        Some(format!(
            "{}{}{}{}",
            el("h3", "", trauma::LABEL),
            el("p", "class=\"sentence\" data-figure=\"trauma_area\"", &sentence),
            table("class=\"figures\"", ("", "Standard score: how many standard deviations above (+) or below (−) the mean of the areas shown"), &head, &rows),
            el("p", "class=\"caveat\"", "Experimental: relative to the areas shown, not a measure of anyone's trauma.")
        ))
    };
    view! { <div class="trauma-area" inner_html=move || content().unwrap_or_default()></div> }
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
