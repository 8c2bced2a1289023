//! The plan itself: Gantt and exposure charts, the batches and the per-host schedule.

use std::rc::Rc;

use yew::prelude::*;

use super::chart_view::chart_view;
use super::swatch;
use super::virtual_table::VirtualTable;
use crate::chart::{exposure, gantt, target_marks, ExposureSeries, GanttData};
use crate::export::site_zones;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scheduler::{Work, NO_BATCH};
use crate::time_zone::{self, Zone};
use crate::ui::context::use_workspace;
use crate::ui::format::{at_zoned, duration, grouped};

#[function_component]
pub fn Charts() -> Html {
    let state = use_workspace();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let plan = state.planned.as_ref().map(|p| (PlanKey(p.plan.clone()), p.scenario.start_time_zone.clone()));
    let baseline = state.baseline.as_ref().map(|b| PlanKey(b.plan.clone()));
    let gantt_chart = use_memo((plan.clone(), lang), |(plan, lang)| {
        plan.as_ref().map(|(plan, zone)| {
            let zone = time_zone::zone(zone).unwrap_or_else(|_| Zone::utc());
            gantt(&GanttData::from_plan(&plan.0, zone, *lang), false)
        })
    });
    let exposure_chart = use_memo((plan.map(|p| p.0), baseline, lang), |(plan, baseline, lang)| {
        plan.as_ref().map(|plan| {
            let mut series = vec![ExposureSeries::from_plan(&plan.0, lang.pick("this plan", "この計画"))];
            if let Some(b) = baseline {
                series.push(ExposureSeries::from_plan(&b.0, lang.pick("baseline", "基準")));
            }
            exposure(&series, &target_marks(&plan.0, *lang), *lang)
        })
    });
    let Some(planned) = &state.planned else { return html! {} };
    let s = &planned.plan.summary;
    html! {
        <>
            if let Some(svg) = (*gantt_chart).clone().map(AttrValue::from) {
                { chart_view(svg, match lang {
                        Lang::En => format!("Gantt chart: {} batches over {} by site, coloured by phase; the batches table below lists them.",
                            s.batches, duration(s.cautious_minutes, lang)),
                        Lang::Ja => format!("ガントチャート: {}のあいだの{}件のバッチをサイト別・フェーズ色分けで表示。下のバッチ表に同じ内容があります。",
                            duration(s.cautious_minutes, lang), s.batches),
                    }, Some("batches-title"), "gantt") }
                <ul class="legend" aria-hidden="true">
                    { for planned.plan.phases.iter().enumerate().map(|(i, p)| html! {
                        <li>{ swatch(i) }{ p.name.clone() }</li>
                    }) }
                    <li><span class="swatch window"></span>{ t("window used", "使うウィンドウ") }</li>
                </ul>
            }
            if let Some(svg) = (*exposure_chart).clone().map(AttrValue::from) {
                { chart_view(svg, {
                        let half = s.risk_removed_50.map_or("—".into(), |m| duration(m - s.start, lang));
                        let all = s.risk_removed_100.map_or("—".into(), |m| duration(m - s.start, lang));
                        match lang {
                            Lang::En => format!("Exposure left over time: half of the risk is removed after {half}, all of it after {all}."),
                            Lang::Ja => format!("残るリスクの推移: {half}後に半分、{all}後にすべてのリスクが解消します。"),
                        }
                    }, None, "exposure-chart") }
            }
        </>
    }
}

fn work_label(w: Work, lang: Lang) -> &'static str {
    match w {
        Work::Hotfix => lang.pick("hotfix", "修正プログラム"),
        Work::Prerequisite => lang.pick("prerequisite", "前提条件"),
    }
}

#[function_component]
pub fn BatchesTable() -> Html {
    let state = use_workspace();
    let Some(planned) = &state.planned else { return html! {} };
    let lang = state.lang;
    let plan = planned.plan.clone();
    let zones = Rc::new(site_zones(&plan));
    // In the order they start, whatever the site's zone; a batch keeps its number.
    let order = Rc::new(batch_order(&plan));
    let row = {
        let plan = plan.clone();
        Callback::from(move |row: usize| {
            let i = order[row];
            let b = &plan.schedule.batches[i];
            let tz = &zones[b.site as usize];
            let edition = &plan.advisory.editions[b.edition as usize];
            let package = match b.work {
                Work::Hotfix => format!("{} {}", edition.package.file_name, edition.package.version),
                Work::Prerequisite => edition.prerequisite.clone().unwrap_or_default(),
            };
            html! {
                <>
                    <td>{ at_zoned(b.start, tz, lang) }</td>
                    <td>{ at_zoned(b.cautious_end, tz, lang) }</td>
                    <td>{ plan.expanded.sites[b.site as usize].name.clone() }</td>
                    <td class="num">{ b.hosts }</td>
                    <td>{ plan.phases[b.phase as usize].name.clone() }</td>
                    <td class="num">{ b.console + 1 }</td>
                    <td class="num">{ i + 1 }</td>
                    <td>{ edition.name.clone() }</td>
                    <td>{ format!("{} {package}", work_label(b.work, lang)) }</td>
                </>
            }
        })
    };
    let headers = match lang {
        // What a planner looks for first (when, where, how many), long texts last.
        Lang::En => [
            "Starts (local, with its zone)",
            "Ends, cautious",
            "Site",
            "Hosts",
            "Phase",
            "Console",
            "#",
            "Edition",
            "Installs",
        ],
        Lang::Ja => [
            "開始（現地・時差付き）",
            "終了（慎重）",
            "サイト",
            "台数",
            "フェーズ",
            "コンソール",
            "#",
            "エディション",
            "適用するもの",
        ],
    };
    let title = lang.pick("Batches", "バッチ");
    html! {
        <>
            <h2 id="batches-title">{ format!("{title} ({})", grouped(plan.schedule.batches.len() as u64)) }</h2>
            <VirtualTable caption={title} testid="batches" rows={plan.schedule.batches.len()} {row}
                headers={headers.iter().map(|h| AttrValue::Static(h)).collect::<Vec<_>>()} />
        </>
    }
}

/// The batches in the order they start (the same instant: in the plan's order).
fn batch_order(plan: &Plan) -> Vec<usize> {
    let mut order: Vec<(i64, u64)> =
        plan.schedule.batches.iter().enumerate().map(|(i, b)| (b.start, i as u64)).collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i as usize).collect()
}

/// Hosts in the order they are patched: batches by start time, hosts in batch order.
fn host_order(plan: &Plan) -> Vec<u32> {
    let s = &plan.schedule;
    // As (start, number) pairs: the sort the plan's exposure curve uses, fast at any size.
    let mut batches: Vec<(i64, u64)> = (s.batches.iter().enumerate())
        .filter(|(_, b)| b.work == Work::Hotfix)
        .map(|(i, b)| (b.start, i as u64))
        .collect();
    batches.sort_unstable();
    batches.into_iter().flat_map(|(_, i)| plan.batch_hosts(i as usize).iter().copied()).collect()
}

#[function_component]
pub fn HostSchedule() -> Html {
    let state = use_workspace();
    let query = use_state(String::new);
    let plan = state.planned.as_ref().map(|p| p.plan.clone());
    let order = use_memo((plan.clone().map(PlanKey), (*query).clone()), |(p, query)| {
        p.as_ref().map(|p| {
            let all = host_order(&p.0);
            Rc::new(all.into_iter().filter(|&h| p.0.host_matches(h as usize, query)).collect::<Vec<u32>>())
        })
    });
    let (Some(plan), Some(order)) = (plan, (*order).clone()) else { return html! {} };
    let lang = state.lang;
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        })
    };
    let zones = Rc::new(site_zones(&plan));
    let rows = order.len();
    let row = {
        let plan = plan.clone();
        Callback::from(move |i: usize| {
            let h = order[i] as usize;
            let host = &plan.expanded.hosts[h];
            let group = &plan.fleet.groups[host.group as usize];
            let edition = &plan.advisory.editions[host.edition as usize];
            let tz = &zones[host.site as usize];
            let s = &plan.schedule;
            let b = &s.batches[s.hotfix_batch[h] as usize];
            let pre = s.prerequisite_batch[h];
            html! {
                <>
                    <td>{ group.host_name(host.ordinal) }</td>
                    <td>{ group.site.clone() }</td>
                    <td>{ edition.name.clone() }</td>
                    <td>{ edition.package.version.clone() }</td>
                    <td>{ plan.phases[b.phase as usize].name.clone() }</td>
                    <td>{ at_zoned(b.start, tz, lang) }</td>
                    <td>{ at_zoned(b.cautious_end, tz, lang) }</td>
                    <td>{ if pre == NO_BATCH { String::new() } else { at_zoned(s.batches[pre as usize].start, tz, lang) } }</td>
                    <td>{ if host.internet_facing { lang.pick("yes", "はい") } else { "" } }</td>
                </>
            }
        })
    };
    let headers = match lang {
        Lang::En => [
            "Host",
            "Site",
            "Edition",
            "Package version",
            "Phase",
            "Patched from",
            "Done by (cautious)",
            "Prerequisite from",
            "Internet",
        ],
        Lang::Ja => [
            "ホスト",
            "サイト",
            "エディション",
            "バージョン",
            "フェーズ",
            "適用開始",
            "完了（慎重）",
            "前提条件の適用",
            "インターネット",
        ],
    };
    let title = lang.pick("Host schedule", "ホスト別の予定");
    html! {
        <>
            <h2>{ match (lang, query.trim().is_empty()) {
                (Lang::En, true) => format!("{title} ({} hosts)", grouped(rows as u64)),
                (Lang::Ja, true) => format!("{title}（{}台）", grouped(rows as u64)),
                (Lang::En, false) => format!("{title} ({} of {} hosts)", grouped(rows as u64), grouped(plan.expanded.hosts.len() as u64)),
                (Lang::Ja, false) => format!("{title}（{}台中{}台）", grouped(plan.expanded.hosts.len() as u64), grouped(rows as u64)),
            } }</h2>
            <div class="field filter">
                <label for="host-filter">{ lang.pick("Filter by host, site, phase or batch (#12)", "ホスト・サイト・フェーズ・バッチ（#12）で絞り込み") }</label>
                <input id="host-filter" data-testid="host-filter" type="search" value={(*query).clone()} {oninput} autocomplete="off" />
            </div>
            <VirtualTable caption={title} testid="hosts" {rows} {row}
                headers={headers.iter().map(|h| AttrValue::Static(h)).collect::<Vec<_>>()} />
        </>
    }
}

/// Compares plans by identity, so memos recompute only for a new plan.
#[derive(Clone)]
struct PlanKey(Rc<Plan>);

impl PartialEq for PlanKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
