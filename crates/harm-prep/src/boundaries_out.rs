//! Simplified ward and district boundaries for the site: done once here so
//! the browser only draws. Districts are dissolved from their wards and
//! simplified together with them (see [`crate::topology`]), so neighbours
//! share their edges exactly and district outlines lie on ward edges.

use crate::geography::Ward;
use crate::topology::{dissolve, simplify_shared};
use geo::{MapCoords, MultiPolygon};
use harm_core::dataset::District;
use serde_json::{json, Value};

/// GeoJSON FeatureCollections (properties `code`, `name`) of the wards and of
/// the districts, simplified with Visvalingam-Whyatt along shared arcs and
/// rounded to `decimals` places. Deterministic for the same input.
pub fn boundaries_geojson(wards: &[Ward], districts: &[District], simplify_area: f64, decimals: u32) -> (String, String) {
    let district_shapes: Vec<MultiPolygon<f64>> = districts
        .iter()
        .map(|d| dissolve(&wards.iter().filter(|w| w.district.code == d.code).map(|w| &w.shape).collect::<Vec<_>>()))
        .collect();
    let shapes: Vec<MultiPolygon<f64>> = wards.iter().map(|w| w.shape.clone()).chain(district_shapes).collect();
    let scale = 10f64.powi(decimals as i32);
    let simplified: Vec<MultiPolygon<f64>> = simplify_shared(&shapes, simplify_area)
        .into_iter()
        .map(|s| s.map_coords(|c| geo::coord! { x: (c.x * scale).round() / scale, y: (c.y * scale).round() / scale }))
        .collect();
    let (ward_shapes, district_shapes) = simplified.split_at(wards.len());
    let wards = collection(wards.iter().map(|w| (w.code.as_str(), w.name.as_str())).zip(ward_shapes));
    let districts = collection(districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).zip(district_shapes));
    (wards, districts)
}

fn collection<'a>(areas: impl Iterator<Item = ((&'a str, &'a str), &'a MultiPolygon<f64>)>) -> String {
    let features: Vec<Value> = areas
        .map(|((code, name), shape)| {
            json!({
                "type": "Feature",
                "properties": { "code": code, "name": name },
                "geometry": geojson::Geometry::new(geojson::Value::from(shape)),
            })
        })
        .collect();
    serde_json::to_string(&json!({ "type": "FeatureCollection", "features": features })).expect("GeoJSON values serialise")
}
