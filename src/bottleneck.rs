//! Why each phase takes as long as it does: of the constraints a planner can change
//! (consoles, window length, the per-site limit, soak), the one whose removal would end
//! the phase soonest, found by planning once more without each.
//!
//! "One console costs only 20 more minutes" then has its answer on screen: the phases
//! are held by their windows or soak, not by consoles. A phase that no single removal
//! ends sooner is held by the calendar: when its windows open (or the plan's start).

use serde::Serialize;

use std::collections::HashSet;

use crate::civil::Date;
use crate::i18n::Lang;
use crate::maintenance_window::Window;
use crate::phase::Selector;
use crate::plan::{run_phases, Plan};
use crate::scenario::{overlap_within_a_year, Scenario};
use crate::scheduler::{Inputs, Scheduler, Work};
use crate::solve::Binding;
use crate::time_zone;
use crate::timing::MAX_CONSOLES;

/// What holds one phase back, and how much sooner it would end without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    /// `Binding::Nothing`: no single constraint; the calendar.
    pub by: Binding,
    /// How many minutes sooner the phase would end (cautious) without it; 0 for the calendar.
    pub sooner_minutes: i64,
}

impl Held {
    /// A stable name for files: `consoles`, `window_length`, `site_limit`, `soak`, `calendar`.
    pub fn code(self) -> &'static str {
        match self.by {
            Binding::Nothing => "calendar",
            other => other.code(),
        }
    }

    /// What holds the phase: "soak", "the calendar".
    pub fn what(self, lang: Lang) -> &'static str {
        match self.by {
            Binding::Consoles => lang.pick("consoles", "コンソール数"),
            Binding::WindowLength => lang.pick("window length", "ウィンドウの長さ"),
            Binding::SiteLimit => lang.pick("per-site limit", "サイトごとの上限"),
            Binding::Soak => lang.pick("soak", "待機時間"),
            Binding::Nothing => lang.pick("the calendar", "日程"),
        }
    }

    /// How much sooner the phase would end without it: "(−1 d)"; nothing for the calendar.
    pub fn saving(self, lang: Lang) -> String {
        if self.by == Binding::Nothing {
            return String::new();
        }
        let sooner = crate::i18n::duration(self.sooner_minutes, lang);
        match lang {
            Lang::En => format!("(−{sooner})"),
            Lang::Ja => format!("（−{sooner}）"),
        }
    }

    /// Both, for a table cell in a file: "soak (−1 d)".
    pub fn label(self, lang: Lang) -> String {
        match (self.by, lang) {
            (Binding::Nothing, _) => self.what(lang).into(),
            (_, Lang::En) => format!("{} {}", self.what(lang), self.saving(lang)),
            (_, Lang::Ja) => format!("{}{}", self.what(lang), self.saving(lang)),
        }
    }
}

/// Plans of more batches or hosts than these are not explained: each removal schedules
/// every batch and host again (a per-site limit of one host at a million hosts makes a
/// million batches), which would more than double the time such a plan takes.
pub const MOST_BATCHES: usize = 50_000;
pub const MOST_HOSTS: usize = 200_000;

/// Whether [`held_by`] works out `plan`'s phases (at most [`MOST_BATCHES`] batches and
/// [`MOST_HOSTS`] hosts).
pub fn explained(plan: &Plan) -> bool {
    plan.schedule.batches.len() <= MOST_BATCHES && plan.expanded.hosts.len() <= MOST_HOSTS
}

/// What the "Held by" column means, for under the phases table.
pub fn explanation(plan: &Plan, lang: Lang) -> &'static str {
    if !explained(plan) {
        return lang.pick(
            "Held by: not worked out for a plan of more than 200,000 hosts or 50,000 batches.",
            "律速要因: 20万台または5万バッチを超える計画では求めていません。",
        );
    }
    lang.pick(
        "Held by: of consoles, window length, the per-site limit and soak, the one whose removal would end the phase \
         soonest, and how much sooner; \"the calendar\" when none would (the phase waits for its windows to open).",
        "律速要因: コンソール数・ウィンドウの長さ・サイトごとの上限・待機時間のうち、なくせばフェーズが最も早く終わる\
         ものと、早まる時間。どれでも早まらないときは「日程」（ウィンドウが開くのを待っています）。",
    )
}

impl Serialize for Held {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Held", 2)?;
        out.serialize_field("constraint", self.code())?;
        out.serialize_field("sooner_minutes", &self.sooner_minutes)?;
        out.end()
    }
}

/// What holds each of `plan`'s phases back (`None` for a phase with nothing to do).
/// `blackouts` and `start` are those of the check `plan` was made from.
///
/// Each variant only schedules again: the phases take the same hosts (read back from the
/// plan's batches), nothing is selected, checked, expanded or measured again.
pub fn held_by(scenario: &Scenario, plan: &Plan, blackouts: &[Date], start: i64) -> Vec<Option<Held>> {
    if !explained(plan) {
        return vec![None; plan.phase_summaries.len()];
    }
    let hosts = phase_hosts(plan);
    let base = Inputs {
        windows: &scenario.windows,
        blackouts,
        hotfix: &plan.hotfix_model,
        prerequisite: &plan.prerequisite_model,
        caution: plan.caution,
        consoles: scenario.capacity.consoles,
        site_limit: scenario.site_limit,
        start,
        horizon_days: i64::from(scenario.horizon_days),
    };
    // The phases' batches and cautious ends with `inputs` (and soak unless `soak` is false).
    let ends = |inputs: &Inputs, soak: bool| -> Option<Ends> {
        let mut scheduler = Scheduler::new(inputs, &plan.expanded).ok()?;
        let runs = run_phases(&mut scheduler, &plan.phases, &hosts, start, soak).ok()?;
        Some(runs.iter().map(|r| (r.batches, r.cautious_end)).collect())
    };
    // Each variant removes one constraint, if the plan has it.
    let mut variants: Vec<(Binding, Option<Ends>)> = Vec::with_capacity(4);
    let ample = ample_consoles(plan);
    if ample > base.consoles && plan.consoles_used() == base.consoles {
        variants.push((Binding::Consoles, ends(&Inputs { consoles: ample, ..base }, true)));
    }
    let longer: Vec<Window> =
        scenario.windows.iter().map(|w| Window { length_minutes: DAY, ..w.clone() }).collect();
    if longer != scenario.windows && windows_fit(&longer, plan, blackouts, start) {
        variants.push((Binding::WindowLength, ends(&Inputs { windows: &longer, ..base }, true)));
    }
    if base.site_limit.is_some() {
        variants.push((Binding::SiteLimit, ends(&Inputs { site_limit: None, ..base }, true)));
    }
    if plan.phases.iter().any(|p| p.soak_hours > 0.0) {
        variants.push((Binding::Soak, ends(&base, false)));
    }
    plan.phase_summaries
        .iter()
        .enumerate()
        .map(|(i, phase)| {
            if phase.batches == 0 {
                return None;
            }
            let mut held = Held { by: Binding::Nothing, sooner_minutes: 0 };
            for (by, ends) in &variants {
                let Some(&(batches, end)) = ends.as_ref().and_then(|e| e.get(i)) else { continue };
                let sooner = phase.cautious_end - end;
                if batches > 0 && sooner > held.sooner_minutes {
                    held = Held { by: *by, sooner_minutes: sooner };
                }
            }
            Some(held)
        })
        .collect()
}

/// The hosts each of `plan`'s phases took, read back from its batches: the hotfix
/// batches' hosts (the prerequisite batches' for a prerequisite phase), in host order,
/// as the phases selected them (the scheduler takes them so).
fn phase_hosts(plan: &Plan) -> Vec<Vec<u32>> {
    const NONE: u16 = u16::MAX;
    // Each host's phase for its hotfix and for a prerequisite wave.
    let count = plan.expanded.hosts.len();
    let (mut hotfix, mut wave) = (vec![NONE; count], vec![NONE; count]);
    for b in &plan.schedule.batches {
        let prerequisite_phase = plan.phases[usize::from(b.phase)].selector == Selector::Prerequisite;
        if prerequisite_phase == (b.work == Work::Prerequisite) {
            let phase_of = if prerequisite_phase { &mut wave } else { &mut hotfix };
            let first = b.first as usize;
            for &h in &plan.schedule.batch_hosts[first..first + b.hosts as usize] {
                phase_of[h as usize] = b.phase;
            }
        }
    }
    let mut hosts = vec![Vec::new(); plan.phases.len()];
    for (h, (in_wave, in_hotfix)) in wave.into_iter().zip(hotfix).enumerate() {
        for phase in [in_wave, in_hotfix] {
            if phase != NONE {
                hosts[usize::from(phase)].push(h as u32);
            }
        }
    }
    hosts
}

/// Whether `windows` (the scenario's, lengthened) still never overlap at any of the
/// plan's sites: a variant with clashing windows is not a plan the scenario could have.
fn windows_fit(windows: &[Window], plan: &Plan, blackouts: &[Date], start: i64) -> bool {
    // Sites that share a zone and the windows that apply to them open alike.
    let mut kinds = HashSet::new();
    plan.expanded.sites.iter().all(|site| {
        let applies: Vec<bool> = windows.iter().map(|w| w.applies_to(&site.name)).collect();
        if !kinds.insert((site.time_zone.as_str(), applies)) {
            return true;
        }
        let Ok(tz) = time_zone::zone(&site.time_zone) else { return false };
        overlap_within_a_year(windows, &site.name, tz, blackouts, start).is_none()
    })
}

const DAY: u32 = 24 * 60;

/// Each phase's batches and cautious end, in a plan made without one constraint.
type Ends = Vec<(u32, i64)>;

/// Consoles enough that no batch of `plan` waits for one: one per host, within the limit.
fn ample_consoles(plan: &Plan) -> u32 {
    u32::try_from(plan.summary.hosts).unwrap_or(u32::MAX).clamp(1, MAX_CONSOLES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase::{Phase, Selector};
    use crate::scheduler::SiteLimit;

    fn held(scenario: &Scenario) -> Vec<Option<Held>> {
        Plan::make(scenario).unwrap().phase_summaries.iter().map(|p| p.held_by).collect()
    }

    #[test]
    fn one_console_for_many_hosts_is_held_by_consoles() {
        let mut s = Scenario::sample();
        s.capacity.consoles = 1;
        s.site_limit = None;
        for w in &mut s.windows {
            w.length_minutes = DAY;
        }
        s.phases = Some(vec![Phase::new("All", Selector::Rest, 0.0)]);
        let last = *held(&s).last().unwrap();
        assert_eq!(last.map(|h| h.by), Some(Binding::Consoles), "{last:?}");
        assert!(last.unwrap().sooner_minutes > 0);
    }

    #[test]
    fn a_tight_site_limit_is_named() {
        let mut s = Scenario::sample();
        s.capacity.consoles = 20;
        s.site_limit = Some(SiteLimit::Hosts(2));
        let all = held(&s);
        assert!(all.iter().flatten().any(|h| h.by == Binding::SiteLimit), "{all:?}");
    }

    #[test]
    fn each_answer_is_what_removing_it_saves() {
        // The saving claimed is exactly the difference made by removing that constraint.
        let s = Scenario::sample();
        let plan = Plan::make(&s).unwrap();
        for (i, p) in plan.phase_summaries.iter().enumerate() {
            let Some(h) = p.held_by else { continue };
            let variant = match h.by {
                Binding::Soak => {
                    let mut v = s.clone();
                    let mut phases = s.check_in(Lang::En).unwrap().phases;
                    phases.iter_mut().for_each(|p| p.soak_hours = 0.0);
                    v.phases = Some(phases);
                    v
                }
                Binding::SiteLimit => Scenario { site_limit: None, ..s.clone() },
                Binding::WindowLength => {
                    let mut v = s.clone();
                    v.windows.iter_mut().for_each(|w| w.length_minutes = DAY);
                    v
                }
                Binding::Consoles => {
                    let mut v = s.clone();
                    v.capacity.consoles = ample_consoles(&plan);
                    v
                }
                Binding::Nothing => continue,
            };
            let other = Plan::make(&variant).unwrap();
            assert_eq!(p.cautious_end - other.phase_summaries[i].cautious_end, h.sooner_minutes, "phase {i}");
        }
    }

    #[test]
    fn a_phase_in_its_first_window_with_nothing_to_remove_is_held_by_the_calendar() {
        let mut s = Scenario::sample();
        s.capacity.consoles = MAX_CONSOLES;
        s.site_limit = None;
        for w in &mut s.windows {
            w.length_minutes = DAY;
        }
        s.phases = Some(vec![Phase::new("All", Selector::Rest, 0.0)]);
        let all = held(&s);
        assert_eq!(all.last().copied().flatten().map(|h| h.by), Some(Binding::Nothing), "{all:?}");
    }

    #[test]
    fn a_plan_over_the_limits_is_not_explained() {
        let mut s = Scenario::sample();
        s.site_limit = Some(SiteLimit::Hosts(1));
        let plan = Plan::make(&s).unwrap();
        assert!(explained(&plan), "{} batches", plan.schedule.batches.len());
        assert!(plan.phase_summaries.iter().any(|p| p.held_by.is_some()));
        // The same plan over the limit: nothing claimed, and the note says why.
        let mut big = plan.clone();
        let batch = big.schedule.batches[0].clone();
        big.schedule.batches.resize(MOST_BATCHES + 1, batch);
        let check = s.check().unwrap();
        assert!(held_by(&s, &big, &check.blackouts, check.start).iter().all(Option::is_none));
        assert!(explanation(&big, Lang::En).contains("not worked out"));
        // And a plan of more hosts than the limit.
        let mut many = plan.clone();
        let host = many.expanded.hosts[0];
        many.expanded.hosts.resize(MOST_HOSTS + 1, host);
        assert!(!explained(&many) && explained(&plan));
    }

    #[test]
    fn the_hosts_read_back_from_the_batches_are_those_each_phase_selected() {
        for s in [
            Scenario::sample(),
            crate::scenario::Scenario::from_json(include_str!("../examples/ms05-021-two-sites.json"))
                .unwrap(),
        ] {
            let plan = Plan::make(&s).unwrap();
            let (selected, _) = crate::plan::select_hosts(&s.fleet, &plan.expanded, &plan.phases);
            // Read back in the order the phases selected them.
            assert_eq!(phase_hosts(&plan), selected);
        }
    }
}
