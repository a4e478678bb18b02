//! Census 2021 residents by ethnic group, deprivation and rural-urban class, by 2021 LSOA.

use crate::error::Result;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{sum_counts, CsvRows, FirstLines, MAX_EXACT_COUNT};
use std::collections::{BTreeMap, BTreeSet};

/// The five broad Census 2021 ethnic groups, in the order the dataset uses.
pub const GROUP_KEYS: [&str; 5] = ["asian", "black", "mixed", "white", "other"];

/// Residents by group (Asian, Black, Mixed, White, Other) for the `wanted` LSOAs.
/// Each LSOA must list all five groups, and they must add up to its total.
pub fn ethnic_groups(raw: &RawFolder, spec: &InputSpec, wanted: &BTreeSet<String>) -> Result<BTreeMap<String, [u64; 5]>> {
    let (lsoa, total, group, n) =
        (spec.column("lsoa21_code")?, spec.column("total_residents")?, spec.column("ethnic_group")?, spec.column("n")?);
    let labels: Vec<&str> = GROUP_KEYS.iter().map(|k| spec.value(k)).collect::<Result<_>>()?;
    let bytes = raw.read("ethnic_group", spec, &spec.path)?;
    let mut by_lsoa: BTreeMap<String, ([Option<u64>; 5], u64, u64)> = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[lsoa, total, group, n])?.for_each(|row| {
        if !wanted.contains(row.text(lsoa)) {
            return Ok(());
        }
        let index = labels
            .iter()
            .position(|l| *l == row.text(group))
            .ok_or_else(|| row.error(group, "is not one of the five ethnic groups named in the recipe"))?;
        first.first(row, group, (row.text(lsoa).to_string(), index), "LSOA and ethnic group")?;
        let entry = by_lsoa.entry(row.text(lsoa).to_string()).or_insert(([None; 5], row.count(total)?, row.line()));
        entry.0[index] = Some(row.count(n)?);
        Ok(())
    })?;
    let mut out = BTreeMap::new();
    for (code, (groups, total_residents, line)) in by_lsoa {
        let field_error = |reason: String| harm_core::csv_rows::InputError::Field {
            file: spec.path.clone(),
            line,
            field: lsoa.to_string(),
            value: code.clone(),
            reason,
        };
        let counts: Vec<u64> = groups
            .iter()
            .zip(GROUP_KEYS)
            .map(|(g, key)| g.ok_or_else(|| field_error(format!("has no row for group '{key}'"))))
            .collect::<std::result::Result<_, _>>()?;
        let sum = sum_counts(counts.iter().copied())
            .ok_or_else(|| field_error(format!("has groups summing past {MAX_EXACT_COUNT}, the largest count computed exactly")))?;
        if sum != total_residents {
            return Err(field_error(format!("has groups summing to {sum}, not its total {total_residents}")).into());
        }
        out.insert(code, [counts[0], counts[1], counts[2], counts[3], counts[4]]);
    }
    Ok(out)
}

/// A per-LSOA attribute (deprivation decile, rural-urban class) for the `wanted` LSOAs.
pub fn lsoa_attribute(
    raw: &RawFolder,
    input: &str,
    spec: &InputSpec,
    value_column: &str,
    wanted: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>> {
    let (lsoa, value) = (spec.column("lsoa21_code")?, spec.column(value_column)?);
    let bytes = raw.read(input, spec, &spec.path)?;
    let mut out = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[lsoa, value])?.for_each(|row| {
        first.first(row, lsoa, row.text(lsoa).to_string(), "LSOA")?;
        if wanted.contains(row.text(lsoa)) {
            if row.text(value).is_empty() {
                return Err(row.error(value, "is empty"));
            }
            out.insert(row.text(lsoa).to_string(), row.text(value).to_string());
        }
        Ok(())
    })?;
    Ok(out)
}

/// National IMD decile (1 = most deprived) of the `wanted` LSOAs.
pub fn imd_deciles(raw: &RawFolder, spec: &InputSpec, wanted: &BTreeSet<String>) -> Result<BTreeMap<String, u8>> {
    let (lsoa, decile) = (spec.column("lsoa21_code")?, spec.column("imd_decile")?);
    let bytes = raw.read("deprivation", spec, &spec.path)?;
    let mut out = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &[lsoa, decile])?.for_each(|row| {
        first.first(row, lsoa, row.text(lsoa).to_string(), "LSOA")?;
        if wanted.contains(row.text(lsoa)) {
            let d = row.count(decile)?;
            if !(1..=10).contains(&d) {
                return Err(row.error(decile, "is not a decile from 1 to 10"));
            }
            out.insert(row.text(lsoa).to_string(), d as u8);
        }
        Ok(())
    })?;
    Ok(out)
}
