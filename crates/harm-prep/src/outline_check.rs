//! Whether a set of outlines fits together as a map: every outline a valid
//! polygon (closed rings of at least four positions, no self-intersection),
//! no two overlapping, and no gap between neighbours. Measured with geo's own
//! validation and overlay, independently of how the outlines were made.

use geo::{unary_union, Area, MultiPolygon, Polygon, Validation};

/// What is wrong with a set of outlines; all zero when they fit together.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct OutlineFaults {
    /// Outlines that are not valid polygons, by index.
    pub invalid: Vec<usize>,
    /// Area covered twice or more: the sum of the areas less the area of the union.
    pub overlap: f64,
    /// Holes in the union of the outlines: gaps between neighbours, unless
    /// the outlines really surround an area that is not theirs.
    pub holes: usize,
}

impl OutlineFaults {
    /// Counts the faults of `shapes` (in the units of their coordinates).
    pub fn of(shapes: &[MultiPolygon<f64>]) -> OutlineFaults {
        let invalid = shapes.iter().enumerate().filter(|(_, s)| !s.is_valid()).map(|(i, _)| i).collect();
        let polygons: Vec<&Polygon<f64>> = shapes.iter().flat_map(|s| &s.0).collect();
        let union: MultiPolygon<f64> = unary_union(polygons.iter().copied());
        let sum: f64 = shapes.iter().map(Area::unsigned_area).sum();
        let holes = union.0.iter().map(|p| p.interiors().len()).sum();
        OutlineFaults { invalid, overlap: sum - union.unsigned_area(), holes }
    }

    /// True when nothing is wrong: `overlap` within `tolerance` (overlay
    /// arithmetic rounds), no invalid outline and no more than `holes` holes.
    pub fn fit(&self, holes: usize, tolerance: f64) -> bool {
        self.invalid.is_empty() && self.overlap.abs() <= tolerance && self.holes <= holes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![(x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size)]])
    }

    #[test]
    fn squares_side_by_side_fit() {
        let faults = OutlineFaults::of(&[square(0.0, 0.0, 1.0), square(1.0, 0.0, 1.0)]);
        assert_eq!(faults, OutlineFaults::default());
    }

    #[test]
    fn an_overlap_a_gap_and_a_bow_tie_are_found() {
        // Squares overlapping by a 0.5 x 1 strip.
        assert!((OutlineFaults::of(&[square(0.0, 0.0, 1.0), square(0.5, 0.0, 1.0)]).overlap - 0.5).abs() < 1e-12);
        // Eight unit squares round an empty middle: one hole.
        let ring: Vec<_> = [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2), (2, 2)]
            .iter()
            .map(|&(x, y)| square(x as f64, y as f64, 1.0))
            .collect();
        assert_eq!(OutlineFaults::of(&ring).holes, 1);
        // A ring crossing itself.
        let bow_tie = MultiPolygon::new(vec![polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)]]);
        assert_eq!(OutlineFaults::of(&[square(5.0, 5.0, 1.0), bow_tie]).invalid, vec![1]);
    }
}
