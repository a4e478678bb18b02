//! Statistical disclosure control of published counts about people below
//! force level (e.g. stop and search by ward and ethnic group).
//!
//! The engine controls a hierarchical table: wards, each in one district, by
//! column (ethnic group) with row totals; districts are sums of their wards;
//! the force's column totals are published exactly (force-level files) and
//! include records placed in no ward. It returns a controlled ward table and a
//! controlled district table that are protected together.
//!
//! Rules (the product's; a hard rule of the publishing step):
//! 1. Primary suppression: a count from 1 to 9 is published as `[c]` — ward
//!    and district cells and row totals alike.
//! 2. Rounding: every other count is rounded to the nearest 5 (0 stays 0).
//! 3. Secondary suppression, across the whole hierarchy: every relation an
//!    attacker can write down — ward cells sum to the ward total; wards sum to
//!    their district, column by column and in the total column; district
//!    cells sum to the district total; districts sum to the exact force total
//!    less the records in no ward — is a line. The published tables are
//!    protected when, for every suppressed cell, two tables consistent with
//!    everything published differ in that cell by at least 2 (three possible
//!    values) — or by all the exact force totals allow, e.g. 0 or 1 in a
//!    column with one person — where the alternatives only move suppressed
//!    cells and keep them at 0 or more. Those alternatives are circulations in a network (below),
//!    so the engine measures each suppressed cell's room with a small max
//!    flow, and where it is short it suppresses the cheapest extra cells that
//!    open a cycle through it (a shortest path). This is the classical
//!    network-flow method for one-hierarchy two-dimensional tables.
//! 4. Row totals are controlled too ("line rule"): where the rounding slack of
//!    a published total cannot protect the `[c]` cells of its line — an
//!    attacker who guesses every `[c]` of the line is a primary count (1 or
//!    more) must still have at least three values for each — the total (or
//!    another non-zero cell of the line) is suppressed. This is what stops
//!    `0,0,[c],10,0,[c]` with total 10 pinning both `[c]` to 1.
//! 5. Where several cells would do equally well (in particular the zero cell
//!    that partners a lone person in a column), the choice is pseudo-random,
//!    keyed by a hash of the unpublished exact counts (`ChoiceKey`). A rule
//!    such as "the zero cell of the ward with most records" can be re-run by
//!    anyone from the published figures, which tells an attacker which `[c]`
//!    is the partner and so where the person is; a keyed hash cannot be re-run
//!    without the exact counts, yet the build stays byte-identical.
//!
//! The independent audit (an integer/linear programming attack on what is
//! published) lives in `harm-prep` so the solver stays out of the site.
//!
//! The network: nodes are a root, one node per force column (and the total
//! column), one per district and column (and total), and one per ward. Every
//! count is an edge, and the table's relations are exactly flow conservation:
//! `root -> F(total)` (force total), `F(total) -> D(d,total)` (district
//! total), `D(d,total) -> W(w)` (ward total), `W(w) -> D(d,c)` (ward cell),
//! `D(d,c) -> F(c)` (district cell), `F(c) -> root` (force cell). (A
//! district's row relation is implied by the others.) Changing suppressed
//! counts without changing anything published is a circulation on suppressed
//! edges, and how far one cell can move is a max flow around it.

use crate::csv_rows::MAX_EXACT_COUNT;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub const SUPPRESS_BELOW: u64 = 10;
pub const ROUNDING_BASE: u64 = 5;
/// A suppressed cell counts as protected while its feasible values span at
/// least this much (max - min), i.e. three possible values.
pub const MIN_RANGE: u64 = 2;

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

    /// Reads a published cell; `None` unless it is `[c]` or a count of at
    /// most 2^53 (every count the dataset sums must stay exact, and a larger
    /// one overflowed the bounds an attacker learns).
    pub fn parse(text: &str) -> Option<Cell> {
        match text.trim() {
            "[c]" => Some(Cell::Suppressed),
            t => t.parse().ok().filter(|&v| v <= MAX_EXACT_COUNT).map(Cell::Value),
        }
    }

    pub fn value(self) -> Option<u64> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed => None,
        }
    }

    /// What an attacker who knows the rules learns from this cell alone: a
    /// published 0 is exactly 0; a published v came from v-2..v+2 and was at
    /// least 10 (smaller counts are suppressed); `[c]` may be a primary count
    /// (1-9) or a secondary suppression of any size, including 0, so it only
    /// says "0 or more" (`None` for no upper bound).
    pub fn attacker_bounds(self) -> (u64, Option<u64>) {
        let half = ROUNDING_BASE / 2;
        match self {
            Cell::Value(0) => (0, Some(0)),
            Cell::Value(v) => (v.saturating_sub(half).max(SUPPRESS_BELOW), Some(v + half)),
            Cell::Suppressed => (0, None),
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

/// The two levels of a hierarchical table (the force level is published
/// exactly and never controlled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableLevel {
    Ward,
    District,
}

/// One published count of a hierarchical table: a cell (`column: Some(c)`)
/// or a row total (`column: None`) of the ward or the district table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellRef {
    pub level: TableLevel,
    pub row: usize,
    pub column: Option<usize>,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            TableLevel::Ward => "ward",
            TableLevel::District => "district",
        };
        match self.column {
            Some(c) => write!(f, "{level} row {} column {c}", self.row),
            None => write!(f, "{level} row {} total", self.row),
        }
    }
}

/// The exact counts to publish: wards x columns, the district of each ward,
/// and the force-level column totals (published exactly elsewhere), which
/// also count `unplaced` records that are in no ward.
#[derive(Debug, Clone, PartialEq)]
pub struct HierarchicalTable {
    /// District index (0..districts) of every ward.
    pub district_of_ward: Vec<usize>,
    pub districts: usize,
    /// Exact counts, wards x columns.
    pub wards: Vec<Vec<u64>>,
    /// Exact force column totals, including unplaced records.
    pub force_totals: Vec<u64>,
    /// Records of each column in `force_totals` but in no ward. The engine and
    /// the audit assume an attacker knows this split (the cautious choice), so
    /// the force totals less these are exact totals of the district table.
    pub unplaced: Vec<u64>,
}

impl HierarchicalTable {
    pub fn columns(&self) -> usize {
        self.force_totals.len()
    }

    /// Exact column totals of the records placed in wards.
    pub fn placed_totals(&self) -> Vec<u64> {
        self.force_totals.iter().zip(&self.unplaced).map(|(t, u)| t.saturating_sub(*u)).collect()
    }

    /// District x column sums of the wards.
    pub fn district_counts(&self) -> Vec<Vec<u64>> {
        let mut sums = vec![vec![0; self.columns()]; self.districts];
        for (row, &d) in self.wards.iter().zip(&self.district_of_ward) {
            for (s, x) in sums[d].iter_mut().zip(row) {
                *s += x;
            }
        }
        sums
    }

    pub fn validate(&self) -> Result<(), ControlError> {
        let columns = self.columns();
        let bad = |m: String| Err(ControlError::Inconsistent(m));
        if self.unplaced.len() != columns {
            return bad(format!("{} unplaced counts for {columns} columns", self.unplaced.len()));
        }
        if self.district_of_ward.len() != self.wards.len() {
            return bad(format!("{} district indices for {} wards", self.district_of_ward.len(), self.wards.len()));
        }
        if let Some(w) = self.wards.iter().position(|r| r.len() != columns) {
            return bad(format!("ward row {w} has {} columns, not {columns}", self.wards[w].len()));
        }
        if let Some(w) = self.district_of_ward.iter().position(|&d| d >= self.districts) {
            return bad(format!("ward row {w} is in district {} of {}", self.district_of_ward[w], self.districts));
        }
        for c in 0..columns {
            let placed: u64 = self.wards.iter().map(|r| r[c]).sum();
            if placed + self.unplaced[c] != self.force_totals[c] {
                return bad(format!(
                    "column {c}: {placed} in wards and {} unplaced, but the force total is {}",
                    self.unplaced[c], self.force_totals[c]
                ));
            }
        }
        Ok(())
    }
}

/// The key of the engine's pseudo-random choices: SipHash-2-4 keys derived
/// from the exact (unpublished) counts. Deterministic, so a build is
/// byte-identical, but not computable from anything published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceKey {
    k0: u64,
    k1: u64,
}

impl ChoiceKey {
    pub fn new(k0: u64, k1: u64) -> Self {
        ChoiceKey { k0, k1 }
    }

    /// Derives the key from every exact count of the table (ward cells and
    /// the unplaced split), which are never published as such.
    pub fn from_exact_counts(table: &HierarchicalTable) -> Self {
        let words: Vec<u64> = [table.wards.len() as u64, table.columns() as u64]
            .into_iter()
            .chain(table.wards.iter().flatten().copied())
            .chain(table.unplaced.iter().copied())
            .collect();
        ChoiceKey::new(0, 0).mixed(&words)
    }

    /// A key that also depends on more unpublished material, e.g. the exact
    /// counts of every other table of the force. Any deterministic choice is
    /// a function of the exact counts, so an attacker who could list every
    /// exact table consistent with what is published could in principle
    /// drop those that would not give the published pattern; the more secret
    /// material in the key, the less such a guess is worth.
    pub fn mixed(self, words: &[u64]) -> Self {
        ChoiceKey {
            k0: siphash24(self.k0, self.k1, &[&[0x6b30][..], words].concat()),
            k1: siphash24(self.k0, self.k1, &[&[0x6b31][..], words].concat()),
        }
    }

    /// A pseudo-random number for the given words.
    pub fn hash(&self, words: &[u64]) -> u64 {
        siphash24(self.k0, self.k1, words)
    }
}

/// SipHash-2-4 of the little-endian bytes of `words` (the reference
/// algorithm, so its output is fixed across platforms and compiler versions,
/// unlike `std`'s `DefaultHasher`).
pub fn siphash24(k0: u64, k1: u64, words: &[u64]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    for &m in words {
        v[3] ^= m;
        round(&mut v);
        round(&mut v);
        v[0] ^= m;
    }
    let last = ((words.len() as u64 * 8) & 0xff) << 56;
    v[3] ^= last;
    round(&mut v);
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for _ in 0..4 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// One controlled table (wards or districts).
#[derive(Debug, Clone, PartialEq)]
pub struct ControlledTable {
    /// Rows x columns of published cells.
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub kinds: Vec<Vec<Suppression>>,
    pub row_total_kinds: Vec<Suppression>,
}

impl ControlledTable {
    pub fn published(&self) -> PublishedTable {
        PublishedTable { cells: self.cells.clone(), row_totals: self.row_totals.clone() }
    }
}

/// Published cells of one table: what an attacker sees.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedTable {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
}

/// Everything published about one hierarchical table: the ward and district
/// tables and the exact column totals of the records in wards (force totals
/// less unplaced records). The audit's input; also built by hand in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedHierarchy {
    pub district_of_ward: Vec<usize>,
    pub wards: PublishedTable,
    pub districts: PublishedTable,
    pub placed_totals: Vec<u64>,
}

impl PublishedHierarchy {
    pub fn columns(&self) -> usize {
        self.placed_totals.len()
    }

    pub fn cell(&self, at: CellRef) -> Cell {
        let table = match at.level {
            TableLevel::Ward => &self.wards,
            TableLevel::District => &self.districts,
        };
        match at.column {
            Some(c) => table.cells[at.row][c],
            None => table.row_totals[at.row],
        }
    }

    /// Every cell and row total of both tables, wards first.
    pub fn cell_refs(&self) -> Vec<CellRef> {
        let mut refs = Vec::new();
        for (level, rows) in [(TableLevel::Ward, self.wards.cells.len()), (TableLevel::District, self.districts.cells.len())] {
            for row in 0..rows {
                refs.extend((0..self.columns()).map(|c| CellRef { level, row, column: Some(c) }));
                refs.push(CellRef { level, row, column: None });
            }
        }
        refs
    }

    /// The range of a cell implied by the exact force-level totals alone:
    /// 0 up to its column's total, or exactly that total where the cell's row
    /// is the only one at its level. Narrower ranges are what publishing the
    /// tables below force level gives away.
    pub fn a_priori(&self, at: CellRef) -> (u64, u64) {
        let total = match at.column {
            Some(c) => self.placed_totals[c],
            None => self.placed_totals.iter().sum(),
        };
        let rows = match at.level {
            TableLevel::Ward => self.wards.cells.len(),
            TableLevel::District => self.districts.cells.len(),
        };
        if rows == 1 {
            (total, total)
        } else {
            (0, total)
        }
    }

    /// The protection a suppressed cell needs: a range of `MIN_RANGE`, or all
    /// the force totals allow where that is less (a column with one person:
    /// 0 or 1 in every ward, which the force total already says).
    pub fn required_range(&self, at: CellRef) -> u64 {
        let (lo, hi) = self.a_priori(at);
        MIN_RANGE.min(hi - lo)
    }
}

/// The result of controlling a hierarchical table.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlledHierarchy {
    pub wards: ControlledTable,
    pub districts: ControlledTable,
    pub ward_audit: Audit,
    pub district_audit: Audit,
    pub district_of_ward: Vec<usize>,
    pub placed_totals: Vec<u64>,
}

impl ControlledHierarchy {
    pub fn published(&self) -> PublishedHierarchy {
        PublishedHierarchy {
            district_of_ward: self.district_of_ward.clone(),
            wards: self.wards.published(),
            districts: self.districts.published(),
            placed_totals: self.placed_totals.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ControlError {
    #[error("inconsistent table: {0}")]
    Inconsistent(String),
    #[error("{cell} cannot be protected: {detail}")]
    Unprotectable { cell: CellRef, detail: String },
}

/// Counts and checks of one controlled table.
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

// ---------------------------------------------------------------------------
// The engine.

/// Relative cost of suppressing one more count of each kind: a ward cell is
/// cheapest; a district figure, seen by more readers, dearest.
fn kind_weight(cell: CellRef) -> u64 {
    match (cell.level, cell.column) {
        (TableLevel::Ward, Some(_)) => 2,
        (TableLevel::Ward, None) => 3,
        (TableLevel::District, Some(_)) => 4,
        (TableLevel::District, None) => 5,
    }
}

/// Pseudo-random part of a cost, in 0..JITTER.
const JITTER: u64 = 16;
/// Size part of a cost for a zero cell: as if about 10, so zeros (which
/// readers value) are not the first choice, and all zeros cost the same.
const ZERO_SIZE_CLASS: u64 = 4;

/// The cost of suppressing one more count: mostly the number of counts
/// suppressed (each at least 32), then a mild information-loss term (bits
/// of the count), then the keyed pseudo-random part, which decides between
/// otherwise similar choices — never the size of a ward.
fn suppression_cost(cell: CellRef, value: u64, key: &ChoiceKey) -> u64 {
    let size_class = if value == 0 { ZERO_SIZE_CLASS } else { 64 - u64::from(value.leading_zeros()) };
    let level = match cell.level {
        TableLevel::Ward => 1,
        TableLevel::District => 2,
    };
    let column = cell.column.map_or(0, |c| c as u64 + 1);
    kind_weight(cell) * (16 + size_class) + key.hash(&[level, cell.row as u64, column]) % JITTER
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// A force-level figure, published exactly: never suppressed.
    Fixed,
    Published,
    Suppressed(Suppression),
}

#[derive(Debug, Clone)]
struct Edge {
    from: usize,
    to: usize,
    value: u64,
    cell: Option<CellRef>,
    cost: u64,
}

/// A relation "parts sum to whole" an attacker can write down.
struct Line {
    parts: Vec<usize>,
    whole: usize,
}

struct Network {
    nodes: usize,
    edges: Vec<Edge>,
    /// Edges at each node.
    incident: Vec<Vec<usize>>,
    state: Vec<State>,
    lines: Vec<Line>,
    /// Protection each edge needs when suppressed.
    required: Vec<u64>,
}

const INFINITE: i64 = i64::MAX / 4;

impl Network {
    fn build(table: &HierarchicalTable, key: &ChoiceKey) -> Network {
        let columns = table.columns();
        let districts = table.districts;
        let wards = table.wards.len();
        let placed = table.placed_totals();
        let grand: u64 = placed.iter().sum();
        let district_counts = table.district_counts();
        let root = 0;
        let force = |c: usize| 1 + c; // c == columns: the total column
        let district = |d: usize, c: usize| 1 + (columns + 1) * (1 + d) + c;
        let ward = |w: usize| 1 + (columns + 1) * (1 + districts) + w;
        let nodes = 1 + (columns + 1) * (1 + districts) + wards;

        let published = PublishedHierarchy {
            district_of_ward: table.district_of_ward.clone(),
            wards: PublishedTable { cells: vec![vec![Cell::Suppressed; columns]; wards], row_totals: vec![Cell::Suppressed; wards] },
            districts: PublishedTable {
                cells: vec![vec![Cell::Suppressed; columns]; districts],
                row_totals: vec![Cell::Suppressed; districts],
            },
            placed_totals: placed.clone(),
        };
        let mut net =
            Network { nodes, edges: Vec::new(), incident: vec![Vec::new(); nodes], state: Vec::new(), lines: Vec::new(), required: Vec::new() };
        let add = |net: &mut Network, from: usize, to: usize, value: u64, cell: Option<CellRef>| {
            let index = net.edges.len();
            let cost = cell.map_or(0, |c| suppression_cost(c, value, key));
            net.edges.push(Edge { from, to, value, cell, cost });
            net.incident[from].push(index);
            net.incident[to].push(index);
            net.state.push(match cell {
                None => State::Fixed,
                Some(_) if (1..SUPPRESS_BELOW).contains(&value) => State::Suppressed(Suppression::Primary),
                Some(_) => State::Published,
            });
            net.required.push(cell.map_or(0, |c| published.required_range(c)));
            index
        };
        let at = |level, row, column| Some(CellRef { level, row, column });
        // Edge indices, so lines can be listed.
        let force_total = add(&mut net, root, force(columns), grand, None);
        let force_cells: Vec<usize> = (0..columns).map(|c| add(&mut net, force(c), root, placed[c], None)).collect();
        let district_totals: Vec<usize> = (0..districts)
            .map(|d| add(&mut net, force(columns), district(d, columns), district_counts[d].iter().sum(), at(TableLevel::District, d, None)))
            .collect();
        let district_cells: Vec<Vec<usize>> = (0..districts)
            .map(|d| {
                (0..columns)
                    .map(|c| add(&mut net, district(d, c), force(c), district_counts[d][c], at(TableLevel::District, d, Some(c))))
                    .collect()
            })
            .collect();
        let ward_totals: Vec<usize> = (0..wards)
            .map(|w| {
                let d = table.district_of_ward[w];
                add(&mut net, district(d, columns), ward(w), table.wards[w].iter().sum(), at(TableLevel::Ward, w, None))
            })
            .collect();
        let ward_cells: Vec<Vec<usize>> = (0..wards)
            .map(|w| {
                let d = table.district_of_ward[w];
                (0..columns).map(|c| add(&mut net, ward(w), district(d, c), table.wards[w][c], at(TableLevel::Ward, w, Some(c)))).collect()
            })
            .collect();

        let mut lines = Vec::new();
        for w in 0..wards {
            lines.push(Line { parts: ward_cells[w].clone(), whole: ward_totals[w] });
        }
        for d in 0..districts {
            lines.push(Line { parts: district_cells[d].clone(), whole: district_totals[d] });
            let members: Vec<usize> = (0..wards).filter(|&w| table.district_of_ward[w] == d).collect();
            for c in 0..columns {
                lines.push(Line { parts: members.iter().map(|&w| ward_cells[w][c]).collect(), whole: district_cells[d][c] });
            }
            lines.push(Line { parts: members.iter().map(|&w| ward_totals[w]).collect(), whole: district_totals[d] });
        }
        for c in 0..columns {
            lines.push(Line { parts: (0..districts).map(|d| district_cells[d][c]).collect(), whole: force_cells[c] });
        }
        lines.push(Line { parts: district_totals.clone(), whole: force_total });
        net.lines = lines;
        net
    }

    fn suppressed(&self, e: usize) -> bool {
        matches!(self.state[e], State::Suppressed(_))
    }

    /// The attacker's bounds on a count from its own published value.
    fn published_bounds(&self, e: usize) -> (u64, u64) {
        let v = self.edges[e].value;
        match self.state[e] {
            State::Fixed => (v, v),
            _ => {
                let (lo, hi) = Cell::Value(round_to_base(v)).attacker_bounds();
                (lo, hi.unwrap_or(u64::MAX))
            }
        }
    }

    /// Rule 4. A line whose whole is published bounds the sum of its `[c]`
    /// parts by the whole's upper bound less the published parts' lower
    /// bounds. For an attacker who takes every `[c]` for a primary count, so
    /// at least one, that bound must leave each at least three values; where
    /// it does not, the cheapest of the whole and the line's published
    /// non-zero parts is suppressed. Returns whether anything changed.
    fn apply_line_rule(&mut self) -> bool {
        let mut changed = false;
        for l in 0..self.lines.len() {
            loop {
                let line = &self.lines[l];
                if self.suppressed(line.whole) {
                    break;
                }
                let k = line.parts.iter().filter(|&&p| self.suppressed(p)).count() as u64;
                if k == 0 {
                    break;
                }
                let published_low: u64 = line.parts.iter().filter(|&&p| !self.suppressed(p)).map(|&p| self.published_bounds(p).0).sum();
                let room = self.published_bounds(line.whole).1.saturating_sub(published_low);
                if room >= k + MIN_RANGE {
                    break;
                }
                let candidate = std::iter::once(line.whole)
                    .chain(line.parts.iter().copied())
                    .filter(|&e| self.state[e] == State::Published && round_to_base(self.edges[e].value) > 0)
                    .min_by_key(|&e| (self.edges[e].cost, e));
                match candidate {
                    Some(e) => {
                        self.state[e] = State::Suppressed(Suppression::Secondary);
                        changed = true;
                    }
                    // Nothing left to suppress (e.g. a force total, exact by
                    // policy): rule 3 still guarantees the real protection.
                    None => break,
                }
            }
        }
        changed
    }

    /// Residual moves from `node`: (edge, next node, increases the edge?).
    fn moves(&self, node: usize, e: usize) -> (usize, bool) {
        let edge = &self.edges[e];
        if edge.from == node {
            (edge.to, true)
        } else {
            (edge.from, false)
        }
    }

    fn residual(&self, e: usize, increase: bool, delta: &[i64]) -> i64 {
        if increase {
            INFINITE
        } else {
            self.edges[e].value as i64 + delta[e]
        }
    }

    /// Max flow from `s` to `t`, up to `cap`, over suppressed edges other
    /// than `skip`, adding the flow to `delta`. Each unit is one alternative
    /// table (a circulation through `skip`).
    fn max_flow(&self, skip: usize, s: usize, t: usize, cap: u64, delta: &mut [i64]) -> u64 {
        let mut flow = 0;
        while flow < cap {
            let Some(path) = self.path(skip, s, t, delta, false) else { break };
            let bottleneck = path.iter().map(|&(e, inc)| self.residual(e, inc, delta)).min().unwrap_or(INFINITE);
            let push = bottleneck.min((cap - flow) as i64);
            for &(e, inc) in &path {
                delta[e] += if inc { push } else { -push };
            }
            flow += push as u64;
        }
        flow
    }

    /// Cheapest residual path from `s` to `t` avoiding `skip`: over suppressed
    /// edges only (cost 0), or also over published ones at the cost of
    /// suppressing them (`extend`). Dijkstra with ties broken by node index.
    fn path(&self, skip: usize, s: usize, t: usize, delta: &[i64], extend: bool) -> Option<Vec<(usize, bool)>> {
        let mut best = vec![u64::MAX; self.nodes];
        let mut came: Vec<Option<(usize, bool, usize)>> = vec![None; self.nodes];
        let mut heap = BinaryHeap::new();
        best[s] = 0;
        heap.push(Reverse((0u64, s)));
        while let Some(Reverse((cost, node))) = heap.pop() {
            if cost > best[node] {
                continue;
            }
            if node == t {
                break;
            }
            for &e in &self.incident[node] {
                if e == skip {
                    continue;
                }
                let step = match self.state[e] {
                    State::Suppressed(_) => 0,
                    State::Published if extend => self.edges[e].cost,
                    _ => continue,
                };
                let (next, inc) = self.moves(node, e);
                if self.residual(e, inc, delta) <= 0 {
                    continue;
                }
                let reached = cost + step;
                if reached < best[next] {
                    best[next] = reached;
                    came[next] = Some((e, inc, node));
                    heap.push(Reverse((reached, next)));
                }
            }
        }
        if best[t] == u64::MAX {
            return None;
        }
        let mut path = Vec::new();
        let mut node = t;
        while node != s {
            let (e, inc, previous) = came[node].expect("reached nodes have a predecessor");
            path.push((e, inc));
            node = previous;
        }
        path.reverse();
        Some(path)
    }

    fn path_cost(&self, path: &[(usize, bool)]) -> u64 {
        path.iter().filter(|(e, _)| self.state[*e] == State::Published).map(|(e, _)| self.edges[*e].cost).sum()
    }

    /// How far suppressed edge `e` can move up and down by changing suppressed
    /// counts only (capped at `MIN_RANGE` each way), with the flows found.
    fn room(&self, e: usize) -> (u64, u64, Vec<i64>, Vec<i64>) {
        let edge = &self.edges[e];
        let mut up_delta = vec![0; self.edges.len()];
        let mut down_delta = vec![0; self.edges.len()];
        // Up: one more unit along e, returned from its head to its tail.
        let up = self.max_flow(e, edge.to, edge.from, MIN_RANGE, &mut up_delta);
        let down = self.max_flow(e, edge.from, edge.to, MIN_RANGE.min(edge.value), &mut down_delta);
        (up, down, up_delta, down_delta)
    }

    /// Rule 3 for one suppressed edge: suppresses the cheapest extra cells
    /// until it can move by its required range. Returns whether anything
    /// changed.
    fn protect(&mut self, e: usize) -> Result<bool, ControlError> {
        let mut changed = false;
        loop {
            let (up, down, up_delta, down_delta) = self.room(e);
            if up + down >= self.required[e] {
                return Ok(changed);
            }
            let edge = &self.edges[e];
            let up_path = self.path(e, edge.to, edge.from, &up_delta, true);
            let down_path = if down < MIN_RANGE.min(edge.value) { self.path(e, edge.from, edge.to, &down_delta, true) } else { None };
            let chosen = match (up_path, down_path) {
                (Some(u), Some(d)) => {
                    if self.path_cost(&d) < self.path_cost(&u) {
                        d
                    } else {
                        u
                    }
                }
                (Some(p), None) | (None, Some(p)) => p,
                (None, None) => {
                    return Err(ControlError::Unprotectable {
                        cell: edge.cell.expect("only published cells are suppressed"),
                        detail: format!(
                            "no other counts can change with it (it can move {up} up and {down} down; {} needed)",
                            self.required[e]
                        ),
                    })
                }
            };
            for (f, _) in chosen {
                if self.state[f] == State::Published {
                    self.state[f] = State::Suppressed(Suppression::Secondary);
                    changed = true;
                }
            }
        }
    }
}

/// Applies the rules to the hierarchical table: returns the controlled ward
/// and district tables and their counts, or an error naming a cell that no
/// suppression pattern can protect (e.g. a whole force in one ward).
///
/// Order: primary suppression; then, until nothing changes, the line rule
/// (4) and the protection of every suppressed count (3), district figures
/// before ward figures.
pub fn control_hierarchy(table: &HierarchicalTable, key: &ChoiceKey) -> Result<ControlledHierarchy, ControlError> {
    table.validate()?;
    let mut net = Network::build(table, key);
    loop {
        let mut changed = net.apply_line_rule();
        for e in 0..net.edges.len() {
            if net.suppressed(e) {
                changed |= net.protect(e)?;
            }
        }
        if !changed {
            break;
        }
    }

    let columns = table.columns();
    let blank = |rows: usize| ControlledTable {
        cells: vec![vec![Cell::Value(0); columns]; rows],
        row_totals: vec![Cell::Value(0); rows],
        kinds: vec![vec![Suppression::None; columns]; rows],
        row_total_kinds: vec![Suppression::None; rows],
    };
    let mut wards = blank(table.wards.len());
    let mut districts = blank(table.districts);
    let mut room_ok = true;
    let mut short = Vec::new();
    for (e, edge) in net.edges.iter().enumerate() {
        let Some(at) = edge.cell else { continue };
        let (cell, kind) = match net.state[e] {
            State::Suppressed(kind) => {
                let (up, down, _, _) = net.room(e);
                if up + down < net.required[e] {
                    room_ok = false;
                    short.push(at.to_string());
                }
                (Cell::Suppressed, kind)
            }
            _ => (Cell::Value(round_to_base(edge.value)), Suppression::None),
        };
        let t = match at.level {
            TableLevel::Ward => &mut wards,
            TableLevel::District => &mut districts,
        };
        match at.column {
            Some(c) => {
                t.cells[at.row][c] = cell;
                t.kinds[at.row][c] = kind;
            }
            None => {
                t.row_totals[at.row] = cell;
                t.row_total_kinds[at.row] = kind;
            }
        }
    }
    let check = AuditCheck {
        check: "every suppressed count can move by 2 (or all the force totals allow) without changing anything published".into(),
        passed: room_ok,
        detail: if room_ok { "shown by a max flow over suppressed counts for each".into() } else { short.join("; ") },
    };
    let ward_audit = count(&wards, check.clone());
    let district_audit = count(&districts, check);
    Ok(ControlledHierarchy {
        wards,
        districts,
        ward_audit,
        district_audit,
        district_of_ward: table.district_of_ward.clone(),
        placed_totals: table.placed_totals(),
    })
}

fn count(table: &ControlledTable, protection: AuditCheck) -> Audit {
    let all_kinds = table.kinds.iter().flatten().chain(&table.row_total_kinds);
    let all_cells: Vec<Cell> = table.cells.iter().flatten().chain(&table.row_totals).copied().collect();
    let small = all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if (1..SUPPRESS_BELOW).contains(v))).count();
    let unrounded = all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if v % ROUNDING_BASE != 0)).count();
    Audit {
        cells: all_cells.len(),
        primary_suppressed: all_kinds.clone().filter(|k| **k == Suppression::Primary).count(),
        secondary_suppressed: all_kinds.filter(|k| **k == Suppression::Secondary).count(),
        rounded: all_cells.iter().filter(|c| matches!(c, Cell::Value(v) if *v > 0)).count(),
        zeros: all_cells.iter().filter(|c| **c == Cell::Value(0)).count(),
        checks: vec![
            AuditCheck {
                check: "no published count is between 1 and 9".into(),
                passed: small == 0,
                detail: format!("{small} published counts between 1 and 9"),
            },
            AuditCheck {
                check: "every published count is a multiple of 5".into(),
                passed: unrounded == 0,
                detail: format!("{unrounded} published counts not a multiple of 5"),
            },
            protection,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table's published rows as "cells | total".
    fn rows(t: &ControlledTable) -> Vec<String> {
        t.cells
            .iter()
            .zip(&t.row_totals)
            .map(|(row, total)| format!("{} | {}", row.iter().map(|c| c.text()).collect::<Vec<_>>().join(","), total.text()))
            .collect()
    }

    fn table(district_of_ward: Vec<usize>, wards: Vec<Vec<u64>>) -> HierarchicalTable {
        let columns = wards[0].len();
        HierarchicalTable {
            districts: district_of_ward.iter().max().unwrap() + 1,
            district_of_ward,
            force_totals: (0..columns).map(|c| wards.iter().map(|r| r[c]).sum()).collect(),
            unplaced: vec![0; columns],
            wards,
        }
    }

    fn control(t: &HierarchicalTable) -> ControlledHierarchy {
        control_hierarchy(t, &ChoiceKey::from_exact_counts(t)).unwrap()
    }

    #[test]
    fn rounding_to_five() {
        let cases = [(0, 0), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (102, 100), (103, 105)];
        for (x, rounded) in cases {
            assert_eq!(round_to_base(x), rounded, "{x}");
        }
    }

    #[test]
    fn what_a_published_cell_tells_an_attacker() {
        assert_eq!(Cell::Value(0).attacker_bounds(), (0, Some(0)));
        assert_eq!(Cell::Value(10).attacker_bounds(), (10, Some(12)));
        assert_eq!(Cell::Value(15).attacker_bounds(), (13, Some(17)));
        assert_eq!(Cell::Suppressed.attacker_bounds(), (0, None));
        assert_eq!(Cell::parse("[c]"), Some(Cell::Suppressed));
        assert_eq!(Cell::Suppressed.text(), "[c]");
    }

    #[test]
    fn siphash_is_the_reference_algorithm() {
        // The reference paper's key 00..0f and empty message.
        let (k0, k1) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(siphash24(k0, k1, &[]), 0x726f_db47_dd0e_0e31);
        // And std's (deprecated, but fixed) SipHash-2-4 on whole words.
        #[allow(deprecated)]
        for words in [vec![0u64], vec![1, 2, 3], vec![u64::MAX, 7, 0, 12_345]] {
            use std::hash::Hasher;
            let mut h = std::hash::SipHasher::new_with_keys(k0, k1);
            for w in &words {
                h.write(&w.to_le_bytes());
            }
            assert_eq!(siphash24(k0, k1, &words), h.finish(), "{words:?}");
        }
    }

    /// Two districts (A, B in the first; C, D in the second), two columns,
    /// worked by hand. Costs of suppressing one more count (before the 0-15
    /// keyed part): ward cell 2 x (16 + bits of the count), ward total 3 x,
    /// district cell 4 x, district total 5 x.
    #[test]
    fn first_period_by_hand() {
        // A [20, 3] = 23, B [60, 12] = 72 | C [30, 15] = 45, D [10, 20] = 30.
        // Districts [80, 15] = 95 and [40, 35] = 75; force [120, 50].
        // Primary: A's 3. Line rule: row A's published 20 (18 or more) and
        // total 25 (27 at most) leave the [c] 9, enough. Rule 3: the 3 needs a
        // cycle; the cheapest is the rectangle A, B x both columns: B's 12
        // (40), A's 20 (42) and B's 60 (44) = 126, plus at most 45 keyed,
        // against 172 for B's 12 with both ward totals (40 + 69 + 63) and far
        // more through the districts. Each of its counts can then move by 3
        // (A's 3 down, up to B's 12) — enough. Nothing else changes.
        let t = table(vec![0, 0, 1, 1], vec![vec![20, 3], vec![60, 12], vec![30, 15], vec![10, 20]]);
        let c = control(&t);
        assert_eq!(rows(&c.wards), ["[c],[c] | 25", "[c],[c] | 70", "30,15 | 45", "10,20 | 30"]);
        assert_eq!(rows(&c.districts), ["80,15 | 95", "40,35 | 75"]);
        use Suppression::*;
        assert_eq!(c.wards.kinds[0], [Secondary, Primary]);
        assert_eq!((c.ward_audit.primary_suppressed, c.ward_audit.secondary_suppressed), (1, 3));
        assert!(c.ward_audit.passed() && c.district_audit.passed());
    }

    #[test]
    fn second_period_by_hand() {
        // Same wards, next period, three columns:
        // A [1, 10, 1] = 12, B [20, 30, 12] = 62 | C [25, 40, 30], D [15, 35, 20].
        // Primary: A's two 1s. Line rule: the tester's row — published
        // [c],10,[c] with total 10 would give the [c]s at most 12 - 10 = 2
        // together, i.e. 1 and 1 to anyone who takes them for primary counts.
        // The cheapest of A's 10 (40) and A's total (60) is suppressed: the
        // 10. Rule 3: A's first 1 needs B's 20 and one of B's 30 or 12 (82-84,
        // a keyed choice); A's second 1 or A's 10 then needs the other, since
        // only B can balance A within the district (the totals and the
        // districts cost 168 or more). So B's cells are all suppressed,
        // whichever the key picks first, and every count has room.
        let t = table(vec![0, 0, 1, 1], vec![vec![1, 10, 1], vec![20, 30, 12], vec![25, 40, 30], vec![15, 35, 20]]);
        let c = control(&t);
        assert_eq!(rows(&c.wards), ["[c],[c],[c] | 10", "[c],[c],[c] | 60", "25,40,30 | 95", "15,35,20 | 70"]);
        assert_eq!(rows(&c.districts), ["20,40,15 | 75", "40,75,50 | 165"]);
        use Suppression::*;
        assert_eq!(c.wards.kinds[0], [Primary, Secondary, Primary]);
        assert!(c.ward_audit.passed() && c.district_audit.passed());
        // The result does not depend on the key here.
        for k in 0..8 {
            assert_eq!(control_hierarchy(&t, &ChoiceKey::new(k, 1)).unwrap().wards, c.wards, "key {k}");
        }
    }

    #[test]
    fn the_testers_row_is_not_published_as_it_was() {
        // Issue 7: "0,0,[c],10,0,[c]" with total 10 pinned both [c] to 1. The
        // same true row [0, 0, 1, 10, 0, 1] = 12 among other wards now has
        // its 10 or its total suppressed as well.
        let t = table(
            vec![0, 0, 0, 1, 1],
            vec![
                vec![0, 0, 1, 10, 0, 1],
                vec![12, 3, 14, 40, 2, 5],
                vec![20, 11, 4, 60, 0, 9],
                vec![30, 15, 12, 80, 6, 20],
                vec![25, 2, 16, 55, 10, 13],
            ],
        );
        let c = control(&t);
        let row = &rows(&c.wards)[0];
        assert_ne!(row, "0,0,[c],10,0,[c] | 10");
        let suppressed = c.wards.cells[0].iter().chain([&c.wards.row_totals[0]]).filter(|x| **x == Cell::Suppressed).count();
        assert!(suppressed >= 3, "{row}");
        // Every line with a published whole leaves its [c]s room for an
        // attacker who takes each for a count of 1 or more.
        let published = c.published();
        let lines: Vec<(Vec<Cell>, Cell)> = (0..5)
            .map(|w| (published.wards.cells[w].clone(), published.wards.row_totals[w]))
            .chain((0..2).map(|d| (published.districts.cells[d].clone(), published.districts.row_totals[d])))
            .collect();
        for (parts, whole) in lines {
            let Cell::Value(v) = whole else { continue };
            let k = parts.iter().filter(|p| **p == Cell::Suppressed).count() as u64;
            let low: u64 = parts.iter().filter(|p| **p != Cell::Suppressed).map(|p| p.attacker_bounds().0).sum();
            if k > 0 {
                assert!(Cell::Value(v).attacker_bounds().1.unwrap() - low >= k + MIN_RANGE, "{parts:?} | {whole:?}");
            }
        }
    }

    /// One person in column 1, in ward A of the first district. The first
    /// district's count of 1 is primary too, so the second district takes a
    /// zero partner, and so does one of its wards, D [20, 0] or E [40, 0]:
    /// which one is keyed on the exact counts, not the larger ward.
    fn lone_person(a0: u64) -> HierarchicalTable {
        table(vec![0, 0, 0, 1, 1], vec![vec![a0, 1], vec![25, 0], vec![30, 0], vec![20, 0], vec![40, 0]])
    }

    fn partner(c: &ControlledHierarchy) -> Vec<usize> {
        (3..5).filter(|&w| c.wards.cells[w][1] == Cell::Suppressed).collect()
    }

    #[test]
    fn the_zero_partner_is_keyed_not_the_largest_ward() {
        let mut chosen = std::collections::BTreeSet::new();
        // Several tables: a different count elsewhere gives another key.
        for a0 in 30..42 {
            let c = control(&lone_person(a0));
            let p = partner(&c);
            assert_eq!(p.len(), 1, "one zero partner in the second district");
            chosen.insert(p[0]);
            // The person's ward and the partner look alike: both rows fully suppressed.
            assert_eq!(rows(&c.wards)[0], "[c],[c] | [c]");
            assert_eq!(rows(&c.wards)[p[0]], "[c],[c] | [c]");
            assert_eq!(rows(&c.districts), ["[c],[c] | [c]", "[c],[c] | [c]"]);
            // The same table always gives the same choice.
            assert_eq!(control(&lone_person(a0)), c);
        }
        assert_eq!(chosen, [3, 4].into(), "both D and the larger E are chosen for some tables");
        // For one table, the key alone moves the partner.
        let t = lone_person(30);
        let by_key: std::collections::BTreeSet<Vec<usize>> =
            (0..12).map(|k| partner(&control_hierarchy(&t, &ChoiceKey::new(k, 7)).unwrap())).collect();
        assert_eq!(by_key.len(), 2, "{by_key:?}");
    }

    #[test]
    fn the_key_depends_on_unpublished_counts() {
        // Two tables that round and suppress alike but differ in exact counts.
        let a = table(vec![0, 0, 1, 1], vec![vec![20, 3], vec![60, 12], vec![30, 15], vec![10, 20]]);
        let mut b = a.clone();
        b.wards[2][0] = 31;
        b.force_totals[0] += 1;
        assert_ne!(ChoiceKey::from_exact_counts(&a), ChoiceKey::from_exact_counts(&b));
        assert_eq!(ChoiceKey::from_exact_counts(&a), ChoiceKey::from_exact_counts(&a.clone()));
        assert_ne!(ChoiceKey::from_exact_counts(&a).mixed(&[1]), ChoiceKey::from_exact_counts(&a));
    }

    #[test]
    fn unplaced_records_reduce_the_district_totals() {
        // Force totals [13, 5] with 3 and 1 in no ward: the districts sum to
        // [10, 4], the exact totals an attacker gets.
        let mut t = table(vec![0, 1, 1], vec![vec![5, 0], vec![3, 2], vec![2, 2]]);
        t.force_totals = vec![13, 5];
        t.unplaced = vec![3, 1];
        let c = control(&t);
        assert_eq!(c.placed_totals, [10, 4]);
        assert_eq!(t.district_counts(), [vec![5, 0], vec![5, 4]]);
        assert!(c.wards.cells.iter().flatten().all(|x| matches!(x, Cell::Suppressed | Cell::Value(0) | Cell::Value(10..))));
        assert!(c.ward_audit.passed() && c.district_audit.passed());
    }

    #[test]
    fn inconsistent_tables_are_refused() {
        let mut t = table(vec![0, 1], vec![vec![5, 0], vec![3, 2]]);
        t.force_totals[1] = 3;
        let e = control_hierarchy(&t, &ChoiceKey::new(0, 0)).unwrap_err();
        assert_eq!(e.to_string(), "inconsistent table: column 1: 2 in wards and 0 unplaced, but the force total is 3");
        let mut t = table(vec![0, 1], vec![vec![5, 0], vec![3, 2]]);
        t.district_of_ward[1] = 2;
        assert!(control_hierarchy(&t, &ChoiceKey::new(0, 0)).is_err());
    }

    #[test]
    fn required_range_follows_the_force_totals() {
        let t = lone_person(30);
        let p = control(&t).published();
        let cell = |level, row, column| CellRef { level, row, column };
        // Column 1 has one person: 0 or 1 is all the force total allows.
        assert_eq!(p.a_priori(cell(TableLevel::Ward, 0, Some(1))), (0, 1));
        assert_eq!(p.required_range(cell(TableLevel::Ward, 0, Some(1))), 1);
        assert_eq!(p.required_range(cell(TableLevel::Ward, 0, Some(0))), 2);
        assert_eq!(p.required_range(cell(TableLevel::District, 1, None)), 2);
    }
}
