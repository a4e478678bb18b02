//! Colours, patterns and the legend. Classes come from `harm-core`
//! (`measures::classes`); the legend reads the same classes the map was
//! drawn with, so they always agree. Areas without a value are hatched, and
//! patterns name what colour alone cannot: [c], [u], and changes within chance.

use crate::state::{AppState, Derived};
use harm_core::harm::WeightScheme;
use harm_core::measures::{Classes, Measure, MeasureValue, Scale, Source, Status};
use leptos::prelude::*;

/// Light to dark blue: the first class contrasts 3:1 with white page
/// background only via its dark outline, so every ward has an outline.
pub const SEQUENTIAL: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
/// Blue below 1, near-white around 1, red above 1.
pub const DIVERGING: [&str; 6] = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#d6604d", "#b2182b"];

/// The colour of each class: the diverging ramp for ratios; for sequential
/// measures, fewer classes than colours are spread across the ramp.
pub fn colours(classes: &Classes) -> Vec<&'static str> {
    match classes.scale {
        Scale::Diverging => DIVERGING.to_vec(),
        Scale::Sequential => {
            let n = classes.labels.len();
            (0..n).map(|i| SEQUENTIAL[if n == 1 { 2 } else { i * (SEQUENTIAL.len() - 1) / (n - 1) }]).collect()
        }
    }
}

/// Fill of an area: its class colour, or a pattern — striped class colour
/// for [u], dotted class colour for a change within chance, cross-hatched
/// for [c], hatched grey without a value.
pub fn fill(value: &MeasureValue, class: Option<usize>, colours: &[&'static str]) -> String {
    match (value.status, class) {
        (Status::Suppressed, _) => "url(#hatch-suppressed)".into(),
        (_, None) => "url(#hatch-no-data)".into(),
        (Status::WithinChance, Some(c)) => format!("url(#dots-{c})"),
        (_, Some(c)) if value.low_reliability => format!("url(#hatch-u{c})"),
        (_, Some(c)) => colours.get(c).copied().unwrap_or("#ffffff").to_string(),
    }
}

/// The patterns (`crate::hatch`) as SVG, for the legend's swatches and the
/// downloaded map, in an always-present SVG (patterns inside a hidden SVG
/// do not render). The map on screen draws the same patterns on its canvas.
#[component]
pub fn Patterns() -> impl IntoView {
    let derived = expect_context::<Derived>();
    let defs = move || {
        let colours = derived.classes.get().map(|c| colours(&c)).unwrap_or_default();
        crate::hatch::all(&colours).iter().map(crate::hatch::svg).collect::<String>()
    };
    view! {
        <svg class="pattern-defs" width="0" height="0" aria-hidden="true" focusable="false">
            <defs inner_html=defs></defs>
        </svg>
    }
}

pub(crate) fn swatch(fill: String) -> impl IntoView {
    view! { <svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill=fill stroke="#333"/></svg> }
}

/// A scheme as it reads after "Against".
fn named_in_a_sentence(scheme: WeightScheme) -> &'static str {
    match scheme {
        WeightScheme::Css => "the Crime Severity Score",
        WeightScheme::Counts => "plain counts",
        WeightScheme::Chi => "the Cambridge Crime Harm Index",
    }
}

/// Why an area has no value, in the legend's words.
fn no_value_reason(measure: Measure) -> &'static str {
    match measure.source() {
        Source::Crime => "no crime data for this period, or no residents",
        Source::Change => "not measurable: no calendar month with data in both periods, or no crimes on one side",
        Source::Census => "no residents",
        Source::Searches => "no stop-and-search data for this period",
        Source::Lens(_) => "no published figures for this period, level or ethnicity basis",
    }
}

/// The legend's keys: each class's colour and label, then the patterns
/// present (no value, within chance, [c], [u]), each as (fill, words, class
/// of its list item). Drawn in the legend and into the downloaded map.
pub fn keys(state: &AppState, derived: &Derived) -> Option<Vec<(String, String, &'static str)>> {
    let measure = state.measure.get();
    // The trauma score (experimental) is mapped instead of `measure`.
    let trauma = state.trauma.get();
    let values = derived.values.get()?;
    let classes = derived.classes.get()?;
    let any = |f: &dyn Fn(&MeasureValue) -> bool| values.iter().any(f);
    let colours = colours(&classes);
    // Patterns are shown on a dark class, where the white stripes and dots show.
    let dark = colours.len().saturating_sub(2);
    let mut keys: Vec<(String, String, &'static str)> =
        classes.labels.iter().zip(&colours).map(|(label, colour)| (colour.to_string(), label.clone(), "legend-class")).collect();
    let reason = match state.overview_measure() {
        Some(m) => crate::overview::no_value_reason(&m),
        None if trauma => crate::trauma_score::NO_SCORE,
        None => no_value_reason(measure),
    };
    keys.push(("url(#hatch-no-data)".into(), format!("Hatched grey: no value ({reason})"), "legend-no-data"));
    if any(&|v| v.status == Status::WithinChance) {
        keys.push((format!("url(#dots-{dark})"), "Dotted: the 95% interval includes 1, so no change beyond chance".into(), "legend-within-chance"));
    }
    if any(&|v| v.status == Status::Suppressed) {
        keys.push((
            "url(#hatch-suppressed)".into(),
            "Cross-hatched: [c] suppressed to protect the people counted (1 to 9, or to stop subtraction)".into(),
            "legend-suppressed",
        ));
    }
    if any(&|v| v.low_reliability && v.value.is_some()) {
        keys.push((format!("url(#hatch-u{dark})"), "Striped colour: [u] low reliability (under 10 events or 100 residents)".into(), "legend-low-reliability"));
    }
    Some(keys)
}

#[component]
pub fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    // How much the weights matter is worked out for every scheme: after the map's first paint.
    let painted = crate::first_paint::painted();
    let sensitivity = move || {
        let (measure, trauma) = (state.measure.get(), state.trauma.get());
        (painted.get() && measure == Measure::HarmRate && !trauma).then(|| derived.sensitivity.get()).flatten().filter(|s| !s.is_empty()).map(|pairs| {
            view! {
                <div class="sensitivity" id="weighting-sensitivity">
                    <p>"How much the choice of weights matters, against the Crime Severity Score:"</p>
                    <ul>{pairs.iter().map(|(scheme, s)| view! { <li>{s.describe(named_in_a_sentence(*scheme))}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let content = move || {
        let measure = state.measure.get();
        // The trauma score (experimental) is mapped instead of `measure`.
        let trauma = state.trauma.get();
        let keys = keys(&state, &derived)?;
        let view = derived.view.get()?;
        let period = derived.period.get()?;
        let statement = (measure.uses_weights() && !trauma).then(|| state.weights_info().map(|w| w.statement)).flatten();
        let subtitle = if trauma { crate::trauma_score::legend_subtitle(&state, &derived) } else { match measure.source() {
            Source::Change => derived.baseline.get().map(|b| format!("{} against {}: {}", period.label, b.label, view.compared.describe())),
            Source::Census => Some("Census 2021; English Indices of Deprivation 2025".to_string()),
            Source::Crime => state.force().map(|b| format!("{}, {}", period.label, period.coverage(&b.entry.crime_months).describe())),
            Source::Searches => state.force().map(|b| format!("{}, {}", period.label, period.coverage(&b.entry.stop_search_months).describe())),
            Source::Lens(l) => view.force_inputs().lenses.get(l.index()).cloned().flatten().map(|c| format!("{}, {}; force-held data", period.label, c.months_note())),
        } };
        Some(view! {
            <h2 class="legend-title">{state.mapped_label()}</h2>
            <p class="legend-subtitle">{subtitle}</p>
            // The classes first, so the key to the colours is in the first screen beside the map.
            <ul class="legend-classes">
                {keys.into_iter().map(|(fill, label, class)| view! {
                    <li class=class>{swatch(fill)}<span>{label}</span></li>
                }).collect_view()}
                <crate::module_control::OutsideLegend/>
                {(measure.source() == Source::Searches && !trauma).then(|| view.searches_missing(state.level.get(), &period.label)).flatten().map(|why| view! {
                    <li class="legend-why" id="searches-missing">{why}</li>
                })}
                {match measure.source() { Source::Lens(l) if !trauma => view.lens_missing(l, state.level.get()), _ => None }.map(|why| view! {
                    <li class="legend-why" id="lens-missing">{why}</li>
                })}
            </ul>
            {statement.map(|s| view! { <p class="statement harm-statement">{s}</p> })}
            <crate::rag_page::RagNote/>
            {sensitivity}
        })
    };
    view! { <div id="legend" class="legend">{content}</div> }
}
