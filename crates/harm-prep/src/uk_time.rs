//! The UK calendar month of a police.uk timestamp. Stop-and-search dates are
//! written in UTC (`2019-08-31T23:05:00+00:00`) but police.uk files them by
//! UK local time, so a search at 00:05 BST on 1 September is in September.

use harm_core::Month;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Minutes since 1970 (UTC) of 01:00 UTC on the last Sunday of a month.
fn last_sunday_one_am(year: i64, month: i64) -> i64 {
    let last_day = days_from_civil(year, month + 1, 1) - 1;
    // 1970-01-01 was a Thursday: weekday 0 = Sunday when (days + 4) % 7 == 0.
    let sunday = last_day - (last_day + 4).rem_euclid(7);
    sunday * 1440 + 60
}

/// Month in UK local time (GMT, or BST from the last Sunday of March to the
/// last Sunday of October) of an ISO 8601 timestamp with offset.
pub fn uk_month(timestamp: &str) -> Option<Month> {
    let t = timestamp.trim();
    let num = |a: usize, b: usize| t.get(a..b)?.parse::<i64>().ok();
    let (y, mo, d, h, mi) = (num(0, 4)?, num(5, 7)?, num(8, 10)?, num(11, 13)?, num(14, 16)?);
    let offset = match t.get(19..).map(|s| s.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit())) {
        Some("Z") | Some("") | None => 0,
        Some(o) if o.len() == 6 => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o.get(1..3)?.parse::<i64>().ok()? * 60 + o.get(4..6)?.parse::<i64>().ok()?)
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let utc = days_from_civil(y, mo, d) * 1440 + h * 60 + mi - offset;
    let summer = utc >= last_sunday_one_am(y, 3) && utc < last_sunday_one_am(y, 10);
    let local = utc + if summer { 60 } else { 0 };
    let (ly, lm, _) = civil_from_days(local.div_euclid(1440));
    Month::new(u16::try_from(ly).ok()?, lm as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<Month> {
        s.parse().ok()
    }

    #[test]
    fn british_summer_time_moves_late_searches_into_the_next_month() {
        // 23:05 UTC on 31 August 2019 is 00:05 BST on 1 September.
        assert_eq!(uk_month("2019-08-31T23:05:00+00:00"), m("2019-09"));
        // In winter UTC is local time: 23:05 on 31 January stays in January.
        assert_eq!(uk_month("2019-01-31T23:05:00+00:00"), m("2019-01"));
        // BST 2019 began 31 March 01:00 UTC and ended 27 October 01:00 UTC.
        assert_eq!(uk_month("2019-03-31T00:30:00+00:00"), m("2019-03"));
        assert_eq!(uk_month("2019-09-30T23:30:00+00:00"), m("2019-10"));
        assert_eq!(uk_month("2019-10-31T23:30:00+00:00"), m("2019-10"));
        // An explicit offset is honoured; Z means UTC.
        assert_eq!(uk_month("2019-09-01T00:30:00+01:00"), m("2019-09"));
        assert_eq!(uk_month("2019-06-30T23:30:00Z"), m("2019-07"));
        assert_eq!(uk_month("2019-13-01T00:00:00+00:00"), None);
        assert_eq!(uk_month("yesterday"), None);
    }

    #[test]
    fn calendar_round_trip() {
        for days in [-1, 0, 17_897, 18_140, 20_000] {
            let (y, mo, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, mo, d), days);
        }
        assert_eq!(days_from_civil(2019, 9, 1), 18_140);
    }
}
