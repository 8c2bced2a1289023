//! Browser tests of the estimate panel: rendered into a fresh element in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use patchcast::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the app into a new element of its own and lets it settle.
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

fn by_testid(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap()
}

fn text(root: &Element, id: &str) -> String {
    by_testid(root, id).unwrap_or_else(|| panic!("no element {id}")).text_content().unwrap_or_default()
}

async fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = by_testid(root, id).unwrap().dyn_into().unwrap();
    input.set_value(value);
    let event = Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn opens_on_the_seed_estimate_for_500_hosts() {
    let root = render_app().await;
    assert_eq!(text(&root, "expected-minutes"), "100.1");
    assert!(by_testid(&root, "extrapolated").is_none());
}

#[wasm_bindgen_test]
async fn reacts_to_hosts_and_consoles() {
    let root = render_app().await;
    type_into(&root, "estimate-hosts", "250").await;
    assert_eq!(text(&root, "expected-minutes"), "58.0");
    type_into(&root, "estimate-consoles", "5").await;
    // 50 hosts per console: the measured lower edge, not extrapolated.
    assert_eq!(text(&root, "expected-minutes"), "24.3");
    assert!(by_testid(&root, "extrapolated").is_none());
    type_into(&root, "estimate-hosts", "20").await;
    assert!(by_testid(&root, "extrapolated").is_some());
}

#[wasm_bindgen_test]
async fn bad_input_shows_an_error_and_keeps_the_last_estimate() {
    let root = render_app().await;
    type_into(&root, "estimate-hosts", "-3").await;
    let error = by_testid(&root, "estimate-hosts-error").unwrap();
    assert!(!error.has_attribute("hidden"));
    assert!(error.text_content().unwrap().contains("whole number"), "{:?}", error.text_content());
    assert_eq!(text(&root, "expected-minutes"), "100.1");
    assert!(by_testid(&root, "stale").is_some());
    let input: HtmlInputElement = by_testid(&root, "estimate-hosts").unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "-3", "the typed text is kept");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&root, "estimate-hosts", "100").await;
    assert!(by_testid(&root, "estimate-hosts-error").unwrap().has_attribute("hidden"));
    assert!(by_testid(&root, "stale").is_none());
    assert_eq!(text(&root, "expected-minutes"), "32.7");
}
