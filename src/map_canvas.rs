//! The map's areas painted on a canvas: one `Path2d` per area made once per
//! set of shapes, fills painted a colour or pattern at a time. The outlines
//! (every ward's in one stroke, then the districts') do not change with the
//! figures: they are on a second canvas over it, redrawn only when the view
//! moves. A control change repaints only the fills and touches no element
//! per area, so its cost is the painting alone, which stays small at
//! thousands of areas (an SVG of the same paths is rasterised again tile by
//! tile, each tile replaying every path).
//!
//! Zoomed out (a national map, or a force on a phone), many of an outline's
//! vertices fall within one pixel of the last: the areas are then painted
//! from paths keeping only the vertices at least half a device pixel from the
//! previous one, made once per zoom step, so the cost of a repaint follows
//! the pixels drawn rather than the vertices published.
//!
//! Which area is under the pointer: a grid over the areas' boxes gives the few
//! whose box holds the point, and the canvas says which of their paths does.

use harm_core::outlines::{rings_of, thinned, MapGeometry};
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
    /// The canvas of outlines, and the view and pixels it was drawn for.
    lines: CanvasRenderingContext2d,
    lines_drawn: Option<(ViewBox, u32, u32)>,
    /// Each area's path in full detail (for hit testing, and painting when zoomed in).
    paths: Vec<Path2d>,
    /// Every area's outline in one path, stroked at once.
    outlines: Path2d,
    /// Each area's rings as points, for the coarser paths.
    rings: Vec<Vec<Vec<(f32, f32)>>>,
    /// The coarser paths for the current zoom step, if it needs them.
    coarse: Option<Coarse>,
    grid: Grid,
    /// The district outlines drawn over wards, in one path.
    districts: Option<Path2d>,
    /// The patterns made so far, by the id a fill names (`url(#id)`).
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
        let rings = geometry.shapes.iter().map(|s| rings_of(&s.path)).collect();
        Some(Painter { context, lines, lines_drawn: None, paths, outlines, rings, coarse: None, grid, districts, patterns: HashMap::new(), colours: Vec::new() })
    }

    /// Paints every area with its fill in `fills` (a colour, or `url(#id)`
    /// naming one of `crate::hatch`'s patterns for classes coloured
    /// `colours`), the view `view` filling the canvas's `width` x `height`
    /// CSS pixels at `density` device pixels each.
    pub fn paint(&mut self, fills: &[String], colours: &[&'static str], view: ViewBox, (width, height): (f64, f64), density: f64) {
        let (w, h) = ((width * density).round() as u32, (height * density).round() as u32);
        let (scale, dx, dy) = placement(view, width, height);
        let transform = [scale * density, 0.0, 0.0, scale * density, dx * density, dy * density];
        if self.colours != colours {
            self.patterns.clear();
            self.colours = colours.to_vec();
        }
        // Half a device pixel in map units, rounded down to a power of two so
        // that zooming within a step reuses its paths.
        let step = 2f64.powf((0.5 / (scale * density)).log2().floor());
        if step < FINEST_STEP {
            self.coarse = None;
        } else if self.coarse.as_ref().is_none_or(|c| c.step != step) {
            self.coarse = Coarse::new(&self.rings, step);
        }
        let (paths, outlines) = match &self.coarse {
            Some(c) => (&c.paths, &c.outlines),
            None => (&self.paths, &self.outlines),
        };
        if self.lines_drawn != Some((view, w, h)) {
            start(&self.lines, w, h, transform);
            let (colour, px) = AREA_LINE;
            stroke(&self.lines, outlines, (colour, px.min(1.0 / density)), scale);
            if let Some(districts) = &self.districts {
                stroke(&self.lines, districts, DISTRICT_LINE, scale);
            }
            self.lines_drawn = Some((view, w, h));
        }
        let c = &self.context;
        start(c, w, h, transform);
        // One change of fill style per colour or pattern, not per area.
        let mut by_fill: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, fill) in fills.iter().enumerate().take(paths.len()) {
            by_fill.entry(fill.as_str()).or_default().push(i);
        }
        // Patterns are made when first named, most maps naming few of them.
        for id in by_fill.keys().filter_map(|f| f.strip_prefix("url(#")?.strip_suffix(')')) {
            if !self.patterns.contains_key(id) {
                if let Some(pattern) = crate::hatch::all(colours).iter().find(|h| h.id == id).and_then(|h| crate::hatch::canvas(c, h)) {
                    self.patterns.insert(id.to_string(), pattern);
                }
            }
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
                c.fill_with_path_2d(&paths[i]);
            }
        }
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

/// Below this step (in map units) the full paths are painted: the published
/// outlines are in tenths of a unit, so a finer step would drop nothing.
const FINEST_STEP: f64 = 0.25;

/// Every area's path keeping only vertices at least `step` map units from
/// the last kept one, and their outlines in one path.
struct Coarse {
    step: f64,
    paths: Vec<Path2d>,
    outlines: Path2d,
}

impl Coarse {
    fn new(rings: &[Vec<Vec<(f32, f32)>>], step: f64) -> Option<Coarse> {
        let outlines = Path2d::new().ok()?;
        let mut paths = Vec::with_capacity(rings.len());
        for area in rings {
            let path = Path2d::new().ok()?;
            for (k, ring) in area.iter().enumerate() {
                let kept = thinned(ring, step as f32);
                // A ring (an island, a hole) smaller than the step is not seen; an area's first ring always is.
                if kept.len() < 3 && k > 0 {
                    continue;
                }
                for (j, &(x, y)) in ring_or_whole(&kept, ring).iter().enumerate() {
                    if j == 0 {
                        path.move_to(x as f64, y as f64);
                    } else {
                        path.line_to(x as f64, y as f64);
                    }
                }
                path.close_path();
            }
            outlines.add_path(&path);
            paths.push(path);
        }
        Some(Coarse { step, paths, outlines })
    }
}

/// The thinned ring if it still has an area, else the whole ring.
fn ring_or_whole<'a>(kept: &'a [(f32, f32)], ring: &'a [(f32, f32)]) -> &'a [(f32, f32)] {
    if kept.len() >= 3 { kept } else { ring }
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

