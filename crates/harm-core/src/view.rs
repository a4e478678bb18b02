//! Everything derived for one selection (force, period, baseline, weighting
//! scheme, ethnicity basis): ward and force figures, stop-and-search
//! comparisons, change since the baseline and funnel points — over every
//! ward of the force, or over the wards of a module ([`crate::modules`]),
//! with districts and force recomputed from them. The site builds one of
//! these per selection; `harm-prep measure` builds the same, so every
//! figure on screen has a command-line twin.

use crate::change::{area_changes, like_for_like, Change, LikeForLike};
use crate::level::{area_groups, Level};
use crate::ethnicity::Basis;
use crate::figures::{self, AreaFigures, ForceData};
use crate::funnel::{centre, flag, FunnelFlag, FunnelPoint};
use crate::harm::{CategoryWeights, WeightScheme};
use crate::sensitivity::{self, Sensitivity};
use crate::measures::{measure_value, AreaInputs, Measure, MeasureValue, Source};
use crate::module_searches::{sum_ward_searches, SearchSum};
use crate::modules::{EmptyModule, Module, ModuleWards};
use crate::dataset::WardRow;
use crate::month::Month;
use crate::period::Period;
use crate::searches::{self, ForceSearches, GroupComparison, SearchCounts};
use crate::lenses::{Lens, LensComparison, LensTables};

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
    /// In a module, at district and force level: how each area's stop and
    /// search was summed from its wards' published cells (rounded, some
    /// suppressed), in the level's order; `None` without a module, at ward
    /// level, or when `searches` is `None`.
    pub search_sums: Option<Vec<SearchSum>>,
    pub changes: Vec<Option<Change>>,
    /// Each area's force-held lenses, by [`crate::lenses::Lens::index`]
    /// (see [`ForceView::with_lenses`]); empty without lenses.
    pub lenses: Vec<Vec<Option<LensComparison>>>,
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
    /// The module the view is limited to and its wards (ward `i` of the
    /// view is ward `wards[i]` of the force); `None` for every ward. Its
    /// label and note belong beside every figure of the view.
    pub module: Option<ModuleWards>,
    /// Why a published lens has no figures at a level, by lens and level
    /// (see [`ForceView::lens_missing`]); empty without lenses.
    pub lens_notes: Vec<(Lens, [Option<String>; 3])>,
}

/// Derives every figure of a selection, at every level, over every ward of the force.
pub fn force_view(data: &ForceData, tables: SearchTables, force: (&str, &str), selection: &Selection) -> ForceView {
    let ward_searches = ward_comparisons(&data.wards, tables, force, selection);
    view_of(data, tables, force, selection, ward_searches, None)
}

/// Derives every figure of a selection limited to `module`: the module's
/// wards, and districts and force recomputed from those wards only (harm,
/// rates, change, exposure disparity and the funnel centre all follow). With
/// no module this is [`force_view`]. Stop and search of a module's districts
/// and force is summed from the published ward cells, with how in
/// [`LevelView::search_sums`] (see [`crate::module_searches`]). A module with
/// no ward in the force is refused, naming what it leaves out.
pub fn module_view(
    data: &ForceData,
    tables: SearchTables,
    force: (&str, &str),
    selection: &Selection,
    module: &Module,
) -> Result<ForceView, EmptyModule> {
    if module.is_all_wards() {
        return Ok(force_view(data, tables, force, selection));
    }
    let members = module.select(&data.wards).non_empty(force.1)?;
    let restricted = members.restrict(data);
    // Ward comparisons come from the force's published table, indexed by the
    // force's wards, then are kept for the module's wards.
    let ward_searches = ward_comparisons(&data.wards, tables, force, selection)
        .map(|all| members.wards.iter().map(|&i| all[i].clone()).collect());
    Ok(view_of(&restricted, tables, force, selection, ward_searches, Some(members)))
}

fn ward_comparisons(wards: &[WardRow], tables: SearchTables, force: (&str, &str), selection: &Selection) -> Option<Vec<GroupComparison>> {
    let groups = area_groups(wards, Level::Ward, force);
    searches::area_comparisons(wards, tables.wards, selection.basis, &selection.period.key, Level::Ward, &groups)
}

/// The view of `data`, whose wards' published comparisons are
/// `ward_searches`; with a module, `data` is already limited to its wards.
fn view_of(
    data: &ForceData,
    tables: SearchTables,
    force: (&str, &str),
    selection: &Selection,
    ward_searches: Option<Vec<GroupComparison>>,
    module: Option<ModuleWards>,
) -> ForceView {
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
            let (searches, search_sums) = match level {
                Level::Ward => (ward_searches.clone(), None),
                _ if module.is_some() => match &ward_searches {
                    None => (None, None),
                    Some(by_ward) => {
                        let (comparisons, sums) =
                            groups.iter().map(|g| sum_ward_searches(&data.wards, by_ward, &g.wards)).unzip();
                        (Some(comparisons), Some(sums))
                    }
                },
                Level::Force => (
                    (search_months > 0)
                        .then(|| vec![searches::force_comparison(&data.wards, tables.force, selection.basis, from, to)]),
                    None,
                ),
                Level::District => (
                    searches::area_comparisons(&data.wards, tables.wards, selection.basis, &selection.period.key, level, &groups),
                    None,
                ),
            };
            let mut changes: Vec<Option<Change>> =
                area_changes(data, force, &compared, selection.weights, level).into_iter().map(|c| c.change).collect();
            if level != Level::Force {
                changes.pop(); // the force row, kept at force level
            }
            LevelView { level, areas, searches, search_sums, changes, lenses: Vec::new() }
        })
        .collect();
    ForceView { levels, search_months, search_periods: tables.wards.periods().to_vec(), compared, module, lens_notes: Vec::new() }
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

    /// The force's wards (indices in published order, as in
    /// [`ForceData::wards`]) that make up area `i` of `level`: in a module,
    /// only the module's; for a trend or any figure read from the force's
    /// own data rather than from the view.
    pub fn members(&self, level: Level, i: usize) -> Vec<usize> {
        let wards = self.wards();
        let in_view: Vec<usize> = match level {
            Level::Ward => vec![i],
            Level::District => {
                let code = &self.at(Level::District).areas[i].code;
                (0..wards.len()).filter(|&w| &wards[w].district_code == code).collect()
            }
            Level::Force => (0..wards.len()).collect(),
        };
        match &self.module {
            Some(m) => in_view.into_iter().map(|w| m.wards[w]).collect(),
            None => in_view,
        }
    }

    /// Where each of the force's areas of `level` (`codes`, e.g. the
    /// outlines drawn) is in this view: `None` for an area outside the
    /// module. At force level every area stands for the one force area.
    pub fn positions(&self, level: Level, codes: &[&str]) -> Vec<Option<usize>> {
        if level == Level::Force {
            return vec![Some(0); codes.len()];
        }
        // Indexed once, so a national map's thousands of shapes are not each searched for.
        let mut index = std::collections::HashMap::new();
        for (i, area) in self.at(level).areas.iter().enumerate() {
            index.entry(area.code.as_str()).or_insert(i);
        }
        codes.iter().map(|code| index.get(code).copied()).collect()
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
            Level::Force if self.module.is_none() => format!("No stop-and-search data is published for {period}."),
            _ => format!(
                "{}Below force level, stop and search is published only for whole {} ({}), so that no count can be worked out by subtracting one period from another; choose one of these periods.",
                if self.module.is_some() { "A module's stop and search is summed from its wards' published counts. " } else { "" },
                if self.search_periods.iter().all(|p| p.len() == 4) { "calendar years" } else { "fixed periods" },
                self.search_periods.join(", ")
            ),
        })
    }

    /// How area `i` of `level`'s stop and search was summed from ward cells, in a module.
    pub fn search_sum(&self, level: Level, i: usize) -> Option<&SearchSum> {
        self.at(level).search_sums.as_ref().map(|s| &s[i])
    }

    /// What the measures of area `i` of `level` are computed from.
    pub fn inputs(&self, level: Level, i: usize) -> AreaInputs<'_> {
        let at = self.at(level);
        AreaInputs {
            figures: &at.areas[i],
            searches: at.searches.as_ref().map(|s| &s[i]),
            change: at.changes[i].as_ref(),
            lenses: at.lenses.get(i).map_or(&[], Vec::as_slice),
        }
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
        let (title, points): (String, Vec<FunnelPoint>) = match source {
            Source::Lens(lens) => (
                format!("{} per 1,000 residents in the period (published, rounded counts)", lens.label()),
                at.areas
                    .iter()
                    .zip(&at.lenses)
                    .filter_map(|(w, l)| {
                        let c = &l.get(lens.index())?.as_ref()?.comparison;
                        Some(FunnelPoint { code: w.code.clone(), name: w.name.clone(), events: c.all?, residents: c.residents })
                    })
                    .collect(),
            ),
            Source::Searches => (
                "Stop and search per 1,000 residents (published, rounded counts)".into(),
                at.areas
                    .iter()
                    .zip(at.searches.as_ref()?)
                    .filter_map(|(w, s)| Some(FunnelPoint { code: w.code.clone(), name: w.name.clone(), events: s.all?, residents: s.residents }))
                    .collect(),
            ),
            _ => (
                "Crimes per 1,000 residents in the period".into(),
                at.areas
                    .iter()
                    .filter_map(|w| Some(FunnelPoint { code: w.code.clone(), name: w.name.clone(), events: w.crime.as_ref()?.crimes, residents: w.residents }))
                    .collect(),
            ),
        };
        // With no events at all there is no rate to draw limits around.
        let centre = centre(&points).filter(|&c| c > 0.0)?;
        let flags = points.iter().map(|p| flag(p.events, p.residents, centre)).collect();
        Some(Funnel { title, points, centre, flags })
    }

    /// This view with the force-held `lenses` of its force added at every
    /// level (see [`crate::lenses::lens_levels`]); `data` is the whole
    /// force's, even for a module view.
    pub fn with_lenses(mut self, data: &ForceData, lenses: &[LensTables], selection: &Selection) -> ForceView {
        let (by_level, notes) = crate::lenses::lens_levels(&self, data, lenses, selection.basis, selection.period);
        for (level, areas) in self.levels.iter_mut().zip(by_level) {
            level.lenses = areas;
        }
        self.lens_notes = notes;
        self
    }

    /// Why `lens` has no figures at `level`, if it has none: not published
    /// for the force, or not for this period, level or basis.
    pub fn lens_missing(&self, lens: Lens, level: Level) -> Option<String> {
        match self.lens_notes.iter().find(|(l, _)| *l == lens) {
            None => Some(format!("No {} data is published for this force.", lens.label().to_lowercase())),
            Some((_, notes)) => notes[level.index()].clone(),
        }
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
    use crate::dataset::CrimeCounts;
    use crate::ethnicity::EthnicGroup;

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
            residents_in_neighbours: false,
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

    /// Urban U1 (decile 1, district D1), urban U2 (decile 6, D2) and rural
    /// R1 (decile 2, D1); burglaries in 2018-10 (baseline) and 2022-10, and
    /// stop and search published for 2022-23 with U2's Black count [c].
    fn three_ward_force() -> (ForceData, SearchCounts, Vec<ForceSearches>) {
        let ward = |code: &str, district: &str, decile, class: &str, groups| WardRow {
            imd_decile: Some(decile),
            rural_urban: class.into(),
            ..crate::dataset::test_ward(code, district, groups)
        };
        let wards = vec![
            ward("U1", "D1", 1, "Urban: Nearer to a major town or city", [0, 200, 0, 800, 0]),
            ward("U2", "D2", 6, "Urban: Further from a major town or city", [0, 100, 0, 1900, 0]),
            ward("R1", "D1", 2, "Smaller rural: Nearer to a major town or city", [0, 0, 0, 1000, 0]),
        ];
        let mut crime = CrimeCounts::new(3, vec![m("2018-10"), m("2022-10")]);
        for (i, (before, after)) in [(10, 20), (30, 30), (40, 10)].into_iter().enumerate() {
            crime.cell_mut(i, 0)[Category::Burglary.index()] = before;
            crime.cell_mut(i, 1)[Category::Burglary.index()] = after;
        }
        let text = "level,area_code,period,basis,asian,black,mixed,white,other,not_stated,total\n\
                    ward,U1,2022-23,self_defined,0,20,0,40,0,0,60\n\
                    ward,U2,2022-23,self_defined,0,[c],0,30,0,5,40\n\
                    ward,R1,2022-23,self_defined,0,0,0,50,0,0,50\n\
                    district,D1,2022-23,self_defined,0,20,0,90,0,0,110\n\
                    district,D2,2022-23,self_defined,0,[c],0,30,0,5,40\n";
        let counts = crate::searches::parse_search_counts("stop-search.csv", text, &wards, &["2022-23".to_string()]).unwrap();
        let force_row = |group, searches| ForceSearches::no_further_action(m("2022-10"), Basis::SelfDefined, group, searches);
        let force = vec![force_row(EthnicGroup::Black, 30), force_row(EthnicGroup::White, 130)];
        (ForceData { wards, crime, weights: vec![CategoryWeights::unweighted()] }, counts, force)
    }

    /// The three-ward force by counts, from the financial year starting in
    /// `year` against 2018-19: the whole force's view and each module's.
    fn three_ward_views(year: u16, modules: &[&str]) -> (ForceView, Vec<Result<ForceView, EmptyModule>>) {
        let (data, counts, force_rows) = three_ward_force();
        let (period, baseline) = (Period::financial_year(year), Period::financial_year(2018));
        let weights = data.weights(WeightScheme::Counts).unwrap();
        let selection = Selection { period: &period, baseline: &baseline, weights, basis: Basis::SelfDefined };
        let months = [m("2018-10"), m("2022-10")];
        let tables = SearchTables { wards: &counts, force: &force_rows, months: &months };
        let view_of = |key: &&str| module_view(&data, tables, ("F", "Force"), &selection, &Module::parse(key).unwrap());
        (force_view(&data, tables, ("F", "Force"), &selection), modules.iter().map(view_of).collect())
    }

    #[test]
    fn a_module_recomputes_districts_and_force_from_its_wards() {
        let keys = ["all", "urban", "imd-1-2", "rural+imd-1-2", "rural+imd-9-10"];
        let (whole, views) = three_ward_views(2022, &keys);
        let module = |key: &str| views[keys.iter().position(|k| *k == key).unwrap()].clone();

        // No module is exactly the force view.
        assert_eq!(module("all").unwrap(), whole);
        assert!(whole.module.is_none() && whole.at(Level::District).search_sums.is_none());

        let urban = module("urban").unwrap();
        assert_eq!(urban.wards().iter().map(|w| w.code.as_str()).collect::<Vec<_>>(), ["U1", "U2"]);
        assert_eq!(urban.module.as_ref().unwrap().wards, vec![0, 1]);
        // Force in the module: U1 + U2 = 20 + 30 burglaries in the one month
        // of 2022-23 with data, x 12 over 3,000 residents = 0.2 per resident
        // per year (the whole force: 60 x 12 / 4,000 = 0.18).
        assert_eq!((urban.force().code.as_str(), urban.force().residents), ("F", 3000));
        assert_eq!(urban.force_value(Measure::HarmRate).text, "0.2000");
        assert_eq!(whole.force_value(Measure::HarmRate).text, "0.1800");
        // Change: 10 + 30 = 40 -> 50 is 1.25 (the whole force: 80 -> 60, 0.75).
        assert_eq!(urban.force_value(Measure::HarmChange).text, "1.25");
        assert_eq!(whole.force_value(Measure::HarmChange).text, "0.75");
        // Districts hold only the module's wards: D1 is U1 alone (10 -> 20),
        // D2 is U2 alone (30 -> 30).
        assert_eq!(urban.at(Level::District).areas.iter().map(|a| a.residents).collect::<Vec<_>>(), [1000, 2000]);
        let district_change: Vec<String> = urban.values(Level::District, Measure::HarmChange).into_iter().map(|v| v.text).collect();
        assert_eq!(district_change, ["2.00", "1.00"]);
        // Exposure over the module's wards: U1 0.24 (20 x 12 / 1,000), U2 0.18 (30 x 12 / 2,000).
        // Black (200 x 0.24 + 100 x 0.18) / 300 = 0.22; White (800 x 0.24 + 1,900 x 0.18) / 2,700 = 534 / 2,700.
        let e = figures::exposure(urban.wards()).unwrap();
        assert!((e.ratio - 0.22 * 2700.0 / 534.0).abs() < 1e-12, "{}", e.ratio);
        // Funnel centre: the module's 50 crimes over its 3,000 residents.
        assert_eq!(urban.funnel(Source::Crime, Level::Ward).unwrap().centre, 50.0 / 3000.0);

        // Stop and search: wards as published; the module's districts and
        // force summed from ward cells, never from the district lines or the force table.
        let ward_searches = urban.at(Level::Ward).searches.as_ref().unwrap();
        assert_eq!((ward_searches[0].black, ward_searches[1].black), (Some(20), None));
        let d1 = &urban.at(Level::District).searches.as_ref().unwrap()[0];
        assert_eq!((d1.black, d1.white), (Some(20), Some(40)), "U1's cells, not D1's published line (20, 90)");
        // The module's force: U2's Black [c] leaves the Black count, rate and
        // ratio uncomputable ([c], never 20 + 0); White 40 + 30 = 70 (66 to 74);
        // all 60 + 40 = 100 per 3,000 residents = 33.33 per 1,000.
        let force_searches = urban.force_searches().unwrap();
        assert_eq!((force_searches.black, force_searches.white, force_searches.all), (None, Some(70), Some(100)));
        assert_eq!(urban.force_value(Measure::SearchRatio).text, "[c]");
        assert_eq!(urban.force_value(Measure::SearchRate).text, "33.33");
        let sum = urban.search_sum(Level::Force, 0).unwrap();
        assert_eq!((sum.wards, sum.black.suppressed_wards, sum.white.lower, sum.white.upper), (2, 1, 66, Some(74)));
        assert!(urban.search_sum(Level::Ward, 0).is_none());
        // The whole force reads its exact monthly table: Black 30, White 130.
        assert_eq!((whole.force_searches().unwrap().black, whole.force_searches().unwrap().white), (Some(30), Some(130)));

        // A module stratum by deprivation and a combination.
        assert_eq!(module("imd-1-2").unwrap().wards().iter().map(|w| w.code.as_str()).collect::<Vec<_>>(), ["U1", "R1"]);
        let rural_deprived = module("rural+imd-1-2").unwrap();
        assert_eq!(rural_deprived.force_value(Measure::HarmRate).text, "0.1200", "R1: 10 x 12 / 1,000");
        // A module without wards is refused, not shown as zeros.
        assert_eq!(
            module("rural+imd-9-10").unwrap_err().to_string(),
            "Force has no rural wards in England's least deprived 20% of neighbourhoods (IMD deciles 9-10)."
        );
    }

    #[test]
    fn members_and_positions_of_a_module_view() {
        let (whole, views) = three_ward_views(2022, &["rural", "urban"]);
        let [rural, urban] = [views[0].clone().unwrap(), views[1].clone().unwrap()];
        // Wards U1, U2, R1; districts D1 (U1, R1) and D2 (U2).
        assert_eq!(whole.members(Level::District, 0), [0, 2]);
        assert_eq!(whole.members(Level::Force, 0), [0, 1, 2]);
        // Rural: R1 alone, ward 2 of the force; D1 is its only district.
        assert_eq!(rural.members(Level::Ward, 0), [2]);
        assert_eq!(rural.members(Level::District, 0), [2]);
        assert_eq!(rural.members(Level::Force, 0), [2]);
        // Urban: U1 and U2 (force wards 0 and 1), D1 holds U1 only.
        assert_eq!(urban.members(Level::District, 0), [0]);
        assert_eq!(urban.members(Level::Force, 0), [0, 1]);
        // The map's outlines in the force's order: R1 is outside the urban module.
        assert_eq!(urban.positions(Level::Ward, &["U1", "U2", "R1"]), [Some(0), Some(1), None]);
        assert_eq!(rural.positions(Level::District, &["D1", "D2"]), [Some(0), None]);
        assert_eq!(rural.positions(Level::Force, &["D1", "D2"]), [Some(0), Some(0)]);
    }

    #[test]
    fn a_module_has_no_force_searches_for_a_period_not_published_below_force_level() {
        // 2018-19 has stop-and-search months (the force table) but no ward table.
        let (whole, views) = three_ward_views(2018, &["urban"]);
        assert!(whole.force_searches().is_some() && whole.searches_missing(Level::Force, "2018-19").is_none());
        let urban = views[0].clone().unwrap();
        assert!(urban.force_searches().is_none());
        assert_eq!(
            urban.searches_missing(Level::Force, "2018-19").unwrap(),
            "A module's stop and search is summed from its wards' published counts. Below force level, stop and search is published only for whole fixed periods (2022-23), so that no count can be worked out by subtracting one period from another; choose one of these periods."
        );
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
