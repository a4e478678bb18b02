//! Crime harm in the manner of the ONS Crime Severity Score (CSS).
//!
//! The CSS weights each offence by its average sentence (the official "list of
//! weights", keyed by Home Office offence code). police.uk publishes only 14
//! categories, so a category's weight is the volume-weighted mean of its
//! offence codes' weights, using the force's recorded crime by offence code:
//!
//! `w_cat = sum(v_code * w_code) / sum(v_code)` over codes of the category that
//! have a weight. Codes with no weight are left out of the mean and reported
//! with their share of the volume, so the reader sees how much is unweighted.
//!
//! The reader may choose another scheme ([`WeightScheme`]): plain counts, or
//! the Cambridge Crime Harm Index, whose subgroup weights are carried to
//! categories the same way by national counts ([`chi_category_weights`]).

use crate::category::Category;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How crimes are weighted: a choice the reader makes. Every scheme's
/// category weights are published, so harm under each can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightScheme {
    /// The ONS Crime Severity Score list of weights (sentence-days per
    /// offence code), carried to police.uk categories by the force's
    /// recorded volumes. The default.
    Css,
    /// Every crime weighs 1: harm equals the crime count.
    Counts,
    /// The Cambridge Crime Harm Index: median days of imprisonment per Home
    /// Office subgroup, carried to categories by national subgroup counts.
    Chi,
}

impl WeightScheme {
    /// The default first.
    pub const ALL: [WeightScheme; 3] = [WeightScheme::Css, WeightScheme::Counts, WeightScheme::Chi];

    /// Key in URLs, command-line options and the `scheme` column of `category-weights.csv`.
    pub fn key(self) -> &'static str {
        match self {
            WeightScheme::Css => "css",
            WeightScheme::Counts => "counts",
            WeightScheme::Chi => "chi",
        }
    }

    pub fn from_key(key: &str) -> Option<WeightScheme> {
        WeightScheme::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Short name for controls, legends and table headings.
    pub fn label(self) -> &'static str {
        match self {
            WeightScheme::Css => "Crime Severity Score (ONS)",
            WeightScheme::Counts => "Plain counts (every crime weighs 1)",
            WeightScheme::Chi => "Cambridge Crime Harm Index",
        }
    }
}

/// One offence code's recorded volume for a force.
#[derive(Debug, Clone, PartialEq)]
pub struct OffenceVolume {
    pub offence_code: String,
    pub category: Category,
    pub volume: u64,
}

/// The weight of one police.uk category for one force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryWeight {
    pub category: Category,
    /// `None` when no offence code of the category has both a weight and volume.
    pub weight: Option<f64>,
    /// Recorded volume of the category's offence codes that carry a weight.
    pub weighted_volume: u64,
    /// Recorded volume of the category's offence codes.
    pub volume: u64,
}

/// An offence code that had recorded crime but no weight.
#[derive(Debug, Clone, PartialEq)]
pub struct UnweightedOffence {
    pub offence_code: String,
    pub category: Category,
    pub volume: u64,
    /// Its share of all the force's recorded volume in harm-bearing categories.
    pub share_of_volume: f64,
}

/// Category weights plus the offence codes that could not be weighted.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryWeights {
    pub scheme: WeightScheme,
    pub weights: Vec<CategoryWeight>,
    pub unweighted: Vec<UnweightedOffence>,
}

impl CategoryWeights {
    /// Weight 1 for every harm-bearing category: harm is then a plain count.
    pub fn unweighted() -> CategoryWeights {
        let weights = Category::ALL
            .into_iter()
            .filter(|c| c.carries_harm())
            .map(|category| CategoryWeight { category, weight: Some(1.0), weighted_volume: 0, volume: 0 })
            .collect();
        CategoryWeights { scheme: WeightScheme::Counts, weights, unweighted: Vec::new() }
    }

    pub fn weight_of(&self, category: Category) -> Option<f64> {
        if !category.carries_harm() {
            return None;
        }
        self.weights.iter().find(|w| w.category == category).and_then(|w| w.weight)
    }

    /// Share of the recorded volume behind these weights whose offence code
    /// has a weight: how much of the force's crime the list of weights
    /// covers. `None` when no volume was used (plain counts).
    pub fn weighted_share(&self) -> Option<f64> {
        let weighted: u64 = self.weights.iter().map(|w| w.weighted_volume).sum();
        let volume: u64 = self.weights.iter().map(|w| w.volume).sum();
        (volume > 0).then(|| weighted as f64 / volume as f64)
    }
}

/// Volume-weighted mean weight of each category (see the module comment).
/// `weights` maps offence code to weight. Anti-social behaviour gets no weight.
pub fn category_weights(
    scheme: WeightScheme,
    volumes: &[OffenceVolume],
    weights: &BTreeMap<String, f64>,
) -> CategoryWeights {
    let mut sums: BTreeMap<Category, (f64, u64, u64)> = BTreeMap::new();
    let mut missing: BTreeMap<(Category, String), u64> = BTreeMap::new();
    let mut total_volume = 0u64;
    for v in volumes.iter().filter(|v| v.category.carries_harm()) {
        total_volume += v.volume;
        let entry = sums.entry(v.category).or_insert((0.0, 0, 0));
        entry.2 += v.volume;
        match weights.get(&v.offence_code) {
            Some(w) => {
                entry.0 += *w * v.volume as f64;
                entry.1 += v.volume;
            }
            None if v.volume > 0 => *missing.entry((v.category, v.offence_code.clone())).or_default() += v.volume,
            None => {}
        }
    }
    let weights = Category::ALL
        .into_iter()
        .filter(|c| c.carries_harm())
        .map(|category| {
            let (weighted_sum, weighted_volume, volume) = sums.get(&category).copied().unwrap_or((0.0, 0, 0));
            let weight = (weighted_volume > 0).then(|| weighted_sum / weighted_volume as f64);
            CategoryWeight { category, weight, weighted_volume, volume }
        })
        .collect();
    let unweighted = missing
        .into_iter()
        .map(|((category, offence_code), volume)| UnweightedOffence {
            offence_code,
            category,
            volume,
            share_of_volume: volume as f64 / total_volume.max(1) as f64,
        })
        .collect();
    CategoryWeights { scheme, weights, unweighted }
}

/// One Home Office offence subgroup's Cambridge Crime Harm Index weight.
#[derive(Debug, Clone, PartialEq)]
pub struct SubgroupDays {
    pub category: Category,
    /// Home Office recorded-crime subgroup, e.g. "Residential burglary";
    /// unique within a table.
    pub subgroup: String,
    /// Median days of imprisonment (the index's weight).
    pub days: f64,
    /// National recorded count of the subgroup, which weights its days.
    pub count: u64,
}

/// Cambridge Crime Harm Index weight of each category: the count-weighted
/// mean of its subgroups' days, `w_cat = sum(days * count) / sum(count)`,
/// by the national counts the table gives. It is the volume-weighted mean
/// of [`category_weights`] with subgroups in place of offence codes, so the
/// `weighted_volume` and `volume` published are the national counts. A
/// category without a counted subgroup gets no weight.
pub fn chi_category_weights(subgroups: &[SubgroupDays]) -> CategoryWeights {
    let volumes: Vec<OffenceVolume> = subgroups
        .iter()
        .map(|s| OffenceVolume { offence_code: s.subgroup.clone(), category: s.category, volume: s.count })
        .collect();
    let days: BTreeMap<String, f64> = subgroups.iter().map(|s| (s.subgroup.clone(), s.days)).collect();
    category_weights(WeightScheme::Chi, &volumes, &days)
}

/// Harm of a set of counts: `sum(count * weight)`. Anti-social behaviour is
/// skipped. Returns `None` if a counted harm-bearing category has no weight,
/// because leaving it out would understate harm silently.
pub fn harm(counts: &[u64; 14], weights: &CategoryWeights) -> Option<f64> {
    let mut total = 0.0;
    for category in Category::ALL.into_iter().filter(|c| c.carries_harm()) {
        let count = counts[category.index()];
        if count == 0 {
            continue;
        }
        total += count as f64 * weights.weight_of(category)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vol(code: &str, category: Category, volume: u64) -> OffenceVolume {
        OffenceVolume { offence_code: code.into(), category, volume }
    }

    #[test]
    fn volume_weighted_mean_by_hand() {
        // Robbery: code 34A (weight 800, 30 crimes) and 34B (weight 200, 10 crimes)
        // -> (800*30 + 200*10) / 40 = 26000 / 40 = 650.
        // Drugs: 92A (weight 3, 90) and 92B (no weight, 10) -> 3, with 92B unweighted.
        let volumes = [
            vol("34A", Category::Robbery, 30),
            vol("34B", Category::Robbery, 10),
            vol("92A", Category::Drugs, 90),
            vol("92B", Category::Drugs, 10),
        ];
        let weights: BTreeMap<String, f64> =
            [("34A".to_string(), 800.0), ("34B".to_string(), 200.0), ("92A".to_string(), 3.0)].into();
        let w = category_weights(WeightScheme::Css, &volumes, &weights);
        assert_eq!(w.weight_of(Category::Robbery), Some(650.0));
        assert_eq!(w.weight_of(Category::Drugs), Some(3.0));
        assert_eq!(w.weight_of(Category::Burglary), None);
        assert_eq!(w.unweighted.len(), 1);
        assert_eq!(w.unweighted[0].offence_code, "92B");
        // 10 of 140 recorded crimes: 0.0714...
        assert!((w.unweighted[0].share_of_volume - 10.0 / 140.0).abs() < 1e-12);
        // The other 130 have a weight; plain counts use no volumes at all.
        assert_eq!(w.weighted_share(), Some(130.0 / 140.0));
        assert_eq!(CategoryWeights::unweighted().weighted_share(), None);
    }

    fn subgroup(category: Category, subgroup: &str, days: f64, count: u64) -> SubgroupDays {
        SubgroupDays { category, subgroup: subgroup.into(), days, count }
    }

    #[test]
    fn chi_weights_are_count_weighted_means_by_hand() {
        // Rows of the Cambridge CHI table (2026 update, national counts 2024/25).
        let table = [
            subgroup(Category::Burglary, "Residential burglary", 273.5, 166_316),
            subgroup(Category::Burglary, "Non-residential burglary", 183.5, 78_332),
            subgroup(Category::Robbery, "Robbery of business property", 365.0, 15_322),
            subgroup(Category::Robbery, "Robbery of personal property", 365.0, 62_281),
            subgroup(Category::Drugs, "Possession of drugs", 3.0, 0),
        ];
        let w = chi_category_weights(&table);
        assert_eq!(w.scheme, WeightScheme::Chi);
        // Burglary: 273.5 * 166,316 = 45,487,426 and 183.5 * 78,332 = 14,373,922;
        // (45,487,426 + 14,373,922) / (166,316 + 78,332) = 59,861,348 / 244,648 = 244.6836 days.
        let burglary = w.weight_of(Category::Burglary).unwrap();
        assert!((burglary - 244.683_578).abs() < 1e-6, "{burglary}");
        assert_eq!(burglary, 59_861_348.0 / 244_648.0);
        // Both robbery subgroups weigh 365 days, so the category does too.
        assert_eq!(w.weight_of(Category::Robbery), Some(365.0));
        let robbery = w.weights.iter().find(|c| c.category == Category::Robbery).unwrap();
        assert_eq!((robbery.weighted_volume, robbery.volume), (77_603, 77_603));
        // A subgroup never counted carries no weight; an absent category has none either.
        assert_eq!(w.weight_of(Category::Drugs), None);
        assert_eq!(w.weight_of(Category::Shoplifting), None);
        assert!(w.unweighted.is_empty());
    }

    #[test]
    fn harm_skips_anti_social_behaviour() {
        let mut counts = [0u64; 14];
        counts[Category::AntiSocialBehaviour.index()] = 100;
        counts[Category::Robbery.index()] = 2;
        counts[Category::Drugs.index()] = 5;
        let volumes = [vol("34A", Category::Robbery, 1), vol("92A", Category::Drugs, 1)];
        let weights: BTreeMap<String, f64> = [("34A".to_string(), 650.0), ("92A".to_string(), 3.0)].into();
        let w = category_weights(WeightScheme::Css, &volumes, &weights);
        // 2*650 + 5*3 = 1315; the 100 ASB incidents add nothing.
        assert_eq!(harm(&counts, &w), Some(1315.0));
        // Unweighted: harm is the crime count excluding ASB.
        assert_eq!(harm(&counts, &CategoryWeights::unweighted()), Some(7.0));
        // A counted category with no weight makes harm undefined, not smaller.
        counts[Category::Burglary.index()] = 1;
        assert_eq!(harm(&counts, &w), None);
    }
}
