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
    let report = build(&recipe, &RawFolder::new(&fixtures().join("raw")).unwrap(), common::FIXTURE_BUILT).unwrap();
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
    //   Northtown:  North One  [0, 10, 0, 15, 0, 1] = 26
    //               North Two  [1,  1, 0, 10, 0, 0] = 12
    //   Southvale:  South Vale [0,  0, 0,  3, 0, 1] = 4
    // Districts: Northtown [1, 11, 0, 25, 0, 1] = 38, Southvale = South Vale.
    // In no ward: 1 Black, 2 White, 1 not stated, so the districts sum to
    // [1, 11, 0, 28, 0, 2] = 42 exactly (force totals less those).
    // Primary: the 1s, the 3 and South Vale's total 4, in both tables.
    // Line rule: North Two's row "[c],[c],0,10,0,0 | 10" gives its [c]s at
    // most 12 - 10 = 2 together, 1 and 1 to anyone taking them for primary
    // counts, so its 10 (cheaper than its total) is suppressed; Northtown's
    // Black 10 (10..12) would leave North Two's Black [c] at most 2, so North
    // One's 10 is suppressed. Rule 3: the one Asian person (North Two) needs
    // a zero partner at district level — only Southvale — and so in South
    // Vale, its only ward (a forced choice, not the largest ward); Southvale's
    // total 4 can only move against Northtown's (total column), through North
    // One's total; Southvale's White 3 against Northtown's White 25.
    // Published for the fixed period 2019 (the recipe's calendar years), whose
    // only month with records is January; wards, then their districts.
    let text = std::fs::read_to_string(out.path().join("testshire/stop-search.csv")).unwrap();
    let self_defined: Vec<&str> = text.lines().filter(|l| l.contains("self_defined")).collect();
    assert_eq!(
        self_defined,
        [
            "ward,E05900001,2019,self_defined,0,[c],0,15,0,[c],[c]",
            "ward,E05900002,2019,self_defined,[c],[c],0,[c],0,0,10",
            "ward,E05900003,2019,self_defined,[c],0,0,[c],0,[c],[c]",
            "district,E07900001,2019,self_defined,[c],10,0,[c],0,[c],[c]",
            "district,E07900002,2019,self_defined,[c],0,0,[c],0,[c],[c]",
        ]
    );
    let manifest: harm_core::dataset::Manifest =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap()).unwrap();
    let periods = &manifest.forces[0].stop_search_periods;
    assert_eq!((periods.len(), periods[0].key.as_str(), periods[0].months_with_records.len()), (1, "2019", 1));
    let d = &report.forces[0].disclosure;
    assert_eq!(d.tables.len(), 2);
    assert_eq!(d.tables[0].searches_not_in_a_ward, 4);
    let t = &d.tables[0];
    // Ward: primary 1, 1, 1, 3, 1 and 4; secondary North One's 10 and total,
    // North Two's 10, South Vale's Asian 0. District: primary 1, 1, 3, 1, 4;
    // secondary Northtown's White and total, Southvale's Asian 0.
    assert_eq!((t.audit.primary_suppressed, t.audit.secondary_suppressed), (6, 4));
    assert_eq!((t.district_audit.primary_suppressed, t.district_audit.secondary_suppressed), (5, 3));
    assert!(d.tables.iter().all(|t| t.audit.passed() && t.district_audit.passed()));
    // The attack finds the lone Asian person in 0..1 in each of the two
    // wards and districts that might hold them — what the force total says.
    let narrowest = t.attack.wards.narrowest.as_ref().unwrap();
    assert_eq!((narrowest.min, narrowest.max), (0, 1));
    assert!(narrowest.cell.ends_with("asian"), "{narrowest:?}");
}

#[test]
fn force_ratio_matches_a_hand_calculation() {
    let (out, _) = built();
    let table = stop_search_table_csv(out.path(), "testshire", Basis::SelfDefined, "2019", harm_core::level::Level::Ward).unwrap();
    // Below force level only the fixed periods are published: January alone is refused.
    let month = stop_search_table_csv(out.path(), "testshire", Basis::SelfDefined, "2019-01", harm_core::level::Level::Ward);
    assert!(month.unwrap_err().to_string().contains("published only for whole calendar years (2019)"));
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
    assert!(north_one.starts_with("E05900001,North One,Northtown,80,850,[c],15,[c],[c],,17.65,,,,,[u],"), "{north_one}");
}

#[test]
fn use_of_force_is_force_level_by_group() {
    let (out, _) = built();
    let text = std::fs::read_to_string(out.path().join("testshire/use-of-force.csv")).unwrap();
    // All tactics, 2018-19: Chinese (2) is Asian, as in the census; "Don't
    // know" (7) and "Not reported" (3) are not stated.
    assert!(
        text.starts_with(
            "period,tactic,group,uses\n2018-19,all,asian,12\n2018-19,all,black,40\n2018-19,all,mixed,5\n2018-19,all,white,300\n2018-19,all,other,3\n2018-19,all,not_stated,10\n"
        ),
        "{text}"
    );
    // 2018-19 gives Taser (CED) only in total: no discharge rows are made up for it.
    assert!(text.lines().any(|l| l.starts_with("2018-19,ced,")));
    assert!(!text.lines().any(|l| l.starts_with("2018-19,ced-discharge,")));
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
    let [a, _calls] = &report.forces[0].force_held[..] else { panic!("the victims and calls extracts") };
    // 10 rows: 8 used; line 10 is another force's ward, line 11 repeats line 9's key.
    assert_eq!((a.rows_read, a.used, a.rejected.len()), (10, 8, 2));
    assert_eq!((a.rejected[0].line, a.rejected[0].field.as_str()), (10, "ward_code"));
    assert_eq!(a.rejected[1].line, 11);
    // True [Asian, Black, Mixed, White, Other, Not stated]:
    //   North One [0, 12, 0, 40, 0, 2] = 54; North Two [3, 0, 0, 25, 0, 0] = 28
    //   (Northtown [3, 12, 0, 65, 0, 2] = 82); South Vale [0, 1, 0, 18, 0, 0] = 19.
    // Primary: 2, 3, 1 in the wards and the districts. The Asian column's
    // only count is Northtown's 3 (force total 3): it can only move against a
    // zero partner in Southvale, so in South Vale, balanced first through the
    // Black column (South Vale's 1, Northtown's 12, North Two's 0) and, as 3
    // needs room 2 and the 1 gives 1, again through White (18 and 25). The
    // not-stated 2 takes South Vale's zero the same way; Northtown's Black 12
    // then needs North One's 12 and Asian 0. Published for the calendar year
    // 2019 (the recipe's fixed periods), wards then districts: Northtown's
    // White 65 partners Southvale's suppressed 18, and its total 82 rounds to 80.
    let text = std::fs::read_to_string(out.path().join("testshire/victims.csv")).unwrap();
    assert_eq!(
        text,
        "level,area_code,period,basis,category,asian,black,mixed,white,other,not_stated,total\n\
         ward,E05900001,2019,self_defined,Violence against the person,[c],[c],0,40,0,[c],55\n\
         ward,E05900002,2019,self_defined,Violence against the person,[c],[c],0,[c],0,0,30\n\
         ward,E05900003,2019,self_defined,Violence against the person,[c],[c],0,[c],0,[c],20\n\
         district,E07900001,2019,self_defined,Violence against the person,[c],[c],0,[c],0,[c],80\n\
         district,E07900002,2019,self_defined,Violence against the person,[c],[c],0,[c],0,[c],20\n"
    );
}
