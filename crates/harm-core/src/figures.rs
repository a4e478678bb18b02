//! Ward and force figures for a month range: the numbers behind the map, the
//! ward panel, the table view and `harm-prep table`.

use crate::category::Category;
use crate::dataset::{CrimeRow, WardRow};
use crate::exposure::{adjusted_exposure_disparity, exposure_disparity, AdjustedDisparity, ExposureDisparity, WardExposure};
use crate::harm::{harm, CategoryWeights};
use crate::month::Month;
use crate::rates::{rate_per_resident, rate_per_thousand, share};
use std::collections::HashMap;

/// Everything published for one force.
#[derive(Debug, Clone)]
pub struct ForceData {
    pub wards: Vec<WardRow>,
    pub crime: Vec<CrimeRow>,
    pub weights: CategoryWeights,
    pub crime_months: Vec<Month>,
}

/// Which of the selected months have crime data.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub selected: Vec<Month>,
    pub with_data: Vec<Month>,
}

impl Coverage {
    pub fn has_crime_data(&self) -> bool {
        !self.with_data.is_empty()
    }
    pub fn is_complete(&self) -> bool {
        self.selected.len() == self.with_data.len()
    }
}

/// Crime counts of an area over the months that have data.
#[derive(Debug, Clone, PartialEq)]
pub struct CrimeFigures {
    pub by_category: [u64; 14],
    /// Notifiable crimes: every category but anti-social behaviour.
    pub crimes: u64,
    pub anti_social_behaviour: u64,
    /// `None` when a counted category has no weight.
    pub harm: Option<f64>,
    /// Harm per usual resident over the period.
    pub harm_rate: Option<f64>,
    /// Crimes per 1,000 usual residents over the period.
    pub crime_rate: Option<f64>,
}

/// Figures for a ward, or for a district or force (the sum of its wards).
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub code: String,
    pub name: String,
    pub district_code: String,
    pub district_name: String,
    pub residents: u64,
    /// Residents by group in the order Asian, Black, Mixed, White, Other.
    pub groups: [u64; 5],
    pub imd_decile: Option<u8>,
    pub rural_urban: String,
    /// `None` when no selected month has crime data.
    pub crime: Option<CrimeFigures>,
}

pub const GROUP_NAMES: [&str; 5] = ["Asian", "Black", "Mixed", "White", "Other"];
const BLACK: usize = 1;
const WHITE: usize = 3;

impl AreaFigures {
    pub fn black(&self) -> u64 {
        self.groups[BLACK]
    }
    pub fn white(&self) -> u64 {
        self.groups[WHITE]
    }
    pub fn black_share(&self) -> Option<f64> {
        share(self.black(), self.residents)
    }
    pub fn white_share(&self) -> Option<f64> {
        share(self.white(), self.residents)
    }
    pub fn harm_rate(&self) -> Option<f64> {
        self.crime.as_ref().and_then(|c| c.harm_rate)
    }
}

pub fn coverage(data: &ForceData, from: Month, to: Month) -> Coverage {
    let selected = from.through(to);
    let with_data = selected.iter().copied().filter(|m| data.crime_months.contains(m)).collect();
    Coverage { selected, with_data }
}

fn crime_figures(by_category: [u64; 14], residents: u64, weights: &CategoryWeights) -> CrimeFigures {
    let anti_social_behaviour = by_category[Category::AntiSocialBehaviour.index()];
    let crimes = by_category.iter().sum::<u64>() - anti_social_behaviour;
    let harm = harm(&by_category, weights);
    CrimeFigures {
        by_category,
        crimes,
        anti_social_behaviour,
        harm,
        harm_rate: harm.and_then(|h| rate_per_resident(h, residents)),
        crime_rate: rate_per_thousand(crimes as f64, residents),
    }
}

/// One entry per published ward, in the published order.
pub fn ward_figures(data: &ForceData, from: Month, to: Month) -> Vec<AreaFigures> {
    let has_data = coverage(data, from, to).has_crime_data();
    let mut counts: HashMap<&str, [u64; 14]> = HashMap::new();
    for row in data.crime.iter().filter(|r| r.month >= from && r.month <= to) {
        counts.entry(row.ward_code.as_str()).or_insert([0; 14])[row.category.index()] += row.count;
    }
    data.wards
        .iter()
        .map(|w| AreaFigures {
            code: w.ward_code.clone(),
            name: w.ward_name.clone(),
            district_code: w.district_code.clone(),
            district_name: w.district_name.clone(),
            residents: w.residents,
            groups: [w.asian, w.black, w.mixed, w.white, w.other],
            imd_decile: w.imd_decile,
            rural_urban: w.rural_urban.clone(),
            crime: has_data.then(|| {
                crime_figures(counts.get(w.ward_code.as_str()).copied().unwrap_or([0; 14]), w.residents, &data.weights)
            }),
        })
        .collect()
}

/// The sum of `wards` as one area (a district or the force). Deprivation and
/// rural-urban class are ward properties and are left empty.
pub fn total(code: &str, name: &str, wards: &[AreaFigures], weights: &CategoryWeights) -> AreaFigures {
    let mut groups = [0u64; 5];
    let mut by_category = [0u64; 14];
    let mut residents = 0;
    let mut any_crime = false;
    for w in wards {
        residents += w.residents;
        for (sum, n) in groups.iter_mut().zip(w.groups) {
            *sum += n;
        }
        if let Some(c) = &w.crime {
            any_crime = true;
            for (sum, n) in by_category.iter_mut().zip(c.by_category) {
                *sum += n;
            }
        }
    }
    AreaFigures {
        code: code.to_string(),
        name: name.to_string(),
        district_code: String::new(),
        district_name: String::new(),
        residents,
        groups,
        imd_decile: None,
        rural_urban: String::new(),
        crime: any_crime.then(|| crime_figures(by_category, residents, weights)),
    }
}

/// Exposure disparity of a set of wards (a force or a district).
pub fn exposure(wards: &[AreaFigures]) -> Option<ExposureDisparity> {
    exposure_disparity(wards.iter().map(|w| WardExposure {
        harm_rate: w.harm_rate(),
        black_residents: w.black(),
        white_residents: w.white(),
    }))
}

/// Exposure disparity compared within IMD deciles, then combined (see
/// [`crate::exposure::adjusted_exposure_disparity`]).
pub fn adjusted_exposure(wards: &[AreaFigures]) -> Option<AdjustedDisparity> {
    adjusted_exposure_disparity(wards.iter().map(|w| {
        (w.imd_decile, WardExposure { harm_rate: w.harm_rate(), black_residents: w.black(), white_residents: w.white() })
    }))
}

/// Exposure disparity of each district, in order of first appearance.
pub fn district_exposures(wards: &[AreaFigures]) -> Vec<(String, String, Option<ExposureDisparity>)> {
    let mut order: Vec<(String, String)> = Vec::new();
    for w in wards {
        if !order.iter().any(|(code, _)| *code == w.district_code) {
            order.push((w.district_code.clone(), w.district_name.clone()));
        }
    }
    order
        .into_iter()
        .map(|(code, name)| {
            let members: Vec<AreaFigures> = wards.iter().filter(|w| w.district_code == code).cloned().collect();
            let e = exposure(&members);
            (code, name, e)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ward(code: &str, district: &str, residents_by_group: [u64; 5]) -> WardRow {
        WardRow {
            ward_code: code.into(),
            ward_name: format!("Ward {code}"),
            district_code: district.into(),
            district_name: format!("District {district}"),
            residents: residents_by_group.iter().sum(),
            asian: residents_by_group[0],
            black: residents_by_group[1],
            mixed: residents_by_group[2],
            white: residents_by_group[3],
            other: residents_by_group[4],
            imd_decile: Some(5),
            rural_urban: "Urban".into(),
        }
    }

    fn crime(ward: &str, month: &str, category: Category, count: u64) -> CrimeRow {
        CrimeRow { ward_code: ward.into(), month: month.parse().unwrap(), category, count }
    }

    fn sample() -> ForceData {
        ForceData {
            wards: vec![ward("W1", "D1", [0, 100, 0, 900, 0]), ward("W2", "D1", [0, 50, 0, 1950, 0])],
            crime: vec![
                crime("W1", "2019-01", Category::Burglary, 150),
                crime("W1", "2019-02", Category::Burglary, 50),
                crime("W1", "2019-01", Category::AntiSocialBehaviour, 40),
                crime("W2", "2019-01", Category::Drugs, 100),
                crime("W2", "2019-03", Category::Drugs, 999),
            ],
            weights: CategoryWeights::unweighted(),
            crime_months: vec!["2019-01".parse().unwrap(), "2019-02".parse().unwrap(), "2019-03".parse().unwrap()],
        }
    }

    #[test]
    fn ward_and_force_figures_by_hand() {
        let data = sample();
        let from = "2019-01".parse().unwrap();
        let to = "2019-02".parse().unwrap();
        let wards = ward_figures(&data, from, to);
        let w1 = wards[0].crime.as_ref().unwrap();
        // W1: 200 burglaries (ASB excluded), 1,000 residents.
        assert_eq!((w1.crimes, w1.anti_social_behaviour), (200, 40));
        assert_eq!(w1.harm, Some(200.0));
        assert_eq!(w1.harm_rate, Some(0.2));
        assert_eq!(w1.crime_rate, Some(200.0));
        // W2: 100 drugs offences in January; March is outside the range.
        let w2 = wards[1].crime.as_ref().unwrap();
        assert_eq!(w2.harm_rate, Some(0.05));
        assert_eq!(wards[1].black_share(), Some(0.025));
        // Force: 300 crimes / 3,000 residents = 100 per 1,000.
        let force = total("F", "Force", &wards, &data.weights);
        let f = force.crime.as_ref().unwrap();
        assert_eq!((f.crimes, force.residents, force.black(), force.white()), (300, 3000, 150, 2850));
        assert_eq!(f.crime_rate, Some(100.0));
        // Exposure as in exposure.rs: (22.5/150) / (277.5/2850).
        let e = exposure(&wards).unwrap();
        assert!((e.ratio - 0.15 / (277.5 / 2850.0)).abs() < 1e-12);
        assert_eq!(district_exposures(&wards).len(), 1);
    }

    #[test]
    fn months_without_data_give_no_figures_not_zeros() {
        let data = sample();
        let from = "2019-04".parse().unwrap();
        let to = "2019-06".parse().unwrap();
        let c = coverage(&data, from, to);
        assert!(!c.has_crime_data());
        let wards = ward_figures(&data, from, to);
        assert!(wards.iter().all(|w| w.crime.is_none()));
        assert!(total("F", "Force", &wards, &data.weights).crime.is_none());
        let partial = coverage(&data, "2019-03".parse().unwrap(), "2019-04".parse().unwrap());
        assert!(partial.has_crime_data() && !partial.is_complete());
    }
}
