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
use patchcast::scheduler::SiteLimit;
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
/// `sigma` (its time `expected` × e^(σZ), rounded up): P(D ≤ d) = Φ(ln(d / expected) / σ).
fn batch_cdf(expected: f64, sigma: f64) -> impl Fn(i64) -> f64 {
    let normal = Normal::new(0.0, 1.0).unwrap();
    move |d: i64| if d <= 0 { 0.0 } else { normal.cdf((d as f64 / expected).ln() / sigma) }
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
