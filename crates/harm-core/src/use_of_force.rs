//! Home Office use-of-force statistics: force level only, by the subject's
//! perceived ethnicity and financial year (April to March). One use is one
//! officer's use of one tactic on one person, so a person can be counted many
//! times (several tactics, several officers, several incidents).
//!
//! The published `<force>/use-of-force.csv` has one row per period, tactic and
//! group (`period,tactic,group,uses`). Tactics are all tactics together, and
//! CED (Taser) in total and, where the year's table breaks it down, discharged
//! and not discharged. A tactic missing for a period was not published for it,
//! and is never a zero.

use crate::csv_rows::{CsvRows, InputError};
use crate::dataset::add_to_file_total;
use crate::ethnicity::EthnicGroup;
use crate::format;
use crate::intervals::{rate_ratio, RateRatio};
use crate::rates::{rate_per_thousand, share};

/// What was counted: all tactics, or Taser (CED) uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tactic {
    /// Every tactic reported (excluding tactical communication and tactics not
    /// reported), as the Home Office "Total Tactics" row.
    All,
    /// Conducted energy device (Taser), every use: discharged, not discharged
    /// or not stated.
    Ced,
    /// Taser discharged.
    CedDischarge,
    /// Taser used without being discharged.
    CedNonDischarge,
}

impl Tactic {
    pub const ALL: [Tactic; 4] = [Tactic::All, Tactic::Ced, Tactic::CedDischarge, Tactic::CedNonDischarge];

    /// Key used in the published file.
    pub fn key(self) -> &'static str {
        match self {
            Tactic::All => "all",
            Tactic::Ced => "ced",
            Tactic::CedDischarge => "ced-discharge",
            Tactic::CedNonDischarge => "ced-non-discharge",
        }
    }

    pub fn from_key(key: &str) -> Option<Tactic> {
        Tactic::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tactic::All => "Use of force, all tactics",
            Tactic::Ced => "Taser (CED), all uses",
            Tactic::CedDischarge => "Taser discharged",
            Tactic::CedNonDischarge => "Taser not discharged",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UseOfForceRow {
    pub period: String,
    pub tactic: Tactic,
    pub group: EthnicGroup,
    pub uses: u64,
}

pub const USE_OF_FORCE_COLUMNS: [&str; 4] = ["period", "tactic", "group", "uses"];

pub fn parse_use_of_force(file: &str, text: &str) -> Result<Vec<UseOfForceRow>, InputError> {
    let (mut rows, mut total) = (Vec::new(), 0);
    CsvRows::new(file, text.as_bytes(), &USE_OF_FORCE_COLUMNS)?.for_each(|row| {
        let uses = row.count("uses")?;
        add_to_file_total(row, "uses", &mut total, uses)?;
        rows.push(UseOfForceRow {
            period: row.text("period").to_string(),
            tactic: Tactic::from_key(row.text("tactic")).ok_or_else(|| row.error("tactic", "is not a tactic key"))?,
            group: EthnicGroup::from_key(row.text("group")).ok_or_else(|| row.error("group", "is not an ethnic group key"))?,
            uses,
        });
        Ok(())
    })?;
    Ok(rows)
}

/// Uses by group for one period and tactic, in [`EthnicGroup::ALL`] order;
/// `None` when the tactic is not published for the period.
pub fn uses_by_group(rows: &[UseOfForceRow], period: &str, tactic: Tactic) -> Option<[u64; 6]> {
    let mut by_group = [0; 6];
    let mut found = false;
    for r in rows.iter().filter(|r| r.period == period && r.tactic == tactic) {
        by_group[r.group.index()] += r.uses;
        found = true;
    }
    found.then_some(by_group)
}

/// One group's uses and rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupUses {
    pub group: EthnicGroup,
    pub uses: u64,
    /// Census 2021 usual residents of the group; `None` for not stated.
    pub residents: Option<u64>,
    /// Uses per 1,000 residents of the group in the year; `None` for not
    /// stated (no denominator) or a group without residents.
    pub per_thousand: Option<f64>,
}

/// Use of force for one period and tactic, force level.
#[derive(Debug, Clone, PartialEq)]
pub struct UseOfForceFigures {
    pub period: String,
    pub tactic: Tactic,
    /// In [`EthnicGroup::ALL`] order.
    pub groups: [GroupUses; 6],
    /// Uses of every group, not stated included.
    pub total: u64,
    /// Share of uses whose subject's ethnicity was not stated.
    pub not_stated_share: Option<f64>,
    /// Black rate over White rate per resident, with its 95% interval
    /// ([`rate_ratio`], the site's rate method).
    pub black_white: Option<RateRatio>,
}

/// Uses, rates per 1,000 residents, the Black/White ratio and the not-stated
/// share for `period` and `tactic`, with `residents` the force's Census 2021
/// usual residents by group (Asian, Black, Mixed, White, Other). `None` when
/// the tactic is not published for the period.
pub fn use_of_force_figures(rows: &[UseOfForceRow], period: &str, tactic: Tactic, residents: [u64; 5]) -> Option<UseOfForceFigures> {
    let by_group = uses_by_group(rows, period, tactic)?;
    let groups = EthnicGroup::ALL.map(|group| {
        let uses = by_group[group.index()];
        let residents = group.census_index().map(|i| residents[i]);
        GroupUses { group, uses, residents, per_thousand: residents.and_then(|n| rate_per_thousand(uses as f64, n)) }
    });
    let total = by_group.iter().sum();
    let (black, white) = (EthnicGroup::Black, EthnicGroup::White);
    let black_white = rate_ratio(
        by_group[black.index()],
        residents[black.census_index().expect("Black has residents")],
        by_group[white.index()],
        residents[white.census_index().expect("White has residents")],
    );
    Some(UseOfForceFigures {
        period: period.to_string(),
        tactic,
        groups,
        total,
        not_stated_share: share(by_group[EthnicGroup::NotStated.index()], total),
        black_white,
    })
}

/// A ratio with its interval as the site shows it, e.g. `1.99 (1.81 to 2.18)`;
/// `unbounded` when no White uses; empty when there is no ratio.
pub fn ratio_text(r: Option<&RateRatio>) -> String {
    r.map(|r| {
        format!(
            "{} ({} to {})",
            format::limit(Some(r.ratio.unwrap_or(f64::INFINITY))),
            format::limit(Some(r.lower)),
            format::limit(Some(r.upper))
        )
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    const TEXT: &str = "period,tactic,group,uses\n\
        2018-19,all,asian,20\n2018-19,all,black,100\n2018-19,all,mixed,0\n2018-19,all,white,200\n2018-19,all,other,5\n2018-19,all,not_stated,25\n\
        2018-19,ced,asian,1\n2018-19,ced,black,3\n2018-19,ced,mixed,0\n2018-19,ced,white,12\n2018-19,ced,other,0\n2018-19,ced,not_stated,4\n";

    #[test]
    fn parses_and_sums_by_period_and_tactic() {
        let rows = parse_use_of_force("use-of-force.csv", TEXT).unwrap();
        let g = uses_by_group(&rows, "2018-19", Tactic::All).unwrap();
        assert_eq!((g[EthnicGroup::Black.index()], g[EthnicGroup::White.index()]), (100, 200));
        let g = uses_by_group(&rows, "2018-19", Tactic::Ced).unwrap();
        assert_eq!((g[EthnicGroup::Black.index()], g[EthnicGroup::White.index()]), (3, 12));
        // Not published is not zero.
        assert_eq!(uses_by_group(&rows, "2018-19", Tactic::CedDischarge), None);
        assert_eq!(uses_by_group(&rows, "2019-20", Tactic::All), None);
        let bad = "period,tactic,group,uses\n2018-19,all,purple,5\n";
        assert_eq!(
            parse_use_of_force("use-of-force.csv", bad).unwrap_err().to_string(),
            "use-of-force.csv, line 2, field 'group': value 'purple' is not an ethnic group key"
        );
        let bad = "period,tactic,group,uses\n2018-19,baton,black,5\n";
        assert_eq!(
            parse_use_of_force("use-of-force.csv", bad).unwrap_err().to_string(),
            "use-of-force.csv, line 2, field 'tactic': value 'baton' is not a tactic key"
        );
        assert!(parse_use_of_force("use-of-force.csv", "period,group,uses\n").is_err(), "the tactic column is required");
        // Uses are summed by group and tactic: the file's total stays at most 2^53.
        let huge = "period,tactic,group,uses\n2018-19,all,black,9007199254740992\n2018-19,all,white,1\n";
        assert_eq!(
            parse_use_of_force("use-of-force.csv", huge).unwrap_err().to_string(),
            "use-of-force.csv, line 3, field 'uses': value '1' takes the file's total past 9007199254740992 (2^53), beyond exact arithmetic"
        );
    }

    #[test]
    fn figures_by_hand() {
        let rows = parse_use_of_force("use-of-force.csv", TEXT).unwrap();
        // Residents: Asian 4,000, Black 5,000, Mixed 2,000, White 100,000, Other 1,000.
        let residents = [4_000, 5_000, 2_000, 100_000, 1_000];

        // All tactics: Black 100 of 5,000 = 20 per 1,000; White 200 of
        // 100,000 = 2 per 1,000; ratio 10, both counts at least 10, so the log
        // interval: se = sqrt(1/100 + 1/200) = 0.122474, limits
        // 10 exp(-/+ 1.959964 x 0.122474) = 7.8659 and 12.7131.
        // Not stated: 25 of 350 = 7.14%.
        let f = use_of_force_figures(&rows, "2018-19", Tactic::All, residents).unwrap();
        assert_eq!(f.total, 350);
        let black = f.groups[EthnicGroup::Black.index()];
        assert_eq!((black.uses, black.residents), (100, Some(5_000)));
        assert!(close(black.per_thousand.unwrap(), 20.0, 1e-12));
        assert!(close(f.groups[EthnicGroup::White.index()].per_thousand.unwrap(), 2.0, 1e-12));
        assert!(close(f.groups[EthnicGroup::Asian.index()].per_thousand.unwrap(), 5.0, 1e-12));
        assert_eq!(f.groups[EthnicGroup::Mixed.index()].per_thousand, Some(0.0));
        let not_stated = f.groups[EthnicGroup::NotStated.index()];
        assert_eq!((not_stated.uses, not_stated.residents, not_stated.per_thousand), (25, None, None));
        assert!(close(f.not_stated_share.unwrap(), 25.0 / 350.0, 1e-12));
        let r = f.black_white.unwrap();
        assert!(close(r.ratio.unwrap(), 10.0, 1e-12));
        assert!(close(r.lower, 7.8659, 1e-3) && close(r.upper, 12.7131, 1e-3), "{r:?}");
        assert_eq!(ratio_text(f.black_white.as_ref()), "10.00 (7.87 to 12.71)");

        // Taser: Black 3 of 5,000, White 12 of 100,000: ratio
        // (3/5000)/(12/100000) = 5. A count under 10, so the exact limits:
        // 3 of 15 uses, Clopper-Pearson p in [0.04331, 0.48089], times
        // 100,000/5,000 = 20 over (1 - p): 0.04331/0.95669 x 20 = 0.9054 and
        // 0.48089/0.51911 x 20 = 18.528.
        let f = use_of_force_figures(&rows, "2018-19", Tactic::Ced, residents).unwrap();
        assert_eq!(f.total, 20);
        assert!(close(f.groups[EthnicGroup::Black.index()].per_thousand.unwrap(), 0.6, 1e-12));
        assert!(close(f.groups[EthnicGroup::White.index()].per_thousand.unwrap(), 0.12, 1e-12));
        assert!(close(f.not_stated_share.unwrap(), 0.2, 1e-12));
        let r = f.black_white.unwrap();
        assert!(close(r.ratio.unwrap(), 5.0, 1e-12));
        assert!(close(r.lower, 0.9054, 1e-3) && close(r.upper, 18.528, 1e-2), "{r:?}");
        assert_eq!(ratio_text(f.black_white.as_ref()), "5.00 (0.91 to 18.53)");

        assert_eq!(use_of_force_figures(&rows, "2018-19", Tactic::CedDischarge, residents), None);
    }

    #[test]
    fn no_white_uses_is_unbounded_and_no_uses_is_no_ratio() {
        let text = "period,tactic,group,uses\n2019-20,ced-discharge,black,2\n2019-20,ced-discharge,white,0\n\
            2019-20,ced-non-discharge,black,0\n2019-20,ced-non-discharge,white,0\n";
        let rows = parse_use_of_force("use-of-force.csv", text).unwrap();
        let residents = [1, 5_000, 1, 100_000, 1];
        let f = use_of_force_figures(&rows, "2019-20", Tactic::CedDischarge, residents).unwrap();
        let r = f.black_white.unwrap();
        assert_eq!((r.ratio, r.upper), (None, f64::INFINITY));
        assert!(ratio_text(Some(&r)).starts_with("unbounded ("), "{}", ratio_text(Some(&r)));
        assert!(ratio_text(Some(&r)).ends_with(" to unbounded)"));
        let f = use_of_force_figures(&rows, "2019-20", Tactic::CedNonDischarge, residents).unwrap();
        assert_eq!((f.total, f.black_white, f.not_stated_share), (0, None, None));
        assert_eq!(ratio_text(None), "");
    }
}
