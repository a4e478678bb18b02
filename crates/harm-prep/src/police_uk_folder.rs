//! A force's police.uk folder. Every file in it is either a month file of
//! that force the build reads (street crime, stop and search), one it
//! reports and does not use (outcomes), or a reason to stop: a misnamed,
//! compressed or other force's file is never skipped without a word.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::PoliceUkSource;
use harm_core::Month;
use std::collections::BTreeMap;

/// What a police.uk month file holds, from the end of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Street,
    StopAndSearch,
    Outcomes,
}

/// The month files of one force's folder, as paths under the raw folder.
#[derive(Debug, Default)]
pub struct ForceFolder {
    pub street: BTreeMap<Month, String>,
    pub stop_search: BTreeMap<Month, String>,
    /// Files of the force the build does not read (outcomes), reported.
    pub not_used: Vec<String>,
}

/// Sorts every file of `source.folder`; fails listing every file that is not
/// a month file of the force, or a folder that does not exist.
pub fn force_folder(raw: &RawFolder, source: &PoliceUkSource) -> Result<ForceFolder> {
    let folder = source.folder.trim_end_matches('/');
    if !raw.is_dir(folder) {
        return Err(PrepError::Check(format!(
            "police_uk.folder '{folder}' of the recipe is not a folder in the raw-data folder"
        )));
    }
    let mut sorted = ForceFolder::default();
    let mut problems = Vec::new();
    for path in raw.list_files(folder)? {
        let inner = path.strip_prefix(folder).unwrap_or(&path).trim_start_matches('/');
        let (month, kind) = match month_file(inner, &source.file_force) {
            Ok(found) => found,
            Err(why) => {
                problems.push(format!("{path}: {why}"));
                continue;
            }
        };
        let files = match kind {
            Kind::Street => &mut sorted.street,
            Kind::StopAndSearch => &mut sorted.stop_search,
            Kind::Outcomes => {
                sorted.not_used.push(path);
                continue;
            }
        };
        if let Some(first) = files.insert(month, path.clone()) {
            problems.push(format!("{path}: a second file for {month} (the first: {first})"));
        }
    }
    if problems.is_empty() {
        return Ok(sorted);
    }
    Err(PrepError::Check(format!(
        "{folder}: {} file(s) are not police.uk month files of '{}' (YYYY-MM-{}-street.csv, \
         -stop-and-search.csv or -outcomes.csv, flat or in a YYYY-MM folder):\n  - {}",
        problems.len(),
        source.file_force,
        source.file_force,
        problems.join("\n  - ")
    )))
}

/// The month and kind of a file at `inner` (its path inside the force
/// folder), or why it is not a month file of `file_force`.
fn month_file(inner: &str, file_force: &str) -> std::result::Result<(Month, Kind), String> {
    let (subfolder, name) = match inner.split('/').collect::<Vec<_>>()[..] {
        [name] => (None, name),
        [subfolder, name] => (Some(subfolder), name),
        _ => return Err("is nested deeper than a YYYY-MM folder".into()),
    };
    let stem = name.strip_suffix(".csv").ok_or("is not a .csv file (compressed files must be unpacked)")?;
    let (month_text, rest) = stem
        .split_at_checked(7)
        .filter(|(_, rest)| rest.starts_with('-'))
        .ok_or_else(|| "its name does not start with a month YYYY-MM and a hyphen".to_string())?;
    let month: Month = month_text.parse().map_err(|_| format!("'{month_text}' is not a month YYYY-MM"))?;
    if subfolder.is_some_and(|s| s != month_text) {
        return Err(format!("it is in the folder '{}', not its month's folder '{month_text}'", subfolder.unwrap_or("")));
    }
    let kind_text = rest[1..]
        .strip_prefix(file_force)
        .and_then(|k| k.strip_prefix('-'))
        .ok_or_else(|| format!("it names another force than '{file_force}' (or a misspelt one)"))?;
    let kind = match kind_text {
        "street" => Kind::Street,
        "stop-and-search" => Kind::StopAndSearch,
        "outcomes" => Kind::Outcomes,
        other => return Err(format!("'{other}' is not street, stop-and-search or outcomes")),
    };
    Ok((month, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_or_explained() {
        let m = |y, n| Month::new(y, n).unwrap();
        assert_eq!(month_file("2018-10-hampshire-street.csv", "hampshire"), Ok((m(2018, 10), Kind::Street)));
        assert_eq!(month_file("2019-01/2019-01-hampshire-stop-and-search.csv", "hampshire"), Ok((m(2019, 1), Kind::StopAndSearch)));
        assert_eq!(month_file("2019-01-hampshire-outcomes.csv", "hampshire"), Ok((m(2019, 1), Kind::Outcomes)));
        let why = |inner| month_file(inner, "hampshire").unwrap_err();
        assert_eq!(why("2018-1-hampshire-street.csv"), "its name does not start with a month YYYY-MM and a hyphen");
        assert_eq!(why("2018-13-hampshire-street.csv"), "'2018-13' is not a month YYYY-MM");
        assert_eq!(why("2018-10-hampshire-street.csv.gz"), "is not a .csv file (compressed files must be unpacked)");
        assert_eq!(why("2018-10-thames-valley-street.csv"), "it names another force than 'hampshire' (or a misspelt one)");
        assert_eq!(why("2018-10-hampshire-streets.csv"), "'streets' is not street, stop-and-search or outcomes");
        assert_eq!(why("2018-11/2018-10-hampshire-street.csv"), "it is in the folder '2018-11', not its month's folder '2018-10'");
        assert_eq!(why("a/b/2018-10-hampshire-street.csv"), "is nested deeper than a YYYY-MM folder");
        assert_eq!(why("é2018-1-x.csv"), "its name does not start with a month YYYY-MM and a hyphen");
    }
}
