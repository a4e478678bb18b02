//! Ward and district outlines as the map draws them, projected and rounded
//! once by `harm-prep build` (`<force>/ward-outlines.csv`,
//! `<force>/district-outlines.csv`) so the browser only reads and paints:
//! no GeoJSON parsing, projection or path writing on the page.
//!
//! Projection: x = (lon - west) * cos(mid latitude) * scale, y = (north -
//! lat) * scale, with the force [`WIDTH`] units wide: equirectangular at the
//! force's mid latitude, which keeps shapes true at the scale of one force.
//! Coordinates are rounded to tenths of a unit (about 10 m across Hampshire)
//! and written as SVG path data: an absolute move to each ring's first
//! point, then lines relative to the point before, so most numbers are a
//! few digits. A vertex shared by neighbouring wards rounds to the same
//! point for both, so no sliver opens between them.
//!
//! Each row also carries the area's centre ([`crate::neighbours::centre`] of
//! its rounded rings: where arrow keys measure from and a name is written)
//! and its bounding box, so the page need not read the path to index it.

use crate::csv_rows::{CsvRows, InputError};
use crate::level::Level;
use crate::neighbours::centre;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Width of the map's frame in path units; its height follows the force's shape.
pub const WIDTH: f64 = 1000.0;

/// Path units per rounded step (tenths of a unit).
const STEPS_PER_UNIT: f64 = 10.0;

/// Codes shown in a message about unmatched areas before "and N more".
const LISTED: usize = 5;

const COLUMNS: [&str; 9] = ["code", "name", "centre_x", "centre_y", "min_x", "min_y", "max_x", "max_y", "path"];

/// One area as the map draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct WardShape {
    pub code: String,
    pub name: String,
    /// SVG path data in frame units.
    pub path: String,
    /// A point inside the area's main part.
    pub centre: (f64, f64),
    /// The smallest box around the area: min x, min y, max x, max y.
    pub bounds: [f64; 4],
}

/// The areas of one level of a force, in the order of its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct MapGeometry {
    pub shapes: Vec<WardShape>,
    pub width: f64,
    pub height: f64,
}

/// Longitude and latitude to frame units, fitted to a force's extent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f64,
    north: f64,
    squash: f64,
    scale: f64,
}

impl Projection {
    /// The projection that makes `[west, south, east, north]` [`WIDTH`] units
    /// wide; `None` for an extent without width and height.
    pub fn fitting([west, south, east, north]: [f64; 4]) -> Option<Projection> {
        if !(east > west && north > south) {
            return None;
        }
        let squash = ((south + north) / 2.0).to_radians().cos();
        Some(Projection { west, north, squash, scale: WIDTH / ((east - west) * squash) })
    }

    /// A longitude and latitude in frame units, y southwards.
    pub fn point(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        ((lon - self.west) * self.squash * self.scale, (self.north - lat) * self.scale)
    }

    /// A longitude and latitude as rounded steps of the frame.
    fn steps(&self, position: (f64, f64)) -> (i64, i64) {
        let (x, y) = self.point(position);
        ((x * STEPS_PER_UNIT).round() as i64, (y * STEPS_PER_UNIT).round() as i64)
    }
}

/// The row of an area whose outline is `polygons` (each a list of rings of
/// longitude, latitude; rings may repeat their first point at the end).
pub fn project_area(code: &str, name: &str, polygons: &[Vec<Vec<(f64, f64)>>], projection: &Projection) -> WardShape {
    let mut path = String::new();
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut bounds = [i64::MAX, i64::MAX, i64::MIN, i64::MIN];
    for ring in polygons.iter().flatten() {
        let mut points: Vec<(i64, i64)> = ring.iter().map(|&p| projection.steps(p)).collect();
        // Rounding can bring neighbours together; the ring is closed by `z`.
        points.dedup();
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        let Some(&(x0, y0)) = points.first() else { continue };
        path.push('M');
        push_pair(&mut path, x0, y0);
        if points.len() > 1 {
            path.push('l');
            for pair in points.windows(2) {
                if !path.ends_with('l') {
                    separate(&mut path, pair[1].0 - pair[0].0);
                }
                push_pair(&mut path, pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
            }
        }
        path.push('z');
        for &(x, y) in &points {
            bounds = [bounds[0].min(x), bounds[1].min(y), bounds[2].max(x), bounds[3].max(y)];
        }
        rings.push(points.iter().map(|&(x, y)| (x as f64, y as f64)).collect());
    }
    let bounds = bounds.map(|b| b as f64 / STEPS_PER_UNIT);
    // A sliver with no area still has a box to stand in.
    let centre = centre(&rings)
        .map(|(x, y)| (round_to_step(x / STEPS_PER_UNIT), round_to_step(y / STEPS_PER_UNIT)))
        .unwrap_or(((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0));
    WardShape { code: code.to_string(), name: name.to_string(), path, centre, bounds }
}

fn round_to_step(units: f64) -> f64 {
    (units * STEPS_PER_UNIT).round() / STEPS_PER_UNIT
}

/// Two numbers of a path, separated only where the second has no sign to do it.
fn push_pair(path: &mut String, x: i64, y: i64) {
    push_steps(path, x);
    separate(path, y);
    push_steps(path, y);
}

fn separate(path: &mut String, next: i64) {
    if next >= 0 {
        path.push(' ');
    }
}

/// A number of steps as units: 12 as "1.2", 3 as ".3", -30 as "-3".
fn push_steps(path: &mut String, steps: i64) {
    if steps < 0 {
        path.push('-');
    }
    let (whole, tenth) = (steps.unsigned_abs() / 10, steps.unsigned_abs() % 10);
    if whole > 0 || tenth == 0 {
        let _ = write!(path, "{whole}");
    }
    if tenth > 0 {
        path.push('.');
        path.push(char::from(b'0' + tenth as u8));
    }
}

/// The published file of `shapes`.
pub fn outlines_csv(shapes: &[WardShape]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).expect("writes to memory");
    for s in shapes {
        let numbers = [s.centre.0, s.centre.1, s.bounds[0], s.bounds[1], s.bounds[2], s.bounds[3]].map(|n| {
            let mut text = String::new();
            push_steps(&mut text, (n * STEPS_PER_UNIT).round() as i64);
            text
        });
        writer
            .write_record([s.code.as_str(), s.name.as_str()].into_iter().chain(numbers.iter().map(String::as_str)).chain([s.path.as_str()]))
            .expect("writes to memory");
    }
    String::from_utf8(writer.into_inner().expect("writes to memory")).expect("written from strings")
}

/// Reads an outline file (`file`, `text`) into shapes in the order of
/// `areas` (code, name): the `level`'s areas of `wards_file`. An area
/// missing, repeated or extra, a number that is not one, or an empty
/// outline is an error naming the file: the map never silently draws fewer
/// areas, nor a blank.
pub fn parse_outlines(file: &str, text: &str, level: Level, areas: &[(String, String)], wards_file: &str) -> Result<MapGeometry, InputError> {
    let problem = |reason: String| InputError::file(file, reason);
    let mut read: HashMap<String, WardShape> = HashMap::new();
    CsvRows::new(file, text.as_bytes(), &COLUMNS)?.for_each(|row| {
        let number = |column: &str| {
            row.parse::<f64>(column, "a number of map units")
                .and_then(|n| if n.is_finite() && n >= 0.0 { Ok(n) } else { Err(row.error(column, "is not a finite, non-negative number of map units")) })
        };
        let code = row.text("code").to_string();
        let path = row.text("path");
        if !path.starts_with('M') {
            return Err(row.error("path", "is not an outline (SVG path data starting with M)"));
        }
        let bounds = [number("min_x")?, number("min_y")?, number("max_x")?, number("max_y")?];
        if bounds[0] > bounds[2] || bounds[1] > bounds[3] {
            return Err(row.error("max_x", "gives a box whose maximum is below its minimum"));
        }
        let shape = WardShape {
            name: row.text("name").to_string(),
            path: path.to_string(),
            centre: (number("centre_x")?, number("centre_y")?),
            bounds,
            code: code.clone(),
        };
        if read.insert(code, shape).is_some() {
            return Err(row.error("code", "gives an area already given on an earlier line"));
        }
        Ok(())
    })?;
    let level = level.key();
    let missing: Vec<String> =
        areas.iter().filter(|(code, _)| !read.contains_key(code.as_str())).map(|(code, name)| format!("{code} ({name})")).collect();
    if !missing.is_empty() {
        return Err(problem(format!("has no outline for {} {level}(s) of {wards_file}: {}", missing.len(), listing(&missing))));
    }
    let listed: HashSet<&str> = areas.iter().map(|(code, _)| code.as_str()).collect();
    let mut extra: Vec<String> = read.keys().filter(|code| !listed.contains(code.as_str())).cloned().collect();
    if !extra.is_empty() {
        extra.sort();
        return Err(problem(format!("has outlines for {} area(s) that are not {level}s of {wards_file}: {}", extra.len(), listing(&extra))));
    }
    let shapes: Vec<WardShape> = areas.iter().map(|(code, _)| read.remove(code).expect("every area checked above")).collect();
    let height = shapes.iter().map(|s| s.bounds[3]).fold(0.0, f64::max);
    if height <= 0.0 {
        return Err(problem("has no outline with any height to draw".into()));
    }
    Ok(MapGeometry { shapes, width: WIDTH, height })
}

/// The first few of `items`, then how many more there are.
fn listing(items: &[String]) -> String {
    let shown = items[..items.len().min(LISTED)].join(", ");
    match items.len().saturating_sub(LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// `ring`'s first point and each next one at least `step` from the last kept.
pub fn thinned(ring: &[(f32, f32)], step: f32) -> Vec<(f32, f32)> {
    let mut kept: Vec<(f32, f32)> = Vec::new();
    for &(x, y) in ring {
        if kept.last().is_none_or(|&(u, v)| (x - u).powi(2) + (y - v).powi(2) >= step * step) {
            kept.push((x, y));
        }
    }
    kept
}

/// The rings of SVG path data made of moves, lines and closes (absolute or
/// relative, as `project_area` writes them), as points: for the map to
/// draw an outline with less detail when zoomed out.
pub fn rings_of(path: &str) -> Vec<Vec<(f32, f32)>> {
    let (mut rings, mut ring) = (Vec::new(), Vec::new());
    let (mut command, mut at, mut first, mut pending) = (b'M', (0f32, 0f32), (0f32, 0f32), None::<f32>);
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            command = b;
            if matches!(b, b'z' | b'Z') && !ring.is_empty() {
                rings.push(std::mem::take(&mut ring));
                at = first;
            }
            i += 1;
            continue;
        }
        if !(b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.') {
            i += 1;
            continue;
        }
        let begin = i;
        let mut dot = b == b'.';
        i += 1;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || (bytes[i] == b'.' && !dot)) {
            dot |= bytes[i] == b'.';
            i += 1;
        }
        let value: f32 = path[begin..i].parse().unwrap_or(0.0);
        let Some(x) = pending.take() else {
            pending = Some(value);
            continue;
        };
        let relative = command.is_ascii_lowercase();
        at = if relative { (at.0 + x, at.1 + value) } else { (x, value) };
        if command.eq_ignore_ascii_case(&b'M') {
            if !ring.is_empty() {
                rings.push(std::mem::take(&mut ring));
            }
            first = at;
            // Pairs after a move are lines.
            command = if relative { b'l' } else { b'L' };
        }
        ring.push(at);
    }
    if !ring.is_empty() {
        rings.push(ring);
    }
    rings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square half a degree of longitude by half a degree of latitude at
    /// the equator (cos 0.25° = 0.99999): 1,000 units wide, about 1,000 high.
    fn square() -> Vec<Vec<(f64, f64)>> {
        vec![vec![(0.0, 0.0), (0.5, 0.0), (0.5, 0.5), (0.0, 0.5), (0.0, 0.0)]]
    }

    #[test]
    fn projects_rounds_and_writes_relative_lines() {
        let projection = Projection::fitting([0.0, 0.0, 0.5, 0.5]).unwrap();
        let shape = project_area("A", "Ay", &[square()], &projection);
        // North-west corner at (0, 0); y grows southwards; scale 2000 units a
        // degree (width 1000 over 0.5 degree x cos 0.25 degree): the south
        // edge is at 0.5 x 2000.0095 = 1000.0 units.
        assert_eq!(shape.path, "M0 1000l1000 0 0-1000-1000 0z");
        assert_eq!(shape.bounds, [0.0, 0.0, 1000.0, 1000.0]);
        assert_eq!(shape.centre, (500.0, 500.0));
    }

    #[test]
    fn writes_tenths_and_signs_compactly() {
        let mut s = String::new();
        for n in [12, 3, -3, -30, 0, 105] {
            push_steps(&mut s, n);
            s.push('|');
        }
        assert_eq!(s, "1.2|.3|-.3|-3|0|10.5|");
    }

    #[test]
    fn rounding_that_joins_points_drops_the_repeats() {
        let projection = Projection::fitting([0.0, 0.0, 0.5, 0.5]).unwrap();
        // Two points 1e-6 degree apart (0.002 units) round to one.
        let ring = vec![vec![(0.0, 0.0), (0.000001, 0.0), (0.5, 0.0), (0.5, 0.5), (0.0, 0.0)]];
        assert_eq!(project_area("A", "Ay", &[ring], &projection).path, "M0 1000l1000 0 0-1000z");
    }

    #[test]
    fn a_file_round_trips_in_the_order_of_the_areas() {
        let projection = Projection::fitting([0.0, 0.0, 0.5, 0.5]).unwrap();
        let a = project_area("A", "Ay", &[square()], &projection);
        let b = project_area("B", "Bee, the \"second\"", &[vec![vec![(0.0, 0.0), (0.25, 0.0), (0.25, 0.25)]]], &projection);
        let text = outlines_csv(&[a.clone(), b.clone()]);
        let areas = [("B".to_string(), "Bee".to_string()), ("A".to_string(), "Ay".to_string())];
        let read = parse_outlines("o.csv", &text, Level::Ward, &areas, "w.csv").unwrap();
        assert_eq!(read.shapes, vec![b, a]);
        assert_eq!((read.width, read.height), (1000.0, 1000.0));
    }

    #[test]
    fn missing_extra_repeated_and_malformed_areas_are_named() {
        let projection = Projection::fitting([0.0, 0.0, 0.5, 0.5]).unwrap();
        let text = outlines_csv(&[project_area("A", "Ay", &[square()], &projection)]);
        let areas = |codes: &[&str]| codes.iter().map(|c| (c.to_string(), format!("{c}-name"))).collect::<Vec<_>>();
        let err = |text: &str, codes: &[&str]| parse_outlines("o.csv", text, Level::Ward, &areas(codes), "w.csv").unwrap_err().to_string();
        assert_eq!(err(&text, &["A", "B"]), "o.csv: has no outline for 1 ward(s) of w.csv: B (B-name)");
        assert_eq!(err(&text, &[]), "o.csv: has outlines for 1 area(s) that are not wards of w.csv: A");
        let repeated = format!("{text}{}", text.lines().nth(1).unwrap());
        assert!(err(&repeated, &["A"]).contains("line 3"), "{}", err(&repeated, &["A"]));
        let not_a_path = text.replace("M0 1000", "0 1000");
        assert!(err(&not_a_path, &["A"]).contains("is not an outline"), "{}", err(&not_a_path, &["A"]));
        let not_a_number = text.replace(",500,500,", ",x,500,");
        assert!(err(&not_a_number, &["A"]).contains("centre_x"), "{}", err(&not_a_number, &["A"]));
    }

    #[test]
    fn reads_absolute_and_relative_rings_with_implicit_lines() {
        // As the build writes outlines: a move, relative lines, signs as separators, a close; then a second ring.
        let rings = rings_of("M10 20l1.5 0 0-.5-1.5 .5zM5 5L6 5 6 6Z");
        assert_eq!(rings, vec![vec![(10.0, 20.0), (11.5, 20.0), (11.5, 19.5), (10.0, 20.0)], vec![(5.0, 5.0), (6.0, 5.0), (6.0, 6.0)]]);
        // A relative move after a close starts from the closed ring's first point.
        assert_eq!(rings_of("M1 1l1 0 0 1zm2 0l1 0 0 1z")[1][0], (3.0, 1.0));
    }

    #[test]
    fn thinning_keeps_vertices_a_step_apart() {
        let ring = [(0.0, 0.0), (0.3, 0.0), (1.0, 0.0), (1.0, 0.4), (1.0, 1.0), (0.0, 1.0)];
        assert_eq!(thinned(&ring, 1.0), vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]);
        assert_eq!(thinned(&ring, 0.25), ring.to_vec());
    }
}
