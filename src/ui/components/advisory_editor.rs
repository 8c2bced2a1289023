//! The advisory: preset picker and the fields a planner may change.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::inputs::{CheckInput, SelectInput, TextInput};
use crate::advisory::presets::PRESETS;
use crate::form::{advisory_of, Change, Field};
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect()
}

#[function_component]
pub fn AdvisoryEditor() -> Html {
    let state = use_workspace();
    let on_preset = use_dispatch(|id: String| Action::Change(Change::UsePreset(id)));
    let add_edition = use_dispatch(|_: MouseEvent| Action::Change(Change::AddEdition));
    let remove_edition = use_dispatch(|i: usize| Action::Change(Change::RemoveEdition(i)));
    let Some(advisory) = advisory_of(&state.scenario) else {
        return html! { <p>{ "Choose an advisory." }</p> };
    };
    let custom = state.scenario.advisory.is_some();
    let onchange = Callback::from(move |e: Event| {
        on_preset.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let mut prerequisite_options = vec![(AttrValue::Static(""), AttrValue::Static("none"))];
    prerequisite_options.extend(
        advisory.prerequisites.iter().map(|p| (AttrValue::from(p.id.clone()), AttrValue::from(p.id.clone()))),
    );
    html! {
        <>
            <div class="fields">
                <div class="field">
                    <label for="advisory-preset">{ "Advisory" }</label>
                    <select id="advisory-preset" data-testid="advisory-preset" {onchange}>
                        { for PRESETS.iter().map(|id| html! {
                            <option value={*id} selected={!custom && state.scenario.advisory_preset.as_deref() == Some(*id)}>
                                { format!("{id} (built in)") }
                            </option>
                        }) }
                        if custom {
                            <option value="" selected=true disabled=true>{ format!("{} (edited)", advisory.id) }</option>
                        }
                    </select>
                </div>
                <SelectInput field={Field::Severity} label="Severity" options={options(&[
                    ("1", "1 緊急 critical"), ("2", "2 重要 important"), ("3", "3 警告 warning"), ("4", "4 注意 caution"),
                ])} />
                <SelectInput field={Field::Exploit} label="Exploit code" options={options(&[
                    ("none", "none known"), ("proof_of_concept", "proof of concept"), ("exploited", "exploited"),
                ])} />
                <TextInput field={Field::InterruptionMinutes} label="Mail stops per host (min)" inputmode="decimal" />
                <CheckInput field={Field::RebootRequired} label="Reboot required" />
            </div>
            <p class="hint">{ format!("KB{}: {}", advisory.kb, advisory.title) }</p>
            <div class="table-scroll">
            <table class="grid editions">
                <caption class="visually-hidden">{ "Affected editions" }</caption>
                <thead><tr>
                    <th scope="col">{ "Edition" }</th><th scope="col">{ "Attack needs" }</th>
                    <th scope="col">{ "Package file" }</th><th scope="col">{ "Version" }</th>
                    <th scope="col">{ "Prerequisite" }</th><th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                </tr></thead>
                <tbody>
                { for advisory.editions.iter().enumerate().map(|(i, e)| {
                    let remove = remove_edition.clone();
                    html! {
                        <tr key={i}>
                            <td><TextInput compact=true field={Field::EditionName(i)} label={format!("Name of edition {}", i + 1)} /></td>
                            <td><SelectInput compact=true field={Field::EditionVector(i)} label={format!("Attack vector of {}", e.name)}
                                options={options(&[("anonymous", "no account"), ("authenticated", "an account")])} /></td>
                            <td><TextInput compact=true field={Field::EditionFile(i)} label={format!("Package file of {}", e.name)} /></td>
                            <td><TextInput compact=true field={Field::EditionVersion(i)} label={format!("Package version of {}", e.name)} /></td>
                            <td><SelectInput compact=true field={Field::EditionPrerequisite(i)} label={format!("Prerequisite of {}", e.name)}
                                options={prerequisite_options.clone()} /></td>
                            <td><button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                disabled={advisory.editions.len() < 2}
                                aria-label={format!("Remove edition {}", e.name)}>{ "✕" }</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <button type="button" onclick={add_edition}>{ "Add edition" }</button>
            if !advisory.unaffected_editions.is_empty() {
                <p class="hint">{ format!("Not affected: {}", advisory.unaffected_editions.join(", ")) }</p>
            }
        </>
    }
}
