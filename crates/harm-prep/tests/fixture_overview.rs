//! The national overview (`england-and-wales/`) built from the hand-made
//! fixture's two forces: its district table gives each district the figures
//! its own force's files give (`measure` and `series` print them), and no
//! resident is lost or counted twice.

mod common;

use common::fixtures;
use harm_core::dataset::parse_wards;
use harm_core::level::Level;
use harm_core::overview::{overview_values, OverviewMeasure};
use harm_prep::build::build;
use harm_prep::overview_table::{load_overview, overview_table_csv};
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::table::{measure_csv, read_text, Choice};
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;

fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    build(&recipe, &RawFolder::new(&fixtures().join("raw")).unwrap(), common::FIXTURE_BUILT).unwrap().files.write_all(out.path()).unwrap();
    out
}

/// The `value` column of a CSV's rows, by their first column.
fn values_by_code(csv: &str, value_column: &str) -> Vec<(String, String)> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|c| *c == value_column).unwrap();
    lines.map(|l| l.split(',').collect::<Vec<_>>()).map(|f| (f[0].to_string(), f[at].to_string())).collect()
}

#[test]
fn every_district_has_its_forces_figures_and_residents_add_up() {
    let out = built();
    let data = out.path();
    let (manifest, overview) = load_overview(data).unwrap();
    let entry = manifest.overview.clone().unwrap();
    // Every district of every force, once.
    let districts: usize = manifest.forces.iter().map(|f| f.districts.len()).sum();
    assert_eq!((overview.districts.len(), entry.district_count), (districts, districts));
    // Residents: each force's districts sum to its wards, and the country to both forces.
    let mut country = 0;
    for force in &manifest.forces {
        let wards = parse_wards("wards.csv", &read_text(data, &format!("{}/wards.csv", force.id)).unwrap()).unwrap();
        let in_wards: u64 = wards.iter().map(|w| w.residents).sum();
        let black: u64 = wards.iter().map(|w| w.black).sum();
        let own: Vec<_> = overview.districts.iter().filter(|d| d.force_id == force.id).collect();
        assert_eq!(own.iter().map(|d| d.residents).sum::<u64>(), in_wards, "{}", force.id);
        assert_eq!(own.iter().map(|d| d.black).sum::<u64>(), black, "{}", force.id);
        country += in_wards;
    }
    assert_eq!(overview.districts.iter().map(|d| d.residents).sum::<u64>(), country);
    // The fixture's residents: 4,000 in Testshire (see fixture_build) and Otherforce's.
    assert!(country > 4000);

    // Harm per resident: the force's own district figure where it has street crime, said missing elsewhere.
    let periods: Vec<(String, String)> = manifest.periods.iter().map(|p| (p.key.clone(), p.label.clone())).collect();
    let baseline = OverviewMeasure::HarmRate("baseline".into());
    let overview_harm = values_by_code(&overview_table_csv(data, "harm-rate", Some("baseline"), Level::District, false).unwrap(), "value");
    let choice = Choice { period: "baseline", baseline: None, scheme: WeightScheme::Css, level: Level::District, basis: Basis::SelfDefined };
    let testshire = values_by_code(&measure_csv(data, "testshire", "harm-rate", &choice).unwrap(), "value");
    let mut compared = 0;
    for (code, value) in &overview_harm {
        let district = overview.districts.iter().find(|d| &d.code == code).unwrap();
        match testshire.iter().find(|(c, _)| c == code) {
            Some((_, own)) => {
                assert_eq!(value, own, "{code}");
                compared += 1;
            }
            None => {
                assert_eq!(district.force_id, "otherforce");
                assert_eq!(value, "no street crime data", "{code}");
                let reason = harm_core::overview::missing_reason(&overview, district, &baseline, &periods).unwrap();
                assert!(reason.contains("Otherforce has no police.uk street crime"), "{reason}");
            }
        }
    }
    assert_eq!(compared, manifest.forces[0].districts.len());
    assert!(overview_values(&overview, &baseline).iter().any(|v| v.value.is_none()));

    // Stop and search: the ratio and change `series` prints for the force's districts.
    let series = harm_prep::series_table::series_csv(data, "testshire", None).unwrap();
    for year in harm_core::overview::SERIES_YEARS {
        let ratio = values_by_code(&overview_table_csv(data, "stop-search-ratio", Some(&year.to_string()), Level::District, false).unwrap(), "value");
        for line in series.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f[2] != year.to_string() {
                continue;
            }
            let Some((_, ours)) = ratio.iter().find(|(c, _)| c == f[0]) else { continue };
            // `series` writes a suppressed count's ratio as empty; the overview as [c].
            let theirs = if f[5].is_empty() { "[c]" } else { f[5] };
            assert_eq!(ours, theirs, "{} {year}", f[0]);
            compared += 1;
        }
    }
    assert!(compared > manifest.forces[0].districts.len(), "some series years compared");
}

#[test]
fn a_measure_the_overview_lacks_is_refused_with_its_offer() {
    let out = built();
    let err = overview_table_csv(out.path(), "crime-rate", Some("baseline"), Level::District, false).unwrap_err().to_string();
    assert!(err.contains("the national overview has no measure 'crime-rate'") && err.contains("black-share"), "{err}");
    let err = overview_table_csv(out.path(), "black-share", None, Level::Ward, false).unwrap_err().to_string();
    assert!(err.contains("by district"), "{err}");
}
