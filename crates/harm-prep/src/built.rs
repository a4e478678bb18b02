//! The day the published data was built, as the manifest records it. The
//! reproducible-builds convention decides it: `--built`, else the day of
//! `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when it is set, else today
//! (UTC). Rebuilding with the committed manifest's date gives identical bytes.

use crate::error::{PrepError, Result};
use crate::uk_time::{civil_from_days, days_from_civil};

/// The build date: `given` (a `YYYY-MM-DD` date) if any, else from
/// `source_date_epoch` (the variable's value) if set, else from `now_seconds`.
pub fn build_date(given: Option<&str>, source_date_epoch: Option<&str>, now_seconds: u64) -> Result<String> {
    if let Some(date) = given {
        return check_date(date).map(str::to_string).ok_or_else(|| {
            PrepError::Check(format!("--built '{date}' is not a calendar date written YYYY-MM-DD"))
        });
    }
    let seconds = match source_date_epoch {
        Some(text) => text.trim().parse::<u64>().map_err(|_| {
            PrepError::Check(format!("SOURCE_DATE_EPOCH '{text}' is not a whole number of seconds since 1970"))
        })?,
        None => now_seconds,
    };
    Ok(date_of_day((seconds / 86_400) as i64))
}

fn date_of_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `date` when it is a real day written `YYYY-MM-DD`.
fn check_date(date: &str) -> Option<&str> {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !date.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    // A day that does not exist (2026-02-30) comes back as another date.
    ((1..=12).contains(&m) && (1..=31).contains(&d) && date_of_day(days_from_civil(y, m, d)) == date).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::build_date;

    #[test]
    fn the_option_then_source_date_epoch_then_today() {
        assert_eq!(build_date(Some("2026-11-25"), Some("0"), 0).unwrap(), "2026-11-25");
        // 1764028800 = 2025-11-25T00:00:00Z; one second before is the 24th.
        assert_eq!(build_date(None, Some("1764028800"), 0).unwrap(), "2025-11-25");
        assert_eq!(build_date(None, Some("1764028799"), 0).unwrap(), "2025-11-24");
        assert_eq!(build_date(None, None, 951_782_400).unwrap(), "2000-02-29");
    }

    #[test]
    fn a_date_that_is_not_a_day_is_refused_in_words() {
        for bad in ["2026-02-30", "2026-13-01", "26-11-25", "2026-1-25", "today", "2026-11-25T00:00"] {
            let e = build_date(Some(bad), None, 0).unwrap_err().to_string();
            assert!(e.contains(bad) && e.contains("YYYY-MM-DD"), "{e}");
        }
        assert!(build_date(None, Some("yesterday"), 0).unwrap_err().to_string().contains("SOURCE_DATE_EPOCH 'yesterday'"));
    }
}
