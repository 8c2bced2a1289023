//! Turns phases of hosts into batches: one console run, for one package at one site,
//! inside one maintenance window.
//!
//! Phases run in order, each after the previous one's last cautious end plus its soak time.
//! Inside a phase, hosts that still lack the prerequisite get it first. Windows are visited
//! in time order over all sites; each free console takes the most exposed hosts of the
//! site that fit before the window closes by the cautious estimate. A batch that would not
//! fit is made smaller or waits for the next window: no batch ever straddles a window's end
//! (nor runs into its back-out reserve). A host whose availability set already has as many
//! hosts down as it allows, for as long as the batch would run, is passed over for the next
//! most exposed one; a console all of whose hosts are held back waits within the opening
//! until a set has room ([`SetsDown`] keeps each set's hosts down over time).

mod down;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

pub use down::{Downtime, SetsDown};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::fleet::{ExpandedFleet, HostSets};
use crate::i18n::Localized;
use crate::maintenance_window::{Blackouts, Occurrences, Window, WindowError};
use crate::phase::{Phase, Selector};
use crate::time_zone;
use crate::timing::TimingModel;

/// What a batch installs (the prerequisite comes first, in order too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Work {
    Prerequisite,
    Hotfix,
}

/// One console run inside one window. Times are minutes since the Unix epoch (UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Batch {
    pub phase: u16,
    pub console: u16,
    /// The window (index in the scenario) and the opening the batch runs in.
    pub window: u16,
    pub window_start: i64,
    pub window_end: i64,
    /// Minutes at the opening's end kept free to back out: the batch ends before them.
    pub reserve: i64,
    pub site: u16,
    pub edition: u16,
    pub work: Work,
    pub start: i64,
    pub expected_end: i64,
    pub cautious_end: i64,
    /// Where this batch's hosts start in [`Schedule::batch_hosts`].
    pub first: u32,
    pub hosts: u32,
    /// Each console's share of hosts lies outside the measured runs.
    pub extrapolated: bool,
    /// Planned, or (in a rollout in progress) done or running.
    pub state: BatchState,
}

/// Where a batch stands in a rollout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    /// To come: planned, or planned again from the status time.
    #[default]
    Planned,
    /// Under way at the status time, as planned.
    Running,
    /// Done (its hosts' installs ended then).
    Done,
}

/// At most this many hosts (or this percentage) of one site in one window, over all consoles.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteLimit {
    Hosts(u32),
    Percent(f64),
}

impl SiteLimit {
    /// The most hosts of a site of `site_hosts` hosts that one opening may take under
    /// `limit` (a percentage rounded down, at least one; no limit: any number).
    pub fn per_opening(limit: Option<SiteLimit>, site_hosts: u32) -> u32 {
        match limit {
            None => u32::MAX,
            Some(SiteLimit::Hosts(n)) => n.max(1),
            Some(SiteLimit::Percent(p)) => ((f64::from(site_hosts) * p / 100.0).floor() as u32).max(1),
        }
    }
}

/// Why a plan could not be made.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ScheduleError {
    /// The site has hosts but no window applies to it.
    #[error("site \"{0}\" has no maintenance window")]
    NoWindowForSite(String),
    /// Within the horizon, the site's windows never had room for the remaining hosts.
    #[error(
        "phase \"{phase}\": {left} hosts at site \"{site}\" are still unpatched {days} days after the phase \
         could start; add windows or consoles, or lengthen the windows"
    )]
    Horizon { phase: String, site: String, left: usize, days: i64 },
    /// An availability set lets so few of its hosts down at once that the phase cannot
    /// finish within the horizon, whatever the consoles and windows.
    #[error(
        "phase \"{phase}\": availability set \"{set}\" lets {most_down} of its hosts be down at a time, so its {hosts} \
         hosts in this phase take at least {days} days, more than the {horizon} days the plan looks ahead; allow more \
         of them down at once"
    )]
    SetTooSlow { phase: String, set: String, hosts: u64, most_down: u32, days: i64, horizon: i64 },
    #[error(transparent)]
    Window(#[from] WindowError),
    #[error(transparent)]
    TimeZone(#[from] time_zone::TimeZoneError),
}

/// Everything the scheduler needs besides the hosts.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub windows: &'a [Window],
    pub blackouts: &'a Blackouts,
    pub hotfix: &'a TimingModel,
    pub prerequisite: &'a TimingModel,
    pub caution: f64,
    pub consoles: u32,
    pub site_limit: Option<SiteLimit>,
    /// Per availability set of the fleet: at most this many of its hosts down at once
    /// (`u32::MAX`: the set is not kept).
    pub set_limits: &'a [u32],
    /// The plan's start, in minutes since the epoch.
    pub start: i64,
    /// How far past a phase's start to look for windows before giving up.
    pub horizon_days: i64,
}

/// A phase's hosts and how it ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseRun {
    pub hosts: u32,
    pub batches: u32,
    /// When the phase could start (after the previous phase and its soak).
    pub start: i64,
    /// Expected and cautious end of its last batch (its start when it has no batch).
    pub expected_end: i64,
    pub cautious_end: i64,
    /// The availability set that held the phase's hosts back most often (a host passed
    /// over, or a console kept waiting, because the set had as many down as it allows).
    pub held_by_set: Option<u32>,
}

/// The batches of a whole plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    pub batches: Vec<Batch>,
    /// Hosts of every batch, batch after batch.
    pub batch_hosts: Vec<u32>,
    pub phases: Vec<PhaseRun>,
    /// For each host, the index of its hotfix batch.
    pub hotfix_batch: Vec<u32>,
    /// For each host, the index of its prerequisite batch, or `u32::MAX` if it had none.
    pub prerequisite_batch: Vec<u32>,
    /// Per availability set: how often it held hosts back over the whole plan.
    pub set_holds: Vec<u32>,
}

pub const NO_BATCH: u32 = u32::MAX;

impl Schedule {
    /// The hosts of batch `index`.
    pub fn hosts_of(&self, index: usize) -> &[u32] {
        let b = &self.batches[index];
        &self.batch_hosts[b.first as usize..(b.first + b.hosts) as usize]
    }
}

/// The largest number of hosts one console can patch within `minutes` by the cautious
/// estimate (0 when not even one host fits).
pub fn hosts_within(model: &TimingModel, caution: f64, minutes: i64) -> u32 {
    const MOST: u32 = u32::MAX - 1;
    let fits = |n: u32| (model.console_minutes(n) * caution).ceil() as i64 <= minutes;
    if !fits(1) {
        return 0;
    }
    // The cautious time grows with the hosts: double while they fit, then bisect (a few
    // dozen steps whatever the model, even one refitted to a rollout's odd runs).
    let mut fit = 1;
    while fit < MOST / 2 && fits(fit * 2) {
        fit *= 2;
    }
    let mut over = if fit >= MOST / 2 { MOST + 1 } else { fit * 2 };
    while over - fit > 1 {
        let mid = fit + (over - fit) / 2;
        if fits(mid) {
            fit = mid;
        } else {
            over = mid;
        }
    }
    fit.min(MOST)
}

/// When what waits on a batch may start (the plan starts it at the batch's cautious end), in minutes from the batch's start, for a batch
/// that took `took` minutes with the plan's `margin` beyond its expected time and
/// `cautious` minutes by the cautious estimate: the margin is a buffer. A batch that ends
/// early gives its time to what follows (which still keeps the margin after it); an
/// overrun is taken out of the margin first (what follows starts as planned, at the
/// cautious end); beyond it, what follows waits as long as the overrun.
pub fn free_after(took: i64, margin: i64, cautious: i64) -> i64 {
    (took + margin).min(took.max(cautious))
}

/// `hosts` (in host order) ordered by exposure weight, highest first, ties in host order.
///
/// Weights take only a handful of values (tier × criticality), so this buckets them in
/// one pass instead of sorting: linear in the number of hosts.
fn most_exposed_first(fleet: &ExpandedFleet, hosts: &[u32]) -> Vec<u32> {
    debug_assert!(hosts.is_sorted(), "a phase's hosts come in host order");
    let mut buckets: Vec<(f32, Vec<u32>)> = Vec::new();
    for &h in hosts {
        let w = fleet.hosts[h as usize].weight;
        match buckets.iter_mut().find(|(bw, _)| bw.to_bits() == w.to_bits()) {
            Some((_, list)) => list.push(h),
            None => buckets.push((w, vec![h])),
        }
    }
    // Heaviest first; weights are distinct here, so an unstable sort is stable enough.
    buckets.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut order = Vec::with_capacity(hosts.len());
    for (_, list) in buckets {
        order.extend(list);
    }
    order
}

/// A place in an edition's queue whose host has been taken (out of order, past a host an
/// availability set held back).
const GONE: u32 = u32::MAX;

/// One edition's hosts of a site, most exposed first, from `head` on. Hosts taken from the
/// middle leave a gap ([`GONE`]) until gaps are half of what is left. With availability
/// sets, `run_end[i]` is where the run of hosts in the same sets as the one at `i` ends: a
/// host a set holds back holds back the rest of its run with it.
#[derive(Clone)]
struct EditionQueue {
    edition: u16,
    hosts: Vec<u32>,
    head: usize,
    gaps: usize,
    run_end: Vec<u32>,
}

impl EditionQueue {
    fn new(edition: u16, hosts: Vec<u32>) -> Self {
        Self { edition, hosts, head: 0, gaps: 0, run_end: Vec::new() }
    }

    /// The hosts still queued, in order.
    fn live(&self) -> impl Iterator<Item = u32> + '_ {
        self.hosts[self.head..].iter().copied().filter(|&h| h != GONE)
    }

    fn is_empty(&self) -> bool {
        self.head == self.hosts.len()
    }

    /// The next host.
    fn front(&self) -> u32 {
        self.hosts[self.head]
    }

    /// Takes the first `n` hosts (a queue without gaps).
    fn take_front(&mut self, n: usize, into: &mut Vec<u32>) {
        debug_assert_eq!(self.gaps, 0);
        let n = n.min(self.hosts.len() - self.head);
        into.extend_from_slice(&self.hosts[self.head..self.head + n]);
        self.head += n;
    }

    /// Takes the hosts at `places` (ascending) out of the queue.
    fn take(&mut self, places: &[usize], sets: &HostSets) {
        for &p in places {
            self.hosts[p] = GONE;
        }
        self.gaps += places.len();
        while self.head < self.hosts.len() && self.hosts[self.head] == GONE {
            self.head += 1;
            self.gaps -= 1;
        }
        if self.gaps * 2 > self.hosts.len() - self.head {
            self.hosts.drain(..self.head);
            self.hosts.retain(|&h| h != GONE);
            (self.head, self.gaps) = (0, 0);
            self.mark_runs(sets);
        }
    }

    /// Where each run of hosts in the same availability sets ends.
    fn mark_runs(&mut self, sets: &HostSets) {
        let n = self.hosts.len();
        self.run_end.clear();
        self.run_end.resize(n, n as u32);
        for i in (0..n.saturating_sub(1)).rev() {
            let alike = sets.of(self.hosts[i]) == sets.of(self.hosts[i + 1]);
            self.run_end[i] = if alike { self.run_end[i + 1] } else { i as u32 + 1 };
        }
    }
}

/// Per-site queues of one stage: for each edition, hosts most exposed first.
#[derive(Clone)]
struct SiteQueue {
    site: u16,
    by_edition: Vec<EditionQueue>,
    left: usize,
}

impl SiteQueue {
    /// The edition whose next host is the most exposed (of equals, the last).
    fn next_edition(&self, fleet: &ExpandedFleet) -> usize {
        let head = |e: &EditionQueue| fleet.hosts[e.front() as usize].weight;
        (0..self.by_edition.len())
            .filter(|&i| !self.by_edition[i].is_empty())
            .max_by(|&a, &b| head(&self.by_edition[a]).total_cmp(&head(&self.by_edition[b])))
            .expect("hosts left")
    }

    /// The editions with hosts left, into `order`: the one whose next host is the most
    /// exposed first.
    fn editions_in_turn(&self, fleet: &ExpandedFleet, order: &mut Vec<usize>) {
        let head = |i: usize| fleet.hosts[self.by_edition[i].front() as usize].weight;
        order.clear();
        order.extend((0..self.by_edition.len()).filter(|&i| !self.by_edition[i].is_empty()));
        // Of equally exposed heads, the later edition first (as `max_by` picks).
        order.reverse();
        order.sort_by(|&a, &b| head(b).total_cmp(&head(a)));
    }
}

/// One stage of a phase: one kind of work for some hosts, queued as the scheduler takes
/// them (per site, per edition, most exposed first).
#[derive(Clone)]
struct Stage {
    work: Work,
    queues: Vec<SiteQueue>,
}

/// The stages of every phase, worked out once for a fleet and its phases' hosts: which
/// hosts get the prerequisite first, and in which order each stage takes its hosts. None of
/// it depends on the consoles, the windows or the per-site limit, so every plan of the
/// same phases (the capacity solver's counts, the bottleneck's variants) shares it.
pub struct Stages {
    /// Per phase: its hosts, and its stages in order (prerequisite, then hotfix).
    phases: Vec<(u32, Vec<Stage>)>,
}

impl Stages {
    /// `phases[i]` takes `hosts[i]` (in host order). Inside a phase, hosts that still lack
    /// the prerequisite get it first; a prerequisite phase installs only that.
    pub fn new(fleet: &ExpandedFleet, phases: &[Phase], hosts: &[Vec<u32>]) -> Self {
        let mut prepared = vec![false; fleet.hosts.len()];
        let phases = phases
            .iter()
            .zip(hosts)
            .map(|(phase, hosts)| {
                let needing: Vec<u32> = hosts
                    .iter()
                    .copied()
                    .filter(|&h| fleet.hosts[h as usize].needs_prerequisite && !prepared[h as usize])
                    .collect();
                let mut stages = Vec::with_capacity(2);
                if !needing.is_empty() {
                    for &h in &needing {
                        prepared[h as usize] = true;
                    }
                    stages.push(Stage { work: Work::Prerequisite, queues: site_queues(fleet, &needing) });
                }
                if phase.selector != Selector::Prerequisite && !hosts.is_empty() {
                    stages.push(Stage { work: Work::Hotfix, queues: site_queues(fleet, hosts) });
                }
                (hosts.len() as u32, stages)
            })
            .collect();
        Self { phases }
    }
}

impl Stages {
    /// The stages with only the hosts `keep` says are still to do (given the work), each
    /// queue in the order it had: a rollout's remaining work, taken as the plan would have
    /// taken it.
    pub fn remaining(&self, keep: impl Fn(Work, u32) -> bool) -> Stages {
        let phases = self
            .phases
            .iter()
            .map(|(hosts, stages)| {
                let stages = stages
                    .iter()
                    .filter_map(|stage| {
                        let queues: Vec<SiteQueue> = stage
                            .queues
                            .iter()
                            .filter_map(|q| {
                                let by_edition: Vec<EditionQueue> = (q.by_edition.iter())
                                    .map(|e| {
                                        let hosts = e.live().filter(|&h| keep(stage.work, h)).collect();
                                        EditionQueue::new(e.edition, hosts)
                                    })
                                    .filter(|e| !e.is_empty())
                                    .collect();
                                let left = by_edition.iter().map(|e| e.live().count()).sum();
                                (left > 0).then_some(SiteQueue { site: q.site, by_edition, left })
                            })
                            .collect();
                        (!queues.is_empty()).then_some(Stage { work: stage.work, queues })
                    })
                    .collect();
                (*hosts, stages)
            })
            .collect();
        Stages { phases }
    }

    /// Each stage's work and hosts, phase by phase: `(phase, work, host)`.
    pub fn hosts(&self) -> impl Iterator<Item = (u16, Work, u32)> + '_ {
        self.phases.iter().enumerate().flat_map(|(k, (_, stages))| {
            stages.iter().flat_map(move |stage| {
                stage.queues.iter().flat_map(move |q| {
                    q.by_edition.iter().flat_map(move |e| e.live().map(move |h| (k as u16, stage.work, h)))
                })
            })
        })
    }

    /// How many hosts phase `k` takes.
    pub fn phase_hosts(&self, k: usize) -> u32 {
        self.phases.get(k).map_or(0, |(hosts, _)| *hosts)
    }

    /// Whether phase `k` has work left.
    pub fn has_work(&self, k: usize) -> bool {
        self.phases.get(k).is_some_and(|(_, stages)| !stages.is_empty())
    }
}

/// Where a rollout stands when the rest of it is planned: the batches that happened (or
/// are running), when each console is free, how many hosts each window opening already
/// took, and the openings lost at each site.
pub struct Resume {
    /// The batches so far; its host maps cover the whole fleet.
    pub history: Schedule,
    /// When each console is free (its index is the console's).
    pub consoles: Vec<i64>,
    /// Hosts already placed in openings `(site, window, opening start)`.
    pub opening_hosts: Vec<((u16, u16, i64), u32)>,
    /// Per site, the starts of the openings lost there.
    pub lost: Vec<Vec<i64>>,
}

/// `hosts` as a stage takes them: per site (in order of their first host taken), per
/// edition, most exposed first.
fn site_queues(fleet: &ExpandedFleet, hosts: &[u32]) -> Vec<SiteQueue> {
    let mut queues: Vec<SiteQueue> = Vec::new();
    let mut queue_of_site = vec![usize::MAX; fleet.sites.len()];
    for h in most_exposed_first(fleet, hosts) {
        let host = &fleet.hosts[h as usize];
        let qi = match queue_of_site[host.site as usize] {
            usize::MAX => {
                queue_of_site[host.site as usize] = queues.len();
                queues.push(SiteQueue { site: host.site, by_edition: Vec::new(), left: 0 });
                queues.len() - 1
            }
            i => i,
        };
        let q = &mut queues[qi];
        q.left += 1;
        match q.by_edition.iter_mut().find(|e| e.edition == host.edition) {
            Some(e) => e.hosts.push(h),
            None => q.by_edition.push(EditionQueue::new(host.edition, vec![h])),
        }
    }
    queues
}

pub struct Scheduler<'a> {
    inputs: &'a Inputs<'a>,
    fleet: &'a ExpandedFleet,
    zones: Vec<time_zone::Zone>,
    /// Hosts per site, for percentage site limits.
    site_hosts: Vec<u32>,
    /// When each console is next free, earliest first (ties: the lowest console), so
    /// picking the next console costs log(consoles), not one look at each.
    consoles: BinaryHeap<Reverse<(i64, u16)>>,
    /// Hosts already placed in each opening (site, window, opening start), over every
    /// phase, stage and console: what the per-site limit counts.
    opening_hosts: HashMap<(u16, u16, i64), u32>,
    /// Per site, the starts of openings lost to an incident: no batch goes there.
    lost: Vec<Vec<i64>>,
    /// Hosts of each availability set down over time.
    down: SetsDown,
    /// How often each availability set held hosts back in the phase being scheduled, and
    /// the sets that did.
    holds: Vec<u32>,
    held: Vec<u32>,
    /// Buffers a batch's picking reuses.
    scratch: PickScratch,
    out: Schedule,
}

impl<'a> Scheduler<'a> {
    pub fn new(inputs: &'a Inputs<'a>, fleet: &'a ExpandedFleet) -> Result<Self, ScheduleError> {
        let zones = fleet.sites.iter().map(|s| time_zone::zone(&s.time_zone)).collect::<Result<_, _>>()?;
        let n = fleet.hosts.len();
        let mut site_hosts = vec![0u32; fleet.sites.len()];
        for h in &fleet.hosts {
            site_hosts[h.site as usize] += 1;
        }
        Ok(Self {
            inputs,
            fleet,
            zones,
            site_hosts,
            consoles: (0..inputs.consoles.max(1) as u16).map(|c| Reverse((inputs.start, c))).collect(),
            opening_hosts: HashMap::new(),
            lost: vec![Vec::new(); fleet.sites.len()],
            down: SetsDown::new(fleet.sets.names.len()),
            holds: vec![0; fleet.sets.names.len()],
            held: Vec::new(),
            scratch: PickScratch::default(),
            out: Schedule {
                hotfix_batch: vec![NO_BATCH; n],
                prerequisite_batch: vec![NO_BATCH; n],
                set_holds: vec![0; fleet.sets.names.len()],
                ..Schedule::default()
            },
        })
    }
    /// A scheduler that goes on from where a rollout stands (see [`Resume`]).
    pub fn resumed(
        inputs: &'a Inputs<'a>,
        fleet: &'a ExpandedFleet,
        resume: Resume,
    ) -> Result<Self, ScheduleError> {
        let mut scheduler = Self::new(inputs, fleet)?;
        scheduler.consoles =
            resume.consoles.iter().enumerate().map(|(c, &free)| Reverse((free, c as u16))).collect();
        if scheduler.consoles.is_empty() {
            scheduler.consoles.push(Reverse((inputs.start, 0)));
        }
        scheduler.opening_hosts = resume.opening_hosts.into_iter().collect();
        scheduler.lost = resume.lost;
        scheduler.out = resume.history;
        scheduler.out.set_holds.resize(fleet.sets.names.len(), 0);
        // What the rollout has down (or had): batches running on hold their sets' hosts.
        if !fleet.sets.is_empty() {
            for (i, b) in scheduler.out.batches.iter().enumerate() {
                let counts = fleet.sets.count(scheduler.out.hosts_of(i));
                scheduler.down.add(&counts, b.start, b.cautious_end);
            }
        }
        Ok(scheduler)
    }

    /// Schedules phase `k`'s stages (as `stages` has them) no earlier than `not_before`,
    /// and its hotfix stage no earlier than `hotfix_after` either.
    pub fn run_phase_of(
        &mut self,
        phases: &[Phase],
        stages: &Stages,
        k: usize,
        not_before: i64,
        hotfix_after: i64,
    ) -> Result<PhaseRun, ScheduleError> {
        let (hosts, phase_stages) = &stages.phases[k];
        self.run_phase_after(k as u16, &phases[k].name, *hosts, phase_stages, not_before, hotfix_after)
    }

    /// Schedules `phases` one after another from `start`, their hosts and stages as
    /// `stages` has them, each after the one before has ended and (with `soak`) soaked.
    pub fn run_phases(
        &mut self,
        phases: &[Phase],
        stages: &Stages,
        start: i64,
        soak: bool,
    ) -> Result<Vec<PhaseRun>, ScheduleError> {
        let mut not_before = start;
        let mut runs = Vec::with_capacity(phases.len());
        for (i, (phase, (hosts, phase_stages))) in phases.iter().zip(&stages.phases).enumerate() {
            let run =
                self.run_phase_after(i as u16, &phase.name, *hosts, phase_stages, not_before, not_before)?;
            if run.batches > 0 {
                not_before = run.cautious_end + if soak { phase.soak_minutes() } else { 0 };
            }
            runs.push(run);
        }
        Ok(runs)
    }

    /// Schedules one phase's stages no earlier than `not_before`: the hotfix once the
    /// prerequisite stage has ended, and no earlier than `hotfix_after` either (a rollout's
    /// prerequisite installs still running).
    fn run_phase_after(
        &mut self,
        index: u16,
        name: &str,
        hosts: u32,
        stages: &[Stage],
        not_before: i64,
        hotfix_after: i64,
    ) -> Result<PhaseRun, ScheduleError> {
        let first_batch = self.out.batches.len();
        let mut ready = not_before.max(hotfix_after);
        for set in self.held.drain(..) {
            self.holds[set as usize] = 0;
        }
        for stage in stages {
            let from = match stage.work {
                Work::Prerequisite => not_before,
                Work::Hotfix => ready,
            };
            ready = ready.max(self.run_stage(index, name, stage.clone(), from)?);
        }
        for &set in &self.held {
            self.out.set_holds[set as usize] += self.holds[set as usize];
        }
        // The set that held the phase back most often (of equals, the first).
        let held_by_set = self
            .held
            .iter()
            .map(|&set| (self.holds[set as usize], Reverse(set)))
            .max()
            .map(|(_, Reverse(set))| set);
        let batches = &self.out.batches[first_batch..];
        Ok(PhaseRun {
            hosts,
            batches: batches.len() as u32,
            start: not_before,
            expected_end: batches.iter().map(|b| b.expected_end).max().unwrap_or(not_before),
            cautious_end: batches.iter().map(|b| b.cautious_end).max().unwrap_or(not_before),
            held_by_set,
        })
    }

    /// The batches so far.
    pub fn schedule(&self) -> &Schedule {
        &self.out
    }

    pub fn finish(self) -> Schedule {
        self.out
    }

    /// The site of `queue` still has hosts when the horizon (or the calendar) runs out.
    fn horizon_error(&self, phase: &str, queue: &SiteQueue) -> ScheduleError {
        ScheduleError::Horizon {
            phase: phase.to_string(),
            site: self.fleet.sites[queue.site as usize].name.clone(),
            left: queue.left,
            days: self.inputs.horizon_days,
        }
    }

    /// Schedules one stage's hosts; returns the latest cautious end.
    fn run_stage(
        &mut self,
        phase: u16,
        name: &str,
        stage: Stage,
        not_before: i64,
    ) -> Result<i64, ScheduleError> {
        let fleet = self.fleet;
        let work = stage.work;
        let model = match work {
            Work::Hotfix => self.inputs.hotfix,
            Work::Prerequisite => self.inputs.prerequisite,
        };
        let caution = self.inputs.caution;
        let mut queues = stage.queues;
        self.sets_can_finish(name, &queues, (model.console_minutes(1) * caution).ceil() as i64)?;

        // Each site's windows, merged in time order.
        let mut occurrences: Vec<Occurrences> = Vec::with_capacity(queues.len());
        let mut heap = BinaryHeap::new();
        for (qi, q) in queues.iter().enumerate() {
            let site = &fleet.sites[q.site as usize];
            let mut occ = Occurrences::new(
                self.inputs.windows,
                &site.name,
                self.zones[q.site as usize].clone(),
                self.inputs.blackouts.at(&site.name),
                not_before,
            );
            if occ.is_empty() {
                return Err(ScheduleError::NoWindowForSite(site.name.clone()));
            }
            let lost = &self.lost[q.site as usize];
            match occ.by_ref().find(|o| !lost.contains(&o.start)) {
                Some(first) => heap.push(Reverse((first.start, qi, first))),
                // The calendar ran out before any opening.
                None => return Err(self.horizon_error(name, q)),
            }
            occurrences.push(occ);
        }

        let horizon = not_before + self.inputs.horizon_days * 24 * 60;
        let mut latest = not_before;
        let mut picked = Vec::new();
        while let Some(Reverse((_, qi, occ))) = heap.pop() {
            let q = &mut queues[qi];
            if occ.start > horizon {
                return Err(self.horizon_error(name, q));
            }
            let cap = SiteLimit::per_opening(self.inputs.site_limit, self.site_hosts[q.site as usize]);
            // The opening may have begun before this stage could: use only what is left of it.
            let open_from = occ.start.max(not_before);
            // Openings come in time order, and every later stage starts after this one's
            // batches: nothing before this opening will be asked of the sets again.
            self.down.settled = self.down.settled.max(open_from);
            let opening = (q.site, occ.window, occ.start);
            let mut used = self.opening_hosts.get(&opening).copied().unwrap_or(0);
            // When availability sets hold every host of the site back past this opening: no
            // batch starts before then, whichever opening it is in.
            let mut held_until = None;
            let one_host = (model.console_minutes(1) * caution).ceil() as i64;
            'opening: while q.left > 0 && used < cap {
                let Some(&Reverse((free_at, console))) = self.consoles.peek() else { break };
                let mut start = free_at.max(open_from);
                // The hosts, waiting within the opening while availability sets have as
                // many down as they allow.
                let edition = loop {
                    // Ends by the opening's close, its back-out reserve kept free.
                    if start + one_host > occ.close() {
                        break 'opening;
                    }
                    match self.pick(q, start, cap - used, model, occ.close(), &mut picked) {
                        Ok(edition) => break edition,
                        Err(Some(later)) if later + one_host <= occ.close() => start = later,
                        Err(later) => {
                            held_until = later;
                            break 'opening;
                        }
                    }
                };
                let n = picked.len();
                let first = self.out.batch_hosts.len() as u32;
                let batch_index = self.out.batches.len() as u32;
                for &h in &picked {
                    self.out.batch_hosts.push(h);
                    let slot = match work {
                        Work::Hotfix => &mut self.out.hotfix_batch[h as usize],
                        Work::Prerequisite => &mut self.out.prerequisite_batch[h as usize],
                    };
                    *slot = batch_index;
                }
                let expected = model.console_minutes(n as u32);
                let batch = Batch {
                    phase,
                    console,
                    window: occ.window,
                    window_start: occ.start,
                    window_end: occ.end,
                    reserve: occ.reserve,
                    site: q.site,
                    edition,
                    work,
                    start,
                    expected_end: start + expected.ceil() as i64,
                    cautious_end: start + (expected * caution).ceil() as i64,
                    first,
                    hosts: n as u32,
                    extrapolated: model.is_extrapolated(n as u32),
                    state: BatchState::Planned,
                };
                debug_assert!(batch.cautious_end <= occ.close());
                if !fleet.sets.is_empty() {
                    let counts = fleet.sets.count(&picked);
                    self.down.add(&counts, batch.start, batch.cautious_end);
                }
                self.consoles.pop();
                self.consoles.push(Reverse((batch.cautious_end, console)));
                latest = latest.max(batch.cautious_end);
                self.out.batches.push(batch);
                used += n as u32;
            }
            if used > 0 {
                self.opening_hosts.insert(opening, used);
            }
            if q.left > 0 {
                let lost = &self.lost[q.site as usize];
                // Openings that end before the sets have room are passed over unread.
                if let Some(until) = held_until.filter(|&t| t > occ.end) {
                    let site = &fleet.sites[q.site as usize];
                    let (zone, blackouts) =
                        (self.zones[q.site as usize].clone(), self.inputs.blackouts.at(&site.name));
                    occurrences[qi] =
                        Occurrences::new(self.inputs.windows, &site.name, zone, blackouts, until);
                }
                match occurrences[qi].by_ref().find(|o| !lost.contains(&o.start)) {
                    Some(next) => heap.push(Reverse((next.start, qi, next))),
                    None => return Err(self.horizon_error(name, q)),
                }
            }
        }
        Ok(latest)
    }

    /// Refuses a stage no plan could finish within the horizon because of an availability
    /// set: each of its hosts is down at least `one_host` minutes (a batch of one), at most
    /// so many at once, and every batch starts after the stage can and no later than the
    /// horizon (within an opening of at most a week) — so a set needs at least its hosts
    /// × `one_host` ÷ its limit minutes. Said at once, rather than after the scheduler has
    /// looked through every opening of the horizon.
    fn sets_can_finish(&self, name: &str, queues: &[SiteQueue], one_host: i64) -> Result<(), ScheduleError> {
        let sets = &self.fleet.sets;
        if sets.is_empty() {
            return Ok(());
        }
        let mut hosts = vec![0u64; sets.names.len()];
        for q in queues {
            for e in &q.by_edition {
                for h in e.live() {
                    for &s in sets.of(h) {
                        hosts[s as usize] += 1;
                    }
                }
            }
        }
        let span = (self.inputs.horizon_days * 24 * 60
            + i64::from(crate::maintenance_window::MAX_WINDOW_MINUTES)) as f64;
        let mut worst: Option<(f64, u32)> = None;
        for (s, &n) in hosts.iter().enumerate().filter(|(_, &n)| n > 0) {
            let s = s as u32;
            let most = self.inputs.set_limits[s as usize];
            let needed = n as f64 * one_host as f64 / f64::from(most.max(1));
            if most != u32::MAX && needed > span && worst.is_none_or(|(w, _)| needed > w) {
                worst = Some((needed, s));
            }
        }
        match worst {
            Some((needed, s)) => Err(ScheduleError::SetTooSlow {
                phase: name.to_string(),
                set: sets.names[s as usize].clone(),
                hosts: hosts[s as usize],
                most_down: self.inputs.set_limits[s as usize],
                days: (needed / (24.0 * 60.0)).ceil() as i64,
                horizon: self.inputs.horizon_days,
            }),
            None => Ok(()),
        }
    }

    /// The hosts of one batch starting at `start` that ends by `close` (by the cautious
    /// estimate) and takes at most `room` hosts, into
    /// `picked`: the most exposed hosts of one edition (the edition whose next host is the
    /// most exposed, or the next one when availability sets hold all of that edition's
    /// back). A host is passed over while one of its sets has as many down as it allows
    /// for as long as the batch would run with it; the batch stops growing when running
    /// longer would take a set it already holds hosts of beyond its limit. Without a host,
    /// when a set holding them back next has fewer down (`None`: never); until then every
    /// host stays held back, as sets only fill further.
    fn pick(
        &mut self,
        q: &mut SiteQueue,
        start: i64,
        room: u32,
        model: &TimingModel,
        close: i64,
        picked: &mut Vec<u32>,
    ) -> Result<u16, Option<i64>> {
        picked.clear();
        let fleet = self.fleet;
        let caution = self.inputs.caution;
        // Worked out once a host is taken (a held-back console never needs it).
        let fit = || hosts_within(model, caution, close - start).min(room);
        if fleet.sets.is_empty() {
            let fit = fit();
            let next = q.next_edition(fleet);
            let e = &mut q.by_edition[next];
            e.take_front(fit as usize, picked);
            q.left -= picked.len();
            return Ok(e.edition);
        }
        let cautious_end = |n: u32| start + (model.console_minutes(n) * caution).ceil() as i64;
        let mut most = None;
        let mut scratch = std::mem::take(&mut self.scratch);
        let PickScratch { order, blocking, places, touched } = &mut scratch;
        blocking.clear();
        q.editions_in_turn(fleet, order);
        let mut taken = None;
        for &e in order.iter() {
            let held_before = blocking.len();
            if q.by_edition[e].run_end.len() != q.by_edition[e].hosts.len() {
                q.by_edition[e].mark_runs(&fleet.sets);
            }
            let list = &q.by_edition[e];
            touched.clear();
            let mut rooms = Rooms { down: &self.down, limits: self.inputs.set_limits, start, touched };
            places.clear();
            let mut place = list.head;
            while place < list.hosts.len()
                && (picked.is_empty() || (picked.len() as u32) < *most.get_or_insert_with(fit))
            {
                let h = list.hosts[place];
                if h == GONE {
                    place += 1;
                    continue;
                }
                let end = cautious_end(picked.len() as u32 + 1);
                // Running longer must keep the sets it already holds within their limits.
                if let Err(set) = rooms.stretch(end) {
                    blocking.push(set);
                    break;
                }
                match rooms.admit(fleet.sets.of(h), end) {
                    Ok(()) => {
                        picked.push(h);
                        places.push(place);
                        place += 1;
                    }
                    // The rest of its run is in the same sets: held back too.
                    Err(set) => {
                        blocking.push(set);
                        place = list.run_end[place] as usize;
                    }
                }
            }
            for &set in &blocking[held_before..] {
                if self.holds[set as usize] == 0 {
                    self.held.push(set);
                }
                self.holds[set as usize] += 1;
            }
            if !picked.is_empty() {
                let list = &mut q.by_edition[e];
                list.take(places, &fleet.sets);
                q.left -= picked.len();
                taken = Some(list.edition);
                break;
            }
        }
        let answer = match taken {
            Some(edition) => Ok(edition),
            None => Err(blocking
                .iter()
                .filter_map(|&s| self.down.down[s as usize].next_drop(start, i64::MAX))
                .min()),
        };
        self.scratch = scratch;
        answer
    }
}

/// Buffers [`Scheduler::pick`] reuses from batch to batch.
#[derive(Default)]
struct PickScratch {
    order: Vec<usize>,
    blocking: Vec<u32>,
    places: Vec<usize>,
    touched: Vec<(u32, u32, u32, i64)>,
}

/// The room each availability set a batch touches has left, for a batch from `start` that
/// grows host by host (and so runs longer with each).
struct Rooms<'d> {
    down: &'d SetsDown,
    limits: &'d [u32],
    start: i64,
    /// Per set touched: its hosts in the batch, the most down over the batch so far, and
    /// until when that most holds (the set's next change at or after the batch's end).
    touched: &'d mut Vec<(u32, u32, u32, i64)>,
}

impl Rooms<'_> {
    /// The most of set `s` down over the batch ending at `end`, and until when it holds.
    fn most(&self, s: u32, end: i64) -> (u32, i64) {
        let d = &self.down.down[s as usize];
        (d.most_within(self.start, end), d.next_change(end - 1).unwrap_or(i64::MAX))
    }

    fn fits(&self, s: u32, hosts: u32, most: u32) -> bool {
        u64::from(hosts) + u64::from(most) <= u64::from(self.limits[s as usize])
    }

    /// The batch runs until `end`: the sets it holds must stay within their limits.
    fn stretch(&mut self, end: i64) -> Result<(), u32> {
        for i in 0..self.touched.len() {
            let (s, hosts, _, until) = self.touched[i];
            if until < end {
                let (most, until) = self.most(s, end);
                self.touched[i] = (s, hosts, most, until);
            }
            let (_, _, most, _) = self.touched[i];
            if !self.fits(s, hosts, most) {
                return Err(s);
            }
        }
        Ok(())
    }

    /// Takes a host of `sets` into a batch ending at `end`, if every one of them has room.
    fn admit(&mut self, sets: &[u32], end: i64) -> Result<(), u32> {
        for &s in sets {
            let (hosts, most) = match self.touched.iter().find(|t| t.0 == s) {
                Some(&(_, hosts, most, _)) => (hosts, most),
                None => {
                    let (most, until) = self.most(s, end);
                    self.touched.push((s, 0, most, until));
                    (0, most)
                }
            };
            if !self.fits(s, hosts + 1, most) {
                return Err(s);
            }
        }
        for &s in sets {
            if let Some(t) = self.touched.iter_mut().find(|t| t.0 == s) {
                t.1 += 1;
            }
        }
        Ok(())
    }
}

impl Localized for ScheduleError {
    fn ja(&self) -> String {
        match self {
            Self::NoWindowForSite(s) => format!("サイト「{s}」にはメンテナンスウィンドウがありません"),
            Self::Horizon { phase, site, left, days } => format!(
                "フェーズ「{phase}」: サイト「{site}」の{left}台が、開始できるようになってから{days}日後も未適用です。\
                 ウィンドウかコンソールを増やすか、ウィンドウを長くしてください"
            ),
            Self::SetTooSlow { phase, set, hosts, most_down, days, horizon } => format!(
                "フェーズ「{phase}」: 可用性セット「{set}」は同時に{most_down}台までしか停止できないため、このフェーズの{hosts}台に\
                 少なくとも{days}日かかり、計画が見通す{horizon}日を超えます。同時に停止できる台数を増やしてください"
            ),
            Self::Window(e) => e.ja(),
            Self::TimeZone(e) => e.ja(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_within_respects_the_cautious_estimate() {
        let m = TimingModel::seed();
        assert_eq!(hosts_within(&m, 1.25, 10), 0, "not even the overhead fits");
        let n = hosts_within(&m, 1.25, 6 * 60);
        assert!((m.console_minutes(n) * 1.25).ceil() as i64 <= 360);
        assert!((m.console_minutes(n + 1) * 1.25).ceil() as i64 > 360);
        // One host takes 16.07 minutes: 16 minutes are not enough, 17 hold six hosts.
        assert_eq!(hosts_within(&m, 1.0, 16), 0);
        assert_eq!(hosts_within(&m, 1.0, 17), 6);
    }
}
