//! The fleet: an editable table of host groups.

use yew::prelude::*;

use super::inputs::{file_picker, section_problems, use_add_row, SelectInput, TextInput};
use crate::fleet::inventory;
use crate::form::{Change, Field, GroupField};
use crate::i18n::Lang;
use crate::time_zone;
use crate::ui::browser;
use crate::ui::context::State;
use crate::ui::context::{use_dispatch, use_workspace};
use crate::workspace::{Action, Notice};

/// Every IANA zone the app knows, for the time-zone inputs to suggest (a plain function,
/// not a component: it has no state).
pub fn zone_list() -> Html {
    html! {
        <datalist id="zones">
            { for time_zone::names().map(|n| html! { <option value={n} /> }) }
        </datalist>
    }
}

#[function_component]
pub fn FleetEditor() -> Html {
    let state = use_workspace();
    let add = use_add_row(Change::AddGroup, state.scenario.fleet.groups.len(), |i| {
        Field::Group(i, GroupField::Name)
    });
    let remove = use_dispatch(|i: usize| Action::Change(Change::RemoveGroup(i)));
    let replace = use_state(|| false);
    let import = {
        let (state, replace) = (state.clone(), replace.clone());
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            // Japanese Excel saves CSV as Shift_JIS: the browser decodes it, strictly.
            // Replacing the groups deletes the hand-made ones: not without asking.
            let hand_made = state.hand_made_groups();
            let ask = match state.lang {
                Lang::En => format!("Replace the groups with {name}? This deletes {hand_made} group(s) made by hand (Undo brings them back)."),
                Lang::Ja => format!("{name} でグループを置き換えますか？手作業で作った{hand_made}個のグループが削除されます（「元に戻す」で戻せます）。"),
            };
            if *replace && hand_made > 0 && !browser::confirm(&ask) {
                return;
            }
            state.dispatch(match inventory::decode(&bytes, &browser::decode_shift_jis) {
                Ok(text) => Action::ImportInventory { name, text, replace: *replace },
                Err(error) => Action::Notify(Notice::BadInventory { name, errors: vec![error] }),
            })
        })
    };
    let toggle_replace = {
        let replace = replace.clone();
        Callback::from(move |e: Event| {
            replace.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())
        })
    };
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let advisory = state.scenario.named_advisory();
    let mut editions: Vec<(AttrValue, AttrValue)> = Vec::new();
    if let Some(a) = &advisory {
        // Short names ("2000 SP3", "2003 SP1") so the select fits its column.
        editions.extend(
            a.editions
                .iter()
                .zip(a.short_edition_names())
                .map(|(e, short)| (AttrValue::from(e.id.clone()), AttrValue::from(short))),
        );
    }
    // Editions the advisory does not affect, under a heading of their own: the select then
    // shows just the short name.
    let unaffected = advisory.as_ref().map(|a| {
        let names =
            a.unaffected_editions.iter().map(|u| (AttrValue::from(u.clone()), AttrValue::from(u.clone())));
        (AttrValue::Static(t("Not affected", "影響なし")), names.collect::<Vec<_>>())
    });
    let editions_hint = advisory.as_ref().map(crate::workspace::inventory_editions).unwrap_or_default();
    let criticality: Vec<(AttrValue, AttrValue)> =
        [("low", t("low", "低")), ("normal", t("normal", "中")), ("high", t("high", "高"))]
            .iter()
            .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
            .collect();
    let groups = &state.scenario.fleet.groups;
    html! {
        <>
            { section_problems(&state, "fleet.groups") }
            <div class="table-scroll">
            <table class="grid fleet fold">
                <caption class="visually-hidden">{ t("Host groups", "ホストのグループ") }</caption>
                <thead><tr>
                    <th scope="col">{ t("Group", "グループ") }</th><th scope="col">{ t("Edition", "エディション") }</th>
                    <th scope="col">{ t("Hosts", "台数") }</th>
                    <th scope="col">{ t("Internet-facing", "インターネット公開") }</th>
                    <th scope="col">{ t("With prerequisite", "前提条件適用済み") }</th>
                    <th scope="col">{ t("Site", "サイト") }</th><th scope="col">{ t("Time zone", "タイムゾーン") }</th>
                    <th scope="col">{ t("Criticality", "重要度") }</th>
                    <th scope="col"><span class="visually-hidden">{ t("Actions", "操作") }</span></th>
                </tr></thead>
                { for groups.iter().enumerate().map(|(i, g)| {
                    let remove = remove.clone();
                    let f = |field| Field::Group(i, field);
                    let n = if g.name.is_empty() { format!("{} {}", t("group", "グループ"), i + 1) } else { g.name.clone() };
                    let label = |en: &str, ja: &str| format!("{n}: {}", lang.pick(en, ja));
                    html! {
                        <tbody key={i}>
                        <tr>
                            <td>{ TextInput::new(f(GroupField::Name), format!("{} {}", t("Name of group", "グループ名"), i + 1)).compact().view(&state) }</td>
                            <td>{ SelectInput::new(f(GroupField::Edition), label("edition", "エディション"), editions.clone()).more(unaffected.clone()).compact().view(&state) }</td>
                            <td>{ TextInput::new(f(GroupField::Hosts), label("hosts", "台数")).compact().numeric().view(&state) }</td>
                            <td>{ TextInput::new(f(GroupField::InternetFacing), label("internet-facing hosts", "インターネット公開の台数")).compact().numeric().view(&state) }</td>
                            <td>{ TextInput::new(f(GroupField::PrerequisitePresent), label("hosts with the prerequisite", "前提条件適用済みの台数")).compact().numeric().view(&state) }</td>
                            <td>{ TextInput::new(f(GroupField::Site), label("site", "サイト")).compact().view(&state) }</td>
                            <td>{
                                // A site's zone is edited on its first group (and set on all of
                                // them): the others show it, one key press fewer each.
                                match groups[..i].iter().find(|h| !g.site.is_empty() && h.site == g.site && h.time_zone == g.time_zone) {
                                    Some(first) => html! {
                                        <span class="site-zone" data-testid={format!("fleet-groups-{i}--site-zone")}
                                              title={match lang {
                                                  Lang::En => format!("{}'s zone, set on group {}", g.site, first.name),
                                                  Lang::Ja => format!("{}のタイムゾーン（グループ {} で設定）", g.site, first.name),
                                              }}>{ g.time_zone.clone() }</span>
                                    },
                                    None => TextInput::new(f(GroupField::TimeZone), label("time zone", "タイムゾーン")).compact().zones().view(&state),
                                }
                            }</td>
                            <td>{ SelectInput::new(f(GroupField::Criticality), label("criticality", "重要度"), criticality.clone()).compact().view(&state) }</td>
                            <td><button type="button" class="icon" onclick={Callback::from(move |_| remove.emit(i))}
                                aria-label={label("remove group", "グループを削除")} data-testid={format!("remove-group-{i}")}>{ "✕" }</button></td>
                        </tr>
                        if !g.host_names.is_empty() {
                            <tr class="host-names">
                                <td colspan="9">{ host_names(&state, i, g, &n) }</td>
                            </tr>
                        }
                        </tbody>
                    }
                }) }
            </table>
            </div>
            <div class="buttons">
                <button type="button" onclick={add} data-testid="add-group">{ t("Add group", "グループを追加") }</button>
                { file_picker(&state, "import-inventory", t("Import inventory CSV…", "台帳 CSV を取り込む…"), ".csv,text/csv", import) }
                <label class="check" for="import-replace">
                    <input id="import-replace" type="checkbox" checked={*replace} onchange={toggle_replace} />
                    { t("replacing the groups", "既存のグループを置き換える") }
                </label>
            </div>
            <p class="hint">{ t("A site has one time zone: it is set on the site's first group.", "サイトのタイムゾーンは1つで、そのサイトの最初のグループで設定します。") }</p>
            <p class="hint" data-testid="inventory-hint">{ match lang {
                Lang::En => format!("Inventory columns: name, edition ({}, or the product's name such as Exchange Server 2003 SP1), site, internet_facing, prerequisite_present (yes/no), time_zone (for a new site), set (availability sets, ; between two).", editions_hint),
                Lang::Ja => format!("台帳の列: name, edition（{}、または Exchange Server 2003 SP1 のような製品名）, site, internet_facing, prerequisite_present（yes/no）, time_zone（新しいサイトのみ）, set（可用性セット。複数は ; で区切る）。", editions_hint),
            } }</p>
        </>
    }
}

/// Most names shown for editing in a group's box; larger lists can be fitted or dropped.
const MOST_EDITED_NAMES: usize = 2_000;

/// A group's host names from an inventory: how many, a box to edit them (one a line), and
/// while they do not match the host count, the two ways out: name the rest, or drop them.
fn host_names(state: &State, i: usize, g: &crate::fleet::Group, group: &str) -> Html {
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let summary = match lang {
        Lang::En => format!("{group}: {} host names from an inventory", g.host_names.len()),
        Lang::Ja => format!("{group}: 台帳のホスト名 {}件", g.host_names.len()),
    };
    let change = |c: Change| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Change(c.clone())))
    };
    let mismatch = g.host_names.len() != g.hosts as usize;
    html! {
        <div class="names">
            <details open={mismatch}>
                <summary data-testid={format!("fleet-groups-{i}--names")}>{ summary }</summary>
                if g.host_names.len() <= MOST_EDITED_NAMES {
                    { TextInput::new(Field::Group(i, GroupField::HostNames), format!("{group}: {}", t("host names, one a line", "ホスト名（1行に1台）"))).lines(6).view(state) }
                } else {
                    <p class="hint">{ t("Too many to edit here: change them in the inventory and import it again.", "ここで編集するには多すぎます。台帳で直して取り込み直してください。") }</p>
                }
            </details>
            <div class="buttons">
                if mismatch {
                    <button type="button" onclick={change(Change::FitHostNames(i))} data-testid={format!("fit-names-{i}")}>
                        { match (lang, g.host_names.len() < g.hosts as usize) {
                            (Lang::En, true) => format!("Keep the {} names and name the other {}", g.host_names.len(), g.hosts as usize - g.host_names.len()),
                            (Lang::Ja, true) => format!("{}件の名前を残し、残り{}台に名前を付ける", g.host_names.len(), g.hosts as usize - g.host_names.len()),
                            (Lang::En, false) => format!("Keep the first {} names", g.hosts),
                            (Lang::Ja, false) => format!("先頭の{}件の名前を残す", g.hosts),
                        } }
                    </button>
                }
                <button type="button" onclick={change(Change::DropHostNames(i))} data-testid={format!("drop-names-{i}")}>
                    { t("Drop the names (the group names its hosts)", "ホスト名を外す（グループが名前を付けます）") }
                </button>
            </div>
        </div>
    }
}
