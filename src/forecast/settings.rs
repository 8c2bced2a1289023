//! Where a forecast's spread comes from: the planner's setting, a rollout's done batches,
//! the measured runs, or the default. (The settings themselves are part of the scenario:
//! [`crate::scenario::forecast`].)

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::timing::TimingModel;

pub use crate::scenario::forecast::{Settings, MAX_TRIALS};

/// A batch's spread when nothing measured says better: two batches in three take
/// between 1/1.15 and 1.15 times their estimate.
pub const DEFAULT_SPREAD_PERCENT: f64 = 15.0;
/// Measured runs needed before their scatter sets the spread (a line through fewer says
/// little of next week's runs: the seed's four fit within 0.3 minutes).
pub const RUNS_FOR_SPREAD: usize = 8;
/// Done batches of a rollout needed before their actual-to-estimate ratios set the spread.
pub const BATCHES_FOR_SPREAD: usize = 5;
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
