//! Saving a file: text through a Blob URL, a chart as PNG through a canvas, each clicked
//! through a temporary link (same origin).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::i18n::Lang;

/// Why a file was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSaved {
    /// The browser refused to make or offer the file.
    Refused,
    /// The browser could not draw the chart as a picture.
    CannotDraw,
}

impl NotSaved {
    pub fn text(self, lang: Lang) -> String {
        match self {
            Self::Refused => lang.pick(
                "The browser did not save the file: it may block downloads from this page.",
                "ブラウザがファイルを保存しませんでした。このページからのダウンロードが禁止されている可能性があります。",
            ),
            Self::CannotDraw => lang.pick(
                "The browser could not draw the chart as a picture: download the SVG instead.",
                "ブラウザがグラフを画像にできませんでした。SVG をダウンロードしてください。",
            ),
        }
        .into()
    }
}

/// Offers `text` for download as `file_name` with MIME type `mime`.
pub fn save(file_name: &str, mime: &str, text: &str) -> Result<(), NotSaved> {
    let fail = |_| NotSaved::Refused;
    let parts = js_sys_array(text);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    save_url(file_name, &url)?;
    Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

/// Offers the resource at `url` (a blob: or data: URL) for download as `file_name`.
fn save_url(file_name: &str, url: &str) -> Result<(), NotSaved> {
    let fail = |_| NotSaved::Refused;
    let document = document().ok_or(NotSaved::Refused)?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = document.body().ok_or(NotSaved::Refused)?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    body.remove_child(&a).map_err(fail)?;
    Ok(())
}

/// Offers a standalone SVG chart as a PNG of twice its size, drawn by the browser: the
/// SVG goes in as a data: image (the page's policy allows those), the canvas comes out
/// as a data: PNG.
pub fn save_svg_as_png(file_name: String, svg: &str) -> Result<(), NotSaved> {
    let fail = |_| NotSaved::CannotDraw;
    let size = |attribute: &str| -> u32 {
        let at = svg.find(&format!("{attribute}=\"")).map(|i| i + attribute.len() + 2);
        at.and_then(|i| svg[i..].split('"').next()?.parse().ok()).unwrap_or(960)
    };
    let (width, height) = (size("width"), size("height"));
    let document = document().ok_or(NotSaved::CannotDraw)?;
    let image = web_sys::HtmlImageElement::new().map_err(fail)?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").map_err(fail)?.unchecked_into();
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let drawn = image.clone();
    let onload = gloo_events::EventListener::once(&image, "load", move |_| {
        let Ok(Some(context)) = canvas.get_context("2d") else { return };
        let context: web_sys::CanvasRenderingContext2d = context.unchecked_into();
        let (w, h) = (f64::from(width * 2), f64::from(height * 2));
        if context.draw_image_with_html_image_element_and_dw_and_dh(&drawn, 0.0, 0.0, w, h).is_ok() {
            if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                let _ = save_url(&file_name, &url);
            }
        }
    });
    // The listener lives until the image loads, after this function has returned.
    onload.forget();
    let encoded = js_sys::encode_uri_component(svg);
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    Ok(())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A JS array holding one string, as `Blob` wants its parts.
fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}
