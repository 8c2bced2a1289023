//! How a forecast is run, as a scenario file says (`"forecast": {...}`, format version 5)
//! and the command line overrides: trials, seed, confidence, and what varies. The
//! forecast itself is [`crate::forecast`].

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

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
