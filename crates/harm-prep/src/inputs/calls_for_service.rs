//! Calls for service (999, 101 and online contacts) in the force-held
//! template `data/templates/calls-for-service.csv`: one row per call, with
//! the caller's own ethnicity and an opaque caller id that is never published.
//!
//! Persistent callers: a caller with at least the recipe's threshold of calls
//! in one calendar month is tagged for that month, as the workshop asked, so
//! a few very frequent callers cannot skew a ward's figures. Their calls are
//! counted apart and never enter the ward tables; the tagging is reported by
//! month at force level only (a ward count of one person's calls would
//! disclose that person).

use crate::assign::Rejection;
use crate::inputs::force_held::ForceHeldCounts;
use harm_core::csv_rows::{CsvRows, FirstLines, InputError, Lines, Row};
use harm_core::ethnicity::{self_defined_group, Basis, EthnicGroup};
use harm_core::Month;
use std::collections::{BTreeMap, BTreeSet};

pub const TEMPLATE_COLUMNS: [&str; 7] =
    ["call_id", "month", "lsoa21_code", "caller_id_hash", "caller_ethnicity", "closing_code", "call_type"];

/// The one category the ward tables carry: calls by callers not tagged persistent.
pub const WARD_CATEGORY: &str = "calls-excluding-persistent-callers";

/// One call as read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Call {
    month: Month,
    ward: String,
    caller: String,
    group: EthnicGroup,
}

/// Tagged callers and their calls in one month, by the caller's group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersistentMonth {
    pub callers: [u64; 6],
    pub calls: [u64; 6],
}

/// Per ward, what `harm-prep calls` prints (the analyst's local check).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WardCalls {
    pub calls: u64,
    pub persistent_calls: u64,
    pub persistent_callers: u64,
    /// Calls of Black and of White callers not tagged persistent (as in the ward rates).
    pub black_calls: u64,
    pub white_calls: u64,
}

#[derive(Debug, Default)]
pub struct CallsRead {
    /// Calls of untagged callers, in the force-held shape: (month, self-defined, [`WARD_CATEGORY`]) -> ward -> by group.
    pub counts: ForceHeldCounts,
    /// Tagging, month by month.
    pub persistent: BTreeMap<Month, PersistentMonth>,
    pub by_ward: BTreeMap<String, WardCalls>,
    pub file: String,
    pub rows_read: u64,
    pub rejected: Vec<Rejection>,
    pub lines: Lines,
}

/// Reads a calls file and tags persistent callers: `ward_of_lsoa` maps the
/// force's 2021 LSOAs to its wards (a call elsewhere is rejected), and a
/// caller with `threshold` or more calls in a month is tagged for that month.
pub fn read_calls(file: &str, bytes: &[u8], ward_of_lsoa: &BTreeMap<String, String>, threshold: u64) -> Result<CallsRead, InputError> {
    let mut read = CallsRead { file: file.to_string(), ..CallsRead::default() };
    let mut calls = Vec::new();
    let mut first = FirstLines::default();
    read.lines = CsvRows::new(file, bytes, &TEMPLATE_COLUMNS)?.for_each(|row| {
        read.rows_read += 1;
        match call(row, ward_of_lsoa).and_then(|c| first.first(row, "call_id", row.text("call_id").to_string(), "call").map(|()| c)) {
            Ok(c) => calls.push(c),
            Err(error) => read.rejected.push(Rejection::from_error(error)?),
        }
        Ok(())
    })?;
    let mut per_caller_month: BTreeMap<(&str, Month), u64> = BTreeMap::new();
    for c in &calls {
        *per_caller_month.entry((c.caller.as_str(), c.month)).or_default() += 1;
    }
    let tagged = |c: &Call| per_caller_month[&(c.caller.as_str(), c.month)] >= threshold;
    let mut tagged_callers: BTreeSet<(&str, Month, EthnicGroup)> = BTreeSet::new();
    let mut ward_callers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &calls {
        let ward = read.by_ward.entry(c.ward.clone()).or_default();
        ward.calls += 1;
        if tagged(c) {
            ward.persistent_calls += 1;
            ward_callers.entry(c.ward.as_str()).or_default().insert(c.caller.as_str());
            let month = read.persistent.entry(c.month).or_default();
            month.calls[c.group.index()] += 1;
            if tagged_callers.insert((c.caller.as_str(), c.month, c.group)) {
                month.callers[c.group.index()] += 1;
            }
            continue;
        }
        match c.group {
            EthnicGroup::Black => ward.black_calls += 1,
            EthnicGroup::White => ward.white_calls += 1,
            _ => {}
        }
        let by_group = read
            .counts
            .entry((c.month, Basis::SelfDefined, WARD_CATEGORY.to_string()))
            .or_default()
            .entry(c.ward.clone())
            .or_insert([0; 6]);
        // A count of rows: every total published is at most the file's calls.
        by_group[c.group.index()] += 1;
    }
    for (ward, callers) in ward_callers {
        if let Some(w) = read.by_ward.get_mut(ward) {
            w.persistent_callers = callers.len() as u64;
        }
    }
    Ok(read)
}

fn call(row: &Row, ward_of_lsoa: &BTreeMap<String, String>) -> Result<Call, InputError> {
    super::complete(row, "call_type")?;
    if row.text("call_id").is_empty() {
        return Err(row.error("call_id", "is empty"));
    }
    let month: Month = row.parse("month", "a month in the form YYYY-MM")?;
    let ward = ward_of_lsoa.get(row.text("lsoa21_code")).ok_or_else(|| row.error("lsoa21_code", "is not a 2021 LSOA of this force"))?;
    let caller = row.text("caller_id_hash");
    if caller.is_empty() {
        return Err(row.error("caller_id_hash", "is empty: persistent callers cannot be found without it"));
    }
    let group = self_defined_group(row.text("caller_ethnicity"))
        .ok_or_else(|| row.error("caller_ethnicity", "is not a police.uk self-defined ethnicity"))?;
    if !matches!(row.text("call_type"), "999" | "101" | "online") {
        return Err(row.error("call_type", "is not 999, 101 or online"));
    }
    Ok(Call { month, ward: ward.clone(), caller: caller.to_string(), group })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "call_id,month,lsoa21_code,caller_id_hash,caller_ethnicity,closing_code,call_type\n";
    const BLACK: &str = "Black/African/Caribbean/Black British - Caribbean";
    const WHITE: &str = "White - English/Welsh/Scottish/Northern Irish/British";

    fn lookup() -> BTreeMap<String, String> {
        [("L1", "W1"), ("L2", "W1"), ("L3", "W2")].map(|(l, w)| (l.to_string(), w.to_string())).into()
    }

    /// `n` calls of `caller` in `month` from LSOA `lsoa`, ids from `start`.
    fn calls(start: usize, n: usize, month: &str, lsoa: &str, caller: &str, ethnicity: &str) -> String {
        (start..start + n).map(|i| format!("c{i},{month},{lsoa},{caller},\"{ethnicity}\",advice,101\n")).collect()
    }

    #[test]
    fn a_caller_is_tagged_within_one_month_only() {
        // Caller p: 3 calls on 2019-01 and 3 on 2019-02 with threshold 3:
        // tagged in both months. Caller q: 2 in January and 2 in February
        // (4 across the month boundary) is never tagged. Caller r: 2 in
        // January, one short of the threshold.
        let text = [
            HEADER.to_string(),
            calls(0, 3, "2019-01", "L1", "p", BLACK),
            calls(10, 3, "2019-02", "L3", "p", BLACK),
            calls(20, 2, "2019-01", "L2", "q", WHITE),
            calls(30, 2, "2019-02", "L2", "q", WHITE),
            calls(40, 2, "2019-01", "L3", "r", BLACK),
        ]
        .concat();
        let read = read_calls("calls.csv", text.as_bytes(), &lookup(), 3).unwrap();
        assert_eq!(read.rows_read, 12);
        let jan = Month::new(2019, 1).unwrap();
        let feb = Month::new(2019, 2).unwrap();
        let (b, w) = (EthnicGroup::Black.index(), EthnicGroup::White.index());
        assert_eq!((read.persistent[&jan].callers[b], read.persistent[&jan].calls[b]), (1, 3));
        assert_eq!((read.persistent[&feb].callers[b], read.persistent[&feb].calls[b]), (1, 3));
        // W1 (LSOAs L1, L2): p's 3 January calls tagged; q's 4 untagged (White).
        assert_eq!(read.by_ward["W1"], WardCalls { calls: 7, persistent_calls: 3, persistent_callers: 1, black_calls: 0, white_calls: 4 });
        // W2 (L3): p's 3 February calls tagged; r's 2 untagged (Black).
        assert_eq!(read.by_ward["W2"], WardCalls { calls: 5, persistent_calls: 3, persistent_callers: 1, black_calls: 2, white_calls: 0 });
        let key = |m| (m, Basis::SelfDefined, WARD_CATEGORY.to_string());
        assert_eq!(read.counts[&key(jan)]["W1"][w], 2);
        assert_eq!(read.counts[&key(jan)]["W2"][b], 2);
        assert_eq!(read.counts[&key(jan)]["W1"][b], 0, "p's tagged calls are not in the ward tables");
        // At threshold 4, p (3 a month) is no longer tagged.
        let read = read_calls("calls.csv", text.as_bytes(), &lookup(), 4).unwrap();
        assert!(read.persistent.is_empty());
        assert_eq!(read.counts[&key(jan)]["W1"][b], 3);
    }

    #[test]
    fn bad_calls_are_rejected_with_line_field_and_value() {
        let text = format!(
            "{HEADER}c1,2019-01,L9,p,,advice,101\nc2,2019-01,L1,,,advice,101\nc3,2019-01,L1,p,,advice,112\nc4,2019-01,L1,p,Martian,advice,999\nc5,2019-01,L1,p,,advice,online\nc5,2019-01,L1,p,,advice,online\n"
        );
        let read = read_calls("calls.csv", text.as_bytes(), &lookup(), 10).unwrap();
        let said: Vec<String> = read.rejected.iter().map(|r| format!("{} {} '{}' {}", r.line, r.field, r.value, r.reason)).collect();
        assert_eq!(
            said,
            [
                "2 lsoa21_code 'L9' is not a 2021 LSOA of this force",
                "3 caller_id_hash '' is empty: persistent callers cannot be found without it",
                "4 call_type '112' is not 999, 101 or online",
                "5 caller_ethnicity 'Martian' is not a police.uk self-defined ethnicity",
                "7 call_id 'c5' repeats the call of line 6: one row per call",
            ]
        );
        // The one good call: a blank ethnicity is "not stated", never dropped.
        assert_eq!(read.by_ward["W1"].calls, 1);
    }
}
