//! The deployment-time model: how long consoles take to patch a number of hosts.
//!
//! One console run costs a fixed overhead plus a per-host cost, fitted by least squares to
//! measured runs (the seed's 50/100/250/500-host timings, or the planner's own). Hosts are
//! split evenly over parallel consoles; a cautious (p90) figure scales the expected one.

use serde::Serialize;
use thiserror::Error;

use crate::i18n::{Lang, Localized};

/// One measured deployment run of a single console.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimingPoint {
    pub hosts: u32,
    pub minutes: f64,
}

/// The seed document's measurements (one UpdateEXPERT 6.1 console, every package alike).
pub const SEED_POINTS: [TimingPoint; 4] = [
    TimingPoint { hosts: 50, minutes: 24.0 },
    TimingPoint { hosts: 100, minutes: 33.0 },
    TimingPoint { hosts: 250, minutes: 58.0 },
    TimingPoint { hosts: 500, minutes: 100.0 },
];

/// The caution factor used when the planner has not chosen one: p90 = 1.25 × p50.
pub const DEFAULT_CAUTION: f64 = 1.25;

/// Largest caution factor accepted; anything above is surely a typing slip.
pub const MAX_CAUTION: f64 = 10.0;

/// Most consoles accepted in one plan.
pub const MAX_CONSOLES: u32 = 1_000;

/// Most hosts accepted in one estimate.
pub const MAX_HOSTS: u32 = 10_000_000;

/// What can be wrong with a timing question or with measured points.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum TimingError {
    /// An estimate needs at least one host to patch.
    #[error("the number of hosts must be at least 1 (got {0})")]
    NoHosts(u32),
    /// More hosts than any fleet this tool plans for.
    #[error("the number of hosts must be at most {MAX_HOSTS} (got {0})")]
    TooManyHosts(u32),
    /// At least one console must run the deployment.
    #[error("the number of consoles must be between 1 and {MAX_CONSOLES} (got {0})")]
    BadConsoles(u32),
    /// The cautious figure cannot be below the expected one, nor absurdly above it.
    #[error("the caution factor must be between 1 and {} (got {})", MAX_CAUTION, *.0)]
    BadCaution(f64),
    /// A line needs two different host counts to be fitted.
    #[error("at least two measured runs with different host counts are needed to fit the model")]
    TooFewPoints,
    /// A measured run must have hosts and a positive, finite duration.
    #[error("measured run {index} is invalid: {hosts} hosts in {} minutes", *minutes)]
    BadPoint { index: usize, hosts: u32, minutes: f64 },
    /// The fitted line would make larger runs take no longer, or take negative time.
    #[error("the measured runs do not fit a line that grows with the number of hosts")]
    NotIncreasing,
}

/// A fitted straight line: minutes = overhead + per_host × hosts, for one console run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimingModel {
    pub overhead_minutes: f64,
    pub per_host_minutes: f64,
    /// Smallest and largest host counts among the measured runs.
    pub measured_hosts: (u32, u32),
    /// Measured minus fitted minutes, one per measured run, in the order given.
    pub residuals: Vec<f64>,
}

/// How long a deployment takes, as the CLI and the page report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub hosts: u32,
    pub consoles: u32,
    pub expected_minutes: f64,
    pub cautious_minutes: f64,
    /// True when a console's share of hosts lies outside the measured range.
    pub extrapolated: bool,
}

impl TimingModel {
    /// The model fitted to the seed document's four measurements.
    pub fn seed() -> Self {
        // Not `expect`: that would bring the error's `Debug`, and the float formatting it
        // uses, into the page.
        let Ok(model) = Self::fit(&SEED_POINTS) else { unreachable!("the seed points fit a growing line") };
        model
    }

    /// Fits overhead and per-host cost to measured runs by ordinary least squares.
    pub fn fit(points: &[TimingPoint]) -> Result<Self, TimingError> {
        for (index, p) in points.iter().enumerate() {
            if p.hosts == 0 || !p.minutes.is_finite() || p.minutes <= 0.0 {
                return Err(TimingError::BadPoint { index, hosts: p.hosts, minutes: p.minutes });
            }
        }
        let lo = points.iter().map(|p| p.hosts).min().ok_or(TimingError::TooFewPoints)?;
        let hi = points.iter().map(|p| p.hosts).max().ok_or(TimingError::TooFewPoints)?;
        if lo == hi {
            return Err(TimingError::TooFewPoints);
        }
        let n = points.len() as f64;
        let mean_x = points.iter().map(|p| f64::from(p.hosts)).sum::<f64>() / n;
        let mean_y = points.iter().map(|p| p.minutes).sum::<f64>() / n;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for p in points {
            let dx = f64::from(p.hosts) - mean_x;
            sxy += dx * (p.minutes - mean_y);
            sxx += dx * dx;
        }
        let per_host = sxy / sxx;
        let overhead = mean_y - per_host * mean_x;
        if per_host <= 0.0 || overhead + per_host < 0.0 {
            return Err(TimingError::NotIncreasing);
        }
        let residuals =
            points.iter().map(|p| p.minutes - (overhead + per_host * f64::from(p.hosts))).collect();
        Ok(Self {
            overhead_minutes: overhead.max(0.0),
            per_host_minutes: per_host,
            measured_hosts: (lo, hi),
            residuals,
        })
    }

    /// Expected minutes for one console to patch `hosts` hosts (0 hosts take no time).
    pub fn console_minutes(&self, hosts: u32) -> f64 {
        if hosts == 0 {
            return 0.0;
        }
        self.overhead_minutes + self.per_host_minutes * f64::from(hosts)
    }

    /// Whether one console's share of `hosts` lies outside the measured range.
    pub fn is_extrapolated(&self, hosts_per_console: u32) -> bool {
        let (lo, hi) = self.measured_hosts;
        !(lo..=hi).contains(&hosts_per_console)
    }

    /// Estimates a deployment of `hosts` hosts over `consoles` parallel consoles.
    ///
    /// Hosts are split as evenly as possible, so the busiest console decides the duration.
    pub fn estimate(&self, hosts: u32, consoles: u32, caution: f64) -> Result<Estimate, TimingError> {
        if hosts == 0 {
            return Err(TimingError::NoHosts(hosts));
        }
        if hosts > MAX_HOSTS {
            return Err(TimingError::TooManyHosts(hosts));
        }
        if consoles == 0 || consoles > MAX_CONSOLES {
            return Err(TimingError::BadConsoles(consoles));
        }
        check_caution(caution)?;
        let busiest = hosts.div_ceil(consoles);
        let expected = self.console_minutes(busiest);
        Ok(Estimate {
            hosts,
            consoles,
            expected_minutes: expected,
            cautious_minutes: expected * caution,
            extrapolated: self.is_extrapolated(busiest),
        })
    }

    /// The model in one line, for tooltips and reports.
    pub fn explain(&self) -> String {
        self.explain_in(Lang::En)
    }

    /// The model in one line, in `lang`.
    pub fn explain_in(&self, lang: Lang) -> String {
        let (a, b, (lo, hi)) = (self.overhead_minutes, self.per_host_minutes, self.measured_hosts);
        match lang {
            Lang::En => {
                format!("{:.1} min + {:.3} min per host, per console (fitted to {lo}–{hi} hosts)", a, b)
            }
            Lang::Ja => format!(
                "コンソール1台あたり {:.1}分 + ホスト1台ごとに {:.3}分（{lo}〜{hi}台の実測に当てはめ）",
                a, b
            ),
        }
    }
}

/// Accepts a caution factor in `1..=MAX_CAUTION`.
pub fn check_caution(caution: f64) -> Result<f64, TimingError> {
    if caution.is_finite() && (1.0..=MAX_CAUTION).contains(&caution) {
        Ok(caution)
    } else {
        Err(TimingError::BadCaution(caution))
    }
}

impl Localized for TimingError {
    fn ja(&self) -> String {
        match self {
            Self::NoHosts(n) => format!("ホスト数は1以上にしてください（入力: {n}）"),
            Self::TooManyHosts(n) => format!("ホスト数は{MAX_HOSTS}以下にしてください（入力: {n}）"),
            Self::BadConsoles(n) => format!("コンソール数は1〜{MAX_CONSOLES}にしてください（入力: {n}）"),
            Self::BadCaution(x) => {
                format!("慎重係数は1〜{}にしてください（入力: {}）", MAX_CAUTION, *x)
            }
            Self::TooFewPoints => "モデルを当てはめるには、ホスト数の異なる実測が2件以上必要です".into(),
            Self::BadPoint { index, hosts, minutes } => {
                format!("実測{}が不正です: {hosts}台で{}分", index + 1, *minutes)
            }
            Self::NotIncreasing => "実測値がホスト数とともに増える直線になりません".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_points_are_reproduced_within_half_a_minute() {
        let model = TimingModel::seed();
        for p in SEED_POINTS {
            let got = model.console_minutes(p.hosts);
            assert!((got - p.minutes).abs() < 0.5, "{} hosts: {got} vs {}", p.hosts, p.minutes);
        }
    }

    #[test]
    fn seed_fit_matches_the_documented_line() {
        let model = TimingModel::seed();
        assert!((model.overhead_minutes - 15.9).abs() < 0.1, "{}", model.overhead_minutes);
        assert!((model.per_host_minutes - 0.168).abs() < 0.001, "{}", model.per_host_minutes);
        assert_eq!(model.measured_hosts, (50, 500));
        assert!(model.residuals.iter().all(|r| r.abs() < 0.4));
    }

    #[test]
    fn consoles_split_hosts_and_the_busiest_decides() {
        let model = TimingModel::seed();
        let one = model.estimate(500, 1, 1.0).unwrap();
        let two = model.estimate(500, 2, 1.0).unwrap();
        let three = model.estimate(500, 3, 1.0).unwrap();
        assert!((two.expected_minutes - model.console_minutes(250)).abs() < 1e-9);
        assert!((three.expected_minutes - model.console_minutes(167)).abs() < 1e-9);
        assert!(one.expected_minutes > two.expected_minutes);
        assert!(two.expected_minutes > three.expected_minutes);
    }

    #[test]
    fn extrapolation_is_flagged_outside_the_measured_range() {
        let model = TimingModel::seed();
        assert!(model.estimate(49, 1, 1.0).unwrap().extrapolated);
        assert!(!model.estimate(50, 1, 1.0).unwrap().extrapolated);
        assert!(!model.estimate(500, 1, 1.0).unwrap().extrapolated);
        assert!(model.estimate(501, 1, 1.0).unwrap().extrapolated);
        // 1000 hosts over two consoles is 500 each: measured.
        assert!(!model.estimate(1000, 2, 1.0).unwrap().extrapolated);
        // 100 hosts over four consoles is 25 each: below the range.
        assert!(model.estimate(100, 4, 1.0).unwrap().extrapolated);
    }

    #[test]
    fn cautious_figure_scales_the_expected_one() {
        let est = TimingModel::seed().estimate(250, 1, 1.5).unwrap();
        assert!((est.cautious_minutes - 1.5 * est.expected_minutes).abs() < 1e-9);
    }

    #[test]
    fn bad_questions_are_refused() {
        let model = TimingModel::seed();
        assert_eq!(model.estimate(0, 1, 1.25), Err(TimingError::NoHosts(0)));
        assert_eq!(model.estimate(10, 0, 1.25), Err(TimingError::BadConsoles(0)));
        assert_eq!(model.estimate(MAX_HOSTS + 1, 1, 1.25), Err(TimingError::TooManyHosts(MAX_HOSTS + 1)));
        assert!(matches!(model.estimate(10, 1, 0.9), Err(TimingError::BadCaution(_))));
        assert!(matches!(model.estimate(10, 1, f64::NAN), Err(TimingError::BadCaution(_))));
    }

    #[test]
    fn fitting_needs_two_distinct_valid_points() {
        assert_eq!(TimingModel::fit(&[]), Err(TimingError::TooFewPoints));
        let same = [TimingPoint { hosts: 10, minutes: 5.0 }, TimingPoint { hosts: 10, minutes: 6.0 }];
        assert_eq!(TimingModel::fit(&same), Err(TimingError::TooFewPoints));
        let zero = [TimingPoint { hosts: 0, minutes: 5.0 }, TimingPoint { hosts: 10, minutes: 6.0 }];
        assert!(matches!(TimingModel::fit(&zero), Err(TimingError::BadPoint { index: 0, .. })));
        let shrinking = [TimingPoint { hosts: 10, minutes: 9.0 }, TimingPoint { hosts: 20, minutes: 6.0 }];
        assert_eq!(TimingModel::fit(&shrinking), Err(TimingError::NotIncreasing));
    }

    #[test]
    fn calibration_refits_to_the_planners_runs() {
        let runs = [TimingPoint { hosts: 20, minutes: 30.0 }, TimingPoint { hosts: 120, minutes: 80.0 }];
        let model = TimingModel::fit(&runs).unwrap();
        assert!((model.overhead_minutes - 20.0).abs() < 1e-9);
        assert!((model.per_host_minutes - 0.5).abs() < 1e-9);
        assert_eq!(model.measured_hosts, (20, 120));
        assert!(model.residuals.iter().all(|r| r.abs() < 1e-9));
    }
}
