//! "Download": one menu for every file the plan gives (batches and hosts CSV, the
//! calendar) and the scenario itself, each named after the advisory and date.

use yew::prelude::*;

use crate::export;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::ui::browser;
use crate::ui::context::use_workspace;
use crate::ui::download::{save, NotSaved};
use crate::workspace::Action;

/// A file made from the plan: (file name, MIME type, contents).
type Make = fn(&Plan, Lang) -> (String, &'static str, String);

#[function_component]
pub fn Downloads() -> Html {
    let state = use_workspace();
    let error = use_state(|| None::<String>);
    let menu = use_node_ref();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    // The plan on screen is not the plan of the inputs: downloading it would hand out an
    // old plan as the current one, so its files wait, saying why.
    let stale = state.stale();
    let planned = state.planned.clone();
    // Saving closes the menu (the planner is done with it) and puts the keyboard's focus
    // back on its button, not on a button that is no longer shown.
    let saved = {
        let (error, menu) = (error.clone(), menu.clone());
        move |result: Result<(), NotSaved>| {
            if let Some(details) = menu.cast::<web_sys::HtmlDetailsElement>() {
                details.set_open(false);
                browser::focus("open-downloads");
            }
            error.set(result.err().map(|e| e.text(lang)));
        }
    };
    let from_plan = |label: &'static str, testid: &'static str, make: Make| {
        let plan = planned.as_ref().map(|p| p.plan.clone());
        let saved = saved.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(plan) = &plan {
                let (name, mime, text) = make(plan, lang);
                saved(save(&name, mime, &text));
            }
        });
        html! {
            <button type="button" {onclick} data-testid={testid} disabled={stale || planned.is_none()}
                aria-describedby={stale.then_some("exports-wait")}>{ label }</button>
        }
    };
    let scenario = {
        let (state, saved) = (state.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            let name = match state.scenario.name.trim() {
                "" => "patchcast-scenario.json".to_string(),
                n => format!("{}.json", n.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")),
            };
            let result = save(&name, "application/json", &state.scenario.to_json());
            if result.is_ok() {
                state.dispatch(Action::Saved);
            }
            saved(result);
        })
    };
    html! {
        <>
        <details class="menu" data-testid="downloads-menu" ref={menu}>
            <summary class="button" id="open-downloads" data-testid="open-downloads">{ t("Download", "ダウンロード") }</summary>
            <div class="menu-panel buttons" role="group" aria-label={t("Download the plan", "計画のダウンロード")}>
                { from_plan(t("Batches CSV", "バッチ CSV"), "download-batches", |p, lang| {
                    (export::file_name(p, "batches", "csv"), "text/csv;charset=utf-8", export::csv::batches(p, lang))
                }) }
                { from_plan(t("Hosts CSV", "ホスト CSV"), "download-hosts", |p, lang| {
                    (export::file_name(p, "hosts", "csv"), "text/csv;charset=utf-8", export::csv::hosts(p, lang))
                }) }
                { from_plan(t("Calendar (.ics)", "カレンダー（.ics）"), "download-ics", |p, lang| {
                    (export::file_name(p, "plan", "ics"), "text/calendar;charset=utf-8", export::calendar::ics(p, lang))
                }) }
                // The inputs, not the plan: always there to keep, even while invalid.
                <button type="button" onclick={scenario} data-testid="save-file">{ t("Scenario (.json)", "シナリオ（.json）") }</button>
            </div>
        </details>
        if stale {
            <p id="exports-wait" class="hint" data-testid="exports-wait">{ t(
                "Downloads wait until the inputs are fixed: the plan shown is the last valid one, not the inputs on screen.",
                "入力を直すまでダウンロードできません。表示中の計画は最後に作れた計画で、画面の入力のものではありません。") }</p>
        }
        if let Some(e) = (*error).clone() { <p class="field-error" role="alert">{ e }</p> }
        </>
    }
}
