//! Ward and force figures for a period: the numbers behind the map, the
//! ward panel, the table view and `harm-prep table`. Rates are annualised
//! from the months of the period that have data (see [`crate::period`]).

use crate::category::Category;
use crate::dataset::{CrimeCounts, WardRow};
use crate::exposure::{adjusted_exposure_disparity, exposure_disparity, AdjustedDisparity, ExposureDisparity, WardExposure};
use crate::harm::{harm, CategoryWeights, WeightScheme};
use crate::month::Month;
use crate::period::{annualise, Period};
use crate::rates::{rate_per_resident, rate_per_thousand, share};

/// Everything published for one force's crime and residents.
#[derive(Debug, Clone)]
pub struct ForceData {
    pub wards: Vec<WardRow>,
    pub crime: CrimeCounts,
    /// Category weights under each published scheme.
    pub weights: Vec<CategoryWeights>,
}

impl ForceData {
    pub fn weights(&self, scheme: WeightScheme) -> Option<&CategoryWeights> {
        self.weights.iter().find(|w| w.scheme == scheme)
    }

    pub fn crime_months(&self) -> &[Month] {
        self.crime.months()
    }

}

/// Crime counts of an area over the months of a period that have data.
#[derive(Debug, Clone, PartialEq)]
pub struct CrimeFigures {
    pub by_category: [u64; 14],
    /// Notifiable crimes: every category but anti-social behaviour.
    pub crimes: u64,
    pub anti_social_behaviour: u64,
    /// Harm over the months present; `None` when a counted category has no weight.
    pub harm: Option<f64>,
    /// Months of the period with data, which the counts cover.
    pub months_present: usize,
    /// Harm per usual resident per year (the ONS CSS unit).
    pub harm_per_resident_per_year: Option<f64>,
    /// Crimes per 1,000 usual residents per year.
    pub crimes_per_1000_per_year: Option<f64>,
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
    /// Why a ward shows no residents of its own ([`WardRow::residents_note`]);
    /// its counts are then not figures to show, and no rate is computed.
    pub residents_note: Option<&'static str>,
    /// Why a ward has no deprivation decile, where the data says ([`WardRow::deprivation_note`]).
    pub deprivation_note: Option<&'static str>,
    /// `None` when no month of the period has crime data.
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
    pub fn harm_per_resident_per_year(&self) -> Option<f64> {
        self.crime.as_ref().and_then(|c| c.harm_per_resident_per_year)
    }
}

/// Counts, harm and annualised rates of an area over `months_present` months.
pub fn crime_figures(by_category: [u64; 14], months_present: usize, residents: u64, weights: &CategoryWeights) -> CrimeFigures {
    let anti_social_behaviour = by_category[Category::AntiSocialBehaviour.index()];
    let crimes = by_category.iter().sum::<u64>() - anti_social_behaviour;
    let harm = harm(&by_category, weights);
    CrimeFigures {
        by_category,
        crimes,
        anti_social_behaviour,
        harm,
        months_present,
        harm_per_resident_per_year: harm
            .and_then(|h| annualise(h, months_present))
            .and_then(|h| rate_per_resident(h, residents)),
        crimes_per_1000_per_year: annualise(crimes as f64, months_present).and_then(|c| rate_per_thousand(c, residents)),
    }
}

fn area(w: &WardRow, crime: Option<CrimeFigures>) -> AreaFigures {
    AreaFigures {
        code: w.ward_code.clone(),
        name: w.ward_name.clone(),
        district_code: w.district_code.clone(),
        district_name: w.district_name.clone(),
        residents: w.residents,
        groups: [w.asian, w.black, w.mixed, w.white, w.other],
        imd_decile: w.imd_decile,
        rural_urban: w.rural_urban.clone(),
        residents_note: w.residents_note(),
        deprivation_note: w.deprivation_note(),
        crime,
    }
}

/// One entry per published ward, in the published order, over the months
/// of `period` that have data.
pub fn ward_figures(data: &ForceData, period: &Period, weights: &CategoryWeights) -> Vec<AreaFigures> {
    let present = period.coverage(data.crime_months()).present;
    let indices = data.crime.indices_of(&present);
    data.wards
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let crime = (!indices.is_empty())
                .then(|| crime_figures(data.crime.sum(i, &indices), indices.len(), w.residents, weights));
            area(w, crime)
        })
        .collect()
}

/// The sum of `wards` as one area (a district or the force). Deprivation and
/// rural-urban class are ward properties and are left empty.
pub fn total(code: &str, name: &str, wards: &[AreaFigures], weights: &CategoryWeights) -> AreaFigures {
    let mut groups = [0u64; 5];
    let mut by_category = [0u64; 14];
    let mut residents = 0;
    let mut months_present = None;
    for w in wards {
        residents += w.residents;
        for (sum, n) in groups.iter_mut().zip(w.groups) {
            *sum += n;
        }
        if let Some(c) = &w.crime {
            months_present = Some(c.months_present);
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
        residents_note: None,
        deprivation_note: None,
        crime: months_present.map(|n| crime_figures(by_category, n, residents, weights)),
    }
}

/// Exposure disparity of a set of wards (a force or a district).
pub fn exposure(wards: &[AreaFigures]) -> Option<ExposureDisparity> {
    exposure_disparity(wards.iter().map(|w| WardExposure {
        harm_rate: w.harm_per_resident_per_year(),
        black_residents: w.black(),
        white_residents: w.white(),
    }))
}

/// Exposure disparity compared within IMD deciles, then combined (see
/// [`crate::exposure::adjusted_exposure_disparity`]).
pub fn adjusted_exposure(wards: &[AreaFigures]) -> Option<AdjustedDisparity> {
    adjusted_exposure_disparity(wards.iter().map(|w| {
        (w.imd_decile, WardExposure { harm_rate: w.harm_per_resident_per_year(), black_residents: w.black(), white_residents: w.white() })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn ward(code: &str, district: &str, residents_by_group: [u64; 5]) -> WardRow {
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
            residents_in_neighbours: false,
        }
    }

    use crate::month::m;

    /// Two wards, data for January to March 2019.
    fn sample() -> ForceData {
        let wards = vec![ward("W1", "D1", [0, 100, 0, 900, 0]), ward("W2", "D1", [0, 50, 0, 1950, 0])];
        let mut crime = CrimeCounts::new(2, vec![m("2019-01"), m("2019-02"), m("2019-03")]);
        crime.cell_mut(0, 0)[Category::Burglary.index()] = 150;
        crime.cell_mut(0, 1)[Category::Burglary.index()] = 50;
        crime.cell_mut(0, 0)[Category::AntiSocialBehaviour.index()] = 40;
        crime.cell_mut(1, 0)[Category::Drugs.index()] = 100;
        crime.cell_mut(1, 2)[Category::Drugs.index()] = 999;
        ForceData { wards, crime, weights: vec![CategoryWeights::unweighted()] }
    }

    #[test]
    fn ward_and_force_figures_by_hand() {
        let data = sample();
        let weights = data.weights(WeightScheme::Counts).unwrap();
        let period = Period::custom(m("2019-01"), m("2019-02")).unwrap();
        let wards = ward_figures(&data, &period, weights);
        let w1 = wards[0].crime.as_ref().unwrap();
        // W1: 200 burglaries in 2 months (ASB excluded), 1,000 residents:
        // 1,200 a year, 1.2 per resident per year, 1,200 per 1,000.
        assert_eq!((w1.crimes, w1.anti_social_behaviour, w1.months_present), (200, 40, 2));
        assert_eq!(w1.harm, Some(200.0));
        assert_eq!(w1.harm_per_resident_per_year, Some(1.2));
        assert_eq!(w1.crimes_per_1000_per_year, Some(1200.0));
        // W2: 100 drugs offences in January; March is outside the period:
        // 600 a year over 2,000 residents = 0.3.
        let w2 = wards[1].crime.as_ref().unwrap();
        assert_eq!(w2.harm_per_resident_per_year, Some(0.3));
        assert_eq!(wards[1].black_share(), Some(0.025));
        // Force: 300 crimes in 2 months / 3,000 residents = 600 per 1,000 per year.
        let force = total("F", "Force", &wards, weights);
        let f = force.crime.as_ref().unwrap();
        assert_eq!((f.crimes, force.residents, force.black(), force.white()), (300, 3000, 150, 2850));
        assert_eq!(f.crimes_per_1000_per_year, Some(600.0));
        // Exposure as in exposure.rs, on annualised rates: (135/150) / (1665/2850).
        let e = exposure(&wards).unwrap();
        assert!((e.ratio - (135.0 / 150.0) / (1665.0 / 2850.0)).abs() < 1e-12);
    }

    #[test]
    fn annualised_from_the_months_present() {
        // A financial year with data in 3 of its 12 months: W2 has 1,099
        // drugs offences in 3 months -> 4,396 a year over 2,000 residents.
        let data = sample();
        let weights = data.weights(WeightScheme::Counts).unwrap();
        let wards = ward_figures(&data, &Period::financial_year(2018), weights);
        let w2 = wards[1].crime.as_ref().unwrap();
        assert_eq!((w2.crimes, w2.months_present), (1099, 3));
        assert_eq!(w2.harm_per_resident_per_year, Some(1099.0 * 4.0 / 2000.0));
    }

    #[test]
    fn months_without_data_give_no_figures_not_zeros() {
        let data = sample();
        let weights = data.weights(WeightScheme::Counts).unwrap();
        let period = Period::custom(m("2019-04"), m("2019-06")).unwrap();
        let wards = ward_figures(&data, &period, weights);
        assert!(wards.iter().all(|w| w.crime.is_none()));
        assert!(total("F", "Force", &wards, weights).crime.is_none());
    }
}
