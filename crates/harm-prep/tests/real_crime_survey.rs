//! The crime survey's national estimates on the real CSEW open data tables
//! (year to December 2018). The raw folder comes from HARM_MAP_RAW_DATA;
//! without it these tests say so and do nothing.

use flate2::read::GzDecoder;
use harm_core::ethnicity::EthnicGroup;
use harm_core::survey::{parse_crime_survey, survey_interval, SurveyMeasure, CRIME_SURVEY};
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
mod common;

use common::{project, raw_folder};
use harm_prep::survey_out::publish_crime_survey;
use std::path::Path;


/// (estimate, standard error, unweighted count) of a row of all adults aged
/// 16+ by `nsethgrp`, found with the csv crate alone, not the build's reader.
fn raw_row(raw: &Path, table: &str, variable: &str, group: &str) -> (f64, f64, u64) {
    let file = std::fs::File::open(raw.join("crime-survey").join(table)).unwrap();
    let mut reader = csv::Reader::from_reader(GzDecoder::new(file));
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let found: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| {
            r[at("measurement_var")] == *variable
                && r[at("sex")] == *"All adults"
                && r[at("age")] == *"16+"
                && r[at("characteristic_var")] == *"nsethgrp"
                && r[at("characteristic")] == *group
        })
        .collect();
    assert_eq!(found.len(), 1, "{table} {variable} {group}");
    let r = &found[0];
    (r[at("estimate")].parse().unwrap(), r[at("standard_error")].parse().unwrap(), r[at("unweighted_count")].parse().unwrap())
}

#[test]
fn published_estimates_are_the_surveys_own() {
    let Some(raw) = raw_folder() else { return };
    let recipe = read_recipe(&project().join("data/recipe.toml")).unwrap();
    let tables = recipe.inputs.crime_survey.as_deref().expect("data/recipe.toml names the crime survey tables");
    let text = publish_crime_survey(&RawFolder::new(&raw).unwrap(), tables).unwrap();
    let committed = std::fs::read_to_string(project().join("data").join(CRIME_SURVEY)).unwrap();
    assert_eq!(text, committed, "data/{CRIME_SURVEY} is not what the raw tables give: rebuild the published data");
    let rows = parse_crime_survey(CRIME_SURVEY, &text).unwrap();
    assert_eq!(rows.len(), 6);

    // The estimates as `zcat` shows them, rows of all adults aged 16+.
    let black = "Black/African/Caribbean/Black British";
    let expected = [
        (SurveyMeasure::ViolenceBySomeoneKnown, "violence-risk-data.csv.gz", black, "0.00350077124", 934),
        (SurveyMeasure::ViolenceBySomeoneKnown, "violence-risk-data.csv.gz", "White", "0.0060895455200000006", 30398),
        (SurveyMeasure::ViolenceByStranger, "violence-risk-data.csv.gz", black, "0.00937586015", 934),
        (SurveyMeasure::ViolenceByStranger, "violence-risk-data.csv.gz", "White", "0.00947833897", 30398),
        (SurveyMeasure::JusticeSystemFair, "fairness-perception-data.csv.gz", black, "0.45595412779999994", 64),
        (SurveyMeasure::JusticeSystemFair, "fairness-perception-data.csv.gz", "White", "0.6568398451", 1948),
    ];
    for (row, (measure, table, group, estimate, people)) in rows.iter().zip(expected) {
        let g = if group == "White" { EthnicGroup::White } else { EthnicGroup::Black };
        assert_eq!((row.measure, row.group), (measure, g));
        let (raw_estimate, raw_se, raw_people) = raw_row(&raw, table, measure.variable(), group);
        assert_eq!(row.estimate, estimate.parse::<f64>().unwrap(), "{measure:?} {group}");
        assert_eq!((row.estimate, row.standard_error, row.unweighted_count), (raw_estimate, raw_se, raw_people));
        assert_eq!(row.unweighted_count, people);
        assert_eq!((row.lower, row.upper), survey_interval(raw_estimate, raw_se));
        assert!(row.lower < row.estimate && row.estimate < row.upper, "{row:?}");
        assert_eq!((row.period.as_str(), row.geography.as_str()), ("year to December 2018", "England and Wales"));
    }
    // The source's own chart says "only 46% of people who identify as black"
    // think the justice system as a whole is fair.
    assert_eq!(harm_core::format::percent(Some(rows[4].estimate)), "45.6%");
}
