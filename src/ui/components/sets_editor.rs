//! Availability sets: hosts of which only so many may be down at once (a cluster's nodes,
//! a front-end pool), each with what it names, its limit, and what the plan makes of it.

use yew::prelude::*;

use super::inputs::{options, section_problems, use_add_row, SelectInput, TextInput};
use crate::form::{Change, Field, SetField};
use crate::i18n::Lang;
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

#[function_component]
pub fn SetsEditor() -> Html {
    let state = use_workspace();
    let sets = &state.scenario.fleet.availability_sets;
    let add = use_add_row(Change::AddSet, sets.len(), |i| Field::Set(i, SetField::Name));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveSet(i)));
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let kinds = options(&[
        ("max_down", t("at most this many down", "同時に停止できる最大台数")),
        ("max_down_percent", t("at most this % down", "同時に停止できる最大割合（%）")),
        ("min_in_service", t("at least this many in service", "稼働を保つ最小台数")),
    ]);
    // What the current plan makes of each set: its size, the most down at once allowed and
    // planned (only while the plan is of these sets).
    let planned = state.planned.as_ref().filter(|p| p.scenario.fleet.availability_sets == *sets);
    // Worked out once a plan (a sweep over its batches), not at every keystroke.
    let peaks = use_memo(planned.cloned(), |p| p.as_ref().map(|p| p.plan.most_down_at_once()));
    html! {
        <div class="sets" data-testid="availability-sets">
            <h3>{ t("Availability sets", "可用性セット") }</h3>
            <p class="hint">{ t(
                "Hosts that must not all be down at once, such as a cluster's nodes or a front-end pool: name whole groups or single hosts (an inventory's set column makes them too). The plan keeps each set within its limit at every moment, across consoles, sites and phases.",
                "クラスタのノードやフロントエンドのプールのように、同時にすべてを停止できないホストのまとまりです。グループ全体か個々のホストを指定します（台帳の set 列からも作られます）。計画は、コンソール・サイト・フェーズをまたいで、どの時点でも各セットを上限内に保ちます。",
            ) }</p>
            { section_problems(&state, "fleet.availability_sets") }
            { for sets.iter().enumerate().map(|(i, set)| {
                let remove = remove.clone();
                let f = |field| Field::Set(i, field);
                let title = if set.name.is_empty() { format!("{} {}", t("Set", "セット"), i + 1) } else { set.name.clone() };
                let label = |en: &str, ja: &str| format!("{title}: {}", lang.pick(en, ja));
                let summary = planned.and_then(|p| {
                    let sets = &p.plan.expanded.sets;
                    let (size, most) = (*sets.sizes.get(i)?, *sets.most_down.get(i)?);
                    let peak = (*peaks).as_ref()?.get(i).copied()?;
                    Some(match lang {
                        Lang::En => format!("{size} hosts; at most {most} down at once; the plan has at most {peak} down together."),
                        Lang::Ja => format!("{size}台。同時に停止できるのは{most}台まで。計画で同時に停止するのは最大{peak}台です。"),
                    })
                });
                html! {
                    <fieldset key={i} class="set" data-testid={format!("set-{i}")}>
                        <legend>{ title.clone() }</legend>
                        <div class="fields">
                            { TextInput::new(f(SetField::Name), label("name", "名前")).view(&state) }
                            { TextInput::new(f(SetField::Groups), label("groups (comma-separated)", "グループ（カンマ区切り）")).view(&state) }
                            { TextInput::new(f(SetField::Hosts), label("hosts (comma-separated)", "ホスト（カンマ区切り）")).view(&state) }
                            { SelectInput::new(f(SetField::Kind), label("limit", "上限"), kinds.clone()).view(&state) }
                            { TextInput::new(f(SetField::Limit), label("number", "数")).numeric().view(&state) }
                        </div>
                        if let Some(summary) = summary {
                            <p class="hint" data-testid={format!("set-{i}-summary")}>{ summary }</p>
                        }
                        <button type="button" onclick={Callback::from(move |_| remove.emit(i))}
                            aria-label={label("remove set", "セットを削除")}>{ t("Remove set", "セットを削除") }</button>
                    </fieldset>
                }
            }) }
            <button type="button" onclick={add} data-testid="add-set">{ t("Add availability set", "可用性セットを追加") }</button>
        </div>
    }
}
