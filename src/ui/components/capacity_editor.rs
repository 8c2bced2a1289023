//! Deployment capacity: consoles, caution, failure rate, and calibration runs with the
//! timing model's chart.

use yew::prelude::*;

use super::chart_view::chart_view;
use super::inputs::{section_problems, TextInput};
use super::EstimatePanel;
use crate::chart::{timing, TimingData};
use crate::form::{Change, Field};
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

#[function_component]
pub fn CapacityEditor() -> Html {
    let state = use_workspace();
    let add = use_dispatch(|_: MouseEvent| Action::Change(Change::AddCalibration));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveCalibration(i)));
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let calibration = state.scenario.capacity.calibration.clone();
    let measured = state.scenario.named_advisory().map(|a| a.timing).unwrap_or_default();
    let model = state.planned.as_ref().map(|p| p.plan.hotfix_model.clone());
    let chart =
        use_memo((model, measured, calibration.clone(), lang), |(model, measured, calibration, lang)| {
            model.as_ref().map(|model| {
                let data = TimingData {
                    model: model.clone(),
                    measured: measured.clone(),
                    calibration: if calibration.len() >= 2 { calibration.clone() } else { Vec::new() },
                };
                let residuals =
                    model.residuals.iter().map(|r| format!("{:+.1}", *r)).collect::<Vec<_>>().join(", ");
                let fit = match lang {
                    crate::i18n::Lang::En => format!("Measured minus fitted, per run: {residuals} min."),
                    crate::i18n::Lang::Ja => format!("実測と当てはめの差（実測ごと）: {residuals} 分。"),
                };
                (timing(&data, *lang), model.explain_in(*lang), fit)
            })
        });
    html! {
        <>
            <div class="fields">
                { TextInput::new(Field::Consoles, t("Consoles in parallel", "並行コンソール数")).numeric().view(&state) }
                { TextInput::new(Field::Caution, t("Caution factor (p90 ÷ p50)", "慎重係数（p90 ÷ p50）")).decimal().view(&state) }
                { TextInput::new(Field::FailureRate, t("Failure rate per host (%)", "1台あたりの失敗率（%）")).decimal().view(&state) }
            </div>
            <h3>{ t("Your own measured runs", "自分の実測値") }</h3>
            <p class="hint">{ t("With two or more runs of different sizes, the model is refitted to them.",
                "台数の異なる実測が2件以上あると、モデルをそれに当てはめ直します。") }</p>
            { section_problems(&state, "capacity.calibration") }
            <ul class="rows">
                { for calibration.iter().enumerate().map(|(i, _)| {
                    let remove = remove.clone();
                    html! {
                        <li key={i} class="fields">
                            { TextInput::new(Field::CalibrationHosts(i), format!("{} {}: {}", t("Run", "実測"), i + 1, t("hosts", "台数"))).numeric().view(&state) }
                            { TextInput::new(Field::CalibrationMinutes(i), format!("{} {}: {}", t("Run", "実測"), i + 1, t("minutes", "分"))).decimal().view(&state) }
                            <button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={format!("{} {}", t("Remove run", "実測を削除"), i + 1)}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ul>
            <button type="button" onclick={add} data-testid="add-run">{ t("Add a run", "実測を追加") }</button>
            if let Some((chart, explain, fit)) = (*chart).clone() {
                <p class="hint" data-testid="model">{ explain.clone() }</p>
                <p class="hint" data-testid="residuals">{ fit }</p>
                { chart_view(chart.into(), format!("{} {explain}", t("Timing model:", "所要時間モデル:")), None, "timing-chart") }
            }
            <EstimatePanel />
        </>
    }
}
