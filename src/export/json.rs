//! The plan as JSON: summary, phases, batches (with their hosts), risk and warnings.

use serde::Serialize;

use crate::fleet::Unaffected;
use crate::plan::{Plan, Warning};
use crate::risk::Recommendation;
use crate::scheduler::{BatchState, Work};

use super::{rfc3339, site_zones};

#[derive(Serialize)]
struct Report<'a> {
    advisory: &'a str,
    kb: &'a str,
    model: ModelOut<'a>,
    summary: SummaryOut<'a>,
    recommendation: &'a Recommendation,
    phases: Vec<PhaseOut<'a>>,
    batches: Vec<BatchOut<'a>>,
    exposure: Vec<PointOut>,
    warnings: Vec<WarningOut<'a>>,
    /// The scenario's completion targets and how the plan stands against each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    targets: Vec<TargetOut<'a>>,
    /// A rollout in progress: how it stands against its approved plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<ProgressOut>,
    /// Each availability set: its hosts, the most it lets down at once, and the most the
    /// plan has down together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    availability_sets: Vec<SetOut<'a>>,
}

#[derive(Serialize)]
struct SetOut<'a> {
    name: &'a str,
    hosts: u32,
    most_down: u32,
    planned_most_down: u32,
}

/// Where a rollout stands (times UTC, RFC 3339).
#[derive(Serialize)]
struct ProgressOut {
    approved: String,
    now: String,
    /// Hosts by where their hotfix stands.
    done: u64,
    running: u64,
    retrying: u64,
    given_up: u64,
    skipped: u64,
    remaining: u64,
    held: u64,
    approved_cautious_end: String,
    /// The forecast cautious end minus the approved one.
    variance_minutes: i64,
    consoles: u32,
    halts: Vec<HaltOut>,
    refits: Vec<RefitOut>,
    lost_openings: Vec<LostOut>,
    status: String,
}

#[derive(Serialize)]
struct HaltOut {
    phase: String,
    failed: u32,
    hosts: u32,
    threshold_percent: f64,
}

#[derive(Serialize)]
struct RefitOut {
    work: Work,
    batches: u32,
    overhead_minutes: f64,
    per_host_minutes: f64,
}

#[derive(Serialize)]
struct LostOut {
    site: String,
    start: String,
}

/// A completion target: its deadline and when its hosts are done (cautious), UTC.
#[derive(Serialize)]
struct TargetOut<'a> {
    target: &'a str,
    deadline: String,
    met: bool,
    reached: Option<String>,
    margin_minutes: i64,
    /// A rollout in progress: some of its hosts wait on a halted phase.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    blocked: bool,
    /// A rollout in progress: when the approved plan had it, and how much later now.
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_reached: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variance_minutes: Option<i64>,
}

/// The fitted timing model: its line, its one-line explanation and how well it fits.
#[derive(Serialize)]
struct ModelOut<'a> {
    explain: String,
    overhead_minutes: f64,
    per_host_minutes: f64,
    measured_hosts: (u32, u32),
    /// Measured minus fitted minutes for each run the model was fitted to.
    residuals: &'a [f64],
    caution: f64,
}

/// The summary with times as RFC 3339 (UTC) and durations in hours.
#[derive(Serialize)]
struct SummaryOut<'a> {
    hosts: u64,
    batches: u64,
    start: String,
    expected_end: String,
    cautious_end: String,
    expected_hours: f64,
    cautious_hours: f64,
    windows_used: u64,
    /// Weighted host-hours exposed (area under the exposure curve).
    exposure_area: f64,
    internet_facing_patched: Option<String>,
    risk_removed_50: Option<String>,
    risk_removed_90: Option<String>,
    risk_removed_100: Option<String>,
    downtime_minutes: f64,
    unaffected: &'a [Unaffected],
}

#[derive(Serialize)]
struct PointOut {
    at: String,
    remaining: f64,
}

#[derive(Serialize)]
struct PhaseOut<'a> {
    name: &'a str,
    hosts: u32,
    batches: u32,
    soak_hours: f64,
    expected_end: String,
    cautious_end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    halt_probability: Option<f64>,
    /// What holds the phase back: `{"constraint": "soak", "sooner_minutes": 1440}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    held_by: Option<crate::bottleneck::Held>,
    /// A rollout in progress: the approved plan's end of the phase, and how much later now.
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_cautious_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variance_minutes: Option<i64>,
}

#[derive(Serialize)]
struct BatchOut<'a> {
    phase: &'a str,
    work: Work,
    console: u16,
    site: &'a str,
    window: &'a str,
    start: String,
    expected_end: String,
    cautious_end: String,
    edition: &'a str,
    package: &'a str,
    package_version: &'a str,
    extrapolated: bool,
    /// A rollout in progress: `done` (as it happened), `running` or `planned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    hosts: Vec<String>,
}

#[derive(Serialize)]
struct WarningOut<'a> {
    #[serde(flatten)]
    warning: &'a Warning,
    message: String,
}

/// The whole plan as pretty JSON (times in each site's zone, RFC 3339).
pub fn plan(plan: &Plan) -> String {
    let zones = site_zones(plan);
    let utc = crate::time_zone::Zone::utc();
    let batches = plan
        .schedule
        .batches
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let tz = &zones[b.site as usize];
            let edition = &plan.advisory.editions[b.edition as usize];
            let (package, package_version) = match b.work {
                Work::Hotfix => (edition.package.file_name.as_str(), edition.package.version.as_str()),
                Work::Prerequisite => (edition.prerequisite.as_deref().unwrap_or(""), ""),
            };
            BatchOut {
                phase: &plan.phases[b.phase as usize].name,
                work: b.work,
                console: b.console + 1,
                site: &plan.expanded.sites[b.site as usize].name,
                window: &plan.windows[b.window as usize].name,
                start: rfc3339(b.start, tz),
                expected_end: rfc3339(b.expected_end, tz),
                cautious_end: rfc3339(b.cautious_end, tz),
                edition: &edition.name,
                package,
                package_version,
                extrapolated: b.extrapolated,
                status: plan.tracking.as_ref().map(|_| match b.state {
                    BatchState::Done => "done",
                    BatchState::Running => "running",
                    BatchState::Planned => "planned",
                }),
                hosts: plan
                    .batch_hosts(i)
                    .iter()
                    .map(|&h| {
                        let host = &plan.expanded.hosts[h as usize];
                        plan.fleet.groups[host.group as usize].host_name(host.ordinal)
                    })
                    .collect(),
            }
        })
        .collect();
    let sets = &plan.expanded.sets;
    let availability_sets = (sets.names.iter().enumerate())
        .zip(plan.most_down_at_once())
        .map(|((i, name), planned)| SetOut {
            name,
            hosts: sets.sizes[i],
            most_down: sets.most_down[i],
            planned_most_down: planned,
        })
        .collect();
    let report = Report {
        availability_sets,
        advisory: &plan.advisory.id,
        kb: &plan.advisory.kb,
        model: ModelOut {
            explain: plan.hotfix_model.explain(),
            overhead_minutes: plan.hotfix_model.overhead_minutes,
            per_host_minutes: plan.hotfix_model.per_host_minutes,
            measured_hosts: plan.hotfix_model.measured_hosts,
            residuals: &plan.hotfix_model.residuals,
            caution: plan.caution,
        },
        summary: {
            let s = &plan.summary;
            let at = |m: Option<i64>| m.map(|m| rfc3339(m, &utc));
            SummaryOut {
                hosts: s.hosts,
                batches: s.batches,
                start: rfc3339(s.start, &utc),
                expected_end: rfc3339(s.expected_end, &utc),
                cautious_end: rfc3339(s.cautious_end, &utc),
                expected_hours: s.expected_minutes as f64 / 60.0,
                cautious_hours: s.cautious_minutes as f64 / 60.0,
                windows_used: s.windows_used,
                exposure_area: s.exposure_area,
                internet_facing_patched: at(s.internet_facing_patched),
                risk_removed_50: at(s.risk_removed_50),
                risk_removed_90: at(s.risk_removed_90),
                risk_removed_100: at(s.risk_removed_100),
                downtime_minutes: s.downtime_minutes,
                unaffected: &s.unaffected,
            }
        },
        recommendation: &plan.recommendation,
        phases: plan
            .phase_summaries
            .iter()
            .enumerate()
            .map(|(k, p)| PhaseOut {
                approved_cautious_end: plan.phase_variance(k).map(|(at, _)| rfc3339(at, &utc)),
                variance_minutes: plan.phase_variance(k).map(|(_, late)| late),
                name: &p.name,
                hosts: p.hosts,
                batches: p.batches,
                soak_hours: p.soak_hours,
                expected_end: rfc3339(p.expected_end, &utc),
                cautious_end: rfc3339(p.cautious_end, &utc),
                halt_probability: p.halt_probability,
                held_by: p.held_by.clone(),
            })
            .collect(),
        batches,
        exposure: plan
            .exposure
            .iter()
            .map(|p| PointOut { at: rfc3339(p.at, &utc), remaining: p.remaining })
            .collect(),
        warnings: plan.warnings.iter().map(|w| WarningOut { warning: w, message: w.to_string() }).collect(),
        targets: plan
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| TargetOut {
                blocked: t.outcome.blocked,
                approved_reached: plan.target_variance(i).map(|(at, _)| rfc3339(at, &utc)),
                variance_minutes: plan.target_variance(i).map(|(_, late)| late),
                target: &t.target.label,
                deadline: rfc3339(t.outcome.deadline, &utc),
                met: t.outcome.met,
                reached: t.outcome.reached.map(|r| rfc3339(r, &utc)),
                margin_minutes: t.outcome.margin_minutes,
            })
            .collect(),
        progress: plan.tracking.as_ref().map(|t| ProgressOut {
            approved: rfc3339(t.approved, &utc),
            now: rfc3339(t.now, &utc),
            done: t.counts.done,
            running: t.counts.running,
            retrying: t.counts.retrying,
            given_up: t.counts.given_up,
            skipped: t.counts.skipped,
            remaining: t.counts.remaining,
            held: t.counts.halted,
            approved_cautious_end: rfc3339(t.approved_plan.cautious_end, &utc),
            variance_minutes: t.variance_minutes(plan.summary.cautious_end),
            consoles: t.consoles,
            halts: (t.halts.iter())
                .map(|h| HaltOut {
                    phase: plan.phases[h.phase as usize].name.clone(),
                    failed: h.failed,
                    hosts: h.hosts,
                    threshold_percent: h.threshold_percent,
                })
                .collect(),
            refits: (t.refits.iter())
                .map(|r| RefitOut {
                    work: r.work,
                    batches: r.batches,
                    overhead_minutes: r.model.overhead_minutes,
                    per_host_minutes: r.model.per_host_minutes,
                })
                .collect(),
            lost_openings: (t.lost.iter())
                .map(|&(site, start)| LostOut {
                    site: plan.expanded.sites[site as usize].name.clone(),
                    start: rfc3339(start, &zones[site as usize]),
                })
                .collect(),
            status: plan.progress_text(crate::i18n::Lang::En).unwrap_or_default(),
        }),
    };
    serde_json::to_string_pretty(&report).expect("a plan serialises") + "\n"
}

/// A forecast's dates: minutes from the plan's start, and local times in the start's zone.
#[derive(Serialize)]
struct DatesOut {
    p50_minutes: i64,
    p85_minutes: i64,
    p95_minutes: i64,
    p50: String,
    p85: String,
    p95: String,
}

#[derive(Serialize)]
struct TargetForecastOut<'a> {
    hosts: &'a str,
    within_minutes: i64,
    probability_met: f64,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    dates: Option<DatesOut>,
}

#[derive(Serialize)]
struct ForecastOut<'a> {
    seed: u64,
    trials: u32,
    trials_asked: u32,
    confidence_percent: f64,
    spread_percent: f64,
    spread_from: &'a crate::forecast::SpreadSource,
    lost_window_percent: f64,
    investigation_hours: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure_rate_percent: Option<f64>,
    time_zone: &'a str,
    start: String,
    /// The status time of a rollout in progress (the start otherwise).
    from: String,
    plan_expected_finish_minutes: i64,
    finish: DatesOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    internet_facing: Option<DatesOut>,
    targets: Vec<TargetForecastOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    all_targets_met: Option<f64>,
    finishes_last: Drivers<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    consoles: Option<&'a crate::forecast::ConsolesAt>,
}

#[derive(Serialize)]
struct Drivers<'a> {
    sites: &'a [crate::forecast::Driver],
    phases: &'a [crate::forecast::Driver],
    halts: &'a [crate::forecast::Driver],
}

/// A forecast as pretty JSON: minutes counted from the plan's start, local times in its
/// start's zone (`zone_name`).
pub fn forecast(f: &crate::forecast::Forecast, zone: &crate::time_zone::Zone, zone_name: &str) -> String {
    let dates = |d: &crate::forecast::Dates| DatesOut {
        p50_minutes: d.p50 - f.start,
        p85_minutes: d.p85 - f.start,
        p95_minutes: d.p95 - f.start,
        p50: super::local_text(d.p50, zone),
        p85: super::local_text(d.p85, zone),
        p95: super::local_text(d.p95, zone),
    };
    let out = ForecastOut {
        seed: f.seed,
        trials: f.trials,
        trials_asked: f.trials_asked,
        confidence_percent: f.confidence_percent,
        spread_percent: f.spread_percent,
        spread_from: &f.spread_source,
        lost_window_percent: f.lost_window_percent,
        investigation_hours: f.investigation_hours,
        failure_rate_percent: f.failure_rate_percent,
        time_zone: zone_name,
        start: super::local_text(f.start, zone),
        from: super::local_text(f.from, zone),
        plan_expected_finish_minutes: f.plan_finish - f.start,
        finish: dates(&f.finish),
        internet_facing: f.internet_facing.as_ref().map(dates),
        targets: f
            .targets
            .iter()
            .map(|t| TargetForecastOut {
                hosts: t.label.split('=').next().unwrap_or(&t.label),
                within_minutes: t.deadline - f.start,
                probability_met: t.probability,
                dates: t.dates.as_ref().map(dates),
            })
            .collect(),
        all_targets_met: f.all_targets,
        finishes_last: Drivers { sites: &f.last_sites, phases: &f.last_phases, halts: &f.halts },
        consoles: f.consoles.as_ref(),
    };
    serde_json::to_string_pretty(&out).expect("a forecast is plain data") + "\n"
}
