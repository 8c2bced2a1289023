//! The urgency recommendation with its reasons, and what can go wrong.

use yew::prelude::*;

use crate::i18n::{Lang, Localized};
use crate::ui::context::State;

pub fn risk_panel(state: &State) -> Html {
    let Some(planned) = &state.planned else { return html! {} };
    let plan = &planned.plan;
    let lang = state.lang;
    let r = &plan.recommendation;
    let class = match r.urgency {
        crate::advisory::Urgency::ApplyUrgently => "urgent",
        crate::advisory::Urgency::ApplyEarly => "early",
        crate::advisory::Urgency::WaitForServicePack => "wait",
    };
    html! {
        <>
            <div class={format!("urgency {class}")} data-testid="urgency">
                <strong>{ match lang {
                    Lang::En => format!("{} ({})", r.urgency.label_ja(), r.urgency.label_en()),
                    Lang::Ja => r.urgency.label_ja().to_string(),
                } }</strong>
                <ul>{ for r.reasons.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ul>
            </div>
            <h3>{ lang.pick("What can go wrong", "起こりうる問題") }</h3>
            <ul class="warnings" data-testid="warnings">
                { for plan.warnings.iter().map(|w| html! { <li>{ w.text(lang) }</li> }) }
            </ul>
        </>
    }
}
