//! Simplification that keeps a map's outlines fitting together.
//!
//! Simplifying each area on its own moves the two copies of a shared
//! boundary differently and opens slivers between neighbours. Instead, as
//! TopoJSON and mapshaper do, every coordinate is put on a fine integer grid
//! (so a vertex shared by two areas is the same integer pair in both), every
//! ring is cut into arcs at its nodes (vertices where the areas on either
//! side change), each arc is simplified once with Visvalingam-Whyatt keeping
//! its end nodes and rounded to the published decimals, and every ring is
//! rebuilt from the simplified arcs.
//!
//! Simplifying and rounding arcs one at a time can still make one arc cross
//! another (or itself, or touch itself), or flatten a small ring to nothing.
//! So the simplified arcs are checked: segments may meet only at the nodes
//! at their arcs' ends or where they follow each other along one arc, and
//! every ring must keep its orientation and some area. An arc at fault is
//! simplified again with a quarter of the tolerance, then kept whole, and
//! then the vertices of its faulty segment keep one, two or three more
//! decimals, until nothing is at fault. A node is published with the most
//! decimals any of its arcs needs.

use geo::algorithm::sweep::{Cross, Intersections};
use geo::line_intersection::LineIntersection;
use geo::{Coord, Line, LineString, MultiPolygon, Polygon, SimplifyVwIdx};
use std::collections::{BTreeSet, HashMap};

/// A vertex on the fine grid, in units of 10^-(decimals + EXTRA_DECIMALS) degrees.
type Vertex = (i64, i64);

/// Decimals beyond the published ones that an arc at fault may keep.
const EXTRA_DECIMALS: u32 = 3;

/// Finer tolerances tried for an arc at fault before it is kept whole.
const FINER_STEPS: u32 = 4;

/// The step at which an arc is kept whole.
const WHOLE: u32 = FINER_STEPS + 1;

/// One part of a ring: arc `arc`, walked backwards when `backwards`.
#[derive(Clone, Copy)]
struct Use {
    arc: usize,
    backwards: bool,
}

struct Ring {
    exterior: bool,
    uses: Vec<Use>,
}

/// How far each arc is simplified: its step (below [`WHOLE`], a smaller
/// Visvalingam-Whyatt tolerance at each step; then every vertex kept), and
/// the decimals beyond the published ones that a vertex of a whole arc
/// keeps, by arc and vertex index (none unless listed).
struct Detail {
    step: Vec<u32>,
    extra: HashMap<(usize, usize), u32>,
}

impl Detail {
    fn extra_at(&self, place: &(usize, usize)) -> u32 {
        self.extra.get(place).copied().unwrap_or(0)
    }
}

/// The areas' rings as arcs, each arc stored once.
struct Topology {
    arcs: Vec<Vec<Vertex>>,
    /// Per area, its rings in order: each exterior followed by its holes.
    areas: Vec<Vec<Ring>>,
}

/// Simplifies `shapes` together so that a boundary they share stays shared
/// and every outline stays a valid polygon: see the module comment.
/// `tolerance` is the Visvalingam-Whyatt triangle area in square degrees;
/// coordinates come back rounded to `decimals` places (a few to more where
/// that is needed to stay valid). A ring with no area on the fine grid is
/// left out (with the holes of a left-out exterior).
pub fn simplify_shared(shapes: &[MultiPolygon<f64>], tolerance: f64, decimals: u32) -> Vec<MultiPolygon<f64>> {
    let scale = 10f64.powi((decimals + EXTRA_DECIMALS) as i32);
    let rings: Vec<Vec<(bool, Vec<Vertex>)>> = shapes.iter().map(|s| gridded_rings(s, scale)).collect();
    let topology = Topology::new(&rings);
    let arcs = topology.simplified(tolerance * scale * scale);
    let degrees = |&(x, y): &Vertex| Coord { x: x as f64 / scale, y: y as f64 / scale };
    topology
        .areas
        .iter()
        .map(|rings| {
            let mut polygons: Vec<Polygon<f64>> = Vec::new();
            for ring in rings {
                let mut coords: Vec<Coord<f64>> = topology.joined(&arcs, ring).iter().map(degrees).collect();
                coords.push(coords[0]);
                if ring.exterior {
                    polygons.push(Polygon::new(LineString::from(coords), vec![]));
                } else if let Some(last) = polygons.last_mut() {
                    last.interiors_push(LineString::from(coords));
                }
            }
            MultiPolygon::new(polygons)
        })
        .collect()
}

/// The rings of a shape on the fine grid, exteriors anticlockwise and holes
/// clockwise, each open (no closing vertex) and without repeated vertices.
/// Rings that the grid flattens are left out.
fn gridded_rings(shape: &MultiPolygon<f64>, scale: f64) -> Vec<(bool, Vec<Vertex>)> {
    let mut rings = Vec::new();
    let mut exterior_kept = false;
    for (exterior, ring) in crate::topology::oriented_rings(shape) {
        let mut vertices: Vec<Vertex> = ring.iter().map(|c| ((c.x * scale).round() as i64, (c.y * scale).round() as i64)).collect();
        vertices.dedup();
        while vertices.len() > 1 && vertices.first() == vertices.last() {
            vertices.pop();
        }
        let kept = has_area(&vertices, exterior) && (exterior || exterior_kept);
        if exterior {
            exterior_kept = kept;
        }
        if kept {
            rings.push((exterior, vertices));
        }
    }
    rings
}

/// Twice the signed area of an open ring, exactly (anticlockwise positive).
fn twice_area(ring: &[Vertex]) -> i128 {
    (0..ring.len())
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            a.0 as i128 * b.1 as i128 - b.0 as i128 * a.1 as i128
        })
        .sum()
}

/// A ring with some area, turning the way its role needs.
fn has_area(ring: &[Vertex], exterior: bool) -> bool {
    let area = twice_area(ring);
    ring.len() >= 3 && if exterior { area > 0 } else { area < 0 }
}

impl Topology {
    fn new(areas: &[Vec<(bool, Vec<Vertex>)>]) -> Topology {
        // Nodes: vertices with other than two distinct neighbours over all rings.
        let mut neighbours: HashMap<Vertex, BTreeSet<Vertex>> = HashMap::new();
        for ring in areas.iter().flatten().map(|(_, r)| r) {
            for (i, &v) in ring.iter().enumerate() {
                let set = neighbours.entry(v).or_default();
                set.insert(ring[(i + ring.len() - 1) % ring.len()]);
                set.insert(ring[(i + 1) % ring.len()]);
            }
        }
        let is_node = |v: &Vertex| neighbours[v].len() != 2;
        let mut topology = Topology { arcs: Vec::new(), areas: Vec::new() };
        let mut index: HashMap<Vec<Vertex>, usize> = HashMap::new();
        for rings in areas {
            let mut out = Vec::new();
            for (exterior, ring) in rings {
                let uses = cut(ring, &is_node)
                    .into_iter()
                    .map(|arc| {
                        let reversed: Vec<Vertex> = arc.iter().rev().copied().collect();
                        let backwards = reversed < arc;
                        let canonical = if backwards { reversed } else { arc };
                        let next = topology.arcs.len();
                        let arc = *index.entry(canonical.clone()).or_insert(next);
                        if arc == next {
                            topology.arcs.push(canonical);
                        }
                        Use { arc, backwards }
                    })
                    .collect();
                out.push(Ring { exterior: *exterior, uses });
            }
            topology.areas.push(out);
        }
        topology
    }


    /// Every arc simplified as far as `tolerance` (grid units squared) allows
    /// without any arc crossing another or any ring losing its area.
    fn simplified(&self, tolerance: f64) -> Vec<Vec<Vertex>> {
        let mut detail = Detail { step: vec![0; self.arcs.len()], extra: HashMap::new() };
        loop {
            let (arcs, origins) = self.rendered(&detail, tolerance);
            // Of the arcs in each fault, only the one least refined (then the
            // shortest) is refined further, so an arc that only meets the one
            // at fault keeps its simplification; a whole arc keeps more
            // decimals only at the vertices of its faulty segment.
            let mut finer_steps = BTreeSet::new();
            let mut finer_vertices = BTreeSet::new();
            for fault in self.faults(&arcs) {
                let places = |&(arc, segment): &(usize, Option<usize>)| -> Vec<(usize, usize)> {
                    let vertices = match segment {
                        Some(k) => origins[arc][k]..origins[arc][k + 1] + 1,
                        None => 0..self.arcs[arc].len(),
                    };
                    vertices.map(|i| (arc, i)).filter(|p| detail.extra_at(p) < EXTRA_DECIMALS).collect()
                };
                let choice = fault
                    .iter()
                    .filter(|f| detail.step[f.0] < WHOLE || !places(f).is_empty())
                    .min_by_key(|f| (detail.step[f.0], places(f).iter().map(|p| detail.extra_at(p)).max(), arcs[f.0].len(), f.0));
                match choice {
                    Some(&(arc, _)) if detail.step[arc] < WHOLE => {
                        finer_steps.insert(arc);
                    }
                    Some(f) => finer_vertices.extend(places(f)),
                    None => {}
                }
            }
            if finer_steps.is_empty() && finer_vertices.is_empty() {
                return arcs;
            }
            for arc in finer_steps {
                detail.step[arc] += 1;
            }
            for place in finer_vertices {
                *detail.extra.entry(place).or_default() += 1;
            }
        }
    }

    /// Every arc at its detail, and for each of its vertices the index of the
    /// arc's vertex it comes from. Kept vertices are rounded to the published
    /// decimals and the extra ones they need; an end node to the most
    /// decimals that any arc ending there needs.
    fn rendered(&self, detail: &Detail, tolerance: f64) -> (Vec<Vec<Vertex>>, Vec<Vec<usize>>) {
        let unit = |extra: u32| 10i64.pow(EXTRA_DECIMALS - extra);
        let mut node_extra: HashMap<Vertex, u32> = HashMap::new();
        for (&(arc, i), &extra) in &detail.extra {
            let vertices = &self.arcs[arc];
            if i == 0 || i == vertices.len() - 1 {
                let e = node_extra.entry(vertices[i]).or_default();
                *e = (*e).max(extra);
            }
        }
        self.arcs
            .iter()
            .enumerate()
            .map(|(arc, vertices)| {
                let step = detail.step[arc];
                let kept: Vec<usize> = if step < WHOLE {
                    let line = LineString::from(vertices.iter().map(|&v| point(v)).collect::<Vec<_>>());
                    line.simplify_vw_idx(tolerance / 4f64.powi(step as i32))
                } else {
                    (0..vertices.len()).collect()
                };
                let last = vertices.len() - 1;
                let (mut out, mut origin) = (Vec::new(), Vec::new());
                for i in kept {
                    let extra = if i == 0 || i == last { node_extra.get(&vertices[i]).copied().unwrap_or(0) } else { detail.extra_at(&(arc, i)) };
                    let v = rounded(vertices[i], unit(extra));
                    if out.last() != Some(&v) {
                        out.push(v);
                        origin.push(i);
                    }
                }
                (out, origin)
            })
            .unzip()
    }

    /// The faults, each as the arcs involved with the segment at fault (by
    /// its place in the rendered arc) or none for a whole ring: two segments
    /// that meet other than at a node ending both or where one follows the
    /// other, and rings that lost their area or turned over.
    fn faults(&self, arcs: &[Vec<Vertex>]) -> Vec<Vec<(usize, Option<usize>)>> {
        let segments: Vec<Segment> = arcs
            .iter()
            .enumerate()
            .flat_map(|(arc, vertices)| {
                let last = vertices.len().saturating_sub(2);
                vertices.windows(2).enumerate().map(move |(index, w)| Segment {
                    arc,
                    index,
                    line: Line::new(point(w[0]), point(w[1])),
                    starts_at_node: index == 0,
                    ends_at_node: index == last,
                })
            })
            .collect();
        let mut faults: Vec<Vec<(usize, Option<usize>)>> = Intersections::from_iter(segments.iter())
            .filter(|(a, b, meeting)| !(matches!(meeting, LineIntersection::SinglePoint { .. }) && a.may_meet(b)))
            .map(|(a, b, _)| vec![(a.arc, Some(a.index)), (b.arc, Some(b.index))])
            .collect();
        for ring in self.areas.iter().flatten() {
            if !has_area(&self.joined(arcs, ring), ring.exterior) {
                faults.push(ring.uses.iter().map(|u| (u.arc, None)).collect());
            }
        }
        faults
    }

    /// The open ring made of `ring`'s arcs as simplified in `arcs`.
    fn joined(&self, arcs: &[Vec<Vertex>], ring: &Ring) -> Vec<Vertex> {
        let mut out: Vec<Vertex> = Vec::new();
        for u in &ring.uses {
            let arc = &arcs[u.arc];
            let walked: Vec<Vertex> = if u.backwards { arc.iter().rev().copied().collect() } else { arc.clone() };
            out.extend_from_slice(&walked[1..]);
        }
        out
    }
}

/// `v` rounded to the nearest multiple of `unit` grid units.
fn rounded((x, y): Vertex, unit: i64) -> Vertex {
    let round = |c: i64| (c + unit / 2).div_euclid(unit) * unit;
    (round(x), round(y))
}

fn point((x, y): Vertex) -> Coord<f64> {
    Coord { x: x as f64, y: y as f64 }
}

/// A segment of a simplified arc, for the crossing sweep.
struct Segment {
    arc: usize,
    /// Its place along the arc.
    index: usize,
    line: Line<f64>,
    starts_at_node: bool,
    ends_at_node: bool,
}

impl Segment {
    /// The segment's end points that are nodes.
    fn nodes(&self) -> impl Iterator<Item = Coord<f64>> + '_ {
        [(self.starts_at_node, self.line.start), (self.ends_at_node, self.line.end)].into_iter().filter(|(n, _)| *n).map(|(_, c)| c)
    }

    /// Whether two segments that meet in one point may: at a node ending
    /// both, or where one follows the other along their arc.
    fn may_meet(&self, other: &Segment) -> bool {
        let consecutive = self.arc == other.arc
            && ((other.index == self.index + 1 && self.line.end == other.line.start)
                || (self.index == other.index + 1 && other.line.end == self.line.start));
        consecutive || self.nodes().any(|n| other.nodes().any(|m| m == n))
    }
}

impl Cross for Segment {
    type Scalar = f64;
    fn line(&self) -> Line<f64> {
        self.line
    }
}

/// The open ring cut into arcs at its nodes, each arc from one node to the
/// next inclusive. A ring without nodes is one closed arc from its smallest
/// vertex, so both sides of a ring shared whole (an enclave and the hole
/// around it) cut it the same way.
fn cut(ring: &[Vertex], is_node: &impl Fn(&Vertex) -> bool) -> Vec<Vec<Vertex>> {
    let n = ring.len();
    let start = (0..n).find(|&i| is_node(&ring[i])).unwrap_or_else(|| (0..n).min_by_key(|&i| ring[i]).unwrap_or(0));
    let mut arcs = Vec::new();
    let mut arc = vec![ring[start]];
    for step in 1..=n {
        let v = ring[(start + step) % n];
        arc.push(v);
        if step == n || is_node(&v) {
            arcs.push(std::mem::replace(&mut arc, vec![v]));
        }
    }
    arcs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline_check::OutlineFaults;
    use geo::{polygon, Intersects, SimplifyVw, Validation};

    fn area(points: &[(f64, f64)]) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![Polygon::new(LineString::from(points.to_vec()), vec![])])
    }

    fn positions(shape: &MultiPolygon<f64>) -> usize {
        shape.0.iter().map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()).sum()
    }

    #[test]
    fn two_squares_share_their_edge_on_the_grid() {
        // The shared edge bends at (1.10003, 0.50004), which rounds to
        // (1.1, 0.5) at 4 decimals in both squares; nothing is simplified
        // away at tolerance 0 and the squares fit exactly.
        let left = area(&[(0.0, 0.0), (1.0, 0.0), (1.10003, 0.50004), (1.0, 1.0), (0.0, 1.0)]);
        let right = area(&[(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.10003, 0.50004)]);
        let out = simplify_shared(&[left, right], 0.0, 4);
        assert!(out[0].0[0].exterior().0.contains(&Coord { x: 1.1, y: 0.5 }));
        assert!(out[1].0[0].exterior().0.contains(&Coord { x: 1.1, y: 0.5 }));
        assert_eq!(OutlineFaults::of(&out), OutlineFaults::default());
    }

    #[test]
    fn a_t_junction_of_three_areas_keeps_its_node() {
        // A bottom rectangle under two top squares; the point (1, 1) where all
        // three meet is a node and must stay even though it lies on the
        // straight line y = 1 of the bottom area. The top areas' shared edge
        // has a bump of area 0.05 that a tolerance of 0.1 removes.
        let bottom = area(&[(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (0.0, 1.0)]);
        let left = area(&[(0.0, 1.0), (1.0, 1.0), (1.1, 1.5), (1.0, 2.0), (0.0, 2.0)]);
        let right = area(&[(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.1, 1.5)]);
        let out = simplify_shared(&[bottom, left, right], 0.1, 4);
        assert!(out[0].0[0].exterior().0.contains(&Coord { x: 1.0, y: 1.0 }), "the node stays");
        assert_eq!((positions(&out[1]), positions(&out[2])), (5, 5), "the bump went from both top areas");
        assert_eq!(OutlineFaults::of(&out), OutlineFaults::default());
    }

    #[test]
    fn an_island_and_the_hole_round_it_stay_the_same_ring() {
        // A square enclave inside a bigger square: the enclave's ring has no
        // node; it is one closed arc, shared by the enclave and the hole.
        let outer = MultiPolygon::new(vec![polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 4.0)],
            interiors: [[(x: 1.0, y: 1.0), (x: 1.0, y: 2.0), (x: 1.5, y: 2.01), (x: 2.0, y: 2.0), (x: 2.0, y: 1.0)]],
        )]);
        let enclave = area(&[(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.5, 2.01), (1.0, 2.0)]);
        let out = simplify_shared(&[outer, enclave], 0.01, 4);
        let hole: BTreeSet<(i64, i64)> = out[0].0[0].interiors()[0].0.iter().map(|c| ((c.x * 1e4) as i64, (c.y * 1e4) as i64)).collect();
        let island: BTreeSet<(i64, i64)> = out[1].0[0].exterior().0.iter().map(|c| ((c.x * 1e4) as i64, (c.y * 1e4) as i64)).collect();
        assert_eq!(hole, island);
        assert_eq!(island.len(), 4, "the small bump (area 0.005) went");
        assert_eq!(OutlineFaults::of(&out), OutlineFaults::default());
    }

    #[test]
    fn an_arc_that_would_cross_another_is_kept() {
        // Area A's lower edge rises in a shallow V to (2, 0.2) over a small
        // island (1.9..2.1, -0.05..0.15) inside A's neighbour below. Naive
        // simplification of the V (its triangles have areas 0.1 to 0.3, under
        // the tolerance 1) would cut straight across the island; the
        // crossing check keeps enough of the V.
        let a = area(&[(0.0, 1.0), (0.0, 0.0), (1.0, 0.0), (2.0, 0.2), (3.0, 0.0), (4.0, 0.0), (4.0, 1.0)]);
        let below = MultiPolygon::new(vec![polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 0.0, y: -1.0), (x: 4.0, y: -1.0), (x: 4.0, y: 0.0), (x: 3.0, y: 0.0), (x: 2.0, y: 0.2), (x: 1.0, y: 0.0)],
            interiors: [[(x: 1.9, y: -0.05), (x: 1.9, y: 0.15), (x: 2.1, y: 0.15), (x: 2.1, y: -0.05)]],
        )]);
        let island = area(&[(1.9, -0.05), (2.1, -0.05), (2.1, 0.15), (1.9, 0.15)]);
        let shapes = [a, below, island];
        let naive = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (2.0, 0.2), (3.0, 0.0), (4.0, 0.0)]).simplify_vw(1.0);
        assert!(naive.intersects(&shapes[2]), "the V simplified alone crosses the island");
        let out = simplify_shared(&shapes, 1.0, 4);
        assert!(out[0].0[0].exterior().0.contains(&Coord { x: 2.0, y: 0.2 }), "the V stays");
        assert_eq!(OutlineFaults::of(&out), OutlineFaults::default());
    }

    #[test]
    fn a_sliver_ring_keeps_its_area() {
        // A thin area (a rhombus of area 0.02) inside another: its ring is one
        // closed arc, shared with the hole. Simplified at tolerance 1 it would
        // flatten to nothing; the ring check keeps it whole.
        let thin = area(&[(0.0, 0.0), (1.0, -0.01), (2.0, 0.0), (1.0, 0.01)]);
        let around = MultiPolygon::new(vec![polygon!(
            exterior: [(x: -1.0, y: -1.0), (x: 3.0, y: -1.0), (x: 3.0, y: 1.0), (x: -1.0, y: 1.0)],
            interiors: [[(x: 0.0, y: 0.0), (x: 1.0, y: 0.01), (x: 2.0, y: 0.0), (x: 1.0, y: -0.01)]],
        )]);
        let out = simplify_shared(&[thin, around], 1.0, 4);
        assert_eq!(positions(&out[0]), 5);
        assert_eq!(OutlineFaults::of(&out), OutlineFaults::default());
    }

    #[test]
    fn a_vertex_that_rounding_would_put_on_another_edge_keeps_more_decimals() {
        // (0.50002, 0.00004) lies 0.00004 above the bottom edge; at 4 decimals
        // it would round to (0.5, 0), onto that edge, and the ring would touch
        // itself. That vertex keeps 5 decimals; the others keep 4.
        let shape = area(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.50002, 0.00004)]);
        let out = simplify_shared(&[shape], 0.0, 4);
        let ring = &out[0].0[0].exterior().0;
        assert!(ring.contains(&Coord { x: 0.50002, y: 0.00004 }));
        assert_eq!(ring.len(), 5);
        assert!(out[0].is_valid());
    }
}
