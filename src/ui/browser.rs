//! The few browser facilities the app uses, each failing quietly where the page cannot
//! have them (storage in a sandboxed iframe, the clipboard outside a secure context).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

#[wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream` or `DecompressionStream` (web-sys has them only
    /// behind its unstable flag): bytes in at one end, (de)compressed out at the other.
    type CodecStream;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CodecStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CodecStream) -> web_sys::WritableStream;
}

/// `bytes` through the browser's `codec` (`CompressionStream` or `DecompressionStream`)
/// for raw DEFLATE.
fn through_codec(codec: &str, bytes: &[u8]) -> Result<web_sys::ReadableStream, JsValue> {
    let class: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(codec))?.dyn_into()?;
    let format = js_sys::Array::of1(&JsValue::from_str("deflate-raw"));
    let stream: CodecStream = js_sys::Reflect::construct(&class, &format)?.unchecked_into();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
    Ok(blob
        .stream()
        .pipe_through(&web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable())))
}

/// `bytes` compressed as raw DEFLATE by the browser.
pub async fn deflate_raw(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let compressed = through_codec("CompressionStream", bytes)?;
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer()?).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `packed` (raw DEFLATE) inflated by the browser, read a piece at a time and refused
/// once past `limit` bytes (a link may hold a decompression bomb). Data the browser cannot
/// inflate, or that ends early, is a link cut short.
async fn inflate_raw(packed: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    let cut = |_| ShareError::Truncated;
    let reader: web_sys::ReadableStreamDefaultReader =
        through_codec("DecompressionStream", packed).map_err(cut)?.get_reader().unchecked_into();
    let mut inflated = Vec::new();
    loop {
        let read = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(cut)?;
        let field = |name: &str| js_sys::Reflect::get(&read, &JsValue::from_str(name)).map_err(cut);
        if field("done")?.is_truthy() {
            return Ok(inflated);
        }
        let piece: js_sys::Uint8Array = field("value")?.unchecked_into();
        let (at, length) = (inflated.len(), piece.length() as usize);
        if at + length > limit {
            let _ = reader.cancel();
            return Err(ShareError::TooLarge);
        }
        inflated.resize(at + length, 0);
        piece.copy_to(&mut inflated[at..]);
    }
}

/// The scenario in a link's fragment, inflated by the browser.
pub async fn read_scenario_link(fragment: &str) -> Result<Scenario, ShareError> {
    let packed = share::packed_of_fragment(fragment)?;
    share::scenario_of_json(inflate_raw(&packed, share::MAX_JSON_BYTES).await?)
}

/// The link to `scenario` at this page (its fragment deflated by the browser).
pub async fn scenario_link(scenario: &Scenario) -> Result<String, ShareError> {
    let json = share::link_json(scenario)?;
    let packed = deflate_raw(&json).await.map_err(|_| ShareError::Truncated)?;
    Ok(link_with_fragment(&share::fragment_of_packed(&packed)).unwrap_or_default())
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
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if window().and_then(|w| w.request_animation_frame(resolve.unchecked_ref()).ok()).is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The scenario kept by the last visit, if any.
pub fn stored_scenario() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Keeps the scenario for the next visit (`None`: the sample, which needs no keeping, and
/// whose absence tells the next visit's first paint that the prerendered sample plan is
/// the planner's); says why when the browser will not (no storage in private mode or a
/// sandboxed frame, or its quota is full).
pub fn store_scenario(json: Option<&str>) -> Result<(), crate::workspace::NotKept> {
    use crate::workspace::NotKept;
    let s = storage().ok_or(NotKept::Unavailable)?;
    match json {
        Some(json) => s.set_item(STORAGE_KEY, json).map_err(|_| NotKept::Full),
        None => s.remove_item(STORAGE_KEY).map_err(|_| NotKept::Unavailable),
    }
}

/// Where the pinned baseline is kept between visits.
const BASELINE_KEY: &str = "patchcast.baseline";

/// The baseline kept by the last visit, if any.
pub fn stored_baseline() -> Option<String> {
    storage()?.get_item(BASELINE_KEY).ok().flatten()
}

/// Keeps (or, with `None`, forgets) the pinned baseline for the next visit.
pub fn store_baseline(json: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match json {
            Some(json) => s.set_item(BASELINE_KEY, json),
            None => s.remove_item(BASELINE_KEY),
        };
    }
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
pub fn initial_lang() -> crate::i18n::Lang {
    let stored = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let browser = || window().and_then(|w| w.navigator().language());
    crate::i18n::Lang::from_tag(&stored.or_else(browser).unwrap_or_default())
}

/// Remembers the language and marks the document with it (for screen readers and fonts).
pub fn apply_lang(lang: crate::i18n::Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
    let Some(document) = window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    document
        .set_title(lang.pick("Patchcast: hotfix rollout planner", "Patchcast: 修正プログラム適用計画ツール"));
}
