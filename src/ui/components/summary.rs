//! The plan's headline figures, with deltas against the pinned baseline.

use yew::prelude::*;

use crate::plan::Summary;
use crate::time_zone::{self, Zone};
use crate::ui::context::use_workspace;
use crate::ui::format::{at, count, delta, duration, percent_change};

struct Row {
    id: &'static str,
    label: &'static str,
    now: String,
    base: Option<String>,
    change: Option<String>,
}

fn rows(s: &Summary, b: Option<&Summary>, tz: &Zone) -> Vec<Row> {
    let when = |m: Option<i64>, start: i64| m.map_or("—".to_string(), |m| duration(m - start));
    let mut rows = vec![
        Row {
            id: "duration",
            label: "Duration (expected / cautious)",
            now: format!("{} / {}", duration(s.expected_minutes), duration(s.cautious_minutes)),
            base: b.map(|b| format!("{} / {}", duration(b.expected_minutes), duration(b.cautious_minutes))),
            change: b.map(|b| delta(s.cautious_minutes - b.cautious_minutes)),
        },
        Row {
            id: "end",
            label: "Ends (cautious)",
            now: at(s.cautious_end, tz),
            base: b.map(|b| at(b.cautious_end, tz)),
            change: b.map(|b| delta(s.cautious_end - b.cautious_end)),
        },
        Row {
            id: "hosts",
            label: "Hosts planned",
            now: count(s.hosts),
            base: b.map(|b| count(b.hosts)),
            change: b.map(|b| format!("{:+}", s.hosts as i64 - b.hosts as i64)),
        },
        Row {
            id: "windows",
            label: "Windows used / batches",
            now: format!("{} / {}", count(s.windows_used), count(s.batches)),
            base: b.map(|b| format!("{} / {}", count(b.windows_used), count(b.batches))),
            change: b.map(|b| format!("{:+}", s.windows_used as i64 - b.windows_used as i64)),
        },
        Row {
            id: "exposure",
            label: "Exposure (weighted host-hours)",
            now: count(s.exposure_area.round() as u64),
            base: b.map(|b| count(b.exposure_area.round() as u64)),
            change: b.map(|b| percent_change(s.exposure_area, b.exposure_area)),
        },
        Row {
            id: "internet",
            label: "Until internet-facing hosts are patched",
            now: when(s.internet_facing_patched, s.start),
            base: b.map(|b| when(b.internet_facing_patched, b.start)),
            change: b.and_then(|b| {
                Some(delta((s.internet_facing_patched? - s.start) - (b.internet_facing_patched? - b.start)))
            }),
        },
        Row {
            id: "risk",
            label: "Until 50 / 90 / 100 % of risk is removed",
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
            change: None,
        },
        Row {
            id: "downtime",
            label: "Mail downtime (host-minutes)",
            now: count(s.downtime_minutes.round() as u64),
            base: b.map(|b| count(b.downtime_minutes.round() as u64)),
            change: b.map(|b| percent_change(s.downtime_minutes, b.downtime_minutes)),
        },
    ];
    if b.is_none() {
        rows.iter_mut().for_each(|r| r.change = None);
    }
    rows
}

#[function_component]
pub fn SummaryPanel() -> Html {
    let state = use_workspace();
    let Some(planned) = &state.planned else {
        return html! { <p data-testid="no-plan">{ "No plan yet: fix the inputs marked in red." }</p> };
    };
    let tz = time_zone::zone(&planned.scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
    let baseline = state.baseline.as_ref().map(|b| &b.plan.summary);
    let rows = rows(&planned.plan.summary, baseline, &tz);
    let plan = &planned.plan;
    html! {
        <>
            <table class="summary" data-testid="summary">
                <caption class="visually-hidden">{ "Plan summary" }</caption>
                <thead><tr>
                    <th scope="col">{ "Figure" }</th>
                    <th scope="col">{ "This plan" }</th>
                    if baseline.is_some() {
                        <th scope="col">{ "Baseline" }</th>
                        <th scope="col">{ "Change" }</th>
                    }
                </tr></thead>
                <tbody>
                { for rows.into_iter().map(|r| html! {
                    <tr key={r.id}>
                        <th scope="row">{ r.label }</th>
                        <td data-testid={format!("summary-{}", r.id)}>{ r.now }</td>
                        if baseline.is_some() {
                            <td data-testid={format!("baseline-{}", r.id)}>{ r.base.unwrap_or_default() }</td>
                            <td data-testid={format!("change-{}", r.id)}>{ r.change.unwrap_or_default() }</td>
                        }
                    </tr>
                }) }
                </tbody>
            </table>
            <p class="hint">{ format!("Times in {}. Model: {}.", tz.name(), plan.hotfix_model.explain()) }</p>
            if !plan.summary.unaffected.is_empty() {
                <p class="hint">{ format!("Left out: {}.", plan.summary.unaffected.iter()
                    .map(|u| format!("{} hosts of {}", u.hosts, u.edition)).collect::<Vec<_>>().join(", ")) }</p>
            }
            <h3>{ "Hosts per phase" }</h3>
            <table class="grid" data-testid="phases-table">
                <thead><tr>
                    <th scope="col">{ "Phase" }</th><th scope="col">{ "Hosts" }</th><th scope="col">{ "Batches" }</th>
                    <th scope="col">{ "Ends (cautious)" }</th><th scope="col">{ "Soak" }</th><th scope="col">{ "Pause risk" }</th>
                </tr></thead>
                <tbody>
                { for plan.phase_summaries.iter().enumerate().map(|(i, p)| html! {
                    <tr key={i}>
                        <th scope="row"><span class="swatch" style={format!("background:{}", crate::chart::colour_hex(i))}></span>{ p.name.clone() }</th>
                        <td>{ count(u64::from(p.hosts)) }</td>
                        <td>{ p.batches }</td>
                        <td>{ if p.batches > 0 { at(p.cautious_end, &tz) } else { "—".into() } }</td>
                        <td>{ format!("{} h", p.soak_hours) }</td>
                        <td>{ p.halt_probability.map_or("—".to_string(), |x| format!("{:.1} %", x * 100.0)) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </>
    }
}
