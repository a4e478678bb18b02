//! No published file can panic a reader of harm-core: the site runs these
//! readers in the browser on whatever a host serves, and `harm-prep` on
//! whatever folder it is given. Every reader of the published dataset
//! (`parse_manifest`, `parse_wards`, `parse_crime`, `parse_category_weights`,
//! `parse_area_searches`, `parse_search_counts`, `parse_force_searches`,
//! `parse_series`, `parse_use_of_force`) and every reader of a key or value
//! (`Period::parse`, `ForceEntry::period_with`, `Month` and `Cell` parsing and
//! the `from_key` / `from_label` lookups) is fed arbitrary text, text built of
//! CSV's own characters under the real header, and the committed files of
//! `data/` damaged: cut short, lines dropped or repeated, fields added,
//! dropped or replaced by huge numbers, NaN, "inf", negatives, quotes, a
//! byte-order mark, CRLF line ends. Each must return Ok or Err (an error naming
//! the file), never panic; what the site derives from a file that reads (sums
//! by area, period and group, ratios, the periods offered) must not panic
//! either. proptest shrinks a failure to the smallest input that panics.
//!
//! Each reader tries [`CASES`] inputs (`PROPTEST_CASES` to change it), so the
//! file runs in a few seconds in a debug build; every reader prints how many inputs it tried and how long it
//! took (`cargo test -p harm-core --test fuzz_published -- --nocapture`).

use harm_core::csv_rows::InputError;
use harm_core::dataset::{self, ForceEntry, Manifest, MonthlyData, WardRow};
use harm_core::disclosure::Cell;
use harm_core::ethnicity::{self, Basis, EthnicGroup};
use harm_core::harm::WeightScheme;
use harm_core::level::{area_groups, Level};
use harm_core::measures::Measure;
use harm_core::month::Month;
use harm_core::period::{periods_with_data, Period};
use harm_core::search_series::{area_series, parse_series, residents_by_area};
use harm_core::searches::{area_comparisons, force_comparison, parse_area_searches, parse_force_searches, parse_search_counts};
use harm_core::use_of_force::{parse_use_of_force, use_of_force_figures, Tactic};
use harm_core::Category;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// Inputs tried per reader unless `PROPTEST_CASES` says otherwise: about a
/// second each in a debug build.
const CASES: u32 = 3000;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Values that break readers: past u64 and past exact f64, not finite, not
/// numbers, signs and fractions, digits of other scripts, quotes, line ends,
/// a byte-order mark, months and periods out of range, and the keys a reader
/// accepts (so damaged rows also get past validation into the sums).
const NASTY: &[&str] = &[
    "", "-1", "-0", "0.5", "1.0", "1e3", "1e308", "1e999", "NaN", "nan", "inf", "-inf", "infinity", "9007199254740992",
    "9007199254740993", "4503599627370496", "18446744073709551615", "18446744073709551616", "99999999999999999999999",
    "+5", " 7 ", "0x1F", "\u{663}", "\u{ff19}", "[c]", "[C]", "\"", "\"\"", "\"a,b\"", "\u{feff}", "null", "true", "{}",
    "[]", "0000-01", "2019-00", "2019-13", "9999-12", "65535-00", "2018-19", "2019-01..2018-10", "baseline", "self_defined",
    "officer_defined", "black", "white", "not_stated", "ward", "district", "force", "css", "counts", "chi", "Burglary",
    "all", "ced", "\n", "\r\n", "a\u{0}b", "\u{c9}", "4294967296",
];

/// One way to damage a published file's text.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut at a character.
    Truncate(Index),
    DropLine(Index),
    RepeatLine(Index),
    /// A value appended to a line as one more field.
    ExtraField(Index, &'static str),
    /// A field of a line removed.
    DropField(Index, Index),
    /// A field of a line replaced by a value.
    ReplaceField(Index, Index, &'static str),
    /// A run of letters, digits, `.`, `-` or `_` (a number, month, key) replaced.
    ReplaceToken(Index, &'static str),
    /// A value of a JSON file (the manifest's numbers, strings, months)
    /// replaced, as JSON when the value is JSON and as a string otherwise.
    JsonValue(Index, &'static str),
    /// Arbitrary text inserted at a character.
    Insert(Index, String),
    Quote(Index),
    ByteOrderMark,
    CrLf,
}

fn nasty() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(NASTY)
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        1 => any::<Index>().prop_map(Damage::Truncate),
        1 => any::<Index>().prop_map(Damage::DropLine),
        1 => any::<Index>().prop_map(Damage::RepeatLine),
        1 => (any::<Index>(), nasty()).prop_map(|(l, v)| Damage::ExtraField(l, v)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(l, f)| Damage::DropField(l, f)),
        3 => (any::<Index>(), any::<Index>(), nasty()).prop_map(|(l, f, v)| Damage::ReplaceField(l, f, v)),
        3 => (any::<Index>(), nasty()).prop_map(|(t, v)| Damage::ReplaceToken(t, v)),
        3 => (any::<Index>(), nasty()).prop_map(|(t, v)| Damage::JsonValue(t, v)),
        1 => (any::<Index>(), ".{0,12}").prop_map(|(at, text)| Damage::Insert(at, text)),
        1 => any::<Index>().prop_map(Damage::Quote),
        1 => Just(Damage::ByteOrderMark),
        1 => Just(Damage::CrLf),
    ]
}

/// The byte offset of the character `at` picks (the end included).
fn char_boundary(text: &str, at: Index) -> usize {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    *at.get(&boundaries)
}

fn apply(text: &str, damage: &Damage) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let edit_line = |lines: &mut Vec<String>, l: &Index, edit: &dyn Fn(&mut Vec<String>)| {
        let i = l.index(lines.len());
        let mut fields: Vec<String> = lines[i].split(',').map(str::to_string).collect();
        edit(&mut fields);
        lines[i] = fields.join(",");
    };
    match damage {
        Damage::Truncate(at) => return text[..char_boundary(text, *at)].to_string(),
        Damage::DropLine(l) => {
            lines.remove(l.index(lines.len()));
        }
        Damage::RepeatLine(l) => {
            let i = l.index(lines.len());
            lines.insert(i, lines[i].clone());
        }
        Damage::ExtraField(l, v) => edit_line(&mut lines, l, &|f| f.push(v.to_string())),
        Damage::DropField(l, at) => edit_line(&mut lines, l, &|f| {
            f.remove(at.index(f.len()));
        }),
        Damage::ReplaceField(l, at, v) => edit_line(&mut lines, l, &|f| {
            let i = at.index(f.len());
            f[i] = v.to_string();
        }),
        Damage::ReplaceToken(t, v) => {
            let token = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_');
            let mut tokens = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (start, token(c) && i < text.len()) {
                    (None, true) => start = Some(i),
                    (Some(s), false) => {
                        tokens.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if tokens.is_empty() {
                return text.to_string();
            }
            let (s, e) = *t.get(&tokens);
            return format!("{}{v}{}", &text[..s], &text[e..]);
        }
        Damage::JsonValue(at, v) => {
            let Ok(mut json) = serde_json::from_str::<serde_json::Value>(text) else { return text.to_string() };
            let value = serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_string()));
            let mut k = at.index(leaf_count(&json).max(1));
            replace_leaf(&mut json, &mut k, value);
            return json.to_string();
        }
        Damage::Insert(at, inserted) => {
            let i = char_boundary(text, *at);
            return format!("{}{inserted}{}", &text[..i], &text[i..]);
        }
        Damage::Quote(at) => {
            let i = char_boundary(text, *at);
            return format!("{}\"{}", &text[..i], &text[i..]);
        }
        Damage::ByteOrderMark => return format!("\u{feff}{text}"),
        Damage::CrLf => return text.replace('\n', "\r\n"),
    }
    lines.join("\n")
}

fn leaf_count(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(items) => items.iter().map(leaf_count).sum(),
        serde_json::Value::Object(fields) => fields.values().map(leaf_count).sum(),
        _ => 1,
    }
}

/// Replaces the `k`-th leaf (in document order); `k` counts down to it.
fn replace_leaf(v: &mut serde_json::Value, k: &mut usize, new: serde_json::Value) -> Option<serde_json::Value> {
    match v {
        serde_json::Value::Array(items) => items.iter_mut().try_fold(new, |new, item| replace_leaf(item, k, new)),
        serde_json::Value::Object(fields) => fields.values_mut().try_fold(new, |new, item| replace_leaf(item, k, new)),
        leaf if *k == 0 => {
            *leaf = new;
            None
        }
        _ => {
            *k -= 1;
            Some(new)
        }
    }
}

/// Inputs for a reader whose real file (a sample of it) is `seed`: arbitrary
/// bytes (as the site would decode them, invalid UTF-8 replaced), CSV's
/// characters under the real header line, and the real file with one to four
/// kinds of damage.
fn inputs(seed: String) -> impl Strategy<Value = String> {
    let header = seed.lines().next().unwrap_or("").to_string();
    let csv_char = prop_oneof![
        Just(','),
        Just('"'),
        Just('\n'),
        Just('\r'),
        Just('-'),
        Just('.'),
        Just('['),
        Just(']'),
        proptest::char::range('0', '9'),
        proptest::char::range('a', 'z'),
        any::<char>(),
    ];
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => proptest::collection::vec(csv_char, 0..300)
            .prop_map(move |chars| format!("{header}\n{}", chars.into_iter().collect::<String>())),
        4 => proptest::collection::vec(damage(), 1..=4)
            .prop_map(move |damages| damages.iter().fold(seed.clone(), |text, d| apply(&text, d))),
    ]
}

/// Feeds [`CASES`] inputs to `read`, which must return (never panic); an
/// error must name `file`. Prints the inputs tried and the time taken.
fn fuzz(reader: &str, file: &str, seed: String, read: impl Fn(&str) -> Result<(), InputError>) {
    let (tried, read_whole) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let started = Instant::now();
    let result = TestRunner::new(config()).run(&inputs(seed), |text| {
        tried.fetch_add(1, Ordering::Relaxed);
        match read(&text) {
            Err(e) if !e.to_string().starts_with(file) => Err(TestCaseError::fail(format!("the error does not name {file}: {e}"))),
            Err(_) => Ok(()),
            Ok(()) => {
                read_whole.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
        }
    });
    // How many inputs read without error says how far the damage reaches
    // past validation into what is derived from a file.
    println!(
        "{reader}: {} inputs ({} read without error) in {:.2} s",
        tried.load(Ordering::Relaxed),
        read_whole.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{reader}: {e}");
    }
}

fn published(relative: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The header and up to 40 lines spread evenly through a published file:
/// every kind of row, small enough to read hundreds of times in a second.
fn sample(relative: &str) -> String {
    let text = published(relative);
    let lines: Vec<&str> = text.lines().collect();
    let step = (lines.len() / 40).max(1);
    lines.iter().take(1).chain(lines.iter().skip(1).step_by(step).take(40)).map(|l| format!("{l}\n")).collect()
}

/// The published manifest, Hampshire's entry and wards: the context the
/// dependent readers (crime, searches) are given, as the site gives them.
struct Context {
    manifest: Manifest,
    hampshire: ForceEntry,
    wards: Vec<WardRow>,
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let manifest = dataset::parse_manifest("manifest.json", &published("manifest.json")).unwrap();
        let hampshire = manifest.forces.iter().find(|f| f.id == "hampshire").unwrap().clone();
        let wards = dataset::parse_wards("wards.csv", &published("hampshire/wards.csv")).unwrap();
        Context { manifest, hampshire, wards }
    })
}

/// Census 2021 residents of the wards by group, as use of force rates take them.
fn residents(wards: &[WardRow]) -> [u64; 5] {
    let mut sum = [0u64; 5];
    for w in wards {
        for (s, n) in sum.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]) {
            *s += n;
        }
    }
    sum
}

/// Every period key worth asking of a manifest: its named periods and one of each kind.
fn period_keys(manifest: &Manifest) -> Vec<String> {
    let kinds = ["2018-19", "2019", "2019-01", "2018-10..2019-01", "2019-01..2018-10", "2030", "9999-00", "0000-01"];
    manifest.periods.iter().map(|p| p.key.clone()).chain(kinds.iter().map(|k| k.to_string())).collect()
}

#[test]
fn manifest_never_panics() {
    fuzz("parse_manifest", "manifest.json", published("manifest.json"), |text| {
        let manifest = dataset::parse_manifest("manifest.json", text)?;
        // What the site derives from it: the periods offered and each key resolved.
        for force in &manifest.forces {
            periods_with_data(&manifest.periods, &force.data_months());
            for key in period_keys(&manifest) {
                for data in [MonthlyData::StreetCrime, MonthlyData::StopSearch, MonthlyData::Any] {
                    let _ = force.period_with(&key, &manifest.periods, data).map(|p| p.coverage(&force.months(data)));
                }
            }
        }
        Ok(())
    });
}

#[test]
fn wards_never_panic() {
    fuzz("parse_wards", "wards.csv", sample("hampshire/wards.csv"), |text| {
        let wards = dataset::parse_wards("wards.csv", text)?;
        for level in Level::ALL {
            area_groups(&wards, level, ("F", "Force"));
        }
        residents_by_area(&wards, "F");
        force_comparison(&wards, &[], Basis::SelfDefined, Month::new(2019, 1).unwrap(), Month::new(2019, 12).unwrap());
        Ok(())
    });
}

#[test]
fn crime_never_panics() {
    let c = context();
    fuzz("parse_crime", "crime.csv", sample("hampshire/crime.csv"), |text| {
        let counts = dataset::parse_crime("crime.csv", text, &c.wards, &c.hampshire.crime_months)?;
        let all: Vec<usize> = (0..c.wards.len()).collect();
        counts.sum_wards(&all, &counts.indices_of(&c.hampshire.crime_months));
        Ok(())
    });
}

#[test]
fn category_weights_never_panic() {
    fuzz("parse_category_weights", "category-weights.csv", published("hampshire/category-weights.csv"), |text| {
        for weights in dataset::parse_category_weights("category-weights.csv", text)? {
            weights.weighted_share();
            for category in Category::ALL {
                let _ = weights.weight_of(category);
            }
        }
        Ok(())
    });
}

#[test]
fn area_searches_never_panic() {
    fuzz("parse_area_searches", "stop-search.csv", sample("hampshire/stop-search.csv"), |text| {
        parse_area_searches("stop-search.csv", text).map(drop)
    });
}

#[test]
fn search_counts_never_panic() {
    let c = context();
    let periods = c.hampshire.stop_search_period_keys();
    fuzz("parse_search_counts", "stop-search.csv", sample("hampshire/stop-search.csv"), |text| {
        let counts = parse_search_counts("stop-search.csv", text, &c.wards, &periods)?;
        for level in [Level::Ward, Level::District] {
            let groups = area_groups(&c.wards, level, ("F", "Force"));
            for basis in Basis::ALL {
                for period in &periods {
                    area_comparisons(&c.wards, &counts, basis, period, level, &groups);
                }
            }
        }
        Ok(())
    });
}

#[test]
fn force_searches_never_panic() {
    let c = context();
    fuzz("parse_force_searches", "stop-search-force.csv", published("hampshire/stop-search-force.csv"), |text| {
        let rows = parse_force_searches("stop-search-force.csv", text)?;
        let months: Vec<Month> = rows.iter().map(|r| r.month).collect();
        if let (Some(&from), Some(&to)) = (months.iter().min(), months.iter().max()) {
            for basis in Basis::ALL {
                force_comparison(&c.wards, &rows, basis, from, to);
            }
        }
        Ok(())
    });
}

#[test]
fn series_never_panics() {
    let c = context();
    fuzz("parse_series", "stop-search-series.csv", sample("hampshire/stop-search-series.csv"), |text| {
        let rows = parse_series("stop-search-series.csv", text)?;
        let residents = residents_by_area(&c.wards, &c.hampshire.code);
        for row in &rows {
            area_series(&rows, &row.area_code, residents.get(&row.area_code).copied().unwrap_or((0, 0)));
        }
        Ok(())
    });
}

#[test]
fn use_of_force_never_panics() {
    let c = context();
    let residents = residents(&c.wards);
    fuzz("parse_use_of_force", "use-of-force.csv", published("hampshire/use-of-force.csv"), |text| {
        let rows = parse_use_of_force("use-of-force.csv", text)?;
        for row in &rows {
            for tactic in Tactic::ALL {
                use_of_force_figures(&rows, &row.period, tactic, residents);
            }
        }
        Ok(())
    });
}

/// Period keys, months, published cells and every key lookup, against the
/// published manifest's named periods and both forces' months.
#[test]
fn keys_and_values_never_panic() {
    let c = context();
    let seed: String = period_keys(&c.manifest).join("\n");
    let tried = AtomicUsize::new(0);
    let started = Instant::now();
    let keys = prop_oneof![
        ".{0,24}",
        nasty().prop_map(str::to_string),
        (inputs(seed), any::<Index>()).prop_map(|(text, at)| {
            let lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() { String::new() } else { at.get(&lines).to_string() }
        }),
    ];
    let result = TestRunner::new(config()).run(&keys, |key| {
        tried.fetch_add(1, Ordering::Relaxed);
        let named = &c.manifest.periods;
        for last in [None, Month::new(2022, 11), Month::new(9999, 12)] {
            let _ = Period::parse(&key, named, last).map(|p| (p.months().len(), p.span(), p.coverage(&c.hampshire.crime_months)));
        }
        for force in &c.manifest.forces {
            for data in [MonthlyData::StreetCrime, MonthlyData::StopSearch, MonthlyData::Any] {
                let _ = force.period_with(&key, named, data).map(|e| e.to_string());
            }
        }
        let _ = key.parse::<Month>();
        let _ = Cell::parse(&key).map(|c| c.attacker_bounds());
        let _ = (EthnicGroup::from_key(&key), Basis::from_key(&key), ethnicity::self_defined_group(&key));
        let _ = (ethnicity::officer_defined_group(&key), Category::from_label(&key), WeightScheme::from_key(&key));
        let _ = (Level::from_key(&key), Measure::from_key(&key), Tactic::from_key(&key));
        Ok(())
    });
    println!("period keys, months, cells and lookups: {} inputs in {:.2} s", tried.load(Ordering::Relaxed), started.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!("keys: {e}");
    }
}
