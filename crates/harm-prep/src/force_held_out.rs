//! Publishing force-held counts under the same disclosure control as stop
//! and search: one controlled ward x group table per month, basis and category.

use crate::error::Result;
use crate::inputs::force_held::ForceHeldCounts;
use crate::publish::csv_text;
use crate::searches_out::{control_checked, TableAudit};
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

pub fn publish_force_held(kind: &str, wards: &[WardRow], counts: &ForceHeldCounts, force_name: &str) -> Result<PublishedForceHeld> {
    let mut header = vec!["ward_code", "month", "basis", "category"];
    header.extend(EthnicGroup::ALL.iter().map(|g| g.key()));
    header.push("total");
    let mut ward_rows = Vec::new();
    let mut force_rows = Vec::new();
    let mut tables = Vec::new();
    let mut total = Audit::default();
    for ((month, basis, category), by_ward) in counts {
        let table: Vec<Vec<u64>> =
            wards.iter().map(|w| by_ward.get(&w.ward_code).map_or(vec![0; 6], |c| c.to_vec())).collect();
        let column_totals: Vec<u64> = (0..6).map(|g| table.iter().map(|r| r[g]).sum()).collect();
        let what = format!("{force_name} {kind}, {month}, {}, {category}", basis.label());
        let (controlled, attack) = control_checked(wards, table, column_totals.clone(), vec![0; 6], &what)?;
        let ward_table = &controlled.wards;
        for (ward, (cells, row_total)) in wards.iter().zip(ward_table.cells.iter().zip(&ward_table.row_totals)) {
            let mut row = vec![ward.ward_code.clone(), month.to_string(), basis.key().to_string(), category.clone()];
            row.extend(cells.iter().map(|c| c.text()));
            row.push(row_total.text());
            ward_rows.push(row);
        }
        for g in EthnicGroup::ALL {
            force_rows.push(vec![
                month.to_string(),
                basis.key().to_string(),
                category.clone(),
                g.key().to_string(),
                column_totals[g.index()].to_string(),
            ]);
        }
        total.add(&controlled.ward_audit);
        tables.push(CategoryAudit {
            category: category.clone(),
            table: TableAudit {
                period: month.to_string(),
                months_with_records: vec![*month],
                basis: *basis,
                searches_not_in_a_ward: 0,
                audit: controlled.ward_audit,
                district_audit: controlled.district_audit,
                attack,
            },
        });
    }
    Ok(PublishedForceHeld {
        ward_csv: csv_text(&header, ward_rows),
        force_csv: csv_text(&["month", "basis", "category", "group", "count"], force_rows),
        audit: ForceHeldAudit { kind: kind.to_string(), total, tables },
    })
}
