//! Home Office use-of-force statistics by force and the subject's perceived
//! ethnicity: force level only. The counting unit is one officer's use of one
//! tactic on one person.
//!
//! Each tactic is a row picked out by its "Type of force" and "Tactic" labels,
//! which the recipe's `values` give for each year's file (the labels change
//! between years: "CED" in 2018-19, "CED of which" in 2019-20):
//!
//! | value keys                                   | published tactic      |
//! |----------------------------------------------|-----------------------|
//! | `total_type`, `total_tactic` (required)      | `all`                 |
//! | `ced_type`, `ced_tactic`                     | `ced` (Taser, total)  |
//! | `ced_type`, `ced_discharge_tactic`           | `ced-discharge`       |
//! | `ced_type`, `ced_non_discharge_tactic`       | `ced-non-discharge`   |
//! | `ced_type`, `ced_not_stated_tactic`          | checked, not published|
//!
//! The breakdown is given whole (discharge, non-discharge and not stated) or
//! not at all, and must add up to the CED total in every group. A year without
//! a breakdown publishes none (never zeros). Every label the recipe gives must
//! be in the file; a force's row with any blank group count is not published by ethnic group (a blank is not a zero).

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{add_counts, sum_counts, CsvRows, InputError, MAX_EXACT_COUNT};
use harm_core::ethnicity::EthnicGroup;
use harm_core::use_of_force::Tactic;
use std::collections::BTreeSet;

/// Uses of force by group for one force and year, for each tactic the file
/// gives; tactics in [`Tactic::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct UseOfForce {
    pub period: String,
    pub tactics: Vec<(Tactic, [u64; 6])>,
    /// Tactics the recipe names whose row for this force is blank (not
    /// published by the Home Office for this force and year).
    pub blank: Vec<Tactic>,
}

/// The value keys of the rows read; `None` marks the check-only row.
const ROWS: [(Option<Tactic>, &str, &str); 5] = [
    (Some(Tactic::All), "total_type", "total_tactic"),
    (Some(Tactic::Ced), "ced_type", "ced_tactic"),
    (Some(Tactic::CedDischarge), "ced_type", "ced_discharge_tactic"),
    (Some(Tactic::CedNonDischarge), "ced_type", "ced_non_discharge_tactic"),
    (None, "ced_type", "ced_not_stated_tactic"),
];

const BREAKDOWN: [&str; 3] = ["ced_discharge_tactic", "ced_non_discharge_tactic", "ced_not_stated_tactic"];

fn recipe_error(spec: &InputSpec, reason: String) -> PrepError {
    PrepError::Recipe { path: spec.path.clone().into(), reason }
}

/// The (type, tactic) labels the recipe gives, with what each row is.
fn wanted_rows(spec: &InputSpec) -> Result<Vec<(Option<Tactic>, &str, &str)>> {
    let known: BTreeSet<&str> = ROWS.iter().flat_map(|(_, t, a)| [*t, *a]).collect();
    if let Some(unknown) = spec.values.keys().find(|k| !known.contains(k.as_str())) {
        return Err(recipe_error(spec, format!("use-of-force input '{}' has an unknown value key '{unknown}'", spec.path)));
    }
    let given = BREAKDOWN.iter().filter(|k| spec.values.contains_key(**k)).count();
    if given != 0 && given != BREAKDOWN.len() {
        return Err(recipe_error(
            spec,
            format!("use-of-force input '{}' must give all of {BREAKDOWN:?} or none", spec.path),
        ));
    }
    if given != 0 && !spec.values.contains_key("ced_tactic") {
        return Err(recipe_error(spec, format!("use-of-force input '{}' breaks down CED without a 'ced_tactic'", spec.path)));
    }
    let mut rows = Vec::new();
    for (tactic, type_key, tactic_key) in ROWS {
        if tactic != Some(Tactic::All) && !spec.values.contains_key(tactic_key) {
            continue;
        }
        rows.push((tactic, spec.value(type_key)?, spec.value(tactic_key)?));
    }
    Ok(rows)
}

/// Reads `force_name`'s rows of one year's file (see the module table).
/// Columns are mapped to groups by the recipe's `groups` (header -> group
/// key), since the group columns change between years; each row's groups
/// must add up to its stated total. `None` when the force is not in the file.
pub fn read_use_of_force(raw: &RawFolder, spec: &InputSpec, force_name: &str) -> Result<Option<UseOfForce>> {
    let bytes = raw.read("use_of_force", spec, &spec.path)?;
    parse_use_of_force(spec, &bytes, force_name)
}

/// [`read_use_of_force`] on the file's bytes.
pub fn parse_use_of_force(spec: &InputSpec, bytes: &[u8], force_name: &str) -> Result<Option<UseOfForce>> {
    let (force, kind, tactic, total) =
        (spec.column("force")?, spec.column("type")?, spec.column("tactic")?, spec.column("total")?);
    let period = spec
        .period
        .clone()
        .ok_or_else(|| recipe_error(spec, format!("use-of-force input '{}' has no period", spec.path)))?;
    let mut groups: Vec<(&str, EthnicGroup)> = Vec::new();
    for (header, key) in &spec.groups {
        let group = EthnicGroup::from_key(key).ok_or_else(|| recipe_error(spec, format!("'{key}' is not an ethnic group key")))?;
        groups.push((header.as_str(), group));
    }
    let wanted = wanted_rows(spec)?;
    let mut required = vec![force, kind, tactic, total];
    required.extend(groups.iter().map(|g| g.0));
    // Labels seen anywhere in the file, and this force's rows (None if blank).
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut found: Vec<Option<Option<[u64; 6]>>> = vec![None; wanted.len()];
    CsvRows::new(&spec.path, bytes, &required)?.for_each(|row| {
        let Some(i) = wanted.iter().position(|(_, t, a)| row.text(kind) == *t && row.text(tactic) == *a) else {
            return Ok(());
        };
        seen.insert(i);
        if row.text(force) != force_name {
            return Ok(());
        }
        if found[i].is_some() {
            return Err(row.error(tactic, "is a second row for this force"));
        }
        // A blank cell is not a zero: it is a figure the force did not give
        // (Warwickshire's and West Mercia's 2019-20 CED rows leave every group
        // blank but "Not reported"). A row with any blank group cell is not
        // published by ethnic group, as a wholly blank row is not; reading the
        // blanks as zeros would state that no White or Black person was subject
        // to the tactic. A blank total beside stated groups stays an error.
        if groups.iter().any(|g| row.text(g.0).trim().is_empty()) {
            found[i] = Some(None);
            return Ok(());
        }
        let mut by_group = [0u64; 6];
        let too_large = |header: &str| row.error(header, format!("brings the count past {MAX_EXACT_COUNT}, the largest computed exactly"));
        for (header, group) in &groups {
            let slot = &mut by_group[group.index()];
            *slot = add_counts(*slot, row.count(header)?).ok_or_else(|| too_large(header))?;
        }
        let stated = row.count(total)?;
        let sum = sum_counts(by_group).ok_or_else(|| too_large(total))?;
        if sum != stated {
            return Err(row.error(total, format!("is not the sum of the group columns ({sum})")));
        }
        found[i] = Some(Some(by_group));
        Ok(())
    })?;
    for (i, (_, type_label, tactic_label)) in wanted.iter().enumerate() {
        if !seen.contains(&i) {
            return Err(InputError::file(
                &spec.path,
                format!("no row has {kind} '{type_label}' and {tactic} '{tactic_label}' (named in the recipe)"),
            )
            .into());
        }
    }
    // The force is in the file when its total row is.
    let Some(all) = found[0] else { return Ok(None) };
    let mut counts = Vec::new();
    for ((row, type_label, tactic_label), f) in wanted.iter().zip(&found) {
        let Some(f) = f else {
            return Err(InputError::file(
                &spec.path,
                format!("{force_name} has no row with {kind} '{type_label}' and {tactic} '{tactic_label}' (named in the recipe)"),
            )
            .into());
        };
        counts.push((*row, *f));
    }
    let mut result = UseOfForce { period, tactics: Vec::new(), blank: Vec::new() };
    if all.is_none() {
        return Err(InputError::file(&spec.path, format!("{force_name}'s total row has blank cells, so no tactic can be set against it")).into());
    }
    for (row, c) in &counts {
        match (row, c) {
            (Some(t), Some(c)) => result.tactics.push((*t, *c)),
            (Some(t), None) => result.blank.push(*t),
            (None, _) => {}
        }
    }
    check_ced(spec, force_name, &counts)?;
    Ok(Some(result))
}

/// CED within all tactics, and discharge + non-discharge + not stated = CED,
/// group by group, where the rows are published.
fn check_ced(spec: &InputSpec, force_name: &str, counts: &[(Option<Tactic>, Option<[u64; 6]>)]) -> Result<()> {
    let get = |t: Option<Tactic>| counts.iter().find(|(r, _)| *r == t).and_then(|(_, c)| *c);
    let fail = |reason: String| Err(InputError::file(&spec.path, format!("{force_name}: {reason}")).into());
    if let (Some(all), Some(ced)) = (get(Some(Tactic::All)), get(Some(Tactic::Ced))) {
        if let Some(g) = EthnicGroup::ALL.into_iter().find(|g| ced[g.index()] > all[g.index()]) {
            return fail(format!("more CED uses than uses of all tactics for group {}", g.key()));
        }
    }
    let parts = [get(Some(Tactic::CedDischarge)), get(Some(Tactic::CedNonDischarge)), get(None)];
    if let (Some(ced), [Some(d), Some(n), Some(s)]) = (get(Some(Tactic::Ced)), parts) {
        for g in EthnicGroup::ALL {
            let i = g.index();
            if d[i] + n[i] + s[i] != ced[i] {
                return fail(format!(
                    "CED discharge {} + non-discharge {} + not stated {} is not the CED total {} for group {}",
                    d[i], n[i], s[i], ced[i], g.key()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn spec(values: &[(&str, &str)]) -> InputSpec {
        let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
        InputSpec {
            path: "use-of-force/uof.csv".into(),
            vintage: String::new(),
            licence: String::new(),
            source: String::new(),
            columns: map(&[("force", "Police Force"), ("type", "Type of force"), ("tactic", "Tactic"), ("total", "N")]),
            file_columns: BTreeMap::new(),
            successors: BTreeMap::new(),
            values: map(values),
            groups: map(&[("White", "white"), ("Black", "black"), ("Not reported", "not_stated")]),
            period: Some("2019-20".into()),
            edition: None,
        }
    }

    const BASE: [(&str, &str); 3] = [("total_type", "Total"), ("total_tactic", "*Total Tactics"), ("ced_type", "Less lethal")];
    const FILE: &str = "Police Force,Type of force,Tactic,White,Black,Not reported,N\n\
        Testshire,Total,*Total Tactics,300,40,10,350\n\
        Testshire,Less lethal,CED of which,30,6,2,38\n\
        Testshire,Less lethal,CED discharge,5,1,0,6\n\
        Testshire,Less lethal,CED non-discharge,20,4,1,25\n\
        Testshire,Less lethal,CED not stated,5,1,1,7\n\
        Blankshire,Total,*Total Tactics,1,0,0,1\n\
        Blankshire,Less lethal,CED of which,1,0,0,1\n\
        Blankshire,Less lethal,CED discharge,,,,\n\
        Blankshire,Less lethal,CED non-discharge,,,,\n\
        Blankshire,Less lethal,CED not stated,1,0,0,1\n";

    fn breakdown() -> Vec<(&'static str, &'static str)> {
        let mut v = BASE.to_vec();
        v.extend([
            ("ced_tactic", "CED of which"),
            ("ced_discharge_tactic", "CED discharge"),
            ("ced_non_discharge_tactic", "CED non-discharge"),
            ("ced_not_stated_tactic", "CED not stated"),
        ]);
        v
    }

    #[test]
    fn reads_each_tactic_by_its_labels() {
        let u = parse_use_of_force(&spec(&breakdown()), FILE.as_bytes(), "Testshire").unwrap().unwrap();
        // [Asian, Black, Mixed, White, Other, Not stated]
        assert_eq!(
            u.tactics,
            vec![
                (Tactic::All, [0, 40, 0, 300, 0, 10]),
                (Tactic::Ced, [0, 6, 0, 30, 0, 2]),
                (Tactic::CedDischarge, [0, 1, 0, 5, 0, 0]),
                (Tactic::CedNonDischarge, [0, 4, 0, 20, 0, 1]),
            ]
        );
        assert!(u.blank.is_empty());
        // Blank rows are not published, not zero.
        let b = parse_use_of_force(&spec(&breakdown()), FILE.as_bytes(), "Blankshire").unwrap().unwrap();
        assert_eq!(b.tactics.iter().map(|t| t.0).collect::<Vec<_>>(), [Tactic::All, Tactic::Ced]);
        assert_eq!(b.blank, [Tactic::CedDischarge, Tactic::CedNonDischarge]);
        // A force not in the file has nothing.
        assert_eq!(parse_use_of_force(&spec(&breakdown()), FILE.as_bytes(), "Elsewhere").unwrap(), None);
        // Without a breakdown in the recipe, CED only.
        let mut total_only = BASE.to_vec();
        total_only.push(("ced_tactic", "CED of which"));
        let t = parse_use_of_force(&spec(&total_only), FILE.as_bytes(), "Testshire").unwrap().unwrap();
        assert_eq!(t.tactics.iter().map(|t| t.0).collect::<Vec<_>>(), [Tactic::All, Tactic::Ced]);
    }

    #[test]
    fn labels_and_sums_are_checked() {
        let mut wrong = BASE.to_vec();
        wrong.push(("ced_tactic", "CED"));
        assert_eq!(
            parse_use_of_force(&spec(&wrong), FILE.as_bytes(), "Testshire").unwrap_err().to_string(),
            "use-of-force/uof.csv: no row has Type of force 'Less lethal' and Tactic 'CED' (named in the recipe)"
        );
        let mut partial = BASE.to_vec();
        partial.extend([("ced_tactic", "CED of which"), ("ced_discharge_tactic", "CED discharge")]);
        assert!(parse_use_of_force(&spec(&partial), FILE.as_bytes(), "Testshire").unwrap_err().to_string().contains("must give all of"));
        let mut typo = BASE.to_vec();
        typo.push(("ced_discharge", "CED discharge"));
        assert!(parse_use_of_force(&spec(&typo), FILE.as_bytes(), "Testshire").unwrap_err().to_string().contains("unknown value key 'ced_discharge'"));
        // A breakdown that does not add up to the CED total.
        let bad = FILE.replace("Testshire,Less lethal,CED discharge,5,1,0,6", "Testshire,Less lethal,CED discharge,5,2,0,7");
        assert_eq!(
            parse_use_of_force(&spec(&breakdown()), bad.as_bytes(), "Testshire").unwrap_err().to_string(),
            "use-of-force/uof.csv: Testshire: CED discharge 2 + non-discharge 4 + not stated 1 is not the CED total 6 for group black"
        );
        // A row whose groups do not add up to its stated total.
        let bad = FILE.replace("Testshire,Less lethal,CED of which,30,6,2,38", "Testshire,Less lethal,CED of which,30,6,2,39");
        assert!(parse_use_of_force(&spec(&breakdown()), bad.as_bytes(), "Testshire").unwrap_err().to_string().contains("is not the sum of the group columns (38)"));
        // The force's own row missing, though the label is in the file.
        let missing = FILE.replace("Testshire,Less lethal,CED not stated,5,1,1,7\n", "");
        assert_eq!(
            parse_use_of_force(&spec(&breakdown()), missing.as_bytes(), "Testshire").unwrap_err().to_string(),
            "use-of-force/uof.csv: Testshire has no row with Type of force 'Less lethal' and Tactic 'CED not stated' (named in the recipe)"
        );
    }
}
