//! Properties of every plan, over random scenarios: each affected host is patched exactly
//! once and after its prerequisite, every batch lies inside a real window opening by the
//! cautious estimate, consoles never run two batches at once, phases keep their order and
//! soak times, exposure never rises, the per-site limit holds in every opening, windows
//! used counts distinct openings, no host name is patched twice, and no input makes the
//! planner panic. Each property also counts how many generated cases really planned, so
//! a generator that only makes invalid scenarios fails instead of passing vacuously.
#![cfg(not(target_arch = "wasm32"))]

use patchcast::fleet::{AvailabilitySet, Fleet, Group, SetLimit};
use patchcast::maintenance_window::{Day, Nth, Occurrences, Recurrence, Window};
use patchcast::phase::{Phase, Selector};
use patchcast::plan::{Plan, PlanError};
use patchcast::risk::Criticality;
use patchcast::risk::RiskTier;
use patchcast::scenario::{Capacity, Scenario, FORMAT, VERSION};
use patchcast::scheduler::{SiteLimit, Work, NO_BATCH};
use patchcast::time_zone;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

const ZONES: [&str; 8] = [
    "Asia/Tokyo",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Santiago",
    "Africa/Casablanca",
    "Pacific/Chatham",
];
const EDITIONS: [&str; 4] = ["ex2000-sp3", "ex2003", "ex2003-sp1", "ex5.5-sp4"];

fn group() -> impl Strategy<Value = Group> {
    (0..EDITIONS.len(), 1u32..400, 0..ZONES.len(), 0u32..400, 0u32..400, 0..3u8).prop_map(
        |(edition, hosts, site, internet, prerequisite, criticality)| Group {
            name: String::new(),
            edition: EDITIONS[edition].into(),
            hosts,
            site: format!("site{site}"),
            time_zone: ZONES[site].into(),
            internet_facing: internet % (hosts + 1),
            prerequisite_present: prerequisite % (hosts + 1),
            criticality: [Criticality::Low, Criticality::Normal, Criticality::High][criticality as usize],
            host_names: Vec::new(),
        },
    )
}

fn window() -> impl Strategy<Value = Window> {
    let weekly = proptest::collection::vec(0..7usize, 1..4)
        .prop_map(|days| Recurrence::Week { days: days.into_iter().map(|d| Day::ALL[d]).collect() });
    // Offsets over all of i16: those beyond ±27 days must be refused, never panic.
    let offset = prop_oneof![4 => -27i16..=27, 1 => any::<i16>()];
    let monthly = (0..6usize, 0..7usize, offset).prop_map(|(nth, day, offset_days)| Recurrence::Month {
        nth: [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Fifth, Nth::Last][nth],
        day: Day::ALL[day],
        offset_days,
    });
    // A back-out reserve now and then (one that leaves too little is refused by the check).
    let reserve = prop_oneof![3 => Just(0u32), 1 => 0u32..120];
    (prop_oneof![3 => weekly, 1 => monthly], 0..24i32, 0..4i32, 20u32..720, reserve).prop_map(
        |(recurrence, h, q, length, reserve)| Window {
            name: "w".into(),
            recurrence,
            start: format!("{h:02}:{:02}", q * 15),
            length_minutes: length,
            backout_reserve_minutes: reserve.min(length - 1),
            sites: Vec::new(),
        },
    )
}

fn selector() -> impl Strategy<Value = Selector> {
    prop_oneof![
        Just(Selector::Prerequisite),
        (1u32..20).prop_map(|hosts| Selector::Pilot { hosts }),
        // Pilots up to u32::MAX: above the fleet cap refused, below it planned.
        any::<u32>().prop_map(|hosts| Selector::Pilot { hosts }),
        (1.0f64..50.0).prop_map(|percent| Selector::PilotPercent { percent }),
        Just(Selector::Tier { tier: RiskTier::InternetAnonymous }),
        Just(Selector::InternetFacing),
        Just(Selector::Editions { ids: vec!["ex2003".into()] }),
        Just(Selector::Rest),
    ]
}

/// An availability set as drawn: groups and hosts by position, the way its limit is said
/// and its number.
type RawSet = (Vec<usize>, Vec<(usize, u32)>, u8, u32);

fn raw_set() -> impl Strategy<Value = RawSet> {
    (
        proptest::collection::vec(0usize..8, 0..2),
        proptest::collection::vec((0usize..8, 0u32..400), 0..6),
        0..3u8,
        1u32..4,
    )
}

/// Set `k` of `raw`, naming the groups and hosts it draws (made names, or the listed ones);
/// a limit that leaves nothing to patch is refused by the check, as it should be.
fn availability_set(k: usize, groups: &[Group], (from_groups, hosts, kind, n): RawSet) -> AvailabilitySet {
    let mut named: Vec<String> = from_groups.iter().map(|&g| format!("g{}", g % groups.len())).collect();
    let hosts = hosts
        .iter()
        .map(|&(g, ordinal)| {
            let g = g % groups.len();
            groups[g].host_name(ordinal % groups[g].hosts)
        })
        .collect::<Vec<_>>();
    if named.is_empty() && hosts.is_empty() {
        named.push("g0".into());
    }
    let limit = match kind {
        0 => SetLimit::MaxDown(n),
        1 => SetLimit::MaxDownPercent(f64::from(n) * 20.0),
        _ => SetLimit::MinInService(n),
    };
    AvailabilitySet::new(format!("set{k}"), named, hosts, limit)
}

prop_compose! {
    fn scenario()(
        groups in proptest::collection::vec(group(), 1..8),
        windows in proptest::collection::vec(window(), 1..3),
        consoles in 1u32..4,
        caution in 1.0f64..2.0,
        limit in proptest::option::of(prop_oneof![
            (1u32..50).prop_map(SiteLimit::Hosts),
            (5.0f64..100.0).prop_map(SiteLimit::Percent),
        ]),
        phases in proptest::option::of(proptest::collection::vec((selector(), 0.0f64..48.0), 1..12)),
        // Start years over the whole accepted range (and a little outside it).
        year in prop_oneof![3 => 2026i32..2040, 1 => 1965i32..2105],
        day in 0..365i64,
        hour in 0..24,
        named in any::<bool>(),
        sets in proptest::collection::vec(raw_set(), 0..4),
    ) -> Scenario {
        let mut groups = groups;
        for (i, g) in groups.iter_mut().enumerate() {
            g.name = format!("g{i}");
            if named && i % 2 == 0 {
                g.host_names = (0..g.hosts).map(|k| format!("host-{i}-{k}")).collect();
            }
        }
        let availability_sets = sets.into_iter().enumerate().map(|(k, raw)| availability_set(k, &groups, raw)).collect();
        let date = jiff::civil::date(year as i16, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
        Scenario {
            format: FORMAT.into(),
            version: VERSION,
            name: String::new(),
            advisory_preset: Some("MS05-021".into()),
            advisory: None,
            fleet: Fleet { groups, availability_sets },
            capacity: Capacity { consoles, caution, calibration: Vec::new(), failure_rate_percent: Some(1.0) },
            windows,
            blackouts: vec![date.checked_add(jiff::Span::new().days(3)).unwrap().to_string()],
            start: format!("{date}T{hour:02}:00"),
            start_time_zone: "Asia/Tokyo".into(),
            phases: phases.map(|ps| ps.into_iter().enumerate()
                .map(|(i, (s, soak))| Phase::new(&format!("p{i}"), s, soak)).collect()),
            site_limit: limit,
            horizon_days: 3650,
            targets: Vec::new(),
            change: Default::default(),
            progress: None,
            forecast: Default::default(),
        }
    }
}

/// Whether [start, end] lies inside an opening of window `w` at the plan's site.
fn inside_an_opening(plan: &Plan, site: usize, w: usize, start: i64, end: i64) -> bool {
    let s = &plan.expanded.sites[site];
    let tz = time_zone::zone(&s.time_zone).unwrap();
    // Openings from a week before the batch (a long one may have opened then).
    Occurrences::new(&plan.windows, &s.name, tz, plan.blackouts.at(&s.name), start - 7 * 24 * 60)
        .take_while(|o| o.start <= start)
        .any(|o| o.window as usize == w && o.start <= start && end <= o.end)
}

thread_local! {
    /// The site limit of the scenario being checked (the plan does not keep it).
    static LIMIT: std::cell::Cell<Option<SiteLimit>> = const { std::cell::Cell::new(None) };
}

fn plan_limit(_: &Plan) -> Option<SiteLimit> {
    LIMIT.with(std::cell::Cell::get)
}

fn check(plan: &Plan) -> Result<(), TestCaseError> {
    let s = &plan.schedule;
    let hosts = &plan.expanded.hosts;
    // Every affected host patched exactly once, after its prerequisite.
    let mut count = vec![0u32; hosts.len()];
    for (i, b) in s.batches.iter().enumerate() {
        prop_assert!(b.hosts > 0);
        prop_assert!(
            b.start >= b.window_start && b.cautious_end <= b.window_end,
            "batch {} leaves its window",
            i
        );
        prop_assert!(b.start <= b.expected_end && b.expected_end <= b.cautious_end);
        prop_assert!(
            inside_an_opening(plan, b.site as usize, b.window as usize, b.start, b.cautious_end),
            "batch {} is not inside a real opening of its window",
            i
        );
        for &h in plan.batch_hosts(i) {
            let host = &hosts[h as usize];
            prop_assert_eq!(host.site, b.site);
            prop_assert_eq!(host.edition, b.edition);
            if b.work == Work::Hotfix {
                count[h as usize] += 1;
                prop_assert_eq!(s.hotfix_batch[h as usize] as usize, i);
                if host.needs_prerequisite {
                    let pre = s.prerequisite_batch[h as usize];
                    prop_assert!(pre != NO_BATCH, "host {} lacks its prerequisite batch", h);
                    prop_assert!(s.batches[pre as usize].cautious_end <= b.start);
                }
            } else {
                prop_assert!(host.needs_prerequisite);
            }
        }
    }
    prop_assert!(count.iter().all(|&c| c == 1), "a host is patched other than once");
    prop_assert_eq!(plan.summary.hosts as usize, hosts.len());
    // A console runs one batch at a time.
    let mut by_console: Vec<(u16, i64, i64)> =
        s.batches.iter().map(|b| (b.console, b.start, b.cautious_end)).collect();
    by_console.sort_unstable();
    for pair in by_console.windows(2) {
        if pair[0].0 == pair[1].0 {
            prop_assert!(pair[0].2 <= pair[1].1, "console {} overlaps itself", pair[0].0);
        }
    }
    // Phases in order, each after the previous one's end and soak.
    let mut ready = plan.summary.start;
    for (i, p) in plan.phase_summaries.iter().enumerate() {
        let batches: Vec<_> = s.batches.iter().filter(|b| b.phase as usize == i).collect();
        for b in &batches {
            prop_assert!(b.start >= ready, "phase {} starts before the previous one's soak ends", i);
        }
        if !batches.is_empty() {
            ready = p.cautious_end + (plan.phases[i].soak_hours * 60.0).round() as i64;
        }
    }
    // The per-site limit holds in every opening (known by its end, which nothing moves),
    // over all phases, kinds of work and consoles together.
    let mut per_opening: HashMap<(u16, u16, i64), u32> = HashMap::new();
    let mut openings: HashSet<(u16, u16, i64)> = HashSet::new();
    for b in &s.batches {
        *per_opening.entry((b.site, b.window, b.window_end)).or_default() += b.hosts;
        openings.insert((b.site, b.window, b.window_start));
    }
    if let Some(limit) = plan_limit(plan) {
        for (&(site, _, _), &n) in &per_opening {
            let cap = match limit {
                SiteLimit::Hosts(n) => n,
                SiteLimit::Percent(p) => {
                    let site_hosts = hosts.iter().filter(|h| h.site == site).count() as f64;
                    ((site_hosts * p / 100.0).floor() as u32).max(1)
                }
            };
            prop_assert!(n <= cap, "{} hosts in one opening of site {}, limit {}", n, site, cap);
        }
    }
    // Each availability set within its limit at every moment.
    let peaks = plan.most_down_at_once();
    for (set, (&peak, &limit)) in peaks.iter().zip(&plan.expanded.sets.most_down).enumerate() {
        prop_assert!(peak <= limit, "{} hosts of set {} down at once, limit {}", peak, set, limit);
    }
    prop_assert_eq!(openings.len(), per_opening.len(), "an opening has two starts");
    prop_assert_eq!(plan.summary.windows_used as usize, openings.len());
    // No host name is patched twice.
    let mut names = HashSet::new();
    for h in hosts {
        let name = plan.fleet.groups[h.group as usize].host_name(h.ordinal);
        prop_assert!(names.insert(name.clone()), "host name {} is patched twice", name);
    }
    // Exposure only falls, and reaches zero.
    prop_assert!(plan.exposure.windows(2).all(|w| w[1].remaining <= w[0].remaining && w[1].at >= w[0].at));
    if !hosts.is_empty() {
        prop_assert_eq!(plan.exposure.last().unwrap().remaining, 0.0);
    }
    Ok(())
}

/// Runs `property` over `cases` values of `strategy`; returns how many it counted as
/// having planned.
fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value, &AtomicUsize) -> Result<(), TestCaseError>,
) -> usize
where
    S::Value: std::fmt::Debug,
{
    let planned = AtomicUsize::new(0);
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    TestRunner::new(config).run(&strategy, |v| property(v, &planned)).unwrap();
    planned.load(Ordering::Relaxed)
}

#[test]
fn every_plan_keeps_its_promises() {
    let cases = 300;
    let held = AtomicUsize::new(0);
    let planned = run(cases, scenario(), |scenario, planned| {
        LIMIT.with(|l| l.set(scenario.site_limit));
        match Plan::make(&scenario) {
            Ok(plan) => {
                planned.fetch_add(1, Ordering::Relaxed);
                if plan.schedule.set_holds.iter().any(|&n| n > 0) {
                    held.fetch_add(1, Ordering::Relaxed);
                }
                check(&plan)?
            }
            // Random windows can be too short: that is reported, not planned.
            Err(PlanError::Invalid(problems)) => prop_assert!(!problems.is_empty()),
            Err(PlanError::Schedule(_)) => {}
        }
        Ok(())
    });
    assert!(planned * 3 >= cases as usize, "only {planned} of {cases} generated scenarios planned");
    let held = held.load(Ordering::Relaxed);
    assert!(held * 10 >= planned, "availability sets held hosts back in only {held} of {planned} plans");
}

/// With the default phases, every internet-facing host (of any edition) is patched in a
/// phase before every host that is not, the pilot and the prerequisite wave aside, so the
/// "internet-facing" target and the phase of that name agree.
#[test]
fn the_default_phases_patch_every_internet_facing_host_first() {
    let cases = 200;
    let planned = run(cases, scenario(), |mut scenario, planned| {
        scenario.phases = None;
        scenario.site_limit = None;
        let Ok(plan) = Plan::make(&scenario) else { return Ok(()) };
        planned.fetch_add(1, Ordering::Relaxed);
        let s = &plan.schedule;
        let early = |phase: usize| {
            matches!(plan.phases[phase].selector, Selector::Pilot { .. } | Selector::Prerequisite)
        };
        let (mut last_facing, mut first_internal) = (None::<usize>, None::<usize>);
        for (h, host) in plan.expanded.hosts.iter().enumerate() {
            let phase = usize::from(s.batches[s.hotfix_batch[h] as usize].phase);
            if early(phase) {
                continue;
            }
            if host.internet_facing {
                last_facing = last_facing.max(Some(phase));
            } else {
                first_internal = Some(first_internal.map_or(phase, |f| f.min(phase)));
            }
        }
        if let (Some(facing), Some(internal)) = (last_facing, first_internal) {
            prop_assert!(
                facing < internal,
                "internet-facing phase {} after internal phase {}",
                facing,
                internal
            );
        }
        Ok(())
    });
    assert!(planned * 3 >= cases as usize, "only {planned} of {cases} generated scenarios planned");
}

/// The capacity solver against brute force: for random scenarios and a target whose
/// deadline falls between the finish with one console and with many, the fewest consoles
/// it reports is the first count (of every count tried one by one, each planned afresh)
/// whose plan meets the target; "none" means no count up to the maximum does, including
/// the counts past the point where it stopped because consoles stood idle.
#[test]
fn the_solver_finds_the_true_fewest_consoles() {
    use patchcast::i18n::Lang;
    use patchcast::solve::{solve, with_targets};
    use patchcast::target::{within_code, Target};
    const MAX: u32 = 8;
    let meets = |scenario: &Scenario, consoles: u32| {
        let mut s = scenario.clone();
        s.capacity.consoles = consoles;
        Plan::make(&s).ok().map(|p| (p.targets.iter().all(|t| t.outcome.met), p.summary.cautious_end))
    };
    let cases = 200;
    let answered = run(cases, (scenario(), 0.0f64..1.2, 0..3usize), |(scenario, fraction, kind), planned| {
        let (Some((_, one)), Some((_, many))) = (meets(&scenario, 1), meets(&scenario, MAX)) else {
            return Ok(());
        };
        let Ok(start) = Plan::make(&scenario).map(|p| p.summary.start) else { return Ok(()) };
        // A deadline between the finish with many consoles and with one.
        let span = (many - start) as f64 + fraction * (one - many) as f64;
        let hours = ((span / 60.0).floor() as i64).max(1);
        if hours > 3650 * 24 {
            // Beyond the longest deadline a target may have (ten years).
            return Ok(());
        }
        let hosts = ["all", "internet_facing", "90%"][kind];
        let target = Target::from_flag(&format!("{hosts}={}", within_code(hours * 60))).unwrap();
        let scenario = with_targets(&scenario, &[target]);
        let brute = (1..=MAX).find(|&c| meets(&scenario, c).is_some_and(|(met, _)| met));
        let solution = solve(&scenario, MAX, Lang::En).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(solution.consoles_needed, brute, "saturation {:?}", solution.saturation);
        // When nothing meets the target, the miss is that with every console that helps:
        // the saturation point, where more consoles plan the same (as planned afresh).
        if brute.is_none() && solution.lever.is_none() {
            let margin = |c: u32| {
                let mut s = scenario.clone();
                s.capacity.consoles = c;
                Plan::make(&s).ok().and_then(|p| p.targets.iter().map(|t| t.outcome.margin_minutes).min())
            };
            let ceiling = solution.saturation.unwrap_or(MAX);
            prop_assert_eq!(solution.best_miss_minutes, margin(ceiling).map(|m| -m));
            prop_assert_eq!(
                margin(ceiling),
                margin(MAX),
                "more consoles than the saturation point plan the same"
            );
        }
        if brute.is_some() {
            planned.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    assert!(answered >= 30, "only {answered} of {cases} cases had an answer to compare");
}

/// The bound the solver prunes with never promises less than a plan gets: for random
/// scenarios, targets and console counts, the bound on the worst margin is at least the
/// worst margin of the plan made with that many consoles.
#[test]
fn the_solvers_bound_never_cuts_off_a_plan() {
    use patchcast::i18n::Lang;
    use patchcast::solve::{margin_bound, with_targets};
    use patchcast::target::{within_code, Target};
    let cases = 300;
    let checked = run(
        cases,
        (scenario(), 1u32..=12, 1i64..=24 * 40, 0..6usize),
        |(scenario, consoles, hours, kind), planned| {
            let hosts =
                ["all", "internet_facing", "90%", "tier:internet_anonymous", "phase:Pilot", "50%"][kind];
            let target = Target::from_flag(&format!("{hosts}={}", within_code(hours * 60))).unwrap();
            let mut scenario = with_targets(&scenario, &[target]);
            scenario.capacity.consoles = consoles;
            let Ok(plan) = Plan::make(&scenario) else { return Ok(()) };
            let actual = plan.targets.iter().map(|t| t.outcome.margin_minutes).min().unwrap();
            let bound = margin_bound(&scenario, consoles, Lang::En).unwrap().unwrap();
            prop_assert!(bound >= actual, "bound {} < actual {} with {} consoles", bound, actual, consoles);
            planned.fetch_add(1, Ordering::Relaxed);
            Ok(())
        },
    );
    assert!(checked * 3 >= cases as usize, "only {checked} of {cases} generated scenarios planned");
}

/// A share target ("90% within …") against counting host by host: the time it reports is
/// the cautious end of the hotfix batch of the host that brings the patched share to the
/// percentage, with every host's patch time sorted.
#[test]
fn a_share_target_is_reached_when_that_share_of_hosts_is_patched() {
    use patchcast::solve::with_targets;
    use patchcast::target::Target;
    let cases = 200;
    let planned = run(cases, (scenario(), 1u32..=1000), |(scenario, tenths), planned| {
        let percent = f64::from(tenths) / 10.0;
        let target = Target::from_flag(&format!("{percent}%=30d")).unwrap();
        let Ok(plan) = Plan::make(&with_targets(&scenario, &[target])) else { return Ok(()) };
        let schedule = &plan.schedule;
        let mut times: Vec<i64> =
            schedule.hotfix_batch.iter().map(|&b| schedule.batches[b as usize].cautious_end).collect();
        times.sort_unstable();
        let needed = ((percent / 100.0 * times.len() as f64).ceil() as usize).clamp(1, times.len().max(1));
        prop_assert_eq!(plan.targets[0].outcome.reached, times.get(needed - 1).copied(), "{}%", percent);
        planned.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    assert!(planned * 3 >= cases as usize, "only {planned} of {cases} generated scenarios planned");
}

/// What holds each phase back, against planning afresh: for random scenarios, a phase said
/// to be held by a constraint ends exactly the claimed minutes sooner when the scenario is
/// planned again without it, and no removal the explanation tried ends a phase sooner than
/// the one it names (a phase held by "the calendar" by none).
#[test]
fn what_holds_each_phase_back_is_what_removing_it_saves() {
    use patchcast::bottleneck::Binding;
    use patchcast::i18n::Lang;
    const DAY: u32 = 24 * 60;
    let cases = 150;
    let explained = run(cases, scenario(), |scenario, planned| {
        let Ok(plan) = Plan::make(&scenario) else { return Ok(()) };
        let checked = scenario.check_in(Lang::En).unwrap();
        // Each removal as a scenario of its own, planned from scratch.
        let without = |by: Binding, set: Option<&str>| -> Option<Scenario> {
            let mut s = scenario.clone();
            match by {
                Binding::AvailabilitySet => {
                    s.fleet.availability_sets.retain(|a| Some(a.name.as_str()) != set)
                }
                Binding::Consoles => s.capacity.consoles = plan.summary.hosts.clamp(1, 1000) as u32,
                Binding::WindowLength => s.windows.iter_mut().for_each(|w| w.length_minutes = DAY),
                Binding::SiteLimit => s.site_limit = None,
                Binding::Soak => {
                    let mut phases = checked.phases.clone();
                    phases.iter_mut().for_each(|p| p.soak_hours = 0.0);
                    s.phases = Some(phases);
                }
                Binding::Nothing => return None,
            }
            (s != scenario).then_some(s)
        };
        // The sets some phase is held by were tried each on its own.
        let mut sets: Vec<Option<&str>> = plan
            .phase_summaries
            .iter()
            .filter_map(|p| p.held_by.as_ref()?.set.as_deref())
            .map(Some)
            .collect();
        sets.sort_unstable();
        sets.dedup();
        let replans: Vec<(Binding, Option<&str>, Plan)> =
            [Binding::Consoles, Binding::WindowLength, Binding::SiteLimit, Binding::Soak]
                .into_iter()
                .map(|by| (by, None))
                .chain(sets.iter().map(|&set| (Binding::AvailabilitySet, set)))
                .filter_map(|(by, set)| Some((by, set, Plan::make(&without(by, set)?).ok()?)))
                .collect();
        for (i, phase) in plan.phase_summaries.iter().enumerate() {
            let Some(held) = &phase.held_by else { continue };
            planned.fetch_add(1, Ordering::Relaxed);
            let sooner = |p: &Plan| {
                let other = &p.phase_summaries[i];
                (other.batches > 0).then(|| phase.cautious_end - other.cautious_end)
            };
            if held.by != Binding::Nothing {
                let named = (replans.iter())
                    .find(|(by, set, _)| *by == held.by && *set == held.set.as_deref())
                    .map(|(_, _, p)| p);
                prop_assert!(
                    named.is_some(),
                    "phase {} held by {:?}, which does not plan without it",
                    i,
                    held.by
                );
                prop_assert_eq!(sooner(named.unwrap()), Some(held.sooner_minutes), "phase {}", i);
            }
            for (by, _, p) in &replans {
                // Consoles are tried only when all were used (else more plan the same).
                if *by == Binding::Consoles && plan.consoles_used() < scenario.capacity.consoles {
                    continue;
                }
                if let Some(s) = sooner(p) {
                    prop_assert!(
                        s <= held.sooner_minutes,
                        "phase {}: without {:?} it ends {} min sooner, more than {:?}",
                        i,
                        by,
                        s,
                        held
                    );
                }
            }
        }
        Ok(())
    });
    assert!(explained >= 100, "only {explained} phases of {cases} scenarios were explained");
}

/// Structurally valid scenarios with wild values in their numbers and texts, read back
/// from JSON as a file or link would be: refused with problems, or planned, never a panic.
#[test]
fn no_json_makes_the_planner_panic() {
    // Wild values of the leaf's own kind, so that most cases get past reading; now and
    // then a value of another kind.
    let number = prop_oneof![
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(u32::MAX)),
        Just(serde_json::json!(i64::MIN)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(1e308)),
        Just(serde_json::json!(-0.0)),
        any::<i16>().prop_map(|n| serde_json::json!(n)),
        any::<i32>().prop_map(|n| serde_json::json!(n)),
        (0u32..3000).prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
    ];
    let text = prop_oneof![
        Just(String::new()),
        Just("9999-12-31T23:59".to_string()),
        Just("1969-12-31T23:59".to_string()),
        Just("2027-02-29".to_string()),
        Just("24:00".to_string()),
        Just("site0".to_string()),
        Just("g0".to_string()),
        Just("Etc/GMT+14".to_string()),
        "\\PC{0,12}",
    ]
    .prop_map(serde_json::Value::String);
    let other =
        prop_oneof![Just(serde_json::json!(null)), Just(serde_json::json!([])), Just(serde_json::json!({}))];
    let wild = (number, text, other, 0..10u8);
    let mutations = proptest::collection::vec((any::<proptest::sample::Index>(), wild), 1..3);
    let cases = 300;
    let reached = AtomicUsize::new(0);
    let planned = run(cases, (scenario(), mutations), |(scenario, mutations), planned| {
        let mut value = serde_json::to_value(&scenario).unwrap();
        for (at, wild) in mutations {
            let mut leaves = Vec::new();
            collect_leaves(&value, String::new(), &mut leaves);
            let pointer = at.get(&leaves).clone();
            let leaf = value.pointer_mut(&pointer).unwrap();
            let (number, text, other, kind) = wild;
            *leaf = match (&*leaf, kind) {
                (_, 0) => other,
                (serde_json::Value::Number(_), _) => number,
                (serde_json::Value::String(_), _) => text,
                (serde_json::Value::Bool(b), _) => serde_json::Value::Bool(!b),
                _ => number,
            };
        }
        if let Ok(s) = Scenario::from_json(&value.to_string()) {
            if s.fleet.total_hosts() <= 200_000 {
                reached.fetch_add(1, Ordering::Relaxed);
                if Plan::make(&s).is_ok() {
                    planned.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Ok(())
    });
    // Wild values are mostly refused; many must still get past reading to the planner,
    // and some must plan.
    let reached = reached.load(Ordering::Relaxed);
    eprintln!("{reached} of {cases} mutated scenarios reached the planner, {planned} planned");
    assert!(reached * 4 >= cases as usize, "only {reached} of {cases} mutated scenarios reached the planner");
    assert!(planned * 50 >= cases as usize, "only {planned} of {cases} mutated scenarios planned");
}

/// JSON pointers of every number, string, boolean and null in `v`.
fn collect_leaves(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            m.iter().for_each(|(k, v)| collect_leaves(v, format!("{at}/{k}"), out))
        }
        serde_json::Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, v)| collect_leaves(v, format!("{at}/{i}"), out))
        }
        _ => out.push(at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn wild_numbers_are_refused_or_planned_never_panic(
        hosts in any::<u32>(), consoles in any::<u32>(), caution in any::<f64>(),
        length in any::<u32>(), soak in any::<f64>(), horizon in any::<u32>(),
        offset in any::<i16>(), pilot in any::<u32>(),
    ) {
        let mut s = Scenario::sample();
        s.fleet.groups[0].hosts = hosts % 3_000_000;
        s.capacity.consoles = consoles;
        s.capacity.caution = caution;
        s.windows[0].length_minutes = length;
        s.windows.push(Window {
            name: "monthly".into(),
            recurrence: Recurrence::Month { nth: Nth::Last, day: Day::Sun, offset_days: offset },
            start: "12:00".into(),
            length_minutes: 120,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        });
        s.horizon_days = horizon % 5000;
        s.phases = Some(vec![
            Phase::new("pilot", Selector::Pilot { hosts: pilot }, soak),
            Phase::new("all", Selector::Rest, soak),
        ]);
        if s.fleet.total_hosts() < 20_000 {
            let _ = Plan::make(&s);
        } else {
            let _ = s.check();
        }
    }
}

/// A rollout's events, generated: for each batch that ended by the status time, what was
/// recorded of it (`0` nothing: late; `1`–`3` done at its cautious end, at its expected end,
/// or 40 % late; `4` done with its last host failed; `5` failed; `6` given up; `7` skipped),
/// and a host or two given up or skipped by name.
#[derive(Clone, Debug)]
struct Happenings {
    /// Where the status time falls: this share of the way through the plan.
    now: f64,
    fates: Vec<u8>,
    host_fates: Vec<(usize, u8)>,
}

fn happenings() -> impl Strategy<Value = Happenings> {
    (
        0.0f64..1.1,
        proptest::collection::vec(0u8..8, 0..40),
        proptest::collection::vec((any::<usize>(), 0u8..3), 0..4),
    )
        .prop_map(|(now, fates, host_fates)| Happenings { now, fates, host_fates })
}

/// The plan approved, and `happened` recorded; `None` when the scenario does not plan.
fn rollout(scenario: &Scenario, happened: &Happenings, as_planned: bool) -> Option<(Scenario, Plan, i64)> {
    use patchcast::civil::Instant;
    use patchcast::progress::{Event, Status};
    let plan = Plan::make(scenario).ok()?;
    let span = plan.summary.cautious_end - plan.summary.start;
    let now = plan.summary.start + (span as f64 * happened.now) as i64;
    let zone = time_zone::zone(&scenario.start_time_zone).unwrap();
    let mut progress = plan.approve(plan.summary.start, now, &zone);
    let at = |t: i64| Instant(t).with_offset(0);
    for (i, b) in plan.schedule.batches.iter().enumerate().filter(|(_, b)| b.cautious_end <= now) {
        let fate = if as_planned { 1 } else { happened.fates.get(i).copied().unwrap_or(1) };
        let event = |t: i64, status: Status, failed: Option<u32>| Event {
            at: at(t.min(now)),
            batch: Some(i as u32 + 1),
            status: Some(status),
            failed_hosts: failed,
            ..Event::default()
        };
        let late = b.start + (b.cautious_end - b.start) * 14 / 10;
        progress.events.push(match fate {
            0 => continue,
            1 => event(b.cautious_end, Status::Done, None),
            2 => event(b.expected_end, Status::Done, None),
            3 => event(late, Status::Done, None),
            4 => event(b.cautious_end, Status::Done, Some(1)),
            5 => event(b.cautious_end, Status::Failed, None),
            6 => event(b.cautious_end, Status::GivenUp, None),
            _ => event(b.cautious_end, Status::Skipped, None),
        });
    }
    if !as_planned && !plan.expanded.hosts.is_empty() {
        let mut picked = HashSet::new();
        for &(pick, fate) in &happened.host_fates {
            let h = pick % plan.expanded.hosts.len();
            // One end for each host's install: a host picked twice is recorded once, and
            // one whose batch was recorded is left alone.
            let recorded = plan.schedule.batches[plan.schedule.hotfix_batch[h] as usize].cautious_end <= now;
            if recorded || !picked.insert(h) {
                continue;
            }
            let status = [Status::GivenUp, Status::Skipped, Status::Failed][fate as usize];
            progress.events.push(Event {
                at: at(now),
                host: Some(plan.host_name(h)),
                status: Some(status),
                ..Event::default()
            });
        }
    }
    let mut s = scenario.clone();
    s.progress = Some(progress);
    s.settle_version();
    Some((s, plan, now))
}

/// Following a rollout, over random scenarios: with everything recorded exactly as
/// planned (each batch done at its cautious end), the rest of the rollout is planned as
/// the approved plan had it, batch for batch and host for host.
#[test]
fn a_rollout_that_went_as_planned_goes_on_as_approved() {
    use patchcast::scheduler::BatchState;
    let cases = 150;
    let checked = run(cases, (scenario(), happenings()), |(scenario, happened), planned| {
        let Some((s, plan, now)) = rollout(&scenario, &happened, true) else { return Ok(()) };
        let tracked = Plan::make(&s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let to_come: Vec<_> = (tracked.schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.state == BatchState::Planned)
            .map(|(i, b)| {
                (b.start, b.cautious_end, b.site, b.console, b.work, tracked.batch_hosts(i).to_vec())
            })
            .collect();
        let approved: Vec<_> = (plan.schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.start >= now)
            .map(|(i, b)| (b.start, b.cautious_end, b.site, b.console, b.work, plan.batch_hosts(i).to_vec()))
            .collect();
        prop_assert_eq!(to_come, approved);
        planned.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    assert!(checked * 3 >= cases as usize, "only {checked} of {cases} generated scenarios planned");
}

/// Following a rollout, over random scenarios and random events (late batches, batches
/// done early or late, failed, given up or skipped, hosts given up or skipped): every host
/// is done, running, given up, skipped or still to do, exactly one of them; what is planned
/// keeps every rule of a plan (inside its opening, after its prerequisite, within the
/// per-site limit, never before the status time); each host still in the rollout is
/// patched exactly once.
#[test]
fn every_host_of_a_rollout_is_accounted_for_and_the_rest_keeps_the_rules() {
    let cases = 200;
    let checked = run(cases, (scenario(), happenings()), |(scenario, happened), planned| {
        let Some((s, _, _)) = rollout(&scenario, &happened, false) else { return Ok(()) };
        let tracked = match Plan::make(&s) {
            Ok(plan) => plan,
            // Too few consoles or windows to finish within the horizon: said, not planned.
            Err(PlanError::Schedule(_)) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let t = tracked.tracking.as_ref().unwrap();
        let c = t.counts;
        prop_assert_eq!(
            c.done + c.running + c.given_up + c.skipped + c.remaining,
            tracked.expanded.hosts.len() as u64
        );
        patchcast::invariants::check_plan(&s, &tracked).map_err(TestCaseError::fail)?;
        planned.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    assert!(checked * 3 >= cases as usize, "only {checked} of {cases} generated scenarios planned");
}

/// Replanning is planning: consoles changed from a time on give exactly the plan made with
/// that many consoles from the start (the approved plan and what happened the same), and
/// a lost window opening exactly the plan with that site's day blacked out (when no other
/// opening starts there that day).
#[test]
fn a_recorded_change_plans_as_the_same_change_to_the_inputs() {
    use patchcast::civil::{DateTime, Instant};
    use patchcast::progress::{Event, LostOpening};
    use patchcast::scheduler::BatchState;
    let to_come = |plan: &Plan| -> Vec<_> {
        (plan.schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.state == BatchState::Planned)
            .map(|(i, b)| (b.start, b.cautious_end, b.site, b.console, b.work, plan.batch_hosts(i).to_vec()))
            .collect()
    };
    let cases = 150;
    let checked = run(
        cases,
        (scenario(), happenings(), 1u32..6, any::<usize>()),
        |(scenario, happened, consoles, pick), planned| {
            let Some((s, _, now)) = rollout(&scenario, &happened, false) else { return Ok(()) };
            // Consoles: an event, or the input.
            let mut by_event = s.clone();
            by_event.progress.as_mut().unwrap().events.push(Event {
                at: Instant(now).with_offset(0),
                consoles: Some(consoles),
                ..Event::default()
            });
            let mut by_input = s.clone();
            by_input.capacity.consoles = consoles;
            let (Ok(a), Ok(b)) = (Plan::make(&by_event), Plan::make(&by_input)) else { return Ok(()) };
            prop_assert_eq!(to_come(&a), to_come(&b));
            // A lost opening: an opening after the status time that is the only one of its day
            // at its site.
            if a.expanded.sites.is_empty() {
                return Ok(());
            }
            let site = pick % a.expanded.sites.len();
            let name = a.expanded.sites[site].name.clone();
            let tz = time_zone::zone(&a.expanded.sites[site].time_zone).unwrap();
            let openings: Vec<_> =
                Occurrences::new(&s.windows, &name, tz.clone(), a.blackouts.at(&name), now)
                    .take(40)
                    .filter(|o| o.start > now)
                    .collect();
            let day = |t: i64| DateTime(tz.to_local(t)).date();
            let lone = (openings.iter()).find(|o| {
                openings.iter().filter(|p| day(p.start) == day(o.start)).count() == 1
                    && Occurrences::new(&s.windows, &name, tz.clone(), a.blackouts.at(&name), now)
                        .next()
                        .is_some_and(|first| day(first.start) != day(o.start) || first.start == o.start)
            });
            let Some(lone) = lone else { return Ok(()) };
            // A blackout takes the windows that open on its date: it stands for a lost
            // opening only when no window of another date was joined into that opening.
            if a.warnings.iter().any(|w| matches!(w, patchcast::plan::Warning::WindowsJoined(_))) {
                return Ok(());
            }
            let local = DateTime(tz.to_local(lone.start));
            let mut lost = s.clone();
            lost.progress.as_mut().unwrap().events.push(Event {
                at: Instant(now).with_offset(0),
                lost_opening: Some(LostOpening {
                    site: name.clone(),
                    start: format!("{}T{}", local.date(), local.time()),
                }),
                ..Event::default()
            });
            let mut blacked_out = s.clone();
            blacked_out.blackouts.push(format!("{} @ {name}", local.date()));
            let (Ok(a), Ok(b)) = (Plan::make(&lost), Plan::make(&blacked_out)) else { return Ok(()) };
            prop_assert_eq!(to_come(&a), to_come(&b));
            prop_assert!(a.schedule.batches.iter().all(|b| b.state != BatchState::Planned
                || b.window_start != lone.start
                || b.site as usize != site));
            planned.fetch_add(1, Ordering::Relaxed);
            Ok(())
        },
    );
    assert!(checked * 4 >= cases as usize, "only {checked} of {cases} generated cases compared");
}
