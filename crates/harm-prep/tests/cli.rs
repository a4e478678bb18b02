//! The command line as an analyst uses it: exit codes, CSV on stdout, errors
//! on stderr naming what is wrong.

use std::process::Command;

fn harm_prep(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_harm-prep")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn ratio_calculator_by_hand() {
    let ratio = |counts: [&str; 4], extra: &[&str]| {
        let mut args = vec!["ratio", "--count-a", counts[0], "--pop-a", counts[1], "--count-b", counts[2], "--pop-b", counts[3]];
        args.extend_from_slice(extra);
        harm_prep(&args)
    };
    // (100 / 5,000) / (200 / 100,000) = 10; se = sqrt(1/100 + 1/200) = 0.122474,
    // log-scale limits 10 * exp(-/+ 1.959964 * 0.122474) = 7.86592 and 12.7131,
    // six significant figures. The rate method is the default.
    let (ok, stdout, _) = ratio(["100", "5000", "200", "100000"], &[]);
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\n10.0000,7.86592,12.7131,rate-log\n");
    let (_, explicit, _) = ratio(["100", "5000", "200", "100000"], &["--method", "rate"]);
    assert_eq!(explicit, stdout);
    // Small counts use exact limits: 3 and 12 in equal populations, 0.25;
    // Clopper-Pearson for 3 of 15 gives p in [0.0433, 0.4809], RR = p / (1 - p).
    let (_, stdout, _) = ratio(["3", "1000", "12", "1000"], &[]);
    assert_eq!(stdout, "ratio,lower,upper,method\n0.250000,0.0452729,0.926378,rate-exact\n");
    // No events in group b: the ratio and the upper limit are unbounded.
    let (ok, stdout, _) = ratio(["5", "1000", "0", "1000"], &[]);
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\nunbounded,0.916356,unbounded,rate-exact\n");
    let (ok, _, stderr) = ratio(["3", "0", "12", "1000"], &[]);
    assert!(!ok);
    assert!(stderr.contains("the ratio is undefined"), "{stderr}");

    // Katz: se = sqrt(1/100 - 1/5000 + 1/200 - 1/100000) = sqrt(0.01479) = 0.121614;
    // exp(1.959964 * 0.121614) = 1.269165, so 10 / 1.269165 = 7.87920 and 12.6917.
    let (ok, stdout, _) = ratio(["100", "5000", "200", "100000"], &["--method", "katz"]);
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\n10.0000,7.87920,12.6917,katz\n");
    // Katz takes the log interval at any nonzero counts: se = sqrt(1/3 - 1/1000 +
    // 1/12 - 1/1000) = 0.643946, exp(1.959964 * se) = 3.532873, 0.25 / and * that.
    let (ok, stdout, _) = ratio(["3", "1000", "12", "1000"], &["--method", "katz"]);
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\n0.250000,0.0707639,0.883218,katz\n");
    // A zero count leaves it undefined: said plainly, exit non-zero, no table.
    for counts in [["0", "1000", "12", "1000"], ["5", "1000", "0", "1000"]] {
        let (ok, stdout, stderr) = ratio(counts, &["--method", "katz"]);
        assert!(!ok);
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.contains("the Katz interval is undefined when a count is zero"), "{stderr}");
    }
    let (ok, _, stderr) = ratio(["5", "4", "12", "1000"], &["--method", "katz"]);
    assert!(!ok);
    assert!(stderr.contains("each count must be at most its population"), "{stderr}");
    let (ok, _, _) = ratio(["100", "5000", "200", "100000"], &["--method", "wald"]);
    assert!(!ok, "an unknown method is refused");
}

fn published() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").to_str().unwrap().to_string()
}

#[test]
fn table_errors_name_the_problem() {
    let data = published();
    let data = data.as_str();
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

#[test]
fn table_by_period_key_and_range_agree() {
    let data = published();
    let data = data.as_str();
    // The range 2018-10..2019-01 written two ways gives the same table.
    let (ok, by_range, _) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--from", "2018-10", "--to", "2019-01"]);
    assert!(ok);
    let (_, by_key, _) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2018-10..2019-01"]);
    assert_eq!(by_range, by_key);
    assert!(by_key.starts_with("ward_code,ward_name,district,residents,black_residents,white_residents,months_with_data,crimes,asb,harm,harm_per_resident_per_year,crimes_per_1000_per_year\n"));
    // Financial year 2018-19 has data in 4 of its months: the force row says so.
    let (ok, fy, _) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2018-19"]);
    assert!(ok);
    let force_row = fy.lines().last().unwrap();
    assert!(force_row.starts_with("E23000030,Hampshire & Isle of Wight (force total),,"), "{force_row}");
    assert_eq!(force_row.split(',').nth(6), Some("4"), "months with data: {force_row}");
    // Annualised: the same counts over 4 months as the range, so the same rate.
    assert_eq!(by_key.lines().last().unwrap().split(',').nth(10), force_row.split(',').nth(10));
    // A period with no street-crime data is an error, not a table of zeros.
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2020-21"]);
    assert!(!ok);
    assert!(stderr.contains("publishes no street-crime data for 2020-21"), "{stderr}");
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2019-01..2018-10"]);
    assert!(!ok);
    assert!(stderr.contains("runs backwards"), "{stderr}");
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2018-10", "--from", "2018-10", "--to", "2019-01"]);
    assert!(!ok, "a period and a range together are refused: {stderr}");
}

#[test]
fn change_against_the_baseline() {
    let data = published();
    let data = data.as_str();
    let (ok, stdout, stderr) =
        harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "baseline", "--compare", "2022-23", "--level", "force"]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "area_code,area_name,months_compared,baseline,compare,change_ratio,lower,upper");
    assert_eq!(lines.len(), 2, "the force alone");
    // Only October and November have data in both 2018-19 and 2022-23.
    assert!(lines[1].starts_with("E23000030,Hampshire & Isle of Wight (force total),2018-10 2018-11 | 2022-10 2022-11,"), "{}", lines[1]);
    // The named baseline and the financial year it spans are the same period.
    let (_, by_year, _) =
        harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "2018-19", "--compare", "2022-23", "--level", "force"]);
    assert_eq!(by_year, stdout);
    let (ok, wards, _) = harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "baseline", "--compare", "2022-23"]);
    assert!(ok);
    assert_eq!(wards.lines().count(), 1 + 261 + 1, "header, one row per ward, force total");
    let (ok, districts, _) =
        harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "baseline", "--compare", "2022-23", "--level", "district"]);
    assert!(ok);
    assert_eq!(districts.lines().count(), 1 + 14 + 1, "header, 14 districts, force total");
    assert_eq!(districts.lines().last(), stdout.lines().last(), "the force row is the same at every level");
    // 2019-20 has only September, which the baseline lacks: nothing to compare.
    let (ok, _, stderr) = harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "baseline", "--compare", "2019-20"]);
    assert!(!ok);
    assert!(stderr.contains("no calendar month has data in both periods"), "{stderr}");
    let (ok, _, stderr) = harm_prep(&["change", "--data", data, "--force", "hampshire", "--baseline", "pre-covid", "--compare", "2019-20"]);
    assert!(!ok);
    assert!(stderr.contains("'pre-covid' is not a period") && stderr.contains("baseline, covid, post-covid"), "{stderr}");
}

#[test]
fn measure_prints_what_the_site_shows() {
    let data = published();
    let data = data.as_str();
    let (ok, stdout, stderr) = harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", "harm-rate", "--period", "2018-19"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("area_code,area_name,measure,value,status,reliability,lower,upper\n"));
    assert_eq!(stdout.lines().count(), 1 + 261 + 1);
    // The harm table and the measure agree on every ward's harm per resident per year.
    let (_, table, _) = harm_prep(&["table", "--data", data, "--force", "hampshire", "--period", "2018-19"]);
    let records = |text: &str| csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect::<Vec<_>>();
    let (measure_rows, table_rows) = (records(&stdout), records(&table));
    assert_eq!(measure_rows.len(), table_rows.len());
    for (m, t) in measure_rows.iter().zip(&table_rows) {
        assert_eq!(&m[0], &t[0]);
        assert_eq!(&m[3], &t[10], "{m:?} vs {t:?}");
    }
    // Stop and search in a period without searches: no data, never zero.
    let (ok, stdout, _) = harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", "stop-search-rate", "--period", "2022"]);
    assert!(ok);
    assert!(records(&stdout).iter().all(|r| &r[3] == "no data" && &r[4] == "no_data"), "{stdout}");
    let (ok, _, stderr) = harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", "harm", "--period", "2018-19"]);
    assert!(!ok);
    assert!(stderr.contains("'harm' is not a measure (measures: harm-rate, harm-change"), "{stderr}");
}

#[test]
fn sensitivity_of_harm_to_the_weights() {
    let data = published();
    let data = data.as_str();
    let (ok, stdout, stderr) = harm_prep(&["sensitivity", "--data", data, "--force", "hampshire", "--period", "2022-23"]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "scheme,compared_with,wards,quintile_changes,moved_two_or_more,rank_correlation");
    assert!(lines[1].starts_with("counts,css,261,") && lines[2].starts_with("chi,css,261,"), "{stdout}");
    let (ok, _, stderr) = harm_prep(&["sensitivity", "--data", data, "--force", "west-midlands", "--period", "2019"]);
    assert!(!ok);
    assert!(stderr.contains("has no CSS-weighted crime data for 2019"), "{stderr}");
}
