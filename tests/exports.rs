//! The exports read back as a calendar program and a spreadsheet would read them.
#![cfg(not(target_arch = "wasm32"))]

use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime};
use patchcast::export;
use patchcast::plan::Plan;
use patchcast::scenario::Scenario;

fn example() -> Plan {
    let text = std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap();
    Plan::make(&Scenario::from_json(&text).unwrap()).unwrap()
}

fn utc(dt: DatePerhapsTime) -> i64 {
    match dt {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.timestamp() / 60,
        other => panic!("expected a UTC time, got {other:?}"),
    }
}

#[test]
fn the_calendar_parses_back_with_one_event_per_batch_at_the_right_times() {
    let plan = example();
    let text = export::calendar::ics(&plan, patchcast::i18n::Lang::En);
    let calendar: Calendar = text.parse().expect("RFC 5545 calendar");
    let events: Vec<_> = calendar.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), plan.schedule.batches.len());
    for (event, batch) in events.iter().zip(&plan.schedule.batches) {
        assert_eq!(utc(event.get_start().unwrap()), batch.start);
        assert_eq!(utc(event.get_end().unwrap()), batch.cautious_end);
        assert!(event.get_summary().unwrap().contains(&format!("{} hosts", batch.hosts)));
    }
    let uids: std::collections::HashSet<_> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids.len(), events.len(), "every event has its own UID");
}

#[test]
fn the_scenario_file_round_trips_exactly() {
    let text = std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap();
    let scenario = Scenario::from_json(&text).unwrap();
    assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario);
    // File → scenario → file gives the very same text.
    let saved = scenario.to_json();
    assert_eq!(Scenario::from_json(&saved).unwrap().to_json(), saved);
}

#[test]
fn export_file_names_carry_advisory_and_date() {
    let plan = example();
    assert_eq!(export::file_name(&plan, "batches", "csv"), "MS05-021-batches-2026-12-07.csv");
}

/// Names a hostile scenario might carry: line breaks of every kind, property syntax,
/// separators, quotes and non-ASCII text.
const HOSTILE: [&str; 6] = [
    "x\r\nATTACH:http://evil.example/a.exe",
    "y\nATTENDEE:mailto:all@example.com",
    "z\rBEGIN:VALARM",
    "semi;colon,comma:colon\\back\"quote",
    "東京\u{2028}本社\u{0}\u{1b}[31m",
    "=HYPERLINK(\"http://evil.example\")",
];

/// The example with every text a planner controls replaced by hostile ones.
fn hostile_plan() -> Plan {
    let text = std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap();
    let mut s = Scenario::from_json(&text).unwrap();
    let mut advisory = patchcast::advisory::presets::ms05_021();
    advisory.id = HOSTILE[0].into();
    advisory.title = HOSTILE[1].into();
    for (i, e) in advisory.editions.iter_mut().enumerate() {
        e.name = format!("{}{i}", HOSTILE[2]);
        e.package.file_name = HOSTILE[5].into();
        e.package.version = HOSTILE[3].into();
    }
    s.advisory_preset = None;
    s.advisory = Some(advisory);
    let sites: Vec<String> = s.fleet.groups.iter().map(|g| g.site.clone()).collect();
    for (i, g) in s.fleet.groups.iter_mut().enumerate() {
        g.site = format!("{}{}", HOSTILE[3 + i % 2], sites[i]);
        g.name = format!("{}{i}", HOSTILE[i % HOSTILE.len()]);
    }
    for (i, w) in s.windows.iter_mut().enumerate() {
        w.name = format!("{}{i}", HOSTILE[4]);
        w.sites.clear();
    }
    s.phases = None;
    let checked = s.check().unwrap();
    s.phases = Some(
        checked
            .phases
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.name = format!("{}{i}", HOSTILE[i % HOSTILE.len()]);
                p
            })
            .collect(),
    );
    Plan::make(&s).unwrap()
}

#[test]
fn hostile_names_cannot_add_calendar_properties() {
    let plan = hostile_plan();
    for lang in [patchcast::i18n::Lang::En, patchcast::i18n::Lang::Ja] {
        let text = export::calendar::ics(&plan, lang);
        // CRLF only, 75-octet lines, no control character, no property we never write.
        patchcast::invariants::check_ics(&text).unwrap();
        // A calendar program reads back each event with exactly our properties and texts.
        let calendar: Calendar = text.parse().expect("RFC 5545 calendar");
        let events: Vec<_> = calendar.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), plan.schedule.batches.len());
        for (event, batch) in events.iter().zip(&plan.schedule.batches) {
            let names: Vec<&str> = event.properties().keys().map(String::as_str).collect();
            let mut names = names.clone();
            names.sort_unstable();
            assert_eq!(names, ["DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "LOCATION", "SUMMARY", "UID"]);
            let uid = event.get_uid().unwrap();
            assert!(uid.chars().all(|c| c.is_ascii_alphanumeric() || "-.@".contains(c)), "{uid}");
            let site = &plan.expanded.sites[batch.site as usize].name;
            let location = event.property_value("LOCATION").unwrap();
            let expected: String =
                site.replace('\u{2028}', "\n").chars().filter(|c| !c.is_control() || *c == '\n').collect();
            assert_eq!(location, expected);
            assert_eq!(utc(event.get_start().unwrap()), batch.start);
        }
    }
}

#[test]
fn every_csv_column_is_neutralised_against_hostile_names() {
    let plan = hostile_plan();
    for lang in [patchcast::i18n::Lang::En, patchcast::i18n::Lang::Ja] {
        for text in [export::csv::batches(&plan, lang), export::csv::hosts(&plan, lang)] {
            let mut reader =
                csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let mut rows = 0;
            for record in reader.records() {
                let record = record.unwrap();
                for cell in record.iter() {
                    let first = cell.chars().next();
                    assert!(
                        !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                        "formula cell {cell:?}"
                    );
                    // Numbers stay numbers: a cell that is all digits is never prefixed.
                    assert!(
                        !(cell.starts_with('\'') && cell[1..].parse::<f64>().is_ok()),
                        "number as text: {cell:?}"
                    );
                }
                rows += 1;
            }
            assert!(rows > 0);
        }
    }
}

/// What identifies a host for the plan: name, site, zone, edition, exposure, prerequisite.
fn host_facts(plan: &Plan) -> Vec<(String, String, String, String, bool, bool)> {
    let mut facts: Vec<_> = plan
        .expanded
        .hosts
        .iter()
        .map(|h| {
            let g = &plan.fleet.groups[h.group as usize];
            let site = &plan.expanded.sites[h.site as usize];
            let edition = plan.advisory.editions[h.edition as usize].id.clone();
            (
                g.host_name(h.ordinal),
                site.name.clone(),
                site.time_zone.clone(),
                edition,
                h.internet_facing,
                h.needs_prerequisite,
            )
        })
        .collect();
    facts.sort();
    facts
}

/// `plan`'s host CSV in `lang`, imported as an inventory (editions by name, as the page
/// reads them).
fn imported_hosts(plan: &Plan, lang: patchcast::i18n::Lang) -> patchcast::fleet::inventory::Inventory {
    use patchcast::fleet::inventory::{parse, Known};
    let no_zone = |_: &str| None;
    let edition_id = |e: &str| plan.advisory.edition_named(e);
    let known = Known { zone_of: &no_zone, edition_id: &edition_id, editions: "the advisory's" };
    let csv = export::csv::hosts(plan, lang);
    parse(&csv, &known).unwrap_or_else(|e| panic!("{lang:?}: {e:?}"))
}

#[test]
fn the_host_csv_imports_back_as_the_same_hosts_in_either_language() {
    let plan = example();
    for lang in [patchcast::i18n::Lang::En, patchcast::i18n::Lang::Ja] {
        let groups = imported_hosts(&plan, lang).groups;
        let text = std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap();
        let mut s = Scenario::from_json(&text).unwrap();
        s.fleet.groups = groups;
        s.phases = None;
        let again = Plan::make(&s).unwrap();
        assert_eq!(host_facts(&again), host_facts(&plan), "{lang:?}");
    }
}

/// With availability sets, the host CSV says each host's sets in the column an inventory's
/// `set` reads: imported again (either language) it makes the same sets of the same hosts;
/// the plan's JSON and wiki page say each set's limit and the most the plan has down.
#[test]
fn availability_sets_travel_with_the_host_csv_and_show_in_the_json_and_wiki() {
    use patchcast::fleet::{AvailabilitySet, SetLimit};
    let text = std::fs::read_to_string("examples/ms05-021-two-sites.json").unwrap();
    let mut s = Scenario::from_json(&text).unwrap();
    let set = |name: &str, groups: &[&str], hosts: &[&str], limit| {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect();
        AvailabilitySet::new(name, names(groups), names(hosts), limit)
    };
    s.fleet.availability_sets = vec![
        set("tokyo-cluster-1", &[], &["tokyo-2003-0001", "tokyo-2003-0002"], SetLimit::MaxDown(1)),
        set(
            "edge pool",
            &["tokyo-edge", "frankfurt-edge"],
            &["tokyo-2003-0002"],
            SetLimit::MaxDownPercent(25.0),
        ),
    ];
    s.settle_version();
    let plan = Plan::make(&s).unwrap();
    let members = |s: &Scenario| -> Vec<(String, Vec<String>)> {
        let plan = Plan::make(s).unwrap();
        let sets = &plan.expanded.sets;
        (0..sets.names.len())
            .map(|k| {
                let mut hosts: Vec<String> = (0..plan.expanded.hosts.len() as u32)
                    .filter(|&h| sets.of(h).contains(&(k as u32)))
                    .map(|h| {
                        let host = &plan.expanded.hosts[h as usize];
                        plan.fleet.groups[host.group as usize].host_name(host.ordinal)
                    })
                    .collect();
                hosts.sort();
                (sets.names[k].clone(), hosts)
            })
            .collect()
    };
    let before = members(&s);
    assert_eq!(before[1].1.len(), 19, "12 + 6 edge hosts and one more");
    for lang in [patchcast::i18n::Lang::En, patchcast::i18n::Lang::Ja] {
        let inventory = imported_hosts(&plan, lang);
        let mut again = s.clone();
        again.fleet.groups = inventory.groups;
        again.phases = None;
        again.fleet.availability_sets = inventory
            .sets
            .into_iter()
            .map(|(name, hosts)| AvailabilitySet::new(name, vec![], hosts, SetLimit::MaxDown(1)))
            .collect();
        again.fleet.availability_sets.sort_by_key(|a| a.name != "tokyo-cluster-1");
        assert_eq!(members(&again), before, "{lang:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&export::json::plan(&plan)).unwrap();
    let sets = &json["availability_sets"];
    assert_eq!(sets[0]["name"], "tokyo-cluster-1");
    assert_eq!((sets[0]["hosts"].as_u64(), sets[0]["most_down"].as_u64()), (Some(2), Some(1)));
    assert_eq!((sets[1]["hosts"].as_u64(), sets[1]["most_down"].as_u64()), (Some(19), Some(4)));
    assert!(sets[1]["planned_most_down"].as_u64().unwrap() <= 4);
    let page = export::wiki::page(&s, &plan, None, export::wiki::Markup::Markdown, patchcast::i18n::Lang::En);
    assert!(page.contains("## Availability sets"), "{page}");
    assert!(page.contains("| edge pool | 19 | 4 |"), "{page}");
}
