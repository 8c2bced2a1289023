//! "What does it take?": the fewest consoles that meet every completion target, and when
//! consoles alone cannot, which constraint binds and the one more lever that would.
//!
//! The search is exact, not heuristic. The finish times of the engine's plans need not be
//! monotone in the number of consoles (greedy scheduling can do worse with more), so the
//! answer is the first count, going up, whose plan meets every target: the true minimum
//! for the engine's own plans. Three facts keep that search short without losing it:
//!
//! - Counts below the least that a capacity bound allows ([`bound`]) cannot meet the
//!   targets, and are not planned.
//! - Once a plan leaves one of its consoles unused, no batch ever waited for a console,
//!   and every larger count gives the same batches at the same times (`saturation`; the
//!   property tests check this against brute force). So whether a count leaves a console
//!   unused only turns from no to yes going up, the point where it turns is found by
//!   bisection, and no count beyond it is planned.
//! - Checking the scenario, and which hosts each phase takes, does not depend on the
//!   consoles, the windows' length or the per-site limit: it is done once, and every
//!   count and every variant of the second lever reuses it, as counts reuse their plans.

mod bound;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use bound::Bound;
use serde::{Deserialize, Serialize};

use crate::bottleneck::Binding;
use crate::i18n::Lang;
use crate::phase::Phase;
use crate::plan::{Outcome, Plan, PlanError};
use crate::scenario::{Checked, Scenario, TARGETS_VERSION};
use crate::scheduler::{SiteLimit, Stages};
use crate::target::{Resolved, Target};
use crate::timing::MAX_CONSOLES;

/// One row of the sensitivity table: the plan with this many consoles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub consoles: u32,
    /// Each target's outcome, in the targets' order; empty when no plan could be made
    /// (too few consoles to finish within the scenario's horizon).
    pub outcomes: Vec<Outcome>,
    /// Weighted host-hours exposed (the area under the exposure curve); `None` without a
    /// plan.
    pub exposure_area: Option<f64>,
    /// When the last batch ends (cautious), UTC minutes.
    pub end: Option<i64>,
}

impl Row {
    /// Every target met.
    pub fn meets(&self) -> bool {
        !self.outcomes.is_empty() && self.outcomes.iter().all(|o| o.met)
    }

    /// The worst margin over the targets (negative: the latest target's lateness).
    pub fn worst_margin(&self) -> Option<i64> {
        self.outcomes.iter().map(|o| o.margin_minutes).min()
    }
}

/// The second lever, when consoles alone cannot meet the targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Lever {
    /// Every window at least this long (minutes), with this many consoles.
    WindowLength { minutes: u32, consoles: u32 },
    /// This per-site limit (`None`: no limit), with this many consoles.
    SiteLimit { limit: Option<SiteLimit>, consoles: u32 },
}

impl Lever {
    /// The lever in words: "windows of at least 5 h with 3 console(s)".
    pub fn text(&self, lang: Lang) -> String {
        let duration = |m: u32| crate::i18n::duration(i64::from(m), lang);
        match (self, lang) {
            (Lever::WindowLength { minutes, consoles }, Lang::En) => {
                format!("windows of at least {} with {consoles} console(s)", duration(*minutes))
            }
            (Lever::WindowLength { minutes, consoles }, Lang::Ja) => {
                format!("ウィンドウを {} 以上にし、コンソール {consoles} 台", duration(*minutes))
            }
            (Lever::SiteLimit { limit, consoles }, _) => {
                let limit = match (limit, lang) {
                    (Some(SiteLimit::Percent(p)), _) => format!("{} %", *p),
                    (Some(SiteLimit::Hosts(n)), Lang::En) => format!("{n} hosts"),
                    (Some(SiteLimit::Hosts(n)), Lang::Ja) => format!("{n}台"),
                    (None, Lang::En) => "no limit".into(),
                    (None, Lang::Ja) => "上限なし".into(),
                };
                match lang {
                    Lang::En => format!("a per-site limit of {limit} with {consoles} console(s)"),
                    Lang::Ja => format!("サイトごとの上限を {limit} にし、コンソール {consoles} 台"),
                }
            }
        }
    }
}

/// The solver's answer (and, serialised, what the page's worker sends back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    pub targets: Vec<Resolved>,
    /// The plan's start (UTC minutes): the table's times count from it.
    pub start: i64,
    pub consoles_now: u32,
    /// The scenario's own plan against the targets.
    pub now: Row,
    /// The fewest consoles (up to the search's maximum) that meet every target.
    pub consoles_needed: Option<u32>,
    /// From this many consoles on, the plan no longer changes (`None`: not reached
    /// within the maximum).
    pub saturation: Option<u32>,
    pub binding: Binding,
    /// When an availability set binds: the one that held hosts back most often.
    pub binding_set: Option<String>,
    /// When consoles alone cannot: the window length or site limit that would.
    pub lever: Option<Lever>,
    /// The sensitivity table: consoles around the answer, at least eight rows.
    pub table: Vec<Row>,
    /// When nothing meets the targets: the most consoles that still change the plan (the
    /// saturation point, or the most the search tried).
    pub ceiling: Option<u32>,
    /// When nothing meets the targets: by how much they are still missed with `ceiling`
    /// consoles (minutes the latest target is late).
    pub best_miss_minutes: Option<i64>,
    /// The search was stopped before it finished (see [`solve_within`]): no minimum is
    /// claimed beyond the counts in the table.
    pub cut_short: bool,
}

impl Solution {
    /// A way to meet every target was found (consoles alone, or with the second lever).
    pub fn found(&self) -> bool {
        self.consoles_needed.is_some() || self.lever.is_some()
    }

    /// What binds, in words: "the per-site limit", "availability set tokyo-cluster-1".
    pub fn binding_text(&self, lang: Lang) -> String {
        match (&self.binding, &self.binding_set) {
            (Binding::AvailabilitySet, Some(set)) => crate::bottleneck::set_named(set, lang),
            (binding, _) => binding.describe(lang).into(),
        }
    }
}

/// Why the solver cannot answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveError {
    /// The scenario (with its targets) does not check out.
    Plan(PlanError),
    /// No target to solve for.
    NoTargets,
}

/// Rows of the table at least.
const TABLE_ROWS: u32 = 8;
/// Window lengths tried, in steps of this many minutes.
const WINDOW_STEP_MINUTES: u32 = 30;
/// The longest window tried: a whole day.
const LONGEST_WINDOW_MINUTES: u32 = 24 * 60;

/// The scenario with `targets` in place of its own (when any are given).
pub fn with_targets(scenario: &Scenario, targets: &[Target]) -> Scenario {
    let mut scenario = scenario.clone();
    if !targets.is_empty() {
        scenario.targets = targets.to_vec();
        scenario.version = scenario.version.max(TARGETS_VERSION);
    }
    scenario
}

/// Told how far the search is (`done` plans of about `total`), it says whether the search
/// may go on; a search it stops is marked `cut_short`.
pub type Watch<'a> = &'a dyn Fn(u32, u32) -> bool;

/// How many plans the search has made and expects to make, and whether it was stopped.
struct Progress<'a> {
    watch: Watch<'a>,
    done: Cell<u32>,
    total: Cell<u32>,
    stopped: Cell<bool>,
}

impl Progress<'_> {
    /// One more plan, if the watcher lets it.
    fn go(&self) -> bool {
        if self.stopped.get() {
            return false;
        }
        let done = self.done.get() + 1;
        self.done.set(done);
        self.total.set(self.total.get().max(done));
        if !(self.watch)(done, self.total.get()) {
            self.stopped.set(true);
        }
        !self.stopped.get()
    }

    /// About `more` plans are still to come.
    fn expect(&self, more: u32) {
        self.total.set(self.total.get().max(self.done.get().saturating_add(more)));
    }
}

/// What every count and every variant of the scenario share: the scenario checked, and
/// the phases a plan runs with the hosts each takes.
struct Base {
    checked: Checked,
    phases: Vec<Phase>,
    hosts: Vec<Vec<u32>>,
    stages: Stages,
}

impl Base {
    fn new(scenario: &Scenario, lang: Lang) -> Result<Self, SolveError> {
        let checked = scenario.check_in(lang).map_err(|p| SolveError::Plan(PlanError::Invalid(p)))?;
        let (phases, hosts, stages) = crate::plan::staged(scenario, &checked, lang);
        Ok(Self { checked, phases, hosts, stages })
    }
}

/// One scenario (the planner's, or a variant with longer windows or another per-site
/// limit) searched over console counts: each count planned at most once.
struct Search<'a> {
    scenario: Scenario,
    base: &'a Base,
    bound: Option<Bound<'a>>,
    progress: &'a Progress<'a>,
    /// Each count planned so far: its row, and how many consoles its plan used (`None`:
    /// no plan).
    rows: RefCell<BTreeMap<u32, (Row, Option<u32>)>>,
}

impl<'a> Search<'a> {
    fn new(scenario: Scenario, base: &'a Base, progress: &'a Progress<'a>) -> Self {
        let bound = Bound::new(&scenario, &base.checked, &base.phases, &base.hosts);
        Self { scenario, base, bound, progress, rows: RefCell::default() }
    }

    /// The plan with `consoles`, as a row of the table and the consoles it used; `None`
    /// when the search was stopped.
    fn row(&self, consoles: u32) -> Option<(Row, Option<u32>)> {
        if let Some(known) = self.rows.borrow().get(&consoles) {
            return Some(known.clone());
        }
        if !self.progress.go() {
            return None;
        }
        let base = self.base;
        let planned =
            match Plan::measured(&self.scenario, &base.checked, &base.phases, &base.stages, consoles) {
                Ok(plan) => {
                    let row = Row {
                        consoles,
                        outcomes: plan.outcomes,
                        exposure_area: Some(plan.exposure_area),
                        end: Some(plan.cautious_end),
                    };
                    (row, Some(plan.consoles_used))
                }
                // Too few consoles to finish within the horizon: nothing is met.
                Err(_) => (Row { consoles, outcomes: Vec::new(), exposure_area: None, end: None }, None),
            };
        self.rows.borrow_mut().insert(consoles, planned.clone());
        Some(planned)
    }

    /// Whether the plan with `consoles` leaves a console unused (so every larger count
    /// plans the same).
    fn saturated(&self, consoles: u32) -> Option<bool> {
        Some(self.row(consoles)?.1.is_some_and(|used| used < consoles))
    }

    /// The least count (up to `max`) from which more consoles change nothing, by bisection:
    /// being saturated only turns from no to yes going up.
    fn saturation(&self, max: u32) -> Option<Option<u32>> {
        if !self.saturated(max)? {
            return Some(None);
        }
        let (mut lo, mut hi) = (1, max);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.saturated(mid)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(Some(lo))
    }

    /// The fewest consoles (up to `max`) that meet every target: counts the bound allows,
    /// from the least of them up, until one meets them or more consoles change nothing.
    fn fewest(&self, max: u32) -> Option<Option<u32>> {
        let Some(lo) = self.bound.as_ref().map_or(Some(1), |b| b.least_consoles_above(-1, max)) else {
            return Some(None);
        };
        self.progress.expect(max - lo + 1);
        for consoles in lo..=max {
            let (row, used) = self.row(consoles)?;
            if row.meets() {
                return Some(Some(consoles));
            }
            if used.is_some_and(|used| used < consoles) {
                break;
            }
        }
        Some(None)
    }

    /// The first count (at most `saturation`, walking down from it) that plans as the
    /// saturated count does: where more consoles stop helping.
    fn plateau(&self, saturation: u32) -> Option<u32> {
        let last = self.row(saturation)?.0;
        let same = |r: &Row| r.outcomes == last.outcomes && r.exposure_area == last.exposure_area;
        let mut first = saturation;
        while first > 1 && saturation - first < 2 * TABLE_ROWS && same(&self.row(first - 1)?.0) {
            first -= 1;
        }
        Some(first)
    }

    /// At least eight rows: around the answer (four below it where there are, three
    /// above); without one, around the count from which more consoles stop helping;
    /// without either, around the scenario's own count. Rows past the saturation point
    /// repeat its plan.
    fn table(&self, needed: Option<u32>, saturation: Option<u32>, now: u32, max: u32) -> Vec<Row> {
        let (start, end) = match (needed, saturation) {
            (Some(n), _) => {
                let start = n.saturating_sub(4).max(1);
                (start, (start + TABLE_ROWS - 1).max(n + 3))
            }
            (None, Some(s)) => {
                let start = self.plateau(s).unwrap_or(s).saturating_sub(4).max(1);
                (start, start + TABLE_ROWS - 1)
            }
            (None, None) => {
                let start = now.min(max).saturating_sub(4).max(1);
                (start, start + TABLE_ROWS - 1)
            }
        };
        (start..=end.min(max))
            .map_while(|consoles| {
                let planned = saturation.map_or(consoles, |s| consoles.min(s));
                let known = self.rows.borrow().get(&planned).cloned();
                let (row, _) = known.or_else(|| self.row(planned))?;
                Some(Row { consoles, ..row })
            })
            .collect()
    }
}

/// A miss said in words: "With 40 consoles (more change nothing), the targets are still
/// missed by 1 d 8 h".
pub fn miss_text(solution: &Solution, minutes: i64, lang: Lang) -> String {
    let (n, late) = (solution.ceiling.unwrap_or_default(), crate::i18n::duration(minutes, lang));
    match (lang, solution.saturation.is_some()) {
        (Lang::En, true) => {
            format!("With {n} console(s) (more change nothing), the targets are still missed by {late}.")
        }
        (Lang::En, false) => {
            format!("With {n} console(s), the most tried, the targets are still missed by {late}.")
        }
        (Lang::Ja, true) => {
            format!("コンソール{n}台（これ以上増やしても変わりません）でも、目標に{late}足りません。")
        }
        (Lang::Ja, false) => format!("試した最大のコンソール{n}台でも、目標に{late}足りません。"),
    }
}

/// Finds the fewest consoles (1..=`max_consoles`) whose plan meets every target of
/// `scenario` (see the module's notes on why the answer is exact).
pub fn solve(scenario: &Scenario, max_consoles: u32, lang: Lang) -> Result<Solution, SolveError> {
    solve_within(scenario, max_consoles, lang, &|_, _| true)
}

/// [`solve`], telling `watch` how far it is; a search `watch` stops is marked `cut_short`
/// and claims no minimum it did not reach.
pub fn solve_within(
    scenario: &Scenario,
    max_consoles: u32,
    lang: Lang,
    watch: Watch,
) -> Result<Solution, SolveError> {
    let max = max_consoles.clamp(1, MAX_CONSOLES);
    let base = Base::new(scenario, lang)?;
    if base.checked.targets.is_empty() {
        return Err(SolveError::NoTargets);
    }
    let progress =
        Progress { watch, done: Cell::new(0), total: Cell::new(TABLE_ROWS), stopped: Cell::new(false) };
    let search = Search::new(scenario.clone(), &base, &progress);
    let consoles_now = scenario.capacity.consoles;
    let now = search.row(consoles_now).map_or_else(
        || Row { consoles: consoles_now, outcomes: Vec::new(), exposure_area: None, end: None },
        |(row, _)| row,
    );
    let needed = search.fewest(max).flatten();
    // Where more consoles stop helping, when nothing meets the targets (an answer's table
    // needs only the rows around it).
    let saturation = match needed {
        Some(n) => search.rows.borrow().get(&n).filter(|(_, used)| used.is_some_and(|u| u < n)).map(|_| n),
        None => search.saturation(max).flatten(),
    };
    let table = search.table(needed, saturation, consoles_now, max);
    let mut solution = Solution {
        targets: base.checked.targets.clone(),
        start: base.checked.start,
        consoles_now,
        now,
        consoles_needed: needed,
        saturation,
        binding: Binding::Consoles,
        binding_set: None,
        lever: None,
        table,
        ceiling: needed.is_none().then(|| saturation.unwrap_or(max)),
        best_miss_minutes: None,
        cut_short: progress.stopped.get(),
    };
    if needed.is_some() || solution.cut_short {
        return Ok(solution);
    }
    // Consoles alone cannot. Which constraint binds: the one whose removal, with every
    // console the search allows, gets closest to the targets.
    let ceiling = saturation.unwrap_or(max);
    let best_now = search.row(ceiling).and_then(|(row, _)| row.worst_margin());
    let tried = |variant: Scenario| -> Option<i64> {
        if !progress.go() {
            return None;
        }
        let plan =
            Plan::make_unexplained(&Scenario { capacity: capacity_with(&variant, ceiling), ..variant }, lang)
                .ok()?;
        plan.targets.iter().map(|t| t.outcome.margin_minutes).min()
    };
    let relaxed = [
        (Binding::WindowLength, windows_at_least(scenario, LONGEST_WINDOW_MINUTES)),
        (Binding::SiteLimit, Scenario { site_limit: None, ..scenario.clone() }),
        (Binding::AvailabilitySet, without_sets(scenario)),
        (Binding::Soak, without_soak(scenario, &base)),
    ];
    let mut binding = (Binding::Nothing, best_now);
    for (kind, variant) in relaxed {
        let Some(variant) = variant_if_different(scenario, variant) else { continue };
        if let Some(margin) = tried(variant) {
            if binding.1.is_none_or(|best| margin > best) {
                binding = (kind, Some(margin));
            }
        }
    }
    solution.binding = binding.0;
    if binding.0 == Binding::AvailabilitySet {
        // The set that held hosts back most often with every console that helps.
        let plan = Plan::make_unexplained(
            &Scenario { capacity: capacity_with(scenario, ceiling), ..scenario.clone() },
            lang,
        );
        solution.binding_set = plan.ok().and_then(|p| {
            let holds = &p.schedule.set_holds;
            let most = (0..holds.len()).max_by_key(|&s| (holds[s], std::cmp::Reverse(s)))?;
            Some(p.expanded.sets.names[most].clone())
        });
    }
    let lever_of = |variants: Vec<(Scenario, Lever)>| {
        variants.into_iter().find_map(|(variant, lever)| {
            let consoles = Search::new(variant, &base, &progress).fewest(max)??;
            Some(match lever {
                Lever::WindowLength { minutes, .. } => Lever::WindowLength { minutes, consoles },
                Lever::SiteLimit { limit, .. } => Lever::SiteLimit { limit, consoles },
            })
        })
    };
    solution.lever = match binding.0 {
        Binding::WindowLength => lever_of(window_variants(scenario)),
        Binding::SiteLimit => lever_of(site_limit_variants(scenario)),
        _ => None,
    };
    solution.cut_short = progress.stopped.get();
    if solution.lever.is_none() && !solution.cut_short {
        solution.best_miss_minutes = best_now.map(|m| -m);
    }
    Ok(solution)
}

/// The bound the search prunes with ([`bound`]): at least the worst margin over the
/// targets (minutes to spare, negative when late) of the plan with `consoles`, whatever
/// that plan is. `None` when a site's zone cannot be read. For tests of the bound.
pub fn margin_bound(scenario: &Scenario, consoles: u32, lang: Lang) -> Result<Option<i64>, SolveError> {
    let base = Base::new(scenario, lang)?;
    Ok(Bound::new(scenario, &base.checked, &base.phases, &base.hosts).map(|b| b.margin(consoles)))
}

fn capacity_with(scenario: &Scenario, consoles: u32) -> crate::scenario::Capacity {
    crate::scenario::Capacity { consoles, ..scenario.capacity.clone() }
}

fn variant_if_different(scenario: &Scenario, variant: Scenario) -> Option<Scenario> {
    (variant != *scenario).then_some(variant)
}

/// Every window at least `minutes` long.
fn windows_at_least(scenario: &Scenario, minutes: u32) -> Scenario {
    let mut variant = scenario.clone();
    for w in &mut variant.windows {
        w.length_minutes = w.length_minutes.max(minutes);
    }
    variant
}

/// The scenario without its availability sets.
fn without_sets(scenario: &Scenario) -> Scenario {
    let mut variant = scenario.clone();
    variant.fleet.availability_sets.clear();
    variant
}

/// The scenario's phases (as checked) with no soak time.
fn without_soak(scenario: &Scenario, base: &Base) -> Scenario {
    let mut variant = scenario.clone();
    let mut phases = base.checked.phases.clone();
    for p in &mut phases {
        p.soak_hours = 0.0;
    }
    variant.phases = Some(phases);
    variant
}

/// Longer windows to try, shortest first: in 30-minute steps up to a whole day. The
/// lever's consoles are filled in by the search.
fn window_variants(scenario: &Scenario) -> Vec<(Scenario, Lever)> {
    let Some(shortest) = scenario.windows.iter().map(|w| w.length_minutes).min() else { return Vec::new() };
    let first = (shortest / WINDOW_STEP_MINUTES + 1) * WINDOW_STEP_MINUTES;
    (first..=LONGEST_WINDOW_MINUTES)
        .step_by(WINDOW_STEP_MINUTES as usize)
        .map(|minutes| (windows_at_least(scenario, minutes), Lever::WindowLength { minutes, consoles: 0 }))
        .collect()
}

/// Looser per-site limits to try, tightest first: in steps of 5 % up to 100 %, or of one
/// host up to 50 more; then no limit.
fn site_limit_variants(scenario: &Scenario) -> Vec<(Scenario, Lever)> {
    let Some(limit) = scenario.site_limit else { return Vec::new() };
    let candidates: Vec<Option<SiteLimit>> = match limit {
        SiteLimit::Percent(p) => {
            let steps = ((100.0 - p) / 5.0).ceil().max(0.0) as u32;
            (1..=steps).map(|i| Some(SiteLimit::Percent((p + 5.0 * f64::from(i)).min(100.0)))).collect()
        }
        SiteLimit::Hosts(n) => (1..=50).map(|i| Some(SiteLimit::Hosts(n.saturating_add(i)))).collect(),
    };
    candidates
        .into_iter()
        .chain([None])
        .map(|limit| {
            (Scenario { site_limit: limit, ..scenario.clone() }, Lever::SiteLimit { limit, consoles: 0 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::Target;

    fn sample_with(targets: &[&str]) -> Scenario {
        let targets: Vec<Target> = targets.iter().map(|t| Target::from_flag(t).unwrap()).collect();
        with_targets(&Scenario::sample(), &targets)
    }

    fn brute_force(scenario: &Scenario, max: u32) -> Option<u32> {
        (1..=max).find(|&consoles| {
            let mut s = scenario.clone();
            s.capacity.consoles = consoles;
            Plan::make(&s).is_ok_and(|p| !p.targets.is_empty() && p.targets.iter().all(|t| t.outcome.met))
        })
    }

    #[test]
    fn the_sample_needs_more_consoles_for_a_tight_target_and_says_how_many() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        // A deadline a day before the sample finishes.
        let days = (plan.summary.cautious_end - plan.summary.start) / 1440;
        let scenario = sample_with(&[&format!("all={days}d")]);
        let solution = solve(&scenario, 50, Lang::En).unwrap();
        assert!(!solution.now.meets(), "the sample misses it with its own consoles");
        assert_eq!(solution.consoles_needed, brute_force(&scenario, 50));
        assert!(solution.table.len() >= 8, "{} rows", solution.table.len());
        assert!(solution.table.windows(2).all(|w| w[1].consoles == w[0].consoles + 1));
    }

    #[test]
    fn a_met_target_needs_no_more_than_the_scenario_has() {
        let scenario = sample_with(&["all=60d"]);
        let solution = solve(&scenario, 50, Lang::En).unwrap();
        assert!(solution.now.meets());
        assert_eq!(solution.consoles_needed, brute_force(&scenario, 50));
        assert!(solution.consoles_needed.unwrap() <= scenario.capacity.consoles);
        assert_eq!(solution.binding, Binding::Consoles);
    }

    /// A scenario planned with more consoles than the search may try still gets a table:
    /// the counts it tried.
    #[test]
    fn the_table_has_rows_when_the_count_in_use_is_beyond_the_search() {
        let mut scenario = sample_with(&["all=2d"]);
        scenario.capacity.consoles = 40;
        let solution = solve(&scenario, 5, Lang::En).unwrap();
        assert_eq!(solution.consoles_needed, None);
        let counts: Vec<u32> = solution.table.iter().map(|r| r.consoles).collect();
        assert_eq!(counts, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn an_impossible_deadline_names_what_binds_and_the_best_miss() {
        // Four hours from a Monday 09:00 start, with nightly windows at 22:00: no console
        // count or window length helps: the windows have not opened yet.
        let scenario = sample_with(&["all=4h"]);
        let solution = solve(&scenario, 20, Lang::En).unwrap();
        assert_eq!(solution.consoles_needed, None);
        assert!(!solution.found());
        assert!(solution.best_miss_minutes.is_some_and(|m| m > 0));
    }

    #[test]
    fn short_windows_are_named_and_lengthened_in_half_hours() {
        // The targets example (2,980 hosts) with one 30-minute weeknight window: no
        // console count finishes in 12 days; hour-long windows with four consoles do.
        let example = Scenario::from_json(include_str!("../examples/ms05-021-targets.json")).unwrap();
        let mut scenario = with_targets(&example, &[Target::from_flag("all=12d").unwrap()]);
        scenario.windows.truncate(1);
        scenario.windows[0].length_minutes = 30;
        let solution = solve(&scenario, 60, Lang::En).unwrap();
        assert_eq!(solution.consoles_needed, None);
        assert_eq!(solution.binding, Binding::WindowLength);
        assert_eq!(solution.lever, Some(Lever::WindowLength { minutes: 60, consoles: 4 }));
        assert!(solution.found());
        // Checked by brute force: the lever's consoles are the fewest at that length, and
        // no count meets the target with the windows as they are.
        assert_eq!(brute_force(&windows_at_least(&scenario, 60), 60), Some(4));
        assert_eq!(brute_force(&scenario, 60), None);
    }

    /// A cluster of the whole Tokyo 2003 group kept one down at a time: no number of
    /// consoles meets a one-day deadline in day-long windows with one phase and no site limit, and the solver
    /// names the set.
    #[test]
    fn a_tight_availability_set_is_named() {
        use crate::fleet::{AvailabilitySet, SetLimit};
        let mut scenario = sample_with(&["all=1d"]);
        scenario.windows[0].length_minutes = LONGEST_WINDOW_MINUTES;
        scenario.phases = Some(vec![Phase::new("All", crate::phase::Selector::Rest, 0.0)]);
        scenario.site_limit = None;
        let set =
            AvailabilitySet::new("tokyo-2003-pool", vec!["tokyo-2003".into()], vec![], SetLimit::MaxDown(1));
        scenario.fleet.availability_sets = vec![set];
        scenario.settle_version();
        let solution = solve(&scenario, 50, Lang::En).unwrap();
        assert_eq!(solution.consoles_needed, None);
        assert_eq!(solution.binding, Binding::AvailabilitySet);
        assert_eq!(solution.binding_set.as_deref(), Some("tokyo-2003-pool"));
        assert_eq!(solution.binding_text(Lang::En), "availability set tokyo-2003-pool");
        let json = crate::export::solution::json(&solution);
        assert!(json.contains("\"binding_set\": \"tokyo-2003-pool\""), "{json}");
    }

    #[test]
    fn a_tight_site_limit_is_named_and_loosened_host_by_host() {
        // Two hosts per site per window opening, no soak: five days needs 47.
        let mut scenario = sample_with(&["all=5d"]);
        scenario.site_limit = Some(SiteLimit::Hosts(2));
        let mut phases = scenario.check().unwrap().phases;
        phases.iter_mut().for_each(|p| p.soak_hours = 0.0);
        scenario.phases = Some(phases);
        let solution = solve(&scenario, 60, Lang::En).unwrap();
        assert_eq!(solution.binding, Binding::SiteLimit);
        assert_eq!(solution.lever, Some(Lever::SiteLimit { limit: Some(SiteLimit::Hosts(47)), consoles: 1 }));
        let limited = |n| Scenario { site_limit: Some(SiteLimit::Hosts(n)), ..scenario.clone() };
        assert_eq!(brute_force(&limited(47), 60), Some(1));
        assert_eq!(brute_force(&limited(46), 60), None);
    }

    #[test]
    fn a_search_stopped_early_says_so_and_claims_nothing() {
        let plan = Plan::make(&Scenario::sample()).unwrap();
        let days = (plan.summary.cautious_end - plan.summary.start) / 1440;
        let scenario = sample_with(&[&format!("all={days}d")]);
        let plans = std::cell::Cell::new(0);
        let solution = solve_within(&scenario, 50, Lang::En, &|_, _| {
            plans.set(plans.get() + 1);
            plans.get() <= 1
        })
        .unwrap();
        assert!(solution.cut_short);
        if solution.consoles_needed.is_none() {
            assert!(solution.lever.is_none() && solution.best_miss_minutes.is_none());
        }
    }

    /// The page's worker sends solutions in gloo-worker's encoding (bincode), which has no
    /// field names: every part must read back as it was written, a table row without a
    /// plan, a share target and a lever among them.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_solution_survives_the_workers_encoding() {
        let mut scenario =
            sample_with(&["all=4h", "95%=2026-12-20T08:00@Europe/Berlin", "internet_facing=3d"]);
        scenario.capacity.consoles = 1;
        let mut solution = solve(&scenario, 20, Lang::En).unwrap();
        solution.table.push(Row { consoles: 99, outcomes: Vec::new(), exposure_area: None, end: None });
        solution.lever = Some(Lever::SiteLimit { limit: Some(SiteLimit::Percent(55.5)), consoles: 3 });
        let bytes = bincode::serialize(&solution).unwrap();
        assert_eq!(bincode::deserialize::<Solution>(&bytes).unwrap(), solution);
    }

    #[test]
    fn no_targets_is_an_error_not_an_answer() {
        assert_eq!(solve(&Scenario::sample(), 10, Lang::En), Err(SolveError::NoTargets));
    }
}
