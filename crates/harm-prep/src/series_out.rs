//! Publishing the five-year district stop and search series:
//! `<force>/stop-search-series.csv` (`area_code,area_name,year,black,white`),
//! district rows under disclosure control, then the force row, exact.
//!
//! Each year is controlled as its own table of districts x {black, white}
//! with the force's exact column totals above it (the engine's ward level
//! holds the districts, under one "district", the force), by
//! [`harm_core::disclosure::control_hierarchy`]: 1-9 suppressed, others
//! rounded to 5, secondary suppression so no `[c]` is recoverable from the
//! exact force row. Only the district cells are published (not their row
//! totals, which the engine also protects), so the published file tells an
//! attacker less than the tables the engine and the audit (the linear/integer
//! programming attack of [`crate::disclosure_audit`]) check.

use crate::disclosure_audit::{attack, TableNames};
use crate::error::{PrepError, Result};
use crate::inputs::stop_search::Search;
use crate::publish::csv_text;
use harm_core::dataset::{District, WardRow};
use harm_core::disclosure::{control_hierarchy, ChoiceKey, HierarchicalTable};
use harm_core::ethnicity::EthnicGroup;
use harm_core::search_series::{compare_with_records, complete_years, Disagreement, YearCounts, SERIES_COLUMNS};
use harm_core::Month;
use std::collections::{BTreeMap, BTreeSet};

pub struct PublishedSeries {
    pub csv: String,
    pub years: Vec<u16>,
    /// Differences from the record-level files in the years they cover whole.
    pub disagreements: Vec<Disagreement>,
}

/// Controls and writes the series of one force (`rows` from
/// [`crate::inputs::stop_search_series::read_series`], in district order).
pub fn publish_series(
    force: (&str, &str),
    districts: &[District],
    rows: &[YearCounts],
    records: (&[Search], &[WardRow], &[Month]),
) -> Result<PublishedSeries> {
    let (force_code, force_name) = force;
    let years: Vec<u16> = rows.iter().map(|r| r.year).collect::<BTreeSet<_>>().into_iter().collect();
    let mut out = Vec::new();
    let mut force_rows = Vec::new();
    for &year in &years {
        let counts: Vec<Vec<u64>> = districts
            .iter()
            .map(|d| {
                let r = rows.iter().find(|r| r.area_code == d.code && r.year == year).expect("every district has every year");
                vec![r.black, r.white]
            })
            .collect();
        let totals = vec![counts.iter().map(|c| c[0]).sum::<u64>(), counts.iter().map(|c| c[1]).sum::<u64>()];
        let table = HierarchicalTable {
            district_of_ward: vec![0; districts.len()],
            districts: 1,
            wards: counts,
            force_totals: totals.clone(),
            unplaced: vec![0, 0],
        };
        let key = ChoiceKey::from_exact_counts(&table).mixed(&[u64::from(year)]);
        let controlled = control_hierarchy(&table, &key)
            .map_err(|e| PrepError::Check(format!("{force_name} stop and search series {year}: {e}")))?;
        let names = TableNames {
            table: format!("{force_name} stop and search series {year}"),
            wards: districts.iter().map(|d| format!("{} ({})", d.code, d.name)).collect(),
            districts: vec![format!("{force_code} ({force_name})")],
            columns: vec!["black".into(), "white".into()],
        };
        attack(&controlled.published(), &names).map_err(|e| PrepError::Check(e.to_string()))?;
        for (d, cells) in districts.iter().zip(&controlled.wards.cells) {
            out.push(vec![d.code.clone(), d.name.clone(), year.to_string(), cells[0].text(), cells[1].text()]);
        }
        force_rows.push(vec![force_code.to_string(), force_name.to_string(), year.to_string(), totals[0].to_string(), totals[1].to_string()]);
    }
    out.extend(force_rows);

    let (searches, wards, months) = records;
    let compared = complete_years(months);
    let disagreements = compare_with_records(rows, &record_counts(searches, wards), &compared);
    Ok(PublishedSeries { csv: csv_text(&SERIES_COLUMNS, out), years, disagreements })
}

/// Exact Black and White searches (officer-defined ethnicity, the police.uk
/// API's `officer_defined_ethnicity` the series counts) of each district and
/// calendar year, from the record-level files' searches placed in wards.
pub fn record_counts(searches: &[Search], wards: &[WardRow]) -> Vec<YearCounts> {
    let district_of: BTreeMap<&str, &str> = wards.iter().map(|w| (w.ward_code.as_str(), w.district_code.as_str())).collect();
    let mut counts: BTreeMap<(&str, u16), (u64, u64)> = BTreeMap::new();
    for s in searches {
        let Some(district) = s.ward.as_deref().and_then(|w| district_of.get(w)) else { continue };
        let e = counts.entry((district, s.month.year)).or_default();
        match s.officer_defined {
            EthnicGroup::Black => e.0 += 1,
            EthnicGroup::White => e.1 += 1,
            _ => {}
        }
    }
    counts
        .into_iter()
        .map(|((code, year), (black, white))| YearCounts { area_code: code.to_string(), year, black, white })
        .collect()
}
