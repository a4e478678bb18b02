//! Districts dissolved from their wards, so that district outlines lie on
//! ward boundaries (simplified together with them in [`crate::shared_arcs`]).
//!
//! Districts are dissolved exactly, without floating-point overlay: the
//! directed edges of a district's wards (exteriors anticlockwise, holes
//! clockwise) cancel in pairs along internal boundaries, and the edges left
//! chain into the district's rings. Vertices are compared on a grid of 1e-9
//! degrees, far finer than any boundary vertex spacing.

use geo::orient::{Direction, Orient};
use geo::{Area, Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use std::collections::{BTreeMap, HashMap};

type Key = (i64, i64);

fn key(c: Coord<f64>) -> Key {
    ((c.x * 1e9).round() as i64, (c.y * 1e9).round() as i64)
}

/// The rings of a shape, exteriors anticlockwise and holes clockwise, each
/// without its closing vertex.
pub(crate) fn oriented_rings(shape: &MultiPolygon<f64>) -> Vec<(bool, Vec<Coord<f64>>)> {
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
        rings.extend(simple_loops(ring).into_iter().filter(|r| r.len() >= 4).map(LineString::from));
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

/// A closed walk split into loops at the vertices it passes twice: where a
/// district's outline touches itself at a point, it becomes two rings
/// meeting there, as a valid polygon's rings may not touch themselves.
fn simple_loops(walk: Vec<Coord<f64>>) -> Vec<Vec<Coord<f64>>> {
    let mut loops = Vec::new();
    let mut path: Vec<Coord<f64>> = Vec::new();
    let mut place: HashMap<Key, usize> = HashMap::new();
    for c in walk {
        match place.get(&key(c)) {
            Some(&i) => {
                let mut closed: Vec<Coord<f64>> = path.drain(i..).collect();
                for v in &closed[1..] {
                    place.remove(&key(*v));
                }
                closed.push(c);
                loops.push(closed);
                path.push(c);
            }
            None => {
                place.insert(key(c), path.len());
                path.push(c);
            }
        }
    }
    loops
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

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
    fn an_outline_touching_itself_becomes_two_rings() {
        // Two unit squares meeting only at the corner (1, 1): their union's
        // edges walk through (1, 1) twice; it is two polygons, not one ring.
        let (a, b) = (square(0.0, 0.0), square(1.0, 1.0));
        let d = dissolve(&[&a, &b]);
        assert_eq!(d.0.len(), 2);
        assert!(d.0.iter().all(|p| p.exterior().0.len() == 5));
        assert!((d.unsigned_area() - 2.0).abs() < 1e-12);
    }
}
