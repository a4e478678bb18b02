//! Home Office use-of-force statistics by force and the subject's perceived
//! ethnicity: force level only. The counting unit is one officer's use of one
//! tactic on one person.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::CsvRows;
use harm_core::ethnicity::EthnicGroup;

/// Uses of force by group for one force and year.
#[derive(Debug, Clone, PartialEq)]
pub struct UseOfForce {
    pub period: String,
    pub by_group: [u64; 6],
}

/// Reads the total-tactics row of `force_name` (the row the recipe's values
/// `total_type` and `total_tactic` pick out). Columns are mapped to groups by
/// the recipe's `groups` (header -> group key), since the group columns change
/// between years; the groups must add up to the stated total.
pub fn read_use_of_force(raw: &RawFolder, spec: &InputSpec, force_name: &str) -> Result<Option<UseOfForce>> {
    let (force, kind, tactic, total) =
        (spec.column("force")?, spec.column("type")?, spec.column("tactic")?, spec.column("total")?);
    let period = spec.period.clone().ok_or_else(|| PrepError::Recipe {
        path: spec.path.clone().into(),
        reason: format!("use-of-force input '{}' has no period", spec.path),
    })?;
    let mut groups: Vec<(&str, EthnicGroup)> = Vec::new();
    for (header, key) in &spec.groups {
        let group = EthnicGroup::from_key(key).ok_or_else(|| PrepError::Recipe {
            path: spec.path.clone().into(),
            reason: format!("'{key}' is not an ethnic group key"),
        })?;
        groups.push((header.as_str(), group));
    }
    let bytes = raw.read("use_of_force", spec, &spec.path)?;
    let mut required = vec![force, kind, tactic, total];
    required.extend(groups.iter().map(|g| g.0));
    let (total_type, total_tactic) = (spec.value("total_type")?, spec.value("total_tactic")?);
    let mut found = None;
    CsvRows::new(&spec.path, bytes.as_slice(), &required)?.for_each(|row| {
        if row.text(force) != force_name || row.text(kind) != total_type || row.text(tactic) != total_tactic {
            return Ok(());
        }
        if found.is_some() {
            return Err(row.error(force, "has a second total row"));
        }
        let mut by_group = [0u64; 6];
        for (header, group) in &groups {
            by_group[group.index()] += row.count(header)?;
        }
        let stated = row.count(total)?;
        if by_group.iter().sum::<u64>() != stated {
            return Err(row.error(total, format!("is not the sum of the group columns ({})", by_group.iter().sum::<u64>())));
        }
        found = Some(UseOfForce { period: period.clone(), by_group });
        Ok(())
    })?;
    Ok(found)
}
