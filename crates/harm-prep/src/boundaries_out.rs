//! Simplified ward and district boundaries for the site: done once here so
//! the browser only draws. Districts are dissolved from their wards and
//! simplified together with them (see [`crate::shared_arcs`]), so neighbours
//! share their edges exactly, district outlines lie on ward edges, and every
//! outline is a valid polygon. The same outlines are also published
//! projected and rounded as the map draws them ([`harm_core::outlines`]); the
//! GeoJSON is for people who take the data elsewhere.

use crate::geography::Ward;
use crate::error::{PrepError, Result};
use crate::shared_arcs::simplify_shared;
use crate::topology::dissolve;
use geo::{BoundingRect, MultiPolygon, Validation};
use harm_core::dataset::District;
use harm_core::outlines::{outlines_csv, project_area, Projection};
use serde_json::{json, Value};

/// A force's published outlines: GeoJSON FeatureCollections (properties
/// `code`, `name`) and the map's outline files, of the wards and of the
/// districts; and its districts dissolved from their wards before
/// simplification (for the national overview's outlines).
pub struct OutlineFiles {
    pub wards_geojson: String,
    pub districts_geojson: String,
    pub ward_outlines: String,
    pub district_outlines: String,
    pub district_shapes: Vec<MultiPolygon<f64>>,
}

/// The outlines of `wards` and `districts`, simplified with
/// Visvalingam-Whyatt along shared arcs and rounded to `decimals` places.
/// Deterministic for the same input.
pub fn outline_files(wards: &[Ward], districts: &[District], simplify_area: f64, decimals: u32) -> Result<OutlineFiles> {
    let district_shapes: Vec<MultiPolygon<f64>> = districts
        .iter()
        .map(|d| dissolve(&wards.iter().filter(|w| w.district.code == d.code).map(|w| &w.shape).collect::<Vec<_>>()))
        .collect();
    let shapes: Vec<MultiPolygon<f64>> = wards.iter().map(|w| w.shape.clone()).chain(district_shapes.iter().cloned()).collect();
    let ward_names: Vec<(&str, &str)> = wards.iter().map(|w| (w.code.as_str(), w.name.as_str())).collect();
    let district_names: Vec<(&str, &str)> = districts.iter().map(|d| (d.code.as_str(), d.name.as_str())).collect();
    let names: Vec<(&str, &str)> = ward_names.iter().chain(&district_names).copied().collect();
    let simplified = simplified(&names, &shapes, simplify_area, decimals)?;
    let (ward_shapes, simplified_districts) = simplified.split_at(wards.len());
    // Districts are drawn over the wards, so both are projected in the wards' frame.
    let extent = projection(ward_shapes)?;
    Ok(OutlineFiles {
        wards_geojson: collection(ward_names.iter().copied().zip(ward_shapes)),
        districts_geojson: collection(district_names.iter().copied().zip(simplified_districts)),
        ward_outlines: map_outlines(&ward_names, ward_shapes, &extent),
        district_outlines: map_outlines(&district_names, simplified_districts, &extent),
        district_shapes,
    })
}

/// `shapes` (named by `names`: code, name) simplified together along their
/// shared arcs, every outline checked to be a valid polygon with some area left.
pub fn simplified(names: &[(&str, &str)], shapes: &[MultiPolygon<f64>], simplify_area: f64, decimals: u32) -> Result<Vec<MultiPolygon<f64>>> {
    let mut simplified = simplify_shared(shapes, simplify_area, decimals);
    // Rounding can bring two vertices of one ring onto the same point, a
    // ring touching itself (a pinch), which is not a valid polygon. Its
    // rings are then re-chained, split into loops at the point, as the
    // dissolve does: no vertex moves, so neighbours still fit. Parts of one
    // area that simplifying made overlap (small islands, at national scale)
    // are then merged into their union, which changes only that area's own
    // outline where its parts overlap.
    for shape in simplified.iter_mut().filter(|s| s.check_validation().is_err()) {
        *shape = dissolve(&[&*shape]);
        if shape.check_validation().is_err() {
            *shape = geo::unary_union(shape.0.iter());
        }
    }
    for ((code, name), shape) in names.iter().zip(&simplified) {
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
    Ok(simplified)
}

/// The map's projection fitting `shapes`.
pub fn projection(shapes: &[MultiPolygon<f64>]) -> Result<Projection> {
    MultiPolygon(shapes.iter().flat_map(|s| s.0.iter().cloned()).collect())
        .bounding_rect()
        .and_then(|r| Projection::fitting([r.min().x, r.min().y, r.max().x, r.max().y]))
        .ok_or_else(|| PrepError::Check("the outlines have no width and height to draw".into()))
}

/// The map's outline file of the areas, projected by `projection`.
pub fn map_outlines(names: &[(&str, &str)], shapes: &[MultiPolygon<f64>], projection: &Projection) -> String {
    let rows: Vec<_> = names
        .iter()
        .zip(shapes)
        .map(|(&(code, name), shape)| {
            let polygons: Vec<Vec<Vec<(f64, f64)>>> = shape
                .0
                .iter()
                .map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(|ring| ring.coords().map(|c| (c.x, c.y)).collect()).collect())
                .collect();
            project_area(code, name, &polygons, projection)
        })
        .collect();
    outlines_csv(&rows)
}

/// A GeoJSON FeatureCollection of the areas (properties `code`, `name`).
pub fn collection<'a>(areas: impl Iterator<Item = ((&'a str, &'a str), &'a MultiPolygon<f64>)>) -> String {
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
