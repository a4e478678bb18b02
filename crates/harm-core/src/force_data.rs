//! What data each published force has, in one line: the force picker's
//! options and `harm-prep forces` print the same words.

use crate::dataset::ForceEntry;

/// The published forces in name order (the picker's order).
pub fn forces_by_name(forces: &[ForceEntry]) -> Vec<&ForceEntry> {
    let mut forces: Vec<&ForceEntry> = forces.iter().collect();
    forces.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    forces
}

/// What `force` has, e.g. "no street crime; stop and search 2017-2021 by
/// district; use of force 2018-19 and 2019-20". Missing street crime is
/// said first, since every crime view of such a force is empty.
pub fn data_summary(force: &ForceEntry) -> String {
    let mut parts = Vec::new();
    parts.push(match force.crime_months.len() {
        0 => "no street crime".to_string(),
        1 => "street crime 1 month".to_string(),
        n => format!("street crime {n} months"),
    });
    match force.stop_search_months.len() {
        0 => {}
        1 => parts.push("stop and search records 1 month".to_string()),
        n => parts.push(format!("stop and search records {n} months")),
    }
    if !force.stop_search_series_years.is_empty() {
        parts.push(format!("stop and search {} by district", year_runs(&force.stop_search_series_years)));
    }
    if !force.use_of_force_periods.is_empty() {
        parts.push(format!("use of force {}", and_list(&force.use_of_force_periods)));
    }
    parts.join("; ")
}

/// The picker's option text: the force's name, then what data it has.
pub fn picker_label(force: &ForceEntry) -> String {
    format!("{} — {}", force.name, data_summary(force))
}

/// Sorted years as runs: "2017-2021", or "2017, 2019-2021".
fn year_runs(years: &[u16]) -> String {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == y => *last = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect::<Vec<_>>().join(", ")
}

fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::month::m;

    fn force(name: &str) -> ForceEntry {
        ForceEntry { id: name.to_lowercase(), name: name.into(), code: "E23000032".into(), ..ForceEntry::default() }
    }

    #[test]
    fn a_force_without_street_crime_says_so_first() {
        let kent = ForceEntry {
            stop_search_series_years: vec![2017, 2018, 2019, 2020, 2021],
            use_of_force_periods: vec!["2018-19".into(), "2019-20".into()],
            ..force("Kent")
        };
        assert_eq!(picker_label(&kent), "Kent — no street crime; stop and search 2017-2021 by district; use of force 2018-19 and 2019-20");
        assert_eq!(data_summary(&force("Gwent")), "no street crime");
    }

    #[test]
    fn months_and_gapped_years_are_counted() {
        let hampshire = ForceEntry {
            crime_months: vec![m("2018-10"), m("2018-11")],
            stop_search_months: vec![m("2019-01")],
            stop_search_series_years: vec![2017, 2019, 2020],
            ..force("Hampshire")
        };
        assert_eq!(
            data_summary(&hampshire),
            "street crime 2 months; stop and search records 1 month; stop and search 2017, 2019-2020 by district"
        );
    }

    #[test]
    fn forces_are_in_name_order() {
        let forces = [force("West Midlands"), force("Avon and Somerset"), force("Kent")];
        let names: Vec<&str> = forces_by_name(&forces).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Avon and Somerset", "Kent", "West Midlands"]);
    }
}
