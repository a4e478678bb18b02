//! Everything derived for one selection (force, period, baseline, weighting
//! scheme, ethnicity basis): ward and force figures, stop-and-search
//! comparisons, change since the baseline and funnel points. The site builds
//! one of these per selection; `harm-prep measure` builds the same, so every
//! figure on screen has a command-line twin.

use crate::change::{area_changes, like_for_like, Change, LikeForLike};
use crate::level::{area_groups, Level};
use crate::ethnicity::Basis;
use crate::figures::{self, AreaFigures, ForceData};
use crate::funnel::{centre, flag, FunnelFlag, FunnelPoint};
use crate::harm::{CategoryWeights, WeightScheme};
use crate::sensitivity::{self, Sensitivity};
use crate::measures::{measure_value, AreaInputs, Measure, MeasureValue, Source};
use crate::month::Month;
use crate::period::Period;
use crate::searches::{self, ForceSearches, GroupComparison, SearchCounts};

/// A force's published stop-and-search tables and the months they cover.
#[derive(Debug, Clone, Copy)]
pub struct SearchTables<'a> {
    pub wards: &'a SearchCounts,
    pub force: &'a [ForceSearches],
    pub months: &'a [Month],
}

/// What a person has chosen.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    pub period: &'a Period,
    /// The period change is measured against.
    pub baseline: &'a Period,
    pub weights: &'a CategoryWeights,
    pub basis: Basis,
}

/// The areas of one level and their figures, in the level's order.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelView {
    pub level: Level,
    pub areas: Vec<AreaFigures>,
    /// Stop and search of each area, from the controlled ward or district
    /// table of the selected period (`None` when that period is not
    /// published below force level), or at force level from the exact
    /// monthly force table (`None` without stop-and-search months).
    pub searches: Option<Vec<GroupComparison>>,
    pub changes: Vec<Option<Change>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForceView {
    /// Ward, district and force levels, in [`Level::ALL`] order.
    pub levels: Vec<LevelView>,
    /// The months compared for change.
    pub compared: LikeForLike,
    /// Months of the period with stop-and-search data; with none, searches
    /// are missing (not zero) in every measure.
    pub search_months: usize,
    /// The fixed periods stop and search is published for below force level.
    pub search_periods: Vec<String>,
}

/// Derives every figure of a selection, at every level.
pub fn force_view(data: &ForceData, tables: SearchTables, force: (&str, &str), selection: &Selection) -> ForceView {
    let wards = figures::ward_figures(data, selection.period, selection.weights);
    let (from, to) = (selection.period.from, selection.period.to);
    let compared = like_for_like(selection.baseline, selection.period, data.crime_months());
    let search_months = selection.period.coverage(tables.months).present.len();
    let levels = Level::ALL
        .into_iter()
        .map(|level| {
            let groups = area_groups(&data.wards, level, force);
            let areas: Vec<AreaFigures> = match level {
                Level::Ward => wards.clone(),
                _ => groups
                    .iter()
                    .map(|g| {
                        let members: Vec<AreaFigures> = g.wards.iter().map(|&i| wards[i].clone()).collect();
                        figures::total(&g.code, &g.name, &members, selection.weights)
                    })
                    .collect(),
            };
            let searches = match level {
                Level::Force => (search_months > 0)
                    .then(|| vec![searches::force_comparison(&data.wards, tables.force, selection.basis, from, to)]),
                _ => searches::area_comparisons(&data.wards, tables.wards, selection.basis, &selection.period.key, level, &groups),
            };
            let mut changes: Vec<Option<Change>> =
                area_changes(data, force, &compared, selection.weights, level).into_iter().map(|c| c.change).collect();
            if level != Level::Force {
                changes.pop(); // the force row, kept at force level
            }
            LevelView { level, areas, searches, changes }
        })
        .collect();
    ForceView { levels, search_months, search_periods: tables.wards.periods().to_vec(), compared }
}

impl ForceView {
    pub fn at(&self, level: Level) -> &LevelView {
        &self.levels[level.index()]
    }

    pub fn wards(&self) -> &[AreaFigures] {
        &self.at(Level::Ward).areas
    }

    pub fn force(&self) -> &AreaFigures {
        &self.at(Level::Force).areas[0]
    }

    pub fn force_searches(&self) -> Option<&GroupComparison> {
        self.at(Level::Force).searches.as_ref().map(|s| &s[0])
    }

    /// Why stop and search has no figures at `level` for this period, if it has none.
    pub fn searches_missing(&self, level: Level, period: &str) -> Option<String> {
        if self.at(level).searches.is_some() {
            return None;
        }
        Some(match level {
            _ if self.search_months == 0 => format!("No stop-and-search data is published for {period}."),
            Level::Force => format!("No stop-and-search data is published for {period}."),
            _ => format!(
                "Below force level, stop and search is published only for whole {} ({}), so that no count can be worked out by subtracting one period from another; choose one of these periods.",
                if self.search_periods.iter().all(|p| p.len() == 4) { "calendar years" } else { "fixed periods" },
                self.search_periods.join(", ")
            ),
        })
    }

    /// What the measures of area `i` of `level` are computed from.
    pub fn inputs(&self, level: Level, i: usize) -> AreaInputs<'_> {
        let at = self.at(level);
        AreaInputs { figures: &at.areas[i], searches: at.searches.as_ref().map(|s| &s[i]), change: at.changes[i].as_ref() }
    }

    pub fn force_inputs(&self) -> AreaInputs<'_> {
        self.inputs(Level::Force, 0)
    }

    /// Each area's value of `measure` at `level`, in the level's order.
    pub fn values(&self, level: Level, measure: Measure) -> Vec<MeasureValue> {
        (0..self.at(level).areas.len()).map(|i| measure_value(measure, self.inputs(level, i))).collect()
    }

    pub fn force_value(&self, measure: Measure) -> MeasureValue {
        measure_value(measure, self.force_inputs())
    }

    pub fn change(&self, level: Level, i: usize) -> Option<&Change> {
        self.at(level).changes[i].as_ref()
    }

    pub fn force_change(&self) -> Option<&Change> {
        self.change(Level::Force, 0)
    }

    /// Funnel points of the areas of `level` for a kind of data: stop and
    /// search (all groups, published counts) or, for every other source,
    /// crimes; `None` when there is nothing to plot.
    pub fn funnel(&self, source: Source, level: Level) -> Option<Funnel> {
        let at = self.at(level);
        let (title, points): (&str, Vec<FunnelPoint>) = match source {
            Source::Searches => (
                "Stop and search per 1,000 residents (published, rounded counts)",
                at.areas
                    .iter()
                    .zip(at.searches.as_ref()?)
                    .filter_map(|(w, s)| Some(FunnelPoint { code: w.code.clone(), name: w.name.clone(), events: s.all?, residents: s.residents }))
                    .collect(),
            ),
            _ => (
                "Crimes per 1,000 residents in the period",
                at.areas
                    .iter()
                    .filter_map(|w| Some(FunnelPoint { code: w.code.clone(), name: w.name.clone(), events: w.crime.as_ref()?.crimes, residents: w.residents }))
                    .collect(),
            ),
        };
        // With no events at all there is no rate to draw limits around.
        let centre = centre(&points).filter(|&c| c > 0.0)?;
        let flags = points.iter().map(|p| flag(p.events, p.residents, centre)).collect();
        Some(Funnel { title: title.to_string(), points, centre, flags })
    }
}

/// How far the wards' harm per resident per year over `period` moves when
/// the CSS weights are swapped for each other published scheme: one
/// [`Sensitivity`] per other scheme, in published order. Empty without CSS
/// weights or crime data.
pub fn weighting_sensitivity(data: &ForceData, period: &Period) -> Vec<(WeightScheme, Sensitivity)> {
    let rates = |w: &CategoryWeights| -> Vec<Option<f64>> {
        figures::ward_figures(data, period, w).iter().map(AreaFigures::harm_per_resident_per_year).collect()
    };
    let Some(css) = data.weights(WeightScheme::Css) else { return Vec::new() };
    if !period.coverage(data.crime_months()).has_data() {
        return Vec::new();
    }
    let base = rates(css);
    data.weights
        .iter()
        .filter(|w| w.scheme != WeightScheme::Css)
        .map(|w| (w.scheme, sensitivity::compare(&base, &rates(w))))
        .collect()
}

/// A funnel plot's points, its centre and where each point sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub title: String,
    pub points: Vec<FunnelPoint>,
    /// Events per person across all points.
    pub centre: f64,
    pub flags: Vec<Option<FunnelFlag>>,
}

impl Funnel {
    /// The flag of the area with `code`, if it is plotted.
    pub fn flag_of(&self, code: &str) -> Option<FunnelFlag> {
        self.points.iter().position(|p| p.code == code).and_then(|i| self.flags[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::dataset::{CrimeCounts, WardRow};

    fn ward(code: &str, residents: u64) -> WardRow {
        WardRow {
            ward_code: code.into(),
            ward_name: code.into(),
            district_code: "D".into(),
            district_name: "D".into(),
            residents,
            asian: 0,
            black: residents / 10,
            mixed: 0,
            white: residents - residents / 10,
            other: 0,
            imd_decile: Some(2),
            rural_urban: "Urban".into(),
        }
    }

    use crate::month::m;

    #[test]
    fn one_selection_gives_every_figure() {
        // Two wards; burglary in 2018-10 (baseline) and 2022-10 (compared).
        let wards = vec![ward("W1", 1000), ward("W2", 3000)];
        let mut crime = CrimeCounts::new(2, vec![m("2018-10"), m("2022-10")]);
        crime.cell_mut(0, 0)[Category::Burglary.index()] = 20;
        crime.cell_mut(0, 1)[Category::Burglary.index()] = 40;
        crime.cell_mut(1, 0)[Category::Burglary.index()] = 30;
        crime.cell_mut(1, 1)[Category::Burglary.index()] = 30;
        let data = ForceData { wards, crime, weights: vec![CategoryWeights::unweighted()] };
        let period = Period::financial_year(2022);
        let baseline = Period::financial_year(2018);
        let selection = Selection {
            period: &period,
            baseline: &baseline,
            weights: data.weights(WeightScheme::Counts).unwrap(),
            basis: Basis::SelfDefined,
        };
        let header = crate::searches::AREA_SEARCH_COLUMNS.join(",");
        let no_searches = crate::searches::parse_search_counts("stop-search.csv", &header, &data.wards, &[]).unwrap();
        let view = force_view(&data, SearchTables { wards: &no_searches, force: &[], months: &[] }, ("F", "Force"), &selection);
        // W1 doubled (20 -> 40 in October): change 2.0; the force went 50 -> 70: 1.4.
        assert_eq!(view.values(Level::Ward, Measure::HarmChange)[0].text, "2.00");
        assert_eq!(view.force_value(Measure::HarmChange).text, "1.40");
        // 2022-23 has 1 month of data: W1's 40 crimes x 12 / 1,000 = 0.48 per resident per year.
        assert_eq!(view.values(Level::Ward, Measure::HarmRate)[0].text, "0.4800");
        assert_eq!(view.force_value(Measure::HarmRate).text, format!("{:.4}", 70.0 * 12.0 / 4000.0));
        // Funnel centre: 70 crimes over 4,000 residents.
        let funnel = view.funnel(Source::Crime, Level::Ward).unwrap();
        assert_eq!(funnel.centre, 70.0 / 4000.0);
        assert!(view.funnel(Source::Searches, Level::Ward).is_none(), "no published searches, nothing to plot");
        // One district of both wards: 50 -> 70 crimes, as the force.
        assert_eq!(view.values(Level::District, Measure::HarmChange)[0].text, "1.40");
        assert_eq!(view.at(Level::District).areas[0].residents, 4000);
        assert_eq!(view.force_value(Measure::SearchRate).text, "no data", "no stop-and-search months: missing, not zero");
        // Only counts are published here, so there is nothing to compare CSS with.
        assert!(weighting_sensitivity(&data, &period).is_empty());
    }

    #[test]
    fn sensitivity_pairs_css_with_each_other_scheme() {
        // Three wards; robbery weighs 100 under CSS, so W3 (robbery) ranks top
        // under CSS but bottom under counts: every ward changes quintile.
        let wards = vec![ward("W1", 1000), ward("W2", 1000), ward("W3", 1000)];
        let mut crime = CrimeCounts::new(3, vec![m("2019-01")]);
        crime.cell_mut(0, 0)[Category::Burglary.index()] = 30;
        crime.cell_mut(1, 0)[Category::Burglary.index()] = 20;
        crime.cell_mut(2, 0)[Category::Robbery.index()] = 1;
        let mut css = CategoryWeights::unweighted();
        css.scheme = WeightScheme::Css;
        css.weights.iter_mut().filter(|w| w.category == Category::Robbery).for_each(|w| w.weight = Some(100.0));
        let data = ForceData { wards, crime, weights: vec![css, CategoryWeights::unweighted()] };
        let pairs = weighting_sensitivity(&data, &Period::month(m("2019-01")));
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].0, WeightScheme::Counts);
        // CSS harm 30, 20, 100 against counts 30, 20, 1: ranks (2,1,3) vs (3,2,1), rho = -0.5.
        assert_eq!(pairs[0].1.areas, 3);
        assert!((pairs[0].1.rank_correlation.unwrap() + 0.5).abs() < 1e-12);
    }
}
