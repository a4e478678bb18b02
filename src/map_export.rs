//! Downloading the map and the charts as SVG and PNG, with their title,
//! legend and source line drawn in. The map's SVG is written from the same
//! shapes, fills, patterns and district names as on screen; a chart's is
//! drawn by the chart's own drawing function on plotters' SVG backend. A PNG
//! is that SVG drawn onto a canvas. Files are saved by `download::save`.

use crate::chart_frame::wrap;
use crate::download;
use crate::legend::keys;
use crate::state::{AppState, Derived};
use harm_core::level::Level;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// A drawing offered for download: its SVG text and size in pixels, made
/// when asked (`None` while there is nothing to draw).
#[derive(Clone)]
pub struct SvgSource(Arc<dyn Fn() -> Option<(String, u32, u32)> + Send + Sync>);

impl SvgSource {
    pub fn new(make: impl Fn() -> Option<(String, u32, u32)> + Send + Sync + 'static) -> SvgSource {
        SvgSource(Arc::new(make))
    }

    /// The SVG text and size, now.
    pub fn make(&self) -> Option<(String, u32, u32)> {
        (self.0)()
    }
}

/// A chart's SVG of `width` x `height`, drawn by its own `draw`.
pub fn chart_svg(
    width: u32,
    height: u32,
    draw: impl for<'a, 'b> Fn(&'a DrawingArea<SVGBackend<'b>, Shift>) -> Option<()> + Send + Sync + 'static,
) -> SvgSource {
    SvgSource::new(move || {
        let mut text = String::new();
        {
            let root = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
            draw(&root)?;
        }
        Some((text, width, height))
    })
}

/// A PNG is drawn at twice the SVG's size, sharp enough to print.
const PNG_SCALE: u32 = 2;

/// Buttons that save `svg` as `<file_stem>.svg` and `.png`.
#[component]
pub fn Downloads(
    /// What is saved, as the buttons say: "map", "chart".
    what: &'static str,
    /// Which one, added to the buttons' accessible names when several are on the page.
    #[prop(optional, into)]
    named: Option<String>,
    #[prop(into)] file_stem: Signal<String>,
    svg: SvgSource,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let not_ready = || "there is nothing to draw yet".to_string();
    let for_png = svg.clone();
    let save_svg = move |_| {
        let saved = svg.make()
            .ok_or_else(not_ready)
            .and_then(|(text, _, _)| download::save(&format!("{}.svg", file_stem.get_untracked()), "image/svg+xml", text.as_bytes()));
        problem.set(saved.err());
    };
    let save_png = move |_| {
        let made = for_png.make();
        let name = format!("{}.png", file_stem.get_untracked());
        leptos::task::spawn_local(async move {
            let saved = match made {
                None => Err(not_ready()),
                Some((text, width, height)) => match png_of_svg(&text, width, height).await {
                    Ok(bytes) => download::save(&name, "image/png", &bytes),
                    Err(e) => Err(e),
                },
            };
            problem.set(saved.err());
        });
    };
    let label = |kind: &str| match &named {
        Some(n) => format!("Download {what} ({kind}): {n}"),
        None => format!("Download {what} ({kind})"),
    };
    view! {
        <div class="downloads">
            <button type="button" class="download-svg" aria-label=label("SVG") on:click=save_svg>{format!("Download {what} (SVG)")}</button>
            <button type="button" class="download-png" aria-label=label("PNG") on:click=save_png>{format!("Download {what} (PNG)")}</button>
            <p class="download-problem" role="status">{move || problem.get().map(|p| format!("The download failed: {p}."))}</p>
        </div>
    }
}

/// `svg` (of `width` x `height` pixels) drawn onto a canvas and encoded as PNG.
async fn png_of_svg(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let describe = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let image = web_sys::HtmlImageElement::new().map_err(describe)?;
    image.set_src(&url);
    let decoded = wasm_bindgen_futures::JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(|_| "the browser could not draw the image".to_string())?;
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").map_err(describe)?.unchecked_into();
    canvas.set_width(width * PNG_SCALE);
    canvas.set_height(height * PNG_SCALE);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").map_err(describe)?.ok_or("no canvas to draw on")?.unchecked_into();
    let (w, h) = ((width * PNG_SCALE) as f64, (height * PNG_SCALE) as f64);
    context.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w, h).map_err(describe)?;
    let data_url = canvas.to_data_url().map_err(describe)?;
    let base64 = data_url.split_once(',').map(|(_, b)| b).ok_or("the canvas gave no image")?;
    // `atob` gives one character per byte.
    let binary = window().atob(base64).map_err(describe)?;
    Ok(binary.chars().map(|c| c as u8).collect())
}

/// Text safe inside SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const MARGIN: f64 = 20.0;
const TITLE_HEIGHT: f64 = 40.0;
const KEY_ROW: f64 = 24.0;
const SOURCE_ROW: f64 = 16.0;
/// Characters of the source line per row at 12 px across the 1,000-unit map.
const SOURCE_CHARS: usize = 150;
/// District names in the download, in its pixels.
const LABEL_PX: f64 = 16.0;

/// The whole map as drawn now (every area, not only the part in view), with
/// its title (measure, period, force), the legend's keys and the source line.
pub fn map_svg(state: &AppState, derived: &Derived) -> Option<(String, u32, u32)> {
    let geometry = state.geometry()?;
    let mut legend: Vec<(String, String)> = keys(state, derived)?.into_iter().map(|(fill, words, _)| (fill, words)).collect();
    legend.extend(crate::module_control::outside_key(state, derived).map(|words| ("url(#outside-module)".to_string(), words)));
    let fills = crate::map::fills(state, derived, &geometry);
    let defs = document().query_selector("svg.pattern-defs defs").ok().flatten().map(|d| d.outer_html()).unwrap_or_default();
    let source = wrap(&crate::chart_frame::source_line(state), SOURCE_CHARS);
    let width = geometry.width + 2.0 * MARGIN;
    let legend_top = TITLE_HEIGHT + geometry.height + MARGIN;
    let source_top = legend_top + KEY_ROW * legend.len() as f64 + MARGIN / 2.0;
    let height = source_top + SOURCE_ROW * source.len() as f64 + MARGIN / 2.0;
    let title = match state.is_overview() {
        true => format!("{}, {}", state.mapped_label(), harm_core::overview::OVERVIEW_NAME),
        false => {
            let (force, period) = (state.force()?, derived.period.get()?);
            format!("{}, {}, {} ({})", state.mapped_label(), period.label, force.entry.name, state.level.get().label().to_lowercase())
        }
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif"><title>{t}</title>{defs}<rect width="100%" height="100%" fill="#ffffff"/><text x="{MARGIN}" y="28" font-size="20" font-weight="bold">{t}</text><g transform="translate({MARGIN} {TITLE_HEIGHT})">"##,
        w = width.ceil(),
        h = height.ceil(),
        t = escape(&title),
    );
    for (shape, fill) in geometry.shapes.iter().zip(&fills) {
        let _ = write!(svg, r##"<path d="{}" fill="{}" stroke="#404040" stroke-width="0.6"/>"##, shape.path, escape(fill));
    }
    if let Some(districts) = state.chosen_districts().and_then(|r| r.ok()) {
        if state.level.get() == Level::Ward {
            for shape in &districts.shapes {
                let _ = write!(svg, r##"<path d="{}" fill="none" stroke="#1a1a1a" stroke-width="1.6"/>"##, shape.path);
            }
        }
        let whole = crate::map::ViewBox { x: 0.0, y: 0.0, w: geometry.width, h: geometry.height };
        for shape in crate::map::named_districts(&districts.shapes, 1.0, LABEL_PX, whole) {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="{LABEL_PX}" font-weight="600" text-anchor="middle" dominant-baseline="middle" fill="#1a1a1a" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
                shape.centre.0,
                shape.centre.1,
                escape(&shape.name)
            );
        }
    }
    svg.push_str("</g>");
    for (k, (fill, words)) in legend.iter().enumerate() {
        let y = legend_top + KEY_ROW * k as f64;
        let _ = write!(
            svg,
            r##"<rect x="{MARGIN}" y="{y:.0}" width="28" height="18" fill="{}" stroke="#333333"/><text x="{:.0}" y="{:.0}" font-size="14">{}</text>"##,
            escape(fill),
            MARGIN + 36.0,
            y + 14.0,
            escape(words)
        );
    }
    for (k, line) in source.iter().enumerate() {
        let _ = write!(svg, r##"<text x="{MARGIN}" y="{:.0}" font-size="12" fill="#404040">{}</text>"##, source_top + 12.0 + SOURCE_ROW * k as f64, escape(line));
    }
    svg.push_str("</svg>");
    Some((svg, width.ceil() as u32, height.ceil() as u32))
}

/// The map's download buttons, below the map.
#[component]
pub fn MapDownloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let file_stem = Signal::derive(move || {
        if let Some((key, period)) = state.overview_measure().map(|m| m.keys()) {
            return format!("map-{}-{key}{}", state.chosen_force_id(), period.map(|p| format!("-{p}")).unwrap_or_default());
        }
        let period = derived.period.get().map(|p| p.key).unwrap_or_default();
        let measure = if state.trauma.get() { harm_core::trauma::KEY.to_string() } else { state.measure.get().key() };
        let module = Some(state.module.get()).filter(|m| !m.is_all_wards()).map(|m| format!("-{}", m.key())).unwrap_or_default();
        format!("map-{}-{measure}-{period}-{}{module}", state.chosen_force_id(), state.level.get().key())
    });
    view! { <Downloads what="map" file_stem svg=SvgSource::new(move || map_svg(&state, &derived))/> }
}
