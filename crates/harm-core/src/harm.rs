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

use crate::category::Category;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How crimes are weighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightScheme {
    /// Every offence weighs 1: harm equals the crime count.
    Unweighted,
    /// A supplied list of weights in the ONS shape (offence code, offence,
    /// weight, edition), normally the Crime Severity Score list.
    Supplied,
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
        CategoryWeights { weights, unweighted: Vec::new() }
    }

    pub fn weight_of(&self, category: Category) -> Option<f64> {
        if !category.carries_harm() {
            return None;
        }
        self.weights.iter().find(|w| w.category == category).and_then(|w| w.weight)
    }
}

/// Volume-weighted mean weight of each category (see the module comment).
/// `weights` maps offence code to weight. Anti-social behaviour gets no weight.
pub fn category_weights(volumes: &[OffenceVolume], weights: &BTreeMap<String, f64>) -> CategoryWeights {
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
    CategoryWeights { weights, unweighted }
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
        let w = category_weights(&volumes, &weights);
        assert_eq!(w.weight_of(Category::Robbery), Some(650.0));
        assert_eq!(w.weight_of(Category::Drugs), Some(3.0));
        assert_eq!(w.weight_of(Category::Burglary), None);
        assert_eq!(w.unweighted.len(), 1);
        assert_eq!(w.unweighted[0].offence_code, "92B");
        // 10 of 140 recorded crimes: 0.0714...
        assert!((w.unweighted[0].share_of_volume - 10.0 / 140.0).abs() < 1e-12);
    }

    #[test]
    fn harm_skips_anti_social_behaviour() {
        let mut counts = [0u64; 14];
        counts[Category::AntiSocialBehaviour.index()] = 100;
        counts[Category::Robbery.index()] = 2;
        counts[Category::Drugs.index()] = 5;
        let volumes = [vol("34A", Category::Robbery, 1), vol("92A", Category::Drugs, 1)];
        let weights: BTreeMap<String, f64> = [("34A".to_string(), 650.0), ("92A".to_string(), 3.0)].into();
        let w = category_weights(&volumes, &weights);
        // 2*650 + 5*3 = 1315; the 100 ASB incidents add nothing.
        assert_eq!(harm(&counts, &w), Some(1315.0));
        // Unweighted: harm is the crime count excluding ASB.
        assert_eq!(harm(&counts, &CategoryWeights::unweighted()), Some(7.0));
        // A counted category with no weight makes harm undefined, not smaller.
        counts[Category::Burglary.index()] = 1;
        assert_eq!(harm(&counts, &w), None);
    }
}
