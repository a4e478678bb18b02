//! Funnel plot of the ward rates of the selected measure against population,
//! with 95% and 99.8% control limits around the force rate (limits from
//! `harm-core`). Drawn with plotters on a canvas; the list of wards outside
//! the limits below it is its text alternative, and the table has every ward.

use crate::measure::Source;
use crate::state::{AppState, Derived};
use harm_core::funnel::{control_limits, flag, FunnelFlag, INNER, OUTER};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// One ward in the funnel plot.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub code: String,
    pub name: String,
    pub events: u64,
    pub residents: u64,
}

/// The chart's title and a point per ward with a rate for the measure.
pub fn points(state: &AppState, derived: &Derived) -> Option<(String, Vec<FunnelPoint>)> {
    let b = state.force()?;
    match state.measure.get().source() {
        Source::Searches => {
            let s = derived.searches.get()?;
            let pts = b
                .data
                .wards
                .iter()
                .zip(s.iter())
                .filter_map(|(w, c)| {
                    Some(FunnelPoint { code: w.ward_code.clone(), name: w.ward_name.clone(), events: c.all?, residents: c.residents })
                })
                .collect();
            Some(("Stop and search per 1,000 residents (published, rounded counts)".into(), pts))
        }
        _ => {
            let w = derived.wards.get()?;
            let pts: Vec<_> =
                w.iter()
                .filter_map(|f| {
                    Some(FunnelPoint { code: f.code.clone(), name: f.name.clone(), events: f.crime.as_ref()?.crimes, residents: f.residents })
                })
                .collect();
            (!pts.is_empty()).then(|| ("Crimes per 1,000 residents".into(), pts))
        }
    }
}

/// The force rate per person the limits are drawn around.
pub fn centre(points: &[FunnelPoint]) -> f64 {
    let (events, people) = points.iter().fold((0, 0), |(e, p), x| (e + x.events, p + x.residents));
    events as f64 / people.max(1) as f64
}

#[component]
pub fn FunnelChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let canvas = NodeRef::<Canvas>::new();
    let data = Memo::new(move |_| points(&state, &derived));

    Effect::new(move |_| {
        let (Some(element), Some((title, pts))) = (canvas.get(), data.get()) else { return };
        let selected = state.ward.get();
        let _ = draw(element, &title, &pts, selected.as_deref());
    });

    let outliers = move || {
        let (_, pts) = data.get()?;
        let centre = centre(&pts);
        let above: Vec<String> = pts
            .iter()
            .filter(|p| flag(p.events, p.residents, centre) == Some(FunnelFlag::AboveOuter))
            .map(|p| p.name.clone())
            .collect();
        let below: Vec<String> = pts
            .iter()
            .filter(|p| flag(p.events, p.residents, centre) == Some(FunnelFlag::BelowOuter))
            .map(|p| p.name.clone())
            .collect();
        Some(view! {
            <p>{format!("Force rate: {:.2} per 1,000. Above the 99.8% limit ({}): {}.", centre * 1000.0, above.len(), if above.is_empty() { "none".into() } else { above.join(", ") })}</p>
            <p>{format!("Below the 99.8% limit ({}): {}.", below.len(), if below.is_empty() { "none".into() } else { below.join(", ") })}</p>
        })
    };

    view! {
        <section class="funnel" aria-labelledby="funnel-title">
            <h2 id="funnel-title">"Funnel plot: is a ward's rate unusual for its size?"</h2>
            {move || match data.get() {
                None => view! { <p class="no-data">"No ward rates to plot for this measure and these months."</p> }.into_any(),
                Some(_) => view! {
                    <p>"Each dot is a ward; the lines are 95% (inner) and 99.8% (outer) limits around the force rate. Wards outside the outer lines differ from the force by more than chance would explain; this flags, it does not rank."</p>
                }.into_any(),
            }}
            <canvas id="funnel-chart" node_ref=canvas width="720" height="380" aria-hidden="true"></canvas>
            <div class="funnel-text">{outliers}</div>
        </section>
    }
}

fn draw(canvas: web_sys::HtmlCanvasElement, title: &str, pts: &[FunnelPoint], selected: Option<&str>) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let centre = centre(pts);
    let max_pop = pts.iter().map(|p| p.residents).max()? as f64 * 1.05;
    let rate = |e: u64, n: u64| if n == 0 { 0.0 } else { e as f64 * 1000.0 / n as f64 };
    let max_rate = pts.iter().map(|p| rate(p.events, p.residents)).fold(centre * 2000.0, f64::max) * 1.05;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..max_pop, 0f64..max_rate)
        .ok()?;
    chart.configure_mesh().x_desc("Usual residents").y_desc("Rate per 1,000").light_line_style(WHITE).draw().ok()?;
    let start = (max_pop / 200.0).max(50.0);
    let steps: Vec<f64> = (0..=120).map(|i| start + (max_pop - start) * i as f64 / 120.0).collect();
    for (confidence, style) in [(INNER, RGBColor(49, 130, 189).stroke_width(1)), (OUTER, RGBColor(8, 48, 107).stroke_width(2))] {
        for side in [0, 1] {
            let line = steps.iter().map(|&n| {
                let (lo, hi) = control_limits(centre, n as u64, confidence);
                (n, if side == 0 { lo } else { hi } * 1000.0)
            });
            chart.draw_series(LineSeries::new(line, style)).ok()?;
        }
    }
    chart.draw_series(LineSeries::new([(0.0, centre * 1000.0), (max_pop, centre * 1000.0)], BLACK.stroke_width(1))).ok()?;
    chart
        .draw_series(pts.iter().map(|p| Circle::new((p.residents as f64, rate(p.events, p.residents)), 3, RGBColor(90, 90, 90).filled())))
        .ok()?;
    if let Some(p) = selected.and_then(|code| pts.iter().find(|p| p.code == code)) {
        chart.draw_series([Circle::new((p.residents as f64, rate(p.events, p.residents)), 7, RGBColor(178, 24, 43).stroke_width(3))]).ok()?;
    }
    root.present().ok()
}
