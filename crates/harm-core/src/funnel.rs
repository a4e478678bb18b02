//! Funnel plots: each area's rate against its population, with control
//! limits around the overall (force) rate, so that areas are judged against
//! the chance variation expected at their size rather than ranked by volume.
//!
//! For an area of population n, the expected count is E = p n where p is the
//! force rate per person. The control limits are the exact Poisson limits
//! around E, `chi2(a/2; 2E) / 2` and `chi2(1 - a/2; 2E + 2) / 2`, divided by
//! n: 95% (about 2 standard deviations) and 99.8% (about 3).

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelFlag {
    AboveOuter,
    AboveInner,
    Within,
    BelowInner,
    BelowOuter,
}

impl FunnelFlag {
    pub fn describe(self) -> &'static str {
        match self {
            FunnelFlag::AboveOuter => "above the 99.8% limit",
            FunnelFlag::AboveInner => "above the 95% limit",
            FunnelFlag::Within => "within the limits",
            FunnelFlag::BelowInner => "below the 95% limit",
            FunnelFlag::BelowOuter => "below the 99.8% limit",
        }
    }
}

/// One area in a funnel plot: its events (counts as published) and residents.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub code: String,
    pub name: String,
    pub events: u64,
    pub residents: u64,
}

/// The rate per person the limits are drawn around: all the points' events
/// over all their residents. The chart, the table's funnel column and
/// `harm-prep table` use this one centre, so they flag the same areas.
pub fn centre(points: &[FunnelPoint]) -> Option<f64> {
    let (events, people) = points.iter().fold((0, 0), |(e, p), x| (e + x.events, p + x.residents));
    (people > 0).then(|| events as f64 / people as f64)
}

pub const INNER: f64 = 0.95;
pub const OUTER: f64 = 0.998;

/// Lower and upper control limits, as rates per person, for an area of
/// `population` around the rate `centre` (per person).
pub fn control_limits(centre: f64, population: u64, confidence: f64) -> (f64, f64) {
    let n = population as f64;
    let expected = centre * n;
    let alpha = 1.0 - confidence;
    // A centre that is not a finite, non-negative rate (NaN from 0/0) has no limits.
    if !(expected.is_finite() && expected >= 0.0) || n == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let lower = match ChiSquared::new(2.0 * expected) {
        Ok(chi) if expected > 0.0 => chi.inverse_cdf(alpha / 2.0) / 2.0,
        _ => 0.0,
    };
    let upper = ChiSquared::new(2.0 * expected + 2.0).map_or(f64::NAN, |chi| chi.inverse_cdf(1.0 - alpha / 2.0) / 2.0);
    (lower / n, upper / n)
}

/// Where an area with `events` among `population` sits against the limits.
pub fn flag(events: u64, population: u64, centre: f64) -> Option<FunnelFlag> {
    if population == 0 {
        return None;
    }
    let rate = events as f64 / population as f64;
    let (inner_low, inner_high) = control_limits(centre, population, INNER);
    let (outer_low, outer_high) = control_limits(centre, population, OUTER);
    if outer_high.is_nan() {
        return None;
    }
    Some(if rate > outer_high {
        FunnelFlag::AboveOuter
    } else if rate > inner_high {
        FunnelFlag::AboveInner
    } else if rate < outer_low {
        FunnelFlag::BelowOuter
    } else if rate < inner_low {
        FunnelFlag::BelowInner
    } else {
        FunnelFlag::Within
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_by_hand() {
        // Force rate 0.01 per person, population 1,000: E = 10.
        // 95% limits on the count: chi2(0.025; 20)/2 = 9.5908/2 = 4.7954 and
        // chi2(0.975; 22)/2 = 36.7807/2 = 18.3904 -> rates 0.0047954, 0.0183904.
        let (low, high) = control_limits(0.01, 1000, INNER);
        assert!((low - 0.004_795_4).abs() < 1e-6, "{low}");
        assert!((high - 0.018_390_4).abs() < 1e-6, "{high}");
        let (outer_low, outer_high) = control_limits(0.01, 1000, OUTER);
        // A centre of 0/0 has no limits and flags nothing.
        assert!(control_limits(f64::NAN, 1000, INNER).0.is_nan());
        assert_eq!(flag(5, 1000, f64::NAN), None);
        assert!(outer_low < low && outer_high > high);
    }

    #[test]
    fn centre_is_all_events_over_all_residents() {
        let p = |events, residents| FunnelPoint { code: String::new(), name: String::new(), events, residents };
        // (10 + 30) / (1,000 + 3,000) = 0.01.
        assert_eq!(centre(&[p(10, 1000), p(30, 3000)]), Some(0.01));
        assert_eq!(centre(&[]), None);
    }

    #[test]
    fn flags() {
        // E = 10 at population 1,000: 10 events is within; 19 is above the 95%
        // limit (18.39) but not the 99.8% one (chi2(0.999; 22)/2 = 24.13); 40 is
        // above both; 4 is below the 95% limit (4.80) but not the 99.8% one
        // (chi2(0.001; 20)/2 = 2.96); 2 is below both.
        assert_eq!(flag(10, 1000, 0.01), Some(FunnelFlag::Within));
        assert_eq!(flag(19, 1000, 0.01), Some(FunnelFlag::AboveInner));
        assert_eq!(flag(40, 1000, 0.01), Some(FunnelFlag::AboveOuter));
        assert_eq!(flag(4, 1000, 0.01), Some(FunnelFlag::BelowInner));
        assert_eq!(flag(2, 1000, 0.01), Some(FunnelFlag::BelowOuter));
        let (outer_low, outer_high) = control_limits(0.01, 1000, OUTER);
        assert!((outer_low * 1000.0 - 2.9605).abs() < 1e-3, "{outer_low}");
        assert!((outer_high * 1000.0 - 24.1334).abs() < 2e-3, "{outer_high}");
        assert_eq!(flag(1, 0, 0.01), None);
    }
}
