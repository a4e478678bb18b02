//! Outlines that fit together: districts dissolved from their wards, and
//! simplification that treats a boundary shared by two areas once.
//!
//! Simplifying each area on its own moves the two copies of a shared
//! boundary differently and opens slivers between neighbours. Instead every
//! ring is cut into arcs at its nodes (vertices where three or more
//! boundaries meet), each arc is simplified once with Visvalingam-Whyatt
//! (keeping its end points), and every ring is rebuilt from the simplified
//! arcs — the approach of TopoJSON and mapshaper ("arc-based topology").
//!
//! Districts are dissolved exactly, without floating-point overlay: the
//! directed edges of a district's wards (exteriors anticlockwise, holes
//! clockwise) cancel in pairs along internal boundaries, and the edges left
//! chain into the district's rings. Vertices are compared on a grid of 1e-9
//! degrees, far finer than any boundary vertex spacing.

use geo::orient::{Direction, Orient};
use geo::{Area, Contains, Coord, LineString, MultiPolygon, Point, Polygon, SimplifyVw};
use std::collections::{BTreeMap, BTreeSet, HashMap};

type Key = (i64, i64);

fn key(c: Coord<f64>) -> Key {
    ((c.x * 1e9).round() as i64, (c.y * 1e9).round() as i64)
}

/// The rings of a shape, exteriors anticlockwise and holes clockwise, each
/// without its closing vertex.
fn oriented_rings(shape: &MultiPolygon<f64>) -> Vec<(bool, Vec<Coord<f64>>)> {
    let mut rings = Vec::new();
    for polygon in shape.orient(Direction::Default) {
        let open = |ring: &LineString<f64>| ring.0[..ring.0.len().saturating_sub(1)].to_vec();
        rings.push((true, open(polygon.exterior())));
        rings.extend(polygon.interiors().iter().map(|r| (false, open(r))));
    }
    rings
}

/// The union of `shapes` that share boundaries exactly (e.g. the wards of a
/// district), by cancelling their internal edges.
pub fn dissolve(shapes: &[&MultiPolygon<f64>]) -> MultiPolygon<f64> {
    let mut coords: HashMap<Key, Coord<f64>> = HashMap::new();
    let mut edges: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
    let mut count: BTreeMap<(Key, Key), i64> = BTreeMap::new();
    for shape in shapes {
        for (_, ring) in oriented_rings(shape) {
            for (i, &c) in ring.iter().enumerate() {
                let next = ring[(i + 1) % ring.len()];
                coords.insert(key(c), c);
                *count.entry((key(c), key(next))).or_default() += 1;
            }
        }
    }
    // An edge walked both ways lies between two of the shapes: it cancels.
    for (&(a, b), &n) in &count {
        let back = count.get(&(b, a)).copied().unwrap_or(0);
        for _ in 0..(n - back).max(0) {
            edges.entry(a).or_default().push(b);
        }
    }
    let mut rings: Vec<LineString<f64>> = Vec::new();
    while let Some((&start, _)) = edges.iter().find(|(_, out)| !out.is_empty()) {
        let mut ring = vec![coords[&start]];
        let mut at = start;
        while let Some(next) = edges.get_mut(&at).and_then(Vec::pop) {
            at = next;
            ring.push(coords[&at]);
            if at == start {
                break;
            }
        }
        if ring.len() >= 4 {
            rings.push(LineString::from(ring));
        }
    }
    // Anticlockwise rings are exteriors; each clockwise ring is a hole of the
    // smallest exterior that contains it.
    let (exteriors, holes): (Vec<_>, Vec<_>) =
        rings.into_iter().partition(|r| Polygon::new(r.clone(), vec![]).signed_area() > 0.0);
    let mut polygons: Vec<(LineString<f64>, Vec<LineString<f64>>)> = exteriors.into_iter().map(|e| (e, Vec::new())).collect();
    for hole in holes {
        let inside = Point::from(hole.0[0]);
        let owner = polygons
            .iter_mut()
            .filter(|(e, _)| Polygon::new(e.clone(), vec![]).contains(&inside) || e.0.contains(&hole.0[0]))
            .min_by(|a, b| {
                let area = |e: &LineString<f64>| Polygon::new(e.clone(), vec![]).unsigned_area();
                area(&a.0).total_cmp(&area(&b.0))
            });
        if let Some((_, interiors)) = owner {
            interiors.push(hole);
        }
    }
    MultiPolygon::new(polygons.into_iter().map(|(e, holes)| Polygon::new(e, holes)).collect())
}

/// Simplifies `shapes` together so that a boundary they share stays shared:
/// see the module comment. `tolerance` is the Visvalingam-Whyatt triangle
/// area; every returned ring keeps at least its nodes.
pub fn simplify_shared(shapes: &[MultiPolygon<f64>], tolerance: f64) -> Vec<MultiPolygon<f64>> {
    let all: Vec<Vec<(bool, Vec<Coord<f64>>)>> = shapes.iter().map(oriented_rings).collect();
    // Nodes: vertices with other than two distinct neighbours over all rings.
    let mut neighbours: HashMap<Key, BTreeSet<Key>> = HashMap::new();
    for ring in all.iter().flatten().map(|(_, r)| r) {
        for (i, &c) in ring.iter().enumerate() {
            let (prev, next) = (ring[(i + ring.len() - 1) % ring.len()], ring[(i + 1) % ring.len()]);
            let set = neighbours.entry(key(c)).or_default();
            set.insert(key(prev));
            set.insert(key(next));
        }
    }
    let is_node = |c: Coord<f64>| neighbours.get(&key(c)).is_some_and(|n| n.len() != 2);
    let mut arcs: HashMap<Vec<Key>, Vec<Coord<f64>>> = HashMap::new();
    let mut simplify_arc = |arc: Vec<Coord<f64>>| -> Vec<Coord<f64>> {
        let keys: Vec<Key> = arc.iter().map(|&c| key(c)).collect();
        let mut reversed = keys.clone();
        reversed.reverse();
        let forward = keys <= reversed;
        let canonical = if forward { keys } else { reversed };
        let simplified = arcs.entry(canonical).or_insert_with(|| {
            let mut line: Vec<Coord<f64>> = arc.clone();
            if !forward {
                line.reverse();
            }
            let kept = LineString::from(line.clone()).simplify_vw(tolerance).0;
            // A closed arc must stay a ring; a short one is kept as it is.
            if line.first() == line.last() && kept.len() < 4 { line } else { kept }
        });
        let mut out = simplified.clone();
        if !forward {
            out.reverse();
        }
        out
    };
    all.into_iter()
        .map(|rings| {
            let mut polygons: Vec<Polygon<f64>> = Vec::new();
            for (exterior, ring) in rings {
                let rebuilt = LineString::from(rebuild(&ring, &is_node, &mut simplify_arc));
                if exterior {
                    polygons.push(Polygon::new(rebuilt, vec![]));
                } else if let Some(last) = polygons.last_mut() {
                    last.interiors_push(rebuilt);
                }
            }
            MultiPolygon::new(polygons)
        })
        .collect()
}

/// A ring cut into arcs at its nodes, each arc simplified by `simplify`, and
/// joined again (closed). A ring without nodes is one closed arc starting at
/// its smallest vertex, so both sides of a ring shared whole (an enclave and
/// its hole) start at the same place.
fn rebuild(
    ring: &[Coord<f64>],
    is_node: &impl Fn(Coord<f64>) -> bool,
    simplify: &mut impl FnMut(Vec<Coord<f64>>) -> Vec<Coord<f64>>,
) -> Vec<Coord<f64>> {
    let n = ring.len();
    let start = (0..n).find(|&i| is_node(ring[i])).unwrap_or_else(|| (0..n).min_by_key(|&i| key(ring[i])).unwrap_or(0));
    let mut out: Vec<Coord<f64>> = vec![ring[start]];
    let mut arc = vec![ring[start]];
    for step in 1..=n {
        let c = ring[(start + step) % n];
        arc.push(c);
        if step == n || is_node(c) {
            let simplified = simplify(std::mem::take(&mut arc));
            out.extend_from_slice(&simplified[1..]);
            arc.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, BooleanOps};

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0)]])
    }

    #[test]
    fn dissolving_two_squares_leaves_their_outline() {
        // Two unit squares side by side: the union is a 2 x 1 rectangle of area 2,
        // with the shared edge x = 1 gone (its vertices stay on the outline).
        let (a, b) = (square(0.0, 0.0), square(1.0, 0.0));
        let d = dissolve(&[&a, &b]);
        assert_eq!(d.0.len(), 1);
        assert!((d.unsigned_area() - 2.0).abs() < 1e-12);
        assert!(d.0[0].interiors().is_empty());
    }

    #[test]
    fn a_ring_of_areas_dissolves_to_a_polygon_with_a_hole() {
        // Eight unit squares round a missing middle square: area 8, one hole of area 1.
        let squares: Vec<MultiPolygon<f64>> =
            [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2), (2, 2)].iter().map(|&(x, y)| square(x as f64, y as f64)).collect();
        let refs: Vec<&MultiPolygon<f64>> = squares.iter().collect();
        let d = dissolve(&refs);
        assert_eq!((d.0.len(), d.0[0].interiors().len()), (1, 1));
        assert!((d.unsigned_area() - 8.0).abs() < 1e-12);
    }

    #[test]
    fn shared_boundaries_stay_shared_after_simplifying() {
        // Two areas share a wiggly boundary with a small bump that simplifying removes.
        let wiggle = [(1.0, 0.0), (1.0, 0.5), (1.001, 0.6), (1.0, 0.7), (1.0, 2.0)];
        let left: Vec<(f64, f64)> = [(0.0, 0.0)].into_iter().chain(wiggle).chain([(0.0, 2.0)]).collect();
        let right: Vec<(f64, f64)> = wiggle.into_iter().rev().chain([(2.0, 0.0), (2.0, 2.0)]).collect();
        let shape = |pts: Vec<(f64, f64)>| MultiPolygon::new(vec![Polygon::new(LineString::from(pts), vec![])]);
        let (a, b) = (shape(left), shape(right));
        let simplified = simplify_shared(&[a.clone(), b.clone()], 1e-3);
        // The bump is gone from both, and the two areas neither overlap nor leave a gap.
        let area = |m: &MultiPolygon<f64>| m.unsigned_area();
        assert!(simplified[0].0[0].exterior().0.len() < a.0[0].exterior().0.len());
        let union = simplified[0].union(&simplified[1]);
        assert!((area(&simplified[0]) + area(&simplified[1]) - area(&union)).abs() < 1e-12, "no overlap");
        assert!((area(&union) - 4.0).abs() < 1e-12, "no gap: the union is the 2 x 2 square");
    }
}
