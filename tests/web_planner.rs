//! Browser tests of the planner: inputs turn DOM events into scenario edits, errors show
//! beside their field, and the results follow. Each test renders into a fresh element.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use patchcast::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn render_app() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Yields to the event loop so Yew's scheduler runs what is queued.
async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

fn find(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap()
}

fn get(root: &Element, id: &str) -> Element {
    find(root, id).unwrap_or_else(|| panic!("no element {id}"))
}

fn text(root: &Element, id: &str) -> String {
    get(root, id).text_content().unwrap_or_default()
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

async fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = get(root, id).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, "input");
    settle().await;
}

async fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = get(root, id).dyn_into().unwrap();
    select.set_value(value);
    fire(&select, "change");
    settle().await;
}

async fn click(root: &Element, id: &str) {
    get(root, id).dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}

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
        let check: HtmlInputElement = get(&root, &format!("windows-0--recurrence-{day}")).dyn_into().unwrap();
        check.set_checked(false);
        fire(&check, "change");
        settle().await;
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
}
