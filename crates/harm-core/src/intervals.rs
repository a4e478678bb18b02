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
//!   `RR = (p / (1 - p)) * (n_b / n_a)`. The limits solve the binomial tail
//!   equations directly, summing the tail on the side of the small count (at
//!   most ten terms, in logs), so they stay exact to far beyond six figures
//!   however large the other count is; a general beta quantile loses digits
//!   from about 10^5 and stops converging near 10^7.
//! - Counts and populations are at most 2^53 ([`MAX_EXACT_COUNT`]), the
//!   largest range of whole numbers an `f64` holds exactly; beyond it, or with
//!   a zero population or no events at all, there is no ratio
//!   ([`RatioError`] says why).
//! - A risk ratio `(a / n_a) / (b / n_b)`, where a of n_a people and b of n_b
//!   people had the event, has the Katz log interval
//!   `exp(ln RR -/+ z * sqrt(1/a - 1/n_a + 1/b - 1/n_b))` for any nonzero counts
//!   (Katz D, Baptista J, Azen SP, Pike MC, 1978, "Obtaining confidence
//!   intervals for the risk ratio in cohort studies", Biometrics 34:469-474).
//!   Published disparity tables often use it; the site and the tables use the
//!   rate ratio above.

use crate::csv_rows::MAX_EXACT_COUNT;
use crate::rates::MIN_RELIABLE_EVENTS;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Two-sided 95% confidence.
pub const CONFIDENCE_95: f64 = 0.95;

fn chi_squared_quantile(p: f64, freedom: f64) -> f64 {
    ChiSquared::new(freedom).expect("positive degrees of freedom").inverse_cdf(p)
}

fn normal_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
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

/// One of the four inputs of a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioInput {
    CountA,
    PopulationA,
    CountB,
    PopulationB,
}

/// Why a ratio of two groups' counts per population cannot be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RatioError {
    #[error("counts and populations must be at most {MAX_EXACT_COUNT} (2^53) to be computed exactly")]
    Inexact(RatioInput),
    #[error("a group with no population has no rate, so the ratio is undefined")]
    NoPopulation(RatioInput),
    #[error("the ratio is undefined when both counts are zero")]
    NoEvents,
    #[error("the Katz interval is undefined when a count is zero (its log-scale standard error is infinite); the rate method gives exact limits")]
    KatzZeroCount(RatioInput),
    #[error("a Katz risk ratio counts people with the event among a group, so each count must be at most its population")]
    KatzCountAbovePopulation(RatioInput),
}

impl RatioError {
    /// The inputs the error is about, in argument order.
    pub fn inputs(self) -> Vec<RatioInput> {
        match self {
            RatioError::Inexact(i) | RatioError::NoPopulation(i) | RatioError::KatzZeroCount(i) => vec![i],
            RatioError::NoEvents => vec![RatioInput::CountA, RatioInput::CountB],
            RatioError::KatzCountAbovePopulation(RatioInput::CountA) => vec![RatioInput::CountA, RatioInput::PopulationA],
            RatioError::KatzCountAbovePopulation(_) => vec![RatioInput::CountB, RatioInput::PopulationB],
        }
    }
}

/// The first input past [`MAX_EXACT_COUNT`], in argument order.
fn check_exact(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Result<(), RatioError> {
    let inputs = [(RatioInput::CountA, count_a), (RatioInput::PopulationA, pop_a), (RatioInput::CountB, count_b), (RatioInput::PopulationB, pop_b)];
    match inputs.into_iter().find(|&(_, v)| v > MAX_EXACT_COUNT) {
        Some((input, _)) => Err(RatioError::Inexact(input)),
        None => Ok(()),
    }
}

/// Ratio of the rate of group a to that of group b, with its 95% interval;
/// `None` where [`checked_rate_ratio`] gives an error.
pub fn rate_ratio(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Option<RateRatio> {
    checked_rate_ratio(count_a, pop_a, count_b, pop_b).ok()
}

/// Ratio of the rate of group a to that of group b, with its 95% interval.
/// A count may exceed its population: events are counted, not people, and a
/// person can be searched twice. A zero count a gives a ratio and lower
/// limit of 0; a zero count b an unbounded ratio and upper limit. An error
/// when an input passes 2^53, a population is zero or both counts are zero.
pub fn checked_rate_ratio(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Result<RateRatio, RatioError> {
    check_exact(count_a, pop_a, count_b, pop_b)?;
    if pop_a == 0 {
        return Err(RatioError::NoPopulation(RatioInput::PopulationA));
    }
    if pop_b == 0 {
        return Err(RatioError::NoPopulation(RatioInput::PopulationB));
    }
    if count_a == 0 && count_b == 0 {
        return Err(RatioError::NoEvents);
    }
    let (a, b, na, nb) = (count_a as f64, count_b as f64, pop_a as f64, pop_b as f64);
    let ratio = (count_b > 0).then(|| (a / na) / (b / nb));
    if let (true, Some(rr)) = (count_a >= MIN_RELIABLE_EVENTS && count_b >= MIN_RELIABLE_EVENTS, ratio) {
        let (lower, upper) = log_scale_interval(rr, (1.0 / a + 1.0 / b).sqrt());
        return Ok(RateRatio { ratio, lower, upper, method: IntervalMethod::LogNormal });
    }
    // Clopper-Pearson limits for p, as log-odds t = ln(p / (1 - p)), so
    // RR = e^t n_b / n_a with no loss of digits as p nears 0 or 1.
    let alpha = 1.0 - CONFIDENCE_95;
    let n = count_a + count_b;
    let to_ratio = |t: f64| t.exp() * nb / na;
    let lower = if count_a == 0 { 0.0 } else { to_ratio(log_odds_where(alpha / 2.0, |t| at_least(n, count_a, t))) };
    let upper = if count_b == 0 {
        f64::INFINITY
    } else {
        to_ratio(log_odds_where(1.0 - alpha / 2.0, |t| at_least(n, count_a + 1, t)))
    };
    Ok(RateRatio { ratio, lower, upper, method: IntervalMethod::Exact })
}

/// The log-odds at which `increasing` reaches `target`, by bisection to 10^-12
/// (a relative error of 10^-12 in the odds). Beyond +/-64 no tail of at most
/// 2^54 trials moves by 10^-11, so the root lies inside.
fn log_odds_where(target: f64, increasing: impl Fn(f64) -> f64) -> f64 {
    let (mut low, mut high) = (-64.0_f64, 64.0_f64);
    while high - low > 1e-12 {
        let mid = 0.5 * (low + high);
        if increasing(mid) < target {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

/// P(X >= k) for X binomial with `n` trials and log-odds `t` of success.
fn at_least(n: u64, k: u64, t: f64) -> f64 {
    match k {
        0 => 1.0,
        _ if k > n => 0.0,
        // X >= k is n - X <= n - k, and n - X has log-odds -t: sum whichever
        // tail has fewer terms (the exact branch has a count under 10).
        _ if k - 1 <= n - k => 1.0 - at_most(n, k - 1, t),
        _ => at_most(n, n - k, -t),
    }
}

/// P(X <= k) for X binomial with `n` trials and log-odds `t`, summing its
/// k + 1 terms C(n, j) p^j (1 - p)^(n - j) in logs; for small k only.
fn at_most(n: u64, k: u64, t: f64) -> f64 {
    // ln p = -ln(1 + e^-t) and ln(1 - p) = -ln(1 + e^t), without cancellation.
    let softplus = |x: f64| x.max(0.0) + (-x.abs()).exp().ln_1p();
    let (ln_p, ln_q, n) = (-softplus(-t), -softplus(t), n as f64);
    let (mut ln_choose, mut sum) = (0.0, 0.0);
    for j in 0..=k {
        let j = j as f64;
        if j > 0.0 {
            ln_choose += ((n - j + 1.0) / j).ln();
        }
        sum += (ln_choose + j * ln_p + (n - j) * ln_q).exp();
    }
    sum.min(1.0)
}

/// Ratio of the risk in group a (count_a of pop_a people) to that in group b,
/// with the Katz et al. (1978) 95% log interval; an error when an input
/// passes 2^53, a count is zero (the log interval is undefined) or a count
/// exceeds its population (a risk is a share of people).
pub fn katz_risk_ratio(count_a: u64, pop_a: u64, count_b: u64, pop_b: u64) -> Result<RateRatio, RatioError> {
    check_exact(count_a, pop_a, count_b, pop_b)?;
    for (input, count) in [(RatioInput::CountA, count_a), (RatioInput::CountB, count_b)] {
        if count == 0 {
            return Err(RatioError::KatzZeroCount(input));
        }
    }
    for (input, count, pop) in [(RatioInput::CountA, count_a, pop_a), (RatioInput::CountB, count_b, pop_b)] {
        if count > pop {
            return Err(RatioError::KatzCountAbovePopulation(input));
        }
    }
    let (a, b, na, nb) = (count_a as f64, count_b as f64, pop_a as f64, pop_b as f64);
    let rr = (a / na) / (b / nb);
    let (lower, upper) = log_scale_interval(rr, (1.0 / a - 1.0 / na + 1.0 / b - 1.0 / nb).sqrt());
    Ok(RateRatio { ratio: Some(rr), lower, upper, method: IntervalMethod::Katz })
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
    fn exact_limits_hold_for_large_counts() {
        // No events in a against 1,000,000 in b, equal populations: the
        // upper limit solves P(X <= 0) = (1 - p)^n = 0.025, n = 1,000,000, so
        // the odds p / (1 - p) = 40^(1/n) - 1 = expm1(ln 40 / n), with
        // x = 3.6888794541e-6: x + x^2/2 + x^3/6 = 3.6888862580e-6.
        let r = rate_ratio(0, 1, 1_000_000, 1).unwrap();
        assert_eq!((r.ratio, r.lower, r.method), (Some(0.0), 0.0, IntervalMethod::Exact));
        assert!(close(r.upper / 3.688_886_258_0e-6, 1.0, 1e-10), "{}", r.upper);
        // The mirror: 1,000,000 events in a, none in b: P(X >= n) = p^n = 0.025,
        // the odds are 1 / expm1(ln 40 / n) = 271084.53068.
        let r = rate_ratio(1_000_000, 1, 0, 1).unwrap();
        assert!(r.ratio.is_none() && r.upper.is_infinite());
        assert!(close(r.lower / 271_084.530_68, 1.0, 1e-10), "{}", r.lower);
        // 3 against 100,000: the Clopper-Pearson odds solve the binomial tails
        // P(X >= 3) = 0.025 and P(X <= 3) = 0.025 (n = 100,003), which 30-digit
        // arithmetic (mpmath) puts at 6.18661663e-6 and 8.76752589e-5; the beta
        // quantile this replaced was off by 1.2e-5 of the value here.
        let r = rate_ratio(3, 1, 100_000, 1).unwrap();
        assert!(close(r.lower / 6.186_616_634e-6, 1.0, 1e-9), "{}", r.lower);
        assert!(close(r.upper / 8.767_525_889e-5, 1.0, 1e-9), "{}", r.upper);
        // At 2^53 with 1 against it the limits are finite and ordered.
        let r = rate_ratio(1, 1, MAX_EXACT_COUNT, 1).unwrap();
        assert!(r.lower > 0.0 && r.lower < r.ratio.unwrap() && r.ratio.unwrap() < r.upper && r.upper.is_finite(), "{r:?}");
    }

    #[test]
    fn ratios_that_cannot_be_computed_say_why() {
        let past = MAX_EXACT_COUNT + 1;
        assert_eq!(checked_rate_ratio(past, 1, 1, 1), Err(RatioError::Inexact(RatioInput::CountA)));
        assert_eq!(checked_rate_ratio(1, 1, 1, u64::MAX), Err(RatioError::Inexact(RatioInput::PopulationB)));
        assert_eq!(katz_risk_ratio(1, past, 1, 1), Err(RatioError::Inexact(RatioInput::PopulationA)));
        assert!(rate_ratio(u64::MAX, u64::MAX, 1, 1).is_none(), "once the sum of the counts overflowed");
        assert_eq!(
            RatioError::Inexact(RatioInput::CountA).to_string(),
            "counts and populations must be at most 9007199254740992 (2^53) to be computed exactly"
        );
        assert_eq!(checked_rate_ratio(1, 1, 1, 0), Err(RatioError::NoPopulation(RatioInput::PopulationB)));
        assert_eq!(checked_rate_ratio(0, 1, 0, 1), Err(RatioError::NoEvents));
        assert_eq!(RatioError::NoEvents.inputs(), [RatioInput::CountA, RatioInput::CountB]);
        assert_eq!(katz_risk_ratio(1, 10, 0, 10), Err(RatioError::KatzZeroCount(RatioInput::CountB)));
        let above = katz_risk_ratio(1, 10, 11, 10).unwrap_err();
        assert_eq!(above, RatioError::KatzCountAbovePopulation(RatioInput::CountB));
        assert_eq!(above.inputs(), [RatioInput::CountB, RatioInput::PopulationB]);
        // A rate counts events, so 11 in a population of 10 is a rate of 1.1:
        // (11 / 10) / (1 / 10) = 11.
        assert!(close(checked_rate_ratio(11, 10, 1, 10).unwrap().ratio.unwrap(), 11.0, 1e-12));
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
        assert!(katz_risk_ratio(0, 1000, 12, 1000).is_err());
        assert!(katz_risk_ratio(5, 1000, 0, 1000).is_err());
        assert!(katz_risk_ratio(5, 0, 3, 1000).is_err());
        assert!(katz_risk_ratio(5, 4, 3, 1000).is_err());
    }
}
