//! Deployment capacity: consoles, caution, failure rate, and calibration runs with the
//! timing model's chart.

use yew::prelude::*;

use super::chart_view::ChartView;
use super::inputs::{SectionProblems, TextInput};
use super::EstimatePanel;
use crate::chart::{draw_timing, svg, TimingData};
use crate::form::{advisory_of, Change, Field};
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

#[function_component]
pub fn CapacityEditor() -> Html {
    let state = use_workspace();
    let add = use_dispatch(|_: MouseEvent| Action::Change(Change::AddCalibration));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveCalibration(i)));
    let calibration = state.scenario.capacity.calibration.clone();
    let measured = advisory_of(&state.scenario).map(|a| a.timing).unwrap_or_default();
    let model = state.planned.as_ref().map(|p| p.plan.hotfix_model.clone());
    let chart = use_memo((model, measured, calibration.clone()), |(model, measured, calibration)| {
        model.as_ref().map(|model| {
            let data = TimingData {
                model: model.clone(),
                measured: measured.clone(),
                calibration: if calibration.len() >= 2 { calibration.clone() } else { Vec::new() },
            };
            (svg((560, 280), |a| draw_timing(a, &data)), model.explain())
        })
    });
    html! {
        <>
            <div class="fields">
                <TextInput field={Field::Consoles} label="Consoles in parallel" inputmode="numeric" />
                <TextInput field={Field::Caution} label="Caution factor (p90 ÷ p50)" inputmode="decimal" />
                <TextInput field={Field::FailureRate} label="Failure rate per host (%)" inputmode="decimal" />
            </div>
            <h3>{ "Your own measured runs" }</h3>
            <p class="hint">{ "With two or more runs of different sizes, the model is refitted to them." }</p>
            <SectionProblems path="capacity.calibration" />
            <ul class="rows">
                { for calibration.iter().enumerate().map(|(i, _)| {
                    let remove = remove.clone();
                    html! {
                        <li key={i} class="fields">
                            <TextInput field={Field::CalibrationHosts(i)} label={format!("Run {}: hosts", i + 1)} inputmode="numeric" />
                            <TextInput field={Field::CalibrationMinutes(i)} label={format!("Run {}: minutes", i + 1)} inputmode="decimal" />
                            <button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={format!("Remove run {}", i + 1)}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ul>
            <button type="button" onclick={add} data-testid="add-run">{ "Add a run" }</button>
            if let Some((chart, explain)) = (*chart).clone() {
                <p class="hint" data-testid="model">{ explain.clone() }</p>
                <ChartView svg={chart} label={format!("Timing model: {explain}")} testid="timing-chart" />
            }
            <EstimatePanel />
        </>
    }
}
