//! No text can panic [`parse_crime_survey`], which the site runs in the
//! browser on whatever a host serves as `crime-survey.csv`: arbitrary text,
//! and the committed `data/crime-survey.csv` with one field replaced by a
//! nasty value, a line dropped or repeated, or cut short. Each must give Ok
//! or an error naming the file; what reads must hold shares and intervals
//! inside [0, 1]. proptest shrinks a failure to the smallest such text.

use harm_core::survey::{parse_crime_survey, CRIME_SURVEY};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const NASTY: &[&str] = &[
    "", "-0", "-1", "1.5", "NaN", "inf", "-inf", "1e308", "1e-320", "18446744073709551616", "9007199254740993", "\"",
    "\"a,b\"", "\u{feff}", "\r\n", "black", "white", "asian", "justice-system-fair", "fairova1dv", "0.5", "0",
];

fn committed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/crime-survey.csv")).unwrap()
}

/// `text` damaged: field `field` of line `line` replaced by `NASTY[nasty]`,
/// then the line dropped, repeated or kept, then cut at `cut` (a fraction).
fn damaged(text: &str, (line, field, nasty): (usize, usize, usize), edit: u8, cut: f64) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let line = line % lines.len();
    let mut fields: Vec<String> = lines[line].split(',').map(String::from).collect();
    let field = field % fields.len();
    fields[field] = NASTY[nasty].to_string();
    lines[line] = fields.join(",");
    match edit % 3 {
        0 => drop(lines.remove(line)),
        1 => lines.insert(line, lines[line].clone()),
        _ => {}
    }
    let joined = lines.join("\n");
    let at = (joined.len() as f64 * cut) as usize;
    joined.char_indices().map(|(i, _)| i).take_while(|&i| i <= at).last().map_or(joined.clone(), |i| joined[..i].to_string())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let outcome = std::panic::catch_unwind(|| parse_crime_survey(CRIME_SURVEY, text));
    prop_assert!(outcome.is_ok(), "parse_crime_survey panics on {text:?}");
    match outcome.unwrap() {
        Ok(rows) => {
            for r in rows {
                let inside = [r.estimate, r.standard_error, r.lower, r.upper].iter().all(|x| (0.0..=1.0).contains(x));
                prop_assert!(inside && r.lower <= r.estimate && r.estimate <= r.upper, "{r:?} from {text:?}");
            }
        }
        Err(e) => prop_assert!(e.to_string().starts_with(CRIME_SURVEY), "{e}"),
    }
    Ok(())
}

#[test]
fn no_text_panics_the_crime_survey_reader() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    runner.run(&".{0,300}", |text| check(&text)).unwrap();
    let text = committed();
    let damage = ((0..20usize, 0..12usize, 0..NASTY.len()), any::<u8>(), 0.0..=1.0f64);
    runner.run(&damage, |(at, edit, cut)| check(&damaged(&text, at, edit, cut))).unwrap();
}
