//! Confidence intervals for counts, rates and rate ratios.
//!
//! - A Poisson count x has the exact (Garwood) interval
//!   `[chi2(a/2; 2x) / 2, chi2(1 - a/2; 2x + 2) / 2]`, used for rates and for
//!   funnel-plot control limits.
//! - A rate ratio `(a / n_a) / (b / n_b)` has the interval
//!   `exp(ln RR -/+ z * sqrt(1/a + 1/b))` on the log scale when both counts are
//!   at least 10. With a smaller count the normal approximation fails, so the
//!   exact conditional interval is used: given a + b, a is binomial with
//!   p = RR n_a / (RR n_a + n_b); the Clopper-Pearson limits for p give
//!   `RR = (p / (1 - p)) * (n_b / n_a)`.
//! - A risk ratio `(a / n_a) / (b / n_b)`, where a of n_a people and b of n_b
//!   people had the event, has the Katz log interval
//!   `exp(ln RR -/+ z * sqrt(1/a - 1/n_a + 1/b - 1/n_b))` for any nonzero counts
//!   (Katz D, Baptista J, Azen SP, Pike MC, 1978, "Obtaining confidence
//!   intervals for the risk ratio in cohort studies", Biometrics 34:469-474).
//!   Published disparity tables often use it; the site and the tables use the
//!   rate ratio above.

use crate::rates::MIN_RELIABLE_EVENTS;
use serde::Serialize;
use statrs::distribution::{Beta, ChiSquared, ContinuousCDF, Normal};

/// Two-sided 95% confidence.
pub const CONFIDENCE_95: f64 = 0.95;

fn chi_squared_quantile(p: f64, freedom: f64) -> f64 {
    ChiSquared::new(freedom).expect("positive degrees of freedom").inverse_cdf(p)
}

fn normal_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    Beta::new(a, b).expect("positive shape parameters").inverse_cdf(p)
}

/// Exact Poisson limits of a count at two-sided `confidence`.
pub fn poisson_count_interval(count: u64, confidence: f64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let lower = if count == 0 { 0.0 } else { chi_squared_quantile(alpha / 2.0, 2.0 * count as f64) / 2.0 };
    let upper = chi_squared_quantile(1.0 - alpha / 2.0, 2.0 * count as f64 + 2.0) / 2.0;
    (lower, upper)
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Normal approximation on the log scale (both counts at least 10).
    LogNormal,
    /// Exact conditional binomial (Clopper-Pearson) limits.
    Exact,
    /// Katz et al. (1978) log interval for a risk ratio.
    Katz,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RateRatio {
    /// `None` when group b has no events (the ratio is unbounded).
    pub ratio: Option<f64>,
    pub lower: f64,
    /// Infinite when group b has no events.
    pub upper: f64,
    pub method: IntervalMethod,
}

/// The 95% interval `exp(ln ratio -/+ z se)` of a ratio whose logarithm has
/// standard error `se`: the log-scale (delta-method) interval shared by the
/// rate ratio, the Katz risk ratio, change in harm and change in a ratio.
pub fn log_scale_interval(ratio: f64, se: f64) -> (f64, f64) {
    let z = normal_quantile(1.0 - (1.0 - CONFIDENCE_95) / 2.0);
    ((ratio.ln() - z * se).exp(), (ratio.ln() + z * se).exp())
}

/// Ratio of the rate of group a to that of group b, with its 95% interval.
/// `None` when either population is zero or both counts are zero.
pub fn rate_ratio(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Option<RateRatio> {
    if pop_a == 0 || pop_b == 0 || count_a + count_b == 0 {
        return None;
    }
    let (a, b, na, nb) = (count_a as f64, count_b as f64, pop_a as f64, pop_b as f64);
    let ratio = (count_b > 0).then(|| (a / na) / (b / nb));
    if count_a >= MIN_RELIABLE_EVENTS && count_b >= MIN_RELIABLE_EVENTS {
        let rr = ratio.expect("count b is positive");
        let (lower, upper) = log_scale_interval(rr, (1.0 / a + 1.0 / b).sqrt());
        return Some(RateRatio { ratio, lower, upper, method: IntervalMethod::LogNormal });
    }
    let alpha = 1.0 - CONFIDENCE_95;
    let to_ratio = |p: f64| if p >= 1.0 { f64::INFINITY } else { p / (1.0 - p) * nb / na };
    let p_lower = if count_a == 0 { 0.0 } else { beta_quantile(alpha / 2.0, a, b + 1.0) };
    let p_upper = if count_b == 0 { 1.0 } else { beta_quantile(1.0 - alpha / 2.0, a + 1.0, b) };
    Some(RateRatio { ratio, lower: to_ratio(p_lower), upper: to_ratio(p_upper), method: IntervalMethod::Exact })
}

/// Ratio of the risk in group a (count_a of pop_a people) to that in group b,
/// with the Katz et al. (1978) 95% log interval. `None` when either count is
/// zero (the log interval is undefined) or a count exceeds its population.
pub fn katz_risk_ratio(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Option<RateRatio> {
    if count_a == 0 || count_b == 0 || count_a > pop_a || count_b > pop_b {
        return None;
    }
    let (a, b, na, nb) = (count_a as f64, count_b as f64, pop_a as f64, pop_b as f64);
    let rr = (a / na) / (b / nb);
    let (lower, upper) = log_scale_interval(rr, (1.0 / a - 1.0 / na + 1.0 / b - 1.0 / nb).sqrt());
    Some(RateRatio { ratio: Some(rr), lower, upper, method: IntervalMethod::Katz })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn poisson_limits_match_published_tables() {
        // Garwood limits, as tabled in e.g. the APHO/PHE technical guide:
        // x = 0: [0, 3.689]; x = 1: [0.0253, 5.572]; x = 10: [4.795, 18.390].
        let (l, u) = poisson_count_interval(0, 0.95);
        assert!(l == 0.0 && close(u, 3.6889, 1e-3));
        let (l, u) = poisson_count_interval(1, 0.95);
        assert!(close(l, 0.0253, 1e-4) && close(u, 5.5716, 1e-3));
        let (l, u) = poisson_count_interval(10, 0.95);
        assert!(close(l, 4.7954, 1e-3) && close(u, 18.3904, 1e-3));
    }

    #[test]
    fn log_scale_ratio_by_hand() {
        // 100 searches of 5,000 Black residents, 200 of 100,000 White residents:
        // RR = 0.02 / 0.002 = 10; se = sqrt(1/100 + 1/200) = 0.122474;
        // limits = 10 * exp(-/+ 1.959964 * 0.122474) = 7.8659, 12.7131.
        let r = rate_ratio(100, 5_000, 200, 100_000).unwrap();
        assert_eq!(r.method, IntervalMethod::LogNormal);
        assert!(close(r.ratio.unwrap(), 10.0, 1e-12));
        assert!(close(r.lower, 7.8659, 1e-3), "{}", r.lower);
        assert!(close(r.upper, 12.7131, 1e-3), "{}", r.upper);
    }

    #[test]
    fn exact_ratio_for_small_counts() {
        // Equal populations, a = 3, b = 12: RR = 0.25. Clopper-Pearson for
        // 3 of 15: p in [0.04331, 0.48089] -> RR in [0.04527, 0.92638].
        let r = rate_ratio(3, 1000, 12, 1000).unwrap();
        assert_eq!(r.method, IntervalMethod::Exact);
        assert!(close(r.ratio.unwrap(), 0.25, 1e-12));
        assert!(close(r.lower, 0.04331 / (1.0 - 0.04331), 1e-4), "{}", r.lower);
        assert!(close(r.upper, 0.48089 / (1.0 - 0.48089), 1e-4), "{}", r.upper);
        // No events in group a: the lower limit is 0 and the ratio 0.
        let zero = rate_ratio(0, 1000, 12, 1000).unwrap();
        assert_eq!((zero.ratio, zero.lower), (Some(0.0), 0.0));
        // No events in group b: the ratio and the upper limit are unbounded.
        let unbounded = rate_ratio(5, 1000, 0, 1000).unwrap();
        assert!(unbounded.ratio.is_none() && unbounded.upper.is_infinite() && unbounded.lower > 0.0);
        assert!(rate_ratio(0, 10, 0, 10).is_none());
        assert!(rate_ratio(3, 0, 3, 10).is_none());
    }

    #[test]
    fn katz_risk_ratio_by_hand() {
        // 100 of 5,000 and 200 of 100,000: RR = 0.02 / 0.002 = 10;
        // se = sqrt(1/100 - 1/5000 + 1/200 - 1/100000)
        //    = sqrt(0.01 - 0.0002 + 0.005 - 0.00001) = sqrt(0.01479) = 0.121614;
        // z * se = 1.959964 * 0.121614 = 0.238359; exp(0.238359) = 1.269165;
        // limits = 10 / 1.269165 = 7.87920 and 10 * 1.269165 = 12.6917,
        // a little narrower than the rate ratio's 7.8659 to 12.7131.
        let r = katz_risk_ratio(100, 5_000, 200, 100_000).unwrap();
        assert_eq!(r.method, IntervalMethod::Katz);
        assert!(close(r.ratio.unwrap(), 10.0, 1e-12));
        assert!(close(r.lower, 7.87920, 1e-4), "{}", r.lower);
        assert!(close(r.upper, 12.6917, 1e-3), "{}", r.upper);
        // Any nonzero counts, however small: 3 of 1,000 and 12 of 1,000,
        // RR = 0.25, se = sqrt(1/3 - 1/1000 + 1/12 - 1/1000) = 0.643946,
        // z * se = 1.262111, exp(1.262111) = e^1.25 * e^0.012111
        // = 3.490343 * 1.012185 = 3.532873; limits 0.25 / 3.532873 = 0.0707639
        // and 0.25 * 3.532873 = 0.883218.
        let small = katz_risk_ratio(3, 1000, 12, 1000).unwrap();
        assert!(close(small.ratio.unwrap(), 0.25, 1e-12));
        assert!(close(small.lower, 0.0707639, 1e-6), "{}", small.lower);
        assert!(close(small.upper, 0.883218, 1e-5), "{}", small.upper);
        // Undefined with a zero count, or a count larger than its population.
        assert!(katz_risk_ratio(0, 1000, 12, 1000).is_none());
        assert!(katz_risk_ratio(5, 1000, 0, 1000).is_none());
        assert!(katz_risk_ratio(5, 0, 3, 1000).is_none());
        assert!(katz_risk_ratio(5, 4, 3, 1000).is_none());
    }
}
