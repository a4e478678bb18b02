//! The choropleth: one SVG path per ward, coloured by class, with hover
//! tooltip, click or keyboard selection, and zoom and pan by buttons or wheel.
//! The table below carries the same figures for screen readers.

use crate::legend::{colours, fill};
use harm_core::level::Level;
use crate::state::{AppState, Derived};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
struct ViewBox {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
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
    fn attr(self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }
}

#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let full = move || {
        state.force().map(|b| ViewBox { x: -10.0, y: -10.0, w: b.geometry.width + 20.0, h: b.geometry.height + 20.0 })
    };
    let view_box = RwSignal::new(full().unwrap_or(ViewBox { x: 0.0, y: 0.0, w: 1000.0, h: 1000.0 }));
    Effect::new(move |_| {
        if let Some(f) = full() {
            view_box.set(f);
        }
    });
    let hover = RwSignal::new(None::<(usize, i32, i32)>);

    let shapes = move || {
        let Some(g) = state.geometry() else { return Vec::new() };
        g.shapes.iter().cloned().enumerate().collect::<Vec<_>>()
    };
    // Where each shape's area is in the view: at force level every district
    // shape stands for the force, the one area; in a module, an area outside
    // it has none (and a module without wards leaves every area outside).
    let positions = Memo::new(move |_| {
        let g = state.geometry()?;
        let codes: Vec<&str> = g.shapes.iter().map(|s| s.code.as_str()).collect();
        Some(match derived.module_view.get()? {
            Ok(view) => view.positions(state.level.get(), &codes),
            Err(_) => vec![None; codes.len()],
        })
    });
    let value_index = move |i: usize| positions.with(|p| p.as_ref().and_then(|p| p.get(i).copied().flatten()));
    let outside = move |i: usize| positions.with(|p| p.as_ref().is_some_and(|p| p.get(i).is_some_and(Option::is_none)));
    let outside_text = move || format!("outside the module ({})", state.module.get().label());
    let select = move |code: String| {
        let at_force = state.level.get_untracked() == Level::Force;
        state.area.set(Some(if at_force { state.force().map(|b| b.entry.code.clone()).unwrap_or(code) } else { code }))
    };

    let tooltip = move || {
        let (i, x, y) = hover.get()?;
        let g = state.geometry()?;
        let shape = g.shapes.get(i)?;
        let text = if outside(i) {
            outside_text()
        } else {
            format!("{}: {}", state.mapped_label(), derived.values.get()?.get(value_index(i)?)?.flagged_text())
        };
        Some(view! {
            <div class="tooltip" role="status" style=format!("left:{}px;top:{}px", x + 14, y + 14)>
                <strong>{shape.name.clone()}</strong>
                <br/>
                {text}
            </div>
        })
    };

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
            <svg id="map" class="map" viewBox=move || view_box.get().attr() preserveAspectRatio="xMidYMid meet"
                role="group" aria-label=move || format!("Map of {}. Each area can be selected with Enter; the table below gives the same figures.", state.level.get().label().to_lowercase())
                on:wheel=move |ev| { ev.prevent_default(); let factor = if ev.delta_y() < 0.0 { 0.8 } else { 1.25 }; view_box.update(|v| *v = v.zoom(factor)); }
                on:mouseleave=move |_| hover.set(None)>
                <For each=shapes key=|(_, s)| s.code.clone() let((i, shape))>
                    {
                        let code = shape.code.clone();
                        let code_key = shape.code.clone();
                        let code_selected = shape.code.clone();
                        let name_for_label = shape.name.clone();
                        view! {
                            <path class="area" class:ward=move || state.level.get() == Level::Ward
                                class:district=move || state.level.get() != Level::Ward
                                class:selected=move || state.area.get().as_deref() == Some(code_selected.as_str())
                                data-area-code=shape.code.clone()
                                d=shape.path.clone()
                                tabindex="0"
                                role="button"
                                aria-label=move || {
                                    if outside(i) {
                                        return format!("{name_for_label}: {}", outside_text());
                                    }
                                    let value = derived.values.get().and_then(|v| v.get(value_index(i)?).map(|x| x.flagged_text())).unwrap_or_default();
                                    format!("{}, {}: {value}", name_for_label, state.mapped_label())
                                }
                                fill=move || {
                                    if outside(i) {
                                        return "url(#outside-module)".to_string();
                                    }
                                    let (Some(values), Some(c)) = (derived.values.get(), derived.classes.get()) else { return "url(#hatch-no-data)".to_string() };
                                    let Some(i) = value_index(i) else { return "url(#hatch-no-data)".to_string() };
                                    values.get(i).map(|v| fill(v, c.area_class.get(i).copied().flatten(), &colours(&c))).unwrap_or_default()
                                }
                                on:click=move |_| select(code.clone())
                                on:keydown=move |ev| { if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); select(code_key.clone()) } }
                                on:mousemove=move |ev| hover.set(Some((i, ev.client_x(), ev.client_y())))
                                on:focus=move |_| hover.set(None)>
                                <title>{shape.name.clone()}</title>
                            </path>
                        }
                    }
                </For>
            </svg>
            {tooltip}
        </div>
    }
}
