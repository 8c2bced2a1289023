//! The change record: what a change-approval board signs. The planner fills in the change
//! number, the back-out plan and the approvers (kept in the scenario); the printed summary
//! opens with the change's facts (start, windows, blackouts, capacity) and closes with the
//! back-out plan and a line to sign for each approver.

use yew::prelude::*;

use crate::i18n::{grouped, Lang};
use crate::scenario::Scenario;
use crate::scheduler::SiteLimit;
use crate::time_zone::{self, Zone};
use crate::ui::context::State;
use crate::ui::format::at_zoned;

use super::inputs::TextInput;
use crate::form::Field;

/// Most windows or blackouts the printed summary lists one by one; more are counted.
const LISTED: usize = 6;

/// Blank lines to sign on a summary whose scenario names no approver.
const BLANK_APPROVERS: usize = 2;

/// The Change record section of the inputs.
pub fn change_editor(state: &State) -> Html {
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let generated = state.planned.as_ref().map(|p| p.plan.backout(lang)).unwrap_or_default();
    html! {
        <>
            <p class="hint">{ t("Printed on the change-approval summary (Print summary) and kept in the scenario file.",
                "変更承認用の概要（概要を印刷）に載り、シナリオのファイルに保存されます。") }</p>
            { TextInput::new(Field::ChangeTicket, t("Change or ticket number", "変更番号・チケット番号")).view(state) }
            { TextInput::new(Field::ChangeApprovers, t("Approvers (one a line)", "承認者（1行に1人）")).lines(3).view(state) }
            { TextInput::new(Field::ChangeBackout, t("Back-out plan", "切り戻し計画")).lines(5).view(state) }
            if state.scenario.change.backout.trim().is_empty() && !generated.is_empty() {
                <div class="hint" data-testid="backout-generated">
                    <p>{ t("Left empty, the summary prints what the plan provides:", "空欄のときは、計画から次の内容を印刷します:") }</p>
                    <ul>{ for generated.into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                </div>
            }
        </>
    }
}

/// `items` one a line, the first [`LISTED`] of them, then how many more there are.
fn listed(items: Vec<String>, lang: Lang) -> Html {
    let more = items.len().saturating_sub(LISTED);
    html! {
        <>
            { for items.into_iter().take(LISTED).map(|item| html! { <span class="line">{ item }</span> }) }
            if more > 0 {
                <span class="line">{ match lang {
                    Lang::En => format!("and {} more (in the scenario file)", grouped(more as u64)),
                    Lang::Ja => format!("ほか{}件（シナリオのファイルを参照）", grouped(more as u64)),
                } }</span>
            }
        </>
    }
}

/// The capacity in one sentence: consoles, the cautious factor, the site limit, the failure
/// rate.
fn capacity(s: &Scenario, lang: Lang) -> String {
    let c = &s.capacity;
    let mut parts = vec![match lang {
        Lang::En if c.consoles == 1 => "1 console".to_string(),
        Lang::En => format!("{} consoles", grouped(c.consoles.into())),
        Lang::Ja => format!("コンソール{}台", grouped(c.consoles.into())),
    }];
    parts.push(match lang {
        Lang::En => format!("cautious time = expected × {}", c.caution),
        Lang::Ja => format!("慎重値 = 予想 × {}", c.caution),
    });
    if let Some(limit) = s.site_limit {
        let amount = match limit {
            SiteLimit::Hosts(n) => match lang {
                Lang::En => format!("{} hosts", grouped(n.into())),
                Lang::Ja => format!("{}台", grouped(n.into())),
            },
            SiteLimit::Percent(p) => format!("{p} %"),
        };
        parts.push(match lang {
            Lang::En => format!("at most {amount} of a site in one opening"),
            Lang::Ja => format!("1回のウィンドウで1サイトの{amount}まで"),
        });
    }
    if let Some(rate) = c.failure_rate_percent {
        parts.push(match lang {
            Lang::En => format!("{rate} % of installs expected to fail"),
            Lang::Ja => format!("失敗率の想定 {rate}%"),
        });
    }
    parts.join(lang.pick("; ", "、"))
}

/// Printed only, under the headline (the change's number heads the page): the facts a
/// board checks before it signs (when it starts, in which windows, around which blackouts, with what).
pub fn change_facts(state: &State) -> Html {
    let Some(planned) = &state.planned else { return html! {} };
    let (s, plan, lang) = (&*planned.scenario, &planned.plan, state.lang);
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let zone = time_zone::zone(&s.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let start = format!("{} {}", at_zoned(plan.summary.start, &zone, lang), zone.name());
    let windows = s.windows.iter().map(|w| format!("{}: {}", w.name, w.describe(lang))).collect();
    let blackouts: Vec<String> = s.blackouts.iter().map(|b| b.replace("..", " – ")).collect();
    html! {
        <section class="print-only change-facts" data-testid="change-facts" aria-label={t("The change", "変更の内容")}>
            <dl>
                <dt>{ t("Starts", "開始") }</dt>
                <dd>{ start }</dd>
                <dt>{ t("Windows", "ウィンドウ") }</dt>
                <dd>{ listed(windows, lang) }</dd>
                <dt>{ t("Blackouts", "除外日") }</dt>
                <dd>{ if blackouts.is_empty() { html! { t("none", "なし") } } else { listed(blackouts, lang) } }</dd>
                <dt>{ t("Capacity", "作業能力") }</dt>
                <dd>{ capacity(s, lang) }</dd>
            </dl>
        </section>
    }
}

/// Printed only, last: the back-out plan (the planner's, or what the plan provides) and a
/// line for each approver to sign and date.
pub fn sign_off(state: &State) -> Html {
    let Some(planned) = &state.planned else { return html! {} };
    let (change, lang) = (&planned.scenario.change, state.lang);
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let written = change.backout.trim();
    let approvers: Vec<String> = if change.approvers.is_empty() {
        vec![String::new(); BLANK_APPROVERS]
    } else {
        change.approvers.clone()
    };
    html! {
        <section class="print-only sign-off" data-testid="sign-off">
            <h2>{ t("Back-out plan", "切り戻し計画") }</h2>
            if written.is_empty() {
                <ul data-testid="backout">{ for planned.plan.backout(lang).into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
            } else {
                <p class="backout-text" data-testid="backout">{ written }</p>
            }
            <h2>{ t("Approval", "承認") }</h2>
            <table class="approvals" data-testid="approvals">
                <thead><tr>
                    <th scope="col">{ t("Approver", "承認者") }</th>
                    <th scope="col">{ t("Signature", "署名") }</th>
                    <th scope="col">{ t("Date", "日付") }</th>
                </tr></thead>
                <tbody>
                { for approvers.into_iter().map(|name| html! { <tr><td>{ name }</td><td></td><td></td></tr> }) }
                </tbody>
            </table>
        </section>
    }
}
