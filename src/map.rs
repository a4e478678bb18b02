//! The choropleth: areas painted on a canvas (`crate::map_canvas`), coloured
//! by class or patterned, with hover tooltip, selection by click or keyboard,
//! district outlines and names over the wards, and zoom and pan by buttons or
//! Ctrl + wheel. A light SVG over the canvas holds only the district names
//! and the selection, keyboard and hover rings.
//!
//! The map is one tab stop: a listbox whose options are the areas (visually
//! hidden elements carrying each area's name, figure and selection), the
//! focused one named by `aria-activedescendant`. Arrow keys move to the area
//! next to it that way (`harm_core::neighbours`), Enter or Space selects, and
//! the view pans to keep the focused area in sight. The table below carries
//! the same figures.

use harm_core::outlines::{MapGeometry, WardShape};
use crate::legend::{colours, fill};
use crate::map_canvas::{map_point, Painter};
use crate::state::{AppState, Derived};
use harm_core::level::Level;
use harm_core::neighbours::{neighbour, Direction};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl ViewBox {
    fn zoom(self, factor: f64) -> ViewBox {
        let (cx, cy) = (self.x + self.w / 2.0, self.y + self.h / 2.0);
        let (w, h) = (self.w * factor, self.h * factor);
        ViewBox { x: cx - w / 2.0, y: cy - h / 2.0, w, h }
    }
    fn pan(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox { x: self.x + dx * self.w, y: self.y + dy * self.h, ..self }
    }
    /// This view if `bounds` (min x, min y, max x, max y) is inside it;
    /// else the same view centred on them, zoomed out only if they are larger.
    fn showing(self, bounds: [f64; 4]) -> ViewBox {
        let [x0, y0, x1, y1] = bounds;
        if x0 >= self.x && y0 >= self.y && x1 <= self.x + self.w && y1 <= self.y + self.h {
            return self;
        }
        let grow = ((x1 - x0) * 1.2 / self.w).max((y1 - y0) * 1.2 / self.h).max(1.0);
        let (w, h) = (self.w * grow, self.h * grow);
        ViewBox { x: (x0 + x1) / 2.0 - w / 2.0, y: (y0 + y1) / 2.0 - h / 2.0, w, h }
    }
    fn attr(self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }
}

/// What the map's options were last labelled with.
struct Painted {
    geometry: Option<Arc<MapGeometry>>,
    fills: Arc<Vec<String>>,
    labels: Arc<Vec<String>>,
    selected: Option<String>,
}

/// The shapes and district outlines the canvas's painter was made for.
type Drawn = (Option<Arc<MapGeometry>>, Option<Arc<MapGeometry>>);

/// The id of an area's option, for `aria-activedescendant`.
fn option_id(code: &str) -> String {
    format!("map-area-{code}")
}

/// District names in CSS pixels: smaller on a phone, where the map is narrow.
fn label_px(map_px: f64) -> f64 {
    if map_px < 480.0 { 11.0 } else { 13.0 }
}

#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let full = move || {
        state.map_frame().map(|g| ViewBox { x: -10.0, y: -10.0, w: g.width + 20.0, h: g.height + 20.0 })
    };
    let view_box = RwSignal::new(full().unwrap_or(ViewBox { x: 0.0, y: 0.0, w: 1000.0, h: 1000.0 }));
    Effect::new(move |_| {
        if let Some(f) = full() {
            view_box.set(f);
        }
    });
    let hover = RwSignal::new(None::<(usize, i32, i32)>);
    // The shapes made ready to paint and hit test; remade with the shapes.
    let painter = StoredValue::new_local(None::<Painter>);
    let map_ref = NodeRef::<leptos::html::Div>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let lines_ref = NodeRef::<leptos::html::Canvas>::new();
    // The area the arrow keys are on (an index into the shapes), and whether the map has focus.
    let focused = RwSignal::new(None::<usize>);
    let has_focus = RwSignal::new(false);
    // The wheel zooms with Ctrl, or after a click into the map until the pointer leaves it;
    // otherwise it scrolls the page, and a hint says how to zoom.
    let wheel_zooms = RwSignal::new(false);
    let wheel_hint = RwSignal::new(false);
    // The map's width on screen, to size district names in pixels.
    let map_px = RwSignal::new(0.0f64);
    let measure = move || {
        let width = document().get_element_by_id("map").map(|e| e.get_bounding_client_rect().width()).unwrap_or(0.0);
        map_px.set(width);
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let geometry = Memo::new(move |_| state.geometry());
    // A new set of shapes (another level or force): the old index means nothing.
    Effect::new(move |_| {
        geometry.track();
        focused.set(None);
        // Measured after the paint, so reading the width forces no layout before it.
        crate::first_paint::after_next_paint(measure);
    });
    let shapes = move || geometry.get().map(|g| g.shapes.iter().cloned().enumerate().collect::<Vec<_>>()).unwrap_or_default();
    let shape_index = move |code: &str| geometry.with(|g| g.as_ref().and_then(|g| g.shapes.iter().position(|s| s.code == code)));
    let positions = Memo::new(move |_| positions(&state, &derived, &*geometry.get()?));
    let value_index = move |i: usize| positions.with(|p| p.as_ref().and_then(|p| p.get(i).copied().flatten()));
    let outside = move |i: usize| positions.with(|p| p.as_ref().is_some_and(|p| p.get(i).is_some_and(Option::is_none)));
    let outside_text = move || format!("outside the module ({})", state.module.get().label());
    let select = move |code: String| {
        // In the national overview a district is chosen to see its figure and open its force.
        if state.is_overview() {
            state.area.set(Some(code));
            return;
        }
        let at_force = state.level.get_untracked() == Level::Force;
        state.area.set(Some(if at_force { state.force().map(|b| b.entry.code.clone()).unwrap_or(code) } else { code }))
    };
    // The selected area, kept in view however it was chosen (map, search or table).
    Effect::new(move |_| {
        let Some(code) = state.area.get() else { return };
        if let Some(bounds) = geometry.with_untracked(|g| g.as_ref().and_then(|g| g.shapes.iter().find(|s| s.code == code).map(|s| s.bounds))) {
            view_box.update(|v| *v = v.showing(bounds));
        }
    });
    let move_focus = move |to: usize| {
        focused.set(Some(to));
        if let Some(bounds) = geometry.with_untracked(|g| g.as_ref().and_then(|g| g.shapes.get(to).map(|s| s.bounds))) {
            view_box.update(|v| *v = v.showing(bounds));
        }
    };
    // On arriving by Tab: the selected area, else the one nearest the middle of the view.
    let on_focus = move |_| {
        has_focus.set(true);
        hover.set(None);
        if focused.get_untracked().is_some() {
            return;
        }
        let start = state.area.get_untracked().and_then(|code| shape_index(&code)).or_else(|| {
            let v = view_box.get_untracked();
            let (cx, cy) = (v.x + v.w / 2.0, v.y + v.h / 2.0);
            geometry.with_untracked(|g| {
                let distance = |s: &WardShape| (s.centre.0 - cx).powi(2) + (s.centre.1 - cy).powi(2);
                g.as_ref()?.shapes.iter().enumerate().min_by(|a, b| distance(a.1).total_cmp(&distance(b.1))).map(|(i, _)| i)
            })
        });
        if let Some(i) = start {
            move_focus(i);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(current) = focused.get_untracked() else { return };
        if let Some(direction) = Direction::from_key(&ev.key()) {
            ev.prevent_default();
            let points: Vec<(f64, f64)> =
                geometry.with_untracked(|g| g.as_ref().map(|g| g.shapes.iter().map(|s| s.centre).collect()).unwrap_or_default());
            if let Some(next) = neighbour(&points, current, direction) {
                move_focus(next);
            }
        } else if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            if let Some(code) = geometry.with_untracked(|g| g.as_ref().and_then(|g| g.shapes.get(current).map(|s| s.code.clone()))) {
                select(code);
            }
        }
    };
    // The area under the pointer, by the painter's hit test.
    let area_at = move |ev: &web_sys::MouseEvent| {
        let map = map_ref.get_untracked()?;
        let rect = map.get_bounding_client_rect();
        let (x, y) = map_point(view_box.get_untracked(), rect.width(), rect.height(), ev.client_x() as f64 - rect.left(), ev.client_y() as f64 - rect.top());
        painter.with_value(|p| p.as_ref()?.area_at(x, y))
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(i) = area_at(&ev) else { return };
        focused.set(Some(i));
        if let Some(code) = geometry.with_untracked(|g| g.as_ref().and_then(|g| g.shapes.get(i).map(|s| s.code.clone()))) {
            select(code);
        }
    };
    let on_move = move |ev: web_sys::MouseEvent| hover.set(area_at(&ev).map(|i| (i, ev.client_x(), ev.client_y())));
    let on_wheel = move |ev: web_sys::WheelEvent| {
        if ev.ctrl_key() || wheel_zooms.get_untracked() {
            ev.prevent_default();
            wheel_hint.set(false);
            let factor = if ev.delta_y() < 0.0 { 0.8 } else { 1.25 };
            view_box.update(|v| *v = v.zoom(factor));
        } else {
            wheel_hint.set(true);
        }
    };

    let period_label = move || derived.period.get().map(|p| p.label).unwrap_or_default();
    let value_text = move |i: usize| {
        if outside(i) {
            return outside_text();
        }
        derived.values.get().and_then(|v| v.get(value_index(i)?).map(|x| x.flagged_text())).unwrap_or_default()
    };
    // Every area's fill and label, made once per change of the choices.
    let area_fills = Memo::new(move |_| {
        let shapes = geometry.with(|g| g.as_ref().map_or(0, |g| g.shapes.len()));
        Arc::new(positions.with(|p| paint(&derived, p.as_deref(), shapes)))
    });
    let area_labels = Memo::new(move |_| {
        let (mapped, period) = (state.mapped_label(), period_label());
        let labels = geometry.with(|g| {
            g.as_ref().map(|g| {
                g.shapes
                    .iter()
                    .enumerate()
                    .map(|(i, s)| match outside(i) {
                        true => format!("{}: {}", s.name, outside_text()),
                        false => format!("{}: {mapped}, {period}: {}", s.name, value_text(i)),
                    })
                    .collect::<Vec<_>>()
            })
        });
        Arc::new(labels.unwrap_or_default())
    });
    // One effect paints the areas: it sets only the fills, labels and
    // selection that differ from what it set before, so a change of choices
    // touches only the areas that change, and the reactive graph holds one
    // subscriber for the whole map, not several per area (whose
    // unsubscribing on every change grows with the square of the areas).
    Effect::new(move |before: Option<Painted>| {
        let now = Painted { geometry: geometry.get(), fills: area_fills.get(), labels: area_labels.get(), selected: state.area.get() };
        if map_ref.get().is_none() {
            return now;
        }
        let same_shapes = before.as_ref().is_some_and(|b| match (&b.geometry, &now.geometry) {
            (Some(b), Some(n)) => Arc::ptr_eq(b, n),
            _ => false,
        });
        let before = before.filter(|_| same_shapes);
        let shapes = now.geometry.as_ref().map(|g| g.shapes.as_slice()).unwrap_or_default();
        for (i, shape) in shapes.iter().enumerate() {
            let differs = |pick: fn(&Painted) -> &Arc<Vec<String>>| before.as_ref().is_none_or(|b| pick(b).get(i) != pick(&now).get(i));
            let is_selected = |p: &Painted| p.selected.as_deref() == Some(shape.code.as_str());
            let (fill, label, selection) =
                (differs(|p| &p.fills), differs(|p| &p.labels), before.as_ref().is_none_or(|b| is_selected(b) != is_selected(&now)));
            if !(fill || label || selection) {
                continue;
            }
            let Some(path) = document().get_element_by_id(&option_id(&shape.code)) else { continue };
            // What the canvas paints the area with, for anyone checking the map without seeing it.
            if fill {
                let _ = path.set_attribute("data-fill", now.fills.get(i).map_or("", String::as_str));
            }
            if label {
                let _ = path.set_attribute("aria-label", now.labels.get(i).map_or("", String::as_str));
            }
            if selection {
                let _ = path.set_attribute("aria-selected", &is_selected(&now).to_string());
            }
        }
        now
    });
    // The canvas: repainted whole on any change of shapes, fills, view or size.
    let districts_over_wards = Memo::new(move |_| (state.level.get() == Level::Ward).then(|| state.chosen_districts().and_then(|r| r.ok())).flatten());
    let class_colours = Memo::new(move |_| derived.classes.get().map(|c| colours(&c)).unwrap_or_default());
    Effect::new(move |before: Option<Drawn>| {
        let (shapes, districts) = (geometry.get(), districts_over_wards.get());
        let (fills, colours, view) = (area_fills.get(), class_colours.get(), view_box.get());
        map_px.track();
        let (Some(map), Some(canvas), Some(lines)) = (map_ref.get(), canvas_ref.get(), lines_ref.get()) else { return (None, None) };
        let Some(g) = shapes.clone() else { return (None, None) };
        let same = |a: &Option<Arc<MapGeometry>>, b: &Option<Arc<MapGeometry>>| match (a, b) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if !before.as_ref().is_some_and(|(s, d)| same(s, &shapes) && same(d, &districts)) || painter.with_value(Option::is_none) {
            painter.set_value(Painter::new(&canvas, &lines, &g, districts.as_deref()));
        }
        let (width, height) = (map.client_width() as f64, map.client_height() as f64);
        let density = window().device_pixel_ratio();
        painter.update_value(|p| {
            if let Some(p) = p {
                p.paint(&fills, &colours, view, (width, height), density)
            }
        });
        // Where the canvas is looking and what it outlined, for anyone checking the map without seeing it.
        let _ = map.set_attribute("data-view-box", &view.attr());
        let _ = map.set_attribute("data-districts-outlined", &districts.as_ref().map_or(0, |d| d.shapes.len()).to_string());
        let wards = if state.level.get_untracked() == Level::Ward || state.is_overview() { g.shapes.len() } else { 0 };
        crate::first_paint::mark_wards_drawn(&map, wards);
        (shapes, districts)
    });

    let tooltip = move || {
        let (i, x, y) = hover.get()?;
        let shape = geometry.get()?.shapes.get(i)?.clone();
        let text = if outside(i) { outside_text() } else { format!("{}: {}", state.mapped_label(), value_text(i)) };
        Some(view! {
            <div class="tooltip" aria-hidden="true" style=format!("left:{}px;top:{}px", x + 14, y + 14)>
                <strong>{shape.name}</strong>
                <br/>
                {text}
            </div>
        })
    };
    let ring = move |i: Option<usize>, class: &'static str| {
        let (code, path) = geometry.with(|g| g.as_ref().and_then(|g| g.shapes.get(i?).map(|s| (s.code.clone(), s.path.clone()))))?;
        Some(view! { <path class=class d=path data-area-code=code/> })
    };
    let selected_ring = move || ring(state.area.get().and_then(|code| shape_index(&code)), "selected-ring");
    let focus_ring = move || if has_focus.get() { ring(focused.get(), "focus-ring") } else { None };
    let hover_ring = move || ring(hover.get().map(|(i, _, _)| i), "hover-ring");
    let names = move || {
        let outlines = state.chosen_districts().and_then(|r| r.ok())?;
        let (v, px) = (view_box.get(), map_px.get());
        Some(view! { <DistrictNames outlines view=v map_px=px/> })
    };
    // The map keeps the force's shape, within the height the stylesheet allows.
    let shape = move || full().map(|v| format!("aspect-ratio: {:.1} / {:.1}", v.w, v.h)).unwrap_or_default();

    view! {
        <div class="map-wrap">
            <div class="zoom-controls" role="group" aria-label="Zoom and pan the map">
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.zoom(0.67)) aria-label="Zoom in">"+"</button>
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.zoom(1.5)) aria-label="Zoom out">"−"</button>
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.pan(-0.2, 0.0)) aria-label="Pan west">"←"</button>
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.pan(0.0, -0.2)) aria-label="Pan north">"↑"</button>
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.pan(0.0, 0.2)) aria-label="Pan south">"↓"</button>
                <button type="button" on:click=move |_| view_box.update(|v| *v = v.pan(0.2, 0.0)) aria-label="Pan east">"→"</button>
                <button type="button" on:click=move |_| { if let Some(f) = full() { view_box.set(f) } }>"Reset"</button>
            </div>
            <p id="map-help" class="map-help">"Tab to the map, move between neighbouring areas with the arrow keys, select with Enter."</p>
            <div id="map" node_ref=map_ref class="map" style=shape
                role="listbox" tabindex="0" aria-describedby="map-help"
                aria-label=move || match state.is_overview() {
                    true => format!("Map of the districts of England and Wales, {}", state.mapped_label()),
                    false => format!("Map of {}, {}, {}", state.level.get().label().to_lowercase(), state.mapped_label(), period_label()),
                }
                aria-activedescendant=move || focused.get().and_then(|i| geometry.with(|g| g.as_ref().and_then(|g| g.shapes.get(i).map(|s| option_id(&s.code)))))
                on:focus=on_focus
                on:blur=move |_| has_focus.set(false)
                on:keydown=on_key
                on:wheel=on_wheel
                on:click=on_click
                on:mousemove=on_move
                on:pointerdown=move |_| wheel_zooms.set(true)
                on:mouseleave=move |_| { hover.set(None); wheel_zooms.set(false); wheel_hint.set(false); }>
                <canvas node_ref=canvas_ref class="map-canvas" aria-hidden="true"></canvas>
                <canvas node_ref=lines_ref class="map-canvas map-lines" aria-hidden="true"></canvas>
                <svg class="map-overlay" viewBox=move || view_box.get().attr() preserveAspectRatio="xMidYMid meet" aria-hidden="true">
                    {names}
                    {hover_ring}
                    {selected_ring}
                    {focus_ring}
                </svg>
                <For each=shapes key=|(_, s)| s.code.clone() let((_, shape))>
                    {
                        // Label, fill and selection are set by the effect above.
                        let class = if state.level.get_untracked() == Level::Ward { "area ward" } else { "area district" };
                        view! {
                            <div class=class role="option" aria-selected="false"
                                id=option_id(&shape.code)
                                data-area-code=shape.code.clone()
                                data-centre=format!("{:.1} {:.1}", shape.centre.0, shape.centre.1)></div>
                        }
                    }
                </For>
            </div>
            <p class="map-hint" role="status">{move || wheel_hint.get().then_some("Ctrl + scroll to zoom the map, or click into it first")}</p>
            {tooltip}
            <crate::map_export::MapDownloads/>
        </div>
    }
}

/// Where each shape's area is in the mapped values: at force level every
/// district shape stands for the force, the one area; in a module, an area
/// outside it has none (and a module without wards leaves every area outside).
fn positions(state: &AppState, derived: &Derived, geometry: &MapGeometry) -> Option<Vec<Option<usize>>> {
    // The overview's outlines are its table's districts, in order.
    if state.is_overview() {
        return Some((0..geometry.shapes.len()).map(Some).collect());
    }
    let codes: Vec<&str> = geometry.shapes.iter().map(|s| s.code.as_str()).collect();
    Some(match derived.module_view.get()? {
        Ok(view) => view.positions(state.level.get(), &codes),
        Err(_) => vec![None; codes.len()],
    })
}

/// The fill of each shape of `geometry`, as drawn (also into the download).
pub fn fills(state: &AppState, derived: &Derived, geometry: &MapGeometry) -> Vec<String> {
    paint(derived, positions(state, derived, geometry).as_deref(), geometry.shapes.len())
}

/// The fill of each of `shapes` shapes, whose areas are at `positions` in
/// the mapped values: its class colour or pattern, the module's pattern
/// outside it, hatched without a value.
fn paint(derived: &Derived, positions: Option<&[Option<usize>]>, shapes: usize) -> Vec<String> {
    let (values, classes) = (derived.values.get(), derived.classes.get());
    let colours = classes.as_deref().map(colours).unwrap_or_default();
    (0..shapes)
        .map(|i| {
            // `Some(None)`: outside the module; `None`: no figures yet.
            let position = positions.and_then(|p| p.get(i).copied());
            if position == Some(None) {
                return "url(#outside-module)".to_string();
            }
            let (Some(values), Some(c), Some(Some(at))) = (&values, &classes, position) else { return "url(#hatch-no-data)".to_string() };
            values.get(at).map(|v| fill(v, c.area_class.get(at).copied().flatten(), &colours)).unwrap_or_default()
        })
        .collect()
}

/// The districts whose names are written, at `font_px` pixels on a map of
/// `units_per_px` map units per pixel: those whose name fits across the
/// district (estimated at 0.55 em a character) and whose centre is in
/// `view`, widest first, leaving out a name that would overlap one written.
pub fn named_districts(shapes: &[WardShape], units_per_px: f64, font_px: f64, view: ViewBox) -> Vec<&WardShape> {
    let text_width = |s: &WardShape| s.name.chars().count() as f64 * 0.55 * font_px * units_per_px;
    let mut candidates: Vec<&WardShape> = shapes
        .iter()
        .filter(|s| {
            let (x, y) = s.centre;
            s.bounds[2] - s.bounds[0] >= text_width(s) && x >= view.x && x <= view.x + view.w && y >= view.y && y <= view.y + view.h
        })
        .collect();
    candidates.sort_by(|a, b| (b.bounds[2] - b.bounds[0]).total_cmp(&(a.bounds[2] - a.bounds[0])));
    let line = 1.3 * font_px * units_per_px;
    let mut written: Vec<&WardShape> = Vec::new();
    for s in candidates {
        let clear = written.iter().all(|w| {
            (s.centre.0 - w.centre.0).abs() * 2.0 >= text_width(s) + text_width(w) || (s.centre.1 - w.centre.1).abs() >= line
        });
        if clear {
            written.push(s);
        }
    }
    written
}

/// District names, for orientation (their outlines are on the canvas).
/// Hidden from assistive technology: the search box and the table name the
/// same places. A name is written only where its district is wide enough on
/// screen to hold it, so a phone or a zoomed-out map is not cluttered.
#[component]
fn DistrictNames(outlines: Arc<MapGeometry>, view: ViewBox, map_px: f64) -> impl IntoView {
    // Before the map is measured (or while hidden) assume a desktop width.
    let px = if map_px > 0.0 { map_px } else { 700.0 };
    let units_per_px = view.w / px;
    let font_px = label_px(px);
    let labels = named_districts(&outlines.shapes, units_per_px, font_px, view)
        .into_iter()
        .map(|s| {
            view! {
                <text class="district-label" x=format!("{:.1}", s.centre.0) y=format!("{:.1}", s.centre.1)
                    font-size=format!("{:.1}", font_px * units_per_px) stroke-width=format!("{:.1}", font_px * units_per_px * 0.3)>
                    {s.name.clone()}
                </text>
            }
        })
        .collect_view();
    view! { <g class="district-names">{labels}</g> }
}
