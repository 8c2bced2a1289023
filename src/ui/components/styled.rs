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

#[derive(Properties, PartialEq)]
pub struct SpacerProps {
    /// Height in pixels.
    pub height: f64,
}

/// An empty table row of a given height (standing in for rows not rendered).
#[function_component]
pub fn Spacer(props: &SpacerProps) -> Html {
    let node = use_node_ref();
    use_css_property(node.clone(), "height", format!("{}px", props.height));
    html! { <tr class="spacer" aria-hidden="true" ref={node}></tr> }
}
