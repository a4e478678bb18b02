//! Home Office use-of-force statistics: force level only, by the subject's
//! perceived ethnicity. One use is one officer's use of one tactic on one
//! person, so a person can be counted many times.

use crate::csv_rows::{CsvRows, InputError};
use crate::ethnicity::EthnicGroup;

#[derive(Debug, Clone, PartialEq)]
pub struct UseOfForceRow {
    pub period: String,
    pub group: EthnicGroup,
    pub uses: u64,
}

pub const USE_OF_FORCE_COLUMNS: [&str; 3] = ["period", "group", "uses"];

pub fn parse_use_of_force(file: &str, text: &str) -> Result<Vec<UseOfForceRow>, InputError> {
    let mut rows = Vec::new();
    CsvRows::new(file, text.as_bytes(), &USE_OF_FORCE_COLUMNS)?.for_each(|row| {
        rows.push(UseOfForceRow {
            period: row.text("period").to_string(),
            group: EthnicGroup::from_key(row.text("group")).ok_or_else(|| row.error("group", "is not an ethnic group key"))?,
            uses: row.count("uses")?,
        });
        Ok(())
    })?;
    Ok(rows)
}

/// Uses by group for one period, in [`EthnicGroup::ALL`] order.
pub fn uses_by_group(rows: &[UseOfForceRow], period: &str) -> [u64; 6] {
    let mut by_group = [0; 6];
    for r in rows.iter().filter(|r| r.period == period) {
        by_group[r.group.index()] += r.uses;
    }
    by_group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_sums_by_group() {
        let text = "period,group,uses\n2018-19,black,524\n2018-19,white,7034\n2019-20,black,602\n";
        let rows = parse_use_of_force("use-of-force.csv", text).unwrap();
        let g = uses_by_group(&rows, "2018-19");
        assert_eq!((g[EthnicGroup::Black.index()], g[EthnicGroup::White.index()]), (524, 7034));
        let bad = "period,group,uses\n2018-19,purple,5\n";
        assert_eq!(
            parse_use_of_force("use-of-force.csv", bad).unwrap_err().to_string(),
            "use-of-force.csv, line 2, field 'group': value 'purple' is not an ethnic group key"
        );
    }
}
