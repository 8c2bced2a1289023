//! Structure-aware inputs for the fuzz targets: scenarios, edits and wild values built
//! from libFuzzer's bytes, so that most cases get past reading and reach the planner.

use arbitrary::{Arbitrary, Result, Unstructured};
use patchcast::fleet::{AvailabilitySet, SetLimit};
use patchcast::form::{Field, GroupField, PhaseField, SetField, WindowField};
use patchcast::maintenance_window::{Day, Nth, Recurrence, Window};
use patchcast::phase::{Phase, Selector};
use patchcast::risk::RiskTier;
use patchcast::scenario::Scenario;
use patchcast::scheduler::SiteLimit;
use std::time::{Duration, Instant};

/// Planning anything accepted must take well under this (natively; the fuzz build, with
/// its sanitizer, is a few times slower).
pub const SLOW: Duration = Duration::from_secs(1);

/// Plans `scenario` once on the clock, failing when that takes too long (the watchdog),
/// then checks every promise of the plan and its exports, off the clock (checking a
/// million host names is the harness's cost, not the planner's).
pub fn watch(what: &str, scenario: &Scenario) {
    let started = Instant::now();
    let planned = patchcast::plan::Plan::make(scenario);
    let took = started.elapsed();
    assert!(took < SLOW, "{what}: planning took {took:?} ({} hosts)", scenario.fleet.total_hosts());
    drop(planned);
    if let Err(broken) = patchcast::invariants::exercise_scenario(scenario) {
        panic!("{what}: {broken}");
    }
}

const ZONES: [&str; 8] = [
    "Asia/Tokyo",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "Asia/Kolkata",
    "America/Santiago",
    "UTC",
];
const EDITIONS: [&str; 5] = ["ex2000-sp3", "ex2003", "ex2003-sp1", "ex5.5-sp4", "ex2019"];
const HOSTILE: [&str; 8] = ["", " ", "x\r\nATTACH:y", "=1+1", "東京", "a,b;c\\d", "\u{2028}\u{0}", "Tokyo"];

fn text(u: &mut Unstructured, known: &[&str]) -> Result<String> {
    Ok(if u.ratio(3, 4)? { (*u.choose(known)?).to_string() } else { String::arbitrary(u)? })
}

/// Small numbers most of the time, any number now and then.
fn count(u: &mut Unstructured, usual: std::ops::RangeInclusive<u32>) -> Result<u32> {
    if u.ratio(7, 8)? {
        u.int_in_range(usual)
    } else {
        u32::arbitrary(u)
    }
}

fn decimal(u: &mut Unstructured, usual: std::ops::RangeInclusive<u32>) -> Result<f64> {
    Ok(if u.ratio(7, 8)? { f64::from(u.int_in_range(usual)?) / 4.0 } else { f64::arbitrary(u)? })
}

/// The sample scenario with its parts replaced by values drawn from `u`.
pub fn scenario(u: &mut Unstructured) -> Result<Scenario> {
    let mut s = Scenario::sample();
    let groups = u.int_in_range(1..=8)?;
    let template = s.fleet.groups[0].clone();
    s.fleet.groups = (0..groups)
        .map(|i| {
            let mut g = template.clone();
            g.name = if u.ratio(7, 8)? { format!("g{i}") } else { text(u, &HOSTILE)? };
            g.edition = (*u.choose(&EDITIONS)?).into();
            g.hosts = count(u, 1..=300)?;
            let site = u.int_in_range(0..=3)?;
            g.site = if u.ratio(7, 8)? { format!("site{site}") } else { text(u, &HOSTILE)? };
            g.time_zone =
                if u.ratio(15, 16)? { ZONES[site as usize % ZONES.len()].into() } else { text(u, &ZONES)? };
            g.internet_facing = count(u, 0..=g.hosts.min(300))?;
            g.prerequisite_present = count(u, 0..=g.hosts.min(300))?;
            if u.ratio(1, 8)? && g.hosts <= 300 {
                g.host_names = (0..g.hosts).map(|k| format!("h{i}-{k}")).collect();
            }
            Ok(g)
        })
        .collect::<Result<_>>()?;
    s.capacity.consoles = count(u, 1..=4)?;
    s.capacity.caution = decimal(u, 4..=8)?;
    s.windows = (0..u.int_in_range(1..=3)?)
        .map(|i| {
            let recurrence = if u.ratio(3, 4)? {
                let days = (0..u.int_in_range(0..=3)?)
                    .map(|_| u.choose(&Day::ALL).copied())
                    .collect::<Result<_>>()?;
                Recurrence::Week { days }
            } else {
                let nth =
                    *u.choose(&[Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Fifth, Nth::Last])?;
                Recurrence::Month { nth, day: *u.choose(&Day::ALL)?, offset_days: i16::arbitrary(u)? % 40 }
            };
            Ok(Window {
                name: format!("w{i}"),
                recurrence,
                start: format!("{:02}:{:02}", u.int_in_range(0..=24)?, u.int_in_range(0..=3)? * 15),
                length_minutes: count(u, 15..=720)?,
                backout_reserve_minutes: if u.ratio(1, 4)? { count(u, 0..=90)? } else { 0 },
                sites: if u.ratio(1, 4)? {
                    vec![text(u, &["site0", "site1", "nowhere"])?]
                } else {
                    Vec::new()
                },
            })
        })
        .collect::<Result<_>>()?;
    s.blackouts = (0..u.int_in_range(0..=3)?)
        .map(|_| {
            Ok(format!(
                "20{:02}-{:02}-{:02}",
                u.int_in_range(20..=40)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=31)?
            ))
        })
        .collect::<Result<_>>()?;
    let year = if u.ratio(7, 8)? { u.int_in_range(2026..=2032)? } else { u.int_in_range(1960..=9999)? };
    s.start = format!(
        "{year:04}-{:02}-{:02}T{:02}:00",
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
        u.int_in_range(0..=23)?
    );
    s.site_limit = match u.int_in_range(0..=2)? {
        0 => None,
        1 => Some(SiteLimit::Hosts(count(u, 1..=20)?)),
        _ => Some(SiteLimit::Percent(decimal(u, 1..=400)?)),
    };
    if u.ratio(1, 2)? {
        let phases = (0..u.int_in_range(1..=6)?)
            .map(|i| {
                let selector = match u.int_in_range(0..=6)? {
                    0 => Selector::Prerequisite,
                    1 => Selector::Pilot { hosts: count(u, 1..=20)? },
                    2 => Selector::PilotPercent { percent: decimal(u, 1..=400)? },
                    3 => Selector::Groups { names: vec![format!("g{}", u.int_in_range(0..=8)?)] },
                    4 => Selector::Editions { ids: vec![(*u.choose(&EDITIONS)?).into()] },
                    5 => Selector::Tier { tier: RiskTier::InternetAnonymous },
                    _ => Selector::Rest,
                };
                Ok(Phase {
                    failure_threshold_percent: None,
                    ..Phase::new(&format!("p{i}"), selector, decimal(u, 0..=96)?)
                })
            })
            .collect::<Result<_>>()?;
        s.phases = Some(phases);
    }
    // Availability sets, now and then: groups and hosts (made names, listed ones, names that
    // do not exist), each way of saying a limit, wild values too.
    if u.ratio(1, 3)? {
        s.fleet.availability_sets = (0..u.int_in_range(1..=3)?)
            .map(|k| {
                let group = |u: &mut Unstructured| -> Result<String> {
                    Ok(if u.ratio(7, 8)? { format!("g{}", u.int_in_range(0..=groups)?) } else { text(u, &HOSTILE)? })
                };
                let host = |u: &mut Unstructured| -> Result<String> {
                    let (g, h) = (u.int_in_range(0..=groups)?, u.int_in_range(0..=40)?);
                    Ok(match u.int_in_range(0..=3)? {
                        0 => format!("h{g}-{h}"),
                        1 | 2 => format!("g{g}-{:04}", h + 1),
                        _ => text(u, &HOSTILE)?,
                    })
                };
                let name = if u.ratio(7, 8)? { format!("set{k}") } else { text(u, &HOSTILE)? };
                let groups = (0..u.int_in_range(0..=2)?).map(|_| group(u)).collect::<Result<_>>()?;
                let hosts = (0..u.int_in_range(0..=6)?).map(|_| host(u)).collect::<Result<_>>()?;
                let limit = match u.int_in_range(0..=2)? {
                    0 => SetLimit::MaxDown(count(u, 1..=4)?),
                    1 => SetLimit::MaxDownPercent(decimal(u, 1..=400)?),
                    _ => SetLimit::MinInService(count(u, 0..=20)?),
                };
                let mut set = AvailabilitySet::new(name, groups, hosts, limit);
                if u.ratio(1, 16)? {
                    set.max_down = Some(count(u, 0..=3)?);
                }
                Ok(set)
            })
            .collect::<Result<_>>()?;
    }
    s.horizon_days = count(u, 30..=3650)?;
    // The forecast's settings, now and then (the trials few: the fuzzer runs them).
    if u.ratio(1, 3)? {
        s.forecast = patchcast::forecast::Settings {
            trials: count(u, 1..=64)?,
            seed: u64::arbitrary(u)?,
            confidence_percent: decimal(u, 200..=396)?,
            spread_percent: if u.ratio(1, 2)? { Some(decimal(u, 0..=400)?) } else { None },
            lost_window_percent: decimal(u, 0..=360)?,
            investigation_hours: decimal(u, 0..=200)?,
            failure_rate_installs: count(u, 0..=500)?,
        };
        if u.ratio(1, 2)? {
            s.capacity.failure_rate_percent = Some(decimal(u, 0..=80)?);
        }
        s.settle_version();
    }
    s.settle_version();
    Ok(s)
}

/// A form field of the sample workspace (sometimes one that does not exist).
pub fn field(u: &mut Unstructured) -> Result<Field> {
    let i = u.int_in_range(0..=7)? as usize;
    Ok(match u.int_in_range(0..=10)? {
        10 => *u.choose(&Field::FORECAST)?,
        0 => Field::Consoles,
        1 => Field::Caution,
        2 => Field::Start,
        3 => Field::SiteLimit,
        4 => Field::Group(
            i,
            *u.choose(&[
                GroupField::Name,
                GroupField::Hosts,
                GroupField::Site,
                GroupField::TimeZone,
                GroupField::InternetFacing,
                GroupField::Edition,
            ])?,
        ),
        5 => Field::Window(
            i % 2,
            *u.choose(&[
                WindowField::Start,
                WindowField::Length,
                WindowField::Reserve,
                WindowField::Offset,
                WindowField::Sites,
                WindowField::Every,
            ])?,
        ),
        6 => Field::Phase(i, *u.choose(&[PhaseField::Param, PhaseField::Take, PhaseField::Soak])?),
        7 => Field::Blackout(i % 3),
        8 if u.ratio(1, 2)? => Field::HorizonDays,
        8 => Field::Set(
            i % 2,
            *u.choose(&[SetField::Name, SetField::Groups, SetField::Hosts, SetField::Kind, SetField::Limit])?,
        ),
        _ => Field::CalibrationHosts(i % 2),
    })
}

/// What a planner might type: numbers in and out of range, words, nothing.
pub fn typed(u: &mut Unstructured) -> Result<String> {
    const TYPED: [&str; 14] = [
        "",
        "0",
        "1",
        "-1",
        "5",
        "250",
        "1e9",
        "4294967296",
        "-32768",
        "2099-12-31T23:00",
        "week",
        "month",
        "pilot",
        "New York",
    ];
    Ok(if u.ratio(3, 4)? { (*u.choose(&TYPED)?).to_string() } else { String::arbitrary(u)? })
}

/// A scenario of [`scenario`] with its plan approved and a progress record drawn from `u`:
/// batches and hosts done, failed, given up or skipped at times around their plan (now and
/// then anywhere), lost openings, consoles changed, phases resumed, names that do not exist,
/// a status time anywhere.
pub fn followed(u: &mut Unstructured) -> Result<Scenario> {
    use patchcast::civil::{DateTime, Instant as At};
    use patchcast::progress::{Event, LostOpening, Status};
    let mut s = scenario(u)?;
    let Ok(plan) = patchcast::plan::Plan::make(&s) else { return Ok(s) };
    let zone = patchcast::time_zone::zone(&s.start_time_zone).unwrap_or_else(|_| patchcast::time_zone::Zone::utc());
    let (start, end) = (plan.summary.start, plan.summary.cautious_end.max(plan.summary.start + 1));
    let time = |u: &mut Unstructured| -> Result<i64> {
        Ok(if u.ratio(7, 8)? { u.int_in_range(start - 1440..=end + 1440)? } else { i64::from(i32::arbitrary(u)?) })
    };
    let approved = time(u)?;
    let mut progress = plan.approve(approved, approved, &zone);
    let batches = plan.schedule.batches.len();
    let status = |u: &mut Unstructured| -> Result<Status> { Ok(*u.choose(&Status::ALL)?) };
    let mut now = approved;
    for _ in 0..u.int_in_range(0..=24)? {
        let at = time(u)?.max(approved);
        now = now.max(at);
        let written = At(at).with_offset(i64::from(u.int_in_range(-12i8..=14)?) * 60);
        let event = match u.int_in_range(0..=5)? {
            0 | 1 if batches > 0 => {
                let i = u.int_in_range(0..=batches - 1)?;
                let b = &plan.schedule.batches[i];
                let at = if u.ratio(3, 4)? { b.cautious_end + i64::from(u.int_in_range(-30..=90)?) } else { at };
                now = now.max(at);
                let mut events = plan.mark_batch(i, status(u)?, at, count(u, 0..=b.hosts)?);
                if u.ratio(1, 8)? {
                    events.iter_mut().for_each(|e| e.batch = Some(count(u, 0..=batches as u32 + 2).unwrap_or(0)));
                }
                progress.events.extend(events);
                continue;
            }
            2 if !plan.expanded.hosts.is_empty() => {
                let h = u.int_in_range(0..=plan.expanded.hosts.len() - 1)?;
                Event {
                    at: written,
                    host: Some(if u.ratio(7, 8)? { plan.host_name(h) } else { text(u, &HOSTILE)? }),
                    work: u.ratio(1, 4)?.then_some(patchcast::scheduler::Work::Prerequisite),
                    status: Some(status(u)?),
                    ..Event::default()
                }
            }
            3 => {
                let openings = plan.planned_openings();
                let (site, opening) = match u.choose(&openings) {
                    Ok(&(site, opening, _)) => (plan.expanded.sites[site as usize].name.clone(), opening),
                    Err(_) => (text(u, &HOSTILE)?, at),
                };
                Event {
                    at: written,
                    lost_opening: Some(LostOpening { site, start: DateTime(zone.to_local(opening)).to_string() }),
                    ..Event::default()
                }
            }
            4 => Event { at: written, consoles: Some(count(u, 1..=6)?), ..Event::default() },
            _ => Event {
                at: written,
                resume: Some(match plan.phases.get(u.int_in_range(0..=7)?) {
                    Some(p) if u.ratio(7, 8)? => p.name.clone(),
                    _ => text(u, &HOSTILE)?,
                }),
                ..Event::default()
            },
        };
        progress.events.push(event);
    }
    let now = if u.ratio(7, 8)? { now } else { time(u)? };
    progress.now = At(now).with_offset(zone.offset_minutes(now));
    s.progress = Some(progress);
    s.settle_version();
    Ok(s)
}
