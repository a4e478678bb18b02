//! `harm-prep calls`: an analyst's local check of a calls-for-service
//! extract before it is published, per ward of the published dataset. Its
//! counts are not disclosure-controlled, so they are for the analyst only.

use crate::error::{PrepError, Result};
use crate::inputs::calls_for_service::read_calls;
use crate::publish::csv_text;
use crate::table::read_text;
use harm_core::dataset::{parse_lsoa_wards, parse_wards, ForceFiles};
use std::path::Path;

pub const COLUMNS: [&str; 6] = ["ward_code", "calls", "persistent_calls", "persistent_callers", "black_calls", "white_calls"];

/// One row per ward of `force` in the published `data`, in ward order, and
/// the rejected rows of the calls file as messages.
pub fn calls_csv(calls: &Path, data: &Path, force: &str, threshold: u64) -> Result<(String, Vec<String>)> {
    let wards_file = ForceFiles::wards(force);
    let wards = parse_wards(&wards_file, &read_text(data, &wards_file)?)?;
    let lookup_file = ForceFiles::lsoa_wards(force);
    let lookup = parse_lsoa_wards(&lookup_file, &read_text(data, &lookup_file)?, &wards)?;
    let name = calls.display().to_string();
    let bytes = std::fs::read(calls).map_err(PrepError::io(calls))?;
    let read = read_calls(&name, &bytes, &lookup, threshold)?;
    let rows = wards.iter().map(|w| {
        let c = read.by_ward.get(&w.ward_code).cloned().unwrap_or_default();
        [w.ward_code.clone(), c.calls.to_string(), c.persistent_calls.to_string(), c.persistent_callers.to_string(), c.black_calls.to_string(), c.white_calls.to_string()].to_vec()
    });
    let rejected = read
        .rejected
        .iter()
        .map(|r| format!("rejected: {name}, line {}, field '{}': value '{}' {}", r.line, r.field, r.value, r.reason))
        .collect();
    Ok((csv_text(&COLUMNS, rows), rejected))
}
