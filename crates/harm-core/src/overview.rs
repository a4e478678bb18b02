//! The national overview: every district of England and Wales in one table
//! (`england-and-wales/districts.csv`), made by `harm-prep build` from the
//! forces' own published files, with the measures the data supports at
//! district level in every force:
//!
//! - the stop and search Black/White rate ratio by calendar year of the
//!   five-year district series, and its change since the 2018 baseline,
//!   from the counts each force publishes in `stop-search-series.csv`
//!   (already under disclosure control: republished as they are, never
//!   re-derived), with [`crate::search_series`]'s ratio and change;
//! - the Black share of residents (Census 2021, the district's wards summed);
//! - harm per resident per year for each named period, only where the
//!   district's force has street crime in the period (annualised from the
//!   months present, as [`crate::figures::crime_figures`] does); elsewhere
//!   missing, with the reason, never zero.

use crate::csv_rows::{csv_text, CsvRows, InputError};
use crate::dataset::{read_cell, ForceEntry, Manifest, MonthlyData, Provenance};
use crate::table_file::dataset_lines;
use crate::figures::{self, AreaFigures, ForceData};
use crate::harm::WeightScheme;
use crate::level::{area_groups, Level};
use crate::period::NamedPeriod;
use crate::search_series::SeriesRow;
use crate::disclosure::Cell;
use crate::format;
use crate::measures::{Measure, MeasureValue, Status};
use crate::period::annualise;
use crate::rates::{rate_per_resident, share};
use crate::search_series::{change_since, BASELINE_YEAR};

/// The overview's key in the URL (`?force=england-and-wales`) and its folder.
pub const OVERVIEW_ID: &str = "england-and-wales";
/// Its name in the force choice.
pub const OVERVIEW_NAME: &str = "England and Wales (every district)";
/// The years of the district stop and search series the table has columns for.
pub const SERIES_YEARS: [u16; 5] = [2017, 2018, 2019, 2020, 2021];

/// The overview's district table.
pub fn districts_file() -> String {
    format!("{OVERVIEW_ID}/districts.csv")
}

/// The overview's district outlines, simplified for national scale, as GeoJSON.
pub fn boundaries_file() -> String {
    format!("{OVERVIEW_ID}/districts.geojson")
}

/// The same outlines projected and rounded as the map draws them ([`crate::outlines`]).
pub fn outlines_file() -> String {
    format!("{OVERVIEW_ID}/district-outlines.csv")
}

/// The overview as the manifest lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OverviewEntry {
    /// [`OVERVIEW_ID`].
    pub id: String,
    pub name: String,
    /// How many districts it has (the map draws every one).
    pub district_count: usize,
    /// Keys of the named periods its table gives harm for, in column order.
    pub periods: Vec<String>,
}

/// A district's published harm for one named period: the harm of its
/// crimes (sum of count x weight of its force's categories) over the
/// months of the period with street crime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodHarm {
    pub harm: f64,
    pub months: usize,
}

/// One row of the overview's district table.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewDistrict {
    pub code: String,
    pub name: String,
    /// The force whose ward map opens when the district is chosen.
    pub force_id: String,
    pub force_name: String,
    /// Census 2021 usual residents, Black and White residents: sums of the district's wards.
    pub residents: u64,
    pub black: u64,
    pub white: u64,
    /// Black and White searches by year of [`SERIES_YEARS`], as the force
    /// published them; `None` where its series has no row for the year.
    pub searches: Vec<Option<(Cell, Cell)>>,
    /// Harm by named period (the table's order); `None` where the force has
    /// no street crime in the period.
    pub harm: Vec<Option<PeriodHarm>>,
}

/// The overview's table: its named periods and its districts.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Keys of the named periods harm is given for, in column order.
    pub periods: Vec<String>,
    pub districts: Vec<OverviewDistrict>,
}

const FIXED_COLUMNS: [&str; 7] = ["district_code", "district_name", "force_id", "force_name", "residents", "black", "white"];

fn search_columns(year: u16) -> [String; 2] {
    [format!("searches_black_{year}"), format!("searches_white_{year}")]
}

fn harm_columns(period: &str) -> [String; 2] {
    [format!("harm_{period}"), format!("harm_months_{period}")]
}

/// The table's columns for the named periods `periods`.
pub fn columns(periods: &[String]) -> Vec<String> {
    let mut c: Vec<String> = FIXED_COLUMNS.map(String::from).to_vec();
    c.extend(SERIES_YEARS.iter().flat_map(|&y| search_columns(y)));
    c.extend(periods.iter().flat_map(|p| harm_columns(p)));
    c
}

/// One force's districts as overview rows, from its published files: its
/// wards (`data.wards`, summed to districts), its district series (`series`,
/// controlled counts copied as they are) and its street crime under the
/// default weighting (CSS), summed to districts as the force's own district
/// map does ([`crate::figures::total`]), for each named period with street
/// crime (`None` for the others).
pub fn district_rows(entry: &ForceEntry, data: &ForceData, series: &[SeriesRow], named: &[NamedPeriod]) -> Vec<OverviewDistrict> {
    let weights = data.weights(WeightScheme::Css);
    let period_wards: Vec<Option<Vec<AreaFigures>>> = named
        .iter()
        .map(|p| {
            let period = entry.period_with(&p.key, named, MonthlyData::StreetCrime).ok()?;
            Some(figures::ward_figures(data, &period, weights?))
        })
        .collect();
    area_groups(&data.wards, Level::District, (&entry.code, &entry.name))
        .into_iter()
        .map(|g| {
            let members = |wards: &[AreaFigures]| g.wards.iter().map(|&i| wards[i].clone()).collect::<Vec<_>>();
            let sum = |f: fn(&crate::dataset::WardRow) -> u64| g.wards.iter().map(|&i| f(&data.wards[i])).sum::<u64>();
            let harm = period_wards
                .iter()
                .map(|wards| {
                    let total = figures::total(&g.code, &g.name, &members(wards.as_ref()?), weights?);
                    let c = total.crime?;
                    Some(PeriodHarm { harm: c.harm?, months: c.months_present })
                })
                .collect();
            let searches = SERIES_YEARS
                .iter()
                .map(|&y| series.iter().find(|r| r.area_code == g.code && r.year == y).map(|r| (r.black, r.white)))
                .collect();
            OverviewDistrict {
                code: g.code.clone(),
                name: g.name.clone(),
                force_id: entry.id.clone(),
                force_name: entry.name.clone(),
                residents: sum(|w| w.residents),
                black: sum(|w| w.black),
                white: sum(|w| w.white),
                searches,
                harm,
            }
        })
        .collect()
}

/// The published text of the table.
pub fn write_overview(overview: &Overview) -> String {
    let header = columns(&overview.periods);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = overview.districts.iter().map(|d| {
        let mut row = vec![d.code.clone(), d.name.clone(), d.force_id.clone(), d.force_name.clone(), d.residents.to_string(), d.black.to_string(), d.white.to_string()];
        for s in &d.searches {
            match s {
                Some((b, w)) => row.extend([b.text(), w.text()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        for h in &d.harm {
            match h {
                Some(h) => row.extend([format!("{:.3}", h.harm), h.months.to_string()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        row
    });
    csv_text(&header, rows)
}

/// Reads the table published for the named periods `periods`.
pub fn parse_overview(file: &str, text: &str, periods: &[String]) -> Result<Overview, InputError> {
    let names = columns(periods);
    let required: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut districts: Vec<OverviewDistrict> = Vec::new();
    let mut total = 0;
    CsvRows::new(file, text.as_bytes(), &required)?.for_each(|row| {
        let count = |column: &str| row.parse::<u64>(column, "a count");
        let searches = SERIES_YEARS
            .iter()
            .map(|&y| {
                let [b, w] = search_columns(y);
                match (row.text(&b), row.text(&w)) {
                    ("", "") => Ok(None),
                    _ => Ok(Some((read_cell(row, &b, &mut total)?, read_cell(row, &w, &mut total)?))),
                }
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        let harm = periods
            .iter()
            .map(|p| {
                let [h, m] = harm_columns(p);
                match (row.text(&h), row.text(&m)) {
                    ("", "") => Ok(None),
                    _ => {
                        let harm: f64 = row.parse(&h, "a harm total")?;
                        if !harm.is_finite() || harm < 0.0 {
                            return Err(row.error(&h, "is not a harm total of zero or more"));
                        }
                        let months: usize = row.parse(&m, "a number of months")?;
                        if months == 0 {
                            return Err(row.error(&m, "is zero: a period without street crime has no harm, not zero harm"));
                        }
                        Ok(Some(PeriodHarm { harm, months }))
                    }
                }
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        let d = OverviewDistrict {
            code: row.text("district_code").to_string(),
            name: row.text("district_name").to_string(),
            force_id: row.text("force_id").to_string(),
            force_name: row.text("force_name").to_string(),
            residents: count("residents")?,
            black: count("black")?,
            white: count("white")?,
            searches,
            harm,
        };
        if d.code.is_empty() {
            return Err(row.error("district_code", "is empty"));
        }
        if d.black + d.white > d.residents {
            return Err(row.error("white", "with the Black residents passes the district's residents"));
        }
        if districts.iter().any(|o| o.code == d.code) {
            return Err(row.error("district_code", "repeats a district given on an earlier line"));
        }
        districts.push(d);
        Ok(())
    })?;
    Ok(Overview { periods: periods.to_vec(), districts })
}

/// A measure of the overview: a registry measure at district level, for
/// a series year or a named period where it depends on one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverviewMeasure {
    /// Stop and search Black/White rate ratio in a year of the series.
    SearchRatio(u16),
    /// That ratio against 2018's.
    SearchChange(u16),
    BlackShare,
    /// Harm per resident per year in the named period of this key.
    HarmRate(String),
}

impl OverviewMeasure {
    /// Every measure of the overview, for the named periods `periods`
    /// (key and label): the latest series year first.
    pub fn all(periods: &[(String, String)]) -> Vec<OverviewMeasure> {
        let mut all = vec![OverviewMeasure::SearchRatio(SERIES_YEARS[SERIES_YEARS.len() - 1]), OverviewMeasure::SearchChange(SERIES_YEARS[SERIES_YEARS.len() - 1])];
        all.push(OverviewMeasure::BlackShare);
        all.extend(periods.iter().map(|(k, _)| OverviewMeasure::HarmRate(k.clone())));
        all.extend(SERIES_YEARS.iter().rev().skip(1).map(|&y| OverviewMeasure::SearchRatio(y)));
        all.extend(SERIES_YEARS.iter().rev().skip(1).filter(|&&y| y != BASELINE_YEAR).map(|&y| OverviewMeasure::SearchChange(y)));
        all
    }

    /// The registry measure it is, for its colour scale and classes.
    pub fn measure(&self) -> Measure {
        match self {
            OverviewMeasure::SearchRatio(_) => Measure::SearchRatio,
            // Diverging about 1, read as change against a baseline.
            OverviewMeasure::SearchChange(_) => Measure::HarmChange,
            OverviewMeasure::BlackShare => Measure::BlackShare,
            OverviewMeasure::HarmRate(_) => Measure::HarmRate,
        }
    }

    /// Its key in the URL (`measure`, then `period` where it has one) and
    /// in `harm-prep table --force england-and-wales`.
    pub fn keys(&self) -> (String, Option<String>) {
        match self {
            OverviewMeasure::SearchRatio(y) => ("stop-search-ratio".into(), Some(y.to_string())),
            OverviewMeasure::SearchChange(y) => ("stop-search-ratio-change".into(), Some(y.to_string())),
            OverviewMeasure::BlackShare => ("black-share".into(), None),
            OverviewMeasure::HarmRate(p) => ("harm-rate".into(), Some(p.clone())),
        }
    }

    /// The measure of a key and period key; `None` when the overview has no such measure.
    pub fn from_keys(measure: &str, period: Option<&str>, periods: &[(String, String)]) -> Option<OverviewMeasure> {
        OverviewMeasure::all(periods).into_iter().find(|m| {
            let (k, p) = m.keys();
            // Without a period, a measure's first listed year or period;
            // a measure without one ignores the period asked for.
            k == measure && (period.is_none() || p.is_none() || p.as_deref() == period)
        })
    }

    /// Its name on screen, with the year or period (`periods`: key and label).
    pub fn label(&self, periods: &[(String, String)]) -> String {
        match self {
            OverviewMeasure::SearchRatio(y) => format!("Stop and search: Black/White rate ratio, {y}"),
            OverviewMeasure::SearchChange(y) => format!("Stop and search: change in the Black/White rate ratio, {y} against {BASELINE_YEAR}"),
            OverviewMeasure::BlackShare => "Black residents, % of residents (Census 2021)".into(),
            OverviewMeasure::HarmRate(p) => {
                let label = periods.iter().find(|(k, _)| k == p).map_or(p.as_str(), |(_, l)| l.as_str());
                format!("Harm per resident per year, {label}")
            }
        }
    }

    pub fn unit(&self) -> &'static str {
        match self {
            OverviewMeasure::SearchChange(_) => "times the 2018 ratio",
            _ => self.measure().unit(),
        }
    }
}

fn year_index(year: u16) -> Option<usize> {
    SERIES_YEARS.iter().position(|&y| y == year)
}

fn counts(cells: Option<(Cell, Cell)>) -> Option<(u64, u64)> {
    let (b, w) = cells?;
    Some((b.value()?, w.value()?))
}

fn no_data(text: &str) -> MeasureValue {
    MeasureValue { value: None, text: text.into(), status: Status::NoData, low_reliability: false, interval: None }
}

fn suppressed() -> MeasureValue {
    MeasureValue { value: None, text: "[c]".into(), status: Status::Suppressed, low_reliability: true, interval: None }
}

/// A district's value of `measure`, as the overview's map, table and
/// `harm-prep table --force england-and-wales` write it.
pub fn overview_value(overview: &Overview, d: &OverviewDistrict, measure: &OverviewMeasure) -> MeasureValue {
    let searches = |year: u16| year_index(year).and_then(|i| d.searches.get(i).copied().flatten());
    match measure {
        OverviewMeasure::BlackShare => {
            let v = share(d.black, d.residents);
            MeasureValue { value: v.map(|x| x * 100.0), text: format::percent(v), status: Status::Value, low_reliability: false, interval: None }
        }
        OverviewMeasure::SearchRatio(year) => match searches(*year) {
            None => no_data("not published"),
            Some(cells) => match counts(Some(cells)) {
                None => suppressed(),
                Some((b, w)) => match crate::intervals::rate_ratio(b, d.black, w, d.white) {
                    None => no_data("no data"),
                    Some(r) => MeasureValue {
                        value: r.ratio,
                        text: if r.ratio.is_some() { format::ratio(r.ratio) } else { "unbounded".into() },
                        status: if r.ratio.is_some() { Status::Value } else { Status::NoData },
                        low_reliability: crate::rates::is_low_reliability(b.min(w), d.black.min(d.white)),
                        interval: Some((r.lower, r.upper)),
                    },
                },
            },
        },
        OverviewMeasure::SearchChange(year) => match (searches(*year), searches(BASELINE_YEAR)) {
            (None, _) | (_, None) => no_data("not published"),
            (Some(now), Some(base)) => match (counts(Some(now)), counts(Some(base))) {
                (Some(now), Some(base)) => match change_since(now, base) {
                    Some(c) => MeasureValue {
                        value: Some(c.ratio),
                        text: format::ratio(Some(c.ratio)),
                        status: if c.lower <= 1.0 && c.upper >= 1.0 { Status::WithinChance } else { Status::Value },
                        low_reliability: [now.0, now.1, base.0, base.1].into_iter().any(|n| n < 10),
                        interval: Some((c.lower, c.upper)),
                    },
                    None => no_data("no data"),
                },
                _ => suppressed(),
            },
        },
        OverviewMeasure::HarmRate(period) => {
            let at = overview.periods.iter().position(|p| p == period);
            match at.and_then(|i| d.harm.get(i).copied().flatten()) {
                None => no_data("no street crime data"),
                Some(h) => {
                    let v = annualise(h.harm, h.months).and_then(|a| rate_per_resident(a, d.residents));
                    MeasureValue { value: v, text: format::harm_rate(v), status: Status::Value, low_reliability: false, interval: None }
                }
            }
        }
    }
}

/// Every district's value of `measure`, in table order.
pub fn overview_values(overview: &Overview, measure: &OverviewMeasure) -> Vec<MeasureValue> {
    overview.districts.iter().map(|d| overview_value(overview, d, measure)).collect()
}

/// Why a district has no value of `measure`, in a sentence; `None` when it has one.
pub fn missing_reason(overview: &Overview, d: &OverviewDistrict, measure: &OverviewMeasure, periods: &[(String, String)]) -> Option<String> {
    let v = overview_value(overview, d, measure);
    if v.value.is_some() {
        return None;
    }
    Some(match (measure, v.status) {
        (_, Status::Suppressed) => format!("{}: a count behind this figure is suppressed ([c]) by disclosure control in {}'s published series.", d.name, d.force_name),
        (OverviewMeasure::HarmRate(p), _) => {
            let label = periods.iter().find(|(k, _)| k == p).map_or(p.as_str(), |(_, l)| l.as_str());
            format!("{}: {} has no police.uk street crime in this dataset for {label}, so harm is not given (it is not zero).", d.name, d.force_name)
        }
        (OverviewMeasure::SearchRatio(y) | OverviewMeasure::SearchChange(y), _) if v.text == "not published" => {
            format!("{}: {} publishes no district stop and search series for {y}{}.", d.name, d.force_name, if matches!(measure, OverviewMeasure::SearchChange(_)) { format!(" or {BASELINE_YEAR}") } else { String::new() })
        }
        _ => format!("{}: the counts give no ratio (a count is zero).", d.name),
    })
}

/// The header of the overview's table as `harm-prep table --force
/// england-and-wales` prints it and the site downloads it.
pub const TABLE_HEADER: [&str; 11] =
    ["district_code", "district_name", "force", "residents", "measure", "value", "status", "reliability", "lower", "upper", "why_missing"];

/// The table of `measure` for every district (`periods`: the named periods'
/// keys and labels), with the reason beside each missing value.
pub fn overview_table(overview: &Overview, measure: &OverviewMeasure, periods: &[(String, String)]) -> String {
    let (key, _) = measure.keys();
    let rows = overview.districts.iter().map(|d| {
        let v = overview_value(overview, d, measure);
        [d.code.clone(), d.name.clone(), d.force_name.clone(), d.residents.to_string(), key.clone()]
            .into_iter()
            .chain(v.table_cells())
            .chain([missing_reason(overview, d, measure, periods).unwrap_or_default()])
            .collect::<Vec<String>>()
    });
    csv_text(&TABLE_HEADER, rows)
}

/// Where each measure's figures come from, said in the table's header.
fn source_note(measure: &OverviewMeasure) -> &'static str {
    match measure {
        OverviewMeasure::SearchRatio(_) | OverviewMeasure::SearchChange(_) => {
            "Black and White searches by district and calendar year as each force publishes them in stop-search-series.csv (already under disclosure control; copied, never recomputed); Census 2021 Black and White residents of the district as denominators; 95% interval on the log scale, exact below 10 events"
        }
        OverviewMeasure::BlackShare => "Census 2021 usual residents by ethnic group, the district's wards summed",
        OverviewMeasure::HarmRate(_) => {
            "police.uk street crime of the district's wards weighted by the ONS Crime Severity Score (each force's category weights), annualised from the months with data, per Census 2021 resident; only forces with street crime in the period"
        }
    }
}

/// The downloaded file's name, e.g. `england-and-wales-stop-search-ratio-2021-district.csv`.
pub fn file_name(measure: &OverviewMeasure) -> String {
    let (key, period) = measure.keys();
    let period = period.map(|p| format!("-{p}")).unwrap_or_default();
    format!("{OVERVIEW_ID}-{key}{period}-district.csv")
}

/// The whole downloaded file: `# key: value` lines (what the table is, its
/// measure and source, then the lines every table ends with), then the table.
pub fn overview_table_file(manifest: &Manifest, provenance: &Provenance, overview: &Overview, measure: &OverviewMeasure) -> String {
    let periods: Vec<(String, String)> = manifest.periods.iter().map(|p| (p.key.clone(), p.label.clone())).collect();
    let label = measure.label(&periods);
    let (key, period) = measure.keys();
    let mut lines: Vec<(String, String)> = vec![
        ("title".into(), format!("{label}, by district, {OVERVIEW_NAME}")),
        ("rows".into(), format!("one per district: {} districts of {} forces", overview.districts.len(), {
            let mut forces: Vec<&str> = overview.districts.iter().map(|d| d.force_id.as_str()).collect();
            forces.dedup();
            forces.len()
        })),
        ("measure".into(), format!("{label} ({key}{}), in {}", period.map(|p| format!(", period {p}")).unwrap_or_default(), measure.unit())),
        ("method".into(), source_note(measure).to_string()),
    ];
    if manifest.synthetic {
        lines.insert(1, ("synthetic".into(), "every figure is made up to demonstrate and test the map, and describes no real place or people".into()));
    }
    lines.extend(dataset_lines(manifest, provenance));
    let mut text: String = lines.iter().map(|(k, v)| format!("# {k}: {v}\n")).collect();
    text.push_str(&overview_table(overview, measure, &periods));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods() -> Vec<(String, String)> {
        vec![("baseline".into(), "Baseline (2018-19)".into())]
    }

    fn sample() -> Overview {
        let text = "district_code,district_name,force_id,force_name,residents,black,white,\
searches_black_2017,searches_white_2017,searches_black_2018,searches_white_2018,searches_black_2019,searches_white_2019,\
searches_black_2020,searches_white_2020,searches_black_2021,searches_white_2021,harm_baseline,harm_months_baseline\n\
D1,North,north-force,North Force,2000,100,1000,,,20,100,,,,,30,100,1200.000,6\n\
D2,South,south-force,South Force,500,50,400,[c],40,5,10,,,,,10,10,,\n";
        parse_overview("o.csv", text, &["baseline".to_string()]).unwrap()
    }

    #[test]
    fn reads_and_writes_the_same_table() {
        let o = sample();
        assert_eq!(o.districts.len(), 2);
        assert_eq!(o.districts[1].searches[0], Some((Cell::Suppressed, Cell::Value(40))));
        assert_eq!(o.districts[0].searches[0], None);
        let again = parse_overview("o.csv", &write_overview(&o), &o.periods).unwrap();
        assert_eq!(again, o);
        let repeat = write_overview(&o) + "D1,North,n,N,1,0,0,,,,,,,,,,,,\n";
        assert!(parse_overview("o.csv", &repeat, &o.periods).unwrap_err().to_string().contains("repeats a district"));
    }

    #[test]
    fn ratio_change_share_and_harm_by_hand() {
        let o = sample();
        let d1 = &o.districts[0];
        let v = |m: OverviewMeasure| overview_value(&o, d1, &m);
        // 2021: (30/100) / (100/1000) = 3.
        let r = v(OverviewMeasure::SearchRatio(2021));
        assert_eq!(r.text, "3.00");
        // Change 2021 against 2018: (30/100) / (20/100) = 1.5, interval 0.798856..2.816529
        // (search_series::tests::change_since_baseline_by_hand): includes 1.
        let c = v(OverviewMeasure::SearchChange(2021));
        assert_eq!((c.text.as_str(), c.status), ("1.50", Status::WithinChance));
        assert!((c.interval.unwrap().0 - 0.798856).abs() < 1e-6);
        // 100 of 2,000 residents.
        assert_eq!(v(OverviewMeasure::BlackShare).text, "5.0%");
        // 1,200 harm over 6 months: 2,400 a year over 2,000 residents = 1.2.
        assert_eq!(v(OverviewMeasure::HarmRate("baseline".into())).text, "1.2000");
    }

    #[test]
    fn missing_is_said_never_zero() {
        let o = sample();
        let d2 = &o.districts[1];
        let harm = OverviewMeasure::HarmRate("baseline".into());
        assert_eq!(overview_value(&o, d2, &harm).value, None);
        assert_eq!(
            missing_reason(&o, d2, &harm, &periods()).unwrap(),
            "South: South Force has no police.uk street crime in this dataset for Baseline (2018-19), so harm is not given (it is not zero)."
        );
        let s2017 = overview_value(&o, d2, &OverviewMeasure::SearchRatio(2017));
        assert_eq!((s2017.text.as_str(), s2017.status), ("[c]", Status::Suppressed));
        let s2019 = OverviewMeasure::SearchRatio(2019);
        assert_eq!(overview_value(&o, d2, &s2019).text, "not published");
        assert_eq!(missing_reason(&o, d2, &s2019, &periods()).unwrap(), "South: South Force publishes no district stop and search series for 2019.");
        assert_eq!(missing_reason(&o, &o.districts[0], &OverviewMeasure::BlackShare, &periods()), None);
    }

    #[test]
    fn a_forces_districts_from_its_published_files_by_hand() {
        use crate::category::Category;
        use crate::harm::CategoryWeights;
        use crate::month::m;
        use crate::period::NamedPeriod;
        // Two wards of D1 (100 and 50 Black of 1,000 and 500 residents), one of D2.
        let (entry, mut data) = crate::table_file::two_wards::force();
        data.wards.push(crate::dataset::test_ward("W3", "D2", [0, 10, 0, 90, 0]));
        let mut crime = crate::dataset::CrimeCounts::new(3, vec![m("2018-10"), m("2022-10")]);
        crime.cell_mut(0, 0)[Category::Burglary.index()] = 20;
        crime.cell_mut(1, 0)[Category::Burglary.index()] = 30;
        crime.cell_mut(2, 0)[Category::Burglary.index()] = 4;
        data.crime = crime;
        // Burglary weighs 2 under the default scheme (CSS).
        let mut css = CategoryWeights::unweighted();
        css.scheme = WeightScheme::Css;
        css.weights.iter_mut().filter(|w| w.category == Category::Burglary).for_each(|w| w.weight = Some(2.0));
        data.weights = vec![css];
        let named = |key: &str, from: &str, to: &str| NamedPeriod { key: key.into(), label: key.into(), from: m(from), to: Some(m(to)), baseline: false };
        // The baseline has street crime in one month (2018-10); 2020 has none.
        let periods = [named("baseline", "2018-04", "2019-03"), named("covid", "2020-04", "2021-03")];
        let series = crate::search_series::parse_series("s.csv", "area_code,area_name,year,black,white\nD1,D1,2018,[c],15\nD1,D1,2021,20,40\nF,Force,2021,25,45\n").unwrap();
        let rows = district_rows(&entry, &data, &series, &periods);
        assert_eq!(rows.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["D1", "D2"]);
        let (d1, d2) = (&rows[0], &rows[1]);
        // Residents summed from wards: D1 = 1,000 + 3,000; Black 200 + 100.
        assert_eq!((d1.residents, d1.black, d1.white), (4000, 300, 3700));
        assert_eq!((d2.residents, d2.black, d2.white), (100, 10, 90));
        // Harm 2 x (20 + 30) = 100 in 1 month; none in Covid, so missing.
        assert_eq!(d1.harm, vec![Some(PeriodHarm { harm: 100.0, months: 1 }), None]);
        assert_eq!(d2.harm[0], Some(PeriodHarm { harm: 8.0, months: 1 }));
        // The series copied as published, [c] kept; no row for 2017 or for D2.
        assert_eq!(d1.searches, vec![None, Some((Cell::Suppressed, Cell::Value(15))), None, None, Some((Cell::Value(20), Cell::Value(40)))]);
        assert!(d2.searches.iter().all(Option::is_none));
        // 100 harm a month = 1,200 a year over 4,000 residents.
        let o = Overview { periods: vec!["baseline".into(), "covid".into()], districts: rows.clone() };
        assert_eq!(overview_value(&o, d1, &OverviewMeasure::HarmRate("baseline".into())).text, "0.3000");
        // 2021: (20/300) / (40/3700) = 6.1667.
        assert_eq!(overview_value(&o, d1, &OverviewMeasure::SearchRatio(2021)).text, "6.17");
        assert_eq!(overview_value(&o, d1, &OverviewMeasure::SearchChange(2021)).status, Status::Suppressed);
    }

    #[test]
    fn keys_round_trip() {
        for m in OverviewMeasure::all(&periods()) {
            let (k, p) = m.keys();
            assert_eq!(OverviewMeasure::from_keys(&k, p.as_deref(), &periods()), Some(m));
        }
        // The default year of a measure without a period is the first listed.
        assert_eq!(OverviewMeasure::from_keys("stop-search-ratio", None, &periods()), Some(OverviewMeasure::SearchRatio(2021)));
        assert_eq!(OverviewMeasure::from_keys("crime-rate", None, &periods()), None);
        let table = overview_table(&sample(), &OverviewMeasure::HarmRate("baseline".into()), &periods());
        assert!(table.starts_with("district_code,district_name,force,residents,measure,value,status"));
        assert!(table.contains("D1,North,North Force,2000,harm-rate,1.2000,value,,,,\n"));
        assert!(table.contains("D2,South,South Force,500,harm-rate,no street crime data,no_data,,,,\"South: South Force has no police.uk street crime"));
        assert_eq!(file_name(&OverviewMeasure::SearchRatio(2021)), "england-and-wales-stop-search-ratio-2021-district.csv");
    }
}
