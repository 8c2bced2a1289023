//! The capacity solver's answer as JSON (for scripts) and as text (for a terminal), in
//! English or Japanese. Times are minutes from the plan's start.

use serde::Serialize;

use crate::i18n::{duration, Lang};
use crate::plan::Outcome;
use crate::scheduler::SiteLimit;
use crate::solve::{Lever, Row, Solution};
use crate::target::Deadline;

#[derive(Serialize)]
struct Report<'a> {
    targets: Vec<TargetOut<'a>>,
    consoles_now: u32,
    consoles_needed: Option<u32>,
    /// From this many consoles on, more change nothing.
    saturation: Option<u32>,
    binding: &'static str,
    /// The availability set that binds, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    binding_set: Option<&'a str>,
    lever: Option<LeverOut>,
    /// When nothing meets the targets, the most consoles that still change the plan; the
    /// miss is with this many.
    ceiling: Option<u32>,
    best_miss_minutes: Option<i64>,
    table: Vec<RowOut>,
}

#[derive(Serialize)]
struct TargetOut<'a> {
    target: &'a str,
    hosts: String,
    within_minutes: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    met_now: bool,
    reached_minutes: Option<i64>,
    margin_minutes: i64,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum LeverOut {
    WindowLength { window_minutes: u32, consoles: u32 },
    SiteLimit { site_limit: Option<SiteLimit>, consoles: u32 },
}

#[derive(Serialize)]
struct RowOut {
    consoles: u32,
    /// Empty when no plan could be made with so few consoles (beyond the horizon).
    targets: Vec<OutcomeOut>,
    exposure_area: Option<f64>,
    end_minutes: Option<i64>,
}

#[derive(Serialize)]
struct OutcomeOut {
    reached_minutes: Option<i64>,
    met: bool,
    margin_minutes: i64,
}

fn outcome_out(o: &Outcome, start: i64) -> OutcomeOut {
    OutcomeOut { reached_minutes: o.reached.map(|r| r - start), met: o.met, margin_minutes: o.margin_minutes }
}

fn row_out(row: &Row, start: i64) -> RowOut {
    RowOut {
        consoles: row.consoles,
        targets: row.outcomes.iter().map(|o| outcome_out(o, start)).collect(),
        exposure_area: row.exposure_area.map(|a| (a * 10.0).round() / 10.0),
        end_minutes: row.end.map(|e| e - start),
    }
}

/// The answer as pretty JSON.
pub fn json(solution: &Solution) -> String {
    let start = solution.start;
    let report = Report {
        targets: solution
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let now = solution.now.outcomes.get(i);
                TargetOut {
                    target: &t.label,
                    hosts: t.hosts.code(),
                    within_minutes: t.deadline_at(start) - start,
                    by: match &t.deadline {
                        Deadline::By { local, zone } => {
                            let at = crate::civil::DateTime(*local);
                            Some(format!("{}T{}@{zone}", at.date(), at.time()))
                        }
                        Deadline::Within(_) => None,
                    },
                    met_now: now.is_some_and(|o| o.met),
                    reached_minutes: now.and_then(|o| o.reached).map(|r| r - start),
                    margin_minutes: now.map_or(t.deadline_at(start) - start, |o| o.margin_minutes),
                }
            })
            .collect(),
        consoles_now: solution.consoles_now,
        consoles_needed: solution.consoles_needed,
        saturation: solution.saturation,
        binding: solution.binding.code(),
        binding_set: solution.binding_set.as_deref(),
        lever: solution.lever.as_ref().map(|lever| match lever {
            Lever::WindowLength { minutes, consoles } => {
                LeverOut::WindowLength { window_minutes: *minutes, consoles: *consoles }
            }
            Lever::SiteLimit { limit, consoles } => {
                LeverOut::SiteLimit { site_limit: *limit, consoles: *consoles }
            }
        }),
        ceiling: solution.ceiling,
        best_miss_minutes: solution.best_miss_minutes,
        table: solution.table.iter().map(|r| row_out(r, start)).collect(),
    };
    serde_json::to_string_pretty(&report).expect("a solution serialises") + "\n"
}

/// The answer as text for a terminal: each target now, the answer, the table.
pub fn text(solution: &Solution, lang: Lang) -> String {
    let start = solution.start;
    let mut out = String::new();
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    out.push_str(&match lang {
        Lang::En => format!("With {} console(s) now:\n", solution.consoles_now),
        Lang::Ja => format!("現在のコンソール {} 台では:\n", solution.consoles_now),
    });
    for (i, target) in solution.targets.iter().enumerate() {
        let now = solution.now.outcomes.get(i).map_or_else(
            || t("no plan within the horizon", "期間内に計画できません").to_string(),
            |o| o.text(lang),
        );
        out.push_str(&format!("  {}: {now}\n", target.label));
    }
    out.push_str(&match (solution.consoles_needed, lang) {
        (Some(n), Lang::En) => format!("Fewest consoles that meet every target: {n}\n"),
        (Some(n), Lang::Ja) => format!("すべての目標を満たす最少のコンソール数: {n}\n"),
        (None, Lang::En) => "No number of consoles meets every target.\n".into(),
        (None, Lang::Ja) => "どのコンソール数でもすべての目標は満たせません。\n".into(),
    });
    if solution.consoles_needed.is_none() {
        out.push_str(&format!(
            "{} {}\n",
            t("What binds:", "制約となっているもの:"),
            solution.binding_text(lang)
        ));
        match (&solution.lever, solution.best_miss_minutes) {
            (Some(lever), _) => {
                out.push_str(&format!("{} {}\n", t("What would meet them:", "満たすには:"), lever.text(lang)))
            }
            (None, Some(miss)) => {
                out.push_str(&format!("{}\n", crate::solve::miss_text(solution, miss, lang)))
            }
            (None, None) => {}
        }
    }
    out.push_str(&format!("\n{:>9}", t("consoles", "コンソール")));
    for target in &solution.targets {
        out.push_str(&format!("  {:>22}", target.label));
    }
    out.push_str(&format!("  {:>14}\n", t("exposure (h)", "リスク量（時間）")));
    for row in &solution.table {
        out.push_str(&format!("{:>9}", row.consoles));
        for (i, _) in solution.targets.iter().enumerate() {
            let cell = row.outcomes.get(i).map_or_else(
                || "—".to_string(),
                |o| {
                    let reached = o.reached.map_or("—".to_string(), |r| duration(r - start, lang));
                    format!("{reached} {}", if o.met { "✓" } else { "✗" })
                },
            );
            out.push_str(&format!("  {cell:>22}"));
        }
        let area = row.exposure_area.map_or_else(|| "—".into(), |a| format!("{a:.0}"));
        out.push_str(&format!("  {area:>14}\n"));
    }
    out
}
