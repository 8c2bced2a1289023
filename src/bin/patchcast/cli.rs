//! The command line's arguments, commands and outputs.
//!
//! Exit codes: 0 success; 1 a valid scenario that cannot be scheduled (or a file that
//! cannot be written, or for `solve`, targets nothing in range meets); 2 bad arguments or
//! an invalid scenario (each problem names its field).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use patchcast::export;
use patchcast::export::wiki::Markup;
use patchcast::i18n::grouped;
use patchcast::i18n::{Lang, Localized};
use patchcast::plan::{Plan, PlanError};
use patchcast::scenario::Scenario;
use patchcast::share;
use patchcast::solve::{with_targets, SolveError};
use patchcast::target::Target;
use patchcast::timing::{Estimate, TimingModel, DEFAULT_CAUTION, MAX_CAUTION, MAX_CONSOLES, MAX_HOSTS};

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
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = hosts_arg)]
        hosts: u32,
        /// Consoles deploying in parallel on disjoint hosts.
        #[arg(long, value_name = "K", default_value_t = 1, allow_negative_numbers = true, value_parser = consoles_arg)]
        consoles: u32,
        /// Cautious (p90) figure as a multiple of the expected one.
        #[arg(long, value_name = "FACTOR", default_value_t = DEFAULT_CAUTION, allow_negative_numbers = true, value_parser = caution_arg)]
        caution: f64,
        #[arg(long, value_enum, default_value_t = EstimateFormat::Text)]
        format: EstimateFormat,
    },
    /// Plans a scenario file and writes the plan.
    Plan {
        /// Scenario file (JSON; see docs/scenario.md).
        scenario: PathBuf,
        #[arg(long, value_enum, default_value_t = PlanFormat::BatchesCsv)]
        format: PlanFormat,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Language of headers, phase names and messages: en or ja.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// For wiki pages: the address of your Patchcast page, to link the scenario
        /// (e.g. https://wiki.example.com/patchcast/index.html).
        #[arg(long, value_name = "URL")]
        link_base: Option<String>,
    },
    /// Finds the fewest consoles that meet completion targets, and what binds when
    /// consoles alone cannot (exit 0: consoles, or consoles with a longer window or another
    /// per-site limit, meet every target; 1: nothing in range does; 2: bad input).
    Solve {
        /// Scenario file (JSON; see docs/scenario.md).
        scenario: PathBuf,
        /// A completion target, HOSTS=WHEN: all=14d, internet_facing=72h, 95%=10d,
        /// phase:Pilot=48h, tier:internet_anonymous=3d or all=2026-12-20T08:00@Asia/Tokyo.
        /// Repeat for several. Without any, the scenario's own targets are used.
        #[arg(long = "target", value_name = "HOSTS=WHEN", value_parser = target_arg)]
        targets: Vec<Target>,
        /// The most consoles to consider.
        #[arg(long, value_name = "N", default_value_t = MAX_CONSOLES, allow_negative_numbers = true, value_parser = consoles_arg)]
        max_consoles: u32,
        #[arg(long, value_enum, default_value_t = SolveFormat::Text)]
        format: SolveFormat,
        /// Language of the text and messages: en or ja.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
    },
    /// Follows a rollout: records progress filled in a batches or hosts CSV, plans the
    /// rest from the status time and says how far it runs from the approved plan. A
    /// scenario with no progress yet is taken as approved at its start.
    Track {
        /// Scenario file (JSON; see docs/scenario.md).
        scenario: PathBuf,
        /// A batches or hosts CSV export with its progress columns filled in.
        #[arg(long, value_name = "FILE.csv")]
        progress: Option<PathBuf>,
        /// The status time, RFC 3339 with its offset (2026-12-09T08:00+09:00); by default
        /// the latest time of the progress.
        #[arg(long, value_name = "TIME", value_parser = instant_arg)]
        now: Option<String>,
        #[arg(long, value_enum)]
        format: TrackFormat,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also write the scenario with its progress here.
        #[arg(long, value_name = "FILE")]
        write_scenario: Option<PathBuf>,
        /// Language of headers, phase names and messages: en or ja.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
    },
    /// Says how sure the plan's dates are: runs the plan (or the rest of a rollout in
    /// progress) thousands of times with batch times, failures and lost window openings
    /// drawn at random, and gives the finish and each target as 50 / 85 / 95 % dates and
    /// the chance of meeting it (exit 1: a phase of the rollout is halted).
    Forecast {
        /// Scenario file (JSON; see docs/scenario.md).
        scenario: PathBuf,
        /// Trials to run at most (default 10,000; fewer once every chance is known to
        /// ±0.5 points).
        #[arg(long, value_name = "N")]
        trials: Option<u32>,
        /// The same seed draws the same trials (default 1).
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// The level the headline and the consoles under uncertainty use (default 85).
        #[arg(long, value_name = "PERCENT", allow_negative_numbers = true)]
        confidence: Option<f64>,
        /// Two batches in three take within this many percent of their estimate (default:
        /// from the rollout's done batches or the measured runs when there are enough,
        /// else 15).
        #[arg(long, value_name = "PERCENT", allow_negative_numbers = true)]
        spread: Option<f64>,
        /// Chance that any one window opening is lost (default 0).
        #[arg(long = "lost-window", value_name = "PERCENT", allow_negative_numbers = true)]
        lost_window: Option<f64>,
        #[arg(long, value_enum)]
        format: ForecastFormat,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Language of the text and messages: en or ja.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
    },
    /// Checks a scenario file and lists every problem with its field.
    Validate { scenario: PathBuf },
    /// Prints the built-in sample scenario (MS05-021, two sites), a start for your own.
    Sample,
}

#[derive(Clone, Copy, ValueEnum)]
enum EstimateFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ForecastFormat {
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SolveFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TrackFormat {
    /// The replanned plan, done batches first, with its progress and variance.
    Json,
    /// A wiki page in Markdown that leads with where the rollout stands.
    Markdown,
    /// One row per batch, done ones first (CSV for Excel, progress columns filled).
    BatchesCsv,
    /// One row per host (CSV for Excel, progress columns filled).
    HostsCsv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Language {
    En,
    Ja,
}

impl From<Language> for Lang {
    fn from(l: Language) -> Lang {
        match l {
            Language::En => Lang::En,
            Language::Ja => Lang::Ja,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    /// One row per batch (CSV for Excel).
    BatchesCsv,
    /// One row per host (CSV for Excel).
    HostsCsv,
    /// The whole plan.
    Json,
    /// An iCalendar file with one event per batch.
    Ics,
    /// A wiki page in Markdown (GitHub-flavoured tables).
    Markdown,
    /// A wiki page in MediaWiki markup.
    Mediawiki,
    /// A Confluence page in storage format (XHTML).
    Confluence,
    /// The Gantt chart as a standalone SVG file.
    GanttSvg,
    /// The exposure chart as a standalone SVG file.
    ExposureSvg,
}

/// Exit code for a question the tool cannot answer as asked.
const USAGE_ERROR: u8 = 2;
/// Exit code for a sound scenario that has no plan, or output that cannot be written.
const PLAN_ERROR: u8 = 1;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: print as clap renders them.
            put(&err.to_string());
            return ExitCode::SUCCESS;
        }
        Err(err) => return fail(USAGE_ERROR, &argument_error(&err)),
    };
    match cli.command {
        Command::Estimate { hosts, consoles, caution, format } => {
            match TimingModel::seed().estimate(hosts, consoles, caution) {
                Ok(estimate) => {
                    print_estimate(&estimate, format);
                    ExitCode::SUCCESS
                }
                Err(err) => fail(USAGE_ERROR, &err.to_string()),
            }
        }
        Command::Plan { scenario, format, output, lang, link_base } => {
            plan(&scenario, format, output.as_deref(), lang.into(), link_base.as_deref())
        }
        Command::Solve { scenario, targets, max_consoles, format, lang } => {
            solve(&scenario, &targets, max_consoles, format, lang.into())
        }
        Command::Track { scenario, progress, now, format, output, write_scenario, lang } => track(
            &scenario,
            progress.as_deref(),
            now,
            format,
            output.as_deref(),
            write_scenario.as_deref(),
            lang.into(),
        ),
        Command::Forecast {
            scenario,
            trials,
            seed,
            confidence,
            spread,
            lost_window,
            format,
            output,
            lang,
        } => {
            let asked = Asked { trials, seed, confidence, spread, lost_window };
            forecast(&scenario, &asked, format, output.as_deref(), lang.into())
        }
        Command::Validate { scenario } => validate(&scenario),
        Command::Sample => {
            put(&Scenario::sample().to_json());
            ExitCode::SUCCESS
        }
    }
}

fn read_scenario(path: &Path) -> Result<Scenario, ExitCode> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(USAGE_ERROR, &format!("cannot read {}: {e}", path.display())))?;
    Scenario::from_json(&text).map_err(|e| fail(USAGE_ERROR, &format!("{}: {e}", path.display())))
}

fn report_problems(path: &Path, err: &PlanError, lang: Lang) -> ExitCode {
    match err {
        PlanError::Invalid(problems) => {
            for p in problems {
                eprintln!("patchcast: error: {}: {p}", path.display());
            }
            ExitCode::from(USAGE_ERROR)
        }
        PlanError::Schedule(e) => fail(PLAN_ERROR, &format!("{}: {}", path.display(), e.text(lang))),
    }
}

fn plan(
    path: &Path,
    format: PlanFormat,
    output: Option<&Path>,
    lang: Lang,
    link_base: Option<&str>,
) -> ExitCode {
    let scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let plan = match Plan::make_in(&scenario, lang) {
        Ok(p) => p,
        Err(e) => return report_problems(path, &e, lang),
    };
    if link_base.is_some_and(|base| export::wiki::safe_link(base).is_none()) {
        return fail(
            USAGE_ERROR,
            "--link-base must be an http:// or https:// address of your Patchcast page",
        );
    }
    let wiki = |markup| {
        let link = link_base.and_then(|base| {
            let fragment = share::to_fragment(&scenario).ok()?;
            Some(format!("{}#{fragment}", base.split('#').next().unwrap_or(base)))
        });
        export::wiki::page(&scenario, &plan, link.as_deref(), markup, lang)
    };
    let text = match format {
        PlanFormat::BatchesCsv => export::csv::batches(&plan, lang),
        PlanFormat::HostsCsv => export::csv::hosts(&plan, lang),
        PlanFormat::Json => export::json::plan(&plan),
        PlanFormat::Ics => export::calendar::ics(&plan, lang),
        PlanFormat::Markdown => wiki(Markup::Markdown),
        PlanFormat::Mediawiki => wiki(Markup::MediaWiki),
        PlanFormat::Confluence => wiki(Markup::Confluence),
        PlanFormat::GanttSvg => export::wiki::gantt_svg(&scenario, &plan, lang),
        PlanFormat::ExposureSvg => export::wiki::exposure_svg(&plan, lang),
    };
    write_out(output, &text)
}

/// Writes `text` to `output`, or to standard output.
fn write_out(output: Option<&Path>, text: &str) -> ExitCode {
    match output {
        None => {
            put(text);
            ExitCode::SUCCESS
        }
        Some(file) => match std::fs::write(file, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(PLAN_ERROR, &format!("cannot write {}: {e}", file.display())),
        },
    }
}

fn track(
    path: &Path,
    progress: Option<&Path>,
    now: Option<String>,
    format: TrackFormat,
    output: Option<&Path>,
    write_scenario: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let mut scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let made = |s: &Scenario| Plan::make_in(s, lang).map_err(|e| report_problems(path, &e, lang));
    if scenario.progress.is_none() {
        let plan = match made(&scenario) {
            Ok(p) => p,
            Err(code) => return code,
        };
        let zone = patchcast::time_zone::zone(&scenario.start_time_zone)
            .unwrap_or_else(|_| patchcast::time_zone::Zone::utc());
        scenario.progress = Some(plan.approve(plan.summary.start, plan.summary.start, &zone));
        scenario.settle_version();
        eprintln!(
            "patchcast: {}: {}",
            path.display(),
            lang.pick(
                "no approved baseline in the scenario: its plan is taken as approved at its start",
                "シナリオに承認済みの基準がありません: 現在の計画を開始時点で承認したものとします",
            )
        );
    }
    if let Some(file) = progress {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => return fail(USAGE_ERROR, &format!("cannot read {}: {e}", file.display())),
        };
        let plan = match made(&scenario) {
            Ok(p) => p,
            Err(code) => return code,
        };
        let shift_jis = |bytes: &[u8]| {
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| t.into_owned())
        };
        match patchcast::plan::sheet::read(&plan, &bytes, &shift_jis) {
            Ok(events) => patchcast::form::Change::Record(events).apply(&mut scenario),
            Err(errors) => {
                for e in errors {
                    let message = if lang == Lang::Ja { e.ja() } else { e.to_string() };
                    eprintln!("patchcast: error: {}: {message}", file.display());
                }
                return ExitCode::from(USAGE_ERROR);
            }
        }
    }
    if let (Some(now), Some(p)) = (now, scenario.progress.as_mut()) {
        p.now = now;
    }
    let plan = match made(&scenario) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(file) = write_scenario {
        if let Err(e) = std::fs::write(file, scenario.to_json()) {
            return fail(PLAN_ERROR, &format!("cannot write {}: {e}", file.display()));
        }
    }
    let text = match format {
        TrackFormat::Json => export::json::plan(&plan),
        TrackFormat::Markdown => export::wiki::page(&scenario, &plan, None, Markup::Markdown, lang),
        TrackFormat::BatchesCsv => export::csv::batches(&plan, lang),
        TrackFormat::HostsCsv => export::csv::hosts(&plan, lang),
    };
    write_out(output, &text)
}

/// What the command line asks of a forecast, over what the scenario says.
struct Asked {
    trials: Option<u32>,
    seed: Option<u64>,
    confidence: Option<f64>,
    spread: Option<f64>,
    lost_window: Option<f64>,
}

fn forecast(
    path: &Path,
    asked: &Asked,
    format: ForecastFormat,
    output: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut settings = scenario.forecast.clone();
    settings.trials = asked.trials.unwrap_or(settings.trials);
    settings.seed = asked.seed.unwrap_or(settings.seed);
    settings.confidence_percent = asked.confidence.unwrap_or(settings.confidence_percent);
    settings.spread_percent = asked.spread.or(settings.spread_percent);
    settings.lost_window_percent = asked.lost_window.unwrap_or(settings.lost_window_percent);
    let flag = |field: &str| match field {
        "trials" => "--trials",
        "seed" => "--seed",
        "confidence_percent" => "--confidence",
        "spread_percent" => "--spread",
        "lost_window_percent" => "--lost-window",
        _ => "",
    };
    let problems = settings.problems(lang);
    if !problems.is_empty() {
        for (field, message) in problems {
            match flag(field) {
                "" => eprintln!("patchcast: error: {}: forecast.{field}: {message}", path.display()),
                flag => eprintln!("patchcast: error: {flag}: {message}"),
            }
        }
        return ExitCode::from(USAGE_ERROR);
    }
    let plan = match Plan::make_in(&scenario, lang) {
        Ok(p) => p,
        Err(e) => return report_problems(path, &e, lang),
    };
    let mut result = match patchcast::forecast::forecast(&scenario, &plan, &settings) {
        Ok(f) => f,
        Err(e) => return fail(PLAN_ERROR, &format!("{}: {}", path.display(), e.text(lang))),
    };
    result.consoles = patchcast::forecast::solve::fewest_consoles(&scenario, &settings, lang, &|| true);
    let zone = patchcast::time_zone::zone(&scenario.start_time_zone)
        .unwrap_or_else(|_| patchcast::time_zone::Zone::utc());
    let text = match format {
        ForecastFormat::Json => export::json::forecast(&result, &zone, zone.name()),
        ForecastFormat::Markdown => export::wiki::forecast_section(&result, &zone, Markup::Markdown, lang),
    };
    write_out(output, &text)
}

/// A status time: RFC 3339 to the minute, with its offset.
fn instant_arg(text: &str) -> Result<String, String> {
    text.trim().parse::<patchcast::civil::Instant>().map(|_| text.trim().to_string()).map_err(|()| {
        format!("write the time as RFC 3339 with its offset, such as 2026-12-09T08:00+09:00 (got {text})")
    })
}

fn solve(path: &Path, targets: &[Target], max_consoles: u32, format: SolveFormat, lang: Lang) -> ExitCode {
    let scenario = match read_scenario(path) {
        Ok(s) => with_targets(&s, targets),
        Err(code) => return code,
    };
    let solution = match patchcast::solve::solve(&scenario, max_consoles, lang) {
        Ok(s) => s,
        Err(SolveError::Plan(e)) => return report_problems(path, &e, lang),
        Err(SolveError::NoTargets) => {
            return fail(
                USAGE_ERROR,
                &format!(
                    "{}: {}",
                    path.display(),
                    lang.pick(
                        "no completion target: give --target (such as --target all=14d) or add targets to the scenario",
                        "完了目標がありません: --target（例: --target all=14d）を指定するか、シナリオに targets を追加してください",
                    )
                ),
            )
        }
    };
    match format {
        SolveFormat::Json => put(&export::solution::json(&solution)),
        SolveFormat::Text => put(&export::solution::text(&solution, lang)),
    }
    if solution.found() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(PLAN_ERROR)
    }
}

/// A target from the command line, or what to write instead.
fn target_arg(text: &str) -> Result<Target, String> {
    let target = Target::from_flag(text).ok_or_else(|| {
        format!("write a target as HOSTS=WHEN, such as all=14d or internet_facing=72h (got {text})")
    })?;
    // The start's zone is not known yet: check with UTC for the syntax; the scenario
    // check resolves `by` in its own start zone.
    target.resolve("UTC", Lang::En).map_err(|p| p.message)?;
    Ok(target)
}

fn validate(path: &Path) -> ExitCode {
    let scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match Plan::make(&scenario) {
        Ok(plan) => {
            put(&format!(
                "{}: valid: {} hosts in {} phases, {} batches\n",
                path.display(),
                plan.summary.hosts,
                plan.phase_summaries.len(),
                plan.summary.batches
            ));
            ExitCode::SUCCESS
        }
        Err(e) => report_problems(path, &e, Lang::En),
    }
}

fn print_estimate(estimate: &Estimate, format: EstimateFormat) {
    let shown = Estimate {
        expected_minutes: round_tenth(estimate.expected_minutes),
        cautious_minutes: round_tenth(estimate.cautious_minutes),
        ..estimate.clone()
    };
    match format {
        EstimateFormat::Json => {
            put(&format!("{}\n", serde_json::to_string(&shown).expect("an estimate serialises")))
        }
        EstimateFormat::Text => put(&format!(
            "{} hosts on {} console(s): {} min expected, {} min cautious{}\n",
            shown.hosts,
            shown.consoles,
            shown.expected_minutes,
            shown.cautious_minutes,
            if shown.extrapolated { " (extrapolated beyond the measured runs)" } else { "" }
        )),
    }
}

fn round_tenth(minutes: f64) -> f64 {
    (minutes * 10.0).round() / 10.0
}

/// A whole number in `min..=max`, or what to enter instead, in a planner's words.
fn whole_arg(text: &str, min: u32, max: u32, what: &str) -> Result<u32, String> {
    let range = || {
        format!(
            "enter a whole number of {what} from {} to {} (got {text})",
            grouped(min.into()),
            grouped(max.into())
        )
    };
    let n: i128 = text.trim().parse().map_err(|_| range())?;
    u32::try_from(n).ok().filter(|n| (min..=max).contains(n)).ok_or_else(range)
}

fn hosts_arg(text: &str) -> Result<u32, String> {
    whole_arg(text, 1, MAX_HOSTS, "hosts")
}

fn consoles_arg(text: &str) -> Result<u32, String> {
    whole_arg(text, 1, MAX_CONSOLES, "consoles")
}

fn caution_arg(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|c| (1.0..=MAX_CAUTION).contains(c))
        .ok_or_else(|| format!("enter a caution factor from 1 to {MAX_CAUTION}, such as 1.25 (got {text})"))
}

/// clap's message, or for a value our parsers refused, `--hosts: enter …`.
fn argument_error(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arg = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.split(' ').next().unwrap_or(arg).to_string(),
        _ => String::new(),
    };
    match (err.kind(), std::error::Error::source(err)) {
        (ErrorKind::ValueValidation, Some(source)) if !arg.is_empty() => format!("{arg}: {source}"),
        _ => first_line(&err.to_string()).to_string(),
    }
}

fn first_line(message: &str) -> &str {
    message.lines().find(|l| !l.trim().is_empty()).unwrap_or(message)
}

fn fail(code: u8, message: &str) -> ExitCode {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    eprintln!("patchcast: error: {message}");
    ExitCode::from(code)
}

/// Writes `text` to standard output. A reader that stops reading (`patchcast plan … | head`)
/// ends the program quietly, as command-line tools do; any other failure is an error.
fn put(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("patchcast: error: the output could not be written: {e}");
        std::process::exit(1);
    }
}
