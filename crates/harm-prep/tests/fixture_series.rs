//! The five-year district stop and search series on the hand-made fixture
//! (`tests/fixtures/raw/stop-and-search-districts/`): Testshire's two
//! districts, Northtown and Southvale, 2017-2021, joined on name. Expected
//! values are worked out by hand in the comments.

mod common;

use common::{copy_tree, files_under, fixtures};
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::series_table::series_csv;
use std::path::Path;

const SERIES: &str = "stop-and-search-districts/stops-by-year-district-2017-2021.csv";

fn build_into(raw: &Path, out: &Path) -> Result<(), harm_prep::error::PrepError> {
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw)?, common::FIXTURE_BUILT)?;
    report.files.write_all(out)?;
    Ok(())
}

fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_into(&fixtures().join("raw"), out.path()).unwrap();
    out
}

fn build_with_damage(from: &str, to: &str) -> String {
    let raw = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("raw"), raw.path());
    let path = raw.path().join(SERIES);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{SERIES} lacks {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build_into(raw.path(), out.path()).expect_err("the build must fail");
    assert!(files_under(out.path()).is_empty(), "nothing may be written when the build fails");
    err.to_string()
}

#[test]
fn series_is_published_under_disclosure_control() {
    let out = built();
    let text = std::fs::read_to_string(out.path().join("testshire/stop-search-series.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "area_code,area_name,year,black,white");
    // 2018: Northtown 20/100, Southvale 0/30: no count of 1-9, all already
    // multiples of 5, published as they are.
    assert!(lines.contains(&"E07900001,Northtown,2018,20,100"));
    assert!(lines.contains(&"E07900002,Southvale,2018,0,30"));
    // 2020: Southvale's 11 Black searches round to 10.
    assert!(lines.contains(&"E07900002,Southvale,2020,10,80"));
    // 2017: Southvale's 3 Black searches are suppressed; with the exact force
    // total (15) and two districts, Northtown's Black count must go too.
    assert!(lines.contains(&"E07900002,Southvale,2017,[c],[c]"));
    assert!(lines.iter().any(|l| l.starts_with("E07900001,Northtown,2017,[c],")));
    // The force rows are exact sums over the districts:
    // 2017 12+3, 40+50; 2018 20+0, 100+30; 2019 30+5, 100+45; 2020 25+11,
    // 60+80; 2021 40+2, 90+62. Another force's row (Someforce) is not read.
    assert_eq!(
        &lines[lines.len() - 5..],
        [
            "E23900001,Testshire,2017,15,90",
            "E23900001,Testshire,2018,20,130",
            "E23900001,Testshire,2019,35,145",
            "E23900001,Testshire,2020,36,140",
            "E23900001,Testshire,2021,42,152",
        ]
    );
    // No count from 1 to 9 is published below force level.
    for line in &lines[1..lines.len() - 5] {
        for cell in line.split(',').skip(3) {
            if let Ok(n) = cell.parse::<u64>() {
                assert!(n == 0 || (n >= 10 && n % 5 == 0), "{line}");
            }
        }
    }
    // Otherforce has no series_name in the recipe: no file, no years.
    assert!(!out.path().join("otherforce/stop-search-series.csv").exists());
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).unwrap();
    let manifest = harm_core::dataset::parse_manifest("manifest.json", &manifest).unwrap();
    assert_eq!(manifest.forces[0].stop_search_series_years, [2017, 2018, 2019, 2020, 2021]);
    assert!(manifest.forces[1].stop_search_series_years.is_empty());
}

#[test]
fn force_ratios_and_change_by_hand() {
    let out = built();
    let csv = series_csv(out.path(), "testshire", None).unwrap();
    let force: Vec<&str> = csv.lines().filter(|l| l.starts_with("E23900001,")).collect();
    assert_eq!(force.len(), 5);
    // Census 2021 (wards.csv): Testshire 80+100+5 = 185 Black and
    // 850+870+1980 = 3,700 White residents.
    // 2018: (20/185)/(130/3700) = 74000/24050 = 3.0769; log interval
    // exp(ln 3.0769 -/+ 1.96 sqrt(1/20 + 1/130)) = 3.0769 exp(-/+0.47077) = 1.92 .. 4.93.
    assert_eq!(force[1], "E23900001,Testshire (force total),2018,20,130,3.08,1.92,4.93,,,");
    // 2019: (35/185)/(145/3700) = 4.83; change (35/145)/(20/130) = 1.5690,
    // se sqrt(1/35 + 1/145 + 1/20 + 1/130) = 0.30522, 1.5690 exp(-/+0.59822)
    // = 0.86 .. 2.85.
    assert_eq!(force[2], "E23900001,Testshire (force total),2019,35,145,4.83,3.34,6.98,1.57,0.86,2.85");
    // One district: Northtown (180 Black, 1,720 White residents), 2020:
    // (25/180)/(60/1720) = 3.98; change (25/60)/(20/100) = 2.08.
    let north = series_csv(out.path(), "testshire", Some("E07900001")).unwrap();
    assert_eq!(north.lines().count(), 1 + 5);
    assert!(north.lines().any(|l| l.starts_with("E07900001,Northtown,2020,25,60,3.98,") && l.contains(",2.08,")), "{north}");
    let err = series_csv(out.path(), "testshire", Some("E07999999")).unwrap_err().to_string();
    assert!(err.contains("no district 'E07999999' in Testshire (districts: E07900001, E07900002)"), "{err}");
    assert!(series_csv(out.path(), "otherforce", None).unwrap_err().to_string().contains("publishes no district stop and search series"));
}

#[test]
fn a_misspelt_district_name_fails_the_build() {
    assert_eq!(
        build_with_damage("2019,Southvale,", "2019,Southvail,"),
        "stop-and-search-districts/stops-by-year-district-2017-2021.csv, line 9, field 'la': value 'Southvail' \
         is not a district of Testshire (its districts: Northtown, Southvale)"
    );
}

#[test]
fn every_district_needs_every_year() {
    assert_eq!(
        build_with_damage("2021,Southvale,NA,Test,England,Testshire,2,10,62,2000,NA\n", ""),
        "check failed: stop-and-search-districts/stops-by-year-district-2017-2021.csv: force 'Testshire' has no row for \
         Southvale 2021 (every district needs every year 2017-2021)"
    );
    let twice = build_with_damage("2018,Northtown,", "2017,Northtown,");
    assert!(twice.contains("line 3, field 'date': value '2017' repeats the district and year of line 2"), "{twice}");
}
