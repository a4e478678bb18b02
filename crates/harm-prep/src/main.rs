use clap::{Parser, Subcommand};
use harm_core::dataset::ForceFiles;
use harm_core::level::Level;
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use harm_core::Month;
use harm_prep::build::{build, BuildReport};
use harm_prep::error::PrepError;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Street-level records of every force of England and Wales over six years:
/// police.uk publishes about 550,000 a month, so 72 months are about 40 million.
const NATIONAL_SIX_YEAR_ROWS: u64 = 40_000_000;

/// Builds and inspects the published Community Harm Map ward dataset.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read the raw inputs named in the recipe and write the published dataset.
    Build {
        /// Folder of raw open data; the recipe's paths are relative to it.
        #[arg(long, env = "HARM_MAP_RAW_DATA")]
        raw: PathBuf,
        /// Folder to write the published dataset into.
        #[arg(long, default_value = "data")]
        out: PathBuf,
        /// The build recipe.
        #[arg(long, default_value = "data/recipe.toml")]
        recipe: PathBuf,
        /// The build date the manifest records (YYYY-MM-DD); without it, the
        /// day of SOURCE_DATE_EPOCH if set, else today (UTC). Pass the
        /// published manifest's date to rebuild it byte for byte.
        #[arg(long)]
        built: Option<String>,
    },
    /// Print one CSV row per area and a total, as the site shows them: the
    /// ward harm table (`--measure harm`), the stop and search table
    /// (`--measure stop-search`), or, for any measure the site maps (its key,
    /// e.g. harm-rate, stop-search-ratio, trauma-score), the site's table of
    /// that view, which `--metadata` prints as its download button saves it.
    Table {
        /// harm, stop-search, or a mapped measure's key as in the site's URL.
        #[arg(long, default_value = "harm")]
        measure: String,
        /// One row per ward, per district, or the force alone (always last);
        /// the harm table is always by ward.
        #[arg(long, value_enum, default_value = "ward")]
        level: LevelArg,
        #[command(flatten)]
        published: Published,
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        view: ViewArgs,
        /// The trauma score's measures and weights (see `measure --weights`).
        #[arg(long)]
        weights: Option<String>,
        /// Start with `# key: value` lines (title, sources and licences,
        /// months, weighting, disclosure rules, symbols, build date and data
        /// version): the file the site's "Download this table (CSV)" saves.
        /// For a mapped measure's table.
        #[arg(long)]
        metadata: bool,
    },
    /// Print every ward's value of one measure and the force's, exactly as the
    /// site shows them (any measure the site offers, e.g. harm-rate, harm-change, stop-search-ratio).
    Measure {
        /// The measure's key, as in the site's URL.
        #[arg(long)]
        measure: String,
        #[command(flatten)]
        published: Published,
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        view: ViewArgs,
        /// One row per ward, per district, or the force alone (always last).
        #[arg(long, value_enum, default_value = "ward")]
        level: LevelArg,
        /// The trauma score's measures and weights, as in the site's URL
        /// (e.g. harm-rate:2,harm-change:1,stop-search-rate-black:1; default:
        /// those three weighing 1).
        #[arg(long)]
        weights: Option<String>,
        /// Add each ward's peers (same IMD decile and urban/rural class, in
        /// every force of the dataset): their count, median, range, the ward's
        /// rank among them, and the sentence the site shows.
        #[arg(long)]
        peers: bool,
    },
    /// Print the force report, as the site's report page shows it: the
    /// headline findings in plain sentences with their 95% intervals (harm
    /// per resident per year and its change since the baseline, Black/White
    /// ratios of each lens with data, exposure disparity plain and
    /// deprivation-adjusted, the wards flagged by the funnel limits), the
    /// data-availability ratings, caveats, and sources and method.
    Report {
        #[command(flatten)]
        published: Published,
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// Print the five-year district stop and search series (2017-2021): per
    /// district, then the force, per year the Black and White searches, the
    /// Black/White ratio per Census 2021 resident with its 95% interval, and
    /// the change since 2018 with its interval.
    Series {
        #[command(flatten)]
        published: Published,
        /// Only this district (its code, e.g. E08000025).
        #[arg(long)]
        district: Option<String>,
    },
    /// Print how ward harm moves from CSS weights to each other scheme:
    /// wards changing quintile and the rank correlation, as beside the site's legend.
    Sensitivity {
        #[command(flatten)]
        published: Published,
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// Print the change in harm per resident per year from a baseline period
    /// to another, over the calendar months with data in both, with 95% intervals.
    Change {
        #[command(flatten)]
        published: Published,
        /// The baseline period (e.g. baseline, 2018-19).
        #[arg(long)]
        baseline: String,
        /// The period compared with it (e.g. 2022-23, post-covid).
        #[arg(long)]
        compare: String,
        /// One row per ward, per district, or the force alone (always last).
        #[arg(long, value_enum, default_value = "ward")]
        level: LevelArg,
        /// How crimes are weighted into harm.
        #[arg(long, value_enum, default_value = "css")]
        scheme: SchemeArg,
        /// Limit the figures to a module (see `table --module`).
        #[arg(long)]
        module: Option<String>,
    },
    /// Print, per ward of a published force, the calls of a calls-for-service
    /// extract (template data/templates/calls-for-service.csv) as CSV
    /// `ward_code,calls,persistent_calls,persistent_callers,black_calls,white_calls`:
    /// calls of callers tagged persistent (at least --threshold calls in a
    /// month) apart, Black and White callers' calls without them. An analyst's
    /// local check: not disclosure-controlled, not for publication.
    Calls {
        /// The calls file.
        #[arg(long)]
        calls: PathBuf,
        #[command(flatten)]
        published: Published,
        /// Calls in a calendar month that tag a caller persistent (the recipe's default).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(2..))]
        threshold: u64,
    },
    /// Print the Crime Survey for England and Wales estimates shown beside
    /// every force as national context (Black and White adults, with 95%
    /// intervals), as published in crime-survey.csv; the caveat goes to stderr.
    Survey {
        /// Folder of the published dataset.
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// Print the data-availability ratings (Red, Amber, Green) of every force,
    /// dataset and financial year, with the reason and the facts behind it,
    /// as published in rag.csv and shown on the site's data availability page.
    Rag {
        /// Folder of the published dataset.
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// Print every published force in name order with what data it has,
    /// as the site's force picker lists them, then the notes on its data.
    Forces {
        /// Folder of the published dataset.
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// Write one force's map as a single HTML file that opens from disk
    /// (file://) with no network: the built site's WebAssembly, JavaScript,
    /// style sheet and the force's published files inlined.
    SingleFile {
        /// The built site (`trunk build --release`).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Folder of the published dataset.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Force id, e.g. hampshire.
        #[arg(long)]
        force: String,
        /// The HTML file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write synthetic police.uk street crime and stop and search month files
    /// for benchmarking: invented records at points inside real LSOAs of each
    /// force, with real 2011 LSOA codes (split ones included) and Hampshire's
    /// mix of categories. Same seed, same files. The folder holds a README.txt
    /// and a recipe.toml marked `synthetic = true`, and links to the raw
    /// folder's other inputs: build it with `harm-prep build --raw <out>
    /// --recipe <out>/recipe.toml`. Never publish it as real data.
    Synthesize {
        /// Folder of raw open data (geography, lookups, census, weights).
        #[arg(long, env = "HARM_MAP_RAW_DATA")]
        raw: PathBuf,
        /// Folder to write the synthetic files into.
        #[arg(long)]
        out: PathBuf,
        /// The recipe whose inputs the synthetic recipe reuses.
        #[arg(long, default_value = "data/recipe.toml")]
        recipe: PathBuf,
        /// Street-level records over every force and month.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Force codes (E23..., W15...), comma-separated; every force of the recipe when absent.
        #[arg(long, value_delimiter = ',')]
        forces: Vec<String>,
        /// The first month.
        #[arg(long, default_value = "2018-04")]
        from: Month,
        #[arg(long, default_value_t = 12)]
        months: u32,
    },
    /// Benchmark `build` (usually on a `synthesize` folder): builds in memory
    /// and prints street-level rows read and placed per second, the whole
    /// build's time and the peak memory. Writes nothing.
    Bench {
        /// Folder of raw data, e.g. a `synthesize` output folder.
        #[arg(long)]
        raw: PathBuf,
        /// The recipe (default: recipe.toml in the raw folder).
        #[arg(long)]
        recipe: Option<PathBuf>,
    },
    /// Print the ratio (count a / population a) / (count b / population b) with
    /// its 95% confidence interval, to six significant figures, as CSV
    /// `ratio,lower,upper,method` (method rate-log, rate-exact or katz). No
    /// events in group a give a ratio and lower limit of 0; none in group b an
    /// unbounded ratio and upper limit; none in either, an error.
    Ratio {
        #[arg(long)]
        count_a: u64,
        #[arg(long)]
        pop_a: u64,
        #[arg(long)]
        count_b: u64,
        #[arg(long)]
        pop_b: u64,
        /// rate: the Poisson rate ratio, as the site and tables use (log-scale
        /// interval when both counts are at least 10, exact limits below; a
        /// count may exceed its population, as events are counted, not people);
        /// katz: the Katz et al. (1978) risk-ratio log interval that many
        /// published tables use (undefined when either count is zero; each
        /// count must be at most its population). Counts and populations
        /// must be at most 2^53 to be computed exactly.
        #[arg(long, value_enum, default_value = "rate")]
        method: RatioMethod,
    },
}

/// How `ratio` computes its interval.
#[derive(Clone, Copy, clap::ValueEnum)]
enum RatioMethod {
    Rate,
    Katz,
}

/// Which published force to read.
#[derive(clap::Args)]
struct Published {
    /// Folder of the published dataset.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Force id, e.g. hampshire.
    #[arg(long)]
    force: String,
}

/// A period: a key (`--period 2018-19`, `2019`, `2019-01`, `baseline`, ...)
/// or a range of months (`--from 2018-10 --to 2019-01`).
#[derive(clap::Args)]
#[group(required = true, multiple = true)]
struct PeriodArgs {
    /// A named period (from the dataset), financial year (2018-19), calendar year (2019), month (2019-01) or range (2018-10..2019-01).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// First month (YYYY-MM), with --to.
    #[arg(long, requires = "to")]
    from: Option<Month>,
    /// Last month (YYYY-MM), with --from.
    #[arg(long, requires = "from")]
    to: Option<Month>,
}

impl PeriodArgs {
    fn key(&self) -> String {
        match (&self.period, self.from, self.to) {
            (Some(key), _, _) => key.clone(),
            (None, Some(from), Some(to)) => format!("{from}..{to}"),
            _ => unreachable!("clap requires --period, or --from with --to"),
        }
    }
}

/// The choices of a view of the published figures that `table`, `measure`
/// and `report` share with the site's controls.
#[derive(clap::Args)]
struct ViewArgs {
    /// The period change is measured against (default: the dataset's baseline).
    #[arg(long)]
    baseline: Option<String>,
    /// How crimes are weighted into harm.
    #[arg(long, value_enum, default_value = "css")]
    scheme: SchemeArg,
    /// Whose record of ethnicity to use (stop and search, force-held records).
    #[arg(long, value_enum, default_value = "self-defined")]
    basis: BasisArg,
    /// Limit the figures to a module, as the site's Wards control: all,
    /// urban, rural, a rural-urban class (urban-nearer, ...), a deprivation
    /// band (imd-1-2) or one of each (urban+imd-1-2). The force row is the
    /// module's total, recomputed from its wards; stderr says what it covers.
    #[arg(long)]
    module: Option<String>,
}

impl ViewArgs {
    fn choice<'a>(&'a self, period: &'a str, level: Level) -> harm_prep::table::Choice<'a> {
        harm_prep::table::Choice { period, baseline: self.baseline.as_deref(), scheme: self.scheme.scheme(), level, basis: self.basis.basis() }
    }

    fn module(&self) -> Result<harm_core::modules::Module, PrepError> {
        harm_prep::table::module_arg(self.module.as_deref())
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemeArg {
    Css,
    Counts,
    Chi,
}

impl SchemeArg {
    fn scheme(self) -> WeightScheme {
        match self {
            SchemeArg::Css => WeightScheme::Css,
            SchemeArg::Counts => WeightScheme::Counts,
            SchemeArg::Chi => WeightScheme::Chi,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LevelArg {
    Ward,
    District,
    Force,
}

impl LevelArg {
    fn level(self) -> Level {
        match self {
            LevelArg::Ward => Level::Ward,
            LevelArg::District => Level::District,
            LevelArg::Force => Level::Force,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum BasisArg {
    SelfDefined,
    OfficerDefined,
}

impl BasisArg {
    fn basis(self) -> Basis {
        match self {
            BasisArg::SelfDefined => Basis::SelfDefined,
            BasisArg::OfficerDefined => Basis::OfficerDefined,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), PrepError> {
    match cli.command {
        Command::Build { raw, out, recipe, built } => {
            let started = Instant::now();
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
            let built = harm_prep::built::build_date(built.as_deref(), epoch.as_deref(), now)?;
            let recipe = read_recipe(&recipe)?;
            let report = build(&recipe, &RawFolder::new(&raw)?, &built)?;
            report.files.write_all(&out)?;
            print_report(&report, started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Synthesize { raw, out, recipe, rows, seed, forces, from, months } => {
            let text = std::fs::read_to_string(&recipe).map_err(PrepError::io(&recipe))?;
            let base = read_recipe(&recipe)?;
            let options = harm_prep::synthesize::Options { rows, seed, forces, first_month: from, months };
            let made = harm_prep::synthesize::synthesize(&base, &text, &raw, &out, &options)?;
            eprintln!(
                "{}: SYNTHETIC data, {} street-level and {} stop and search records for {} forces in {} files",
                out.display(),
                made.street_rows,
                made.search_rows,
                made.forces,
                made.files
            );
            Ok(())
        }
        Command::Bench { raw, recipe } => {
            let recipe = read_recipe(&recipe.unwrap_or_else(|| raw.join("recipe.toml")))?;
            let started = Instant::now();
            let report = build(&recipe, &RawFolder::new(&raw)?, "2000-01-01")?;
            let seconds = started.elapsed().as_secs_f64();
            let rows: u64 = report.forces.iter().flat_map(|f| &f.accounting).map(|a| a.rows_read).sum();
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            println!("street-level rows: {rows} in {} forces", report.forces.len());
            if let Some(cpu) = report.street_crime_cpu_seconds {
                let per_core = rows as f64 / cpu;
                println!("street crime read and placed: {cpu:.2} CPU-seconds, {per_core:.0} rows per second per core");
                // The yardstick: every force of England and Wales, six years of months.
                println!(
                    "a national six-year build ({NATIONAL_SIX_YEAR_ROWS} street-level rows) at this rate: about {:.0} s placing street crime on {cores} cores",
                    NATIONAL_SIX_YEAR_ROWS as f64 / per_core / cores as f64
                );
            }
            println!("whole build: {seconds:.2} s on {cores} cores, {:.0} street-level rows/s", rows as f64 / seconds);
            match harm_prep::bench::peak_memory_kb() {
                Some(kb) => println!("peak memory: {:.0} MB", kb as f64 / 1024.0),
                None => println!("peak memory: not known (no /proc/self/status)"),
            }
            Ok(())
        }
        Command::Table { measure, level, published: p, period, view, weights, metadata } => {
            if p.force == harm_core::overview::OVERVIEW_ID {
                print!("{}", harm_prep::overview_table::overview_table_csv(&p.data, &measure, period.period.as_deref(), level.level(), metadata)?);
                return Ok(());
            }
            let module = view.module()?;
            let period = period.key();
            let printed = match measure.as_str() {
                "harm" | "stop-search" if metadata => {
                    return Err(PrepError::Check(format!(
                        "--metadata prints the site's table of a mapped measure: give its key (e.g. --measure {})",
                        if measure == "harm" { "harm-rate" } else { "stop-search-ratio" }
                    )))
                }
                "harm" => harm_prep::table::ward_table_in(&p.data, &p.force, &period, view.scheme.scheme(), &module)?,
                "stop-search" => harm_prep::table::stop_search_table_in(&p.data, &p.force, view.basis.basis(), &period, level.level(), &module)?,
                key => {
                    let options = harm_prep::table::MeasureOptions { module, weights: weights.as_deref(), peers: false };
                    harm_prep::table::view_table_in(&p.data, &p.force, key, &view.choice(&period, level.level()), &options, metadata)?
                }
            };
            print_table(printed);
            Ok(())
        }
        Command::Measure { measure, published: p, period, view, level, weights, peers } => {
            let period = period.key();
            let options = harm_prep::table::MeasureOptions { module: view.module()?, weights: weights.as_deref(), peers };
            print_table(harm_prep::table::measure_in(&p.data, &p.force, &measure, &view.choice(&period, level.level()), &options)?);
            Ok(())
        }
        Command::Report { published: p, period, view } => {
            let period = period.key();
            print!("{}", harm_prep::force_report::report(&p.data, &p.force, &view.choice(&period, Level::Ward), &view.module()?)?.text());
            Ok(())
        }
        Command::Series { published: p, district } => {
            print!("{}", harm_prep::series_table::series_csv(&p.data, &p.force, district.as_deref())?);
            Ok(())
        }
        Command::Sensitivity { published: p, period } => {
            print!("{}", harm_prep::table::sensitivity_csv(&p.data, &p.force, &period.key())?);
            Ok(())
        }
        Command::Change { published: p, baseline, compare, level, scheme, module } => {
            let module = harm_prep::table::module_arg(module.as_deref())?;
            print_table(harm_prep::table::change_in(&p.data, &p.force, &baseline, &compare, level.level(), scheme.scheme(), &module)?);
            Ok(())
        }
        Command::Calls { calls, published: p, threshold } => {
            let (csv, rejected) = harm_prep::calls_check::calls_csv(&calls, &p.data, &p.force, threshold)?;
            for line in rejected {
                eprintln!("{line}");
            }
            print!("{csv}");
            Ok(())
        }
        Command::Survey { data } => {
            use harm_core::survey::{parse_crime_survey, SurveyEstimate, CAVEAT, CRIME_SURVEY, CRIME_SURVEY_COLUMNS};
            let rows = parse_crime_survey(CRIME_SURVEY, &harm_prep::table::read_text(&data, CRIME_SURVEY)?)?;
            eprintln!("{CAVEAT}");
            print!("{}", harm_prep::publish::csv_text(&CRIME_SURVEY_COLUMNS, rows.iter().map(SurveyEstimate::fields)));
            Ok(())
        }
        Command::SingleFile { dist, data, force, out } => {
            let html = harm_prep::single_file::single_file(&dist, &data, &force)?;
            std::fs::write(&out, &html).map_err(PrepError::io(&out))?;
            eprintln!("wrote {} ({} bytes)", out.display(), html.len());
            Ok(())
        }
        Command::Rag { data } => {
            let rows = harm_core::rag::parse_rag(harm_core::rag::RAG, &harm_prep::table::read_text(&data, harm_core::rag::RAG)?)?;
            print!("{}", harm_prep::publish::csv_text(&harm_core::rag::RAG_COLUMNS, rows.iter().map(harm_core::rag::RagRow::fields)));
            Ok(())
        }
        Command::Forces { data } => {
            let manifest = harm_core::dataset::parse_manifest("manifest.json", &harm_prep::table::read_text(&data, "manifest.json")?)?;
            for force in harm_core::force_data::forces_by_name(&manifest.forces) {
                println!("{} ({}): {}", force.id, force.code, harm_core::force_data::picker_label(force));
                for note in &force.data_notes {
                    println!("  {note}");
                }
            }
            Ok(())
        }
        Command::Ratio { count_a, pop_a, count_b, pop_b, method } => {
            use harm_core::intervals::{checked_rate_ratio, katz_risk_ratio, IntervalMethod, RatioInput};
            let ratio = match method {
                RatioMethod::Rate => checked_rate_ratio,
                RatioMethod::Katz => katz_risk_ratio,
            };
            let r = ratio(count_a, pop_a, count_b, pop_b).map_err(|e| {
                let given: Vec<String> = e
                    .inputs()
                    .into_iter()
                    .map(|input| match input {
                        RatioInput::CountA => format!("--count-a {count_a}"),
                        RatioInput::PopulationA => format!("--pop-a {pop_a}"),
                        RatioInput::CountB => format!("--count-b {count_b}"),
                        RatioInput::PopulationB => format!("--pop-b {pop_b}"),
                    })
                    .collect();
                PrepError::Check(format!("{}: {e}", given.join(" ")))
            })?;
            let method = match r.method {
                IntervalMethod::LogNormal => "rate-log",
                IntervalMethod::Exact => "rate-exact",
                IntervalMethod::Katz => "katz",
            };
            let figure = |v: f64| harm_core::format::significant(v, 6);
            println!("ratio,lower,upper,method");
            println!("{},{},{},{method}", figure(r.ratio.unwrap_or(f64::INFINITY)), figure(r.lower), figure(r.upper));
            Ok(())
        }
    }
}

/// A table on stdout, what it covers and leaves out (a module's) on stderr.
fn print_table(printed: harm_prep::table::Printed) {
    for note in &printed.notes {
        eprintln!("{note}");
    }
    print!("{}", printed.csv);
}

fn print_report(report: &BuildReport, seconds: f64) {
    for force in &report.forces {
        eprintln!("{}: {} wards, {} residents, {} crimes and ASB incidents placed in wards", force.id, force.ward_count, force.residents, force.crimes_in_wards);
        for note in &force.data_notes {
            eprintln!("  {note}");
        }
        eprintln!("  {}", harm_prep::assign::Accounting::CSV_HEADER);
        for a in &force.accounting {
            eprintln!("  {}", a.csv_row());
            for r in &a.rejected {
                eprintln!("    rejected: {}, line {}, field '{}': value '{}' {}", a.file, r.line, r.field, r.value, r.reason);
            }
        }
        if let Some(css) = force.weights(WeightScheme::Css) {
            if let Some(share) = css.weighted_share() {
                eprintln!(
                    "  CSS weights cover {:.2}% of {}'s recorded crime ({})",
                    share * 100.0,
                    force.name,
                    report.recorded_crime_vintage
                );
            }
            for u in &css.unweighted {
                eprintln!("  offence {} ({}) has no CSS weight: {} crimes, {:.2}% of recorded crime", u.offence_code, u.category, u.volume, u.share_of_volume * 100.0);
            }
        }
        for a in &force.search_accounting {
            eprintln!("  stop and search: {}", a.csv_row());
        }
        for (month, p) in &force.persistent_callers {
            eprintln!(
                "  calls for service, {month}: {} persistent callers tagged, {} of their calls counted apart",
                p.callers.iter().sum::<u64>(),
                p.calls.iter().sum::<u64>()
            );
        }
        for file in &force.not_used {
            eprintln!("  not read (outcomes are not used): {file}");
        }
        let d = &force.disclosure.total;
        eprintln!(
            "  disclosure control: {} cells, {} suppressed (primary), {} suppressed (secondary), {} rounded, {} zero; all checks passed",
            d.cells, d.primary_suppressed, d.secondary_suppressed, d.rounded, d.zeros
        );
        let site_files: Vec<String> = ["manifest.json".to_string(), ForceFiles::district_outlines(&force.id)]
            .into_iter()
            .chain(ForceFiles::map_files(&force.id))
            .collect();
        let (raw, brotli) = report.files.sizes(&site_files);
        eprintln!("  the site loads {raw} bytes for this force ({brotli} bytes brotli)");
    }
    eprintln!("built {} files in {seconds:.1} s", report.files.files.len());
}
