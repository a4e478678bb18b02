//! The force report (the site's `?view=report`, `harm-prep report`): the
//! headline findings for a force and period in plain sentences with their
//! intervals, the areas the funnel limits flag, the data-availability
//! ratings, caveats, and sources and method. Built once here; the site
//! renders these strings and the command prints them, so they are equal.

use crate::availability::{dataset_label, overlaps, reason_words};
use crate::change::harm_rate_interval;
use crate::dataset::{ForceEntry, MonthlyData};
use crate::ethnicity::Basis;
use crate::figures::{self, ForceData};
use crate::format;
use crate::funnel::FunnelFlag;
use crate::harm::{CategoryWeights, WeightScheme};
use crate::lenses::{describe as describe_lens, published_lenses, residents_of};
use crate::level::Level;
use crate::measures::Source;
use crate::period::Period;
use crate::rag::RagRow;
use crate::searches::describe as describe_searches;
use crate::use_of_force::{use_of_force_figures, Tactic, UseOfForceRow};
use crate::view::ForceView;

/// Everything a report is written from: the view of the force (or module)
/// for the period and baseline, and the force's whole-force tables.
pub struct ReportInputs<'a> {
    pub force: &'a ForceEntry,
    /// The force's published data (use of force rates use all its residents).
    pub data: &'a ForceData,
    pub view: &'a ForceView,
    pub period: &'a Period,
    pub baseline: &'a Period,
    pub scheme: WeightScheme,
    pub weights: &'a CategoryWeights,
    /// The manifest's plain statement of what harm means under the scheme.
    pub weights_statement: &'a str,
    pub basis: Basis,
    pub use_of_force: &'a [UseOfForceRow],
    /// Every force's ratings (`rag.csv`).
    pub ratings: &'a [RagRow],
}

/// One part of the report: a heading and its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: &'static str,
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub sections: Vec<Section>,
}

impl Report {
    /// As `harm-prep report` prints it: the title, then each heading and
    /// its sentences, one a line, sections apart by a blank line.
    pub fn text(&self) -> String {
        let mut text = format!("{}\n", self.title);
        for section in &self.sections {
            text.push_str(&format!("\n{}\n", section.heading));
            for sentence in &section.sentences {
                text.push_str(&format!("{sentence}\n"));
            }
        }
        text
    }
}

pub const HARM: &str = "Harm";
pub const DISPARITY: &str = "Black and White residents";
pub const EXPOSURE: &str = "Where residents live";
pub const FLAGGED: &str = "Areas flagged by the funnel limits";
pub const AVAILABILITY: &str = "Data availability";
pub const CAVEATS: &str = "Caveats";
pub const METHOD: &str = "Sources and method";

/// The area a report is of: the force, or a module's wards ("... (module total)").
fn area_name<'a>(inputs: &'a ReportInputs) -> &'a str {
    if inputs.view.module.is_some() { &inputs.view.force().name } else { &inputs.force.name }
}

pub fn force_report(inputs: &ReportInputs) -> Report {
    let name = area_name(inputs);
    Report {
        title: format!("{name}: force report, {}", inputs.period.label),
        sections: vec![
            Section { heading: HARM, sentences: harm(inputs) },
            Section { heading: DISPARITY, sentences: disparity(inputs) },
            Section { heading: EXPOSURE, sentences: vec![exposure_sentence(inputs.view)] },
            Section { heading: FLAGGED, sentences: flagged(inputs.view, &inputs.period.label) },
            Section { heading: AVAILABILITY, sentences: availability(inputs) },
            Section { heading: CAVEATS, sentences: caveats(inputs) },
            Section { heading: METHOD, sentences: method(inputs) },
        ],
    }
}

/// "95% interval 0.97 to 2.01", each limit written as its figure is.
fn interval(lower: f64, upper: f64, written: fn(Option<f64>) -> String) -> String {
    let upper = if upper.is_finite() { written(Some(upper)) } else { "no upper limit".to_string() };
    format!("95% interval {} to {upper}", written(Some(lower)))
}

fn harm(inputs: &ReportInputs) -> Vec<String> {
    let (view, period, baseline) = (inputs.view, inputs.period, inputs.baseline);
    let force = view.force();
    let coverage = period.coverage(&inputs.force.months(MonthlyData::StreetCrime));
    let rate = force.crime.as_ref().and_then(|c| harm_rate_interval(&c.by_category, c.months_present, force.residents, inputs.weights));
    let level = match rate {
        Some((rate, lower, upper)) => format!(
            "Harm per resident per year in {} in {} was {} ({}), {} of street-crime data, weighted by the {}.",
            area_name(inputs),
            period.label,
            format::harm_rate(Some(rate)),
            interval(lower, upper, format::harm_rate),
            coverage.describe(),
            inputs.scheme.label()
        ),
        None if !coverage.has_data() => format!(
            "No harm per resident can be given for {} in {}: no street-crime data is published for any of its months (missing, not zero).",
            area_name(inputs),
            period.label
        ),
        None => format!(
            "No harm per resident can be given for {} in {}: a category of its crime has no weight under the {}, or its wards have no residents.",
            area_name(inputs),
            period.label,
            inputs.scheme.label()
        ),
    };
    vec![level, change_sentence(view, period, baseline)]
}

/// The force's (or module's) change in harm per resident per year since the
/// baseline, with its interval and whether it is beyond chance; the site's
/// trends view says the same.
pub fn change_sentence(view: &ForceView, period: &Period, baseline: &Period) -> String {
    match view.force_change() {
        Some(c) => format!(
            "Compared with {}, harm per resident per year was {} times the baseline's ({}), comparing {}: {}",
            baseline.label,
            format::ratio(Some(c.ratio)),
            interval(c.lower, c.upper, format::ratio),
            view.compared.describe(),
            if c.spans_one() {
                "the interval includes 1, so the change could be chance."
            } else if c.ratio > 1.0 {
                "more harm per resident than in the baseline, beyond chance."
            } else {
                "less harm per resident than in the baseline, beyond chance."
            }
        ),
        None => format!("Change since {} cannot be measured for {}: {}.", baseline.label, period.label, view.compared.describe()),
    }
}

fn disparity(inputs: &ReportInputs) -> Vec<String> {
    let (view, period, basis) = (inputs.view, inputs.period, inputs.basis);
    let mut sentences = vec![match view.force_searches() {
        Some(s) => format!("Stop and search, {}: {}", period.label, describe_searches(s, basis, "stop and search")),
        None => format!("Stop and search: no stop-and-search data is published for {}, so no comparison is shown (not zero).", period.label),
    }];
    // Published for the whole force by financial year only: rates use all its residents.
    let residents = residents_of(&inputs.data.wards, 0..inputs.data.wards.len());
    if inputs.force.use_of_force_periods.is_empty() {
        sentences.push("Use of force: no use-of-force statistics are published for this force.".into());
    }
    for year in &inputs.force.use_of_force_periods {
        for tactic in [Tactic::All, Tactic::Ced] {
            let Some(f) = use_of_force_figures(inputs.use_of_force, year, tactic, residents) else { continue };
            sentences.push(match f.black_white.as_ref() {
                Some(r) => format!(
                    "{}, {year} (whole force, Home Office statistics, ethnicity as the officer perceived it; uses, not people): the Black/White ratio of uses per resident was {} ({}).",
                    tactic.label(),
                    format::limit(Some(r.ratio.unwrap_or(f64::INFINITY))),
                    interval(r.lower, r.upper, format::ratio)
                ),
                None => format!("{}, {year}: too few uses to compare Black and White residents' rates.", tactic.label()),
            });
        }
    }
    let force_lenses = view.at(Level::Force).lenses.first();
    for lens in published_lenses(&inputs.force.force_held) {
        sentences.push(match force_lenses.and_then(|l| l.get(lens.index())).and_then(Option::as_ref) {
            Some(c) => format!("{}, {}: {}", lens.label(), period.label, describe_lens(lens, c, basis)),
            None => format!("{}: {}", lens.label(), view.lens_missing(lens, Level::Force).unwrap_or_default()),
        });
    }
    sentences
}

/// Exposure disparity, plain and deprivation-adjusted, as the report and
/// the site's force summary say it.
pub fn exposure_sentence(view: &ForceView) -> String {
    match (figures::exposure(view.wards()), figures::adjusted_exposure(view.wards())) {
        (Some(e), Some(a)) => format!(
            "Black residents live in wards with {} times the harm per resident of White residents' wards ({} against {} harm per resident per year, averaged over where each group lives); compared within the same national deprivation decile, {} times{}. No interval is computed for these ratios.",
            format::ratio(Some(e.ratio)),
            format::harm_rate(Some(e.black_mean_rate)),
            format::harm_rate(Some(e.white_mean_rate)),
            format::ratio(Some(a.ratio)),
            if a.black_share_excluded > 0.0 {
                format!(" ({} of Black residents are in deciles without White residents and are left out)", format::percent(Some(a.black_share_excluded)))
            } else {
                String::new()
            }
        ),
        _ => "Exposure disparity needs crime data for the period; none is published for this force and period.".into(),
    }
}

/// Wards whose rate lies beyond the funnel plot's limits: judged against
/// the chance variation expected at their size, named alphabetically, never
/// ranked by volume.
fn flagged(view: &ForceView, period: &str) -> Vec<String> {
    let mut sentences = vec![
        "Each ward's rate is judged against the limits chance would give a ward of its size around the force's rate (95% and 99.8%), so small wards are not flagged for noise and large wards are not flagged for volume; wards are named in alphabetical order, not ranked.".to_string(),
    ];
    for (source, what, events) in [(Source::Crime, "Crime", "crimes"), (Source::Searches, "Stop and search", "searches")] {
        let Some(funnel) = view.funnel(source, Level::Ward) else {
            sentences.push(match source {
                Source::Searches => format!("{what} by ward is not plotted. {}", view.searches_missing(Level::Ward, period).unwrap_or_else(|| "No ward has published searches to plot.".into())),
                _ => format!("{what} by ward is not plotted: no ward has crime data for {period}."),
            });
            continue;
        };
        let named = |wanted: FunnelFlag| {
            let mut names: Vec<&str> =
                funnel.points.iter().zip(&funnel.flags).filter(|(_, f)| **f == Some(wanted)).map(|(p, _)| p.name.as_str()).collect();
            names.sort_unstable();
            names
        };
        let wards = |n: usize| if n == 1 { "1 ward".to_string() } else { format!("{n} wards") };
        let (above, below) = (named(FunnelFlag::AboveOuter), named(FunnelFlag::BelowOuter).len());
        let (above_inner, below_inner) = (named(FunnelFlag::AboveInner).len(), named(FunnelFlag::BelowInner).len());
        let of = funnel.points.len();
        sentences.push(if above.is_empty() {
            format!("{what}: no ward of the {of} plotted is above the 99.8% limit.")
        } else {
            format!("{what}: {} of the {of} plotted {} above the 99.8% limit, with more {events} per resident than chance would explain: {}.", wards(above.len()), if above.len() == 1 { "is" } else { "are" }, above.join(", "))
        });
        sentences.push(format!(
            "{what}: {} more above the 95% limit only; {} below the 99.8% limit and {} below the 95% limit only, with fewer {events} per resident than chance would explain.",
            wards(above_inner),
            wards(below),
            wards(below_inner)
        ));
    }
    sentences
}

/// The force's ratings in the financial years the period overlaps, as on
/// the data-availability page.
fn availability(inputs: &ReportInputs) -> Vec<String> {
    let rows: Vec<String> = inputs
        .ratings
        .iter()
        .filter(|r| r.force == inputs.force.id && overlaps(r, inputs.period))
        .map(|r| format!("{}, {}: {} ({}).", dataset_label(&r.dataset), r.period, r.rating.label(), reason_words(r)))
        .collect();
    if rows.is_empty() {
        vec![format!("No data-availability rating is published for {} in the years of {}.", inputs.force.name, inputs.period.label)]
    } else {
        rows
    }
}

fn caveats(inputs: &ReportInputs) -> Vec<String> {
    let coverage = inputs.period.coverage(&inputs.force.months(MonthlyData::StreetCrime));
    vec![
        format!(
            "Harm counts only crime recorded by the police and published by police.uk; crime that is not reported or not recorded is not in it. {} of the {} months of {} have street-crime data; a missing month is a gap, never a zero, and rates are annualised from the months with data.",
            coverage.present.len(),
            coverage.months.len(),
            inputs.period.label
        ),
        "A disparity is a difference to be understood, not by itself proof of bias: who police come into contact with, and where, also shapes it.".into(),
        "Rates use Census 2021 usual residents; years before 2021 do not reflect population change.".into(),
        format!("Counts of people by ethnic group below force level are rounded and suppressed for disclosure control; a suppressed count is {} and never taken as zero; figures resting on fewer than 10 events or 100 residents are marked {}.", crate::table_file::SUPPRESSED.0, crate::table_file::LOW_RELIABILITY.0),
    ]
}

fn method(inputs: &ReportInputs) -> Vec<String> {
    vec![
        inputs.weights_statement.to_string(),
        format!("Street crime and stop and search: police.uk; residents by ethnic group: ONS Census 2021; deprivation: English Indices of Deprivation 2025; use of force: Home Office statistics; all under the Open Government Licence v3.0. Every input file, with its SHA-256, is listed in provenance.json beside the published data. Ethnicity: {} for stop and search and force-held records.", inputs.basis.label()),
        "Intervals are 95%: for harm, each category's count varies like a Poisson count, so harm's variance is the sum of weight squared times count, and the interval is taken on the log scale; change compares the same calendar months of both periods; Black/White rate ratios use the log scale, or exact limits when a count is under 10.".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rag::Rating;
    use crate::table_file::two_wards;

    #[test]
    fn sentences_by_hand() {
        let (entry, data) = two_wards::force();
        let (period, baseline) = two_wards::periods();
        let weights = data.weights(WeightScheme::Counts).unwrap();
        let view = two_wards::view(&data);
        let ratings = vec![RagRow {
            force: "f".into(),
            dataset: "street_crime".into(),
            period: "2022-23".into(),
            rating: Rating::Red,
            reason: "Red: 1 of 12 months".into(),
            facts: None,
        }];
        let inputs = ReportInputs {
            force: &entry,
            data: &data,
            view: &view,
            period: &period,
            baseline: &baseline,
            scheme: WeightScheme::Counts,
            weights,
            weights_statement: "Every crime weighs 1.",
            basis: Basis::SelfDefined,
            use_of_force: &[],
            ratings: &ratings,
        };
        let report = force_report(&inputs);
        let section = |heading: &str| report.sections.iter().find(|s| s.heading == heading).unwrap().sentences.clone();
        assert_eq!(report.title, "Force: force report, 2022-23 (April 2022 to March 2023)");
        // 2022-23: 70 crimes in its one month with data, x 12 / 4,000 residents
        // = 0.21. Variance 70 (counts weigh 1), se of ln harm = sqrt(70)/70 =
        // 0.119523; limits 0.21 x exp(-/+ 1.959964 x 0.119523) = 0.166143, 0.265434.
        // Change 70 / 50 = 1.4, se = sqrt(1/70 + 1/50) = 0.185164;
        // limits 1.4 x exp(-/+ 0.362915) = 0.973904, 2.012519.
        assert_eq!(
            section(HARM),
            [
                "Harm per resident per year in Force in 2022-23 (April 2022 to March 2023) was 0.2100 (95% interval 0.1661 to 0.2654), from 1 of 12 months of street-crime data, weighted by the Plain counts (every crime weighs 1).",
                "Compared with 2018-19 (April 2018 to March 2019), harm per resident per year was 1.40 times the baseline's (95% interval 0.97 to 2.01), comparing Oct (1 month of the baseline, 1 month of the comparison): the interval includes 1, so the change could be chance.",
            ]
        );
        // W1 0.48 (40 x 12 / 1,000), W2 0.12 (30 x 12 / 3,000). Black mean
        // (200 x 0.48 + 100 x 0.12) / 300 = 0.36; White (800 x 0.48 + 2,900 x
        // 0.12) / 3,700 = 732 / 3,700 = 0.197838; ratio 1.8197. One decile,
        // so the adjusted ratio is the same.
        assert_eq!(
            section(EXPOSURE),
            ["Black residents live in wards with 1.82 times the harm per resident of White residents' wards (0.3600 against 0.1978 harm per resident per year, averaged over where each group lives); compared within the same national deprivation decile, 1.82 times. No interval is computed for these ratios."]
        );
        let disparity = section(DISPARITY);
        assert_eq!(disparity[0], "Stop and search: no stop-and-search data is published for 2022-23 (April 2022 to March 2023), so no comparison is shown (not zero).");
        assert_eq!(disparity[1], "Use of force: no use-of-force statistics are published for this force.");
        // Funnel centre 70 / 4,000 = 0.0175: W1 expects 17.5 and has 40 (far
        // above the 99.8% limit), W2 expects 52.5 and has 30 (far below).
        let flagged = section(FLAGGED);
        assert_eq!(flagged[1], "Crime: 1 ward of the 2 plotted is above the 99.8% limit, with more crimes per resident than chance would explain: W1.");
        assert_eq!(flagged[2], "Crime: 0 wards more above the 95% limit only; 1 ward below the 99.8% limit and 0 wards below the 95% limit only, with fewer crimes per resident than chance would explain.");
        assert_eq!(flagged[3], "Stop and search by ward is not plotted. No stop-and-search data is published for 2022-23 (April 2022 to March 2023).");
        assert_eq!(section(AVAILABILITY), [format!("{}, 2022-23: Red (1 of 12 months).", dataset_label("street_crime"))]);
        assert!(section(CAVEATS)[0].contains(" 1 of the 12 months of 2022-23 (April 2022 to March 2023) have street-crime data; "), "{:?}", section(CAVEATS));
        assert!(report.text().starts_with("Force: force report, 2022-23 (April 2022 to March 2023)\n\nHarm\nHarm per resident per year in Force"));
    }
}
