//! Stop and search and use of force on the hand-made fixture: accounting,
//! disclosure control worked out by hand, the force ratio against a hand
//! calculation, and a differencing attack on what is published.

mod common;

use common::{assert_no_cell_recoverable, fixtures};
use harm_core::ethnicity::Basis;
use harm_prep::build::build;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use harm_prep::table::stop_search_table_csv;

fn built() -> (tempfile::TempDir, harm_prep::build::BuildReport) {
    let recipe = read_recipe(&fixtures().join("recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(&fixtures().join("raw")).unwrap()).unwrap();
    let out = tempfile::tempdir().unwrap();
    report.files.write_all(out.path()).unwrap();
    (out, report)
}

#[test]
fn every_search_is_accounted_for() {
    let (_, report) = built();
    let [a] = &report.forces[0].search_accounting[..] else { panic!("one month of searches") };
    // 47 rows: 42 in wards (North One 26, North Two 12, South Vale 4), 3
    // without a location, 1 outside the force, 1 rejected ("Martian").
    assert_eq!((a.rows_read, a.placed_in_ward, a.no_location, a.outside_force, a.rejected.len()), (47, 42, 3, 1, 1));
    assert_eq!(a.accounted(), a.rows_read);
    assert_eq!(a.rejected[0].line, 48);
    assert_eq!(a.rejected[0].field, "Self-defined ethnicity");
    assert_eq!(a.rejected[0].value, "Martian");
}

#[test]
fn disclosure_control_by_hand() {
    let (out, report) = built();
    // True self-defined counts [Asian, Black, Mixed, White, Other, Not stated]:
    //   North One  [0, 10, 0, 15, 0, 1] = 26
    //   North Two  [1,  1, 0, 10, 0, 0] = 12
    //   South Vale [0,  0, 0,  3, 0, 1] = 4
    // Primary: the 1s, the 3 and South Vale's total 4. North One's lone
    // not-stated 1 takes its smallest other cell (Black 10); the Asian column's
    // lone 1 has no other non-zero cell, so North One's Asian zero (largest
    // ward) is suppressed; the White column's lone 3 takes North Two's 10.
    let text = std::fs::read_to_string(out.path().join("testshire/stop-search.csv")).unwrap();
    let self_defined: Vec<&str> = text.lines().filter(|l| l.contains("self_defined")).collect();
    assert_eq!(
        self_defined,
        [
            "E05900001,2019-01,self_defined,[c],[c],0,15,0,[c],25",
            "E05900002,2019-01,self_defined,[c],[c],0,[c],0,0,10",
            "E05900003,2019-01,self_defined,0,0,0,[c],0,[c],[c]",
        ]
    );
    let d = &report.forces[0].disclosure;
    assert_eq!(d.tables.len(), 2);
    assert_eq!(d.tables[0].searches_not_in_a_ward, 4);
    assert_eq!((d.tables[0].audit.primary_suppressed, d.tables[0].audit.secondary_suppressed), (6, 3));
    assert!(d.tables.iter().all(|t| t.audit.passed()));
}

#[test]
fn force_ratio_matches_a_hand_calculation() {
    let (out, _) = built();
    let table = stop_search_table_csv(out.path(), "testshire", Basis::SelfDefined, "2019-01").unwrap();
    let force = table.lines().last().unwrap();
    // Black: 12 searches of 185 residents = 64.86 per 1,000; White: 30 of
    // 3,700 = 8.11. Ratio (12/185)/(30/3700) = 8.00. Both counts are at least
    // 10: se = sqrt(1/12 + 1/30) = 0.341565; limits 8 exp(-/+ 1.959964 se) =
    // 4.0959 and 15.6254. Not stated: 3 of 46 = 6.5%.
    assert_eq!(
        force,
        "E23900001,Testshire (force total),,185,3700,12,30,3,46,64.86,8.11,8.00,4.10,15.63,6.5%,,"
    );
    // North One from controlled counts: Black suppressed, so no ratio.
    let north_one = table.lines().nth(1).unwrap();
    assert!(north_one.starts_with("E05900001,North One,Northtown,80,850,[c],15,[c],25,,17.65,,,,,[u],"), "{north_one}");
}

#[test]
fn use_of_force_is_force_level_by_group() {
    let (out, _) = built();
    let text = std::fs::read_to_string(out.path().join("testshire/use-of-force.csv")).unwrap();
    // Chinese (2) is Asian, as in the census; "Don't know" (7) and "Not
    // reported" (3) are not stated.
    assert_eq!(
        text,
        "period,group,uses\n2018-19,asian,12\n2018-19,black,40\n2018-19,mixed,5\n2018-19,white,300\n2018-19,other,3\n2018-19,not_stated,10\n"
    );
}

#[test]
fn published_tables_resist_differencing() {
    let (out, _) = built();
    let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
    assert_no_cell_recoverable(&read("testshire/stop-search.csv"), &read("testshire/stop-search-force.csv"));
}

#[test]
fn force_held_victims_are_controlled_by_hand() {
    let (out, report) = built();
    let [a] = &report.forces[0].force_held[..] else { panic!("one extract") };
    // 10 rows: 8 used; line 10 is another force's ward, line 11 repeats line 9's key.
    assert_eq!((a.rows_read, a.used, a.rejected.len()), (10, 8, 2));
    assert_eq!((a.rejected[0].line, a.rejected[0].field.as_str()), (10, "ward_code"));
    assert_eq!(a.rejected[1].line, 11);
    // True [Asian, Black, Mixed, White, Other, Not stated]:
    //   North One [0, 12, 0, 40, 0, 2] = 54; North Two [3, 0, 0, 25, 0, 0] = 28;
    //   South Vale [0, 1, 0, 18, 0, 0] = 19.
    // Primary: 2, 3, 1. Each row's lone suppression takes its smallest other
    // non-zero cell (12, 25, 18). The Asian and not-stated columns have no other
    // non-zero cell, so zeros are suppressed in the ward with most victims
    // still open (North One for Asian, North Two for not stated).
    let text = std::fs::read_to_string(out.path().join("testshire/victims.csv")).unwrap();
    assert_eq!(
        text,
        "ward_code,month,basis,category,asian,black,mixed,white,other,not_stated,total\n\
         E05900001,2019-01,self_defined,Violence against the person,[c],[c],0,40,0,[c],55\n\
         E05900002,2019-01,self_defined,Violence against the person,[c],0,0,[c],0,[c],30\n\
         E05900003,2019-01,self_defined,Violence against the person,0,[c],0,[c],0,0,20\n"
    );
}
