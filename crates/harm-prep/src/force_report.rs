//! `harm-prep report`: the force report's sentences for a force and period,
//! written by the core function the site's report page renders
//! ([`harm_core::report::force_report`]), so they are the same strings.

use crate::error::{PrepError, Result};
use crate::table::{read_text, resolve, Choice, Resolved};
use harm_core::dataset::ForceFiles;
use harm_core::modules::Module;
use harm_core::rag::{parse_rag, RAG};
use harm_core::report::{force_report, Report, ReportInputs};
use harm_core::use_of_force::parse_use_of_force;
use std::path::Path;

/// The report of `force_id` for the choice (its level is not used: the
/// report covers every level), over the wards of `module`.
pub fn report(data: &Path, force_id: &str, choice: &Choice, module: &Module) -> Result<Report> {
    let Resolved { force, period, baseline, view } = resolve(data, force_id, None, choice, module)?;
    let path = ForceFiles::use_of_force(force_id);
    let use_of_force = parse_use_of_force(&path, &read_text(data, &path)?)?;
    let ratings = parse_rag(RAG, &read_text(data, RAG)?)?;
    let statement = force
        .manifest
        .weights_info(choice.scheme)
        .map(|w| w.statement.clone())
        .ok_or_else(|| PrepError::Check(format!("the dataset publishes no '{}' weights", choice.scheme.key())))?;
    Ok(force_report(&ReportInputs {
        force: &force.entry,
        data: &force.data,
        view: &view,
        period: &period,
        baseline: &baseline,
        scheme: choice.scheme,
        weights: force.weights(choice.scheme)?,
        weights_statement: &statement,
        basis: choice.basis,
        use_of_force: &use_of_force,
        ratings: &ratings,
    }))
}
