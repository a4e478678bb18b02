//! The map's patterns (no value, [c], [u], within chance, outside the
//! module), described once and drawn two ways: as SVG `<pattern>`s for the
//! legend's swatches and the downloaded map, and as canvas patterns for the
//! map on screen. A fill names a pattern as `url(#<id>)`, as in SVG.

use wasm_bindgen::JsCast;

/// What a pattern's tile holds over its ground colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A straight line from one point of the tile to another.
    Line { from: (f64, f64), to: (f64, f64), colour: &'static str, width: f64 },
    /// Both diagonals of the tile.
    Cross { colour: &'static str, width: f64 },
    /// A dot in the middle of the tile.
    Dot { radius: f64, colour: &'static str },
}

/// A square tile of `size` map units, repeated; turned 45 degrees if `turned`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hatch {
    pub id: String,
    pub size: f64,
    pub ground: &'static str,
    pub turned: bool,
    pub mark: Mark,
}

/// Hatched grey: an area without a value.
pub fn no_data() -> Hatch {
    Hatch { id: "hatch-no-data".into(), size: 8.0, ground: "#f0f0f0", turned: true, mark: Mark::Line { from: (0.0, 0.0), to: (0.0, 8.0), colour: "#6b6b6b", width: 1.5 } }
}

/// Cross-hatched grey: [c], suppressed.
pub fn suppressed() -> Hatch {
    Hatch { id: "hatch-suppressed".into(), size: 8.0, ground: "#d9d9d9", turned: false, mark: Mark::Cross { colour: "#4d4d4d", width: 1.2 } }
}

/// Pale grey with horizontal lines, unlike the diagonal hatch of "no
/// value": an area outside the chosen module.
pub fn outside_module() -> Hatch {
    Hatch { id: "outside-module".into(), size: 6.0, ground: "#e8e8e8", turned: false, mark: Mark::Line { from: (0.0, 3.0), to: (6.0, 3.0), colour: "#8c8c8c", width: 1.2 } }
}

/// The two patterns of class `class` (of colour `colour`): white stripes
/// for [u], low reliability, and dark dots for a change within chance.
pub fn of_class(class: usize, colour: &'static str) -> [Hatch; 2] {
    [
        Hatch { id: format!("hatch-u{class}"), size: 8.0, ground: colour, turned: true, mark: Mark::Line { from: (0.0, 0.0), to: (0.0, 8.0), colour: "#ffffff", width: 3.0 } },
        Hatch { id: format!("dots-{class}"), size: 6.0, ground: colour, turned: false, mark: Mark::Dot { radius: 1.3, colour: "#1a1a1a" } },
    ]
}

/// Every pattern a map of classes coloured `colours` can name.
pub fn all(colours: &[&'static str]) -> Vec<Hatch> {
    let mut hatches = vec![no_data(), suppressed(), outside_module()];
    hatches.extend(colours.iter().enumerate().flat_map(|(i, colour)| of_class(i, colour)));
    hatches
}

/// `hatch` as an SVG `<pattern>` element.
pub fn svg(hatch: &Hatch) -> String {
    let s = hatch.size;
    let turn = if hatch.turned { r#" patternTransform="rotate(45)""# } else { "" };
    let mark = match hatch.mark {
        Mark::Line { from, to, colour, width } => {
            format!(r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="{width}"></line>"#, from.0, from.1, to.0, to.1)
        }
        Mark::Cross { colour, width } => format!(r#"<path d="M0 0L{s} {s}M{s} 0L0 {s}" stroke="{colour}" stroke-width="{width}"></path>"#),
        Mark::Dot { radius, colour } => format!(r#"<circle cx="{}" cy="{}" r="{radius}" fill="{colour}"></circle>"#, s / 2.0, s / 2.0),
    };
    format!(
        r#"<pattern id="{}" width="{s}" height="{s}" patternUnits="userSpaceOnUse"{turn}><rect width="{s}" height="{s}" fill="{}"></rect>{mark}</pattern>"#,
        hatch.id, hatch.ground
    )
}

/// Tile pixels per map unit: tiles are drawn finer than the map's units so
/// they stay sharp when zoomed in or on a high-density screen.
const TILE_PX: f64 = 4.0;

/// `hatch` as a canvas pattern for `context`, in map units (as the SVG
/// pattern is), or `None` if the browser cannot make one.
pub fn canvas(context: &web_sys::CanvasRenderingContext2d, hatch: &Hatch) -> Option<web_sys::CanvasPattern> {
    let side = (hatch.size * TILE_PX).round() as u32;
    let tile: web_sys::HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.unchecked_into();
    tile.set_width(side);
    tile.set_height(side);
    let pen: web_sys::CanvasRenderingContext2d = tile.get_context("2d").ok()??.unchecked_into();
    pen.scale(TILE_PX, TILE_PX).ok()?;
    pen.set_fill_style_str(hatch.ground);
    pen.fill_rect(0.0, 0.0, hatch.size, hatch.size);
    let s = hatch.size;
    match hatch.mark {
        Mark::Line { from, to, colour, width } => {
            pen.begin_path();
            pen.move_to(from.0, from.1);
            pen.line_to(to.0, to.1);
            pen.set_stroke_style_str(colour);
            pen.set_line_width(width);
            pen.stroke();
        }
        Mark::Cross { colour, width } => {
            pen.begin_path();
            pen.move_to(0.0, 0.0);
            pen.line_to(s, s);
            pen.move_to(s, 0.0);
            pen.line_to(0.0, s);
            pen.set_stroke_style_str(colour);
            pen.set_line_width(width);
            pen.stroke();
        }
        Mark::Dot { radius, colour } => {
            pen.begin_path();
            pen.arc(s / 2.0, s / 2.0, radius, 0.0, std::f64::consts::TAU).ok()?;
            pen.set_fill_style_str(colour);
            pen.fill();
        }
    }
    let pattern = context.create_pattern_with_html_canvas_element(&tile, "repeat").ok()??;
    // Back to map units, turned as the SVG pattern is (about the map's origin).
    let (sin, cos) = if hatch.turned { std::f64::consts::FRAC_PI_4.sin_cos() } else { (0.0, 1.0) };
    let matrix = js_sys::Object::new();
    for (key, value) in [("a", cos), ("b", sin), ("c", -sin), ("d", cos)] {
        js_sys::Reflect::set(&matrix, &key.into(), &(value / TILE_PX).into()).ok()?;
    }
    let set_transform: js_sys::Function = js_sys::Reflect::get(&pattern, &"setTransform".into()).ok()?.dyn_into().ok()?;
    set_transform.call1(&pattern, &matrix).ok()?;
    Some(pattern)
}
