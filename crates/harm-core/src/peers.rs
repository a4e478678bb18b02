//! Peer wards: a ward against wards like it in deprivation and settlement,
//! across every force in the dataset, so that "high for Hampshire" can be
//! told from "high for a deprived urban ward".
//!
//! A ward's peers are the wards with the same national IMD decile and the same
//! rural-urban class collapsed to urban / rural (as [`crate::modules`] reads
//! it), in any force, other than the ward itself. The panel shows the ward
//! against its peers' median and range for the selected measure, each
//! peer's value computed by the registry ([`crate::measures::measure_value`])
//! for the same selection. A peer without a value (no data, or suppressed)
//! is left out of the median and range and counted, never taken as zero. A
//! ward without a decile (Welsh wards have no English IMD) or without a
//! class has no peer group.

use crate::dataset::WardRow;
use crate::modules::Settlement;
use crate::ranking::ranks_from_top;

/// The wards a ward is compared with: one IMD decile and one settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerGroup {
    pub imd_decile: u8,
    pub settlement: Settlement,
}

/// Why a ward has no peers to be compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoPeerGroup {
    #[error("This ward has no English IMD decile (Welsh wards have none: Wales ranks deprivation with its own index, which cannot be compared with England's), so it has no peer group.")]
    NoDecile,
    #[error("This ward has no 2021 rural-urban class in the data, so it has no peer group.")]
    NoClass,
}

impl PeerGroup {
    pub fn of(ward: &WardRow) -> Result<PeerGroup, NoPeerGroup> {
        Ok(PeerGroup {
            imd_decile: ward.imd_decile.ok_or(NoPeerGroup::NoDecile)?,
            settlement: Settlement::of(&ward.rural_urban).ok_or(NoPeerGroup::NoClass)?,
        })
    }

    /// "urban wards in IMD decile 3".
    pub fn label(&self) -> String {
        format!("{} wards in IMD decile {}", self.settlement.key(), self.imd_decile)
    }
}

/// A ward of some force with its value of the selected measure (`None`
/// without one).
#[derive(Debug, Clone, Copy)]
pub struct PeerCandidate<'a> {
    /// The force's id, as in the manifest.
    pub force: &'a str,
    pub ward: &'a WardRow,
    pub value: Option<f64>,
}

/// A peer with a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub force: String,
    pub code: String,
    pub name: String,
    pub value: f64,
}

/// The peers' values in brief.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeerSummary {
    /// Peers with a value.
    pub count: usize,
    /// The middle value, or the mean of the two middle values for an even count.
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// Where the ward sits among its peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Rank among the ward and its peers with a value, 1 = highest value,
    /// ties sharing the best rank ([`crate::ranking`]).
    pub rank: usize,
    /// The ward and its peers with a value.
    pub of: usize,
    /// Peers the ward is higher than (strictly lower values).
    pub higher_than: usize,
    /// Peers with the same value.
    pub level_with: usize,
    /// Peers the ward is lower than (strictly higher values).
    pub lower_than: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeerComparison {
    pub group: PeerGroup,
    /// Peers with a value, lowest value first (ties by force, then ward code).
    pub peers: Vec<Peer>,
    /// Peers without a value for the measure: left out, not counted as zero.
    pub without_value: usize,
    /// `None` without a peer with a value.
    pub summary: Option<PeerSummary>,
    /// `None` when the ward has no value or no peer has one.
    pub position: Option<Position>,
}

fn finite(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// `ward` against the wards of its peer group among `candidates` (every
/// force's wards, `ward` itself among them or not).
pub fn compare_with_peers(ward: PeerCandidate, candidates: &[PeerCandidate]) -> Result<PeerComparison, NoPeerGroup> {
    let group = PeerGroup::of(ward.ward)?;
    let is_self = |c: &PeerCandidate| c.force == ward.force && c.ward.ward_code == ward.ward.ward_code;
    let members: Vec<&PeerCandidate> =
        candidates.iter().filter(|c| !is_self(c) && PeerGroup::of(c.ward).ok() == Some(group)).collect();
    let mut peers: Vec<Peer> = members
        .iter()
        .filter_map(|c| {
            Some(Peer {
                force: c.force.to_string(),
                code: c.ward.ward_code.clone(),
                name: c.ward.ward_name.clone(),
                value: finite(c.value)?,
            })
        })
        .collect();
    peers.sort_by(|a, b| a.value.total_cmp(&b.value).then_with(|| (&a.force, &a.code).cmp(&(&b.force, &b.code))));
    let values: Vec<f64> = peers.iter().map(|p| p.value).collect();
    let summary = (!values.is_empty()).then(|| {
        let n = values.len();
        PeerSummary {
            count: n,
            median: if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 },
            min: values[0],
            max: values[n - 1],
        }
    });
    let position = finite(ward.value).filter(|_| !values.is_empty()).map(|v| {
        let everyone: Vec<Option<f64>> = std::iter::once(Some(v)).chain(values.iter().map(|&x| Some(x))).collect();
        Position {
            rank: ranks_from_top(&everyone)[0].expect("the ward has a value"),
            of: everyone.len(),
            higher_than: values.iter().filter(|&&x| x < v).count(),
            level_with: values.iter().filter(|&&x| x == v).count(),
            lower_than: values.iter().filter(|&&x| x > v).count(),
        }
    });
    Ok(PeerComparison { group, without_value: members.len() - peers.len(), peers, summary, position })
}

/// `value` written as `example` (a value of the same measure as on screen)
/// is written: the same number of decimals, and its `%` when it has one, so
/// a median reads like the figures around it ("0.0420", "12.5%", "3").
pub fn written_like(example: &str, value: f64) -> String {
    let number = example.trim_end_matches('%');
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    let text = format!("{value:.decimals$}");
    // No "-0.00": a value that rounds to zero is written as zero.
    let text = if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { text.trim_start_matches('-').to_string() } else { text };
    if number.len() < example.len() { format!("{text}%") } else { text }
}

fn peer_wards(n: usize) -> String {
    if n == 1 { "1 peer ward".into() } else { format!("{n} peer wards") }
}

impl PeerComparison {
    /// The comparison in a sentence, each value written by `written` as the
    /// measure's values are on screen; `ward_text` is the ward's own value as
    /// shown (with its flags).
    pub fn describe(&self, ward_name: &str, ward_text: &str, written: impl Fn(f64) -> String) -> String {
        let group = self.group.label();
        let Some(summary) = self.summary else {
            return if self.without_value == 0 {
                format!("No other ward on this map is one of the {group}, so {ward_name} has no peers to be compared with.")
            } else {
                format!(
                    "{ward_name}'s {} ({group}, from every force on this map) {} no value for this measure and period (no data, or suppressed), so there is nothing to compare with; {} not counted as zero.",
                    peer_wards(self.without_value),
                    if self.without_value == 1 { "has" } else { "have" },
                    if self.without_value == 1 { "it is" } else { "they are" },
                )
            };
        };
        let mut sentence = format!(
            "Compared with {} with a value ({group}, from every force on this map): their median is {}, and they range from {} to {}.",
            peer_wards(summary.count),
            written(summary.median),
            written(summary.min),
            written(summary.max)
        );
        match self.position {
            Some(p) => sentence.push_str(&format!(
                " At {ward_text}, {ward_name} is higher than {}, level with {} and lower than {} (rank {} of {}, 1 = highest).",
                p.higher_than, p.level_with, p.lower_than, p.rank, p.of
            )),
            None => sentence.push_str(&format!(" {ward_name} has no value for this measure and period, so it is not placed among them.")),
        }
        if self.without_value > 0 {
            sentence.push_str(&format!(
                " {} more {} no value (no data, or suppressed) and {} left out, not counted as zero.",
                self.without_value,
                if self.without_value == 1 { "peer ward has" } else { "peer wards have" },
                if self.without_value == 1 { "is" } else { "are" },
            ));
        }
        sentence
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::test_ward;

    fn ward(code: &str, decile: Option<u8>, class: &str) -> WardRow {
        WardRow { imd_decile: decile, rural_urban: class.into(), ..test_ward(code, "D", [0, 10, 0, 90, 0]) }
    }

    const URBAN: &str = "Urban: Nearer to a major town or city";
    const URBAN_FURTHER: &str = "Urban: Further from a major town or city";
    const RURAL: &str = "Larger rural: Nearer to a major town or city";

    #[test]
    fn peers_median_range_and_rank_by_hand() {
        let wards = [
            ward("A", Some(3), URBAN),          // the ward, 0.30
            ward("B", Some(3), URBAN),          // 0.10
            ward("C", Some(3), URBAN_FURTHER),  // 0.50: another urban class, still urban
            ward("D", Some(3), URBAN),          // 0.30: level with A
            ward("E", Some(3), URBAN),          // suppressed: no value
            ward("F", Some(4), URBAN),          // another decile
            ward("G", Some(3), RURAL),          // rural
            ward("H", None, URBAN),             // no decile
            ward("I", Some(3), URBAN),          // 0.20, in the other force
        ];
        let values = [Some(0.3), Some(0.1), Some(0.5), Some(0.3), None, Some(9.0), Some(9.0), Some(9.0), Some(0.2)];
        let candidates: Vec<PeerCandidate> = wards
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (ward, value))| PeerCandidate { force: if i == 8 { "west-midlands" } else { "hampshire" }, ward, value })
            .collect();
        let c = compare_with_peers(candidates[0], &candidates).unwrap();
        assert_eq!(c.group, PeerGroup { imd_decile: 3, settlement: Settlement::Urban });
        assert_eq!(c.group.label(), "urban wards in IMD decile 3");
        // Peers with a value: B 0.1, I 0.2, D 0.3, C 0.5 (A itself left out, E has none).
        let codes: Vec<&str> = c.peers.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["B", "I", "D", "C"]);
        assert_eq!(c.peers[1].force, "west-midlands");
        assert_eq!(c.without_value, 1, "E is a peer without a value, not a zero");
        // Even count: median (0.2 + 0.3) / 2 = 0.25; range 0.1 to 0.5.
        assert_eq!(c.summary, Some(PeerSummary { count: 4, median: 0.25, min: 0.1, max: 0.5 }));
        // A (0.3) among 0.3, 0.1, 0.5, 0.3, 0.2: only C is higher, D ties, so
        // A shares rank 2 of 5 with D.
        assert_eq!(c.position, Some(Position { rank: 2, of: 5, higher_than: 2, level_with: 1, lower_than: 1 }));

        // Odd count: without I, the peers are 0.1, 0.3, 0.5: median 0.3.
        let without_i = &candidates[..8];
        let odd = compare_with_peers(candidates[0], without_i).unwrap();
        assert_eq!(odd.summary.map(|s| s.median), Some(0.3));
        // A ward without a value still sees its peers, but has no position.
        let no_value = PeerCandidate { value: None, ..candidates[0] };
        let c = compare_with_peers(no_value, &candidates).unwrap();
        assert_eq!((c.summary.map(|s| s.count), c.position), (Some(4), None));

        // In words, each value written as the measure writes it.
        let written = |v: f64| written_like("0.30", v);
        let full = compare_with_peers(candidates[0], &candidates).unwrap();
        assert_eq!(
            full.describe("A", "0.30", written),
            "Compared with 4 peer wards with a value (urban wards in IMD decile 3, from every force on this map): \
             their median is 0.25, and they range from 0.10 to 0.50. At 0.30, A is higher than 2, level with 1 and \
             lower than 1 (rank 2 of 5, 1 = highest). 1 more peer ward has no value (no data, or suppressed) and is left out, not counted as zero."
        );
        assert!(c.describe("A", "no data", written).contains(" A has no value for this measure and period, so it is not placed among them."));
    }

    #[test]
    fn values_written_like_the_measure() {
        assert_eq!(written_like("0.0420", 0.25), "0.2500");
        assert_eq!(written_like("12.5%", 7.25), "7.2%");
        assert_eq!(written_like("3", 4.0), "4");
        assert_eq!(written_like("1.20", -0.001), "0.00");
        assert_eq!(written_like("1.20", -1.5), "-1.50");
    }

    #[test]
    fn no_peers_and_no_group() {
        let lone = ward("A", Some(7), RURAL);
        let other = ward("B", Some(7), URBAN);
        let suppressed = ward("C", Some(7), RURAL);
        let candidates = [
            PeerCandidate { force: "f", ward: &lone, value: Some(1.0) },
            PeerCandidate { force: "f", ward: &other, value: Some(2.0) },
        ];
        let c = compare_with_peers(candidates[0], &candidates).unwrap();
        assert!(c.peers.is_empty() && c.summary.is_none() && c.position.is_none());
        assert_eq!(c.without_value, 0);
        assert_eq!(
            c.describe("A", "1.00", |v| written_like("1.00", v)),
            "No other ward on this map is one of the rural wards in IMD decile 7, so A has no peers to be compared with."
        );
        // One peer, and it has no value: counted, but there is nothing to compare with.
        let with_gap = [candidates[0], PeerCandidate { force: "f", ward: &suppressed, value: None }];
        let c = compare_with_peers(with_gap[0], &with_gap).unwrap();
        assert_eq!((c.without_value, c.summary, c.position), (1, None, None));
        assert_eq!(
            c.describe("A", "1.00", |v| written_like("1.00", v)),
            "A's 1 peer ward (rural wards in IMD decile 7, from every force on this map) has no value for this measure and period (no data, or suppressed), so there is nothing to compare with; it is not counted as zero."
        );
        // The same ward code in another force is a peer, not the ward itself.
        let twin = [candidates[0], PeerCandidate { force: "g", ward: &lone, value: Some(1.0) }];
        assert_eq!(compare_with_peers(twin[0], &twin).unwrap().peers.len(), 1);
        // Welsh (no decile) and unclassified wards have no peer group.
        let welsh = ward("W", None, RURAL);
        let unclassified = ward("X", Some(2), "");
        let as_candidate = |w| PeerCandidate { force: "f", ward: w, value: Some(1.0) };
        assert_eq!(compare_with_peers(as_candidate(&welsh), &candidates), Err(NoPeerGroup::NoDecile));
        assert_eq!(compare_with_peers(as_candidate(&unclassified), &candidates), Err(NoPeerGroup::NoClass));
        assert!(NoPeerGroup::NoDecile.to_string().contains("Welsh wards have none"));
    }
}
