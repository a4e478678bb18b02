//! Change against a baseline: the ratio of a period's annualised harm rate
//! to the baseline's, with a 95% interval.
//!
//! Like with like: crime is seasonal, so only calendar months present in
//! both periods are used (if the baseline has data for October to January
//! and the comparison period for January to November, October, November and
//! January are compared). Each side is annualised over its own months, so a
//! comparison period spanning several years still compares.
//!
//! Interval: harm H = sum_k w_k n_k is a weighted sum of category counts n_k,
//! each treated as Poisson, so var(H) = sum_k w_k^2 n_k. By the delta method
//! on the log scale, var(ln H) ~ var(H) / H^2, and for the ratio
//! R = (H_c / m_c) / (H_b / m_b) of two independent periods
//! se(ln R) = sqrt(var(H_c)/H_c^2 + var(H_b)/H_b^2); the 95% interval is
//! exp(ln R -/+ 1.96 se). (Dobson et al. 1991, "Confidence intervals for
//! weighted sums of Poisson parameters", Stat Med 10:457; the approach used
//! for directly standardised rates in the PHE/APHO technical guidance.)
//! With every weight 1 this is the log-scale Poisson rate-ratio interval of
//! [`crate::intervals::rate_ratio`].

use crate::category::Category;
use crate::dataset::CrimeCounts;
use crate::figures::ForceData;
use crate::harm::CategoryWeights;
use crate::intervals::log_scale_interval;
use crate::level::{area_groups, Level};
use crate::month::Month;
use crate::period::{annualise, Period};
use crate::rates::{rate_per_resident, MIN_RELIABLE_EVENTS};
use serde::{Deserialize, Serialize};

/// The months compared: baseline and comparison months whose calendar month
/// has data in both periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikeForLike {
    pub baseline: Vec<Month>,
    pub compare: Vec<Month>,
}

const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl LikeForLike {
    pub fn is_empty(&self) -> bool {
        self.baseline.is_empty() || self.compare.is_empty()
    }

    /// The calendar months compared, in year order from January.
    pub fn calendar_months(&self) -> Vec<u8> {
        let mut months: Vec<u8> = self.baseline.iter().map(|m| m.month).collect();
        months.sort();
        months.dedup();
        months
    }

    /// "Oct, Nov (2 months of the baseline, 2 months of the comparison)", or why
    /// nothing can be compared.
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "no calendar month has data in both periods, so change cannot be measured like for like".into();
        }
        let names: Vec<&str> = self.calendar_months().iter().map(|&m| MONTH_NAMES[usize::from(m) - 1]).collect();
        format!(
            "{} ({} of the baseline, {} of the comparison)",
            names.join(", "),
            months_phrase(self.baseline.len()),
            months_phrase(self.compare.len())
        )
    }

    /// The months as a compact list for tables: `2018-10 2018-11 | 2022-10 2022-11`.
    pub fn months_compared(&self) -> String {
        let list = |ms: &[Month]| ms.iter().map(Month::to_string).collect::<Vec<_>>().join(" ");
        if self.is_empty() {
            String::new()
        } else {
            format!("{} | {}", list(&self.baseline), list(&self.compare))
        }
    }
}

fn months_phrase(n: usize) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

/// The calendar months change from `baseline` to `compare` is measured
/// over, or why there are none (in the words `harm-prep change` and the
/// site's download give).
pub fn compared_months(baseline: &Period, compare: &Period, data_months: &[Month]) -> Result<LikeForLike, String> {
    let months = like_for_like(baseline, compare, data_months);
    if months.is_empty() {
        return Err(format!("{} against {}: {}", compare.label, baseline.label, months.describe()));
    }
    Ok(months)
}

/// The months of `baseline` and `compare` with data whose calendar month
/// has data in both.
pub fn like_for_like(baseline: &Period, compare: &Period, data_months: &[Month]) -> LikeForLike {
    let b = baseline.coverage(data_months).present;
    let c = compare.coverage(data_months).present;
    let in_both = |m: &Month| b.iter().any(|x| x.month == m.month) && c.iter().any(|x| x.month == m.month);
    LikeForLike {
        baseline: b.iter().copied().filter(in_both).collect(),
        compare: c.iter().copied().filter(in_both).collect(),
    }
}

/// Change in harm per resident per year between the compared months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Harm per resident per year over the baseline's compared months.
    pub baseline_rate: f64,
    /// Harm per resident per year over the comparison's compared months.
    pub compare_rate: f64,
    /// `compare_rate / baseline_rate`.
    pub ratio: f64,
    pub lower: f64,
    pub upper: f64,
    /// Fewer than 10 crimes behind either side ([u]).
    pub low_reliability: bool,
}

impl Change {
    /// True when the interval includes 1: no change beyond chance.
    pub fn spans_one(&self) -> bool {
        self.lower <= 1.0 && 1.0 <= self.upper
    }
}

/// `sum_k w_k n_k` and `sum_k w_k^2 n_k` over harm-bearing categories;
/// `None` when a counted category has no weight.
fn harm_and_variance(counts: &[u64; 14], weights: &CategoryWeights) -> Option<(f64, f64)> {
    let (mut harm, mut variance) = (0.0, 0.0);
    for category in Category::ALL.into_iter().filter(|c| c.carries_harm()) {
        let n = counts[category.index()];
        if n > 0 {
            let w = weights.weight_of(category)?;
            harm += w * n as f64;
            variance += w * w * n as f64;
        }
    }
    Some((harm, variance))
}

fn crimes(counts: &[u64; 14]) -> u64 {
    Category::ALL.into_iter().filter(|c| c.carries_harm()).map(|c| counts[c.index()]).sum()
}

/// Change between counts over `baseline_months` and `compare_months` months
/// of an area of `residents`. `None` when it cannot be measured: no months,
/// no residents, an unweighted category, or no harm on either side (a ratio
/// from or to zero has no log-scale interval).
pub fn harm_change(
    baseline: &[u64; 14],
    baseline_months: usize,
    compare: &[u64; 14],
    compare_months: usize,
    residents: u64,
    weights: &CategoryWeights,
) -> Option<Change> {
    let (hb, vb) = harm_and_variance(baseline, weights)?;
    let (hc, vc) = harm_and_variance(compare, weights)?;
    if hb <= 0.0 || hc <= 0.0 {
        return None;
    }
    let baseline_rate = rate_per_resident(annualise(hb, baseline_months)?, residents)?;
    let compare_rate = rate_per_resident(annualise(hc, compare_months)?, residents)?;
    let ratio = compare_rate / baseline_rate;
    let (lower, upper) = log_scale_interval(ratio, (vc / (hc * hc) + vb / (hb * hb)).sqrt());
    Some(Change {
        baseline_rate,
        compare_rate,
        ratio,
        lower,
        upper,
        low_reliability: crimes(baseline) < MIN_RELIABLE_EVENTS || crimes(compare) < MIN_RELIABLE_EVENTS,
    })
}

/// Harm per resident per year over `months_present` months with its 95%
/// interval, `(rate, lower, upper)`: as for change, each category's count
/// varies like a Poisson count, so harm's variance is the sum over
/// categories of weight squared times count, and the interval is taken on
/// the log scale with standard error sqrt(variance) / harm. `None` without
/// harm (no crime, a category without a weight, no months or residents).
pub fn harm_rate_interval(counts: &[u64; 14], months_present: usize, residents: u64, weights: &CategoryWeights) -> Option<(f64, f64, f64)> {
    let (harm, variance) = harm_and_variance(counts, weights)?;
    if harm <= 0.0 {
        return None;
    }
    let rate = rate_per_resident(annualise(harm, months_present)?, residents)?;
    let (lower, upper) = log_scale_interval(rate, variance.sqrt() / harm);
    Some((rate, lower, upper))
}

/// One area's change.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaChange {
    pub code: String,
    pub name: String,
    pub change: Option<Change>,
}

/// Sum of the counts of `wards` over `months`.
fn summed(counts: &CrimeCounts, wards: &[usize], months: &[Month]) -> [u64; 14] {
    counts.sum_wards(wards, &counts.indices_of(months))
}

fn change_of(data: &ForceData, wards: &[usize], months: &LikeForLike, weights: &CategoryWeights) -> Option<Change> {
    let residents = wards.iter().map(|&w| data.wards[w].residents).sum();
    harm_change(
        &summed(&data.crime, wards, &months.baseline),
        months.baseline.len(),
        &summed(&data.crime, wards, &months.compare),
        months.compare.len(),
        residents,
        weights,
    )
}

/// Change of each area at `level` (see [`crate::level::area_groups`]), then
/// the force as the last row.
pub fn area_changes(
    data: &ForceData,
    force: (&str, &str),
    months: &LikeForLike,
    weights: &CategoryWeights,
    level: Level,
) -> Vec<AreaChange> {
    let mut groups = if level == Level::Force { Vec::new() } else { area_groups(&data.wards, level, force) };
    groups.extend(area_groups(&data.wards, Level::Force, force));
    groups
        .into_iter()
        .map(|g| AreaChange { change: change_of(data, &g.wards, months, weights), code: g.code, name: g.name })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harm::{category_weights, OffenceVolume, WeightScheme};
    use std::collections::BTreeMap;

    use crate::month::m;

    #[test]
    fn like_for_like_uses_calendar_months_in_both() {
        let data: Vec<Month> = ["2018-10", "2018-11", "2018-12", "2019-01", "2019-09"]
            .iter()
            .chain(&["2022-01", "2022-02", "2022-03", "2022-04", "2022-10", "2022-11"])
            .map(|s| m(s))
            .collect();
        // 2018-19 (Oct-Jan present) against 2022-23 (Apr, Oct, Nov present): Oct and Nov.
        let ll = like_for_like(&Period::financial_year(2018), &Period::financial_year(2022), &data);
        assert_eq!(ll.baseline, [m("2018-10"), m("2018-11")]);
        assert_eq!(ll.compare, [m("2022-10"), m("2022-11")]);
        assert_eq!(ll.describe(), "Oct, Nov (2 months of the baseline, 2 months of the comparison)");
        assert_eq!(ll.months_compared(), "2018-10 2018-11 | 2022-10 2022-11");
        // Calendar year 2022 against 2018-19: Jan, Oct, Nov.
        let ll = like_for_like(&Period::financial_year(2018), &Period::calendar_year(2022), &data);
        assert_eq!(ll.calendar_months(), [1, 10, 11]);
        assert_eq!(ll.compare, [m("2022-01"), m("2022-10"), m("2022-11")]);
        // 2019-20 (only September) against 2018-19: nothing in common.
        let none = like_for_like(&Period::financial_year(2018), &Period::financial_year(2019), &data);
        assert!(none.is_empty());
        assert!(none.describe().starts_with("no calendar month has data in both periods"));
    }

    #[test]
    fn harm_rate_interval_by_hand() {
        // Robbery weighs 650, drugs 3. 10 robberies and 100 drug offences over
        // 2 months: H = 6,800, V = 650^2 x 10 + 9 x 100 = 4,225,900; rate
        // 6,800 x 6 / 10,000 = 4.08; se = sqrt(4,225,900) / 6,800 = 0.302309;
        // limits 4.08 x exp(-/+ 1.959964 x 0.302309) = 2.25598, 7.37888.
        let volumes = [
            OffenceVolume { offence_code: "34A".into(), category: Category::Robbery, volume: 1 },
            OffenceVolume { offence_code: "92A".into(), category: Category::Drugs, volume: 1 },
        ];
        let codes: BTreeMap<String, f64> = [("34A".to_string(), 650.0), ("92A".to_string(), 3.0)].into();
        let weights = category_weights(WeightScheme::Css, &volumes, &codes);
        let mut counts = [0u64; 14];
        counts[Category::Robbery.index()] = 10;
        counts[Category::Drugs.index()] = 100;
        let (rate, lower, upper) = harm_rate_interval(&counts, 2, 10_000, &weights).unwrap();
        assert!((rate - 4.08).abs() < 1e-12);
        assert!((lower - 2.255_98).abs() < 1e-4, "{lower}");
        assert!((upper - 7.378_88).abs() < 1e-4, "{upper}");
        assert_eq!(harm_rate_interval(&[0; 14], 2, 10_000, &weights), None, "no crime, no rate to bound");
    }

    #[test]
    fn harm_change_interval_by_hand() {
        // Weights: robbery 650, drugs 3 (volume-weighted as in harm.rs).
        let volumes = [
            OffenceVolume { offence_code: "34A".into(), category: Category::Robbery, volume: 1 },
            OffenceVolume { offence_code: "92A".into(), category: Category::Drugs, volume: 1 },
        ];
        let codes: BTreeMap<String, f64> = [("34A".to_string(), 650.0), ("92A".to_string(), 3.0)].into();
        let weights = category_weights(WeightScheme::Css, &volumes, &codes);
        let mut baseline = [0u64; 14];
        baseline[Category::Robbery.index()] = 10;
        baseline[Category::Drugs.index()] = 100;
        baseline[Category::AntiSocialBehaviour.index()] = 500; // never in harm
        let mut compare = [0u64; 14];
        compare[Category::Robbery.index()] = 20;
        compare[Category::Drugs.index()] = 50;
        // Baseline: H = 6500 + 300 = 6800 over 2 months, V = 650^2*10 + 9*100 = 4,225,900.
        // Compare:  H = 13000 + 150 = 13150 over 4 months, V = 650^2*20 + 9*50 = 8,450,450.
        // Residents 10,000: rates 6800*6/10000 = 4.08 and 13150*3/10000 = 3.945.
        // R = 3.945 / 4.08 = 0.966912; se = sqrt(8450450/13150^2 + 4225900/6800^2)
        //   = sqrt(0.0488684 + 0.0913906) = 0.374512;
        // limits = 0.966912 * exp(-/+ 1.959964 * 0.374512) = 0.464090, 2.014521.
        let c = harm_change(&baseline, 2, &compare, 4, 10_000, &weights).unwrap();
        assert!((c.baseline_rate - 4.08).abs() < 1e-12);
        assert!((c.compare_rate - 3.945).abs() < 1e-12);
        assert!((c.ratio - 0.966_912).abs() < 1e-6, "{}", c.ratio);
        assert!((c.lower - 0.464_090).abs() < 1e-5, "{}", c.lower);
        assert!((c.upper - 2.014_521).abs() < 1e-5, "{}", c.upper);
        assert!(c.spans_one() && !c.low_reliability);
    }

    #[test]
    fn unit_weights_give_the_poisson_rate_ratio_interval() {
        // 200 crimes in 4 months against 100 in 2 months: equal monthly rates,
        // R = 1, se = sqrt(1/200 + 1/100) = 0.122474 -> 0.786592 to 1.271307.
        let weights = CategoryWeights::unweighted();
        let mut b = [0u64; 14];
        b[Category::Burglary.index()] = 100;
        let mut c = [0u64; 14];
        c[Category::Burglary.index()] = 200;
        let change = harm_change(&b, 2, &c, 4, 5_000, &weights).unwrap();
        assert!((change.ratio - 1.0).abs() < 1e-12);
        let rr = crate::intervals::rate_ratio(200, 4, 100, 2).unwrap();
        assert!((change.lower - rr.lower).abs() < 1e-12 && (change.upper - rr.upper).abs() < 1e-12);
        assert!((change.lower - 0.786_592).abs() < 1e-5);
    }

    #[test]
    fn change_that_cannot_be_measured_is_none() {
        let weights = CategoryWeights::unweighted();
        let mut some = [0u64; 14];
        some[Category::Drugs.index()] = 5;
        let zero = [0u64; 14];
        assert!(harm_change(&zero, 2, &some, 2, 100, &weights).is_none());
        assert!(harm_change(&some, 2, &zero, 2, 100, &weights).is_none());
        assert!(harm_change(&some, 0, &some, 2, 100, &weights).is_none());
        assert!(harm_change(&some, 2, &some, 2, 0, &weights).is_none());
        // Five crimes a side is too few to rely on.
        assert!(harm_change(&some, 2, &some, 2, 100, &weights).unwrap().low_reliability);
    }
}
