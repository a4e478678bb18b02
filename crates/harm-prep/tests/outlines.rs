//! The published outlines fit together, checked on the committed data edge
//! by edge, independently of how the build simplified them. Two neighbours
//! leave no sliver between them when every edge of one is walked backwards by
//! the other; so every ward edge without a partner must lie on a district
//! outline (the force's edge or a district border), and every district edge
//! must be a ward edge (district outlines lie exactly on ward boundaries).

mod common;

use harm_prep::boundaries_out::outline_files;
use harm_prep::geography::ForceGeography;
use harm_prep::outline_check::OutlineFaults;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::collections::HashSet;

type Edge = ((i64, i64), (i64, i64));

/// Directed edges of every ring of every feature, on the published 4-decimal grid.
fn edges(relative: &str) -> HashSet<Edge> {
    let path = common::project().join("data").join(relative);
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

/// The outlines of a published GeoJSON file, as geo shapes.
fn shapes(relative: &str) -> Vec<geo::MultiPolygon<f64>> {
    parsed(&std::fs::read_to_string(common::project().join("data").join(relative)).unwrap())
}

fn parsed(text: &str) -> Vec<geo::MultiPolygon<f64>> {
    let collection: geojson::FeatureCollection = text.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    collection
        .features
        .into_iter()
        .map(|f| match geo::Geometry::<f64>::try_from(f.geometry.unwrap().value).unwrap() {
            geo::Geometry::Polygon(p) => geo::MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            other => panic!("not a polygon: {other:?}"),
        })
        .collect()
}

/// Square degrees the overlay may lose to rounding: about 1 m².
const AREA_TOLERANCE: f64 = 1e-10;

fn check_valid_and_fitting(force: &str) {
    for level in ["wards", "districts"] {
        let faults = OutlineFaults::of(&shapes(&format!("{force}/{level}.geojson")));
        eprintln!("{force} {level}: {} invalid, overlap {:e} square degrees, {} holes in the union", faults.invalid.len(), faults.overlap, faults.holes);
        // Neither force's area surrounds land that is not its own.
        assert!(faults.fit(0, AREA_TOLERANCE), "{force} {level}: {faults:?}");
    }
}

#[test]
fn hampshire_outlines_are_valid_without_overlaps_or_gaps() {
    check_valid_and_fitting("hampshire");
}

#[test]
fn west_midlands_outlines_are_valid_without_overlaps_or_gaps() {
    check_valid_and_fitting("west-midlands");
}

/// On the real boundary files: the outlines the build publishes fit
/// together as well as the files it reads do (no invalid outline, no
/// overlap, no hole in a force's wards that the files do not have).
#[test]
fn real_outlines_fit_together_as_the_boundary_files_do() {
    let Some(raw) = common::raw_folder() else { return };
    let recipe = read_recipe(&common::project().join("data/recipe.toml")).unwrap();
    let raw = RawFolder::new(&raw).unwrap();
    for force in &recipe.forces {
        let geography = ForceGeography::read(&raw, &recipe.inputs, force).unwrap();
        let source = OutlineFaults::of(&geography.wards.iter().map(|w| w.shape.clone()).collect::<Vec<_>>());
        assert!(source.invalid.is_empty(), "{}: the ward boundary file has invalid outlines: {source:?}", force.id);
        let outlines = outline_files(&geography.wards, &geography.districts, recipe.simplify_area, recipe.coordinate_decimals).unwrap();
        // The overlay's rounding grows with the area and coastline covered
        // (Norfolk's wards: 1.5e-10 square degrees, about 1 m²); an overlap
        // made by simplifying is at least one triangle of simplify_area
        // (2e-8), so a twentieth of that still finds every one.
        let area: f64 = geography.wards.iter().map(|w| geo::Area::unsigned_area(&w.shape)).sum();
        let tolerance = AREA_TOLERANCE.max(recipe.simplify_area / 20.0);
        for (level, text) in [("wards", outlines.wards_geojson), ("districts", outlines.districts_geojson)] {
            let faults = OutlineFaults::of(&parsed(&text));
            eprintln!("{} {level}: {faults:?} (the boundary files have {} holes; area {area:.3})", force.id, source.holes);
            // No worse than the files read: South Yorkshire's 2022 ward
            // files overlap their 2025 neighbours' by 5e-6 square degrees.
            assert!(faults.fit(source.holes, tolerance + source.overlap.max(0.0)), "{} {level}: {faults:?}", force.id);
        }
    }
}

/// Absolute points of each ring of SVG path data written as the map's
/// outline files write it (`M x y`, then relative `l` pairs, `z`), in tenths
/// of a unit. Read here independently of the writer.
fn path_rings(path: &str) -> Vec<Vec<(i64, i64)>> {
    let mut rings: Vec<Vec<(i64, i64)>> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    let mut command = ' ';
    let mut flush = |command: char, numbers: &mut Vec<i64>, rings: &mut Vec<Vec<(i64, i64)>>| {
        for pair in numbers.chunks(2) {
            match command {
                'M' => rings.push(vec![(pair[0], pair[1])]),
                'l' => {
                    let ring = rings.last_mut().unwrap();
                    let &(x, y) = ring.last().unwrap();
                    ring.push((x + pair[0], y + pair[1]));
                }
                other => panic!("unexpected command {other} in {path}"),
            }
        }
        numbers.clear();
    };
    let mut token = String::new();
    let tenths = |t: &str| (t.parse::<f64>().unwrap_or_else(|_| panic!("'{t}' in {path}")) * 10.0).round() as i64;
    for c in path.chars().chain([' ']) {
        if c.is_ascii_digit() || c == '.' || (c == '-' && token.is_empty()) {
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            numbers.push(tenths(&token));
            token.clear();
        }
        if c == '-' {
            token.push(c);
        } else if c.is_ascii_alphabetic() {
            flush(command, &mut numbers, &mut rings);
            command = c;
        }
    }
    flush(command, &mut numbers, &mut rings);
    rings
}

/// The outlines the map draws are the published boundaries, projected
/// (harm-core's `Projection`, fitted to the wards) and rounded to tenths of a
/// unit, vertex for vertex: nothing lost, moved or added on the way, and
/// districts drawn in the wards' frame.
fn check_map_outlines(force: &str) {
    let files = ["ward", "district"].map(|level| (format!("{force}/{level}s.geojson"), format!("{force}/{level}-outlines.csv")));
    check_map_outlines_in(&format!("{force}/wards.geojson"), &files);
}

/// [`check_map_outlines`] of each (GeoJSON, map outline file) of `files`,
/// projected in the frame of the outlines of `frame`.
fn check_map_outlines_in(frame: &str, files: &[(String, String)]) {
    use harm_core::outlines::Projection;
    let wards = shapes(frame);
    let extent = geo::BoundingRect::bounding_rect(&geo::MultiPolygon(wards.iter().flat_map(|w| w.0.clone()).collect())).unwrap();
    let projection = Projection::fitting([extent.min().x, extent.min().y, extent.max().x, extent.max().y]).unwrap();
    let step = |c: &geo::Coord<f64>| {
        let (x, y) = projection.point((c.x, c.y));
        ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
    };
    for (geojson, outlines) in files {
        let boundaries = shapes(geojson);
        let text = std::fs::read_to_string(common::project().join("data").join(outlines)).unwrap();
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), boundaries.len(), "{outlines}: one outline per boundary");
        for (row, shape) in rows.iter().zip(&boundaries) {
            let expected: Vec<Vec<(i64, i64)>> = shape
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .map(|ring| {
                    let mut points: Vec<(i64, i64)> = ring.coords().map(step).collect();
                    points.dedup();
                    if points.len() > 1 && points.first() == points.last() {
                        points.pop();
                    }
                    points
                })
                .filter(|ring| !ring.is_empty())
                .collect();
            assert_eq!(path_rings(&row[8]), expected, "{outlines} {}", &row[0]);
        }
    }
}

#[test]
fn hampshire_map_outlines_draw_the_published_boundaries() {
    check_map_outlines("hampshire");
}

#[test]
fn west_midlands_map_outlines_draw_the_published_boundaries() {
    check_map_outlines("west-midlands");
}

/// The national overview's district outlines, simplified together across
/// forces: valid, no overlaps, no gaps (the committed forces' areas surround
/// no land that is not theirs), and every edge between two districts shared.
#[test]
fn the_national_overview_outlines_are_valid_and_fit_together() {
    let faults = OutlineFaults::of(&shapes("england-and-wales/districts.geojson"));
    eprintln!("england-and-wales districts: {faults:?}");
    // Neighbouring forces' boundary files need not meet exactly (Barnsley's
    // and Sheffield's are of 2022): the overview may have the gaps and
    // overlaps the forces' own published districts have together, no more.
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(common::project().join("data/manifest.json")).unwrap()).unwrap();
    let forces: Vec<geo::MultiPolygon<f64>> = manifest["forces"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| shapes(&format!("{}/districts.geojson", f["id"].as_str().unwrap())))
        .collect();
    let together = OutlineFaults::of(&forces);
    eprintln!("the forces' districts together: {together:?}");
    // The overlay's rounding grows with the area covered: 10 times the
    // forces' tolerance (about 10 m²) for the whole overview.
    assert!(faults.fit(together.holes, 10.0 * AREA_TOLERANCE + together.overlap.max(0.0)), "{faults:?} against {together:?}");
    let files = [("england-and-wales/districts.geojson".to_string(), "england-and-wales/district-outlines.csv".to_string())];
    check_map_outlines_in("england-and-wales/districts.geojson", &files);
}
