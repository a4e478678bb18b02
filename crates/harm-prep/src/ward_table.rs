//! Ward attributes from 2021 LSOA figures: residents by ethnic group summed;
//! deprivation and rural-urban class taken from the LSOAs the residents live in.

use crate::error::{PrepError, Result};
use crate::geography::ForceGeography;
use harm_core::dataset::WardRow;
use harm_core::csv_rows::{add_counts, sum_counts, MAX_EXACT_COUNT};
use std::collections::BTreeMap;

pub struct LsoaFacts {
    pub groups: BTreeMap<String, [u64; 5]>,
    pub imd_decile: BTreeMap<String, u8>,
    pub rural_urban: BTreeMap<String, String>,
}

impl LsoaFacts {
    /// Residents of each LSOA: its groups' sum, which [`crate::inputs::census::ethnic_groups`]
    /// has checked equals the LSOA's total, a count in the exact range.
    pub fn residents(&self) -> BTreeMap<String, u64> {
        self.groups.iter().map(|(code, g)| (code.clone(), g.iter().sum())).collect()
    }
}

fn too_large(what: String) -> PrepError {
    PrepError::Check(format!("{what} passes {MAX_EXACT_COUNT}, the largest count computed exactly"))
}

/// One row per ward of the force, in ward-code order.
pub fn ward_rows(geography: &ForceGeography, facts: &LsoaFacts) -> Result<Vec<WardRow>> {
    let mut lsoas_of_ward: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for lsoa in &geography.lsoas {
        let ward = &geography.ward_of_lsoa21[&lsoa.code];
        lsoas_of_ward.entry(ward.as_str()).or_default().push(lsoa.code.as_str());
    }
    let missing = |what: &str, lsoa: &str| PrepError::Check(format!("LSOA {lsoa} has no {what} in the inputs"));
    geography
        .wards
        .iter()
        .map(|ward| {
            // A ward no 2021 LSOA best-fits (a small ward, or one of the City
            // of London's, whose residents' LSOAs best-fit a neighbour) is
            // published with its outline and blank residents: the census
            // counts its residents in the neighbouring wards, so a count of
            // its own would be a made-up zero. (A district without LSOA
            // boundaries stops the build where they are read.)
            let Some(lsoas) = lsoas_of_ward.get(ward.code.as_str()).cloned() else {
                return Ok(WardRow {
                    ward_code: ward.code.clone(),
                    ward_name: ward.name.clone(),
                    district_code: ward.district.code.clone(),
                    district_name: ward.district.name.clone(),
                    residents: 0,
                    asian: 0,
                    black: 0,
                    mixed: 0,
                    white: 0,
                    other: 0,
                    imd_decile: None,
                    rural_urban: String::new(),
                    residents_in_neighbours: true,
                });
            };
            let mut groups = [0u64; 5];
            // (decile, residents) and (class, residents) of the ward's LSOAs.
            let mut deciles: Vec<(u8, u64)> = Vec::new();
            // The English Indices of Deprivation do not cover Wales: a Welsh
            // ward has no decile (said wherever one would show), and an
            // English LSOA without one is still an error.
            let mut outside_england = false;
            let mut classes: BTreeMap<&str, u64> = BTreeMap::new();
            for lsoa in lsoas {
                let g = facts.groups.get(lsoa).ok_or_else(|| missing("Census 2021 ethnic group counts", lsoa))?;
                let n = sum_counts(g.iter().copied()).ok_or_else(|| too_large(format!("LSOA {lsoa}'s residents")))?;
                for (sum, x) in groups.iter_mut().zip(g) {
                    *sum = add_counts(*sum, *x).ok_or_else(|| too_large(format!("ward {}'s residents", ward.code)))?;
                }
                match facts.imd_decile.get(lsoa) {
                    Some(d) => deciles.push((*d, n)),
                    None if lsoa.starts_with('W') => outside_england = true,
                    None => return Err(missing("IMD decile", lsoa)),
                }
                *classes.entry(facts.rural_urban.get(lsoa).ok_or_else(|| missing("rural-urban class", lsoa))?).or_default() += n;
            }
            let residents = sum_counts(groups).ok_or_else(|| too_large(format!("ward {}'s residents", ward.code)))?;
            Ok(WardRow {
                ward_code: ward.code.clone(),
                ward_name: ward.name.clone(),
                district_code: ward.district.code.clone(),
                district_name: ward.district.name.clone(),
                residents,
                asian: groups[0],
                black: groups[1],
                mixed: groups[2],
                white: groups[3],
                other: groups[4],
                imd_decile: if outside_england { None } else { median_resident_decile(deciles) },
                rural_urban: majority_class(&classes),
                residents_in_neighbours: false,
            })
        })
        .collect()
}

/// The IMD decile of the LSOA the ward's median resident lives in: order the
/// ward's LSOAs by decile and take the first at which half the residents are
/// reached. Unlike a mean of deciles, this is always a real decile.
fn median_resident_decile(mut deciles: Vec<(u8, u64)>) -> Option<u8> {
    let total: u64 = deciles.iter().map(|d| d.1).sum();
    if total == 0 {
        return None;
    }
    deciles.sort();
    let mut cumulative = 0;
    for (decile, n) in deciles {
        cumulative += n;
        if cumulative * 2 >= total {
            return Some(decile);
        }
    }
    None
}

/// The class holding most residents; ties go to the first in alphabetical order.
fn majority_class(classes: &BTreeMap<&str, u64>) -> String {
    classes
        .iter()
        .filter(|(_, &n)| n > 0)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(class, _)| class.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_resident_decile_by_hand() {
        // 300 residents in decile 2, 200 in 5, 600 in 9: half of 1,100 is 550,
        // reached within decile 9 (300 + 200 = 500 < 550).
        assert_eq!(median_resident_decile(vec![(9, 600), (2, 300), (5, 200)]), Some(9));
        // Exactly half reached at decile 5: 300 + 200 = 500 = 1000 / 2.
        assert_eq!(median_resident_decile(vec![(9, 500), (2, 300), (5, 200)]), Some(5));
        assert_eq!(median_resident_decile(vec![]), None);
    }

    #[test]
    fn majority_class_breaks_ties_alphabetically() {
        let classes: BTreeMap<&str, u64> = [("Urban", 10), ("Rural", 10), ("Other", 3)].into();
        assert_eq!(majority_class(&classes), "Rural");
        let classes: BTreeMap<&str, u64> = [("Urban", 11), ("Rural", 10)].into();
        assert_eq!(majority_class(&classes), "Urban");
    }
}
