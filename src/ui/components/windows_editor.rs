//! Maintenance windows, blackout dates, the plan's start and the per-site limit.

use yew::prelude::*;

use super::inputs::{check_input, options, section_problems, use_add_row, SelectInput, TextInput};
use crate::form::{Change, Field, WindowField};
use crate::maintenance_window::{Day, Recurrence};
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::Action;

const DAY_LABELS: [(&str, &str); 7] =
    [("Mon", "月"), ("Tue", "火"), ("Wed", "水"), ("Thu", "木"), ("Fri", "金"), ("Sat", "土"), ("Sun", "日")];

#[function_component]
pub fn WindowsEditor() -> Html {
    let state = use_workspace();
    let add =
        use_add_row(Change::AddWindow, state.scenario.windows.len(), |i| Field::Window(i, WindowField::Name));
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveWindow(i)));
    let add_blackout = use_dispatch(|_: MouseEvent| Action::Change(Change::AddBlackout));
    let remove_blackout = use_dispatch(|i: usize| Action::Change(Change::RemoveBlackout(i)));
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day_options: Vec<(AttrValue, AttrValue)> = days
        .iter()
        .zip(DAY_LABELS)
        .map(|(v, (en, ja))| (AttrValue::Static(v), AttrValue::Static(t(en, ja))))
        .collect();
    html! {
        <>
            <div class="fields">
                { TextInput::new(Field::Start, t("Earliest start (YYYY-MM-DD HH:MM, 24 h)", "開始可能日時（YYYY-MM-DD HH:MM・24時間）")).view(&state) }
                { TextInput::new(Field::StartTimeZone, t("Start time zone", "開始日時のタイムゾーン")).zones().view(&state) }
                { TextInput::new(Field::SiteLimit, t("Per-site limit per window (hosts or %)", "1ウィンドウあたりのサイト上限（台数または%）")).view(&state) }
                { TextInput::new(Field::HorizonDays, t("Look ahead (days)", "探す期間（日）")).numeric().view(&state) }
            </div>
            { section_problems(&state, "windows") }
            { for state.scenario.windows.iter().enumerate().map(|(i, w)| {
                let remove = remove.clone();
                let f = |field| Field::Window(i, field);
                let title = if w.name.is_empty() { format!("{} {}", t("Window", "ウィンドウ"), i + 1) } else { w.name.clone() };
                html! {
                    <fieldset key={i} class="window" data-testid={format!("window-{i}")}>
                        <legend>{ title.clone() }</legend>
                        <div class="fields">
                            { TextInput::new(f(WindowField::Name), t("Name", "名前")).view(&state) }
                            { SelectInput::new(f(WindowField::Every), t("Repeats", "繰り返し"), options(&[("week", t("every week", "毎週")), ("month", t("every month", "毎月"))])).view(&state) }
                            { TextInput::new(f(WindowField::Start), t("Starts (local, 24 h)", "開始（現地時刻・24時間）")).numeric().view(&state) }
                            { TextInput::new(f(WindowField::Length), t("Length (h:mm)", "長さ（時間:分）")).numeric().view(&state) }
                            { TextInput::new(f(WindowField::Reserve), t("Back-out reserve at the end (min)", "終了前の切り戻しの余裕（分）")).numeric().view(&state) }
                            { TextInput::new(f(WindowField::Sites), t("Sites (blank: all)", "サイト（空欄: すべて）")).view(&state) }
                        </div>
                        { match &w.recurrence {
                            Recurrence::Week { .. } => html! {
                                <fieldset class="days">
                                    <legend>{ t("Days", "曜日") }</legend>
                                    { for Day::ALL.iter().zip(DAY_LABELS).map(|(d, (en, ja))| html! {
                                        { check_input(&state, f(WindowField::Day(*d)), t(en, ja)) }
                                    }) }
                                    { super::field_error(format!("windows-{i}-days-error").into(),
                                        state.error(f(WindowField::Day(Day::Mon))).map(AttrValue::from)) }
                                </fieldset>
                            },
                            Recurrence::Month { .. } => html! {
                                <div class="fields">
                                    { SelectInput::new(f(WindowField::Nth), t("Week of the month", "第何週"), options(&[
                                        ("first", t("first", "第1")), ("second", t("second", "第2")), ("third", t("third", "第3")),
                                        ("fourth", t("fourth", "第4")), ("fifth", t("fifth", "第5")), ("last", t("last", "最終")),
                                    ])).view(&state) }
                                    { SelectInput::new(f(WindowField::MonthDay), t("Weekday", "曜日"), day_options.clone()).view(&state) }
                                    { TextInput::new(f(WindowField::Offset), t("Plus days", "ずらす日数")).numeric().view(&state) }
                                </div>
                            },
                        } }
                        <button type="button" onclick={Callback::from(move |_| remove.emit(i))}
                            aria-label={format!("{} {title}", t("Remove window", "ウィンドウを削除:"))}>{ t("Remove window", "ウィンドウを削除") }</button>
                    </fieldset>
                }
            }) }
            <button type="button" onclick={add} data-testid="add-window">{ t("Add window", "ウィンドウを追加") }</button>
            <h3>{ t("Blackout dates", "作業禁止日") }</h3>
            <ul class="rows">
                { for state.scenario.blackouts.iter().enumerate().map(|(i, _)| {
                    let remove = remove_blackout.clone();
                    html! {
                        <li key={i} class="fields">
                            { TextInput::new(Field::Blackout(i), format!("{} {} {}", t("Blackout", "作業禁止日"), i + 1, t("(YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD; @ sites for some only)", "（YYYY-MM-DD、期間は YYYY-MM-DD..YYYY-MM-DD、一部のサイトだけなら @ サイト）"))).view(&state) }
                            <button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={format!("{} {}", t("Remove blackout date", "作業禁止日を削除"), i + 1)}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ul>
            <button type="button" onclick={add_blackout}>{ t("Add blackout date", "作業禁止日を追加") }</button>
        </>
    }
}
