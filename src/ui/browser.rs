//! The few browser facilities the app uses, each failing quietly where the page cannot
//! have them (storage in a sandboxed iframe, the clipboard outside a secure context).

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::share::{self, ShareError};

/// Where the scenario is kept between visits.
const STORAGE_KEY: &str = "patchcast.scenario";

/// The browser window; none natively, where the page is prerendered without a browser.
fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// Where the app is drawn: `#app` in index.html (hidden while the prerendered opening
/// view stands in for it), or a new element at the end of the body.
pub fn app_root() -> Option<web_sys::Element> {
    let document = window()?.document()?;
    if let Some(root) = document.get_element_by_id("app") {
        return Some(root);
    }
    let root = document.create_element("div").ok()?;
    document.body()?.append_child(&root).ok()?;
    Some(root)
}

/// Shows the app in place of the prerendered opening view, in one step, once the app has
/// drawn everything (so nothing on screen moves or goes missing meanwhile).
pub fn reveal() {
    let Some(document) = window().and_then(|w| w.document()) else { return };
    if let Some(preview) = document.get_element_by_id("prerender") {
        preview.remove();
    }
    if let Some(root) = document.get_element_by_id("app") {
        let _ = root.remove_attribute("hidden");
    }
}

/// The URL fragment, with its `#`.
pub fn fragment() -> Option<String> {
    window()?.location().hash().ok()
}

/// The page's URL with `fragment` (without `#`) as its fragment. The address bar is left
/// alone: a link there would win over later edits at the next reload.
pub fn link_with_fragment(fragment: &str) -> Option<String> {
    let href = window()?.location().href().ok()?;
    let base = href.split('#').next().unwrap_or(&href);
    Some(format!("{base}#{fragment}"))
}

/// The link to `scenario` at this page, unless it is too large for one.
pub fn scenario_link(scenario: &Scenario) -> Result<String, ShareError> {
    Ok(link_with_fragment(&share::to_fragment(scenario)?).unwrap_or_default())
}

/// Takes a scenario link out of the address bar once it has been read, so that a reload
/// shows the work done since (kept in storage), not the link's older scenario.
pub fn forget_scenario_fragment() {
    let Some(w) = window() else { return };
    let Ok(href) = w.location().href() else { return };
    if let Some((base, fragment)) = href.split_once('#') {
        if share::is_scenario_fragment(fragment) {
            if let Ok(history) = w.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(base));
            }
        }
    }
}

/// Waits for a task of its own, so that the browser paints and handles input first. A
/// message to ourselves rather than a zero timeout: browsers hold nested timeouts back
/// 4 ms each (HTML's clamping), which the first render's dozen steps paid on a fast
/// computer with nothing to wait for.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            if channel.port2().post_message(&JsValue::NULL).is_err() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
        Err(_) => {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the browser has painted what was just drawn (its next frame), then for a
/// task of its own: work begun after it does not hold that paint back. In a tab in the
/// background, frames (and so this) wait until the tab is shown.
pub async fn after_paint() {
    if window().is_some() {
        let (painted, frame) = yew::platform::pinned::oneshot::channel();
        // Dropping the handle would cancel the frame: it lives until the frame comes.
        let _frame = gloo_render::request_animation_frame(move |_| {
            let _ = painted.send(());
        });
        let _ = frame.await;
    }
    next_task().await;
}

/// The clock, in milliseconds (0 where there is no browser, when prerendering).
pub fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// The time of day, in minutes since the Unix epoch: the browser's clock, or when
/// prerendering, the build machine's (so the opening view says what the page will).
pub fn now_minutes() -> i64 {
    if cfg!(target_arch = "wasm32") {
        (js_sys::Date::now() / 60_000.0) as i64
    } else {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| (d.as_secs() / 60) as i64)
    }
}

/// Moves keyboard focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    let element = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// True on a phone-sized screen (700 CSS pixels wide or less).
pub fn narrow_screen() -> bool {
    window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= 700.0)
}

/// A query parameter's value (`?embed=1` → `Some("1")`).
pub fn query(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| v.to_string())
    })
}

/// Shift_JIS bytes as text, or `None` if any byte sequence is not Shift_JIS (the
/// browser's own decoder, so the page carries no encoding tables).
pub fn decode_shift_jis(bytes: &[u8]) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options("shift_jis", &options).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

/// The JSON text kept under `key`, as it was stored (older versions stored it pretty).
/// Text that is not JSON at all comes back as it is, so that the planner is told why it
/// cannot be read.
fn stored_json(key: &str) -> Option<String> {
    if !has_storage() {
        return None;
    }
    match LocalStorage::get::<Box<RawValue>>(key) {
        Ok(raw) => Some(raw.get().to_owned()),
        Err(StorageError::SerdeError(_)) => LocalStorage::raw().get_item(key).ok().flatten(),
        Err(_) => None,
    }
}

/// The scenario kept by the last visit, if any.
pub fn stored_scenario() -> Option<String> {
    stored_json(STORAGE_KEY)
}

/// Keeps the scenario for the next visit (`None`: the sample, which needs no keeping, and
/// whose absence tells the next visit's first paint that the prerendered sample plan is
/// the planner's); says why when the browser will not (no storage in private mode or a
/// sandboxed frame, or its quota is full).
pub fn store_scenario(scenario: Option<&Scenario>) -> Result<(), crate::workspace::NotKept> {
    use crate::workspace::NotKept;
    if !has_storage() {
        return Err(NotKept::Unavailable);
    }
    match scenario {
        Some(scenario) => LocalStorage::set(STORAGE_KEY, scenario).map_err(|_| NotKept::Full),
        None => {
            LocalStorage::delete(STORAGE_KEY);
            Ok(())
        }
    }
}

/// Whether the browser lets the page keep anything (not in some private modes, nor in a
/// sandboxed frame, nor when prerendering). gloo's storage throws where there is none, so
/// every use asks this first.
fn has_storage() -> bool {
    window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

/// Where the pinned baseline is kept between visits.
const BASELINE_KEY: &str = "patchcast.baseline";

/// The baseline kept by the last visit, if any.
pub fn stored_baseline() -> Option<String> {
    stored_json(BASELINE_KEY)
}

/// Keeps (or, with `None`, forgets) the pinned baseline for the next visit.
pub fn store_baseline(scenario: Option<&Scenario>) {
    if !has_storage() {
        return;
    }
    match scenario {
        Some(scenario) => {
            let _ = LocalStorage::set(BASELINE_KEY, scenario);
        }
        None => LocalStorage::delete(BASELINE_KEY),
    }
}

/// Asks the planner to confirm `question` (the browser's own dialog); no browser, no.
pub fn confirm(question: &str) -> bool {
    window().is_some() && gloo_dialogs::confirm(question)
}

/// Copies text to the clipboard where the browser allows it.
pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Opens the browser's print dialog (which also saves as PDF); the page's print style
/// turns the plan into the change-approval summary.
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Tells an embedding page how tall this page is, whenever that changes, so its iframe
/// can fit it. Does nothing when the page is not in a frame.
pub fn post_height_to_parent() {
    let Some(w) = window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if js_sys::Object::is(&parent, &w) {
        return;
    }
    let Some(body) = w.document().and_then(|d| d.body()) else { return };
    let observed = body.clone();
    let report = Closure::<dyn FnMut()>::new(move || {
        let height = observed.scroll_height();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"patchcast:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        // The height is no secret, and the wiki's origin is not known in advance.
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // Both live as long as the page.
        std::mem::forget(observer);
        report.forget();
    }
}

/// Where the chosen language is kept.
const LANG_KEY: &str = "patchcast.lang";

/// The language chosen on an earlier visit, else the browser's own.
pub fn initial_lang() -> Lang {
    // Kept as JSON ("ja"); visits before gloo kept it bare (ja).
    let stored = stored_json(LANG_KEY).map(|text| text.trim_matches('"').to_owned());
    let browser = || window().and_then(|w| w.navigator().language());
    Lang::from_tag(&stored.or_else(browser).unwrap_or_default())
}

/// Remembers the language and marks the document with it (for screen readers and fonts).
pub fn apply_lang(lang: Lang) {
    if has_storage() {
        let _ = LocalStorage::set(LANG_KEY, lang);
    }
    let Some(document) = window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    document
        .set_title(lang.pick("Patchcast: hotfix rollout planner", "Patchcast: 修正プログラム適用計画ツール"));
}
