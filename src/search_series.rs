//! The five-year stop and search series (2017-2021): the Black/White ratio
//! by year for the selected district (at district level) or the force, on a
//! log scale with 95% interval bars, 1 marked and the 2018 baseline marked,
//! with a table twin (counts, ratio, interval, change since 2018) and where
//! each year's figure comes from. Figures from `harm_core::search_series`,
//! as `harm-prep series` prints them.

use crate::chart_frame::{framed, Frame, FRAME_HEIGHT};
use crate::map_export::{chart_svg, Downloads};
use crate::state::AppState;
use harm_core::format;
use harm_core::level::Level;
use harm_core::search_series::{area_series, residents_by_area, SeriesPoint, YearSource, BASELINE_YEAR};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// The plot's size in pixels, before the frame's lines.
const SIZE: (u32, u32) = (720, 260);

const BAR: RGBColor = RGBColor(8, 81, 156);
const BASELINE_SHADE: RGBColor = RGBColor(224, 224, 224);
const ONE: RGBColor = RGBColor(120, 120, 120);

#[component]
pub fn SearchSeries() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Not among the files the map waits for: fetched once a view shows it.
    let series = LocalResource::new(move || {
        let entry = state.force().map(|b| b.entry.clone());
        async move {
            match entry {
                Some(entry) => Some((crate::load::load_search_series(&entry).await, entry.id)),
                None => None,
            }
        }
    });
    let content = move || {
        let b = state.force()?;
        // Another force's series stays readable while this one's loads: wait for this one's.
        let (rows, force) = series.get()??;
        if force != b.entry.id {
            return None;
        }
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                return Some(view! {
                    <h3>"Stop and search over five years (2017-2021)"</h3>
                    <p class="problem" role="status">{format!("{e} {}", e.advice())}</p>
                }.into_any())
            }
        };
        let Some(rows) = rows.as_ref() else {
            return Some(view! {
                <h3>"Stop and search over five years (2017-2021)"</h3>
                <p class="no-data">"No five-year district stop and search series is published for this force."</p>
            }.into_any());
        };
        let district = match (state.level.get(), state.area.get()) {
            (Level::District, Some(code)) => b.entry.districts.iter().find(|d| d.code == code).cloned(),
            _ => None,
        };
        let (code, name) = match &district {
            Some(d) => (d.code.clone(), d.name.clone()),
            None => (b.entry.code.clone(), format!("{} (force total)", b.entry.name)),
        };
        let residents = residents_by_area(&b.data.wards, &b.entry.code).get(&code).copied().unwrap_or((0, 0));
        let points = area_series(rows, &code, residents);
        let months = b.entry.stop_search_months.clone();
        let sources: Vec<(u16, String)> = points.iter().map(|p| (p.year, YearSource::of(p.year, &months).note())).collect();
        let all_series_only = sources.iter().all(|(y, _)| YearSource::of(*y, &months) != YearSource::Compared);
        let source_line = if all_series_only {
            format!(
                "Every year here — {SOURCE}. The record-level police.uk files this map reads cover {} month(s), not a whole year, so they cannot be checked against this series.",
                months.len()
            )
        } else {
            "Years the record-level police.uk files cover whole are checked against the series; the source of each year is in the table.".to_string()
        };
        let title = format!("Black/White stop and search ratio by year, {name}");
        let suppressed = points.iter().filter(|p| p.ratio.is_none()).count();
        let summary = format!(
            "{title}: {} years from {} to {}, log scale, 1 = same rate; 2018 is the baseline{}.",
            points.len(),
            points.first().map(|p| p.year).unwrap_or_default(),
            points.last().map(|p| p.year).unwrap_or_default(),
            if suppressed > 0 { format!("; {suppressed} year(s) without a ratio (a count is suppressed)") } else { String::new() }
        );
        let canvas = NodeRef::<Canvas>::new();
        let frame = Frame {
            title: title.clone(),
            legend: vec![
                (BAR, "Black/White ratio with its 95% interval".to_string()),
                (ONE, "1: the same rate".to_string()),
                (BASELINE_SHADE, format!("{BASELINE_YEAR}: the baseline")),
            ],
            source: crate::chart_frame::source_line(&state),
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
        let file_stem = format!("stop-search-series-{}", code);
        let level_note = if district.is_some() {
            "District counts are published under disclosure control (1-9 shown as [c], others rounded to the nearest 5), so a district's ratio uses the rounded counts and a year with a suppressed count has none."
        } else {
            "Force counts are exact (the sum over its districts). Select a district at district level to see its series."
        };
        Some(view! {
            <h3>"Stop and search over five years (2017-2021)"</h3>
            <figure class="trend" data-series-area=code.clone()>
                <figcaption>{title.clone()}</figcaption>
                <canvas id="series-chart" node_ref=canvas width=SIZE.0 height=SIZE.1 + FRAME_HEIGHT role="img" aria-label=summary.clone()></canvas>
                <p class="caveat">{summary}</p>
                <Downloads what="chart" named=title.clone() file_stem svg/>
                <table class="figures" data-series=code.clone()>
                    <caption>{format!("{title}: searches of Black and White people, rate ratio per Census 2021 resident with 95% interval, and change since {BASELINE_YEAR}")}</caption>
                    <thead><tr>
                        <th scope="col">"Year"</th><th scope="col">"Black"</th><th scope="col">"White"</th>
                        <th scope="col">"Black/White ratio"</th><th scope="col">"95% interval"</th>
                        <th scope="col">"Change since 2018"</th><th scope="col">"95% interval"</th><th scope="col">"Source"</th>
                    </tr></thead>
                    <tbody>
                        {points.iter().zip(sources).map(|(p, (_, source))| row(p, source)).collect_view()}
                    </tbody>
                </table>
            </figure>
            <p data-figure="series_source">{source_line}</p>
            <p class="caveat">{format!("{level_note} Rates use Census 2021 Black and White residents, the same denominators as the rest of this map (not the series' own populations), so years before 2021 do not reflect population change. A ratio above 1 is a disparity to be understood, not by itself proof of bias.")}</p>
        }.into_any())
    };
    view! { <section id="search-series" class="search-series">{content}</section> }
}

const SOURCE: &str = harm_core::search_series::SERIES_ONLY_NOTE;

fn row(p: &SeriesPoint, source: String) -> impl IntoView {
    let ratio = p.ratio.as_ref();
    let interval = ratio.map(|r| format!("{} to {}", format::limit(Some(r.lower)), format::limit(Some(r.upper)))).unwrap_or_else(|| "–".into());
    let change = if p.baseline {
        "baseline".to_string()
    } else {
        p.change.map(|c| format::ratio(Some(c.ratio))).unwrap_or_else(|| "–".into())
    };
    let change_interval = p
        .change
        .map(|c| format!("{} to {}", format::limit(Some(c.lower)), format::limit(Some(c.upper))))
        .unwrap_or_else(|| "–".into());
    view! {
        <tr data-year=p.year.to_string() class=if p.baseline { "baseline" } else { "" }>
            <th scope="row">{if p.baseline { format!("{} (baseline)", p.year) } else { p.year.to_string() }}</th>
            <td>{p.black.text()}</td>
            <td>{p.white.text()}</td>
            <td data-col="ratio">{ratio.and_then(|r| r.ratio).map(|v| format::ratio(Some(v))).unwrap_or_else(|| "–".into())}</td>
            <td data-col="interval">{interval}</td>
            <td data-col="change">{change}</td>
            <td data-col="change-interval">{change_interval}</td>
            <td>{source}</td>
        </tr>
    }
}

/// Draws the chart with its frame on any plotters backend: the canvas on
/// screen and the SVG download.
fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, frame: &Frame, points: &[SeriesPoint]) -> Option<()> {
    let root = framed(area, frame)?;
    let n = points.len();
    if n == 0 {
        return area.present().ok();
    }
    let finite = |v: f64| v.is_finite() && v > 0.0;
    let values: Vec<f64> = points
        .iter()
        .filter_map(|p| p.ratio.as_ref())
        .flat_map(|r| [r.ratio.unwrap_or(f64::NAN), r.lower, r.upper])
        .filter(|v| finite(*v))
        .chain([1.0])
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min) / 1.25;
    let hi = values.iter().copied().fold(0.0, f64::max) * 1.25;
    let years: Vec<u16> = points.iter().map(|p| p.year).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo..hi).log_scale())
        .ok()?;
    chart
        .configure_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            years.get(i as usize).map(|y| if *y == BASELINE_YEAR { format!("{y} (baseline)") } else { y.to_string() }).unwrap_or_default()
        })
        .y_label_formatter(&|y| format::ratio(Some(*y)))
        .y_desc("Black/White ratio (log scale)")
        .light_line_style(WHITE)
        .draw()
        .ok()?;
    // The baseline year: a grey band.
    chart
        .draw_series(points.iter().enumerate().filter(|(_, p)| p.baseline).map(|(i, _)| {
            Rectangle::new([(i as f64 - 0.5, lo), (i as f64 + 0.5, hi)], BASELINE_SHADE.filled())
        }))
        .ok()?;
    // 1: the same rate for Black and White residents.
    chart.draw_series(LineSeries::new([(-0.5, 1.0), (n as f64 - 0.5, 1.0)], ONE.stroke_width(1))).ok()?;
    for (i, p) in points.iter().enumerate() {
        let Some(r) = p.ratio.as_ref() else { continue };
        let x = i as f64;
        let (l, u) = (r.lower.max(lo), if r.upper.is_finite() { r.upper.min(hi) } else { hi });
        chart.draw_series(LineSeries::new([(x, l), (x, u)], BAR.stroke_width(2))).ok()?;
        chart.draw_series(LineSeries::new([(x - 0.12, l), (x + 0.12, l)], BAR.stroke_width(2))).ok()?;
        chart.draw_series(LineSeries::new([(x - 0.12, u), (x + 0.12, u)], BAR.stroke_width(2))).ok()?;
        if let Some(v) = r.ratio.filter(|v| finite(*v)) {
            chart.draw_series([Circle::new((x, v), 4, BAR.filled())]).ok()?;
        }
    }
    area.present().ok()
}
