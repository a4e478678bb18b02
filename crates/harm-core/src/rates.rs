//! Rates and shares, with the brief's small-number rule.

/// A rate on fewer events than this is flagged low reliability ([u]).
pub const MIN_RELIABLE_EVENTS: u64 = 10;
/// A rate for a group of fewer residents than this is flagged low reliability ([u]).
pub const MIN_RELIABLE_RESIDENTS: u64 = 100;

/// Events per 1,000 residents; `None` when there are no residents, because a
/// rate on an empty denominator is undefined, not zero.
pub fn rate_per_thousand(events: f64, residents: u64) -> Option<f64> {
    (residents > 0).then(|| events * 1000.0 / residents as f64)
}

/// Events per resident (the Crime Severity Score unit); `None` with no residents.
pub fn rate_per_resident(events: f64, residents: u64) -> Option<f64> {
    (residents > 0).then(|| events / residents as f64)
}

/// `part` as a proportion of `whole`; `None` when `whole` is zero.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The brief's rule: fewer than 10 events or fewer than 100 residents.
pub fn is_low_reliability(events: u64, residents: u64) -> bool {
    events < MIN_RELIABLE_EVENTS || residents < MIN_RELIABLE_RESIDENTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_rates() {
        // 37 crimes among 8,200 residents: 37 * 1000 / 8200 = 4.51219...
        let r = rate_per_thousand(37.0, 8200).unwrap();
        assert!((r - 4.512_195_121_951_22).abs() < 1e-12);
        assert_eq!(rate_per_resident(50.0, 200), Some(0.25));
        assert_eq!(rate_per_thousand(5.0, 0), None);
        assert_eq!(share(3, 12), Some(0.25));
        assert_eq!(share(0, 0), None);
    }

    #[test]
    fn low_reliability_thresholds() {
        assert!(is_low_reliability(9, 5000));
        assert!(!is_low_reliability(10, 5000));
        assert!(is_low_reliability(500, 99));
        assert!(!is_low_reliability(500, 100));
    }
}
