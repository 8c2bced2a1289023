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
