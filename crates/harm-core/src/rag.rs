//! Data availability rated Red / Amber / Green, as the workshop agreed each
//! force would rate the data it has: the facts that decide the quality of one
//! dataset of one force over one period, and the rating that thresholds kept
//! as data (the recipe's `[rag]`) give them, with the reason in words.

use crate::csv_rows::{CsvRows, InputError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Red,
    Amber,
    Green,
}

impl Rating {
    /// The letter shown beside the colour, so the rating never rests on colour alone.
    pub fn letter(self) -> &'static str {
        match self {
            Rating::Red => "R",
            Rating::Amber => "A",
            Rating::Green => "G",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Red => "Red",
            Rating::Amber => "Amber",
            Rating::Green => "Green",
        }
    }

    fn from_label(text: &str) -> Option<Rating> {
        [Rating::Red, Rating::Amber, Rating::Green].into_iter().find(|r| r.label() == text)
    }
}

/// Whether anyone can download the data, or a force must share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    Open,
    ForceHeld,
}

impl Access {
    pub fn key(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::ForceHeld => "force-held",
        }
    }

    fn from_key(text: &str) -> Option<Access> {
        [Access::Open, Access::ForceHeld].into_iter().find(|a| a.key() == text)
    }
}

/// What decides the quality of one dataset of one force over one period.
/// A share is `None` where it does not apply (no locations in a table by
/// force, no ethnicity in the weights).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub access: Access,
    /// Months of the period with data; for a dataset without months (the
    /// census, the weights), both are 0 and months do not count.
    pub months_present: u32,
    pub months_in_period: u32,
    pub records: u64,
    pub located_share: Option<f64>,
    pub self_defined_stated_share: Option<f64>,
    pub officer_defined_stated_share: Option<f64>,
    pub rejected_share: Option<f64>,
}

/// The least a dataset must reach for one rating: shares of months, of
/// records located and of records with ethnicity stated, and the most it may reject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    pub months_share: f64,
    pub located_share: f64,
    pub ethnicity_stated_share: f64,
    pub max_rejected_share: f64,
}

/// Thresholds for Green and Amber; anything below Amber is Red.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub green: Levels,
    pub amber: Levels,
}

impl Default for Thresholds {
    /// Green: every month, 95% of records located, ethnicity stated for 90%,
    /// at most 0.1% rejected. Amber: half the months, 80%, 70% and 1%.
    fn default() -> Self {
        Thresholds {
            green: Levels { months_share: 1.0, located_share: 0.95, ethnicity_stated_share: 0.9, max_rejected_share: 0.001 },
            amber: Levels { months_share: 0.5, located_share: 0.8, ethnicity_stated_share: 0.7, max_rejected_share: 0.01 },
        }
    }
}

/// One fact measured against the thresholds, with its words.
struct Criterion {
    rating: Rating,
    words: String,
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The rating of `facts` (None: no data at all), and the reason: the rating
/// followed by every fact that holds it there ("Amber: 4 of 12 months").
pub fn rate(facts: Option<&Facts>, thresholds: &Thresholds) -> (Rating, String) {
    let Some(f) = facts.filter(|f| f.records > 0) else {
        return (Rating::Red, "Red: no data".to_string());
    };
    let (g, a) = (&thresholds.green, &thresholds.amber);
    let at_least = |value: f64, green: f64, amber: f64| {
        if value >= green {
            Rating::Green
        } else if value >= amber {
            Rating::Amber
        } else {
            Rating::Red
        }
    };
    let mut criteria = Vec::new();
    if f.months_in_period > 0 {
        let share = f64::from(f.months_present) / f64::from(f.months_in_period);
        criteria.push(Criterion {
            rating: at_least(share, g.months_share, a.months_share),
            words: format!("{} of {} months", f.months_present, f.months_in_period),
        });
    }
    if let Some(share) = f.located_share {
        criteria.push(Criterion {
            rating: at_least(share, g.located_share, a.located_share),
            words: format!("{} of records located", percent(share)),
        });
    }
    for (share, basis) in [(f.self_defined_stated_share, "self-defined"), (f.officer_defined_stated_share, "officer-defined")] {
        if let Some(share) = share {
            criteria.push(Criterion {
                rating: at_least(share, g.ethnicity_stated_share, a.ethnicity_stated_share),
                words: format!("ethnicity stated ({basis}) for {}", percent(share)),
            });
        }
    }
    if let Some(share) = f.rejected_share {
        let rating = if share <= g.max_rejected_share {
            Rating::Green
        } else if share <= a.max_rejected_share {
            Rating::Amber
        } else {
            Rating::Red
        };
        criteria.push(Criterion { rating, words: format!("{} of records rejected", percent(share)) });
    }
    let rating = criteria.iter().map(|c| c.rating).min().unwrap_or(Rating::Green);
    let words: Vec<&str> = criteria.iter().filter(|c| c.rating == rating).map(|c| c.words.as_str()).collect();
    let reason = if words.is_empty() { "complete".to_string() } else { words.join("; ") };
    (rating, format!("{}: {reason}", rating.label()))
}

/// The published file of every force's ratings.
pub const RAG: &str = "rag.csv";

/// One row of `rag.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RagRow {
    pub force: String,
    pub dataset: String,
    pub period: String,
    pub rating: Rating,
    pub reason: String,
    pub facts: Option<Facts>,
}

pub const RAG_COLUMNS: [&str; 13] = [
    "force",
    "dataset",
    "period",
    "rating",
    "reason",
    "access",
    "months_present",
    "months_in_period",
    "records",
    "located_share",
    "self_defined_stated_share",
    "officer_defined_stated_share",
    "rejected_share",
];

fn share_text(share: Option<f64>) -> String {
    share.map(|s| format!("{s:.4}")).unwrap_or_default()
}

impl RagRow {
    /// The row's fields in [`RAG_COLUMNS`] order; facts blank where there is no data.
    pub fn fields(&self) -> Vec<String> {
        let mut fields = vec![self.force.clone(), self.dataset.clone(), self.period.clone(), self.rating.label().to_string(), self.reason.clone()];
        match &self.facts {
            Some(f) => fields.extend([
                f.access.key().to_string(),
                f.months_present.to_string(),
                f.months_in_period.to_string(),
                f.records.to_string(),
                share_text(f.located_share),
                share_text(f.self_defined_stated_share),
                share_text(f.officer_defined_stated_share),
                share_text(f.rejected_share),
            ]),
            None => fields.extend(std::iter::repeat_n(String::new(), 8)),
        }
        fields
    }
}

/// Reads a published `rag.csv`.
pub fn parse_rag(file: &str, text: &str) -> Result<Vec<RagRow>, InputError> {
    let mut rows = Vec::new();
    CsvRows::new(file, text.as_bytes(), &RAG_COLUMNS)?.for_each(|row| {
        let rating = Rating::from_label(row.text("rating")).ok_or_else(|| row.error("rating", "is not Red, Amber or Green"))?;
        let share = |column: &str| -> Result<Option<f64>, InputError> {
            match row.text(column) {
                "" => Ok(None),
                text => text
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .map(Some)
                    .ok_or_else(|| row.error(column, "is not a share from 0 to 1")),
            }
        };
        let facts = match row.text("access") {
            "" => None,
            access => Some(Facts {
                access: Access::from_key(access).ok_or_else(|| row.error("access", "is not open or force-held"))?,
                months_present: row.parse("months_present", "a number of months")?,
                months_in_period: row.parse("months_in_period", "a number of months")?,
                records: row.count("records")?,
                located_share: share("located_share")?,
                self_defined_stated_share: share("self_defined_stated_share")?,
                officer_defined_stated_share: share("officer_defined_stated_share")?,
                rejected_share: share("rejected_share")?,
            }),
        };
        rows.push(RagRow {
            force: row.text("force").to_string(),
            dataset: row.text("dataset").to_string(),
            period: row.text("period").to_string(),
            rating,
            reason: row.text("reason").to_string(),
            facts,
        });
        Ok(())
    })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(months: u32, located: f64, stated: f64, rejected: f64) -> Facts {
        Facts {
            access: Access::Open,
            months_present: months,
            months_in_period: 12,
            records: 1000,
            located_share: Some(located),
            self_defined_stated_share: Some(stated),
            officer_defined_stated_share: None,
            rejected_share: Some(rejected),
        }
    }

    #[test]
    fn the_worst_fact_decides_and_is_named() {
        let t = Thresholds::default();
        assert_eq!(
            rate(Some(&facts(12, 0.99, 0.95, 0.0)), &t),
            (Rating::Green, "Green: 12 of 12 months; 99.0% of records located; ethnicity stated (self-defined) for 95.0%; 0.0% of records rejected".into())
        );
        // 4 of 12 months is a third, under the Amber half: Red, named alone.
        assert_eq!(rate(Some(&facts(4, 0.99, 0.95, 0.0)), &t), (Rating::Red, "Red: 4 of 12 months".into()));
        // 6 of 12 is exactly the Amber half; 85% located is Amber too.
        assert_eq!(rate(Some(&facts(6, 0.85, 0.95, 0.0)), &t), (Rating::Amber, "Amber: 6 of 12 months; 85.0% of records located".into()));
        // Rejected: 0.1% is Green's edge, 0.5% Amber, 2% Red.
        assert_eq!(rate(Some(&facts(12, 0.99, 0.95, 0.001)), &t).0, Rating::Green);
        assert_eq!(rate(Some(&facts(12, 0.99, 0.95, 0.005)), &t), (Rating::Amber, "Amber: 0.5% of records rejected".into()));
        assert_eq!(rate(Some(&facts(12, 0.99, 0.95, 0.02)), &t), (Rating::Red, "Red: 2.0% of records rejected".into()));
        assert_eq!(rate(None, &t), (Rating::Red, "Red: no data".into()));
    }

    #[test]
    fn rows_read_back_as_written() {
        let t = Thresholds::default();
        let f = facts(6, 0.85, 0.95, 0.0);
        let (rating, reason) = rate(Some(&f), &t);
        let rows = vec![
            RagRow { force: "hampshire".into(), dataset: "street-crime".into(), period: "2018-19".into(), rating, reason, facts: Some(f) },
            RagRow { force: "hampshire".into(), dataset: "victims".into(), period: "2018-19".into(), rating: Rating::Red, reason: "Red: no data".into(), facts: None },
        ];
        let mut text = RAG_COLUMNS.join(",") + "\n";
        for r in &rows {
            text += &r.fields().iter().map(|f| if f.contains([',', ';']) { format!("\"{f}\"") } else { f.clone() }).collect::<Vec<_>>().join(",");
            text += "\n";
        }
        assert_eq!(parse_rag("rag.csv", &text).unwrap(), rows);
    }
}
