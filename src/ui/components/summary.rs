//! The plan's headline figures, with deltas against the pinned baseline.

use yew::prelude::*;

use super::swatch;
use crate::i18n::Lang;
use crate::plan::{Plan, Summary};
use crate::time_zone::{self, Zone};
use crate::ui::context::State;
use crate::ui::format::{at, delta, duration, grouped, percent_change};

struct Row {
    id: &'static str,
    label: &'static str,
    now: String,
    base: Option<String>,
    change: Option<Change>,
}

impl Row {
    /// A row of an amount (rounded, digits grouped) whose change reads in percent, lower
    /// being better.
    fn amount(id: &'static str, label: &'static str, now: f64, base: Option<f64>) -> Self {
        Row {
            id,
            label,
            now: grouped(now.round() as u64),
            base: base.map(|b| grouped(b.round() as u64)),
            change: base.map(|b| Change::lower_is_better(percent_change(now, b), now - b)),
        }
    }
}

/// A difference from the baseline, and whether it is better (lower is better for every
/// figure but the hosts planned, which is neither).
struct Change {
    text: String,
    better: Option<bool>,
}

impl Change {
    /// `text` for a difference `diff` where less is better.
    fn lower_is_better(text: String, diff: f64) -> Self {
        let better = (diff != 0.0).then_some(diff < 0.0);
        Self { text, better }
    }

    fn neutral(text: String) -> Self {
        Self { text, better: None }
    }

    /// The difference with its verdict in words: "+3 h (worse)" / "+3 h（悪化）".
    fn words(&self, lang: Lang) -> String {
        match self.better {
            None => self.text.clone(),
            Some(true) => format!("{}{}", self.text, lang.pick(" (better)", "（改善）")),
            Some(false) => format!("{}{}", self.text, lang.pick(" (worse)", "（悪化）")),
        }
    }

    fn class(&self) -> Option<&'static str> {
        self.better.map(|b| if b { "better" } else { "worse" })
    }
}

fn rows(s: &Summary, b: Option<&Summary>, tz: &Zone, lang: Lang) -> Vec<Row> {
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let duration = |m: i64| duration(m, lang);
    let delta = |m: i64| delta(m, lang);
    let at = |m: i64, tz: &Zone| at(m, tz, lang);
    let when = |m: Option<i64>, start: i64| m.map_or("—".to_string(), |m| duration(m - start));
    // Minutes from the start to `at`, in this plan and the baseline: the change, if both.
    let later = |m: i64| Change::lower_is_better(delta(m), m as f64);
    let span = |now: Option<i64>, base: Option<i64>, b: &Summary| Some((now? - s.start) - (base? - b.start));
    let mut rows = vec![
        Row {
            id: "duration",
            label: t("Duration (expected / cautious)", "所要期間（予想 / 慎重）"),
            now: format!("{} / {}", duration(s.expected_minutes), duration(s.cautious_minutes)),
            base: b.map(|b| format!("{} / {}", duration(b.expected_minutes), duration(b.cautious_minutes))),
            change: b.map(|b| later(s.cautious_minutes - b.cautious_minutes)),
        },
        Row {
            id: "end",
            label: t("Ends (cautious)", "終了（慎重）"),
            now: at(s.cautious_end, tz),
            base: b.map(|b| at(b.cautious_end, tz)),
            change: b.map(|b| later(s.cautious_end - b.cautious_end)),
        },
        Row {
            id: "hosts",
            label: t("Hosts planned", "計画した台数"),
            now: grouped(s.hosts),
            base: b.map(|b| grouped(b.hosts)),
            change: b.map(|b| Change::neutral(format!("{:+}", s.hosts as i64 - b.hosts as i64))),
        },
        Row {
            id: "windows",
            label: t("Windows used / batches", "使うウィンドウ / バッチ"),
            now: format!("{} / {}", grouped(s.windows_used), grouped(s.batches)),
            base: b.map(|b| format!("{} / {}", grouped(b.windows_used), grouped(b.batches))),
            change: b.map(|b| {
                let (windows, batches) =
                    (s.windows_used as i64 - b.windows_used as i64, s.batches as i64 - b.batches as i64);
                Change::lower_is_better(format!("{windows:+} / {batches:+}"), (windows + batches) as f64)
            }),
        },
        Row::amount(
            "exposure",
            t("Exposure (weighted host-hours)", "露出（重み付き台・時間）"),
            s.exposure_area,
            b.map(|b| b.exposure_area),
        ),
        Row {
            id: "internet",
            label: t("Until internet-facing hosts are patched", "インターネット公開ホストの適用完了まで"),
            now: when(s.internet_facing_patched, s.start),
            base: b.map(|b| when(b.internet_facing_patched, b.start)),
            change: b.and_then(|b| span(s.internet_facing_patched, b.internet_facing_patched, b)).map(later),
        },
        Row {
            id: "risk",
            label: t("Until 50 / 90 / 100 % of risk is removed", "リスク50 / 90 / 100%解消まで"),
            now: format!(
                "{} / {} / {}",
                when(s.risk_removed_50, s.start),
                when(s.risk_removed_90, s.start),
                when(s.risk_removed_100, s.start)
            ),
            base: b.map(|b| {
                format!(
                    "{} / {} / {}",
                    when(b.risk_removed_50, b.start),
                    when(b.risk_removed_90, b.start),
                    when(b.risk_removed_100, b.start)
                )
            }),
            change: b.and_then(|b| {
                let each = [
                    span(s.risk_removed_50, b.risk_removed_50, b),
                    span(s.risk_removed_90, b.risk_removed_90, b),
                    span(s.risk_removed_100, b.risk_removed_100, b),
                ];
                let text = each.map(|d| d.map_or("—".to_string(), delta)).join(" / ");
                // Judged by the 90 % time: when most of the risk is gone.
                Some(Change::lower_is_better(text, each[1]? as f64))
            }),
        },
        Row::amount(
            "downtime",
            t("Mail downtime (host-minutes)", "メール停止（台・分）"),
            s.downtime_minutes,
            b.map(|b| b.downtime_minutes),
        ),
    ];
    if b.is_none() {
        rows.iter_mut().for_each(|r| r.change = None);
    }
    rows
}

pub fn summary_panel(state: &State) -> Html {
    let Some(planned) = &state.planned else {
        return html! { <p data-testid="no-plan">{ state.lang.pick("No plan yet: fix the inputs marked in red.", "まだ計画がありません: 赤で示した入力を直してください。") }</p> };
    };
    let tz = time_zone::zone(&planned.scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let baseline = state.baseline.as_ref().map(|b| &b.plan.summary);
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let rows = rows(&planned.plan.summary, baseline, &tz, lang);
    let plan = &planned.plan;
    let pause_risk = plan.phase_summaries.iter().any(|p| p.halt_probability.is_some());
    let tracked = plan.tracking.is_some();
    html! {
        <>
            <div class="table-scroll">
            <table class="summary" data-testid="summary">
                <caption class="visually-hidden">{ t("Plan summary", "計画の概要") }</caption>
                <thead><tr>
                    <th scope="col">{ t("Figure", "項目") }</th>
                    <th scope="col">{ t("This plan", "この計画") }</th>
                    if baseline.is_some() {
                        <th scope="col">{ t("Baseline", "基準") }</th>
                        <th scope="col">{ t("Change", "差") }</th>
                    }
                </tr></thead>
                <tbody>
                { for rows.into_iter().map(|r| html! {
                    <tr key={r.id}>
                        <th scope="row">{ r.label }</th>
                        <td data-testid={format!("summary-{}", r.id)}>{ r.now }</td>
                        if baseline.is_some() {
                            <td data-testid={format!("baseline-{}", r.id)}>{ r.base.unwrap_or_default() }</td>
                            <td class={r.change.as_ref().and_then(Change::class)} data-testid={format!("change-{}", r.id)}>
                                { r.change.as_ref().map(|c| c.words(lang)).unwrap_or_default() }
                            </td>
                        }
                    </tr>
                }) }
                // Each completion target, as the headline says it.
                { for plan.targets.iter().enumerate().map(|(i, report)| {
                    let base = state.baseline.as_ref().and_then(|b| b.plan.targets.get(i));
                    html! {
                        <tr key={format!("target-{i}")}>
                            <th scope="row">{ report.target.describe(lang) }</th>
                            <td data-testid={format!("summary-target-{i}")}>
                                { report.outcome.text(lang) }
                                if let (Some(reached), Some((_, late))) = (report.outcome.reached, plan.target_variance(i)) {
                                    <br/><span class="variance">{ format!("{}, {}", at(reached, &tz, lang), Plan::variance_text(late, lang)) }</span>
                                }
                            </td>
                            if baseline.is_some() {
                                <td>{ base.map(|b| b.outcome.text(lang)).unwrap_or_default() }</td>
                                <td></td>
                            }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <p class="hint">{ match lang {
                Lang::En => format!("Times in {}. Model: {}.", tz.name(), plan.hotfix_model.explain_in(lang)),
                Lang::Ja => format!("時刻は {} です。モデル: {}。", tz.name(), plan.hotfix_model.explain_in(lang)),
            } }</p>
            if !plan.summary.unaffected.is_empty() {
                <p class="hint">{ match lang {
                    Lang::En => format!("Left out: {}.", plan.summary.unaffected.iter()
                        .map(|u| format!("{} hosts of {}", grouped(u.hosts), u.edition)).collect::<Vec<_>>().join(", ")),
                    Lang::Ja => format!("除外: {}。", plan.summary.unaffected.iter()
                        .map(|u| format!("{} {}台", u.edition, grouped(u.hosts))).collect::<Vec<_>>().join("、")),
                } }</p>
            }
            <h3>{ t("Hosts per phase", "フェーズごとの台数") }</h3>
            // The pause risk only when a failure rate is set: otherwise it is a column of dashes.
            <div class="table-scroll">
            <table class="grid" data-testid="phases-table">
                <thead><tr>
                    <th scope="col">{ t("Phase", "フェーズ") }</th><th scope="col">{ t("Hosts", "台数") }</th>
                    <th scope="col">{ t("Batches", "バッチ") }</th><th scope="col">{ t("Ends (cautious)", "終了（慎重）") }</th>
                    if tracked {
                        <th scope="col">{ t("Approved end", "承認時の終了") }</th>
                        <th scope="col">{ t("Against approved", "承認との差") }</th>
                    }
                    <th scope="col">{ t("Soak", "待機") }</th>
                    if pause_risk { <th scope="col">{ t("Pause risk", "停止の確率") }</th> }
                    <th scope="col">{ t("Held by", "律速要因") }</th>
                </tr></thead>
                <tbody>
                { for plan.phase_summaries.iter().enumerate().map(|(i, p)| html! {
                    <tr key={i}>
                        <th scope="row">{ swatch(i) }{ p.name.clone() }</th>
                        <td>{ grouped(u64::from(p.hosts)) }</td>
                        <td>{ p.batches }</td>
                        <td>{ if p.batches > 0 { at(p.cautious_end, &tz, lang) } else { "—".into() } }</td>
                        if tracked {
                            <td>{ plan.phase_variance(i).map_or("—".into(), |(approved, _)| at(approved, &tz, lang)) }</td>
                            <td data-testid={format!("phase-variance-{i}")}>{ plan.phase_variance(i).map_or("—".into(), |(_, late)| Plan::variance_text(late, lang)) }</td>
                        }
                        <td class="nowrap">{ crate::i18n::duration((p.soak_hours * 60.0).round() as i64, lang) }</td>
                        if pause_risk {
                            <td>{ p.halt_probability.map_or("—".to_string(), |x| format!("{:.1} %", x * 100.0)) }</td>
                        }
                        <td>{ match &p.held_by {
                            // The saving never breaks inside: "soak" above "(−5 d 15 h)" at worst.
                            Some(h) => html! { <>{ h.what(lang) }{ lang.pick(" ", "") }<span class="nowrap">{ h.saving(lang) }</span></> },
                            None => html! { "—" },
                        } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
            <p class="hint">{ crate::bottleneck::explanation(plan.schedule.batches.len(), plan.expanded.hosts.len(), lang) }</p>
        </>
    }
}
