//! Completion targets: presets ("internet-facing within 72 h", "all within 14 days") and
//! custom ones, each with how the plan stands against it.

use yew::prelude::*;

use super::class;

use super::inputs::{section_problems, SelectInput, TextInput};
use crate::form::{Change, Field};
use crate::i18n::Lang;
use crate::target::Target;
use crate::ui::context::{dispatch, State};
use crate::workspace::Action;

fn preset(hosts: &str, within: &str) -> Target {
    Target { hosts: hosts.into(), within: Some(within.into()), by: None, time_zone: None }
}

/// A custom target to start from: all hosts within the first of 14, 21, 30, 60 or 90 days
/// that no target has yet.
fn custom(targets: &[Target]) -> Target {
    ["14d", "21d", "30d", "60d", "90d"]
        .iter()
        .map(|within| preset("all", within))
        .find(|t| !targets.contains(t))
        .unwrap_or_else(|| preset("all", "120d"))
}

/// The presets offered: (label, target).
fn presets(lang: Lang) -> [(&'static str, Target); 3] {
    [
        (
            lang.pick("Internet-facing within 72 h", "インターネット公開を72時間以内"),
            preset("internet_facing", "72h"),
        ),
        (lang.pick("All within 14 days", "全ホストを14日以内"), preset("all", "14d")),
        (lang.pick("95 % within 7 days", "95%を7日以内"), preset("95%", "7d")),
    ]
}

/// A plain function of the workspace, not a component: it keeps no state of its own.
pub fn targets_editor(state: &State) -> Html {
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let add = dispatch(state, |target: Target| Action::Change(Change::AddTarget(target)));
    let remove = dispatch(state, |i: usize| Action::Change(Change::RemoveTarget(i)));
    let phases: Vec<String> = state
        .planned
        .as_ref()
        .map(|p| p.plan.phases.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    let reports = state.planned.as_ref().map(|p| p.plan.targets.clone()).unwrap_or_default();
    let host_options = |current: &str| {
        let mut options: Vec<(AttrValue, AttrValue)> = vec![
            ("all".into(), t("All hosts", "全ホスト").into()),
            ("internet_facing".into(), t("Internet-facing hosts", "インターネット公開ホスト").into()),
            ("95%".into(), t("95 % of hosts", "ホストの95%").into()),
            ("90%".into(), t("90 % of hosts", "ホストの90%").into()),
            (
                "tier:internet_anonymous".into(),
                t("Tier: internet, no account", "区分: インターネット・認証なし").into(),
            ),
            (
                "tier:network_anonymous".into(),
                t("Tier: network, no account", "区分: ネットワーク・認証なし").into(),
            ),
        ];
        options.extend(phases.iter().map(|name| {
            (
                AttrValue::from(format!("phase:{name}")),
                AttrValue::from(format!("{} {name}", t("Phase:", "フェーズ:"))),
            )
        }));
        if !options.iter().any(|(v, _)| v.as_str() == current) {
            options.push((AttrValue::from(current.to_string()), AttrValue::from(current.to_string())));
        }
        options
    };
    html! {
        <>
            <p class="hint">{ t("When must the rollout be done? Each target is checked against the plan, and the solver finds the capacity that meets them.",
                "いつまでに終える必要がありますか？目標ごとに計画を確かめ、満たすのに必要な作業能力を求めます。") }</p>
            <div class="buttons" role="group" aria-label={t("Add a target", "目標を追加")}>
                { for presets(lang).into_iter().enumerate().map(|(i, (label, target))| {
                    let add = add.clone();
                    // A target already there is not added twice.
                    let there = state.scenario.targets.contains(&target);
                    html! {
                        <button type="button" data-testid={format!("add-target-{i}")} disabled={there}
                                onclick={Callback::from(move |_| add.emit(target.clone()))}>{ format!("+ {label}") }</button>
                    }
                }) }
                <button type="button" data-testid="add-target-custom"
                        onclick={{ let (add, fresh) = (add.clone(), custom(&state.scenario.targets)); Callback::from(move |_| add.emit(fresh.clone())) }}>
                    { t("+ Custom target", "+ 目標を指定") }</button>
            </div>
            { section_problems(state, "targets") }
            <ul class="rows targets">
                { for state.scenario.targets.iter().enumerate().map(|(i, target)| {
                    let remove = remove.clone();
                    let report = reports.get(i);
                    html! {
                        <li key={i} class="fields">
                            { SelectInput::new(Field::TargetHosts(i), format!("{} {}: {}", t("Target", "目標"), i + 1, t("hosts", "対象")), host_options(&target.hosts)).view(state) }
                            { TextInput::new(Field::TargetDeadline(i), format!("{} {}: {}", t("Target", "目標"), i + 1, t("within (72h, 14d) or by (YYYY-MM-DDTHH:MM)", "期限（72h、14d または YYYY-MM-DDTHH:MM）"))).view(state) }
                            if target.by.is_some() {
                                { TextInput::new(Field::TargetZone(i), format!("{} {}: {}", t("Target", "目標"), i + 1, t("time zone", "タイムゾーン"))).zones().view(state) }
                            }
                            <p class={class(&["target-outcome", report.map_or("", |r| if r.outcome.met { "met" } else { "missed" })])}
                               data-testid={format!("target-{i}-outcome")} aria-live="polite">
                                { report.map(|r| r.outcome.text(lang)).unwrap_or_default() }
                            </p>
                            <button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                    aria-label={format!("{} {}", t("Remove target", "目標を削除"), i + 1)}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
