//! A chart drawn to SVG (by `crate::chart`) and placed inline, with a text alternative.

use yew::prelude::*;

/// The chart `svg` in a figure read as one image, described by `label` for screen readers
/// and by the element `described_by` (a table of the same data), if any. A plain function,
/// not a component: it has no state.
pub fn chart_view(
    svg: AttrValue,
    label: String,
    described_by: Option<&'static str>,
    testid: &'static str,
) -> Html {
    html! {
        <figure class="chart" role="img" aria-label={label} aria-describedby={described_by} data-testid={testid}>
            { Html::from_html_unchecked(svg) }
        </figure>
    }
}
