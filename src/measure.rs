//! The measures a person can map, and each ward's value for one of them.

use harm_core::figures::AreaFigures;
use harm_core::searches::GroupComparison;
use harm_core::{format, Category};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    HarmRate,
    CrimeRate,
    Count(Category),
    BlackShare,
    ImdDecile,
    SearchRatio,
    SearchRate,
    SearchRateBlack,
    SearchRateWhite,
}

/// How a measure is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Light to dark, classes from the data.
    Sequential,
    /// Rate ratios: blue below 1, red above, fixed classes on a log axis.
    Diverging,
}

/// What kind of data a measure needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Crime,
    Census,
    Searches,
}

impl Measure {
    pub fn all() -> Vec<Measure> {
        let mut all = vec![Measure::HarmRate, Measure::CrimeRate];
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

    pub fn key(self) -> String {
        match self {
            Measure::HarmRate => "harm-rate".into(),
            Measure::CrimeRate => "crime-rate".into(),
            Measure::Count(c) => format!("count-{}", c.label().to_lowercase().replace(' ', "-")),
            Measure::BlackShare => "black-share".into(),
            Measure::ImdDecile => "imd-decile".into(),
            Measure::SearchRatio => "stop-search-ratio".into(),
            Measure::SearchRate => "stop-search-rate".into(),
            Measure::SearchRateBlack => "stop-search-rate-black".into(),
            Measure::SearchRateWhite => "stop-search-rate-white".into(),
        }
    }

    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::all().into_iter().find(|m| m.key() == key)
    }

    pub fn label(self) -> String {
        match self {
            Measure::HarmRate => "Harm per resident".into(),
            Measure::CrimeRate => "Crimes per 1,000 residents".into(),
            Measure::Count(Category::AntiSocialBehaviour) => "Count: anti-social behaviour (not in harm)".into(),
            Measure::Count(c) => format!("Count: {}", c.label().to_lowercase()),
            Measure::BlackShare => "Black residents, % of residents".into(),
            Measure::ImdDecile => "Deprivation (IMD decile, 1 = most deprived)".into(),
            Measure::SearchRatio => "Stop and search: Black/White rate ratio".into(),
            Measure::SearchRate => "Stop and search per 1,000 residents".into(),
            Measure::SearchRateBlack => "Stop and search per 1,000 Black residents".into(),
            Measure::SearchRateWhite => "Stop and search per 1,000 White residents".into(),
        }
    }

    pub fn scale(self) -> Scale {
        match self {
            Measure::SearchRatio => Scale::Diverging,
            _ => Scale::Sequential,
        }
    }

    pub fn source(self) -> Source {
        match self {
            Measure::HarmRate | Measure::CrimeRate | Measure::Count(_) => Source::Crime,
            Measure::BlackShare | Measure::ImdDecile => Source::Census,
            Measure::SearchRatio | Measure::SearchRate | Measure::SearchRateBlack | Measure::SearchRateWhite => {
                Source::Searches
            }
        }
    }
}

/// Why a ward has no colour of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Value,
    /// No data for the ward (no residents, no records for the months).
    NoData,
    /// Disclosure control withheld a count ([c]).
    Suppressed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WardValue {
    pub value: Option<f64>,
    pub text: String,
    pub status: Status,
    /// Rests on fewer than 10 events or 100 residents ([u]).
    pub low_reliability: bool,
}

impl WardValue {
    fn of(value: Option<f64>, text: String) -> WardValue {
        let status = if value.is_some() { Status::Value } else { Status::NoData };
        WardValue { value, text: if text.is_empty() { "no data".into() } else { text }, status, low_reliability: false }
    }
}

/// Each ward's value of `measure`, in ward order.
pub fn ward_values(measure: Measure, figures: &[AreaFigures], searches: &[GroupComparison]) -> Vec<WardValue> {
    figures
        .iter()
        .zip(searches)
        .map(|(f, s)| match measure {
            Measure::HarmRate => {
                let v = f.crime.as_ref().and_then(|c| c.harm_rate);
                WardValue::of(v, format::harm_rate(v))
            }
            Measure::CrimeRate => {
                let v = f.crime.as_ref().and_then(|c| c.crime_rate);
                WardValue::of(v, format::per_thousand(v))
            }
            Measure::Count(c) => {
                let v = f.crime.as_ref().map(|x| x.by_category[c.index()] as f64);
                WardValue::of(v, v.map(|n| format!("{n}")).unwrap_or_default())
            }
            Measure::BlackShare => {
                let v = f.black_share();
                WardValue::of(v.map(|x| x * 100.0), format::percent(v))
            }
            Measure::ImdDecile => {
                let v = f.imd_decile.map(f64::from);
                WardValue::of(v, f.imd_decile.map(|d| d.to_string()).unwrap_or_default())
            }
            Measure::SearchRatio => match (s.black, s.white) {
                (None, _) | (_, None) => WardValue { value: None, text: "[c]".into(), status: Status::Suppressed, low_reliability: true },
                _ => {
                    let v = s.ratio.and_then(|r| r.ratio);
                    WardValue { low_reliability: s.low_reliability, ..WardValue::of(v, format::ratio(v)) }
                }
            },
            Measure::SearchRate => rate_value(s.all, s.residents, s.all_rate),
            Measure::SearchRateBlack => rate_value(s.black, s.black_residents, s.black_rate),
            Measure::SearchRateWhite => rate_value(s.white, s.white_residents, s.white_rate),
        })
        .collect()
}

/// A rate from a published count: hatched when the count is suppressed,
/// striped when it rests on under 10 events or 100 residents.
fn rate_value(count: Option<u64>, residents: u64, rate: Option<f64>) -> WardValue {
    match count {
        None => WardValue { value: None, text: "[c]".into(), status: Status::Suppressed, low_reliability: true },
        Some(n) => WardValue {
            low_reliability: harm_core::rates::is_low_reliability(n, residents),
            ..WardValue::of(rate, format::per_thousand(rate))
        },
    }
}
