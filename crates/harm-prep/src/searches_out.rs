//! Publishing stop and search: ward tables under disclosure control, force
//! totals and outcomes, and the audit. The build stops here, writing nothing,
//! if any table fails its audit.

use crate::error::{PrepError, Result};
use crate::inputs::stop_search::{Outcome, Search, SearchAccounting};
use crate::publish::csv_text;
use harm_core::dataset::WardRow;
use harm_core::disclosure::{control, Audit, KnownMargins};
use harm_core::ethnicity::{Basis, EthnicGroup};
use harm_core::searches::{FORCE_SEARCH_COLUMNS, WARD_SEARCH_COLUMNS};
use harm_core::Month;
use serde::Serialize;
use std::collections::BTreeMap;

pub struct PublishedSearches {
    pub ward_csv: String,
    pub force_csv: String,
    pub audit: SearchAudit,
}

#[derive(Debug, Serialize)]
pub struct SearchAudit {
    pub rules: &'static str,
    pub total: Audit,
    pub tables: Vec<TableAudit>,
}

#[derive(Debug, Serialize)]
pub struct TableAudit {
    pub month: Month,
    pub basis: Basis,
    /// Records counted in the force totals but in no ward of the table.
    #[serde(rename = "records_not_in_a_ward")]
    pub searches_not_in_a_ward: u64,
    pub audit: Audit,
}

/// Disclosure control of one ward x group table; an error naming the table
/// if its audit fails, so nothing is written.
pub fn control_checked(
    table: &[Vec<u64>],
    column_totals: Vec<u64>,
    unplaced: u64,
    what: &str,
) -> Result<(harm_core::disclosure::ControlledTable, Audit)> {
    let (controlled, audit) = control(table, &KnownMargins { column_totals, unplaced });
    if !audit.passed() {
        let failed: Vec<String> =
            audit.checks.iter().filter(|c| !c.passed).map(|c| format!("{}: {}", c.check, c.detail)).collect();
        return Err(PrepError::Check(format!("disclosure control of {what}: {}", failed.join("; "))));
    }
    Ok((controlled, audit))
}

fn group_of(search: &Search, basis: Basis) -> EthnicGroup {
    match basis {
        Basis::SelfDefined => search.self_defined,
        Basis::OfficerDefined => search.officer_defined,
    }
}

/// Controls and writes every month x basis table; fails on any failed audit.
pub fn publish_searches(wards: &[WardRow], searches: &[Search], months: &[Month], force_name: &str) -> Result<PublishedSearches> {
    let ward_index: BTreeMap<&str, usize> = wards.iter().enumerate().map(|(i, w)| (w.ward_code.as_str(), i)).collect();
    let mut ward_rows = Vec::new();
    let mut force_rows = Vec::new();
    let mut tables = Vec::new();
    let mut total = Audit::default();
    for &month in months {
        for basis in Basis::ALL {
            let in_month: Vec<&Search> = searches.iter().filter(|s| s.month == month).collect();
            let mut table = vec![vec![0u64; 6]; wards.len()];
            let mut column_totals = vec![0u64; 6];
            let mut outcomes: BTreeMap<EthnicGroup, [u64; 4]> = BTreeMap::new();
            let mut unplaced = 0;
            for s in &in_month {
                let g = group_of(s, basis);
                column_totals[g.index()] += 1;
                let outcome = match s.outcome {
                    Outcome::Arrest => 0,
                    Outcome::NoFurtherAction => 1,
                    Outcome::Other => 2,
                    Outcome::NotRecorded => 3,
                };
                outcomes.entry(g).or_default()[outcome] += 1;
                match s.ward.as_deref().and_then(|w| ward_index.get(w)) {
                    Some(&i) => table[i][g.index()] += 1,
                    None => unplaced += 1,
                }
            }
            let (controlled, audit) =
                control_checked(&table, column_totals, unplaced, &format!("{force_name} stop and search, {month}, {}", basis.label()))?;
            for (ward, (cells, row_total)) in wards.iter().zip(controlled.cells.iter().zip(&controlled.row_totals)) {
                let mut row = vec![ward.ward_code.clone(), month.to_string(), basis.key().to_string()];
                row.extend(cells.iter().map(|c| c.text()));
                row.push(row_total.text());
                ward_rows.push(row);
            }
            for group in EthnicGroup::ALL {
                let o = outcomes.get(&group).copied().unwrap_or_default();
                let searches: u64 = o.iter().sum();
                force_rows.push(vec![
                    month.to_string(),
                    basis.key().to_string(),
                    group.key().to_string(),
                    searches.to_string(),
                    o[0].to_string(),
                    o[1].to_string(),
                    o[2].to_string(),
                    o[3].to_string(),
                ]);
            }
            total.add(&audit);
            tables.push(TableAudit { month, basis, searches_not_in_a_ward: unplaced, audit });
        }
    }
    total.checks = vec![harm_core::disclosure::AuditCheck {
        check: "every table passed its checks".into(),
        passed: true,
        detail: format!("{} tables", tables.len()),
    }];
    Ok(PublishedSearches {
        ward_csv: csv_text(&WARD_SEARCH_COLUMNS, ward_rows),
        force_csv: csv_text(&FORCE_SEARCH_COLUMNS, force_rows),
        audit: SearchAudit {
            rules: "Counts by ethnic group below force level: 1-9 suppressed ([c]); others rounded to the nearest 5; \
                    secondary suppression until no row or column has a lone suppressed cell; audited by interval \
                    propagation over all row and column equations with exact force totals.",
            total,
            tables,
        },
    })
}

pub fn accounting_csv(accounting: &[SearchAccounting]) -> String {
    let mut text = String::from(SearchAccounting::CSV_HEADER);
    text.push('\n');
    for a in accounting {
        text.push_str(&a.csv_row());
        text.push('\n');
    }
    text
}
