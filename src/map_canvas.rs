//! The map's areas painted on a canvas: one `Path2d` per area made once per
//! set of shapes, fills painted a colour or pattern at a time, every outline
//! in one stroke. The district outlines, long and thick (the slowest lines to
//! draw), are on a second canvas over it, redrawn only when the view moves.
//! A control change repaints the areas' canvas and touches no element per
//! area, so its cost is the painting alone, which stays small at thousands of
//! areas (an SVG of the same paths is rasterised again tile by tile, each tile
//! replaying every path).
//!
//! Which area is under the pointer: a grid over the areas' boxes gives the few
//! whose box holds the point, and the canvas says which of their paths does.

use harm_core::outlines::MapGeometry;
use crate::map::ViewBox;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasPattern, CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

/// Ward outlines and district outlines, in CSS pixels whatever the zoom.
/// Ward outlines are at most one device pixel wide: the browser draws such
/// thin lines directly, but a wider line through every ward's vertices is
/// first turned into a shape, ten times slower on a high-density screen.
const AREA_LINE: (&str, f64) = ("#404040", 0.6);
const DISTRICT_LINE: (&str, f64) = ("#1a1a1a", 1.6);

/// A set of shapes made ready to paint and to hit test.
pub struct Painter {
    context: CanvasRenderingContext2d,
    /// The canvas of district outlines, and the view and pixels it was drawn for.
    lines: CanvasRenderingContext2d,
    lines_drawn: Option<(ViewBox, u32, u32)>,
    paths: Vec<Path2d>,
    /// Every area's outline in one path, stroked at once.
    outlines: Path2d,
    grid: Grid,
    /// The district outlines drawn over wards, in one path.
    districts: Option<Path2d>,
    /// The patterns for the fills in use, by the id a fill names (`url(#id)`).
    patterns: HashMap<String, CanvasPattern>,
    /// The class colours `patterns` were made for.
    colours: Vec<&'static str>,
}

/// Where the view's map units land on the canvas: CSS pixels per unit and
/// the offset of the view's corner, as SVG's `xMidYMid meet` places it.
fn placement(view: ViewBox, width: f64, height: f64) -> (f64, f64, f64) {
    let scale = (width / view.w).min(height / view.h);
    (scale, (width - view.w * scale) / 2.0 - view.x * scale, (height - view.h * scale) / 2.0 - view.y * scale)
}

/// The map units at CSS pixel (x, y) of a `width` x `height` map showing `view`.
pub fn map_point(view: ViewBox, width: f64, height: f64, x: f64, y: f64) -> (f64, f64) {
    let (scale, dx, dy) = placement(view, width, height);
    ((x - dx) / scale, (y - dy) / scale)
}

impl Painter {
    /// Paths for `geometry`'s shapes, painted on `canvas`, and `districts`'
    /// outlines, drawn on `lines`; `None` if the browser cannot draw on them.
    pub fn new(canvas: &HtmlCanvasElement, lines: &HtmlCanvasElement, geometry: &MapGeometry, districts: Option<&MapGeometry>) -> Option<Painter> {
        let context = context_of(canvas)?;
        let lines = context_of(lines)?;
        let paths = geometry.shapes.iter().map(|s| Path2d::new_with_path_string(&s.path).ok()).collect::<Option<Vec<_>>>()?;
        let outlines = Path2d::new().ok()?;
        for path in &paths {
            outlines.add_path(path);
        }
        let districts = match districts {
            Some(d) => Some(Path2d::new_with_path_string(&d.shapes.iter().map(|s| s.path.as_str()).collect::<String>()).ok()?),
            None => None,
        };
        let grid = Grid::new(geometry);
        Some(Painter { context, lines, lines_drawn: None, paths, outlines, grid, districts, patterns: HashMap::new(), colours: Vec::new() })
    }

    /// Paints every area with its fill in `fills` (a colour, or `url(#id)`
    /// naming one of `crate::hatch`'s patterns for classes coloured
    /// `colours`), the view `view` filling the canvas's `width` x `height`
    /// CSS pixels at `density` device pixels each.
    pub fn paint(&mut self, fills: &[String], colours: &[&'static str], view: ViewBox, (width, height): (f64, f64), density: f64) {
        let (w, h) = ((width * density).round() as u32, (height * density).round() as u32);
        let (scale, dx, dy) = placement(view, width, height);
        let transform = [scale * density, 0.0, 0.0, scale * density, dx * density, dy * density];
        if self.lines_drawn != Some((view, w, h)) {
            start(&self.lines, w, h, transform);
            if let Some(districts) = &self.districts {
                stroke(&self.lines, districts, DISTRICT_LINE, scale);
            }
            self.lines_drawn = Some((view, w, h));
        }
        if self.colours != colours || self.patterns.is_empty() {
            self.patterns = crate::hatch::all(colours).iter().filter_map(|h| Some((h.id.clone(), crate::hatch::canvas(&self.context, h)?))).collect();
            self.colours = colours.to_vec();
        }
        let c = &self.context;
        start(c, w, h, transform);
        // One change of fill style per colour or pattern, not per area.
        let mut by_fill: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, fill) in fills.iter().enumerate().take(self.paths.len()) {
            by_fill.entry(fill.as_str()).or_default().push(i);
        }
        for (fill, areas) in by_fill {
            match fill.strip_prefix("url(#").and_then(|id| id.strip_suffix(')')) {
                Some(id) => match self.patterns.get(id) {
                    Some(pattern) => c.set_fill_style_canvas_pattern(pattern),
                    None => continue,
                },
                None => c.set_fill_style_str(fill),
            }
            for i in areas {
                c.fill_with_path_2d(&self.paths[i]);
            }
        }
        let (colour, px) = AREA_LINE;
        stroke(c, &self.outlines, (colour, px.min(1.0 / density)), scale);
    }

    /// The area at map point (x, y), if any.
    pub fn area_at(&self, x: f64, y: f64) -> Option<usize> {
        // Paths are tested in map units: no transform between them and the point.
        let c = &self.context;
        c.save();
        let _ = c.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let hit = self.grid.candidates(x, y).iter().map(|&i| i as usize).find(|&i| c.is_point_in_path_with_path_2d_and_f64(&self.paths[i], x, y));
        c.restore();
        hit
    }
}

fn context_of(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Clears `context`'s canvas, sized to `w` x `h` device pixels, and sets
/// `transform` from map units to them.
fn start(context: &CanvasRenderingContext2d, w: u32, h: u32, [a, b, c, d, e, f]: [f64; 6]) {
    if let Some(canvas) = context.canvas().filter(|canvas| canvas.width() != w || canvas.height() != h) {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    context.clear_rect(0.0, 0.0, w as f64, h as f64);
    let _ = context.set_transform(a, b, c, d, e, f);
}

/// Strokes `path` in `colour`, `px` CSS pixels wide on a map of `scale` pixels per unit.
fn stroke(context: &CanvasRenderingContext2d, path: &Path2d, (colour, px): (&str, f64), scale: f64) {
    context.set_line_join("round");
    context.set_stroke_style_str(colour);
    context.set_line_width(px / scale);
    context.stroke_with_path(path);
}

/// Areas by the cells of a square grid their boxes touch: about one area a cell.
struct Grid {
    cell: f64,
    columns: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    /// Each area's box, to skip the path test where the box misses the point.
    bounds: Vec<[f64; 4]>,
}

impl Grid {
    fn new(geometry: &MapGeometry) -> Grid {
        let n = geometry.shapes.len().max(1) as f64;
        let cell = ((geometry.width * geometry.height / n).sqrt()).max(1.0);
        let columns = (geometry.width / cell).ceil().max(1.0) as usize;
        let rows = (geometry.height / cell).ceil().max(1.0) as usize;
        let mut cells = vec![Vec::new(); columns * rows];
        for (i, s) in geometry.shapes.iter().enumerate() {
            let [x0, y0, x1, y1] = s.bounds;
            let (c0, c1) = (Self::index(x0, cell, columns), Self::index(x1, cell, columns));
            let (r0, r1) = (Self::index(y0, cell, rows), Self::index(y1, cell, rows));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    cells[r * columns + c].push(i as u32);
                }
            }
        }
        Grid { cell, columns, rows, cells, bounds: geometry.shapes.iter().map(|s| s.bounds).collect() }
    }

    fn index(at: f64, cell: f64, count: usize) -> usize {
        ((at / cell).floor().max(0.0) as usize).min(count - 1)
    }

    fn candidates(&self, x: f64, y: f64) -> Vec<u32> {
        let (c, r) = (Self::index(x, self.cell, self.columns), Self::index(y, self.cell, self.rows));
        self.cells[r * self.columns + c]
            .iter()
            .copied()
            .filter(|&i| {
                let [x0, y0, x1, y1] = self.bounds[i as usize];
                x >= x0 && x <= x1 && y >= y0 && y <= y1
            })
            .collect()
    }
}
