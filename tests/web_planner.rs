//! Browser tests of the planner: inputs turn DOM events into scenario edits, errors show
//! beside their field, and the results follow. Each test renders into a fresh element.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{choose, click, find, get, render_app, set_checked, text, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn opens_with_a_full_plan_of_the_sample() {
    let root = render_app().await;
    assert_eq!(text(&root, "summary-hosts"), "298");
    assert_eq!(text(&root, "status"), "Plan is up to date.");
    assert!(text(&root, "urgency").contains("緊急適用"));
    assert!(find(&root, "gantt").unwrap().inner_html().contains("<svg"));
    assert!(find(&root, "exposure-chart").is_some());
    assert!(text(&root, "warnings").contains("KB870540"));
}

#[wasm_bindgen_test]
async fn editing_a_group_replans() {
    let root = render_app().await;
    type_into(&root, "fleet-groups-0--hosts", "20").await;
    assert_eq!(text(&root, "summary-hosts"), "306");
    choose(&root, "fleet-groups-2--edition", "ex5.5-sp4").await;
    assert_eq!(text(&root, "summary-hosts"), "226", "an unaffected edition leaves the plan");
}

#[wasm_bindgen_test]
async fn bad_input_is_kept_with_its_message_and_the_last_plan_stays() {
    let root = render_app().await;
    type_into(&root, "fleet-groups-1--hosts", "sixty").await;
    let input: HtmlInputElement = get(&root, "fleet-groups-1--hosts").dyn_into().unwrap();
    assert_eq!(input.value(), "sixty");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = get(&root, "fleet-groups-1--hosts-error");
    assert!(!error.has_attribute("hidden"));
    assert!(error.text_content().unwrap().contains("whole number"));
    assert!(text(&root, "status").contains("last valid plan"));
    assert_eq!(text(&root, "summary-hosts"), "298");

    // A value that parses but does not fit the group is a check problem, shown the same way.
    type_into(&root, "fleet-groups-1--hosts", "60").await;
    type_into(&root, "fleet-groups-1--internet-facing", "61").await;
    assert!(text(&root, "fleet-groups-1--internet-facing-error").contains("more than the group's 60 hosts"));
    type_into(&root, "fleet-groups-1--internet-facing", "0").await;
    assert_eq!(text(&root, "status"), "Plan is up to date.");
}

#[wasm_bindgen_test]
async fn windows_and_groups_can_be_added() {
    let root = render_app().await;
    click(&root, "add-window").await;
    assert!(find(&root, "window-1").is_some());
    click(&root, "add-group").await;
    assert!(find(&root, "fleet-groups-6--hosts").is_some());
    assert_eq!(text(&root, "summary-hosts"), "308");
    click(&root, "remove-group-6").await;
    assert_eq!(text(&root, "summary-hosts"), "298");
}

#[wasm_bindgen_test]
async fn a_weekday_checkbox_changes_the_window() {
    let root = render_app().await;
    let before = text(&root, "summary-end");
    for day in ["mon", "tue", "wed", "thu"] {
        set_checked(&root, &format!("windows-0--recurrence-{day}"), false).await;
    }
    assert_ne!(text(&root, "summary-end"), before, "Fridays only: the plan ends later");
}

#[wasm_bindgen_test]
async fn pinning_a_baseline_shows_the_change() {
    let root = render_app().await;
    click(&root, "pin").await;
    assert_eq!(text(&root, "baseline-hosts"), "298");
    type_into(&root, "capacity-consoles", "1").await;
    let change = text(&root, "change-duration");
    assert!(change.starts_with('+'), "one console instead of two takes longer: {change}");
    click(&root, "clear-baseline").await;
    assert!(find(&root, "baseline-hosts").is_none());
}

#[wasm_bindgen_test]
async fn phases_can_be_customised_and_reordered() {
    let root = render_app().await;
    click(&root, "customise-phases").await;
    assert!(find(&root, "phase-4").is_some());
    type_into(&root, "phases-1--param", "12").await;
    assert!(text(&root, "phases-table").contains("Pilot"));
    click(&root, "add-phase").await;
    assert!(find(&root, "phase-5").is_some());

    // Move the third phase before the second: the editor and the plan's phases follow.
    let legend = |i: usize| {
        let phase = get(&root, &format!("phase-{i}"));
        let text = phase.query_selector("legend").unwrap().unwrap().text_content().unwrap();
        text.split_once(". ").unwrap().1.to_string()
    };
    let (second, third) = (legend(1), legend(2));
    assert_ne!(second, third);
    click(&root, "move-earlier-2").await;
    assert_eq!((legend(1), legend(2)), (third.clone(), second.clone()));
    let table = text(&root, "phases-table");
    let (at_third, at_second) = (table.find(&third).unwrap(), table.find(&second).unwrap());
    assert!(at_third < at_second, "the plan lists {third} before {second}: {table}");
}

#[wasm_bindgen_test]
async fn each_phase_says_what_holds_it_back() {
    let root = render_app().await;
    let table = text(&root, "phases-table");
    // The sample's phases wait for each other's soak.
    assert!(table.contains("Held by") && table.contains("soak (−"), "{table}");
    click(&root, "customise-phases").await;
    let soak = |i: usize| format!("phases-{i}--soak-hours");
    let mut phases = 0;
    while find(&root, &soak(phases)).is_some() {
        type_into(&root, &soak(phases), "0").await;
        phases += 1;
    }
    assert!(phases >= 4, "the sample has {phases} phases");
    let table = text(&root, "phases-table");
    assert!(!table.contains("soak (−"), "no soak left to hold a phase: {table}");
}
