use clap::{Parser, Subcommand};
use harm_core::dataset::ForceFiles;
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
        Command::Table { data, force, from, to } => {
            print!("{}", harm_prep::table::ward_table_csv(&data, &force, from, to)?);
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
        let site_files = [
            "manifest.json".to_string(),
            ForceFiles::boundaries(&force.id),
            ForceFiles::wards(&force.id),
            ForceFiles::crime(&force.id),
            ForceFiles::category_weights(&force.id),
        ];
        let (raw, brotli) = report.files.sizes(&site_files);
        eprintln!("  the site loads {raw} bytes for this force ({brotli} bytes brotli)");
    }
    eprintln!("built {} files in {seconds:.1} s", report.files.files.len());
}
