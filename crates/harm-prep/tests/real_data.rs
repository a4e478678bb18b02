//! Invariants of the build on the real open data. The raw folder comes from
//! HARM_MAP_RAW_DATA; without it these tests say so and do nothing.

mod common;

use common::{assert_no_cell_recoverable, files_under, project, raw_folder};
use harm_core::level::Level;
use harm_core::harm::WeightScheme;
use harm_prep::build::{build, BuildReport};
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;


fn build_real(raw: &Path, out: &Path) -> BuildReport {
    let recipe = read_recipe(&project().join("data/recipe.toml")).unwrap();
    let report = build(&recipe, &RawFolder::new(raw).unwrap(), &common::committed_built()).unwrap();
    report.files.write_all(out).unwrap();
    report
}

/// The real data built once per test run and shared by every test: a
/// national build takes minutes, and each test reads, never changes, it.
struct Built {
    out: tempfile::TempDir,
    report: BuildReport,
}

fn built(raw: &Path) -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let report = build_real(raw, out.path());
        Built { out, report }
    })
}

/// Data rows of a CSV file, counted without the tool's own reader.
fn csv_rows(path: &Path) -> u64 {
    csv::ReaderBuilder::new().flexible(true).from_path(path).unwrap().records().count() as u64
}

#[test]
fn hampshire_records_and_residents_are_conserved() {
    let Some(raw) = raw_folder() else { return };
    let Built { out, report } = built(&raw);
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
    assert_eq!(rows_read, 52_952 + 13_760 + 182_093, "the raw data's README gives 52,952, 13,760 and 182,093 rows");

    // Ward counts sum to the records assigned; the force total is their sum.
    let loaded = harm_prep::table::load_force(out.path(), "hampshire").unwrap();
    let data = &loaded.data;
    let all_wards: Vec<usize> = (0..data.wards.len()).collect();
    let all_months: Vec<usize> = (0..data.crime_months().len()).collect();
    let published: u64 = data.crime.sum_wards(&all_wards, &all_months).iter().sum();
    let assigned: u64 = hampshire.accounting.iter().map(|a| a.assigned()).sum();
    assert_eq!(published, assigned);
    let months = data.crime_months();
    let period = harm_core::period::Period::custom(months[0], *months.last().unwrap()).unwrap();
    let css = loaded.weights(WeightScheme::Css).unwrap();
    let wards = harm_core::figures::ward_figures(data, &period, css);
    let force = harm_core::figures::total("E23000030", "force", &wards, css);
    let c = force.crime.as_ref().unwrap();
    assert_eq!(c.crimes + c.anti_social_behaviour, assigned);
    assert_eq!(c.months_present, 16);

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
    let out = &built(&raw).out;
    let loaded = harm_prep::table::load_force(out.path(), "west-midlands").unwrap();
    let (entry, data) = (&loaded.entry, &loaded.data);
    assert_eq!(entry.districts.len(), 7);
    assert_eq!(data.wards.len(), 192);
    assert!(entry.crime_months.is_empty() && entry.crime_note.is_some());
    assert!(data.crime.months().is_empty());
    assert!(data.wards.iter().all(|w| w.residents > 0 && w.imd_decile.is_some()));
}

/// The same inputs give byte-identical output, equal to the committed `data/`,
/// so the site's default content is exactly what the recipe builds.
#[test]
fn build_is_deterministic_and_matches_published_data() {
    let Some(raw) = raw_folder() else { return };
    let a = &built(&raw).out;
    let b = tempfile::tempdir().unwrap();
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
    let Built { out, report } = built(&raw);
    for force in &report.forces {
        // Only Hampshire and West Midlands have police.uk stop and search files here.
        let has_files = ["hampshire", "west-midlands"].contains(&force.id.as_str());
        assert_eq!(!force.search_accounting.is_empty(), has_files, "{}: stop-and-search files read", force.id);
        for a in &force.search_accounting {
            assert_eq!(a.rows_read, csv_rows(&raw.join(&a.file)), "{}", a.file);
            assert_eq!(a.accounted(), a.rows_read, "{}", a.file);
            eprintln!("{}", a.csv_row());
        }
        assert!(force.disclosure.tables.iter().all(|t| t.audit.passed() && t.district_audit.passed()));
        // Every search of a published period is in a ward (and so in its
        // district: the ward and district tables are controlled as one
        // hierarchy that must add up) or counted as in no ward; both together
        // are the force's exact totals for the period's months.
        let read = |f: String| std::fs::read_to_string(out.path().join(f)).unwrap();
        let force_rows = harm_core::searches::parse_force_searches(
            "stop-search-force.csv",
            &read(harm_core::dataset::ForceFiles::stop_search_force(&force.id)),
        )
        .unwrap();
        for t in &force.disclosure.tables {
            let in_period = |file: &str| t.months_with_records.iter().any(|m| file.contains(&format!("/{m}-")) || file.contains(&format!("/{m}/")));
            let files: Vec<_> = force.search_accounting.iter().filter(|a| in_period(&a.file)).collect();
            assert_eq!(files.len(), t.months_with_records.len(), "{} {}: one file per month", force.id, t.period);
            let placed: u64 = files.iter().map(|a| a.placed_in_ward).sum();
            let not_in_a_ward: u64 = files.iter().map(|a| a.outside_force + a.no_location).sum();
            let exact: u64 = force_rows
                .iter()
                .filter(|r| r.basis == t.basis && t.months_with_records.contains(&r.month))
                .map(|r| r.searches)
                .sum();
            assert_eq!(t.searches_not_in_a_ward, not_in_a_ward, "{} {} {:?}", force.id, t.period, t.basis);
            assert_eq!(placed + not_in_a_ward, exact, "{} {} {:?}: wards + no ward = force", force.id, t.period, t.basis);
            eprintln!("{} {} {:?}: {placed} in wards and districts, {not_in_a_ward} in no ward, {exact} in the force", force.id, t.period, t.basis);
        }
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
    let out = &built(&raw).out;
    let mut reader = csv::Reader::from_path(raw.join("police-uk/hampshire/2019-01-hampshire-stop-and-search.csv")).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "Self-defined ethnicity").unwrap();
    let (mut black, mut white) = (0f64, 0f64);
    for r in reader.records() {
        let label = r.unwrap()[column].to_string();
        black += f64::from(u8::from(label.starts_with("Black/African/Caribbean/Black British - ")));
        white += f64::from(u8::from(label.starts_with("White - ")));
    }
    let data = harm_prep::table::load_force(out.path(), "hampshire").unwrap().data;
    let black_residents: u64 = data.wards.iter().map(|w| w.black).sum();
    let white_residents: u64 = data.wards.iter().map(|w| w.white).sum();
    let ratio = (black / black_residents as f64) / (white / white_residents as f64);
    let se = (1.0 / black + 1.0 / white).sqrt();
    let (lower, upper) = (ratio * (-1.959_964 * se).exp(), ratio * (1.959_964 * se).exp());
    let table = harm_prep::table::stop_search_table_csv(
        out.path(),
        "hampshire",
        harm_core::ethnicity::Basis::SelfDefined,
        // Ward tables are published for calendar years; Hampshire's 2019 holds only January.
        "2019",
        Level::Ward,
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

/// Rows of a CSV file as maps from header to value, read without the tool's own reader.
fn records(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// Hampshire's published CSS category weights equal the ONS list of weights
/// joined here, from the raw files, to Hampshire's 2017/18 recorded crime:
/// `w_cat = sum(volume * weight) / sum(volume)` over the category's codes.
#[test]
fn hampshire_css_weights_match_the_raw_list_of_weights() {
    let Some(raw) = raw_folder() else { return };
    let offences = raw.join("offences");
    let weight: BTreeMap<String, f64> = records(&offences.join("ons-css-list-of-weights-subset.csv"))
        .into_iter()
        .map(|r| (r["ONS_COUNTS_code"].clone(), r["ONS_SEVERITY_weight"].parse().unwrap()))
        .collect();
    // The mapping capitalises categories its own way ("Violence and Sexual Offences").
    let category: BTreeMap<String, String> = records(&offences.join("offence-code-to-police-uk-category.csv"))
        .into_iter()
        .map(|r| (r["Offence_Code"].clone(), r["Police.uk_Cat"].to_lowercase()))
        .collect();
    let mut volume: BTreeMap<String, i64> = BTreeMap::new();
    for r in records(&offences.join("recorded-crime-by-force-and-offence-2017-18.csv")) {
        if r["Force_Name"] == "Hampshire" {
            *volume.entry(r["Offence_Code"].clone()).or_default() += r["Number_of_Offences"].parse::<i64>().unwrap();
        }
    }
    // (sum volume * weight, weighted volume, volume) by lower-case category.
    let mut sums: BTreeMap<String, (f64, i64, i64)> = BTreeMap::new();
    for (code, v) in &volume {
        let s = sums.entry(category[code].clone()).or_default();
        s.2 += v;
        if let Some(w) = weight.get(code) {
            s.0 += w * *v as f64;
            s.1 += v;
        }
    }
    let (weighted, all): (i64, i64) = sums.values().fold((0, 0), |(a, b), s| (a + s.1, b + s.2));
    eprintln!("CSS weights cover {weighted} of Hampshire's {all} recorded crimes in 2017/18");

    let out = &built(&raw).out;
    let loaded = harm_prep::table::load_force(out.path(), "hampshire").unwrap();
    let css = loaded.weights(WeightScheme::Css).unwrap();
    assert_eq!(css.weights.len(), 13, "every harm-bearing category");
    for published in &css.weights {
        let (sum, weighted_volume, volume) = sums[&published.category.label().to_lowercase()];
        let expected = sum / weighted_volume as f64;
        let w = published.weight.unwrap();
        assert!((w - expected).abs() <= 1e-9 * expected, "{}: published {w}, recomputed {expected}", published.category);
        assert_eq!((published.weighted_volume as i64, published.volume as i64), (weighted_volume, volume));
        eprintln!("{}: {expected:.4}", published.category);
    }
    let manifest = &loaded.manifest;
    assert_eq!(manifest.default_scheme(), WeightScheme::Css);
    let info = manifest.weights_info(WeightScheme::Css).unwrap();
    assert_eq!(info.edition.as_deref(), Some("ONS CSS list of weights, as current in 2020"));
    assert!(info.statement.contains("ONS CSS list of weights, as current in 2020"), "{}", info.statement);
}

/// Crimes by police.uk category (anti-social behaviour excluded) and all rows of one raw street file.
fn raw_street_counts(raw: &Path, month: &str) -> (BTreeMap<String, u64>, u64) {
    let rows = records(&raw.join(format!("police-uk/hampshire/{month}-hampshire-street.csv")));
    let mut by_category = BTreeMap::new();
    for r in &rows {
        if r["Crime type"] != "Anti-social behaviour" {
            *by_category.entry(r["Crime type"].clone()).or_default() += 1;
        }
    }
    (by_category, rows.len() as u64)
}

/// The force's published crimes by category (anti-social behaviour
/// excluded) and all its records in one month, from crime.csv.
fn published_counts(crime: &[BTreeMap<String, String>], month: &str) -> (BTreeMap<String, u64>, u64) {
    let mut by_category = BTreeMap::new();
    let mut all = 0;
    for r in crime.iter().filter(|r| r["month"] == month) {
        for (column, value) in r.iter().filter(|(c, _)| *c != "ward_code" && *c != "month") {
            let n: u64 = value.parse().unwrap();
            all += n;
            if column != "Anti-social behaviour" {
                *by_category.entry(column.clone()).or_default() += n;
            }
        }
    }
    (by_category, all)
}

/// Change in Hampshire's harm from 2018-19 to 2022-23, recomputed by hand.
/// October and November are the only calendar months with data in both
/// years, so 2018-10 and 2018-11 are compared with 2022-10 and 2022-11.
#[test]
fn hampshire_change_matches_a_hand_calculation_from_raw_files() {
    let Some(raw) = raw_folder() else { return };
    let out = &built(&raw).out;
    let crime = records(&out.path().join("hampshire/crime.csv"));
    let accounting = records(&out.path().join("hampshire/accounting.csv"));
    let weights: BTreeMap<String, f64> = records(&out.path().join("hampshire/category-weights.csv"))
        .into_iter()
        .filter(|r| r["scheme"] == "css")
        .map(|r| (r["category"].clone(), r["weight"].parse().unwrap()))
        .collect();
    let residents: u64 = records(&out.path().join("hampshire/wards.csv")).iter().map(|r| r["residents"].parse::<u64>().unwrap()).sum();

    // Harm H = sum w n and its Poisson variance V = sum w^2 n over two months.
    let side = |months: [&str; 2]| {
        let (mut harm, mut variance, mut crimes) = (0.0, 0.0, 0);
        for month in months {
            let (raw_counts, raw_rows) = raw_street_counts(&raw, month);
            let (published, published_rows) = published_counts(&crime, month);
            // Published counts differ from the raw rows only by the rows placed outside the force.
            let file = format!("police-uk/hampshire/{month}-hampshire-street.csv");
            let a = accounting.iter().find(|a| a["file"] == file).unwrap();
            assert_eq!(a["rows_read"].parse::<u64>().unwrap(), raw_rows, "{month}");
            for unplaced in ["no_location", "unknown_code", "rejected"] {
                assert_eq!(a[unplaced], "0", "{month} {unplaced}");
            }
            assert_eq!(published_rows + a["outside_force_wards"].parse::<u64>().unwrap(), raw_rows, "{month}");
            for (category, &n) in &published {
                assert!(n <= raw_counts.get(category).copied().unwrap_or(0), "{month} {category}");
                let w = weights[category];
                harm += w * n as f64;
                variance += w * w * n as f64;
                crimes += n;
            }
        }
        eprintln!("{months:?}: {crimes} crimes, harm {harm:.1}");
        (harm, variance)
    };
    let (hb, vb) = side(["2018-10", "2018-11"]);
    let (hc, vc) = side(["2022-10", "2022-11"]);
    // Each side annualised over its 2 months.
    let baseline_rate = hb * 12.0 / 2.0 / residents as f64;
    let compare_rate = hc * 12.0 / 2.0 / residents as f64;
    let ratio = compare_rate / baseline_rate;
    let se = (vc / (hc * hc) + vb / (hb * hb)).sqrt();
    let (lower, upper) = (ratio * (-1.959_964 * se).exp(), ratio * (1.959_964 * se).exp());
    eprintln!("Hampshire 2018-19 to 2022-23: {baseline_rate:.4} to {compare_rate:.4}, ratio {ratio:.4} ({lower:.4} to {upper:.4})");

    let table = harm_prep::table::change_csv(out.path(), "hampshire", "2018-19", "2022-23", Level::Force, WeightScheme::Css).unwrap();
    let force: Vec<&str> = table.lines().last().unwrap().split(',').collect();
    assert_eq!(force[..3], ["E23000030", "Hampshire & Isle of Wight (force total)", "2018-10 2018-11 | 2022-10 2022-11"]);
    assert_eq!(force[3], format!("{baseline_rate:.4}"));
    assert_eq!(force[4], format!("{compare_rate:.4}"));
    assert_eq!(force[5], format!("{ratio:.2}"));
    assert_eq!(force[6], format!("{lower:.2}"));
    assert_eq!(force[7], format!("{upper:.2}"));
}

/// Hampshire's 2018-19 Taser (CED) Black/White ratio, recomputed here from
/// the raw Home Office file and the raw census by the textbook formula, equals
/// what the site shows from the published file.
#[test]
fn hampshire_taser_ratio_matches_a_hand_calculation_from_raw_files() {
    let Some(raw) = raw_folder() else { return };
    let out = &built(&raw).out;
    let mut uof = csv::Reader::from_path(raw.join("use-of-force/use-of-force-by-ethnicity-force-2018-19.csv")).unwrap();
    let headers = uof.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (force, tactic, black, white) =
        (column("Police Force"), column("Tactic"), column("Black (or Black British)"), column("White"));
    let ced: Vec<csv::StringRecord> =
        uof.records().map(|r| r.unwrap()).filter(|r| &r[force] == "Hampshire" && &r[tactic] == "CED").collect();
    assert_eq!(ced.len(), 1, "one Hampshire CED row");
    let (black_uses, white_uses): (f64, f64) = (ced[0][black].parse().unwrap(), ced[0][white].parse().unwrap());

    // Black and White residents of Hampshire's wards, from the raw census.
    let data = harm_prep::table::load_force(out.path(), "hampshire").unwrap().data;
    let ward_codes: BTreeSet<&str> = data.wards.iter().map(|w| w.ward_code.as_str()).collect();
    let mut ward_of_lsoa = BTreeMap::new();
    for r in csv::Reader::from_path(raw.join("lookups/lsoa21-to-ward24-lad24.csv")).unwrap().records() {
        let r = r.unwrap();
        ward_of_lsoa.insert(r[1].to_string(), r[3].to_string());
    }
    let (mut black_residents, mut white_residents) = (0f64, 0f64);
    for r in csv::Reader::from_path(raw.join("census-2021/ethnic-group-5-lsoa21.csv")).unwrap().records() {
        let r = r.unwrap();
        if !ward_of_lsoa.get(&r[0]).is_some_and(|w| ward_codes.contains(w.as_str())) {
            continue;
        }
        let n: f64 = r[3].parse().unwrap();
        match &r[2] {
            "Black, Black British, Black Welsh, Caribbean or African" => black_residents += n,
            "White" => white_residents += n,
            _ => {}
        }
    }
    // Both counts are at least 10, so the log-scale interval.
    assert!(black_uses >= 10.0 && white_uses >= 10.0);
    let ratio = (black_uses / black_residents) / (white_uses / white_residents);
    let se = (1.0 / black_uses + 1.0 / white_uses).sqrt();
    let (lower, upper) = (ratio * (-1.959_964 * se).exp(), ratio * (1.959_964 * se).exp());
    eprintln!(
        "Hampshire 2018-19 Taser: {black_uses} Black uses of {black_residents} residents, {white_uses} White of {white_residents}; ratio {ratio:.4} ({lower:.4} to {upper:.4})"
    );

    let text = std::fs::read_to_string(out.path().join("hampshire/use-of-force.csv")).unwrap();
    let rows = harm_core::use_of_force::parse_use_of_force("use-of-force.csv", &text).unwrap();
    let residents = data.wards.iter().fold([0u64; 5], |mut sum, w| {
        for (s, n) in sum.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
            *s += n;
        }
        sum
    });
    assert_eq!((residents[1] as f64, residents[3] as f64), (black_residents, white_residents));
    let f = harm_core::use_of_force::use_of_force_figures(&rows, "2018-19", harm_core::use_of_force::Tactic::Ced, residents).unwrap();
    let g = |group: harm_core::ethnicity::EthnicGroup| f.groups[group.index()].uses as f64;
    assert_eq!((g(harm_core::ethnicity::EthnicGroup::Black), g(harm_core::ethnicity::EthnicGroup::White)), (black_uses, white_uses));
    assert_eq!(
        harm_core::use_of_force::ratio_text(f.black_white.as_ref()),
        format!("{ratio:.2} ({lower:.2} to {upper:.2})")
    );
}

/// Hampshire's Black/White stop and search ratio by year, 2017-2021, from
/// the district series: the force's searches summed here over its districts
/// from the raw series file, over Census 2021 Black and White residents
/// summed here from the raw census over the LSOAs of Hampshire's districts
/// (ONS lookups), equals `harm-prep series` on the built data.
#[test]
fn hampshire_series_ratio_by_year_matches_the_raw_series() {
    let Some(raw) = raw_folder() else { return };
    let out = &built(&raw).out;
    let districts: BTreeSet<String> = records(&raw.join("lookups/lad24-to-csp24-pfa24.csv"))
        .into_iter()
        .filter(|r| r["pfa24_code"] == "E23000030")
        .map(|r| r["ltla24_code"].clone())
        .collect();
    assert_eq!(districts.len(), 14);
    let lsoas: BTreeSet<String> = records(&raw.join("lookups/lsoa21-to-ward24-lad24.csv"))
        .into_iter()
        .filter(|r| districts.contains(&r["ltla24_code"]))
        .map(|r| r["lsoa21_code"].clone())
        .collect();
    let (mut black_residents, mut white_residents) = (0f64, 0f64);
    for r in records(&raw.join("census-2021/ethnic-group-5-lsoa21.csv")) {
        if lsoas.contains(&r["lsoa21_code"]) {
            let n: f64 = r["n"].parse().unwrap();
            match r["ethnic_group"].as_str() {
                "Black, Black British, Black Welsh, Caribbean or African" => black_residents += n,
                "White" => white_residents += n,
                _ => {}
            }
        }
    }
    let mut searches: BTreeMap<u16, (f64, f64)> = BTreeMap::new();
    for r in records(&raw.join("stop-and-search-districts/stops-by-year-district-2017-2021.csv")) {
        if r["force"] == "Hampshire" {
            let e = searches.entry(r["date"].parse().unwrap()).or_default();
            e.0 += r["Black_stopped"].parse::<f64>().unwrap();
            e.1 += r["White_stopped"].parse::<f64>().unwrap();
        }
    }
    assert_eq!(searches.keys().copied().collect::<Vec<_>>(), [2017, 2018, 2019, 2020, 2021]);
    let table = harm_prep::series_table::series_csv(out.path(), "hampshire", None).unwrap();
    let force: Vec<Vec<String>> = table
        .lines()
        .filter(|l| l.starts_with("E23000030,"))
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(force.len(), 5);
    let (b0, w0) = searches[&2018];
    for (row, (year, &(black, white))) in force.iter().zip(&searches) {
        let ratio = (black / black_residents) / (white / white_residents);
        let se = (1.0 / black + 1.0 / white).sqrt();
        let (lower, upper) = (ratio * (-1.959_964 * se).exp(), ratio * (1.959_964 * se).exp());
        eprintln!("Hampshire {year}: {black} Black, {white} White searches; ratio {ratio:.4} ({lower:.4} to {upper:.4})");
        assert_eq!(row[2], year.to_string());
        assert_eq!((row[3].as_str(), row[4].as_str()), (format!("{black}").as_str(), format!("{white}").as_str()));
        assert_eq!(row[5], format!("{ratio:.2}"));
        assert_eq!(row[6], format!("{lower:.2}"));
        assert_eq!(row[7], format!("{upper:.2}"));
        if *year != 2018 {
            let change = (black / white) / (b0 / w0);
            let se = (1.0 / black + 1.0 / white + 1.0 / b0 + 1.0 / w0).sqrt();
            assert_eq!(row[8], format!("{change:.2}"));
            assert_eq!(row[9], format!("{:.2}", change * (-1.959_964 * se).exp()));
            assert_eq!(row[10], format!("{:.2}", change * (1.959_964 * se).exp()));
        }
    }
}

/// West Midlands' 7 districts each have a published Black/White ratio for
/// 2019: the whole-year district series, since the record-level files hold
/// only January and September (where Dudley and Solihull fall below 10).
#[test]
fn west_midlands_districts_have_a_published_ratio_for_2019() {
    let Some(raw) = raw_folder() else { return };
    let out = &built(&raw).out;
    let csv = harm_prep::series_table::series_csv(out.path(), "west-midlands", None).unwrap();
    let rows = csv::Reader::from_reader(csv.as_bytes()).into_records().map(|r| r.unwrap()).collect::<Vec<_>>();
    let in_2019: Vec<_> = rows.iter().filter(|r| &r[2] == "2019" && r[0].starts_with("E08")).collect();
    assert_eq!(in_2019.len(), 7, "seven districts");
    for r in in_2019 {
        assert!(r[5].parse::<f64>().is_ok(), "{} has a published ratio for 2019: {r:?}", &r[1]);
    }
}
