//! police.uk stop-and-search files: one record per search, placed in a ward by
//! its coordinates; ethnicity mapped to the five census groups plus "not stated".

use crate::error::Result;
use crate::geography::ForceGeography;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use geo::Point;
use super::Column;
use harm_core::csv_rows::{CsvRows, InputError, Row};
use harm_core::ethnicity::{officer_defined_group, self_defined_group, EthnicGroup};
use harm_core::Month;

use crate::assign::Rejection;

/// What a search led to, as the site reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Arrest,
    NoFurtherAction,
    Other,
    NotRecorded,
}

/// One valid search.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub month: Month,
    /// `None` when the search has no location or lies outside the force's wards.
    pub ward: Option<String>,
    pub self_defined: EthnicGroup,
    pub officer_defined: EthnicGroup,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchAccounting {
    pub file: String,
    pub rows_read: u64,
    pub placed_in_ward: u64,
    pub outside_force: u64,
    pub no_location: u64,
    pub rejected: Vec<Rejection>,
    pub lines: harm_core::csv_rows::Lines,
}

impl SearchAccounting {
    pub fn accounted(&self) -> u64 {
        self.placed_in_ward + self.outside_force + self.no_location + self.rejected.len() as u64
    }

    pub const CSV_HEADER: &'static str = "file,lines,rows_read,placed_in_ward,outside_force_wards,no_location,rejected";

    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{},{},{},{},{}",
            self.file,
            self.lines.physical,
            self.rows_read,
            self.placed_in_ward,
            self.outside_force,
            self.no_location,
            self.rejected.len()
        )
    }
}

pub fn read_month(
    raw: &RawFolder,
    spec: &InputSpec,
    path: &str,
    month: Month,
    geography: &ForceGeography,
    searches: &mut Vec<Search>,
) -> Result<SearchAccounting> {
    let cols = [
        spec.column("date")?,
        spec.column("latitude")?,
        spec.column("longitude")?,
        spec.column("self_defined_ethnicity")?,
        spec.column("officer_defined_ethnicity")?,
        spec.column("outcome")?,
    ];
    let bytes = raw.read("stop_search", spec, path)?;
    let mut accounting = SearchAccounting { file: path.to_string(), ..SearchAccounting::default() };
    let rows = CsvRows::new(path, bytes.as_slice(), &cols)?;
    let location = (Column::of(&rows, cols[2]), Column::of(&rows, cols[1]));
    accounting.lines = rows.for_each(|row| {
        accounting.rows_read += 1;
        match read_row(row, month, cols, location) {
            Ok((point, self_defined, officer_defined, outcome)) => {
                let ward = match point {
                    None => {
                        accounting.no_location += 1;
                        None
                    }
                    Some(p) => match geography.lsoa_index_containing(p) {
                        Some(lsoa) => {
                            accounting.placed_in_ward += 1;
                            Some(geography.ward_of_lsoa21[&geography.lsoas[lsoa].code].clone())
                        }
                        None => {
                            accounting.outside_force += 1;
                            None
                        }
                    },
                };
                searches.push(Search { month, ward, self_defined, officer_defined, outcome });
            }
            Err(error) => accounting.rejected.push(Rejection::from_error(error)?),
        }
        Ok(())
    })?;
    Ok(accounting)
}

type SearchFields = (Option<Point<f64>>, EthnicGroup, EthnicGroup, Outcome);

/// `location` is the longitude and latitude columns.
fn read_row(row: &Row, month: Month, cols: [&str; 6], (lon, lat): (Column, Column)) -> std::result::Result<SearchFields, InputError> {
    let [date, _, _, self_col, officer_col, outcome_col] = cols;
    super::complete(row, date)?;
    let row_month = crate::uk_time::uk_month(row.text(date))
        .ok_or_else(|| row.error(date, "is not a date-time like 2019-01-31T23:05:00+00:00"))?;
    if row_month != month {
        return Err(row.error(date, format!("is not in the file's month {month} (UK time)")));
    }
    let self_defined = self_defined_group(row.text(self_col))
        .ok_or_else(|| row.error(self_col, "is not a police.uk self-defined ethnicity"))?;
    let officer_defined = officer_defined_group(row.text(officer_col))
        .ok_or_else(|| row.error(officer_col, "is not a police.uk officer-defined ethnicity"))?;
    let outcome = match row.text(outcome_col) {
        "Arrest" => Outcome::Arrest,
        "A no further action disposal" | "Nothing found - no further action" => Outcome::NoFurtherAction,
        "" => Outcome::NotRecorded,
        _ => Outcome::Other,
    };
    let point = super::point(row, lon, lat)?;
    Ok((point, self_defined, officer_defined, outcome))
}
