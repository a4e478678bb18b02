//! Stop and search of a module's districts and force, summed from the
//! published ward cells.
//!
//! Below force level, searches are published only under disclosure control
//! ([`crate::disclosure`]): a count of 1 to 9 is `[c]`, every other count is
//! rounded to the nearest 5, and further cells may be suppressed so that no
//! `[c]` can be recovered. A module's districts and force are not published
//! areas, so their counts are the sums of the module's published ward cells —
//! never of unpublished counts, which would let anyone subtract a module from
//! a published table. That has two consequences, both carried and shown:
//!
//! - Rounding: the sum of rounded cells is not the exact count. From what each
//!   cell says on its own ([`Cell::attacker_bounds`]: a published 0 is 0, a
//!   published v came from v-2 to v+2 and was at least 10), the exact count
//!   lies in a range, given with every module count.
//! - Suppression: a ward cell of `[c]` may be a primary count (1-9) or a
//!   secondary suppression of any size, so a module count with a suppressed
//!   ward cannot be computed. Its count in the comparison is `None` — shown
//!   as `[c]`, like a suppressed published count, so the map hatches it — and
//!   [`SummedCount`] says how many wards are suppressed, what the others sum
//!   to, and the lower bound that still holds. A `[c]` is never counted as 0.
//!
//! Without a module none of this applies: districts are read from their own
//! published lines and the force from the exact monthly force table.

use crate::dataset::WardRow;
use crate::disclosure::{Cell, ROUNDING_BASE};
use crate::ethnicity::EthnicGroup;
use crate::searches::{compare, GroupComparison};

/// One column (e.g. Black residents' searches) of a module area, summed from
/// its wards' published cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummedCount {
    /// Sum of the wards' published (not suppressed) cells.
    pub published: u64,
    /// Wards whose cell is `[c]`.
    pub suppressed_wards: usize,
    /// The exact count is at least this.
    pub lower: u64,
    /// The exact count is at most this; `None` when a ward is suppressed,
    /// since a secondarily suppressed cell can be of any size.
    pub upper: Option<u64>,
}

impl SummedCount {
    /// Sums published ward counts, `None` standing for `[c]`.
    fn of(cells: impl IntoIterator<Item = Option<u64>>) -> SummedCount {
        let mut sum = SummedCount { published: 0, suppressed_wards: 0, lower: 0, upper: Some(0) };
        for cell in cells {
            let (lower, upper) = cell.map_or(Cell::Suppressed, Cell::Value).attacker_bounds();
            sum.published += cell.unwrap_or(0);
            sum.suppressed_wards += usize::from(cell.is_none());
            sum.lower += lower;
            sum.upper = sum.upper.zip(upper).map(|(a, b)| a + b);
        }
        sum
    }

    /// The module's count as published-cell sum; `None` when any ward is suppressed.
    pub fn count(&self) -> Option<u64> {
        (self.suppressed_wards == 0).then_some(self.published)
    }

    fn describe(&self, what: &str, wards: usize) -> String {
        match (self.count(), self.upper) {
            (Some(n), Some(upper)) if self.lower == upper => format!("{what} {n} (exact)"),
            (Some(n), Some(upper)) => format!("{what} {n} (the exact count is between {} and {upper})", self.lower),
            _ => format!(
                "{what} cannot be computed exactly, as {} of the {wards} wards' counts {} suppressed ([c]); the others sum to {}, so the count is at least {}",
                self.suppressed_wards,
                if self.suppressed_wards == 1 { "is" } else { "are" },
                self.published,
                self.lower
            ),
        }
    }
}

/// How a module area's stop and search was summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchSum {
    /// Wards summed.
    pub wards: usize,
    pub black: SummedCount,
    pub white: SummedCount,
    pub not_stated: SummedCount,
    /// Every search, whatever the ethnicity (the published total column).
    pub all: SummedCount,
}

impl SearchSum {
    /// A caveat for the panel, table note and CSV metadata.
    pub fn describe(&self) -> String {
        format!(
            "Summed from the published counts of the module's {} {}, each rounded to the nearest {ROUNDING_BASE} or suppressed: {}; {}; {}.",
            self.wards,
            if self.wards == 1 { "ward" } else { "wards" },
            self.black.describe("Black residents' searches", self.wards),
            self.white.describe("White residents' searches", self.wards),
            self.all.describe("all searches", self.wards)
        )
    }
}

/// The comparison of the wards `members` (indices into `wards` and their
/// published comparisons `searches`, in the same order) as one area, and
/// how its counts were summed.
pub fn sum_ward_searches(wards: &[WardRow], searches: &[GroupComparison], members: &[usize]) -> (GroupComparison, SearchSum) {
    let column = |count: fn(&GroupComparison) -> Option<u64>| SummedCount::of(members.iter().map(|&i| count(&searches[i])));
    let sum = SearchSum {
        wards: members.len(),
        black: column(|s| s.black),
        white: column(|s| s.white),
        not_stated: column(|s| s.not_stated),
        all: column(|s| s.all),
    };
    // A ward's comparison carries only the counts the measures read (Black,
    // White, not stated, all); the other groups are left unknown.
    let mut by_group = [None; 6];
    by_group[EthnicGroup::Black.index()] = sum.black.count();
    by_group[EthnicGroup::White.index()] = sum.white.count();
    by_group[EthnicGroup::NotStated.index()] = sum.not_stated.count();
    let mut residents = [0u64; 5];
    for &i in members {
        let w = &wards[i];
        for (total, n) in residents.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
            *total += n;
        }
    }
    (compare(by_group, sum.all.count(), residents), sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::test_ward;
    use crate::ethnicity::Basis;
    use crate::level::{area_groups, Level};
    use crate::searches::{area_comparisons, parse_search_counts};

    #[test]
    fn module_counts_are_sums_of_published_cells_with_their_range() {
        let wards = [
            test_ward("W1", "D", [0, 2_000, 0, 8_000, 0]),
            test_ward("W2", "D", [0, 1_000, 0, 9_000, 0]),
            test_ward("W3", "D", [0, 500, 0, 4_500, 0]),
        ];
        let text = "level,area_code,period,basis,asian,black,mixed,white,other,not_stated,total\n\
                    ward,W1,2019,self_defined,0,30,0,60,0,10,100\n\
                    ward,W2,2019,self_defined,0,15,0,0,0,0,15\n\
                    ward,W3,2019,self_defined,0,[c],0,20,0,0,25\n";
        let counts = parse_search_counts("stop-search.csv", text, &wards, &["2019".to_string()]).unwrap();
        let by_ward = area_groups(&wards, Level::Ward, ("F", "Force"));
        let searches = area_comparisons(&wards, &counts, Basis::SelfDefined, "2019", Level::Ward, &by_ward).unwrap();

        // W1 and W2: Black 30 + 15 = 45, each from v-2..v+2 and at least 10:
        // 28..32 and 13..17, so 41 to 49. White 60 + 0: 58..62 and exactly 0.
        let (c, sum) = sum_ward_searches(&wards, &searches, &[0, 1]);
        assert_eq!(sum.black, SummedCount { published: 45, suppressed_wards: 0, lower: 41, upper: Some(49) });
        assert_eq!(sum.white, SummedCount { published: 60, suppressed_wards: 0, lower: 58, upper: Some(62) });
        // Black 45 per 3,000 = 15 per 1,000; White 60 per 17,000 = 3.529...; ratio 4.25.
        assert_eq!((c.black, c.white, c.all, c.residents), (Some(45), Some(60), Some(115), 20_000));
        assert_eq!(c.black_rate, Some(15.0));
        assert!((c.ratio.unwrap().ratio.unwrap() - 4.25).abs() < 1e-12);
        assert_eq!(c.unknown_share, Some(10.0 / 115.0));
        assert_eq!(
            sum.describe(),
            "Summed from the published counts of the module's 2 wards, each rounded to the nearest 5 or suppressed: \
             Black residents' searches 45 (the exact count is between 41 and 49); \
             White residents' searches 60 (the exact count is between 58 and 62); \
             all searches 115 (the exact count is between 111 and 119)."
        );

        // With W3, whose Black count is [c]: the Black sum cannot be computed
        // (not 45 + 0); W1 and W2 still say it is at least 41. White and all
        // still sum: 80 (76 to 84) and 140.
        let (c, sum) = sum_ward_searches(&wards, &searches, &[0, 1, 2]);
        assert_eq!(sum.black, SummedCount { published: 45, suppressed_wards: 1, lower: 41, upper: None });
        assert_eq!((c.black, c.white, c.all), (None, Some(80), Some(140)));
        assert!(c.ratio.is_none() && c.black_rate.is_none() && c.low_reliability);
        assert!(sum.describe().contains(
            "Black residents' searches cannot be computed exactly, as 1 of the 3 wards' counts is suppressed ([c]); the others sum to 45, so the count is at least 41"
        ));
        // A ward with no searches at all is exactly zero.
        let (_, zero) = sum_ward_searches(&wards, &searches, &[1]);
        assert!(zero.describe().contains("White residents' searches 0 (exact)"), "{}", zero.describe());
    }
}
