//! The synthetic benchmark files: same seed, same bytes; every located record
//! inside an LSOA its 2011 code became; police.uk's own headers; and the
//! build places every located record. Needs HARM_MAP_RAW_DATA (the real
//! geography); without it these tests say so and do nothing.

mod common;

use common::{project, raw_folder};
use geo::{Contains, Point};
use harm_prep::build::build;
use harm_prep::geography::ForceGeography;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::synthesize::{synthesize, Options};
use std::path::Path;

const HAMPSHIRE: &str = "E23000030";

fn make(raw: &Path, out: &Path, seed: u64, rows: u64) {
    let recipe_path = project().join("data/recipe.toml");
    let text = std::fs::read_to_string(&recipe_path).unwrap();
    let base = read_recipe(&recipe_path).unwrap();
    let options = Options {
        rows,
        seed,
        forces: vec![HAMPSHIRE.to_string()],
        first_month: "2019-01".parse().unwrap(),
        months: 2,
    };
    let made = synthesize(&base, &text, raw, out, &options).unwrap();
    assert_eq!((made.forces, made.street_rows, made.files), (1, rows, 4));
}

fn file(out: &Path, name: &str) -> Vec<u8> {
    std::fs::read(out.join("police-uk/hampshire").join(name)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let Some(raw) = raw_folder() else { return };
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    make(&raw, a.path(), 7, 2000);
    make(&raw, b.path(), 7, 2000);
    make(&raw, c.path(), 8, 2000);
    for name in ["2019-01-hampshire-street.csv", "2019-02-hampshire-street.csv", "2019-02-hampshire-stop-and-search.csv"] {
        assert_eq!(file(a.path(), name), file(b.path(), name), "{name}");
        assert_ne!(file(a.path(), name), file(c.path(), name), "{name}");
    }
    // 2,000 rows over two months: 1,000 each, one header line each.
    let lines = file(a.path(), "2019-01-hampshire-street.csv").iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 1001);
}

#[test]
fn it_says_it_is_synthetic_and_has_police_uk_headers() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    make(&raw, out.path(), 1, 300);
    let recipe = read_recipe(&out.path().join("recipe.toml")).unwrap();
    assert!(recipe.synthetic);
    assert!(recipe.title.starts_with("SYNTHETIC"));
    assert!(std::fs::read_to_string(out.path().join("README.txt")).unwrap().starts_with("SYNTHETIC DATA - NOT REAL CRIME RECORDS."));
    // The headers of the real police.uk files, byte for byte.
    let first_line = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap().lines().next().unwrap().to_string();
    let real = |name: &str| first_line(std::fs::read(raw.join("police-uk/hampshire").join(name)).unwrap());
    assert_eq!(first_line(file(out.path(), "2019-01-hampshire-street.csv")), real("2019-01-hampshire-street.csv"));
    assert_eq!(
        first_line(file(out.path(), "2019-01-hampshire-stop-and-search.csv")),
        real("2019-01-hampshire-stop-and-search.csv")
    );
}

#[test]
fn every_located_record_lies_in_an_lsoa_its_code_became() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    make(&raw, out.path(), 3, 4000);
    let recipe = read_recipe(&out.path().join("recipe.toml")).unwrap();
    let geography = ForceGeography::read(&RawFolder::new(out.path()).unwrap(), &recipe.inputs, &recipe.forces[0]).unwrap();
    let street = file(out.path(), "2019-01-hampshire-street.csv");
    let mut reader = csv::Reader::from_reader(street.as_slice());
    let (mut located, mut split, mut unlocated) = (0, 0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let (lon, lat, lsoa11) = (&record[4], &record[5], &record[7]);
        if lsoa11.is_empty() {
            assert!(lon.is_empty() && lat.is_empty());
            unlocated += 1;
            continue;
        }
        let point = Point::new(lon.parse::<f64>().unwrap(), lat.parse::<f64>().unwrap());
        let children = &geography.lsoa11_children[lsoa11];
        let inside: Vec<_> = geography.lsoas.iter().filter(|l| children.contains(&l.code) && l.shape.contains(&point)).collect();
        assert_eq!(inside.len(), 1, "{lsoa11} at {point:?} lies in {} of its 2021 LSOAs", inside.len());
        located += 1;
        split += usize::from(children.len() > 1);
    }
    assert_eq!(located + unlocated, 2000);
    assert!(split > 0, "no record carries a split 2011 LSOA");
    assert!(unlocated > 0 && unlocated < 100, "{unlocated} records without a location");
}

#[test]
fn the_build_places_every_located_record() {
    let Some(raw) = raw_folder() else { return };
    let out = tempfile::tempdir().unwrap();
    make(&raw, out.path(), 5, 3000);
    let recipe = read_recipe(&out.path().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(out.path()).unwrap(), "2026-01-01").unwrap();
    let force = &report.forces[0];
    let read: u64 = force.accounting.iter().map(|a| a.rows_read).sum();
    let placed: u64 = force.accounting.iter().map(|a| a.assigned()).sum();
    let no_location: u64 = force.accounting.iter().map(|a| a.no_location).sum();
    assert_eq!(read, 3000);
    assert_eq!(placed + no_location, 3000);
    assert!(force.accounting.iter().all(|a| a.rejected.is_empty() && a.outside_force == 0 && a.unknown_code == 0));
    assert!(force.accounting.iter().map(|a| a.by_coordinates).sum::<u64>() > 0, "no split LSOA placed by coordinates");
}
