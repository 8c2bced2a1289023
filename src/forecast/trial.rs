//! One trial: the plan's batches run once more, with what varies drawn at random.
//!
//! Each batch keeps its hosts, console, site and place in the plan's order, and starts as
//! soon as the plan's rules let it: its console free, the phase before it ended (and
//! soaked), its prerequisite installs ended, a halted phase's investigation over, and its
//! opening open. The margin the plan gives a batch beyond its expected time (up to its
//! cautious end) is a buffer ([`crate::scheduler::free_after`]): a batch that ends early lets what follows
//! start that much sooner, an overrun is taken out of the margin first, and beyond it
//! pushes what follows by as much. A batch that no longer fits what is left of its opening by the
//! cautious estimate, or whose opening is lost or full (the per-site limit), moves to its
//! site's next opening where it fits, as the plan's own rule places batches; a batch with
//! hosts of an availability set waits, as the plan does, until the set has room for them
//! for as long as the batch holds them (its time plus the margin it keeps). It then takes
//! its expected time times a factor drawn from the spread. Its installs fail at a rate
//! drawn once per trial; a phase whose failures pass its threshold halts, and nothing
//! after it starts before the investigation time has passed.
//!
//! With no spread, no failures and no lost openings every batch starts and ends where the
//! plan put it: the plan, too, starts each batch as soon as these rules let it.

use rand::{Rng, RngExt};
use rand_distr::{Beta, Binomial, Distribution, StandardNormal};
use rand_pcg::Pcg64;

use crate::maintenance_window::Occurrences;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::scheduler::{free_after, BatchState, SetsDown, SiteLimit, Work};

/// What varies from trial to trial, as the forecast resolved it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Varies {
    /// Standard deviation of the logarithm of a batch's duration factor.
    pub sigma: f64,
    /// Of one factor per trial for every batch still to run: the timing model's own
    /// uncertainty (a model refitted to a rollout's few done batches).
    pub level_sigma: f64,
    /// Chance that any one window opening is lost.
    pub lost: f64,
    /// What a halt costs before the phase may go on (minutes).
    pub investigation: i64,
    /// The failure rate, and Beta(a, b) around it (`None`: known exactly).
    pub failure_rate: f64,
    pub failure_beta: Option<(f64, f64)>,
}

/// How one batch of the plan runs in trials.
#[derive(Clone, Copy, Debug)]
struct Sim {
    /// Ended (in a rollout in progress) at this time: not drawn.
    ended: Option<i64>,
    /// Under way at the status time: runs on from its start.
    running: bool,
    start: i64,
    /// The planned opening: index in its site's openings (`None`: not a known opening).
    opening: Option<u32>,
    site: u16,
    console: u16,
    phase: u16,
    work: Work,
    hosts: u32,
    expected: f64,
    cautious: i64,
    /// The plan's margin beyond its expected end (cautious minus expected end), which
    /// what follows it waits for.
    margin: i64,
    /// Whether its failures count towards its phase's threshold.
    counts_failures: bool,
    /// Its hosts of each availability set: `set_counts[sets.0..sets.1]`.
    sets: (u32, u32),
}

/// A site's window openings, in time order, read as far as trials have needed them: start,
/// end, and when its last batch must have ended (its back-out reserve kept free).
struct Openings<'p> {
    list: Vec<(i64, i64, i64)>,
    more: Option<Occurrences<'p>>,
}

impl Openings<'_> {
    /// Opening `i`, reading the calendar further if need be.
    fn get(&mut self, i: usize) -> Option<(i64, i64, i64)> {
        while self.list.len() <= i {
            let next = self.more.as_mut()?.next();
            match next {
                Some(o) => self.list.push((o.start, o.end, o.close())),
                None => self.more = None,
            }
        }
        Some(self.list[i])
    }
}

/// What one trial gives.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outcome {
    pub finish: i64,
    /// The batch that ended last.
    pub last: usize,
    /// Each batch's start and end.
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
    /// Phases that halted.
    pub halted: Vec<bool>,
}

/// The plan's batches ready for trials, and each trial's scratch space.
pub(crate) struct Trials<'p> {
    sims: Vec<Sim>,
    openings: Vec<Openings<'p>>,
    /// Per site: the starts of openings a rollout recorded as lost.
    recorded_lost: Vec<Vec<i64>>,
    /// Per site: the most hosts one opening may take (the per-site limit).
    cap: Vec<u32>,
    /// Each batch's hosts per availability set, `(set, hosts)`, batch after batch.
    set_counts: Vec<(u32, u32)>,
    /// Per availability set: at most this many of its hosts down at once.
    most_down: Vec<u32>,
    consoles: usize,
    phases: usize,
    soak: Vec<i64>,
    /// Per phase: failures above this many halt it.
    halt_above: Vec<Option<u64>>,
    /// Per phase: failures recorded so far (a rollout in progress).
    failed_so_far: Vec<u64>,
    /// The status time of a rollout in progress (the plan's start otherwise).
    now: i64,
    horizon: i64,
    varies: Varies,
    seed: u64,
}

/// Per-trial state, reused from trial to trial.
#[derive(Default)]
pub(crate) struct Scratch {
    console_free: Vec<i64>,
    phase_end: Vec<i64>,
    prerequisite_end: Vec<i64>,
    failures: Vec<u64>,
    /// Hosts placed in each opening `(site, index)` this trial, and the openings touched.
    used: Vec<Vec<u32>>,
    /// Per site: each opening's fate this trial (0 not drawn, 1 kept, 2 lost), and the
    /// generator that draws them in opening order.
    fate: Vec<Vec<u8>>,
    fate_rng: Vec<Option<Pcg64>>,
    touched: Vec<(u16, u32)>,
    /// Hosts of each availability set down this trial.
    down: SetsDown,
}

impl<'p> Trials<'p> {
    pub fn new(scenario: &Scenario, plan: &'p Plan, varies: Varies, seed: u64) -> Self {
        let schedule = &plan.schedule;
        let sites = plan.expanded.sites.len();
        let origin = schedule.batches.iter().map(|b| b.window_start).min().unwrap_or(plan.summary.start);
        let mut openings: Vec<Openings<'p>> = plan
            .expanded
            .sites
            .iter()
            .map(|site| Openings {
                list: Vec::new(),
                more: crate::time_zone::zone(&site.time_zone).ok().map(|zone| {
                    Occurrences::new(&plan.windows, &site.name, zone, plan.blackouts.at(&site.name), origin)
                }),
            })
            .collect();
        let mut recorded_lost = vec![Vec::new(); sites];
        let now = match &plan.tracking {
            Some(t) => {
                for &(site, start) in &t.lost {
                    recorded_lost[site as usize].push(start);
                }
                t.now
            }
            None => plan.summary.start,
        };
        let mut set_counts = Vec::new();
        let sims = (schedule.batches.iter().enumerate())
            .map(|(i, b)| {
                let first = set_counts.len() as u32;
                if !plan.expanded.sets.is_empty() {
                    set_counts.extend(plan.expanded.sets.count(plan.batch_hosts(i)));
                }
                let sets = (first, set_counts.len() as u32);
                let approved = match b.state {
                    BatchState::Done => plan
                        .tracking
                        .as_ref()
                        .zip(plan.approved_batch(i))
                        .map(|(t, j)| &t.baseline.batches[j]),
                    _ => None,
                };
                let model = match b.work {
                    Work::Hotfix => &plan.hotfix_model,
                    Work::Prerequisite => &plan.prerequisite_model,
                };
                let opening = index_of(&mut openings[b.site as usize], b.window_start, b.window_end);
                let phase = &plan.phases[b.phase as usize];
                Sim {
                    ended: (b.state == BatchState::Done).then_some(b.expected_end),
                    running: b.state == BatchState::Running,
                    start: b.start,
                    opening,
                    site: b.site,
                    console: b.console,
                    phase: b.phase,
                    work: b.work,
                    hosts: b.hosts,
                    expected: match b.state {
                        BatchState::Planned => model.console_minutes(b.hosts),
                        _ => (b.expected_end - b.start) as f64,
                    },
                    // A done batch keeps what the approved plan gave it.
                    cautious: approved.map_or(b.cautious_end - b.start, |a| a.cautious_end - a.start),
                    margin: approved
                        .map_or(b.cautious_end - b.expected_end, |a| a.cautious_end - a.expected_end),
                    counts_failures: b.work == Work::Hotfix && phase.failure_threshold_percent.is_some(),
                    sets,
                }
            })
            .collect();
        let mut site_hosts = vec![0u32; sites];
        for h in &plan.expanded.hosts {
            site_hosts[h.site as usize] += 1;
        }
        let cap = site_hosts.iter().map(|&n| SiteLimit::per_opening(scenario.site_limit, n)).collect();
        let halt_above = plan
            .phases
            .iter()
            .zip(&plan.phase_summaries)
            .map(|(phase, summary)| {
                let threshold = phase.failure_threshold_percent?;
                Some((f64::from(summary.hosts) * threshold / 100.0).floor() as u64)
            })
            .collect();
        let failed_so_far = match &plan.tracking {
            Some(t) => t.phase_failed.iter().map(|&n| u64::from(n)).collect(),
            None => vec![0; plan.phases.len()],
        };
        Self {
            sims,
            openings,
            recorded_lost,
            cap,
            set_counts,
            most_down: plan.expanded.sets.most_down.clone(),
            consoles: schedule.batches.iter().map(|b| usize::from(b.console) + 1).max().unwrap_or(1),
            phases: plan.phases.len(),
            soak: plan.phases.iter().map(|p| p.soak_minutes()).collect(),
            halt_above,
            failed_so_far,
            now,
            horizon: i64::from(scenario.horizon_days) * 24 * 60,
            varies,
            seed,
        }
    }

    /// Runs trial number `trial` (its draws depend only on the seed and the number).
    pub fn run(&mut self, trial: u64, scratch: &mut Scratch, out: &mut Outcome) {
        let mut rng = Pcg64::new(u128::from(self.seed) << 64 | 0x5851_f42d_4c95_7f2d, u128::from(trial));
        let sites = self.openings.len();
        scratch.reset(self.consoles, self.phases, sites, self.now, &self.failed_so_far);
        if scratch.down.down.len() != self.most_down.len() {
            scratch.down = SetsDown::new(self.most_down.len());
        }
        let fate_seed: u64 = rng.random();
        let v = self.varies;
        let sigma = v.sigma;
        let level = match v.level_sigma {
            0.0 => 1.0,
            tau => {
                let z: f64 = StandardNormal.sample(&mut rng);
                (tau * z).exp()
            }
        };
        for (s, slot) in scratch.fate_rng.iter_mut().enumerate() {
            *slot = Some(Pcg64::new(u128::from(fate_seed), s as u128));
        }
        let rate = match v.failure_beta {
            Some((a, b)) => Beta::new(a, b).map_or(v.failure_rate, |beta| beta.sample(&mut rng)),
            None => v.failure_rate,
        };
        out.starts.clear();
        out.ends.clear();
        out.halted.clear();
        out.halted.resize(self.phases, false);
        out.finish = i64::MIN;
        out.last = 0;
        let mut halt_gate = i64::MIN;
        for i in 0..self.sims.len() {
            let sim = self.sims[i];
            let k = sim.phase as usize;
            let c = sim.console as usize;
            let (start, end) = match sim.ended {
                Some(end) => {
                    if let Some(o) = sim.opening {
                        scratch.place(sim.site, o, sim.hosts);
                    }
                    (sim.start, end)
                }
                None => {
                    // When it may start: its console, its phase, its prerequisites, a halt.
                    let mut at = scratch.console_free[c].max(halt_gate);
                    if k > 0 {
                        at = at.max(scratch.phase_gate(k, &self.soak));
                    }
                    if sim.work == Work::Hotfix {
                        at = at.max(scratch.prerequisite_end[k]);
                    }
                    let took = duration(sim.expected * level, sigma, &mut rng);
                    let start = match sim.running {
                        // Under way at the status time: begun when planned, or once what it
                        // waited on let it; it ends no earlier than the status time.
                        true => {
                            if let Some(o) = sim.opening {
                                scratch.place(sim.site, o, sim.hosts);
                            }
                            sim.start.max(at)
                        }
                        false => {
                            let holds = free_after(took, sim.margin, sim.cautious);
                            self.place(&sim, holds, at.max(self.now), scratch)
                        }
                    };
                    let end = start + took;
                    (start, if sim.running { end.max(self.now) } else { end })
                }
            };
            let free = start + free_after(end - start, sim.margin, sim.cautious);
            if sim.sets.1 > sim.sets.0 {
                scratch.down.add(&self.set_counts[sim.sets.0 as usize..sim.sets.1 as usize], start, free);
            }
            scratch.console_free[c] = scratch.console_free[c].max(free);
            scratch.phase_end[k] = scratch.phase_end[k].max(free);
            if sim.work == Work::Prerequisite {
                scratch.prerequisite_end[k] = scratch.prerequisite_end[k].max(free);
            }
            if sim.ended.is_none() && sim.counts_failures && rate > 0.0 && !out.halted[k] {
                let failed = match Binomial::new(u64::from(sim.hosts), rate.min(1.0)) {
                    Ok(b) => b.sample(&mut rng),
                    Err(_) => 0,
                };
                scratch.failures[k] += failed;
                if self.halt_above[k].is_some_and(|above| scratch.failures[k] > above) {
                    out.halted[k] = true;
                    halt_gate = halt_gate.max(end + v.investigation);
                }
            }
            if end > out.finish {
                (out.finish, out.last) = (end, i);
            }
            out.starts.push(start);
            out.ends.push(end);
        }
        if self.sims.is_empty() {
            out.finish = self.now;
        }
    }

    /// Where batch `sim`, free to start at `at`, starts: in its planned opening when it
    /// still fits there, else in its site's next opening that is kept, has room under the
    /// per-site limit and leaves time for the batch by the cautious estimate. Within an
    /// opening it waits until its availability sets have room for its hosts for `holds`
    /// minutes. Past the horizon (or the calendar), it starts at `at`.
    fn place(&mut self, sim: &Sim, holds: i64, at: i64, scratch: &mut Scratch) -> i64 {
        let Some(mut o) = sim.opening else { return at };
        let site = sim.site as usize;
        let cap = self.cap[site];
        loop {
            let Some((start, _, close)) = self.openings[site].get(o as usize) else { return at };
            if start > at + self.horizon {
                return at;
            }
            let mut from = at.max(start);
            if sim.sets.1 > sim.sets.0 {
                let counts = &self.set_counts[sim.sets.0 as usize..sim.sets.1 as usize];
                // Only a start that still fits the opening is of use.
                match scratch.down.earliest(counts, &self.most_down, from, holds, close - sim.cautious + 1) {
                    Some(t) => from = t,
                    None => {
                        o += 1;
                        continue;
                    }
                }
            }
            let kept = !self.recorded_lost[site].contains(&start) && !scratch.lost(site, o, self.varies.lost);
            if kept
                && from + sim.cautious <= close
                && scratch.used_in(site, o).saturating_add(sim.hosts) <= cap
            {
                scratch.place(sim.site, o, sim.hosts);
                return from;
            }
            o += 1;
        }
    }
}

/// A batch expected to take `expected` minutes, drawn: the whole minutes the plan gives it
/// (rounded up) times the factor, to the nearest minute (the plan's own time when there
/// is no spread).
fn duration(expected: f64, sigma: f64, rng: &mut impl Rng) -> i64 {
    let minutes = expected.ceil();
    if sigma == 0.0 {
        return minutes as i64;
    }
    let z: f64 = StandardNormal.sample(rng);
    (minutes * (sigma * z).exp()).round() as i64
}

/// The index of the opening `(start, end)` among a site's openings, if it is one.
fn index_of(openings: &mut Openings, start: i64, end: i64) -> Option<u32> {
    // Openings come in time order: read on until one starts at or after `start`.
    while openings.list.last().is_none_or(|&(s, _, _)| s < start) {
        openings.get(openings.list.len())?;
    }
    let i = openings.list.partition_point(|&(s, _, _)| s < start);
    (openings.list.get(i).is_some_and(|&(s, e, _)| (s, e) == (start, end))).then_some(i as u32)
}

impl Scratch {
    fn reset(&mut self, consoles: usize, phases: usize, sites: usize, now: i64, failed: &[u64]) {
        self.console_free.clear();
        self.console_free.resize(consoles, now);
        self.phase_end.clear();
        self.phase_end.resize(phases, i64::MIN);
        self.prerequisite_end.clear();
        self.prerequisite_end.resize(phases, i64::MIN);
        self.failures.clear();
        self.failures.extend_from_slice(failed);
        self.used.resize_with(sites, Vec::new);
        self.fate.resize_with(sites, Vec::new);
        self.fate_rng.resize_with(sites, || None);
        for (site, o) in self.touched.drain(..) {
            self.used[site as usize][o as usize] = 0;
        }
        for fate in &mut self.fate {
            fate.clear();
        }
        self.down.clear();
    }

    /// When phase `k` may start: the phase before it that has batches ended, and soaked.
    fn phase_gate(&self, k: usize, soak: &[i64]) -> i64 {
        (0..k)
            .rev()
            .find(|&j| self.phase_end[j] != i64::MIN)
            .map_or(i64::MIN, |j| self.phase_end[j] + soak[j])
    }

    fn used_in(&self, site: usize, o: u32) -> u32 {
        self.used.get(site).and_then(|u| u.get(o as usize)).copied().unwrap_or(0)
    }

    fn place(&mut self, site: u16, o: u32, hosts: u32) {
        let used = &mut self.used[site as usize];
        if used.len() <= o as usize {
            used.resize(o as usize + 1, 0);
        }
        used[o as usize] += hosts;
        self.touched.push((site, o));
    }

    /// Whether opening `o` of `site` is lost this trial (each with chance `chance`, drawn
    /// in opening order so that the answer does not depend on which is asked first).
    fn lost(&mut self, site: usize, o: u32, chance: f64) -> bool {
        if chance <= 0.0 {
            return false;
        }
        let fate = &mut self.fate[site];
        let rng = self.fate_rng[site].as_mut().expect("drawn each trial");
        while fate.len() <= o as usize {
            fate.push(if rng.random::<f64>() < chance { 2 } else { 1 });
        }
        fate[o as usize] == 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::{AvailabilitySet, SetLimit};

    /// With nothing varying, a trial runs every batch where the plan put it, availability
    /// sets and all (the plan, too, starts a batch once its sets have room); with batches
    /// overrunning, no set is ever past its limit.
    #[test]
    fn trials_keep_availability_sets_as_the_plan_does() {
        let mut s = Scenario::sample();
        s.capacity.consoles = 6;
        let pool =
            AvailabilitySet::new("pool", vec!["tokyo-2003".into()], vec![], SetLimit::MinInService(78));
        let nodes = (1..=3).map(|k| format!("tokyo-internal-{k:04}")).collect();
        let cluster = AvailabilitySet::new("cluster", vec![], nodes, SetLimit::MaxDown(1));
        s.fleet.availability_sets = vec![pool, cluster];
        s.settle_version();
        let plan = Plan::make(&s).unwrap();
        assert!(
            plan.schedule.set_holds.iter().all(|&n| n > 0),
            "both sets hold: {:?}",
            plan.schedule.set_holds
        );
        let still = Varies {
            sigma: 0.0,
            level_sigma: 0.0,
            lost: 0.0,
            investigation: 0,
            failure_rate: 0.0,
            failure_beta: None,
        };
        let (mut scratch, mut out) = (Scratch::default(), Outcome::default());
        let mut trials = Trials::new(&s, &plan, still, 1);
        trials.run(0, &mut scratch, &mut out);
        let planned: Vec<i64> = plan.schedule.batches.iter().map(|b| b.expected_end).collect();
        assert_eq!(out.ends, planned);

        // Overruns: each trial's batches, as run, keep both sets within their limits.
        let varied = Varies { sigma: 0.6, ..still };
        let mut trials = Trials::new(&s, &plan, varied, 7);
        let mut moved = 0;
        for trial in 0..50 {
            trials.run(trial, &mut scratch, &mut out);
            moved += usize::from(out.ends != planned);
            let mut events: Vec<(i64, i64, usize)> = Vec::new();
            for (i, _) in plan.schedule.batches.iter().enumerate() {
                for (set, n) in plan.expanded.sets.count(plan.batch_hosts(i)) {
                    events.push((out.starts[i], i64::from(n), set as usize));
                    events.push((out.ends[i], -i64::from(n), set as usize));
                }
            }
            events.sort_unstable();
            let mut down = [0i64; 2];
            for (_, n, set) in events {
                down[set] += n;
                assert!(down[0] <= 2 && down[1] <= 1, "trial {trial}: {down:?} down at once");
            }
        }
        assert!(moved > 40, "the spread moves batches");
    }
}
