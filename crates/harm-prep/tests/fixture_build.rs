//! `harm-prep build` and `table` on the hand-made fixture in tests/fixtures:
//! two forces on a grid of squares, every accounting outcome in the street
//! files, and a small weights table. Expected values are worked out by hand
//! in the comments.

mod common;

use common::{copy_tree, files_under, fixtures};
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::table::ward_table_csv;
use std::path::Path;

fn build_into(raw: &Path, out: &Path) -> Result<harm_prep::build::BuildReport, harm_prep::error::PrepError> {
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw)?)?;
    report.files.write_all(out)?;
    Ok(report)
}

fn built_fixture() -> (tempfile::TempDir, harm_prep::build::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let report = build_into(&fixtures().join("raw"), out.path()).unwrap();
    (out, report)
}

#[test]
fn every_street_record_is_accounted_for() {
    let (_out, report) = built_fixture();
    let testshire = &report.forces[0];
    let [jan, feb] = &testshire.accounting[..] else { panic!("two monthly files expected") };
    // January, 16 rows: lookup = lines 2-5 (unchanged and merged LSOAs);
    // coordinates = lines 6, 7 (split LSOA) and 10 (unknown code, point in A);
    // nearest part = line 8 (0.01 east of part C); largest part = line 9
    // (split, no coordinates: C has 1,000 residents, B 500); outside = lines 13
    // (LSOA in Otherforce) and 14 (point outside); no location = line 12;
    // unknown code = line 11; rejected = lines 15, 16, 17.
    assert_eq!(jan.file, "police-uk/testshire/2019-01-testshire-street.csv");
    assert_eq!(
        (jan.rows_read, jan.by_lookup, jan.by_coordinates, jan.by_nearest_part, jan.by_largest_part),
        (16, 4, 3, 1, 1)
    );
    assert_eq!((jan.outside_force, jan.no_location, jan.unknown_code), (2, 1, 1));
    let rejected: Vec<(u64, &str)> = jan.rejected.iter().map(|r| (r.line, r.field.as_str())).collect();
    assert_eq!(rejected, [(15, "Longitude"), (16, "Crime type"), (17, "Month")]);
    assert_eq!(jan.rejected[1].value, "Arson");
    assert_eq!(jan.rejected[2].reason, "differs from the file's month 2019-01");
    // February, archive layout: three by lookup and a truncated row.
    assert_eq!(feb.file, "police-uk/testshire/2019-02/2019-02-testshire-street.csv");
    assert_eq!((feb.rows_read, feb.by_lookup, feb.rejected.len()), (4, 3, 1));
    assert_eq!(feb.rejected[0].line, 5);
    for a in &testshire.accounting {
        assert_eq!(a.accounted(), a.rows_read, "{}", a.file);
    }
    assert_eq!(testshire.crimes_in_wards, 9 + 3);
    // Otherforce has no street files: no months, nothing read.
    assert!(report.forces[1].accounting.is_empty());
}

#[test]
fn category_weights_are_volume_weighted_means() {
    let (_out, report) = built_fixture();
    let w = &report.forces[0].weights;
    use harm_core::Category::*;
    // Burglary: 28A (70 - 10 + 40 = 100 crimes, weight 400) and 28B (100, 200) -> 300.
    assert_eq!(w.weight_of(Burglary), Some(300.0));
    assert_eq!(w.weight_of(Robbery), Some(800.0));
    // Drugs: 92A weighs 3; 92B has no weight and is reported: 10 of 850 crimes.
    assert_eq!(w.weight_of(Drugs), Some(3.0));
    assert_eq!(w.unweighted.len(), 1);
    assert_eq!(w.unweighted[0].offence_code, "92B");
    assert!((w.unweighted[0].share_of_volume - 10.0 / 850.0).abs() < 1e-12);
    // Public order has a weight but no recorded crime in Testshire, so no mean.
    assert_eq!(w.weight_of(PublicOrder), None);
    assert_eq!(w.weight_of(AntiSocialBehaviour), None);
}

#[test]
fn ward_table_by_hand() {
    let (out, _) = built_fixture();
    let table = ward_table_csv(out.path(), "testshire", "2019-01".parse().unwrap(), "2019-02".parse().unwrap()).unwrap();
    // North One: burglary x2 (lines 2, Feb 2), robbery, vehicle crime; ASB x1.
    //   harm = 2*300 + 800 + 50 = 1450 over 1,000 residents.
    // North Two: burglary 300 + shoplifting 20 + drugs 3 = 323 over 1,000.
    // South Vale: violence 100 + drugs 3 + burglary 300 = 403 over 2,000; ASB x1.
    // Force: 10 crimes, harm 2176 over 4,000 residents.
    let expected = "\
ward_code,ward_name,district,residents,black_residents,white_residents,crimes,asb,harm,harm_rate,crime_rate_per_1000
E05900001,North One,Northtown,1000,80,850,4,1,1450.0,1.4500,4.00
E05900002,North Two,Northtown,1000,100,870,3,0,323.0,0.3230,3.00
E05900003,South Vale,Southvale,2000,5,1980,3,1,403.0,0.2015,1.50
E23900001,Testshire (force total),,4000,185,3700,10,2,2176.0,0.5440,2.50
";
    assert_eq!(table, expected);
    // A force without crime data shows empty crime cells, never zeros.
    let other = ward_table_csv(out.path(), "otherforce", "2019-01".parse().unwrap(), "2019-02".parse().unwrap()).unwrap();
    assert_eq!(other.lines().nth(1).unwrap(), "E05900009,Elsewhere Ward,Elsewhere,300,10,290,,,,,");
}

#[test]
fn exposure_disparity_by_hand() {
    let (out, _) = built_fixture();
    let (_, _, data) = harm_prep::table::load_force(out.path(), "testshire").unwrap();
    let wards = harm_core::figures::ward_figures(&data, "2019-01".parse().unwrap(), "2019-02".parse().unwrap());
    let e = harm_core::figures::exposure(&wards).unwrap();
    // Black: (80*1.45 + 100*0.323 + 5*0.2015) / 185 = 149.3075 / 185
    // White: (850*1.45 + 870*0.323 + 1980*0.2015) / 3700 = 1912.48 / 3700
    assert!((e.black_mean_rate - 149.3075 / 185.0).abs() < 1e-12);
    assert!((e.white_mean_rate - 1912.48 / 3700.0).abs() < 1e-12);
    assert!((e.ratio - 1.561_401_949).abs() < 1e-6, "{}", e.ratio);
}

/// Published output against the committed golden copy. On a difference the
/// new output is written to target/golden-actual for review; rerun with
/// UPDATE_GOLDEN=1 to accept it.
#[test]
fn published_files_match_golden() {
    let (out, _) = built_fixture();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fixture-dataset");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        copy_tree(out.path(), &golden);
    }
    let actual_files = files_under(out.path());
    let mut differences = Vec::new();
    if actual_files != files_under(&golden) {
        differences.push(format!("file lists differ: {actual_files:?}"));
    }
    for file in &actual_files {
        let actual = std::fs::read(out.path().join(file)).unwrap();
        if std::fs::read(golden.join(file)).ok().as_deref() != Some(actual.as_slice()) {
            differences.push(file.clone());
        }
    }
    if !differences.is_empty() {
        let review = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/golden-actual");
        let _ = std::fs::remove_dir_all(&review);
        copy_tree(out.path(), &review);
        panic!(
            "published output differs from tests/golden/fixture-dataset in {differences:?}; \
             new output is in {}. Review it, then rerun with UPDATE_GOLDEN=1 to accept.",
            review.display()
        );
    }
}

#[test]
fn output_is_deterministic() {
    let (a, _) = built_fixture();
    let (b, _) = built_fixture();
    for file in files_under(a.path()) {
        assert_eq!(std::fs::read(a.path().join(&file)).unwrap(), std::fs::read(b.path().join(&file)).unwrap(), "{file}");
    }
}

fn build_with_damage(file: &str, from: &str, to: &str) -> String {
    let raw = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("raw"), raw.path());
    let path = raw.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build_into(raw.path(), out.path()).err().expect("the build must fail");
    assert!(files_under(out.path()).is_empty(), "nothing may be written when the build fails");
    err.to_string()
}

#[test]
fn bad_inputs_are_named_by_file_line_field_and_value() {
    assert_eq!(
        build_with_damage("census-2021/ethnic-group-5-lsoa21.csv", "E01900001,500.0,White,400.0", "E01900001,500.0,White,4x0"),
        "census-2021/ethnic-group-5-lsoa21.csv, line 5, field 'n': value '4x0' is not a count"
    );
    assert_eq!(
        build_with_damage("census-2021/ethnic-group-5-lsoa21.csv", "E01900002,500.0,White,450.0", "E01900002,500.0,White,451.0"),
        "census-2021/ethnic-group-5-lsoa21.csv, line 7, field 'lsoa21_code': value 'E01900002' has groups summing to 501, not its total 500"
    );
    assert_eq!(
        build_with_damage("deprivation/iod2025-lsoa21.csv", "E01900003,6.0", "E01900003,11.0"),
        "deprivation/iod2025-lsoa21.csv, line 4, field 'IMD_decile': value '11.0' is not a decile from 1 to 10"
    );
    let missing_column = build_with_damage("police-uk/testshire/2019-01-testshire-street.csv", "LSOA code,", "LSOA,");
    assert!(missing_column.starts_with("police-uk/testshire/2019-01-testshire-street.csv: the header has no column 'LSOA code'"), "{missing_column}");
    assert_eq!(
        build_with_damage("offences/css-weights.csv", "34A,Robbery of business property,800", "34A,Robbery of business property,-8"),
        "offences/css-weights.csv, line 4, field 'Weight': value '-8' is not a non-negative number"
    );
    // An LSOA of the force mapped to another force's ward would lose residents.
    let lost = build_with_damage("lookups/lsoa21-to-ward24-lad24.csv", "E01900003,North Two,E05900002", "E01900003,North Two,E05900009");
    assert!(lost.contains("LSOA E01900003 of force Testshire maps to E05900009"), "{lost}");
}
