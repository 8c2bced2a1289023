//! What the browser tests share: render the app into a fresh element, find elements by
//! `data-testid`, and act on them as a planner would, awaiting Yew's scheduler each time.
#![allow(dead_code)] // Each test file uses its own subset.

use patchcast::ui::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// Renders the app into a new element of its own and lets it settle. Storage and the URL
/// fragment are cleared first, so each test starts from the sample as a new visitor would.
pub async fn render_app() -> Element {
    let window = gloo::utils::window();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?")).unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // The app draws itself in steps, a task each; the editors of the phases come last.
    for _ in 0..400 {
        settle().await;
        if find(&root, "phases").is_some() {
            return root;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("the app did not finish drawing within two seconds");
}

/// Waits until Yew's scheduler has run everything queued: renders, effects, callbacks.
pub async fn settle() {
    yew::scheduler::flush().await;
}

pub fn find(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap()
}

pub fn get(root: &Element, id: &str) -> Element {
    find(root, id).unwrap_or_else(|| panic!("no element {id}"))
}

pub fn text(root: &Element, id: &str) -> String {
    get(root, id).text_content().unwrap_or_default()
}

pub fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

pub async fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = get(root, id).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, "input");
    settle().await;
}

pub async fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = get(root, id).dyn_into().unwrap();
    select.set_value(value);
    fire(&select, "change");
    settle().await;
}

pub async fn set_checked(root: &Element, id: &str, on: bool) {
    let check: HtmlInputElement = get(root, id).dyn_into().unwrap();
    check.set_checked(on);
    fire(&check, "change");
    settle().await;
}

pub async fn click(root: &Element, id: &str) {
    get(root, id).dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}
