//! The URL owns the shareable state: force, measure, period, baseline,
//! weighting scheme, basis, class breaks, selected ward, view, module and
//! the trauma score's weights. Read once at start, rewritten (without a
//! new history entry) whenever one of them changes.

use std::collections::BTreeMap;

/// Every state the URL holds, in the order it writes them.
pub const QUERY_KEYS: [&str; 14] = [
    "force", "measure", "period", "baseline", "scheme", "basis", "breaks", "classes", "level", "area", "ward", "view", "module", "weights",
];

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

pub fn write_query(pairs: &[(&str, String)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(params) = web_sys::UrlSearchParams::new() else { return };
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        params.append(k, v);
    }
    let query: String = params.to_string().into();
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}?{query}")));
    }
}
