//! Publishing the Crime Survey for England and Wales estimates as national
//! context: `crime-survey.csv` ([`harm_core::survey::CRIME_SURVEY_COLUMNS`]),
//! one file for every force, since the survey's figures are national.

use crate::error::Result;
use crate::inputs::crime_survey::read_crime_survey;
use crate::publish::csv_text;
use crate::raw::RawFolder;
use crate::recipe::InputSpec;
use harm_core::survey::{SurveyEstimate, CRIME_SURVEY_COLUMNS};

/// `crime-survey.csv` from the survey tables `specs`.
pub fn publish_crime_survey(raw: &RawFolder, specs: &[InputSpec]) -> Result<String> {
    let estimates = read_crime_survey(raw, specs)?;
    Ok(csv_text(&CRIME_SURVEY_COLUMNS, estimates.iter().map(SurveyEstimate::fields)))
}
