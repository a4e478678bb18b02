//! Colour classes and the legend. Class breaks come from `harm-core`; the
//! legend reads the same scheme the map was drawn with, so they always agree.
//! Wards without a value are hatched and named in the legend, never left to
//! colour alone.

use crate::measure::{Measure, Scale, Status, WardValue};
use crate::state::{AppState, Derived};
use harm_core::breaks::{breaks, BreakMethod};
use leptos::prelude::*;

/// Light to dark blue: the first class contrasts 3:1 with white page
/// background only via its dark outline, so every ward has an outline.
pub const SEQUENTIAL: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
/// Blue below 1, near-white around 1, red above 1.
pub const DIVERGING: [&str; 6] = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#d6604d", "#b2182b"];
/// Rate-ratio class bounds on a log axis, symmetric about 1 (0.5 | 2, 0.8 | 1.25).
pub const RATIO_BOUNDS: [f64; 5] = [0.5, 0.8, 1.25, 2.0, 4.0];

#[derive(Debug, Clone, PartialEq)]
pub struct ClassScheme {
    pub colours: Vec<&'static str>,
    pub labels: Vec<String>,
    /// Class of each ward (in ward order); `None` without a value.
    pub ward_class: Vec<Option<usize>>,
}

fn number(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

pub fn scheme(measure: Measure, values: &[WardValue], method: BreakMethod) -> ClassScheme {
    match measure.scale() {
        Scale::Diverging => {
            let labels = vec![
                "below 0.5 (White rate at least twice Black)".into(),
                "0.5 to 0.8".into(),
                "0.8 to 1.25 (similar rates)".into(),
                "1.25 to 2".into(),
                "2 to 4".into(),
                "4 or more (Black rate at least 4 times White)".into(),
            ];
            let ward_class = values
                .iter()
                .map(|v| v.value.map(|r| RATIO_BOUNDS.iter().position(|&b| r < b).unwrap_or(RATIO_BOUNDS.len())))
                .collect();
            ClassScheme { colours: DIVERGING.to_vec(), labels, ward_class }
        }
        Scale::Sequential => {
            let present: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
            let Some(b) = breaks(&present, SEQUENTIAL.len(), method) else {
                return ClassScheme { colours: Vec::new(), labels: Vec::new(), ward_class: vec![None; values.len()] };
            };
            // With fewer classes than colours, spread them across the ramp.
            let n = b.class_count();
            let colours: Vec<&'static str> =
                (0..n).map(|i| SEQUENTIAL[if n == 1 { 2 } else { i * (SEQUENTIAL.len() - 1) / (n - 1) }]).collect();
            let labels = (0..n)
                .map(|i| {
                    let (lo, hi) = b.range_of(i);
                    if lo == hi { number(lo) } else { format!("{} to {}", number(lo), number(hi)) }
                })
                .collect();
            let ward_class = values.iter().map(|v| v.value.map(|x| b.class_of(x))).collect();
            ClassScheme { colours, labels, ward_class }
        }
    }
}

/// Fill of a ward: its class colour, a hatched class colour for low
/// reliability, or a hatch pattern when there is no value.
pub fn fill(value: &WardValue, class: Option<usize>, scheme: &ClassScheme) -> String {
    match (value.status, class) {
        (Status::Suppressed, _) => "url(#hatch-suppressed)".into(),
        (_, None) => "url(#hatch-no-data)".into(),
        (_, Some(c)) if value.low_reliability => format!("url(#hatch-u{c})"),
        (_, Some(c)) => scheme.colours.get(c).copied().unwrap_or("#ffffff").to_string(),
    }
}

/// Hatch patterns used by the map and the legend, in an always-present SVG
/// (patterns inside a hidden SVG do not render).
#[component]
pub fn Patterns() -> impl IntoView {
    let derived = expect_context::<Derived>();
    let low_reliability = move || {
        derived.scheme.get().map(|s| {
            s.colours
                .iter()
                .enumerate()
                .map(|(i, colour)| view! {
                    <pattern id=format!("hatch-u{i}") width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="8" height="8" fill=*colour/>
                        <line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/>
                    </pattern>
                })
                .collect_view()
        })
    };
    view! {
        <svg class="pattern-defs" width="0" height="0" aria-hidden="true" focusable="false">
            <defs>
                <pattern id="hatch-no-data" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="8" height="8" fill="#f0f0f0"/>
                    <line x1="0" y1="0" x2="0" y2="8" stroke="#6b6b6b" stroke-width="1.5"/>
                </pattern>
                <pattern id="hatch-suppressed" width="8" height="8" patternUnits="userSpaceOnUse">
                    <rect width="8" height="8" fill="#d9d9d9"/>
                    <path d="M0 0L8 8M8 0L0 8" stroke="#4d4d4d" stroke-width="1.2"/>
                </pattern>
                {low_reliability}
            </defs>
        </svg>
    }
}

#[component]
pub fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let measure = state.measure.get();
        let values = derived.values.get()?;
        let s = derived.scheme.get()?;
        let no_data_reason = match measure.source() {
            crate::measure::Source::Crime => "no crime data for these months, or no residents",
            crate::measure::Source::Census => "no residents",
            crate::measure::Source::Searches => "no stop-and-search data for these months",
        };
        let any_u = values.iter().any(|v| v.low_reliability && v.status == Status::Value);
        let any_c = values.iter().any(|v| v.status == Status::Suppressed);
        let statement = (measure == crate::measure::Measure::HarmRate)
            .then(|| state.manifest.get().and_then(|m| m.ok()).map(|m| m.weights.statement.clone()))
            .flatten();
        Some(view! {
            <h2 class="legend-title">{measure.label()}</h2>
            {statement.map(|s| view! { <p class="statement harm-statement">{s}</p> })}
            <ul class="legend-classes">
                {s.labels.iter().zip(&s.colours).map(|(label, colour)| view! {
                    <li><svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill=*colour stroke="#333"/></svg>
                    <span>{label.clone()}</span></li>
                }).collect_view()}
                <li class="legend-no-data"><svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill="url(#hatch-no-data)" stroke="#333"/></svg>
                    <span>{format!("Hatched grey: no value ({no_data_reason})")}</span></li>
                {any_c.then(|| view! {
                    <li class="legend-suppressed"><svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill="url(#hatch-suppressed)" stroke="#333"/></svg>
                    <span>"Cross-hatched: [c] suppressed to protect the people counted (1 to 9, or to stop subtraction)"</span></li>
                })}
                {any_u.then(|| view! {
                    <li class="legend-low-reliability"><svg class="swatch" width="28" height="18" aria-hidden="true"><rect width="28" height="18" fill="url(#hatch-u2)" stroke="#333"/></svg>
                    <span>"Striped colour: [u] low reliability (under 10 events or 100 residents)"</span></li>
                })}
            </ul>
        })
    };
    view! { <div id="legend" class="legend">{content}</div> }
}
