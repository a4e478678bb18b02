//! The disclosure audit: an attack on what is published, by linear and
//! integer programming, independent of how the tables were controlled. The
//! build refuses to write tables this attack can narrow too far.
//!
//! The attacker knows the rules, every published cell and row total of the
//! ward and district tables of every table about the same people (a
//! period's self-defined and officer-defined tables count the same searches,
//! so each ward's and district's total is one unknown shared by both; see
//! [`attack_together`]), which wards make up each district, and the exact
//! force column totals of the records placed in wards (the force totals are
//! published exactly; the engine also assumes the split of records in no ward
//! is known, the cautious choice). Unknowns: every true ward and district
//! cell and row total, integers of 0 or more. What each published figure
//! says:
//! - a published 0 is exactly 0;
//! - a published v (a multiple of 5, at least 10) came from v-2..v+2 and,
//!   having been published, was at least 10;
//! - `[c]` is 0 or more and nothing else: it may be a primary count (1-9) or
//!   a secondary suppression of any size, including a zero partner, and the
//!   attacker cannot tell which (so no [1, 9] bound is assumed for any `[c]`);
//! - ward cells sum to their row total; wards sum to their district, column by
//!   column and in the total column; districts sum to the force totals.
//!
//! For each suppressed count the attack finds its feasible range [min, max].
//! Publication is refused where a range spans fewer than three values
//! (max - min < 2) or pins a count from 1 to 9 — unless the range is exactly
//! what the force totals alone imply (a column with one person: 0 or 1 in
//! every ward), which publishing the tables below force level does not
//! change.
//!
//! Method. The relations form a network (see `harm_core::disclosure`), so
//! the linear program's vertices are integral and its bounds are the integer
//! bounds; integer solves are still run, as a check, on every cell whose
//! linear range is short of what it needs. To stay within seconds on a table
//! of 261 wards x 7 columns: published zeros are dropped; a few linear
//! programs with pseudo-random objectives over all suppressed counts give
//! feasible tables (witnesses) whose spread already shows most counts wide
//! enough; only the rest get their own minimum and maximum.

use good_lp::{microlp, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};
use harm_core::disclosure::{siphash24, Cell, CellRef, TableLevel, PublishedHierarchy, MIN_RANGE, ROUNDING_BASE, SUPPRESS_BELOW};
use serde::Serialize;
use std::collections::BTreeMap;

/// Names for messages: the table, its wards, districts and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TableNames {
    pub table: String,
    pub wards: Vec<String>,
    pub districts: Vec<String>,
    pub columns: Vec<String>,
}

impl TableNames {
    pub fn describe(&self, at: CellRef) -> String {
        let (level, row) = match at.level {
            TableLevel::Ward => ("ward", self.wards.get(at.row)),
            TableLevel::District => ("district", self.districts.get(at.row)),
        };
        let row = row.cloned().unwrap_or_else(|| format!("row {}", at.row));
        let column = at.column.map_or("total".to_string(), |c| self.columns.get(c).cloned().unwrap_or_else(|| format!("column {c}")));
        format!("{level} {row}, {column}")
    }
}

/// Publication refused: the table, the count and what the attack found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("disclosure audit of {table}: {cell}: {reason}")]
pub struct AuditRefusal {
    pub table: String,
    pub cell: String,
    pub reason: String,
}

/// The narrowest feasible range of a suppressed count at one level (exact).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NarrowestRange {
    pub cell: String,
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelAttack {
    pub suppressed: usize,
    pub narrowest: Option<NarrowestRange>,
}

/// What the attack found (for `disclosure-audit.json`): deterministic, so
/// builds stay byte-identical.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackReport {
    pub method: &'static str,
    pub wards: LevelAttack,
    pub districts: LevelAttack,
    pub linear_solves: usize,
    pub integer_solves: usize,
}

const METHOD: &str = "minimum and maximum of every suppressed count by linear programming (integral here: the relations \
                      form a network; integer solves confirm short ranges), knowing every published figure as 0, v-2..v+2 \
                      (at least 10) or [c] = 0 or more, all sums, and the exact force totals less records in no ward; refused \
                      below a range of 2 or at an implied count of 1-9, unless the force totals alone imply as much";

/// Rounds of pseudo-random objectives before single-count solves.
const WITNESS_ROUNDS: usize = 6;
/// Counts stay in the pseudo-random objectives until their witnessed spread
/// reaches this (more than the protection needed, so the narrowest range
/// needs few exact solves).
const WITNESS_TARGET: u64 = 4;
/// Float tolerance when reading integral solutions.
const EPS: f64 = 1e-6;

/// One unknown of the attack: a cell of one table, or a row total shared by
/// every table (the tables count the same people, so a ward's or district's
/// total is the same count whatever the basis of the columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Unknown {
    /// The table the cell belongs to; `None` for a shared row total.
    table: Option<usize>,
    at: CellRef,
}

struct Model {
    /// Unknowns: every count not published as 0, with its bounds.
    cells: Vec<Unknown>,
    bounds: Vec<(f64, f64)>,
    /// Equalities: (unknowns with coefficients, constant right-hand side).
    equalities: Vec<(Vec<(usize, f64)>, f64)>,
}

enum Sense {
    Min,
    Max,
}

/// The tables attacked together: each published hierarchy with its names.
type Tables<'a> = [(&'a PublishedHierarchy, &'a TableNames)];

/// What every table publishes of an unknown: each table's cell.
fn published_cells(tables: &Tables, u: Unknown) -> Vec<Cell> {
    match u.table {
        Some(k) => vec![tables[k].0.cell(u.at)],
        None => tables.iter().map(|(p, _)| p.cell(u.at)).collect(),
    }
}

/// Suppressed in some table, so protected by the rules.
fn is_suppressed(tables: &Tables, u: Unknown) -> bool {
    published_cells(tables, u).contains(&Cell::Suppressed)
}

fn describe(tables: &Tables, u: Unknown) -> String {
    tables[u.table.unwrap_or(0)].1.describe(u.at)
}

impl Model {
    fn build(tables: &Tables) -> Result<Model, AuditRefusal> {
        let table_name = |k: usize| tables[k].1.table.clone();
        let refuse = |k: usize, at: CellRef, reason: String| AuditRefusal { table: table_name(k), cell: tables[k].1.describe(at), reason };
        let mut index: BTreeMap<Unknown, usize> = BTreeMap::new();
        let mut cells = Vec::new();
        let mut bounds = Vec::new();
        for (k, (p, _)) in tables.iter().enumerate() {
            for at in p.cell_refs() {
                let unknown = Unknown { table: at.column.map(|_| k), at };
                let (lo, hi) = match p.cell(at) {
                    Cell::Value(0) => (0, 0),
                    Cell::Value(v) if v < SUPPRESS_BELOW => return Err(refuse(k, at, format!("published count {v} is between 1 and 9"))),
                    Cell::Value(v) if v % ROUNDING_BASE != 0 => {
                        return Err(refuse(k, at, format!("published count {v} is not rounded to a multiple of {ROUNDING_BASE}")))
                    }
                    cell => {
                        let (lo, hi) = cell.attacker_bounds();
                        // Never more than the force total of its column.
                        (lo, hi.unwrap_or(p.a_priori(at).1).min(p.a_priori(at).1.max(lo)))
                    }
                };
                // A shared total is bounded by what every table says of it.
                match index.get(&unknown) {
                    Some(&i) => {
                        let (l, h): (f64, f64) = bounds[i];
                        bounds[i] = (l.max(lo as f64), h.min(hi as f64));
                    }
                    None => {
                        index.insert(unknown, cells.len());
                        cells.push(unknown);
                        bounds.push((lo as f64, hi as f64));
                    }
                }
            }
        }
        if let Some(i) = (0..cells.len()).find(|&i| bounds[i].0 > bounds[i].1) {
            let k = cells[i].table.unwrap_or(0);
            return Err(refuse(k, cells[i].at, "the tables publish different values for the same count".into()));
        }
        // Counts published as exactly 0 are constants, not unknowns.
        let zero: Vec<bool> = bounds.iter().map(|&(lo, hi)| lo == 0.0 && hi == 0.0).collect();
        let mut equalities = Vec::new();
        let mut relation = |parts: Vec<Unknown>, whole: Result<Unknown, u64>| {
            let term = |u: &Unknown| index.get(u).copied().filter(|&i| !zero[i]);
            let mut terms: Vec<(usize, f64)> = parts.iter().filter_map(term).map(|i| (i, 1.0)).collect();
            let rhs = match whole {
                Ok(u) => {
                    if let Some(i) = term(&u) {
                        terms.push((i, -1.0));
                    }
                    0.0
                }
                Err(exact) => exact as f64,
            };
            equalities.push((terms, rhs));
        };
        for (k, (p, _)) in tables.iter().enumerate() {
            let columns = p.columns();
            let wards = p.wards.cells.len();
            let districts = p.districts.cells.len();
            let cell = |level, row, c: usize| Unknown { table: Some(k), at: CellRef { level, row, column: Some(c) } };
            let total = |level, row| Unknown { table: None, at: CellRef { level, row, column: None } };
            for w in 0..wards {
                relation((0..columns).map(|c| cell(TableLevel::Ward, w, c)).collect(), Ok(total(TableLevel::Ward, w)));
            }
            for d in 0..districts {
                let members: Vec<usize> = (0..wards).filter(|&w| p.district_of_ward[w] == d).collect();
                for c in 0..columns {
                    relation(members.iter().map(|&w| cell(TableLevel::Ward, w, c)).collect(), Ok(cell(TableLevel::District, d, c)));
                }
                relation(members.iter().map(|&w| total(TableLevel::Ward, w)).collect(), Ok(total(TableLevel::District, d)));
                relation((0..columns).map(|c| cell(TableLevel::District, d, c)).collect(), Ok(total(TableLevel::District, d)));
            }
            for c in 0..columns {
                relation((0..districts).map(|d| cell(TableLevel::District, d, c)).collect(), Err(p.placed_totals[c]));
            }
            relation((0..districts).map(|d| total(TableLevel::District, d)).collect(), Err(p.placed_totals.iter().sum()));
        }
        // Relations with no unknowns left must hold as published.
        equalities.retain(|(terms, rhs)| !terms.is_empty() || *rhs != 0.0);
        equalities.sort_by(|a, b| a.0.iter().map(|t| t.0).cmp(b.0.iter().map(|t| t.0)).then(a.1.total_cmp(&b.1)));
        equalities.dedup();
        if equalities.iter().any(|(terms, _)| terms.is_empty()) {
            return Err(AuditRefusal {
                table: table_name(0),
                cell: "the tables".into(),
                reason: "published zeros contradict the force totals".into(),
            });
        }
        Ok(Model { cells, bounds, equalities })
    }

    /// Optimises `objective` (unknown, coefficient); `None` if infeasible.
    fn solve(&self, objective: &[(usize, f64)], sense: Sense, integer: bool) -> Option<Vec<f64>> {
        let mut problem = ProblemVariables::new();
        let vars: Vec<Variable> = self
            .bounds
            .iter()
            .map(|&(lo, hi)| {
                let v = variable().min(lo).max(hi);
                problem.add(if integer { v.integer() } else { v })
            })
            .collect();
        let mut goal = Expression::with_capacity(objective.len());
        for &(i, k) in objective {
            goal.add_mul(k, vars[i]);
        }
        let mut model = match sense {
            Sense::Min => problem.minimise(goal),
            Sense::Max => problem.maximise(goal),
        }
        .using(microlp);
        for (terms, rhs) in &self.equalities {
            let mut lhs = Expression::with_capacity(terms.len());
            for &(i, k) in terms {
                lhs.add_mul(k, vars[i]);
            }
            model.add_constraint(lhs.eq(*rhs));
        }
        let solution = model.solve().ok()?;
        Some(vars.iter().map(|&v| solution.value(v)).collect())
    }

    fn range(&self, i: usize, integer: bool) -> Option<(u64, u64)> {
        let min = self.solve(&[(i, 1.0)], Sense::Min, integer)?[i];
        let max = self.solve(&[(i, 1.0)], Sense::Max, integer)?[i];
        Some(((min - EPS).ceil().max(0.0) as u64, (max + EPS).floor().max(0.0) as u64))
    }
}

/// Attacks one table's published hierarchy; see [`attack_together`].
pub fn attack(published: &PublishedHierarchy, names: &TableNames) -> Result<AttackReport, AuditRefusal> {
    attack_together(&[(published, names)]).map(|mut reports| reports.remove(0))
}

/// Attacks tables about the same people together (e.g. one period's
/// self-defined and officer-defined tables, whose row totals are the same
/// counts); refuses (naming the table and the count) if any suppressed count
/// is narrowed too far. One report per table, in order.
pub fn attack_together(tables: &Tables) -> Result<Vec<AttackReport>, AuditRefusal> {
    let model = Model::build(tables)?;
    let owner = |u: Unknown| tables[u.table.unwrap_or(0)].0;
    let refuse = |u: Unknown, reason: String| AuditRefusal {
        table: tables[u.table.unwrap_or(0)].1.table.clone(),
        cell: describe(tables, u),
        reason,
    };
    let suppressed: Vec<usize> = (0..model.cells.len()).filter(|&i| is_suppressed(tables, model.cells[i])).collect();
    let mut linear_solves = 0;
    let mut integer_solves = 0;

    // Witnesses: each feasible table found widens every count's seen spread.
    let mut seen: Vec<(f64, f64)> = vec![(f64::INFINITY, f64::NEG_INFINITY); model.cells.len()];
    let see = |seen: &mut Vec<(f64, f64)>, x: &[f64]| {
        for (s, &v) in seen.iter_mut().zip(x) {
            *s = (s.0.min(v), s.1.max(v));
        }
    };
    // Witnessed spread in whole counts: the polytope is integral, so a
    // feasible value v implies feasible integers at or below floor(v) and at
    // or above ceil(v).
    let spread = |s: (f64, f64)| ((s.1 - EPS).ceil() - (s.0 + EPS).floor()).max(0.0) as u64;
    let need = |i: usize| owner(model.cells[i]).required_range(model.cells[i].at);
    let mut open: Vec<usize> = suppressed.clone();
    for round in 0..WITNESS_ROUNDS {
        if open.is_empty() {
            break;
        }
        let objective: Vec<(usize, f64)> = open
            .iter()
            .map(|&i| (i, if siphash24(round as u64, i as u64, &[]) & 1 == 0 { 1.0 } else { -1.0 }))
            .collect();
        for sense in [Sense::Max, Sense::Min] {
            linear_solves += 1;
            match model.solve(&objective, sense, false) {
                Some(x) => see(&mut seen, &x),
                None => {
                    return Err(AuditRefusal {
                        table: tables[0].1.table.clone(),
                        cell: "the tables".into(),
                        reason: "no table is consistent with what is published".into(),
                    })
                }
            }
        }
        open.retain(|&i| spread(seen[i]) < WITNESS_TARGET);
    }

    // Exact ranges where the witnesses do not already show enough room, with
    // integer solves confirming any short linear range.
    let mut exact: BTreeMap<usize, (u64, u64)> = BTreeMap::new();
    let mut exact_range = |i: usize, linear_solves: &mut usize, integer_solves: &mut usize| -> Result<(u64, u64), AuditRefusal> {
        if let Some(&r) = exact.get(&i) {
            return Ok(r);
        }
        *linear_solves += 2;
        let (mut lo, mut hi) =
            model.range(i, false).ok_or_else(|| refuse(model.cells[i], "no table is consistent with what is published".into()))?;
        if hi - lo < need(i).max(MIN_RANGE) {
            *integer_solves += 2;
            if let Some(r) = model.range(i, true) {
                (lo, hi) = r;
            }
        }
        let at = model.cells[i];
        if (lo, hi) != owner(at).a_priori(at.at) {
            if lo == hi && (1..SUPPRESS_BELOW).contains(&lo) {
                return Err(refuse(at, format!("an exact count of {lo} is implied")));
            }
            if hi - lo < MIN_RANGE {
                return Err(refuse(at, format!("feasible range {lo}..{hi} spans fewer than 3 values")));
            }
        }
        exact.insert(i, (lo, hi));
        Ok((lo, hi))
    };
    for &i in &suppressed {
        if spread(seen[i]) < need(i) {
            exact_range(i, &mut linear_solves, &mut integer_solves)?;
        }
    }

    // The narrowest range at each level, exactly: cells in order of the
    // spread already seen, until no remaining cell can be narrower (a count's
    // range is at least the spread of the tables seen).
    let mut narrowest = |k: usize, level: TableLevel, linear_solves: &mut usize, integer_solves: &mut usize| -> Result<LevelAttack, AuditRefusal> {
        let in_table = |u: Unknown| u.table.is_none_or(|t| t == k) && u.at.level == level;
        let mut mine: Vec<usize> = suppressed.iter().copied().filter(|&i| in_table(model.cells[i])).collect();
        mine.sort_by_key(|&i| (spread(seen[i]), i));
        let mut best: Option<(u64, u64, usize)> = None;
        for &i in &mine {
            if best.is_some_and(|(lo, hi, _)| spread(seen[i]) >= hi - lo) {
                break;
            }
            let (lo, hi) = exact_range(i, linear_solves, integer_solves)?;
            if best.is_none_or(|(blo, bhi, _)| hi - lo < bhi - blo) {
                best = Some((lo, hi, i));
            }
        }
        Ok(LevelAttack {
            suppressed: mine.len(),
            narrowest: best.map(|(min, max, i)| NarrowestRange { cell: tables[k].1.describe(model.cells[i].at), min, max }),
        })
    };
    let mut reports = Vec::new();
    for k in 0..tables.len() {
        let wards = narrowest(k, TableLevel::Ward, &mut linear_solves, &mut integer_solves)?;
        let districts = narrowest(k, TableLevel::District, &mut linear_solves, &mut integer_solves)?;
        reports.push(AttackReport { method: METHOD, wards, districts, linear_solves, integer_solves });
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use harm_core::disclosure::{control_hierarchy, ChoiceKey, HierarchicalTable, PublishedTable};

    /// A published table from rows written as "0,0,[c],10 | 10".
    fn published_table(rows: &[&str]) -> PublishedTable {
        let parse = |text: &str| Cell::parse(text).unwrap();
        let mut t = PublishedTable { cells: Vec::new(), row_totals: Vec::new() };
        for row in rows {
            let (cells, total) = row.split_once('|').unwrap();
            t.cells.push(cells.split(',').map(parse).collect());
            t.row_totals.push(parse(total));
        }
        t
    }

    fn names(wards: &[&str], districts: &[&str], columns: &[&str]) -> TableNames {
        let own = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect();
        TableNames { table: "Testshire test table".into(), wards: own(wards), districts: own(districts), columns: own(columns) }
    }

    const GROUPS: [&str; 6] = ["asian", "black", "mixed", "white", "other", "not_stated"];

    #[test]
    fn tables_of_both_bases_are_attacked_together() {
        // 22 people: one is in group a by the officer's record and b by their
        // own. The officer-defined table hides that person between W1 and W2
        // (0 or 1 in each, all the force total says); alone, it passes, and so
        // does the self-defined table. But the self-defined table publishes
        // W1 as empty, and a ward's total is the same count in both tables: so
        // W1 holds no one, and the officer-defined group-a person is in W2.
        let officer = PublishedHierarchy {
            district_of_ward: vec![0, 0, 0],
            wards: published_table(&["[c],[c] | [c]", "[c],[c] | [c]", "0,20 | 20"]),
            districts: published_table(&["[c],20 | 20"]),
            placed_totals: vec![1, 21],
        };
        let self_defined = PublishedHierarchy {
            district_of_ward: vec![0, 0, 0],
            wards: published_table(&["0,0 | 0", "[c],[c] | [c]", "0,20 | 20"]),
            districts: published_table(&["0,20 | 20"]),
            placed_totals: vec![0, 22],
        };
        let officer_names = TableNames { table: "officer-defined".into(), ..names(&["W1", "W2", "W3"], &["D"], &["a", "b"]) };
        let self_names = TableNames { table: "self-defined".into(), ..names(&["W1", "W2", "W3"], &["D"], &["a", "b"]) };
        assert!(attack(&officer, &officer_names).is_ok(), "alone, each table passes: {:?}", attack(&officer, &officer_names));
        assert!(attack(&self_defined, &self_names).is_ok(), "{:?}", attack(&self_defined, &self_names));
        let refusal = attack_together(&[(&officer, &officer_names), (&self_defined, &self_names)]).unwrap_err();
        assert_eq!(refusal.table, "officer-defined");
        // W1 is pinned to 0 for group a, which leaves the person in W2.
        assert_eq!((refusal.cell.as_str(), refusal.reason.as_str()), ("ward W1, a", "feasible range 0..0 spans fewer than 3 values"));
    }

    #[test]
    fn the_testers_row_is_refused() {
        // Issue 7's row A "0,0,[c],10,0,[c]" with total 10 (true 0,0,1,10,0,1
        // = 12), published without control beside two wards of the same
        // district and one of another. The attack: A's [c]s sum to its total
        // (10..12) less its 10 (10..12), so 0..2 together; B's mixed [c] is
        // 0..2 and C's not-stated [c] 0..2 the same way; the district's mixed
        // and not-stated [c]s are exactly 3 (force totals 3 and 3, the other
        // district 0); so A's mixed is 3 less B's, at least 1, and its
        // not-stated also at least 1: both exactly 1.
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 0, 0, 1],
            wards: published_table(&[
                "0,0,[c],10,0,[c] | 10",
                "0,0,[c],10,0,0 | 10",
                "0,0,0,10,0,[c] | 10",
                "20,10,0,30,0,0 | 60",
            ]),
            districts: published_table(&["0,0,[c],30,0,[c] | 35", "20,10,0,30,0,0 | 60"]),
            placed_totals: vec![20, 10, 3, 60, 0, 3],
        };
        let n = names(&["A", "B", "C", "E"], &["North", "South"], &GROUPS);
        let refusal = attack(&p, &n).unwrap_err();
        assert_eq!(refusal.cell, "ward A, mixed");
        assert_eq!(
            refusal.to_string(),
            "disclosure audit of Testshire test table: ward A, mixed: an exact count of 1 is implied"
        );

        // The engine on the same true counts publishes something else, which
        // the attack cannot narrow.
        let t = HierarchicalTable {
            district_of_ward: vec![0, 0, 0, 1],
            districts: 2,
            wards: vec![vec![0, 0, 1, 10, 0, 1], vec![0, 0, 2, 10, 0, 0], vec![0, 0, 0, 10, 0, 2], vec![20, 10, 0, 30, 0, 0]],
            force_totals: vec![20, 10, 3, 60, 0, 3],
            unplaced: vec![0; 6],
        };
        let controlled = control_hierarchy(&t, &ChoiceKey::from_exact_counts(&t)).unwrap();
        assert_ne!(controlled.published().wards, p.wards);
        let report = attack(&controlled.published(), &n).unwrap();
        let narrowest = report.wards.narrowest.unwrap();
        assert!(narrowest.max - narrowest.min >= MIN_RANGE, "{narrowest:?}");
    }

    #[test]
    fn a_lone_person_placed_through_the_districts_is_refused() {
        // One Asian person, in A (district North). The old rule partnered the
        // lone [c] with a zero in the ward with most records, C (South), and
        // the district table, controlled on its own, shows South's Asian
        // count as 0: so C's [c] is 0 and A's is 1.
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 0, 1],
            wards: published_table(&["[c],[c] | 20", "0,30 | 30", "[c],[c] | 60"]),
            districts: published_table(&["[c],50 | 50", "0,60 | 60"]),
            placed_totals: vec![1, 110],
        };
        let n = names(&["A", "B", "C"], &["North", "South"], &["asian", "white"]);
        let refusal = attack(&p, &n).unwrap_err();
        assert_eq!(refusal.to_string(), "disclosure audit of Testshire test table: ward A, asian: an exact count of 1 is implied");

        // A lone [c] in its column, no partner at all.
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 0, 1],
            wards: published_table(&["[c],[c] | 20", "0,30 | 30", "0,60 | 60"]),
            districts: published_table(&["[c],[c] | 50", "0,60 | 60"]),
            placed_totals: vec![1, 110],
        };
        assert_eq!(attack(&p, &n).unwrap_err().cell, "ward A, asian");

        // The same partner with both districts' Asian counts suppressed too:
        // A and C, North and South are each 0 or 1, as the force total alone
        // says, and nothing says which. Published.
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 0, 1],
            wards: published_table(&["[c],[c] | 20", "0,30 | 30", "[c],[c] | 60"]),
            districts: published_table(&["[c],[c] | 50", "[c],[c] | 60"]),
            placed_totals: vec![1, 110],
        };
        let report = attack(&p, &n).unwrap();
        assert_eq!(report.wards.narrowest, Some(NarrowestRange { cell: "ward A, asian".into(), min: 0, max: 1 }));
        assert_eq!(report.districts.narrowest, Some(NarrowestRange { cell: "district North, asian".into(), min: 0, max: 1 }));
        // But not with South's count shown as 0: the person is then in North,
        // so in A.
        let p = PublishedHierarchy { districts: published_table(&["[c],[c] | 50", "0,[c] | 60"]), ..p };
        assert_eq!(attack(&p, &n).unwrap_err().cell, "ward A, asian");
    }

    #[test]
    fn published_small_counts_are_refused() {
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 1],
            wards: published_table(&["3,20 | 25", "10,30 | 40"]),
            districts: published_table(&["3,20 | 25", "10,30 | 40"]),
            placed_totals: vec![13, 50],
        };
        let n = names(&["A", "B"], &["North", "South"], &["asian", "white"]);
        assert_eq!(attack(&p, &n).unwrap_err().reason, "published count 3 is between 1 and 9");
    }

    #[test]
    fn ranges_by_hand() {
        // The core's first hand-worked period: A [20, 3], B [60, 12] in North;
        // C [30, 15], D [10, 20] in South; published with A and B's cells
        // suppressed. A's 3 is at most North's second column (13..17, as
        // 50 less South's 33..37), reached with B's at 0: 17; and at least 0,
        // with A's 20 at 23..27 and B's 12 at 13..17. So 0..17, and B's
        // likewise; A's first cell 6..27 and B's 51..72 are wider.
        let p = PublishedHierarchy {
            district_of_ward: vec![0, 0, 1, 1],
            wards: published_table(&["[c],[c] | 25", "[c],[c] | 70", "30,15 | 45", "10,20 | 30"]),
            districts: published_table(&["80,15 | 95", "40,35 | 75"]),
            placed_totals: vec![120, 50],
        };
        let n = names(&["A", "B", "C", "D"], &["North", "South"], &["c0", "c1"]);
        let report = attack(&p, &n).unwrap();
        assert_eq!(report.wards.suppressed, 4);
        assert_eq!(report.wards.narrowest, Some(NarrowestRange { cell: "ward A, c1".into(), min: 0, max: 17 }));
        assert_eq!(report.districts, LevelAttack { suppressed: 0, narrowest: None });
        let model = Model::build(&[(&p, &n)]).unwrap();
        let range = |row, column| {
            let at = CellRef { level: TableLevel::Ward, row, column: Some(column) };
            let i = model.cells.iter().position(|c| *c == Unknown { table: Some(0), at }).unwrap();
            (model.range(i, false).unwrap(), model.range(i, true).unwrap())
        };
        assert_eq!(range(0, 0), ((6, 27), (6, 27)));
        assert_eq!(range(1, 0), ((51, 72), (51, 72)));
        assert_eq!(range(1, 1), ((0, 17), (0, 17)));
    }

    /// Pseudo-random tables, mostly small counts, some zeros, some unplaced
    /// records: whatever the engine publishes, the attack must not narrow.
    #[test]
    fn the_engine_survives_the_attack_on_many_tables() {
        let mut refused = Vec::new();
        for seed in 0..200u64 {
            let r = |i: u64| siphash24(seed, i, &[]);
            let districts = 2 + (r(0) % 2) as usize;
            let wards = districts + 1 + (r(1) % 4) as usize;
            let columns = 3 + (r(2) % 2) as usize;
            let district_of_ward: Vec<usize> = (0..wards).map(|w| if w < districts { w } else { (r(10 + w as u64) % districts as u64) as usize }).collect();
            let table: Vec<Vec<u64>> = (0..wards)
                .map(|w| {
                    (0..columns)
                        .map(|c| {
                            let x = r(100 + (w * columns + c) as u64);
                            // Half the tables sparse: lone persons, rows of 1s.
                            let zeros = if seed % 2 == 0 { 3 } else { 6 };
                            match x % 10 {
                                z if z < zeros => 0,
                                z if z < 7 => 1 + (x >> 8) % 9,
                                7 | 8 => 10 + (x >> 8) % 30,
                                _ => 40 + (x >> 8) % 200,
                            }
                        })
                        .collect()
                })
                .collect();
            let unplaced: Vec<u64> = (0..columns).map(|c| r(500 + c as u64) % 3).collect();
            let force_totals = (0..columns).map(|c| table.iter().map(|row| row[c]).sum::<u64>() + unplaced[c]).collect();
            let t = HierarchicalTable { district_of_ward, districts, wards: table, force_totals, unplaced };
            let n = names(&[], &[], &[]);
            match control_hierarchy(&t, &ChoiceKey::from_exact_counts(&t)) {
                Ok(c) => {
                    if let Err(e) = attack(&c.published(), &n) {
                        refused.push(format!("seed {seed}: {e}"));
                    }
                }
                Err(e) => refused.push(format!("seed {seed}: engine: {e}")),
            }
        }
        assert!(refused.is_empty(), "{refused:#?}");
    }
}
