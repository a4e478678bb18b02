//! Ethnic groups of people in policing records, mapped to the five broad
//! Census 2021 groups so that census residents can be the denominators.
//!
//! The mapping (documented for readers on the site's methodology page):
//!
//! | police.uk self-defined label begins with          | group  |
//! |---------------------------------------------------|--------|
//! | `Asian/Asian British - ` (any of 5 labels)         | Asian  |
//! | `Black/African/Caribbean/Black British - ` (any)   | Black  |
//! | `Mixed/Multiple ethnic groups - ` (any of 4)       | Mixed  |
//! | `White - ` (any of 4, incl. Gypsy or Irish Traveller) | White |
//! | `Other ethnic group - Any other ethnic group`, `- Arab` | Other |
//! | `Other ethnic group - Not stated`, or blank        | not stated |
//!
//! Officer-defined ethnicity uses five labels: `Asian`, `Black`, `White`,
//! `Other`, and blank (not recorded); officers do not record "Mixed".
//! "Chinese" (a separate label in some Home Office tables) is Asian, as in the
//! 2021 census. Any other label is an error, never guessed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EthnicGroup {
    Asian,
    Black,
    Mixed,
    White,
    Other,
    /// Not stated, not recorded or unknown: always reported, never dropped.
    NotStated,
}

impl EthnicGroup {
    pub const ALL: [EthnicGroup; 6] = [
        EthnicGroup::Asian,
        EthnicGroup::Black,
        EthnicGroup::Mixed,
        EthnicGroup::White,
        EthnicGroup::Other,
        EthnicGroup::NotStated,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Short key used in published files.
    pub fn key(self) -> &'static str {
        match self {
            EthnicGroup::Asian => "asian",
            EthnicGroup::Black => "black",
            EthnicGroup::Mixed => "mixed",
            EthnicGroup::White => "white",
            EthnicGroup::Other => "other",
            EthnicGroup::NotStated => "not_stated",
        }
    }

    pub fn from_key(key: &str) -> Option<EthnicGroup> {
        EthnicGroup::ALL.into_iter().find(|g| g.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            EthnicGroup::Asian => "Asian",
            EthnicGroup::Black => "Black",
            EthnicGroup::Mixed => "Mixed",
            EthnicGroup::White => "White",
            EthnicGroup::Other => "Other",
            EthnicGroup::NotStated => "Not stated",
        }
    }

    /// Position of the group's residents in census group arrays
    /// (Asian, Black, Mixed, White, Other); `None` for not stated.
    pub fn census_index(self) -> Option<usize> {
        (self != EthnicGroup::NotStated).then_some(self.index())
    }
}

/// Who recorded the ethnicity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    SelfDefined,
    OfficerDefined,
}

impl Basis {
    pub const ALL: [Basis; 2] = [Basis::SelfDefined, Basis::OfficerDefined];

    pub fn key(self) -> &'static str {
        match self {
            Basis::SelfDefined => "self_defined",
            Basis::OfficerDefined => "officer_defined",
        }
    }

    /// Position in [`Basis::ALL`], for dense per-basis arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_key(key: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::SelfDefined => "self-defined",
            Basis::OfficerDefined => "officer-defined",
        }
    }
}

/// Group of a police.uk self-defined ethnicity label (see the module table).
pub fn self_defined_group(label: &str) -> Option<EthnicGroup> {
    let label = label.trim();
    if label.is_empty() || label == "Other ethnic group - Not stated" {
        return Some(EthnicGroup::NotStated);
    }
    let (prefix, rest) = label.split_once(" - ")?;
    if rest.is_empty() {
        return None;
    }
    match prefix {
        "Asian/Asian British" => Some(EthnicGroup::Asian),
        "Black/African/Caribbean/Black British" => Some(EthnicGroup::Black),
        "Mixed/Multiple ethnic groups" => Some(EthnicGroup::Mixed),
        "White" => Some(EthnicGroup::White),
        "Other ethnic group" if matches!(rest, "Any other ethnic group" | "Arab") => Some(EthnicGroup::Other),
        _ => None,
    }
}

/// Group of a police.uk officer-defined ethnicity label.
pub fn officer_defined_group(label: &str) -> Option<EthnicGroup> {
    match label.trim() {
        "" => Some(EthnicGroup::NotStated),
        "Asian" => Some(EthnicGroup::Asian),
        "Black" => Some(EthnicGroup::Black),
        "White" => Some(EthnicGroup::White),
        "Other" => Some(EthnicGroup::Other),
        "Mixed" => Some(EthnicGroup::Mixed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_defined_labels() {
        use EthnicGroup::*;
        let cases = [
            ("Black/African/Caribbean/Black British - Caribbean", Black),
            ("Black/African/Caribbean/Black British - Any other Black/African/Caribbean background", Black),
            ("Mixed/Multiple ethnic groups - White and Black Caribbean", Mixed),
            ("White - English/Welsh/Scottish/Northern Irish/British", White),
            ("White - Gypsy or Irish Traveller", White),
            ("Asian/Asian British - Chinese", Asian),
            ("Other ethnic group - Arab", Other),
            ("Other ethnic group - Not stated", NotStated),
            ("", NotStated),
        ];
        for (label, group) in cases {
            assert_eq!(self_defined_group(label), Some(group), "{label}");
        }
        assert_eq!(self_defined_group("Black"), None);
        assert_eq!(self_defined_group("Other ethnic group - Martian"), None);
    }

    #[test]
    fn officer_defined_labels() {
        assert_eq!(officer_defined_group("Black"), Some(EthnicGroup::Black));
        assert_eq!(officer_defined_group(""), Some(EthnicGroup::NotStated));
        assert_eq!(officer_defined_group("Unknown"), None);
        for g in EthnicGroup::ALL {
            assert_eq!(EthnicGroup::from_key(g.key()), Some(g));
        }
    }
}
