//! Why each phase takes as long as it does: of the constraints a planner can change
//! (consoles, window length, the per-site limit, an availability set, soak), the one whose
//! removal would end the phase soonest, found by planning once more without each. Of the
//! availability sets, those that held some phase's hosts back most often are tried, each
//! on its own (at most [`MOST_SETS_TRIED`]).
//!
//! "One console costs only 20 more minutes" then has its answer on screen: the phases
//! are held by their windows or soak, not by consoles. A phase that no single removal
//! ends sooner is held by the calendar: when its windows open (or the plan's start).

use serde::Serialize;

use crate::fleet::ExpandedFleet;
use crate::i18n::Lang;
use crate::maintenance_window::Window;
use crate::phase::Phase;
use crate::scheduler::{Inputs, PhaseRun, Schedule, Scheduler, Stages};
use crate::timing::MAX_CONSOLES;

/// What holds the plan back when more consoles no longer help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Binding {
    /// Consoles are the limit: more of them meet the targets (or they are met already).
    Consoles,
    /// The maintenance windows are too short.
    WindowLength,
    /// The per-site limit holds batches back.
    SiteLimit,
    /// An availability set keeps hosts waiting (which one: [`Held::set`], or the solver's
    /// `binding_set`).
    AvailabilitySet,
    /// Soak time between phases.
    Soak,
    /// Nothing the solver can change meets the targets (the start, the calendar, the
    /// deadlines themselves).
    Nothing,
}

impl Binding {
    pub fn code(self) -> &'static str {
        match self {
            Binding::Consoles => "consoles",
            Binding::WindowLength => "window_length",
            Binding::SiteLimit => "site_limit",
            Binding::AvailabilitySet => "availability_set",
            Binding::Soak => "soak",
            Binding::Nothing => "nothing_in_range",
        }
    }

    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Binding::Consoles => lang.pick("the number of consoles", "コンソール数"),
            Binding::WindowLength => {
                lang.pick("the length of the maintenance windows", "メンテナンスウィンドウの長さ")
            }
            Binding::SiteLimit => lang.pick("the per-site limit", "サイトごとの上限"),
            Binding::AvailabilitySet => lang.pick("the availability sets", "可用性セット"),
            Binding::Soak => lang.pick("the soak time between phases", "フェーズ間の様子見時間"),
            Binding::Nothing => lang.pick(
                "nothing the solver can change (the start, the calendar or the deadlines themselves)",
                "ソルバーが変えられるものではない（開始日時、暦、期限そのもの）",
            ),
        }
    }
}

/// What holds one phase back, and how much sooner it would end without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// `Binding::Nothing`: no single constraint; the calendar.
    pub by: Binding,
    /// How many minutes sooner the phase would end (cautious) without it; 0 for the calendar.
    pub sooner_minutes: i64,
    /// The availability set, when one holds the phase back.
    pub set: Option<String>,
}

impl Held {
    /// A stable name for files: `consoles`, `window_length`, `site_limit`,
    /// `availability_set`, `soak`, `calendar`.
    pub fn code(&self) -> &'static str {
        match self.by {
            Binding::Nothing => "calendar",
            other => other.code(),
        }
    }

    /// What holds the phase: "soak", "the calendar", "availability set tokyo-cluster-1".
    pub fn what(&self, lang: Lang) -> String {
        match self.by {
            Binding::Consoles => lang.pick("consoles", "コンソール数").into(),
            Binding::WindowLength => lang.pick("window length", "ウィンドウの長さ").into(),
            Binding::SiteLimit => lang.pick("per-site limit", "サイトごとの上限").into(),
            Binding::AvailabilitySet => set_named(self.set.as_deref().unwrap_or_default(), lang),
            Binding::Soak => lang.pick("soak", "待機時間").into(),
            Binding::Nothing => lang.pick("the calendar", "日程").into(),
        }
    }

    /// How much sooner the phase would end without it: "(−1 d)"; nothing for the calendar.
    pub fn saving(&self, lang: Lang) -> String {
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
    pub fn label(&self, lang: Lang) -> String {
        match (self.by, lang) {
            (Binding::Nothing, _) => self.what(lang),
            (_, Lang::En) => format!("{} {}", self.what(lang), self.saving(lang)),
            (_, Lang::Ja) => format!("{}{}", self.what(lang), self.saving(lang)),
        }
    }
}

/// "availability set tokyo-cluster-1".
pub fn set_named(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("availability set {name}"),
        Lang::Ja => format!("可用性セット「{name}」"),
    }
}

/// Of the availability sets that held phases back most often, at most this many are each
/// tried without (one plan more each).
pub const MOST_SETS_TRIED: usize = 4;

/// Plans of more batches or hosts than these are not explained: each removal schedules
/// every batch and host again (a per-site limit of one host at a million hosts makes a
/// million batches), which would more than double the time such a plan takes.
pub const MOST_BATCHES: usize = 50_000;
pub const MOST_HOSTS: usize = 200_000;

/// Whether [`held_by`] works out the phases of a plan of `batches` batches and `hosts`
/// hosts (at most [`MOST_BATCHES`] and [`MOST_HOSTS`]).
pub fn explained(batches: usize, hosts: usize) -> bool {
    batches <= MOST_BATCHES && hosts <= MOST_HOSTS
}

/// What the "Held by" column means, for under the phases table of a plan of `batches`
/// batches and `hosts` hosts.
pub fn explanation(batches: usize, hosts: usize, lang: Lang) -> &'static str {
    if !explained(batches, hosts) {
        return lang.pick(
            "Held by: not worked out for a plan of more than 200,000 hosts or 50,000 batches.",
            "律速要因: 20万台または5万バッチを超える計画では求めていません。",
        );
    }
    lang.pick(
        "Held by: of consoles, window length, the per-site limit, an availability set and soak, the one whose removal \
         would end the phase soonest, and how much sooner; \"the calendar\" when none would (the phase waits for its \
         windows to open).",
        "律速要因: コンソール数・ウィンドウの長さ・サイトごとの上限・可用性セット・待機時間のうち、なくせばフェーズが\
         最も早く終わるものと、早まる時間。どれでも早まらないときは「日程」（ウィンドウが開くのを待っています）。",
    )
}

impl Serialize for Held {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Held", 3)?;
        out.serialize_field("constraint", self.code())?;
        out.serialize_field("sooner_minutes", &self.sooner_minutes)?;
        if let Some(set) = &self.set {
            out.serialize_field("availability_set", set)?;
        }
        out.end()
    }
}

/// What a plan was scheduled from and into: what [`held_by`] plans again without each
/// constraint.
pub struct Made<'a> {
    /// The scheduler's inputs.
    pub inputs: &'a Inputs<'a>,
    pub expanded: &'a ExpandedFleet,
    pub phases: &'a [Phase],
    /// The hosts each phase took, in the stages the scheduler runs.
    pub stages: &'a Stages,
    /// How each phase ran.
    pub runs: &'a [PhaseRun],
    pub schedule: &'a Schedule,
}

/// What holds each phase of a plan back (`None` for a phase with nothing to do).
///
/// Each variant only schedules again: the phases take the same hosts, nothing is
/// selected, checked, expanded or measured again.
pub fn held_by(made: &Made) -> Vec<Option<Held>> {
    if !explained(made.schedule.batches.len(), made.expanded.hosts.len()) {
        return vec![None; made.runs.len()];
    }
    let base = made.inputs;
    // The phases' batches and cautious ends with `inputs` (and soak unless `soak` is false).
    let ends = |inputs: &Inputs, soak: bool| -> Option<Ends> {
        let mut scheduler = Scheduler::new(inputs, made.expanded).ok()?;
        let runs = scheduler.run_phases(made.phases, made.stages, base.start, soak).ok()?;
        Some(runs.iter().map(|r| (r.batches, r.cautious_end)).collect())
    };
    // Each variant removes one constraint, if the plan has it.
    let mut variants: Vec<(Binding, Option<u32>, Option<Ends>)> = Vec::with_capacity(4);
    let ample = ample_consoles(made.expanded);
    let used = made.schedule.batches.iter().map(|b| u32::from(b.console) + 1).max().unwrap_or(0);
    if ample > base.consoles && used == base.consoles {
        variants.push((Binding::Consoles, None, ends(&Inputs { consoles: ample, ..*base }, true)));
    }
    let longer: Vec<Window> =
        base.windows.iter().map(|w| Window { length_minutes: DAY, ..w.clone() }).collect();
    if longer != base.windows {
        variants.push((Binding::WindowLength, None, ends(&Inputs { windows: &longer, ..*base }, true)));
    }
    if base.site_limit.is_some() {
        variants.push((Binding::SiteLimit, None, ends(&Inputs { site_limit: None, ..*base }, true)));
    }
    // The sets that held a phase back most often, most held first, each lifted alone.
    let mut sets: Vec<u32> = made.runs.iter().filter_map(|r| r.held_by_set).collect();
    sets.sort_unstable_by_key(|&s| (std::cmp::Reverse(made.schedule.set_holds[s as usize]), s));
    sets.dedup();
    for &set in sets.iter().take(MOST_SETS_TRIED) {
        let mut limits = base.set_limits.to_vec();
        limits[set as usize] = u32::MAX;
        variants.push((
            Binding::AvailabilitySet,
            Some(set),
            ends(&Inputs { set_limits: &limits, ..*base }, true),
        ));
    }
    if made.phases.iter().any(|p| p.soak_hours > 0.0) {
        variants.push((Binding::Soak, None, ends(base, false)));
    }
    made.runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            if run.batches == 0 {
                return None;
            }
            let mut held = Held { by: Binding::Nothing, sooner_minutes: 0, set: None };
            for (by, set, ends) in &variants {
                let Some(&(batches, end)) = ends.as_ref().and_then(|e| e.get(i)) else { continue };
                let sooner = run.cautious_end - end;
                if batches > 0 && sooner > held.sooner_minutes {
                    let set = set.map(|s| made.expanded.sets.names[s as usize].clone());
                    held = Held { by: *by, sooner_minutes: sooner, set };
                }
            }
            Some(held)
        })
        .collect()
}

const DAY: u32 = 24 * 60;

/// Each phase's batches and cautious end, in a plan made without one constraint.
type Ends = Vec<(u32, i64)>;

/// Consoles enough that no batch waits for one: one per host, within the limit.
fn ample_consoles(expanded: &ExpandedFleet) -> u32 {
    u32::try_from(expanded.hosts.len()).unwrap_or(u32::MAX).clamp(1, MAX_CONSOLES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase::Selector;
    use crate::plan::Plan;
    use crate::scenario::Scenario;
    use crate::scheduler::SiteLimit;

    fn held(scenario: &Scenario) -> Vec<Option<Held>> {
        Plan::make(scenario).unwrap().phase_summaries.iter().map(|p| p.held_by.clone()).collect()
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
        let last = held(&s).last().unwrap().clone();
        assert_eq!(last.as_ref().map(|h| h.by), Some(Binding::Consoles), "{last:?}");
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

    /// Twenty front-ends kept one down at a time, with consoles to spare: the phase is held
    /// by that set, by name, and the saving is what lifting that set alone saves.
    #[test]
    fn a_tight_availability_set_is_named() {
        use crate::fleet::{AvailabilitySet, SetLimit};
        let mut s = Scenario::sample();
        (s.capacity.consoles, s.site_limit) = (20, None);
        s.phases = Some(vec![Phase::new("All", Selector::Rest, 0.0)]);
        let set =
            AvailabilitySet::new("front-ends", vec!["tokyo-internal".into()], vec![], SetLimit::MaxDown(1));
        s.fleet.availability_sets = vec![set];
        s.settle_version();
        let all = held(&s);
        let h = all[0].clone().unwrap();
        assert_eq!((h.by, h.set.as_deref()), (Binding::AvailabilitySet, Some("front-ends")), "{all:?}");
        assert_eq!(
            h.label(Lang::En),
            format!("availability set front-ends (−{})", crate::i18n::duration(h.sooner_minutes, Lang::En))
        );
        assert!(h.what(Lang::Ja).contains("可用性セット「front-ends」"));
        let without = Plan::make(&Scenario {
            fleet: crate::fleet::Fleet { availability_sets: vec![], ..s.fleet.clone() },
            ..s.clone()
        })
        .unwrap();
        let with = Plan::make(&s).unwrap();
        assert_eq!(
            with.phase_summaries[0].cautious_end - without.phase_summaries[0].cautious_end,
            h.sooner_minutes
        );
    }

    #[test]
    fn each_answer_is_what_removing_it_saves() {
        // The saving claimed is exactly the difference made by removing that constraint.
        let s = Scenario::sample();
        let plan = Plan::make(&s).unwrap();
        for (i, p) in plan.phase_summaries.iter().enumerate() {
            let Some(h) = &p.held_by else { continue };
            let variant = match h.by {
                Binding::Soak => {
                    let mut v = s.clone();
                    let mut phases = s.check_in(Lang::En).unwrap().phases;
                    phases.iter_mut().for_each(|p| p.soak_hours = 0.0);
                    v.phases = Some(phases);
                    v
                }
                Binding::SiteLimit => Scenario { site_limit: None, ..s.clone() },
                Binding::AvailabilitySet => {
                    let mut v = s.clone();
                    v.fleet.availability_sets.retain(|set| Some(&set.name) != h.set.as_ref());
                    v
                }
                Binding::WindowLength => {
                    let mut v = s.clone();
                    v.windows.iter_mut().for_each(|w| w.length_minutes = DAY);
                    v
                }
                Binding::Consoles => {
                    let mut v = s.clone();
                    v.capacity.consoles = ample_consoles(&plan.expanded);
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
        assert_eq!(all.last().cloned().flatten().map(|h| h.by), Some(Binding::Nothing), "{all:?}");
    }

    #[test]
    fn a_plan_over_the_limits_is_not_explained() {
        let mut s = Scenario::sample();
        s.site_limit = Some(SiteLimit::Hosts(1));
        let plan = Plan::make(&s).unwrap();
        let (batches, hosts) = (plan.schedule.batches.len(), plan.expanded.hosts.len());
        assert!(explained(batches, hosts), "{batches} batches");
        assert!(plan.phase_summaries.iter().any(|p| p.held_by.is_some()));
        // Over either limit nothing is claimed, and the note says why.
        assert!(!explained(MOST_BATCHES + 1, hosts) && !explained(batches, MOST_HOSTS + 1));
        assert!(explanation(MOST_BATCHES + 1, hosts, Lang::En).contains("not worked out"));
        assert!(!explanation(batches, hosts, Lang::En).contains("not worked out"));
    }
}
