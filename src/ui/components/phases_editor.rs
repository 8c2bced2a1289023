//! Phases: the generated default, or an editable list (add, edit, remove, reorder).

use yew::prelude::*;

use super::inputs::{options, section_problems, use_add_row, SelectInput, TextInput};
use crate::form::{Change, Field, PhaseField};
use crate::i18n::Lang;
use crate::phase::Selector;
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

/// What a selector takes, in words.
pub fn describe(selector: &Selector, lang: Lang) -> String {
    match (selector, lang) {
        (Selector::Prerequisite, _) => {
            lang.pick("the prerequisite on hosts that lack it", "前提条件が未適用のホストへ前提条件").into()
        }
        (Selector::Pilot { hosts }, Lang::En) => format!("a pilot of {hosts} hosts across the groups"),
        (Selector::Pilot { hosts }, Lang::Ja) => format!("各グループから選んだ{hosts}台のパイロット"),
        (Selector::PilotPercent { percent }, Lang::En) => {
            format!("a pilot of {} % of the remaining hosts", *percent)
        }
        (Selector::PilotPercent { percent }, Lang::Ja) => {
            format!("残りのホストの{}%のパイロット", *percent)
        }
        (Selector::Groups { names }, _) => {
            format!("{} {}", lang.pick("groups", "グループ"), names.join(", "))
        }
        (Selector::Editions { ids }, _) => {
            format!("{} {}", lang.pick("editions", "エディション"), ids.join(", "))
        }
        (Selector::Tier { tier }, Lang::En) => format!("hosts {}", tier.label(lang)),
        (Selector::Tier { tier }, Lang::Ja) => format!("{}のホスト", tier.label(lang)),
        (Selector::InternetFacing, _) => {
            lang.pick("every remaining internet-facing host", "残りのすべてのインターネット公開ホスト").into()
        }
        (Selector::Rest, _) => lang.pick("every remaining host", "残りのすべてのホスト").into(),
    }
}

fn param_label(selector: &Selector, lang: Lang) -> Option<&'static str> {
    let t = |en: &'static str, ja: &'static str| Some(lang.pick(en, ja));
    match selector {
        Selector::Pilot { .. } => t("Hosts", "台数"),
        Selector::PilotPercent { .. } => t("Percent", "割合（%）"),
        Selector::Groups { .. } => t("Groups (comma-separated)", "グループ（カンマ区切り）"),
        Selector::Editions { .. } => t("Editions (comma-separated)", "エディション（カンマ区切り）"),
        Selector::Tier { .. } => t("Risk tier", "リスク区分"),
        Selector::Prerequisite | Selector::InternetFacing | Selector::Rest => None,
    }
}

#[function_component]
pub fn PhasesEditor() -> Html {
    let state = use_workspace();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let generated = state.planned.as_ref().map(|p| {
        let mut phases = p.plan.phases.clone();
        phases.retain(|ph| ph.role != Some(crate::phase::Role::Remaining));
        phases
    });
    let customise = {
        let generated = generated.clone().unwrap_or_default();
        use_dispatch(move |_: MouseEvent| Action::Change(Change::CustomisePhases(generated.clone())))
    };
    let use_default = use_dispatch(|_: MouseEvent| Action::Change(Change::UseDefaultPhases));
    let add = use_add_row(Change::AddPhase, state.scenario.phases.as_ref().map_or(0, Vec::len), |i| {
        Field::Phase(i, PhaseField::Name)
    });
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemovePhase(i)));
    let up = use_dispatch(|i: usize| Action::Change(Change::MovePhaseUp(i)));

    let Some(phases) = state.scenario.phases.clone() else {
        return html! {
            <>
                <p class="hint">{ t("Generated from the advisory and the fleet:", "アドバイザリとフリートから生成したフェーズ:") }</p>
                <ol class="phase-list" data-testid="default-phases">
                    { for generated.unwrap_or_default().iter().map(|p| html! {
                        <li>{ match lang {
                            Lang::En => format!("{}: {}; soak {} h", p.name, describe(&p.selector, lang), p.soak_hours),
                            Lang::Ja => format!("{}: {}、待機 {}時間", p.name, describe(&p.selector, lang), p.soak_hours),
                        } }</li>
                    }) }
                </ol>
                <button type="button" onclick={customise} data-testid="customise-phases">{ t("Edit phases", "フェーズを編集") }</button>
            </>
        };
    };
    let takes = options(&[
        ("prerequisite", t("prerequisite wave", "前提条件の適用")),
        ("pilot", t("pilot (hosts)", "パイロット（台数）")),
        ("pilot_percent", t("pilot (%)", "パイロット（%）")),
        ("groups", t("groups", "グループ")),
        ("editions", t("editions", "エディション")),
        ("tier", t("risk tier", "リスク区分")),
        ("internet_facing", t("internet-facing hosts", "インターネット公開ホスト")),
        ("rest", t("the rest", "残りすべて")),
    ]);
    let tiers = options(&[
        ("internet_anonymous", t("internet-facing, no account", "インターネット公開・アカウント不要")),
        ("network_anonymous", t("internal, no account", "内部・アカウント不要")),
        ("authenticated", t("needs an account", "アカウントが必要")),
    ]);
    html! {
        <>
            { section_problems(&state, "phases") }
            <ol class="phase-list">
            { for phases.iter().enumerate().map(|(i, p)| {
                let (remove, up) = (remove.clone(), up.clone());
                let f = |field| Field::Phase(i, field);
                let title = if p.name.is_empty() { format!("{} {}", t("Phase", "フェーズ"), i + 1) } else { p.name.clone() };
                html! {
                    <li key={i}>
                        <fieldset class="phase" data-testid={format!("phase-{i}")}>
                            <legend>{ format!("{}. {title}", i + 1) }</legend>
                            <div class="fields">
                                { TextInput::new(f(PhaseField::Name), t("Name", "名前")).view(&state) }
                                { SelectInput::new(f(PhaseField::Take), t("Takes", "対象"), takes.clone()).view(&state) }
                                if let Some(label) = param_label(&p.selector, lang) {
                                    if matches!(p.selector, Selector::Tier { .. }) {
                                        { SelectInput::new(f(PhaseField::Param), label, tiers.clone()).view(&state) }
                                    } else {
                                        { TextInput::new(f(PhaseField::Param), label).view(&state) }
                                    }
                                }
                                { TextInput::new(f(PhaseField::Soak), t("Soak (h)", "待機（時間）")).decimal().view(&state) }
                                { TextInput::new(f(PhaseField::Threshold), t("Pause above failures (%)", "停止する失敗率（%）")).decimal().view(&state) }
                            </div>
                            <div class="buttons">
                                <button type="button" disabled={i == 0} onclick={Callback::from(move |_| up.emit(i))}
                                    data-testid={format!("move-earlier-{i}")}
                                    aria-label={format!("{} {title}", t("Move earlier:", "前へ移動:"))}>{ t("↑ Earlier", "↑ 前へ") }</button>
                                <button type="button" onclick={Callback::from(move |_| remove.emit(i))}
                                    aria-label={format!("{} {title}", t("Remove:", "削除:"))}>{ t("Remove", "削除") }</button>
                            </div>
                        </fieldset>
                    </li>
                }
            }) }
            </ol>
            <div class="buttons">
                <button type="button" onclick={add} data-testid="add-phase">{ t("Add phase", "フェーズを追加") }</button>
                <button type="button" onclick={use_default}>{ t("Use generated phases", "生成したフェーズに戻す") }</button>
            </div>
        </>
    }
}
