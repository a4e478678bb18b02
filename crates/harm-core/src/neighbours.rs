//! Where an area sits, and which area lies next to it in a compass
//! direction: the map's arrow keys move by geography, not by code order.
//! Points are in map units with x growing eastwards and y southwards (as on
//! screen and in the site's SVG).

/// An arrow key's compass direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    North,
    East,
    South,
    West,
}

impl Direction {
    /// The direction of a keyboard key (`KeyboardEvent.key`), if it is an arrow.
    pub fn from_key(key: &str) -> Option<Direction> {
        match key {
            "ArrowUp" => Some(Direction::North),
            "ArrowRight" => Some(Direction::East),
            "ArrowDown" => Some(Direction::South),
            "ArrowLeft" => Some(Direction::West),
            _ => None,
        }
    }

    /// A unit step this way, y southwards.
    fn step(self) -> (f64, f64) {
        match self {
            Direction::North => (0.0, -1.0),
            Direction::East => (1.0, 0.0),
            Direction::South => (0.0, 1.0),
            Direction::West => (-1.0, 0.0),
        }
    }
}

/// The area next to `points[from]` going `direction`: of the areas whose
/// bearing from it is within 45° either side of that direction (45° itself
/// included), the nearest; at equal distance the one closer to the straight
/// line, then the earlier in `points`. `None` when no area lies that way.
pub fn neighbour(points: &[(f64, f64)], from: usize, direction: Direction) -> Option<usize> {
    let (x, y) = *points.get(from)?;
    let (sx, sy) = direction.step();
    points
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != from)
        .filter_map(|(j, &(px, py))| {
            let (dx, dy) = (px - x, py - y);
            let along = dx * sx + dy * sy;
            let across = (dx * sy - dy * sx).abs();
            // Within the 90° cone; an area at the same point lies no way.
            (along > 0.0 && across <= along).then_some((j, dx * dx + dy * dy, across))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(&b.0)))
        .map(|(j, _, _)| j)
}

/// A point standing for an area drawn as `rings` (closed or not): the
/// centroid of its largest ring, so an area with islands is labelled and
/// reached on its main part. `None` without a ring of any area.
pub fn centre(rings: &[Vec<(f64, f64)>]) -> Option<(f64, f64)> {
    rings
        .iter()
        .filter_map(|ring| ring_centroid(ring))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, point)| point)
}

/// A ring's absolute area and centroid (shoelace formula).
fn ring_centroid(ring: &[(f64, f64)]) -> Option<(f64, (f64, f64))> {
    let n = ring.len();
    let (mut twice_area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for k in 0..n {
        let (x0, y0) = ring[k];
        let (x1, y1) = ring[(k + 1) % n];
        let cross = x0 * y1 - x1 * y0;
        twice_area += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (twice_area != 0.0 && twice_area.is_finite()).then(|| (twice_area.abs() / 2.0, (cx / (3.0 * twice_area), cy / (3.0 * twice_area))))
}

#[cfg(test)]
mod tests {
    use super::*;

    // A plus of five points around the centre 0 (y southwards):
    // 1 north at (0,-2), 2 east at (3,0), 3 south at (0,1), 4 west at (-1,0).
    const PLUS: [(f64, f64); 5] = [(0.0, 0.0), (0.0, -2.0), (3.0, 0.0), (0.0, 1.0), (-1.0, 0.0)];

    #[test]
    fn each_arrow_reaches_the_area_that_way() {
        assert_eq!(neighbour(&PLUS, 0, Direction::North), Some(1));
        assert_eq!(neighbour(&PLUS, 0, Direction::East), Some(2));
        assert_eq!(neighbour(&PLUS, 0, Direction::South), Some(3));
        assert_eq!(neighbour(&PLUS, 0, Direction::West), Some(4));
        // From the east point, west goes back to the centre (distance 3),
        // not to the west point (distance 4) behind it.
        assert_eq!(neighbour(&PLUS, 2, Direction::West), Some(0));
    }

    #[test]
    fn no_neighbour_that_way() {
        // Nothing lies east of the east point, nor north of the north one.
        assert_eq!(neighbour(&PLUS, 2, Direction::East), None);
        assert_eq!(neighbour(&PLUS, 1, Direction::North), None);
        // A lone area, and an index past the end.
        assert_eq!(neighbour(&[(5.0, 5.0)], 0, Direction::South), None);
        assert_eq!(neighbour(&PLUS, 9, Direction::South), None);
    }

    #[test]
    fn the_cone_is_45_degrees_either_side() {
        // (2,2) is exactly 45° south of east: east and south both reach it.
        // (2,3) is 56° from east: only south does.
        let points = [(0.0, 0.0), (2.0, 2.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), Some(1));
        assert_eq!(neighbour(&points, 0, Direction::South), Some(1));
        let points = [(0.0, 0.0), (2.0, 3.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), None);
        assert_eq!(neighbour(&points, 0, Direction::South), Some(1));
    }

    #[test]
    fn nearer_wins_even_off_the_line() {
        // East: (4,0) is 4 away on the line; (2,1) is sqrt 5 = 2.24 away at 27°.
        let points = [(0.0, 0.0), (4.0, 0.0), (2.0, 1.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), Some(2));
    }

    #[test]
    fn ties_go_to_the_straighter_then_the_earlier() {
        // (4,3) and (5,0) are both 5 away east: (5,0) is on the line.
        let points = [(0.0, 0.0), (4.0, 3.0), (5.0, 0.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), Some(2));
        // (4,-3) and (4,3): both 5 away, both 3 off the line: the earlier.
        let points = [(0.0, 0.0), (4.0, -3.0), (4.0, 3.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), Some(1));
        let points = [(0.0, 0.0), (4.0, 3.0), (4.0, -3.0)];
        assert_eq!(neighbour(&points, 0, Direction::East), Some(1));
    }

    #[test]
    fn keys() {
        assert_eq!(Direction::from_key("ArrowLeft"), Some(Direction::West));
        assert_eq!(Direction::from_key("ArrowUp"), Some(Direction::North));
        assert_eq!(Direction::from_key("Enter"), None);
    }

    #[test]
    fn centre_of_the_largest_ring() {
        // A 2x2 square at the origin: centre (1,1), either winding.
        let square = vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];
        assert_eq!(centre(&[square.clone()]), Some((1.0, 1.0)));
        let reversed: Vec<_> = square.iter().rev().copied().collect();
        assert_eq!(centre(&[reversed]), Some((1.0, 1.0)));
        // Triangle (0,0) (6,0) (0,3): centroid is the mean of its corners, (2,1).
        assert_eq!(centre(&[vec![(0.0, 0.0), (6.0, 0.0), (0.0, 3.0)]]), Some((2.0, 1.0)));
        // An island of area 1 beside the square of area 4: the square's centre.
        let island = vec![(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 11.0)];
        assert_eq!(centre(&[island, square]), Some((1.0, 1.0)));
        // A closed ring (first point repeated) gives the same.
        assert_eq!(centre(&[vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]]), Some((1.0, 1.0)));
        // No area: a line, and nothing.
        assert_eq!(centre(&[vec![(0.0, 0.0), (1.0, 1.0)]]), None);
        assert_eq!(centre(&[]), None);
    }
}
