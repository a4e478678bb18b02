//! Shared helpers of the harm-prep integration tests.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use harm_core::disclosure::Cell;
use std::path::{Path, PathBuf};

/// The real raw-data folder, from `HARM_MAP_RAW_DATA`; without it the
/// real-data tests say they are skipped and pass.
pub fn raw_folder() -> Option<PathBuf> {
    let raw = std::env::var_os("HARM_MAP_RAW_DATA").map(PathBuf::from);
    if raw.is_none() {
        eprintln!("HARM_MAP_RAW_DATA is not set: real-data tests skipped");
    }
    raw
}

/// The project's root (its committed `data/`).
pub fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The build date of the fixture's golden copy: fixed, so the build is byte-for-byte reproducible.
pub const FIXTURE_BUILT: &str = "2026-01-01";

/// The build date the committed `data/manifest.json` records, so a rebuild
/// of the real data can equal it byte for byte.
pub fn committed_built() -> String {
    let text = std::fs::read_to_string(project().join("data/manifest.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["built"].as_str().unwrap_or_default().to_string()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a folder tree, so a test can damage one input without touching the fixture.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Relative paths of every file under `root`, sorted.
pub fn files_under(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// The simplest differencing attack: any row or column of a published table
/// with exactly one suppressed cell gives it away by subtraction from a total
/// known exactly. Nothing published may be open to it (the build's own
/// linear programming attack, `harm_prep::disclosure_audit`, which also uses
/// rounding bounds and the districts, must narrow nothing either).
pub fn assert_no_cell_recoverable(text: &str, force_text: &str) {
    let rows = harm_core::searches::parse_area_searches("stop-search.csv", text).unwrap();
    let force = harm_core::searches::parse_force_searches("stop-search-force.csv", force_text).unwrap();
    for row in &rows {
        for cell in row.by_group.iter().chain([&row.total]) {
            if let Cell::Value(v) = *cell {
                assert!(v == 0 || (v >= 10 && v % 5 == 0), "unsafe published count {v} in {row:?}");
            }
        }
    }
    // One table per level, fixed period and basis; its column totals are the
    // force's exact counts over the period's months.
    let mut tables: std::collections::BTreeMap<_, Vec<_>> = Default::default();
    for row in &rows {
        tables.entry((row.level.key(), row.period.clone(), row.basis)).or_default().push(row);
    }
    let in_period = |m: harm_core::Month, period: &str| m.to_string().starts_with(period);
    for ((level, period, basis), table) in tables {
        for row in &table {
            let suppressed = row.by_group.iter().chain([&row.total]).filter(|c| **c == Cell::Suppressed).count();
            assert_ne!(suppressed, 1, "{level} {} of {period} {basis:?} has a lone suppressed cell", row.area_code);
        }
        for g in harm_core::ethnicity::EthnicGroup::ALL {
            let suppressed = table.iter().filter(|r| r.by_group[g.index()] == Cell::Suppressed).count();
            let force_total: u64 =
                force.iter().filter(|f| in_period(f.month, &period) && f.basis == basis && f.group == g).map(|f| f.searches).sum();
            assert!(suppressed != 1 || force_total == 0, "column {g:?} of the {level} table {period} {basis:?} has a lone suppressed cell");
        }
    }
}
