//! The capacity solver under uncertainty: the fewest consoles with which every target is
//! met in at least the confidence level's share of trials.
//!
//! More consoles never make a plan later by its own rules, so the chance of meeting the
//! targets grows with them (the trials of every count share their seeds, so the noise of
//! one count against another is small): the search doubles the count until the chance
//! reaches the level, then halves the gap. A count whose plan leaves consoles idle is as
//! far as consoles go.

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::{Capacity, Scenario};
use crate::timing::MAX_CONSOLES;

use super::{ConsolesAt, Forecaster, Settings};

/// Trials per console count (fewer when the chance is known sooner).
pub const TRIALS_PER_COUNT: u32 = 2_000;

/// The fewest consoles with which every target of `scenario` is met with at least
/// `settings`' confidence; `None` when it has no targets, is a rollout in progress (its
/// consoles are recorded, not chosen) or cannot be planned. `go` is asked between trials
/// whether to go on (false: stop, and answer nothing).
pub fn fewest_consoles(
    scenario: &Scenario,
    settings: &Settings,
    lang: Lang,
    go: &dyn Fn() -> bool,
) -> Option<ConsolesAt> {
    if scenario.targets.is_empty() || scenario.progress.is_some() {
        return None;
    }
    let settings = Settings { trials: settings.trials.min(TRIALS_PER_COUNT), ..settings.clone() };
    let level = settings.confidence_percent / 100.0;
    // The chance every target is met with `consoles`, and whether consoles sat idle.
    let chance = |consoles: u32| -> Option<(f64, u32, bool)> {
        let variant =
            Scenario { capacity: Capacity { consoles, ..scenario.capacity.clone() }, ..scenario.clone() };
        let plan = Plan::make_unexplained(&variant, lang).ok()?;
        let mut forecaster = Forecaster::new(&variant, &plan, &settings).ok()?;
        while !forecaster.step(100) {
            if !go() {
                return None;
            }
        }
        let result = forecaster.result();
        Some((result.all_targets?, result.trials, plan.consoles_used() < consoles))
    };
    let (mut low, mut high) = (0, None);
    let mut count = 1;
    while high.is_none() {
        let (p, trials, idle) = chance(count)?;
        if p >= level {
            high = Some((count, p, trials));
        } else if idle || count >= MAX_CONSOLES {
            return Some(ConsolesAt { consoles: None, probability: p, trials });
        } else {
            low = count;
            count = (count * 2).min(MAX_CONSOLES);
        }
    }
    let (mut high, mut at_high, mut trials_high) = high?;
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        let (p, trials, _) = chance(mid)?;
        if p >= level {
            (high, at_high, trials_high) = (mid, p, trials);
        } else {
            low = mid;
        }
    }
    Some(ConsolesAt { consoles: Some(high), probability: at_high, trials: trials_high })
}
