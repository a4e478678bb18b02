//! Modules: the filters and strata a person can limit every map, table,
//! exposure disparity and funnel to — a rural-urban choice, a deprivation
//! band, or one of each ("urban wards of Hampshire", "the most deprived
//! 20%"). A module is a set of a force's wards; the force's district and
//! force figures are then recomputed from those wards only, as sums of
//! their counts ([`crate::view::module_view`]), so a module's force row is
//! the module's total, not the force's.
//!
//! Rural-urban: the ONS 2021 Rural Urban Classification (RUC 2021) of the
//! ward's majority of residents, as `wards.csv` holds it. Its six classes
//! collapse to urban and rural as ONS does: the two "Urban" classes are
//! urban; "Larger rural" and "Smaller rural" are rural. A module can take the
//! collapsed choice or one detailed class. A class text that is not one of
//! the six but starts "Urban" or "Rural" (a collapsed class) still counts as
//! urban or rural; a ward with no recognisable class is in no rural-urban
//! module and is counted, never guessed.
//!
//! Deprivation: the national English IMD decile (1 = most deprived 10% of
//! England's neighbourhoods) of the neighbourhood (LSOA) the ward's median
//! resident lives in. Welsh wards have none — Wales ranks deprivation with
//! its own index (WIMD), which cannot be compared with England's — so a ward
//! without a decile is in no deprivation module, and is counted.

use crate::dataset::{CrimeCounts, WardRow};
use crate::figures::ForceData;
use std::fmt;
use std::str::FromStr;

/// Urban or rural, collapsed from the RUC 2021 classes as ONS collapses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settlement {
    Urban,
    Rural,
}

impl Settlement {
    pub const ALL: [Settlement; 2] = [Settlement::Urban, Settlement::Rural];

    pub fn key(self) -> &'static str {
        match self {
            Settlement::Urban => "urban",
            Settlement::Rural => "rural",
        }
    }

    /// The collapsed class of a `rural_urban` text: from its detailed class,
    /// or from a leading "Urban" or "Rural"; `None` when neither.
    pub fn of(rural_urban: &str) -> Option<Settlement> {
        if let Some(class) = RuralUrbanClass::from_text(rural_urban) {
            return Some(class.settlement());
        }
        let text = rural_urban.trim().to_ascii_lowercase();
        if text.starts_with("urban") {
            Some(Settlement::Urban)
        } else if text.starts_with("rural") {
            Some(Settlement::Rural)
        } else {
            None
        }
    }
}

/// The six classes of RUC 2021, in ONS order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuralUrbanClass {
    UrbanNearer,
    UrbanFurther,
    LargerRuralNearer,
    LargerRuralFurther,
    SmallerRuralNearer,
    SmallerRuralFurther,
}

impl RuralUrbanClass {
    pub const ALL: [RuralUrbanClass; 6] = [
        RuralUrbanClass::UrbanNearer,
        RuralUrbanClass::UrbanFurther,
        RuralUrbanClass::LargerRuralNearer,
        RuralUrbanClass::LargerRuralFurther,
        RuralUrbanClass::SmallerRuralNearer,
        RuralUrbanClass::SmallerRuralFurther,
    ];

    /// The class as ONS writes it and `wards.csv` holds it.
    pub fn text(self) -> &'static str {
        match self {
            RuralUrbanClass::UrbanNearer => "Urban: Nearer to a major town or city",
            RuralUrbanClass::UrbanFurther => "Urban: Further from a major town or city",
            RuralUrbanClass::LargerRuralNearer => "Larger rural: Nearer to a major town or city",
            RuralUrbanClass::LargerRuralFurther => "Larger rural: Further from a major town or city",
            RuralUrbanClass::SmallerRuralNearer => "Smaller rural: Nearer to a major town or city",
            RuralUrbanClass::SmallerRuralFurther => "Smaller rural: Further from a major town or city",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            RuralUrbanClass::UrbanNearer => "urban-nearer",
            RuralUrbanClass::UrbanFurther => "urban-further",
            RuralUrbanClass::LargerRuralNearer => "larger-rural-nearer",
            RuralUrbanClass::LargerRuralFurther => "larger-rural-further",
            RuralUrbanClass::SmallerRuralNearer => "smaller-rural-nearer",
            RuralUrbanClass::SmallerRuralFurther => "smaller-rural-further",
        }
    }

    /// Reads a class as ONS writes it, ignoring case and surrounding spaces.
    pub fn from_text(text: &str) -> Option<RuralUrbanClass> {
        RuralUrbanClass::ALL.into_iter().find(|c| c.text().eq_ignore_ascii_case(text.trim()))
    }

    pub fn settlement(self) -> Settlement {
        match self {
            RuralUrbanClass::UrbanNearer | RuralUrbanClass::UrbanFurther => Settlement::Urban,
            _ => Settlement::Rural,
        }
    }
}

/// A module's rural-urban part: collapsed or one detailed class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuralUrbanChoice {
    Settlement(Settlement),
    Class(RuralUrbanClass),
}

impl RuralUrbanChoice {
    /// Urban, rural, then the six classes: the options of a selector.
    pub fn all() -> Vec<RuralUrbanChoice> {
        let mut all: Vec<RuralUrbanChoice> = Settlement::ALL.into_iter().map(RuralUrbanChoice::Settlement).collect();
        all.extend(RuralUrbanClass::ALL.into_iter().map(RuralUrbanChoice::Class));
        all
    }

    pub fn key(self) -> &'static str {
        match self {
            RuralUrbanChoice::Settlement(s) => s.key(),
            RuralUrbanChoice::Class(c) => c.key(),
        }
    }

    fn from_key(key: &str) -> Option<RuralUrbanChoice> {
        RuralUrbanChoice::all().into_iter().find(|c| c.key() == key)
    }

    fn contains(self, rural_urban: &str) -> bool {
        match self {
            RuralUrbanChoice::Settlement(s) => Settlement::of(rural_urban) == Some(s),
            RuralUrbanChoice::Class(c) => RuralUrbanClass::from_text(rural_urban) == Some(c),
        }
    }

    /// Words before and after "wards": ("larger rural ", " further from a major town or city").
    fn words(self) -> (&'static str, &'static str) {
        const NEARER: &str = " nearer to a major town or city";
        const FURTHER: &str = " further from a major town or city";
        match self {
            RuralUrbanChoice::Settlement(Settlement::Urban) => ("urban ", ""),
            RuralUrbanChoice::Settlement(Settlement::Rural) => ("rural ", ""),
            RuralUrbanChoice::Class(RuralUrbanClass::UrbanNearer) => ("urban ", NEARER),
            RuralUrbanChoice::Class(RuralUrbanClass::UrbanFurther) => ("urban ", FURTHER),
            RuralUrbanChoice::Class(RuralUrbanClass::LargerRuralNearer) => ("larger rural ", NEARER),
            RuralUrbanChoice::Class(RuralUrbanClass::LargerRuralFurther) => ("larger rural ", FURTHER),
            RuralUrbanChoice::Class(RuralUrbanClass::SmallerRuralNearer) => ("smaller rural ", NEARER),
            RuralUrbanChoice::Class(RuralUrbanClass::SmallerRuralFurther) => ("smaller rural ", FURTHER),
        }
    }
}

/// A band of national IMD deciles, `first` to `last` inclusive (1 = most deprived).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecileRange {
    first: u8,
    last: u8,
}

impl DecileRange {
    /// `None` unless 1 <= first <= last <= 10.
    pub fn new(first: u8, last: u8) -> Option<DecileRange> {
        (1 <= first && first <= last && last <= 10).then_some(DecileRange { first, last })
    }

    pub fn first(self) -> u8 {
        self.first
    }

    pub fn last(self) -> u8 {
        self.last
    }

    /// The five quintiles, most deprived first (deciles 1-2 ... 9-10): the
    /// options of a selector. Any other band can still be written in a key.
    pub fn quintiles() -> Vec<DecileRange> {
        (0..5).map(|q| DecileRange { first: 2 * q + 1, last: 2 * q + 2 }).collect()
    }

    pub fn contains(self, decile: u8) -> bool {
        (self.first..=self.last).contains(&decile)
    }

    /// `imd-1-2`, or `imd-3` for one decile.
    pub fn key(self) -> String {
        if self.first == self.last {
            format!("imd-{}", self.first)
        } else {
            format!("imd-{}-{}", self.first, self.last)
        }
    }

    fn deciles(self) -> String {
        if self.first == self.last {
            format!("IMD decile {}", self.first)
        } else {
            format!("IMD deciles {}-{}", self.first, self.last)
        }
    }

    /// "in England's most deprived 20% of neighbourhoods (IMD deciles 1-2)".
    fn words(self) -> String {
        let percent = |n: u8| u32::from(n) * 10;
        match (self.first, self.last) {
            (1, 10) => "with an English IMD decile (deciles 1-10)".to_string(),
            (1, last) => format!("in England's most deprived {}% of neighbourhoods ({})", percent(last), self.deciles()),
            (first, 10) => {
                format!("in England's least deprived {}% of neighbourhoods ({})", percent(11 - first), self.deciles())
            }
            _ => format!("in {}", self.deciles()),
        }
    }
}

/// The wards a view is limited to: every ward (the default, no module), or
/// those of one rural-urban choice, one deprivation band, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Module {
    pub rural_urban: Option<RuralUrbanChoice>,
    pub deprivation: Option<DecileRange>,
}

/// Why a module key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{key}' is not a module: {reason}. Write all, urban, rural, a rural-urban class ({classes}), \
     a deprivation band imd-A-B of deciles 1 to 10 (imd-1-2 is the most deprived 20%, imd-9-10 the least), \
     or one rural-urban choice and one band joined by '+' (urban+imd-1-2)"
)]
pub struct ModuleKeyError {
    pub key: String,
    pub reason: String,
    classes: String,
}

impl Module {
    /// No module: every ward of the force.
    pub const ALL_WARDS: Module = Module { rural_urban: None, deprivation: None };

    pub fn is_all_wards(&self) -> bool {
        *self == Module::ALL_WARDS
    }

    /// URL-safe key: `all`, `urban`, `imd-1-2`, `urban+imd-1-2`. (Written
    /// through `URLSearchParams` the `+` is escaped as `%2B`; typed into a
    /// query by hand it reads back as a space, which [`Module::parse`] accepts.)
    pub fn key(&self) -> String {
        let parts: Vec<String> =
            self.rural_urban.map(|r| r.key().to_string()).into_iter().chain(self.deprivation.map(DecileRange::key)).collect();
        if parts.is_empty() {
            "all".into()
        } else {
            parts.join("+")
        }
    }

    /// Reads a key written by [`Module::key`]; the two parts may come in
    /// either order, separated by `+` or a space, and `imd-3-3` reads as `imd-3`.
    pub fn parse(key: &str) -> Result<Module, ModuleKeyError> {
        let error = |reason: &str| ModuleKeyError {
            key: key.to_string(),
            reason: reason.to_string(),
            classes: RuralUrbanClass::ALL.map(RuralUrbanClass::key).join(", "),
        };
        let trimmed = key.trim();
        if trimmed == "all" {
            return Ok(Module::ALL_WARDS);
        }
        let mut module = Module::ALL_WARDS;
        for part in trimmed.split(['+', ' ']) {
            if let Some(deciles) = part.strip_prefix("imd-") {
                let numbers: Vec<Option<u8>> = deciles.split('-').map(|d| d.parse().ok()).collect();
                let range = match numbers[..] {
                    [Some(d)] => DecileRange::new(d, d),
                    [Some(first), Some(last)] => DecileRange::new(first, last),
                    _ => return Err(error("a deprivation band is imd-A or imd-A-B with whole deciles")),
                }
                .ok_or_else(|| error("deciles run from 1 (most deprived) to 10, the first no higher than the last"))?;
                if module.deprivation.replace(range).is_some() {
                    return Err(error("a module has at most one deprivation band"));
                }
            } else if let Some(choice) = RuralUrbanChoice::from_key(part) {
                if module.rural_urban.replace(choice).is_some() {
                    return Err(error("a module has at most one rural-urban choice"));
                }
            } else if part == "all" {
                return Err(error("'all' stands alone"));
            } else {
                return Err(error(&format!("'{part}' is neither a rural-urban choice nor a deprivation band")));
            }
        }
        Ok(module)
    }

    /// In plain words: "all wards", "urban wards", "wards in England's most
    /// deprived 20% of neighbourhoods (IMD deciles 1-2)", "larger rural
    /// wards further from a major town or city, in IMD deciles 4-7".
    pub fn label(&self) -> String {
        let (before, after) = self.rural_urban.map_or(("", ""), RuralUrbanChoice::words);
        let band = match self.deprivation {
            None => String::new(),
            Some(d) if after.is_empty() => format!(" {}", d.words()),
            Some(d) => format!(", {}", d.words()),
        };
        if self.is_all_wards() {
            "all wards".into()
        } else {
            format!("{before}wards{after}{band}")
        }
    }

    /// The module's wards of a force, in plain words: "urban wards of
    /// Hampshire & Isle of Wight", "wards in England's most deprived 20% of
    /// neighbourhoods (IMD deciles 1-2), in Hampshire & Isle of Wight" (a
    /// deprivation band ends in brackets, so the force follows a comma).
    pub fn of_force(&self, force_name: &str) -> String {
        if self.deprivation.is_some() {
            format!("{}, in {force_name}", self.label())
        } else {
            format!("{} of {force_name}", self.label())
        }
    }

    /// The name of the module's force row: "urban wards of Hampshire & Isle
    /// of Wight (module total)", its figures the sum of the module's wards;
    /// without a module, "Hampshire & Isle of Wight (force total)".
    pub fn total_name(&self, force_name: &str) -> String {
        if self.is_all_wards() {
            format!("{force_name} (force total)")
        } else {
            format!("{} (module total)", capitalised(&self.of_force(force_name)))
        }
    }

    pub fn contains(&self, ward: &WardRow) -> bool {
        self.rural_urban.is_none_or(|r| r.contains(&ward.rural_urban))
            && self.deprivation.is_none_or(|d| ward.imd_decile.is_some_and(|decile| d.contains(decile)))
    }

    /// The module's wards among `wards`, with the wards it cannot place.
    pub fn select(&self, wards: &[WardRow]) -> ModuleWards {
        let count = |missing: fn(&WardRow) -> bool| wards.iter().filter(|w| missing(w)).count();
        ModuleWards {
            module: *self,
            wards: (0..wards.len()).filter(|&i| self.contains(&wards[i])).collect(),
            without_decile: if self.deprivation.is_some() { count(|w| w.imd_decile.is_none()) } else { 0 },
            without_class: if self.rural_urban.is_some() { count(|w| Settlement::of(&w.rural_urban).is_none()) } else { 0 },
        }
    }
}

impl FromStr for Module {
    type Err = ModuleKeyError;
    fn from_str(key: &str) -> Result<Module, ModuleKeyError> {
        Module::parse(key)
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A module's wards in one force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleWards {
    pub module: Module,
    /// Indices of the module's wards in published order.
    pub wards: Vec<usize>,
    /// Wards without an IMD decile, when the module filters on deprivation:
    /// in no deprivation band, whatever their deprivation.
    pub without_decile: usize,
    /// Wards without a recognisable rural-urban class, when the module filters on it.
    pub without_class: usize,
}

/// A module with no ward in the force: there is nothing to show, and a
/// table of zeros would be wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{force} has no {label}.{note}")]
pub struct EmptyModule {
    pub force: String,
    pub label: String,
    note: String,
}

impl ModuleWards {
    /// What the module leaves out because the data cannot place it, for a
    /// caveat beside every module figure; `None` when nothing.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.without_decile > 0 {
            parts.push(format!(
                "{} of no deprivation band: {} no English IMD decile (Welsh wards have none, as Wales ranks deprivation with its own index, which cannot be compared with England's)",
                wards_phrase(self.without_decile),
                if self.without_decile == 1 { "it has" } else { "they have" }
            ));
        }
        if self.without_class > 0 {
            parts.push(format!("{} in no rural-urban module: the data gives no 2021 rural-urban class", wards_phrase(self.without_class)));
        }
        (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
    }

    /// What a view limited to the module covers, beside its figures:
    /// "Urban wards of Hampshire & Isle of Wight: 205 of 261 wards." followed
    /// by [`ModuleWards::note`] when the data cannot place some wards.
    /// `force_wards` is the number of the force's wards.
    pub fn summary(&self, force_name: &str, force_wards: usize) -> String {
        let count = format!(
            "{}: {} of {force_wards} {}.",
            capitalised(&self.module.of_force(force_name)),
            self.wards.len(),
            if force_wards == 1 { "ward" } else { "wards" }
        );
        match self.note() {
            Some(note) => format!("{count} {note}"),
            None => count,
        }
    }

    /// Refuses a module without wards, naming the force and what is left out.
    pub fn non_empty(self, force_name: &str) -> Result<ModuleWards, EmptyModule> {
        if !self.wards.is_empty() {
            return Ok(self);
        }
        Err(EmptyModule {
            force: force_name.to_string(),
            label: self.module.label(),
            note: self.note().map(|n| format!(" {n}")).unwrap_or_default(),
        })
    }

    /// The force's data limited to the module's wards, in published order:
    /// every figure computed from it (districts, force, change, weighting
    /// sensitivity) is the module's.
    pub fn restrict(&self, data: &ForceData) -> ForceData {
        let months = data.crime.months();
        let mut crime = CrimeCounts::new(self.wards.len(), months.to_vec());
        for (to, &from) in self.wards.iter().enumerate() {
            for month in 0..months.len() {
                *crime.cell_mut(to, month) = *data.crime.cell(from, month);
            }
        }
        ForceData { wards: self.wards.iter().map(|&i| data.wards[i].clone()).collect(), crime, weights: data.weights.clone() }
    }
}

/// The text with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn wards_phrase(n: usize) -> String {
    if n == 1 { "1 ward is".into() } else { format!("{n} wards are") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::dataset::test_ward;
    use crate::month::m;

    fn ward(code: &str, decile: Option<u8>, class: &str) -> WardRow {
        WardRow { imd_decile: decile, rural_urban: class.into(), ..test_ward(code, "D", [0, 10, 0, 90, 0]) }
    }

    #[test]
    fn classes_collapse_as_ons_does() {
        assert_eq!(Settlement::of("Urban: Further from a major town or city"), Some(Settlement::Urban));
        assert_eq!(Settlement::of("Larger rural: Nearer to a major town or city"), Some(Settlement::Rural));
        assert_eq!(Settlement::of(" smaller rural: further from a major town or city "), Some(Settlement::Rural));
        // Collapsed texts (and the 2011 classes, which start the same way).
        assert_eq!(Settlement::of("Urban"), Some(Settlement::Urban));
        assert_eq!(Settlement::of("Rural village"), Some(Settlement::Rural));
        assert_eq!(Settlement::of(""), None);
        assert_eq!(RuralUrbanClass::from_text("Urban"), None, "a collapsed text has no detailed class");
        for class in RuralUrbanClass::ALL {
            assert_eq!(RuralUrbanClass::from_text(class.text()), Some(class));
        }
    }

    #[test]
    fn keys_round_trip_and_read_leniently() {
        let mut every = vec![Module::ALL_WARDS];
        for r in RuralUrbanChoice::all() {
            every.push(Module { rural_urban: Some(r), deprivation: None });
            for d in DecileRange::quintiles() {
                every.push(Module { rural_urban: Some(r), deprivation: Some(d) });
            }
        }
        every.push(Module { rural_urban: None, deprivation: DecileRange::new(4, 4) });
        for module in every {
            assert_eq!(Module::parse(&module.key()), Ok(module), "{}", module.key());
        }
        let urban_deprived = Module { rural_urban: Some(RuralUrbanChoice::Settlement(Settlement::Urban)), deprivation: DecileRange::new(1, 2) };
        assert_eq!(urban_deprived.key(), "urban+imd-1-2");
        assert_eq!(Module::parse("imd-1-2+urban"), Ok(urban_deprived));
        assert_eq!(Module::parse("urban imd-1-2"), Ok(urban_deprived), "a '+' typed into a query reads as a space");
        assert_eq!(Module::parse("imd-3-3").unwrap().key(), "imd-3");
        assert_eq!("rural".parse::<Module>().unwrap().key(), "rural");
    }

    #[test]
    fn bad_keys_say_why() {
        let reason = |key: &str| Module::parse(key).unwrap_err().reason;
        assert_eq!(reason("imd-3-1"), "deciles run from 1 (most deprived) to 10, the first no higher than the last");
        assert_eq!(reason("imd-0-2"), reason("imd-3-1"));
        assert_eq!(reason("imd-9-11"), reason("imd-3-1"));
        assert_eq!(reason("imd-x"), "a deprivation band is imd-A or imd-A-B with whole deciles");
        assert_eq!(reason("imd-1-2-3"), reason("imd-x"));
        assert_eq!(reason("urban+rural"), "a module has at most one rural-urban choice");
        assert_eq!(reason("imd-1+imd-2"), "a module has at most one deprivation band");
        assert_eq!(reason("all+urban"), "'all' stands alone");
        assert_eq!(reason("suburban"), "'suburban' is neither a rural-urban choice nor a deprivation band");
        assert_eq!(reason(""), "'' is neither a rural-urban choice nor a deprivation band");
        let message = Module::parse("town").unwrap_err().to_string();
        assert!(message.starts_with("'town' is not a module: 'town' is neither"), "{message}");
        assert!(message.contains("urban-nearer, urban-further, larger-rural-nearer"), "{message}");
    }

    #[test]
    fn labels_in_plain_words() {
        let label = |key: &str| Module::parse(key).unwrap().label();
        assert_eq!(label("all"), "all wards");
        assert_eq!(label("urban"), "urban wards");
        assert_eq!(label("imd-1-2"), "wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2)");
        assert_eq!(label("imd-1"), "wards in England's most deprived 10% of neighbourhoods (IMD decile 1)");
        assert_eq!(label("imd-9-10"), "wards in England's least deprived 20% of neighbourhoods (IMD deciles 9-10)");
        assert_eq!(label("imd-4-7"), "wards in IMD deciles 4-7");
        assert_eq!(label("imd-1-10"), "wards with an English IMD decile (deciles 1-10)");
        assert_eq!(
            label("rural+imd-1-2"),
            "rural wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2)"
        );
        assert_eq!(label("larger-rural-further+imd-5"), "larger rural wards further from a major town or city, in IMD decile 5");
        assert_eq!(label("urban-nearer"), "urban wards nearer to a major town or city");
    }

    #[test]
    fn membership_and_what_is_left_out() {
        let wards = [
            ward("U1", Some(1), "Urban: Nearer to a major town or city"),
            ward("U2", Some(6), "Urban: Further from a major town or city"),
            ward("R1", Some(2), "Smaller rural: Nearer to a major town or city"),
            ward("W1", None, "Larger rural: Further from a major town or city"), // Welsh: no English decile
            ward("X1", Some(2), ""),
        ];
        let select = |key: &str| Module::parse(key).unwrap().select(&wards);
        assert_eq!(select("all").wards, vec![0, 1, 2, 3, 4]);
        assert_eq!(select("urban").wards, vec![0, 1]);
        assert_eq!(select("rural").wards, vec![2, 3]);
        assert_eq!(select("urban-further").wards, vec![1]);
        assert_eq!(select("imd-1-2").wards, vec![0, 2, 4]);
        assert_eq!(select("rural+imd-1-2").wards, vec![2]);
        // What the module cannot place is counted, only where it filters on it.
        assert_eq!((select("imd-1-2").without_decile, select("imd-1-2").without_class), (1, 0));
        assert_eq!((select("urban").without_decile, select("urban").without_class), (0, 1));
        assert_eq!(select("all").note(), None);
        assert_eq!(
            select("imd-1-2").note().unwrap(),
            "1 ward is of no deprivation band: it has no English IMD decile (Welsh wards have none, as Wales ranks deprivation with its own index, which cannot be compared with England's)."
        );
        // An empty module is refused, never shown as zeros.
        let empty = select("smaller-rural-further+imd-9-10").non_empty("Gwent").unwrap_err();
        assert_eq!(
            empty.to_string(),
            "Gwent has no smaller rural wards further from a major town or city, in England's least deprived 20% of neighbourhoods (IMD deciles 9-10). 1 ward is of no deprivation band: it has no English IMD decile (Welsh wards have none, as Wales ranks deprivation with its own index, which cannot be compared with England's); 1 ward is in no rural-urban module: the data gives no 2021 rural-urban class."
        );
        assert!(select("urban").non_empty("Gwent").is_ok());
    }

    #[test]
    fn summaries_name_the_force_and_count_the_wards() {
        let wards = [
            ward("U1", Some(1), "Urban: Nearer to a major town or city"),
            ward("U2", Some(6), "Urban: Further from a major town or city"),
            ward("R1", Some(2), "Smaller rural: Nearer to a major town or city"),
            ward("W1", None, "Larger rural: Further from a major town or city"),
        ];
        let module = |key: &str| Module::parse(key).unwrap();
        let force = "Hampshire & Isle of Wight";
        // U1 and U2 of the four wards are urban.
        assert_eq!(module("urban").select(&wards).summary(force, 4), "Urban wards of Hampshire & Isle of Wight: 2 of 4 wards.");
        assert_eq!(module("urban").total_name(force), "Urban wards of Hampshire & Isle of Wight (module total)");
        assert_eq!(module("all").total_name(force), "Hampshire & Isle of Wight (force total)");
        // U1 (decile 1) and R1 (decile 2); W1 has no decile, which the note says.
        assert_eq!(
            module("imd-1-2").select(&wards).summary(force, 4),
            "Wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2), in Hampshire & Isle of Wight: 2 of 4 wards. \
             1 ward is of no deprivation band: it has no English IMD decile (Welsh wards have none, as Wales ranks deprivation with its own index, which cannot be compared with England's)."
        );
        assert_eq!(module("rural+imd-1-2").of_force("Gwent"), "rural wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2), in Gwent");
        assert_eq!(module("rural").select(&wards[2..3]).summary("F", 1), "Rural wards of F: 1 of 1 ward.");
    }

    #[test]
    fn restricted_data_keeps_the_module_wards_counts() {
        let wards = vec![ward("U1", Some(1), "Urban"), ward("R1", Some(2), "Rural"), ward("U2", Some(3), "Urban")];
        let mut crime = CrimeCounts::new(3, vec![m("2019-01"), m("2019-02")]);
        crime.cell_mut(0, 1)[Category::Burglary.index()] = 7;
        crime.cell_mut(1, 0)[Category::Drugs.index()] = 5;
        crime.cell_mut(2, 0)[Category::Robbery.index()] = 3;
        let data = ForceData { wards, crime, weights: Vec::new() };
        let urban = Module::parse("urban").unwrap().select(&data.wards).restrict(&data);
        assert_eq!(urban.wards.iter().map(|w| w.ward_code.as_str()).collect::<Vec<_>>(), ["U1", "U2"]);
        assert_eq!(urban.crime.months(), data.crime.months());
        assert_eq!(urban.crime.cell(0, 1)[Category::Burglary.index()], 7);
        assert_eq!(urban.crime.cell(1, 0)[Category::Robbery.index()], 3);
        assert_eq!(urban.crime.sum_wards(&[0, 1], &[0, 1]).iter().sum::<u64>(), 10, "R1's 5 drugs offences are left out");
    }
}
