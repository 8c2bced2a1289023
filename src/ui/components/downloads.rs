//! Download buttons for the plan's exports, named after the advisory and date.

use yew::prelude::*;

use crate::export;
use crate::ui::context::use_workspace;
use crate::ui::download::save;

#[function_component]
pub fn Downloads() -> Html {
    let state = use_workspace();
    let error = use_state(|| None::<String>);
    let Some(planned) = state.planned.clone() else { return html! {} };
    let button = |label: &'static str,
                  testid: &'static str,
                  make: fn(&crate::plan::Plan) -> (String, &'static str, String)| {
        let plan = planned.plan.clone();
        let error = error.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (name, mime, text) = make(&plan);
            error.set(save(&name, mime, &text).err());
        });
        html! { <button type="button" {onclick} data-testid={testid}>{ label }</button> }
    };
    html! {
        <div class="downloads" role="group" aria-label="Download the plan">
            { button("Batches CSV", "download-batches", |p| {
                (export::file_name(p, "batches", "csv"), "text/csv;charset=utf-8", export::csv::batches(p))
            }) }
            { button("Hosts CSV", "download-hosts", |p| {
                (export::file_name(p, "hosts", "csv"), "text/csv;charset=utf-8", export::csv::hosts(p))
            }) }
            if let Some(e) = (*error).clone() { <p class="field-error" role="alert">{ e }</p> }
        </div>
    }
}
