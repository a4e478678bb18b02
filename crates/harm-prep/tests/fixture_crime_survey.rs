//! The crime survey's national estimates on the made-up fixture tables
//! (`tests/fixtures/raw/crime-survey/`, gzip-compressed; `zcat` shows them):
//! the rows taken, their 95% intervals worked out by hand, and every fault
//! of a table named with its file, line, field and value.

mod common;

use common::{copy_tree, files_under, fixtures};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use harm_core::ethnicity::EthnicGroup;
use harm_core::survey::{parse_crime_survey, SurveyMeasure, CRIME_SURVEY};
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::io::{Read, Write};
use std::path::Path;

const VIOLENCE: &str = "crime-survey/violence-risk-data.csv.gz";
const FAIRNESS: &str = "crime-survey/fairness-perception-data.csv.gz";

fn build_into(raw: &Path, out: &Path) -> Result<(), harm_prep::error::PrepError> {
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw)?, common::FIXTURE_BUILT)?;
    report.files.write_all(out)?;
    Ok(())
}

/// Rewrites a compressed table of a copy of the fixture, then builds it: the
/// build's error, with nothing written.
fn error_after(table: &str, change: impl FnOnce(String) -> String) -> String {
    let raw = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("raw"), raw.path());
    let path = raw.path().join(table);
    let mut text = String::new();
    GzDecoder::new(std::fs::File::open(&path).unwrap()).read_to_string(&mut text).unwrap();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(change(text).as_bytes()).unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    error_of(raw.path())
}

fn error_of(raw: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let err = build_into(raw, out.path()).expect_err("the build must fail");
    assert!(files_under(out.path()).is_empty(), "nothing may be written when the build fails");
    err.to_string()
}

#[test]
fn black_and_white_adults_estimates_with_hand_computed_intervals() {
    let out = tempfile::tempdir().unwrap();
    build_into(&fixtures().join("raw"), out.path()).unwrap();
    let text = std::fs::read_to_string(out.path().join(CRIME_SURVEY)).unwrap();
    assert!(text.starts_with(
        "measure,variable,label,group,estimate,standard_error,lower,upper,unweighted_count,period,geography,source\n\
         violence-by-someone-known,acquai_p,Victims of violence by someone they know,black,0.02,0.005,"
    ));
    let rows = parse_crime_survey(CRIME_SURVEY, &text).unwrap();
    // (measure, group, estimate, SE, lower, upper, people asked): the rows
    // for all adults aged 16+ of 2018 Q4, England and Wales, by nsethgrp;
    // the fixture's rows of other ages, sexes, groups, years and variables
    // (0.3, 0.03, 0.2, 0.011, 0.5, 0.04, 0.25, 0.7) are not taken.
    // Intervals: estimate -/+ 1.959964 x SE, clipped to [0, 1].
    use EthnicGroup::{Black, White};
    use SurveyMeasure::*;
    let expected = [
        // 0.02 -/+ 0.00979982
        (ViolenceBySomeoneKnown, Black, 0.02, 0.005, 0.01020018, 0.02979982, 400),
        // 0.01 -/+ 0.003919928
        (ViolenceBySomeoneKnown, White, 0.01, 0.002, 0.006080072, 0.013919928, 5000),
        // 0.004 -/+ 0.005879892: the lower limit, -0.001879892, clipped to 0
        (ViolenceByStranger, Black, 0.004, 0.003, 0.0, 0.009879892, 400),
        // 0.008 -/+ 0.001959964
        (ViolenceByStranger, White, 0.008, 0.001, 0.006040036, 0.009959964, 5000),
        // 0.95 -/+ 0.07839856: the upper limit, 1.02839856, clipped to 1
        (JusticeSystemFair, Black, 0.95, 0.04, 0.87160144, 1.0, 30),
        // 0.6 -/+ 0.01959964
        (JusticeSystemFair, White, 0.6, 0.01, 0.58040036, 0.61959964, 2000),
    ];
    assert_eq!(rows.len(), expected.len());
    for (row, (measure, group, estimate, se, lower, upper, people)) in rows.iter().zip(expected) {
        let published = (row.measure, row.group, row.estimate, row.standard_error, row.lower, row.upper, row.unweighted_count);
        assert_eq!(published, (measure, group, estimate, se, lower, upper, people));
        assert_eq!((row.period.as_str(), row.geography.as_str()), ("year to December 2018", "England and Wales"));
    }
    assert!(rows[0].source.contains("personal crime prevalence"));
    assert!(rows[4].source.contains("perceptions of the criminal justice system"));
}

#[test]
fn a_missing_row_is_named() {
    let err = error_after(VIOLENCE, |t| t.lines().filter(|l| !(l.contains("strang_p") && l.contains(",White,"))).collect::<Vec<_>>().join("\n"));
    assert!(
        err.contains("crime survey: no row for strang_p (Victims of violence by a stranger) for White adults in crime-survey/violence-risk-data.csv.gz, crime-survey/fairness-perception-data.csv.gz"),
        "{err}"
    );
}

#[test]
fn a_repeated_row_names_both_lines() {
    let row = "2018,4,acquai_p,Person,Prevalence rate,England and Wales,NA,All adults,16+,nsethgrp,Black/African/Caribbean/Black British,0.02,0.005,400\n";
    let err = error_after(VIOLENCE, |t| t.replacen(row, &row.repeat(2), 1));
    assert_eq!(
        err,
        "crime-survey/violence-risk-data.csv.gz, line 5, field 'characteristic': value 'Black/African/Caribbean/Black British' \
         repeats the variable, sex, age and ethnic group of line 4: one row per variable, sex, age and ethnic group"
    );
}

#[test]
fn a_row_in_two_tables_is_refused() {
    let err = error_after(VIOLENCE, |t| t + "2018,4,fairova1dv,Person,Perception,England and Wales,NA,All adults,16+,nsethgrp,White,0.6,0.01,2000\n");
    assert_eq!(
        err,
        "check failed: crime-survey/violence-risk-data.csv.gz, line 14, and crime-survey/fairness-perception-data.csv.gz, line 4, \
         both give fairova1dv for White adults: one row per measure and group across the crime survey tables"
    );
}

#[test]
fn a_value_that_is_not_a_share_is_named() {
    let err = error_after(VIOLENCE, |t| t.replacen("Black British,0.02,0.005,400", "Black British,NA,NA,400", 1));
    assert_eq!(err, "crime-survey/violence-risk-data.csv.gz, line 4, field 'estimate': value 'NA' is not a share from 0 to 1");
    // A percentage where a share belongs.
    let err = error_after(FAIRNESS, |t| t.replacen("Black British,0.95,0.04,30", "Black British,95,4,30", 1));
    assert_eq!(err, "crime-survey/fairness-perception-data.csv.gz, line 3, field 'estimate': value '95' is not a share from 0 to 1");
    let err = error_after(FAIRNESS, |t| t.replacen("White,0.6,0.01,2000", "White,0.6,-0.01,2000", 1));
    assert_eq!(
        err,
        "crime-survey/fairness-perception-data.csv.gz, line 4, field 'standard_error': value '-0.01' is not the standard error of a share (from 0 to 1)"
    );
    let err = error_after(FAIRNESS, |t| t.replacen("White,0.6,0.01,2000", "White,0.6,0.01,2000.5", 1));
    assert!(err.contains("line 4, field 'unweighted_count': value '2000.5' is not a whole, non-negative count"), "{err}");
    let err = error_after(FAIRNESS, |t| t.replacen("White,0.6,0.01,2000", "White,0.6,0.01", 1));
    assert!(err.contains("line 4, field 'estimate': value '0.6' is on a row with 13 fields where the header has 14"), "{err}");
}

#[test]
fn a_table_that_is_not_gzip_is_named() {
    let raw = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("raw"), raw.path());
    std::fs::write(raw.path().join(FAIRNESS), "year,quarter\n2018,4\n").unwrap();
    let err = error_of(raw.path());
    assert!(err.starts_with("crime-survey/fairness-perception-data.csv.gz: cannot be decompressed as gzip: "), "{err}");
    // Cut short: the stream ends before its checksum.
    let whole = std::fs::read(fixtures().join("raw").join(VIOLENCE)).unwrap();
    std::fs::write(raw.path().join(FAIRNESS), &whole[..whole.len() / 2]).unwrap();
    let err = error_of(raw.path());
    assert!(err.starts_with("crime-survey/fairness-perception-data.csv.gz: cannot be decompressed as gzip: "), "{err}");
}
