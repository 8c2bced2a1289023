//! The plan: phases → batches → hosts, with its summary, exposure curve and warnings.
//!
//! [`Plan::make`] checks a scenario, schedules it and measures the result. Every figure a
//! planner reads (durations, exposure area, downtime, warnings) is computed here once, so
//! the page, the exports and the command line agree.

use serde::Serialize;
use thiserror::Error;

use crate::advisory::Advisory;
use crate::bottleneck::{self, Held, Made};
use crate::civil::Date;
use crate::fleet::{ExpandedFleet, Fleet, Unaffected};
use crate::i18n::{Count, Lang, Localized};
use crate::maintenance_window::{joined_within_a_year, Blackouts, Overlap, Window};
use crate::phase::{halt_probability, Phase, Role, Selector};
use crate::risk::{recommend, Recommendation};
use crate::scenario::{Checked, Problem, Scenario};
use crate::scheduler::{Inputs, Schedule, ScheduleError, Scheduler, Stages, Work, NO_BATCH};
use crate::target::Resolved;

mod backout;
pub mod sheet;
mod targets;
pub mod track;

use targets::Measured;

use crate::timing::TimingModel;
pub(crate) use targets::Covered;
pub use targets::Outcome;

/// Why no plan came out.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum PlanError {
    /// The scenario has invalid fields; each problem names its field.
    #[error("the scenario has {} problem(s): {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    /// The scenario is valid but cannot be scheduled.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

/// One point of the exposure curve: from `at` on, `remaining` weight is unpatched.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ExposurePoint {
    pub at: i64,
    pub remaining: f64,
}

/// How a phase went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseSummary {
    pub name: String,
    pub hosts: u32,
    pub batches: u32,
    pub start: i64,
    pub expected_end: i64,
    pub cautious_end: i64,
    pub soak_hours: f64,
    /// Chance that failures pass the phase's threshold (when a failure rate is set).
    pub halt_probability: Option<f64>,
    /// What holds the phase back (see [`crate::bottleneck`]); `None` for a phase with no
    /// batches, and in the capacity solver's plans, which do not ask.
    pub held_by: Option<Held>,
}

/// Something the planner should know before the rollout.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Hosts lacking a prerequisite: installing the hotfix on them first would abort.
    MissingPrerequisite { prerequisite: String, hosts: Count },
    /// Packages of different editions share a file name: mixing them up is easy.
    SameNamedPackages { file_name: String, editions: Vec<String>, versions: Vec<String>, hosts: Count },
    /// Every patched host restarts.
    Reboots { hosts: Count },
    /// Service (mail) stops while each host installs.
    Downtime { site: String, hosts: Count, minutes: f64 },
    /// Windows Update and SUS cannot deliver the hotfix.
    ManualDelivery,
    /// Hosts of editions the advisory does not affect, left out of the plan.
    Unaffected { edition: String, hosts: Count },
    /// Batches sized outside the measured runs: their times are extrapolated.
    Extrapolated { batches: u64 },
    /// A phase whose failure threshold is likely to pause the rollout.
    LikelyHalt { phase: String, probability: f64 },
    /// Two windows are open at once at a site: their openings are used as one.
    WindowsJoined(Overlap),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingPrerequisite { prerequisite, hosts } => write!(
                f,
                "{hosts} hosts lack {prerequisite}: the hotfix installer would stop on them, so the plan installs \
                 {prerequisite} first."
            ),
            Self::SameNamedPackages { file_name, editions, versions, hosts } => write!(
                f,
                "{file_name} is the name of {} packages ({}), versions {}; {hosts} hosts need one of them: check each \
                 host's version in the plan.",
                editions.len(),
                editions.join(", "),
                versions.join(" / ")
            ),
            Self::Reboots { hosts } => write!(f, "{hosts} hosts restart after the install."),
            Self::Downtime { site, hosts, minutes } => {
                let minutes = Count(minutes.round() as u64);
                write!(f, "Site {site}: mail stops for about {minutes} host-minutes in all ({hosts} hosts).")
            }
            Self::ManualDelivery => write!(
                f,
                "Windows Update and SUS cannot deliver this hotfix: apply it by hand or with a patch-management tool."
            ),
            Self::Unaffected { edition, hosts } => {
                write!(f, "{hosts} hosts run {edition}, which this advisory does not affect: left out of the plan.")
            }
            Self::Extrapolated { batches } => {
                write!(f, "{batches} batches hold more or fewer hosts than the measured runs: their times are extrapolated.")
            }
            Self::LikelyHalt { phase, probability } => write!(
                f,
                "Phase {phase}: {:.0} % chance that failures pass its threshold and pause the rollout.",
                probability * 100.0
            ),
            Self::WindowsJoined(Overlap { first, second, date, site }) => write!(
                f,
                "Site {site}: windows \"{first}\" and \"{second}\" are open at the same time (first on {date}); \
                 the plan uses them as one longer opening, as Configuration Manager does."
            ),
        }
    }
}

impl Localized for Warning {
    fn ja(&self) -> String {
        match self {
            Self::MissingPrerequisite { prerequisite, hosts } => format!(
                "{hosts}台に{prerequisite}が入っていません。修正プログラムのインストーラーが止まるため、先に{prerequisite}を適用する計画にしています。"
            ),
            Self::SameNamedPackages { file_name, editions, versions, hosts } => format!(
                "{file_name} は{}つのパッケージ（{}）に共通の名前で、バージョンは {} です。{hosts}台がどちらかを必要とします: 計画にある各ホストのバージョンを確認してください。",
                editions.len(),
                editions.join("、"),
                versions.join(" / ")
            ),
            Self::Reboots { hosts } => format!("{hosts}台がインストール後に再起動します。"),
            Self::Downtime { site, hosts, minutes } => {
                let minutes = Count(minutes.round() as u64);
                format!("サイト {site}: メール停止は合計で約{minutes}台・分です（{hosts}台）。")
            }
            Self::ManualDelivery => {
                "Windows Update と SUS ではこの修正プログラムを配布できません: 手動かパッチ管理ツールで適用してください。".into()
            }
            Self::Unaffected { edition, hosts } => {
                format!("{hosts}台は {edition} で、このアドバイザリの影響を受けません: 計画から除外しました。")
            }
            Self::Extrapolated { batches } => {
                format!("{batches}件のバッチは実測の範囲外の台数です: 所要時間は外挿です。")
            }
            Self::LikelyHalt { phase, probability } => format!(
                "フェーズ {phase}: 失敗がしきい値を超えてロールアウトが止まる確率は{:.0}%です。",
                probability * 100.0
            ),
            Self::WindowsJoined(Overlap { first, second, date, site }) => format!(
                "サイト {site}: ウィンドウ「{first}」と「{second}」は同時に開いています（最初は{date}）。Configuration Manager と同じく、\
                 つながった1つの長い時間枠として計画しています。"
            ),
        }
    }
}

/// The figures a planner compares plans by. Times are minutes since the Unix epoch (UTC).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub hosts: u64,
    pub batches: u64,
    pub start: i64,
    pub expected_end: i64,
    pub cautious_end: i64,
    pub expected_minutes: i64,
    pub cautious_minutes: i64,
    /// Distinct window openings used, over all sites.
    pub windows_used: u64,
    /// Weighted host-hours exposed: the area under the exposure curve.
    pub exposure_area: f64,
    /// When the last internet-facing host is patched (expected), if any.
    pub internet_facing_patched: Option<i64>,
    /// When 50, 90 and 100 % of the exposure weight is removed (expected).
    pub risk_removed_50: Option<i64>,
    pub risk_removed_90: Option<i64>,
    pub risk_removed_100: Option<i64>,
    pub downtime_minutes: f64,
    pub unaffected: Vec<Unaffected>,
}

/// A complete plan.
#[derive(Clone, Debug)]
pub struct Plan {
    pub advisory: Advisory,
    pub fleet: Fleet,
    pub expanded: ExpandedFleet,
    pub windows: Vec<Window>,
    /// The blackout dates of each site.
    pub blackouts: Blackouts,
    pub phases: Vec<Phase>,
    pub hotfix_model: TimingModel,
    pub prerequisite_model: TimingModel,
    pub caution: f64,
    pub schedule: Schedule,
    pub phase_summaries: Vec<PhaseSummary>,
    pub summary: Summary,
    pub exposure: Vec<ExposurePoint>,
    pub recommendation: Recommendation,
    pub warnings: Vec<Warning>,
    /// How the plan stands against each of the scenario's completion targets.
    pub targets: Vec<TargetReport>,
    /// A rollout in progress: how it stands against its approved plan.
    pub tracking: Option<track::Tracking>,
}

/// What the capacity solver reads of a plan (see [`Plan::measured`]).
pub(crate) struct Measurement {
    pub outcomes: Vec<Outcome>,
    pub exposure_area: f64,
    pub cautious_end: i64,
    pub consoles_used: u32,
}

/// One completion target and how the plan stands against it.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetReport {
    pub target: Resolved,
    pub outcome: Outcome,
}

impl Plan {
    /// Checks and schedules a scenario.
    pub fn make(scenario: &Scenario) -> Result<Self, PlanError> {
        Self::make_in(scenario, Lang::En)
    }

    /// [`Plan::make`] with messages, reasons and generated phase names in `lang`.
    pub fn make_in(scenario: &Scenario, lang: Lang) -> Result<Self, PlanError> {
        let checked = scenario.check_in(lang).map_err(PlanError::Invalid)?;
        Self::scheduled(scenario, checked, scenario.capacity.consoles, lang, true)
    }

    /// [`Plan::make_in`] without asking what holds each phase back (four plans fewer):
    /// for plans made only to be compared.
    pub fn make_unexplained(scenario: &Scenario, lang: Lang) -> Result<Self, PlanError> {
        let checked = scenario.check_in(lang).map_err(PlanError::Invalid)?;
        Self::scheduled(scenario, checked, scenario.capacity.consoles, lang, false)
    }

    /// Schedules a scenario already checked (`checked` is `scenario.check_in(lang)`),
    /// with `consoles` in place of the scenario's own: what the capacity solver varies.
    /// What holds each phase back is not asked.
    pub fn from_checked(
        scenario: &Scenario,
        checked: Checked,
        consoles: u32,
        lang: Lang,
    ) -> Result<Self, PlanError> {
        Self::scheduled(scenario, checked, consoles, lang, false)
    }

    /// Schedules a checked scenario with `consoles`; with `explain`, asks what holds each
    /// phase back.
    fn scheduled(
        scenario: &Scenario,
        checked: Checked,
        consoles: u32,
        lang: Lang,
        explain: bool,
    ) -> Result<Self, PlanError> {
        let (phases, _, stages) = staged(scenario, &checked, lang);
        // A rollout in progress: what happened, and the rest planned again from its status
        // time (what holds each phase back is not asked of it).
        let tracked = match &checked.progress {
            Some(record) => Some(track::track(scenario, &checked, &phases, &stages, record)?),
            None => None,
        };
        let (schedule, runs, held, tracking, models) = match tracked {
            Some(t) => {
                let none = vec![None; t.runs.len()];
                (t.schedule, t.runs, none, Some(t.tracking), Some((t.hotfix_model, t.prerequisite_model)))
            }
            None => {
                let inputs = inputs_of(scenario, &checked, consoles);
                let mut scheduler = Scheduler::new(&inputs, &checked.expanded)?;
                let runs = scheduler.run_phases(&phases, &stages, checked.start, true)?;
                let schedule = scheduler.finish();
                let held = match explain {
                    true => bottleneck::held_by(&Made {
                        inputs: &inputs,
                        expanded: &checked.expanded,
                        phases: &phases,
                        stages: &stages,
                        runs: &runs,
                        schedule: &schedule,
                    }),
                    false => vec![None; runs.len()],
                };
                (schedule, runs, held, None, None)
            }
        };
        let expanded = checked.expanded;
        let failure_rate = scenario.capacity.failure_rate_percent.map(|p| p / 100.0);
        let phase_summaries: Vec<PhaseSummary> = phases
            .iter()
            .zip(runs)
            .zip(held)
            .map(|((phase, run), held_by)| PhaseSummary {
                halt_probability: match (failure_rate, phase.failure_threshold_percent) {
                    (Some(rate), Some(threshold)) if phase.selector != Selector::Prerequisite => {
                        Some(halt_probability(run.hosts, rate, threshold))
                    }
                    _ => None,
                },
                name: phase.name.clone(),
                hosts: run.hosts,
                batches: run.batches,
                start: run.start,
                expected_end: run.expected_end,
                cautious_end: run.cautious_end,
                soak_hours: phase.soak_hours,
                held_by,
            })
            .collect();
        let exposure = exposure_curve(&expanded, &schedule);
        let summary = summarise(checked.start, &checked.advisory, &expanded, &schedule, &exposure);
        let recommendation = recommend(&checked.advisory, Some(expanded.exposure()), lang);
        let mut warnings = warnings(&checked.advisory, &expanded, &schedule, &phase_summaries);
        warnings.extend(joined_windows(&scenario.windows, &expanded, &checked.blackouts, checked.start));
        let mut plan = Plan {
            advisory: checked.advisory,
            fleet: scenario.fleet.clone(),
            expanded,
            windows: scenario.windows.clone(),
            blackouts: checked.blackouts.clone(),
            phases,
            hotfix_model: models.as_ref().map_or(checked.hotfix_model.clone(), |m| m.0.clone()),
            prerequisite_model: models.map_or(checked.prerequisite_model, |m| m.1),
            caution: scenario.capacity.caution,
            schedule,
            phase_summaries,
            summary,
            exposure,
            recommendation,
            warnings,
            targets: Vec::new(),
            tracking,
        };
        if let Some(t) = &plan.tracking {
            let approved = track::approved(&plan, &t.baseline, &checked.targets);
            plan.tracking.as_mut().expect("tracked").approved_plan = approved;
        }
        plan.targets = checked
            .targets
            .into_iter()
            .map(|target| TargetReport { outcome: target.evaluate(&plan), target })
            .collect();
        Ok(plan)
    }

    /// What the capacity solver reads of the plan with `consoles`: the targets' outcomes,
    /// the exposure area, the cautious end and the consoles used; nothing else is worked
    /// out. `checked` is `scenario.check_in(lang)`, and `phases` and `stages` what
    /// [`phases_with_hosts`] and [`Stages::new`] make of it: the solver works them out once
    /// for every count.
    pub(crate) fn measured(
        scenario: &Scenario,
        checked: &Checked,
        phases: &[Phase],
        stages: &Stages,
        consoles: u32,
    ) -> Result<Measurement, PlanError> {
        let inputs = inputs_of(scenario, checked, consoles);
        let mut scheduler = Scheduler::new(&inputs, &checked.expanded)?;
        scheduler.run_phases(phases, stages, checked.start, true)?;
        let schedule = scheduler.finish();
        let measured = Measured {
            schedule: &schedule,
            expanded: &checked.expanded,
            phases,
            advisory: &checked.advisory,
            start: checked.start,
            tracking: None,
        };
        let outcomes = checked.targets.iter().map(|t| t.measure(&measured)).collect();
        let exposure = exposure_curve(&checked.expanded, &schedule);
        Ok(Measurement {
            outcomes,
            exposure_area: exposure_area(checked.start, &exposure),
            cautious_end: schedule.batches.iter().map(|b| b.cautious_end).max().unwrap_or(checked.start),
            consoles_used: schedule.batches.iter().map(|b| u32::from(b.console) + 1).max().unwrap_or(0),
        })
    }

    /// How many consoles the plan put to work. Fewer than it had means no batch ever waited
    /// for a console: more consoles would plan the same.
    pub fn consoles_used(&self) -> u32 {
        self.schedule.batches.iter().map(|b| u32::from(b.console) + 1).max().unwrap_or(0)
    }

    /// Whether host `h` matches a planner's filter: its name, site or phase containing
    /// `query` (ignoring ASCII case), or `query` being the number of its hotfix batch (as the
    /// batches table numbers them, from 1). An empty query matches every host.
    pub fn host_matches(&self, h: usize, query: &str) -> bool {
        let query = query.trim();
        if query.is_empty() {
            return true;
        }
        let host = &self.expanded.hosts[h];
        let batch = self.schedule.hotfix_batch[h];
        let batch_number = query.trim_start_matches('#').parse::<u64>().ok();
        if batch != NO_BATCH && batch_number.is_some_and(|n| n == u64::from(batch) + 1) {
            return true;
        }
        // Host names are ASCII (RFC 1123), and so are most site and phase names: ASCII case
        // folding finds them. (Full Unicode folding would cost the page 8 KiB gzip for
        // names such as "MÜNCHEN".)
        let query = query.to_ascii_lowercase();
        let has = |text: &str| text.to_ascii_lowercase().contains(&query);
        let group = &self.fleet.groups[host.group as usize];
        has(&group.host_name(host.ordinal))
            || has(&self.expanded.sites[host.site as usize].name)
            || self.host_phase(h).is_some_and(|k| has(&self.phases[k].name))
    }

    /// The phase of host `h`'s hotfix (none for a host a rollout in progress has no batch
    /// for and no phase: not in any).
    pub fn host_phase(&self, h: usize) -> Option<usize> {
        match &self.tracking {
            Some(t) => Some(t.hotfix_phase[h] as usize).filter(|&k| k < self.phases.len()),
            None => Some(self.schedule.batches[self.schedule.hotfix_batch[h] as usize].phase as usize),
        }
    }

    /// The hosts of batch `index`.
    pub fn batch_hosts(&self, index: usize) -> &[u32] {
        self.schedule.hosts_of(index)
    }

    /// Per availability set, the most of its hosts in batches running at one moment (a batch
    /// runs from its start to its cautious end), counted at the moments a planned batch of the
    /// set runs: in a rollout in progress, what happened is as it was recorded.
    pub fn most_down_at_once(&self) -> Vec<u32> {
        use crate::scheduler::BatchState;
        let sets = &self.expanded.sets;
        if sets.is_empty() {
            return Vec::new();
        }
        // Per set: (time, ends before starts, hosts, planned).
        let mut events: Vec<Vec<(i64, bool, u32, bool)>> = vec![Vec::new(); sets.names.len()];
        // (A rollout's batch may be recorded as ending when it began, or before: nothing down.)
        for (i, b) in self.schedule.batches.iter().enumerate().filter(|(_, b)| b.cautious_end > b.start) {
            let planned = b.state == BatchState::Planned;
            for (set, n) in sets.count(self.batch_hosts(i)) {
                events[set as usize].push((b.start, true, n, planned));
                events[set as usize].push((b.cautious_end, false, n, planned));
            }
        }
        events
            .into_iter()
            .map(|mut list| {
                list.sort_unstable_by_key(|&(t, starts, _, _)| (t, starts));
                let (mut down, mut planned_down, mut peak) = (0u32, 0u32, 0u32);
                for (_, starts, n, planned) in list {
                    if starts {
                        down += n;
                        planned_down += u32::from(planned);
                        if planned_down > 0 {
                            peak = peak.max(down);
                        }
                    } else {
                        down -= n;
                        planned_down -= u32::from(planned);
                    }
                }
                peak
            })
            .collect()
    }
}

/// What the scheduler plans `scenario` (as `checked`) with: its windows, blackouts,
/// timing models, caution, site limit, start and horizon, and `consoles`.
pub(crate) fn inputs_of<'a>(scenario: &'a Scenario, checked: &'a Checked, consoles: u32) -> Inputs<'a> {
    Inputs {
        windows: &scenario.windows,
        blackouts: &checked.blackouts,
        hotfix: &checked.hotfix_model,
        prerequisite: &checked.prerequisite_model,
        caution: scenario.capacity.caution,
        consoles,
        site_limit: scenario.site_limit,
        set_limits: &checked.expanded.sets.most_down,
        start: checked.start,
        horizon_days: i64::from(scenario.horizon_days),
    }
}

/// The step curve of unpatched exposure weight, one point per hotfix batch end (expected).
pub(crate) fn exposure_curve(expanded: &ExpandedFleet, schedule: &Schedule) -> Vec<ExposurePoint> {
    // In the order batches end, and of two that end together the first scheduled first.
    // (Sorted as (time, number) pairs, as the summary's window openings are: one sort's
    // code in the page for both.)
    let mut ends: Vec<(i64, u64)> = (schedule.batches.iter().enumerate())
        .filter(|(_, b)| b.work == Work::Hotfix)
        .map(|(i, b)| (b.expected_end, i as u64))
        .collect();
    ends.sort_unstable();
    let total: f64 = expanded.hosts.iter().map(|h| f64::from(h.weight)).sum();
    let start = schedule.batches.iter().map(|b| b.start).min().unwrap_or(0);
    let mut remaining = total;
    let mut curve = vec![ExposurePoint { at: start, remaining }];
    for (at, i) in ends {
        let b = &schedule.batches[i as usize];
        let hosts = &schedule.batch_hosts[b.first as usize..(b.first + b.hosts) as usize];
        let weight: f64 = hosts.iter().map(|&h| f64::from(expanded.hosts[h as usize].weight)).sum();
        remaining = (remaining - weight).max(0.0);
        match curve.last_mut() {
            Some(last) if last.at == at => last.remaining = remaining,
            _ => curve.push(ExposurePoint { at, remaining }),
        }
    }
    curve
}

/// The area under the exposure curve, measured from the plan's start, in weight × hours.
fn exposure_area(start: i64, exposure: &[ExposurePoint]) -> f64 {
    let total = exposure.first().map_or(0.0, |p| p.remaining);
    let mut area = 0.0;
    let mut previous = (start, total);
    for p in exposure.iter().skip(1) {
        area += previous.1 * (p.at - previous.0) as f64 / 60.0;
        previous = (p.at, p.remaining);
    }
    area
}

fn summarise(
    start: i64,
    advisory: &Advisory,
    expanded: &ExpandedFleet,
    schedule: &Schedule,
    exposure: &[ExposurePoint],
) -> Summary {
    let batches = &schedule.batches;
    let expected_end = batches.iter().map(|b| b.expected_end).max().unwrap_or(start);
    let cautious_end = batches.iter().map(|b| b.cautious_end).max().unwrap_or(start);
    let mut openings: Vec<(i64, u64)> =
        batches.iter().map(|b| (b.window_start, u64::from(b.site) << 16 | u64::from(b.window))).collect();
    openings.sort_unstable();
    openings.dedup();

    let total = exposure.first().map_or(0.0, |p| p.remaining);
    let area = exposure_area(start, exposure);
    let removed_by = |share: f64| {
        exposure.iter().find(|p| total - p.remaining >= share * total - 1e-9 * total.max(1.0)).map(|p| p.at)
    };
    // (In a rollout, an internet-facing host not planned at all leaves them unsafe.)
    let internet_facing_patched = expanded
        .hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| h.internet_facing)
        .map(|(i, _)| batches.get(schedule.hotfix_batch[i] as usize).map(|b| b.expected_end))
        .collect::<Option<Vec<i64>>>()
        .and_then(|ends| ends.into_iter().max());
    let hosts = expanded.hosts.len() as u64;
    Summary {
        hosts,
        batches: batches.len() as u64,
        start,
        expected_end,
        cautious_end,
        expected_minutes: expected_end - start,
        cautious_minutes: cautious_end - start,
        windows_used: openings.len() as u64,
        exposure_area: area,
        internet_facing_patched,
        risk_removed_50: (total > 0.0).then(|| removed_by(0.5)).flatten(),
        risk_removed_90: (total > 0.0).then(|| removed_by(0.9)).flatten(),
        risk_removed_100: (total > 0.0).then(|| removed_by(1.0)).flatten(),
        downtime_minutes: hosts as f64 * advisory.interruption_minutes_per_host,
        unaffected: expanded.unaffected.clone(),
    }
}

fn warnings(
    advisory: &Advisory,
    expanded: &ExpandedFleet,
    schedule: &Schedule,
    phases: &[PhaseSummary],
) -> Vec<Warning> {
    let hosts = &expanded.hosts;
    let mut out = Vec::new();
    for p in &advisory.prerequisites {
        let editions: Vec<usize> = (0..advisory.editions.len())
            .filter(|&e| advisory.editions[e].prerequisite.as_deref() == Some(p.id.as_str()))
            .collect();
        let lacking =
            hosts.iter().filter(|h| h.needs_prerequisite && editions.contains(&(h.edition as usize))).count();
        if lacking > 0 {
            out.push(Warning::MissingPrerequisite {
                prerequisite: p.id.clone(),
                hosts: Count(lacking as u64),
            });
        }
    }
    for same in advisory.same_named_packages() {
        let ids: Vec<usize> =
            same.iter().map(|e| advisory.editions.iter().position(|x| x.id == e.id).unwrap()).collect();
        let count = hosts.iter().filter(|h| ids.contains(&(h.edition as usize))).count() as u64;
        if count > 0 {
            out.push(Warning::SameNamedPackages {
                file_name: same[0].package.file_name.clone(),
                editions: same.iter().map(|e| e.name.clone()).collect(),
                versions: same.iter().map(|e| e.package.version.clone()).collect(),
                hosts: Count(count),
            });
        }
    }
    if advisory.reboot_required && !hosts.is_empty() {
        out.push(Warning::Reboots { hosts: Count(hosts.len() as u64) });
    }
    if advisory.interruption_minutes_per_host > 0.0 {
        let mut per_site = vec![0u64; expanded.sites.len()];
        for h in hosts {
            per_site[h.site as usize] += 1;
        }
        for (site, &n) in expanded.sites.iter().zip(&per_site) {
            if n > 0 {
                out.push(Warning::Downtime {
                    site: site.name.clone(),
                    hosts: Count(n),
                    minutes: n as f64 * advisory.interruption_minutes_per_host,
                });
            }
        }
    }
    if !advisory.deliverable_by_windows_update {
        out.push(Warning::ManualDelivery);
    }
    for u in &expanded.unaffected {
        out.push(Warning::Unaffected { edition: u.edition.clone(), hosts: Count(u.hosts) });
    }
    let extrapolated = schedule.batches.iter().filter(|b| b.extrapolated).count() as u64;
    if extrapolated > 0 {
        out.push(Warning::Extrapolated { batches: extrapolated });
    }
    for p in phases {
        if let Some(probability) = p.halt_probability.filter(|p| *p >= 0.05) {
            out.push(Warning::LikelyHalt { phase: p.name.clone(), probability });
        }
    }
    out
}

/// For each site whose windows' openings overlap within a year of `start`, the first such
/// overlap (the plan joins them into one opening). Sites that share a zone and the windows
/// that apply to them open alike: each such kind of site is looked at once.
fn joined_windows(
    windows: &[Window],
    expanded: &ExpandedFleet,
    blackouts: &Blackouts,
    start: i64,
) -> Vec<Warning> {
    let mut kinds: Vec<(&str, Vec<bool>, &[Date])> = Vec::new();
    let mut out = Vec::new();
    for site in &expanded.sites {
        let applies: Vec<bool> = windows.iter().map(|w| w.applies_to(&site.name)).collect();
        let kind = (site.time_zone.as_str(), applies, blackouts.at(&site.name));
        if kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        let Ok(tz) = crate::time_zone::zone(&site.time_zone) else { continue };
        if let Some(overlap) = joined_within_a_year(windows, &site.name, tz, blackouts.at(&site.name), start)
        {
            out.push(Warning::WindowsJoined(overlap));
        }
    }
    out
}

/// The phases a checked scenario runs, the hosts each takes ([`phases_with_hosts`]) and
/// their stages' host queues.
pub(crate) fn staged(
    scenario: &Scenario,
    checked: &Checked,
    lang: Lang,
) -> (Vec<Phase>, Vec<Vec<u32>>, Stages) {
    let (phases, hosts) = phases_with_hosts(
        &scenario.fleet,
        &checked.expanded,
        checked.phases.clone(),
        &checked.advisory,
        lang,
    );
    let stages = Stages::new(&checked.expanded, &phases, &hosts);
    (phases, hosts, stages)
}

/// The phases a plan runs and the hosts each takes: the scenario's (checked) phases, and
/// when they leave hosts untaken, a last phase that catches them; generated phases named
/// in `lang`.
pub(crate) fn phases_with_hosts(
    fleet: &Fleet,
    expanded: &ExpandedFleet,
    mut phases: Vec<Phase>,
    advisory: &Advisory,
    lang: Lang,
) -> (Vec<Phase>, Vec<Vec<u32>>) {
    let (mut hosts, taken) = select_hosts(fleet, expanded, &phases);
    let left: Vec<u32> = (0..expanded.hosts.len() as u32).filter(|&h| !taken[h as usize]).collect();
    if !left.is_empty() {
        phases.push(Phase::generated(Role::Remaining, Selector::Rest, 0.0, advisory, lang));
        hosts.push(left);
    }
    for phase in &mut phases {
        phase.name = phase.label(advisory, lang);
    }
    (phases, hosts)
}

/// The hosts each of `phases` takes, in order, from those no earlier phase took; and for
/// each host, whether a phase took it for its hotfix.
pub(crate) fn select_hosts(
    fleet: &Fleet,
    expanded: &ExpandedFleet,
    phases: &[Phase],
) -> (Vec<Vec<u32>>, Vec<bool>) {
    let mut taken = vec![false; expanded.hosts.len()];
    let mut prepared = vec![false; expanded.hosts.len()];
    let hosts = phases.iter().map(|phase| phase.select(fleet, expanded, &mut taken, &mut prepared)).collect();
    (hosts, taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::{AvailabilitySet, SetLimit};
    use crate::i18n::Localized;
    use crate::scheduler::{ScheduleError, SiteLimit, Work};

    /// A blackout range at one site closes that site's windows for its days and leaves
    /// the others open.
    #[test]
    fn a_blackout_range_can_close_one_site() {
        let mut s = Scenario::sample();
        // One phase and no prerequisite wave, so that the sites do not wait for each other.
        s.phases = Some(vec![Phase::new("All", Selector::Rest, 0.0)]);
        for g in &mut s.fleet.groups {
            g.prerequisite_present = g.hosts;
        }
        s.blackouts = vec!["2026-12-07..2026-12-13 @ Tokyo".into()];
        let plan = Plan::make(&s).unwrap();
        let tokyo = plan.expanded.sites.iter().position(|site| site.name == "Tokyo").unwrap() as u16;
        let tz = crate::time_zone::zone("Asia/Tokyo").unwrap();
        let local_day = |at: i64| crate::civil::Date::from_days(tz.to_local(at).div_euclid(24 * 60));
        let first_tokyo =
            plan.schedule.batches.iter().filter(|b| b.site == tokyo).map(|b| b.window_start).min();
        assert!(local_day(first_tokyo.unwrap()) >= "2026-12-14".parse().unwrap());
        assert!(plan
            .schedule
            .batches
            .iter()
            .any(|b| b.site != tokyo && local_day(b.window_start) < "2026-12-13".parse().unwrap()));
        s.blackouts = vec!["2026-12-07..2026-12-13 @ Nowhere".into()];
        let problems = s.check().unwrap_err();
        assert_eq!(
            (problems[0].path.as_str(), problems[0].message.as_str()),
            ("blackouts[0]", "no group is at site \"Nowhere\"")
        );
    }

    /// A monthly patch day on a weeknight overlaps the weeknight window: the two make one
    /// longer opening, with a note, where they once stopped the whole plan.
    #[test]
    fn overlapping_windows_make_one_opening_with_a_note() {
        use crate::maintenance_window::{Day, Nth, Recurrence, Window};
        let mut s = Scenario::sample();
        s.windows.push(Window {
            name: "Patch day".into(),
            recurrence: Recurrence::Month { nth: Nth::Second, day: Day::Tue, offset_days: 1 },
            start: "20:00".into(),
            length_minutes: 4 * 60,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        });
        let plan = Plan::make(&s).expect("overlapping windows plan");
        let notes: Vec<String> = plan.warnings.iter().map(ToString::to_string).collect();
        let joined: Vec<&String> = notes.iter().filter(|n| n.contains("open at the same time")).collect();
        assert_eq!(joined.len(), 2, "one note per site: {notes:?}");
        assert!(
            joined[0].contains("\"Weeknights\" and \"Patch day\"")
                || joined[0].contains("\"Patch day\" and \"Weeknights\""),
            "{}",
            joined[0]
        );
        // The joined opening runs from 20:00 to 03:00: a batch of it may start before 22:00.
        let tokyo = plan.expanded.sites.iter().position(|site| site.name == "Tokyo").unwrap() as u16;
        assert!(plan
            .schedule
            .batches
            .iter()
            .any(|b| b.site == tokyo && b.window_end - b.window_start == 7 * 60));
        assert!(Plan::make(&s).unwrap().warnings.iter().any(|w| w.ja().contains("同時に開いています")));
    }

    #[test]
    fn the_sample_plan_patches_every_host_once_inside_windows() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let s = &plan.schedule;
        let mut seen = vec![0u32; plan.expanded.hosts.len()];
        for (i, b) in s.batches.iter().enumerate() {
            assert!(
                b.start >= b.window_start && b.cautious_end <= b.window_end,
                "batch {i} outside its window"
            );
            if b.work == Work::Hotfix {
                for &h in plan.batch_hosts(i) {
                    seen[h as usize] += 1;
                    let pre = s.prerequisite_batch[h as usize];
                    if plan.expanded.hosts[h as usize].needs_prerequisite {
                        assert!(s.batches[pre as usize].cautious_end <= b.start);
                    }
                }
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        assert_eq!(plan.summary.hosts, 298);
        assert!(plan.exposure.windows(2).all(|w| w[1].remaining <= w[0].remaining));
        assert_eq!(plan.exposure.last().unwrap().remaining, 0.0);
        assert!(plan.summary.internet_facing_patched.unwrap() <= plan.summary.risk_removed_100.unwrap());
        assert_eq!(plan.recommendation.urgency, crate::advisory::Urgency::ApplyUrgently);
    }

    #[test]
    fn the_sample_plan_warns_about_what_can_go_wrong() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let w = &plan.warnings;
        // 12 + 60 + 6 Exchange 2000 hosts, of which 4 + 30 + 6 already have KB870540.
        assert!(
            w.contains(&Warning::MissingPrerequisite { prerequisite: "KB870540".into(), hosts: Count(38) })
        );
        assert!(w.iter().any(|x| matches!(x, Warning::SameNamedPackages { hosts: Count(220), .. })));
        assert!(w.contains(&Warning::Reboots { hosts: Count(298) }));
        assert!(w.contains(&Warning::ManualDelivery));
        assert!(w.contains(&Warning::Unaffected { edition: "ex5.5-sp4".into(), hosts: Count(4) }));
        assert!(w.contains(&Warning::Downtime { site: "Tokyo".into(), hosts: Count(152), minutes: 1520.0 }));
    }

    #[test]
    fn prerequisite_batches_use_their_own_timing() {
        use crate::timing::TimingPoint;
        let mut scenario = Scenario::sample();
        let mut advisory = crate::advisory::presets::ms05_021();
        // A slow rollup: 30 min + 1 min per host.
        advisory.prerequisites[0].timing =
            vec![TimingPoint { hosts: 10, minutes: 40.0 }, TimingPoint { hosts: 100, minutes: 130.0 }];
        scenario.advisory_preset = None;
        scenario.advisory = Some(advisory);
        let plan = Plan::make(&scenario).unwrap();
        for b in plan.schedule.batches.iter().filter(|b| b.work == Work::Prerequisite) {
            assert_eq!(b.expected_end - b.start, (30.0 + f64::from(b.hosts)).ceil() as i64);
        }
        assert!(plan.schedule.batches.iter().any(|b| b.work == Work::Prerequisite));
    }

    #[test]
    fn phases_keep_order_and_soak() {
        let scenario = Scenario::sample();
        let plan = Plan::make(&scenario).unwrap();
        let mut previous_end: Option<(i64, f64)> = None;
        for (i, p) in plan.phase_summaries.iter().enumerate() {
            if let Some((end, soak)) = previous_end {
                let first =
                    plan.schedule.batches.iter().filter(|b| b.phase as usize == i).map(|b| b.start).min();
                if let Some(first) = first {
                    assert!(first >= end + (soak * 60.0) as i64, "phase {i} starts before the soak ends");
                }
            }
            if p.batches > 0 {
                previous_end = Some((p.cautious_end, p.soak_hours));
            }
        }
    }

    /// Hosts of each site in each opening, over all phases, stages and consoles. (An
    /// opening is known by its end, which no stage can move.)
    fn hosts_per_opening(plan: &Plan) -> std::collections::HashMap<(u16, u16, i64), u32> {
        let mut per = std::collections::HashMap::new();
        for b in &plan.schedule.batches {
            *per.entry((b.site, b.window, b.window_end)).or_insert(0) += b.hosts;
        }
        per
    }

    /// One site, 40 Exchange 2003 hosts, one long window, no soak: everything could go
    /// into the first opening if the limit did not hold across phases.
    #[test]
    fn the_host_filter_finds_by_name_site_phase_or_batch_number() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let all = plan.expanded.hosts.len();
        let count = |q: &str| (0..all).filter(|&h| plan.host_matches(h, q)).count();
        assert_eq!(count(""), all);
        let tokyo = plan
            .expanded
            .hosts
            .iter()
            .filter(|h| plan.expanded.sites[h.site as usize].name == "Tokyo")
            .count();
        assert_eq!(count("tokyo"), tokyo);
        assert_eq!(count("tokyo-edge-0001"), 1);
        let pilot = (0..all)
            .filter(|&h| {
                plan.phases[plan.schedule.batches[plan.schedule.hotfix_batch[h] as usize].phase as usize].name
                    == "Pilot"
            })
            .count();
        assert!(pilot > 0 && tokyo > 0 && tokyo < all);
        assert_eq!(count("PILOT"), pilot);
        let first = plan.schedule.hotfix_batch[0];
        let in_batch = (0..all).filter(|&h| plan.schedule.hotfix_batch[h] == first).count();
        assert_eq!(count(&format!("#{}", first + 1)), in_batch);
        assert_eq!(count("no such host"), 0);
    }

    fn one_site(hosts: u32, prerequisite_present: u32, edition: &str) -> Scenario {
        let mut s = Scenario::sample();
        s.fleet.groups.truncate(1);
        let g = &mut s.fleet.groups[0];
        (g.edition, g.hosts, g.internet_facing, g.prerequisite_present) =
            (edition.into(), hosts, 0, prerequisite_present);
        s.windows[0].length_minutes = 12 * 60;
        s.site_limit = Some(SiteLimit::Hosts(5));
        s
    }

    #[test]
    fn the_site_limit_holds_per_opening_across_phases() {
        let mut s = one_site(40, 0, "ex2003");
        s.phases = Some(vec![
            Phase::new("pilot", Selector::Pilot { hosts: 3 }, 0.0),
            Phase::new("rest", Selector::Rest, 0.0),
        ]);
        let plan = Plan::make(&s).unwrap();
        let per = hosts_per_opening(&plan);
        assert!(per.values().all(|&n| n <= 5), "{per:?}");
        // The pilot's opening is filled up by the next phase, not overfilled.
        assert_eq!(per.values().copied().max(), Some(5));
        assert_eq!(plan.summary.windows_used, per.len() as u64);
        assert_eq!(per.len(), 8, "40 hosts at 5 per opening");
    }

    #[test]
    fn the_site_limit_counts_prerequisite_and_hotfix_installs_together() {
        let mut s = one_site(20, 0, "ex2000-sp3");
        s.phases = Some(vec![Phase::new("all", Selector::Rest, 0.0)]);
        let plan = Plan::make(&s).unwrap();
        let per = hosts_per_opening(&plan);
        assert!(per.values().all(|&n| n <= 5), "{per:?}");
        assert!(plan.schedule.batches.iter().any(|b| b.work == Work::Prerequisite));
        // 20 prerequisite installs and 20 hotfix installs, five per opening.
        assert_eq!(per.len(), 8);
    }

    /// Two batches fill a two-hour window to 107 minutes (340 hosts, then 100); a
    /// 30-minute back-out reserve leaves 16 minutes after the first, too few for one host:
    /// the second batch moves, whole, to the next opening. The check refuses a reserve that
    /// leaves no room.
    #[test]
    fn a_back_out_reserve_moves_a_batch_that_would_end_near_the_close() {
        let mut s = one_site(100, 100, "ex2003");
        let mut second = s.fleet.groups[0].clone();
        (second.name, second.edition, second.hosts, second.prerequisite_present) =
            ("first".into(), "ex2003-sp1".into(), 340, 340);
        s.fleet.groups.push(second);
        (s.capacity.consoles, s.capacity.caution, s.site_limit) = (1, 1.0, None);
        s.windows[0].length_minutes = 120;
        s.phases = Some(vec![Phase::new("all", Selector::Rest, 0.0)]);
        let sizes = |plan: &Plan| -> Vec<(i64, u32)> {
            plan.schedule.batches.iter().map(|b| (b.window_start, b.hosts)).collect()
        };
        let before = Plan::make(&s).unwrap();
        let b = &before.schedule.batches;
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].window_start, b[1].window_start, "both in the first opening");
        assert!(b[1].cautious_end > b[1].window_end - 30, "the second ends in the last half hour");
        s.windows[0].backout_reserve_minutes = 30;
        assert_eq!(s.check().unwrap_err()[0].path, "version", "a reserve needs version 6");
        s.settle_version();
        let after = Plan::make(&s).unwrap();
        let a = &after.schedule.batches;
        assert_eq!(a.len(), 2);
        assert!(a[1].window_start > a[0].window_start, "the second moves to the next opening");
        let (mut was, mut is) = (sizes(&before), sizes(&after));
        was.iter_mut().chain(is.iter_mut()).for_each(|p| p.0 = 0);
        assert_eq!(was, is, "whole: the same hosts in each batch");
        assert!(a.iter().all(|b| b.reserve == 30 && b.cautious_end <= b.window_end - 30));
        s.windows[0].backout_reserve_minutes = 110;
        let problems = s.check().unwrap_err();
        assert_eq!(problems[0].path, "windows[0].backout_reserve_minutes");
        assert!(
            problems[0].message.contains("110-minute reserve leaves 10 minutes"),
            "{}",
            problems[0].message
        );
        s.windows[0].backout_reserve_minutes = 120;
        assert!(s.check().unwrap_err()[0].message.contains("takes the whole 120-minute window"));
    }

    /// `scenario` with one availability set, in the version that holds it.
    fn with_set(mut s: Scenario, set: AvailabilitySet) -> Scenario {
        s.fleet.availability_sets.push(set);
        s.settle_version();
        s
    }

    fn set_of(name: &str, groups: &[&str], hosts: &[&str], limit: SetLimit) -> AvailabilitySet {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect();
        AvailabilitySet::new(name, names(groups), names(hosts), limit)
    }

    /// Forty hosts, two of them a cluster: without the set both nodes share the first
    /// batch; with it they are never down together, and the plan says what held it.
    #[test]
    fn a_two_node_cluster_is_never_in_one_batch() {
        let mut s = one_site(40, 40, "ex2003");
        (s.capacity.consoles, s.site_limit) = (2, None);
        s.phases = Some(vec![Phase::new("all", Selector::Rest, 0.0)]);
        let before = Plan::make(&s).unwrap();
        let node = |plan: &Plan, ordinal: usize| plan.schedule.hotfix_batch[ordinal];
        assert_eq!(node(&before, 0), node(&before, 1), "both nodes in one batch without the set");
        let s = with_set(
            s,
            set_of("tokyo-cluster-1", &[], &["tokyo-edge-0001", "tokyo-edge-0002"], SetLimit::MaxDown(1)),
        );
        let plan = Plan::make(&s).unwrap();
        let (a, b) = (
            &plan.schedule.batches[node(&plan, 0) as usize],
            &plan.schedule.batches[node(&plan, 1) as usize],
        );
        assert_ne!(node(&plan, 0), node(&plan, 1));
        assert!(a.cautious_end <= b.start || b.cautious_end <= a.start, "never running at once: {a:?} {b:?}");
        assert_eq!(plan.most_down_at_once(), vec![1]);
        assert!(plan.schedule.set_holds[0] > 0, "the set held a host back");
        assert!(before.schedule.set_holds.is_empty());
    }

    /// A pool of ten that keeps eight in service is patched two at a time, over every
    /// console; the rest of the site goes on beside it.
    #[test]
    fn a_pool_of_ten_keeping_eight_in_service_is_patched_two_at_a_time() {
        let mut s = one_site(10, 10, "ex2003");
        let mut others = s.fleet.groups[0].clone();
        (others.name, others.hosts, others.prerequisite_present) = ("others".into(), 30, 30);
        s.fleet.groups.push(others);
        (s.capacity.consoles, s.site_limit) = (8, None);
        s.phases = Some(vec![Phase::new("all", Selector::Rest, 0.0)]);
        let s = with_set(s, set_of("pool", &["tokyo-edge"], &[], SetLimit::MinInService(8)));
        let plan = Plan::make(&s).unwrap();
        assert_eq!(plan.most_down_at_once(), vec![2]);
        // Each batch takes at most two of the pool, and the pool's hosts in batches that
        // start together are two.
        let pool = |i: usize| plan.batch_hosts(i).iter().filter(|&&h| h < 10).count();
        assert!((0..plan.schedule.batches.len()).all(|i| pool(i) <= 2));
        let first = plan.schedule.batches[0].start;
        let at_first: usize = (0..plan.schedule.batches.len())
            .filter(|&i| plan.schedule.batches[i].start == first)
            .map(pool)
            .sum();
        assert_eq!(at_first, 2);
        // Percent and count say the same: 20 % of ten, or two down.
        for limit in [SetLimit::MaxDownPercent(20.0), SetLimit::MaxDown(2)] {
            let mut other = s.clone();
            other.fleet.availability_sets[0].set_limit(limit);
            assert_eq!(Plan::make(&other).unwrap().schedule, plan.schedule, "{limit:?}");
        }
    }

    /// A thousand hosts kept one down at a time take at least a thousand one-host batches:
    /// more than a day's horizon (and the longest opening) holds. Refused at once, naming
    /// the set, rather than after every opening of the horizon was looked through.
    #[test]
    fn a_set_too_tight_for_the_horizon_is_named() {
        let mut s = one_site(1000, 1000, "ex2003");
        s.site_limit = None;
        s.horizon_days = 1;
        s.phases = Some(vec![Phase::new("all", Selector::Rest, 0.0)]);
        let s = with_set(s, set_of("pool", &["tokyo-edge"], &[], SetLimit::MaxDown(1)));
        let Err(PlanError::Schedule(e)) = Plan::make(&s) else { panic!("refused") };
        assert!(
            matches!(&e, ScheduleError::SetTooSlow { set, most_down: 1, hosts: 1000, .. } if set == "pool"),
            "{e}"
        );
        assert!(
            e.to_string().contains("availability set \"pool\" lets 1 of its hosts be down at a time"),
            "{e}"
        );
        assert!(e.ja().contains("可用性セット「pool」"));
        // Ten at a time fit.
        let mut looser = s.clone();
        looser.fleet.availability_sets[0].set_limit(SetLimit::MaxDown(10));
        looser.horizon_days = 30;
        assert!(Plan::make(&looser).is_ok());
    }

    /// Weeknight windows five days long overlap one another for ever: refused beside the
    /// window's length, once, rather than read to the end of the calendar.
    #[test]
    fn windows_overlapping_without_a_break_are_refused() {
        let mut s = Scenario::sample();
        s.windows[0].length_minutes = 7300;
        let problems = s.check().unwrap_err();
        let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(at, ["windows[0].length_minutes"]);
        assert!(
            problems[0].message.contains("\"Weeknights\" opens again before it has closed"),
            "{}",
            problems[0].message
        );
        s.windows[0].length_minutes = 3 * 24 * 60;
        assert!(s.check().is_ok(), "three days a night: joined, but with breaks at weekends");
    }

    /// A set that spans two sites holds across them: its hosts at both are never down
    /// beyond its limit together, though each site has consoles to spare.
    #[test]
    fn a_set_spanning_two_sites_holds_across_them() {
        let mut s = Scenario::sample();
        (s.capacity.consoles, s.site_limit) = (6, None);
        let s = with_set(s, set_of("edges", &["tokyo-edge", "frankfurt-edge"], &[], SetLimit::MaxDown(3)));
        let plan = Plan::make(&s).unwrap();
        assert!(plan.most_down_at_once()[0] <= 3);
    }

    #[test]
    fn windows_used_counts_each_opening_once() {
        // Three phases that all fit into the first night's opening.
        let mut s = one_site(6, 6, "ex2003");
        s.site_limit = None;
        s.phases = Some(vec![
            Phase::new("a", Selector::Pilot { hosts: 1 }, 0.0),
            Phase::new("b", Selector::Pilot { hosts: 2 }, 0.0),
            Phase::new("c", Selector::Rest, 0.0),
        ]);
        let plan = Plan::make(&s).unwrap();
        assert!(plan.schedule.batches.len() >= 3);
        let first = plan.schedule.batches[0].window_start;
        assert!(plan.schedule.batches.iter().all(|b| b.window_start == first));
        assert_eq!(plan.summary.windows_used, 1);
    }
}
