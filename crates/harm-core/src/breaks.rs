//! Choropleth class breaks.
//!
//! Breaks are the inclusive upper bounds of each class; the first class starts
//! at the minimum value. When values repeat, classes that would be empty or
//! identical are merged, so the legend never shows two classes with the same
//! range (e.g. many wards with a rate of exactly zero).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakMethod {
    /// Equal numbers of areas in each class.
    Quantiles,
    /// Fisher-Jenks natural breaks: classes that minimise within-class variance.
    NaturalBreaks,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breaks {
    pub min: f64,
    /// Inclusive upper bound of each class, strictly increasing.
    pub upper_bounds: Vec<f64>,
}

impl Breaks {
    pub fn class_count(&self) -> usize {
        self.upper_bounds.len()
    }

    /// Index of the class holding `value` (values beyond the ends are put in
    /// the first or last class).
    pub fn class_of(&self, value: f64) -> usize {
        self.upper_bounds
            .iter()
            .position(|&upper| value <= upper)
            .unwrap_or(self.upper_bounds.len().saturating_sub(1))
    }

    /// Lower and upper bound of class `i`, as shown in a legend.
    pub fn range_of(&self, i: usize) -> (f64, f64) {
        let lower = if i == 0 { self.min } else { self.upper_bounds[i - 1] };
        (lower, self.upper_bounds[i])
    }
}

/// Breaks for finite `values` in at most `classes` classes; `None` with no
/// finite values or zero classes.
pub fn breaks(values: &[f64], classes: usize, method: BreakMethod) -> Option<Breaks> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() || classes == 0 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let uppers = match method {
        BreakMethod::Quantiles => quantile_uppers(&sorted, classes),
        BreakMethod::NaturalBreaks => natural_uppers(&sorted, classes),
    };
    let mut upper_bounds: Vec<f64> = Vec::with_capacity(uppers.len());
    for u in uppers {
        if upper_bounds.last().is_none_or(|&last| u > last) {
            upper_bounds.push(u);
        }
    }
    Some(Breaks { min: sorted[0], upper_bounds })
}

/// Upper bound of class j is the value at rank ceil(n*(j+1)/k) (nearest rank).
fn quantile_uppers(sorted: &[f64], classes: usize) -> Vec<f64> {
    let n = sorted.len();
    (1..=classes)
        .map(|j| {
            let rank = (n * j).div_ceil(classes).max(1);
            sorted[rank - 1]
        })
        .collect()
}

/// Fisher-Jenks by dynamic programming over the distinct sorted values,
/// O(k * m^2) for m distinct values: fine for a few hundred wards.
fn natural_uppers(sorted: &[f64], classes: usize) -> Vec<f64> {
    // Work on distinct values with multiplicities so repeats cannot split a class.
    let mut values: Vec<(f64, f64)> = Vec::new();
    for &v in sorted {
        match values.last_mut() {
            Some((last, count)) if *last == v => *count += 1.0,
            _ => values.push((v, 1.0)),
        }
    }
    let m = values.len();
    let k = classes.min(m);
    // Prefix sums of count, count*v, count*v^2 for O(1) within-class variance.
    let mut n = vec![0.0; m + 1];
    let mut s = vec![0.0; m + 1];
    let mut s2 = vec![0.0; m + 1];
    for (i, &(v, c)) in values.iter().enumerate() {
        n[i + 1] = n[i] + c;
        s[i + 1] = s[i] + c * v;
        s2[i + 1] = s2[i] + c * v * v;
    }
    // Sum of squared deviations of values[a..b].
    let ssd = |a: usize, b: usize| {
        let count = n[b] - n[a];
        let sum = s[b] - s[a];
        (s2[b] - s2[a]) - sum * sum / count
    };
    // cost[j][b]: best total SSD of values[..b] in j+1 classes; cut[j][b]: start of last class.
    let mut cost = vec![vec![f64::INFINITY; m + 1]; k];
    let mut cut = vec![vec![0usize; m + 1]; k];
    for (b, cost) in cost[0].iter_mut().enumerate().skip(1) {
        *cost = ssd(0, b);
    }
    for j in 1..k {
        for b in (j + 1)..=m {
            for a in j..b {
                let c = cost[j - 1][a] + ssd(a, b);
                if c < cost[j][b] {
                    cost[j][b] = c;
                    cut[j][b] = a;
                }
            }
        }
    }
    let mut uppers = vec![0.0; k];
    let mut b = m;
    for j in (0..k).rev() {
        uppers[j] = values[b - 1].0;
        b = if j == 0 { 0 } else { cut[j][b] };
    }
    uppers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_hand() {
        // 10 values, 5 classes: ranks 2,4,6,8,10 -> 2,4,6,8,10.
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let b = breaks(&values, 5, BreakMethod::Quantiles).unwrap();
        assert_eq!(b.min, 1.0);
        assert_eq!(b.upper_bounds, [2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(b.class_of(1.0), 0);
        assert_eq!(b.class_of(2.5), 1);
        assert_eq!(b.class_of(10.0), 4);
        assert_eq!(b.range_of(1), (2.0, 4.0));
    }

    #[test]
    fn quantiles_collapse_on_repeats() {
        // Six zeros and two larger values in 4 classes: ranks 2,4,6,8 -> 0,0,0,9.
        let values = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 9.0];
        let b = breaks(&values, 4, BreakMethod::Quantiles).unwrap();
        assert_eq!(b.upper_bounds, [0.0, 9.0]);
        let same = breaks(&[3.0, 3.0, 3.0], 5, BreakMethod::NaturalBreaks).unwrap();
        assert_eq!(same.upper_bounds, [3.0]);
        assert_eq!(same.class_count(), 1);
    }

    #[test]
    fn natural_breaks_find_the_gaps() {
        // Three obvious clusters; Jenks must put breaks at the top of each.
        let values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 30.0, 31.0];
        let b = breaks(&values, 3, BreakMethod::NaturalBreaks).unwrap();
        assert_eq!(b.upper_bounds, [3.0, 12.0, 31.0]);
        // Fewer distinct values than classes: one class per value.
        let b = breaks(&[1.0, 1.0, 2.0], 4, BreakMethod::NaturalBreaks).unwrap();
        assert_eq!(b.upper_bounds, [1.0, 2.0]);
    }

    #[test]
    fn nothing_to_classify() {
        assert_eq!(breaks(&[], 5, BreakMethod::Quantiles), None);
        assert_eq!(breaks(&[f64::NAN], 5, BreakMethod::Quantiles), None);
        assert_eq!(breaks(&[1.0], 0, BreakMethod::Quantiles), None);
    }
}
