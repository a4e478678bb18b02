//! Invariants of the build on the real open data. The raw folder comes from
//! HARM_MAP_RAW_DATA; without it these tests say so and do nothing.

mod common;

use common::files_under;
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
    let published: Vec<String> = files_under(&committed).into_iter().filter(|f| f != "recipe.toml").collect();
    assert_eq!(published, files, "data/ holds files the build does not write");
}
