//! `harm-prep build`: raw inputs to the published dataset.

use crate::assign::Accounting;
use crate::boundaries_out::outline_files;
use crate::error::{PrepError, Result};
use crate::geography::{ForceGeography, Placed};
use crate::inputs::{calls_for_service, census, force_held, offences, stop_search, street_crime, use_of_force, weights};
use crate::publish::{self, PublishedFiles};
use crate::{force_held_out, police_uk_folder, rag_out, searches_out};
use harm_core::rag::{RagRow, RAG, RAG_COLUMNS};
use crate::raw::RawFolder;
use crate::recipe::{ForceHeldKind, ForceRecipe, Inputs, Recipe};
use crate::ward_table::{ward_rows, LsoaFacts};
use harm_core::csv_rows::sum_counts;
use harm_core::dataset::{ForceEntry, ForceFiles, WardRow, LSOA_WARD_COLUMNS, Manifest, Provenance, WeightsInfo, PROVENANCE, SCHEMA_VERSION};
use harm_core::harm::{category_weights, CategoryWeights, WeightScheme};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What the build did, for the terminal and the tests.
pub struct BuildReport {
    pub forces: Vec<ForceReport>,
    pub files: PublishedFiles,
    /// Vintage of the recorded crime that carries CSS weights to categories, e.g. "2017/18".
    pub recorded_crime_vintage: String,
    /// CPU time spent reading and placing street-level records, over every
    /// thread, for `harm-prep bench` (where the system says).
    pub street_crime_cpu_seconds: Option<f64>,
}

pub struct ForceReport {
    pub id: String,
    pub name: String,
    pub accounting: Vec<Accounting>,
    pub ward_count: usize,
    pub residents: u64,
    pub crimes_in_wards: u64,
    /// Category weights under every scheme, in [`WeightScheme::ALL`] order.
    pub weights: Vec<CategoryWeights>,
    pub search_accounting: Vec<stop_search::SearchAccounting>,
    pub disclosure: searches_out::SearchAudit,
    pub force_held: Vec<force_held::ForceHeldAccounting>,
    /// police.uk files of the force the build does not read (outcomes).
    pub not_used: Vec<String>,
    /// What decides the rating of each of the force's datasets.
    pub facts: rag_out::ForceFacts,
    /// Calls for service: callers tagged persistent and their calls, by month.
    pub persistent_callers: BTreeMap<harm_core::Month, calls_for_service::PersistentMonth>,
    pub street_crime_cpu_seconds: Option<f64>,
    /// As in the manifest's entry.
    pub data_notes: Vec<String>,
    /// Each district's outline (by code) dissolved from its wards before
    /// simplification, for the national overview.
    pub district_shapes: Vec<(String, geo::MultiPolygon<f64>)>,
}

impl ForceReport {
    pub fn weights(&self, scheme: WeightScheme) -> Option<&CategoryWeights> {
        self.weights.iter().find(|w| w.scheme == scheme)
    }
}

/// Builds the published files; `built` is the build date the manifest
/// records (see [`crate::built::build_date`]).
pub fn build(recipe: &Recipe, raw: &RawFolder, built: &str) -> Result<BuildReport> {
    let mut files = PublishedFiles::default();
    let categories = offences::offence_categories(raw, &recipe.inputs.offence_categories)?;
    let css = weights::read_weights(raw, &recipe.inputs.weights)?;
    let chi = weights::read_chi_weights(raw, &recipe.inputs.chi_weights)?;
    // Forces are built on every core, each into its own files; they are
    // then taken in recipe order, so the first error is the one a build force
    // by force would stop at, and the files are the same.
    let built_forces: Vec<_> = recipe
        .forces
        .par_iter()
        .map(|force| {
            let mut force_files = PublishedFiles::default();
            build_force(recipe, raw, force, &categories, (&css, &chi), &mut force_files).map(|built| (built, force_files))
        })
        .collect();
    let mut entries = Vec::new();
    let mut reports = Vec::new();
    for force in built_forces {
        let ((entry, report), force_files) = force?;
        files.files.extend(force_files.files);
        entries.push(entry);
        reports.push(report);
    }
    // The national overview, from the forces' published files.
    let shapes: Vec<(String, geo::MultiPolygon<f64>)> = reports
        .iter_mut().flat_map(|r| std::mem::take(&mut r.district_shapes)).collect();
    let overview = crate::overview_out::publish_overview(&entries, &recipe.periods, &shapes, (recipe.simplify_area, recipe.coordinate_decimals), &mut files)?;
    let facts: Vec<(&str, &rag_out::ForceFacts)> = reports.iter().map(|r| (r.id.as_str(), &r.facts)).collect();
    let rag = rag_out::rag_rows(&facts, &recipe.rag);
    files.add(RAG, publish::csv_text(&RAG_COLUMNS, rag.iter().map(RagRow::fields)));
    if let Some(tables) = &recipe.inputs.crime_survey {
        files.add(harm_core::survey::CRIME_SURVEY, crate::survey_out::publish_crime_survey(raw, tables)?);
    }
    // Every file is read by now; the list stays out of the manifest, which the site loads first.
    let provenance = Provenance { schema_version: SCHEMA_VERSION, inputs: raw.inputs_read() };
    files.add(PROVENANCE, serde_json::to_string_pretty(&provenance).expect("provenance serialises") + "\n");
    // The manifest lists every other file's hash, so it is written last.
    let digests = files.digests();
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        title: recipe.title.clone(),
        synthetic: recipe.synthetic,
        built: built.to_string(),
        data_version: publish::data_version(&digests),
        weight_schemes: WeightScheme::ALL.map(|scheme| weights_info(scheme, &recipe.inputs, &css, &chi)).to_vec(),
        periods: recipe.periods.clone(),
        rag_thresholds: recipe.rag.clone(),
        forces: entries,
        files: digests,
        overview: Some(overview),
    };
    files.add("manifest.json", serde_json::to_string_pretty(&manifest).expect("manifest serialises") + "\n");
    let street_crime_cpu_seconds = reports.iter().map(|r| r.street_crime_cpu_seconds).sum();
    Ok(BuildReport { forces: reports, files, recorded_crime_vintage: recipe.inputs.offence_volumes.vintage.clone(), street_crime_cpu_seconds })
}

/// A scheme's provenance and the statement shown with every view of harm under it.
fn weights_info(scheme: WeightScheme, inputs: &Inputs, css: &weights::WeightsTable, chi: &weights::ChiWeights) -> WeightsInfo {
    match scheme {
        WeightScheme::Css => WeightsInfo {
            scheme,
            edition: Some(css.edition.clone()),
            source: inputs.weights.source.clone(),
            statement: format!(
                "Harm is weighted by the ONS Crime Severity Score ({}): each crime counts the average \
                 sentence, in days, of its offence. police.uk gives only 14 categories, so each category \
                 weighs the mean of its offence codes' weights, weighted by the force's {} recorded crime.",
                css.edition, inputs.offence_volumes.vintage
            ),
        },
        WeightScheme::Counts => WeightsInfo {
            scheme,
            edition: None,
            source: "No list of weights: every crime weighs 1.".to_string(),
            statement: "Harm is unweighted: every crime counts 1 (anti-social behaviour excluded).".to_string(),
        },
        WeightScheme::Chi => WeightsInfo {
            scheme,
            edition: Some(chi.edition.clone()),
            source: inputs.chi_weights.source.clone(),
            statement: format!(
                "Harm is weighted by the Cambridge Crime Harm Index ({}): each crime counts the median \
                 days of imprisonment of its Home Office offence subgroup. Each police.uk category weighs \
                 the mean of its subgroups' days, weighted by their national {} recorded counts. Coarser \
                 than the Crime Severity Score (subgroups, not offence codes): shown to test how much the \
                 choice of weights matters.",
                chi.edition, inputs.chi_weights.vintage
            ),
        },
    }
}

fn build_force(
    recipe: &Recipe,
    raw: &RawFolder,
    force: &ForceRecipe,
    categories: &BTreeMap<String, harm_core::Category>,
    (css, chi): (&weights::WeightsTable, &weights::ChiWeights),
    files: &mut PublishedFiles,
) -> Result<(ForceEntry, ForceReport)> {
    let inputs = &recipe.inputs;
    let geography = ForceGeography::read(raw, inputs, force)?;
    let lsoas = geography.lsoa_codes();
    let facts = LsoaFacts {
        groups: census::ethnic_groups(raw, &inputs.ethnic_group, &lsoas)?,
        imd_decile: census::imd_deciles(raw, &inputs.deprivation, &lsoas)?,
        rural_urban: census::lsoa_attribute(raw, "rural_urban", &inputs.rural_urban, "class", &lsoas)?,
    };
    let wards = ward_rows(&geography, &facts)?;
    let residents_by_lsoa = facts.residents();
    let too_large = || PrepError::Check(format!("{}: the force's residents pass the largest count computed exactly", force.name));
    let lsoa_residents = sum_counts(residents_by_lsoa.values().copied()).ok_or_else(too_large)?;
    let ward_residents = sum_counts(wards.iter().map(|w| w.residents)).ok_or_else(too_large)?;
    if lsoa_residents != ward_residents {
        return Err(PrepError::Check(format!(
            "{}: {lsoa_residents} residents in LSOAs but {ward_residents} in wards",
            force.name
        )));
    }

    let volumes = offences::offence_volumes(raw, &inputs.offence_volumes, &force.home_office_name, categories)?;
    let css_weights = category_weights(WeightScheme::Css, &volumes, &css.by_offence_code);
    let unweighted_offences = publish::unweighted_offences_csv(&css_weights);
    let css_weighted_offences = css_weights.weights.iter().map(|w| w.weighted_volume).sum();
    // Published in WeightScheme::ALL order: CSS (the default), counts, CHI.
    let weights = vec![css_weights, CategoryWeights::unweighted(), chi.weights.clone()];
    debug_assert!(weights.iter().map(|w| w.scheme).eq(WeightScheme::ALL));

    let thresholds = &recipe.thresholds;
    let (folder, falls_within) = match &force.police_uk {
        Some(source) => (police_uk_folder::force_folder(raw, source)?, source.falls_within.as_str()),
        None => (police_uk_folder::ForceFolder::default(), ""),
    };
    let mut counts = street_crime::WardCounts::new();
    let mut accounting = Vec::new();
    let months = &folder.street;
    // Month files are read and placed on every core; their results are then
    // checked and added in month order, so the first problem reported and the
    // counts are those of reading them one by one.
    let placer = crate::assign::Placer::new(&geography, &residents_by_lsoa);
    let month_files: Vec<_> = months.iter().collect();
    let read: Vec<_> = month_files
        .par_iter()
        .map(|(month, path)| {
            let cpu_started = crate::bench::thread_cpu_seconds();
            let month_read = street_crime::read_month(raw, &inputs.street_crime, path, (**month, falls_within), &placer);
            (month_read, cpu_started.zip(crate::bench::thread_cpu_seconds()).map(|(from, to)| to - from))
        })
        .collect();
    let mut street_crime_cpu_seconds = Some(0.0);
    for ((month, path), (month_read, cpu)) in month_files.into_iter().zip(read) {
        street_crime_cpu_seconds = street_crime_cpu_seconds.zip(cpu).map(|(total, cpu)| total + cpu);
        let (a, month_counts) = month_read?;
        every_record_accounted(path, a.rows_read, a.accounted(), &a.lines)?;
        thresholds.check_file(path, a.rows_read, &a.rejected, Some(a.outside_force))?;
        month_counts.add_to(&mut counts, &geography, *month);
        accounting.push(a);
    }
    let mut facts = rag_out::ForceFacts::default();
    facts.street_crime(&months.keys().copied().zip(&accounting).collect::<Vec<_>>());
    facts.standing("census", ward_residents);
    facts.standing("deprivation", wards.iter().filter(|w| w.imd_decile.is_some()).count() as u64);
    facts.standing("weights", css_weighted_offences);
    let street_records = accounting.iter().map(|a| a.rows_read).sum();
    thresholds.check_outside(&format!("{}: street crime", force.name), street_records, accounting.iter().map(|a| a.outside_force).sum())?;
    let crimes_in_wards: u64 = counts.values().sum();
    let assigned: u64 = accounting.iter().map(Accounting::assigned).sum();
    if crimes_in_wards != assigned {
        return Err(PrepError::Check(format!(
            "{}: {assigned} records assigned to wards but {crimes_in_wards} in the ward counts",
            force.name
        )));
    }

    let id = &force.id;
    let outlines = outline_files(&geography.wards, &geography.districts, recipe.simplify_area, recipe.coordinate_decimals)?;
    files.add(&ForceFiles::boundaries(id), outlines.wards_geojson);
    files.add(&ForceFiles::district_boundaries(id), outlines.districts_geojson);
    files.add(&ForceFiles::ward_outlines(id), outlines.ward_outlines);
    files.add(&ForceFiles::district_outlines(id), outlines.district_outlines);
    let district_shapes = geography.districts.iter().map(|d| d.code.clone()).zip(outlines.district_shapes).collect();
    files.add(&ForceFiles::wards(id), publish::wards_csv(&wards));
    files.add(&ForceFiles::crime(id), publish::crime_csv(&counts));
    files.add(&ForceFiles::category_weights(id), publish::category_weights_csv(&weights));
    files.add(&ForceFiles::accounting(id), publish::accounting_csv(&accounting));
    files.add(&format!("{id}/rejected-rows.csv"), publish::rejections_csv(accounting.iter().map(|a| (a.file.as_str(), a.rejected.as_slice()))));
    files.add(&format!("{id}/unweighted-offences.csv"), unweighted_offences);

    // Stop and search: placed by coordinates, published only under disclosure control.
    let mut searches = Vec::new();
    let mut search_accounting = Vec::new();
    let search_files = &folder.stop_search;
    for (month, path) in search_files {
        let a = stop_search::read_month(raw, &inputs.stop_search, path, *month, &geography, &mut searches)?;
        every_record_accounted(path, a.rows_read, a.accounted(), &a.lines)?;
        thresholds.check_file(path, a.rows_read, &a.rejected, Some(a.outside_force))?;
        search_accounting.push(a);
    }
    facts.stop_search(&search_files.keys().copied().zip(&search_accounting).collect::<Vec<_>>(), &searches);
    let search_records = search_accounting.iter().map(|a| a.rows_read).sum();
    thresholds.check_outside(&format!("{}: stop and search", force.name), search_records, search_accounting.iter().map(|a| a.outside_force).sum())?;
    let search_months: Vec<_> = search_files.keys().copied().collect();
    let published = searches_out::publish_searches(&wards, &searches, &search_months, recipe.publication.stop_search, &force.name)?;
    files.add(&ForceFiles::stop_search(id), published.area_csv);
    files.add(&ForceFiles::stop_search_force(id), published.force_csv);
    files.add(&ForceFiles::disclosure_audit(id), serde_json::to_string_pretty(&published.audit).expect("audit serialises") + "\n");
    files.add(&format!("{id}/stop-search-accounting.csv"), searches_out::accounting_csv(&search_accounting));
    files.add(&format!("{id}/stop-search-rejected-rows.csv"), publish::rejections_csv(search_accounting.iter().map(|a| (a.file.as_str(), a.rejected.as_slice()))));

    let mut use_of_force_rows = Vec::new();
    let mut use_of_force_tables = Vec::new();
    for spec in &inputs.use_of_force {
        if let Some(u) = use_of_force::read_use_of_force(raw, spec, force.use_of_force_name())? {
            for (tactic, by_group) in &u.tactics {
                for group in harm_core::ethnicity::EthnicGroup::ALL {
                    use_of_force_rows.push(vec![u.period.clone(), tactic.key().to_string(), group.key().to_string(), by_group[group.index()].to_string()]);
                }
            }
            use_of_force_tables.push(u);
        }
    }
    facts.use_of_force(&use_of_force_tables);
    let use_of_force_periods = use_of_force_tables.into_iter().map(|u| u.period).collect();
    files.add(&ForceFiles::use_of_force(id), publish::csv_text(&harm_core::use_of_force::USE_OF_FORCE_COLUMNS, use_of_force_rows));

    // The five-year district series, where the recipe gives it and the force's name in it.
    let mut stop_search_series_years = Vec::new();
    let mut series_note = None;
    if let (Some(spec), Some(series_name)) = (&inputs.stop_search_series, &force.series_name) {
        let series = crate::inputs::stop_search_series::read_series(raw, spec, series_name, &geography.districts)?;
        if !series.missing.is_empty() {
            series_note = Some(format!(
                "District stop and search series: no counts (NA) for {}, so those years are not published",
                series.missing.join(", ")
            ));
        }
        // Published when some year has every district's counts.
        if !series.rows.is_empty() {
            let s = crate::series_out::publish_series((&force.code, &force.name), &geography.districts, &series.rows, (&searches, &wards, &search_months))?;
            for d in &s.disagreements {
                eprintln!("{}: the district stop and search series and the record-level files differ: {d}", force.name);
            }
            files.add(&ForceFiles::stop_search_series(id), s.csv);
            stop_search_series_years = s.years;
        }
    }

    let mut force_held_kinds = Vec::new();
    let mut force_held_accounting = Vec::new();
    // The force's 2021 LSOAs and their wards: calls are placed by LSOA, and
    // `harm-prep calls` reads the same lookup from the published folder.
    let lsoa_wards: BTreeMap<String, String> =
        geography.lsoas.iter().map(|l| (l.code.clone(), geography.ward_of_lsoa21[&l.code].clone())).collect();
    files.add(&ForceFiles::lsoa_wards(id), publish::csv_text(&LSOA_WARD_COLUMNS, lsoa_wards.iter().map(|(l, w)| vec![l.clone(), w.clone()])));
    let mut persistent_callers = BTreeMap::new();
    for extract in &force.force_held {
        let kind = extract.kind.key();
        let (counts, accounting) = match extract.kind {
            ForceHeldKind::CallsForService => {
                let bytes = raw.read(kind, &extract.input(), &extract.path)?;
                let threshold = recipe.calls_for_service.persistent_caller_calls;
                let calls = calls_for_service::read_calls(&extract.path, &bytes, &lsoa_wards, threshold)?;
                files.add(&format!("{id}/{kind}-persistent-callers.csv"), force_held_out::persistent_callers_csv(&calls.persistent, threshold));
                let used = calls.rows_read - calls.rejected.len() as u64;
                persistent_callers = calls.persistent;
                let accounting = force_held::ForceHeldAccounting { file: calls.file, rows_read: calls.rows_read, used, rejected: calls.rejected, lines: calls.lines };
                (calls.counts, accounting)
            }
            _ => force_held::read_force_held(raw, kind, &extract.input(), &geography.ward_codes)?,
        };
        every_record_accounted(&extract.path, accounting.rows_read, accounting.used + accounting.rejected.len() as u64, &accounting.lines)?;
        thresholds.check_file(&extract.path, accounting.rows_read, &accounting.rejected, None)?;
        facts.force_held(kind, &counts, &accounting);
        let published = force_held_out::publish_force_held(kind, &wards, &counts, recipe.publication.force_held, &force.name)?;
        files.add(&format!("{id}/{kind}.csv"), published.ward_csv);
        files.add(&format!("{id}/{kind}-force.csv"), published.force_csv);
        files.add(&format!("{id}/{kind}-disclosure-audit.json"), serde_json::to_string_pretty(&published.audit).expect("audit serialises") + "\n");
        files.add(
            &format!("{id}/{kind}-rejected-rows.csv"),
            publish::rejections_csv([(accounting.file.as_str(), accounting.rejected.as_slice())]),
        );
        force_held_kinds.push(kind.to_string());
        force_held_accounting.push(accounting);
    }

    let crime_months: Vec<_> = months.keys().copied().collect();
    let entry = ForceEntry {
        id: id.clone(),
        name: force.name.clone(),
        code: force.code.clone(),
        districts: geography.districts.clone(),
        ward_count: wards.len(),
        crime_note: crime_months.is_empty().then(|| {
            format!("No police.uk street-level crime data for {} is in this dataset.", force.name)
        }),
        crime_months,
        stop_search_months: search_months,
        stop_search_periods: published.periods.clone(),
        use_of_force_periods,
        force_held: force_held_kinds,
        stop_search_series_years,
        data_notes: data_notes(&geography, &wards).into_iter().chain(series_note).collect(),
    };
    let report = ForceReport {
        id: id.clone(),
        name: force.name.clone(),
        accounting,
        ward_count: wards.len(),
        residents: ward_residents,
        crimes_in_wards,
        weights,
        search_accounting,
        disclosure: published.audit,
        force_held: force_held_accounting,
        not_used: folder.not_used,
        facts,
        persistent_callers,
        street_crime_cpu_seconds,
        data_notes: entry.data_notes.clone(),
        district_shapes,
    };
    Ok((entry, report))
}

/// The force's departures from the plain lookups, said in the manifest and
/// printed by the build, counted so a reader can judge their weight.
fn data_notes(geography: &ForceGeography, wards: &[WardRow]) -> Vec<String> {
    let mut notes = Vec::new();
    let placed = |why: Placed| geography.placed_by_interior_point.iter().filter(|(_, w)| *w == why).count();
    let lsoas = geography.lsoas.len();
    let redrawn = placed(Placed::Redrawn);
    if redrawn > 0 {
        notes.push(format!(
            "{redrawn} of {lsoas} LSOAs placed by geometry: their 2024 best-fit ward is not a 2025 ward (wards redrawn in 2025), \
             so each is in the 2025 ward holding its interior point"
        ));
    }
    let other_district = placed(Placed::OtherDistrict);
    if other_district > 0 {
        let codes: Vec<&str> =
            geography.placed_by_interior_point.iter().filter(|(_, w)| *w == Placed::OtherDistrict).map(|(l, _)| l.as_str()).collect();
        notes.push(format!(
            "{other_district} of {lsoas} LSOAs placed by geometry ({}): the best-fit lookup puts them in another district's ward, \
             the LSOA boundaries in this force, so each is in the force's ward holding its interior point",
            codes.join(", ")
        ));
    }
    let without: Vec<&str> = wards.iter().filter(|w| w.residents_in_neighbours).map(|w| w.ward_code.as_str()).collect();
    if !without.is_empty() {
        notes.push(format!(
            "{} of {} wards have no residents of their own ({}): {}",
            without.len(),
            wards.len(),
            without.join(", "),
            harm_core::dataset::RESIDENTS_IN_NEIGHBOURS
        ));
    }
    let welsh = wards.iter().filter(|w| w.deprivation_note().is_some()).count();
    if welsh > 0 {
        notes.push(format!("{welsh} of {} wards without a deprivation decile. {}", wards.len(), harm_core::dataset::WALES_NO_DEPRIVATION));
    }
    if !geography.repeated_features.is_empty() {
        notes.push(format!(
            "{} boundary features repeat an earlier feature exactly (same code, name and shape) and are read once: {}",
            geography.repeated_features.len(),
            geography.repeated_features.join("; ")
        ));
    }
    notes
}

/// Every record of a file has one outcome, and every record is one the
/// reader counted: no fault can hide rows between the file and the figures.
fn every_record_accounted(file: &str, read: u64, accounted: u64, lines: &harm_core::csv_rows::Lines) -> Result<()> {
    if accounted != read || lines.records != read {
        return Err(PrepError::Check(format!(
            "{file}: {} records in {} lines, {read} read, {accounted} accounted for",
            lines.records, lines.physical
        )));
    }
    Ok(())
}
