//! Simplified ward and district boundaries for the site: done once here so
//! the browser only draws. Districts are dissolved from their wards and
//! simplified together with them (see [`crate::shared_arcs`]), so neighbours
//! share their edges exactly, district outlines lie on ward edges, and every
//! outline is a valid polygon.

use crate::geography::Ward;
use crate::error::{PrepError, Result};
use crate::shared_arcs::simplify_shared;
use crate::topology::dissolve;
use geo::{MultiPolygon, Validation};
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
    let simplified = simplify_shared(&shapes, simplify_area, decimals);
    let names = wards.iter().map(|w| (&w.code, &w.name)).chain(districts.iter().map(|d| (&d.code, &d.name)));
    for ((code, name), shape) in names.zip(&simplified) {
        if shape.0.is_empty() {
            return Err(PrepError::Check(format!(
                "{code} ({name}) has no outline left at coordinate_decimals = {decimals}: keep more decimals"
            )));
        }
        // Simplification keeps outlines valid when its input is; a boundary
        // file that is not (a ring crossing itself) is reported, not published.
        if let Err(problem) = shape.check_validation() {
            return Err(PrepError::Check(format!("{code} ({name}): the simplified outline is not a valid polygon: {problem}")));
        }
    }
    let (ward_shapes, district_shapes) = simplified.split_at(wards.len());
    let wards = collection(wards.iter().map(|w| (w.code.as_str(), w.name.as_str())).zip(ward_shapes));
    let districts = collection(districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).zip(district_shapes));
    Ok((wards, districts))
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
