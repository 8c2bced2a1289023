//! The deployment-time estimate: inputs for hosts and consoles, and the result.

use yew::prelude::*;

use super::NumberField;
use crate::timing::Estimate;
use crate::ui::state::{Action, AppState};

/// Formats minutes as "1 h 40 min" (or "24 min").
pub fn duration_text(minutes: f64) -> String {
    let total = minutes.round() as u64;
    match (total / 60, total % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[function_component]
pub fn EstimatePanel() -> Html {
    let state = use_context::<UseReducerHandle<AppState>>().expect("AppState context");

    // Callbacks
    let on_hosts = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::SetHosts(text)))
    };
    let on_consoles = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::SetConsoles(text)))
    };

    html! {
        <section class="panel" aria-labelledby="estimate-title">
            <h2 id="estimate-title">{ "Deployment time" }</h2>
            <p class="hint">{ state.model.explain() }</p>
            <div class="fields">
                <NumberField id="hosts" label="Hosts" text={AttrValue::from(state.hosts.text.clone())}
                             error={state.hosts.error().map(|e| AttrValue::from(e.to_string()))}
                             on_input={on_hosts} />
                <NumberField id="consoles" label="Consoles in parallel"
                             text={AttrValue::from(state.consoles.text.clone())}
                             error={state.consoles.error().map(|e| AttrValue::from(e.to_string()))}
                             on_input={on_consoles} />
            </div>
            { result(state.estimate.as_ref(), state.stale) }
        </section>
    }
}

fn result(estimate: Option<&Estimate>, stale: bool) -> Html {
    let Some(est) = estimate else {
        return html! { <p class="result" data-testid="estimate">{ "Enter the hosts and consoles." }</p> };
    };
    html! {
        <div class={classes!("result", stale.then_some("stale"))} aria-live="polite">
            <p data-testid="estimate">
                <strong data-testid="expected-minutes">{ format!("{:.1}", est.expected_minutes) }</strong>
                { format!(" min expected ({}), ", duration_text(est.expected_minutes)) }
                <strong data-testid="cautious-minutes">{ format!("{:.1}", est.cautious_minutes) }</strong>
                { format!(" min cautious ({})", duration_text(est.cautious_minutes)) }
            </p>
            if est.extrapolated {
                <p class="badge warn" data-testid="extrapolated">
                    { "Extrapolated: each console's share lies outside the measured runs." }
                </p>
            }
            if stale {
                <p class="badge" data-testid="stale">{ "Showing the last valid estimate until the input is fixed." }</p>
            }
        </div>
    }
}
