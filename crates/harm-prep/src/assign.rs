//! Placing a police.uk record in a ward, and accounting for every record.
//!
//! police.uk data for 2018-2021 carries 2011 LSOA codes. An unchanged or
//! merged 2011 LSOA becomes one 2021 LSOA; a split (or complex) one becomes
//! several, so the record's coordinates decide which part it is in. A code the
//! lookup does not know is placed by its coordinates alone. The 2021 LSOA then
//! gives the ward by ONS's best-fit lookup.

use crate::geography::ForceGeography;
use geo::Point;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The 2011 LSOA became exactly one 2021 LSOA.
    Lookup,
    /// The coordinates lie inside the 2021 LSOA.
    Coordinates,
    /// A split LSOA whose coordinates fall just outside every part: the nearest part.
    NearestPart,
    /// A split LSOA without coordinates: the part with most residents.
    LargestPart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Ward { ward: String, method: Method },
    OutsideForce,
    NoLocation,
    UnknownCode,
}

/// Where a record with 2011 LSOA code `lsoa11` (may be empty) and optional
/// coordinates belongs. `residents` breaks ties for split LSOAs without coordinates.
pub fn place(
    geography: &ForceGeography,
    lsoa11: &str,
    point: Option<Point<f64>>,
    residents: &BTreeMap<String, u64>,
) -> Placement {
    let (lsoa21, method) = if lsoa11.is_empty() {
        let Some(p) = point else { return Placement::NoLocation };
        match geography.lsoa_containing(None, p) {
            Some(l) => (l.to_string(), Method::Coordinates),
            None => return Placement::OutsideForce,
        }
    } else if let Some(children) = geography.lsoa11_children.get(lsoa11) {
        if children.len() == 1 {
            (children[0].clone(), Method::Lookup)
        } else if !children.iter().any(|c| geography.has_lsoa(c)) {
            // Parts of an LSOA lie in one district; none in the force's districts.
            return Placement::OutsideForce;
        } else if let Some(p) = point {
            match geography.lsoa_containing(Some(children), p) {
                Some(l) => (l.to_string(), Method::Coordinates),
                None => match geography.nearest_lsoa(children, p) {
                    Some(l) => (l.to_string(), Method::NearestPart),
                    None => return Placement::OutsideForce,
                },
            }
        } else {
            let largest = children
                .iter()
                .max_by_key(|c| (residents.get(*c).copied().unwrap_or(0), std::cmp::Reverse((*c).clone())))
                .expect("a split LSOA has parts");
            (largest.clone(), Method::LargestPart)
        }
    } else {
        let Some(p) = point else { return Placement::UnknownCode };
        match geography.lsoa_containing(None, p) {
            Some(l) => (l.to_string(), Method::Coordinates),
            None => return Placement::OutsideForce,
        }
    };
    match geography.ward_of_lsoa21.get(&lsoa21) {
        Some(ward) if geography.ward_codes.contains(ward) => Placement::Ward { ward: ward.clone(), method },
        _ => Placement::OutsideForce,
    }
}

/// A row that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub line: u64,
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl Rejection {
    /// A row-level error becomes a rejection (the row is reported, the build
    /// goes on); an error about the whole file is passed back to stop the build.
    pub fn from_error(error: harm_core::csv_rows::InputError) -> Result<Rejection, harm_core::csv_rows::InputError> {
        match error {
            harm_core::csv_rows::InputError::Field { line, field, value, reason, .. } => {
                Ok(Rejection { line, field, value, reason })
            }
            other => Err(other),
        }
    }
}

/// What happened to every row of one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounting {
    pub file: String,
    pub rows_read: u64,
    pub by_lookup: u64,
    pub by_coordinates: u64,
    pub by_nearest_part: u64,
    pub by_largest_part: u64,
    pub outside_force: u64,
    pub no_location: u64,
    pub unknown_code: u64,
    pub rejected: Vec<Rejection>,
    /// Where every physical line of the file went.
    pub lines: harm_core::csv_rows::Lines,
}

impl Accounting {
    pub fn record(&mut self, placement: &Placement) {
        match placement {
            Placement::Ward { method: Method::Lookup, .. } => self.by_lookup += 1,
            Placement::Ward { method: Method::Coordinates, .. } => self.by_coordinates += 1,
            Placement::Ward { method: Method::NearestPart, .. } => self.by_nearest_part += 1,
            Placement::Ward { method: Method::LargestPart, .. } => self.by_largest_part += 1,
            Placement::OutsideForce => self.outside_force += 1,
            Placement::NoLocation => self.no_location += 1,
            Placement::UnknownCode => self.unknown_code += 1,
        }
    }

    pub fn assigned(&self) -> u64 {
        self.by_lookup + self.by_coordinates + self.by_nearest_part + self.by_largest_part
    }

    /// Rows with a known outcome; equals `rows_read` when nothing was lost.
    pub fn accounted(&self) -> u64 {
        self.assigned() + self.outside_force + self.no_location + self.unknown_code + self.rejected.len() as u64
    }

    pub const CSV_HEADER: &'static str = "file,lines,rows_read,assigned,assigned_by_lookup,assigned_by_coordinates,assigned_to_nearest_part,assigned_to_largest_part,outside_force_wards,no_location,unknown_code,rejected";

    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            self.file,
            self.lines.physical,
            self.rows_read,
            self.assigned(),
            self.by_lookup,
            self.by_coordinates,
            self.by_nearest_part,
            self.by_largest_part,
            self.outside_force,
            self.no_location,
            self.unknown_code,
            self.rejected.len()
        )
    }
}
