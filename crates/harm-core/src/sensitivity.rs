//! How much the picture depends on the choice of harm weights.
//!
//! Why: weighting crime by harm is a value judgement. The ONS Crime Severity
//! Score (CSS, average sentence per offence), the Cambridge Crime Harm Index
//! (median days of imprisonment per offence group) and plain counts (every
//! crime weighs 1) can rank the same wards differently, and a community reader
//! should see whether "the high-harm wards" would still be the high-harm wards
//! under another reasonable choice. Comparisons of these schemes (Ashby 2018,
//! "Comparing methods for measuring crime harm/severity", Policing 12(4):
//! 439-454; Sherman, Neyroud & Neyroud 2016, "The Cambridge Crime Harm Index",
//! Policing 10(3): 171-183) report how far area rankings move; this module
//! gives the same two summaries for the wards on the map.
//!
//! Method, for the same wards' values under two schemes (e.g. harm per
//! resident per year), using only wards with a finite value under both:
//!
//! - Quintile changes. Each ward's class is its quantile class within its own
//!   scheme's values, computed exactly as the map computes it:
//!   [`crate::breaks::breaks`] with 5 classes and [`BreakMethod::Quantiles`]
//!   (nearest rank), then [`Breaks::class_of`]. A ward "changes quintile" when
//!   its two classes differ, and "moves two or more" when they differ by at
//!   least 2. Both sets of breaks are built from the compared wards only, so
//!   each side ranks the same wards. Where many values tie, the map merges
//!   classes and so does this comparison: classes are the map's classes.
//! - Rank correlation. Spearman's rho (Spearman 1904, "The proof and
//!   measurement of association between two things", American Journal of
//!   Psychology 15(1): 72-101): tied values get the average of the ranks they
//!   span, and rho is the Pearson correlation of the two rank vectors (the
//!   tie-corrected form, Kendall & Gibbons 1990, "Rank Correlation Methods",
//!   5th ed., ch. 3). Without ties this equals 1 - 6 sum d^2 / (n (n^2 - 1)).
//!   Undefined with fewer than 3 wards or when either side's values are all
//!   equal (zero variance of ranks).

use crate::breaks::{breaks, BreakMethod, Breaks};
use serde::Serialize;

/// Number of classes compared: quintiles, as on the map.
const QUINTILES: usize = 5;

/// Summary of how two weighting schemes' values for the same wards differ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Wards compared: those with a (finite) value under both schemes.
    pub areas: usize,
    /// Compared wards whose quintile differs between the two schemes.
    pub quintile_changes: usize,
    /// Compared wards whose quintile differs by two or more classes.
    pub moved_two_or_more: usize,
    /// Spearman's rho with average ranks for ties; `None` with fewer than 3
    /// wards or when either scheme gives every ward the same value.
    pub rank_correlation: Option<f64>,
}

/// Compare the same wards' values under two schemes, `a` and `b`, given in the
/// same order. Only wards with a finite value in both count; entries beyond the
/// shorter slice are ignored.
pub fn compare(a: &[Option<f64>], b: &[Option<f64>]) -> Sensitivity {
    let (xs, ys): (Vec<f64>, Vec<f64>) = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some((*x, *y)),
            _ => None,
        })
        .unzip();
    let areas = xs.len();
    let (mut quintile_changes, mut moved_two_or_more) = (0, 0);
    if let (Some(bx), Some(by)) = (quintile_breaks(&xs), quintile_breaks(&ys)) {
        for (x, y) in xs.iter().zip(&ys) {
            let shift = bx.class_of(*x).abs_diff(by.class_of(*y));
            if shift >= 1 {
                quintile_changes += 1;
            }
            if shift >= 2 {
                moved_two_or_more += 1;
            }
        }
    }
    Sensitivity { areas, quintile_changes, moved_two_or_more, rank_correlation: spearman(&xs, &ys) }
}

fn quintile_breaks(values: &[f64]) -> Option<Breaks> {
    breaks(values, QUINTILES, BreakMethod::Quantiles)
}

/// Ranks from 1, tied values sharing the average of the ranks they span.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1 ..= end; their mean:
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's rho: the Pearson correlation of average ranks.
fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 3 || ys.len() != n {
        return None;
    }
    let (rx, ry) = (average_ranks(xs), average_ranks(ys));
    // Mean rank is (n + 1) / 2 on both sides, ties or not.
    let mean = (n + 1) as f64 / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in rx.iter().zip(&ry) {
        let (dx, dy) = (x - mean, y - mean);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

impl Sensitivity {
    /// One sentence for the legend, e.g. "Against plain counts, 37 of 261
    /// wards change quintile (5 by two or more); rank correlation 0.93."
    /// `other_scheme_label` names the scheme compared with, as it should read
    /// after "Against" (e.g. "plain counts").
    pub fn describe(&self, other_scheme_label: &str) -> String {
        let n = self.areas;
        if n == 0 {
            return format!(
                "Against {other_scheme_label}, no ward has a value under both weightings, so they cannot be compared."
            );
        }
        let wards = if n == 1 { "ward" } else { "wards" };
        let changes = match self.quintile_changes {
            0 if n == 1 => "the 1 ward keeps its quintile".to_string(),
            0 => format!("none of the {n} wards changes quintile"),
            1 => format!("1 of {n} {wards} changes quintile"),
            k => format!("{k} of {n} {wards} change quintile"),
        };
        let moved = match (self.quintile_changes, self.moved_two_or_more) {
            (0, _) => String::new(),
            (_, 0) => " (none by two or more)".to_string(),
            (_, m) => format!(" ({m} by two or more)"),
        };
        let correlation = match self.rank_correlation {
            // Adding 0.0 turns a rounded -0.0 into 0.0, so "-0.00" is never shown.
            Some(rho) => format!("rank correlation {:.2}", (rho * 100.0).round() / 100.0 + 0.0),
            None if n < 3 => "too few wards for a rank correlation".to_string(),
            None => "no rank correlation, as every ward has the same value under one of the weightings".to_string(),
        };
        format!("Against {other_scheme_label}, {changes}{moved}; {correlation}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().copied().map(Some).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn average_ranks_share_ties() {
        // 1 -> 1; the two 2s span ranks 2 and 3 -> 2.5 each; 4 -> 4; 5 -> 5.
        assert_eq!(average_ranks(&[4.0, 2.0, 1.0, 2.0, 5.0]), [4.0, 2.5, 1.0, 2.5, 5.0]);
    }

    #[test]
    fn spearman_with_a_tie_by_hand() {
        // a = 1, 2, 2, 4, 5   ranks 1, 2.5, 2.5, 4, 5   (mean 3)
        // b = 2, 1, 4, 3, 5   ranks 2, 1,   4,   3, 5   (mean 3)
        // deviations a: -2, -0.5, -0.5, 1, 2   sum of squares 9.5
        // deviations b: -1, -2,    1,   0, 2   sum of squares 10
        // products:      2,  1,  -0.5,  0, 4   sum 6.5
        // rho = 6.5 / sqrt(9.5 * 10) = 6.5 / sqrt(95) = 0.666886...
        let s = compare(&some(&[1.0, 2.0, 2.0, 4.0, 5.0]), &some(&[2.0, 1.0, 4.0, 3.0, 5.0]));
        assert_eq!(s.areas, 5);
        let rho = s.rank_correlation.unwrap();
        assert!(close(rho, 6.5 / 95f64.sqrt()), "{rho}");
        assert!((rho - 0.6669).abs() < 1e-4);
    }

    #[test]
    fn identical_inputs() {
        let values = some(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]);
        let s = compare(&values, &values);
        assert_eq!(s.areas, 8);
        assert_eq!(s.quintile_changes, 0);
        assert_eq!(s.moved_two_or_more, 0);
        assert!(close(s.rank_correlation.unwrap(), 1.0));
        // A monotone transform (a different scale) keeps ranks and classes.
        let scaled: Vec<Option<f64>> = values.iter().map(|v| v.map(|v| 10.0 * v + 1.0)).collect();
        assert_eq!(compare(&values, &scaled), s);
    }

    #[test]
    fn reversed_order() {
        // 5 wards, 5 classes: one ward per class (ranks 1..5 are the uppers).
        // Reversed, classes 0,1,2,3,4 become 4,3,2,1,0: shifts 4,2,0,2,4.
        let s = compare(&some(&[1.0, 2.0, 3.0, 4.0, 5.0]), &some(&[50.0, 40.0, 30.0, 20.0, 10.0]));
        assert_eq!(s.areas, 5);
        assert_eq!(s.quintile_changes, 4);
        assert_eq!(s.moved_two_or_more, 4);
        assert!(close(s.rank_correlation.unwrap(), -1.0));
    }

    #[test]
    fn exact_quintile_changes_by_hand() {
        // 10 wards, a = 1..10. Quintile uppers at ranks 2,4,6,8,10, so classes
        // are 0,0,1,1,2,2,3,3,4,4. b is a with wards 1 and 3 swapped
        // (values 1 <-> 3) and wards 5 and 10 swapped (5 <-> 10); same multiset,
        // same breaks.
        //   ward 1:  class 0 -> 1 (b = 3)   moves 1
        //   ward 3:  class 1 -> 0 (b = 1)   moves 1
        //   ward 5:  class 2 -> 4 (b = 10)  moves 2
        //   ward 10: class 4 -> 2 (b = 5)   moves 2
        // So 4 change, 2 by two or more.
        // No ties: rho = 1 - 6 sum d^2 / (n(n^2-1)), d = 2, 2, 5, 5,
        // sum d^2 = 58, rho = 1 - 348/990 = 107/165 = 0.648484...
        let a: Vec<f64> = (1..=10).map(f64::from).collect();
        let mut b = a.clone();
        b.swap(0, 2);
        b.swap(4, 9);
        let s = compare(&some(&a), &some(&b));
        assert_eq!(s.areas, 10);
        assert_eq!(s.quintile_changes, 4);
        assert_eq!(s.moved_two_or_more, 2);
        assert!(close(s.rank_correlation.unwrap(), 107.0 / 165.0));
    }

    #[test]
    fn nones_are_skipped() {
        // The same 10 wards as above, with extra wards that have a value under
        // only one scheme (or none, or not a number). Were any counted, the
        // breaks, ranks and area count would all change.
        let a: Vec<f64> = (1..=10).map(f64::from).collect();
        let mut b = a.clone();
        b.swap(0, 2);
        b.swap(4, 9);
        let mut xa = some(&a);
        let mut xb = some(&b);
        for (pos, x, y) in [
            (0, Some(1000.0), None),
            (4, None, Some(-1000.0)),
            (7, None, None),
            (11, Some(f64::NAN), Some(5.0)),
            (13, Some(2.0), Some(f64::INFINITY)),
        ] {
            xa.insert(pos, x);
            xb.insert(pos, y);
        }
        let s = compare(&xa, &xb);
        assert_eq!(s, compare(&some(&a), &some(&b)));
        assert_eq!(s.areas, 10);
        assert_eq!(s.quintile_changes, 4);
    }

    #[test]
    fn correlation_undefined() {
        let two = compare(&some(&[1.0, 2.0]), &some(&[2.0, 1.0]));
        assert_eq!(two.areas, 2);
        assert_eq!(two.rank_correlation, None);
        // Every ward equal under one scheme: no variance of ranks.
        let flat = compare(&some(&[1.0, 2.0, 3.0, 4.0]), &some(&[7.0, 7.0, 7.0, 7.0]));
        assert_eq!(flat.rank_correlation, None);
        let none = compare(&[None, Some(1.0)], &[Some(1.0), None]);
        assert_eq!(none, Sensitivity { areas: 0, quintile_changes: 0, moved_two_or_more: 0, rank_correlation: None });
    }

    #[test]
    fn sentences() {
        let s = Sensitivity { areas: 261, quintile_changes: 37, moved_two_or_more: 5, rank_correlation: Some(0.9312) };
        assert_eq!(
            s.describe("plain counts"),
            "Against plain counts, 37 of 261 wards change quintile (5 by two or more); rank correlation 0.93."
        );
        let one = Sensitivity { quintile_changes: 1, moved_two_or_more: 0, ..s };
        assert_eq!(
            one.describe("the Cambridge Crime Harm Index"),
            "Against the Cambridge Crime Harm Index, 1 of 261 wards changes quintile (none by two or more); rank correlation 0.93."
        );
        let same = Sensitivity { quintile_changes: 0, moved_two_or_more: 0, rank_correlation: Some(1.0), ..s };
        assert_eq!(
            same.describe("plain counts"),
            "Against plain counts, none of the 261 wards changes quintile; rank correlation 1.00."
        );
        let tiny = Sensitivity { rank_correlation: Some(-0.001), ..same };
        assert!(tiny.describe("x").ends_with("rank correlation 0.00."));
        let few = compare(&some(&[1.0, 2.0]), &some(&[1.0, 2.0]));
        assert_eq!(
            few.describe("plain counts"),
            "Against plain counts, none of the 2 wards changes quintile; too few wards for a rank correlation."
        );
        let flat = compare(&some(&[1.0, 2.0, 3.0]), &some(&[7.0, 7.0, 7.0]));
        assert!(flat.describe("plain counts").ends_with("as every ward has the same value under one of the weightings."));
        let empty = compare(&[], &[]);
        assert_eq!(
            empty.describe("plain counts"),
            "Against plain counts, no ward has a value under both weightings, so they cannot be compared."
        );
    }
}
