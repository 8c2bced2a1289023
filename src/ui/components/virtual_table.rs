//! A table that renders only the rows in view, so 100,000 rows scroll as fast as 20.

use web_sys::Element;
use yew::prelude::*;

use super::styled::use_css_property;

/// Height of one row in pixels; the stylesheet gives `.virtual tbody tr` the same.
pub const ROW_HEIGHT: f64 = 28.0;
/// Height of the scrolling area in pixels; the stylesheet gives `.virtual` the same.
const VIEW_HEIGHT: f64 = 420.0;
/// Extra rows rendered above and below the view, so fast scrolling shows no gap.
const OVERSCAN: usize = 10;

#[derive(Properties, PartialEq)]
pub struct VirtualTableProps {
    pub caption: AttrValue,
    pub headers: Vec<AttrValue>,
    pub rows: usize,
    /// Renders the cells of row `i` (a fragment of `<td>`s).
    pub row: Callback<usize, Html>,
    #[prop_or_default]
    pub testid: AttrValue,
}

#[function_component]
pub fn VirtualTable(props: &VirtualTableProps) -> Html {
    let scroll_top = use_state(|| 0.0f64);
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            scroll_top.set(f64::from(e.target_unchecked_into::<Element>().scroll_top()))
        })
    };
    // The rows in view (a part of a row at each end), and OVERSCAN more on each side.
    let top = (*scroll_top / ROW_HEIGHT) as usize;
    let in_view = (VIEW_HEIGHT / ROW_HEIGHT).ceil() as usize + 1;
    let first = top.saturating_sub(OVERSCAN).min(props.rows);
    let last = (top + in_view + OVERSCAN).min(props.rows);
    let above = first as f64 * ROW_HEIGHT;
    let below = (props.rows - last) as f64 * ROW_HEIGHT;
    // Empty rows standing in for those not rendered, their heights set through the CSSOM
    // (a strict Content Security Policy refuses `style` attributes). A spacer not drawn has
    // the height 0, so one drawn again always gets its height set anew.
    let (above_row, below_row) = (use_node_ref(), use_node_ref());
    use_css_property(above_row.clone(), "height", format!("{}px", above));
    use_css_property(below_row.clone(), "height", format!("{}px", below));
    html! {
        <div class="virtual" {onscroll} tabindex="0"
             role="region" aria-label={props.caption.clone()} data-testid={props.testid.clone()}>
            <table class="grid" aria-rowcount={(props.rows + 1).to_string()}>
                <caption class="visually-hidden">{ props.caption.clone() }</caption>
                <thead><tr>{ for props.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                <tbody>
                    if above > 0.0 { <tr class="spacer" aria-hidden="true" ref={above_row}></tr> }
                    { for (first..last).map(|i| html! {
                        <tr key={i} aria-rowindex={(i + 2).to_string()}>{ props.row.emit(i) }</tr>
                    }) }
                    if below > 0.0 { <tr class="spacer" aria-hidden="true" ref={below_row}></tr> }
                </tbody>
            </table>
        </div>
    }
}
