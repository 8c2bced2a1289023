//! Styles that depend on data (a phase's colour, a spacer's height), set through the
//! CSSOM after render rather than written as `style` attributes, which a strict Content
//! Security Policy (`style-src 'self'`) refuses.

use web_sys::HtmlElement;
use yew::prelude::*;

/// Sets `property: value` on the element behind `node` whenever the value changes.
#[hook]
pub fn use_css_property(node: NodeRef, property: &'static str, value: String) {
    use_effect_with(value, move |value| {
        if let Some(element) = node.cast::<HtmlElement>() {
            let _ = element.style().set_property(property, value);
        }
    });
}

/// A small square of phase `index`'s colour, for legends: `chart::PALETTE[index % 10]`,
/// as the stylesheet's `.swatch.cN` (a class, so the prerendered page has it too). A plain
/// function, not a component: it has no state, and each component costs the bundle code.
pub fn swatch(index: usize) -> Html {
    let class = format!("swatch c{}", index % crate::chart::PALETTE.len());
    html! { <span {class}></span> }
}
