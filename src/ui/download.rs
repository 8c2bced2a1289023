//! Saving text as a file: a Blob URL clicked through a temporary link (same origin).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` for download as `file_name` with MIME type `mime`.
pub fn save(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("The browser refused the download: {e:?}");
    let parts = js_sys_array(text);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = gloo_document().ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    body.remove_child(&a).map_err(fail)?;
    Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

fn gloo_document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A JS array holding one string, as `Blob` wants its parts.
fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}
