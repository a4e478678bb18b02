//! Ranks from the top, as league tables write them: 1 is the highest value,
//! and tied values share the best rank of their run, the next value skipping
//! the places they fill (standard competition ranking, "1224"). So "3rd of
//! 40" always means exactly two areas are strictly higher, which is what a
//! reader takes it to mean; the peer panel and the community trauma score
//! rank this way. (The weighting sensitivity's rank correlation uses average
//! ranks instead, as Spearman's rho requires: see [`crate::sensitivity`].)

/// Each value's rank among the values present; `None` stays `None` and
/// takes no place (a missing value is not the lowest).
pub fn ranks_from_top(values: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    present.sort_by(|a, b| b.total_cmp(a));
    // The number of values strictly above v is the position of v's first
    // occurrence in descending order.
    values.iter().map(|v| v.map(|v| 1 + present.partition_point(|&x| x > v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_best_rank_and_missing_takes_no_place() {
        // 5 > 3 = 3 > 1: ranks 1, 2, 2, 4; the missing value has none and
        // does not push 1 down to 5th.
        let ranks = ranks_from_top(&[Some(3.0), None, Some(5.0), Some(1.0), Some(3.0)]);
        assert_eq!(ranks, [Some(2), None, Some(1), Some(4), Some(2)]);
        assert_eq!(ranks_from_top(&[Some(-0.5), Some(-0.5)]), [Some(1), Some(1)]);
        assert_eq!(ranks_from_top(&[]), Vec::<Option<usize>>::new());
    }
}
