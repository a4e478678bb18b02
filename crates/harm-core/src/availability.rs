//! The data availability page and its links: the published ratings
//! (`rag.csv`, [`crate::rag`]) as a matrix of force and dataset by financial
//! year, the thresholds behind them in words, and which ratings concern a
//! measure, so every measure whose data is rated Red or Amber for the chosen
//! force and period links to the page.

use crate::lenses::Lens;
use crate::measures::{Measure, Source};
use crate::period::Period;
use crate::rag::{Levels, RagRow, Rating, Thresholds};

/// A dataset key of `rag.csv` in words.
pub fn dataset_label(key: &str) -> String {
    match key {
        "street-crime" => "Street crime (police.uk)".into(),
        "stop-and-search" => "Stop and search (police.uk)".into(),
        "use-of-force" => "Use of force (Home Office)".into(),
        "taser" => "Taser (Home Office)".into(),
        "victims" => "Victims (force-held)".into(),
        "suspects-offenders" => "Suspects and offenders (force-held)".into(),
        "calls-for-service" => "Calls for service (force-held)".into(),
        "use-of-force-by-ward" => "Use of force by ward (force-held)".into(),
        "census" => "Census 2021 residents".into(),
        "deprivation" => "Deprivation (IMD)".into(),
        "weights" => "Harm weights (recorded crime volumes)".into(),
        other => other.replace('-', " "),
    }
}

/// The `rag.csv` datasets a measure is computed from.
pub fn measure_datasets(measure: Measure) -> Vec<&'static str> {
    match measure.source() {
        Source::Crime if measure.uses_weights() => vec!["street-crime", "weights", "census"],
        Source::Change => vec!["street-crime", "weights"],
        Source::Crime if matches!(measure, Measure::Count(_)) => vec!["street-crime"],
        Source::Crime => vec!["street-crime", "census"],
        Source::Census if measure == Measure::ImdDecile => vec!["deprivation"],
        Source::Census => vec!["census"],
        Source::Searches => vec!["stop-and-search", "census"],
        Source::Lens(lens) => vec![lens_dataset(lens), "census"],
    }
}

fn lens_dataset(lens: Lens) -> &'static str {
    lens.key()
}

/// Whether the rating's financial year (or any period key) overlaps `period`.
pub fn overlaps(row: &RagRow, period: &Period) -> bool {
    Period::parse(&row.period, &[], None).is_ok_and(|p| p.from <= period.to && period.from <= p.to)
}

/// The ratings of `force`'s data behind `measure` that are Red or Amber in a
/// financial year overlapping `period`, worst first, in `rag.csv` order.
pub fn concerns<'a>(rows: &'a [RagRow], force: &str, measure: Measure, period: &Period) -> Vec<&'a RagRow> {
    let datasets = measure_datasets(measure);
    let mut found: Vec<&RagRow> = rows
        .iter()
        .filter(|r| r.force == force && r.rating != Rating::Green && datasets.contains(&r.dataset.as_str()) && overlaps(r, period))
        .collect();
    found.sort_by_key(|r| r.rating);
    found
}

/// The reason without its leading rating ("8 of 12 months").
pub fn reason_words(row: &RagRow) -> &str {
    row.reason.strip_prefix(&format!("{}: ", row.rating.label())).unwrap_or(&row.reason)
}

/// "Data availability: Amber — 8 of 12 months (Street crime, 2022-23)".
pub fn concern_text(row: &RagRow) -> String {
    format!(
        "Data availability: {} — {} ({}, {})",
        row.rating.label(),
        reason_words(row),
        dataset_label(&row.dataset).split(" (").next().unwrap_or_default(),
        row.period
    )
}

/// One row of the matrix: a force's dataset, its rating in each period of
/// [`Matrix::periods`] (`None` where `rag.csv` has no row).
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub force: String,
    pub dataset: String,
    pub cells: Vec<Option<RagRow>>,
}

/// Every force and dataset of `rag.csv` by period.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Periods in order (financial years sort as text).
    pub periods: Vec<String>,
    /// In order of first appearance in `rag.csv`.
    pub rows: Vec<MatrixRow>,
}

pub fn matrix(rows: &[RagRow]) -> Matrix {
    let mut periods: Vec<String> = rows.iter().map(|r| r.period.clone()).collect();
    periods.sort();
    periods.dedup();
    let mut out: Vec<MatrixRow> = Vec::new();
    for r in rows {
        let at = periods.iter().position(|p| *p == r.period).expect("listed");
        let i = match out.iter().position(|m| m.force == r.force && m.dataset == r.dataset) {
            Some(i) => i,
            None => {
                out.push(MatrixRow { force: r.force.clone(), dataset: r.dataset.clone(), cells: vec![None; periods.len()] });
                out.len() - 1
            }
        };
        out[i].cells[at] = Some(r.clone());
    }
    Matrix { periods, rows: out }
}

/// A share as a percentage in words: 0.95 -> "95%", 0.001 -> "0.1%".
fn percent(share: f64) -> String {
    let text = format!("{:.2}", share * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

fn months_words(share: f64) -> String {
    match share {
        s if s >= 1.0 => "every month of the year".into(),
        0.5 => "at least half of the months".into(),
        s => format!("at least {} of the months", percent(s)),
    }
}

fn level_words(l: &Levels) -> String {
    format!(
        "{} with data, at least {} of records located (placed in a ward), ethnicity stated for at least {} of records (each basis the data records) and at most {} of records rejected",
        months_words(l.months_share),
        percent(l.located_share),
        percent(l.ethnicity_stated_share),
        percent(l.max_rejected_share)
    )
}

/// The thresholds in words, for the caption of the matrix.
pub fn thresholds_in_words(t: &Thresholds) -> String {
    format!(
        "Green (G) needs {}. Amber (A) needs {}. Red (R) is anything less, or no data. \
         A fact that does not apply to a dataset (locations in a table by force, ethnicity in the census) is not rated; \
         the worst fact decides the rating, and the reason names the facts that hold it there.",
        level_words(&t.green),
        level_words(&t.amber)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::rag::parse_rag;

    const RAG: &str = "force,dataset,period,rating,reason,access,months_present,months_in_period,records,located_share,self_defined_stated_share,officer_defined_stated_share,rejected_share\n\
        f,street-crime,2018-19,Red,Red: 4 of 12 months,open,4,12,100,1.0000,,,0.0000\n\
        f,street-crime,2019-20,Amber,Amber: 8 of 12 months,open,8,12,100,1.0000,,,0.0000\n\
        f,stop-and-search,2018-19,Red,Red: no data,,,,,,,,\n\
        f,census,2018-19,Green,Green: complete,open,0,0,10,,,,\n\
        f,deprivation,2019-20,Amber,Amber: 85.0% of records located,open,0,0,10,0.85,,,\n\
        g,street-crime,2019-20,Green,Green: 12 of 12 months,open,12,12,100,1.0000,,,0.0000\n";

    #[test]
    fn the_matrix_holds_every_row_once() {
        let rows = parse_rag("rag.csv", RAG).unwrap();
        let m = matrix(&rows);
        assert_eq!(m.periods, ["2018-19", "2019-20"]);
        let keys: Vec<(&str, &str)> = m.rows.iter().map(|r| (r.force.as_str(), r.dataset.as_str())).collect();
        assert_eq!(keys, [("f", "street-crime"), ("f", "stop-and-search"), ("f", "census"), ("f", "deprivation"), ("g", "street-crime")]);
        assert_eq!(m.rows[1].cells[1], None, "no row for 2019-20");
        assert_eq!(m.rows[0].cells[1].as_ref().unwrap().reason, "Amber: 8 of 12 months");
    }

    #[test]
    fn concerns_of_a_measure_and_period() {
        let rows = parse_rag("rag.csv", RAG).unwrap();
        let fy = Period::financial_year;
        // Harm in 2019-20: street crime Amber (census and weights not Red or Amber there).
        let harm = concerns(&rows, "f", Measure::HarmRate, &fy(2019));
        assert_eq!(harm.len(), 1);
        assert_eq!(concern_text(harm[0]), "Data availability: Amber — 8 of 12 months (Street crime, 2019-20)");
        // Calendar year 2019 overlaps both financial years: Red first.
        let both = concerns(&rows, "f", Measure::Count(Category::Burglary), &Period::calendar_year(2019));
        assert_eq!(both.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(), ["2018-19", "2019-20"]);
        // Stop and search in 2018-19: Red, no data; deprivation only for the IMD decile.
        assert_eq!(reason_words(concerns(&rows, "f", Measure::SearchRatio, &fy(2018))[0]), "no data");
        assert_eq!(concerns(&rows, "f", Measure::ImdDecile, &fy(2019)).len(), 1);
        assert!(concerns(&rows, "f", Measure::BlackShare, &fy(2018)).is_empty(), "census is Green");
        assert!(concerns(&rows, "g", Measure::HarmRate, &fy(2019)).is_empty());
        assert_eq!(measure_datasets(Measure::Lens(Lens::CallsForService, crate::measures::LensStat::Ratio)), ["calls-for-service", "census"]);
    }

    #[test]
    fn thresholds_said() {
        // The recipe's documented thresholds, as the manifest carries them.
        let t = Thresholds::default();
        let words = thresholds_in_words(&t);
        assert!(words.starts_with("Green (G) needs every month of the year with data, at least 95% of records located (placed in a ward), ethnicity stated for at least 90% of records (each basis the data records) and at most 0.1% of records rejected. Amber (A) needs at least half of the months with data, at least 80% of records located"), "{words}");
        assert!(words.contains("and at most 1% of records rejected. Red (R) is anything less, or no data."), "{words}");
    }
}
