//! Following a rollout: what happened stays where it happened, and the rest is planned
//! again from the status time under every rule of the plan.
//!
//! The recorded events set each host's two installs (the prerequisite where it needs one,
//! and the hotfix): done, failed (tried again in its site's next opening), given up or
//! skipped. A batch of the approved plan that was under way at the status time, with
//! nothing recorded of it, runs on as planned. Everything else not done is the remaining
//! work: the scheduler takes it from the status time with the consoles as they stand (free
//! when their last batch ended), each window opening already in progress counting the hosts
//! it has taken towards the per-site limit, the lost openings left out, phases in order
//! with their soak counted from the actual end of the phase before, and the prerequisite
//! before the hotfix. A phase whose failures pass its threshold halts it and every later
//! phase until a resume is recorded. Done batches that ran outside the plan's own band
//! (shorter than expected or longer than cautious) refit the timing model, as measured runs
//! do, and the remaining work is timed by it.
//!
//! With everything recorded exactly as planned (each batch done at its cautious end), the
//! remaining schedule is the approved plan's own: the property tests check it.

use std::collections::{BTreeMap, HashSet};

use crate::fleet::{ExpandedFleet, Host};
use crate::maintenance_window::Occurrences;
use crate::phase::Phase;
use crate::progress::{Planned, Record, Status, What};
use crate::scenario::{Checked, Scenario};
use crate::scheduler::{
    Batch, BatchState, Inputs, PhaseRun, Resume, Schedule, Scheduler, Stages, Work, NO_BATCH,
};
use crate::timing::{TimingModel, TimingPoint};

use super::PlanError;

/// One host's install, as recorded by the status time.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Install {
    /// Not begun (or not recorded).
    Pending,
    /// Failed at least once and to be tried again.
    Failed,
    /// In a batch of the approved plan under way at the status time.
    Running(u32),
    /// Done at this time, in this batch of the approved plan if it was one.
    Done(i64, Option<u32>),
    GivenUp(i64),
    Skipped(i64),
}

impl Install {
    fn ended(self) -> bool {
        matches!(self, Install::Done(..) | Install::GivenUp(_) | Install::Skipped(_))
    }

    /// Still to do: not begun, or to be tried again.
    fn to_do(self) -> bool {
        matches!(self, Install::Pending | Install::Failed)
    }
}

/// Where one host's install stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostStatus {
    /// Planned (again) from the status time.
    Planned,
    /// Failed, and planned again.
    Retrying,
    /// In a batch under way at the status time.
    Running,
    Done,
    /// Failed, and not tried again: out of the rollout.
    GivenUp,
    /// Left out of the rollout.
    Skipped,
    /// Waiting on a phase halted by its failures: not planned.
    Held,
}

impl HostStatus {
    /// Out of the rollout: given up or skipped (targets are measured on the rest).
    pub fn out(self) -> bool {
        matches!(self, HostStatus::GivenUp | HostStatus::Skipped)
    }
}

/// A phase stopped by its failures.
#[derive(Clone, Debug, PartialEq)]
pub struct Halt {
    /// The phase (index).
    pub phase: u16,
    /// Hosts of the phase that failed since it began (or was last resumed).
    pub failed: u32,
    pub hosts: u32,
    pub threshold_percent: f64,
}

/// The timing model refitted to this rollout's own batches.
#[derive(Clone, Debug, PartialEq)]
pub struct Refit {
    pub work: Work,
    /// Done batches of the approved plan it was refitted to.
    pub batches: u32,
    pub model: TimingModel,
}

/// Hosts by how their hotfix stands at the status time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: u64,
    pub running: u64,
    /// Failed and to be tried again.
    pub retrying: u64,
    pub given_up: u64,
    pub skipped: u64,
    /// Still to do (not begun, late, or retried), halted ones included.
    pub remaining: u64,
    /// Of those, held by a halted phase.
    pub halted: u64,
}

/// How a rollout in progress stands against its approved plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Tracking {
    pub approved: i64,
    pub now: i64,
    /// The approved plan as a schedule of the current fleet (hosts no longer in it left
    /// out; hosts new to it have no batch).
    pub baseline: Schedule,
    pub counts: Counts,
    pub halts: Vec<Halt>,
    pub refits: Vec<Refit>,
    /// Window openings lost: (site, start).
    pub lost: Vec<(u16, i64)>,
    /// Consoles from the status time on.
    pub consoles: u32,
    /// Where each host's hotfix stands.
    pub hotfix: Vec<HostStatus>,
    /// Where each host's prerequisite stands (`Planned` for hosts that have it).
    pub prerequisite: Vec<HostStatus>,
    /// The phase of each host's hotfix.
    pub hotfix_phase: Vec<u16>,
    /// The approved plan's own figures, to set the forecast beside.
    pub approved_plan: Approved,
    /// How many events the record holds (the calendar's revision of a batch).
    pub recorded: usize,
    /// Per phase: its hosts that failed since it began (or was last resumed).
    pub phase_failed: Vec<u32>,
    /// Each done batch of the approved plan: how long it took over its estimate.
    pub ratios: Vec<f64>,
    /// Installs recorded done, and failed (or given up).
    pub installs_done: u32,
    pub installs_failed: u32,
}

/// What the approved plan promised: its cautious end, each phase's (`None` for a phase
/// it had no batch in), each target's outcome, and its exposure curve.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Approved {
    pub cautious_end: i64,
    /// When its internet-facing hosts were all patched (expected), as the summary has it.
    pub internet_facing: Option<i64>,
    pub phases: Vec<Option<i64>>,
    pub targets: Vec<super::targets::Outcome>,
    pub exposure: Vec<super::ExposurePoint>,
}

impl Tracking {
    /// The forecast end against the approved one, in minutes (positive: later).
    pub fn variance_minutes(&self, forecast_end: i64) -> i64 {
        forecast_end - self.approved_plan.cautious_end
    }
}

/// What [`track`] makes: the schedule (what happened, what runs, what is planned again),
/// its phases, how the rollout stands, and the timing models the rest is planned with.
pub(crate) struct Tracked {
    pub schedule: Schedule,
    pub runs: Vec<PhaseRun>,
    pub tracking: Tracking,
    pub hotfix_model: TimingModel,
    pub prerequisite_model: TimingModel,
}

/// Plans the rest of a rollout from its record (see the module's notes). `phases` and
/// `stages` are the plan's (every host as if nothing had happened).
pub(crate) fn track(
    scenario: &Scenario,
    checked: &Checked,
    phases: &[Phase],
    stages: &Stages,
    record: &Record,
) -> Result<Tracked, PlanError> {
    let expanded = &checked.expanded;
    let n = expanded.hosts.len();
    let now = record.now;
    // Which phase each host's installs belong to.
    let mut phase_of = [vec![u16::MAX; n], vec![u16::MAX; n]];
    for (k, work, h) in stages.hosts() {
        phase_of[slot(work)][h as usize] = k;
    }
    // The approved plan's batch of each host's installs.
    let mut planned_in = [vec![NO_BATCH; n], vec![NO_BATCH; n]];
    for (i, b) in record.baseline.iter().enumerate() {
        for &h in &b.hosts {
            planned_in[slot(b.work)][h as usize] = i as u32;
        }
    }

    // What the events say.
    let mut installs = [vec![Install::Pending; n], vec![Install::Pending; n]];
    let mut recorded: HashSet<u32> = HashSet::new();
    let mut ran_until: BTreeMap<u32, i64> = BTreeMap::new();
    let mut lost: Vec<Vec<i64>> = vec![Vec::new(); expanded.sites.len()];
    let mut consoles = scenario.capacity.consoles;
    let mut resumed: Vec<Option<i64>> = vec![None; phases.len()];
    let mut failures: Vec<(i64, Work, u32)> = Vec::new();
    for e in &record.events {
        let mut set = |h: u32, work: Work, status: Status, batch: Option<u32>| {
            let install = &mut installs[slot(work)][h as usize];
            if install.ended() {
                return;
            }
            *install = match status {
                Status::Done => Install::Done(
                    e.at,
                    batch.or(Some(planned_in[slot(work)][h as usize]).filter(|&b| b != NO_BATCH)),
                ),
                Status::Failed => Install::Failed,
                Status::GivenUp => Install::GivenUp(e.at),
                Status::Skipped => Install::Skipped(e.at),
            };
            if matches!(status, Status::Failed | Status::GivenUp) {
                failures.push((e.at, work, h));
            }
        };
        match e.what {
            What::Batch { batch, status, failed } => {
                recorded.insert(batch);
                // A batch done (some of its hosts failing or not) ran this long.
                if status == Status::Done {
                    ran_until.insert(batch, e.at);
                }
                let b = &record.baseline[batch as usize];
                let ok = b.hosts.len().saturating_sub(failed as usize);
                for (k, &h) in b.hosts.iter().enumerate() {
                    set(h, b.work, if k < ok { status } else { Status::Failed }, Some(batch));
                }
            }
            What::Host { host, work, status } => set(host, work, status, None),
            What::LostOpening { site, start } => lost[site as usize].push(start),
            What::Consoles(c) => consoles = c,
            What::Resume(k) => resumed[k as usize] = Some(e.at),
        }
    }
    // A host whose prerequisite was given up or skipped cannot take the hotfix.
    let [prerequisites, hotfixes] = &mut installs;
    for (pre, hotfix) in prerequisites.iter().zip(hotfixes.iter_mut()) {
        if matches!(pre, Install::GivenUp(_) | Install::Skipped(_)) && hotfix.to_do() {
            *hotfix = *pre;
        }
    }
    // Batches of the approved plan under way at the status time, with nothing recorded of
    // them, run on as planned.
    for (i, b) in record.baseline.iter().enumerate() {
        let site_lost = expanded
            .sites
            .iter()
            .position(|s| s.name == b.site)
            .is_some_and(|s| lost[s].contains(&b.opening));
        if recorded.contains(&(i as u32)) || site_lost || !(b.start < now && now < b.cautious_end) {
            continue;
        }
        if b.hosts.iter().all(|&h| installs[slot(b.work)][h as usize] == Install::Pending) {
            for &h in &b.hosts {
                installs[slot(b.work)][h as usize] = Install::Running(i as u32);
            }
        }
    }

    // Phases halted by their failures (since they began, or were last resumed).
    let mut halts = Vec::new();
    let mut phase_failed = vec![0; phases.len()];
    for (k, phase) in phases.iter().enumerate() {
        let hosts = stages.phase_hosts(k);
        let since = resumed[k].unwrap_or(i64::MIN);
        let failed: HashSet<u32> = (failures.iter())
            .filter(|&&(at, work, h)| at > since && phase_of[slot(work)][h as usize] == k as u16)
            .map(|&(_, _, h)| h)
            .collect();
        phase_failed[k] = failed.len() as u32;
        let Some(threshold) = phase.failure_threshold_percent else { continue };
        let limit = (f64::from(hosts) * threshold / 100.0).floor() as u64;
        if hosts > 0 && failed.len() as u64 > limit {
            halts.push(Halt {
                phase: k as u16,
                failed: failed.len() as u32,
                hosts,
                threshold_percent: threshold,
            });
        }
    }
    let halted_from = halts.first().map(|h| h.phase as usize);
    let halted = |k: u16| halted_from.is_some_and(|from| k as usize >= from);

    // When each batch of the approved plan ended, as recorded: as a batch, or every one of
    // its hosts done in it (for how long it took).
    let done_in = |i: usize, b: &Planned| {
        let ends: Option<Vec<i64>> = (b.hosts.iter())
            .map(|&h| match installs[slot(b.work)][h as usize] {
                Install::Done(at, Some(batch)) if batch == i as u32 => Some(at),
                _ => None,
            })
            .collect();
        ends?.into_iter().max()
    };
    let ended: Vec<Option<i64>> = (record.baseline.iter().enumerate())
        .map(|(i, b)| ran_until.get(&(i as u32)).copied().or_else(|| done_in(i, b)))
        .collect();
    // And when each ended with its hosts' failures too (for when what follows it began): a
    // batch recorded as one, or host by host, the same.
    let failed_at: std::collections::HashMap<(Work, u32), i64> =
        failures.iter().map(|&(at, work, h)| ((work, h), at)).collect();
    let finished: Vec<Option<i64>> = (record.baseline.iter().enumerate())
        .map(|(i, b)| {
            ran_until.get(&(i as u32)).copied().or_else(|| {
                let ends: Option<Vec<i64>> = (b.hosts.iter())
                    .map(|&h| match installs[slot(b.work)][h as usize] {
                        Install::Done(at, Some(batch)) if batch == i as u32 => Some(at),
                        _ => failed_at.get(&(b.work, h)).copied(),
                    })
                    .collect();
                ends?.into_iter().max()
            })
        })
        .collect();
    let began = began(&record.baseline, &finished);

    // The timing models, refitted to done batches that ran outside the plan's band.
    let mut refits = Vec::new();
    let mut ratios = Vec::new();
    let mut models = [checked.prerequisite_model.clone(), checked.hotfix_model.clone()];
    for work in [Work::Prerequisite, Work::Hotfix] {
        let runs: Vec<(u32, i64, i64, i64)> = (record.baseline.iter().enumerate())
            .filter(|(_, b)| b.work == work && !b.hosts.is_empty())
            .filter_map(|(i, b)| {
                let end = ended[i]?;
                Some((
                    b.hosts.len() as u32,
                    end - began[i],
                    b.expected_end - b.start,
                    b.cautious_end - b.start,
                ))
            })
            // A batch recorded as ending before it was to start did not run as planned: no
            // measure of how long it takes.
            .filter(|&(_, actual, expected, _)| actual > 0 && expected > 0)
            .collect();
        ratios.extend(runs.iter().map(|&(_, actual, expected, _)| actual as f64 / expected as f64));
        if runs.iter().any(|&(_, actual, expected, cautious)| actual < expected || actual > cautious) {
            let calibration =
                if work == Work::Hotfix { scenario.capacity.calibration.as_slice() } else { &[] };
            let model = refit(&models[slot(work)], calibration, &runs);
            refits.push(Refit { work, batches: runs.len() as u32, model: model.clone() });
            models[slot(work)] = model;
        }
    }

    // What happened, and what runs on, as batches.
    let mut history = Schedule {
        hotfix_batch: vec![NO_BATCH; n],
        prerequisite_batch: vec![NO_BATCH; n],
        ..Schedule::default()
    };
    // Done hosts in pieces: (end, work, approved batch, site, edition, phase).
    type Piece = (i64, Work, u32, u16, u16, u16);
    let mut pieces: BTreeMap<Piece, Vec<u32>> = BTreeMap::new();
    let mut running: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for work in [Work::Prerequisite, Work::Hotfix] {
        for h in 0..n {
            let host = &expanded.hosts[h];
            match installs[slot(work)][h] {
                Install::Done(at, batch) => pieces
                    .entry((
                        at,
                        work,
                        batch.unwrap_or(NO_BATCH),
                        host.site,
                        host.edition,
                        phase_of[slot(work)][h],
                    ))
                    .or_default()
                    .push(h as u32),
                Install::Running(batch) => running.entry(batch).or_default().push(h as u32),
                _ => {}
            }
        }
    }
    // The window opening at a site that holds `at` (starting no later than `from`).
    let opening_of = |site: u16, from: i64, at: i64| {
        let s = &expanded.sites[site as usize];
        let zone = crate::time_zone::zone(&s.time_zone).ok()?;
        Occurrences::new(&scenario.windows, &s.name, zone, checked.blackouts.at(&s.name), from - 1)
            .take_while(|o| o.start <= from)
            .find(|o| o.start <= from && at <= o.end)
    };
    let mut done: Vec<Batch> = Vec::new();
    let mut hosts_of: Vec<Vec<u32>> = Vec::new();
    for ((at, work, batch, site, edition, phase), hosts) in pieces {
        let planned = record.baseline.get(batch as usize);
        let model = &models[slot(work)];
        let start = planned.map_or(at - model.console_minutes(hosts.len() as u32).ceil() as i64, |_| {
            began[batch as usize].min(at)
        });
        let opening = opening_of(site, start, at);
        done.push(Batch {
            phase: if phase == u16::MAX { 0 } else { phase },
            console: planned.map_or(0, |b| b.console),
            window: opening.map_or(0, |o| o.window),
            window_start: opening.map_or(start, |o| o.start),
            window_end: opening.map_or(at, |o| o.end),
            reserve: opening.map_or(0, |o| o.reserve),
            site,
            edition,
            work,
            start,
            expected_end: at,
            cautious_end: at,
            first: 0,
            hosts: hosts.len() as u32,
            extrapolated: false,
            state: BatchState::Done,
        });
        hosts_of.push(hosts);
    }
    for (batch, hosts) in running {
        let b = &record.baseline[batch as usize];
        let host = &expanded.hosts[hosts[0] as usize];
        let opening = opening_of(host.site, b.start, b.cautious_end);
        let phase = phase_of[slot(b.work)][hosts[0] as usize].min(phases.len().saturating_sub(1) as u16);
        done.push(Batch {
            window: opening.map_or(0, |o| o.window),
            window_start: opening.map_or(b.opening, |o| o.start),
            window_end: opening.map_or(b.cautious_end, |o| o.end),
            reserve: opening.map_or(0, |o| o.reserve),
            ..as_batch(b, phase, host, hosts.len() as u32, BatchState::Running)
        });
        hosts_of.push(hosts);
    }
    // In the order they began.
    let mut order: Vec<usize> = (0..done.len()).collect();
    order.sort_by_key(|&i| (done[i].start, done[i].cautious_end, i));
    for i in order {
        push(&mut history, done[i].clone(), &hosts_of[i]);
    }

    // The consoles as they stand: each free when its last batch ended (or ends). (Any
    // time before the status time is the same to the plan from it: a console added by a
    // change of consoles is free from the start, as if it had stood idle.)
    let count = consoles;
    let mut free = vec![checked.start; count as usize];
    for b in &history.batches {
        if let Some(slot) = free.get_mut(b.console as usize) {
            *slot = (*slot).max(b.cautious_end);
        }
    }
    // The openings in progress at the status time, and what they have taken.
    let mut opening_hosts = Vec::new();
    for (s, site) in expanded.sites.iter().enumerate() {
        let Ok(zone) = crate::time_zone::zone(&site.time_zone) else { continue };
        let current =
            Occurrences::new(&scenario.windows, &site.name, zone, checked.blackouts.at(&site.name), now)
                .next()
                .filter(|o| o.start <= now && !lost[s].contains(&o.start));
        if let Some(o) = current {
            let taken: u32 = (history.batches.iter())
                .filter(|b| b.site == s as u16 && b.start >= o.start && b.start < o.end)
                .map(|b| b.hosts)
                .sum();
            if taken > 0 {
                opening_hosts.push(((s as u16, o.window, o.start), taken));
            }
        }
    }

    // The remaining work, planned from the status time.
    let remaining = stages.remaining(|work, h| {
        installs[slot(work)][h as usize].to_do() && !halted(phase_of[slot(work)][h as usize])
    });
    // The rest is timed by the models as refitted.
    let inputs =
        Inputs { hotfix: &models[1], prerequisite: &models[0], ..super::inputs_of(scenario, checked, count) };
    let mut scheduler = Scheduler::resumed(
        &inputs,
        expanded,
        Resume { history, consoles: free, opening_hosts, lost: lost.clone() },
    )?;
    // Phases in order: each after the ones before have ended (as it happened, or as
    // planned now) and soaked.
    let mut ends: Vec<Option<(i64, i64)>> = vec![None; phases.len()];
    let mut not_before = checked.start;
    let mut starts = vec![checked.start; phases.len()];
    let mut held_by_set = vec![None; phases.len()];
    for (k, phase) in phases.iter().enumerate() {
        let from = not_before.max(resumed[k].unwrap_or(i64::MIN));
        starts[k] = from;
        let so_far = |s: &Schedule, work: Option<Work>| {
            (s.batches.iter())
                .filter(|b| b.phase as usize == k && work.is_none_or(|w| b.work == w))
                .map(|b| (b.expected_end, b.cautious_end))
                .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
        };
        let prerequisite_running = {
            let s = scheduler.schedule();
            (s.batches.iter())
                .filter(|b| {
                    b.phase as usize == k && b.work == Work::Prerequisite && b.state == BatchState::Running
                })
                .map(|b| b.cautious_end)
                .max()
                .unwrap_or(i64::MIN)
        };
        if remaining.has_work(k) && !halted(k as u16) {
            held_by_set[k] = scheduler
                .run_phase_of(phases, &remaining, k, from.max(now), prerequisite_running)?
                .held_by_set;
        }
        ends[k] = so_far(scheduler.schedule(), None);
        // A later phase waits for every earlier one: a retry in an earlier phase holds it
        // back as the phase's own hosts would.
        if let Some((_, cautious)) = ends[k] {
            not_before = not_before.max(cautious + phase.soak_minutes());
        }
    }
    let schedule = scheduler.finish();
    let runs = phases
        .iter()
        .enumerate()
        .map(|(k, _)| {
            let (expected_end, cautious_end) = ends[k].unwrap_or((starts[k], starts[k]));
            PhaseRun {
                hosts: stages.phase_hosts(k),
                batches: schedule.batches.iter().filter(|b| b.phase as usize == k).count() as u32,
                start: starts[k],
                expected_end,
                cautious_end,
                held_by_set: held_by_set[k],
            }
        })
        .collect();

    let count_of = |f: &dyn Fn(Install) -> bool| (0..n).filter(|&h| f(installs[1][h])).count() as u64;
    let counts = Counts {
        done: count_of(&|i| matches!(i, Install::Done(..))),
        running: count_of(&|i| matches!(i, Install::Running(_))),
        retrying: count_of(&|i| i == Install::Failed),
        given_up: count_of(&|i| matches!(i, Install::GivenUp(_))),
        skipped: count_of(&|i| matches!(i, Install::Skipped(_))),
        remaining: count_of(&|i| i.to_do()),
        halted: (0..n).filter(|&h| installs[1][h].to_do() && halted(phase_of[1][h])).count() as u64,
    };
    let tracking = Tracking {
        approved: record.approved,
        now,
        baseline: baseline_schedule(record, expanded, &phase_of),
        counts,
        halts,
        refits,
        lost: lost.iter().enumerate().flat_map(|(s, l)| l.iter().map(move |&t| (s as u16, t))).collect(),
        consoles: count,
        hotfix: (0..n).map(|h| status_of(installs[1][h], halted(phase_of[1][h]))).collect(),
        prerequisite: (0..n).map(|h| status_of(installs[0][h], halted(phase_of[0][h]))).collect(),
        hotfix_phase: phase_of[1].clone(),
        approved_plan: Approved::default(),
        recorded: record.events.len(),
        phase_failed,
        ratios,
        installs_done: installs.iter().flatten().filter(|i| matches!(i, Install::Done(..))).count() as u32,
        installs_failed: failures.len() as u32,
    };
    let [prerequisite_model, hotfix_model] = models;
    Ok(Tracked { schedule, runs, tracking, hotfix_model, prerequisite_model })
}

/// When each batch of the approved plan began, as far as the record tells (`ended`: when
/// each ended, if recorded; `soak`: a phase's soak by name). A batch began as planned,
/// moved by as much as the batch before it on its console (for the first of a phase: the
/// latest of the phase before) let it go on earlier or later than the plan did: its margin
/// is a buffer ([`crate::scheduler::free_after`]), so one that ran within it moves nothing,
/// one that ended early lets what follows start early, and one that ran past its cautious
/// end pushes it. Never before its opening, nor after it ended.
fn began(baseline: &[Planned], ended: &[Option<i64>]) -> Vec<i64> {
    use std::collections::HashMap;
    let mut began = vec![0; baseline.len()];
    // How far each recorded batch let what follows move from the plan (minutes).
    let mut moved: Vec<Option<i64>> = vec![None; baseline.len()];
    // Per phase, the latest of its batches' moves (`None` once one is not recorded).
    let mut phase_moved: HashMap<&str, Option<i64>> = HashMap::new();
    let mut last_on: HashMap<u16, usize> = HashMap::new();
    for (i, b) in baseline.iter().enumerate() {
        let by = match last_on.insert(b.console, i) {
            Some(p) if baseline[p].phase == b.phase => moved[p],
            Some(p) => phase_moved.get(baseline[p].phase.as_str()).copied().flatten(),
            None => None,
        };
        let start = (b.start + by.unwrap_or(0)).max(b.opening);
        began[i] = ended[i].map_or(start, |end| start.min(end));
        moved[i] = ended[i].map(|end| {
            let free = crate::scheduler::free_after(
                end - began[i],
                b.cautious_end - b.expected_end,
                b.cautious_end - b.start,
            );
            began[i] + free - b.cautious_end
        });
        let entry = phase_moved.entry(b.phase.as_str()).or_insert(Some(i64::MIN));
        *entry = entry.zip(moved[i]).map(|(a, m)| a.max(m));
    }
    began
}

/// Where an install stands, for the views.
fn status_of(install: Install, halted: bool) -> HostStatus {
    match install {
        Install::Pending if halted => HostStatus::Held,
        Install::Failed if halted => HostStatus::Held,
        Install::Pending => HostStatus::Planned,
        Install::Failed => HostStatus::Retrying,
        Install::Running(_) => HostStatus::Running,
        Install::Done(..) => HostStatus::Done,
        Install::GivenUp(_) => HostStatus::GivenUp,
        Install::Skipped(_) => HostStatus::Skipped,
    }
}

/// The index of a work's install in the per-host arrays.
fn slot(work: Work) -> usize {
    match work {
        Work::Prerequisite => 0,
        Work::Hotfix => 1,
    }
}

/// The timing model refitted to done batches `runs` (hosts, actual, expected and cautious
/// minutes), with the planner's own measured runs: a line through them when they have two
/// sizes or more, else the model scaled by the median of actual over expected.
fn refit(model: &TimingModel, calibration: &[TimingPoint], runs: &[(u32, i64, i64, i64)]) -> TimingModel {
    let points: Vec<TimingPoint> = (calibration.iter().copied())
        .chain(runs.iter().map(|&(hosts, actual, _, _)| TimingPoint { hosts, minutes: actual.max(1) as f64 }))
        .collect();
    let sizes: HashSet<u32> = points.iter().map(|p| p.hosts).collect();
    if sizes.len() >= 2 {
        if let Ok(fitted) = TimingModel::fit(&points) {
            return fitted;
        }
    }
    let mut ratios: Vec<f64> = runs
        .iter()
        .filter(|r| r.2 > 0)
        .map(|&(_, actual, expected, _)| actual as f64 / expected as f64)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let scale = ratios.get(ratios.len() / 2).copied().unwrap_or(1.0);
    TimingModel {
        overhead_minutes: model.overhead_minutes * scale,
        per_host_minutes: model.per_host_minutes * scale,
        ..model.clone()
    }
}

/// Baseline batch `b` as a batch of a schedule, of `hosts` hosts at `host`'s site and
/// edition, in its planned opening (as far as the record tells it).
fn as_batch(b: &Planned, phase: u16, host: &Host, hosts: u32, state: BatchState) -> Batch {
    Batch {
        phase,
        console: b.console,
        window: 0,
        window_start: b.opening,
        window_end: b.cautious_end,
        reserve: 0,
        site: host.site,
        edition: host.edition,
        work: b.work,
        start: b.start,
        expected_end: b.expected_end,
        cautious_end: b.cautious_end,
        first: 0,
        hosts,
        extrapolated: false,
        state,
    }
}

/// Adds `batch` of `hosts` to `s`, each host's install pointing to it.
fn push(s: &mut Schedule, mut batch: Batch, hosts: &[u32]) {
    batch.first = s.batch_hosts.len() as u32;
    let index = s.batches.len() as u32;
    let of = match batch.work {
        Work::Hotfix => &mut s.hotfix_batch,
        Work::Prerequisite => &mut s.prerequisite_batch,
    };
    for &h in hosts {
        of[h as usize] = index;
    }
    s.batch_hosts.extend_from_slice(hosts);
    s.batches.push(batch);
}

/// The approved plan as a schedule of the current fleet.
fn baseline_schedule(record: &Record, expanded: &ExpandedFleet, phase_of: &[Vec<u16>; 2]) -> Schedule {
    let n = expanded.hosts.len();
    let mut s = Schedule {
        hotfix_batch: vec![NO_BATCH; n],
        prerequisite_batch: vec![NO_BATCH; n],
        ..Schedule::default()
    };
    for b in &record.baseline {
        let Some(&first_host) = b.hosts.first() else { continue };
        let phase = phase_of[slot(b.work)][first_host as usize].min(u16::MAX - 1);
        let host = &expanded.hosts[first_host as usize];
        push(&mut s, as_batch(b, phase, host, b.hosts.len() as u32, BatchState::Planned), &b.hosts);
    }
    s
}

/// The approved plan's figures: `baseline` measured as a plan of its own (phases by the
/// plan's, hosts new since approval not counted).
pub(super) fn approved(
    plan: &super::Plan,
    baseline: &Schedule,
    targets: &[crate::target::Resolved],
) -> Approved {
    let measured = super::targets::Measured {
        schedule: baseline,
        expanded: &plan.expanded,
        phases: &plan.phases,
        advisory: &plan.advisory,
        start: plan.summary.start,
        tracking: None,
    };
    let ends =
        |k: usize| baseline.batches.iter().filter(|b| b.phase as usize == k).map(|b| b.cautious_end).max();
    let internet_facing = (plan.expanded.hosts.iter().enumerate())
        .filter(|(_, h)| h.internet_facing)
        .filter_map(|(h, _)| baseline.batches.get(baseline.hotfix_batch[h] as usize))
        .map(|b| b.expected_end)
        .max();
    Approved {
        cautious_end: baseline.batches.iter().map(|b| b.cautious_end).max().unwrap_or(plan.summary.start),
        internet_facing,
        phases: (0..plan.phases.len()).map(ends).collect(),
        targets: targets.iter().map(|t| t.measure(&measured)).collect(),
        exposure: super::exposure_curve(&plan.expanded, baseline),
    }
}

impl super::Plan {
    /// This plan approved at `approved` as the baseline of a rollout, with the status time
    /// `now` and nothing recorded yet. Times are written with the offset of the batch's
    /// site (the approval's and the status time's with the start's zone, `zone`).
    pub fn approve(
        &self,
        approved: i64,
        now: i64,
        zone: &crate::time_zone::Zone,
    ) -> crate::progress::Progress {
        use crate::civil::Instant;
        let zones: Vec<crate::time_zone::Zone> = (self.expanded.sites.iter())
            .map(|s| crate::time_zone::zone(&s.time_zone).unwrap_or_else(|_| crate::time_zone::Zone::utc()))
            .collect();
        let at = |t: i64, z: &crate::time_zone::Zone| Instant(t).with_offset(z.offset_minutes(t));
        let baseline = (self.schedule.batches.iter().enumerate())
            .map(|(i, b)| {
                let z = &zones[b.site as usize];
                crate::progress::BaselineBatch {
                    phase: self.phases[b.phase as usize].name.clone(),
                    site: self.expanded.sites[b.site as usize].name.clone(),
                    work: b.work,
                    console: b.console + 1,
                    opening: at(b.window_start, z),
                    start: at(b.start, z),
                    expected_end: at(b.expected_end, z),
                    cautious_end: at(b.cautious_end, z),
                    hosts: self.batch_hosts(i).iter().map(|&h| self.host_name(h as usize)).collect(),
                }
            })
            .collect();
        crate::progress::Progress {
            approved: at(approved, zone),
            baseline,
            now: at(now, zone),
            events: Vec::new(),
        }
    }

    /// Where a rollout in progress stands, in a sentence or two: how many hosts are done,
    /// running, to be retried, out and to go; a halted phase, and what resumes it. `None`
    /// for a plan with no progress.
    pub fn progress_text(&self, lang: crate::i18n::Lang) -> Option<String> {
        use crate::i18n::{Count, Lang};
        let t = self.tracking.as_ref()?;
        let c = &t.counts;
        let total = Count(c.done + c.running + c.remaining + c.given_up + c.skipped);
        let mut parts = vec![match lang {
            Lang::En => format!("Rollout in progress: {} of {total} hosts done", Count(c.done)),
            Lang::Ja => format!("展開中: {total}台中{}台完了", Count(c.done)),
        }];
        for (n, en, ja) in [
            (c.running, "running", "実行中"),
            (c.retrying, "to be retried", "再試行待ち"),
            (c.given_up, "given up", "断念"),
            (c.skipped, "skipped", "対象外"),
        ] {
            if n > 0 {
                parts.push(match lang {
                    Lang::En => format!("{} {en}", Count(n)),
                    Lang::Ja => format!("{ja}{}台", Count(n)),
                });
            }
        }
        let to_go = c.remaining - c.retrying;
        let mut text = match lang {
            Lang::En => format!("{}; {} to go.", parts.join(", "), Count(to_go)),
            Lang::Ja => format!("{}、残り{}台。", parts.join("、"), Count(to_go)),
        };
        for halt in &t.halts {
            let name = &self.phases[halt.phase as usize].name;
            let (failed, hosts, threshold) = (halt.failed, halt.hosts, halt.threshold_percent);
            text.push(' ');
            text.push_str(&match lang {
                Lang::En => format!(
                    "Phase “{name}” is halted: {failed} of its {hosts} hosts failed (its threshold is {threshold} %);                      it and the phases after it are not planned until you record that it may resume."
                ),
                Lang::Ja => format!(
                    "フェーズ「{name}」は停止中: {hosts}台中{failed}台が失敗しました（しきい値{threshold}%）。                     再開を記録するまで、このフェーズと以降のフェーズは計画されません。"
                ),
            });
        }
        Some(text)
    }

    /// Phase `k`'s approved cautious end and how far its forecast is from it (minutes,
    /// positive: later), in a rollout in progress where both plans have batches in it.
    pub fn phase_variance(&self, k: usize) -> Option<(i64, i64)> {
        let approved = self.tracking.as_ref()?.approved_plan.phases.get(k).copied().flatten()?;
        let p = self.phase_summaries.get(k).filter(|p| p.batches > 0)?;
        Some((approved, p.cautious_end - approved))
    }

    /// Target `i`'s approved time and how far its forecast is from it (minutes, positive:
    /// later), in a rollout in progress where both have one.
    pub fn target_variance(&self, i: usize) -> Option<(i64, i64)> {
        let approved = self.tracking.as_ref()?.approved_plan.targets.get(i)?.reached?;
        Some((approved, self.targets.get(i)?.outcome.reached? - approved))
    }

    /// The approved plan's batch that batch `i` of this plan is, unchanged (the same
    /// hosts, the same install), in a rollout in progress.
    pub fn approved_batch(&self, i: usize) -> Option<usize> {
        let t = self.tracking.as_ref()?;
        let b = self.schedule.batches.get(i)?;
        let hosts = self.batch_hosts(i);
        let of = |h: u32| match b.work {
            Work::Hotfix => t.baseline.hotfix_batch[h as usize],
            Work::Prerequisite => t.baseline.prerequisite_batch[h as usize],
        };
        let j = of(*hosts.first()?);
        let same = j != NO_BATCH
            && t.baseline.batches[j as usize].hosts == b.hosts
            && hosts.iter().all(|&h| of(h) == j);
        same.then_some(j as usize)
    }

    /// Where batch `i` stands in a rollout in progress, and how its start compares with
    /// the approved plan's (minutes later; `None` for a batch not in the approved plan as
    /// it is: a retry, or hosts planned again in other batches).
    pub fn batch_standing(&self, i: usize) -> Option<(BatchState, Option<i64>)> {
        let t = self.tracking.as_ref()?;
        let b = &self.schedule.batches[i];
        let moved = self.approved_batch(i).map(|j| b.start - t.baseline.batches[j].start);
        Some((b.state, moved))
    }

    /// Where batch `i` stands in a rollout in progress, in words, with a one-word kind
    /// (`done`, `running`, `planned`, `late`, `replanned`): done, running, as approved,
    /// moved (how far), or replanned (not a batch of the approved plan as it was).
    pub fn batch_status(&self, i: usize, lang: crate::i18n::Lang) -> Option<(&'static str, String)> {
        let (state, moved) = self.batch_standing(i)?;
        Some(match (state, moved) {
            (BatchState::Done, _) => ("done", lang.pick("done", "完了").into()),
            (BatchState::Running, _) => ("running", lang.pick("running", "実行中").into()),
            (BatchState::Planned, Some(0)) => ("planned", lang.pick("as approved", "承認どおり").into()),
            (BatchState::Planned, Some(minutes)) => ("late", Self::variance_text(minutes, lang)),
            (BatchState::Planned, None) => ("replanned", lang.pick("replanned", "再計画").into()),
        })
    }

    /// The events that record batch `i` of this plan ended with `status` at `at`, `failed`
    /// of its hosts (its last ones) having failed: one event for a batch of the approved
    /// plan, else one for each of its hosts. Times are written on the site's wall clock.
    pub fn mark_batch(&self, i: usize, status: Status, at: i64, failed: u32) -> Vec<crate::progress::Event> {
        use crate::progress::Event;
        let b = &self.schedule.batches[i];
        let zone = crate::time_zone::zone(&self.expanded.sites[b.site as usize].time_zone)
            .unwrap_or_else(|_| crate::time_zone::Zone::utc());
        let when = crate::civil::Instant(at).with_offset(zone.offset_minutes(at));
        let failed = if status == Status::Done { failed.min(b.hosts) } else { 0 };
        if let Some(j) = self.approved_batch(i) {
            return vec![Event {
                at: when,
                batch: Some(j as u32 + 1),
                status: Some(status),
                failed_hosts: (failed > 0).then_some(failed),
                ..Event::default()
            }];
        }
        let hosts = self.batch_hosts(i);
        let ok = hosts.len() - failed as usize;
        (hosts.iter().enumerate())
            .map(|(k, &h)| Event {
                at: when.clone(),
                host: Some(self.host_name(h as usize)),
                work: (b.work == Work::Prerequisite).then_some(Work::Prerequisite),
                status: Some(if k < ok { status } else { Status::Failed }),
                ..Event::default()
            })
            .collect()
    }

    /// The window openings batches still planned are in, in time order: (site, when it
    /// opens, how many batches). What a planner can mark lost.
    pub fn planned_openings(&self) -> Vec<(u16, i64, u32)> {
        let mut openings: BTreeMap<(i64, u16), u32> = BTreeMap::new();
        for b in self.schedule.batches.iter().filter(|b| b.state == BatchState::Planned) {
            *openings.entry((b.window_start, b.site)).or_default() += 1;
        }
        openings.into_iter().map(|((start, site), n)| (site, start, n)).collect()
    }

    /// The event that records the opening at `site` beginning at `start` lost, at the
    /// status time.
    pub fn mark_lost(&self, site: u16, start: i64) -> Option<crate::progress::Event> {
        let now = self.tracking.as_ref()?.now;
        let site = self.expanded.sites.get(site as usize)?;
        let zone = crate::time_zone::zone(&site.time_zone).ok()?;
        Some(crate::progress::Event {
            at: crate::civil::Instant(now).with_offset(zone.offset_minutes(now)),
            lost_opening: Some(crate::progress::LostOpening {
                site: site.name.clone(),
                start: crate::civil::DateTime(zone.to_local(start)).to_string().replacen(" ", "T", 1),
            }),
            ..Default::default()
        })
    }

    /// The event that records phase `k`, halted by its failures, resumed at the status time.
    pub fn mark_resumed(&self, k: usize) -> Option<crate::progress::Event> {
        let now = self.tracking.as_ref()?.now;
        Some(crate::progress::Event {
            at: crate::civil::Instant(now).with_offset(0),
            resume: Some(self.phases.get(k)?.name.clone()),
            ..Default::default()
        })
    }

    /// `minutes` of variance in words: "4 h later than approved", "as approved".
    pub fn variance_text(minutes: i64, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{duration, Lang};
        match (minutes.signum(), lang) {
            (0, Lang::En) => "as approved".into(),
            (0, Lang::Ja) => "承認どおり".into(),
            (1, Lang::En) => format!("{} later than approved", duration(minutes, lang)),
            (1, Lang::Ja) => format!("承認より{}遅れ", duration(minutes, lang)),
            (_, Lang::En) => format!("{} earlier than approved", duration(-minutes, lang)),
            (_, Lang::Ja) => format!("承認より{}早い", duration(-minutes, lang)),
        }
    }

    /// Host `h`'s name.
    pub fn host_name(&self, h: usize) -> String {
        let host = &self.expanded.hosts[h];
        self.fleet.groups[host.group as usize].host_name(host.ordinal)
    }
}

#[cfg(test)]
mod tests {
    use crate::civil::Instant;
    use crate::plan::Plan;
    use crate::progress::{Event, Status};
    use crate::scenario::Scenario;
    use crate::scheduler::BatchState;

    /// The scenario with its plan approved and every batch that ended by `now` recorded
    /// done at its cautious end, as planned.
    fn as_planned(s: &Scenario, plan: &Plan, now: i64) -> Scenario {
        let zone = crate::time_zone::zone(&s.start_time_zone).unwrap();
        let mut progress = plan.approve(plan.summary.start, now, &zone);
        progress.events = (plan.schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.cautious_end <= now)
            .map(|(i, b)| Event {
                at: Instant(b.cautious_end).with_offset(0),
                batch: Some(i as u32 + 1),
                status: Some(Status::Done),
                ..Event::default()
            })
            .collect();
        let mut s = s.clone();
        s.progress = Some(progress);
        s.settle_version();
        s
    }

    #[test]
    fn a_rollout_that_went_as_planned_is_planned_on_as_approved() {
        let s = Scenario::sample();
        let plan = Plan::make(&s).unwrap();
        let batches = &plan.schedule.batches;
        // Status times across the rollout: before it, inside batches, between openings.
        let mut times: Vec<i64> =
            batches.iter().flat_map(|b| [b.start - 1, b.start + 1, b.cautious_end]).collect();
        times.push(plan.summary.cautious_end + 60);
        for now in times {
            let tracked = Plan::make(&as_planned(&s, &plan, now)).unwrap_or_else(|e| panic!("{e}"));
            // A batch as the two plans are compared: when, where, on which console, what.
            let seen = |plan: &Plan, i: usize| {
                let b = &plan.schedule.batches[i];
                (b.start, b.cautious_end, b.site, b.console, b.phase, b.work, plan.batch_hosts(i).to_vec())
            };
            let to_come: Vec<_> = (0..tracked.schedule.batches.len())
                .filter(|&i| tracked.schedule.batches[i].state == BatchState::Planned)
                .map(|i| seen(&tracked, i))
                .collect();
            let planned: Vec<_> =
                (0..batches.len()).filter(|&i| batches[i].start >= now).map(|i| seen(&plan, i)).collect();
            assert_eq!(to_come, planned, "status time {now}");
            let t = tracked.tracking.as_ref().unwrap();
            assert_eq!(t.counts.done + t.counts.running + t.counts.remaining, 298);
            assert_eq!(tracked.summary.cautious_end, plan.summary.cautious_end, "status time {now}");
        }
    }
}
