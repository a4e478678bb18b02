//! `harm-prep table` and `harm-prep change`: the site's tables as CSV,
//! computed from the published files by the same core functions the site uses.

use crate::error::{PrepError, Result};
use harm_core::change::{area_changes, like_for_like, LikeForLike};
use harm_core::level::Level;
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest, MonthlyData};
use harm_core::figures::{self, AreaFigures, ForceData};
use harm_core::ethnicity::Basis;
use harm_core::harm::{CategoryWeights, WeightScheme};
use harm_core::measures::{Measure, MeasureValue, Source};
use harm_core::period::Period;
use harm_core::searches::{self, ForceSearches, GroupComparison, SearchCounts};
use harm_core::view::{force_view, weighting_sensitivity, ForceView, SearchTables, Selection};
use harm_core::format;
use std::path::Path;

pub const TABLE_HEADER: [&str; 12] = [
    "ward_code", "ward_name", "district", "residents", "black_residents", "white_residents", "months_with_data",
    "crimes", "asb", "harm", "harm_per_resident_per_year", "crimes_per_1000_per_year",
];

pub const CHANGE_HEADER: [&str; 8] =
    ["area_code", "area_name", "months_compared", "baseline", "compare", "change_ratio", "lower", "upper"];

/// A published file's text, the error naming the file.
pub fn read_text(data: &Path, relative: &str) -> Result<String> {
    std::fs::read_to_string(data.join(relative)).map_err(PrepError::io(relative))
}

/// The dataset's manifest and the entry of the force `force_id`, or an error
/// listing the forces it has.
pub fn force_entry(data: &Path, force_id: &str) -> Result<(Manifest, ForceEntry)> {
    let manifest = dataset::parse_manifest("manifest.json", &read_text(data, "manifest.json")?)?;
    let entry = manifest.forces.iter().find(|f| f.id == force_id).cloned().ok_or_else(|| {
        let known: Vec<&str> = manifest.forces.iter().map(|f| f.id.as_str()).collect();
        PrepError::Check(format!("no force '{force_id}' in the dataset (forces: {})", known.join(", ")))
    })?;
    Ok((manifest, entry))
}

/// The manifest and one force's published crime, residents and searches.
pub struct LoadedForce {
    pub manifest: Manifest,
    pub entry: ForceEntry,
    pub data: ForceData,
    pub ward_searches: SearchCounts,
    pub force_searches: Vec<ForceSearches>,
}

impl LoadedForce {
    /// Reads a period key against the dataset's named periods and months:
    /// refused unless some month of it has any data.
    pub fn period(&self, key: &str) -> Result<Period> {
        self.period_with(key, MonthlyData::Any)
    }

    /// Reads a period key, refused when it is not a period, runs backwards or
    /// has no month of `data` (the message names the key and the months that
    /// have the data): every command's periods are resolved here, by the
    /// core function the site uses.
    pub fn period_with(&self, key: &str, data: MonthlyData) -> Result<Period> {
        self.given_period(None, key, data)
    }

    /// [`Self::period_with`], the error starting with the argument that gave
    /// the key (`--baseline 2030: ...`) where a command takes two periods.
    fn given_period(&self, argument: Option<&str>, key: &str, data: MonthlyData) -> Result<Period> {
        self.entry.period_with(key, &self.manifest.periods, data).map_err(|e| {
            PrepError::Check(match argument {
                Some(argument) => format!("{argument} {key}: {e}"),
                None => e.to_string(),
            })
        })
    }

    /// The calendar months with street-crime data in both periods, which
    /// change is measured over; refused when there is none.
    fn compared_months(&self, baseline: &Period, compare: &Period) -> Result<LikeForLike> {
        let months = like_for_like(baseline, compare, self.data.crime_months());
        if months.is_empty() {
            return Err(PrepError::Check(format!("{} against {}: {}", compare.label, baseline.label, months.describe())));
        }
        Ok(months)
    }

    pub fn weights(&self, scheme: WeightScheme) -> Result<&CategoryWeights> {
        self.data.weights(scheme).ok_or_else(|| {
            PrepError::Check(format!("{} publishes no '{}' weights", ForceFiles::category_weights(&self.entry.id), scheme.key()))
        })
    }

    /// The force as one area: `(code, "<name> (force total)")`.
    pub fn force_label(&self) -> (String, String) {
        (self.entry.code.clone(), format!("{} (force total)", self.entry.name))
    }

    /// The baseline named in the dataset, the period change is measured
    /// against by default, with at least one month of `data`.
    pub fn default_baseline(&self, data: MonthlyData) -> Result<Period> {
        let named = harm_core::period::baseline(&self.manifest.periods)
            .ok_or_else(|| PrepError::Check("the dataset declares no baseline period".into()))?;
        self.period_with(&named.key, data)
    }

    /// Every figure of a selection, as the site derives it.
    pub fn view(&self, period: &Period, baseline: &Period, scheme: WeightScheme, basis: Basis) -> Result<ForceView> {
        let selection = Selection { period, baseline, weights: self.weights(scheme)?, basis };
        let tables = SearchTables { wards: &self.ward_searches, force: &self.force_searches, months: &self.entry.stop_search_months };
        let (code, name) = self.force_label();
        Ok(force_view(&self.data, tables, (&code, &name), &selection))
    }
}

/// Reads the manifest and one force's published tables.
pub fn load_force(data: &Path, force_id: &str) -> Result<LoadedForce> {
    let (manifest, entry) = force_entry(data, force_id)?;
    let file = |path: String| read_text(data, &path).map(|text| (path, text));
    let (wards_path, wards_text) = file(ForceFiles::wards(force_id))?;
    let (crime_path, crime_text) = file(ForceFiles::crime(force_id))?;
    let (weights_path, weights_text) = file(ForceFiles::category_weights(force_id))?;
    let (ward_searches_path, ward_searches_text) = file(ForceFiles::stop_search(force_id))?;
    let (force_searches_path, force_searches_text) = file(ForceFiles::stop_search_force(force_id))?;
    let wards = dataset::parse_wards(&wards_path, &wards_text)?;
    let data = ForceData {
        crime: dataset::parse_crime(&crime_path, &crime_text, &wards, &entry.crime_months)?,
        weights: dataset::parse_category_weights(&weights_path, &weights_text)?,
        wards,
    };
    Ok(LoadedForce {
        ward_searches: searches::parse_search_counts(&ward_searches_path, &ward_searches_text, &data.wards, &entry.stop_search_period_keys())?,
        force_searches: searches::parse_force_searches(&force_searches_path, &force_searches_text)?,
        manifest,
        entry,
        data,
    })
}

fn csv_of(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8")
}

fn row(area: &AreaFigures, district: &str) -> Vec<String> {
    let crime = area.crime.as_ref();
    vec![
        area.code.clone(),
        area.name.clone(),
        district.to_string(),
        area.residents.to_string(),
        area.black().to_string(),
        area.white().to_string(),
        crime.map(|c| c.months_present.to_string()).unwrap_or_else(|| "0".into()),
        crime.map(|c| c.crimes.to_string()).unwrap_or_default(),
        crime.map(|c| c.anti_social_behaviour.to_string()).unwrap_or_default(),
        format::harm(crime.and_then(|c| c.harm)),
        format::harm_rate(crime.and_then(|c| c.harm_per_resident_per_year)),
        format::per_thousand(crime.and_then(|c| c.crimes_per_1000_per_year)),
    ]
}

/// One row per ward and a final force-total row, harm weighted by `scheme`.
/// A period with no month of street-crime data is refused, never printed as
/// zeros; harm and rates are empty (not zero) where they cannot be computed
/// (a crime category without a weight, a ward without residents).
pub fn ward_table_csv(data: &Path, force_id: &str, period: &str, scheme: WeightScheme) -> Result<String> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StreetCrime)?;
    let weights = force.weights(scheme)?;
    let wards = figures::ward_figures(&force.data, &period, weights);
    let (code, name) = force.force_label();
    let total = figures::total(&code, &name, &wards, weights);
    let rows = wards.iter().map(|w| row(w, &w.district_name)).chain([row(&total, "")]);
    Ok(csv_of(&TABLE_HEADER, rows))
}

/// Change in harm per resident per year from `baseline` to `compare`, over
/// the calendar months with data in both, for each area at `level` and the force.
pub fn change_csv(data: &Path, force_id: &str, baseline: &str, compare: &str, level: Level, scheme: WeightScheme) -> Result<String> {
    let force = load_force(data, force_id)?;
    let baseline = force.given_period(Some("--baseline"), baseline, MonthlyData::StreetCrime)?;
    let compare = force.given_period(Some("--compare"), compare, MonthlyData::StreetCrime)?;
    let months = force.compared_months(&baseline, &compare)?;
    let (code, name) = force.force_label();
    let changes = area_changes(&force.data, (&code, &name), &months, force.weights(scheme)?, level);
    let compared = months.months_compared();
    let rows = changes.into_iter().map(|a| {
        let c = a.change;
        vec![
            a.code,
            a.name,
            compared.clone(),
            format::harm_rate(c.map(|c| c.baseline_rate)),
            format::harm_rate(c.map(|c| c.compare_rate)),
            format::ratio(c.map(|c| c.ratio)),
            format::ratio(c.map(|c| c.lower)),
            format::ratio(c.map(|c| c.upper)),
        ]
    });
    Ok(csv_of(&CHANGE_HEADER, rows))
}

pub const STOP_SEARCH_HEADER: [&str; 17] = [
    "ward_code", "ward_name", "district", "black_residents", "white_residents", "black_searches", "white_searches",
    "not_stated_searches", "all_searches", "black_rate_per_1000", "white_rate_per_1000", "rate_ratio", "ratio_lower",
    "ratio_upper", "unknown_share", "reliability", "funnel",
];

fn comparison_row(code: &str, name: &str, district: &str, c: &GroupComparison, funnel: String) -> Vec<String> {
    vec![
        code.to_string(),
        name.to_string(),
        district.to_string(),
        c.black_residents.to_string(),
        c.white_residents.to_string(),
        format::published_count(c.black),
        format::published_count(c.white),
        format::published_count(c.not_stated),
        format::published_count(c.all),
        format::per_thousand(c.black_rate),
        format::per_thousand(c.white_rate),
        format::ratio(c.ratio.and_then(|r| r.ratio)),
        format::limit(c.ratio.map(|r| r.lower)),
        format::limit(c.ratio.map(|r| r.upper)),
        format::percent(c.unknown_share),
        if c.low_reliability { "[u]".to_string() } else { String::new() },
        funnel,
    ]
}

/// Stop and search by ward from the published, controlled counts, and the
/// force row from the force-level table. The funnel column places each
/// ward's all-resident search rate against the limits around the centre the
/// site's funnel chart uses.
pub fn stop_search_table_csv(data: &Path, force_id: &str, basis: Basis, period: &str, level: Level) -> Result<String> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StopSearch)?;
    let view = force.view(&period, &period, force.manifest.default_scheme(), basis)?;
    let missing = |l: Level| PrepError::Check(view.searches_missing(l, &period.label).unwrap_or_default());
    let areas: &[AreaFigures] = if level == Level::Force { &[] } else { &view.at(level).areas };
    let searches: &[GroupComparison] = match (level, view.at(level).searches.as_deref()) {
        (Level::Force, _) => &[],
        (_, Some(s)) => s,
        (_, None) => return Err(missing(level)),
    };
    let funnel = view.funnel(Source::Searches, level);
    let rows = areas.iter().zip(searches).map(|(area, c)| {
        let place = funnel.as_ref().and_then(|f| f.flag_of(&area.code)).map(|f| f.describe().to_string());
        comparison_row(&area.code, &area.name, &area.district_name, c, place.unwrap_or_default())
    });
    let (code, name) = force.force_label();
    let Some(force_searches) = view.force_searches() else { return Err(missing(Level::Force)) };
    let force_row = comparison_row(&code, &name, "", force_searches, String::new());
    Ok(csv_of(&STOP_SEARCH_HEADER, rows.chain([force_row])))
}

pub const MEASURE_HEADER: [&str; 8] = ["area_code", "area_name", "measure", "value", "status", "reliability", "lower", "upper"];

/// Every area's value of one measure at `level` and the force's, exactly as
/// the site writes them: `value` is the text on screen.
/// What a person has chosen, as period keys and options (see `Selection` in core).
pub struct Choice<'a> {
    pub period: &'a str,
    /// The period change is measured against; `None` for the dataset's baseline.
    pub baseline: Option<&'a str>,
    pub scheme: WeightScheme,
    pub level: Level,
    pub basis: Basis,
}

pub fn measure_csv(data: &Path, force_id: &str, measure: &str, choice: &Choice) -> Result<String> {
    let Choice { period, baseline, scheme, level, basis } = *choice;
    let known = || Measure::all().iter().map(|m| m.key()).collect::<Vec<_>>().join(", ");
    let measure = Measure::from_key(measure)
        .ok_or_else(|| PrepError::Check(format!("'{measure}' is not a measure (measures: {})", known())))?;
    let force = load_force(data, force_id)?;
    // Refused, as in `table` and `change`, when the period has none of the
    // data the measure is computed from, rather than a column of "no data".
    let period = force.period_with(period, measure.source().monthly_data())?;
    // Only change is measured against the baseline; for any other measure it
    // need only be a period with data.
    let change = measure.source() == Source::Change;
    let baseline_needs = if change { MonthlyData::StreetCrime } else { MonthlyData::Any };
    let baseline = match baseline {
        Some(key) => force.given_period(Some("--baseline"), key, baseline_needs)?,
        None => force.default_baseline(baseline_needs)?,
    };
    if change {
        force.compared_months(&baseline, &period)?;
    }
    let view = force.view(&period, &baseline, scheme, basis)?;
    let line = |code: &str, name: &str, v: MeasureValue| {
        vec![
            code.to_string(),
            name.to_string(),
            measure.key(),
            v.text,
            v.status.key().to_string(),
            if v.low_reliability && v.value.is_some() { "[u]".into() } else { String::new() },
            format::limit(v.interval.map(|i| i.0)),
            format::limit(v.interval.map(|i| i.1)),
        ]
    };
    let areas = if level == Level::Force { &[][..] } else { &view.at(level).areas[..] };
    let rows = areas.iter().zip(view.values(level, measure)).map(|(a, v)| line(&a.code, &a.name, v));
    let total = line(&view.force().code, &view.force().name, view.force_value(measure));
    Ok(csv_of(&MEASURE_HEADER, rows.chain([total])))
}

pub const SENSITIVITY_HEADER: [&str; 6] = ["scheme", "compared_with", "wards", "quintile_changes", "moved_two_or_more", "rank_correlation"];

/// How ward harm per resident per year over `period` moves from CSS to each
/// other published scheme, as beside the site's legend.
pub fn sensitivity_csv(data: &Path, force_id: &str, period: &str) -> Result<String> {
    let force = load_force(data, force_id)?;
    let period = force.period_with(period, MonthlyData::StreetCrime)?;
    let pairs = weighting_sensitivity(&force.data, &period);
    if pairs.is_empty() {
        return Err(PrepError::Check(format!(
            "{} publishes no CSS weights, or no other scheme to compare them with",
            ForceFiles::category_weights(&force.entry.id)
        )));
    }
    let rows = pairs.into_iter().map(|(scheme, s)| {
        vec![
            scheme.key().to_string(),
            WeightScheme::Css.key().to_string(),
            s.areas.to_string(),
            s.quintile_changes.to_string(),
            s.moved_two_or_more.to_string(),
            s.rank_correlation.map(|r| format!("{r:.3}")).unwrap_or_default(),
        ]
    });
    Ok(csv_of(&SENSITIVITY_HEADER, rows))
}
