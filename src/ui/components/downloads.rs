//! Download buttons for the plan's exports, named after the advisory and date.

use yew::prelude::*;

use crate::export;
use crate::i18n::Lang;
use crate::ui::context::use_workspace;
use crate::ui::download::save;

#[function_component]
pub fn Downloads() -> Html {
    let state = use_workspace();
    let error = use_state(|| None::<String>);
    let Some(planned) = state.planned.clone() else { return html! {} };
    let lang = state.lang;
    // The plan on screen is not the plan of the inputs: downloading it would hand out an
    // old plan as the current one, so the buttons wait, saying why.
    let stale = state.stale();
    type Make = fn(&crate::plan::Plan, Lang) -> (String, &'static str, String);
    let button = |label: &'static str, testid: &'static str, make: Make| {
        let plan = planned.plan.clone();
        let error = error.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (name, mime, text) = make(&plan, lang);
            error.set(save(&name, mime, &text).err());
        });
        html! {
            <button type="button" {onclick} data-testid={testid} disabled={stale}
                aria-describedby={stale.then_some("exports-wait")}>{ label }</button>
        }
    };
    html! {
        <div class="downloads" role="group" aria-label={lang.pick("Download the plan", "計画のダウンロード")}>
            { button(lang.pick("Batches CSV", "バッチ CSV"), "download-batches", |p, lang| {
                (export::file_name(p, "batches", "csv"), "text/csv;charset=utf-8", export::csv::batches(p, lang))
            }) }
            { button(lang.pick("Hosts CSV", "ホスト CSV"), "download-hosts", |p, lang| {
                (export::file_name(p, "hosts", "csv"), "text/csv;charset=utf-8", export::csv::hosts(p, lang))
            }) }
            if stale {
                <p id="exports-wait" class="hint" data-testid="exports-wait">{ lang.pick(
                    "Downloads wait until the inputs are fixed: the plan shown is the last valid one, not the inputs on screen.",
                    "入力を直すまでダウンロードできません。表示中の計画は最後に作れた計画で、画面の入力のものではありません。") }</p>
            }
            if let Some(e) = (*error).clone() { <p class="field-error" role="alert">{ e }</p> }
        </div>
    }
}
