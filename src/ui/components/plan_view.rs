//! The plan itself: Gantt and exposure charts, the batches and the per-host schedule.

use std::rc::Rc;

use yew::prelude::*;

use super::chart_view::chart_view;
use super::progress_panel::done_as_planned;
use super::swatch;
use super::virtual_table::VirtualTable;
use crate::chart::{exposure, gantt, target_marks, Band, ExposureSeries, GanttData};
use crate::export::site_zones;
use crate::i18n::Lang;
use crate::plan::track::HostStatus;
use crate::plan::Plan;
use crate::progress::Status;
use crate::scheduler::{BatchState, Work, NO_BATCH};
use crate::time_zone::{self, Zone};
use crate::ui::context::use_workspace;
use crate::ui::format::{at_zoned, duration, grouped};
use crate::workspace::Action;

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
    // The forecast's band, once the forecast of this scenario has come.
    let band = state.current_forecast().map(Band::from_forecast);
    let exposure_chart =
        use_memo((plan.map(|p| p.0), baseline, band, lang), |(plan, baseline, band, lang)| {
            plan.as_ref().map(|plan| {
                let mut series = vec![ExposureSeries::from_plan(&plan.0, lang.pick("this plan", "この計画"))];
                // A rollout in progress: what happened and the forecast, beside the plan as approved.
                series.extend(ExposureSeries::approved(&plan.0, lang.pick("as approved", "承認時の計画")));
                if let Some(b) = baseline {
                    series.push(ExposureSeries::from_plan(&b.0, lang.pick("baseline", "基準")));
                }
                exposure(&series, band.as_ref(), &target_marks(&plan.0, *lang), *lang)
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
                    if planned.plan.schedule.batches.iter().any(|b| b.reserve > 0) {
                        <li><span class="swatch reserve"></span>{ t("back-out reserve", "切り戻しの余裕") }</li>
                    }
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
    let marking = use_state(|| None::<usize>);
    let Some(planned) = &state.planned else { return html! {} };
    let lang = state.lang;
    let plan = planned.plan.clone();
    let zones = Rc::new(site_zones(&plan));
    let tracked = plan.tracking.is_some() && !state.stale();
    // In the order they start, whatever the site's zone; a batch keeps its number.
    let order = Rc::new(batch_order(&plan));
    let row = {
        let plan = plan.clone();
        let state = state.clone();
        let marking = marking.clone();
        Callback::from(move |row: usize| {
            let i = order[row];
            let b = &plan.schedule.batches[i];
            let tz = &zones[b.site as usize];
            let edition = &plan.advisory.editions[b.edition as usize];
            let package = match b.work {
                Work::Hotfix => format!("{} {}", edition.package.file_name, edition.package.version),
                Work::Prerequisite => edition.prerequisite.clone().unwrap_or_default(),
            };
            let status = plan.batch_status(i, lang);
            html! {
                <>
                    <td>{ at_zoned(b.start, tz, lang) }</td>
                    <td>{ at_zoned(b.cautious_end, tz, lang) }</td>
                    if tracked {
                        <td class={format!("standing {}", status.as_ref().map_or("", |s| s.0))} data-testid={format!("batch-status-{}", i + 1)}>
                            { status.map(|s| s.1).unwrap_or_default() }
                        </td>
                        <td class="row-actions">
                            if b.state != BatchState::Done {
                                <button type="button" class="row-action" data-testid={format!("mark-done-{}", i + 1)}
                                    aria-label={match lang { Lang::En => format!("Batch {} done as planned", i + 1), Lang::Ja => format!("バッチ{}を予定どおり完了", i + 1) }}
                                    onclick={{
                                        let (state, plan) = (state.clone(), plan.clone());
                                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Mark(done_as_planned(&plan, i))))
                                    }}>{ lang.pick("Done", "完了") }</button>
                                <button type="button" class="row-action" data-testid={format!("mark-other-{}", i + 1)}
                                    aria-label={match lang { Lang::En => format!("Other… (record how batch {} ended)", i + 1), Lang::Ja => format!("その他…（バッチ{}の結果を記録）", i + 1) }}
                                    onclick={{
                                        let marking = marking.clone();
                                        Callback::from(move |_: MouseEvent| marking.set(Some(i)))
                                    }}>{ lang.pick("Other…", "その他…") }</button>
                            }
                        </td>
                    }
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
    let mut headers: Vec<AttrValue> = headers.iter().map(|h| AttrValue::Static(h)).collect();
    // A rollout in progress: where each batch stands, and its marks, beside its times.
    if tracked {
        headers.insert(2, AttrValue::Static(lang.pick("Status", "状況")));
        headers.insert(3, AttrValue::Static(lang.pick("Record", "記録")));
    }
    let title = lang.pick("Batches", "バッチ");
    let form = match *marking {
        Some(i) if tracked && i < plan.schedule.batches.len() => {
            let close = {
                let marking = marking.clone();
                Callback::from(move |()| marking.set(None))
            };
            html! { <MarkForm plan={PlanKey(plan.clone())} batch={i} {close} /> }
        }
        _ => html! {},
    };
    html! {
        <>
            <h2 id="batches-title">{ format!("{title} ({})", grouped(plan.schedule.batches.len() as u64)) }</h2>
            { form }
            <VirtualTable caption={title} testid="batches" rows={plan.schedule.batches.len()} {row} {headers} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MarkFormProps {
    plan: PlanKey,
    batch: usize,
    close: Callback<()>,
}

/// How a batch ended, when not as planned: done (with the time it finished and how many
/// of its hosts failed), failed, given up or skipped.
#[function_component]
fn MarkForm(props: &MarkFormProps) -> Html {
    let state = use_workspace();
    let plan = &props.plan.0;
    let i = props.batch;
    let b = &plan.schedule.batches[i];
    let zone =
        time_zone::zone(&plan.expanded.sites[b.site as usize].time_zone).unwrap_or_else(|_| Zone::utc());
    let status = use_state(|| Status::Done);
    let finished =
        use_state(|| crate::civil::DateTime(zone.to_local(b.cautious_end)).to_string().replacen('T', " ", 1));
    let failed = use_state(|| "0".to_string());
    let error = use_state(|| None::<&'static str>);
    // The form takes the focus from the button that opened it.
    use_effect_with(i, |_| crate::ui::browser::focus("mark-status"));
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let text = |handle: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        })
    };
    let choose = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            status.set(Status::from_word(&value).unwrap_or(Status::Done));
        })
    };
    let record = {
        let (state, plan, status, finished, failed, error, close) = (
            state.clone(),
            plan.clone(),
            status.clone(),
            finished.clone(),
            failed.clone(),
            error.clone(),
            props.close.clone(),
        );
        let zone = zone.clone();
        let hosts = b.hosts;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let at = finished
                .trim()
                .replacen(' ', "T", 1)
                .parse::<crate::civil::DateTime>()
                .map(|t| zone.to_utc(t.0));
            let count = failed.trim().parse::<u32>().ok().filter(|&n| n <= hosts);
            match (at, count) {
                (Err(_), _) => error.set(Some("time")),
                (_, None) if *status == Status::Done => error.set(Some("failed")),
                (Ok(at), count) => {
                    state.dispatch(Action::Mark(plan.mark_batch(i, *status, at, count.unwrap_or(0))));
                    close.emit(());
                }
            }
        })
    };
    let cancel = {
        let close = props.close.clone();
        Callback::from(move |_: MouseEvent| close.emit(()))
    };
    let site = &plan.expanded.sites[b.site as usize].name;
    html! {
        <form class="mark-form" data-testid="mark-form" onsubmit={record}>
            <p><strong>{ match lang {
                Lang::En => format!("How batch {} ({site}, {} hosts) ended", i + 1, b.hosts),
                Lang::Ja => format!("バッチ{}（{site}、{}台）の結果", i + 1, b.hosts),
            } }</strong></p>
            <div class="field">
                <label for="mark-status">{ t("Outcome", "結果") }</label>
                <select id="mark-status" data-testid="mark-status" onchange={choose}>
                    { for Status::ALL.into_iter().map(|s| html! {
                        <option value={s.code()} selected={s == *status}>{ status_label(s, lang) }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="mark-at">{ match lang {
                    Lang::En => format!("Finished at ({}, {})", site, zone.name()),
                    Lang::Ja => format!("終了時刻（{}、{}）", site, zone.name()),
                } }</label>
                <input id="mark-at" data-testid="mark-at" value={(*finished).clone()} oninput={text(finished.clone())}
                    aria-invalid={(*error == Some("time")).then_some("true")} aria-describedby="mark-at-error" />
                if *error == Some("time") {
                    <p class="field-error" id="mark-at-error" role="alert">{ t("Enter a date and time, such as 2026-12-09 08:00.", "2026-12-09 08:00 のように日付と時刻を入力してください。") }</p>
                }
            </div>
            if *status == Status::Done {
                <div class="field">
                    <label for="mark-failed">{ t("Of its hosts, how many failed (they are tried again)", "うち失敗した台数（再試行します）") }</label>
                    <input id="mark-failed" data-testid="mark-failed" inputmode="numeric" value={(*failed).clone()} oninput={text(failed.clone())}
                        aria-invalid={(*error == Some("failed")).then_some("true")} aria-describedby="mark-failed-error" />
                    if *error == Some("failed") {
                        <p class="field-error" id="mark-failed-error" role="alert">{ match lang {
                            Lang::En => format!("Enter a whole number from 0 to {}.", b.hosts),
                            Lang::Ja => format!("0〜{}の整数を入力してください。", b.hosts),
                        } }</p>
                    }
                </div>
            }
            <button type="submit" data-testid="mark-record">{ t("Record", "記録") }</button>
            <button type="button" onclick={cancel}>{ t("Cancel", "キャンセル") }</button>
        </form>
    }
}

/// A status as the page names it.
pub fn status_label(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Done, Lang::En) => "done",
        (Status::Failed, Lang::En) => "failed (tried again)",
        (Status::GivenUp, Lang::En) => "failed, given up",
        (Status::Skipped, Lang::En) => "skipped",
        (s, Lang::Ja) => s.ja(),
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
    let mut order: Vec<u32> =
        batches.into_iter().flat_map(|(_, i)| plan.batch_hosts(i as usize).iter().copied()).collect();
    // A rollout's hosts with no batch (held, given up, skipped) come last.
    order.extend((0..s.hotfix_batch.len() as u32).filter(|&h| s.hotfix_batch[h as usize] == NO_BATCH));
    order
}

/// Where a host's hotfix stands in a rollout in progress, in words.
fn host_status(status: HostStatus, lang: Lang) -> &'static str {
    match status {
        HostStatus::Planned => lang.pick("planned", "予定"),
        HostStatus::Retrying => lang.pick("to be retried", "再試行待ち"),
        HostStatus::Running => lang.pick("running", "実行中"),
        HostStatus::Done => lang.pick("done", "完了"),
        HostStatus::GivenUp => lang.pick("given up", "断念"),
        HostStatus::Skipped => lang.pick("skipped", "対象外"),
        HostStatus::Held => lang.pick("held (phase halted)", "保留（フェーズ停止中）"),
    }
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
            let b = s.batches.get(s.hotfix_batch[h] as usize);
            let pre = s.prerequisite_batch[h];
            let phase = plan.host_phase(h).map(|k| plan.phases[k].name.clone()).unwrap_or_default();
            html! {
                <>
                    <td>{ group.host_name(host.ordinal) }</td>
                    <td>{ group.site.clone() }</td>
                    <td>{ edition.name.clone() }</td>
                    <td>{ edition.package.version.clone() }</td>
                    <td>{ phase }</td>
                    <td>{ b.map(|b| at_zoned(b.start, tz, lang)).unwrap_or_default() }</td>
                    <td>{ b.map(|b| at_zoned(b.cautious_end, tz, lang)).unwrap_or_default() }</td>
                    <td>{ if pre == NO_BATCH { String::new() } else { at_zoned(s.batches[pre as usize].start, tz, lang) } }</td>
                    <td>{ if host.internet_facing { lang.pick("yes", "はい") } else { "" } }</td>
                    if let Some(t) = &plan.tracking {
                        <td>{ host_status(t.hotfix[h], lang) }</td>
                    }
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
    let mut host_headers: Vec<AttrValue> = headers.iter().map(|h| AttrValue::Static(h)).collect();
    if plan.tracking.is_some() {
        host_headers.push(AttrValue::Static(lang.pick("Status", "状況")));
    }
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
            <VirtualTable caption={title} testid="hosts" {rows} {row} headers={host_headers} />
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
