//! Checks the compact zone table (src/time_zone/zones.txt) against the system's tz database.
//!
//! For every zone, the table must give the same UTC offset as the system's zoneinfo at
//! every transition and every day of the next twenty years, and turn local times around
//! every transition into the same instants as jiff's "compatible" rule. Run with
//! `PATCHCAST_UPDATE_TZ=1` to rewrite the table from the system (after a tzdata update).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use patchcast::time_zone::{self, Zone};

const ZONEINFO: &str = "/usr/share/zoneinfo";
const TABLE: &str = "src/time_zone/zones.txt";

/// The years every zone is checked for: from 2026 (or from the year its entry says its
/// rules are exact, when earlier) for twenty years.
fn window() -> (Timestamp, Timestamp) {
    let from: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    (from, from.checked_add(20 * 365 * 24.hours()).unwrap())
}

/// The earliest year an entry may claim: the Unix epoch's.
const EARLIEST: i32 = 1970;

fn year_start(year: i32) -> Timestamp {
    format!("{year}-01-01T00:00:00Z").parse().unwrap()
}

/// Zone names from the system tz database: zones and links.
fn system_names() -> (String, Vec<String>) {
    let zi = fs::read_to_string(Path::new(ZONEINFO).join("tzdata.zi")).expect("system tzdata.zi");
    let version = zi.lines().next().and_then(|l| l.strip_prefix("# version ")).unwrap().to_string();
    let mut names: Vec<String> = zi
        .lines()
        .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["Z", name, ..] | ["L", _, name] => Some(name.to_string()),
            _ => None,
        })
        .filter(|n| !matches!(n.as_str(), "UTC" | "Etc/UTC"))
        .collect();
    names.sort();
    names.dedup();
    (version, names)
}

fn system(name: &str) -> (TimeZone, String) {
    let data = fs::read(Path::new(ZONEINFO).join(name)).unwrap();
    let footer =
        String::from_utf8_lossy(&data).trim_end_matches('\n').rsplit('\n').next().unwrap().to_string();
    (TimeZone::tzif(name, &data).unwrap(), footer)
}

/// The instants to compare in [from, until): each transition of the system zone (and a
/// second before) and noon UTC of every day.
fn instants(system: &TimeZone, from: Timestamp, until: Timestamp) -> Vec<Timestamp> {
    let mut out = Vec::new();
    for t in system.following(from).take_while(|t| t.timestamp() < until) {
        out.push(t.timestamp());
        out.push(t.timestamp().checked_sub(1.second()).unwrap());
    }
    let mut day = from.checked_add(12.hours()).unwrap();
    while day < until {
        out.push(day);
        day = day.checked_add(24.hours()).unwrap();
    }
    out
}

fn differs(ours: &Zone, system: &TimeZone, at: Timestamp) -> bool {
    i64::from(ours.offset_seconds(at.as_second())) != i64::from(system.to_offset(at).seconds())
}

/// The first instant, from the year the zone claims to be exact through the window's end,
/// where our zone and the system's disagree.
fn first_difference(ours: &Zone, system: &TimeZone) -> Option<Timestamp> {
    let (_, until) = window();
    instants(system, year_start(ours.exact_since()), until).into_iter().find(|at| differs(ours, system, *at))
}

/// What the table says for one zone's rule: the POSIX footer, and explicit transitions
/// when the footer alone is not right for the window.
fn rule(name: &str, system: &TimeZone, footer: &str) -> String {
    if let Ok(regular) = time_zone::zone_from_entry(name, &format!("2026 {footer}")) {
        if first_difference(&regular, system).is_none() {
            return footer.to_string();
        }
    }
    let (from, _) = window();
    let mut line = format!("{footer} @{}:{}", from.as_second(), system.to_offset(from).seconds());
    // The tz database spells out irregular years up to the 2080s; the rule holds after.
    // Each transition after the first is written as the hours since the one before.
    let until: Timestamp = "2100-01-01T00:00:00Z".parse().unwrap();
    let mut previous = from.as_second();
    for t in system.following(from).take_while(|t| t.timestamp() < until) {
        let seconds = t.timestamp().as_second() - previous;
        assert_eq!(seconds % 3600, 0, "{name}: a transition off the hour, which the table cannot write");
        line.push_str(&format!(",{}:{}", seconds / 3600, t.offset().seconds()));
        previous = t.timestamp().as_second();
    }
    line
}

/// The table's entry for one zone: the first year from which its rule is exact (the year
/// after the last disagreement with the system since 1970), then the rule.
fn entry(name: &str) -> String {
    let (system, footer) = system(name);
    let rule = rule(name, &system, &footer);
    let ours = time_zone::zone_from_entry(name, &format!("{EARLIEST} {rule}")).unwrap();
    let last_difference = instants(&system, year_start(EARLIEST), window().0)
        .into_iter()
        .filter(|at| differs(&ours, &system, *at))
        .max();
    let since = match last_difference {
        Some(at) => i32::from(TimeZone::UTC.to_datetime(at.checked_add(24.hours()).unwrap()).year()) + 1,
        None => EARLIEST,
    };
    format!("{since} {rule}")
}

#[test]
fn every_zone_matches_the_system_tz_database_from_its_first_exact_year() {
    let (version, names) = system_names();
    // Regenerating checks the new entries, not the table compiled into this build.
    let fresh: Option<Vec<String>> =
        std::env::var_os("PATCHCAST_UPDATE_TZ").map(|_| names.iter().map(|n| entry(n)).collect());
    if let Some(entries) = &fresh {
        let mut table = format!("# tzdata {version}\n");
        for (name, entry) in names.iter().zip(entries) {
            table.push_str(&format!("{name} {entry}\n"));
        }
        fs::write(TABLE, &table).unwrap();
        eprintln!("rewrote {TABLE}: {} zones; rebuild to use it", names.len());
    }
    let mut wrong = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (system, _) = system(name);
        let ours = match &fresh {
            Some(entries) => time_zone::zone_from_entry(name, &entries[i]),
            None => time_zone::zone(name),
        };
        match ours {
            Ok(ours) => {
                if let Some(at) = first_difference(&ours, &system) {
                    wrong.push(format!("{name}: offsets differ at {at}"));
                }
            }
            Err(e) => wrong.push(format!("{name}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} zones disagree with this machine's tz database ({version}; the table was made from \
         {}). If the machine's tzdata was updated, run PATCHCAST_UPDATE_TZ=1 cargo test --test \
         time_zone_table:\n{}",
        wrong.len(),
        names.len(),
        time_zone::tzdata_version(),
        wrong.join("\n")
    );
    if fresh.is_none() {
        assert_eq!(time_zone::names().count(), names.len(), "the table lists other zones than the system");
        assert_eq!(
            time_zone::tzdata_version(),
            version,
            "the table was made from another tzdata release than this machine's"
        );
    }
}

#[test]
fn old_rules_are_not_claimed() {
    // US daylight saving changed in 2007, Mexico City dropped it in 2022, Tokyo has had
    // the same rule since 1951.
    let since = |name: &str| time_zone::zone(name).unwrap().exact_since();
    assert_eq!(since("America/New_York"), 2007);
    assert!(since("America/Mexico_City") >= 2023);
    assert_eq!(since("Asia/Tokyo"), EARLIEST);
}

#[test]
fn local_times_around_every_transition_resolve_like_jiff() {
    let (_, names) = system_names();
    for name in names.iter().filter(|n| {
        n.starts_with("America/")
            || n.starts_with("Europe/")
            || n.starts_with("Australia/")
            || n.starts_with("Africa/Casa")
            || n.starts_with("Asia/Gaza")
    }) {
        let (system, _) = system(name);
        let ours = time_zone::zone(name).unwrap();
        let (from, until) = window();
        for t in system.following(from).take_while(|t| t.timestamp() < until) {
            let local = system.to_datetime(t.timestamp());
            for minutes in [-90i64, -30, 0, 30, 90] {
                let dt = local.checked_add(minutes.minutes()).unwrap();
                let expected = system.to_timestamp(dt).unwrap().as_second() / 60;
                let local_minutes = dt.to_zoned_datetime(TimeZone::UTC).unwrap().timestamp().as_second() / 60;
                assert_eq!(ours.to_utc(local_minutes), expected, "{name} at local {dt}");
            }
        }
    }
}
