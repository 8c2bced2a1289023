//! The root component: owns the state and lays out the page.

use yew::prelude::*;

use super::components::EstimatePanel;
use super::state::AppState;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    html! {
        <ContextProvider<UseReducerHandle<AppState>> context={state}>
            <header class="masthead">
                <h1>{ "Patchcast" }</h1>
                <p class="subtitle">{ "MS05-021 (KB894549): Exchange SMTP hotfix rollout planner" }</p>
            </header>
            <main>
                <EstimatePanel />
            </main>
        </ContextProvider<UseReducerHandle<AppState>>>
    }
}
