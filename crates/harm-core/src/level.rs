//! Geographic levels: ward (the finest mapped unit), district and force.
//! Small numbers at ward level are often unreadable, so every measure also
//! works aggregated up: an area of a level is a set of wards, and its figures
//! are computed from the sums of its wards' counts.

use crate::dataset::WardRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Ward,
    District,
    Force,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Ward, Level::District, Level::Force];

    pub fn key(self) -> &'static str {
        match self {
            Level::Ward => "ward",
            Level::District => "district",
            Level::Force => "force",
        }
    }

    pub fn from_key(key: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Plural name for controls and headings.
    pub fn label(self) -> &'static str {
        match self {
            Level::Ward => "Wards",
            Level::District => "Districts",
            Level::Force => "Force area",
        }
    }

    /// The areas of the level in a sentence ("wards", "districts").
    pub fn areas_word(self) -> &'static str {
        match self {
            Level::Ward => "wards",
            Level::District => "districts",
            Level::Force => "force areas",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One area of a level: its code, name and the wards (indices in
/// published order) it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaGroup {
    pub code: String,
    pub name: String,
    pub wards: Vec<usize>,
}

/// The areas of `level`: every ward; every district in order of first
/// appearance; or the force as one area.
pub fn area_groups(wards: &[WardRow], level: Level, force: (&str, &str)) -> Vec<AreaGroup> {
    match level {
        Level::Ward => wards
            .iter()
            .enumerate()
            .map(|(i, w)| AreaGroup { code: w.ward_code.clone(), name: w.ward_name.clone(), wards: vec![i] })
            .collect(),
        Level::District => {
            let mut groups: Vec<AreaGroup> = Vec::new();
            for (i, w) in wards.iter().enumerate() {
                match groups.iter_mut().find(|g| g.code == w.district_code) {
                    Some(group) => group.wards.push(i),
                    None => groups.push(AreaGroup { code: w.district_code.clone(), name: w.district_name.clone(), wards: vec![i] }),
                }
            }
            groups
        }
        Level::Force => vec![AreaGroup { code: force.0.to_string(), name: force.1.to_string(), wards: (0..wards.len()).collect() }],
    }
}
