//! The URL owns the shareable state: force, measure, period, baseline,
//! weighting scheme, basis, class breaks, selected area, view, table filter,
//! module and the trauma score's weights. Read at start and again when Back
//! or Forward brings another URL (`AppState::apply`); each choice a person
//! makes pushes a new history entry, so Back undoes it.

use crate::state::AppState;
use leptos::prelude::*;
use std::collections::BTreeMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Every state the URL holds, in the order it writes them.
pub const QUERY_KEYS: [&str; 15] = [
    "force", "measure", "period", "baseline", "scheme", "basis", "breaks", "classes", "level", "area", "ward", "view", "filter", "module",
    "weights",
];

/// The URL's values of `QUERY_KEYS`.
pub fn read_query() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else { return out };
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        for key in QUERY_KEYS {
            if let Some(v) = params.get(key) {
                out.insert(key.to_string(), v);
            }
        }
    }
    out
}

/// The query text (without `?`) of `pairs`, leaving out empty values.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else { return String::new() };
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        params.append(k, v);
    }
    params.to_string().into()
}

/// Writes `query` into the address bar: as a new history entry (`push`), or
/// in place of the current one. Writing the URL already shown does nothing.
fn write_query(query: &str, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    if location.search().unwrap_or_default().trim_start_matches('?') == query {
        return;
    }
    let url = format!("{}?{query}", location.pathname().unwrap_or_default());
    if let Ok(history) = window.history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = if push { history.push_state_with_url(&null, "", Some(&url)) } else { history.replace_state_with_url(&null, "", Some(&url)) };
    }
}

/// Keeps the URL and the state in step: every change of the state pushes
/// one history entry (its signals change together, so one choice is one
/// entry); at start, until the manifest has loaded, and after Back or
/// Forward, the URL is only tidied in place. Back and Forward set the state
/// from the URL they bring.
pub fn keep_in_address(state: AppState) {
    // True while the state is being read from a URL, not chosen by a person.
    let restoring = StoredValue::new(true);
    Effect::new(move |last: Option<Vec<(&'static str, String)>>| {
        let pairs = state.query_pairs();
        let loaded = state.manifest().is_some();
        let restored = restoring.get_value() || !loaded;
        // After the new choice is painted: the browser's history write is not on the way to it.
        let query = query_string(&pairs);
        crate::first_paint::after_next_paint(move || write_query(&query, !restored));
        if loaded {
            restoring.set_value(false);
        }
        // A value the person has changed replaces the URL's refused one.
        if let (false, Some(last)) = (restored, last) {
            pairs.iter().zip(&last).filter(|(now, before)| now != before).for_each(|((key, _), _)| state.settle(key));
        }
        pairs
    });
    let on_pop = Closure::<dyn Fn()>::new(move || {
        restoring.set_value(true);
        state.apply(&read_query());
        // Signals that did not change run no effect to end the restoring:
        // end it after the effects of this change have run.
        set_timeout(move || restoring.set_value(false), std::time::Duration::ZERO);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_pop.forget();
}

/// The address of the current state with `changes` (key, value) made: the
/// `href` of a link to another view, which the link's click then applies
/// without reloading the page.
pub fn address_with(state: &AppState, changes: &[(&str, &str)]) -> String {
    let mut pairs = state.query_pairs();
    for (key, value) in pairs.iter_mut() {
        if let Some((_, new)) = changes.iter().find(|(k, _)| k == key) {
            *value = new.to_string();
        }
    }
    format!("?{}", query_string(&pairs))
}
