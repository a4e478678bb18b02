//! How figures are written, in the CSV tables and on screen alike.

/// Harm per resident, four decimal places; empty when undefined.
pub fn harm_rate(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// Harm total, one decimal place; empty when undefined.
pub fn harm(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// A rate per 1,000 residents, two decimal places; empty when undefined.
pub fn per_thousand(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// A proportion as a percentage with one decimal place; empty when undefined.
pub fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_default()
}

/// A ratio, two decimal places; empty when undefined.
pub fn ratio(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// A confidence limit: like [`ratio`], or "unbounded" for an infinite limit.
pub fn limit(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_infinite() => "unbounded".to_string(),
        other => ratio(other),
    }
}

/// `value` to at least `digits` significant figures, in plain decimal notation
/// with trailing zeros kept (`10.0000`, `7.86592`, `0.0452710` at 6): values of
/// `10^digits` or more print every integer digit (`1234568`), never an exponent.
/// Zero is `0`, infinity `unbounded` (`-unbounded` below zero), and NaN empty
/// (undefined).
pub fn significant(value: f64, digits: usize) -> String {
    if value.is_nan() {
        return String::new();
    }
    if value.is_infinite() {
        return if value > 0.0 { "unbounded".to_string() } else { "-unbounded".to_string() };
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let digits = digits.max(1);
    // The decimal exponent after rounding to `digits` figures, so 9.999996
    // counts as 10.0000 (exponent 1), not 9.99999...
    let scientific = format!("{:.*e}", digits - 1, value);
    let exponent: i64 = scientific.rsplit('e').next().and_then(|e| e.parse().ok()).unwrap_or(0);
    let decimals = (digits as i64 - 1 - exponent).max(0) as usize;
    format!("{value:.decimals$}")
}

/// A count as published: the number, or `[c]` when suppressed.
pub fn published_count(value: Option<u64>) -> String {
    value.map_or_else(|| "[c]".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rounding() {
        assert_eq!(super::harm_rate(Some(0.123_456)), "0.1235");
        assert_eq!(super::per_thousand(Some(4.512_195)), "4.51");
        assert_eq!(super::percent(Some(0.025)), "2.5%");
        assert_eq!(super::harm(None), "");
        assert_eq!(super::limit(Some(f64::INFINITY)), "unbounded");
        assert_eq!(super::published_count(None), "[c]");
    }

    #[test]
    fn significant_figures_by_hand() {
        use super::significant;
        // Six figures, trailing zeros kept: 10 -> 10.0000 (2 + 4 decimals).
        assert_eq!(significant(10.0, 6), "10.0000");
        // 7.865920043... -> 7.86592; 12.713071... -> 12.7131 (4 decimals).
        assert_eq!(significant(7.865_920_043_827_338, 6), "7.86592");
        assert_eq!(significant(12.713_071_000_317_82, 6), "12.7131");
        // Below 1 the leading zeros don't count: 0.0452710 has six figures.
        assert_eq!(significant(0.045_271_04, 6), "0.0452710");
        assert_eq!(significant(0.25, 6), "0.250000");
        assert_eq!(significant(0.000_123_456_78, 6), "0.000123457");
        // Large values keep every integer digit, rounded to the unit.
        assert_eq!(significant(123_456.4, 6), "123456");
        assert_eq!(significant(1_234_567.8, 6), "1234568");
        // Rounding that carries into a new digit keeps six figures, not seven.
        assert_eq!(significant(9.999_996, 6), "10.0000");
        assert_eq!(significant(0.999_999_7, 6), "1.00000");
        // Fewer figures, negatives, zero, infinity and NaN.
        assert_eq!(significant(2.468, 3), "2.47");
        assert_eq!(significant(-2.5, 6), "-2.50000");
        assert_eq!(significant(0.0, 6), "0");
        assert_eq!(significant(f64::INFINITY, 6), "unbounded");
        assert_eq!(significant(f64::NAN, 6), "");
    }
}
