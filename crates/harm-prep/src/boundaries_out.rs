//! Simplified ward and district boundaries for the site: done once here so
//! the browser only draws. Districts are dissolved from their wards and
//! simplified together with them (see [`crate::topology`]), so neighbours
//! share their edges exactly and district outlines lie on ward edges.

use crate::geography::Ward;
use crate::topology::{dissolve, simplify_shared};
use crate::error::{PrepError, Result};
use geo::{Area, LineString, MapCoords, MultiPolygon, Polygon};
use harm_core::dataset::District;
use serde_json::{json, Value};

/// GeoJSON FeatureCollections (properties `code`, `name`) of the wards and of
/// the districts, simplified with Visvalingam-Whyatt along shared arcs and
/// rounded to `decimals` places. Deterministic for the same input.
pub fn boundaries_geojson(wards: &[Ward], districts: &[District], simplify_area: f64, decimals: u32) -> Result<(String, String)> {
    let district_shapes: Vec<MultiPolygon<f64>> = districts
        .iter()
        .map(|d| dissolve(&wards.iter().filter(|w| w.district.code == d.code).map(|w| &w.shape).collect::<Vec<_>>()))
        .collect();
    let shapes: Vec<MultiPolygon<f64>> = wards.iter().map(|w| w.shape.clone()).chain(district_shapes).collect();
    let scale = 10f64.powi(decimals as i32);
    let simplified: Vec<MultiPolygon<f64>> = simplify_shared(&shapes, simplify_area)
        .into_iter()
        .map(|s| without_collapsed_rings(s.map_coords(|c| geo::coord! { x: (c.x * scale).round() / scale, y: (c.y * scale).round() / scale })))
        .collect();
    let names = wards.iter().map(|w| (&w.code, &w.name)).chain(districts.iter().map(|d| (&d.code, &d.name)));
    if let Some(((code, name), _)) = names.zip(&simplified).find(|(_, shape)| shape.0.is_empty()) {
        return Err(PrepError::Check(format!(
            "{code} ({name}) has no outline left after simplification (simplify_area = {simplify_area}, \
             coordinate_decimals = {decimals}): lower simplify_area or keep more decimals"
        )));
    }
    let (ward_shapes, district_shapes) = simplified.split_at(wards.len());
    let wards = collection(wards.iter().map(|w| (w.code.as_str(), w.name.as_str())).zip(ward_shapes));
    let districts = collection(districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).zip(district_shapes));
    Ok((wards, districts))
}

/// Drops the rings that simplification and rounding collapsed (fewer than
/// four positions once repeated ones are merged, or no area): GeoJSON needs
/// four positions to a ring, and a ring with no area draws nothing. A
/// polygon whose outer ring collapsed goes with it.
fn without_collapsed_rings(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let kept = |ring: &LineString<f64>| -> Option<LineString<f64>> {
        let mut coords = ring.0.clone();
        coords.dedup();
        let ring = LineString::from(coords);
        (ring.0.len() >= 4 && Polygon::new(ring.clone(), vec![]).unsigned_area() > 0.0).then_some(ring)
    };
    MultiPolygon::new(
        shape
            .0
            .iter()
            .filter_map(|p| Some(Polygon::new(kept(p.exterior())?, p.interiors().iter().filter_map(kept).collect())))
            .collect(),
    )
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
