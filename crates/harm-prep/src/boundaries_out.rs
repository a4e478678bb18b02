//! Simplified ward boundaries for the site: done once here so the browser
//! only draws.

use crate::geography::Ward;
use geo::{MapCoords, MultiPolygon, SimplifyVwPreserve};
use serde_json::{json, Value};

/// A GeoJSON FeatureCollection of the wards (properties `code`, `name`),
/// simplified with Visvalingam-Whyatt (topology preserving, so rings stay
/// valid) and rounded to `decimals` places. Deterministic for the same input.
pub fn ward_boundaries_geojson(wards: &[Ward], simplify_area: f64, decimals: u32) -> String {
    let scale = 10f64.powi(decimals as i32);
    let features: Vec<Value> = wards
        .iter()
        .map(|ward| {
            let simplified: MultiPolygon<f64> = ward
                .shape
                .simplify_vw_preserve(simplify_area)
                .map_coords(|c| geo::coord! { x: (c.x * scale).round() / scale, y: (c.y * scale).round() / scale });
            let geometry = geojson::Geometry::new(geojson::Value::from(&simplified));
            json!({
                "type": "Feature",
                "properties": { "code": ward.code, "name": ward.name },
                "geometry": geometry,
            })
        })
        .collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_string(&collection).expect("GeoJSON values serialise")
}
