//! Publishing stop and search: ward tables under disclosure control, force
//! totals and outcomes, and the audit. The build stops here, writing nothing,
//! if any table fails its audit.

use crate::disclosure_audit::{attack, AttackReport, TableNames};
use crate::error::{PrepError, Result};
use crate::inputs::stop_search::{Outcome, Search, SearchAccounting};
use crate::publish::csv_text;
use harm_core::dataset::WardRow;
use harm_core::disclosure::{control_hierarchy, Audit, ChoiceKey, ControlledHierarchy, HierarchicalTable};
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
    /// The ward table (published).
    pub audit: Audit,
    /// The district table, controlled with the wards so both can be published.
    pub district_audit: Audit,
    /// The linear/integer programming attack on both tables.
    pub attack: AttackReport,
}

pub const RULES: &str = "Counts by ethnic group below force level: 1-9 suppressed ([c]); others rounded to the nearest 5; \
                         ward and district tables controlled together: secondary suppression until every suppressed count \
                         can change by 2 without changing any published figure, row totals suppressed where rounding slack \
                         cannot protect their [c] cells, ties broken by a hash keyed on the unpublished counts; audited by a \
                         linear/integer programming attack on both tables with the exact force totals.";

/// The ward -> district hierarchy: each ward's district index, and each
/// district as "code (name)", in code order.
pub fn districts_of(wards: &[WardRow]) -> (Vec<usize>, Vec<String>) {
    let districts: BTreeMap<&str, &str> = wards.iter().map(|w| (w.district_code.as_str(), w.district_name.as_str())).collect();
    let index: BTreeMap<&str, usize> = districts.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let names = districts.iter().map(|(code, name)| format!("{code} ({name})")).collect();
    (wards.iter().map(|w| index[w.district_code.as_str()]).collect(), names)
}

/// Disclosure control of one ward x group table with its districts, then the
/// attack on what would be published; an error naming the table (and the
/// count) if either fails, so nothing is written.
pub fn control_checked(
    wards: &[WardRow],
    table: Vec<Vec<u64>>,
    force_totals: Vec<u64>,
    unplaced: Vec<u64>,
    what: &str,
) -> Result<(ControlledHierarchy, AttackReport)> {
    let (district_of_ward, district_names) = districts_of(wards);
    let table = HierarchicalTable { district_of_ward, districts: district_names.len(), wards: table, force_totals, unplaced };
    let controlled = control_hierarchy(&table, &ChoiceKey::from_exact_counts(&table))
        .map_err(|e| PrepError::Check(format!("disclosure control of {what}: {e}")))?;
    for audit in [&controlled.ward_audit, &controlled.district_audit] {
        if !audit.passed() {
            let failed: Vec<String> =
                audit.checks.iter().filter(|c| !c.passed).map(|c| format!("{}: {}", c.check, c.detail)).collect();
            return Err(PrepError::Check(format!("disclosure control of {what}: {}", failed.join("; "))));
        }
    }
    let names = TableNames {
        table: what.to_string(),
        wards: wards.iter().map(|w| format!("{} ({})", w.ward_code, w.ward_name)).collect(),
        districts: district_names,
        columns: EthnicGroup::ALL.iter().map(|g| g.key().to_string()).collect(),
    };
    let report = attack(&controlled.published(), &names).map_err(|e| PrepError::Check(e.to_string()))?;
    Ok((controlled, report))
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
            let mut unplaced = vec![0u64; 6];
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
                    None => unplaced[g.index()] += 1,
                }
            }
            let not_in_a_ward = unplaced.iter().sum();
            let what = format!("{force_name} stop and search, {month}, {}", basis.label());
            let (controlled, attack) = control_checked(wards, table, column_totals, unplaced, &what)?;
            let ward_table = &controlled.wards;
            for (ward, (cells, row_total)) in wards.iter().zip(ward_table.cells.iter().zip(&ward_table.row_totals)) {
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
            total.add(&controlled.ward_audit);
            tables.push(TableAudit {
                month,
                basis,
                searches_not_in_a_ward: not_in_a_ward,
                audit: controlled.ward_audit,
                district_audit: controlled.district_audit,
                attack,
            });
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
            rules: RULES,
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
