//! Browser tests of the estimate panel: rendered into a fresh element in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{find, get, render_app, text, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn opens_on_the_seed_estimate_for_500_hosts() {
    let root = render_app().await;
    assert_eq!(text(&root, "expected-minutes"), "100.1");
    assert!(find(&root, "extrapolated").is_none());
}

#[wasm_bindgen_test]
async fn reacts_to_hosts_and_consoles() {
    let root = render_app().await;
    type_into(&root, "estimate-hosts", "250").await;
    assert_eq!(text(&root, "expected-minutes"), "58.0");
    type_into(&root, "estimate-consoles", "5").await;
    // 50 hosts per console: the measured lower edge, not extrapolated.
    assert_eq!(text(&root, "expected-minutes"), "24.3");
    assert!(find(&root, "extrapolated").is_none());
    type_into(&root, "estimate-hosts", "20").await;
    assert!(find(&root, "extrapolated").is_some());
}

#[wasm_bindgen_test]
async fn bad_input_shows_an_error_and_keeps_the_last_estimate() {
    let root = render_app().await;
    type_into(&root, "estimate-hosts", "-3").await;
    let error = find(&root, "estimate-hosts-error").unwrap();
    assert!(!error.has_attribute("hidden"));
    assert!(error.text_content().unwrap().contains("whole number"), "{:?}", error.text_content());
    assert_eq!(text(&root, "expected-minutes"), "100.1");
    assert!(find(&root, "stale").is_some());
    let input: HtmlInputElement = get(&root, "estimate-hosts").dyn_into().unwrap();
    assert_eq!(input.value(), "-3", "the typed text is kept");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&root, "estimate-hosts", "100").await;
    assert!(find(&root, "estimate-hosts-error").unwrap().has_attribute("hidden"));
    assert!(find(&root, "stale").is_none());
    assert_eq!(text(&root, "expected-minutes"), "32.7");
}
