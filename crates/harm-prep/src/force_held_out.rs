//! Publishing force-held counts under the same disclosure control as stop
//! and search: below force level, one controlled ward and district table per
//! fixed period (declared in the recipe), basis and category; months only at
//! force level.

use crate::error::Result;
use crate::inputs::calls_for_service::PersistentMonth;
use crate::inputs::force_held::ForceHeldCounts;
use crate::publish::csv_text;
use crate::searches_out::{area_rows, attack_checked, control_checked, fixed_periods_of, TableAudit};
use harm_core::ethnicity::Basis;
use harm_core::period::FixedPeriods;
use std::collections::BTreeSet;
use harm_core::dataset::WardRow;
use harm_core::disclosure::Audit;
use harm_core::ethnicity::EthnicGroup;
use serde::Serialize;

pub struct PublishedForceHeld {
    pub ward_csv: String,
    pub force_csv: String,
    pub audit: ForceHeldAudit,
}

#[derive(Debug, Serialize)]
pub struct ForceHeldAudit {
    pub kind: String,
    pub total: Audit,
    pub tables: Vec<CategoryAudit>,
}

#[derive(Debug, Serialize)]
pub struct CategoryAudit {
    pub category: String,
    #[serde(flatten)]
    pub table: TableAudit,
}

pub fn publish_force_held(
    kind: &str,
    wards: &[WardRow],
    counts: &ForceHeldCounts,
    fixed: FixedPeriods,
    force_name: &str,
) -> Result<PublishedForceHeld> {
    let mut header = vec!["level", "area_code", "period", "basis", "category"];
    header.extend(EthnicGroup::ALL.iter().map(|g| g.key()));
    header.push("total");
    let mut area_lines = Vec::new();
    let mut force_rows = Vec::new();
    let mut tables = Vec::new();
    let mut total = Audit::default();
    // Force level: every month, exact.
    for ((month, basis, category), by_ward) in counts {
        for g in EthnicGroup::ALL {
            let n: u64 = by_ward.values().map(|c| c[g.index()]).sum();
            force_rows.push(vec![month.to_string(), basis.key().to_string(), category.clone(), g.key().to_string(), n.to_string()]);
        }
    }
    // Below force level: one table per fixed period, category and basis; a
    // period's bases are attacked together (they count the same people).
    let categories: BTreeSet<String> = counts.keys().map(|(_, _, c)| c.clone()).collect();
    let bases: BTreeSet<Basis> = counts.keys().map(|(_, b, _)| *b).collect();
    for (period, months) in fixed_periods_of(counts.keys().map(|(m, _, _)| *m), fixed) {
        for category in &categories {
            let mut controlled = Vec::new();
            for basis in &bases {
                let mut table = vec![vec![0u64; 6]; wards.len()];
                for month in &months {
                    let Some(by_ward) = counts.get(&(*month, *basis, category.clone())) else { continue };
                    for (row, ward) in table.iter_mut().zip(wards) {
                        if let Some(c) = by_ward.get(&ward.ward_code) {
                            row.iter_mut().zip(c).for_each(|(t, n)| *t += n);
                        }
                    }
                }
                let column_totals: Vec<u64> = (0..6).map(|g| table.iter().map(|r| r[g]).sum()).collect();
                let what = format!("{force_name} {kind}, {}, {}, {category}", period.key, basis.label());
                controlled.push(control_checked(wards, table, column_totals, vec![0; 6], &what)?);
            }
            let attacks = attack_checked(&controlled)?;
            for ((basis, (c, _)), attack) in bases.iter().zip(controlled).zip(attacks) {
                area_lines.extend(area_rows(wards, &c, |level, code| {
                    vec![level.to_string(), code.to_string(), period.key.clone(), basis.key().to_string(), category.clone()]
                }));
                total.add(&c.ward_audit);
                total.add(&c.district_audit);
                tables.push(CategoryAudit {
                    category: category.clone(),
                    table: TableAudit {
                        period: period.key.clone(),
                        months_with_records: months.clone(),
                        basis: *basis,
                        searches_not_in_a_ward: 0,
                        audit: c.ward_audit,
                        district_audit: c.district_audit,
                        attack,
                    },
                });
            }
        }
    }
    Ok(PublishedForceHeld {
        ward_csv: csv_text(&header, area_lines),
        force_csv: csv_text(&["month", "basis", "category", "group", "count"], force_rows),
        audit: ForceHeldAudit { kind: kind.to_string(), total, tables },
    })
}

/// Callers tagged persistent and their calls, by month and the caller's
/// group, at force level only (see [`crate::inputs::calls_for_service`]).
pub fn persistent_callers_csv(by_month: &std::collections::BTreeMap<harm_core::Month, PersistentMonth>, threshold: u64) -> String {
    csv_text(
        &["month", "group", "persistent_callers", "persistent_calls", "threshold_calls_a_month"],
        by_month.iter().flat_map(|(month, p)| {
            EthnicGroup::ALL.map(|g| {
                vec![month.to_string(), g.key().to_string(), p.callers[g.index()].to_string(), p.calls[g.index()].to_string(), threshold.to_string()]
            })
        }),
    )
}
