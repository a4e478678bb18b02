//! Exposure disparity: "how much harm is there where Black residents live,
//! compared with where White residents live?"
//!
//! For each group g, the population-weighted mean ward harm rate is
//! `E_g = sum_i(n_gi * r_i) / sum_i(n_gi)` over wards i with a defined rate,
//! where n_gi is the group's residents in ward i and r_i the ward's harm rate.
//! The disparity is `E_black / E_white`. A value of 1 means the two groups
//! live, on average, in areas of equal harm.

use serde::Serialize;

/// One ward's contribution: its harm rate and its Black and White residents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WardExposure {
    pub harm_rate: Option<f64>,
    pub black_residents: u64,
    pub white_residents: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExposureDisparity {
    /// Mean harm rate of the ward a Black resident lives in.
    pub black_mean_rate: f64,
    /// Mean harm rate of the ward a White resident lives in.
    pub white_mean_rate: f64,
    /// `black_mean_rate / white_mean_rate`.
    pub ratio: f64,
}

/// `None` when either group has no residents in wards with a rate, or the
/// White mean rate is zero (the ratio would be undefined).
pub fn exposure_disparity(wards: impl IntoIterator<Item = WardExposure>) -> Option<ExposureDisparity> {
    let (mut black_sum, mut black_n, mut white_sum, mut white_n) = (0.0, 0u64, 0.0, 0u64);
    for w in wards {
        let Some(rate) = w.harm_rate else { continue };
        black_sum += rate * w.black_residents as f64;
        black_n += w.black_residents;
        white_sum += rate * w.white_residents as f64;
        white_n += w.white_residents;
    }
    if black_n == 0 || white_n == 0 {
        return None;
    }
    let black_mean_rate = black_sum / black_n as f64;
    let white_mean_rate = white_sum / white_n as f64;
    (white_mean_rate > 0.0).then(|| ExposureDisparity {
        black_mean_rate,
        white_mean_rate,
        ratio: black_mean_rate / white_mean_rate,
    })
}

/// Exposure disparity adjusted for deprivation: Black and White residents
/// are compared within each stratum (IMD decile), then combined with the
/// Black population's distribution across strata as weights:
///
/// `adjusted = sum_d(B_d * E_black,d) / sum_d(B_d * E_white,d)`
///
/// i.e. the Black mean harm rate over the White mean a Black resident would
/// face if White residents were spread over deciles as Black residents are.
/// Strata with no Black or no White residents (with a rate) cannot be
/// compared and are left out; their share of Black residents is reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AdjustedDisparity {
    pub ratio: f64,
    /// Share of Black residents in strata left out of the comparison.
    pub black_share_excluded: f64,
}

pub fn adjusted_exposure_disparity(
    wards: impl IntoIterator<Item = (Option<u8>, WardExposure)>,
) -> Option<AdjustedDisparity> {
    use std::collections::BTreeMap;
    // stratum -> (sum n_b r, sum n_b, sum n_w r, sum n_w)
    let mut strata: BTreeMap<u8, (f64, u64, f64, u64)> = BTreeMap::new();
    let mut black_total = 0u64;
    for (stratum, w) in wards {
        let Some(rate) = w.harm_rate else { continue };
        black_total += w.black_residents;
        let Some(stratum) = stratum else { continue };
        let s = strata.entry(stratum).or_default();
        s.0 += rate * w.black_residents as f64;
        s.1 += w.black_residents;
        s.2 += rate * w.white_residents as f64;
        s.3 += w.white_residents;
    }
    let (mut numerator, mut denominator, mut black_compared) = (0.0, 0.0, 0u64);
    for (black_sum, black_n, white_sum, white_n) in strata.into_values() {
        if black_n == 0 || white_n == 0 {
            continue;
        }
        let weight = black_n as f64;
        numerator += weight * black_sum / black_n as f64;
        denominator += weight * white_sum / white_n as f64;
        black_compared += black_n;
    }
    (black_compared > 0 && denominator > 0.0).then(|| AdjustedDisparity {
        ratio: numerator / denominator,
        black_share_excluded: 1.0 - black_compared as f64 / black_total as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_disparity() {
        // Ward A: rate 0.2, 100 Black, 900 White. Ward B: rate 0.05, 50 Black, 1950 White.
        // E_black = (100*0.2 + 50*0.05) / 150 = 22.5 / 150 = 0.15
        // E_white = (900*0.2 + 1950*0.05) / 2850 = 277.5 / 2850 = 0.097368...
        // ratio = 0.15 / 0.097368 = 1.540540...
        let wards = [
            WardExposure { harm_rate: Some(0.2), black_residents: 100, white_residents: 900 },
            WardExposure { harm_rate: Some(0.05), black_residents: 50, white_residents: 1950 },
            // A ward with no rate is left out rather than counted as zero harm.
            WardExposure { harm_rate: None, black_residents: 1000, white_residents: 0 },
        ];
        let d = exposure_disparity(wards).unwrap();
        assert!((d.black_mean_rate - 0.15).abs() < 1e-12);
        assert!((d.white_mean_rate - 277.5 / 2850.0).abs() < 1e-12);
        assert!((d.ratio - 1.540_540_540_540_54).abs() < 1e-9);
    }

    #[test]
    fn deprivation_adjusted_by_hand() {
        let w = |rate, black, white| WardExposure { harm_rate: Some(rate), black_residents: black, white_residents: white };
        // Decile 1: A (0.4; 300 Black, 100 White), B (0.2; 100, 300).
        //   E_black,1 = (120 + 20) / 400 = 0.35; E_white,1 = (40 + 60) / 400 = 0.25.
        // Decile 9: C (0.1; 100 Black, 1,000 White). E_black,9 = E_white,9 = 0.1.
        // Decile 5: D (0.3; 0 Black, 500 White): no Black residents, left out.
        // Adjusted = (400*0.35 + 100*0.1) / (400*0.25 + 100*0.1) = 150 / 110.
        // Unadjusted = (140 + 10)/500 / ((100 + 100 + 150)/1900) = 0.3 / 0.18421 = 1.6286.
        let wards = [
            (Some(1), w(0.4, 300, 100)),
            (Some(1), w(0.2, 100, 300)),
            (Some(9), w(0.1, 100, 1000)),
            (Some(5), w(0.3, 0, 500)),
        ];
        let adjusted = adjusted_exposure_disparity(wards).unwrap();
        assert!((adjusted.ratio - 150.0 / 110.0).abs() < 1e-12, "{}", adjusted.ratio);
        assert_eq!(adjusted.black_share_excluded, 0.0);
        let plain = exposure_disparity(wards.map(|(_, w)| w)).unwrap();
        assert!((plain.ratio - 0.3 / (350.0 / 1900.0)).abs() < 1e-12);
        // A decile with Black but no White residents is left out and reported.
        let lonely = [(Some(1), w(0.4, 300, 100)), (Some(2), w(0.2, 100, 0))];
        let a = adjusted_exposure_disparity(lonely).unwrap();
        assert!((a.ratio - 1.0).abs() < 1e-12);
        assert!((a.black_share_excluded - 0.25).abs() < 1e-12);
    }

    #[test]
    fn undefined_without_both_groups() {
        let only_white = [WardExposure { harm_rate: Some(0.1), black_residents: 0, white_residents: 10 }];
        assert_eq!(exposure_disparity(only_white), None);
        let zero_harm = [WardExposure { harm_rate: Some(0.0), black_residents: 5, white_residents: 10 }];
        assert_eq!(exposure_disparity(zero_harm), None);
    }
}
