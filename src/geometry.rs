//! Ward and district outlines as SVG paths. The boundaries are already simplified at
//! build time; here they are only projected: x = lon * cos(mean latitude),
//! y = -lat, which keeps shapes true at the scale of one force.

use geojson::{FeatureCollection, GeoJson, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct WardShape {
    pub code: String,
    pub name: String,
    /// SVG path data in view-box units.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapGeometry {
    /// In the same order as the ward table.
    pub shapes: Vec<WardShape>,
    pub width: f64,
    pub height: f64,
}

/// View-box width; heights follow the force's shape.
const WIDTH: f64 = 1000.0;

/// Projects the outlines in `text` (features with `code` and `name`) into
/// shapes in the order of `areas` (code, name). Districts share the wards'
/// outer boundary, so their view box is the same and the layers line up.
pub fn project(file: &str, text: &str, areas: &[(String, String)]) -> Result<MapGeometry, String> {
    let collection: FeatureCollection = text
        .parse::<GeoJson>()
        .map_err(|e| format!("{file} is not GeoJSON: {e}"))?
        .try_into()
        .map_err(|e: geojson::Error| format!("{file} is not a FeatureCollection: {e}"))?;
    let mut rings_by_code = std::collections::HashMap::new();
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (i, feature) in collection.features.iter().enumerate() {
        let code = feature
            .property("code")
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("{file}: feature {i} has no code"))?;
        let polygons: Vec<&Vec<Vec<Vec<f64>>>> = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(Value::Polygon(p)) => vec![p],
            Some(Value::MultiPolygon(m)) => m.iter().collect(),
            _ => return Err(format!("{file}: area {code} is not a polygon")),
        };
        for ring in polygons.iter().flat_map(|p| p.iter()) {
            for position in ring {
                let (lon, lat) = (position[0], position[1]);
                min_x = min_x.min(lon);
                max_x = max_x.max(lon);
                min_y = min_y.min(lat);
                max_y = max_y.max(lat);
            }
        }
        rings_by_code.insert(code.to_string(), polygons);
    }
    if rings_by_code.is_empty() {
        return Err(format!("{file} has no areas"));
    }
    let squash = ((min_y + max_y) / 2.0).to_radians().cos();
    let scale = WIDTH / ((max_x - min_x) * squash);
    let height = (max_y - min_y) * scale;
    let mut shapes = Vec::with_capacity(areas.len());
    for (code, name) in areas {
        let polygons = rings_by_code.get(code).ok_or_else(|| format!("{file} has no outline for {code} ({name})"))?;
        let mut path = String::new();
        for ring in polygons.iter().flat_map(|p| p.iter()) {
            for (k, position) in ring.iter().enumerate() {
                let x = (position[0] - min_x) * squash * scale;
                let y = (max_y - position[1]) * scale;
                path.push_str(&format!("{}{x:.1} {y:.1}", if k == 0 { "M" } else { "L" }));
            }
            path.push('Z');
        }
        shapes.push(WardShape { code: code.clone(), name: name.clone(), path });
    }
    Ok(MapGeometry { shapes, width: WIDTH, height })
}
