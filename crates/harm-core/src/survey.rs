//! National context from the Crime Survey for England and Wales (CSEW):
//! estimates for Black and White adults of crime whether or not it was
//! reported to the police, and of how people see the criminal justice system.
//! Shown beside every force's figures as the same national figures, never as
//! local or police-recorded ones ([`CAVEAT`]).
//!
//! Published as `crime-survey.csv` ([`CRIME_SURVEY_COLUMNS`]): one row per
//! measure and group (Black, White), each a share of adults with its standard
//! error and 95% interval, the number of people it rests on, its period,
//! geography and source.
//!
//! Only CSEW variables whose meaning is confirmed are published
//! ([`SurveyMeasure`]): the source's own chart code labels `fairova1dv`,
//! `acquai_p` and `strang_p` (mpjashby/cj-charts, `fairness-perception.Rmd`,
//! `violence-risk.Rmd`); the other codes of the open data tables need the ONS
//! variable guide, which is not among the inputs, so they are not labelled.
//!
//! No Black/White ratio is published. A ratio of two shares would need the
//! log-scale (delta-method) interval `exp(ln R -/+ 1.96 sqrt((se_b/p_b)^2 +
//! (se_w/p_w)^2))`, which assumes the two estimates independent and each
//! roughly normal on the log scale. Neither holds well here: both groups come
//! from one clustered sample, and the Black estimates of violence rest on
//! roughly 3 and 9 victims (estimate x unweighted count, year to December
//! 2018), far below the 10 events the map itself asks before it gives a
//! log-scale interval, with no exact alternative for weighted survey
//! estimates. The two groups' estimates and intervals are shown side by side.

use crate::csv_rows::{CsvRows, FirstLines, InputError, Row};
use crate::ethnicity::EthnicGroup;

/// The published file of national crime survey estimates.
pub const CRIME_SURVEY: &str = "crime-survey.csv";

pub const CRIME_SURVEY_COLUMNS: [&str; 12] = [
    "measure",
    "variable",
    "label",
    "group",
    "estimate",
    "standard_error",
    "lower",
    "upper",
    "unweighted_count",
    "period",
    "geography",
    "source",
];

/// Said wherever a crime survey figure is shown.
pub const CAVEAT: &str = "These are national survey estimates for England and Wales, not local or \
    police-recorded figures: the Crime Survey for England and Wales asks a sample of adults in \
    households about crime they experienced, whether or not they reported it to the police, and \
    what they think of the criminal justice system. The same figures are shown beside every force. \
    Each is a share of adults with its 95% interval; the number of people asked is given, and few \
    people mean a wide interval.";

/// The groups a crime survey measure is published for: Black always beside White.
pub const SURVEY_GROUPS: [EthnicGroup; 2] = [EthnicGroup::Black, EthnicGroup::White];

/// A crime survey measure published as national context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SurveyMeasure {
    ViolenceBySomeoneKnown,
    ViolenceByStranger,
    JusticeSystemFair,
}

impl SurveyMeasure {
    pub const ALL: [SurveyMeasure; 3] =
        [SurveyMeasure::ViolenceBySomeoneKnown, SurveyMeasure::ViolenceByStranger, SurveyMeasure::JusticeSystemFair];

    /// Key in the published file and in URLs.
    pub fn key(self) -> &'static str {
        match self {
            SurveyMeasure::ViolenceBySomeoneKnown => "violence-by-someone-known",
            SurveyMeasure::ViolenceByStranger => "violence-by-stranger",
            SurveyMeasure::JusticeSystemFair => "justice-system-fair",
        }
    }

    pub fn from_key(key: &str) -> Option<SurveyMeasure> {
        SurveyMeasure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The CSEW open data tables' variable (`measurement_var`).
    pub fn variable(self) -> &'static str {
        match self {
            SurveyMeasure::ViolenceBySomeoneKnown => "acquai_p",
            SurveyMeasure::ViolenceByStranger => "strang_p",
            SurveyMeasure::JusticeSystemFair => "fairova1dv",
        }
    }

    pub fn from_variable(variable: &str) -> Option<SurveyMeasure> {
        SurveyMeasure::ALL.into_iter().find(|m| m.variable() == variable)
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyMeasure::ViolenceBySomeoneKnown => "Victims of violence by someone they know",
            SurveyMeasure::ViolenceByStranger => "Victims of violence by a stranger",
            SurveyMeasure::JusticeSystemFair => "Think the criminal justice system as a whole is fair",
        }
    }

    /// One sentence saying what the share counts.
    pub fn description(self) -> &'static str {
        match self {
            SurveyMeasure::ViolenceBySomeoneKnown => {
                "The share of adults who were victims of violence by someone they know at least once in \
                 the 12 months before they were asked, whether or not it was reported to the police."
            }
            SurveyMeasure::ViolenceByStranger => {
                "The share of adults who were victims of violence by someone they did not know at least \
                 once in the 12 months before they were asked, whether or not it was reported to the police."
            }
            SurveyMeasure::JusticeSystemFair => {
                "The share of adults who are confident that the criminal justice system as a whole is fair."
            }
        }
    }
}

/// The two-sided 95% point of the standard normal distribution.
const Z_95: f64 = 1.959964;

/// The 95% interval of a share from its standard error: the normal
/// approximation `estimate -/+ 1.959964 x SE`, with the standard error the
/// survey's open data table gives beside each estimate (the survey computes
/// it; nothing here assumes a simple random sample). A share cannot leave
/// [0, 1], so the limits are clipped to it; a clipped limit marks an
/// estimate too near 0 or 1 for the approximation. The limits are
/// rounded to 12 significant figures, past the 10 the survey gives, so that
/// binary rounding noise (0.013919928000000002) stays out of what is shown,
/// but never so far that the estimate leaves its interval.
pub fn survey_interval(estimate: f64, standard_error: f64) -> (f64, f64) {
    let half = Z_95 * standard_error;
    let limit = |x: f64| {
        let x = x.clamp(0.0, 1.0);
        format!("{x:.11e}").parse().unwrap_or(x)
    };
    (limit(estimate - half).min(estimate), limit(estimate + half).max(estimate))
}

/// A share of adults from 0 to 1, as in a crime survey table.
pub fn read_share(row: &Row, column: &str) -> Result<f64, InputError> {
    row.text(column)
        .parse::<f64>()
        .ok()
        .filter(|s| (0.0..=1.0).contains(s))
        .ok_or_else(|| row.error(column, "is not a share from 0 to 1"))
}

/// The standard error of a share: from 0 to 1.
pub fn read_standard_error(row: &Row, column: &str) -> Result<f64, InputError> {
    row.text(column)
        .parse::<f64>()
        .ok()
        .filter(|s| (0.0..=1.0).contains(s))
        .ok_or_else(|| row.error(column, "is not the standard error of a share (from 0 to 1)"))
}

/// One published estimate: a measure for one group of adults.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyEstimate {
    pub measure: SurveyMeasure,
    pub group: EthnicGroup,
    /// A share of adults, from 0 to 1.
    pub estimate: f64,
    pub standard_error: f64,
    /// The 95% interval of [`survey_interval`].
    pub lower: f64,
    pub upper: f64,
    /// People in the survey the estimate rests on.
    pub unweighted_count: u64,
    /// e.g. "year to December 2018".
    pub period: String,
    /// e.g. "England and Wales".
    pub geography: String,
    pub source: String,
}

impl SurveyEstimate {
    /// The estimate with its interval computed by [`survey_interval`].
    pub fn new(
        (measure, group): (SurveyMeasure, EthnicGroup),
        (estimate, standard_error): (f64, f64),
        unweighted_count: u64,
        (period, geography, source): (&str, &str, &str),
    ) -> SurveyEstimate {
        let (lower, upper) = survey_interval(estimate, standard_error);
        SurveyEstimate {
            measure,
            group,
            estimate,
            standard_error,
            lower,
            upper,
            unweighted_count,
            period: period.to_string(),
            geography: geography.to_string(),
            source: source.to_string(),
        }
    }

    /// The row's fields in [`CRIME_SURVEY_COLUMNS`] order. Numbers are
    /// written in the shortest form that reads back to the same value, so
    /// the published shares equal the survey's own.
    pub fn fields(&self) -> Vec<String> {
        vec![
            self.measure.key().to_string(),
            self.measure.variable().to_string(),
            self.measure.label().to_string(),
            self.group.key().to_string(),
            self.estimate.to_string(),
            self.standard_error.to_string(),
            self.lower.to_string(),
            self.upper.to_string(),
            self.unweighted_count.to_string(),
            self.period.clone(),
            self.geography.clone(),
            self.source.clone(),
        ]
    }
}

/// Reads `crime-survey.csv`: every measure of [`SurveyMeasure::ALL`] for
/// Black and White adults, once each, returned in that order. A variable or
/// label that is not the measure's, or an interval that is not the one
/// computed from the estimate and its standard error, is an error: the file
/// would be showing one thing under another's name.
pub fn parse_crime_survey(file: &str, text: &str) -> Result<Vec<SurveyEstimate>, InputError> {
    let mut estimates = Vec::new();
    let mut first = FirstLines::default();
    CsvRows::new(file, text.as_bytes(), &CRIME_SURVEY_COLUMNS)?.for_each(|row| {
        let measure = SurveyMeasure::from_key(row.text("measure")).ok_or_else(|| {
            let keys: Vec<&str> = SurveyMeasure::ALL.iter().map(|m| m.key()).collect();
            row.error("measure", format!("is not a crime survey measure ({})", keys.join(", ")))
        })?;
        if row.text("variable") != measure.variable() {
            return Err(row.error("variable", format!("is not {}, the survey variable of {}", measure.variable(), measure.key())));
        }
        if row.text("label") != measure.label() {
            return Err(row.error("label", format!("is not '{}', the label of {}", measure.label(), measure.key())));
        }
        let group = EthnicGroup::from_key(row.text("group"))
            .filter(|g| SURVEY_GROUPS.contains(g))
            .ok_or_else(|| row.error("group", "is not black or white"))?;
        first.first(row, "group", (measure, group), "measure and group")?;
        let (estimate, standard_error) = (read_share(row, "estimate")?, read_standard_error(row, "standard_error")?);
        if let Some(empty) = ["period", "geography", "source"].into_iter().find(|c| row.text(c).is_empty()) {
            return Err(row.error(empty, "is empty"));
        }
        let about = (row.text("period"), row.text("geography"), row.text("source"));
        let e = SurveyEstimate::new((measure, group), (estimate, standard_error), row.count("unweighted_count")?, about);
        for (column, limit) in [("lower", e.lower), ("upper", e.upper)] {
            if row.text(column).parse::<f64>().ok() != Some(limit) {
                return Err(row.error(column, format!("is not {limit}, the 95% limit of the estimate and its standard error")));
            }
        }
        estimates.push(e);
        Ok(())
    })?;
    let missing: Vec<String> = SurveyMeasure::ALL
        .into_iter()
        .flat_map(|m| SURVEY_GROUPS.map(|g| (m, g)))
        .filter(|&(m, g)| !estimates.iter().any(|e| e.measure == m && e.group == g))
        .map(|(m, g)| format!("{} for {} adults", m.key(), g.label()))
        .collect();
    if !missing.is_empty() {
        return Err(InputError::file(file, format!("has no row for {}", missing.join(", "))));
    }
    estimates.sort_by_key(|e| (e.measure, e.group));
    Ok(estimates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_by_hand() {
        // 0.5 -/+ 1.959964 x 0.06 = 0.5 -/+ 0.11759784.
        assert_eq!(survey_interval(0.5, 0.06), (0.38240216, 0.61759784));
        // 0.004 - 1.959964 x 0.003 = 0.004 - 0.005879892 < 0: clipped to 0;
        // the upper limit 0.009879892 stands (0.009879892000000001 before rounding).
        assert_eq!(survey_interval(0.004, 0.003), (0.0, 0.009879892));
        // 0.9 + 0.11759784 > 1: clipped to 1; the lower limit 0.78240216 stands.
        assert_eq!(survey_interval(0.9, 0.06), (0.78240216, 1.0));
        // 0.01 -/+ 1.959964 x 0.002 = 0.01 -/+ 0.003919928 (0.013919928000000002 before rounding).
        assert_eq!(survey_interval(0.01, 0.002), (0.006080072, 0.013919928));
        // No standard error, no width: a share of 0 stays [0, 0]. An
        // estimate of 17 significant figures stays inside its interval: the
        // lower limit, rounded to 0.4559541278, would pass it, so it is the
        // estimate itself.
        assert_eq!(survey_interval(0.0, 0.0), (0.0, 0.0));
        assert_eq!(survey_interval(0.45595412779999994, 0.0), (0.45595412779999994, 0.4559541278));
    }

    #[test]
    fn keys_and_variables_round_trip() {
        for m in SurveyMeasure::ALL {
            assert_eq!(SurveyMeasure::from_key(m.key()), Some(m));
            assert_eq!(SurveyMeasure::from_variable(m.variable()), Some(m));
            assert!(m.description().ends_with('.'));
        }
        assert_eq!(SurveyMeasure::from_variable("patt1"), None, "an unconfirmed variable has no label");
    }

    fn text(rows: &[SurveyEstimate]) -> String {
        let mut out = CRIME_SURVEY_COLUMNS.join(",") + "\n";
        for r in rows {
            out += &r.fields().iter().map(|f| if f.contains(',') { format!("\"{f}\"") } else { f.clone() }).collect::<Vec<_>>().join(",");
            out += "\n";
        }
        out
    }

    fn all_rows() -> Vec<SurveyEstimate> {
        SurveyMeasure::ALL
            .into_iter()
            .flat_map(|m| SURVEY_GROUPS.map(|g| (m, g)))
            .map(|k| SurveyEstimate::new(k, (0.456, 0.0677), 64, ("year to December 2018", "England and Wales", "CSEW, ONS")))
            .collect()
    }

    #[test]
    fn rows_read_back_as_written() {
        let rows = all_rows();
        assert_eq!(parse_crime_survey(CRIME_SURVEY, &text(&rows)).unwrap(), rows);
        // 0.456 -/+ 1.959964 x 0.0677 = 0.456 -/+ 0.1326895628.
        assert_eq!((rows[0].lower, rows[0].upper), (0.3233104372, 0.5886895628));
    }

    #[test]
    fn a_wrong_or_missing_row_is_refused() {
        let rows = all_rows();
        let good = text(&rows);
        let err = |t: &str| parse_crime_survey(CRIME_SURVEY, t).unwrap_err().to_string();
        let relabelled = good.replacen("acquai_p", "domest_p", 1);
        assert_eq!(
            err(&relabelled),
            "crime-survey.csv, line 2, field 'variable': value 'domest_p' is not acquai_p, the survey variable of violence-by-someone-known"
        );
        let mut edited = rows.clone();
        edited[0].lower = 0.3;
        assert!(err(&text(&edited)).contains("line 2, field 'lower': value '0.3' is not 0.3233104372"), "{}", err(&text(&edited)));
        let mut lines: Vec<&str> = good.lines().collect();
        let white_stranger = lines.remove(4);
        assert!(white_stranger.starts_with("violence-by-stranger,strang_p,Victims of violence by a stranger,white,"));
        assert_eq!(err(&(lines.join("\n") + "\n")), "crime-survey.csv: has no row for violence-by-stranger for White adults");
        lines.insert(2, lines[1]);
        assert!(err(&lines.join("\n")).contains("line 3, field 'group': value 'black' repeats the measure and group of line 2"));
        assert!(err(&good.replacen(",black,", ",asian,", 1)).contains("is not black or white"));
        assert!(err(&good.replacen("0.456", "45.6", 1)).contains("field 'estimate': value '45.6' is not a share from 0 to 1"));
    }
}
