//! The build's limits on lost records, from the recipe's `[thresholds]`: a
//! file or force past them stops the build, naming the file, the share and
//! the threshold, rather than publish figures with rows missing.

use crate::assign::Rejection;
use crate::error::{PrepError, Result};
use crate::recipe::Thresholds;

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn first_rejection(rejected: &[Rejection]) -> String {
    rejected.first().map_or(String::new(), |r| {
        format!("; the first: line {}, field '{}': value '{}' {}", r.line, r.field, r.value, r.reason)
    })
}

impl Thresholds {
    /// One input file: it must have records, not every one rejected, and no
    /// more rejected or (where records are placed) outside the force than
    /// the thresholds allow.
    pub fn check_file(&self, file: &str, records: u64, rejected: &[Rejection], outside_force: Option<u64>) -> Result<()> {
        if records == 0 {
            return Err(PrepError::Check(format!(
                "{file}: has no records; a file with none would publish its month as a month without any"
            )));
        }
        let rejected_count = rejected.len() as u64;
        if rejected_count == records {
            return Err(PrepError::Check(format!(
                "{file}: every one of its {records} records is rejected{}",
                first_rejection(rejected)
            )));
        }
        let share = rejected_count as f64 / records as f64;
        if share > self.max_rejected_share {
            return Err(PrepError::Check(format!(
                "{file}: {rejected_count} of {records} records ({}) are rejected, more than thresholds.max_rejected_share = {} ({}){}",
                percent(share),
                self.max_rejected_share,
                percent(self.max_rejected_share),
                first_rejection(rejected)
            )));
        }
        match outside_force {
            Some(outside) => self.check_outside(file, records, outside),
            None => Ok(()),
        }
    }

    /// Records of `what` (a file, or a force's dataset) placed outside the force's wards.
    pub fn check_outside(&self, what: &str, records: u64, outside: u64) -> Result<()> {
        let share = if records == 0 { 0.0 } else { outside as f64 / records as f64 };
        if share <= self.max_outside_force_share {
            return Ok(());
        }
        Err(PrepError::Check(format!(
            "{what}: {outside} of {records} records ({}) lie outside the force's wards, more than \
             thresholds.max_outside_force_share = {} ({}): are the longitude and latitude columns swapped, \
             or is this another force's file?",
            percent(share),
            self.max_outside_force_share,
            percent(self.max_outside_force_share)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejections(n: usize) -> Vec<Rejection> {
        (0..n)
            .map(|i| Rejection { line: i as u64 + 2, field: "Month".into(), value: "2018-11".into(), reason: "differs".into() })
            .collect()
    }

    #[test]
    fn shares_past_the_thresholds_stop_the_build() {
        let t = Thresholds { max_rejected_share: 0.01, max_outside_force_share: 0.02 };
        assert!(t.check_file("f.csv", 100, &rejections(1), Some(2)).is_ok(), "1% rejected and 2% outside are allowed");
        let err = t.check_file("f.csv", 100, &rejections(2), None).unwrap_err().to_string();
        assert_eq!(
            err,
            "check failed: f.csv: 2 of 100 records (2.0%) are rejected, more than thresholds.max_rejected_share = 0.01 (1.0%); \
             the first: line 2, field 'Month': value '2018-11' differs"
        );
        let err = t.check_file("f.csv", 100, &[], Some(3)).unwrap_err().to_string();
        assert!(err.contains("f.csv: 3 of 100 records (3.0%) lie outside the force's wards, more than thresholds.max_outside_force_share = 0.02 (2.0%)"), "{err}");
        let lenient = Thresholds { max_rejected_share: 1.0, max_outside_force_share: 1.0 };
        let err = lenient.check_file("f.csv", 3, &rejections(3), None).unwrap_err().to_string();
        assert!(err.contains("f.csv: every one of its 3 records is rejected; the first: line 2"), "{err}");
        let err = lenient.check_file("f.csv", 0, &[], None).unwrap_err().to_string();
        assert!(err.contains("f.csv: has no records"), "{err}");
    }
}
