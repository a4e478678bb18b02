//! Funnel plot of the ward rates of the selected measure against population,
//! with 95% and 99.8% control limits around the force rate. The points,
//! centre and flags come from `harm_core::view::ForceView::funnel`, as the
//! table's funnel column and `harm-prep table` use them. Drawn with plotters
//! on a canvas; the sentence below it and the table carry the same content.

use crate::state::{AppState, Derived};
use harm_core::funnel::{control_limits, FunnelPoint, INNER, OUTER};
use harm_core::view::Funnel;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

#[component]
pub fn FunnelChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let canvas = NodeRef::<Canvas>::new();
    let data = derived.funnel;

    Effect::new(move |_| {
        let (Some(element), Some(funnel)) = (canvas.get(), data.get()) else { return };
        let selected = state.area.get();
        let _ = draw(element, &funnel, selected.as_deref());
    });

    view! {
        <section class="funnel" aria-labelledby="funnel-title">
            <h2 id="funnel-title">"Funnel plot: is a ward's rate unusual for its size?"</h2>
            {move || match data.get() {
                None => view! { <p class="no-data">"No ward rates to plot for this measure and these months."</p> }.into_any(),
                Some(_) => view! {
                    <p>"Each dot is a ward; the lines are 95% (inner) and 99.8% (outer) limits around the force rate. Wards outside the outer lines differ from the force by more than chance would explain; this flags, it does not rank."</p>
                }.into_any(),
            }}
            <canvas id="funnel-chart" node_ref=canvas width="720" height="380" role="img" aria-label="Funnel plot of ward rates against residents; the sentences below and the table’s Funnel plot column say the same."></canvas>
        </section>
    }
}

fn draw(canvas: web_sys::HtmlCanvasElement, funnel: &Funnel, selected: Option<&str>) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let (title, pts, centre): (&str, &[FunnelPoint], f64) = (&funnel.title, &funnel.points, funnel.centre);
    let max_pop = pts.iter().map(|p| p.residents).max()? as f64 * 1.05;
    let rate = |e: u64, n: u64| if n == 0 { 0.0 } else { e as f64 * 1000.0 / n as f64 };
    let max_rate = pts.iter().map(|p| rate(p.events, p.residents)).fold(centre * 2000.0, f64::max) * 1.05;
    // Axes need a finite extent (none without residents); the sentences below still say what there is.
    if !(max_pop > 0.0 && max_rate > 0.0 && max_rate.is_finite()) {
        return root.present().ok();
    }
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
