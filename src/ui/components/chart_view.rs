//! A chart drawn to SVG (by `crate::chart`) and placed inline, with a text alternative.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartViewProps {
    /// The SVG element (from `crate::chart`).
    pub svg: AttrValue,
    /// What the chart shows, for screen readers.
    pub label: AttrValue,
    /// Id of an element holding the same data as text (a table), if any.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    #[prop_or_default]
    pub testid: AttrValue,
}

#[function_component]
pub fn ChartView(props: &ChartViewProps) -> Html {
    html! {
        <figure class="chart" role="img" aria-label={props.label.clone()}
                aria-describedby={props.described_by.clone()} data-testid={props.testid.clone()}>
            { Html::from_html_unchecked(props.svg.clone()) }
        </figure>
    }
}
