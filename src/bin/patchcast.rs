//! The `patchcast` command line: the planning engine for scripts and automation.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use patchcast::timing::{Estimate, TimingModel, DEFAULT_CAUTION};

#[derive(Parser)]
#[command(name = "patchcast", version, about = "Plans the rollout of a security hotfix across a fleet")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Estimates how long consoles take to deploy the hotfix to a number of hosts.
    Estimate {
        /// Number of hosts to patch.
        #[arg(long, value_name = "N")]
        hosts: u32,
        /// Consoles deploying in parallel on disjoint hosts.
        #[arg(long, value_name = "K", default_value_t = 1)]
        consoles: u32,
        /// Cautious (p90) figure as a multiple of the expected one.
        #[arg(long, value_name = "FACTOR", default_value_t = DEFAULT_CAUTION)]
        caution: f64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit code for a question the tool cannot answer as asked.
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: print as clap renders them.
            print!("{err}");
            return ExitCode::SUCCESS;
        }
        Err(err) => return fail(first_line(&err.to_string())),
    };
    match cli.command {
        Command::Estimate { hosts, consoles, caution, format } => {
            match TimingModel::seed().estimate(hosts, consoles, caution) {
                Ok(estimate) => {
                    print_estimate(&estimate, format);
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&err.to_string()),
            }
        }
    }
}

fn print_estimate(estimate: &Estimate, format: Format) {
    let shown = Estimate {
        expected_minutes: round_tenth(estimate.expected_minutes),
        cautious_minutes: round_tenth(estimate.cautious_minutes),
        ..estimate.clone()
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string(&shown).expect("an estimate serialises")),
        Format::Text => println!(
            "{} hosts on {} console(s): {} min expected, {} min cautious{}",
            shown.hosts,
            shown.consoles,
            shown.expected_minutes,
            shown.cautious_minutes,
            if shown.extrapolated { " (extrapolated beyond the measured runs)" } else { "" }
        ),
    }
}

fn round_tenth(minutes: f64) -> f64 {
    (minutes * 10.0).round() / 10.0
}

fn first_line(message: &str) -> &str {
    message.lines().find(|l| !l.trim().is_empty()).unwrap_or(message)
}

fn fail(message: &str) -> ExitCode {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    eprintln!("patchcast: error: {message}");
    ExitCode::from(USAGE_ERROR)
}
