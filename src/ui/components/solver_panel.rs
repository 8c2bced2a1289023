//! "What does it take?": the capacity solver's answer to the scenario's completion
//! targets: the fewest consoles, what binds when consoles alone cannot, and the table
//! (and chart) of consoles against each target, each row with "Use this".

use std::rc::Rc;

use yew::prelude::*;

use super::{class, when};

use super::chart_view::chart_view;
use crate::compute::{Job, Reply, Request, Unsolved};
use crate::form::Change;
use crate::i18n::{duration, Lang};
use crate::scenario::Scenario;
use crate::solve::{solve_within, Lever, Solution};
use crate::timing::MAX_CONSOLES;
use crate::ui::context::use_workspace;
use crate::ui::{browser, worker};
use crate::workspace::Action;

/// The solver runs this long after the last edit, so typing stays quick.
const SOLVE_DELAY_MS: u64 = 250;
/// On the page's own thread (a page without a worker: the single file), the longest one
/// search may hold the page before it reports what it has.
const SOLVE_BUDGET_MS: f64 = 1500.0;
/// A worker silent this long after a request (it could not be loaded) is given up, and
/// the page solves on its own thread.
const WORKER_SILENCE_MS: u64 = 20_000;

/// The answer, and the scenario and language it answers.
#[derive(Clone, PartialEq)]
struct Answer {
    scenario: Rc<Scenario>,
    lang: Lang,
    result: Rc<Result<Solution, Unsolved>>,
    /// How long the search took (for `scripts/bench-browser.mjs`).
    millis: f64,
    /// Worked out by the worker (else on the page's own thread).
    by_worker: bool,
}

/// The request the worker is working on: its number, what it asks, when it was sent, and
/// whether the worker has said anything about it yet.
struct Asked {
    id: u32,
    scenario: Rc<Scenario>,
    lang: Lang,
    began: f64,
    heard: bool,
}

/// What a reply from the worker means for the panel.
enum Heard {
    Progress(u32, u32),
    Answer(Answer),
}

/// Solves on the page's own thread, for at most [`SOLVE_BUDGET_MS`].
fn solve_here(scenario: &Scenario, lang: Lang) -> Result<Solution, Unsolved> {
    let began = browser::now_ms();
    let keep_going = |_, _| browser::now_ms() - began < SOLVE_BUDGET_MS;
    solve_within(scenario, MAX_CONSOLES, lang, &keep_going).map_err(Unsolved::from)
}

#[function_component]
pub fn SolverPanel() -> Html {
    let state = use_workspace();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let answer = use_state(|| None::<Answer>);
    // How far the worker is: plans made, of about how many.
    let progress = use_state(|| None::<(u32, u32)>);
    let latest = use_mut_ref(|| 0u32);
    let asked = use_mut_ref(|| None::<Asked>);
    // The worker's replies: progress for the bar, then the answer.
    {
        let (answer, progress, asked) = (answer.clone(), progress.clone(), asked.clone());
        use_effect_with((), move |_| {
            worker::listen(
                Job::Solve,
                Callback::from(move |reply: Reply| {
                    // Only the request in flight is heard; the borrow ends before any state is set.
                    let heard = {
                        let mut asked = asked.borrow_mut();
                        match (asked.as_mut(), reply) {
                            (Some(request), Reply::Progress { id, done, total }) if id == request.id => {
                                request.heard = true;
                                Some(Heard::Progress(done, total))
                            }
                            (Some(request), Reply::Solved { id, result }) if id == request.id => {
                                let millis = browser::now_ms() - request.began;
                                let answer = Answer {
                                    scenario: request.scenario.clone(),
                                    lang: request.lang,
                                    result: Rc::new(result),
                                    millis,
                                    by_worker: true,
                                };
                                *asked = None;
                                Some(Heard::Answer(answer))
                            }
                            _ => None,
                        }
                    };
                    match heard {
                        Some(Heard::Progress(done, total)) => progress.set(Some((done, total))),
                        Some(Heard::Answer(solved)) => {
                            progress.set(None);
                            answer.set(Some(solved));
                        }
                        None => {}
                    }
                }),
            );
        });
    }
    {
        let (answer, progress) = (answer.clone(), progress.clone());
        use_effect_with((state.scenario.clone(), lang, state.stale()), move |(scenario, lang, stale)| {
            *latest.borrow_mut() += 1;
            if scenario.targets.is_empty() || *stale {
                return;
            }
            let (ticket, scenario, lang) = (*latest.borrow(), scenario.clone(), *lang);
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(SOLVE_DELAY_MS)).await;
                if *latest.borrow() != ticket {
                    return; // A newer edit will solve again.
                }
                let began = browser::now_ms();
                let request = Request::new(ticket, Job::Solve, &scenario, lang);
                *asked.borrow_mut() =
                    Some(Asked { id: ticket, scenario: scenario.clone(), lang, began, heard: false });
                if worker::send(request) {
                    progress.set(Some((0, 0)));
                    // A worker that never answers (it could not be loaded) is given up.
                    yew::platform::time::sleep(std::time::Duration::from_millis(WORKER_SILENCE_MS)).await;
                    let silent = asked.borrow().as_ref().is_some_and(|a| a.id == ticket && !a.heard);
                    if !silent {
                        return;
                    }
                    worker::give_up();
                    progress.set(None);
                }
                *asked.borrow_mut() = None;
                let result = solve_here(&scenario, lang);
                let millis = browser::now_ms() - began;
                answer.set(Some(Answer {
                    scenario,
                    lang,
                    result: Rc::new(result),
                    millis,
                    by_worker: false,
                }));
            });
        });
    }
    if state.scenario.targets.is_empty() {
        return html! {
            <p class="hint" data-testid="solver-empty">{ t(
                "Add a completion target (under Targets) to see the fewest consoles that meet it.",
                "完了目標（「目標」）を追加すると、それを満たす最少のコンソール数がわかります。") }</p>
        };
    }
    let working = progress.map(|(done, total)| {
        let text = match (lang, total) {
            (_, 0) => t("Working it out…", "計算しています…").to_string(),
            (Lang::En, _) => format!("Working it out: {done} of about {total} plans…"),
            (Lang::Ja, _) => format!("計算しています: 約{total}件の計画のうち{done}件…"),
        };
        html! {
            <div class="solver-progress" data-testid="solver-progress">
                <label for="solver-progress-bar">{ text.clone() }</label>
                <progress id="solver-progress-bar" max={total.max(1).to_string()} value={done.to_string()}>{ text }</progress>
            </div>
        }
    });
    let current = answer.as_ref().filter(|a| Rc::ptr_eq(&a.scenario, &state.scenario) && a.lang == lang);
    let Some(answer) = current.or(answer.as_ref()) else {
        return working.unwrap_or_else(
            || html! { <p class="hint" aria-live="polite">{ t("Working it out…", "計算しています…") }</p> },
        );
    };
    let solution = match answer.result.as_ref() {
        Ok(solution) => solution,
        // The scenario's own problems are shown beside its fields.
        Err(_) => {
            return html! { <p class="hint">{ t("Fix the inputs marked in red first.", "先に赤で示した入力を直してください。") }</p> }
        }
    };
    let use_row = |consoles: u32, lever: Option<&Lever>| {
        let state = state.clone();
        let change = match lever {
            Some(Lever::WindowLength { minutes, .. }) => {
                Change::UseCapacity { consoles, min_window_minutes: Some(*minutes), site_limit: None }
            }
            Some(Lever::SiteLimit { limit, .. }) => {
                Change::UseCapacity { consoles, min_window_minutes: None, site_limit: Some(*limit) }
            }
            None => Change::UseCapacity { consoles, min_window_minutes: None, site_limit: None },
        };
        Callback::from(move |_: MouseEvent| {
            // What was there before stays pinned, to compare against or go back to.
            if state.baseline.is_none() {
                state.dispatch(Action::PinBaseline);
            }
            state.dispatch(Action::Change(change.clone()));
        })
    };
    let answer_text = match (solution.consoles_needed, lang) {
        (Some(n), Lang::En) => format!("Fewest consoles that meet every target: {n} (now {}).", solution.consoles_now),
        (Some(n), Lang::Ja) => format!("すべての目標を満たす最少のコンソール数: {n}台（現在 {}台）。", solution.consoles_now),
        (None, _) if solution.cut_short => t(
            "The search took too long for the page and stopped: no count in the table meets every target. The command line (patchcast solve) searches to the end.",
            "ページでの探索に時間がかかりすぎたため途中で止めました。表の台数ではすべての目標を満たせません。コマンドライン（patchcast solve）は最後まで探索します。",
        )
        .to_string(),
        (None, Lang::En) => format!("No number of consoles meets every target: {} binds.", solution.binding_text(lang)),
        (None, Lang::Ja) => format!("どのコンソール数でもすべての目標は満たせません。制約: {}。", solution.binding_text(lang)),
    };
    let chart = crate::chart::sensitivity(solution, lang);
    html! {
        <div class={class(&["solver", when(current.is_none(), "stale")])} data-testid="solver"
             data-solve-ms={format!("{:.0}", answer.millis)} data-solved-by={if answer.by_worker { "worker" } else { "page" }}>
            if let Some(working) = working {
                { working }
            }
            <p class="solver-answer" data-testid="solver-answer" aria-live="polite"><strong>{ answer_text }</strong></p>
            if let Some(lever) = &solution.lever {
                <p data-testid="solver-lever">
                    { format!("{} {}. ", t("What would meet them:", "満たすには:"), lever.text(lang)) }
                    <button type="button" data-testid="use-lever" aria-label={format!("{} {}", t("Use this:", "これを使う:"), lever.text(lang))} onclick={use_row(match lever {
                        Lever::WindowLength { consoles, .. } | Lever::SiteLimit { consoles, .. } => *consoles,
                    }, Some(lever))}>{ t("Use this", "これを使う") }</button>
                </p>
            } else if let Some(miss) = solution.best_miss_minutes {
                <p data-testid="solver-miss">{ crate::solve::miss_text(solution, miss, lang) }</p>
            }
            // On a phone the table scrolls inside itself; its buttons never wrap.
            <div class="table-scroll">
            <table class="solver-table" data-testid="solver-table">
                <caption>{ t("Consoles against each target (cautious times from the start)", "コンソール数と各目標（開始からの慎重な所要時間）") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t("Consoles", "コンソール数") }</th>
                        { for solution.targets.iter().map(|target| html! { <th scope="col">{ target.describe(lang) }</th> }) }
                        <th scope="col" class="num">{ t("Exposure (host-hours)", "リスク量（台・時間）") }</th>
                        <th scope="col"><span class="visually-hidden">{ t("Apply", "適用") }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for solution.table.iter().map(|row| {
                        let chosen = row.consoles == state.scenario.capacity.consoles;
                        html! {
                            <tr class={class(&[when(row.meets(), "meets"), when(chosen, "current")])}
                                data-testid={format!("solver-row-{}", row.consoles)}>
                                <th scope="row">{ row.consoles }</th>
                                { for solution.targets.iter().enumerate().map(|(i, _)| match row.outcomes.get(i) {
                                    Some(o) => html! {
                                        <td class={if o.met { "met" } else { "missed" }}>
                                            { o.reached.map_or("—".to_string(), |r| duration(r - solution.start, lang)) }
                                            { if o.met { t(" ✓ met", " ✓ 達成") } else { t(" ✗ missed", " ✗ 未達") } }
                                        </td>
                                    },
                                    None => html! { <td>{ t("no plan", "計画なし") }</td> },
                                }) }
                                <td class="num">{ row.exposure_area.map_or_else(|| "—".into(), |a| format!("{a:.0}")) }</td>
                                <td>
                                    if chosen {
                                        { t("in use", "使用中") }
                                    } else {
                                        <button type="button" data-testid={format!("use-consoles-{}", row.consoles)}
                                                aria-label={match lang {
                                                    Lang::En => format!("Use {} console(s)", row.consoles),
                                                    Lang::Ja => format!("コンソール{}台を使う", row.consoles),
                                                }}
                                                onclick={use_row(row.consoles, None)}>{ t("Use this", "これを使う") }</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            { chart_view(chart.into(), t("Days each target takes against the number of consoles; dashed lines are the deadlines. The table above has the same figures.",
                    "コンソール数ごとの各目標の所要日数。破線は期限です。上の表に同じ数値があります。").into(), None, "solver-chart") }
        </div>
    }
}
