//! The national inputs' departures from the plain lookups, each on a copy of
//! the fixture changed the way the real files are: a best-fit ward that is
//! no longer a ward, a ward no LSOA best-fits, Welsh wards outside the
//! English Indices of Deprivation, a repeated boundary feature, a boundary
//! file of another vintage, a district series with missing years, and a
//! use-of-force row with blank cells. Each is published and said, never
//! dropped or made a zero.

mod common;

use common::{copy_tree, fixtures};
use std::path::{Path, PathBuf};
use std::process::Command;

const LSOA_LOOKUP: &str = "lookups/lsoa21-to-ward24-lad24.csv";
const SOUTHVALE_WARDS: &str = "boundaries/wards-2025/E07900002.geojson";
const SERIES: &str = "stop-and-search-districts/stops-by-year-district-2017-2021.csv";
const USE_OF_FORCE: &str = "use-of-force/use-of-force-by-ethnicity-force-2019-20.csv";

struct Copy {
    _dir: tempfile::TempDir,
    raw: PathBuf,
    recipe: PathBuf,
    out: PathBuf,
}

/// A copy of the fixture's raw folder and recipe, changed by `change`.
fn changed(change: impl FnOnce(&Path, &Path)) -> Copy {
    let dir = tempfile::tempdir().unwrap();
    let (raw, recipe, out) = (dir.path().join("raw"), dir.path().join("recipe.toml"), dir.path().join("out"));
    copy_tree(&fixtures().join("raw"), &raw);
    std::fs::copy(fixtures().join("recipe.toml"), &recipe).unwrap();
    change(&raw, &recipe);
    Copy { _dir: dir, raw, recipe, out }
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text, "the change to {} found nothing to change", path.display());
    std::fs::write(path, changed).unwrap();
}

/// Runs the build: whether it succeeded, and what it printed.
fn build(copy: &Copy) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_harm-prep"))
        .args(["build", "--built", "2026-01-01", "--raw"])
        .arg(&copy.raw)
        .arg("--recipe")
        .arg(&copy.recipe)
        .arg("--out")
        .arg(&copy.out)
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn published(copy: &Copy, file: &str) -> String {
    std::fs::read_to_string(copy.out.join(file)).unwrap()
}

/// The manifest's notes on Testshire's data.
fn notes(copy: &Copy) -> Vec<String> {
    let manifest: serde_json::Value = serde_json::from_str(&published(copy, "manifest.json")).unwrap();
    let testshire = manifest["forces"].as_array().unwrap().iter().find(|f| f["id"] == "testshire").unwrap();
    testshire["data_notes"].as_array().map(|n| n.iter().map(|s| s.as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

fn ward_line<'a>(wards: &'a str, code: &str) -> &'a str {
    wards.lines().find(|l| l.starts_with(code)).unwrap()
}

#[test]
fn the_plain_fixture_has_no_notes() {
    let copy = changed(|_, _| {});
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    assert!(notes(&copy).is_empty());
    assert!(!published(&copy, "manifest.json").contains("data_notes"));
}

#[test]
fn an_lsoa_whose_best_fit_ward_was_redrawn_goes_to_the_ward_holding_its_interior_point() {
    // E01900003 (lon 1-2, lat 52-53) best-fits a 2024 ward that is not a 2025
    // ward; its interior point is inside North Two (E05900002, the same square).
    let copy = changed(|raw, _| edit(&raw.join(LSOA_LOOKUP), |t| t.replace("E01900003,North Two,E05900002", "E01900003,Old North,E05900099")));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    assert!(published(&copy, "testshire/lsoa-wards.csv").contains("E01900003,E05900002\n"));
    let note = "1 of 4 LSOAs placed by geometry: their 2024 best-fit ward is not a 2025 ward (wards redrawn in 2025)";
    assert!(notes(&copy)[0].starts_with(note), "{:?}", notes(&copy));
    assert!(printed.contains(note), "{printed}");
}

#[test]
fn an_lsoa_the_lookup_puts_in_another_districts_ward_follows_its_boundary() {
    // The lookup puts E01900003 in Otherforce's ward; its boundary is in
    // Northtown, and its interior point in North Two.
    let copy = changed(|raw, _| edit(&raw.join(LSOA_LOOKUP), |t| t.replace("E01900003,North Two,E05900002", "E01900003,Elsewhere Ward,E05900009")));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    assert!(published(&copy, "testshire/lsoa-wards.csv").contains("E01900003,E05900002\n"));
    let note = "1 of 4 LSOAs placed by geometry (E01900003): the best-fit lookup puts them in another district's ward, the LSOA boundaries in this force";
    assert!(notes(&copy)[0].starts_with(note), "{:?}", notes(&copy));
}

#[test]
fn an_lsoa_whose_interior_point_no_ward_holds_stops_the_build() {
    // Its ward is another force's, and its point (lon 1.5) is in none of Testshire's wards once North Two
    // is cut to the strip lon 1-1.2.
    let copy = changed(|raw, _| {
        edit(&raw.join(LSOA_LOOKUP), |t| t.replace("E01900003,North Two,E05900002", "E01900003,Old North,E05900099"));
        edit(&raw.join("boundaries/wards-2025/E07900001.geojson"), |t| {
            let mut collection: serde_json::Value = serde_json::from_str(&t).unwrap();
            collection["features"][1]["geometry"]["coordinates"] = serde_json::json!([[[1, 52], [1.2, 52], [1.2, 53], [1, 53], [1, 52]]]);
            collection.to_string()
        });
    });
    let (ok, printed) = build(&copy);
    assert!(!ok);
    assert!(printed.contains("LSOA E01900003 of force Testshire maps to E05900099, which is not one of the force's 2025 wards, and no ward of the force holds its interior point"), "{printed}");
}

#[test]
fn a_ward_no_lsoa_best_fits_is_published_with_blank_residents() {
    // E01900003 best-fits North One, so North Two has no LSOA: its residents
    // are counted in North One, never given to North Two as zero.
    let copy = changed(|raw, _| edit(&raw.join(LSOA_LOOKUP), |t| t.replace("E01900003,North Two,E05900002", "E01900003,North One,E05900001")));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    let wards = published(&copy, "testshire/wards.csv");
    assert_eq!(ward_line(&wards, "E05900002"), "E05900002,North Two,E07900001,Northtown,,,,,,,,");
    let plain = changed(|_, _| {});
    assert!(build(&plain).0);
    let residents = |wards: &str, code: &str| -> u64 { ward_line(wards, code).split(',').nth(4).unwrap().parse().unwrap() };
    let plain_wards = published(&plain, "testshire/wards.csv");
    assert_eq!(residents(&wards, "E05900001"), residents(&plain_wards, "E05900001") + residents(&plain_wards, "E05900002"));
    // Its outline is still published.
    assert!(published(&copy, "testshire/wards.geojson").contains("E05900002"));
    let note = "1 of 3 wards have no residents of their own (E05900002): no LSOA best-fits this ward: its residents are counted in the neighbouring wards";
    assert_eq!(notes(&copy), [note]);
}

#[test]
fn welsh_wards_have_no_english_deprivation_decile_and_say_so() {
    // South Vale and its LSOA made Welsh; the English Indices have no row for it.
    let copy = changed(|raw, _| {
        for file in common::files_under(raw).into_iter().filter(|f| !f.ends_with(".gz")) {
            let path = raw.join(&file);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("E05900003", "W05900003").replace("E01900004", "W01900004")).unwrap();
        }
        edit(&raw.join("deprivation/iod2025-lsoa21.csv"), |t| t.lines().filter(|l| !l.starts_with("W01900004")).map(|l| format!("{l}\n")).collect());
    });
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    let wards = published(&copy, "testshire/wards.csv");
    let south_vale: Vec<&str> = ward_line(&wards, "W05900003").split(',').collect();
    assert_eq!(south_vale[10], "", "no decile");
    assert_eq!(notes(&copy), ["1 of 3 wards without a deprivation decile. Welsh wards: the English Indices of Deprivation do not cover Wales"]);
}

#[test]
fn an_english_lsoa_without_a_deprivation_decile_still_stops_the_build() {
    let copy = changed(|raw, _| {
        edit(&raw.join("deprivation/iod2025-lsoa21.csv"), |t| t.lines().filter(|l| !l.starts_with("E01900004")).map(|l| format!("{l}\n")).collect());
    });
    let (ok, printed) = build(&copy);
    assert!(!ok);
    assert!(printed.contains("LSOA E01900004 has no IMD decile in the inputs"), "{printed}");
}

/// South Vale's one feature, written twice (`twice` changes the copy).
fn south_vale_twice(raw: &Path, twice: impl Fn(&str) -> String) {
    edit(&raw.join(SOUTHVALE_WARDS), |t| {
        let mut collection: serde_json::Value = serde_json::from_str(&t).unwrap();
        let features = collection["features"].as_array_mut().unwrap();
        let copy: serde_json::Value = serde_json::from_str(&twice(&features[0].to_string())).unwrap();
        features.push(copy);
        collection.to_string()
    });
}

#[test]
fn a_feature_repeated_exactly_is_read_once_and_said() {
    let copy = changed(|raw, _| south_vale_twice(raw, |f| f.to_string()));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    let plain = changed(|_, _| {});
    assert!(build(&plain).0);
    assert_eq!(published(&copy, "testshire/wards.csv"), published(&plain, "testshire/wards.csv"));
    let note = format!("1 boundary features repeat an earlier feature exactly (same code, name and shape) and are read once: {SOUTHVALE_WARDS}, feature 1");
    assert_eq!(notes(&copy), [note]);
}

#[test]
fn a_code_repeated_for_another_area_stops_the_build() {
    let copy = changed(|raw, _| south_vale_twice(raw, |f| f.replace("South Vale", "South Vale East")));
    let (ok, printed) = build(&copy);
    assert!(!ok);
    assert!(printed.contains(&format!("{SOUTHVALE_WARDS}, feature 1: area E05900003 was already read at {SOUTHVALE_WARDS}, feature 0")), "{printed}");
}

#[test]
fn a_boundary_file_of_another_vintage_is_read_under_the_headers_the_recipe_gives_it() {
    let older = |raw: &Path| edit(&raw.join(SOUTHVALE_WARDS), |t| t.replace("WD25CD", "WD22CD").replace("WD25NM", "WD22NM").replace("LAD25CD", "LAD22CD"));
    let unmapped = changed(|raw, _| older(raw));
    let (ok, printed) = build(&unmapped);
    assert!(!ok);
    assert!(printed.contains(&format!("{SOUTHVALE_WARDS}: feature 0 has no text property 'WD25CD'")), "{printed}");

    let mapped = changed(|raw, recipe| {
        older(raw);
        edit(recipe, |t| {
            t.replacen(
                "[inputs.ward_boundaries]\n",
                "[inputs.ward_boundaries]\nfile_columns = { E07900002 = { ward_code = \"WD22CD\", ward_name = \"WD22NM\", district_code = \"LAD22CD\" } }\n",
                1,
            )
        });
    });
    let (ok, printed) = build(&mapped);
    assert!(ok, "{printed}");
    let plain = changed(|_, _| {});
    assert!(build(&plain).0);
    assert_eq!(published(&mapped, "testshire/wards.csv"), published(&plain, "testshire/wards.csv"));
}

#[test]
fn a_district_year_without_counts_is_missing_and_its_year_is_not_published() {
    let copy = changed(|raw, _| edit(&raw.join(SERIES), |t| t.replace("2018,Northtown,NA,Test,England,Testshire,20,200,100,1700,NA", "2018,Northtown,NA,Test,England,Testshire,NA,200,NA,1700,NA")));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    let series = published(&copy, "testshire/stop-search-series.csv");
    assert!(!series.contains(",2018,"), "{series}");
    assert!(series.contains(",2017,") && series.contains(",2019,"), "{series}");
    assert_eq!(notes(&copy), ["District stop and search series: no counts (NA) for Northtown 2018, so those years are not published"]);
}

#[test]
fn a_series_row_with_one_count_missing_stops_the_build() {
    let copy = changed(|raw, _| edit(&raw.join(SERIES), |t| t.replace("2018,Northtown,NA,Test,England,Testshire,20,200,100,1700,NA", "2018,Northtown,NA,Test,England,Testshire,NA,200,100,1700,NA")));
    let (ok, printed) = build(&copy);
    assert!(!ok);
    assert!(printed.contains(&format!("{SERIES}, line 3, field 'Black_stopped': value 'NA' and White_stopped are not both counts or both NA")), "{printed}");
}

#[test]
fn a_use_of_force_row_with_blank_group_cells_is_not_published_by_ethnic_group() {
    // Testshire's CED discharge gives only "Not reported" (as Warwickshire's
    // 2019-20 CED rows do): the blanks are not zeros, so the row is not published.
    let copy = changed(|raw, _| edit(&raw.join(USE_OF_FORCE), |t| t.replace("CED discharge,3.0,1.0,0.0,0.0,0.0,0.0,4.0", "CED discharge,,,,,,4.0,4.0")));
    let (ok, printed) = build(&copy);
    assert!(ok, "{printed}");
    let plain = changed(|_, _| {});
    assert!(build(&plain).0);
    let rows = |copy: &Copy| published(copy, "testshire/use-of-force.csv").lines().filter(|l| l.starts_with("2019-20,ced-discharge,")).count();
    assert_eq!((rows(&plain), rows(&copy)), (6, 0));
}

#[test]
fn a_district_abolished_since_is_counted_in_its_successor() {
    // Southvale's series rows under an earlier name, which the recipe says it now is.
    let renamed = changed(|raw, recipe| {
        edit(&raw.join(SERIES), |t| t.replace(",Southvale,", ",Oldvale,"));
        edit(recipe, |t| t.replacen("[inputs.stop_search_series]\n", "[inputs.stop_search_series]\nsuccessors = { \"Oldvale\" = \"Southvale\" }\n", 1));
    });
    let (ok, printed) = build(&renamed);
    assert!(ok, "{printed}");
    let plain = changed(|_, _| {});
    assert!(build(&plain).0);
    assert_eq!(published(&renamed, "testshire/stop-search-series.csv"), published(&plain, "testshire/stop-search-series.csv"));
    // Without the recipe's word the old name is an error naming the line.
    let unmapped = changed(|raw, _| edit(&raw.join(SERIES), |t| t.replace(",Southvale,", ",Oldvale,")));
    let (ok, printed) = build(&unmapped);
    assert!(!ok);
    assert!(printed.contains("field 'la': value 'Oldvale' is not a district of Testshire"), "{printed}");
}
