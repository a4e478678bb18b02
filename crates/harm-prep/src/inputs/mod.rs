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
use harm_core::csv_rows::{InputError, Row};

/// A police.uk location: `None` when either coordinate is blank (no
/// location); an error naming the field when one is not a valid number.
pub fn point(row: &Row, longitude: &str, latitude: &str) -> Result<Option<Point<f64>>, InputError> {
    if row.text(longitude).is_empty() || row.text(latitude).is_empty() {
        return Ok(None);
    }
    let x: f64 = row.parse(longitude, "a longitude")?;
    let y: f64 = row.parse(latitude, "a latitude")?;
    if !(-180.0..=180.0).contains(&x) {
        return Err(row.error(longitude, "is not a longitude between -180 and 180"));
    }
    if !(-90.0..=90.0).contains(&y) {
        return Err(row.error(latitude, "is not a latitude between -90 and 90"));
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
