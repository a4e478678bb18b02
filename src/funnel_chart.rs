//! Funnel plot of the ward rates of the selected measure against population,
//! with 95% and 99.8% control limits around the force rate. The points,
//! centre and flags come from `harm_core::view::ForceView::funnel`, as the
//! table's funnel column and `harm-prep table` use them. Drawn with plotters
//! on a canvas; the sentence below it and the table carry the same content.

use crate::chart_frame::{framed, source_line, Frame, FRAME_HEIGHT};
use crate::map_export::{chart_svg, Downloads};
use crate::state::{AppState, Derived};
use harm_core::funnel::{control_limits, FunnelPoint, INNER, OUTER};
use harm_core::view::Funnel;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// The plot's size in pixels, before the frame's lines.
const SIZE: (u32, u32) = (720, 380);
const POINT: RGBColor = RGBColor(90, 90, 90);
const INNER_LINE: RGBColor = RGBColor(49, 130, 189);
const OUTER_LINE: RGBColor = RGBColor(8, 48, 107);
const SELECTED: RGBColor = RGBColor(178, 24, 43);

/// The chart's title, legend and source line.
fn frame(state: &AppState, funnel: &Funnel) -> Frame {
    let legend = [
        (POINT, "An area"),
        (INNER_LINE, "95% limits"),
        (OUTER_LINE, "99.8% limits"),
        (BLACK, "Force rate"),
        (SELECTED, "Selected area (ringed)"),
    ];
    Frame { title: funnel.title.clone(), legend: legend.map(|(c, l)| (c, l.to_string())).to_vec(), source: source_line(state) }
}

#[component]
pub fn FunnelChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let canvas = NodeRef::<Canvas>::new();
    let data = derived.funnel;

    Effect::new(move |_| {
        let (Some(element), Some(funnel)) = (canvas.get(), data.get()) else { return };
        let selected = state.area.get();
        if let Some(backend) = CanvasBackend::with_canvas_object(element) {
            let _ = draw(&backend.into_drawing_area(), &frame(&state, &funnel), &funnel, selected.as_deref());
        }
    });
    let svg = crate::map_export::SvgSource::new(move || {
        let (funnel, selected) = (data.get_untracked()?, state.area.get_untracked());
        let frame = frame(&state, &funnel);
        chart_svg(SIZE.0, SIZE.1 + FRAME_HEIGHT, move |root| draw(root, &frame, &funnel, selected.as_deref())).make()
    });
    let file_stem = Signal::derive(move || format!("funnel-{}", state.chosen_force_id()));

    view! {
        <section class="funnel" aria-labelledby="funnel-title">
            <h2 id="funnel-title">"Funnel plot: is a ward's rate unusual for its size?"</h2>
            {move || match data.get() {
                None => view! { <p class="no-data">"No ward rates to plot for this measure and these months."</p> }.into_any(),
                Some(_) => view! {
                    <p>"Each dot is a ward; the lines are 95% (inner) and 99.8% (outer) limits around the force rate. Wards outside the outer lines differ from the force by more than chance would explain; this flags, it does not rank."</p>
                }.into_any(),
            }}
            <canvas id="funnel-chart" node_ref=canvas width=SIZE.0 height=SIZE.1 + FRAME_HEIGHT role="img"
                aria-label=move || data.get().map(|f| format!("{}: each area's rate per 1,000 against its usual residents, with 95% and 99.8% limits around the force rate; the table's Funnel plot column says the same.", f.title))></canvas>
            <Downloads what="chart" named="funnel plot".to_string() file_stem svg/>
        </section>
    }
}

/// Draws the chart with its frame on any plotters backend: the canvas on
/// screen and the SVG download.
fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, frame: &Frame, funnel: &Funnel, selected: Option<&str>) -> Option<()> {
    let root = framed(area, frame)?;
    let (pts, centre): (&[FunnelPoint], f64) = (&funnel.points, funnel.centre);
    let max_pop = pts.iter().map(|p| p.residents).max()? as f64 * 1.05;
    let rate = |e: u64, n: u64| if n == 0 { 0.0 } else { e as f64 * 1000.0 / n as f64 };
    let max_rate = pts.iter().map(|p| rate(p.events, p.residents)).fold(centre * 2000.0, f64::max) * 1.05;
    // Axes need a finite extent (none without residents); the sentences below still say what there is.
    if !(max_pop > 0.0 && max_rate > 0.0 && max_rate.is_finite()) {
        return area.present().ok();
    }
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..max_pop, 0f64..max_rate)
        .ok()?;
    chart.configure_mesh().x_desc("Usual residents").y_desc("Rate per 1,000").light_line_style(WHITE).draw().ok()?;
    let start = (max_pop / 200.0).max(50.0);
    let steps: Vec<f64> = (0..=120).map(|i| start + (max_pop - start) * i as f64 / 120.0).collect();
    for (confidence, style) in [(INNER, INNER_LINE.stroke_width(1)), (OUTER, OUTER_LINE.stroke_width(2))] {
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
        .draw_series(pts.iter().map(|p| Circle::new((p.residents as f64, rate(p.events, p.residents)), 3, POINT.filled())))
        .ok()?;
    if let Some(p) = selected.and_then(|code| pts.iter().find(|p| p.code == code)) {
        chart.draw_series([Circle::new((p.residents as f64, rate(p.events, p.residents)), 7, SELECTED.stroke_width(3))]).ok()?;
    }
    area.present().ok()
}
