//! Readers of the raw inputs named in the recipe. Each reader takes columns
//! by the names the recipe gives and reports bad values with file, line,
//! field and value.

pub mod boundaries;
pub mod calls_for_service;
pub mod census;
pub mod crime_survey;
pub mod force_held;
pub mod lookups;
pub mod offences;
pub mod stop_search;
pub mod stop_search_series;
pub mod street_crime;
pub mod use_of_force;
pub mod weights;

use geo::Point;
use harm_core::csv_rows::{CsvRows, InputError, Row};
use std::str::FromStr;

/// A required column: its name, for messages, and its place in the header,
/// so the readers of police.uk's millions of rows take fields without a
/// lookup by name per field.
#[derive(Debug, Clone, Copy)]
pub struct Column<'c> {
    pub name: &'c str,
    index: usize,
}

impl<'c> Column<'c> {
    /// `name` must be one of the columns `rows` was opened requiring.
    pub fn of(rows: &CsvRows, name: &'c str) -> Column<'c> {
        Column { name, index: rows.index(name).expect("a required column is in the header") }
    }

    pub fn text<'r>(&self, row: &'r Row) -> &'r str {
        row.text_at(self.index)
    }

    /// Parses the field, naming the expected form on failure (as [`Row::parse`]).
    pub fn parse<T: FromStr>(&self, row: &Row, expected: &str) -> Result<T, InputError> {
        self.text(row).parse().map_err(|_| row.error(self.name, format!("is not {expected}")))
    }
}

/// A police.uk location: `None` when either coordinate is blank (no
/// location); an error naming the field when one is not a valid number.
pub fn point(row: &Row, longitude: Column, latitude: Column) -> Result<Option<Point<f64>>, InputError> {
    if longitude.text(row).is_empty() || latitude.text(row).is_empty() {
        return Ok(None);
    }
    let x: f64 = longitude.parse(row, "a longitude")?;
    let y: f64 = latitude.parse(row, "a latitude")?;
    if !(-180.0..=180.0).contains(&x) {
        return Err(row.error(longitude.name, "is not a longitude between -180 and 180"));
    }
    if !(-90.0..=90.0).contains(&y) {
        return Err(row.error(latitude.name, "is not a latitude between -90 and 90"));
    }
    Ok(Some(Point::new(x, y)))
}

/// A row with fewer or more fields than the header is truncated or
/// misaligned; it is rejected, naming `column` as the field it cannot trust.
pub fn complete(row: &Row, column: &str) -> Result<(), InputError> {
    if row.field_count() == row.column_count() {
        return Ok(());
    }
    Err(row.error(column, format!("is on a row with {} fields where the header has {}", row.field_count(), row.column_count())))
}
