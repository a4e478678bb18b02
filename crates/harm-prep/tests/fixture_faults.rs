//! Every class of input fault stops `harm-prep build` with a non-zero exit
//! and a message naming the file (and line, field and value where there is
//! one), and leaves the previous output exactly as it was. Each case damages
//! a copy of the fixture the way a real fault would.

mod common;

use common::{copy_tree, files_under, fixtures};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const STREET_JAN: &str = "police-uk/testshire/2019-01-testshire-street.csv";
const STREET_FEB: &str = "police-uk/testshire/2019-02/2019-02-testshire-street.csv";
const SEARCHES: &str = "police-uk/testshire/2019-01-testshire-stop-and-search.csv";

/// A fault: what it does to the copied raw folder and recipe, and what the
/// error must say.
struct Fault {
    name: &'static str,
    damage: fn(&Path, &Path),
    says: &'static [&'static str],
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(text)).unwrap();
}

fn edit_raw(raw: &Path, relative: &str, change: impl FnOnce(String) -> String) {
    edit(&raw.join(relative), change);
}

fn run_build(raw: &Path, recipe: &Path, out: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_harm-prep"))
        .args(["build", "--raw"])
        .arg(raw)
        .arg("--recipe")
        .arg(recipe)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(folder).into_iter().map(|f| (f.clone(), std::fs::read(folder.join(&f)).unwrap())).collect()
}

const FAULTS: &[Fault] = &[
    // 1. A record swallowing the rest of the file: an unbalanced quote on line 3.
    Fault {
        name: "unbalanced quote",
        damage: |raw, _| edit_raw(raw, SEARCHES, |t| t.replacen("\nPerson search,2019-01-03", "\n\"Person search,2019-01-03", 1)),
        says: &[SEARCHES, ", line 3, field 'Type': value 'Person search,2019-01-03", "running over 46 lines (to line 48), more than the 20"],
    },
    // 2. A whole month rejected: every row's month differs from the file's.
    Fault {
        name: "every row of another month",
        damage: |raw, _| edit_raw(raw, STREET_FEB, |t| t.replace(",2019-02,", ",2019-03,")),
        says: &[STREET_FEB, "every one of its 4 records is rejected; the first: line 2, field 'Month': value '2019-03' differs from the file's month 2019-02"],
    },
    Fault {
        name: "a column named twice",
        damage: |raw, _| edit_raw(raw, STREET_JAN, |t| t.replacen("Crime ID,Month,", "Month,Month,", 1)),
        says: &[STREET_JAN, "the header names the column 'Month' twice (columns 1 and 2)"],
    },
    Fault {
        name: "rejected share past the threshold",
        damage: |_, recipe| edit(recipe, |t| t.replace("max_rejected_share = 0.25", "max_rejected_share = 0.1")),
        says: &[STREET_JAN, "3 of 16 records (18.8%) are rejected, more than thresholds.max_rejected_share = 0.1 (10.0%); the first: line 15"],
    },
    Fault {
        name: "a file without records",
        damage: |raw, _| edit_raw(raw, STREET_FEB, |t| t.lines().next().unwrap().to_string() + "\n"),
        says: &[STREET_FEB, "has no records"],
    },
    // 3. The force's folder and its files.
    Fault {
        name: "misspelt folder",
        damage: |_, recipe| edit(recipe, |t| t.replace("folder = \"police-uk/testshire\"", "folder = \"police-uk/testshir\"")),
        says: &["police_uk.folder 'police-uk/testshir' of the recipe is not a folder in the raw-data folder"],
    },
    Fault {
        name: "files that are not month files",
        damage: |raw, _| {
            let folder = raw.join("police-uk/testshire");
            for name in ["2019-1-testshire-street.csv", "2019-13-testshire-street.csv", "2019-03-testshire-street.csv.gz"] {
                std::fs::copy(folder.join("2019-01-testshire-street.csv"), folder.join(name)).unwrap();
            }
        },
        says: &[
            "police-uk/testshire: 3 file(s) are not police.uk month files of 'testshire'",
            "police-uk/testshire/2019-1-testshire-street.csv: its name does not start with a month YYYY-MM",
            "police-uk/testshire/2019-13-testshire-street.csv: '2019-13' is not a month YYYY-MM",
            "police-uk/testshire/2019-03-testshire-street.csv.gz: is not a .csv file",
        ],
    },
    Fault {
        name: "another force's file by name",
        damage: |raw, _| {
            let folder = raw.join("police-uk/testshire");
            std::fs::copy(folder.join("2019-01-testshire-street.csv"), folder.join("2019-03-otherforce-street.csv")).unwrap();
        },
        says: &["police-uk/testshire/2019-03-otherforce-street.csv: it names another force than 'testshire'"],
    },
    Fault {
        name: "another force's file under this force's name",
        damage: |raw, _| edit_raw(raw, STREET_FEB, |t| t.replace("Testshire Police,Testshire Police", "Otherforce Police,Otherforce Police")),
        says: &[STREET_FEB, "line 2, field 'Falls within': value 'Otherforce Police' is not Testshire Police: the file holds another force's records"],
    },
    // 4. Swapped coordinate columns put every search outside the force.
    Fault {
        name: "swapped coordinates",
        damage: |raw, _| edit_raw(raw, SEARCHES, |t| t.replacen(",Latitude,Longitude,", ",Longitude,Latitude,", 1)),
        says: &[SEARCHES, "43 of 47 records (91.5%) lie outside the force's wards, more than thresholds.max_outside_force_share = 0.2 (20.0%)"],
    },
    // 5. Counts and keys.
    Fault {
        name: "a count past exact arithmetic",
        damage: |raw, _| {
            edit_raw(raw, "census-2021/ethnic-group-5-lsoa21.csv", |t| t.replacen("E01900001,500.0,", "E01900001,18446744073709551616,", 1))
        },
        says: &["census-2021/ethnic-group-5-lsoa21.csv, line 2, field 'total_residents': value '18446744073709551616' is larger than 9007199254740992"],
    },
    Fault {
        name: "a repeated LSOA in the ward lookup",
        damage: |raw, _| {
            edit_raw(raw, "lookups/lsoa21-to-ward24-lad24.csv", |t| {
                let second = t.lines().nth(1).unwrap().to_string();
                t + &second + "\n"
            })
        },
        says: &["lookups/lsoa21-to-ward24-lad24.csv, line", "field 'lsoa21_code': value 'E01900001' repeats the LSOA of line 2: one row per LSOA"],
    },
    Fault {
        name: "a repeated LSOA in the deprivation file",
        damage: |raw, _| edit_raw(raw, "deprivation/iod2025-lsoa21.csv", |t| t + "E01900001,9.0,30000.0,5.0\n"),
        says: &["deprivation/iod2025-lsoa21.csv, line", "value 'E01900001' repeats the LSOA of line 2: one row per LSOA"],
    },
    Fault {
        name: "an empty boundary file",
        damage: |raw, _| {
            std::fs::write(raw.join("boundaries/lsoa-2021/E07900002.geojson"), r#"{"type":"FeatureCollection","features":[]}"#).unwrap()
        },
        says: &["boundaries/lsoa-2021/E07900002.geojson: has no features"],
    },
    Fault {
        name: "a ward polygon of one point",
        damage: |raw, _| {
            let path = raw.join("boundaries/wards-2025/E07900001.geojson");
            let mut outlines: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            outlines["features"][0]["geometry"]["coordinates"] = serde_json::json!([[[0, 52]]]);
            std::fs::write(path, outlines.to_string()).unwrap();
        },
        says: &["boundaries/wards-2025/E07900001.geojson: feature 0 (E05900001) has a ring of 1 points that is not a closed ring of at least 4"],
    },
    // 6. The recipe, validated whole before anything is read.
    Fault {
        name: "recipe with a non-finite number and an unsafe id",
        damage: |_, recipe| {
            edit(recipe, |t| {
                t.replace("simplify_area = 1e-8", "simplify_area = nan")
                    .replace("id = \"otherforce\"", "id = \"../otherforce\"")
                    .replace("max_outside_force_share = 0.2", "max_outside_force_share = 2")
            })
        },
        says: &[
            "recipe",
            "3 problem(s):",
            "simplify_area = NaN: must be a number from 0 to 1e-4",
            "thresholds.max_outside_force_share = 2: must be a share from 0 to 1",
            "force '../otherforce': its id must be lowercase letters and digits",
        ],
    },
];

#[test]
fn every_fault_stops_the_build_and_keeps_the_previous_output() {
    let good = tempfile::tempdir().unwrap();
    let (ok, stderr) = run_build(&fixtures().join("raw"), &fixtures().join("recipe.toml"), &good.path().join("data"));
    assert!(ok, "the undamaged fixture builds: {stderr}");
    let previous = snapshot(&good.path().join("data"));
    assert!(previous.contains_key("manifest.json"));

    let mut failures = Vec::new();
    for fault in FAULTS {
        let work = tempfile::tempdir().unwrap();
        let (raw, recipe, out) = (work.path().join("raw"), work.path().join("recipe.toml"), work.path().join("data"));
        copy_tree(&fixtures().join("raw"), &raw);
        std::fs::copy(fixtures().join("recipe.toml"), &recipe).unwrap();
        copy_tree(&good.path().join("data"), &out);
        (fault.damage)(&raw, &recipe);
        let (ok, stderr) = run_build(&raw, &recipe, &out);
        let missing: Vec<&&str> = fault.says.iter().filter(|s| !stderr.contains(**s)).collect();
        if ok || !missing.is_empty() {
            failures.push(format!("{}: exit ok = {ok}, message lacks {missing:?}:\n{stderr}", fault.name));
        }
        if snapshot(&out) != previous {
            failures.push(format!("{}: the previous output was changed", fault.name));
        }
        let leftovers: Vec<String> = std::fs::read_dir(work.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        if !leftovers.is_empty() {
            failures.push(format!("{}: left {leftovers:?} beside the output", fault.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A build that passes replaces the output's files but keeps what the build
/// does not write (the recipe beside the data).
#[test]
fn a_passing_build_replaces_its_files_and_keeps_the_rest() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("data");
    std::fs::create_dir_all(out.join("testshire")).unwrap();
    std::fs::write(out.join("recipe.toml"), "kept").unwrap();
    std::fs::write(out.join("testshire/stale.csv"), "from an older build").unwrap();
    let (ok, stderr) = run_build(&fixtures().join("raw"), &fixtures().join("recipe.toml"), &out);
    assert!(ok, "{stderr}");
    assert_eq!(std::fs::read_to_string(out.join("recipe.toml")).unwrap(), "kept");
    assert!(!out.join("testshire/stale.csv").exists(), "a force's folder is replaced whole");
    assert!(out.join("testshire/wards.csv").exists() && out.join("manifest.json").exists());
    let names: Vec<String> = std::fs::read_dir(work.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["data"], "no staging folder is left beside the output");
}
