//! Publishing stop and search: ward and district tables for each fixed
//! period (declared in the recipe) under disclosure control, force totals and
//! outcomes by month, and the audit. The build stops here, writing nothing,
//! if any table fails its audit.

use crate::disclosure_audit::{attack_together, AttackReport, TableNames};
use crate::error::{PrepError, Result};
use crate::inputs::stop_search::{Outcome, Search, SearchAccounting};
use crate::publish::csv_text;
use harm_core::dataset::WardRow;
use harm_core::disclosure::{control_hierarchy, Audit, ChoiceKey, ControlledHierarchy, HierarchicalTable};
use harm_core::ethnicity::{Basis, EthnicGroup};
use harm_core::dataset::PublishedPeriod;
use harm_core::period::{FixedPeriods, Period};
use harm_core::searches::{AREA_SEARCH_COLUMNS, FORCE_SEARCH_COLUMNS};
use harm_core::Month;
use serde::Serialize;
use std::collections::BTreeMap;

pub struct PublishedSearches {
    /// Ward and district rows of every fixed period.
    pub area_csv: String,
    pub force_csv: String,
    pub audit: SearchAudit,
    /// The fixed periods published, with their months of records.
    pub periods: Vec<PublishedPeriod>,
}

#[derive(Debug, Serialize)]
pub struct SearchAudit {
    pub rules: &'static str,
    pub total: Audit,
    pub tables: Vec<TableAudit>,
}

#[derive(Debug, Serialize)]
pub struct TableAudit {
    /// The fixed period, e.g. `2019`.
    pub period: String,
    pub months_with_records: Vec<Month>,
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
                         linear/integer programming attack on every table of a period together (both ethnicity bases share \
                         their row totals) with the exact force totals.";

/// The districts of `wards`, code -> name, in code order: the order of the
/// district tables.
fn districts_by_code(wards: &[WardRow]) -> BTreeMap<&str, &str> {
    wards.iter().map(|w| (w.district_code.as_str(), w.district_name.as_str())).collect()
}

/// The ward -> district hierarchy: each ward's district index, and each
/// district as "code (name)", in code order.
pub fn districts_of(wards: &[WardRow]) -> (Vec<usize>, Vec<String>) {
    let districts = districts_by_code(wards);
    let index: BTreeMap<&str, usize> = districts.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let names = districts.iter().map(|(code, name)| format!("{code} ({name})")).collect();
    (wards.iter().map(|w| index[w.district_code.as_str()]).collect(), names)
}

/// Disclosure control of one ward x group table with its districts; an
/// error naming the table if a check fails, so nothing is written. Returns
/// the controlled tables and the names the attack reports them by.
pub fn control_checked(
    wards: &[WardRow],
    table: Vec<Vec<u64>>,
    force_totals: Vec<u64>,
    unplaced: Vec<u64>,
    what: &str,
) -> Result<(ControlledHierarchy, TableNames)> {
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
    Ok((controlled, names))
}

/// The attack on tables about the same people (one period's tables of each
/// basis: their row totals are the same counts), together; an error naming
/// the table and count if it narrows any too far.
pub fn attack_checked(tables: &[(ControlledHierarchy, TableNames)]) -> Result<Vec<AttackReport>> {
    let published: Vec<_> = tables.iter().map(|(c, names)| (c.published(), names)).collect();
    let pairs: Vec<_> = published.iter().map(|(p, names)| (p, *names)).collect();
    attack_together(&pairs).map_err(|e| PrepError::Check(e.to_string()))
}

fn group_of(search: &Search, basis: Basis) -> EthnicGroup {
    match basis {
        Basis::SelfDefined => search.self_defined,
        Basis::OfficerDefined => search.officer_defined,
    }
}

fn outcome_index(outcome: Outcome) -> usize {
    match outcome {
        Outcome::Arrest => 0,
        Outcome::NoFurtherAction => 1,
        Outcome::Other => 2,
        Outcome::NotRecorded => 3,
    }
}

/// Force-level searches and outcomes by month, group and basis: exact,
/// because counts for the whole force are not sensitive.
fn force_rows(searches: &[Search], months: &[Month]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for &month in months {
        for basis in Basis::ALL {
            let mut outcomes: BTreeMap<EthnicGroup, [u64; 4]> = BTreeMap::new();
            for s in searches.iter().filter(|s| s.month == month) {
                outcomes.entry(group_of(s, basis)).or_default()[outcome_index(s.outcome)] += 1;
            }
            for group in EthnicGroup::ALL {
                let o = outcomes.get(&group).copied().unwrap_or_default();
                let mut row = vec![month.to_string(), basis.key().to_string(), group.key().to_string(), o.iter().sum::<u64>().to_string()];
                row.extend(o.iter().map(u64::to_string));
                rows.push(row);
            }
        }
    }
    rows
}

/// The fixed periods holding `months`, each with its months, in order.
pub fn fixed_periods_of(months: impl IntoIterator<Item = Month>, fixed: FixedPeriods) -> Vec<(Period, Vec<Month>)> {
    let mut periods: Vec<(Period, Vec<Month>)> = Vec::new();
    for month in months {
        let period = fixed.period_of(month);
        match periods.iter_mut().find(|(p, _)| *p == period) {
            Some((_, ms)) if !ms.contains(&month) => ms.push(month),
            Some(_) => {}
            None => periods.push((period, vec![month])),
        }
    }
    periods
}

/// The published lines of a controlled ward and district table: for each
/// ward then each district (in code order, as `districts_of`), `lead` (the
/// level, the area code) followed by the cells and the row total.
pub fn area_rows(
    wards: &[WardRow],
    controlled: &ControlledHierarchy,
    lead: impl Fn(&str, &str) -> Vec<String>,
) -> Vec<Vec<String>> {
    let codes = wards.iter().map(|w| ("ward", w.ward_code.as_str())).chain(districts_by_code(wards).into_keys().map(|c| ("district", c)));
    let tables = [&controlled.wards, &controlled.districts];
    let rows = tables.into_iter().flat_map(|t| t.cells.iter().zip(&t.row_totals));
    codes
        .zip(rows)
        .map(|((level, code), (cells, row_total))| {
            let mut row = lead(level, code);
            row.extend(cells.iter().map(|c| c.text()));
            row.push(row_total.text());
            row
        })
        .collect()
}

/// Controls and writes the ward and district table of every fixed period and
/// basis; fails on any failed audit.
pub fn publish_searches(
    wards: &[WardRow],
    searches: &[Search],
    months: &[Month],
    fixed: FixedPeriods,
    force_name: &str,
) -> Result<PublishedSearches> {
    let ward_index: BTreeMap<&str, usize> = wards.iter().enumerate().map(|(i, w)| (w.ward_code.as_str(), i)).collect();
    let periods = fixed_periods_of(months.iter().copied(), fixed);
    let mut area_lines = Vec::new();
    let mut tables = Vec::new();
    let mut total = Audit::default();
    for (period, period_months) in &periods {
        let mut controlled = Vec::new();
        let mut not_in_a_ward = Vec::new();
        for basis in Basis::ALL {
            let mut table = vec![vec![0u64; 6]; wards.len()];
            let mut column_totals = vec![0u64; 6];
            let mut unplaced = vec![0u64; 6];
            for s in searches.iter().filter(|s| period_months.contains(&s.month)) {
                let g = group_of(s, basis).index();
                column_totals[g] += 1;
                match s.ward.as_deref().and_then(|w| ward_index.get(w)) {
                    Some(&i) => table[i][g] += 1,
                    None => unplaced[g] += 1,
                }
            }
            not_in_a_ward.push(unplaced.iter().sum());
            let what = format!("{force_name} stop and search, {}, {}", period.key, basis.label());
            controlled.push(control_checked(wards, table, column_totals, unplaced, &what)?);
        }
        let attacks = attack_checked(&controlled)?;
        for (((basis, (c, _)), attack), not_in_a_ward) in Basis::ALL.into_iter().zip(controlled).zip(attacks).zip(not_in_a_ward) {
            area_lines.extend(area_rows(wards, &c, |level, code| {
                vec![level.to_string(), code.to_string(), period.key.clone(), basis.key().to_string()]
            }));
            total.add(&c.ward_audit);
            total.add(&c.district_audit);
            tables.push(TableAudit {
                period: period.key.clone(),
                months_with_records: period_months.clone(),
                basis,
                searches_not_in_a_ward: not_in_a_ward,
                audit: c.ward_audit,
                district_audit: c.district_audit,
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
        area_csv: csv_text(&AREA_SEARCH_COLUMNS, area_lines),
        force_csv: csv_text(&FORCE_SEARCH_COLUMNS, force_rows(searches, months)),
        audit: SearchAudit { rules: RULES, total, tables },
        periods: periods
            .into_iter()
            .map(|(p, months_with_records)| PublishedPeriod { key: p.key, months_with_records })
            .collect(),
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
