//! The first view draws the map before anything it does not need: work for
//! the parts beside it (the legend's data-availability note and weighting
//! sensitivity) waits until the browser has painted once, and the map says
//! how many wards it has drawn (`data-wards-drawn`), so a benchmark or a
//! test can see when the map is there, whatever draws it.

use leptos::prelude::*;
use std::time::Duration;

/// Runs `f` after the browser's next paint: a timeout queued from an
/// animation frame runs once that frame has been painted.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, Duration::ZERO));
}

/// True once the page has painted after the calling component was created.
pub fn painted() -> ReadSignal<bool> {
    let (painted, set) = signal(false);
    after_next_paint(move || {
        // The component may have gone (another view chosen) before the paint.
        let _ = set.try_set(true);
    });
    painted
}

/// Marks the map element with the number of wards drawn on it, and tells
/// the page's loader (public/boot.js) the first time there are any, so the
/// offline copy is made after the first view, not in its way.
pub fn mark_wards_drawn(map: &web_sys::Element, drawn: usize) {
    let _ = map.set_attribute("data-wards-drawn", &drawn.to_string());
    if drawn > 0 {
        if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("map-drawn")) {
            after_next_paint(move || {
                let _ = window.dispatch_event(&event);
            });
        }
    }
}
