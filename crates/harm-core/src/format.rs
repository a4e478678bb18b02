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
}
