//! `harm-prep synthesize`: made-up police.uk street crime and stop and search
//! month files for benchmarking the build at national scale. Every record is
//! invented; only the geography is real: each located record lies inside a
//! real 2021 LSOA of its force and carries a real 2011 LSOA code that became
//! it (split 2011 LSOAs included, so the build places those by coordinates).
//! The output folder says it is synthetic (README.txt, and a recipe with
//! `synthetic = true`) and is never to be published as real data.

use crate::error::{PrepError, Result};
use crate::geography::ForceGeography;
use crate::raw::RawFolder;
use crate::recipe::{ForceRecipe, PoliceUkSource, Recipe};
use geo::{Contains, Point};
use harm_core::Month;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// police.uk's street-level crime header, as the build's recipe reads it.
pub const STREET_COLUMNS: [&str; 12] = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code", "LSOA name",
    "Crime type", "Last outcome category", "Context",
];

/// police.uk's stop and search header.
pub const SEARCH_COLUMNS: [&str; 15] = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender", "Age range",
    "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search", "Outcome",
    "Outcome linked to object of search", "Removal of more than just outer clothing",
];

/// Hampshire's real mix of street-level records by category: the rows of its
/// sixteen police.uk months of 2018-2022 (252,805 records), so synthetic
/// files weigh violence, anti-social behaviour and theft as a real force does.
const CATEGORY_MIX: [(&str, u32); 14] = [
    ("Violence and sexual offences", 98187),
    ("Anti-social behaviour", 27139),
    ("Public order", 25391),
    ("Criminal damage and arson", 21942),
    ("Other theft", 16254),
    ("Vehicle crime", 14696),
    ("Shoplifting", 13122),
    ("Burglary", 12850),
    ("Drugs", 5986),
    ("Bicycle theft", 3761),
    ("Other crime", 3478),
    ("Possession of weapons", 2701),
    ("Robbery", 1650),
    ("Theft from the person", 1648),
];

const OUTCOMES: [&str; 5] = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Offender given a caution",
];

/// Self-defined ethnicities as police.uk writes them (blank: not stated).
const SELF_DEFINED: [&str; 7] = [
    "White - English/Welsh/Scottish/Northern Irish/British",
    "White - Any other White background",
    "Black/African/Caribbean/Black British - Caribbean",
    "Asian/Asian British - Pakistani",
    "Mixed/Multiple ethnic groups - White and Black Caribbean",
    "Other ethnic group - Not stated",
    "",
];
const OFFICER_DEFINED: [&str; 6] = ["White", "White", "Black", "Asian", "Other", ""];
const SEARCH_OUTCOMES: [&str; 4] = ["A no further action disposal", "Arrest", "Community resolution", ""];

/// One in this many records has no location (police.uk's records without
/// coordinates or LSOA, which the build counts as not located).
const NO_LOCATION_ONE_IN: u64 = 100;
/// Street-level records per stop and search record (Hampshire: about 15).
const STREET_PER_SEARCH: u64 = 15;

pub struct Options {
    /// Street-level records over every force and month.
    pub rows: u64,
    pub seed: u64,
    /// ONS force codes (E23...), or every force of the recipe when empty.
    pub forces: Vec<String>,
    pub first_month: Month,
    pub months: u32,
}

pub struct Synthesized {
    pub forces: usize,
    pub street_rows: u64,
    pub search_rows: u64,
    pub files: usize,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same
/// files on every machine, with no dependency whose stream could change.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: &str) -> Rng {
        // FNV-1a of the stream's name, so every file has its own sequence.
        let name = stream.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        Rng(seed ^ name)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A force's geography as the generator needs it: each 2021 LSOA with the
/// 2011 LSOAs that became it.
struct ForcePlaces {
    recipe: ForceRecipe,
    geography: ForceGeography,
    /// (index into `geography.lsoas`, its 2011 parents), for LSOAs that have one.
    lsoas: Vec<(usize, Vec<String>)>,
}

/// Writes the synthetic folder `out`: `police-uk/<force>/YYYY-MM-<force>-street.csv`
/// and `-stop-and-search.csv`, `recipe.toml` (the base recipe's inputs, the
/// chosen forces, `synthetic = true`), README.txt, and links to the raw
/// folder's other inputs so `harm-prep build --raw <out>` reads the real
/// geography with the synthetic records.
pub fn synthesize(base: &Recipe, base_text: &str, raw_root: &Path, out: &Path, options: &Options) -> Result<Synthesized> {
    if options.months == 0 || options.rows == 0 {
        return Err(PrepError::Check("synthesize: --rows and --months must be at least 1".into()));
    }
    let raw = RawFolder::new(raw_root)?;
    let forces = chosen_forces(base, options)?;
    let places: Vec<ForcePlaces> = forces
        .into_iter()
        .map(|recipe| {
            let geography = ForceGeography::read(&raw, &base.inputs, &recipe)?;
            let mut parents: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for (lsoa11, children) in &geography.lsoa11_children {
                for child in children {
                    parents.entry(child.as_str()).or_default().push(lsoa11.clone());
                }
            }
            let lsoas = (0..geography.lsoas.len())
                .filter_map(|i| parents.get(geography.lsoas[i].code.as_str()).map(|p| (i, p.clone())))
                .collect::<Vec<_>>();
            if lsoas.is_empty() {
                return Err(PrepError::Check(format!("synthesize: force {} has no LSOA in the 2011-2021 lookup", recipe.name)));
            }
            Ok(ForcePlaces { recipe, geography, lsoas })
        })
        .collect::<Result<_>>()?;

    // Rows shared by force in proportion to LSOAs (about equal populations), then by month.
    let total_lsoas: u64 = places.iter().map(|p| p.lsoas.len() as u64).sum();
    let mut jobs = Vec::new();
    let mut given = 0;
    let months: Vec<Month> = std::iter::successors(Some(options.first_month), |m| Some(m.next())).take(options.months as usize).collect();
    for (f, place) in places.iter().enumerate() {
        let share = if f + 1 == places.len() { options.rows - given } else { options.rows * place.lsoas.len() as u64 / total_lsoas };
        given += share;
        for (m, &month) in months.iter().enumerate() {
            let rows = share / months.len() as u64 + u64::from((m as u64) < share % months.len() as u64);
            jobs.push((f, month, rows));
        }
    }
    std::fs::create_dir_all(out).map_err(PrepError::io(out))?;
    let written: Vec<(u64, u64)> = jobs
        .par_iter()
        .map(|&(f, month, rows)| write_month(&places[f], out, month, rows, options.seed))
        .collect::<Result<_>>()?;

    link_inputs(raw_root, out)?;
    let recipe = synthetic_recipe(base_text, places.iter().map(|p| &p.recipe))?;
    std::fs::write(out.join("recipe.toml"), recipe).map_err(PrepError::io(out))?;
    let street_rows = written.iter().map(|w| w.0).sum();
    let search_rows = written.iter().map(|w| w.1).sum();
    let readme = format!(
        "SYNTHETIC DATA - NOT REAL CRIME RECORDS.\n\n\
         Made by `harm-prep synthesize` (seed {}, {} street-level records, {} stop and search records,\n\
         {} forces, {} months from {}) for benchmarking the build. Every record is invented;\n\
         only the geography (LSOA boundaries and codes) is real. Never publish it or anything\n\
         built from it as real data; recipe.toml marks the build synthetic.\n",
        options.seed,
        street_rows,
        search_rows,
        places.len(),
        options.months,
        options.first_month
    );
    std::fs::write(out.join("README.txt"), readme).map_err(PrepError::io(out))?;
    Ok(Synthesized { forces: places.len(), street_rows, search_rows, files: jobs.len() * 2 })
}

/// The recipe's forces asked for (all of them when none are named), in code
/// order, each reading synthetic police.uk files: the recipe's forces are
/// those whose geography the build can join, with the settings it needs.
fn chosen_forces(base: &Recipe, options: &Options) -> Result<Vec<ForceRecipe>> {
    if let Some(unknown) = options.forces.iter().find(|code| !base.forces.iter().any(|f| &f.code == *code)) {
        return Err(PrepError::Check(format!("synthesize: {unknown} is not the code of a force of the recipe")));
    }
    let mut forces: Vec<ForceRecipe> = base
        .forces
        .iter()
        .filter(|f| options.forces.is_empty() || options.forces.contains(&f.code))
        .map(|f| ForceRecipe {
            police_uk: Some(PoliceUkSource {
                folder: format!("police-uk/{}", f.id),
                file_force: f.id.clone(),
                falls_within: format!("{} Police", f.name),
            }),
            ..f.clone()
        })
        .collect();
    forces.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(forces)
}

/// A point inside LSOA `i`, at police.uk's six decimals (rounding can move a
/// point across a boundary, so the rounded point is the one tested).
fn point_inside(rng: &mut Rng, geography: &ForceGeography, i: usize) -> Option<Point<f64>> {
    let lsoa = &geography.lsoas[i];
    let (min, max) = (lsoa.bounds.min(), lsoa.bounds.max());
    let round = |v: f64| (v * 1e6).round() / 1e6;
    (0..1000).find_map(|_| {
        let p = Point::new(round(min.x + rng.unit() * (max.x - min.x)), round(min.y + rng.unit() * (max.y - min.y)));
        lsoa.shape.contains(&p).then_some(p)
    })
}

/// Writes one force's street and stop and search files for `month`; returns their record counts.
fn write_month(place: &ForcePlaces, out: &Path, month: Month, rows: u64, seed: u64) -> Result<(u64, u64)> {
    let force = &place.recipe;
    let source = force.police_uk.as_ref().expect("synthetic forces have police.uk files");
    let folder = out.join(&source.folder);
    std::fs::create_dir_all(&folder).map_err(PrepError::io(&folder))?;
    let mut rng = Rng::new(seed, &format!("{}-{month}", force.code));
    let mix_total: u64 = CATEGORY_MIX.iter().map(|c| u64::from(c.1)).sum();
    let month_text = month.to_string();

    let mut street = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let write_error = |e: csv::Error| PrepError::Check(format!("synthesize: writing CSV: {e}"));
    street.write_record(STREET_COLUMNS).map_err(write_error)?;
    for _ in 0..rows {
        let mut pick = rng.below(mix_total);
        let category = CATEGORY_MIX.iter().find(|c| pick < u64::from(c.1) || { pick -= u64::from(c.1); false }).expect("pick below the total").0;
        let id = if category == "Anti-social behaviour" {
            String::new()
        } else {
            (0..4).map(|_| format!("{:016x}", rng.next())).collect()
        };
        let located = rng.below(NO_LOCATION_ONE_IN) != 0;
        let (lon, lat, location, lsoa11) = match located.then(|| located_at(&mut rng, place)).flatten() {
            Some((p, lsoa11)) => (format!("{:.6}", p.x()), format!("{:.6}", p.y()), "On or near Synthetic Street", lsoa11),
            None => (String::new(), String::new(), "No Location", ""),
        };
        let lsoa_name = if lsoa11.is_empty() { String::new() } else { format!("Synthetic {lsoa11}") };
        let outcome = if category == "Anti-social behaviour" { "" } else { *rng.pick(&OUTCOMES) };
        let record = [
            id.as_str(), &month_text, &source.falls_within, &source.falls_within, &lon, &lat, location, lsoa11, &lsoa_name,
            category, outcome, "",
        ];
        street.write_record(record).map_err(write_error)?;
    }
    let street_path = folder.join(format!("{month}-{}-street.csv", source.file_force));
    std::fs::write(&street_path, street.into_inner().expect("flush to memory")).map_err(PrepError::io(&street_path))?;

    let searches = rows / STREET_PER_SEARCH;
    let mut search = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    search.write_record(SEARCH_COLUMNS).map_err(write_error)?;
    for _ in 0..searches {
        // Noon UTC of days 1-28 is in the month in UK time too.
        let date = format!("{month}-{:02}T12:{:02}:00+00:00", 1 + rng.below(28), rng.below(60));
        let (lat, lon) = match (rng.below(NO_LOCATION_ONE_IN * 10) != 0).then(|| located_at(&mut rng, place)).flatten() {
            Some((p, _)) => (format!("{:.6}", p.y()), format!("{:.6}", p.x())),
            None => (String::new(), String::new()),
        };
        let record = [
            "Person search", &date, "False", "", &lat, &lon, *rng.pick(&["Male", "Male", "Female"]),
            *rng.pick(&["10-17", "18-24", "25-34", "over 34"]), *rng.pick(&SELF_DEFINED), *rng.pick(&OFFICER_DEFINED),
            "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", *rng.pick(&SEARCH_OUTCOMES), "", "False",
        ];
        search.write_record(record).map_err(write_error)?;
    }
    let search_path = folder.join(format!("{month}-{}-stop-and-search.csv", source.file_force));
    std::fs::write(&search_path, search.into_inner().expect("flush to memory")).map_err(PrepError::io(&search_path))?;
    Ok((rows, searches))
}

/// A point inside a random LSOA of the force, with a 2011 code that became that LSOA.
fn located_at<'p>(rng: &mut Rng, place: &'p ForcePlaces) -> Option<(Point<f64>, &'p str)> {
    let (i, parents) = rng.pick(&place.lsoas);
    let lsoa11 = rng.pick(parents).as_str();
    point_inside(rng, &place.geography, *i).map(|p| (p, lsoa11))
}

/// Links every entry of the raw folder but police-uk into `out`, so the
/// synthetic build reads the real geography, census and weights.
fn link_inputs(raw_root: &Path, out: &Path) -> Result<()> {
    let raw_root = raw_root.canonicalize().map_err(PrepError::io(raw_root))?;
    for entry in std::fs::read_dir(&raw_root).map_err(PrepError::io(&raw_root))? {
        let entry = entry.map_err(PrepError::io(&raw_root))?;
        let name = entry.file_name();
        if name == "police-uk" || name == "README.md" {
            continue;
        }
        let link = out.join(&name);
        if link.symlink_metadata().is_ok() {
            std::fs::remove_file(&link).map_err(PrepError::io(&link))?;
        }
        std::os::unix::fs::symlink(entry.path(), &link).map_err(PrepError::io(&link))?;
    }
    Ok(())
}

/// The base recipe with `synthetic = true`, a title that says so, and the synthetic forces.
fn synthetic_recipe<'f>(base_text: &str, forces: impl Iterator<Item = &'f ForceRecipe>) -> Result<String> {
    let bad = |e: String| PrepError::Check(format!("synthesize: the base recipe: {e}"));
    let mut table: toml::Table = base_text.parse().map_err(|e: toml::de::Error| bad(e.to_string()))?;
    table.insert("synthetic".into(), true.into());
    table.insert("title".into(), "SYNTHETIC benchmark data: not real crime records".into());
    let forces: Vec<toml::Value> = forces
        .map(|f| {
            let source = f.police_uk.as_ref().expect("synthetic forces have police.uk files");
            let mut police_uk = toml::Table::new();
            police_uk.insert("folder".into(), source.folder.clone().into());
            police_uk.insert("file_force".into(), source.file_force.clone().into());
            police_uk.insert("falls_within".into(), source.falls_within.clone().into());
            let mut force = toml::Table::new();
            force.insert("id".into(), f.id.clone().into());
            force.insert("name".into(), f.name.clone().into());
            force.insert("code".into(), f.code.clone().into());
            force.insert("home_office_name".into(), f.home_office_name.clone().into());
            force.insert("police_uk".into(), police_uk.into());
            toml::Value::Table(force)
        })
        .collect();
    table.insert("forces".into(), forces.into());
    toml::to_string(&table).map_err(|e| bad(e.to_string()))
}
