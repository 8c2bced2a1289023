//! How a plan stands against its completion targets: when the last of each target's hosts
//! is patched, against the target's deadline.

use crate::advisory::Advisory;
use crate::fleet::ExpandedFleet;
use crate::i18n::Lang;
use crate::phase::Phase;
use crate::scheduler::{Schedule, Work, NO_BATCH};
use crate::target::{Hosts, Resolved};

use super::Plan;

/// What a target is measured on: a schedule, the hosts and phases it schedules, and when
/// the plan starts (a whole [`Plan`], or the capacity solver's leaner one).
pub(crate) struct Measured<'a> {
    pub schedule: &'a Schedule,
    pub expanded: &'a ExpandedFleet,
    pub phases: &'a [Phase],
    pub advisory: &'a Advisory,
    pub start: i64,
    /// A rollout in progress: where each host stands.
    pub tracking: Option<&'a super::track::Tracking>,
}

impl<'a> Measured<'a> {
    fn of(plan: &'a Plan) -> Self {
        Self {
            schedule: &plan.schedule,
            expanded: &plan.expanded,
            phases: &plan.phases,
            advisory: &plan.advisory,
            start: plan.summary.start,
            tracking: plan.tracking.as_ref(),
        }
    }
}

/// How a plan stands against one target.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The deadline, minutes since the epoch (UTC).
    pub deadline: i64,
    /// When the last of the target's hosts is patched (cautious), or `None` when the
    /// target covers no host (then it is met).
    pub reached: Option<i64>,
    pub met: bool,
    /// Minutes to spare (negative: minutes late).
    pub margin_minutes: i64,
    /// Some of its hosts are not planned: a rollout's phase halted by its failures.
    #[serde(default)]
    pub blocked: bool,
}

impl Outcome {
    /// How the outcome reads: "met, 2 d 3 h to spare" / "missed by 5 h".
    pub fn text(&self, lang: Lang) -> String {
        let duration = |m: i64| crate::i18n::duration(m, lang);
        if self.blocked {
            return lang
                .pick("not forecast: a phase is halted", "見通しなし: 停止中のフェーズがあります")
                .into();
        }
        match (self.met, lang) {
            (true, Lang::En) => format!("met, {} to spare", duration(self.margin_minutes)),
            (true, Lang::Ja) => format!("達成（余裕 {}）", duration(self.margin_minutes)),
            (false, Lang::En) => format!("missed by {}", duration(-self.margin_minutes)),
            (false, Lang::Ja) => format!("未達（{} 不足）", duration(-self.margin_minutes)),
        }
    }
}

impl Resolved {
    /// The hotfix batch of each affected host this target covers, and whether some of them are not planned at all (held by a halted
    /// phase of a rollout in progress). Hosts given up or skipped are out of the rollout and
    /// not counted. A phase the plan does not have covers no host (the scenario check
    /// refuses names it does not know; the last, catch-all phase exists only when some
    /// hosts were left).
    fn patch_batches(&self, plan: &Measured) -> (Vec<u32>, bool) {
        let schedule = plan.schedule;
        let hosts = &plan.expanded.hosts;
        let phase_of = |h: usize| match (plan.tracking, schedule.hotfix_batch[h]) {
            (Some(t), _) => t.hotfix_phase[h],
            (None, NO_BATCH) => u16::MAX,
            (None, b) => schedule.batches[b as usize].phase,
        };
        let covers = |h: usize| match &self.hosts {
            Hosts::All | Hosts::Share(_) => true,
            Hosts::InternetFacing => hosts[h].internet_facing,
            Hosts::Tier(tier) => hosts[h].tier == *tier,
            Hosts::Phase(name) => plan
                .phases
                .iter()
                .position(|p| p.answers_to(name, plan.advisory))
                .is_some_and(|phase| phase_of(h) as usize == phase),
        };
        let (mut times, mut blocked) = (Vec::new(), false);
        for h in (0..hosts.len()).filter(|&h| covers(h)) {
            match schedule.hotfix_batch[h] {
                // Out of the rollout; or, in an approved plan measured on its own, new since.
                NO_BATCH if plan.tracking.is_none_or(|t| t.hotfix[h].out()) => {}
                NO_BATCH => blocked = true,
                b => times.push(b),
            }
        }
        (times, blocked)
    }

    /// What a forecast measures this target on: the hotfix batches of its hosts, or (for a
    /// share of hosts) how many hosts must be patched; `None` when some of its hosts are
    /// not planned (a rollout's halted phase).
    pub(crate) fn covered(&self, plan: &Plan) -> Option<Covered> {
        let measured = Measured::of(plan);
        match self.hosts {
            Hosts::Share(p) => {
                let hosts = planned_hosts(&measured) as u64;
                Some(match hosts {
                    0 => Covered::Batches(Vec::new()),
                    _ => Covered::Share(((p / 100.0 * hosts as f64).ceil() as u64).clamp(1, hosts)),
                })
            }
            _ => {
                let (mut batches, blocked) = self.patch_batches(&measured);
                batches.sort_unstable();
                batches.dedup();
                (!blocked).then_some(Covered::Batches(batches))
            }
        }
    }

    /// How `plan` stands against this target.
    pub fn evaluate(&self, plan: &Plan) -> Outcome {
        self.measure(&Measured::of(plan))
    }

    /// How a schedule stands against this target.
    pub(crate) fn measure(&self, plan: &Measured) -> Outcome {
        let (reached, blocked) = match self.hosts {
            Hosts::Share(p) => share_patched_by(plan, p),
            _ => {
                let (batches, blocked) = self.patch_batches(plan);
                (batches.into_iter().map(|b| plan.schedule.batches[b as usize].cautious_end).max(), blocked)
            }
        };
        let deadline = self.deadline_at(plan.start);
        if blocked {
            // Not all its hosts are planned: no time to promise, and not met.
            return Outcome { deadline, reached: None, met: false, margin_minutes: 0, blocked: true };
        }
        // A target that covers no host is met, whatever its deadline (even one past).
        let margin_minutes = reached.map_or(deadline - plan.start, |r| deadline - r);
        Outcome {
            deadline,
            reached,
            met: reached.is_none() || margin_minutes >= 0,
            margin_minutes,
            blocked: false,
        }
    }
}

/// The hosts a share of hosts is counted from: in a rollout, those not out of it; in an
/// approved plan measured on its own, the hosts it planned.
fn planned_hosts(plan: &Measured) -> usize {
    match plan.tracking {
        Some(t) => t.hotfix.iter().filter(|s| !s.out()).count(),
        None => plan.schedule.hotfix_batch.iter().filter(|&&b| b != NO_BATCH).count(),
    }
}

/// What a forecast measures a target on (see [`Resolved::covered`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Covered {
    /// Met when the last of these (hotfix) batches ends; none: met from the start.
    Batches(Vec<u32>),
    /// Met when this many hosts are patched.
    Share(u64),
}

/// The time by which at least `percent` % of the plan's hosts are patched (the cautious end
/// of the batch that patches the last of them), if the plan has hosts, and whether that
/// many are not planned at all (a rollout's halted phase). Hosts out of a rollout (given
/// up, skipped) are not counted. Counted batch by batch, in the order they end: a plan has
/// far fewer batches than hosts.
fn share_patched_by(plan: &Measured, percent: f64) -> (Option<i64>, bool) {
    let schedule = plan.schedule;
    let hosts = planned_hosts(plan);
    if hosts == 0 {
        return (None, false);
    }
    // (end, hosts) pairs: sorted by the same code as the plan's other (time, number) pairs.
    let mut by_end: Vec<(i64, u64)> = (schedule.batches.iter())
        .filter(|b| b.work == Work::Hotfix)
        .map(|b| (b.cautious_end, u64::from(b.hosts)))
        .collect();
    by_end.sort_unstable();
    let needed = ((percent / 100.0 * hosts as f64).ceil() as u64).clamp(1, hosts as u64);
    let mut patched = 0;
    let reached = by_end
        .into_iter()
        .find(|&(_, n)| {
            patched += n;
            patched >= needed
        })
        .map(|(end, _)| end);
    (reached, reached.is_none())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::target::Target;

    fn resolved(flag: &str) -> Resolved {
        Target::from_flag(flag).unwrap().resolve("Asia/Tokyo", Lang::En).unwrap()
    }

    #[test]
    fn a_plan_is_measured_at_its_hosts_cautious_ends() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let all = resolved("all=30d").evaluate(&plan);
        assert_eq!(all.reached, Some(plan.summary.cautious_end));
        assert!(all.met);
        assert_eq!(all.margin_minutes, plan.summary.start + 30 * 1440 - plan.summary.cautious_end);
        // Too short: missed, by exactly the shortfall.
        let short = resolved("all=1d").evaluate(&plan);
        assert!(!short.met);
        assert_eq!(short.margin_minutes, plan.summary.start + 1440 - plan.summary.cautious_end);
        // Internet-facing hosts are done no later than all hosts; a share no later either.
        let facing = resolved("internet_facing=30d").evaluate(&plan);
        assert!(facing.reached.unwrap() <= all.reached.unwrap());
        let half = resolved("50%=30d").evaluate(&plan);
        assert!(half.reached.unwrap() <= all.reached.unwrap());
        // A share is the time by which that many hosts are done, counted directly.
        let times: Vec<i64> = (0..plan.expanded.hosts.len())
            .map(|h| plan.schedule.batches[plan.schedule.hotfix_batch[h] as usize].cautious_end)
            .collect();
        let done_by_half = times.iter().filter(|&&t| t <= half.reached.unwrap()).count();
        assert!(done_by_half * 2 >= times.len());
        assert!(times.iter().filter(|&&t| t < half.reached.unwrap()).count() * 2 < times.len());
    }

    /// The preset "internet-facing within 72 h" on the sample fleet: its internet-facing
    /// Exchange 2003 hosts once waited in the last phase with the internal fleet.
    #[test]
    fn the_sample_meets_the_internet_facing_preset() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let facing = resolved("internet_facing=72h").evaluate(&plan);
        assert!(facing.met, "missed by {} minutes", -facing.margin_minutes);
    }

    #[test]
    fn a_phase_target_covers_that_phase_and_names_must_exist() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let name = plan.phases[1].name.clone();
        let phase = resolved(&format!("phase:{name}=30d")).evaluate(&plan);
        let last_of_phase = plan
            .schedule
            .batches
            .iter()
            .filter(|b| b.phase == 1 && b.work == crate::scheduler::Work::Hotfix)
            .map(|b| b.cautious_end)
            .max();
        assert_eq!(phase.reached, last_of_phase);
        let mut scenario = Scenario::sample();
        scenario.version = 2;
        scenario.targets = vec![Target::from_flag("phase:Nonesuch=1d").unwrap()];
        let problems = scenario.check().unwrap_err();
        assert_eq!(problems[0].path, "targets[0].hosts");
        assert!(problems[0].message.contains("Nonesuch"));
    }

    #[test]
    fn a_target_that_covers_no_host_is_met_whatever_its_deadline() {
        let mut s = Scenario::sample();
        for g in &mut s.fleet.groups {
            g.internet_facing = 0;
        }
        let plan = Plan::make(&s).unwrap();
        // No host faces the internet; the deadline has long passed.
        let none = Target::from_flag("internet_facing=2020-01-01T00:00@UTC").unwrap();
        let outcome = none.resolve("Asia/Tokyo", Lang::En).unwrap().evaluate(&plan);
        assert_eq!(outcome.reached, None);
        assert!(outcome.met, "{outcome:?}");
    }
}
