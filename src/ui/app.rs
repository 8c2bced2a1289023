//! The root component: owns the workspace and lays out the page: inputs on one side,
//! the live plan on the other (one column on narrow screens).

use yew::prelude::*;

use super::browser;
use super::components::*;
use super::context::State;
use crate::workspace::{Action, Workspace};

/// How the page is shown: `?embed=1` for a compact wiki embed, `&readonly=1` without editors.
#[derive(Clone, Copy, PartialEq)]
struct Mode {
    embed: bool,
    readonly: bool,
}

impl Mode {
    fn from_query() -> Self {
        let on = |name| browser::query(name).is_some_and(|v| v == "1" || v == "true");
        Self { embed: on("embed"), readonly: on("readonly") }
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    id: AttrValue,
    title: AttrValue,
    #[prop_or(true)]
    open: bool,
    children: Html,
}

/// A foldable input section.
#[function_component]
fn Section(props: &SectionProps) -> Html {
    html! {
        <details class="panel" open={props.open} data-testid={props.id.clone()}>
            <summary><h2>{ props.title.clone() }</h2></summary>
            { props.children.clone() }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    readonly: bool,
}

#[function_component]
fn Toolbar(props: &ToolbarProps) -> Html {
    let state = use_context::<State>().expect("workspace");
    let pin = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::PinBaseline))
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearBaseline))
    };
    html! {
        <div class="toolbar">
            if !props.readonly {
                <button type="button" onclick={pin} disabled={state.planned.is_none()} data-testid="pin">
                    { if state.baseline.is_some() { "Pin as new baseline" } else { "Pin as baseline" } }
                </button>
                if state.baseline.is_some() {
                    <button type="button" onclick={clear} data-testid="clear-baseline">{ "Clear baseline" }</button>
                }
            }
            <Downloads />
            <ShareBar />
        </div>
    }
}

#[function_component]
fn Status() -> Html {
    let state = use_context::<State>().expect("workspace");
    if !state.stale() {
        return html! { <p class="status ok" aria-live="polite" data-testid="status">{ "Plan is up to date." }</p> };
    }
    let message = match (&state.schedule_error, state.planned.is_some()) {
        (Some(e), _) => format!("No plan for these inputs: {e}"),
        (None, true) => "Some inputs need fixing (marked in red): showing the last valid plan.".to_string(),
        (None, false) => "Some inputs need fixing (marked in red).".to_string(),
    };
    html! { <p class="status stale" role="status" aria-live="polite" data-testid="status">{ message }</p> }
}

#[function_component]
pub fn App() -> Html {
    let mode = use_memo((), |_| Mode::from_query());
    let state = use_reducer(|| {
        Workspace::startup(browser::fragment().as_deref(), browser::stored_scenario().as_deref())
    });
    let stale = state.stale();

    // Effects
    // Keep the scenario for the next visit whenever it changes.
    use_effect_with(state.scenario.clone(), |scenario| browser::store_scenario(&scenario.to_json()));
    // Inside a wiki's iframe, keep telling the wiki our height.
    use_effect_with((), |_| browser::post_height_to_parent());

    let open = !mode.embed;
    html! {
        <ContextProvider<State> context={state}>
            <div class={classes!("app", mode.embed.then_some("embed"), mode.readonly.then_some("readonly"))}>
            <header class="masthead">
                <div>
                    <h1>{ "Patchcast" }</h1>
                    <p class="subtitle">{ "Hotfix rollout planner" }</p>
                </div>
                <Toolbar readonly={mode.readonly} />
            </header>
            <Notice />
            <ZoneList />
            <div class="layout">
                <main class="results" id="results">
                    <Status />
                    <div class={classes!("plan", stale.then_some("stale"))} data-testid="plan">
                        <section class="panel" aria-labelledby="summary-title">
                            <h2 id="summary-title">{ "Summary" }</h2>
                            <SummaryPanel />
                        </section>
                        <section class="panel" aria-labelledby="risk-title">
                            <h2 id="risk-title">{ "Urgency and risks" }</h2>
                            <RiskPanel />
                        </section>
                        <section class="panel" aria-labelledby="charts-title">
                            <h2 id="charts-title">{ "Timeline and exposure" }</h2>
                            <Charts />
                        </section>
                        <section class="panel"><BatchesTable /></section>
                        <section class="panel"><HostSchedule /></section>
                    </div>
                </main>
                if !mode.readonly {
                    <aside class="inputs" aria-label="Scenario">
                        <Section id="advisory" title="Advisory" {open}><AdvisoryEditor /></Section>
                        <Section id="fleet" title="Fleet" {open}><FleetEditor /></Section>
                        <Section id="capacity" title="Capacity and timing" {open}><CapacityEditor /></Section>
                        <Section id="windows" title="Maintenance windows" {open}><WindowsEditor /></Section>
                        <Section id="phases" title="Phases" {open}><PhasesEditor /></Section>
                    </aside>
                }
            </div>
            </div>
        </ContextProvider<State>>
    }
}
