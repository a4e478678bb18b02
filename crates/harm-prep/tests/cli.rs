//! The command line as an analyst uses it: exit codes, CSV on stdout, errors
//! on stderr naming what is wrong.

use std::process::Command;

fn harm_prep<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_harm-prep")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Runs a command that must be refused: a non-zero exit, nothing on stdout
/// (no table to mistake for figures) and one line on stderr, returned.
fn refused<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> String {
    let (ok, stdout, stderr) = harm_prep(args);
    assert!(!ok, "{args:?} exited 0: {stdout}");
    assert!(stdout.is_empty(), "{args:?} printed {stdout}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
    stderr.trim_end().to_string()
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
    assert!(stderr.contains("--pop-a 0: a group with no population has no rate, so the ratio is undefined"), "{stderr}");

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
    for (counts, given) in [(["0", "1000", "12", "1000"], "--count-a 0"), (["5", "1000", "0", "1000"], "--count-b 0")] {
        let (ok, stdout, stderr) = ratio(counts, &["--method", "katz"]);
        assert!(!ok);
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.contains(&format!("{given}: the Katz interval is undefined when a count is zero")), "{stderr}");
    }
    let (ok, _, stderr) = ratio(["5", "4", "12", "1000"], &["--method", "katz"]);
    assert!(!ok);
    assert!(stderr.contains("--count-a 5 --pop-a 4: a Katz risk ratio counts people with the event among a group, so each count must be at most its population"), "{stderr}");
    let (ok, _, _) = ratio(["100", "5000", "200", "100000"], &["--method", "wald"]);
    assert!(!ok, "an unknown method is refused");
}

#[test]
fn ratio_refuses_what_it_cannot_compute_exactly() {
    let ratio = |counts: [&str; 4], method: &str| {
        harm_prep(&["ratio", "--count-a", counts[0], "--pop-a", counts[1], "--count-b", counts[2], "--pop-b", counts[3], "--method", method])
    };
    let refused_ratio = |counts: [&str; 4], method: &str| {
        let args = ["ratio", "--count-a", counts[0], "--pop-a", counts[1], "--count-b", counts[2], "--pop-b", counts[3], "--method", method];
        refused(&args)
    };
    // Past 2^53 a u64 no longer converts to f64 exactly (2^53 + 1 would be
    // read as 2^53), and u64::MAX once overflowed the sum of the counts.
    let limit = "counts and populations must be at most 9007199254740992 (2^53) to be computed exactly";
    for method in ["rate", "katz"] {
        let err = refused_ratio(["9007199254740993", "9007199254740993", "1", "1"], method);
        assert_eq!(err, format!("error: check failed: --count-a 9007199254740993: {limit}"));
        let err = refused_ratio(["1", "1", "1", "18446744073709551615"], method);
        assert_eq!(err, format!("error: check failed: --pop-b 18446744073709551615: {limit}"));
    }
    // 2^53 itself is exact. n = 2^53 events among 2^53 people in group a,
    // none among 1 in b: the lower limit solves p^n = 0.025, so the odds are
    // 1 / (40^(1/n) - 1) = 1 / expm1(ln 40 / n), about n / ln 40, and the
    // ratio limit (odds times n_b / n_a = 1 / n) is 1 / ln 40 = 0.271085.
    let (ok, stdout, stderr) = ratio(["9007199254740992", "9007199254740992", "0", "1"], "rate");
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "ratio,lower,upper,method\nunbounded,0.271085,unbounded,rate-exact\n");
    // Exact limits for a small count against a large one (a beta quantile
    // loses digits here and stops converging near 10^7): no events of a
    // against 1,000,000 of b, equal populations. (1 - p)^1000000 = 0.025, so
    // the odds are 40^(1/1000000) - 1 = expm1(3.688879 / 10^6) = 3.68889e-6;
    // the ratio and its lower limit are 0, which no events estimate.
    let (ok, stdout, _) = ratio(["0", "1", "1000000", "1"], "rate");
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\n0,0,0.00000368889,rate-exact\n");
    // A rate counts events, not people, so a count may exceed its population
    // (a person searched twice): (10 / 5) / (10 / 100) = 20, se = sqrt(1/10 +
    // 1/10) = 0.447214, exp(1.959964 * se) = 2.402530, limits 8.32456 and 48.0506.
    let (ok, stdout, _) = ratio(["10", "5", "10", "100"], "rate");
    assert!(ok);
    assert_eq!(stdout, "ratio,lower,upper,method\n20.0000,8.32456,48.0506,rate-log\n");
    // A Katz risk is a share of people: a count above its population is refused.
    let err = refused_ratio(["10", "5", "10", "100"], "katz");
    assert!(err.ends_with("--count-a 10 --pop-a 5: a Katz risk ratio counts people with the event among a group, so each count must be at most its population"), "{err}");
    let err = refused_ratio(["3", "1000", "200", "100"], "katz");
    assert!(err.contains("--count-b 200 --pop-b 100: "), "{err}");
    // Undefined ratios are refused, never printed as NaN, inf or 0.
    let err = refused_ratio(["0", "5", "0", "100"], "rate");
    assert!(err.ends_with("--count-a 0 --count-b 0: the ratio is undefined when both counts are zero"), "{err}");
    let err = refused_ratio(["3", "1000", "3", "0"], "rate");
    assert!(err.ends_with("--pop-b 0: a group with no population has no rate, so the ratio is undefined"), "{err}");
}

fn published() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").to_str().unwrap().to_string()
}

/// The ids of the published forces, in the manifest's order.
fn published_force_ids() -> Vec<String> {
    let text = std::fs::read_to_string(format!("{}/manifest.json", published())).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    manifest["forces"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn table_errors_name_the_problem() {
    let data = published();
    let data = data.as_str();
    let (ok, _, stderr) = harm_prep(&["table", "--data", data, "--force", "nowhere", "--from", "2018-10", "--to", "2019-01"]);
    assert!(!ok);
    assert!(stderr.contains(&format!("no force 'nowhere' in the dataset (forces: {})", published_force_ids().join(", "))), "{stderr}");
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
    let err = refused(&["change", "--data", data, "--force", "hampshire", "--baseline", "pre-covid", "--compare", "2019-20"]);
    assert!(err.contains("--baseline pre-covid: 'pre-covid' is not a period") && err.contains("baseline, covid, post-covid"), "{err}");
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
    // A period with stop-and-search months but a ward without searches
    // in them: no data for the ward is said as such, never as zero.
    let (ok, stdout, _) = harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", "stop-search-rate", "--period", "2019-01"]);
    assert!(ok);
    assert!(records(&stdout).iter().all(|r| &r[3] != "0.00"), "{stdout}");
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
    let err = refused(&["sensitivity", "--data", data, "--force", "west-midlands", "--period", "2019"]);
    assert!(err.ends_with("West Midlands publishes no street-crime data for the period '2019' (2019-01 to 2019-12); it publishes none for any month"), "{err}");
}

/// Months of the published data (data/manifest.json): Hampshire's street
/// crime 2018-10 to 2019-01, 2019-09 and 2022-01 to 2022-11, its stop and
/// search 2019-01; West Midlands no street crime, stop and search 2019-01
/// and 2019-09.
const HAMPSHIRE_CRIME: &str = "its street-crime data covers 2018-10 to 2019-01, 2019-09 and 2022-01 to 2022-11";

#[test]
fn periods_outside_the_data_or_reversed_are_refused() {
    let data = published();
    let data = data.as_str();
    let hampshire = ["--data", data, "--force", "hampshire"];
    let with = |command: &[&str], rest: &[&str]| -> Vec<String> {
        command.iter().chain(&hampshire).chain(rest).map(|a| a.to_string()).collect()
    };
    // A reversed range, written either way, in every command taking a period.
    let backwards = "the period '2019-01..2018-10' runs backwards: its first month is after its last";
    for command in [&["table"][..], &["table", "--measure", "stop-search"], &["measure", "--measure", "harm-rate"], &["sensitivity"]] {
        for range in [&["--from", "2019-01", "--to", "2018-10"][..], &["--period", "2019-01..2018-10"]] {
            let err = refused(&with(command, range));
            assert!(err.ends_with(backwards), "{command:?} {range:?}: {err}");
        }
    }
    let err = refused(&with(&["change"], &["--baseline", "baseline", "--compare", "2022-11..2022-01"]));
    assert!(err.ends_with("--compare 2022-11..2022-01: the period '2022-11..2022-01' runs backwards: its first month is after its last"), "{err}");

    // A period with no month of the data asked for, named as given, with the months that have it.
    let no_crime_2030 = format!("Hampshire & Isle of Wight publishes no street-crime data for the period '2030' (2030-01 to 2030-12); {HAMPSHIRE_CRIME}");
    for command in [&["table"][..], &["measure", "--measure", "harm-rate"], &["measure", "--measure", "crime-rate"], &["sensitivity"]] {
        let err = refused(&with(command, &["--period", "2030"]));
        assert_eq!(err, format!("error: check failed: {no_crime_2030}"), "{command:?}");
    }
    // 2020-21 lies between the months with data: nothing of it is published.
    let err = refused(&with(&["table"], &["--from", "2020-04", "--to", "2021-03"]));
    assert!(err.ends_with(&format!("for the period '2020-04..2021-03' (2020-04 to 2021-03); {HAMPSHIRE_CRIME}")), "{err}");
    let err = refused(&["table", "--data", data, "--force", "west-midlands", "--period", "2019"]);
    assert!(err.ends_with("West Midlands publishes no street-crime data for the period '2019' (2019-01 to 2019-12); it publishes none for any month"), "{err}");

    // Stop and search: Hampshire's only month is 2019-01, so 2022 has none,
    // at every level; West Midlands has none in May 2019.
    for level in ["ward", "district", "force"] {
        let err = refused(&with(&["table", "--measure", "stop-search"], &["--period", "2022", "--level", level]));
        assert!(err.ends_with("Hampshire & Isle of Wight publishes no stop-and-search data for the period '2022' (2022-01 to 2022-12); its stop-and-search data covers 2019-01"), "{err}");
    }
    let err = refused(&["table", "--measure", "stop-search", "--data", data, "--force", "west-midlands", "--period", "2019-05", "--level", "force"]);
    assert!(err.ends_with("West Midlands publishes no stop-and-search data for the period '2019-05' (2019-05); its stop-and-search data covers 2019-01 and 2019-09"), "{err}");
    let err = refused(&with(&["measure", "--measure", "stop-search-rate"], &["--period", "2022"]));
    assert!(err.ends_with("its stop-and-search data covers 2019-01"), "{err}");
    // Census measures need only a period with some data.
    let (ok, _, stderr) = harm_prep(&["measure", "--data", data, "--force", "west-midlands", "--measure", "black-share", "--period", "2019"]);
    assert!(ok, "{stderr}");

    // Change: a baseline or comparison without street crime, named by its argument.
    let err = refused(&with(&["change"], &["--baseline", "2030", "--compare", "2022-23"]));
    assert_eq!(err, format!("error: check failed: --baseline 2030: {no_crime_2030}"));
    let err = refused(&with(&["change"], &["--baseline", "baseline", "--compare", "2031"]));
    assert!(err.starts_with("error: check failed: --compare 2031: Hampshire & Isle of Wight publishes no street-crime data for the period '2031'"), "{err}");
    let err = refused(&with(&["measure", "--measure", "harm-change"], &["--period", "2022-23", "--baseline", "2030"]));
    assert_eq!(err, format!("error: check failed: --baseline 2030: {no_crime_2030}"));
    // Both have data but no calendar month in common: 2019-20 has only
    // September, the baseline October to January.
    let no_common = "2019-20 (April 2019 to March 2020) against Baseline, pre-Covid (2018-19): no calendar month has data in both periods, so change cannot be measured like for like";
    let err = refused(&with(&["change"], &["--baseline", "baseline", "--compare", "2019-20"]));
    assert!(err.ends_with(no_common), "{err}");
    let err = refused(&with(&["measure", "--measure", "harm-change"], &["--period", "2019-20"]));
    assert!(err.ends_with(no_common), "{err}");
}

/// `rag` prints the published ratings as published, read through the core
/// parser the site uses: Hampshire's street crime of 2022-23 has 8 of 12
/// months (2022-04 to 2022-11), at least the Amber half and short of Green's 12.
#[test]
fn rag_prints_the_published_ratings() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
    let (ok, stdout, stderr) = harm_prep(&["rag", "--data", data]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, std::fs::read_to_string(format!("{data}/rag.csv")).unwrap());
    assert!(stdout.contains("\nhampshire,street-crime,2022-23,Amber,Amber: 8 of 12 months,open,8,12,"), "{stdout}");
    assert!(stdout.contains("\nwest-midlands,street-crime,2022-23,Red,Red: no data,,"), "{stdout}");
}

/// The published wards of `force` as (code, IMD decile, rural-urban class).
fn ward_classes(force: &str) -> Vec<(String, Option<u8>, String)> {
    let text = std::fs::read_to_string(format!("{}/{force}/wards.csv", published())).unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| {
            let r = r.unwrap();
            (r["ward_code"].clone(), r["imd_decile"].parse().ok(), r["rural_urban"].clone())
        })
        .collect()
}

#[test]
fn a_module_is_its_wards_and_its_total_is_their_sum() {
    let data = published();
    let data = data.as_str();
    let records = |text: &str| csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect::<Vec<_>>();
    let table = |extra: &[&str]| {
        let mut args = vec!["table", "--data", data, "--force", "hampshire", "--period", "2022-23"];
        args.extend_from_slice(extra);
        let (ok, stdout, stderr) = harm_prep(&args);
        assert!(ok, "{stderr}");
        (records(&stdout), stderr)
    };
    let (all, quiet) = table(&[]);
    assert!(quiet.is_empty(), "no module, no note: {quiet}");
    let (urban, note) = table(&["--module", "urban"]);
    // wards.csv: 177 wards "Urban: Nearer to a major town or city" and 28
    // "Urban: Further from ...": 205 of Hampshire's 261 wards are urban.
    let urban_codes: Vec<String> =
        ward_classes("hampshire").into_iter().filter(|(_, _, class)| class.starts_with("Urban")).map(|(code, _, _)| code).collect();
    assert_eq!(urban_codes.len(), 205);
    assert_eq!(note.trim_end(), "Urban wards of Hampshire & Isle of Wight: 205 of 261 wards.");
    let (rows, total) = urban.split_at(urban.len() - 1);
    assert_eq!(rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>(), urban_codes, "the module's wards, in published order");
    // Each module ward's row is its row in the whole force's table.
    for row in rows {
        let whole = all.iter().find(|r| r[0] == row[0]).unwrap();
        assert_eq!(row, whole);
    }
    // The force row is the module's total: the sum of its wards' residents,
    // crimes and ASB from the unfiltered table, and their harm to rounding.
    let total = &total[0];
    assert_eq!((&total[0], &total[1]), ("E23000030", "Urban wards of Hampshire & Isle of Wight (module total)"));
    let sum = |column: usize| rows.iter().map(|r| r[column].parse::<f64>().unwrap()).sum::<f64>();
    for (column, name) in [(3, "residents"), (4, "black residents"), (5, "white residents"), (7, "crimes"), (8, "ASB")] {
        assert_eq!(total[column].parse::<f64>().unwrap(), sum(column), "{name}");
    }
    let harm: f64 = total[9].parse().unwrap();
    assert!((harm - sum(9)).abs() <= 0.05 * rows.len() as f64, "harm {harm} vs the wards' {}", sum(9));
    // Harm per resident per year: the total harm over the 8 months of
    // 2022-23 with data (2022-04 to 2022-11), times 12 / 8, over the module's residents.
    assert_eq!(&total[6], "8");
    let rate = harm * 12.0 / 8.0 / total[3].parse::<f64>().unwrap();
    assert!((rate - total[10].parse::<f64>().unwrap()).abs() < 1e-4, "{rate} vs {}", &total[10]);
    assert_ne!(total[10], all.last().unwrap()[10], "the module's rate is not the force's");

    // `measure` prints the same force figure, and `urban` read with a
    // deprivation band is the intersection.
    let (ok, stdout, stderr) = harm_prep(&[
        "measure", "--data", data, "--force", "hampshire", "--measure", "harm-rate", "--period", "2022-23", "--module", "urban", "--level", "force",
    ]);
    assert!(ok, "{stderr}");
    assert_eq!(&records(&stdout)[0][3], &total[10]);
    let (ok, stdout, stderr) =
        harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", "harm-rate", "--period", "2022-23", "--module", "urban+imd-1-2"]);
    assert!(ok, "{stderr}");
    let deprived_urban = ward_classes("hampshire").into_iter().filter(|(_, d, c)| c.starts_with("Urban") && matches!(d, Some(1 | 2))).count();
    assert_eq!(records(&stdout).len(), deprived_urban + 1);
    assert!(stderr.starts_with(&format!(
        "Urban wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2), in Hampshire & Isle of Wight: {deprived_urban} of 261 wards."
    )));
    // Change in a module: its own total.
    let (ok, stdout, _) = harm_prep(&[
        "change", "--data", data, "--force", "hampshire", "--baseline", "baseline", "--compare", "2022-23", "--level", "force", "--module", "rural",
    ]);
    assert!(ok);
    assert!(stdout.lines().nth(1).unwrap().starts_with("E23000030,Rural wards of Hampshire & Isle of Wight (module total),"), "{stdout}");

    // No ward of the module: refused in words, never a table of zeros; a
    // key that is not a module says what one is.
    let err = refused(&["table", "--data", data, "--force", "hampshire", "--period", "2022-23", "--module", "smaller-rural-further+imd-1"]);
    assert_eq!(
        err,
        "error: check failed: Hampshire & Isle of Wight has no smaller rural wards further from a major town or city, in England's most deprived 10% of neighbourhoods (IMD decile 1)."
    );
    let err = refused(&["table", "--data", data, "--force", "hampshire", "--period", "2022-23", "--module", "town"]);
    assert!(err.contains("--module town: 'town' is not a module"), "{err}");
}

#[test]
fn trauma_score_ranks_and_peers() {
    let data = published();
    let data = data.as_str();
    let records = |text: &str| csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect::<Vec<_>>();
    let measure = |extra: &[&str]| {
        let mut args = vec!["measure", "--data", data, "--force", "hampshire", "--period", "2022-23"];
        args.extend_from_slice(extra);
        let (ok, stdout, stderr) = harm_prep(&args);
        assert!(ok, "{stderr}");
        (stdout, stderr)
    };
    // With the harm rate alone, each ward's score is its harm rate's z-score,
    // so the ranks are the harm rate's, highest first.
    let (harm, _) = measure(&["--measure", "harm-rate"]);
    let (score, note) = measure(&["--measure", "trauma-score", "--weights", "harm-rate:1"]);
    assert!(note.starts_with("Community trauma score (experimental), weights: Harm per resident per year 1 (100.0%)"), "{note}");
    assert!(score.starts_with("area_code,area_name,measure,value,status,reliability,lower,upper,rank,rank_equal_weights,largest_move\n"), "{score}");
    let (harm, score) = (records(&harm), records(&score));
    let rates: Vec<f64> = harm[..261].iter().map(|r| r[3].parse().unwrap()).collect();
    let top = (0..261).max_by(|&a, &b| rates[a].total_cmp(&rates[b])).unwrap();
    assert_eq!((&score[top][0], &score[top][8]), (&harm[top][0], "1"));
    let n = rates.len() as f64;
    let mean = rates.iter().sum::<f64>() / n;
    let sd = (rates.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n).sqrt();
    // Rates are printed to 4 decimals, so the z-score is checked to 0.01.
    assert!((score[top][3].parse::<f64>().unwrap() - (rates[top] - mean) / sd).abs() < 0.01, "{:?}", score[top]);
    assert_eq!(&score[261][3], "no score (a score compares areas)");
    // Default weights: the rank under equal weights is the rank.
    let (default, _) = measure(&["--measure", "trauma-score"]);
    assert!(records(&default)[..261].iter().all(|r| r[8] == r[9]));
    let err = refused(&["measure", "--data", data, "--force", "hampshire", "--period", "2022-23", "--measure", "trauma-score", "--weights", "harm-rate:-1"]);
    assert!(err.ends_with("--weights harm-rate:-1: the weight of Harm per resident per year must be a number of 0 or more"), "{err}");

    // Peers: Baffins (urban, decile 6) against every urban ward of decile 6 in
    // every force's wards.csv, itself left out; only Hampshire has street
    // crime, so the other forces' peers have no harm rate.
    let (peers, _) = measure(&["--measure", "harm-rate", "--peers"]);
    let baffins = &records(&peers)[0];
    let every: Vec<(String, Option<u8>, String)> = published_force_ids().iter().flat_map(|id| ward_classes(id)).collect();
    let group = |force_wards: &[(String, Option<u8>, String)]| {
        force_wards.iter().filter(|(code, d, c)| *d == Some(6) && c.starts_with("Urban") && code != "E05002441").count()
    };
    let hampshire_peers = group(&ward_classes("hampshire"));
    assert_eq!((&baffins[0], &baffins[8]), ("E05002441", "urban wards in IMD decile 6"));
    assert_eq!(baffins[9].parse::<usize>().unwrap() + baffins[10].parse::<usize>().unwrap(), group(&every));
    assert_eq!(baffins[10].parse::<usize>().unwrap(), group(&every) - hampshire_peers, "other forces' peers have no value");
    assert!(baffins[15].starts_with(&format!("Compared with {hampshire_peers} peer wards with a value (urban wards in IMD decile 6")), "{}", &baffins[15]);
}

/// The fixture's published dataset (synthetic), with victims and calls for service.
fn fixture_published() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fixture-dataset").to_str().unwrap().to_string()
}

#[test]
fn measure_prints_force_held_lenses() {
    let data = fixture_published();
    let data = data.as_str();
    let force_row = |measure: &str, period: &str| {
        let (ok, stdout, stderr) = harm_prep(&["measure", "--data", data, "--force", "testshire", "--measure", measure, "--period", period]);
        assert!(ok, "{measure}: {stderr}");
        stdout.lines().last().unwrap().to_string()
    };
    // Testshire has 185 Black and 3,700 White residents. Victims in 2019:
    // records in 1 month (2019-01), so a year is 12 times it: Black 13 /
    // 185 x 1,000 x 12 = 843.24, White 83 / 3,700 x 1,000 x 12 = 269.19;
    // ratio (13 / 185) / (83 / 3,700) = 3.1325, log-scale interval
    // 3.1325 exp(-/+ 1.959964 sqrt(1/13 + 1/83)) = 1.75 to 5.62.
    assert_eq!(force_row("victims-rate-black", "2019"), "E23900001,Testshire (force total),victims-rate-black,843.24,value,,,");
    assert_eq!(force_row("victims-rate-white", "2019"), "E23900001,Testshire (force total),victims-rate-white,269.19,value,,,");
    assert_eq!(force_row("victims-ratio", "2019"), "E23900001,Testshire (force total),victims-ratio,3.13,value,,1.75,5.62");
    // Calls without persistent callers, 2 months with records (x 6): Black
    // 20 / 185 x 6,000 = 648.65, White 107 / 3,700 x 6,000 = 173.51, ratio 3.74.
    assert_eq!(force_row("calls-for-service-rate-black", "2019"), "E23900001,Testshire (force total),calls-for-service-rate-black,648.65,value,,,");
    assert!(force_row("calls-for-service-ratio", "2019").starts_with("E23900001,Testshire (force total),calls-for-service-ratio,3.74,value,,"));
    // Wards from the published (controlled) table: South Vale's 40 White
    // callers' calls of 1,980 White residents, x 6 = 121.21; the others are [c].
    let (_, stdout, _) = harm_prep(&["measure", "--data", data, "--force", "testshire", "--measure", "calls-for-service-rate-white", "--period", "2019"]);
    assert!(stdout.contains("\nE05900003,South Vale,calls-for-service-rate-white,121.21,value,,,\n"), "{stdout}");
    assert!(stdout.contains("\nE05900001,North One,calls-for-service-rate-white,[c],suppressed,,,\n"), "{stdout}");
    // Below force level only for the published calendar year; a lens the force lacks is refused.
    let err = refused(&["measure", "--data", data, "--force", "testshire", "--measure", "victims-ratio", "--period", "2018-19"]);
    assert!(err.ends_with("Below force level, victims are published only for whole calendar years (2019), so that no count can be worked out by subtracting one period from another; choose one of these periods."), "{err}");
    let err = refused(&["measure", "--data", data, "--force", "testshire", "--measure", "suspects-offenders-ratio", "--period", "2019"]);
    assert!(err.ends_with("No suspects and offenders data is published for this force."), "{err}");
}

/// `survey` prints the national survey estimates as published, through the
/// core parser the site's table uses, with the caveat that they are not local.
#[test]
fn survey_prints_the_national_estimates() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
    let (ok, stdout, stderr) = harm_prep(&["survey", "--data", data]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, std::fs::read_to_string(format!("{data}/crime-survey.csv")).unwrap());
    assert!(stderr.starts_with("These are national survey estimates for England and Wales, not local or"), "{stderr}");
}

#[test]
fn table_of_a_view_with_its_metadata() {
    let data = published();
    let data = data.as_str();
    let view = ["table", "--data", data, "--force", "west-midlands", "--measure", "stop-search-ratio", "--period", "2019", "--level", "district"];
    let (ok, plain, stderr) = harm_prep(&view);
    assert!(ok, "{stderr}");
    let (ok, with_header, _) = harm_prep(&[&view[..], &["--metadata"]].concat());
    assert!(ok);
    // The header is `#` lines before the same table.
    let (header, table): (Vec<&str>, Vec<&str>) = with_header.lines().partition(|l| l.starts_with('#'));
    assert_eq!(table.join("\n") + "\n", plain);
    assert!(with_header.starts_with("# title: Stop and search: Black/White rate ratio by district, West Midlands, 2019\n"), "{with_header}");
    assert!(header.contains(&"# [u]: Low reliability: fewer than 10 events or 100 residents behind the figure."));
    // Each district's mapped value is `measure`'s, and the search ratio column
    // holds the same ratio: one row per district and the force.
    let (_, measure, _) = harm_prep(&["measure", "--data", data, "--force", "west-midlands", "--measure", "stop-search-ratio", "--period", "2019", "--level", "district"]);
    let records = |text: &str| csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect::<Vec<_>>();
    let (rows, measured) = (records(&plain), records(&measure));
    assert_eq!(rows.len(), measured.len());
    for (row, m) in rows.iter().zip(&measured) {
        assert_eq!((&row[0], &row[4], &row[7], &row[8]), (&m[0], &m[3], &m[6], &m[7]));
        assert!(row[4].starts_with('[') || row[4] == row[24], "{row:?}");
    }
    // The old tables have no such header: asked for one, the command says which table has it.
    let err = refused(&["table", "--data", data, "--force", "hampshire", "--period", "2022-23", "--metadata"]);
    assert_eq!(err, "error: check failed: --metadata prints the site's table of a mapped measure: give its key (e.g. --measure harm-rate)");
}

#[test]
fn report_says_the_site_s_figures_in_sentences() {
    let data = published();
    let data = data.as_str();
    let (ok, report, stderr) = harm_prep(&["report", "--data", data, "--force", "hampshire", "--period", "2022-23"]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "Hampshire & Isle of Wight: force report, 2022-23 (April 2022 to March 2023)");
    for heading in ["Harm", "Black and White residents", "Where residents live", "Areas flagged by the funnel limits", "Data availability", "Caveats", "Sources and method"] {
        assert!(lines.contains(&heading), "no section {heading}:\n{report}");
    }
    // The harm and change sentences carry the force's figures as `measure` prints them.
    let force_value = |measure: &str| {
        let (_, csv, _) = harm_prep(&["measure", "--data", data, "--force", "hampshire", "--measure", measure, "--period", "2022-23", "--level", "force"]);
        csv.lines().nth(1).unwrap().split(',').map(str::to_string).collect::<Vec<_>>()
    };
    let rate = force_value("harm-rate");
    assert!(lines[3].contains(&format!(" was {} (95% interval ", rate[3])), "{}", lines[3]);
    let change = force_value("harm-change");
    assert!(lines[4].contains(&format!(" was {} times the baseline's (95% interval {} to {})", change[3], change[6], change[7])), "{}", lines[4]);
    // Wards above the funnel's 99.8% limit are named alphabetically.
    let flagged = lines.iter().find(|l| l.starts_with("Crime: ") && l.contains("above the 99.8% limit")).unwrap();
    let names: Vec<&str> = flagged.rsplit(": ").next().unwrap().trim_end_matches('.').split(", ").collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    let err = refused(&["report", "--data", data, "--force", "hampshire", "--period", "2031"]);
    assert!(err.contains("2031"), "{err}");
}

#[test]
fn forces_lists_every_force_in_name_order_with_its_data() {
    let data = published();
    let (ok, stdout, stderr) = harm_prep(&["forces", "--data", &data]);
    assert!(ok, "{stderr}");
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{data}/manifest.json")).unwrap()).unwrap();
    let forces = manifest["forces"].as_array().unwrap().len();
    let listed: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(listed.len(), forces, "{stdout}");
    assert!(listed.contains(&"west-midlands (E23000014): West Midlands — no street crime; stop and search records 2 months; stop and search 2017-2021 by district; use of force 2018-19 and 2019-20"), "{stdout}");
    let names: Vec<&str> = listed.iter().map(|l| l.split(": ").nth(1).unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "name order: {names:?}");
}
