use clap::{Parser, Subcommand};
use harm_core::dataset::ForceFiles;
use harm_core::ethnicity::Basis;
use harm_core::Month;
use harm_prep::build::{build, BuildReport};
use harm_prep::error::PrepError;
use harm_prep::raw::RawFolder;
use harm_prep::recipe::read_recipe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
    },
    /// Print one CSV row per ward and a force total, as the site shows them.
    Table {
        /// Which figures: crime harm, or stop and search by ethnic group.
        #[arg(long, value_enum, default_value = "harm")]
        measure: Measure,
        /// Whose record of ethnicity to use (stop and search).
        #[arg(long, value_enum, default_value = "self-defined")]
        basis: BasisArg,
        /// Folder of the published dataset.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Force id, e.g. hampshire.
        #[arg(long)]
        force: String,
        /// First month (YYYY-MM).
        #[arg(long)]
        from: Month,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: Month,
    },
    /// Print the ratio of two rates with its 95% confidence interval as CSV
    /// `ratio,lower,upper`: (count a / population a) / (count b / population b).
    Ratio {
        #[arg(long)]
        count_a: u64,
        #[arg(long)]
        pop_a: u64,
        #[arg(long)]
        count_b: u64,
        #[arg(long)]
        pop_b: u64,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Measure {
    Harm,
    StopSearch,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum BasisArg {
    SelfDefined,
    OfficerDefined,
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
        Command::Build { raw, out, recipe } => {
            let started = Instant::now();
            let recipe = read_recipe(&recipe)?;
            let report = build(&recipe, &RawFolder::new(&raw)?)?;
            report.files.write_all(&out)?;
            print_report(&report, started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Table { measure: Measure::Harm, data, force, from, to, .. } => {
            print!("{}", harm_prep::table::ward_table_csv(&data, &force, from, to)?);
            Ok(())
        }
        Command::Table { measure: Measure::StopSearch, basis, data, force, from, to } => {
            let basis = match basis {
                BasisArg::SelfDefined => Basis::SelfDefined,
                BasisArg::OfficerDefined => Basis::OfficerDefined,
            };
            print!("{}", harm_prep::table::stop_search_table_csv(&data, &force, basis, from, to)?);
            Ok(())
        }
        Command::Ratio { count_a, pop_a, count_b, pop_b } => {
            let r = harm_core::intervals::rate_ratio(count_a, pop_a, count_b, pop_b).ok_or_else(|| {
                PrepError::Check("the ratio is undefined: a population is zero or both counts are zero".into())
            })?;
            println!("ratio,lower,upper");
            println!(
                "{},{},{}",
                harm_core::format::limit(Some(r.ratio.unwrap_or(f64::INFINITY))),
                harm_core::format::limit(Some(r.lower)),
                harm_core::format::limit(Some(r.upper))
            );
            Ok(())
        }
    }
}

fn print_report(report: &BuildReport, seconds: f64) {
    for force in &report.forces {
        eprintln!("{}: {} wards, {} residents, {} crimes and ASB incidents placed in wards", force.id, force.ward_count, force.residents, force.crimes_in_wards);
        eprintln!("  {}", harm_prep::assign::Accounting::CSV_HEADER);
        for a in &force.accounting {
            eprintln!("  {}", a.csv_row());
            for r in &a.rejected {
                eprintln!("    rejected: {}, line {}, field '{}': value '{}' {}", a.file, r.line, r.field, r.value, r.reason);
            }
        }
        for u in &force.weights.unweighted {
            eprintln!("  offence {} ({}) has no weight: {} crimes, {:.2}% of recorded crime", u.offence_code, u.category, u.volume, u.share_of_volume * 100.0);
        }
        for a in &force.search_accounting {
            eprintln!("  stop and search: {}", a.csv_row());
        }
        let d = &force.disclosure.total;
        eprintln!(
            "  disclosure control: {} cells, {} suppressed (primary), {} suppressed (secondary), {} rounded, {} zero; all checks passed",
            d.cells, d.primary_suppressed, d.secondary_suppressed, d.rounded, d.zeros
        );
        let site_files = [
            "manifest.json".to_string(),
            ForceFiles::boundaries(&force.id),
            ForceFiles::wards(&force.id),
            ForceFiles::crime(&force.id),
            ForceFiles::category_weights(&force.id),
            ForceFiles::stop_search(&force.id),
            ForceFiles::stop_search_force(&force.id),
            ForceFiles::use_of_force(&force.id),
        ];
        let (raw, brotli) = report.files.sizes(&site_files);
        eprintln!("  the site loads {raw} bytes for this force ({brotli} bytes brotli)");
    }
    eprintln!("built {} files in {seconds:.1} s", report.files.files.len());
}
