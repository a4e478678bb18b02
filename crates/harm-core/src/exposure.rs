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
    fn undefined_without_both_groups() {
        let only_white = [WardExposure { harm_rate: Some(0.1), black_residents: 0, white_residents: 10 }];
        assert_eq!(exposure_disparity(only_white), None);
        let zero_harm = [WardExposure { harm_rate: Some(0.0), black_residents: 5, white_residents: 10 }];
        assert_eq!(exposure_disparity(zero_harm), None);
    }
}
