//! How a forecast is run, as a scenario file says (`"forecast": {...}`) and the command
//! line overrides: trials, seed, confidence, and what varies.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::timing::TimingModel;

/// A batch's spread when nothing measured says better: two batches in three take
/// between 1/1.15 and 1.15 times their estimate.
pub const DEFAULT_SPREAD_PERCENT: f64 = 15.0;
/// Measured runs needed before their scatter sets the spread (a line through fewer says
/// little of next week's runs: the seed's four fit within 0.3 minutes).
pub const RUNS_FOR_SPREAD: usize = 8;
/// Done batches of a rollout needed before their actual-to-estimate ratios set the spread.
pub const BATCHES_FOR_SPREAD: usize = 5;
/// The most trials a forecast may ask for.
pub const MAX_TRIALS: u32 = 100_000;

/// A forecast's settings. Every field has a default; a scenario writes only those set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Trials to run at most (fewer once every probability is known to ±0.5 points).
    pub trials: u32,
    /// The same seed draws the same trials.
    pub seed: u64,
    /// The level the headline and the solver under uncertainty use, in percent.
    pub confidence_percent: f64,
    /// How far a batch's time strays from its estimate: two in three within this many
    /// percent. Unset: from the rollout's done batches, the measured runs, or 15 %.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread_percent: Option<f64>,
    /// Chance that any one window opening is lost to an incident or a freeze.
    pub lost_window_percent: f64,
    /// How long a phase halted by its failures is investigated before it resumes in its
    /// next opening.
    pub investigation_hours: f64,
    /// The failure rate is as sure as if counted over this many installs (0: exactly).
    pub failure_rate_installs: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            trials: 10_000,
            seed: 1,
            confidence_percent: 85.0,
            spread_percent: None,
            lost_window_percent: 0.0,
            investigation_hours: 24.0,
            failure_rate_installs: 100,
        }
    }
}

impl Settings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// What is wrong with each field: `(field, message)` in `lang`.
    pub fn problems(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut say = |field, en: &str, ja: &str| out.push((field, lang.pick(en, ja).to_string()));
        if !(1..=MAX_TRIALS).contains(&self.trials) {
            say("trials", "must be between 1 and 100,000", "1〜100,000にしてください");
        }
        if !(50.0..=99.0).contains(&self.confidence_percent) {
            say("confidence_percent", "must be between 50 and 99", "50〜99にしてください");
        }
        if self.spread_percent.is_some_and(|s| !(0.0..=200.0).contains(&s)) {
            say("spread_percent", "must be between 0 and 200", "0〜200にしてください");
        }
        if !(0.0..=90.0).contains(&self.lost_window_percent) {
            say("lost_window_percent", "must be between 0 and 90", "0〜90にしてください");
        }
        if !(0.0..=720.0).contains(&self.investigation_hours) {
            say("investigation_hours", "must be between 0 and 720 hours", "0〜720時間にしてください");
        }
        if self.failure_rate_installs > 1_000_000 {
            say("failure_rate_installs", "must be at most 1,000,000", "1,000,000以下にしてください");
        }
        out
    }
}

/// Where a forecast's spread came from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpreadSource {
    /// The planner set it.
    Setting,
    /// The scatter of this many done batches of the rollout around their estimates.
    Rollout { batches: u32 },
    /// The scatter of this many measured runs around the fitted line.
    Runs { runs: u32 },
    /// Nothing measured says better: the documented default.
    Default,
}

impl SpreadSource {
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Setting, _) => lang.pick("your setting", "設定値").into(),
            (Self::Rollout { batches }, Lang::En) => format!("from {batches} done batches"),
            (Self::Rollout { batches }, Lang::Ja) => format!("完了した{batches}バッチから"),
            (Self::Runs { runs }, Lang::En) => format!("from {runs} measured runs"),
            (Self::Runs { runs }, Lang::Ja) => format!("実測{runs}回から"),
            (Self::Default, _) => lang.pick("default", "既定値").into(),
        }
    }
}

/// The spread a forecast uses, in percent, and where it came from: the planner's setting;
/// else a rollout's done batches (their actual-to-estimate ratios), when there are enough;
/// else the measured runs' scatter around their line, when there are enough; else the
/// default.
pub fn spread(scenario: &Scenario, plan: &Plan, settings: &Settings) -> (f64, SpreadSource) {
    if let Some(s) = settings.spread_percent {
        return (s, SpreadSource::Setting);
    }
    if let Some(t) = &plan.tracking {
        let logs: Vec<f64> = t.ratios.iter().map(|r| r.ln()).collect();
        if logs.len() >= BATCHES_FOR_SPREAD {
            let mean = logs.iter().sum::<f64>() / logs.len() as f64;
            let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (logs.len() - 1) as f64;
            return (percent_of(var.sqrt()), SpreadSource::Rollout { batches: logs.len() as u32 });
        }
    }
    let runs = match scenario.capacity.calibration.is_empty() {
        true => &plan.advisory.timing,
        false => &scenario.capacity.calibration,
    };
    if runs.len() >= RUNS_FOR_SPREAD {
        if let Ok(model) = TimingModel::fit(runs) {
            let square: f64 = runs
                .iter()
                .map(|p| (p.minutes / model.console_minutes(p.hosts).max(f64::MIN_POSITIVE)).ln().powi(2))
                .sum();
            // Two of the freedoms went into the line.
            let sigma = (square / (runs.len() - 2) as f64).sqrt();
            return (percent_of(sigma), SpreadSource::Runs { runs: runs.len() as u32 });
        }
    }
    (DEFAULT_SPREAD_PERCENT, SpreadSource::Default)
}

/// The spread in percent whose factor's logarithm has standard deviation `sigma`.
fn percent_of(sigma: f64) -> f64 {
    (sigma.exp() - 1.0) * 100.0
}

/// The standard deviation of the logarithm of a batch's factor for a spread in percent.
pub fn sigma_of(percent: f64) -> f64 {
    (1.0 + percent / 100.0).ln()
}
