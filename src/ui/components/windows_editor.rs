//! Maintenance windows, blackout dates, the plan's start and the per-site limit.

use yew::prelude::*;

use super::inputs::{CheckInput, SectionProblems, SelectInput, TextInput};
use crate::form::{Change, Field, WindowField};
use crate::maintenance_window::{Day, Recurrence};
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

const DAY_LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect()
}

#[function_component]
pub fn WindowsEditor() -> Html {
    let state = use_workspace();
    let add = use_dispatch(|_: MouseEvent| Action::Change(Change::AddWindow));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveWindow(i)));
    let add_blackout = use_dispatch(|_: MouseEvent| Action::Change(Change::AddBlackout));
    let remove_blackout = use_dispatch(|i: usize| Action::Change(Change::RemoveBlackout(i)));
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day_options: Vec<(AttrValue, AttrValue)> =
        days.iter().zip(DAY_LABELS).map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l))).collect();
    html! {
        <>
            <div class="fields">
                <TextInput field={Field::Start} label="Earliest start" kind="datetime-local" />
                <TextInput field={Field::StartTimeZone} label="Start time zone" list="zones" />
                <TextInput field={Field::SiteLimit} label="Per-site limit per window (hosts or %)" />
                <TextInput field={Field::HorizonDays} label="Look ahead (days)" inputmode="numeric" />
            </div>
            <SectionProblems path="windows" />
            { for state.scenario.windows.iter().enumerate().map(|(i, w)| {
                let remove = remove.clone();
                let f = |field| Field::Window(i, field);
                let title = if w.name.is_empty() { format!("Window {}", i + 1) } else { w.name.clone() };
                html! {
                    <fieldset key={i} class="window" data-testid={format!("window-{i}")}>
                        <legend>{ title.clone() }</legend>
                        <div class="fields">
                            <TextInput field={f(WindowField::Name)} label="Name" />
                            <SelectInput field={f(WindowField::Every)} label="Repeats"
                                options={options(&[("week", "every week"), ("month", "every month")])} />
                            <TextInput field={f(WindowField::Start)} label="Starts (local)" kind="time" />
                            <TextInput field={f(WindowField::Length)} label="Length (min)" inputmode="numeric" />
                            <TextInput field={f(WindowField::Sites)} label="Sites (blank: all)" />
                        </div>
                        { match &w.recurrence {
                            Recurrence::Week { .. } => html! {
                                <fieldset class="days">
                                    <legend>{ "Days" }</legend>
                                    { for Day::ALL.iter().zip(DAY_LABELS).map(|(d, l)| html! {
                                        <CheckInput field={f(WindowField::Day(*d))} label={l} />
                                    }) }
                                    <super::FieldError id={format!("windows-{i}-days-error")}
                                        message={state.error(f(WindowField::Day(Day::Mon))).map(AttrValue::from)} />
                                </fieldset>
                            },
                            Recurrence::Month { .. } => html! {
                                <div class="fields">
                                    <SelectInput field={f(WindowField::Nth)} label="Week of the month" options={options(&[
                                        ("first", "first"), ("second", "second"), ("third", "third"),
                                        ("fourth", "fourth"), ("fifth", "fifth"), ("last", "last"),
                                    ])} />
                                    <SelectInput field={f(WindowField::MonthDay)} label="Weekday" options={day_options.clone()} />
                                    <TextInput field={f(WindowField::Offset)} label="Plus days" inputmode="numeric" />
                                </div>
                            },
                        } }
                        <button type="button" onclick={Callback::from(move |_| remove.emit(i))}
                            aria-label={format!("Remove window {title}")}>{ "Remove window" }</button>
                    </fieldset>
                }
            }) }
            <button type="button" onclick={add} data-testid="add-window">{ "Add window" }</button>
            <h3>{ "Blackout dates" }</h3>
            <ul class="rows">
                { for state.scenario.blackouts.iter().enumerate().map(|(i, _)| {
                    let remove = remove_blackout.clone();
                    html! {
                        <li key={i} class="fields">
                            <TextInput field={Field::Blackout(i)} label={format!("Blackout date {}", i + 1)} kind="date" />
                            <button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={format!("Remove blackout date {}", i + 1)}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ul>
            <button type="button" onclick={add_blackout}>{ "Add blackout date" }</button>
        </>
    }
}
