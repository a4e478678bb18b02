//! The facts behind the data-availability ratings (`rag.csv`): for each
//! force, dataset and financial year, the months present, the records, and
//! the shares located, with ethnicity stated and rejected, measured on what
//! the build read. Rated by [`harm_core::rag::rate`] with the recipe's `[rag]`.

use crate::assign::Accounting;
use crate::inputs::force_held::{ForceHeldAccounting, ForceHeldCounts};
use crate::inputs::stop_search::{Search, SearchAccounting};
use crate::inputs::use_of_force::UseOfForce;
use harm_core::ethnicity::{Basis, EthnicGroup};
use harm_core::period::{financial_year_of, Period};
use harm_core::rag::{rate, Access, Facts, RagRow, Thresholds};
use harm_core::use_of_force::Tactic;
use harm_core::Month;
use std::collections::{BTreeMap, BTreeSet};

/// Dataset -> financial year key -> facts, for one force.
#[derive(Debug, Default)]
pub struct ForceFacts {
    pub by_dataset: BTreeMap<&'static str, BTreeMap<String, Facts>>,
    /// Facts of datasets that hold for every period (the census, the weights).
    pub standing: BTreeMap<&'static str, Facts>,
}

/// The datasets rated, in the matrix's order.
pub const DATASETS: [&str; 10] = [
    "street-crime",
    "stop-and-search",
    "use-of-force",
    "taser",
    "victims",
    "suspects-offenders",
    "calls-for-service",
    "census",
    "deprivation",
    "weights",
];

fn year_key(m: Month) -> String {
    Period::financial_year(financial_year_of(m)).key
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Monthly facts summed by financial year: (month, records, located, rejected, stated by basis).
#[derive(Default)]
struct Year {
    months: BTreeSet<Month>,
    records: u64,
    located: u64,
    rejected: u64,
    /// (stated, of) per basis; `None` where the dataset records no ethnicity.
    self_defined: Option<(u64, u64)>,
    officer_defined: Option<(u64, u64)>,
}

impl Year {
    fn facts(&self, access: Access, located: bool) -> Facts {
        let read = self.records + self.rejected;
        Facts {
            access,
            months_present: self.months.len() as u32,
            months_in_period: 12,
            records: self.records,
            located_share: if located { share(self.located, self.records) } else { None },
            self_defined_stated_share: self.self_defined.and_then(|(s, n)| share(s, n)),
            officer_defined_stated_share: self.officer_defined.and_then(|(s, n)| share(s, n)),
            rejected_share: share(self.rejected, read),
        }
    }
}

/// Monthly files' (month, rows read, rejected, located) summed by financial year.
fn by_year(files: impl Iterator<Item = (Month, u64, u64, u64)>) -> BTreeMap<String, Year> {
    let mut years: BTreeMap<String, Year> = BTreeMap::new();
    for (month, read, rejected, located) in files {
        let y = years.entry(year_key(month)).or_default();
        y.months.insert(month);
        y.records += read - rejected;
        y.located += located;
        y.rejected += rejected;
    }
    years
}

fn add_stated(slot: &mut Option<(u64, u64)>, group: EthnicGroup, n: u64) {
    let (stated, of) = slot.get_or_insert((0, 0));
    *of += n;
    if group != EthnicGroup::NotStated {
        *stated += n;
    }
}

impl ForceFacts {
    pub fn street_crime(&mut self, files: &[(Month, &Accounting)]) {
        let years = by_year(files.iter().map(|(month, a)| {
            let rejected = a.rejected.len() as u64;
            (*month, a.rows_read, rejected, a.rows_read - rejected - a.no_location - a.unknown_code)
        }));
        self.by_dataset.insert("street-crime", years.into_iter().map(|(k, y)| (k, y.facts(Access::Open, true))).collect());
    }

    pub fn stop_search(&mut self, files: &[(Month, &SearchAccounting)], searches: &[Search]) {
        let mut years =
            by_year(files.iter().map(|(month, a)| (*month, a.rows_read, a.rejected.len() as u64, a.placed_in_ward + a.outside_force)));
        for s in searches {
            if let Some(y) = years.get_mut(&year_key(s.month)) {
                add_stated(&mut y.self_defined, s.self_defined, 1);
                add_stated(&mut y.officer_defined, s.officer_defined, 1);
            }
        }
        self.by_dataset.insert("stop-and-search", years.into_iter().map(|(k, y)| (k, y.facts(Access::Open, true))).collect());
    }

    /// Home Office annual tables: one financial year each, no months; the
    /// officer's perception of ethnicity; `Taser` rated apart from all tactics.
    pub fn use_of_force(&mut self, tables: &[UseOfForce]) {
        for (dataset, tactic) in [("use-of-force", Tactic::All), ("taser", Tactic::Ced)] {
            let mut years = BTreeMap::new();
            for table in tables {
                let Some((_, by_group)) = table.tactics.iter().find(|(t, _)| *t == tactic) else { continue };
                let mut stated = None;
                for group in EthnicGroup::ALL {
                    add_stated(&mut stated, group, by_group[group.index()]);
                }
                let year = Year { records: by_group.iter().sum(), officer_defined: stated, ..Year::default() };
                let mut facts = year.facts(Access::Open, false);
                facts.months_in_period = 0;
                facts.rejected_share = None;
                years.insert(table.period.clone(), facts);
            }
            self.by_dataset.insert(dataset, years);
        }
    }

    pub fn force_held(&mut self, kind: &'static str, counts: &ForceHeldCounts, accounting: &ForceHeldAccounting) {
        let mut years: BTreeMap<String, Year> = BTreeMap::new();
        for ((month, basis, _), by_ward) in counts {
            let y = years.entry(year_key(*month)).or_default();
            y.months.insert(*month);
            for by_group in by_ward.values() {
                for group in EthnicGroup::ALL {
                    let n = by_group[group.index()];
                    y.records += n;
                    let slot = match basis {
                        Basis::SelfDefined => &mut y.self_defined,
                        Basis::OfficerDefined => &mut y.officer_defined,
                    };
                    add_stated(slot, group, n);
                }
            }
        }
        let rejected = share(accounting.rejected.len() as u64, accounting.rows_read);
        self.by_dataset.insert(
            kind,
            years
                .into_iter()
                .map(|(k, y)| {
                    // Counts, not records: a row carries many, so the file's
                    // share of rejected rows stands for every year.
                    let mut facts = y.facts(Access::ForceHeld, false);
                    facts.rejected_share = rejected;
                    (k, facts)
                })
                .collect(),
        );
    }

    /// A dataset that holds for every period (the census, deprivation, the weights).
    pub fn standing(&mut self, dataset: &'static str, records: u64) {
        let facts = Facts {
            access: Access::Open,
            months_present: 0,
            months_in_period: 0,
            records,
            located_share: None,
            self_defined_stated_share: None,
            officer_defined_stated_share: None,
            rejected_share: None,
        };
        self.standing.insert(dataset, facts);
    }

    fn periods(&self) -> impl Iterator<Item = &String> {
        self.by_dataset.values().flat_map(BTreeMap::keys)
    }
}

/// Every force x dataset x financial year with data for any force, rated.
pub fn rag_rows(forces: &[(&str, &ForceFacts)], thresholds: &Thresholds) -> Vec<RagRow> {
    let periods: BTreeSet<&String> = forces.iter().flat_map(|(_, f)| f.periods()).collect();
    let mut rows = Vec::new();
    for (force, facts) in forces {
        for dataset in DATASETS {
            for period in &periods {
                let found = facts.standing.get(dataset).or_else(|| facts.by_dataset.get(dataset).and_then(|y| y.get(*period)));
                let (rating, reason) = rate(found, thresholds);
                rows.push(RagRow {
                    force: force.to_string(),
                    dataset: dataset.to_string(),
                    period: (*period).clone(),
                    rating,
                    reason,
                    facts: found.cloned(),
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use harm_core::rag::Rating;

    #[test]
    fn street_months_sum_by_financial_year() {
        let m = |y, n| Month::new(y, n).unwrap();
        let file = |rows, no_location| Accounting { rows_read: rows, no_location, ..Accounting::default() };
        let (a, b, c) = (file(100, 0), file(100, 10), file(50, 0));
        let mut facts = ForceFacts::default();
        // 2019-03 is in 2018-19, 2019-04 and 2019-05 in 2019-20.
        facts.street_crime(&[(m(2019, 3), &a), (m(2019, 4), &b), (m(2019, 5), &c)]);
        let years = &facts.by_dataset["street-crime"];
        assert_eq!(years["2018-19"].months_present, 1);
        assert_eq!(years["2019-20"].records, 150);
        // 140 of 150 located: 93.3%, Amber (Green needs 95%); 2 of 12 months: Red.
        assert_eq!(years["2019-20"].located_share, Some(140.0 / 150.0));
        let rows = rag_rows(&[("testshire", &facts)], &Thresholds::default());
        let street: Vec<_> = rows.iter().filter(|r| r.dataset == "street-crime").collect();
        assert_eq!(street.len(), 2);
        assert_eq!((street[1].rating, street[1].reason.as_str()), (Rating::Red, "Red: 2 of 12 months"));
        let victims = rows.iter().find(|r| r.dataset == "victims").unwrap();
        assert_eq!((victims.rating, victims.reason.as_str(), victims.facts.is_none()), (Rating::Red, "Red: no data", true));
    }
}
