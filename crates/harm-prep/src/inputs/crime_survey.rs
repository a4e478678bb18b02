//! The Crime Survey for England and Wales open data tables (gzip-compressed
//! CSV in long format: one row per variable, sex, age and characteristic).
//! From each table the rows of the confirmed measures
//! ([`harm_core::survey::SurveyMeasure`]) are taken for all adults of all
//! ages by ethnic group, Black and White, for the period and geography the
//! recipe gives; every such row must be found exactly once across the
//! tables, and a missing one is an error naming it.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{CsvRows, FirstLines, InputError};
use harm_core::ethnicity::EthnicGroup;
use harm_core::survey::{read_share, read_standard_error, SurveyEstimate, SurveyMeasure, SURVEY_GROUPS};
use std::io::Read;
use std::path::PathBuf;

/// The most a table may decompress to: the real tables are under 15 MB, and
/// a damaged or hostile file must not fill the memory.
pub const MAX_DECOMPRESSED_BYTES: u64 = 256 << 20;

/// The bytes of a gzip file. Every member is read (a gzip file may be
/// several compressed members one after another, and reading only the first
/// would drop rows without a word).
pub fn gunzip(file: &str, compressed: &[u8]) -> std::result::Result<Vec<u8>, InputError> {
    let mut text = Vec::new();
    flate2::read::MultiGzDecoder::new(compressed)
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| InputError::file(file, format!("cannot be decompressed as gzip: {e}")))?;
    if text.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(InputError::file(file, format!("decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes")));
    }
    Ok(text)
}

/// A row taken from a table, with where it was read.
struct Found {
    estimate: SurveyEstimate,
    file: String,
    line: u64,
}

/// Every measure for Black and White adults from the tables `specs`, in
/// [`SurveyMeasure::ALL`] then Black, White order.
pub fn read_crime_survey(raw: &RawFolder, specs: &[InputSpec]) -> Result<Vec<SurveyEstimate>> {
    let mut found: Vec<Found> = Vec::new();
    for spec in specs {
        let bytes = raw.read("crime_survey", spec, &spec.path)?;
        for row in parse_table(spec, &bytes)? {
            let (measure, group) = (row.estimate.measure, row.estimate.group);
            if let Some(earlier) = found.iter().find(|f| (f.estimate.measure, f.estimate.group) == (measure, group)) {
                return Err(PrepError::Check(format!(
                    "{}, line {}, and {}, line {}, both give {} for {} adults: one row per measure and group across the crime survey tables",
                    earlier.file,
                    earlier.line,
                    row.file,
                    row.line,
                    measure.variable(),
                    group.label()
                )));
            }
            found.push(row);
        }
    }
    let mut missing = Vec::new();
    for measure in SurveyMeasure::ALL {
        for group in SURVEY_GROUPS {
            if !found.iter().any(|f| (f.estimate.measure, f.estimate.group) == (measure, group)) {
                missing.push(format!("{} ({}) for {} adults", measure.variable(), measure.label(), group.label()));
            }
        }
    }
    if !missing.is_empty() {
        let files: Vec<&str> = specs.iter().map(|s| s.path.as_str()).collect();
        return Err(PrepError::Check(format!(
            "crime survey: no row for {} in {} (rows for the sex, age, ethnic group, year, quarter and geography the recipe's values name)",
            missing.join("; "),
            if files.is_empty() { "no table: the recipe names none".to_string() } else { files.join(", ") }
        )));
    }
    let mut estimates: Vec<SurveyEstimate> = found.into_iter().map(|f| f.estimate).collect();
    estimates.sort_by_key(|e| (e.measure, e.group));
    Ok(estimates)
}

/// The wanted rows of one compressed table.
fn parse_table(spec: &InputSpec, compressed: &[u8]) -> Result<Vec<Found>> {
    let period = spec.period.as_deref().ok_or_else(|| PrepError::Recipe {
        path: PathBuf::from(&spec.path),
        reason: format!("input '{}' does not give its period (e.g. \"year to December 2018\")", spec.path),
    })?;
    let text = gunzip(&spec.path, compressed)?;
    let (year, quarter, geography) = (spec.column("year")?, spec.column("quarter")?, spec.column("geography")?);
    let (variable, sex, age) = (spec.column("variable")?, spec.column("sex")?, spec.column("age")?);
    let (characteristic_var, characteristic) = (spec.column("characteristic_var")?, spec.column("characteristic")?);
    let (estimate, standard_error, unweighted_count) =
        (spec.column("estimate")?, spec.column("standard_error")?, spec.column("unweighted_count")?);
    let place = spec.value("geography")?;
    // The rows wanted: the recipe's text in each of these columns.
    let wanted = [
        (year, spec.value("year")?),
        (quarter, spec.value("quarter")?),
        (geography, place),
        (sex, spec.value("all_adults")?),
        (age, spec.value("all_ages")?),
        (characteristic_var, spec.value("ethnic_group_variable")?),
    ];
    let group_texts: Vec<(EthnicGroup, &str)> =
        SURVEY_GROUPS.iter().map(|&g| spec.value(g.key()).map(|text| (g, text))).collect::<Result<_>>()?;
    let mut rows = Vec::new();
    let mut first = FirstLines::default();
    let columns = [year, quarter, geography, variable, sex, age, characteristic_var, characteristic, estimate, standard_error, unweighted_count];
    CsvRows::new(&spec.path, &text, &columns)?.for_each(|row| {
        let Some(measure) = SurveyMeasure::from_variable(row.text(variable)) else { return Ok(()) };
        let Some(&(group, _)) = group_texts.iter().find(|(_, text)| row.text(characteristic) == *text) else { return Ok(()) };
        if wanted.iter().any(|&(column, text)| row.text(column) != text) {
            return Ok(());
        }
        super::complete(row, estimate)?;
        first.first(row, characteristic, (measure, group), "variable, sex, age and ethnic group")?;
        let e = SurveyEstimate::new(
            (measure, group),
            (read_share(row, estimate)?, read_standard_error(row, standard_error)?),
            row.count(unweighted_count)?,
            (period, place, &spec.source),
        );
        rows.push(Found { estimate: e, file: spec.path.clone(), line: row.line() });
        Ok(())
    })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(text: &str) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn every_member_of_a_gzip_file_is_read() {
        let two_members = [gzip("year,quarter\n2018,4\n"), gzip("2018,3\n")].concat();
        assert_eq!(gunzip("t.csv.gz", &two_members).unwrap(), b"year,quarter\n2018,4\n2018,3\n");
        let err = gunzip("t.csv.gz", b"year,quarter\n").unwrap_err().to_string();
        assert!(err.starts_with("t.csv.gz: cannot be decompressed as gzip: "), "{err}");
    }
}
