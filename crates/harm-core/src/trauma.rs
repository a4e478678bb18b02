//! Community trauma score (experimental): a transparent composite of
//! standardised indicators, with weights a person can see and change, and
//! how far each area's rank depends on them.
//!
//! Method (also [`METHOD`], which the methodology page shows verbatim):
//!
//! 1. Indicators are measures of the registry ([`crate::measures`]) valued
//!    by [`measure_value`](crate::measures::measure_value) for the areas of
//!    one level of a view (a force, or a module of it), so the score reads
//!    exactly the figures on the map. Only rates, ratios and changes are
//!    indicators ([`is_indicator`]): counts grow with an area's size (the
//!    product compares rates, not volumes), and the census measures say who
//!    lives in an area and how deprived it is — context shown beside the
//!    score, not harm done to its residents.
//! 2. Each indicator is standardised over the areas with a value:
//!    z = (x - mean) / sd, with the population standard deviation (dividing
//!    by n), since the areas scored are every area of the view rather than a
//!    sample of a larger set (OECD/JRC 2008, "Handbook on Constructing
//!    Composite Indicators: Methodology and User Guide", step 5,
//!    standardisation or z-scores). Values are standardised as shown, without
//!    transformation. An indicator with fewer than two values, or the same
//!    value everywhere, cannot be standardised and is missing for every area.
//! 3. An area's score is the weighted mean of the z-scores it has:
//!    sum(w_k z_k) / sum(w_k) over its indicators with a value. An area
//!    missing more than half of the total weight has no score; a missing
//!    indicator is left out of both sums, never taken as zero (which would
//!    mean "average").
//! 4. Rank 1 is the highest score; tied scores share the best rank
//!    ([`crate::ranking`]).
//! 5. Sensitivity: the same z-scores re-weighted with every chosen indicator
//!    weighing the same, and with each indicator left out in turn (the
//!    others keeping their weights), each under the same missing-weight
//!    rule; an area's largest rank move is the biggest difference from its
//!    rank under the chosen weights.

use crate::breaks::{breaks, BreakMethod};
use crate::level::Level;
use crate::measures::{Classes, Measure, MeasureValue, Scale, Source, Status, SEQUENTIAL_CLASSES};
use crate::ranking::ranks_from_top;
use crate::view::ForceView;

/// The score's name wherever it appears.
pub const LABEL: &str = "Community trauma score (experimental)";

/// The score's key among the measures, in the site's URL and `harm-prep measure`.
pub const KEY: &str = "trauma-score";

/// The unit said beside a score.
pub const UNIT: &str = "weighted mean of standard scores, relative to the areas shown; experimental";

/// The methodology page's paragraph, verbatim.
pub const METHOD: &str = "\
    The community trauma score is experimental. It combines measures shown on this map — chosen from \
    the rates, ratios and changes the map offers, such as harm per resident per year, change in harm \
    since the baseline and stop and search of Black residents — into one number per area, with the \
    weights shown beside it, which you can change. It is not a measure of the trauma any person or \
    community has experienced, not a diagnosis or a prediction, and not a judgement of a community: \
    it is a summary of the figures it is built from, relative to the other areas shown (the force, \
    or the module chosen), so the same area can rank differently in another force or module, and no \
    set of weights is the right one. Each measure is standardised over the areas that have a value \
    for it: its mean is taken away and the result divided by its standard deviation (the population \
    standard deviation, as every area shown is included; OECD/JRC Handbook on Constructing Composite \
    Indicators, 2008). An area's score is the weighted mean of the standardised measures it has. A \
    measure an area has no value for (no data, or a count suppressed to protect the people involved) \
    is left out of that area's mean, never counted as zero; an area missing more than half of the \
    total weight has no score. A measure that cannot be standardised (fewer than two areas with a \
    value, or the same value everywhere) is missing for every area. Scores resting on a \
    low-reliability figure [u] are flagged. Rank 1 is the highest score; tied areas share the higher \
    rank. To show how much the ranks depend on the weights, each area's rank is also given with \
    equal weights and with each measure left out in turn, with its largest move. Counts are not \
    offered, as they grow with an area's size, nor are the share of Black residents and deprivation, \
    which describe who lives in an area rather than harm done to them; deprivation is shown beside \
    the score instead.";

/// One chosen indicator and its weight (any non-negative number; shown as
/// a share of the total).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    pub measure: Measure,
    pub weight: f64,
}

/// Whether a registry measure can be an indicator (see the module notes).
pub fn is_indicator(measure: Measure) -> bool {
    measure.source() != Source::Census && !matches!(measure, Measure::Count(_))
}

/// The registry's measures that can be indicators, in the registry's order:
/// what the site offers.
pub fn indicator_measures() -> Vec<Measure> {
    Measure::all().into_iter().filter(|&m| is_indicator(m)).collect()
}

/// The starting choice: harm per resident per year, change in harm since
/// the baseline and stop and search of Black residents, weighing the same.
pub fn default_indicators() -> Vec<Indicator> {
    [Measure::HarmRate, Measure::HarmChange, Measure::SearchRateBlack]
        .map(|measure| Indicator { measure, weight: 1.0 })
        .to_vec()
}

/// Why a choice of indicators cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndicatorError {
    #[error("choose at least one measure for the score")]
    NoneChosen,
    #[error("{0} cannot be part of the score: only rates, ratios and changes can")]
    NotAnIndicator(String),
    #[error("{0} is chosen twice")]
    Repeated(String),
    #[error("the weight of {0} must be a number of 0 or more")]
    BadWeight(String),
    #[error("at least one chosen measure must weigh more than 0")]
    NoWeight,
}

fn check(indicators: &[Indicator]) -> Result<(), IndicatorError> {
    if indicators.is_empty() {
        return Err(IndicatorError::NoneChosen);
    }
    for (i, indicator) in indicators.iter().enumerate() {
        let label = || indicator.measure.label();
        if !is_indicator(indicator.measure) {
            return Err(IndicatorError::NotAnIndicator(label()));
        }
        if indicators[..i].iter().any(|earlier| earlier.measure == indicator.measure) {
            return Err(IndicatorError::Repeated(label()));
        }
        if !(indicator.weight.is_finite() && indicator.weight >= 0.0) {
            return Err(IndicatorError::BadWeight(label()));
        }
    }
    if indicators.iter().all(|i| i.weight == 0.0) {
        return Err(IndicatorError::NoWeight);
    }
    Ok(())
}

/// The indicators and weights as a URL-safe key, in the indicators' order:
/// `harm-rate:2,harm-change:1,stop-search-rate-black:0.5`.
pub fn weights_key(indicators: &[Indicator]) -> String {
    indicators.iter().map(|i| format!("{}:{}", i.measure.key(), i.weight)).collect::<Vec<_>>().join(",")
}

/// Why a weights key could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightsKeyError {
    #[error("'{0}' is not a measure and weight: write measure:weight, e.g. harm-rate:2, separated by commas")]
    NotAPair(String),
    #[error("'{0}' is not a measure (measures the score can use: {1})")]
    UnknownMeasure(String, String),
    #[error("'{0}' is not a weight of {1}: write a number of 0 or more")]
    NotANumber(String, String),
    #[error(transparent)]
    Indicators(#[from] IndicatorError),
}

/// Reads a key written by [`weights_key`], checked as [`trauma_scores`]
/// checks a choice (an indicator, once, with a weight of 0 or more, one above 0).
pub fn parse_weights(key: &str) -> Result<Vec<Indicator>, WeightsKeyError> {
    let mut indicators = Vec::new();
    for pair in key.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (measure_key, weight) = pair.split_once(':').ok_or_else(|| WeightsKeyError::NotAPair(pair.to_string()))?;
        let measure = Measure::from_key(measure_key.trim()).ok_or_else(|| {
            let known: Vec<String> = indicator_measures().into_iter().map(Measure::key).collect();
            WeightsKeyError::UnknownMeasure(measure_key.trim().to_string(), known.join(", "))
        })?;
        let weight: f64 = weight
            .trim()
            .parse()
            .map_err(|_| WeightsKeyError::NotANumber(weight.trim().to_string(), measure.label()))?;
        indicators.push(Indicator { measure, weight });
    }
    check(&indicators)?;
    Ok(indicators)
}

/// A score as written on screen and in CSV: two decimal places ("0.00",
/// never "-0.00"); "no score" without one.
pub fn score_text(score: Option<f64>) -> String {
    match score {
        Some(s) if (s * 100.0).round() == 0.0 => "0.00".into(),
        Some(s) => format!("{s:.2}"),
        None => "no score".into(),
    }
}

/// Each area's score as a value the map, legend, panel and table show:
/// flagged [u] when a value behind it is low reliability; "no score" (not
/// zero) when more than half of the weight is missing.
pub fn score_values(scores: &TraumaScores) -> Vec<MeasureValue> {
    scores
        .areas
        .iter()
        .map(|a| MeasureValue {
            value: a.score,
            text: score_text(a.score),
            status: if a.score.is_some() { Status::Value } else { Status::NoData },
            low_reliability: a.low_reliability,
            interval: None,
        })
        .collect()
}

/// The force as one area has no score: a score compares areas.
pub fn force_value() -> MeasureValue {
    MeasureValue {
        value: None,
        text: "no score (a score compares areas)".into(),
        status: Status::NoData,
        low_reliability: false,
        interval: None,
    }
}

/// Colour classes of scores: light to dark, breaks from the scores shown,
/// labelled with two decimals as the scores are written.
pub fn score_classes(values: &[MeasureValue], method: BreakMethod) -> Classes {
    let present: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
    let Some(b) = breaks(&present, SEQUENTIAL_CLASSES, method) else {
        return Classes { scale: Scale::Sequential, labels: Vec::new(), area_class: vec![None; values.len()] };
    };
    let labels = (0..b.class_count())
        .map(|i| {
            let (lo, hi) = b.range_of(i);
            if lo == hi { score_text(Some(lo)) } else { format!("{} to {}", score_text(Some(lo)), score_text(Some(hi))) }
        })
        .collect();
    Classes { scale: Scale::Sequential, labels, area_class: values.iter().map(|v| v.value.map(|x| b.class_of(x))).collect() }
}

/// How one indicator was standardised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standardisation {
    pub measure: Measure,
    /// Areas with a value.
    pub areas: usize,
    /// Mean and population standard deviation of those values; `None` when
    /// the indicator cannot be standardised.
    pub mean_sd: Option<(f64, f64)>,
}

/// One area's score.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaScore {
    /// z-score of each indicator, in the indicators' order; `None` when missing.
    pub z: Vec<Option<f64>>,
    /// Share of the total weight the area has a z-score for.
    pub weight_present: f64,
    /// `None` when more than half of the weight is missing.
    pub score: Option<f64>,
    pub rank: Option<usize>,
    /// A value behind the score is low reliability ([u]).
    pub low_reliability: bool,
}

/// The scores of the areas of one level of a view, in the level's order.
#[derive(Debug, Clone, PartialEq)]
pub struct TraumaScores {
    pub indicators: Vec<Indicator>,
    pub standardisation: Vec<Standardisation>,
    pub areas: Vec<AreaScore>,
}

impl TraumaScores {
    /// Each indicator's weight as a share of the total, as shown beside the score.
    pub fn weight_shares(&self) -> Vec<f64> {
        weight_shares(&self.indicators)
    }
}

/// Each indicator's weight as a share of the total weight (NaN when every
/// weight is zero), for the weights as chosen, scored or not.
pub fn weight_shares(indicators: &[Indicator]) -> Vec<f64> {
    shares(&indicators.iter().map(|i| i.weight).collect::<Vec<_>>())
}

/// Scores the areas of `level` of `view` on `indicators`.
pub fn trauma_scores(view: &ForceView, level: Level, indicators: &[Indicator]) -> Result<TraumaScores, IndicatorError> {
    check(indicators)?;
    let values: Vec<Vec<MeasureValue>> = indicators.iter().map(|i| view.values(level, i.measure)).collect();
    Ok(score(indicators, &values))
}

/// `values[k][a]`: area a's value of indicator k.
fn score(indicators: &[Indicator], values: &[Vec<MeasureValue>]) -> TraumaScores {
    let standardisation: Vec<Standardisation> = indicators.iter().zip(values).map(|(i, v)| standardise(i.measure, v)).collect();
    let area_count = values.first().map_or(0, Vec::len);
    let z: Vec<Vec<Option<f64>>> = (0..area_count)
        .map(|a| {
            standardisation
                .iter()
                .zip(values)
                .map(|(s, v)| {
                    let (mean, sd) = s.mean_sd?;
                    Some((v[a].value.filter(|x| x.is_finite())? - mean) / sd)
                })
                .collect()
        })
        .collect();
    let weights: Vec<f64> = indicators.iter().map(|i| i.weight).collect();
    let scores = weighted(&z, &weights);
    let ranks = ranks_from_top(&scores);
    let areas = (0..area_count)
        .map(|a| AreaScore {
            weight_present: present_share(&z[a], &weights),
            score: scores[a],
            rank: ranks[a],
            low_reliability: z[a].iter().zip(values).zip(&weights).any(|((z, v), &w)| z.is_some() && w > 0.0 && v[a].low_reliability),
            z: z[a].clone(),
        })
        .collect();
    TraumaScores { indicators: indicators.to_vec(), standardisation, areas }
}

fn standardise(measure: Measure, values: &[MeasureValue]) -> Standardisation {
    let present: Vec<f64> = values.iter().filter_map(|v| v.value).filter(|x| x.is_finite()).collect();
    let n = present.len() as f64;
    let mean = present.iter().sum::<f64>() / n;
    let sd = (present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    Standardisation { measure, areas: present.len(), mean_sd: (present.len() >= 2 && sd > 0.0).then_some((mean, sd)) }
}

fn shares(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

fn present_share(z: &[Option<f64>], weights: &[f64]) -> f64 {
    z.iter().zip(shares(weights)).filter(|(z, _)| z.is_some()).map(|(_, s)| s).sum()
}

/// Weighted mean of each area's z-scores; `None` when the area has less
/// than half of the total weight.
fn weighted(z: &[Vec<Option<f64>>], weights: &[f64]) -> Vec<Option<f64>> {
    let total: f64 = weights.iter().sum();
    z.iter()
        .map(|area| {
            let (sum, present) = area
                .iter()
                .zip(weights)
                .filter_map(|(z, &w)| Some((w * (*z)?, w)))
                .fold((0.0, 0.0), |(s, p), (wz, w)| (s + wz, p + w));
            (present > 0.0 && 2.0 * present >= total).then(|| sum / present)
        })
        .collect()
}

/// Weights an alternative applies instead of the chosen ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// Every chosen indicator weighing the same.
    EqualWeights,
    /// The chosen weights with this indicator left out.
    Without(Measure),
}

impl Alternative {
    pub fn label(self) -> String {
        match self {
            Alternative::EqualWeights => "with equal weights".into(),
            Alternative::Without(m) => format!("without {}", in_a_sentence(&m.label())),
        }
    }
}

/// A measure's label inside a sentence: its first letter in lower case, the
/// rest as written ("stop and search per 1,000 Black residents").
pub fn in_a_sentence(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

/// Every area's rank under one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeRanks {
    pub alternative: Alternative,
    pub ranks: Vec<Option<usize>>,
}

/// An area's biggest rank change away from the chosen weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankMove {
    pub alternative: Alternative,
    pub from: usize,
    pub to: usize,
}

impl RankMove {
    pub fn size(&self) -> usize {
        self.from.abs_diff(self.to)
    }

    /// "4 to 1 without harm per resident per year"; "no move" when the rank holds.
    pub fn describe(&self) -> String {
        if self.size() == 0 {
            "no move".into()
        } else {
            format!("{} to {} {}", self.from, self.to, self.alternative.label())
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankSensitivity {
    /// Equal weights, then each indicator left out in indicator order (only
    /// with two or more indicators).
    pub alternatives: Vec<AlternativeRanks>,
    /// Per area: its largest move over the alternatives under which it has a
    /// rank (the first such alternative on a tie); `None` without a rank
    /// under the chosen weights or under every alternative.
    pub largest_move: Vec<Option<RankMove>>,
}

/// How the ranks of `scores` move under equal weights and with each indicator left out.
pub fn rank_sensitivity(scores: &TraumaScores) -> RankSensitivity {
    let z: Vec<Vec<Option<f64>>> = scores.areas.iter().map(|a| a.z.clone()).collect();
    let chosen: Vec<f64> = scores.indicators.iter().map(|i| i.weight).collect();
    let mut options = vec![(Alternative::EqualWeights, vec![1.0; chosen.len()])];
    if chosen.len() >= 2 {
        for (k, indicator) in scores.indicators.iter().enumerate() {
            let mut weights = chosen.clone();
            weights[k] = 0.0;
            options.push((Alternative::Without(indicator.measure), weights));
        }
    }
    let alternatives: Vec<AlternativeRanks> = options
        .into_iter()
        .map(|(alternative, weights)| AlternativeRanks {
            alternative,
            // Leaving out every weighed indicator leaves nothing to rank.
            ranks: if weights.iter().any(|&w| w > 0.0) { ranks_from_top(&weighted(&z, &weights)) } else { vec![None; z.len()] },
        })
        .collect();
    let largest_move = scores
        .areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let from = area.rank?;
            alternatives
                .iter()
                .filter_map(|alt| Some(RankMove { alternative: alt.alternative, from, to: alt.ranks[a]? }))
                .reduce(|best, m| if m.size() > best.size() { m } else { best })
        })
        .collect();
    RankSensitivity { alternatives, largest_move }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::measures::Status;

    fn values(xs: &[Option<f64>]) -> Vec<MeasureValue> {
        xs.iter()
            .map(|&value| MeasureValue {
                value,
                text: String::new(),
                status: if value.is_some() { Status::Value } else { Status::Suppressed },
                low_reliability: false,
                interval: None,
            })
            .collect()
    }

    fn indicator(measure: Measure, weight: f64) -> Indicator {
        Indicator { measure, weight }
    }

    #[test]
    fn scores_ranks_and_sensitivity_by_hand() {
        let indicators =
            [indicator(Measure::HarmRate, 2.0), indicator(Measure::SearchRateBlack, 1.0), indicator(Measure::HarmChange, 1.0)];
        // Five wards W1..W5.
        // Harm rate 1, 3, 1, 3, -: mean 2, population sd 1; z -1, 1, -1, 1, -.
        // Black search rate 2, 0, [c], 2, 0: mean 1, sd 1; z 1, -1, -, 1, -1.
        // Change -, -, 10, -, 20: mean 15, sd 5; z -, -, -1, -, 1.
        let mut input =
            vec![values(&[Some(1.0), Some(3.0), Some(1.0), Some(3.0), None]), values(&[Some(2.0), Some(0.0), None, Some(2.0), Some(0.0)])];
        let mut change = values(&[None, None, Some(10.0), None, Some(20.0)]);
        change[2].low_reliability = true;
        input.push(change);
        let s = score(&indicators, &input);
        assert_eq!(s.standardisation[0].mean_sd, Some((2.0, 1.0)));
        assert_eq!(s.standardisation[2], Standardisation { measure: Measure::HarmChange, areas: 2, mean_sd: Some((15.0, 5.0)) });
        assert_eq!(s.areas[2].z, [Some(-1.0), None, Some(-1.0)]);
        assert_eq!(s.weight_shares(), [0.5, 0.25, 0.25]);
        // Weights 2, 1, 1 (total 4):
        // W1 (2 x -1 + 1 x 1) / 3 = -1/3; W2 (2 - 1) / 3 = 1/3; W3 (-2 - 1) / 3 = -1;
        // W4 (2 + 1) / 3 = 1; W5 misses the harm rate, exactly half the
        // weight, so it keeps a score: (-1 + 1) / 2 = 0.
        let scores: Vec<f64> = s.areas.iter().map(|a| a.score.unwrap()).collect();
        for (got, want) in scores.iter().zip([-1.0 / 3.0, 1.0 / 3.0, -1.0, 1.0, 0.0]) {
            assert!((got - want).abs() < 1e-12, "{scores:?}");
        }
        assert_eq!(s.areas.iter().map(|a| a.weight_present).collect::<Vec<_>>(), [0.75, 0.75, 0.75, 0.75, 0.5]);
        // Ranks: W4 1, W2 2, W5 3, W1 4, W3 5.
        assert_eq!(s.areas.iter().map(|a| a.rank.unwrap()).collect::<Vec<_>>(), [4, 2, 5, 1, 3]);
        // W3's change rests on few crimes ([u]): its score is flagged, W5's is not.
        assert!(s.areas[2].low_reliability && !s.areas[4].low_reliability);

        let sens = rank_sensitivity(&s);
        let ranks = |k: usize| sens.alternatives[k].ranks.clone();
        // Equal weights: W1 (-1 + 1)/2 = 0, W2 0, W3 -1, W4 1, W5 0: W4 1, W1 W2 W5 share 2, W3 5.
        assert_eq!(sens.alternatives[0].alternative, Alternative::EqualWeights);
        assert_eq!(ranks(0), [Some(2), Some(2), Some(5), Some(1), Some(2)]);
        // Without the harm rate (weights 0, 1, 1): W1 1, W2 -1, W3 -1, W4 1, W5 0:
        // W1 and W4 share 1, W5 3, W2 and W3 share 4.
        assert_eq!(sens.alternatives[1].alternative, Alternative::Without(Measure::HarmRate));
        assert_eq!(ranks(1), [Some(1), Some(4), Some(4), Some(1), Some(3)]);
        // Without the Black search rate (2, 0, 1; half is 1.5): W1 -1, W2 1,
        // W3 (-2 - 1)/3 = -1, W4 1; W5 has only the change (1 of 3): no score.
        assert_eq!(ranks(2), [Some(3), Some(1), Some(3), Some(1), None]);
        // Without the change (2, 1, 0): W1 -1/3, W2 1/3, W3 -1 (harm rate alone, 2 of 3), W4 1; W5 1 of 3: none.
        assert_eq!(ranks(3), [Some(3), Some(2), Some(4), Some(1), None]);
        // Largest moves: W1 4 -> 1 without the harm rate; W2 2 -> 4 without it;
        // W3 5 -> 3 without the search rate; W4 never moves (equal weights
        // named first); W5 3 -> 2 with equal weights (no rank in the last two).
        let moves: Vec<RankMove> = sens.largest_move.iter().map(|m| m.unwrap()).collect();
        let without = |m| Alternative::Without(m);
        assert_eq!(moves[0], RankMove { alternative: without(Measure::HarmRate), from: 4, to: 1 });
        assert_eq!(moves[1], RankMove { alternative: without(Measure::HarmRate), from: 2, to: 4 });
        assert_eq!(moves[2], RankMove { alternative: without(Measure::SearchRateBlack), from: 5, to: 3 });
        assert_eq!(moves[3], RankMove { alternative: Alternative::EqualWeights, from: 1, to: 1 });
        assert_eq!(moves[4], RankMove { alternative: Alternative::EqualWeights, from: 3, to: 2 });
        assert_eq!(moves[0].alternative.label(), "without harm per resident per year");
        assert_eq!(Alternative::Without(Measure::SearchRateBlack).label(), "without stop and search per 1,000 Black residents");
    }

    #[test]
    fn ties_and_the_half_weight_rule() {
        let indicators = [indicator(Measure::SearchRatio, 3.0), indicator(Measure::CrimeRate, 1.0)];
        // Ratio 1, 3, 3, 1, -, -: mean 2, sd 1; z -1, 1, 1, -1.
        // Crime rate 0, 2, 2, 0, 2, 0: mean 1, sd 1; z -1, 1, 1, -1, 1, -1.
        let input = [
            values(&[Some(1.0), Some(3.0), Some(3.0), Some(1.0), None, None]),
            values(&[Some(0.0), Some(2.0), Some(2.0), Some(0.0), Some(2.0), Some(0.0)]),
        ];
        let s = score(&indicators, &input);
        // W1 (-3 - 1)/4 = -1, W2 1, W3 1, W4 -1; W5 and W6 have only the
        // crime rate, 1 of 4 of the weight: no score (not a score of their
        // crime rate alone, and not zero).
        assert_eq!(s.areas.iter().map(|a| a.score).collect::<Vec<_>>(), [Some(-1.0), Some(1.0), Some(1.0), Some(-1.0), None, None]);
        // Tied scores share the higher rank: 3, 1, 1, 3.
        assert_eq!(s.areas.iter().map(|a| a.rank).collect::<Vec<_>>(), [Some(3), Some(1), Some(1), Some(3), None, None]);
        let sens = rank_sensitivity(&s);
        // Without the ratio, the crime rate alone ranks all six:
        // W2, W3, W5 share 1; W1, W4, W6 share 4. With equal weights W5 and
        // W6 have half the weight and scores 1 and -1, so the ranks are the
        // same. W1 moves 3 -> 4 under both; equal weights are named first.
        assert_eq!(sens.alternatives[0].ranks, [Some(4), Some(1), Some(1), Some(4), Some(1), Some(4)]);
        assert_eq!(sens.alternatives[1].ranks, sens.alternatives[0].ranks);
        assert_eq!(sens.largest_move[0], Some(RankMove { alternative: Alternative::EqualWeights, from: 3, to: 4 }));
        assert_eq!(sens.largest_move[1].map(|m| m.size()), Some(0));
        assert_eq!(sens.largest_move[4], None, "no score under the chosen weights, so no move");
    }

    #[test]
    fn an_indicator_that_cannot_be_standardised_is_missing_everywhere() {
        // The same ratio everywhere (sd 0) and a rate with one value: neither
        // can be standardised. The harm rate (2, 4: mean 3, sd 1) has only a
        // third of the weight, so no area has a score.
        let indicators =
            [indicator(Measure::SearchRatio, 1.0), indicator(Measure::SearchRate, 1.0), indicator(Measure::HarmRate, 1.0)];
        let input = [values(&[Some(2.0), Some(2.0)]), values(&[Some(5.0), None]), values(&[Some(2.0), Some(4.0)])];
        let s = score(&indicators, &input);
        assert_eq!(s.standardisation[0].mean_sd, None);
        assert_eq!((s.standardisation[1].areas, s.standardisation[1].mean_sd), (1, None));
        assert_eq!(s.areas[1].z, [None, None, Some(1.0)]);
        assert!(s.areas.iter().all(|a| a.score.is_none() && a.rank.is_none()));
        // With one indicator there is nothing to leave out: only equal weights.
        let single = score(&indicators[2..], &input[2..]);
        assert_eq!(single.areas.iter().map(|a| a.score).collect::<Vec<_>>(), [Some(-1.0), Some(1.0)]);
        assert_eq!(rank_sensitivity(&single).alternatives.len(), 1);
    }

    #[test]
    fn weights_keys_round_trip_and_say_what_is_wrong() {
        let chosen = [indicator(Measure::HarmRate, 2.0), indicator(Measure::SearchRateBlack, 0.5)];
        assert_eq!(weights_key(&chosen), "harm-rate:2,stop-search-rate-black:0.5");
        assert_eq!(parse_weights("harm-rate:2,stop-search-rate-black:0.5").unwrap(), chosen);
        assert_eq!(parse_weights(&weights_key(&default_indicators())).unwrap(), default_indicators());
        assert_eq!(parse_weights(" harm-rate : 1 , ").unwrap(), [indicator(Measure::HarmRate, 1.0)]);
        let bad = |key: &str| parse_weights(key).unwrap_err().to_string();
        assert_eq!(bad("harm-rate"), "'harm-rate' is not a measure and weight: write measure:weight, e.g. harm-rate:2, separated by commas");
        assert!(bad("harm:1").starts_with("'harm' is not a measure (measures the score can use: harm-rate, harm-change, crime-rate,"), "{}", bad("harm:1"));
        assert_eq!(bad("harm-rate:lots"), "'lots' is not a weight of Harm per resident per year: write a number of 0 or more");
        assert_eq!(bad("harm-rate:-1"), "the weight of Harm per resident per year must be a number of 0 or more");
        assert_eq!(bad(""), "choose at least one measure for the score");
        assert_eq!(bad("black-share:1"), "Black residents, % of residents cannot be part of the score: only rates, ratios and changes can");
    }

    #[test]
    fn score_values_texts_and_classes() {
        // Scores 1, -1/3, none and -0.001 (which rounds to 0.00, written without a sign).
        let area = |score: Option<f64>, low_reliability| AreaScore { z: vec![], weight_present: 1.0, score, rank: None, low_reliability };
        let scores = TraumaScores {
            indicators: default_indicators(),
            standardisation: vec![],
            areas: vec![area(Some(1.0), false), area(Some(-1.0 / 3.0), true), area(None, false), area(Some(-0.001), false)],
        };
        let values = score_values(&scores);
        let texts: Vec<String> = values.iter().map(MeasureValue::flagged_text).collect();
        assert_eq!(texts, ["1.00", "-0.33 [u]", "no score", "0.00"]);
        assert_eq!((values[2].status, values[2].value), (Status::NoData, None), "missing, not zero");
        assert_eq!(force_value().text, "no score (a score compares areas)");
        // Three scores in quantile classes: one class each, lowest first; the area without a score has none.
        let classes = score_classes(&values, BreakMethod::Quantiles);
        assert_eq!(classes.area_class[2], None);
        assert!(classes.area_class[1] < classes.area_class[3] && classes.area_class[3] < classes.area_class[0], "{:?}", classes.area_class);
        assert!(classes.labels.first().unwrap().starts_with("-0.33"), "{:?}", classes.labels);
        assert!(classes.labels.last().unwrap().ends_with("1.00"), "{:?}", classes.labels);
        // A move is said in words.
        let moved = RankMove { alternative: Alternative::Without(Measure::HarmRate), from: 4, to: 1 };
        assert_eq!(moved.describe(), "4 to 1 without harm per resident per year");
        assert_eq!(RankMove { to: 4, ..moved }.describe(), "no move");
    }

    #[test]
    fn choices_are_checked() {
        let bad = |indicators: &[Indicator]| check(indicators).unwrap_err().to_string();
        assert_eq!(bad(&[]), "choose at least one measure for the score");
        assert_eq!(
            bad(&[indicator(Measure::BlackShare, 1.0)]),
            "Black residents, % of residents cannot be part of the score: only rates, ratios and changes can"
        );
        assert!(!is_indicator(Measure::Count(Category::ViolenceAndSexualOffences)));
        assert_eq!(bad(&[indicator(Measure::HarmRate, 1.0), indicator(Measure::HarmRate, 2.0)]), "Harm per resident per year is chosen twice");
        assert_eq!(bad(&[indicator(Measure::HarmRate, -1.0)]), "the weight of Harm per resident per year must be a number of 0 or more");
        assert_eq!(bad(&[indicator(Measure::HarmRate, f64::NAN)]), bad(&[indicator(Measure::HarmRate, -1.0)]));
        assert_eq!(bad(&[indicator(Measure::HarmRate, 0.0)]), "at least one chosen measure must weigh more than 0");
        assert!(check(&default_indicators()).is_ok());
        // The registry's rates, ratios and changes (force-held lenses, where
        // the registry has them, follow).
        assert_eq!(
            indicator_measures()[..7],
            [
                Measure::HarmRate,
                Measure::HarmChange,
                Measure::CrimeRate,
                Measure::SearchRatio,
                Measure::SearchRate,
                Measure::SearchRateBlack,
                Measure::SearchRateWhite
            ]
        );
        assert!(METHOD.starts_with("The community trauma score is experimental."));
        assert!(!METHOD.contains("  ") && METHOD.contains("never counted as zero"), "one paragraph, single-spaced");
        assert!(LABEL.ends_with("(experimental)"));
    }
}
