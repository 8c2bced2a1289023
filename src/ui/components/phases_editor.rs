//! Phases: the generated default, or an editable list (add, edit, remove, reorder).

use yew::prelude::*;

use super::inputs::{SectionProblems, SelectInput, TextInput};
use crate::form::{Change, Field, PhaseField};
use crate::phase::Selector;
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect()
}

/// What a selector takes, in words.
pub fn describe(selector: &Selector) -> String {
    match selector {
        Selector::Prerequisite => "the prerequisite on hosts that lack it".into(),
        Selector::Pilot { hosts } => format!("a pilot of {hosts} hosts across the groups"),
        Selector::PilotPercent { percent } => format!("a pilot of {percent} % of the remaining hosts"),
        Selector::Groups { names } => format!("groups {}", names.join(", ")),
        Selector::Editions { ids } => format!("editions {}", ids.join(", ")),
        Selector::Tier { tier } => format!("hosts {}", tier.label_en()),
        Selector::Rest => "every remaining host".into(),
    }
}

fn param_label(selector: &Selector) -> Option<&'static str> {
    match selector {
        Selector::Pilot { .. } => Some("Hosts"),
        Selector::PilotPercent { .. } => Some("Percent"),
        Selector::Groups { .. } => Some("Groups (comma-separated)"),
        Selector::Editions { .. } => Some("Editions (comma-separated)"),
        Selector::Tier { .. } => Some("Risk tier"),
        Selector::Prerequisite | Selector::Rest => None,
    }
}

#[function_component]
pub fn PhasesEditor() -> Html {
    let state = use_workspace();
    let generated = state.planned.as_ref().map(|p| {
        let mut phases = p.plan.phases.clone();
        phases.retain(|ph| ph.name != "Remaining hosts");
        phases
    });
    let customise = {
        let generated = generated.clone().unwrap_or_default();
        use_dispatch(move |_: MouseEvent| Action::Change(Change::CustomisePhases(generated.clone())))
    };
    let use_default = use_dispatch(|_: MouseEvent| Action::Change(Change::UseDefaultPhases));
    let add = use_dispatch(|_: MouseEvent| Action::Change(Change::AddPhase));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemovePhase(i)));
    let up = use_dispatch(|i: usize| Action::Change(Change::MovePhaseUp(i)));

    let Some(phases) = state.scenario.phases.clone() else {
        return html! {
            <>
                <p class="hint">{ "Generated from the advisory and the fleet:" }</p>
                <ol class="phase-list" data-testid="default-phases">
                    { for generated.unwrap_or_default().iter().map(|p| html! {
                        <li>{ format!("{}: {}; soak {} h", p.name, describe(&p.selector), p.soak_hours) }</li>
                    }) }
                </ol>
                <button type="button" onclick={customise} data-testid="customise-phases">{ "Edit phases" }</button>
            </>
        };
    };
    let takes = options(&[
        ("prerequisite", "prerequisite wave"),
        ("pilot", "pilot (hosts)"),
        ("pilot_percent", "pilot (%)"),
        ("groups", "groups"),
        ("editions", "editions"),
        ("tier", "risk tier"),
        ("rest", "the rest"),
    ]);
    let tiers = options(&[
        ("internet_anonymous", "internet-facing, no account"),
        ("network_anonymous", "internal, no account"),
        ("authenticated", "needs an account"),
    ]);
    html! {
        <>
            <SectionProblems path="phases" />
            <ol class="phase-list">
            { for phases.iter().enumerate().map(|(i, p)| {
                let (remove, up) = (remove.clone(), up.clone());
                let f = |field| Field::Phase(i, field);
                let title = if p.name.is_empty() { format!("Phase {}", i + 1) } else { p.name.clone() };
                html! {
                    <li key={i}>
                        <fieldset class="phase" data-testid={format!("phase-{i}")}>
                            <legend>{ format!("{}. {title}", i + 1) }</legend>
                            <div class="fields">
                                <TextInput field={f(PhaseField::Name)} label="Name" />
                                <SelectInput field={f(PhaseField::Take)} label="Takes" options={takes.clone()} />
                                if let Some(label) = param_label(&p.selector) {
                                    if matches!(p.selector, Selector::Tier { .. }) {
                                        <SelectInput field={f(PhaseField::Param)} label={label} options={tiers.clone()} />
                                    } else {
                                        <TextInput field={f(PhaseField::Param)} label={label} />
                                    }
                                }
                                <TextInput field={f(PhaseField::Soak)} label="Soak (h)" inputmode="decimal" />
                                <TextInput field={f(PhaseField::Threshold)} label="Pause above failures (%)" inputmode="decimal" />
                            </div>
                            <div class="buttons">
                                <button type="button" disabled={i == 0} onclick={Callback::from(move |_| up.emit(i))}
                                    aria-label={format!("Move {title} earlier")}>{ "↑ Earlier" }</button>
                                <button type="button" onclick={Callback::from(move |_| remove.emit(i))}
                                    aria-label={format!("Remove {title}")}>{ "Remove" }</button>
                            </div>
                        </fieldset>
                    </li>
                }
            }) }
            </ol>
            <div class="buttons">
                <button type="button" onclick={add} data-testid="add-phase">{ "Add phase" }</button>
                <button type="button" onclick={use_default}>{ "Use generated phases" }</button>
            </div>
        </>
    }
}
