//! Why each phase takes as long as it does: of the constraints a planner can change
//! (consoles, window length, the per-site limit, soak), the one whose removal would end
//! the phase soonest, found by planning once more without each.
//!
//! "One console costs only 20 more minutes" then has its answer on screen: the phases
//! are held by their windows or soak, not by consoles. A phase that no single removal
//! ends sooner is held by the calendar: when its windows open (or the plan's start).

use serde::Serialize;

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::{Checked, Scenario};
use crate::solve::Binding;
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

    /// A table cell's words: "soak (−1 d)", the time the phase would gain without it.
    pub fn label(self, lang: Lang) -> String {
        let what = match self.by {
            Binding::Consoles => lang.pick("consoles", "コンソール数"),
            Binding::WindowLength => lang.pick("window length", "ウィンドウの長さ"),
            Binding::SiteLimit => lang.pick("per-site limit", "サイトごとの上限"),
            Binding::Soak => lang.pick("soak", "待機時間"),
            Binding::Nothing => return lang.pick("the calendar", "日程").into(),
        };
        let sooner = crate::i18n::duration(self.sooner_minutes, lang);
        match lang {
            Lang::En => format!("{what} (−{sooner})"),
            Lang::Ja => format!("{what}（−{sooner}）"),
        }
    }
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
/// `checked` is `scenario.check_in(lang)`, the check `plan` was made from.
pub fn held_by(scenario: &Scenario, checked: &Checked, plan: &Plan, lang: Lang) -> Vec<Option<Held>> {
    let consoles = scenario.capacity.consoles;
    let ample = ample_consoles(plan);
    // Each variant removes one constraint, if the scenario has it.
    let mut variants: Vec<(Binding, Option<Plan>)> = Vec::with_capacity(4);
    if ample > consoles {
        variants.push((Binding::Consoles, Plan::from_checked(scenario, checked.clone(), ample, lang).ok()));
    }
    if scenario.windows.iter().any(|w| w.length_minutes < DAY) {
        let mut longer = scenario.clone();
        for w in &mut longer.windows {
            w.length_minutes = DAY;
        }
        // Longer windows can overlap one another: the variant is checked afresh.
        variants.push((Binding::WindowLength, Plan::make_unexplained(&longer, lang).ok()));
    }
    if scenario.site_limit.is_some() {
        let unlimited = Scenario { site_limit: None, ..scenario.clone() };
        variants
            .push((Binding::SiteLimit, Plan::from_checked(&unlimited, checked.clone(), consoles, lang).ok()));
    }
    if checked.phases.iter().any(|p| p.soak_hours > 0.0) {
        let mut unsoaked = checked.clone();
        for p in &mut unsoaked.phases {
            p.soak_hours = 0.0;
        }
        variants.push((Binding::Soak, Plan::from_checked(scenario, unsoaked, consoles, lang).ok()));
    }
    plan.phase_summaries
        .iter()
        .enumerate()
        .map(|(i, phase)| {
            if phase.batches == 0 {
                return None;
            }
            let mut held = Held { by: Binding::Nothing, sooner_minutes: 0 };
            for (by, variant) in &variants {
                let Some(other) = variant.as_ref().and_then(|v| v.phase_summaries.get(i)) else { continue };
                let sooner = phase.cautious_end - other.cautious_end;
                if other.batches > 0 && sooner > held.sooner_minutes {
                    held = Held { by: *by, sooner_minutes: sooner };
                }
            }
            Some(held)
        })
        .collect()
}

const DAY: u32 = 24 * 60;

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
}
