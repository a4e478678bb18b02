//! `harm-prep build` and `table` on the hand-made fixture in tests/fixtures:
//! two forces on a grid of squares, every accounting outcome in the street
//! files, a small CSS list of weights and a small Cambridge Crime Harm Index
//! table. Expected values are worked out by hand in the comments.

mod common;

use common::{copy_tree, files_under, fixtures};
use harm_core::harm::WeightScheme;
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::table::ward_table_csv;
use std::path::Path;

fn build_into(raw: &Path, out: &Path) -> Result<harm_prep::build::BuildReport, harm_prep::error::PrepError> {
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw)?, common::FIXTURE_BUILT)?;
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
    let w = report.forces[0].weights(WeightScheme::Css).unwrap();
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
    // 840 of Testshire's 850 recorded crimes have a CSS weight.
    assert_eq!(w.weighted_share(), Some(840.0 / 850.0));
}

#[test]
fn chi_weights_are_count_weighted_means_of_subgroups() {
    let (out, report) = built_fixture();
    use harm_core::Category::*;
    // From tests/fixtures/raw/offences/cambridge-chi-by-subgroup.csv:
    // Burglary: (300 * 30 + 100 * 10) / (30 + 10) = 10,000 / 40 = 250 days.
    // Drugs: (2 * 60 + 8 * 20) / (60 + 20) = 280 / 80 = 3.5 days.
    // Violence: (365 * 10 + 5 * 62) / (10 + 62) = 3,960 / 72 = 55 days.
    // The national counts, not the force's volumes, weight the subgroups,
    // so both forces publish the same CHI weights.
    let loaded = harm_prep::table::load_force(out.path(), "testshire").unwrap();
    let published = loaded.data.weights(WeightScheme::Chi).unwrap();
    for force in &report.forces {
        let chi = force.weights(WeightScheme::Chi).unwrap();
        assert_eq!(chi.weight_of(Burglary), Some(250.0));
        assert_eq!(chi.weight_of(Drugs), Some(3.5));
        assert_eq!(chi.weight_of(ViolenceAndSexualOffences), Some(55.0));
        assert_eq!(chi.weight_of(Robbery), Some(365.0));
        assert_eq!(chi.weights, published.weights);
    }
    let burglary = published.weights.iter().find(|w| w.category == Burglary).unwrap();
    assert_eq!((burglary.weighted_volume, burglary.volume), (40, 40));
    // Plain counts weigh every harm-bearing category 1.
    let counts = loaded.data.weights(WeightScheme::Counts).unwrap();
    assert!(harm_core::Category::ALL.iter().filter(|c| c.carries_harm()).all(|&c| counts.weight_of(c) == Some(1.0)));
}

#[test]
fn manifest_describes_every_scheme_and_the_periods() {
    let (out, _) = built_fixture();
    let loaded = harm_prep::table::load_force(out.path(), "testshire").unwrap();
    let m = &loaded.manifest;
    let schemes: Vec<WeightScheme> = m.weight_schemes.iter().map(|w| w.scheme).collect();
    assert_eq!(schemes, WeightScheme::ALL);
    assert_eq!(m.default_scheme(), WeightScheme::Css);
    // The CSS list's edition comes from its Edition column; the CHI table's from the recipe.
    let css = m.weights_info(WeightScheme::Css).unwrap();
    assert_eq!(css.edition.as_deref(), Some("Test weights 2024"));
    assert_eq!(css.source, "ONS Crime Severity Score data tool, list of weights");
    assert!(css.statement.contains("weighted by the force's 2017/18 recorded crime"), "{}", css.statement);
    assert_eq!(m.weights_info(WeightScheme::Chi).unwrap().edition.as_deref(), Some("test index"));
    assert_eq!(m.weights_info(WeightScheme::Counts).unwrap().edition, None);
    let keys: Vec<&str> = m.periods.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["baseline", "later"]);
    assert_eq!(harm_core::period::baseline(&m.periods).unwrap().key, "baseline");
    // Inputs are listed in provenance.json, every file read once.
    let provenance: harm_core::dataset::Provenance =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("provenance.json")).unwrap()).unwrap();
    let chi: Vec<&str> = provenance.inputs.iter().filter(|i| i.input == "chi_weights").map(|i| i.path.as_str()).collect();
    assert_eq!(chi, ["offences/cambridge-chi-by-subgroup.csv"]);
}

/// The manifest names the build date it was given and every other file's
/// SHA-256, which the site checks each fetched file against.
#[test]
fn manifest_lists_every_file_hash_the_build_date_and_data_version() {
    use sha2::{Digest, Sha256};
    let (out, _) = built_fixture();
    let m = harm_prep::table::load_force(out.path(), "testshire").unwrap().manifest;
    assert_eq!(m.built, common::FIXTURE_BUILT);
    let listed: Vec<&String> = m.files.keys().collect();
    let written: Vec<String> = files_under(out.path()).into_iter().filter(|f| f != "manifest.json").collect();
    assert_eq!(listed, written.iter().collect::<Vec<_>>(), "every file but the manifest is listed");
    for (path, hex) in &m.files {
        let digest: String = Sha256::digest(std::fs::read(out.path().join(path)).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(&digest, hex, "{path}");
    }
    // A header-only rejections file, hashed by `sha256sum`.
    assert_eq!(m.files["otherforce/rejected-rows.csv"], "4e0bb65eb78fb189bb9a74cb3a209bbed2f8db223ce008612d34f76bb67ecdab");
    // The version: the first 12 hex digits of the SHA-256 of the "path hash" lines, as `sha256sum` gives it.
    let lines: String = m.files.iter().map(|(p, h)| format!("{p} {h}\n")).collect();
    let whole: String = Sha256::digest(lines.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(m.data_version, whole[..12]);
    assert_eq!(m.data_version.len(), 12);
}

#[test]
fn ward_table_by_hand() {
    let (out, _) = built_fixture();
    let table = ward_table_csv(out.path(), "testshire", "2019-01..2019-02", WeightScheme::Css).unwrap();
    // Two months with data, so yearly rates are the counts times 12 / 2 = 6.
    // North One: burglary x2 (lines 2, Feb 2), robbery, vehicle crime; ASB x1.
    //   harm = 2*300 + 800 + 50 = 1450; 1450 * 6 / 1,000 residents = 8.7.
    // North Two: burglary 300 + shoplifting 20 + drugs 3 = 323; 323 * 6 / 1,000 = 1.938.
    // South Vale: violence 100 + drugs 3 + burglary 300 = 403; 403 * 6 / 2,000 = 1.209; ASB x1.
    // Force: 10 crimes, harm 2176; 2176 * 6 / 4,000 = 3.264; 10 * 6 / 4 = 15 crimes per 1,000.
    let expected = "\
ward_code,ward_name,district,residents,black_residents,white_residents,months_with_data,crimes,asb,harm,harm_per_resident_per_year,crimes_per_1000_per_year
E05900001,North One,Northtown,1000,80,850,2,4,1,1450.0,8.7000,24.00
E05900002,North Two,Northtown,1000,100,870,2,3,0,323.0,1.9380,18.00
E05900003,South Vale,Southvale,2000,5,1980,2,3,1,403.0,1.2090,9.00
E23900001,Testshire (force total),,4000,185,3700,2,10,2,2176.0,3.2640,15.00
";
    assert_eq!(table, expected);
    // A force without crime data for the period is an error, never a table of zeros.
    let err = ward_table_csv(out.path(), "otherforce", "2019-01..2019-02", WeightScheme::Css).unwrap_err();
    assert!(err.to_string().contains("Otherforce publishes no street-crime data"), "{err}");
}

#[test]
fn ward_table_under_the_chi_by_hand() {
    let (out, _) = built_fixture();
    let table = ward_table_csv(out.path(), "testshire", "2019-01..2019-02", WeightScheme::Chi).unwrap();
    // CHI weights: burglary 250, robbery 365, vehicle crime 5, shoplifting 1,
    // drugs 3.5, violence 55 (see chi_weights_are_count_weighted_means_of_subgroups).
    // North One: 2*250 + 365 + 5 = 870; 870 * 6 / 1,000 = 5.22.
    // North Two: 250 + 1 + 3.5 = 254.5; 254.5 * 6 / 1,000 = 1.527.
    // South Vale: 55 + 3.5 + 250 = 308.5; 308.5 * 6 / 2,000 = 0.9255.
    // Force: 870 + 254.5 + 308.5 = 1433; 1433 * 6 / 4,000 = 2.1495.
    let harm: Vec<String> = table.lines().skip(1).map(|l| l.split(',').skip(9).take(2).collect::<Vec<_>>().join(",")).collect();
    assert_eq!(harm, ["870.0,5.2200", "254.5,1.5270", "308.5,0.9255", "1433.0,2.1495"]);
}

#[test]
fn exposure_disparity_by_hand() {
    let (out, _) = built_fixture();
    let force = harm_prep::table::load_force(out.path(), "testshire").unwrap();
    let period = force.period("2019-01..2019-02").unwrap();
    let wards = harm_core::figures::ward_figures(&force.data, &period, force.weights(WeightScheme::Css).unwrap());
    let e = harm_core::figures::exposure(&wards).unwrap();
    // Yearly rates 8.7, 1.938, 1.209 (see ward_table_by_hand):
    // Black: (80*8.7 + 100*1.938 + 5*1.209) / 185 = 895.845 / 185
    // White: (850*8.7 + 870*1.938 + 1980*1.209) / 3700 = 11474.88 / 3700
    assert!((e.black_mean_rate - 895.845 / 185.0).abs() < 1e-12);
    assert!((e.white_mean_rate - 11474.88 / 3700.0).abs() < 1e-12);
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
        "census-2021/ethnic-group-5-lsoa21.csv, line 5, field 'n': value '4x0' is not a whole, non-negative count"
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
    assert_eq!(
        build_with_damage("offences/cambridge-chi-by-subgroup.csv", "Burglary,Residential burglary,300.0,30", "Burglary,Residential burglary,3OO,30"),
        "offences/cambridge-chi-by-subgroup.csv, line 9, field 'cchi_days': value '3OO' is not a number"
    );
    assert_eq!(
        build_with_damage("offences/cambridge-chi-by-subgroup.csv", "Robbery,Robbery of personal property,365.0,20\n", ""),
        "offences/cambridge-chi-by-subgroup.csv: no subgroup of the category 'Robbery' has a national count, so it has no weight"
    );
    // An LSOA the lookup puts in another force's ward, or in a ward that is
    // no more, is placed by geometry or stops the build: tests/fixture_national.
}

/// The fixture recipe with one change, written to a temporary folder.
fn damaged_recipe(from: &str, to: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("recipe.toml")).unwrap();
    assert!(text.contains(from), "the fixture recipe lacks {from}");
    let path = dir.path().join("recipe.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (dir, path)
}

fn recipe_error(from: &str, to: &str) -> String {
    let (_dir, path) = damaged_recipe(from, to);
    read_recipe(&path).expect_err("the recipe must be refused").to_string()
}

#[test]
fn bad_periods_are_named_with_the_recipe() {
    let err = recipe_error("key = \"later\"", "key = \"baseline\"");
    assert!(err.starts_with("recipe ") && err.contains("recipe.toml: "), "{err}");
    assert!(err.ends_with("period 'baseline': its key is given to an earlier period too"), "{err}");
    let err = recipe_error("from = \"2019-02\"", "from = \"2019-02\"\nbaseline = true");
    assert!(err.ends_with("periods 'baseline' and 'later' are each marked `baseline = true`: exactly one may be"), "{err}");
    let err = recipe_error("baseline = true", "baseline = false");
    assert!(err.ends_with("no period is marked `baseline = true`: exactly one must be"), "{err}");
    let err = recipe_error("key = \"later\"", "key = \"Later on\"");
    assert!(err.ends_with("period 'Later on': its key must be lowercase letters, digits and hyphens"), "{err}");
    let err = recipe_error("to = \"2019-03\"", "to = \"2018-03\"");
    assert!(err.ends_with("period 'baseline': it runs backwards, from 2018-04 to 2018-03"), "{err}");
}

/// A list of weights takes its edition from a column or from the recipe: exactly one.
#[test]
fn a_list_of_weights_has_exactly_one_edition() {
    let build_error = |from: &str, to: &str| {
        let (_dir, path) = damaged_recipe(from, to);
        let recipe = read_recipe(&path).unwrap();
        build(&recipe, &RawFolder::new(&fixtures().join("raw")).unwrap(), common::FIXTURE_BUILT).err().expect("the build must fail").to_string()
    };
    assert_eq!(
        build_error("vintage = \"test edition\"", "vintage = \"test edition\"\nedition = \"2020\""),
        "recipe offences/css-weights.csv: input 'offences/css-weights.csv' gives both an edition and an edition column: give one"
    );
    assert_eq!(
        build_error(", edition = \"Edition\" }", " }"),
        "recipe offences/css-weights.csv: input 'offences/css-weights.csv' gives neither an edition nor an edition column"
    );
}
