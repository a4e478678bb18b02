//! Force-held counts by ward, month, ethnic group and category (victims,
//! suspects and offenders, use of force by ward), in the documented template
//! shape of `data/templates/`. Bad rows are rejected and reported, never dropped.

use crate::assign::Rejection;
use crate::error::Result;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{add_counts, CsvRows, FirstLines, InputError, Row, MAX_EXACT_COUNT};
use harm_core::ethnicity::{Basis, EthnicGroup};
use harm_core::Month;
use std::collections::{BTreeMap, BTreeSet};

pub const TEMPLATE_COLUMNS: [&str; 6] = ["ward_code", "month", "basis", "ethnic_group", "category", "count"];

/// (month, basis, category) -> ward -> counts by group.
pub type ForceHeldCounts = BTreeMap<(Month, Basis, String), BTreeMap<String, [u64; 6]>>;

#[derive(Debug, Default)]
pub struct ForceHeldAccounting {
    pub file: String,
    pub rows_read: u64,
    pub used: u64,
    pub rejected: Vec<Rejection>,
    pub lines: harm_core::csv_rows::Lines,
}

pub fn read_force_held(
    raw: &RawFolder,
    kind: &str,
    spec: &InputSpec,
    force_wards: &BTreeSet<String>,
) -> Result<(ForceHeldCounts, ForceHeldAccounting)> {
    let bytes = raw.read(kind, spec, &spec.path)?;
    let mut counts = ForceHeldCounts::new();
    let mut first = FirstLines::default();
    // Every total published (by ward, district, period or force) is at most
    // the file's total, so one check keeps them all exact.
    let mut file_total = 0u64;
    let mut accounting = ForceHeldAccounting { file: spec.path.clone(), ..Default::default() };
    accounting.lines = CsvRows::new(&spec.path, bytes.as_slice(), &TEMPLATE_COLUMNS)?.for_each(|row| {
        accounting.rows_read += 1;
        match read_row(row, force_wards) {
            Ok((ward, month, basis, group, category, count)) => {
                let key = (ward.clone(), month, basis, group, category.clone());
                if let Err(repeat) = first.first(row, "count", key, "ward, month, basis, group and category") {
                    accounting.rejected.push(Rejection::from_error(repeat)?);
                    return Ok(());
                }
                file_total = add_counts(file_total, count).ok_or_else(|| {
                    row.error("count", format!("brings the file's total past {MAX_EXACT_COUNT}, the largest count computed exactly"))
                })?;
                counts.entry((month, basis, category)).or_default().entry(ward).or_insert([0; 6])[group.index()] += count;
                accounting.used += 1;
            }
            Err(error) => accounting.rejected.push(Rejection::from_error(error)?),
        }
        Ok(())
    })?;
    Ok((counts, accounting))
}

type TemplateRow = (String, Month, Basis, EthnicGroup, String, u64);

fn read_row(row: &Row, force_wards: &BTreeSet<String>) -> std::result::Result<TemplateRow, InputError> {
    let ward = row.text("ward_code");
    if !force_wards.contains(ward) {
        return Err(row.error("ward_code", "is not a ward of this force"));
    }
    let month = row.parse("month", "a month in the form YYYY-MM")?;
    let basis = Basis::from_key(row.text("basis")).ok_or_else(|| row.error("basis", "is not self_defined or officer_defined"))?;
    let group = EthnicGroup::from_key(row.text("ethnic_group"))
        .ok_or_else(|| row.error("ethnic_group", "is not asian, black, mixed, white, other or not_stated"))?;
    let category = row.text("category");
    if category.is_empty() {
        return Err(row.error("category", "is empty"));
    }
    Ok((ward.to_string(), month, basis, group, category.to_string(), row.count("count")?))
}
