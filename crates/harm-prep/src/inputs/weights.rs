//! Lists of harm weights: the ONS Crime Severity Score list (offence code,
//! offence, weight) and the Cambridge Crime Harm Index by Home Office
//! subgroup (category, subgroup, days, national count). Each has an edition,
//! from a column or, for a republished file without one, from the recipe.

use crate::error::{PrepError, Result};
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::csv_rows::{CsvRows, FirstLines, InputError, Row};
use harm_core::harm::{chi_category_weights, CategoryWeights, SubgroupDays};
use harm_core::Category;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The CSS list of weights: sentence-days by Home Office offence code.
pub struct WeightsTable {
    pub edition: String,
    pub by_offence_code: BTreeMap<String, f64>,
}

/// The Cambridge Crime Harm Index carried to police.uk categories.
pub struct ChiWeights {
    pub edition: String,
    pub weights: CategoryWeights,
}

pub fn read_weights(raw: &RawFolder, spec: &InputSpec) -> Result<WeightsTable> {
    let (code, offence, weight) = (spec.column("offence_code")?, spec.column("offence")?, spec.column("weight")?);
    let mut edition = Edition::of(spec)?;
    let bytes = raw.read("weights", spec, &spec.path)?;
    let mut by_offence_code = BTreeMap::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &edition.with_column([code, offence, weight]))?.for_each(|row| {
        let w = non_negative(row, weight)?;
        edition.check(row)?;
        first.first(row, code, row.text(code).to_string(), "offence code")?;
        by_offence_code.insert(row.text(code).to_string(), w);
        Ok(())
    })?;
    Ok(WeightsTable { edition: edition.finish(spec)?, by_offence_code })
}

/// Reads the index by subgroup and carries it to categories; every
/// harm-bearing category must get a weight, or harm under the index would
/// silently leave its crimes out.
pub fn read_chi_weights(raw: &RawFolder, spec: &InputSpec) -> Result<ChiWeights> {
    let (category, subgroup, days, count) =
        (spec.column("category")?, spec.column("subgroup")?, spec.column("days")?, spec.column("count")?);
    let mut edition = Edition::of(spec)?;
    let bytes = raw.read("chi_weights", spec, &spec.path)?;
    let mut subgroups = Vec::new();
    let mut first = FirstLines::default();
    CsvRows::new(&spec.path, bytes.as_slice(), &edition.with_column([category, subgroup, days, count]))?.for_each(|row| {
        let c = Category::from_label(row.text(category))
            .filter(|c| c.carries_harm())
            .ok_or_else(|| row.error(category, "is not a harm-bearing police.uk crime category"))?;
        first.first(row, subgroup, row.text(subgroup).to_string(), "subgroup")?;
        edition.check(row)?;
        subgroups.push(SubgroupDays {
            category: c,
            subgroup: row.text(subgroup).to_string(),
            days: non_negative(row, days)?,
            count: row.count(count)?,
        });
        Ok(())
    })?;
    let edition = edition.finish(spec)?;
    let weights = chi_category_weights(&subgroups);
    if let Some(missing) = weights.weights.iter().find(|w| w.weight.is_none()) {
        return Err(InputError::file(
            &spec.path,
            format!("no subgroup of the category '{}' has a national count, so it has no weight", missing.category),
        )
        .into());
    }
    Ok(ChiWeights { edition, weights })
}

/// A weight: a finite number of days, not negative.
fn non_negative(row: &Row, column: &str) -> std::result::Result<f64, InputError> {
    let w: f64 = row.parse(column, "a number")?;
    if !w.is_finite() || w < 0.0 {
        return Err(row.error(column, "is not a non-negative number"));
    }
    Ok(w)
}

/// A list's edition: the recipe's `edition`, or an `edition` column on
/// which every row must agree. It also sees every row, so an empty list,
/// which has no edition and weighs nothing, is an error.
struct Edition<'s> {
    column: Option<&'s str>,
    value: Option<String>,
    rows: u64,
}

impl<'s> Edition<'s> {
    fn of(spec: &'s InputSpec) -> Result<Edition<'s>> {
        let recipe_error = |reason: &str| PrepError::Recipe {
            path: PathBuf::from(&spec.path),
            reason: format!("input '{}' {reason}", spec.path),
        };
        let column = spec.columns.get("edition").map(String::as_str);
        match (&spec.edition, column) {
            (Some(_), Some(_)) => Err(recipe_error("gives both an edition and an edition column: give one")),
            (None, None) => Err(recipe_error("gives neither an edition nor an edition column")),
            (given, column) => Ok(Edition { column, value: given.clone(), rows: 0 }),
        }
    }

    /// The required columns, with the edition column when there is one.
    fn with_column<const N: usize>(&self, columns: [&'s str; N]) -> Vec<&'s str> {
        columns.into_iter().chain(self.column).collect()
    }

    fn check(&mut self, row: &Row) -> std::result::Result<(), InputError> {
        self.rows += 1;
        let Some(column) = self.column else { return Ok(()) };
        match &self.value {
            None => self.value = Some(row.text(column).to_string()),
            Some(first) if first != row.text(column) => {
                return Err(row.error(column, format!("differs from the first row's edition '{first}'")))
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn finish(self, spec: &InputSpec) -> Result<String> {
        self.value
            .filter(|_| self.rows > 0)
            .ok_or_else(|| PrepError::Check(format!("{}: the list of weights has no rows", spec.path)))
    }
}
