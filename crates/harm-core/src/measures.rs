//! The measures a person can map: each one's key, label, unit, colour scale
//! and value for an area, in one place. The site's map, legend, panel and
//! table and `harm-prep measure` all read values from [`measure_value`], so a
//! figure on screen equals the command line's.

use crate::breaks::{breaks, BreakMethod};
use crate::category::Category;
use crate::change::Change;
use crate::dataset::MonthlyData;
use crate::figures::AreaFigures;
use crate::format;
use crate::lenses::{Lens, LensComparison};
use crate::rates::is_low_reliability;
use crate::searches::GroupComparison;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    HarmRate,
    HarmChange,
    CrimeRate,
    Count(Category),
    BlackShare,
    ImdDecile,
    SearchRatio,
    SearchRate,
    SearchRateBlack,
    SearchRateWhite,
    /// A force-held lens (victims, suspects, calls, use of force by ward):
    /// never added to another lens.
    Lens(Lens, LensStat),
}

/// What a lens measure shows: the Black/White ratio or a rate per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LensStat {
    Ratio,
    RateBlack,
    RateWhite,
    Rate,
}

impl LensStat {
    pub const ALL: [LensStat; 4] = [LensStat::Ratio, LensStat::RateBlack, LensStat::RateWhite, LensStat::Rate];

    fn key(self) -> &'static str {
        match self {
            LensStat::Ratio => "ratio",
            LensStat::RateBlack => "rate-black",
            LensStat::RateWhite => "rate-white",
            LensStat::Rate => "rate",
        }
    }
}

/// How a measure is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Light to dark, classes from the data.
    Sequential,
    /// Ratios: one colour below 1, another above, fixed classes on a log axis.
    Diverging,
}

/// What data a measure needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Crime,
    Change,
    Census,
    Searches,
    /// A force-held lens's published tables.
    Lens(Lens),
}

impl Source {
    /// The monthly data a period must have for the measure to have values
    /// (census measures need a period only to place the map in time).
    pub fn monthly_data(self) -> MonthlyData {
        match self {
            Source::Crime | Source::Change => MonthlyData::StreetCrime,
            Source::Searches => MonthlyData::StopSearch,
            // Force-held months are in the lens's own force-level file.
            Source::Census | Source::Lens(_) => MonthlyData::Any,
        }
    }
}

impl Measure {
    /// Every measure any force has (from open data). The force-held lens
    /// measures ([`Measure::lens_measures`]) are offered only for a force
    /// that publishes the lens ([`Measure::offered`]).
    pub fn all() -> Vec<Measure> {
        let mut all = vec![Measure::HarmRate, Measure::HarmChange, Measure::CrimeRate];
        all.extend(Category::ALL.into_iter().map(Measure::Count));
        all.extend([
            Measure::BlackShare,
            Measure::ImdDecile,
            Measure::SearchRatio,
            Measure::SearchRate,
            Measure::SearchRateBlack,
            Measure::SearchRateWhite,
        ]);
        all
    }

    /// The measures of the force-held lenses `lenses`, lens by lens.
    pub fn lens_measures(lenses: &[Lens]) -> Vec<Measure> {
        lenses.iter().flat_map(|&l| LensStat::ALL.map(|s| Measure::Lens(l, s))).collect()
    }

    /// The measures offered for a force publishing the lenses `force_held`
    /// (the manifest's list): [`Measure::all`], then its lenses' measures.
    pub fn offered(force_held: &[String]) -> Vec<Measure> {
        let mut offered = Measure::all();
        offered.extend(Measure::lens_measures(&crate::lenses::published_lenses(force_held)));
        offered
    }

    pub fn key(self) -> String {
        match self {
            Measure::HarmRate => "harm-rate".into(),
            Measure::HarmChange => "harm-change".into(),
            Measure::CrimeRate => "crime-rate".into(),
            Measure::Count(c) => format!("count-{}", c.label().to_lowercase().replace(' ', "-")),
            Measure::BlackShare => "black-share".into(),
            Measure::ImdDecile => "imd-decile".into(),
            Measure::SearchRatio => "stop-search-ratio".into(),
            Measure::SearchRate => "stop-search-rate".into(),
            Measure::SearchRateBlack => "stop-search-rate-black".into(),
            Measure::SearchRateWhite => "stop-search-rate-white".into(),
            Measure::Lens(l, s) => format!("{}-{}", l.key(), s.key()),
        }
    }

    /// The measure of a key, lens measures included.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::all().into_iter().chain(Measure::lens_measures(&Lens::ALL)).find(|m| m.key() == key)
    }

    pub fn label(self) -> String {
        match self {
            Measure::HarmRate => "Harm per resident per year".into(),
            Measure::HarmChange => "Change in harm since the baseline".into(),
            Measure::CrimeRate => "Crimes per 1,000 residents per year".into(),
            Measure::Count(Category::AntiSocialBehaviour) => "Count: anti-social behaviour (not in harm)".into(),
            Measure::Count(c) => format!("Count: {}", c.label().to_lowercase()),
            Measure::BlackShare => "Black residents, % of residents".into(),
            Measure::ImdDecile => "Deprivation (IMD decile, 1 = most deprived)".into(),
            Measure::SearchRatio => "Stop and search: Black/White rate ratio".into(),
            Measure::SearchRate => "Stop and search per 1,000 residents".into(),
            Measure::SearchRateBlack => "Stop and search per 1,000 Black residents".into(),
            Measure::SearchRateWhite => "Stop and search per 1,000 White residents".into(),
            Measure::Lens(l, LensStat::Ratio) => format!("{}: Black/White rate ratio", l.label()),
            Measure::Lens(l, LensStat::RateBlack) => format!("{}: per 1,000 Black residents per year", l.label()),
            Measure::Lens(l, LensStat::RateWhite) => format!("{}: per 1,000 White residents per year", l.label()),
            Measure::Lens(l, LensStat::Rate) => format!("{}: per 1,000 residents per year", l.label()),
        }
    }

    /// The unit a value is in, said beside it.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::HarmRate => "harm per resident per year",
            Measure::HarmChange => "times the baseline rate",
            Measure::CrimeRate => "crimes per 1,000 residents per year",
            Measure::Count(_) => "records in the period",
            Measure::BlackShare => "% of usual residents",
            Measure::ImdDecile => "national decile",
            Measure::SearchRatio => "Black rate / White rate",
            Measure::SearchRate | Measure::SearchRateBlack | Measure::SearchRateWhite => "searches per 1,000 residents over the period",
            Measure::Lens(_, LensStat::Ratio) => "Black rate / White rate",
            Measure::Lens(l, _) => match l {
                Lens::Victims => "victims per 1,000 residents per year",
                Lens::SuspectsOffenders => "suspects and offenders per 1,000 residents per year",
                Lens::CallsForService => "calls per 1,000 residents per year",
                Lens::UseOfForceByWard => "uses of force per 1,000 residents per year",
            },
        }
    }

    pub fn scale(self) -> Scale {
        match self {
            Measure::SearchRatio | Measure::HarmChange | Measure::Lens(_, LensStat::Ratio) => Scale::Diverging,
            _ => Scale::Sequential,
        }
    }

    pub fn source(self) -> Source {
        match self {
            Measure::HarmRate | Measure::CrimeRate | Measure::Count(_) => Source::Crime,
            Measure::HarmChange => Source::Change,
            Measure::BlackShare | Measure::ImdDecile => Source::Census,
            Measure::SearchRatio | Measure::SearchRate | Measure::SearchRateBlack | Measure::SearchRateWhite => {
                Source::Searches
            }
            Measure::Lens(l, _) => Source::Lens(l),
        }
    }

    /// True when the value depends on the weighting scheme.
    pub fn uses_weights(self) -> bool {
        matches!(self, Measure::HarmRate | Measure::HarmChange)
    }
}

/// Why an area has no colour of its own, or wears a pattern over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Value,
    /// No data (no residents, no records for the months, or a change the
    /// data cannot support).
    NoData,
    /// Disclosure control withheld a count ([c]).
    Suppressed,
    /// A change whose 95% interval includes 1: no change beyond chance.
    WithinChance,
}

impl Status {
    /// As written in CSV downloads and `harm-prep measure`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Value => "value",
            Status::NoData => "no_data",
            Status::Suppressed => "suppressed",
            Status::WithinChance => "within_chance",
        }
    }
}

/// One area's value of a measure, as every view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureValue {
    pub value: Option<f64>,
    /// The value as written on screen and in CSV ("no data", "[c]" when none).
    pub text: String,
    pub status: Status,
    /// Rests on fewer than 10 events or 100 residents ([u]).
    pub low_reliability: bool,
    /// 95% interval, for ratios.
    pub interval: Option<(f64, f64)>,
}

impl MeasureValue {
    fn of(value: Option<f64>, text: String) -> MeasureValue {
        let status = if value.is_some() { Status::Value } else { Status::NoData };
        MeasureValue {
            value,
            text: if text.is_empty() { "no data".into() } else { text },
            status,
            low_reliability: false,
            interval: None,
        }
    }

    fn suppressed() -> MeasureValue {
        MeasureValue { value: None, text: "[c]".into(), status: Status::Suppressed, low_reliability: true, interval: None }
    }

    /// The cells a published table gives the value: its text, status, `[u]`
    /// flag and 95% interval limits (empty without an interval).
    pub fn table_cells(&self) -> [String; 5] {
        [
            self.text.clone(),
            self.status.key().to_string(),
            if self.low_reliability && self.value.is_some() { crate::table_file::LOW_RELIABILITY.0.into() } else { String::new() },
            format::limit(self.interval.map(|i| i.0)),
            format::limit(self.interval.map(|i| i.1)),
        ]
    }

    /// The text with its [u] flag, as in the table and tooltips.
    pub fn flagged_text(&self) -> String {
        if self.low_reliability && self.value.is_some() {
            format!("{} [u]", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// What an area's measures are computed from: its figures for the period,
/// its stop-and-search comparison (`None` when no month of the period has
/// stop-and-search data), and its change since the baseline.
#[derive(Debug, Clone, Copy)]
pub struct AreaInputs<'a> {
    pub figures: &'a AreaFigures,
    pub searches: Option<&'a GroupComparison>,
    pub change: Option<&'a Change>,
    /// Each lens's figures for the area, by [`Lens::index`]; empty (or
    /// `None`) where a lens has none for the period.
    pub lenses: &'a [Option<LensComparison>],
}

/// The value of `measure` for one area.
pub fn measure_value(measure: Measure, area: AreaInputs) -> MeasureValue {
    let f = area.figures;
    let crime = f.crime.as_ref();
    let crime_reliability = |v: MeasureValue| MeasureValue {
        low_reliability: crime.is_some_and(|c| is_low_reliability(c.crimes, f.residents)),
        ..v
    };
    match measure {
        Measure::HarmRate => {
            let v = crime.and_then(|c| c.harm_per_resident_per_year);
            crime_reliability(MeasureValue::of(v, format::harm_rate(v)))
        }
        Measure::CrimeRate => {
            let v = crime.and_then(|c| c.crimes_per_1000_per_year);
            crime_reliability(MeasureValue::of(v, format::per_thousand(v)))
        }
        Measure::Count(c) => {
            let v = crime.map(|x| x.by_category[c.index()]);
            MeasureValue::of(v.map(|n| n as f64), v.map(|n| n.to_string()).unwrap_or_default())
        }
        Measure::HarmChange => match area.change {
            None => MeasureValue::of(None, "not measurable".into()),
            Some(c) => MeasureValue {
                status: if c.spans_one() { Status::WithinChance } else { Status::Value },
                low_reliability: c.low_reliability,
                interval: Some((c.lower, c.upper)),
                ..MeasureValue::of(Some(c.ratio), format::ratio(Some(c.ratio)))
            },
        },
        Measure::BlackShare => {
            let v = f.black_share();
            MeasureValue::of(v.map(|x| x * 100.0), format::percent(v))
        }
        Measure::ImdDecile => {
            let v = f.imd_decile;
            MeasureValue::of(v.map(f64::from), v.map(|d| d.to_string()).unwrap_or_default())
        }
        Measure::SearchRatio | Measure::SearchRate | Measure::SearchRateBlack | Measure::SearchRateWhite => {
            match area.searches {
                None => MeasureValue::of(None, String::new()),
                Some(s) => search_value(measure, s),
            }
        }
        Measure::Lens(l, stat) => match area.lenses.get(l.index()).and_then(Option::as_ref) {
            None => MeasureValue::of(None, String::new()),
            Some(c) => lens_value(stat, c),
        },
    }
}

/// A lens measure: rates per year from the published counts ([c] when a
/// count is suppressed, [u] under 10 events or 100 residents), the ratio as
/// stop and search's.
fn lens_value(stat: LensStat, c: &LensComparison) -> MeasureValue {
    let s = &c.comparison;
    let rate = |count: Option<u64>, residents: u64, per_year: Option<f64>| match count {
        None => MeasureValue::suppressed(),
        Some(n) => MeasureValue { low_reliability: is_low_reliability(n, residents), ..MeasureValue::of(per_year, format::per_thousand(per_year)) },
    };
    match stat {
        LensStat::Ratio => search_value(Measure::SearchRatio, s),
        LensStat::RateBlack => rate(s.black, s.black_residents, c.black_per_year()),
        LensStat::RateWhite => rate(s.white, s.white_residents, c.white_per_year()),
        LensStat::Rate => rate(s.all, s.residents, c.all_per_year()),
    }
}

fn search_value(measure: Measure, s: &GroupComparison) -> MeasureValue {
    match measure {
        Measure::SearchRatio => match (s.black, s.white) {
            (None, _) | (_, None) => MeasureValue::suppressed(),
            _ => {
                let v = s.ratio.and_then(|r| r.ratio);
                MeasureValue {
                    low_reliability: s.low_reliability,
                    interval: s.ratio.map(|r| (r.lower, r.upper)),
                    ..MeasureValue::of(v, format::ratio(v))
                }
            }
        },
        Measure::SearchRateBlack => search_rate(s.black, s.black_residents, s.black_rate),
        Measure::SearchRateWhite => search_rate(s.white, s.white_residents, s.white_rate),
        _ => search_rate(s.all, s.residents, s.all_rate),
    }
}

/// A rate from a published count: [c] when the count is suppressed, [u]
/// when it rests on under 10 events or 100 residents.
fn search_rate(count: Option<u64>, residents: u64, rate: Option<f64>) -> MeasureValue {
    match count {
        None => MeasureValue::suppressed(),
        Some(n) => MeasureValue {
            low_reliability: is_low_reliability(n, residents),
            ..MeasureValue::of(rate, format::per_thousand(rate))
        },
    }
}

/// Ratio classes on a log axis, symmetric about 1 (0.5 | 2, 0.8 | 1.25).
pub const RATIO_BOUNDS: [f64; 5] = [0.5, 0.8, 1.25, 2.0, 4.0];
/// Classes of a sequential measure.
pub const SEQUENTIAL_CLASSES: usize = 5;

/// Colour classes of a measure's values: a label per class and the class of
/// each area. The map, the legend and the table read the same classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    pub scale: Scale,
    pub labels: Vec<String>,
    /// Class of each area, in order; `None` without a value.
    pub area_class: Vec<Option<usize>>,
}

fn number(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

fn ratio_labels(measure: Measure) -> Vec<String> {
    let (low, similar, high) = match measure {
        Measure::HarmChange => (
            "below 0.5 (fell by half or more)",
            "0.8 to 1.25 (similar to the baseline)",
            "4 or more (four times the baseline or more)",
        ),
        _ => (
            "below 0.5 (White rate at least twice Black)",
            "0.8 to 1.25 (similar rates)",
            "4 or more (Black rate at least 4 times White)",
        ),
    };
    [low, "0.5 to 0.8", similar, "1.25 to 2", "2 to 4", high].map(String::from).to_vec()
}

/// Classes for `values`. Sequential breaks come from `pooled` when given
/// (the values of every period, so colours compare across periods), else
/// from `values` themselves; ratio classes are fixed.
pub fn classes(measure: Measure, values: &[MeasureValue], pooled: Option<&[f64]>, method: BreakMethod) -> Classes {
    match measure.scale() {
        Scale::Diverging => Classes {
            scale: Scale::Diverging,
            labels: ratio_labels(measure),
            area_class: values
                .iter()
                .map(|v| v.value.map(|r| RATIO_BOUNDS.iter().position(|&b| r < b).unwrap_or(RATIO_BOUNDS.len())))
                .collect(),
        },
        Scale::Sequential => {
            let present: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
            let Some(b) = breaks(pooled.unwrap_or(&present), SEQUENTIAL_CLASSES, method) else {
                return Classes { scale: Scale::Sequential, labels: Vec::new(), area_class: vec![None; values.len()] };
            };
            let labels = (0..b.class_count())
                .map(|i| {
                    let (lo, hi) = b.range_of(i);
                    if lo == hi { number(lo) } else { format!("{} to {}", number(lo), number(hi)) }
                })
                .collect();
            Classes {
                scale: Scale::Sequential,
                labels,
                area_class: values.iter().map(|v| v.value.map(|x| b.class_of(x))).collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{crime_figures, AreaFigures};
    use crate::harm::CategoryWeights;

    fn area(crimes: u64, months: usize, residents: u64) -> AreaFigures {
        let mut counts = [0u64; 14];
        counts[Category::Burglary.index()] = crimes;
        AreaFigures {
            code: "W".into(),
            name: "W".into(),
            district_code: "D".into(),
            district_name: "D".into(),
            residents,
            groups: [0, residents / 10, 0, residents - residents / 10, 0],
            imd_decile: Some(3),
            rural_urban: "Urban".into(),
            residents_note: None,
            deprivation_note: None,
            crime: Some(crime_figures(counts, months, residents, &CategoryWeights::unweighted())),
        }
    }

    fn no_searches() -> GroupComparison {
        GroupComparison {
            black: None,
            white: Some(5),
            not_stated: Some(0),
            all: Some(5),
            black_residents: 100,
            white_residents: 900,
            residents: 1000,
            black_rate: None,
            white_rate: Some(5.0 * 1000.0 / 900.0),
            all_rate: Some(5.0),
            ratio: None,
            unknown_share: None,
            low_reliability: true,
        }
    }

    #[test]
    fn keys_round_trip() {
        for m in Measure::all().into_iter().chain(Measure::lens_measures(&Lens::ALL)) {
            assert_eq!(Measure::from_key(&m.key()), Some(m));
        }
        assert_eq!(Measure::from_key("count-vehicle-crime"), Some(Measure::Count(Category::VehicleCrime)));
        assert_eq!(Measure::from_key("calls-for-service-rate-black"), Some(Measure::Lens(Lens::CallsForService, LensStat::RateBlack)));
        // Lens measures are offered only for a force that publishes the lens.
        let offered = Measure::offered(&["victims".to_string()]);
        assert_eq!(offered.len(), Measure::all().len() + 4);
        assert_eq!(offered.last(), Some(&Measure::Lens(Lens::Victims, LensStat::Rate)));
    }

    #[test]
    fn values_by_hand() {
        // 50 crimes in 6 months among 1,000 residents: 100 a year,
        // 0.1 harm per resident per year (unit weights), 100 per 1,000.
        let a = area(50, 6, 1000);
        let s = no_searches();
        let inputs = AreaInputs { figures: &a, searches: Some(&s), change: None, lenses: &[] };
        let harm = measure_value(Measure::HarmRate, inputs);
        assert_eq!((harm.value, harm.text.as_str(), harm.low_reliability), (Some(0.1), "0.1000", false));
        assert_eq!(measure_value(Measure::CrimeRate, inputs).text, "100.00");
        assert_eq!(measure_value(Measure::Count(Category::Burglary), inputs).text, "50");
        assert_eq!(measure_value(Measure::BlackShare, inputs).text, "10.0%");
        // A suppressed Black count: [c], never a ratio.
        let ratio = measure_value(Measure::SearchRatio, inputs);
        assert_eq!((ratio.status, ratio.text.as_str()), (Status::Suppressed, "[c]"));
        let white = measure_value(Measure::SearchRateWhite, inputs);
        assert_eq!((white.status, white.text.as_str(), white.low_reliability), (Status::Value, "5.56", true));
        // A period without stop-and-search months: no data, never a zero rate.
        let none = AreaInputs { searches: None, ..inputs };
        assert_eq!(measure_value(Measure::SearchRate, none).status, Status::NoData);
        assert_eq!(measure_value(Measure::SearchRate, none).text, "no data");
        // Change not measurable is missing, not 1 or 0.
        let change = measure_value(Measure::HarmChange, inputs);
        assert_eq!((change.status, change.text.as_str()), (Status::NoData, "not measurable"));
        // 9 crimes: [u].
        let few = area(9, 12, 1000);
        let v = measure_value(Measure::HarmRate, AreaInputs { figures: &few, searches: Some(&s), change: None, lenses: &[] });
        assert!(v.low_reliability);
        assert_eq!(v.flagged_text(), "0.0090 [u]");
    }

    #[test]
    fn change_within_chance_is_marked() {
        let a = area(50, 6, 1000);
        let s = no_searches();
        let c = Change { baseline_rate: 1.0, compare_rate: 1.2, ratio: 1.2, lower: 0.9, upper: 1.6, low_reliability: false };
        let v = measure_value(Measure::HarmChange, AreaInputs { figures: &a, searches: Some(&s), change: Some(&c), lenses: &[] });
        assert_eq!((v.status, v.text.as_str(), v.interval), (Status::WithinChance, "1.20", Some((0.9, 1.6))));
        let rose = Change { lower: 1.1, ..c };
        let v = measure_value(Measure::HarmChange, AreaInputs { figures: &a, searches: Some(&s), change: Some(&rose), lenses: &[] });
        assert_eq!(v.status, Status::Value);
    }

    #[test]
    fn classes_fixed_or_from_the_data() {
        let values: Vec<MeasureValue> =
            [1.0, 2.0, 3.0, 4.0, 5.0].iter().map(|&v| MeasureValue::of(Some(v), number(v))).collect();
        let own = classes(Measure::HarmRate, &values, None, BreakMethod::Quantiles);
        assert_eq!(own.area_class, [Some(0), Some(1), Some(2), Some(3), Some(4)]);
        // Pooled over periods 0..=100: quintile bounds 20, 40, ... so all five fall in the first class.
        let pooled: Vec<f64> = (0..=100).map(f64::from).collect();
        let fixed = classes(Measure::HarmRate, &values, Some(&pooled), BreakMethod::Quantiles);
        assert!(fixed.area_class.iter().all(|c| *c == Some(0)));
        assert_eq!(fixed.labels[0], "0 to 20");
        // Ratios: fixed classes; 0.4 -> first, 1.0 -> middle-low, 5 -> last.
        let ratios: Vec<MeasureValue> = [0.4, 1.0, 5.0].iter().map(|&v| MeasureValue::of(Some(v), String::new())).collect();
        let c = classes(Measure::HarmChange, &ratios, None, BreakMethod::Quantiles);
        assert_eq!(c.area_class, [Some(0), Some(2), Some(5)]);
        assert!(c.labels[0].contains("fell by half"));
    }
}
