//! The command line as an analyst uses it: exit codes, CSV on stdout, errors
//! on stderr naming what is wrong.

use std::process::Command;

fn harm_prep(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_harm-prep")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn ratio_calculator_by_hand() {
    // (100 / 5,000) / (200 / 100,000) = 10; log-scale limits 7.8659 and 12.7131.
    let (ok, stdout, _) = harm_prep(&["ratio", "--count-a", "100", "--pop-a", "5000", "--count-b", "200", "--pop-b", "100000"]);
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper\n10.00,7.87,12.71\n");
    // Small counts use exact limits: 3 and 12 in equal populations, 0.25 (0.05 to 0.93).
    let (_, stdout, _) = harm_prep(&["ratio", "--count-a", "3", "--pop-a", "1000", "--count-b", "12", "--pop-b", "1000"]);
    assert_eq!(stdout, "ratio,lower,upper\n0.25,0.05,0.93\n");
    let (ok, _, stderr) = harm_prep(&["ratio", "--count-a", "3", "--pop-a", "0", "--count-b", "12", "--pop-b", "1000"]);
    assert!(!ok);
    assert!(stderr.contains("the ratio is undefined"), "{stderr}");
}

#[test]
fn table_errors_name_the_problem() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let data = data.to_str().unwrap();
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "nowhere", "--from", "2018-10", "--to", "2019-01"]);
    assert!(!ok);
    assert!(stderr.contains("no force 'nowhere' in the dataset (forces: hampshire, west-midlands)"), "{stderr}");
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--from", "2018-13", "--to", "2019-01"]);
    assert!(!ok);
    assert!(stderr.contains("'2018-13' is not a month in the form YYYY-MM"), "{stderr}");
    let (ok, stdout, _) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--from", "2018-10", "--to", "2019-01"]);
    assert!(ok);
    assert_eq!(stdout.lines().count(), 1 + 261 + 1, "header, one row per ward, force total");
}
