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
use std::collections::{BTreeMap, HashMap};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `ward` indexes the force's wards (`ForceGeography::wards`, by code).
    Ward { ward: usize, method: Method },
    OutsideForce,
    NoLocation,
    UnknownCode,
}

/// What a 2011 LSOA code of the lookup says about a record, worked out once
/// per force so placing a record costs a hash lookup, not string searches.
enum Code11 {
    /// It became one 2021 LSOA: its ward, if one of the force's.
    One(Option<usize>),
    /// It became several 2021 LSOAs, none of them the force's.
    PartsElsewhere,
    /// It became several: the force's parts (indexes into its LSOAs, in code
    /// order), and the ward of the part with most residents (of all parts).
    Split { parts: Vec<usize>, largest: Option<usize> },
}

/// Places records in one force's wards. Built once per force, then shared
/// by the threads reading its month files.
pub struct Placer<'g> {
    geography: &'g ForceGeography,
    codes: HashMap<&'g str, Code11>,
    /// The ward (index) of each of the force's LSOAs.
    ward_of_lsoa: Vec<usize>,
}

impl<'g> Placer<'g> {
    /// `residents` breaks ties for split LSOAs without coordinates.
    pub fn new(geography: &'g ForceGeography, residents: &BTreeMap<String, u64>) -> Placer<'g> {
        let ward_index = |lsoa21: &str| {
            let ward = geography.ward_of_lsoa21.get(lsoa21)?;
            geography.wards.binary_search_by(|w| w.code.as_str().cmp(ward)).ok()
        };
        let lsoa_index = |code: &str| geography.lsoas.binary_search_by(|l| l.code.as_str().cmp(code)).ok();
        let codes = geography
            .lsoa11_children
            .iter()
            .map(|(lsoa11, children)| {
                let code = if children.len() == 1 {
                    Code11::One(ward_index(&children[0]))
                } else {
                    let mut parts: Vec<usize> = children.iter().filter_map(|c| lsoa_index(c)).collect();
                    parts.sort_unstable();
                    if parts.is_empty() {
                        Code11::PartsElsewhere
                    } else {
                        let largest = children
                            .iter()
                            .max_by_key(|c| (residents.get(*c).copied().unwrap_or(0), std::cmp::Reverse((*c).clone())))
                            .expect("a split LSOA has parts");
                        Code11::Split { parts, largest: ward_index(largest) }
                    }
                };
                (lsoa11.as_str(), code)
            })
            .collect();
        let ward_of_lsoa = geography
            .lsoas
            .iter()
            .map(|l| ward_index(&l.code).expect("every LSOA of the force is in one of its wards (checked on reading)"))
            .collect();
        Placer { geography, codes, ward_of_lsoa }
    }

    pub fn wards(&self) -> usize {
        self.geography.wards.len()
    }

    /// Where a record with 2011 LSOA code `lsoa11` (may be empty) and optional
    /// coordinates belongs.
    pub fn place(&self, lsoa11: &str, point: Option<Point<f64>>) -> Placement {
        let geography = self.geography;
        let in_ward = |lsoa: usize, method| Placement::Ward { ward: self.ward_of_lsoa[lsoa], method };
        let by_coordinates = |p| match geography.lsoa_index_containing(p) {
            Some(l) => in_ward(l, Method::Coordinates),
            None => Placement::OutsideForce,
        };
        if lsoa11.is_empty() {
            return point.map_or(Placement::NoLocation, by_coordinates);
        }
        match self.codes.get(lsoa11) {
            None => point.map_or(Placement::UnknownCode, by_coordinates),
            Some(Code11::One(Some(ward))) => Placement::Ward { ward: *ward, method: Method::Lookup },
            Some(Code11::One(None)) | Some(Code11::PartsElsewhere) => Placement::OutsideForce,
            Some(Code11::Split { parts, largest }) => match point {
                Some(p) => match parts.iter().copied().find(|&l| geography.lsoas[l].contains(p)) {
                    Some(l) => in_ward(l, Method::Coordinates),
                    None => in_ward(geography.nearest_of(parts, p), Method::NearestPart),
                },
                None => largest.map_or(Placement::OutsideForce, |ward| Placement::Ward { ward, method: Method::LargestPart }),
            },
        }
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
