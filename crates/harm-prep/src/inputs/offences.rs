//! Home Office offence codes: their police.uk category and recorded volumes by force.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{CsvRows, FirstLines};
use harm_core::harm::OffenceVolume;
use harm_core::Category;
use std::collections::BTreeMap;

/// Offence code -> police.uk category.
pub fn offence_categories(raw: &RawFolder, spec: &InputSpec) -> Result<BTreeMap<String, Category>> {
    let (code, category) = (spec.column("offence_code")?, spec.column("category")?);
    let bytes = raw.read("offence_categories", spec, &spec.path)?;
    let mut out = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[code, category])?.for_each(|row| {
        first.first(row, code, row.text(code).to_string(), "offence code")?;
        let c = Category::from_label(row.text(category))
            .ok_or_else(|| row.error(category, "is not a police.uk crime category"))?;
        out.insert(row.text(code).to_string(), c);
        Ok(())
    })?;
    Ok(out)
}

/// Recorded volume of each offence code for one force, summed over the
/// file's quarters. Quarterly figures may be negative (later reclassification);
/// a negative year total is an error.
pub fn offence_volumes(
    raw: &RawFolder,
    spec: &InputSpec,
    force_name: &str,
    categories: &BTreeMap<String, Category>,
) -> Result<Vec<OffenceVolume>> {
    let (force, code, volume) = (spec.column("force")?, spec.column("offence_code")?, spec.column("volume")?);
    let bytes = raw.read("offence_volumes", spec, &spec.path)?;
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    CsvRows::new(&spec.path, bytes.as_slice(), &[force, code, volume])?.for_each(|row| {
        if row.text(force) != force_name {
            return Ok(());
        }
        if !categories.contains_key(row.text(code)) {
            return Err(row.error(code, "has no police.uk category in the offence mapping"));
        }
        let total = totals.entry(row.text(code).to_string()).or_default();
        *total = total
            .checked_add(row.parse::<i64>(volume, "a whole number")?)
            .ok_or_else(|| row.error(volume, "brings the offence's total past the range of whole numbers"))?;
        Ok(())
    })?;
    if totals.is_empty() {
        return Err(PrepError::Check(format!("{}: no recorded crime for force '{force_name}'", spec.path)));
    }
    totals
        .into_iter()
        .map(|(offence_code, total)| {
            let volume = u64::try_from(total).map_err(|_| {
                PrepError::Check(format!("{}: offence {offence_code} of {force_name} totals {total}", spec.path))
            })?;
            Ok(OffenceVolume { category: categories[&offence_code], offence_code, volume })
        })
        .collect()
}
