//! Trend: harm per resident per year month by month, for the trend charts
//! and their tables. Each month's harm is scaled to a year (x 12) so the
//! monthly line reads in the same unit as every period figure. Months with no
//! data between the first and the last are gaps, never zeros.

use crate::dataset::CrimeCounts;
use crate::harm::{harm, CategoryWeights};
use crate::month::Month;
use crate::period::{annualise, Period};
use crate::rates::rate_per_resident;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub month: Month,
    /// `None` for a month without data (a gap).
    pub harm_per_resident_per_year: Option<f64>,
    /// The month falls in the baseline period (shaded on the chart).
    pub in_baseline: bool,
}

/// One point per month from the first to the last month with data, for the
/// wards at `wards` (indices in published order) taken together.
pub fn monthly_harm(
    counts: &CrimeCounts,
    wards: &[usize],
    residents: u64,
    weights: &CategoryWeights,
    baseline: Option<&Period>,
) -> Vec<TrendPoint> {
    let (Some(&first), Some(&last)) = (counts.months().first(), counts.months().last()) else { return Vec::new() };
    first
        .through(last)
        .into_iter()
        .map(|month| {
            let value = counts.month_index(month).and_then(|i| {
                let total = counts.sum_wards(wards, &[i]);
                harm(&total, weights).and_then(|h| annualise(h, 1)).and_then(|h| rate_per_resident(h, residents))
            });
            TrendPoint { month, harm_per_resident_per_year: value, in_baseline: baseline.is_some_and(|b| b.contains(month)) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;

    use crate::month::m;

    #[test]
    fn gaps_for_missing_months_and_baseline_marked() {
        // Data for 2019-01 and 2019-04 only; two wards, 1,200 residents together.
        let mut counts = CrimeCounts::new(2, vec![m("2019-01"), m("2019-04")]);
        counts.cell_mut(0, 0)[Category::Burglary.index()] = 5;
        counts.cell_mut(1, 0)[Category::Burglary.index()] = 5;
        counts.cell_mut(1, 1)[Category::AntiSocialBehaviour.index()] = 7;
        let baseline = Period::custom(m("2018-04"), m("2019-03")).unwrap();
        let points = monthly_harm(&counts, &[0, 1], 1200, &CategoryWeights::unweighted(), Some(&baseline));
        let months: Vec<String> = points.iter().map(|p| p.month.to_string()).collect();
        assert_eq!(months, ["2019-01", "2019-02", "2019-03", "2019-04"]);
        // January: 10 crimes x 12 / 1,200 = 0.1 per resident per year.
        assert_eq!(points[0].harm_per_resident_per_year, Some(0.1));
        assert_eq!(points[1].harm_per_resident_per_year, None);
        assert_eq!(points[2].harm_per_resident_per_year, None);
        // April has data: anti-social behaviour only, so harm is 0, not a gap.
        assert_eq!(points[3].harm_per_resident_per_year, Some(0.0));
        assert!(points[0].in_baseline && points[2].in_baseline && !points[3].in_baseline);
        // One ward alone (600 residents): 5 x 12 / 600 = 0.1.
        assert_eq!(monthly_harm(&counts, &[0], 600, &CategoryWeights::unweighted(), None)[0].harm_per_resident_per_year, Some(0.1));
    }
}
