//! How sure each date is: the plan (or the rest of a rollout) run thousands of times with
//! what varies drawn at random, and its dates read as ranges.
//!
//! Each trial ([`trial`]) draws batch durations around the timing model, install failures
//! (with the failure rate's own uncertainty) and lost window openings, and runs the plan's
//! batches under its rules. The trials give each date as 50 / 85 / 95 % quantiles, each
//! target's chance of being met, the finish's cumulative curve, a band around the exposure
//! curve and what most often finishes last. Trials are numbered and seeded, so a forecast
//! is the same on every machine; it stops early once every probability it reports is
//! known to within half a percentage point (one standard error).

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::plan::{Covered, Plan};
use crate::scenario::Scenario;
use crate::scheduler::Work;

pub mod settings;
pub mod solve;
pub mod text;
mod trial;

pub use settings::{Settings, SpreadSource};
use trial::{Outcome, Scratch, Trials, Varies};

/// Trials run before the forecast may stop early.
pub const MIN_TRIALS: u32 = 1_000;
/// A reported probability is known well enough once its standard error is below this.
pub const STANDARD_ERROR: f64 = 0.005;
/// Levels of remaining exposure the band is drawn at (every 2.5 %).
const BAND_LEVELS: usize = 40;
/// Points of the finish's cumulative curve.
const CURVE_POINTS: usize = 100;

/// Why no forecast came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForecastError {
    /// A phase of the rollout is halted by its failures: nothing after it is planned.
    Halted,
    /// The settings are out of range (each is named by the scenario check).
    Settings,
    /// The scenario has problems, or cannot be planned (shown where they are).
    Invalid,
}

impl ForecastError {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Self::Halted => lang.pick(
                "No forecast while a phase is halted: record that it may resume.",
                "フェーズが停止中のため見通しはありません: 再開を記録してください。",
            ),
            Self::Settings => {
                lang.pick("The forecast's settings need fixing.", "見通しの設定を直してください。")
            }
            Self::Invalid => {
                lang.pick("Fix the inputs marked in red first.", "先に赤で示した入力を直してください。")
            }
        }
    }
}

/// A date at three levels of confidence and at the planner's own (minutes since the
/// epoch, UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dates {
    pub p50: i64,
    pub p85: i64,
    pub p95: i64,
    /// At the forecast's confidence level (the headline's date).
    pub at_confidence: i64,
}

/// One completion target, forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetForecast {
    pub label: String,
    pub deadline: i64,
    /// Share of trials in which it was met.
    pub probability: f64,
    /// When it is reached; `None` for a target that covers no host.
    pub dates: Option<Dates>,
}

/// One step of the exposure band: by when `remaining` (a share of the total weight) is
/// left unpatched, in 10 / 50 / 90 % of trials.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandPoint {
    pub remaining: f64,
    pub p10: i64,
    pub p50: i64,
    pub p90: i64,
}

/// Something that drives the spread, and in what share of trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub name: String,
    pub share: f64,
}

/// The fewest consoles with which every target is met at the confidence level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsolesAt {
    /// `None` when even the most consoles do not get there.
    pub consoles: Option<u32>,
    /// The chance every target is met with them (with the most, when none is enough).
    pub probability: f64,
    pub trials: u32,
}

/// A forecast: what it assumed and what came out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub seed: u64,
    /// Trials run, and asked for.
    pub trials: u32,
    pub trials_asked: u32,
    pub confidence_percent: f64,
    pub spread_percent: f64,
    pub spread_source: SpreadSource,
    pub lost_window_percent: f64,
    pub investigation_hours: f64,
    /// The failure rate the trials drew around, if any.
    pub failure_rate_percent: Option<f64>,
    /// The plan's start, and where the trials start (a rollout's status time).
    pub start: i64,
    pub from: i64,
    /// The plan's own expected finish.
    pub plan_finish: i64,
    pub finish: Dates,
    pub internet_facing: Option<Dates>,
    pub targets: Vec<TargetForecast>,
    /// The chance that every target is met in the same trial.
    pub all_targets: Option<f64>,
    /// The finish's cumulative curve: by `at`, `share` of trials had finished.
    pub curve: Vec<(i64, f64)>,
    pub band: Vec<BandPoint>,
    /// The sites and phases that most often finish last, and the phases that halt.
    pub last_sites: Vec<Driver>,
    pub last_phases: Vec<Driver>,
    pub halts: Vec<Driver>,
    /// The solver under uncertainty (when the scenario has targets).
    pub consoles: Option<ConsolesAt>,
}

/// The trials run so far, to go on with later ([`Forecaster::resume`]).
pub struct Tally {
    samples: Samples,
    done: u32,
}

/// What each trial gives, kept for the quantiles.
struct Samples {
    finish: Vec<i64>,
    internet_facing: Vec<i64>,
    targets: Vec<Vec<i64>>,
    met: Vec<u32>,
    all_met: u32,
    /// Per trial, the time each band level is reached (trial after trial).
    levels: Vec<i64>,
    last_site: Vec<u32>,
    last_phase: Vec<u32>,
    halts: Vec<u32>,
}

impl Samples {
    /// Room for `asked` trials of `plan`.
    fn new(plan: &Plan, asked: usize) -> Self {
        let targets = plan.targets.len();
        Self {
            finish: Vec::with_capacity(asked),
            internet_facing: Vec::new(),
            targets: vec![Vec::with_capacity(asked); targets],
            met: vec![0; targets],
            all_met: 0,
            levels: Vec::with_capacity(asked * BAND_LEVELS),
            last_site: vec![0; plan.expanded.sites.len()],
            last_phase: vec![0; plan.phases.len()],
            halts: vec![0; plan.phases.len()],
        }
    }
}

/// A forecast under way: run it in steps ([`Forecaster::step`]) to show progress and to
/// stop when a newer one is asked for.
pub struct Forecaster<'p> {
    plan: &'p Plan,
    trials: Trials<'p>,
    scratch: Scratch,
    outcome: Outcome,
    samples: Samples,
    settings: Settings,
    spread: (f64, SpreadSource),
    failure_rate: Option<f64>,
    /// Hotfix batches (index, hosts, exposure weight), the targets', and the
    /// internet-facing hosts' batches.
    hotfix: Vec<(u32, u32, f64)>,
    total_weight: f64,
    covered: Vec<Covered>,
    internet_facing: Option<Vec<u32>>,
    deadlines: Vec<i64>,
    order: Vec<u32>,
    done: u32,
}

impl<'p> Forecaster<'p> {
    /// Goes on with a forecast of the same plan and settings from the trials in `tally`
    /// (the page's worker runs a forecast in steps, letting go of the plan in between).
    pub fn resume(
        scenario: &Scenario,
        plan: &'p Plan,
        settings: &Settings,
        tally: Tally,
    ) -> Result<Self, ForecastError> {
        Self::with(scenario, plan, settings, Some(tally))
    }

    /// The trials run so far, to go on with later.
    pub fn into_tally(self) -> Tally {
        Tally { samples: self.samples, done: self.done }
    }

    /// Readies a forecast of `plan` (made from `scenario`) with `settings`.
    pub fn new(scenario: &Scenario, plan: &'p Plan, settings: &Settings) -> Result<Self, ForecastError> {
        Self::with(scenario, plan, settings, None)
    }

    /// [`Forecaster::new`], going on from `tally` when there is one (its samples kept, not
    /// made afresh at each step).
    fn with(
        scenario: &Scenario,
        plan: &'p Plan,
        settings: &Settings,
        tally: Option<Tally>,
    ) -> Result<Self, ForecastError> {
        if !settings.problems(Lang::En).is_empty() {
            return Err(ForecastError::Settings);
        }
        if plan.tracking.as_ref().is_some_and(|t| !t.halts.is_empty()) {
            return Err(ForecastError::Halted);
        }
        let spread = settings::spread(scenario, plan, settings);
        let failure_rate = scenario.capacity.failure_rate_percent.filter(|&r| r > 0.0);
        let rate = failure_rate.map_or(0.0, |r| r / 100.0);
        let failure_beta = match (settings.failure_rate_installs, &plan.tracking) {
            (0, _) => None,
            _ if rate >= 1.0 || rate <= 0.0 => None,
            (n, tracking) => {
                let (failed, done) =
                    tracking.as_ref().map_or((0, 0), |t| (t.installs_failed, t.installs_done));
                let n = f64::from(n);
                Some((rate * n + f64::from(failed), (1.0 - rate) * n + f64::from(done)))
            }
        };
        let sigma = settings::sigma_of(spread.0);
        // A timing model refitted to a rollout's n done batches (at their median ratio) is
        // itself uncertain: the median of n draws strays by about 1.25 σ / √n.
        let refitted = plan.tracking.as_ref().and_then(|t| t.refits.iter().map(|r| r.batches).max());
        let level_sigma = refitted.filter(|&n| n > 0).map_or(0.0, |n| 1.2533 * sigma / f64::from(n).sqrt());
        let varies = Varies {
            sigma,
            level_sigma,
            lost: settings.lost_window_percent / 100.0,
            investigation: (settings.investigation_hours * 60.0).round() as i64,
            failure_rate: rate,
            failure_beta,
        };
        let schedule = &plan.schedule;
        let hotfix: Vec<(u32, u32, f64)> = (schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.work == Work::Hotfix)
            .map(|(i, _)| {
                let weight =
                    plan.batch_hosts(i).iter().map(|&h| f64::from(plan.expanded.hosts[h as usize].weight));
                (i as u32, schedule.batches[i].hosts, weight.sum())
            })
            .collect();
        let covered: Vec<Covered> = plan
            .targets
            .iter()
            .map(|t| t.target.covered(plan))
            .collect::<Option<_>>()
            .ok_or(ForecastError::Halted)?;
        let internet_facing = {
            let mut batches: Vec<u32> = (0..plan.expanded.hosts.len())
                .filter(|&h| plan.expanded.hosts[h].internet_facing)
                .map(|h| schedule.hotfix_batch[h])
                .filter(|&b| b != crate::scheduler::NO_BATCH)
                .collect();
            batches.sort_unstable();
            batches.dedup();
            (!batches.is_empty()).then_some(batches)
        };
        let total_weight = plan.expanded.hosts.iter().map(|h| f64::from(h.weight)).sum();
        let (samples, done) = match tally {
            Some(t) => (t.samples, t.done),
            None => (Samples::new(plan, settings.trials as usize), 0),
        };
        Ok(Self {
            plan,
            trials: Trials::new(scenario, plan, varies, settings.seed),
            scratch: Scratch::default(),
            outcome: Outcome::default(),
            samples,
            settings: settings.clone(),
            spread,
            failure_rate,
            hotfix,
            total_weight,
            covered,
            internet_facing,
            deadlines: plan.targets.iter().map(|t| t.outcome.deadline).collect(),
            order: Vec::new(),
            done,
        })
    }

    /// Trials run so far, and the most it will run.
    pub fn progress(&self) -> (u32, u32) {
        (self.done, self.settings.trials)
    }

    /// Runs up to `most` more trials; true once the forecast is complete (every trial asked
    /// for run, or every reported probability known well enough).
    pub fn step(&mut self, most: u32) -> bool {
        for _ in 0..most {
            if self.complete() {
                return true;
            }
            self.trial();
        }
        self.complete()
    }

    fn complete(&self) -> bool {
        let n = self.done;
        if n >= self.settings.trials {
            return true;
        }
        if n < MIN_TRIALS || !n.is_multiple_of(100) {
            return false;
        }
        let precise = |count: u32| {
            let p = f64::from(count) / f64::from(n);
            (p * (1.0 - p) / f64::from(n)).sqrt() < STANDARD_ERROR
        };
        // Without a probability to report (no targets, no failures), the dates alone are
        // reported: every trial asked for is run.
        let failures = self.failure_rate.is_some();
        if self.covered.is_empty() && !failures {
            return false;
        }
        self.samples.met.iter().all(|&m| precise(m))
            && (self.covered.is_empty() || precise(self.samples.all_met))
            && (!failures || self.samples.halts.iter().all(|&h| precise(h)))
    }

    fn trial(&mut self) {
        self.trials.run(u64::from(self.done), &mut self.scratch, &mut self.outcome);
        self.done += 1;
        let ends = &self.outcome.ends;
        let s = &mut self.samples;
        s.finish.push(self.outcome.finish);
        let plan = self.plan;
        if !plan.schedule.batches.is_empty() {
            let last = &plan.schedule.batches[self.outcome.last];
            s.last_site[last.site as usize] += 1;
            s.last_phase[last.phase as usize] += 1;
        }
        for (k, &halted) in self.outcome.halted.iter().enumerate() {
            s.halts[k] += u32::from(halted);
        }
        // Hotfix batches in the order they ended (as positions in `hotfix`).
        let hotfix = &self.hotfix;
        self.order.clear();
        self.order.extend(0..hotfix.len() as u32);
        self.order.sort_unstable_by_key(|&k| (ends[hotfix[k as usize].0 as usize], k));
        let ended = || self.order.iter().map(|&k| hotfix[k as usize]);
        let mut all = true;
        for (t, covered) in self.covered.iter().enumerate() {
            let reached = match covered {
                Covered::Batches(batches) => batches.iter().map(|&b| ends[b as usize]).max(),
                Covered::Share(needed) => {
                    let mut patched = 0u64;
                    ended().find_map(|(i, hosts, _)| {
                        patched += u64::from(hosts);
                        (patched >= *needed).then(|| ends[i as usize])
                    })
                }
            };
            let met = reached.is_none_or(|r| r <= self.deadlines[t]);
            s.targets[t].push(reached.unwrap_or(plan.summary.start));
            s.met[t] += u32::from(met);
            all &= met;
        }
        s.all_met += u32::from(all);
        if let Some(batches) = &self.internet_facing {
            s.internet_facing
                .push(batches.iter().map(|&b| ends[b as usize]).max().unwrap_or(plan.summary.start));
        }
        // The band: when each level of remaining exposure is reached.
        let total = self.total_weight;
        let (mut removed, mut at) = (0.0, plan.summary.start);
        let mut by_end = ended();
        for level in 1..=BAND_LEVELS {
            let needed = total * level as f64 / BAND_LEVELS as f64 - 1e-9 * total.max(1.0);
            while removed < needed {
                let Some((i, _, weight)) = by_end.next() else { break };
                removed += weight;
                at = ends[i as usize];
            }
            s.levels.push(at);
        }
    }

    /// The forecast, from the trials run so far (at least one).
    pub fn result(&self) -> Forecast {
        let n = self.done.max(1);
        let confidence = self.settings.confidence_percent / 100.0;
        let dates = |values: &[i64]| {
            let mut sorted = values.to_vec();
            sorted.sort_unstable();
            Dates {
                p50: quantile(&sorted, 0.50),
                p85: quantile(&sorted, 0.85),
                p95: quantile(&sorted, 0.95),
                at_confidence: quantile(&sorted, confidence),
            }
        };
        let s = &self.samples;
        let plan = self.plan;
        let mut sorted = s.finish.clone();
        sorted.sort_unstable();
        let curve = (0..=CURVE_POINTS)
            .map(|i| {
                let share = i as f64 / CURVE_POINTS as f64;
                (quantile(&sorted, share), share)
            })
            .collect();
        let band = (0..BAND_LEVELS)
            .map(|l| {
                let mut times: Vec<i64> = s.levels.iter().skip(l).step_by(BAND_LEVELS).copied().collect();
                times.sort_unstable();
                BandPoint {
                    remaining: 1.0 - (l + 1) as f64 / BAND_LEVELS as f64,
                    p10: quantile(&times, 0.10),
                    p50: quantile(&times, 0.50),
                    p90: quantile(&times, 0.90),
                }
            })
            .collect();
        let drivers = |counts: &[u32], name: &dyn Fn(usize) -> String| {
            let mut list: Vec<Driver> = (counts.iter().enumerate())
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| Driver { name: name(i), share: f64::from(c) / f64::from(n) })
                .collect();
            list.sort_by(|a, b| b.share.total_cmp(&a.share));
            list.truncate(5);
            list
        };
        let site = |i: usize| plan.expanded.sites[i].name.clone();
        let phase = |i: usize| plan.phases[i].name.clone();
        Forecast {
            seed: self.settings.seed,
            trials: self.done,
            trials_asked: self.settings.trials,
            confidence_percent: self.settings.confidence_percent,
            spread_percent: self.spread.0,
            spread_source: self.spread.1,
            lost_window_percent: self.settings.lost_window_percent,
            investigation_hours: self.settings.investigation_hours,
            failure_rate_percent: self.failure_rate,
            start: plan.summary.start,
            from: plan.tracking.as_ref().map_or(plan.summary.start, |t| t.now),
            plan_finish: plan.summary.expected_end,
            finish: dates(&s.finish),
            internet_facing: self.internet_facing.as_ref().map(|_| dates(&s.internet_facing)),
            targets: (plan.targets.iter().enumerate())
                .map(|(t, report)| TargetForecast {
                    label: report.target.label.clone(),
                    deadline: self.deadlines[t],
                    probability: f64::from(s.met[t]) / f64::from(n),
                    dates: match &self.covered[t] {
                        Covered::Batches(b) if b.is_empty() => None,
                        _ => Some(dates(&s.targets[t])),
                    },
                })
                .collect(),
            all_targets: (!self.covered.is_empty()).then(|| f64::from(s.all_met) / f64::from(n)),
            curve,
            band,
            last_sites: drivers(&s.last_site, &site),
            last_phases: drivers(&s.last_phase, &phase),
            halts: drivers(&s.halts, &phase),
            consoles: None,
        }
    }
}

/// The `p` quantile of `sorted` values: the smallest value at least a share `p` of them
/// are no greater than.
fn quantile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs a whole forecast of `plan` (made from `scenario`).
pub fn forecast(scenario: &Scenario, plan: &Plan, settings: &Settings) -> Result<Forecast, ForecastError> {
    let mut forecaster = Forecaster::new(scenario, plan, settings)?;
    while !forecaster.step(1_000) {}
    Ok(forecaster.result())
}
