//! ONS boundary GeoJSON (WGS84 lon/lat), one file per district.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use geo::{Area as _, BoundingRect, MultiPolygon, Polygon, Rect};

/// One area of a boundary file: its properties (as named in the recipe) and shape.
pub struct Area {
    /// Where it was read: "<file>, feature <i>", to name both places of a repeated code.
    pub place: String,
    pub properties: Vec<String>,
    pub shape: MultiPolygon<f64>,
    pub bounds: Rect<f64>,
}

/// Areas of district `district_code` from the per-district folder `spec.path`,
/// with the recipe's `columns` (logical names) read as properties in order.
pub fn district_areas(
    raw: &RawFolder,
    input: &str,
    spec: &InputSpec,
    district_code: &str,
    columns: &[&str],
) -> Result<Vec<Area>> {
    let relative = format!("{}/{district_code}.geojson", spec.path.trim_end_matches('/'));
    let bytes = raw.read(input, spec, &relative)?;
    let bad = |reason: String| PrepError::Geometry { path: relative.clone().into(), reason };
    let text = std::str::from_utf8(&bytes).map_err(|e| bad(format!("is not UTF-8: {e}")))?;
    let collection: geojson::FeatureCollection =
        text.parse::<geojson::GeoJson>().map_err(|e| bad(format!("is not GeoJSON: {e}")))?.try_into().map_err(
            |e: geojson::Error| bad(format!("is not a FeatureCollection: {e}")),
        )?;
    if collection.features.is_empty() {
        // Its district would be published without wards or residents.
        return Err(bad("has no features: every district has areas".into()));
    }
    let keys: Vec<&str> = columns.iter().map(|c| spec.file_column(district_code, c)).collect::<Result<_>>()?;
    let mut areas = Vec::with_capacity(collection.features.len());
    for (i, feature) in collection.features.into_iter().enumerate() {
        let properties = keys
            .iter()
            .map(|key| {
                feature
                    .property(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| bad(format!("feature {i} has no text property '{key}'")))
            })
            .collect::<Result<Vec<_>>>()?;
        let geometry = feature.geometry.ok_or_else(|| bad(format!("feature {i} ({}) has no geometry", properties[0])))?;
        let shape: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(geometry) {
            Ok(geo::Geometry::Polygon(p)) => p.into(),
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            _ => return Err(bad(format!("feature {i} ({}) is not a polygon", properties[0]))),
        };
        let bounds = shape.bounding_rect().ok_or_else(|| bad(format!("feature {i} ({}) is empty", properties[0])))?;
        if let Some(why) = shape.0.iter().find_map(ring_fault) {
            return Err(bad(format!("feature {i} ({}) {why}", properties[0])));
        }
        areas.push(Area { place: format!("{relative}, feature {i}"), properties, shape, bounds });
    }
    Ok(areas)
}

/// Why a polygon cannot be a real area, if it cannot: a ring of fewer than
/// four points or not closed, a coordinate off the globe, or no area.
fn ring_fault(polygon: &Polygon<f64>) -> Option<String> {
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        if ring.0.len() < 4 || ring.0.first() != ring.0.last() {
            return Some(format!("has a ring of {} points that is not a closed ring of at least 4", ring.0.len()));
        }
        if let Some(c) = ring.0.iter().find(|c| !((-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y))) {
            return Some(format!("has the point ({:?}, {:?}), which is not a longitude and latitude", c.x, c.y));
        }
    }
    if polygon.unsigned_area() <= 0.0 {
        return Some("has a polygon with no area".into());
    }
    None
}
