//! The forecast against exact answers: what the trials must give when nothing varies, and
//! when one thing varies in a way whose distribution is known.
#![cfg(not(target_arch = "wasm32"))]

use patchcast::forecast::{forecast, Forecast, Settings};
use patchcast::plan::Plan;
use patchcast::scenario::Scenario;

fn still() -> Settings {
    Settings { spread_percent: Some(0.0), trials: 2_000, ..Settings::default() }
}

fn run(scenario: &Scenario, settings: &Settings) -> (Plan, Forecast) {
    let plan = Plan::make(scenario).expect("plans");
    let forecast = forecast(scenario, &plan, settings).expect("forecasts");
    (plan, forecast)
}

/// With no spread, no failures and no lost openings every trial is the plan: each
/// quantile is its expected finish, and each target's dates its hosts' expected ends.
#[test]
fn with_nothing_varying_every_quantile_is_the_plans_expected_finish() {
    let mut scenario = Scenario::sample();
    scenario.capacity.failure_rate_percent = None;
    let (plan, f) = run(&scenario, &still());
    let end = plan.summary.expected_end;
    assert_eq!((f.finish.p50, f.finish.p85, f.finish.p95, f.finish.at_confidence), (end, end, end, end));
    assert_eq!(f.internet_facing.map(|d| d.p95), plan.summary.internet_facing_patched);
    // No probability to report: every trial asked for runs.
    assert_eq!(f.trials, 2_000);
}

use patchcast::fleet::{Fleet, Group};
use patchcast::maintenance_window::{Day, Recurrence, Window};
use patchcast::phase::{Phase, Selector};
use patchcast::risk::Criticality;
use patchcast::scheduler::{BatchState, SiteLimit};
use statrs::distribution::{Binomial, ContinuousCDF, DiscreteCDF, NegativeBinomial, Normal};

/// One site (Tokyo, no daylight saving) with `hosts` of each edition named, a daily
/// window opening at midnight for `window_hours`, one phase without soak or failures, no
/// prerequisite to install, the plan starting at the first opening.
fn lab(editions: &[(&str, u32)], consoles: u32, window_hours: u32, caution: f64) -> Scenario {
    let mut s = Scenario::sample();
    s.fleet = Fleet {
        groups: editions
            .iter()
            .map(|&(edition, hosts)| Group {
                name: format!("lab-{edition}"),
                edition: edition.into(),
                hosts,
                site: "Lab".into(),
                time_zone: "Asia/Tokyo".into(),
                internet_facing: 0,
                prerequisite_present: hosts,
                criticality: Criticality::Normal,
                host_names: Vec::new(),
            })
            .collect(),
        ..Fleet::default()
    };
    s.capacity.consoles = consoles;
    s.capacity.caution = caution;
    s.windows = vec![Window {
        name: "Daily".into(),
        recurrence: Recurrence::Week {
            days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun],
        },
        start: "00:00".into(),
        length_minutes: window_hours * 60,
        backout_reserve_minutes: 0,
        sites: Vec::new(),
    }];
    s.blackouts = Vec::new();
    s.start = "2026-12-07T00:00".into();
    s.phases = Some(vec![Phase::new("All", Selector::Rest, 0.0)]);
    s.site_limit = None;
    s
}

/// Four standard errors of a share `p` estimated from `n` trials, and a little for the
/// whole minutes the trials round to.
fn tolerance(p: f64, n: u32) -> f64 {
    4.0 * (p * (1.0 - p) / f64::from(n)).sqrt() + 1e-9
}

/// The forecast's quantile `q` at level `p` sits where the exact distribution `cdf` (of
/// whole minutes) says, within four standard errors.
fn assert_quantile(name: &str, q: i64, p: f64, n: u32, cdf: &dyn Fn(i64) -> f64) {
    let tol = tolerance(p, n);
    assert!(cdf(q) >= p - tol, "{name}: F({q}) = {} below {p} - {tol}", cdf(q));
    assert!(cdf(q - 1) <= p + tol, "{name}: F({}) = {} above {p} + {tol}", q - 1, cdf(q - 1));
}

/// The whole minutes one batch expected to take `expected` minutes takes with a spread of
/// `sigma` (the plan's whole minutes E = ⌈expected⌉ × e^(σZ), to the nearest minute):
/// P(D ≤ d) = Φ(ln((d + ½) / E) / σ).
fn batch_cdf(expected: f64, sigma: f64) -> impl Fn(i64) -> f64 {
    let normal = Normal::new(0.0, 1.0).unwrap();
    let minutes = expected.ceil();
    move |d: i64| if d < 0 { 0.0 } else { normal.cdf(((d as f64 + 0.5) / minutes).ln() / sigma) }
}

/// One console runs three equal batches back to back (one per edition, caution 1, so no
/// margin between them): the finish is the sum of three batch times, whose distribution
/// is worked out here by convolving the exact distribution of one.
#[test]
fn one_console_running_equal_batches_finishes_as_their_sum() {
    let scenario = lab(&[("ex2000-sp3", 40), ("ex2003", 40), ("ex2003-sp1", 40)], 1, 23, 1.0);
    let settings = Settings { spread_percent: Some(25.0), trials: 10_000, ..Settings::default() };
    let (plan, f) = run(&scenario, &settings);
    assert_eq!(plan.schedule.batches.len(), 3, "three batches of 40");
    let expected = plan.hotfix_model.console_minutes(40);
    let sigma = (1.25f64).ln();
    let one = batch_cdf(expected, sigma);
    let most = (expected * (8.0 * sigma).exp()).ceil() as usize * 3;
    let pmf: Vec<f64> = (0..=most as i64).map(|d| one(d) - one(d - 1)).collect();
    let mut sum = vec![1.0];
    for _ in 0..3 {
        let mut next = vec![0.0; sum.len() + pmf.len()];
        for (i, a) in sum.iter().enumerate() {
            for (j, b) in pmf.iter().enumerate() {
                next[i + j] += a * b;
            }
        }
        sum = next;
    }
    let cdf = |d: i64| sum.iter().take((d.max(-1) + 1) as usize).sum::<f64>();
    let start = plan.schedule.batches[0].start;
    for (p, q) in [(0.50, f.finish.p50), (0.85, f.finish.p85), (0.95, f.finish.p95)] {
        assert_quantile("sum", q - start, p, f.trials, &cdf);
    }
}

/// Three consoles each run one batch from the same start: the finish is the longest of
/// three, P(finish ≤ t) = F(t)³.
#[test]
fn consoles_running_one_batch_each_finish_as_the_longest() {
    let scenario = lab(&[("ex2000-sp3", 40), ("ex2003", 40), ("ex2003-sp1", 40)], 3, 23, 1.25);
    let settings = Settings { spread_percent: Some(30.0), trials: 10_000, ..Settings::default() };
    let (plan, f) = run(&scenario, &settings);
    assert_eq!(plan.schedule.batches.len(), 3);
    let start = plan.schedule.batches[0].start;
    assert!(plan.schedule.batches.iter().all(|b| b.start == start), "all three at once");
    let one = batch_cdf(plan.hotfix_model.console_minutes(40), (1.30f64).ln());
    let cdf = |d: i64| one(d).powi(3);
    for (p, q) in [(0.50, f.finish.p50), (0.85, f.finish.p85), (0.95, f.finish.p95)] {
        assert_quantile("longest of three", q - start, p, f.trials, &cdf);
    }
}

/// One batch fits an opening (the per-site limit), and each opening is lost with chance
/// q: the openings lost before the k-th kept one follow the negative binomial law.
#[test]
fn lost_openings_follow_the_negative_binomial_law() {
    let (k, q) = (4u32, 0.3);
    let mut scenario = lab(&[("ex2003", 4 * 20)], 1, 12, 1.25);
    scenario.site_limit = Some(SiteLimit::Hosts(20));
    let settings = Settings {
        spread_percent: Some(0.0),
        lost_window_percent: q * 100.0,
        trials: 10_000,
        ..Settings::default()
    };
    let plan = Plan::make(&scenario).unwrap();
    assert_eq!(plan.schedule.batches.len(), k as usize);
    let first = plan.schedule.batches[0].window_start;
    let minutes = plan.schedule.batches[0].expected_end - plan.schedule.batches[0].start;
    let nb = NegativeBinomial::new(f64::from(k), 1.0 - q).unwrap();
    let f = forecast(&scenario, &plan, &settings).unwrap();
    // The finish's day says how many openings were lost.
    let lost_by = |at: i64| (at - minutes - first) / 1440 - i64::from(k - 1);
    let cdf = |lost: i64| if lost < 0 { 0.0 } else { nb.cdf(lost as u64) };
    for (p, at) in [(0.50, f.finish.p50), (0.85, f.finish.p85), (0.95, f.finish.p95)] {
        assert_eq!((at - minutes - first) % 1440, 0, "each batch at an opening's start");
        assert_quantile("lost openings", lost_by(at), p, f.trials, &cdf);
    }
    // And along the whole curve.
    for &(at, share) in f.curve.iter().filter(|(_, s)| (0.05..=0.95).contains(s)) {
        assert_quantile("curve", lost_by(at), share, f.trials, &cdf);
    }
}

/// With the failure rate known exactly, a phase halts in the share of trials the plan's
/// exact binomial tail gives.
#[test]
fn a_phase_halts_as_often_as_the_binomial_tail_says() {
    let mut scenario = Scenario::sample();
    scenario.capacity.failure_rate_percent = Some(4.0);
    let settings = Settings {
        spread_percent: Some(0.0),
        failure_rate_installs: 0,
        trials: 10_000,
        ..Settings::default()
    };
    let (plan, f) = run(&scenario, &settings);
    let mut checked = 0;
    for p in &plan.phase_summaries {
        let Some(exact) = p.halt_probability else { continue };
        let seen = f.halts.iter().find(|d| d.name == p.name).map_or(0.0, |d| d.share);
        assert!((seen - exact).abs() <= tolerance(exact, f.trials), "{}: {seen} against {exact}", p.name);
        checked += 1;
    }
    assert!(checked >= 2, "the sample's phases have thresholds");
    // The binomial tail itself, from an independent implementation.
    let k = plan.phase_summaries.iter().position(|p| p.halt_probability.is_some()).unwrap();
    let pilot = &plan.phase_summaries[k];
    let threshold = plan.phases[k].failure_threshold_percent.unwrap();
    let above = (f64::from(pilot.hosts) * threshold / 100.0).floor() as u64;
    let tail = 1.0 - Binomial::new(0.04, u64::from(pilot.hosts)).unwrap().cdf(above);
    assert!((tail - pilot.halt_probability.unwrap()).abs() < 1e-12);
}

/// The page's worker sends forecasts in gloo-worker's encoding (bincode), which cannot
/// read self-describing forms (an internally tagged enum, say): every part reads back.
#[test]
fn a_forecast_reads_back_from_the_workers_encoding() {
    let mut scenario = Scenario::sample();
    scenario.capacity.failure_rate_percent = Some(2.0);
    scenario.targets = vec![patchcast::target::Target::from_flag("all=14d").unwrap()];
    scenario.settle_version();
    let settings = Settings { trials: 1_000, ..Settings::default() };
    let (_, mut f) = run(&scenario, &settings);
    f.consoles =
        patchcast::forecast::solve::fewest_consoles(&scenario, &settings, patchcast::i18n::Lang::En, &|| {
            true
        });
    assert!(f.consoles.is_some() && !f.halts.is_empty() && !f.band.is_empty());
    let bytes = bincode::serialize(&f).unwrap();
    assert_eq!(bincode::deserialize::<Forecast>(&bytes).unwrap(), f);
}

/// The same seed draws the same trials; another seed other ones.
#[test]
fn a_forecast_is_the_same_for_the_same_seed() {
    let scenario = Scenario::sample();
    let settings = Settings { trials: 500, lost_window_percent: 10.0, ..Settings::default() };
    let (_, a) = run(&scenario, &settings);
    let (_, b) = run(&scenario, &settings);
    assert_eq!(a, b);
    let (_, c) = run(&scenario, &Settings { seed: 2, ..settings });
    assert_ne!(a.curve, c.curve);
}

/// The calibration backtest: 1,000 generated rollouts, each twenty phases of one batch
/// run back to back on one console, whose actual times are drawn from a known spread
/// (10 to 30 %, different in each). A quarter of the way (five batches done) the rollout
/// is recorded and forecast, with the spread learned from those five; the 85 % date
/// covers the actual finish in 85 % ± 3 % of them.
#[test]
fn the_85_percent_forecast_covers_the_actual_finish_in_85_percent_of_rollouts() {
    use patchcast::civil::Instant;
    use patchcast::progress::{Event, Status};
    use rand::{RngExt, SeedableRng};
    use rand_distr::{Distribution, StandardNormal};

    const ROLLOUTS: u32 = 1_000;
    const PHASES: usize = 20;
    let mut rng = rand_pcg::Pcg64::seed_from_u64(2026);
    let mut covered = 0;
    for r in 0..ROLLOUTS {
        let per_phase: u32 = rng.random_range(5..=20);
        let mut scenario = lab(&[("ex2003", per_phase * PHASES as u32)], 1, 23, 1.25);
        let mut phases: Vec<Phase> = (1..PHASES)
            .map(|k| Phase::new(&format!("Wave {k}"), Selector::Pilot { hosts: per_phase }, 0.0))
            .collect();
        phases.push(Phase::new("Last wave", Selector::Rest, 0.0));
        scenario.phases = Some(phases);
        let plan = Plan::make(&scenario).unwrap();
        let batches = &plan.schedule.batches;
        assert_eq!(batches.len(), PHASES, "one batch a phase");
        // What actually happens: each batch takes its expected time times e^(σZ); the next
        // starts as the plan in force lets it (its margin a buffer): the approved plan
        // until the rollout is planned again a quarter of the way, the new plan after.
        let sigma = (1.0 + rng.random_range(0.10..=0.30f64)).ln();
        let took: Vec<i64> = batches
            .iter()
            .map(|b| {
                let z: f64 = StandardNormal.sample(&mut rng);
                ((b.expected_end - b.start) as f64 * (sigma * z).exp()).round() as i64
            })
            .collect();
        let free = |b: &patchcast::scheduler::Batch, took: i64| {
            patchcast::scheduler::free_after(took, b.cautious_end - b.expected_end, b.cautious_end - b.start)
        };
        let quarter = PHASES / 4;
        let mut start = batches[0].start;
        let mut ends = Vec::with_capacity(PHASES);
        for (b, &took) in batches.iter().zip(&took).take(quarter) {
            ends.push(start + took);
            start += free(b, took);
        }
        // A quarter of the way: five batches done, recorded, planned again, forecast.
        let now = ends[quarter - 1];
        let zone = patchcast::time_zone::zone(&scenario.start_time_zone).unwrap();
        let mut progress = plan.approve(plan.summary.start, now, &zone);
        progress.events = (0..quarter)
            .map(|i| Event {
                at: Instant(ends[i]).with_offset(0),
                batch: Some(i as u32 + 1),
                status: Some(Status::Done),
                ..Event::default()
            })
            .collect();
        let mut tracked = scenario.clone();
        tracked.progress = Some(progress);
        tracked.settle_version();
        let replanned = Plan::make(&tracked).unwrap();
        let settings = Settings { trials: 1_000, seed: u64::from(r), ..Settings::default() };
        let f = forecast(&tracked, &replanned, &settings).unwrap();
        assert_eq!(f.spread_source, patchcast::forecast::SpreadSource::Rollout { batches: 5 });
        // The rest, as the new plan has it: its batches in order, at their own margins.
        let rest: Vec<&patchcast::scheduler::Batch> =
            replanned.schedule.batches.iter().filter(|b| b.state != BatchState::Done).collect();
        assert_eq!(rest.len(), PHASES - quarter);
        for (b, &took) in rest.iter().zip(&took[quarter..]) {
            ends.push(start + took);
            start += free(b, took);
        }
        covered += u32::from(ends[PHASES - 1] <= f.finish.p85);
    }
    let share = f64::from(covered) / f64::from(ROLLOUTS);
    assert!((share - 0.85).abs() <= 0.03, "the 85 % date covered {share:.3} of the actual finishes");
}

/// A rollout recorded exactly as planned (each batch done at its cautious end, the plan's
/// own convention) and forecast with nothing varying: the rest runs as the replanned
/// plan has it, and every quantile is its expected finish. A halted rollout has none.
#[test]
fn a_rollout_as_planned_forecasts_its_replanned_finish_and_a_halted_one_none() {
    use patchcast::civil::Instant;
    use patchcast::forecast::ForecastError;
    use patchcast::progress::{Event, Status};
    let mut scenario = Scenario::sample();
    scenario.capacity.failure_rate_percent = None;
    let plan = Plan::make(&scenario).unwrap();
    let zone = patchcast::time_zone::zone(&scenario.start_time_zone).unwrap();
    let batches = &plan.schedule.batches;
    let now = batches[batches.len() / 2].cautious_end;
    let mut progress = plan.approve(plan.summary.start, now, &zone);
    let done = |i: usize, failed: Option<u32>| Event {
        at: Instant(batches[i].cautious_end).with_offset(0),
        batch: Some(i as u32 + 1),
        status: Some(Status::Done),
        failed_hosts: failed,
        ..Event::default()
    };
    progress.events =
        (0..batches.len()).filter(|&i| batches[i].cautious_end <= now).map(|i| done(i, None)).collect();
    assert!(progress.events.len() >= 3);
    let mut tracked = scenario.clone();
    tracked.progress = Some(progress.clone());
    tracked.settle_version();
    let replanned = Plan::make(&tracked).unwrap();
    let f = forecast(&tracked, &replanned, &still()).unwrap();
    let end = replanned.summary.expected_end;
    assert_eq!((f.finish.p50, f.finish.p95), (end, end));
    assert_eq!(f.from, now);

    // The pilot's hosts failing past its threshold: halted, no forecast until it resumes.
    let pilot = (0..batches.len())
        .find(|&i| {
            plan.phases[batches[i].phase as usize].failure_threshold_percent.is_some()
                && batches[i].cautious_end <= now
        })
        .expect("a batch of a phase with a threshold done by then");
    progress.events = vec![done(pilot, Some(batches[pilot].hosts))];
    tracked.progress = Some(progress);
    let halted = Plan::make(&tracked).unwrap();
    assert!(!halted.tracking.as_ref().unwrap().halts.is_empty());
    assert_eq!(forecast(&tracked, &halted, &still()), Err(ForecastError::Halted));
}
