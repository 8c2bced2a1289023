//! Checks the compact zone table (src/time_zone/) against the system's tz database.
//!
//! For every zone, the table's rule must give the same UTC offset as the system's
//! zoneinfo at every transition and every day of the next twenty years. Run with
//! `PATCHCAST_UPDATE_TZ=1` to rewrite the table from the system (after a tzdata update).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

const ZONEINFO: &str = "/usr/share/zoneinfo";
const TABLE: &str = "src/time_zone/zones.txt";
const TZIF_DIR: &str = "src/time_zone/tzif";

fn window() -> (Timestamp, Timestamp) {
    let from: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    (from, from.checked_add(20 * 365 * 24.hours()).unwrap())
}

/// Zone names from the system tz database: zones and links.
fn system_names() -> (String, Vec<String>) {
    let zi = fs::read_to_string(Path::new(ZONEINFO).join("tzdata.zi")).expect("system tzdata.zi");
    let version = zi.lines().next().and_then(|l| l.strip_prefix("# version ")).unwrap().to_string();
    let mut names: Vec<String> = zi
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            match f.as_slice() {
                ["Z", name, ..] => Some(name.to_string()),
                ["L", _, name] => Some(name.to_string()),
                _ => None,
            }
        })
        .filter(|n| !matches!(n.as_str(), "UTC" | "Etc/UTC"))
        .collect();
    names.sort();
    names.dedup();
    (version, names)
}

/// The POSIX rule at the end of a TZif file.
fn footer(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.trim_end_matches('\n').rsplit('\n').next().unwrap().to_string()
}

/// Offsets of `tz` at each transition of either zone and at noon UTC of each day.
fn differs(ours: &TimeZone, system: &TimeZone) -> Option<Timestamp> {
    let (from, until) = window();
    let mut instants: Vec<Timestamp> = Vec::new();
    for tz in [ours, system] {
        for t in tz.following(from).take_while(|t| t.timestamp() < until) {
            instants.push(t.timestamp());
            instants.push(t.timestamp().checked_sub(1.second()).unwrap());
        }
    }
    let mut day = from.checked_add(12.hours()).unwrap();
    while day < until {
        instants.push(day);
        day = day.checked_add(24.hours()).unwrap();
    }
    instants.into_iter().find(|&at| ours.to_offset(at) != system.to_offset(at))
}

#[test]
fn every_zone_matches_the_system_tz_database_for_twenty_years() {
    let (version, names) = system_names();
    let update = std::env::var_os("PATCHCAST_UPDATE_TZ").is_some();
    let mut table = format!("# tzdata {version}\n");
    let mut irregular = Vec::new();
    for name in &names {
        let data = fs::read(Path::new(ZONEINFO).join(name)).unwrap();
        let system = TimeZone::tzif(name, &data).unwrap();
        let rule = footer(&data);
        let regular = TimeZone::posix(&rule).ok().filter(|posix| differs(posix, &system).is_none());
        if regular.is_some() {
            table.push_str(&format!("{name} {rule}\n"));
        } else {
            table.push_str(&format!("{name} @tzif\n"));
            irregular.push((name.clone(), data));
        }
    }
    if update {
        fs::write(TABLE, &table).unwrap();
        for (name, data) in &irregular {
            fs::write(Path::new(TZIF_DIR).join(name.replace('/', "_")), data).unwrap();
        }
        eprintln!("rewrote {TABLE} ({} zones, {} as TZif)", names.len(), irregular.len());
    }

    // The shipped table, as the app uses it, against the system, zone by zone.
    let mut wrong = Vec::new();
    for name in &names {
        let system = TimeZone::tzif(name, &fs::read(Path::new(ZONEINFO).join(name)).unwrap()).unwrap();
        match patchcast::time_zone::zone(name) {
            Ok(ours) => {
                if let Some(at) = differs(&ours, &system) {
                    wrong.push(format!("{name}: offsets differ at {at}"));
                }
            }
            Err(e) => wrong.push(format!("{name}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} zones disagree with the system tz database ({version}); if the system's tzdata \
         was updated, run PATCHCAST_UPDATE_TZ=1 cargo test --test time_zone_table:\n{}",
        wrong.len(),
        names.len(),
        wrong.join("\n")
    );
    assert_eq!(fs::read_to_string(TABLE).unwrap(), table, "the table is not what the system gives");
}
