//! police.uk street-level crime files: every month present for a force, flat
//! (`YYYY-MM-<force>-street.csv`) or in police.uk's archive layout
//! (`YYYY-MM/YYYY-MM-<force>-street.csv`).

use crate::assign::{Accounting, Placement, Placer, Rejection};
use crate::error::Result;
use crate::geography::ForceGeography;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use geo::Point;
use super::Column;
use harm_core::csv_rows::{CsvRows, InputError, Row};
use harm_core::{Category, Month};
use std::collections::BTreeMap;

/// Crimes by ward, month and category.
pub type WardCounts = BTreeMap<(String, Month, Category), u64>;

/// One month's crimes by ward (index) and category, counted without a key
/// per row: `[ward * categories + category]`.
pub struct MonthCounts(Vec<u64>);

impl MonthCounts {
    fn new(wards: usize) -> MonthCounts {
        MonthCounts(vec![0; wards * Category::ALL.len()])
    }

    /// Adds the month's counts to `counts` (keys only for crimes counted).
    pub fn add_to(&self, counts: &mut WardCounts, geography: &ForceGeography, month: Month) {
        for (slot, &n) in self.0.iter().enumerate().filter(|(_, n)| **n > 0) {
            let (ward, category) = (slot / Category::ALL.len(), Category::ALL[slot % Category::ALL.len()]);
            *counts.entry((geography.wards[ward].code.clone(), month, category)).or_default() += n;
        }
    }
}

/// Reads one month's file, placing every row in a ward or another outcome.
/// A row of another force (its `Falls within` not `falls_within`) stops the
/// read: the file is another force's, not a file with a bad row.
pub fn read_month(
    raw: &RawFolder,
    spec: &InputSpec,
    path: &str,
    (month, falls_within): (Month, &str),
    placer: &Placer,
) -> Result<(Accounting, MonthCounts)> {
    let cols = [
        spec.column("month")?,
        spec.column("longitude")?,
        spec.column("latitude")?,
        spec.column("lsoa_code")?,
        spec.column("category")?,
        spec.column("falls_within")?,
    ];
    let bytes = raw.read("street_crime", spec, path)?;
    let mut accounting = Accounting { file: path.to_string(), ..Accounting::default() };
    let mut counts = MonthCounts::new(placer.wards());
    let rows = CsvRows::new(path, bytes.as_slice(), &cols)?;
    let [month_col, lon_col, lat_col, lsoa_col, category_col, force_col] = cols.map(|c| Column::of(&rows, c));
    let fields = StreetColumns { month: month_col, longitude: lon_col, latitude: lat_col, lsoa: lsoa_col, category: category_col };
    let month_text = month.to_string();
    accounting.lines = rows.for_each(|row| {
        // A truncated row is rejected below; a whole row of another force is not a bad row.
        if row.field_count() == row.column_count() && force_col.text(row) != falls_within {
            return Err(row.error(force_col.name, format!("is not {falls_within}: the file holds another force's records")));
        }
        accounting.rows_read += 1;
        match read_row(row, (month, &month_text), &fields) {
            Ok((lsoa11, point, category)) => {
                let placement = placer.place(lsoa11, point);
                if let Placement::Ward { ward, .. } = placement {
                    counts.0[ward * Category::ALL.len() + category.index()] += 1;
                }
                accounting.record(&placement);
            }
            Err(error) => accounting.rejected.push(Rejection::from_error(error)?),
        }
        Ok(())
    })?;
    Ok((accounting, counts))
}

struct StreetColumns<'c> {
    month: Column<'c>,
    longitude: Column<'c>,
    latitude: Column<'c>,
    lsoa: Column<'c>,
    category: Column<'c>,
}

fn read_row<'r>(
    row: &'r Row,
    (month, month_text): (Month, &str),
    cols: &StreetColumns,
) -> std::result::Result<(&'r str, Option<Point<f64>>, Category), InputError> {
    super::complete(row, cols.category.name)?;
    // Nearly every row's month is written as the file's: only others are parsed.
    if cols.month.text(row) != month_text {
        let row_month: Month = cols.month.parse(row, "a month in the form YYYY-MM")?;
        if row_month != month {
            return Err(row.error(cols.month.name, format!("differs from the file's month {month}")));
        }
    }
    let category = Category::from_label(cols.category.text(row))
        .ok_or_else(|| row.error(cols.category.name, "is not a police.uk crime category"))?;
    let point = super::point(row, cols.longitude, cols.latitude)?;
    Ok((cols.lsoa.text(row), point, category))
}
