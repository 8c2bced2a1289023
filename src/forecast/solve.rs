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

use super::{ConsolesAt, Settings};

/// Trials per console count (fewer when the chance is known sooner).
pub const TRIALS_PER_COUNT: u32 = 2_000;

/// The fewest consoles with which every target of `scenario` is met with at least
/// `settings`' confidence; `None` when it has no targets, is a rollout in progress (its
/// consoles are recorded, not chosen) or cannot be planned. `go` is asked between counts
/// whether to go on (false: stop, and answer nothing).
pub fn fewest_consoles(
    scenario: &Scenario,
    settings: &Settings,
    lang: Lang,
    go: &dyn Fn() -> bool,
) -> Option<ConsolesAt> {
    let mut search = Search::new(scenario, settings)?;
    while let Some(count) = search.next() {
        if !go() {
            return None;
        }
        search.record(count, chance(scenario, &search.settings, count, lang));
    }
    search.answer()
}

/// The chance that every target is met with `consoles` (from up to [`TRIALS_PER_COUNT`]
/// trials), the trials run, and whether the plan left consoles idle; `None` when that plan
/// cannot be made.
pub fn chance(
    scenario: &Scenario,
    settings: &Settings,
    consoles: u32,
    lang: Lang,
) -> Option<(f64, u32, bool)> {
    let variant =
        Scenario { capacity: Capacity { consoles, ..scenario.capacity.clone() }, ..scenario.clone() };
    let plan = Plan::make_unexplained(&variant, lang).ok()?;
    let result = super::forecast(&variant, &plan, settings).ok()?;
    Some((result.all_targets?, result.trials, plan.consoles_used() < consoles))
}

/// The search, one console count at a time (the page's worker runs one count per step,
/// so that a newer request is heard in between).
pub struct Search {
    /// The forecast's settings, with at most [`TRIALS_PER_COUNT`] trials.
    pub settings: Settings,
    level: f64,
    /// The most consoles known to fall short.
    low: u32,
    /// The fewest known to be enough: (consoles, chance, trials).
    high: Option<(u32, f64, u32)>,
    next: Option<u32>,
    /// The answer, once known.
    answer: Option<ConsolesAt>,
    failed: bool,
}

impl Search {
    /// `None` when there is nothing to search: no targets, or a rollout in progress.
    pub fn new(scenario: &Scenario, settings: &Settings) -> Option<Self> {
        if scenario.targets.is_empty() || scenario.progress.is_some() {
            return None;
        }
        Some(Self {
            settings: Settings { trials: settings.trials.min(TRIALS_PER_COUNT), ..settings.clone() },
            level: settings.confidence_percent / 100.0,
            low: 0,
            high: None,
            next: Some(1),
            answer: None,
            failed: false,
        })
    }

    /// The count to try next; `None` once the answer is known.
    pub fn next(&self) -> Option<u32> {
        self.next
    }

    /// What count `count` gave ([`chance`]).
    pub fn record(&mut self, count: u32, chance: Option<(f64, u32, bool)>) {
        let Some((p, trials, idle)) = chance else {
            self.failed = true;
            self.next = None;
            return;
        };
        if p >= self.level {
            self.high = Some((count, p, trials));
        } else if self.high.is_none() && (idle || count >= MAX_CONSOLES) {
            // More consoles do not help: as far as consoles go.
            self.answer = Some(ConsolesAt { consoles: None, probability: p, trials });
            self.next = None;
            return;
        } else {
            self.low = count;
        }
        self.next = match self.high {
            // Doubling until enough, then halving the gap.
            None => Some((count * 2).min(MAX_CONSOLES)),
            Some((high, ..)) if high - self.low > 1 => Some(self.low + (high - self.low) / 2),
            Some((high, probability, trials)) => {
                self.answer = Some(ConsolesAt { consoles: Some(high), probability, trials });
                None
            }
        };
    }

    /// The answer (`None` when a count could not be planned).
    pub fn answer(&self) -> Option<ConsolesAt> {
        if self.failed {
            return None;
        }
        self.answer
    }
}
