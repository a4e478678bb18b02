//! Ward and district outlines as SVG paths. The boundaries are already simplified at
//! build time; here they are only projected: x = lon * cos(mean latitude),
//! y = -lat, which keeps shapes true at the scale of one force.
//!
//! Outlines that are not longitude and latitude, or that do not match the
//! areas of wards.csv one for one, are errors naming the file: the map never
//! silently draws fewer areas, nor a blank from degenerate coordinates.

use geojson::{FeatureCollection, GeoJson, Value};
use harm_core::csv_rows::InputError;
use harm_core::level::Level;
use harm_core::neighbours::centre;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub struct WardShape {
    pub code: String,
    pub name: String,
    /// SVG path data in view-box units.
    pub path: String,
    /// A point inside the area's main part (`harm_core::neighbours::centre`):
    /// where the arrow keys measure from and a district's name is written.
    pub centre: (f64, f64),
    /// The smallest box around the area: min x, min y, max x, max y.
    pub bounds: [f64; 4],
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

/// Codes shown in a message about unmatched areas before "and N more".
const LISTED: usize = 5;

/// Projects the outlines in `file` (features with `code` and `name`) into
/// shapes in the order of `areas` (code, name): the `level`'s areas of
/// `wards_file`. Districts share the wards' outer boundary, so their view box
/// is the same and the layers line up.
pub fn project(file: &str, text: &str, level: Level, areas: &[(String, String)], wards_file: &str) -> Result<MapGeometry, InputError> {
    let problem = |reason: String| InputError::file(file, reason);
    let collection: FeatureCollection = text
        .parse::<GeoJson>()
        .map_err(|e| problem(format!("is not GeoJSON: {e}")))?
        .try_into()
        .map_err(|e: geojson::Error| problem(format!("is not a FeatureCollection: {e}")))?;
    let mut outlines: HashMap<&str, Vec<&Vec<Vec<Vec<f64>>>>> = HashMap::new();
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (i, feature) in collection.features.iter().enumerate() {
        let code = feature
            .property("code")
            .and_then(|v| v.as_str())
            .ok_or_else(|| problem(format!("feature {} of {} has no code", i + 1, collection.features.len())))?;
        let polygons: Vec<&Vec<Vec<Vec<f64>>>> = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(Value::Polygon(p)) => vec![p],
            Some(Value::MultiPolygon(m)) => m.iter().collect(),
            _ => return Err(problem(format!("area {code} is not a polygon"))),
        };
        // An area without positions would be listed but never drawn.
        if polygons.iter().flat_map(|p| p.iter()).all(|ring| ring.is_empty()) {
            return Err(problem(format!("area {code} has an empty outline")));
        }
        for position in polygons.iter().flat_map(|p| p.iter()).flatten() {
            let [lon, lat, ..] = position[..] else {
                return Err(problem(format!("area {code} has a position {position:?} without a longitude and latitude")));
            };
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                return Err(problem(format!("area {code} has a position [{lon:?}, {lat:?}] that is not a longitude and latitude")));
            }
            min_x = min_x.min(lon);
            max_x = max_x.max(lon);
            min_y = min_y.min(lat);
            max_y = max_y.max(lat);
        }
        if outlines.insert(code, polygons).is_some() {
            return Err(problem(format!("gives area {code} more than once")));
        }
    }
    let level = level.key();
    let missing: Vec<String> =
        areas.iter().filter(|(code, _)| !outlines.contains_key(code.as_str())).map(|(code, name)| format!("{code} ({name})")).collect();
    if !missing.is_empty() {
        return Err(problem(format!("has no outline for {} {level}(s) of {wards_file}: {}", missing.len(), listing(&missing))));
    }
    let listed: HashSet<&str> = areas.iter().map(|(code, _)| code.as_str()).collect();
    let mut extra: Vec<String> = outlines.keys().filter(|code| !listed.contains(*code)).map(|code| code.to_string()).collect();
    if !extra.is_empty() {
        extra.sort();
        return Err(problem(format!("has outlines for {} area(s) that are not {level}s of {wards_file}: {}", extra.len(), listing(&extra))));
    }
    if !(max_x > min_x && max_y > min_y) {
        return Err(problem("has no outline with any width and height to draw".into()));
    }
    let squash = ((min_y + max_y) / 2.0).to_radians().cos();
    let scale = WIDTH / ((max_x - min_x) * squash);
    let height = (max_y - min_y) * scale;
    let shapes = areas
        .iter()
        .map(|(code, name)| {
            let mut path = String::new();
            let mut rings = Vec::new();
            let mut bounds = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
            // Every area is outlined and every position has two coordinates: both checked above.
            for ring in outlines[code.as_str()].iter().flat_map(|p| p.iter()) {
                let points: Vec<(f64, f64)> =
                    ring.iter().map(|position| ((position[0] - min_x) * squash * scale, (max_y - position[1]) * scale)).collect();
                for (k, (x, y)) in points.iter().enumerate() {
                    path.push(if k == 0 { 'M' } else { 'L' });
                    push_tenths(&mut path, *x);
                    path.push(' ');
                    push_tenths(&mut path, *y);
                    bounds = [bounds[0].min(*x), bounds[1].min(*y), bounds[2].max(*x), bounds[3].max(*y)];
                }
                path.push('Z');
                rings.push(points);
            }
            // A sliver with no area still has a box to stand in.
            let centre = centre(&rings).unwrap_or(((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0));
            WardShape { code: code.clone(), name: name.clone(), path, centre, bounds }
        })
        .collect();
    Ok(MapGeometry { shapes, width: WIDTH, height })
}

/// `value` to one decimal place, as `{:.1}` writes it but without its
/// exact float formatting, the slowest part of drawing a force's outlines.
fn push_tenths(path: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        path.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(path, "{}", tenths / 10);
    path.push('.');
    path.push(char::from(b'0' + (tenths % 10) as u8));
}

/// The first few of `items`, then how many more there are.
fn listing(items: &[String]) -> String {
    let shown = items[..items.len().min(LISTED)].join(", ");
    match items.len().saturating_sub(LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
