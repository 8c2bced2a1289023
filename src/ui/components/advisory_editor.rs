//! The advisory: preset picker and the fields a planner may change.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::inputs::{check_input, options, SelectInput, TextInput};
use crate::advisory::presets::PRESETS;
use crate::form::{Change, Field};
use crate::ui::context::{dispatch, State};
use crate::workspace::Action;

/// A plain function of the workspace, not a component: it keeps no state of its own.
pub fn advisory_editor(state: &State) -> Html {
    let on_preset = dispatch(state, |id: String| Action::Change(Change::UsePreset(id)));
    let add_edition = dispatch(state, |_: MouseEvent| Action::Change(Change::AddEdition));
    let remove_edition = dispatch(state, |i: usize| Action::Change(Change::RemoveEdition(i)));
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let Some(advisory) = state.scenario.named_advisory() else {
        return html! { <p>{ t("Choose an advisory.", "アドバイザリを選んでください。") }</p> };
    };
    let custom = state.scenario.advisory.is_some();
    let onchange = Callback::from(move |e: Event| {
        on_preset.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let mut prerequisite_options = vec![(AttrValue::Static(""), AttrValue::Static(t("none", "なし")))];
    prerequisite_options.extend(
        advisory.prerequisites.iter().map(|p| (AttrValue::from(p.id.clone()), AttrValue::from(p.id.clone()))),
    );
    html! {
        <>
            <div class="fields">
                <div class="field">
                    <label for="advisory-preset">{ t("Advisory", "アドバイザリ") }</label>
                    <select id="advisory-preset" data-testid="advisory-preset" {onchange}>
                        { for PRESETS.iter().map(|id| html! {
                            <option value={*id} selected={!custom && state.scenario.advisory_preset.as_deref() == Some(*id)}>
                                { format!("{id} {}", t("(built in)", "（組み込み）")) }
                            </option>
                        }) }
                        if custom {
                            <option value="" selected=true disabled=true>{ format!("{} {}", advisory.id, t("(edited)", "（編集済み）")) }</option>
                        }
                    </select>
                </div>
                { SelectInput::new(Field::Severity, t("Severity", "深刻度"), options(&[
                    ("1", t("1 緊急 critical", "1 緊急")), ("2", t("2 重要 important", "2 重要")),
                    ("3", t("3 警告 warning", "3 警告")), ("4", t("4 注意 caution", "4 注意")),
                ])).view(state) }
                { SelectInput::new(Field::Exploit, t("Exploit code", "攻撃コード"), options(&[
                    ("none", t("none known", "なし")), ("proof_of_concept", t("proof of concept", "実証コードあり")),
                    ("exploited", t("exploited", "悪用されている")),
                ])).view(state) }
                { TextInput::new(Field::InterruptionMinutes, t("Mail stops per host (min)", "1台あたりのメール停止（分）")).decimal().view(state) }
                { check_input(state, Field::RebootRequired, t("Reboot required", "再起動が必要")) }
            </div>
            <p class="hint">{ format!("KB{}: {}", advisory.kb, advisory.title_in(lang)) }</p>
            <div class="table-scroll">
            <table class="grid editions fold">
                <caption class="visually-hidden">{ t("Affected editions", "影響を受けるエディション") }</caption>
                <thead><tr>
                    <th scope="col">{ t("Edition", "エディション") }</th><th scope="col">{ t("Attack needs", "攻撃の条件") }</th>
                    <th scope="col">{ t("Package file", "パッケージ") }</th><th scope="col">{ t("Version", "バージョン") }</th>
                    <th scope="col">{ t("Prerequisite", "前提条件") }</th><th scope="col"><span class="visually-hidden">{ t("Actions", "操作") }</span></th>
                </tr></thead>
                <tbody>
                { for advisory.editions.iter().enumerate().map(|(i, e)| {
                    let remove = remove_edition.clone();
                    html! {
                        <tr key={i}>
                            <td>{ TextInput::new(Field::EditionName(i), format!("{} {}", t("Name of edition", "エディション名"), i + 1)).compact().view(state) }</td>
                            <td>{ SelectInput::new(Field::EditionVector(i), format!("{}: {}", e.name, t("attack needs", "攻撃の条件")), options(&[("anonymous", t("no account", "アカウント不要")), ("authenticated", t("an account", "アカウントが必要"))])).compact().view(state) }</td>
                            <td>{ TextInput::new(Field::EditionFile(i), format!("{}: {}", e.name, t("package file", "パッケージ"))).compact().view(state) }</td>
                            <td>{ TextInput::new(Field::EditionVersion(i), format!("{}: {}", e.name, t("package version", "バージョン"))).compact().view(state) }</td>
                            <td>{ SelectInput::new(Field::EditionPrerequisite(i), format!("{}: {}", e.name, t("prerequisite", "前提条件")), prerequisite_options.clone()).compact().view(state) }</td>
                            <td><button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                disabled={advisory.editions.len() < 2}
                                aria-label={format!("{} {}", t("Remove edition", "エディションを削除:"), e.name)}>{ "✕" }</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <button type="button" onclick={add_edition}>{ t("Add edition", "エディションを追加") }</button>
            if !advisory.unaffected_editions.is_empty() {
                <p class="hint">{ format!("{} {}", t("Not affected:", "影響なし:"), advisory.unaffected_editions.join(", ")) }</p>
            }
        </>
    }
}
