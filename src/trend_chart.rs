//! Trend chart: harm per resident per year month by month (from
//! `harm_core::trend`), drawn with plotters on a canvas. Missing months are
//! gaps in the line, never zeros; baseline months are shaded. The table
//! below the chart carries the same numbers for screen readers and copying.

use crate::chart_frame::{framed, source_line, Frame, FRAME_HEIGHT};
use crate::map_export::{chart_svg, Downloads};
use harm_core::format;
use harm_core::trend::TrendPoint;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// The plot's size in pixels, before the frame's lines.
const SIZE: (u32, u32) = (720, 260);

const BASELINE_SHADE: RGBColor = RGBColor(224, 224, 224);
const LINE: RGBColor = RGBColor(8, 81, 156);

#[component]
pub fn TrendChart(
    /// Element id of the canvas, for tests and links.
    id: &'static str,
    /// What is charted, e.g. "Harm per resident per year, Charles Dickens".
    title: String,
    points: Vec<TrendPoint>,
) -> impl IntoView {
    let state = expect_context::<crate::state::AppState>();
    let canvas = NodeRef::<Canvas>::new();
    let frame = Frame {
        title: title.clone(),
        legend: std::iter::once((LINE, "Harm per resident per year".to_string()))
            .chain(points.iter().any(|p| p.in_baseline).then(|| (BASELINE_SHADE, "Baseline months".to_string())))
            .collect(),
        source: source_line(&state),
    };
    let drawn = (frame, points.clone());
    let (frame, on_canvas) = (drawn.0.clone(), drawn.1.clone());
    Effect::new(move |_| {
        if let Some(element) = canvas.get() {
            if let Some(backend) = CanvasBackend::with_canvas_object(element) {
                let _ = draw(&backend.into_drawing_area(), &frame, &on_canvas);
            }
        }
    });
    let svg = chart_svg(SIZE.0, SIZE.1 + FRAME_HEIGHT, move |root| draw(root, &drawn.0, &drawn.1));
    let gaps = points.iter().filter(|p| p.harm_per_resident_per_year.is_none()).count();
    let summary = format!(
        "{title}: {} months from {} to {}, {gaps} of them without data (gaps){}.",
        points.len(),
        points.first().map(|p| p.month.to_string()).unwrap_or_default(),
        points.last().map(|p| p.month.to_string()).unwrap_or_default(),
        if points.iter().any(|p| p.in_baseline) { "; baseline months shaded grey" } else { "" }
    );
    view! {
        <figure class="trend">
            <figcaption>{title.clone()}</figcaption>
            <canvas id=id node_ref=canvas width=SIZE.0 height=SIZE.1 + FRAME_HEIGHT role="img" aria-label=summary.clone()></canvas>
            <p class="caveat">{summary}</p>
            <Downloads what="chart" named=title.clone() file_stem=id.to_string() svg/>
            <details class="trend-table">
                <summary>{format!("Table of the chart: {title}")}</summary>
                <table class="figures" data-trend=id>
                    <thead><tr><th scope="col">"Month"</th><th scope="col">"Harm per resident per year"</th><th scope="col">"Note"</th></tr></thead>
                    <tbody>
                        {points.into_iter().map(|p| view! {
                            <tr data-month=p.month.to_string()>
                                <th scope="row">{p.month.to_string()}</th>
                                <td>{p.harm_per_resident_per_year.map(|v| format::harm_rate(Some(v))).unwrap_or_else(|| "no data".into())}</td>
                                <td>{if p.in_baseline { "baseline" } else { "" }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// Draws the chart with its frame on any plotters backend: the canvas on
/// screen and the SVG download.
fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, frame: &Frame, points: &[TrendPoint]) -> Option<()> {
    let root = framed(area, frame)?;
    let n = points.len();
    let top = points.iter().filter_map(|p| p.harm_per_resident_per_year).fold(0.0, f64::max) * 1.1;
    // The axis needs a finite extent: published weights can be large enough to overflow harm.
    if n == 0 || !(top > 0.0 && top.is_finite()) {
        return area.present().ok();
    }
    let labels: Vec<String> = points.iter().map(|p| p.month.to_string()).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top)
        .ok()?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| labels.get(x.round().max(0.0) as usize).cloned().unwrap_or_default())
        .y_desc("Harm per resident per year")
        .light_line_style(WHITE)
        .draw()
        .ok()?;
    // Baseline months: a grey band behind the line.
    chart
        .draw_series(points.iter().enumerate().filter(|(_, p)| p.in_baseline).map(|(i, _)| {
            Rectangle::new([(i as f64 - 0.5, 0.0), (i as f64 + 0.5, top)], BASELINE_SHADE.filled())
        }))
        .ok()?;
    // One line per run of months with data, so a missing month breaks it.
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.harm_per_resident_per_year {
            Some(v) => run.push((i as f64, v)),
            None if !run.is_empty() => {
                chart.draw_series(LineSeries::new(std::mem::take(&mut run), LINE.stroke_width(2))).ok()?;
            }
            None => {}
        }
    }
    chart.draw_series(LineSeries::new(run, LINE.stroke_width(2))).ok()?;
    chart
        .draw_series(points.iter().enumerate().filter_map(|(i, p)| p.harm_per_resident_per_year.map(|v| Circle::new((i as f64, v), 3, LINE.filled()))))
        .ok()?;
    area.present().ok()
}
