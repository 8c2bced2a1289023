//! Planning time for fleets of 1k to 1M hosts: `cargo bench --bench plan`.
//!
//! A plain harness (no timed assertions): it prints, per fleet size, the best and median
//! wall time of `Plan::make` over several runs and the time per host. BENCHMARKS.md
//! records the figures. A second table times checking (`Scenario::check`) fleets of many
//! groups, which must grow linearly with the groups.

use std::hint::black_box;
use std::time::{Duration, Instant};

use patchcast::fleet::{Fleet, Group};
use patchcast::maintenance_window::{Day, Recurrence, Window};
use patchcast::plan::Plan;
use patchcast::risk::Criticality;
use patchcast::scenario::{Capacity, Scenario, FORMAT, VERSION};

const SITES: [(&str, &str); 4] = [
    ("Tokyo", "Asia/Tokyo"),
    ("Frankfurt", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Sydney", "Australia/Sydney"),
];
const EDITIONS: [&str; 3] = ["ex2000-sp3", "ex2003", "ex2003-sp1"];

/// A fleet of `hosts` hosts in 24 groups over four sites and three editions, with enough
/// consoles (one per 2,000 hosts) to finish within weeks.
fn scenario(hosts: u32) -> Scenario {
    let groups_n = 24u32;
    let groups = (0..groups_n)
        .map(|i| {
            let (site, tz) = SITES[(i % 4) as usize];
            let n = hosts / groups_n + u32::from(i < hosts % groups_n);
            Group {
                name: format!("g{i}"),
                edition: EDITIONS[(i % 3) as usize].into(),
                hosts: n,
                site: site.into(),
                time_zone: tz.into(),
                internet_facing: if i % 6 == 0 { n / 4 } else { 0 },
                prerequisite_present: n / 2,
                criticality: Criticality::Normal,
                host_names: Vec::new(),
            }
        })
        .collect();
    Scenario {
        format: FORMAT.into(),
        version: VERSION,
        name: format!("bench {hosts}"),
        advisory_preset: Some("MS05-021".into()),
        advisory: None,
        fleet: Fleet { groups, ..Fleet::default() },
        capacity: Capacity {
            consoles: (hosts / 2_000).clamp(2, 1_000),
            caution: 1.25,
            calibration: Vec::new(),
            failure_rate_percent: Some(0.5),
        },
        windows: vec![Window {
            name: "Nightly".into(),
            recurrence: Recurrence::Week { days: Day::ALL.to_vec() },
            start: "22:00".into(),
            length_minutes: 8 * 60,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        }],
        blackouts: Vec::new(),
        start: "2027-01-04T09:00".into(),
        start_time_zone: "Asia/Tokyo".into(),
        phases: None,
        site_limit: None,
        horizon_days: 3650,
        targets: Vec::new(),
        change: Default::default(),
        progress: None,
        forecast: Default::default(),
    }
}

fn main() {
    println!("{:>9}  {:>7}  {:>11}  {:>11}  {:>9}", "hosts", "batches", "best", "median", "ns/host");
    for hosts in [1_000u32, 10_000, 100_000, 1_000_000] {
        let s = scenario(hosts);
        let runs = if hosts >= 1_000_000 { 7 } else { 15 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut batches = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let plan = black_box(Plan::make(black_box(&s)).expect("the bench scenario plans"));
            times.push(t.elapsed());
            batches = plan.summary.batches;
        }
        times.sort();
        let (best, median) = (times[0], times[runs / 2]);
        println!(
            "{hosts:>9}  {batches:>7}  {:>9.2}ms  {:>9.2}ms  {:>9.1}",
            best.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            median.as_nanos() as f64 / f64::from(hosts)
        );
    }

    println!();
    let s = at_the_limits();
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let plan = black_box(Plan::make(black_box(&s)));
            if let Err(e) = &plan {
                panic!("the scenario at the limits must plan: {e}");
            }
            t.elapsed()
        })
        .collect();
    times.sort();
    let t = Instant::now();
    black_box(s.check().is_ok());
    let check = t.elapsed();
    println!("checking it alone: {:.0} ms", check.as_secs_f64() * 1e3);
    println!(
        "everything at the limits (1M hosts, 1,000 sites, 50 windows, 1,000 blackouts, 50 phases): best {:.0} ms, median {:.0} ms",
        times[0].as_secs_f64() * 1e3,
        times[2].as_secs_f64() * 1e3
    );
    // The same with one host per site in each opening: a batch per host.
    let mut one_each = at_the_limits();
    one_each.site_limit = Some(patchcast::scheduler::SiteLimit::Hosts(1));
    let mut batches = 0;
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let plan = black_box(Plan::make(black_box(&one_each)));
            batches = plan.as_ref().map_or(0, |p| p.summary.batches);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "  and one host per site per opening ({batches} batches): best {:.0} ms, median {:.0} ms",
        times[0].as_secs_f64() * 1e3,
        times[1].as_secs_f64() * 1e3
    );
    // The same with availability sets up to their limits: at each site a pool of its
    // whole group (at most 10 % down) and nine two-node clusters, one down at a time;
    // and one set of every host, at most 1 % down at once.
    let mut with_sets = at_the_limits();
    with_sets.fleet.availability_sets = availability_sets(&with_sets.fleet);
    with_sets.settle_version();
    assert!(with_sets.check().is_ok(), "the sets at the limits check");
    let mut batches = 0;
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let plan = black_box(Plan::make(black_box(&with_sets)));
            batches = plan.as_ref().map_or(0, |p| p.summary.batches);
            t.elapsed()
        })
        .collect();
    times.sort();
    let members = with_sets.fleet.set_memberships();
    println!(
        "  and {} availability sets naming {members} hosts ({batches} batches): best {:.0} ms, median {:.0} ms",
        with_sets.fleet.availability_sets.len(),
        times[0].as_secs_f64() * 1e3,
        times[1].as_secs_f64() * 1e3
    );
    // One set of every host, one down at a time: a batch a host, one after another, until
    // the horizon runs out (refused, as it must be, but quickly).
    let mut one_by_one = at_the_limits();
    let mut every = availability_sets(&one_by_one.fleet).pop().expect("the set of everything");
    every.set_limit(patchcast::fleet::SetLimit::MaxDown(1));
    one_by_one.fleet.availability_sets = vec![every];
    one_by_one.settle_version();
    let t = Instant::now();
    let refused = Plan::make(&one_by_one).is_err();
    println!(
        "  and every host in one set, one down at a time: {} in {:.0} ms",
        if refused { "refused" } else { "planned" },
        t.elapsed().as_secs_f64() * 1e3
    );
    // For comparison, one console for them all (no set): refused at the horizon too.
    let mut one_console = at_the_limits();
    one_console.capacity.consoles = 1;
    one_console.site_limit = Some(patchcast::scheduler::SiteLimit::Hosts(1));
    let t = Instant::now();
    let refused = Plan::make(&one_console).is_err();
    println!(
        "  and one console, one host per site per opening: {} in {:.0} ms",
        if refused { "refused" } else { "planned" },
        t.elapsed().as_secs_f64() * 1e3
    );
    println!();
    rollout();
    println!();
    forecasts();
    println!();
    solver();
    println!();
    solver_at_100k();
    println!();
    println!("{:>9}  {:>7}  {:>11}  {:>11}", "groups", "sites", "best", "median");
    for (groups, sites) in [(10_000usize, 10usize), (50_000, 10), (50_000, 1_000), (100_000, 1_000)] {
        let s = many_groups(groups, sites);
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                black_box(black_box(&s).check().expect("the bench scenario checks"));
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{groups:>9}  {sites:>7}  {:>9.2}ms  {:>9.2}ms",
            times[0].as_secs_f64() * 1e3,
            times[2].as_secs_f64() * 1e3
        );
    }
}

/// The forecast: 10,000 trials of the sample plan, 1,000 of a 10,000-host plan (15 % spread,
/// 2 % failures, 5 % of openings lost), and the time per trial.
fn forecasts() {
    use patchcast::forecast::{forecast, Settings};
    let mut sample = Scenario::sample();
    sample.capacity.failure_rate_percent = Some(2.0);
    let mut big = scenario(10_000);
    big.capacity.failure_rate_percent = Some(2.0);
    // The same fleet at 20 hosts a site an opening: many small batches, over months.
    let mut small_batches = big.clone();
    small_batches.site_limit = Some(patchcast::scheduler::SiteLimit::Hosts(20));
    small_batches.horizon_days = 3_650;
    let cases = [
        ("the sample", sample, 10_000u32),
        ("10,000 hosts", big, 1_000),
        ("10,000 hosts, 20 a site an opening", small_batches, 1_000),
    ];
    for (what, s, trials) in cases {
        let plan = Plan::make(&s).expect("the bench scenario plans");
        let settings = Settings { trials, lost_window_percent: 5.0, ..Settings::default() };
        let runs = 7;
        let mut ran = 0;
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                let f = black_box(forecast(black_box(&s), &plan, &settings).expect("forecasts"));
                ran = f.trials;
                t.elapsed()
            })
            .collect();
        times.sort();
        let median = times[runs / 2];
        println!(
            "forecast of {what} ({} batches): {ran} trials (of {trials} asked) in best {:.1} ms, median {:.1} ms; {:.1} µs a trial",
            plan.summary.batches,
            times[0].as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e6 / f64::from(ran)
        );
    }
}

/// The capacity solver at 10,000 hosts (one console to start with): targets met at once,
/// one that needs more consoles, one that consoles alone cannot meet.
fn solver() {
    use patchcast::i18n::Lang;
    use patchcast::solve::{solve, with_targets};
    use patchcast::target::{within_code, Target};
    let mut base = scenario(10_000);
    base.capacity.consoles = 1;
    let finish = |consoles: u32| {
        let mut s = base.clone();
        s.capacity.consoles = consoles;
        let plan = Plan::make(&s).expect("the bench scenario plans");
        plan.summary.cautious_end - plan.summary.start
    };
    // Deadlines: later than one console's finish; between the finishes with 4 and 12
    // consoles; a day (nothing meets it).
    let (one, four, twelve) = (finish(1), finish(4), finish(12));
    let cases =
        [("met as it is", one + 60), ("needs more consoles", (four + twelve) / 2), ("consoles cannot", 1440)];
    println!(
        "solver at 10,000 hosts: {:>22}  {:>8}  {:>7}  {:>9}  {:>9}",
        "target", "consoles", "binding", "best", "median"
    );
    for (what, minutes) in cases {
        let target = Target::from_flag(&format!("all={}", within_code(minutes / 60 * 60 + 60))).unwrap();
        let s = with_targets(&base, &[target]);
        let mut times: Vec<Duration> = Vec::new();
        let mut last = None;
        for _ in 0..5 {
            let t = Instant::now();
            last = Some(black_box(solve(black_box(&s), 1_000, Lang::En).expect("solves")));
            times.push(t.elapsed());
        }
        times.sort();
        let solution = last.unwrap();
        println!(
            "  {what:>20} {:>22}  {:>8}  {:>7}  {:>7.1}ms  {:>7.1}ms",
            solution.targets[0].label,
            solution.consoles_needed.map_or("none".into(), |n| n.to_string()),
            solution.binding.code(),
            times[0].as_secs_f64() * 1e3,
            times[2].as_secs_f64() * 1e3
        );
    }
}

/// The capacity solver at 100,000 hosts, over the cases that once took it seconds: the
/// sample fleet at 336 times its size (two sites) or spread over ten sites, windows of an
/// hour or five, with and without a per-site limit, and targets from half a day to a week
/// (most of which no console count meets, so the whole search runs). Prints each case's
/// median of three, and the slowest.
fn solver_at_100k() {
    use patchcast::i18n::Lang;
    use patchcast::scheduler::SiteLimit;
    use patchcast::solve::{solve, with_targets};
    use patchcast::target::Target;
    let mut base = Scenario::sample();
    for g in &mut base.fleet.groups {
        g.hosts *= 336;
        g.internet_facing *= 336;
        g.prerequisite_present *= 336;
    }
    let spread = |s: &Scenario| {
        let mut s = s.clone();
        s.fleet.groups = (0..10)
            .flat_map(|i| {
                s.fleet.groups.iter().map(move |g| Group {
                    name: format!("{}-{i}", g.name),
                    site: format!("{}{i}", g.site),
                    hosts: g.hosts / 10,
                    internet_facing: g.internet_facing / 10,
                    prerequisite_present: g.prerequisite_present / 10,
                    ..g.clone()
                })
            })
            .collect();
        s
    };
    println!("solver at 100,000 hosts (median of 3 per case):");
    let mut all = Vec::new();
    for sites in ["2 sites", "10 sites"] {
        for window in [60, 300] {
            for limit in [None, Some(SiteLimit::Percent(50.0))] {
                let mut s = if sites == "2 sites" { base.clone() } else { spread(&base) };
                s.windows.iter_mut().for_each(|w| w.length_minutes = window);
                s.site_limit = limit;
                for target in ["all=14h", "all=48h", "all=3d", "50%=120h", "internet_facing=72h"] {
                    let s = with_targets(&s, &[Target::from_flag(target).unwrap()]);
                    let mut times: Vec<Duration> = (0..3)
                        .map(|_| {
                            let t = Instant::now();
                            black_box(solve(black_box(&s), 1_000, Lang::En).expect("solves"));
                            t.elapsed()
                        })
                        .collect();
                    times.sort();
                    let limit = if limit.is_some() { "50 % limit" } else { "no limit" };
                    all.push((times[1], format!("{sites}, {window}-minute windows, {limit}, {target}")));
                }
            }
        }
    }
    all.sort();
    let total: Duration = all.iter().map(|(t, _)| *t).sum();
    for (t, case) in all.iter().rev().take(3) {
        println!("  {:>7.0} ms  {case}", t.as_secs_f64() * 1e3);
    }
    println!(
        "  {} cases: median {:.0} ms, slowest {:.0} ms, all together {:.1} s",
        all.len(),
        all[all.len() / 2].0.as_secs_f64() * 1e3,
        all.last().unwrap().0.as_secs_f64() * 1e3,
        total.as_secs_f64()
    );
}

/// Everything at the documented limits at once: 1M hosts in 1,000 groups at 1,000 sites,
/// 50 windows, 1,000 blackout dates, 50 phases, a per-site limit. Accepted inputs must
/// plan in well under a second.
fn at_the_limits() -> Scenario {
    use patchcast::phase::{Phase, Selector};
    use patchcast::scenario::limits;
    let mut s = scenario(1_000_000);
    let zones = patchcast::time_zone::names().collect::<Vec<_>>();
    for (i, g) in s.fleet.groups.iter_mut().enumerate() {
        g.name = format!("g{i}");
    }
    let per = 1_000_000 / limits::MAX_SITES as u32;
    s.fleet.groups = (0..limits::MAX_SITES)
        .map(|i| Group {
            name: format!("group {i}"),
            edition: EDITIONS[i % 3].into(),
            hosts: per,
            site: format!("site {i}"),
            time_zone: zones[i * 7 % zones.len()].into(),
            internet_facing: per / 10,
            prerequisite_present: per / 2,
            criticality: Criticality::Normal,
            host_names: Vec::new(),
        })
        .collect();
    s.windows = (0..limits::MAX_WINDOWS)
        .map(|k| Window {
            name: format!("w{k}"),
            recurrence: Recurrence::Week { days: vec![Day::ALL[k % 7]] },
            start: format!("{:02}:00", (k / 7) * 3),
            length_minutes: 60,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        })
        .collect();
    s.blackouts = (0..limits::MAX_BLACKOUTS)
        .map(|d| {
            let date = patchcast::civil::Date::new(2027, 1, 1).unwrap().add_days(d as i64 * 3 + 1000);
            date.to_string()
        })
        .collect();
    let mut phases: Vec<Phase> = (0..limits::MAX_PHASES - 1)
        .map(|i| Phase::new(&format!("p{i}"), Selector::Pilot { hosts: 500 }, 1.0))
        .collect();
    phases.push(Phase::new("rest", Selector::Rest, 0.0));
    s.phases = Some(phases);
    s.site_limit = Some(patchcast::scheduler::SiteLimit::Percent(50.0));
    s.capacity.consoles = 1_000;
    s
}

/// Availability sets at their limits for `fleet` (one group a site): per group a pool of
/// all its hosts (at most 10 % down) and nine two-node clusters of its first hosts (one
/// down at a time), and one set of every group (at most 1 % down): 10,000 sets.
fn availability_sets(fleet: &Fleet) -> Vec<patchcast::fleet::AvailabilitySet> {
    use patchcast::fleet::{AvailabilitySet, SetLimit};
    let set = AvailabilitySet::new;
    let mut sets = Vec::new();
    for g in &fleet.groups {
        sets.push(set(
            format!("{} pool", g.name),
            vec![g.name.clone()],
            Vec::new(),
            SetLimit::MaxDownPercent(10.0),
        ));
        for k in 0..9 {
            let nodes = vec![g.host_name(2 * k), g.host_name(2 * k + 1)];
            sets.push(set(format!("{} cluster {k}", g.name), Vec::new(), nodes, SetLimit::MaxDown(1)));
        }
    }
    sets.pop();
    let every = fleet.groups.iter().map(|g| g.name.clone()).collect();
    sets.push(set("everything".into(), every, Vec::new(), SetLimit::MaxDownPercent(1.0)));
    sets
}

/// `groups` groups of two hosts spread over `sites` sites in the four zones.
fn many_groups(groups: usize, sites: usize) -> Scenario {
    let mut s = scenario(1_000);
    s.fleet.groups = (0..groups)
        .map(|i| {
            let site = i % sites;
            Group {
                name: format!("g{i}"),
                edition: EDITIONS[i % 3].into(),
                hosts: 2,
                site: format!("site {site}"),
                time_zone: SITES[site % 4].1.into(),
                internet_facing: 0,
                prerequisite_present: 2,
                criticality: Criticality::Normal,
                host_names: vec![format!("host-{i}-a"), format!("host-{i}-b")],
            }
        })
        .collect();
    s
}

/// Replanning rollouts: 100,000 hosts with 50,000 of them recorded done one by one (host
/// events, the largest kind of record, one in 97 failed), and the scenario at the limits
/// with as many events as a record may hold.
fn rollout() {
    let (s, events) = followed(scenario(100_000), 50_000);
    time_replanning(&format!("replanning a 100,000-host rollout with {events} host events"), &s, 7);
    let mut untracked: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            black_box(Plan::make(black_box(&scenario(100_000))).is_ok());
            t.elapsed()
        })
        .collect();
    untracked.sort();
    println!("  (planning it before anything ran: median {:.0} ms)", untracked[3].as_secs_f64() * 1e3);
    // At the limits: its approved plan lists a million hosts (41 MB of JSON); 200,000
    // events bring the file to the 64 MB a file may have, and the most a record may hold
    // (only a program could write that much) to 152 MB.
    for most in [0, 200_000, patchcast::scenario::limits::MAX_EVENTS] {
        let (s, events) = followed(at_the_limits(), most);
        time_replanning(&format!("replanning the scenario at the limits with {events} events"), &s, 3);
    }
}

fn time_replanning(what: &str, s: &Scenario, runs: usize) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let replanned = black_box(Plan::make(black_box(s)));
            if let Err(e) = &replanned {
                panic!("the rollout must replan: {e}");
            }
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{what}: best {:.0} ms, median {:.0} ms",
        times[0].as_secs_f64() * 1e3,
        times[runs / 2].as_secs_f64() * 1e3
    );
}

/// `s` approved at its start, with its hotfix batches' hosts recorded done one by one in
/// the order the batches end (one in 97 failed) and the prerequisite batches that ended by
/// then recorded done as batches: `most` events in all, at most. Returns the scenario and
/// its number of events.
fn followed(mut s: Scenario, most: usize) -> (Scenario, usize) {
    use patchcast::civil::Instant as At;
    use patchcast::progress::{Event, Status};
    use patchcast::scheduler::Work;
    let plan = Plan::make(&s).expect("the bench scenario plans");
    let zone = patchcast::time_zone::zone(&s.start_time_zone).unwrap();
    let mut order: Vec<usize> = (0..plan.schedule.batches.len()).collect();
    order.sort_by_key(|&i| plan.schedule.batches[i].cautious_end);
    let prerequisites = |now: i64| {
        (plan.schedule.batches.iter().enumerate())
            .filter(|(_, b)| b.work == Work::Prerequisite && b.cautious_end <= now)
            .map(|(i, b)| Event {
                at: At(b.cautious_end).with_offset(0),
                batch: Some(i as u32 + 1),
                status: Some(Status::Done),
                ..Event::default()
            })
            .collect::<Vec<_>>()
    };
    // Room for every prerequisite batch's event, whichever end by then.
    let hosts = most - prerequisites(i64::MAX).len().min(most);
    let mut events = Vec::new();
    let mut now = plan.summary.start;
    'batches: for i in order.into_iter().filter(|&i| plan.schedule.batches[i].work == Work::Hotfix) {
        let b = &plan.schedule.batches[i];
        for (k, &h) in plan.batch_hosts(i).iter().enumerate() {
            if events.len() >= hosts {
                break 'batches;
            }
            events.push(Event {
                at: At(b.cautious_end).with_offset(0),
                host: Some(plan.host_name(h as usize)),
                status: Some(if k % 97 == 0 { Status::Failed } else { Status::Done }),
                ..Event::default()
            });
            now = now.max(b.cautious_end);
        }
    }
    events.extend(prerequisites(now));
    let count = events.len();
    let mut progress = plan.approve(plan.summary.start, now, &zone);
    progress.events = events;
    s.progress = Some(progress);
    s.settle_version();
    (s, count)
}
