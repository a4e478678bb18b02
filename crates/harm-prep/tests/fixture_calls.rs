//! Calls for service in the fixture (made up, tests/fixtures/raw/force-extracts/
//! calls-for-service.csv, 139 calls): persistent callers tagged by month and
//! counted apart, the ward tables disclosure-controlled, and `harm-prep calls`
//! giving the analyst the same counts per ward.
//!
//! January 2019: North One (E05900001) has 30 White and 12 Black callers with
//! one call each, a Black caller with 11 calls (at least 10: tagged) and a
//! White caller with 6; North Two (E05900002) 25 White and 3 Black; South
//! Vale (E05900003) 40 White. February: the White caller's other 6 calls (12
//! across the boundary, never 10 in one month) and the Black caller's 5 (not
//! tagged in February). One call from another force's LSOA is rejected.

mod common;

use common::fixtures;
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::process::Command;

fn published() -> (tempfile::TempDir, harm_prep::build::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(&fixtures().join("raw")).unwrap(), common::FIXTURE_BUILT).unwrap();
    report.files.write_all(out.path()).unwrap();
    (out, report)
}

fn text(out: &tempfile::TempDir, file: &str) -> String {
    std::fs::read_to_string(out.path().join(file)).unwrap()
}

#[test]
fn persistent_callers_are_tagged_by_month_and_kept_out_of_the_wards() {
    let (out, report) = published();
    let testshire = &report.forces[0];
    let jan = harm_core::Month::new(2019, 1).unwrap();
    let black = harm_core::ethnicity::EthnicGroup::Black.index();
    assert_eq!(testshire.persistent_callers.len(), 1, "only January has a tagged caller");
    assert_eq!((testshire.persistent_callers[&jan].callers[black], testshire.persistent_callers[&jan].calls[black]), (1, 11));
    assert!(text(&out, "testshire/calls-for-service-persistent-callers.csv").contains("\n2019-01,black,1,11,10\n"));
    // Force level, exact, without the tagged calls: January Black 12 + 3 = 15,
    // White 30 + 6 + 25 + 40 = 101; February Black 5, White 6.
    let force = text(&out, "testshire/calls-for-service-force.csv");
    for line in ["2019-01,self_defined,calls-excluding-persistent-callers,black,15", "2019-01,self_defined,calls-excluding-persistent-callers,white,101", "2019-02,self_defined,calls-excluding-persistent-callers,black,5", "2019-02,self_defined,calls-excluding-persistent-callers,white,6"] {
        assert!(force.contains(line), "{line} in\n{force}");
    }
    // 2019 by ward, controlled: North One 42 White + 17 Black = 59, rounded
    // to 60; North Two's 3 Black suppressed, so its 25 White too (or 3 would
    // follow from the row total); South Vale 40 White. Northtown district:
    // 20 Black, 67 White (65), 87 (85).
    let wards = text(&out, "testshire/calls-for-service.csv");
    for line in [
        "ward,E05900001,2019,self_defined,calls-excluding-persistent-callers,0,[c],0,[c],0,0,60",
        "ward,E05900002,2019,self_defined,calls-excluding-persistent-callers,0,[c],0,[c],0,0,30",
        "ward,E05900003,2019,self_defined,calls-excluding-persistent-callers,0,0,0,40,0,0,40",
        "district,E07900001,2019,self_defined,calls-excluding-persistent-callers,0,20,0,65,0,0,85",
    ] {
        assert!(wards.contains(line), "{line} in\n{wards}");
    }
    assert!(wards.lines().skip(1).all(|l| l.contains(",calls-excluding-persistent-callers,")), "no ward table of tagged calls");
    assert!(text(&out, "testshire/calls-for-service-rejected-rows.csv").contains("force-extracts/calls-for-service.csv,140,lsoa21_code,E01900009,is not a 2021 LSOA of this force"));
    let audit = text(&out, "testshire/calls-for-service-disclosure-audit.json");
    assert!(audit.contains("\"primary_suppressed\": 1"), "{audit}");
    // The caller ids never leave the tool.
    for file in common::files_under(out.path()) {
        assert!(!std::fs::read_to_string(out.path().join(&file)).unwrap().contains("persistent-1"), "{file}");
    }
}

#[test]
fn the_analysts_check_counts_every_call_by_ward() {
    let (out, _) = published();
    let run = |threshold: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_harm-prep"))
            .args(["calls", "--calls"])
            .arg(fixtures().join("raw/force-extracts/calls-for-service.csv"))
            .arg("--data")
            .arg(out.path())
            .args(["--force", "testshire", "--threshold", threshold])
            .output()
            .unwrap();
        (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let (ok, stdout, stderr) = run("10");
    assert!(ok, "{stderr}");
    // North One: 30 + 12 + 11 + 6 in January, 6 + 5 in February = 70 calls,
    // 11 by the tagged caller; Black without them 12 + 5, White 36 + 6.
    assert_eq!(
        stdout,
        "ward_code,calls,persistent_calls,persistent_callers,black_calls,white_calls\n\
         E05900001,70,11,1,17,42\nE05900002,28,0,0,3,25\nE05900003,40,0,0,0,40\n"
    );
    assert!(stderr.contains("line 140, field 'lsoa21_code': value 'E01900009' is not a 2021 LSOA of this force"), "{stderr}");
    // At 6 a month the White caller is tagged in both months (6 and 6) and the
    // Black caller in both (11 and 5 is not: only January).
    let (_, stdout, _) = run("6");
    assert!(stdout.contains("\nE05900001,70,23,2,17,30\n"), "{stdout}");
    let (ok, _, stderr) = run("1");
    assert!(!ok && stderr.contains("--threshold"), "{stderr}");
}
