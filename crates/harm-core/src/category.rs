//! The fourteen police.uk street-level crime categories.

use serde::{Deserialize, Serialize};

/// A police.uk crime category. police.uk publishes only these, not Home Office
/// offence codes, so harm weights are carried to this level (see [`crate::harm`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    AntiSocialBehaviour,
    BicycleTheft,
    Burglary,
    CriminalDamageAndArson,
    Drugs,
    OtherCrime,
    OtherTheft,
    PossessionOfWeapons,
    PublicOrder,
    Robbery,
    Shoplifting,
    TheftFromThePerson,
    VehicleCrime,
    ViolenceAndSexualOffences,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::AntiSocialBehaviour,
        Category::BicycleTheft,
        Category::Burglary,
        Category::CriminalDamageAndArson,
        Category::Drugs,
        Category::OtherCrime,
        Category::OtherTheft,
        Category::PossessionOfWeapons,
        Category::PublicOrder,
        Category::Robbery,
        Category::Shoplifting,
        Category::TheftFromThePerson,
        Category::VehicleCrime,
        Category::ViolenceAndSexualOffences,
    ];

    /// The label exactly as police.uk writes it in the `Crime type` column.
    pub fn label(self) -> &'static str {
        match self {
            Category::AntiSocialBehaviour => "Anti-social behaviour",
            Category::BicycleTheft => "Bicycle theft",
            Category::Burglary => "Burglary",
            Category::CriminalDamageAndArson => "Criminal damage and arson",
            Category::Drugs => "Drugs",
            Category::OtherCrime => "Other crime",
            Category::OtherTheft => "Other theft",
            Category::PossessionOfWeapons => "Possession of weapons",
            Category::PublicOrder => "Public order",
            Category::Robbery => "Robbery",
            Category::Shoplifting => "Shoplifting",
            Category::TheftFromThePerson => "Theft from the person",
            Category::VehicleCrime => "Vehicle crime",
            Category::ViolenceAndSexualOffences => "Violence and sexual offences",
        }
    }

    /// Position in [`Category::ALL`], for dense per-category arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a police.uk label. Matching ignores case because the Home Office
    /// offence mapping capitalises categories differently ("Violence and Sexual
    /// Offences"); it also accepts "Public order offences", the mapping's name
    /// for police.uk's "Public order".
    pub fn from_label(label: &str) -> Option<Category> {
        let wanted = label.trim();
        if wanted.eq_ignore_ascii_case("Public order offences") {
            return Some(Category::PublicOrder);
        }
        Category::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(wanted))
    }

    /// Anti-social behaviour incidents are not notifiable crimes and have no
    /// Crime Severity Score weight: they are counted as their own layer and
    /// never added to harm.
    pub fn carries_harm(self) -> bool {
        self != Category::AntiSocialBehaviour
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_and_ignore_case() {
        for c in Category::ALL {
            assert_eq!(Category::from_label(c.label()), Some(c));
            assert_eq!(Category::from_label(&c.label().to_uppercase()), Some(c));
        }
        assert_eq!(
            Category::from_label("Violence and Sexual Offences"),
            Some(Category::ViolenceAndSexualOffences)
        );
        assert_eq!(Category::from_label("Public order offences"), Some(Category::PublicOrder));
        assert_eq!(Category::from_label("Miscellaneous crimes"), None);
    }

    #[test]
    fn index_matches_position() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i);
        }
        assert!(!Category::AntiSocialBehaviour.carries_harm());
        assert!(Category::Drugs.carries_harm());
    }
}
