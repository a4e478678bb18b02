//! How the national crime survey estimates ([`crate::survey`]) are written
//! beside every force's figures: each a share of adults as a percentage, with
//! its 95% interval, Black beside White.

use crate::format::significant;
use crate::survey::SurveyEstimate;

/// A share of adults as a percentage: one decimal from 10%, else two
/// significant figures, so small prevalences keep their precision
/// (0.0035 -> "0.35%", 0.4560 -> "45.6%").
pub fn percent_of_adults(share: f64) -> String {
    let p = share * 100.0;
    if p >= 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{}%", significant(p, 2))
    }
}

/// "0.35% (95% interval 0.032% to 0.67%)".
pub fn estimate_text(e: &SurveyEstimate) -> String {
    format!("{} (95% interval {} to {})", percent_of_adults(e.estimate), percent_of_adults(e.lower), percent_of_adults(e.upper))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ethnicity::EthnicGroup;
    use crate::survey::SurveyMeasure;

    #[test]
    fn percentages_by_hand() {
        assert_eq!(percent_of_adults(0.00350077124), "0.35%");
        assert_eq!(percent_of_adults(0.000319907660698), "0.032%");
        assert_eq!(percent_of_adults(0.0163887442864), "1.6%");
        assert_eq!(percent_of_adults(0.45595412779999994), "45.6%");
        assert_eq!(percent_of_adults(0.0), "0%");
        // 0.5 -/+ 1.959964 x 0.06: 38.24216% to 61.759784%.
        let e = SurveyEstimate::new((SurveyMeasure::JusticeSystemFair, EthnicGroup::Black), (0.5, 0.06), 64, ("y", "E&W", "s"));
        assert_eq!(estimate_text(&e), "50.0% (95% interval 38.2% to 61.8%)");
    }
}
