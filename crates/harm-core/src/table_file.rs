//! The table a person downloads from the site ("Download this table (CSV)")
//! and `harm-prep table --metadata` prints: `# key: value` lines saying what
//! the table is, its sources and licences, the period and its months, the
//! weighting, the disclosure rules, the symbols and which build of the data
//! it comes from; then the table of the view, one row per area and the force
//! (or module) total last. One function writes both, so the downloaded file
//! equals the command's output byte for byte. The header lines all start
//! with `#`: `pandas.read_csv(path, comment="#")` or
//! `read.csv(path, comment.char = "#")` read the table beneath them.

use crate::csv_rows::csv_text;
use crate::dataset::{ForceEntry, Manifest, MonthlyData, Provenance};
use crate::disclosure::{MIN_RANGE, ROUNDING_BASE, SUPPRESS_BELOW};
use crate::ethnicity::Basis;
use crate::format;
use crate::harm::WeightScheme;
use crate::level::Level;
use crate::change::compared_months;
use crate::measures::{AreaInputs, Measure, MeasureValue, Source, Status};
use crate::month::describe_runs;
use crate::period::{NamedPeriod, Period};
use crate::searches::GroupComparison;
use crate::view::{ForceView, Funnel};
use std::collections::BTreeMap;

/// A count withheld by disclosure control, as the site's glossary says it.
pub const SUPPRESSED: (&str, &str) = ("[c]", "Suppressed to protect the people counted.");
/// A figure resting on few events or residents, as the site's glossary says it.
pub const LOW_RELIABILITY: (&str, &str) = ("[u]", "Low reliability: fewer than 10 events or 100 residents behind the figure.");
/// A figure the data cannot give (the site says "no data" or "not measurable").
pub const NOT_AVAILABLE: (&str, &str) =
    ("[x]", "Not available: no data for this area and period, or a figure the data cannot support; never zero.");
/// The symbols of a downloaded table, in the order the header explains them.
pub const SYMBOLS: [(&str, &str); 3] = [SUPPRESSED, LOW_RELIABILITY, NOT_AVAILABLE];

/// The columns of the table: the mapped measure as `harm-prep measure`
/// writes it, then the site's table columns, intervals in columns of their own.
pub const TABLE_COLUMNS: [&str; 29] = [
    "area_code", "area_name", "district", "measure", "value", "status", "reliability", "lower", "upper",
    "residents", "black_residents", "white_residents", "months_with_data", "crimes", "asb", "harm",
    "harm_per_resident_per_year", "crimes_per_1000_per_year", "change", "change_lower", "change_upper",
    "change_reliability", "imd_decile", "searches", "search_ratio", "search_lower", "search_upper",
    "search_reliability", "funnel",
];

/// The measure the table maps: a measure of the registry or the trauma score.
pub struct Mapped<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    /// Each area's value at the table's level, in the level's order.
    pub values: &'a [MeasureValue],
    /// The force's (or module's) value.
    pub total: &'a MeasureValue,
    /// The data whose funnel plot the last column places areas on; `None`
    /// for a measure with no funnel plot (the trauma score).
    pub funnel: Option<Source>,
    /// The trauma score's measures and weights, as in the URL's `weights`.
    pub weights: Option<&'a str>,
}

/// What the table is of, beyond the view's figures: the published data's
/// manifest and provenance, the force, and the person's choices.
pub struct TableContext<'a> {
    pub manifest: &'a Manifest,
    pub provenance: &'a Provenance,
    pub force: &'a ForceEntry,
    pub period: &'a Period,
    pub baseline: &'a Period,
    pub scheme: WeightScheme,
    pub basis: Basis,
    pub level: Level,
}

/// The file's name, e.g. `hampshire-harm-rate-2022-23-ward.csv` (a module's
/// key follows the level): letters, digits and hyphens only.
pub fn file_name(context: &TableContext, mapped: &Mapped, view: &ForceView) -> String {
    let module = view.module.as_ref().map(|m| format!("-{}", m.module.key())).unwrap_or_default();
    let stem = format!("{}-{}-{}-{}{module}", context.force.id, mapped.key, context.period.key, context.level.key());
    let mut name = String::new();
    for c in stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }) {
        if !(c == '-' && name.ends_with('-')) {
            name.push(c);
        }
    }
    format!("{}.csv", name.trim_end_matches('-'))
}

/// Why the view has no table of `measure` (`None`: the trauma score) to
/// print or save, or `None` when it has one: the period has no month of the
/// measure's data; change has no calendar month with street crime in both
/// periods; or the force does not publish the lens at this level, period
/// and basis. `harm-prep table` refuses with these words and the site's
/// download button gives them instead of a file of `[x]`.
pub fn refusal(force: &ForceEntry, named: &[NamedPeriod], (period, baseline): (&Period, &Period), level: Level, measure: Option<Measure>, view: &ForceView) -> Option<String> {
    let source = measure.map(Measure::source);
    let data = source.map_or(MonthlyData::Any, Source::monthly_data);
    if let Err(e) = force.period_with(&period.key, named, data) {
        return Some(e.to_string());
    }
    match source {
        Some(Source::Change) => {
            compared_months(baseline, period, &force.months(MonthlyData::StreetCrime)).err()
        }
        Some(Source::Lens(lens)) => view.lens_missing(lens, level),
        _ => None,
    }
}

/// The whole file: the metadata header, then the table.
pub fn table_file(context: &TableContext, mapped: &Mapped, view: &ForceView) -> String {
    let mut text: String = metadata(context, mapped, view).iter().map(|(key, value)| format!("# {key}: {value}\n")).collect();
    text.push_str(&table_csv(context.level, mapped, view));
    text
}

/// The table alone: one row per area of the level (none at force level)
/// and the total.
pub fn table_csv(level: Level, mapped: &Mapped, view: &ForceView) -> String {
    let funnel = mapped.funnel.and_then(|source| view.funnel(source, level));
    let count = if level == Level::Force { 0 } else { view.at(level).areas.len() };
    let rows = (0..count).map(|i| {
        let inputs = view.inputs(level, i);
        let place = funnel.as_ref().map_or_else(|| NOT_AVAILABLE.0.to_string(), |f| funnel_place(f, &inputs.figures.code));
        row(inputs, &inputs.figures.district_name, mapped.key, &mapped.values[i], place)
    });
    let total = row(view.force_inputs(), "", mapped.key, mapped.total, String::new());
    csv_text(&TABLE_COLUMNS, rows.chain([total]))
}

fn funnel_place(funnel: &Funnel, code: &str) -> String {
    funnel.flag_of(code).map_or_else(|| NOT_AVAILABLE.0.to_string(), |f| f.describe().to_string())
}

fn not_available() -> String {
    NOT_AVAILABLE.0.to_string()
}

fn row(inputs: AreaInputs, district: &str, key: &str, value: &MeasureValue, funnel: String) -> Vec<String> {
    let area = inputs.figures;
    let crime = area.crime.as_ref();
    let or_x = |text: String| if text.is_empty() { not_available() } else { text };
    let u = |flag: bool| if flag { LOW_RELIABILITY.0.to_string() } else { String::new() };
    let mut cells = vec![
        area.code.clone(),
        area.name.clone(),
        district.to_string(),
        key.to_string(),
        if value.status == Status::NoData { not_available() } else { value.text.clone() },
        value.status.key().to_string(),
        u(value.low_reliability && value.value.is_some()),
        format::limit(value.interval.map(|i| i.0)),
        format::limit(value.interval.map(|i| i.1)),
        area.residents.to_string(),
        area.black().to_string(),
        area.white().to_string(),
        crime.map_or(0, |c| c.months_present).to_string(),
        crime.map_or_else(not_available, |c| c.crimes.to_string()),
        crime.map_or_else(not_available, |c| c.anti_social_behaviour.to_string()),
        or_x(format::harm(crime.and_then(|c| c.harm))),
        or_x(format::harm_rate(crime.and_then(|c| c.harm_per_resident_per_year))),
        or_x(format::per_thousand(crime.and_then(|c| c.crimes_per_1000_per_year))),
    ];
    cells.extend(match inputs.change {
        Some(c) => [format::ratio(Some(c.ratio)), format::limit(Some(c.lower)), format::limit(Some(c.upper)), u(c.low_reliability)],
        None => [not_available(), not_available(), not_available(), String::new()],
    });
    cells.push(area.imd_decile.map_or_else(not_available, |d| d.to_string()));
    cells.extend(search_cells(inputs.searches));
    cells.push(funnel);
    cells
}

/// Searches, the Black/White ratio and its limits and flag: `[c]` where a
/// suppressed count leaves the ratio uncomputable, `[x]` where no stop and
/// search is published for the area and period.
fn search_cells(searches: Option<&GroupComparison>) -> [String; 5] {
    let Some(s) = searches else { return [not_available(), not_available(), not_available(), not_available(), String::new()] };
    let (ratio, lower, upper) = match &s.ratio {
        Some(r) => (r.ratio.map_or_else(|| "unbounded".to_string(), |v| format::ratio(Some(v))), format::limit(Some(r.lower)), format::limit(Some(r.upper))),
        None => {
            let why = if s.black.is_none() || s.white.is_none() { SUPPRESSED.0 } else { NOT_AVAILABLE.0 };
            (why.to_string(), why.to_string(), why.to_string())
        }
    };
    let flag = if s.low_reliability && s.ratio.is_some() { LOW_RELIABILITY.0.to_string() } else { String::new() };
    [format::published_count(s.all), ratio, lower, upper, flag]
}

/// The header's lines, as (key, value).
pub fn metadata(context: &TableContext, mapped: &Mapped, view: &ForceView) -> Vec<(String, String)> {
    let TableContext { manifest, provenance, force, period, baseline, scheme, basis, level } = context;
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, value: String| lines.push((key.to_string(), value));
    let areas = match level {
        Level::Ward => "by ward",
        Level::District => "by district",
        Level::Force => "for the force area",
    };
    add("title", format!("{} {areas}, {}, {}", mapped.label, force.name, period.key));
    if manifest.synthetic {
        add("synthetic", "every figure is made up to demonstrate and test the map, and describes no real place or people".into());
    }
    add("force", format!("{} ({})", force.name, force.code));
    add("rows", format!("one per {} of the view, then the total: {}", level.key(), view.force().name));
    if let Some(module) = &view.module {
        add("wards", module.summary(&force.name, force.ward_count));
    }
    add("measure", format!("{} ({}), in {}", mapped.label, mapped.key, mapped.unit));
    if let Some(weights) = mapped.weights {
        add("weights", weights.to_string());
    }
    add("period", format!("{}; months {}", period.label, period.span()));
    for (data, name) in [(MonthlyData::StreetCrime, "street-crime"), (MonthlyData::StopSearch, "stop-and-search")] {
        let coverage = period.coverage(&force.months(data));
        let missing: Vec<_> = coverage.months.iter().copied().filter(|m| !coverage.present.contains(m)).collect();
        add(&format!("{name} months present"), format!("{} ({} of {} months)", describe_runs(&coverage.present), coverage.present.len(), coverage.months.len()));
        add(&format!("{name} months missing"), if missing.is_empty() { "none".into() } else { describe_runs(&missing) });
    }
    add("rates", "per year, annualised from the months with data; change compares the same calendar months of both periods".into());
    add("baseline", format!("{}; months {}; change compares {}", baseline.label, baseline.span(), view.compared.describe()));
    match manifest.weights_info(*scheme) {
        Some(w) => {
            add("weighting", format!("{} ({})", scheme.label(), scheme.key()));
            add("weighting edition", w.edition.clone().unwrap_or_else(|| "none stated".into()));
            add("weighting source", w.source.clone());
        }
        None => add("weighting", format!("{} ({}), not published for this dataset", scheme.label(), scheme.key())),
    }
    add("ethnicity", format!("{} (stop and search and force-held records)", basis.label()));
    lines.extend(dataset_lines(manifest, provenance));
    lines
}

/// The header's lines every downloaded table ends with, force or national
/// overview: the disclosure rules, the symbols, every input's vintages and
/// licences, and which build of the data it comes from.
pub fn dataset_lines(manifest: &Manifest, provenance: &Provenance) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, value: String| lines.push((key.to_string(), value));
    add(
        "disclosure",
        format!(
            "counts of people by ethnic group below force level are published only for fixed periods; counts from 1 to {} are suppressed {}; other counts are rounded to the nearest {}; further cells are suppressed until every suppressed count could take at least {} values given everything published",
            SUPPRESS_BELOW - 1,
            SUPPRESSED.0,
            ROUNDING_BASE,
            MIN_RANGE + 1
        ),
    );
    for (symbol, meaning) in SYMBOLS {
        add(symbol, meaning.to_string());
    }
    add("empty cell", "the column does not apply to the row (an interval of a measure without one, a flag not raised)".into());
    // Each input once, with its vintages and licences as provenance.json records them.
    let mut inputs: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for record in &provenance.inputs {
        let (vintages, licences) = inputs.entry(record.input.as_str()).or_default();
        if !vintages.contains(&record.vintage.as_str()) {
            vintages.push(&record.vintage);
        }
        if !licences.contains(&record.licence.as_str()) {
            licences.push(&record.licence);
        }
    }
    for (input, (vintages, licences)) in inputs {
        add("source", format!("{input} ({}); licence: {}", vintages.join("; "), licences.join("; ")));
    }
    add("provenance", "every input file, with its SHA-256, is listed in provenance.json beside the published data".into());
    add("built", if manifest.built.is_empty() { "not recorded".into() } else { manifest.built.clone() });
    add("data version", if manifest.data_version.is_empty() { "not recorded".into() } else { manifest.data_version.clone() });
    lines
}

/// A small force for the tests of the table and the report: two wards of
/// one district, W1 1,000 residents (200 Black, 800 White) with 20
/// burglaries in 2018-10 and 40 in 2022-10, W2 3,000 (100 Black, 2,900
/// White) with 30 and 30; weighted by counts, 2022-23 against 2018-19, no
/// stop and search.
#[cfg(test)]
pub(crate) mod two_wards {
    use crate::category::Category;
    use crate::dataset::{CrimeCounts, ForceEntry, WardRow};
    use crate::ethnicity::Basis;
    use crate::figures::ForceData;
    use crate::harm::{CategoryWeights, WeightScheme};
    use crate::month::m;
    use crate::period::Period;
    use crate::view::{force_view, ForceView, SearchTables, Selection};

    pub fn force() -> (ForceEntry, ForceData) {
        let ward = |code: &str, groups: [u64; 5]| WardRow { imd_decile: Some(3), ..crate::dataset::test_ward(code, "D1", groups) };
        let wards = vec![ward("W1", [0, 200, 0, 800, 0]), ward("W2", [0, 100, 0, 2900, 0])];
        let mut crime = CrimeCounts::new(2, vec![m("2018-10"), m("2022-10")]);
        for (i, (before, after)) in [(20, 40), (30, 30)].into_iter().enumerate() {
            crime.cell_mut(i, 0)[Category::Burglary.index()] = before;
            crime.cell_mut(i, 1)[Category::Burglary.index()] = after;
        }
        let entry: ForceEntry = serde_json::from_value(serde_json::json!({
            "id": "f", "name": "Force", "code": "F", "districts": [], "ward_count": 2,
            "crime_months": ["2018-10", "2022-10"], "crime_note": null, "stop_search_months": [],
            "stop_search_periods": [], "use_of_force_periods": [], "force_held": []
        }))
        .unwrap();
        (entry, ForceData { wards, crime, weights: vec![CategoryWeights::unweighted()] })
    }

    pub fn periods() -> (Period, Period) {
        (Period::financial_year(2022), Period::financial_year(2018))
    }

    pub fn view(data: &ForceData) -> ForceView {
        let (period, baseline) = periods();
        let selection = Selection { period: &period, baseline: &baseline, weights: data.weights(WeightScheme::Counts).unwrap(), basis: Basis::SelfDefined };
        let header = crate::searches::AREA_SEARCH_COLUMNS.join(",");
        let no_searches = crate::searches::parse_search_counts("stop-search.csv", &header, &data.wards, &[]).unwrap();
        force_view(data, SearchTables { wards: &no_searches, force: &[], months: &[] }, ("F", "Force"), &selection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::InputRecord;
    use crate::measures::Measure;

    /// The two wards have street crime in October 2018 and October 2022 and
    /// no stop and search: a harm table of 2022-23 is printed; a stop-and-search
    /// table is refused for want of its data; change is refused against a
    /// baseline with no October (no calendar month with crime in both).
    #[test]
    fn a_table_without_its_data_is_refused() {
        let (entry, data) = two_wards::force();
        let view = two_wards::view(&data);
        let (period, baseline) = two_wards::periods();
        let refusal = |measure, baseline: &Period| refusal(&entry, &[], (&period, baseline), Level::Ward, measure, &view);
        assert_eq!(refusal(Some(Measure::HarmRate), &baseline), None);
        assert_eq!(refusal(Some(Measure::HarmChange), &baseline), None);
        assert_eq!(refusal(None, &baseline), None, "the trauma score needs any data");
        let searches = refusal(Some(Measure::SearchRatio), &baseline).expect("no stop and search in 2022-23");
        assert!(searches.contains("publishes none for any month"), "{searches}");
        let without_october = Period::parse("2019-01..2019-03", &[], None).unwrap();
        let change = refusal(Some(Measure::HarmChange), &without_october).expect("no month compared");
        assert!(change.starts_with(&format!("{} against {}: ", period.label, without_october.label)), "{change}");
    }

    #[test]
    fn the_file_by_hand() {
        let (entry, data) = two_wards::force();
        let view = two_wards::view(&data);
        let (period, baseline) = two_wards::periods();
        let manifest: Manifest = serde_json::from_value(serde_json::json!({
            "schema_version": 2, "title": "t", "synthetic": false, "built": "2026-11-25", "data_version": "abc123",
            "weight_schemes": [{ "scheme": "counts", "edition": null, "source": "every crime weighs 1", "statement": "s" }],
            "periods": [], "forces": [entry.clone()]
        }))
        .unwrap();
        let record = |input: &str, vintage: &str| InputRecord {
            input: input.into(), path: "p".into(), sha256: "0".into(), bytes: 1, vintage: vintage.into(), licence: "OGL v3".into(),
        };
        let provenance = Provenance { schema_version: 2, inputs: vec![record("street_crime", "monthly"), record("street_crime", "monthly"), record("census", "2021")] };
        let context = TableContext { manifest: &manifest, provenance: &provenance, force: &entry, period: &period, baseline: &baseline, scheme: WeightScheme::Counts, basis: Basis::SelfDefined, level: Level::Ward };
        let measure = Measure::HarmRate;
        let (values, total) = (view.values(Level::Ward, measure), view.force_value(measure));
        let (label, key) = (measure.label(), measure.key());
        let mapped = Mapped { key: &key, label: &label, unit: measure.unit(), values: &values, total: &total, funnel: Some(measure.source()), weights: None };
        assert_eq!(file_name(&context, &mapped, &view), "f-harm-rate-2022-23-ward.csv");
        let text = table_file(&context, &mapped, &view);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "# title: Harm per resident per year by ward, Force, 2022-23");
        for line in [
            "# street-crime months present: 2022-10 (1 of 12 months)",
            "# street-crime months missing: 2022-04 to 2022-09 and 2022-11 to 2023-03",
            "# stop-and-search months present: no month (0 of 12 months)",
            "# weighting edition: none stated",
            "# disclosure: counts of people by ethnic group below force level are published only for fixed periods; counts from 1 to 9 are suppressed [c]; other counts are rounded to the nearest 5; further cells are suppressed until every suppressed count could take at least 3 values given everything published",
            "# [x]: Not available: no data for this area and period, or a figure the data cannot support; never zero.",
            "# source: census (2021); licence: OGL v3",
            "# source: street_crime (monthly); licence: OGL v3",
            "# built: 2026-11-25",
            "# data version: abc123",
        ] {
            assert!(lines.contains(&line), "no line {line} in\n{text}");
        }
        let table: Vec<&str> = lines.iter().copied().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(table[0], TABLE_COLUMNS.join(","));
        // W1: 40 crimes in one month x 12 / 1,000 = 0.48 per resident per
        // year, 480 per 1,000; change 40 / 20 = 2.00, se sqrt(1/40 + 1/20) =
        // 0.273861, limits 2 x exp(-/+ 0.536757) = 1.17, 3.42. The funnel
        // centre 70 / 4,000 expects 17.5 crimes of W1: far above 99.8%.
        assert_eq!(
            table[1],
            "W1,W1,D1,harm-rate,0.4800,value,,,,1000,200,800,1,40,0,40.0,0.4800,480.00,2.00,1.17,3.42,,3,[x],[x],[x],[x],,above the 99.8% limit"
        );
        // The total has no district and no funnel place; 70 x 12 / 4,000 = 0.21.
        assert_eq!(table[3], "F,Force,,harm-rate,0.2100,value,,,,4000,300,3700,1,70,0,70.0,0.2100,210.00,1.40,0.97,2.01,,[x],[x],[x],[x],[x],,");
        assert_eq!(table.len(), 4);
    }
}
