//! Statistical disclosure control of published counts about people below
//! force level (e.g. stop and search by ward and ethnic group).
//!
//! Rules (the brief's; a hard rule of the publishing step):
//! 1. Primary suppression: a count from 1 to 9 is published as `[c]`.
//! 2. Rounding: every other count is rounded to the nearest 5 (0 stays 0).
//! 3. Secondary suppression: a row or column with exactly one suppressed cell
//!    could give it away by subtraction from its total, so the smallest
//!    non-zero published cell of that row or column is suppressed too, until
//!    no row or column has a lone suppressed cell. A column with no other
//!    non-zero cell (e.g. the force's only search of a group) gets a zero cell
//!    suppressed instead, from the ward with most records, so the published
//!    table does not say which ward the person was in.
//! 4. Audit: an attacker who knows the rules, every published cell, row total
//!    and the exact force-level column totals narrows each suppressed cell by
//!    interval propagation over all row and column equations. Publication is
//!    refused if any primary-suppressed cell is pinned to a single value.

use serde::Serialize;

pub const SUPPRESS_BELOW: u64 = 10;
pub const ROUNDING_BASE: u64 = 5;
/// A suppressed cell counts as protected while at least this many values remain possible.
pub const MIN_POSSIBLE_VALUES: i64 = 2;

/// A published count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Value(u64),
    Suppressed,
}

impl Cell {
    /// The text written in published tables: the number or `[c]`.
    pub fn text(self) -> String {
        match self {
            Cell::Value(v) => v.to_string(),
            Cell::Suppressed => "[c]".to_string(),
        }
    }

    pub fn parse(text: &str) -> Option<Cell> {
        match text.trim() {
            "[c]" => Some(Cell::Suppressed),
            t => t.parse().ok().map(Cell::Value),
        }
    }

    pub fn value(self) -> Option<u64> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    None,
    Primary,
    Secondary,
}

/// Rounds to the nearest multiple of 5 (2 and below down, 3 and above up).
pub fn round_to_base(count: u64) -> u64 {
    (count + ROUNDING_BASE / 2) / ROUNDING_BASE * ROUNDING_BASE
}

/// What an attacker knows besides the table: exact column totals (published
/// at force level) that include `unplaced` records not in any row (e.g.
/// searches with no location), whose split by column is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownMargins {
    pub column_totals: Vec<u64>,
    pub unplaced: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ControlledTable {
    /// Rows x columns of published cells.
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub kinds: Vec<Vec<Suppression>>,
    pub row_total_kinds: Vec<Suppression>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Audit {
    pub cells: usize,
    pub primary_suppressed: usize,
    pub secondary_suppressed: usize,
    pub rounded: usize,
    pub zeros: usize,
    pub checks: Vec<AuditCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditCheck {
    pub check: String,
    pub passed: bool,
    pub detail: String,
}

impl Audit {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    pub fn add(&mut self, other: &Audit) {
        self.cells += other.cells;
        self.primary_suppressed += other.primary_suppressed;
        self.secondary_suppressed += other.secondary_suppressed;
        self.rounded += other.rounded;
        self.zeros += other.zeros;
    }
}

/// Applies the rules to `table` (rows x columns of true counts) and audits the result.
pub fn control(table: &[Vec<u64>], margins: &KnownMargins) -> (ControlledTable, Audit) {
    let columns = margins.column_totals.len();
    let row_sums: Vec<u64> = table.iter().map(|r| r.iter().sum()).collect();
    let primary = |x: u64| if (1..SUPPRESS_BELOW).contains(&x) { Suppression::Primary } else { Suppression::None };
    let mut kinds: Vec<Vec<Suppression>> = table.iter().map(|r| r.iter().map(|&x| primary(x)).collect()).collect();
    let mut total_kinds: Vec<Suppression> = row_sums.iter().map(|&x| primary(x)).collect();

    loop {
        let mut changed = false;
        for (r, row) in table.iter().enumerate() {
            let lone = kinds[r].iter().filter(|k| **k != Suppression::None).count()
                + usize::from(total_kinds[r] != Suppression::None)
                == 1;
            if lone {
                match smallest_open(row.iter().copied().enumerate(), |c| kinds[r][c]) {
                    Some(c) => kinds[r][c] = Suppression::Secondary,
                    None => total_kinds[r] = Suppression::Secondary,
                }
                changed = true;
            }
        }
        for c in 0..columns {
            if kinds.iter().filter(|k| k[c] != Suppression::None).count() == 1 {
                let partner = smallest_open(table.iter().map(|row| row[c]).enumerate(), |r| kinds[r][c]).or_else(|| {
                    (0..table.len()).filter(|&r| kinds[r][c] == Suppression::None).max_by_key(|&r| (row_sums[r], std::cmp::Reverse(r)))
                });
                if let Some(r) = partner {
                    kinds[r][c] = Suppression::Secondary;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let publish = |x: u64, kind: Suppression| match kind {
        Suppression::None => Cell::Value(round_to_base(x)),
        _ => Cell::Suppressed,
    };
    let cells: Vec<Vec<Cell>> =
        table.iter().zip(&kinds).map(|(row, k)| row.iter().zip(k).map(|(&x, &kind)| publish(x, kind)).collect()).collect();
    let row_totals: Vec<Cell> = row_sums.iter().zip(&total_kinds).map(|(&x, &kind)| publish(x, kind)).collect();
    let controlled = ControlledTable { cells, row_totals, kinds, row_total_kinds: total_kinds };
    let audit = audit(table, &controlled, margins);
    (controlled, audit)
}

/// The smallest non-zero count not yet suppressed.
fn smallest_open(values: impl Iterator<Item = (usize, u64)>, kind: impl Fn(usize) -> Suppression) -> Option<usize> {
    values.filter(|&(i, x)| x > 0 && kind(i) == Suppression::None).min_by_key(|&(i, x)| (x, i)).map(|(i, _)| i)
}

fn audit(table: &[Vec<u64>], controlled: &ControlledTable, margins: &KnownMargins) -> Audit {
    let all_kinds = controlled.kinds.iter().flatten().chain(&controlled.row_total_kinds);
    let all_cells: Vec<Cell> = controlled.cells.iter().flatten().chain(&controlled.row_totals).copied().collect();
    let mut audit = Audit {
        cells: all_cells.len(),
        primary_suppressed: all_kinds.clone().filter(|k| **k == Suppression::Primary).count(),
        secondary_suppressed: all_kinds.filter(|k| **k == Suppression::Secondary).count(),
        rounded: all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if *v > 0)).count(),
        zeros: all_cells.iter().filter(|c| **c == Cell::Value(0)).count(),
        checks: Vec::new(),
    };
    let small = all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if (1..SUPPRESS_BELOW).contains(v))).count();
    audit.checks.push(AuditCheck {
        check: "no published count is between 1 and 9".into(),
        passed: small == 0,
        detail: format!("{small} published counts between 1 and 9"),
    });
    let unrounded = all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if v % ROUNDING_BASE != 0)).count();
    audit.checks.push(AuditCheck {
        check: "every published count is a multiple of 5".into(),
        passed: unrounded == 0,
        detail: format!("{unrounded} published counts not a multiple of 5"),
    });
    let bounds = attack(controlled, margins);
    let mut exposed = Vec::new();
    for (r, row) in controlled.kinds.iter().enumerate() {
        for (c, kind) in row.iter().enumerate() {
            let (lo, hi) = bounds.cells[r][c];
            if *kind == Suppression::Primary && hi - lo + 1 < MIN_POSSIBLE_VALUES {
                exposed.push(format!("row {r} column {c} (true {}) narrowed to {lo}..{hi}", table[r][c]));
            }
        }
    }
    audit.checks.push(AuditCheck {
        check: "no suppressed cell can be recovered from rows, columns and totals".into(),
        passed: exposed.is_empty(),
        detail: if exposed.is_empty() { "no suppressed cell is pinned to a single value".into() } else { exposed.join("; ") },
    });
    audit
}

/// Bounds an attacker can place on every cell (rows x columns) and row total.
pub struct AttackBounds {
    pub cells: Vec<Vec<(i64, i64)>>,
    pub row_totals: Vec<(i64, i64)>,
}

const UNBOUNDED: i64 = 1 << 40;

/// What a published cell tells an attacker who knows the rules: a rounded
/// value v came from v-2..v+2 and at least 10; a suppressed cell may be a
/// small count or a secondary suppression of any size, including zero.
fn known_range(cell: Cell) -> (i64, i64) {
    let half = (ROUNDING_BASE / 2) as i64;
    match cell {
        Cell::Value(0) => (0, 0),
        Cell::Value(v) => ((v as i64 - half).max(SUPPRESS_BELOW as i64), v as i64 + half),
        Cell::Suppressed => (0, UNBOUNDED),
    }
}

/// Interval propagation over every equation the published tables imply:
/// each row's cells sum to its total; each column's cells plus that column's
/// share of the unplaced records sum to the exact column total; the shares
/// sum to the unplaced count. Repeated until no bound moves.
pub fn attack(controlled: &ControlledTable, margins: &KnownMargins) -> AttackBounds {
    let rows = controlled.cells.len();
    let columns = margins.column_totals.len();
    // Variables: cells, then row totals, then column totals, then unplaced shares, then unplaced.
    let cell = |r: usize, c: usize| r * columns + c;
    let row_total = |r: usize| rows * columns + r;
    let column_total = |c: usize| rows * columns + rows + c;
    let share = |c: usize| rows * columns + rows + columns + c;
    let unplaced = rows * columns + rows + 2 * columns;
    let mut bounds = vec![(0i64, UNBOUNDED); unplaced + 1];
    for r in 0..rows {
        for c in 0..columns {
            bounds[cell(r, c)] = known_range(controlled.cells[r][c]);
        }
        bounds[row_total(r)] = known_range(controlled.row_totals[r]);
    }
    for c in 0..columns {
        let t = margins.column_totals[c] as i64;
        bounds[column_total(c)] = (t, t);
        bounds[share(c)] = (0, margins.unplaced as i64);
    }
    bounds[unplaced] = (margins.unplaced as i64, margins.unplaced as i64);

    // Each equation: the parts sum to the whole.
    let mut equations: Vec<(Vec<usize>, usize)> = Vec::new();
    for r in 0..rows {
        equations.push(((0..columns).map(|c| cell(r, c)).collect(), row_total(r)));
    }
    for c in 0..columns {
        let mut parts: Vec<usize> = (0..rows).map(|r| cell(r, c)).collect();
        parts.push(share(c));
        equations.push((parts, column_total(c)));
    }
    equations.push(((0..columns).map(share).collect(), unplaced));

    // Bounds only tighten, so this ends; consistent published data keeps every
    // lower bound at or below its upper bound.
    let mut moved = true;
    while moved {
        moved = false;
        for (parts, whole) in &equations {
            let low_sum: i64 = parts.iter().map(|&p| bounds[p].0).sum();
            let high_sum: i64 = parts.iter().map(|&p| bounds[p].1).sum();
            let (wl, wh) = bounds[*whole];
            let tightened = (wl.max(low_sum), wh.min(high_sum));
            if tightened != bounds[*whole] {
                bounds[*whole] = tightened;
                moved = true;
            }
            let (wl, wh) = bounds[*whole];
            for &p in parts {
                let (pl, ph) = bounds[p];
                let others_low = low_sum - pl;
                let others_high = high_sum - ph;
                let tightened = (pl.max(wl - others_high), ph.min(wh - others_low));
                if tightened != bounds[p] {
                    bounds[p] = tightened;
                    moved = true;
                }
            }
        }
        // Inconsistent tables (a publishing bug) would tighten forever; the
        // crossed bounds then fail the audit.
        if bounds.iter().any(|(low, high)| low > high) {
            break;
        }
    }
    AttackBounds {
        cells: (0..rows).map(|r| (0..columns).map(|c| bounds[cell(r, c)]).collect()).collect(),
        row_totals: (0..rows).map(|r| bounds[row_total(r)]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_totals(table: &[Vec<u64>]) -> Vec<u64> {
        (0..table[0].len()).map(|c| table.iter().map(|r| r[c]).sum()).collect()
    }

    #[test]
    fn rounding_to_five() {
        let cases = [(0, 0), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (102, 100), (103, 105)];
        for (x, rounded) in cases {
            assert_eq!(round_to_base(x), rounded, "{x}");
        }
    }

    #[test]
    fn primary_and_secondary_by_hand() {
        // The 3 is primary. Row 0 then has a lone suppression, so its smallest
        // other non-zero cell (12) is suppressed. Columns 0 and 1 each hold one
        // suppressed cell, so their smallest open cells in row 1 (20 and 30)
        // are suppressed too; row 1 then has two, and nothing is left alone.
        let table = vec![vec![3, 12, 40], vec![20, 30, 50]];
        let margins = KnownMargins { column_totals: column_totals(&table), unplaced: 0 };
        let (t, audit) = control(&table, &margins);
        use Cell::*;
        assert_eq!(t.cells, vec![vec![Suppressed, Suppressed, Value(40)], vec![Suppressed, Suppressed, Value(50)]]);
        assert_eq!(t.row_totals, vec![Value(55), Value(100)]);
        assert_eq!((audit.primary_suppressed, audit.secondary_suppressed), (1, 3));
        assert!(audit.passed(), "{:?}", audit.checks);
    }

    #[test]
    fn lone_suppression_would_be_recovered_without_secondary() {
        // Publish the 3 as [c] but everything else exactly (a broken publisher):
        // the attack recovers it from the exact column total.
        let table = vec![vec![3, 40], vec![20, 30]];
        let margins = KnownMargins { column_totals: column_totals(&table), unplaced: 0 };
        let naive = ControlledTable {
            cells: vec![vec![Cell::Suppressed, Cell::Value(40)], vec![Cell::Value(20), Cell::Value(30)]],
            row_totals: vec![Cell::Value(45), Cell::Value(50)],
            kinds: vec![vec![Suppression::Primary, Suppression::None], vec![Suppression::None; 2]],
            row_total_kinds: vec![Suppression::None; 2],
        };
        // Column 0 total is exactly 23; row 1 column 0 is 20 +/- 2, so the
        // suppressed cell is within 1..5 — then row 0: 45 +/- 2 minus 40 +/- 2.
        let bounds = attack(&naive, &margins);
        let (lo, hi) = bounds.cells[0][0];
        assert!(hi - lo + 1 < 9, "the attack must narrow the cell: {lo}..{hi}");
        // The real control suppresses enough to keep it protected.
        let (_, audit) = control(&table, &margins);
        assert!(audit.passed(), "{:?}", audit.checks);
    }

    #[test]
    fn unplaced_records_are_part_of_the_margins() {
        let table = vec![vec![0, 5], vec![0, 0]];
        let margins = KnownMargins { column_totals: vec![2, 5], unplaced: 2 };
        let (t, audit) = control(&table, &margins);
        // Row 0: the 5 and its total 5 are both primary. Column 1 holds the 5
        // alone and no other non-zero cell, so row 1's zero is suppressed with
        // it; row 1 then has a lone suppression, so its total is suppressed.
        assert_eq!(t.cells, vec![vec![Cell::Value(0), Cell::Suppressed], vec![Cell::Value(0), Cell::Suppressed]]);
        assert_eq!(t.row_totals, vec![Cell::Suppressed, Cell::Suppressed]);
        // The attacker knows column 1 sums to 5 with up to 2 unplaced, but not
        // how it splits between the two wards: either cell may be 0 to 5.
        let bounds = attack(&t, &margins);
        assert_eq!(bounds.cells[0][1], (0, 5));
        assert_eq!(bounds.cells[1][1], (0, 5));
        assert!(audit.passed(), "{:?}", audit.checks);
        assert_eq!(Cell::parse("[c]"), Some(Cell::Suppressed));
        assert_eq!(Cell::Suppressed.text(), "[c]");
    }
}
