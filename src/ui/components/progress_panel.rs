//! Following the rollout: approve the plan as the baseline, then keep the status time,
//! lost window openings, halted phases and the last mark here (batches are marked from the
//! batches table).

use yew::prelude::*;

use super::inputs::{file_picker, TextInput};
use crate::form::{Change, Field};
use crate::i18n::Lang;

use crate::time_zone::{self, Zone};
use crate::ui::browser;
use crate::ui::context::use_workspace;
use crate::ui::format::at_zoned;
use crate::workspace::{Action, Notice};

#[function_component]
pub fn ProgressPanel() -> Html {
    let state = use_workspace();
    let lost = use_state(|| 0usize);
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let Some(planned) = &state.planned else { return html! {} };
    let plan = planned.plan.clone();
    let on = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action()))
    };
    let Some(tracking) = &plan.tracking else {
        let approve = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Approve(browser::now_minutes())))
        };
        return html! {
            <div data-testid="progress">
                <p class="hint">{ t("Once the change is approved, approve this plan as the rollout's baseline: then mark \
                    batches done, failed or skipped as they run (in the batches table), and the rest of the rollout is \
                    planned again from what happened, beside the plan as approved.",
                    "変更が承認されたら、この計画を展開の基準として承認します。以降はバッチ表でバッチの完了・失敗・対象外を記録すると、\
                    起きたことから残りを計画し直し、承認時の計画と並べて示します。") }</p>
                <button type="button" onclick={approve} disabled={state.stale()} data-testid="approve">
                    { t("Approve this plan as the baseline", "この計画を基準として承認") }
                </button>
            </div>
        };
    };
    let zone = time_zone::zone(&planned.scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let events = planned.scenario.progress.as_ref().map_or(0, |p| p.events.len());
    let now = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let now = browser::now_minutes();
            let zone = time_zone::zone(&state.scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
            state.dispatch(Action::Edit(
                Field::ProgressNow,
                crate::civil::Instant(now).with_offset(zone.offset_minutes(now)),
            ));
        })
    };
    let openings = plan.planned_openings();
    let choose = {
        let lost = lost.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            lost.set(value.parse().unwrap_or(0));
        })
    };
    let mark_lost = {
        let (state, plan, openings, lost) = (state.clone(), plan.clone(), openings.clone(), *lost);
        Callback::from(move |_: MouseEvent| {
            if let Some(event) = openings.get(lost).and_then(|&(site, start, _)| plan.mark_lost(site, start))
            {
                state.dispatch(Action::Mark(vec![event]));
            }
        })
    };
    let stop = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let question = state.lang.pick(
                "Stop following this rollout? Its approved baseline and everything recorded are dropped from the scenario.",
                "この展開の追跡をやめますか？承認した基準と記録したことはすべてシナリオから消えます。",
            );
            if browser::confirm(question) {
                state.dispatch(Action::Change(Change::StopFollowing));
            }
        })
    };
    let sites = &plan.expanded.sites;
    // Progress filled in the batches or hosts CSV (Excel's Shift_JIS decoded by the browser).
    let import = {
        let (state, plan) = (state.clone(), plan.clone());
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            match crate::plan::sheet::read(&plan, &bytes, &browser::decode_shift_jis) {
                Ok(events) => {
                    let records = events.len();
                    state.dispatch(Action::Mark(events));
                    state.dispatch(Action::Notify(Notice::ProgressImported { name, records }));
                }
                Err(errors) => state.dispatch(Action::Notify(Notice::BadProgress { name, errors })),
            }
        })
    };
    html! {
        <div data-testid="progress">
            <p data-testid="progress-status"><strong>{ plan.progress_text(lang).unwrap_or_default() }</strong></p>
            <p class="hint">{ match lang {
                Lang::En => format!("Approved {}. Forecast end {}, {}.", at_zoned(tracking.approved, &zone, lang),
                    at_zoned(plan.summary.cautious_end, &zone, lang),
                    crate::plan::Plan::variance_text(tracking.variance_minutes(plan.summary.cautious_end), lang)),
                Lang::Ja => format!("承認 {}。完了見込み {}、{}。", at_zoned(tracking.approved, &zone, lang),
                    at_zoned(plan.summary.cautious_end, &zone, lang),
                    crate::plan::Plan::variance_text(tracking.variance_minutes(plan.summary.cautious_end), lang)),
            } }</p>
            { for tracking.halts.iter().map(|halt| {
                let k = halt.phase as usize;
                let resume = {
                    let (state, plan) = (state.clone(), plan.clone());
                    Callback::from(move |_: MouseEvent| {
                        if let Some(event) = plan.mark_resumed(k) {
                            state.dispatch(Action::Mark(vec![event]));
                        }
                    })
                };
                let name = plan.phases[k].name.clone();
                html! {
                    <p class="halt" data-testid={format!("halt-{k}")}>
                        <button type="button" onclick={resume} data-testid={format!("resume-{k}")}>
                            { match lang { Lang::En => format!("Resume “{name}”"), Lang::Ja => format!("「{name}」を再開") } }
                        </button>
                    </p>
                }
            }) }
            <div class="progress-controls">
                { TextInput::new(Field::ProgressNow, match lang {
                    Lang::En => format!("Status time ({}): what is recorded happened by then", zone.name()),
                    Lang::Ja => format!("状況の時刻（{}）: 記録はこの時刻までのこと", zone.name()),
                }).view(&state) }
                <button type="button" onclick={now} data-testid="progress-now-button">{ t("Now", "現在") }</button>
            </div>
            if !openings.is_empty() {
                <div class="progress-controls">
                    <div class="field">
                        <label for="lost-opening">{ t("A window opening that was lost (an incident took it)", "失われたウィンドウ（障害などで使えなかった回）") }</label>
                        <select id="lost-opening" data-testid="lost-opening" onchange={choose}>
                            { for openings.iter().enumerate().map(|(i, &(site, start, batches))| {
                                let zone = time_zone::zone(&sites[site as usize].time_zone).unwrap_or_else(|_| Zone::utc());
                                html! {
                                    <option value={i.to_string()} selected={i == *lost}>
                                        { format!("{}: {} ({})", sites[site as usize].name, at_zoned(start, &zone, lang), match (lang, batches) {
                                            (Lang::En, 1) => "1 batch".to_string(),
                                            (Lang::En, n) => format!("{n} batches"),
                                            (Lang::Ja, n) => format!("{n}バッチ"),
                                        }) }
                                    </option>
                                }
                            }) }
                        </select>
                    </div>
                    <button type="button" onclick={mark_lost} data-testid="mark-lost">{ t("Mark lost", "失われたと記録") }</button>
                </div>
            }
            if let Some(notice) = state.notice.as_ref().filter(|n| n.about_progress()) {
                <div class="notice" role="alert" data-testid="progress-notice">
                    <p>{ notice.text(lang) }</p>
                    <button type="button" onclick={on(|| Action::DismissNotice)}>{ t("Dismiss", "閉じる") }</button>
                </div>
            }
            <div class="buttons">
                { file_picker(&state, "import-progress", t("Import progress CSV…", "進捗 CSV を取り込む…"), ".csv,text/csv", import) }
            </div>
            <p class="hint">{ t("More or fewer consoles from now on: change Consoles under Capacity (what is done keeps the consoles it ran on).",
                "これからのコンソール数を変えるときは「作業能力」のコンソール数を変えます（完了した分は実行時のコンソールのままです）。") }</p>
            <p class="hint">{ t("Download the batches or hosts CSV, fill in its status (done, failed, given_up, skipped),                 finished_at (on the row's clock; empty: as planned) and failed_hosts columns in Excel, and import it here.",
                "バッチまたはホストの CSV をダウンロードし、Excel で「状況」（完了・失敗・断念・対象外）、「終了時刻」（その行のタイムゾーン。空欄は予定どおり）、                「失敗台数」の列を記入して、ここで取り込みます。") }</p>
            <p class="progress-controls">
                <span data-testid="progress-events">{ match (lang, events) {
                    (Lang::En, 0) => "Nothing recorded yet.".to_string(),
                    (Lang::En, 1) => "1 record.".to_string(),
                    (Lang::En, n) => format!("{n} records."),
                    (Lang::Ja, 0) => "まだ記録はありません。".to_string(),
                    (Lang::Ja, n) => format!("記録{n}件。"),
                } }</span>
                <button type="button" onclick={on(|| Action::UndoMark)} disabled={events == 0} data-testid="undo-mark">
                    { t("Undo last mark", "最後の記録を取り消す") }
                </button>
                <button type="button" onclick={stop} data-testid="stop-following">{ t("Stop following", "追跡をやめる") }</button>
            </p>
        </div>
    }
}

/// The events that mark batch `i` done as planned: at its planned cautious end (the
/// status time moves up to it).
pub fn done_as_planned(plan: &crate::plan::Plan, i: usize) -> Vec<crate::progress::Event> {
    let b = &plan.schedule.batches[i];
    plan.mark_batch(i, crate::progress::Status::Done, b.cautious_end, 0)
}
