//! The ONS Crime Severity Score list of weights, in its official shape:
//! offence code, offence, weight, edition.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::CsvRows;
use std::collections::BTreeMap;

pub struct WeightsTable {
    pub edition: String,
    pub by_offence_code: BTreeMap<String, f64>,
}

pub fn read_weights(raw: &RawFolder, spec: &InputSpec) -> Result<WeightsTable> {
    let cols = [spec.column("offence_code")?, spec.column("offence")?, spec.column("weight")?, spec.column("edition")?];
    let [code, _offence, weight, edition] = cols;
    let bytes = raw.read("weights", spec, &spec.path)?;
    let mut by_offence_code = BTreeMap::new();
    let mut editions: Option<String> = None;
    CsvRows::new(&spec.path, bytes.as_slice(), &cols)?.for_each(|row| {
        let w: f64 = row.parse(weight, "a number")?;
        if !w.is_finite() || w < 0.0 {
            return Err(row.error(weight, "is not a non-negative number"));
        }
        match &editions {
            None => editions = Some(row.text(edition).to_string()),
            Some(first) if first != row.text(edition) => {
                return Err(row.error(edition, format!("differs from the first row's edition '{first}'")))
            }
            Some(_) => {}
        }
        if by_offence_code.insert(row.text(code).to_string(), w).is_some() {
            return Err(row.error(code, "appears twice"));
        }
        Ok(())
    })?;
    let edition = editions.ok_or_else(|| PrepError::Check(format!("{}: the weights table has no rows", spec.path)))?;
    Ok(WeightsTable { edition, by_offence_code })
}
