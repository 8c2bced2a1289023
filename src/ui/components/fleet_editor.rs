//! The fleet: an editable table of host groups.

use yew::prelude::*;

use super::inputs::{SectionProblems, SelectInput, TextInput};
use crate::form::{advisory_of, Change, Field, GroupField};
use crate::time_zone;
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

/// Every IANA zone the app knows, for the time-zone inputs to suggest.
#[function_component]
pub fn ZoneList() -> Html {
    html! {
        <datalist id="zones">
            { for time_zone::names().map(|n| html! { <option value={n} /> }) }
        </datalist>
    }
}

#[function_component]
pub fn FleetEditor() -> Html {
    let state = use_workspace();
    let add = use_dispatch(|_: MouseEvent| Action::Change(Change::AddGroup));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveGroup(i)));
    let advisory = advisory_of(&state.scenario);
    let mut editions: Vec<(AttrValue, AttrValue)> = Vec::new();
    if let Some(a) = &advisory {
        editions.extend(
            a.editions.iter().map(|e| (AttrValue::from(e.id.clone()), AttrValue::from(e.name.clone()))),
        );
        editions.extend(
            a.unaffected_editions
                .iter()
                .map(|u| (AttrValue::from(u.clone()), AttrValue::from(format!("{u} (not affected)")))),
        );
    }
    let criticality: Vec<(AttrValue, AttrValue)> = [("low", "low"), ("normal", "normal"), ("high", "high")]
        .iter()
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect();
    html! {
        <>
            <SectionProblems path="fleet.groups" />
            <div class="table-scroll">
            <table class="grid fleet">
                <caption class="visually-hidden">{ "Host groups" }</caption>
                <thead><tr>
                    <th scope="col">{ "Group" }</th><th scope="col">{ "Edition" }</th><th scope="col">{ "Hosts" }</th>
                    <th scope="col">{ "Internet-facing" }</th><th scope="col">{ "With prerequisite" }</th>
                    <th scope="col">{ "Site" }</th><th scope="col">{ "Time zone" }</th><th scope="col">{ "Criticality" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                </tr></thead>
                <tbody>
                { for state.scenario.fleet.groups.iter().enumerate().map(|(i, g)| {
                    let remove = remove.clone();
                    let f = |field| Field::Group(i, field);
                    let n = if g.name.is_empty() { format!("group {}", i + 1) } else { g.name.clone() };
                    html! {
                        <tr key={i}>
                            <td><TextInput compact=true field={f(GroupField::Name)} label={format!("Name of group {}", i + 1)} /></td>
                            <td><SelectInput compact=true field={f(GroupField::Edition)} label={format!("Edition of {n}")} options={editions.clone()} /></td>
                            <td><TextInput compact=true field={f(GroupField::Hosts)} label={format!("Hosts in {n}")} inputmode="numeric" /></td>
                            <td><TextInput compact=true field={f(GroupField::InternetFacing)} label={format!("Internet-facing hosts in {n}")} inputmode="numeric" /></td>
                            <td><TextInput compact=true field={f(GroupField::PrerequisitePresent)} label={format!("Hosts in {n} with the prerequisite")} inputmode="numeric" /></td>
                            <td><TextInput compact=true field={f(GroupField::Site)} label={format!("Site of {n}")} /></td>
                            <td><TextInput compact=true field={f(GroupField::TimeZone)} label={format!("Time zone of {n}")} list="zones" /></td>
                            <td><SelectInput compact=true field={f(GroupField::Criticality)} label={format!("Criticality of {n}")} options={criticality.clone()} /></td>
                            <td><button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={format!("Remove group {n}")} data-testid={format!("remove-group-{i}")}>{ "✕" }</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <button type="button" onclick={add} data-testid="add-group">{ "Add group" }</button>
        </>
    }
}
