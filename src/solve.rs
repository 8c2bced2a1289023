//! "What does it take?": the fewest consoles that meet every completion target, and when
//! consoles alone cannot, which constraint binds and the one more lever that would.
//!
//! The search is exact, not heuristic. The finish times of the engine's plans need not be
//! monotone in the number of consoles (greedy scheduling can do worse with more), so
//! consoles are tried one by one from 1 upward and the first count whose plan meets every
//! target is the answer: the true minimum for the engine's own plans. The scan can stop
//! early only where more consoles cannot change the plan: once a plan leaves one of its
//! consoles unused, no batch ever waited for a console, and every larger count gives the
//! same batches at the same times (`saturation`; the property tests check this against
//! brute force). Checking the scenario, the costly part that consoles do not change, is
//! done once and reused for every count.

use crate::bottleneck::Binding;
use crate::i18n::Lang;
use crate::plan::{Outcome, Plan, PlanError};
use crate::scenario::{Checked, Scenario, TARGETS_VERSION};
use crate::scheduler::SiteLimit;
use crate::target::{Resolved, Target};
use crate::timing::MAX_CONSOLES;

/// One row of the sensitivity table: the plan with this many consoles.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub consoles: u32,
    /// Each target's outcome, in the targets' order; empty when no plan could be made
    /// (too few consoles to finish within the scenario's horizon).
    pub outcomes: Vec<Outcome>,
    /// Weighted host-hours exposed (the area under the exposure curve).
    pub exposure_area: f64,
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
#[derive(Clone, Debug, PartialEq)]
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

/// The solver's answer.
#[derive(Clone, Debug, PartialEq)]
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
    /// When consoles alone cannot: the window length or site limit that would.
    pub lever: Option<Lever>,
    /// The sensitivity table: consoles around the answer, at least eight rows.
    pub table: Vec<Row>,
    /// When nothing meets the targets: by how much the best console count misses them
    /// (minutes the latest target is late).
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

/// Whether the search may plan once more (the page gives it a time budget, so a huge
/// fleet cannot hold the page; the command line searches to the end).
pub type KeepGoing<'a> = &'a dyn Fn() -> bool;

/// Plans with each console count from 1 up, reusing one check of the scenario.
struct Scan<'a> {
    scenario: &'a Scenario,
    checked: Checked,
    lang: Lang,
    keep_going: KeepGoing<'a>,
    /// Set when `keep_going` said stop.
    cut_short: std::cell::Cell<bool>,
}

impl Scan<'_> {
    fn row(&self, consoles: u32) -> (Row, Option<u32>) {
        match Plan::from_checked(self.scenario, self.checked.clone(), consoles, self.lang) {
            Ok(plan) => {
                let used = plan.consoles_used();
                let row = Row {
                    consoles,
                    outcomes: plan.targets.iter().map(|t| t.outcome.clone()).collect(),
                    exposure_area: plan.summary.exposure_area,
                    end: Some(plan.summary.cautious_end),
                };
                (row, Some(used))
            }
            // Too few consoles to finish within the horizon: nothing is met.
            Err(_) => (Row { consoles, outcomes: Vec::new(), exposure_area: f64::INFINITY, end: None }, None),
        }
    }

    /// Consoles 1..=`max`: the first count meeting every target, the saturation point,
    /// and every row planned (up to the answer plus a few, for the table).
    fn consoles(&self, max: u32, rows_wanted: u32) -> (Option<u32>, Option<u32>, Vec<Row>) {
        let mut rows = Vec::new();
        let mut needed = None;
        for consoles in 1..=max {
            if !(self.keep_going)() {
                self.cut_short.set(true);
                break;
            }
            let (row, used) = self.row(consoles);
            if needed.is_none() && row.meets() {
                needed = Some(consoles);
            }
            rows.push(row);
            if used.is_some_and(|used| used < consoles) {
                return (needed, Some(consoles), rows);
            }
            if needed.is_some_and(|n| consoles >= (n + 3).max(rows_wanted)) {
                break;
            }
        }
        (needed, None, rows)
    }
}

/// Finds the fewest consoles (1..=`max_consoles`) whose plan meets every target of
/// `scenario` (see the module's notes on why the answer is exact).
pub fn solve(scenario: &Scenario, max_consoles: u32, lang: Lang) -> Result<Solution, SolveError> {
    solve_within(scenario, max_consoles, lang, &|| true)
}

/// [`solve`], planning only while `keep_going` says so; a search it stops is marked
/// `cut_short` and claims no minimum it did not reach.
pub fn solve_within(
    scenario: &Scenario,
    max_consoles: u32,
    lang: Lang,
    keep_going: KeepGoing,
) -> Result<Solution, SolveError> {
    let max = max_consoles.clamp(1, MAX_CONSOLES);
    let checked = scenario.check_in(lang).map_err(|p| SolveError::Plan(PlanError::Invalid(p)))?;
    if checked.targets.is_empty() {
        return Err(SolveError::NoTargets);
    }
    let (targets, start) = (checked.targets.clone(), checked.start);
    let consoles_now = scenario.capacity.consoles;
    let scan = Scan { scenario, checked, lang, keep_going, cut_short: Default::default() };
    let (now, _) = scan.row(consoles_now);
    let (needed, saturation, rows) = scan.consoles(max, TABLE_ROWS);
    let table = table_of(&rows, needed, saturation, consoles_now, max);

    let mut solution = Solution {
        targets,
        start,
        consoles_now,
        now,
        consoles_needed: needed,
        saturation,
        binding: Binding::Consoles,
        lever: None,
        table,
        best_miss_minutes: None,
        cut_short: scan.cut_short.get(),
    };
    if needed.is_some() || solution.cut_short {
        return Ok(solution);
    }
    // Consoles alone cannot. Which constraint binds: the one whose removal, with every
    // console the search allows, gets closest to the targets.
    let ceiling = saturation.unwrap_or(max);
    let best_now = rows.iter().filter_map(Row::worst_margin).max();
    let tried = |variant: Scenario| -> Option<i64> {
        if !keep_going() {
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
        (Binding::Soak, without_soak(&scan)),
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
    solution.lever = match binding.0 {
        Binding::WindowLength => window_lever(scenario, max, lang, keep_going),
        Binding::SiteLimit => site_limit_lever(scenario, max, lang, keep_going),
        _ => None,
    };
    solution.cut_short = !keep_going();
    if solution.lever.is_none() {
        solution.best_miss_minutes = best_now.map(|m| -m);
    }
    Ok(solution)
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

/// The scenario's phases (as checked) with no soak time.
fn without_soak(scan: &Scan) -> Scenario {
    let mut variant = scan.scenario.clone();
    let mut phases = scan.checked.phases.clone();
    for p in &mut phases {
        p.soak_hours = 0.0;
    }
    variant.phases = Some(phases);
    variant
}

/// The fewest consoles meeting every target in `variant`, if any does.
fn fewest(variant: &Scenario, max: u32, lang: Lang, keep_going: KeepGoing) -> Option<u32> {
    let checked = variant.check_in(lang).ok()?;
    Scan { scenario: variant, checked, lang, keep_going, cut_short: Default::default() }.consoles(max, 1).0
}

/// The shortest window length (in 30-minute steps up to a day) that meets the targets.
fn window_lever(scenario: &Scenario, max: u32, lang: Lang, keep_going: KeepGoing) -> Option<Lever> {
    let shortest = scenario.windows.iter().map(|w| w.length_minutes).min()?;
    let first = (shortest / WINDOW_STEP_MINUTES + 1) * WINDOW_STEP_MINUTES;
    (first..=LONGEST_WINDOW_MINUTES).step_by(WINDOW_STEP_MINUTES as usize).find_map(|minutes| {
        let consoles = fewest(&windows_at_least(scenario, minutes), max, lang, keep_going)?;
        Some(Lever::WindowLength { minutes, consoles })
    })
}

/// The tightest per-site limit looser than the scenario's that meets the targets: in
/// steps of 5 % up to 100 %, or of one host up to 50 more; else no limit.
fn site_limit_lever(scenario: &Scenario, max: u32, lang: Lang, keep_going: KeepGoing) -> Option<Lever> {
    let candidates: Vec<Option<SiteLimit>> = match scenario.site_limit? {
        SiteLimit::Percent(p) => {
            let steps = ((100.0 - p) / 5.0).ceil().max(0.0) as u32;
            (1..=steps).map(|i| Some(SiteLimit::Percent((p + 5.0 * f64::from(i)).min(100.0)))).collect()
        }
        SiteLimit::Hosts(n) => (1..=50).map(|i| Some(SiteLimit::Hosts(n.saturating_add(i)))).collect(),
    };
    candidates.into_iter().chain([None]).find_map(|limit| {
        let consoles = fewest(&Scenario { site_limit: limit, ..scenario.clone() }, max, lang, keep_going)?;
        Some(Lever::SiteLimit { limit, consoles })
    })
}

/// At least eight rows: around the answer (four below it where there are, three above);
/// without one, around the count from which more consoles stop helping; without either,
/// around the scenario's own count. Rows past the last count
/// planned (the saturation point) repeat its plan.
fn table_of(rows: &[Row], needed: Option<u32>, saturation: Option<u32>, now: u32, max: u32) -> Vec<Row> {
    let (start, end) = match (needed, saturation) {
        (Some(n), _) => {
            let start = n.saturating_sub(4).max(1);
            (start, (start + TABLE_ROWS - 1).max(n + 3))
        }
        (None, Some(_)) => {
            // Where more consoles stop helping: the first count planning as the last did.
            let last = rows.last().expect("at least one count was planned");
            let same = |r: &Row| r.outcomes == last.outcomes && r.exposure_area == last.exposure_area;
            let plateau = rows.iter().rposition(|r| !same(r)).map_or(1, |i| i as u32 + 2);
            let start = plateau.saturating_sub(4).max(1);
            (start, start + TABLE_ROWS - 1)
        }
        (None, None) => {
            // Around the count in use, or the last counts tried when it is beyond them.
            let start = now.min(max).saturating_sub(4).max(1);
            (start, start + TABLE_ROWS - 1)
        }
    };
    (start..=end.min(max))
        .filter_map(|consoles| {
            let row = rows.get(consoles as usize - 1).or(rows.last())?;
            Some(Row { consoles, ..row.clone() })
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
        let solution = solve_within(&scenario, 50, Lang::En, &|| {
            plans.set(plans.get() + 1);
            plans.get() <= 1
        })
        .unwrap();
        assert!(solution.cut_short);
        if solution.consoles_needed.is_none() {
            assert!(solution.lever.is_none() && solution.best_miss_minutes.is_none());
        }
    }

    #[test]
    fn no_targets_is_an_error_not_an_answer() {
        assert_eq!(solve(&Scenario::sample(), 10, Lang::En), Err(SolveError::NoTargets));
    }
}
