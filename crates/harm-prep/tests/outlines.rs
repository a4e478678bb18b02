//! The published outlines fit together, checked on the committed data edge
//! by edge, independently of how the build simplified them. Two neighbours
//! leave no sliver between them when every edge of one is walked backwards by
//! the other; so every ward edge without a partner must lie on a district
//! outline (the force's edge or a district border), and every district edge
//! must be a ward edge (district outlines lie exactly on ward boundaries).

use std::collections::HashSet;
use std::path::Path;

type Edge = ((i64, i64), (i64, i64));

/// Directed edges of every ring of every feature, on the published 4-decimal grid.
fn edges(relative: &str) -> HashSet<Edge> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    let collection: geojson::FeatureCollection = text.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    let grid = |p: &Vec<f64>| ((p[0] * 1e4).round() as i64, (p[1] * 1e4).round() as i64);
    let mut out = HashSet::new();
    for feature in collection.features {
        let polygons = match feature.geometry.unwrap().value {
            geojson::Value::Polygon(p) => vec![p],
            geojson::Value::MultiPolygon(m) => m,
            other => panic!("{relative}: not a polygon: {other:?}"),
        };
        for ring in polygons.iter().flatten() {
            for pair in ring.windows(2) {
                let (a, b) = (grid(&pair[0]), grid(&pair[1]));
                if a != b {
                    out.insert((a, b));
                }
            }
        }
    }
    out
}

fn unpartnered(edges: &HashSet<Edge>) -> HashSet<Edge> {
    edges.iter().filter(|(a, b)| !edges.contains(&(*b, *a))).copied().collect()
}

fn check_force(force: &str) {
    let wards = edges(&format!("{force}/wards.geojson"));
    let districts = edges(&format!("{force}/districts.geojson"));
    let gaps: Vec<Edge> = unpartnered(&wards).into_iter().filter(|e| !districts.contains(e)).collect();
    assert!(gaps.is_empty(), "{force}: {} ward edges have no neighbour and are on no district outline, e.g. {:?}", gaps.len(), &gaps[..gaps.len().min(3)]);
    let off_wards: Vec<&Edge> = districts.iter().filter(|e| !wards.contains(e)).collect();
    assert!(off_wards.is_empty(), "{force}: {} district edges are not ward edges, e.g. {:?}", off_wards.len(), &off_wards[..off_wards.len().min(3)]);
}

#[test]
fn hampshire_outlines_fit_together() {
    check_force("hampshire");
}

#[test]
fn west_midlands_outlines_fit_together() {
    check_force("west-midlands");
}
