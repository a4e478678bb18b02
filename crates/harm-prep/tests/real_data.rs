//! Invariants of the build on the real open data. The raw folder comes from
//! HARM_MAP_RAW_DATA; without it these tests say so and do nothing.

mod common;

use common::{assert_no_cell_recoverable, files_under};
use harm_prep::build::{build, BuildReport};
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn raw_folder() -> Option<PathBuf> {
    let raw = std::env::var_os("HARM_MAP_RAW_DATA").map(PathBuf::from);
    if raw.is_none() {
        eprintln!("HARM_MAP_RAW_DATA is not set: real-data tests skipped");
    }
    raw
}

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build_real(raw: &Path, out: &Path) -> BuildReport {
    let recipe = read_recipe(&project().join("data/recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw).unwrap()).unwrap();
    report.files.write_all(out).unwrap();
    report
}

/// Data rows of a CSV file, counted without the tool's own reader.
fn csv_rows(path: &Path) -> u64 {
    csv::ReaderBuilder::new().flexible(true).from_path(path).unwrap().records().count() as u64
}

#[test]
fn hampshire_records_and_residents_are_conserved() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    let report = build_real(&raw, out.path());
    let hampshire = report.forces.iter().find(|f| f.id == "hampshire").unwrap();

    // Every row of every monthly file has exactly one outcome.
    let street_files: Vec<_> = std::fs::read_dir(raw.join("police-uk/hampshire"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-street.csv"))
        .collect();
    assert_eq!(hampshire.accounting.len(), street_files.len());
    let mut rows_read = 0;
    for a in &hampshire.accounting {
        assert_eq!(a.rows_read, csv_rows(&raw.join(&a.file)), "{}", a.file);
        assert_eq!(a.accounted(), a.rows_read, "{}", a.file);
        rows_read += a.rows_read;
        eprintln!("{}", a.csv_row());
    }
    assert_eq!(rows_read, 52_952, "the raw data's README gives 52,952 rows");

    // Ward counts sum to the records assigned; the force total is their sum.
    let (_, _, data) = harm_prep::table::load_force(out.path(), "hampshire").unwrap();
    let published: u64 = data.crime.iter().map(|c| c.count).sum();
    let assigned: u64 = hampshire.accounting.iter().map(|a| a.assigned()).sum();
    assert_eq!(published, assigned);
    let months = &data.crime_months;
    let wards = harm_core::figures::ward_figures(&data, months[0], *months.last().unwrap());
    let force = harm_core::figures::total("E23000030", "force", &wards, &data.weights);
    let c = force.crime.as_ref().unwrap();
    assert_eq!(c.crimes + c.anti_social_behaviour, assigned);

    // Residents: LSOA -> ward -> force, recomputed here from the raw census
    // and lookup files.
    let ward_codes: BTreeSet<&str> = data.wards.iter().map(|w| w.ward_code.as_str()).collect();
    let mut ward_of_lsoa = BTreeMap::new();
    let mut lookup = csv::Reader::from_path(raw.join("lookups/lsoa21-to-ward24-lad24.csv")).unwrap();
    for r in lookup.records() {
        let r = r.unwrap();
        ward_of_lsoa.insert(r[1].to_string(), r[3].to_string());
    }
    let mut lsoa_total: BTreeMap<String, f64> = BTreeMap::new();
    let mut census = csv::Reader::from_path(raw.join("census-2021/ethnic-group-5-lsoa21.csv")).unwrap();
    for r in census.records() {
        let r = r.unwrap();
        if ward_of_lsoa.get(&r[0]).is_some_and(|w| ward_codes.contains(w.as_str())) {
            lsoa_total.insert(r[0].to_string(), r[1].parse().unwrap());
        }
    }
    let census_residents: f64 = lsoa_total.values().sum();
    assert_eq!(force.residents as f64, census_residents);
    assert_eq!(force.residents, data.wards.iter().map(|w| w.residents).sum::<u64>());

    // One ward per ward boundary of the force's 14 districts, each drawn once.
    assert_eq!(data.wards.len(), 261);
    let geojson = std::fs::read_to_string(out.path().join("hampshire/wards.geojson")).unwrap();
    let features: geojson::FeatureCollection = geojson.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    let drawn: BTreeSet<String> =
        features.features.iter().map(|f| f.property("code").unwrap().as_str().unwrap().to_string()).collect();
    assert_eq!(drawn.len(), features.features.len());
    assert_eq!(drawn.iter().map(String::as_str).collect::<BTreeSet<_>>(), ward_codes);
}

#[test]
fn west_midlands_has_wards_and_census_but_no_crime() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    build_real(&raw, out.path());
    let (_, entry, data) = harm_prep::table::load_force(out.path(), "west-midlands").unwrap();
    assert_eq!(entry.districts.len(), 7);
    assert_eq!(data.wards.len(), 192);
    assert!(entry.crime_months.is_empty() && entry.crime_note.is_some());
    assert!(data.crime.is_empty());
    assert!(data.wards.iter().all(|w| w.residents > 0 && w.imd_decile.is_some()));
}

/// The same inputs give byte-identical output, equal to the committed `data/`,
/// so the site's default content is exactly what the recipe builds.
#[test]
fn build_is_deterministic_and_matches_published_data() {
    let Some(raw) = raw_folder() else { return };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build_real(&raw, a.path());
    build_real(&raw, b.path());
    let committed = project().join("data");
    let files = files_under(a.path());
    for file in &files {
        let bytes = std::fs::read(a.path().join(file)).unwrap();
        assert_eq!(bytes, std::fs::read(b.path().join(file)).unwrap(), "{file} differs between two builds");
        assert!(
            std::fs::read(committed.join(file)).ok() == Some(bytes),
            "data/{file} is not what the recipe builds: run `harm-prep build --raw <raw folder> --out data`"
        );
    }
    let published: Vec<String> =
        files_under(&committed).into_iter().filter(|f| f != "recipe.toml" && !f.starts_with("templates/")).collect();
    assert_eq!(published, files, "data/ holds files the build does not write");
}

#[test]
fn every_search_is_accounted_for_and_disclosure_controlled() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    let report = build_real(&raw, out.path());
    for force in &report.forces {
        assert!(!force.search_accounting.is_empty(), "{} has stop-and-search files", force.id);
        for a in &force.search_accounting {
            assert_eq!(a.rows_read, csv_rows(&raw.join(&a.file)), "{}", a.file);
            assert_eq!(a.accounted(), a.rows_read, "{}", a.file);
            eprintln!("{}", a.csv_row());
        }
        assert!(force.disclosure.tables.iter().all(|t| t.audit.passed()));
        let read = |f: String| std::fs::read_to_string(out.path().join(f)).unwrap();
        assert_no_cell_recoverable(
            &read(harm_core::dataset::ForceFiles::stop_search(&force.id)),
            &read(harm_core::dataset::ForceFiles::stop_search_force(&force.id)),
        );
    }
}

/// Hampshire's January 2019 Black/White ratio (self-defined), recomputed here
/// from the raw police.uk file and the census by the textbook formula.
#[test]
fn hampshire_ratio_matches_a_hand_calculation_from_raw_files() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    build_real(&raw, out.path());
    let mut reader = csv::Reader::from_path(raw.join("police-uk/hampshire/2019-01-hampshire-stop-and-search.csv")).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "Self-defined ethnicity").unwrap();
    let (mut black, mut white) = (0f64, 0f64);
    for r in reader.records() {
        let label = r.unwrap()[column].to_string();
        black += f64::from(u8::from(label.starts_with("Black/African/Caribbean/Black British - ")));
        white += f64::from(u8::from(label.starts_with("White - ")));
    }
    let (_, _, data) = harm_prep::table::load_force(out.path(), "hampshire").unwrap();
    let black_residents: u64 = data.wards.iter().map(|w| w.black).sum();
    let white_residents: u64 = data.wards.iter().map(|w| w.white).sum();
    let ratio = (black / black_residents as f64) / (white / white_residents as f64);
    let se = (1.0 / black + 1.0 / white).sqrt();
    let (lower, upper) = (ratio * (-1.959_964 * se).exp(), ratio * (1.959_964 * se).exp());
    let table = harm_prep::table::stop_search_table_csv(
        out.path(),
        "hampshire",
        harm_core::ethnicity::Basis::SelfDefined,
        "2019-01".parse().unwrap(),
        "2019-01".parse().unwrap(),
    )
    .unwrap();
    let force: Vec<String> = table.lines().last().unwrap().split(',').map(str::to_string).collect();
    eprintln!("Hampshire 2019-01 self-defined: {black} Black, {white} White searches; ratio {ratio:.4} ({lower:.4} to {upper:.4})");
    assert_eq!(force[5], format!("{black}"));
    assert_eq!(force[6], format!("{white}"));
    assert_eq!(force[11], format!("{ratio:.2}"));
    assert_eq!(force[12], format!("{lower:.2}"));
    assert_eq!(force[13], format!("{upper:.2}"));
}
