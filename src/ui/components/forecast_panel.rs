//! "How sure?": the forecast of the plan (or the rest of a rollout) as ranges: the finish
//! and each target at 50 / 85 / 95 %, the chance of meeting each target, the finish's
//! S-curve, what drives the spread and the consoles under uncertainty; and what varies.
//!
//! The trials run in the page's worker ([`crate::compute`]) with a progress bar; an edit
//! sends a new request, which stops the one under way. A page without a worker (the
//! single file) runs them on its own thread in short steps.

use std::rc::Rc;

use yew::prelude::*;

use super::chart_view::chart_view;
use super::inputs::TextInput;
use super::{class, when};
use crate::compute::{Job, Reply, Request};
use crate::forecast::solve::{chance, Search};
use crate::forecast::{text, ForecastError, Forecaster};
use crate::form::{Change, Field};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::time_zone::{self, Zone};
use crate::ui::context::use_workspace;
use crate::ui::{browser, worker};
use crate::workspace::{Action, Forecasted};

/// The forecast starts this long after the last edit, so typing stays quick.
const FORECAST_DELAY_MS: u64 = 300;
/// On the page's own thread: the longest one step of trials holds the page (ms).
const STEP_MS: f64 = 25.0;

/// The request the worker is working on.
struct Asked {
    id: u32,
    scenario: Rc<Scenario>,
    lang: Lang,
    began: f64,
}

/// Runs a whole forecast on the page's own thread, in steps that let the page answer in
/// between; `None` when a newer edit (`latest` past `ticket`) made it moot.
async fn forecast_here(
    scenario: &Scenario,
    lang: Lang,
    ticket: u32,
    latest: &std::cell::RefCell<u32>,
) -> Option<Result<crate::forecast::Forecast, ForecastError>> {
    let pause = || yew::platform::time::sleep(std::time::Duration::ZERO);
    let Ok(plan) = Plan::make_unexplained(scenario, lang) else { return Some(Err(ForecastError::Invalid)) };
    let settings = scenario.forecast.clone();
    let mut tally = None;
    let mut result = loop {
        let forecaster = match tally.take() {
            Some(t) => Forecaster::resume(scenario, &plan, &settings, t),
            None => Forecaster::new(scenario, &plan, &settings),
        };
        let mut forecaster = match forecaster {
            Ok(f) => f,
            Err(e) => return Some(Err(e)),
        };
        let began = browser::now_ms();
        let mut complete = false;
        while !complete && browser::now_ms() - began < STEP_MS {
            complete = forecaster.step(50);
        }
        if complete {
            break forecaster.result();
        }
        tally = Some(forecaster.into_tally());
        pause().await;
        if *latest.borrow() != ticket {
            return None;
        }
    };
    let mut search = Search::new(scenario, &settings);
    while let Some(count) = search.as_ref().and_then(Search::next) {
        pause().await;
        if *latest.borrow() != ticket {
            return None;
        }
        let s = search.as_mut().expect("searching");
        s.record(count, chance(scenario, &s.settings, count, lang));
    }
    result.consoles = search.as_ref().and_then(Search::answer);
    Some(Ok(result))
}

#[function_component]
pub fn ForecastPanel() -> Html {
    let state = use_workspace();
    let lang = state.lang;
    let t = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    // How far the worker is: trials run of at most how many; then console counts tried.
    let progress = use_state(|| None::<(u32, u32)>);
    let latest = use_mut_ref(|| 0u32);
    let asked = use_mut_ref(|| None::<Asked>);
    // The worker's replies: progress for the bar, then the forecast.
    {
        let (state, progress, asked) = (state.clone(), progress.clone(), asked.clone());
        use_effect_with((), move |_| {
            worker::listen(
                Job::Forecast,
                Callback::from(move |reply: Reply| {
                    let heard = {
                        let mut asked = asked.borrow_mut();
                        match (asked.as_ref(), reply) {
                            (Some(a), Reply::Forecasting { id, done, total }) if id == a.id => {
                                Some(Err((done, total)))
                            }
                            (Some(a), Reply::Forecast { id, result }) if id == a.id => {
                                let forecasted = Forecasted {
                                    scenario: a.scenario.clone(),
                                    lang: a.lang,
                                    forecast: result.map(|f| *f),
                                    millis: browser::now_ms() - a.began,
                                    by_worker: true,
                                };
                                *asked = None;
                                Some(Ok(forecasted))
                            }
                            _ => None,
                        }
                    };
                    match heard {
                        Some(Err(done_of)) => progress.set(Some(done_of)),
                        Some(Ok(forecasted)) => {
                            progress.set(None);
                            state.dispatch(Action::Forecasted(Rc::new(forecasted)));
                        }
                        None => {}
                    }
                }),
            );
        });
    }
    {
        let (state, progress) = (state.clone(), progress.clone());
        use_effect_with((state.scenario.clone(), lang, state.stale()), move |(scenario, lang, stale)| {
            *latest.borrow_mut() += 1;
            if *stale {
                return;
            }
            let (ticket, scenario, lang) = (*latest.borrow(), scenario.clone(), *lang);
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(FORECAST_DELAY_MS)).await;
                if *latest.borrow() != ticket {
                    return; // A newer edit will forecast again.
                }
                let began = browser::now_ms();
                *asked.borrow_mut() = Some(Asked { id: ticket, scenario: scenario.clone(), lang, began });
                if worker::send(Request::new(ticket, Job::Forecast, &scenario, lang)) {
                    progress.set(Some((0, scenario.forecast.trials)));
                    return;
                }
                *asked.borrow_mut() = None;
                progress.set(Some((0, scenario.forecast.trials)));
                let Some(forecast) = forecast_here(&scenario, lang, ticket, &latest).await else { return };
                progress.set(None);
                let millis = browser::now_ms() - began;
                let by_worker = false;
                state.dispatch(Action::Forecasted(Rc::new(Forecasted {
                    scenario,
                    lang,
                    forecast,
                    millis,
                    by_worker,
                })));
            });
        });
    }
    let working = progress.map(|(done, total)| {
        let text = match (lang, total) {
            (Lang::En, 0) => format!("Finding the consoles under uncertainty: {done} counts tried…"),
            (Lang::Ja, 0) => format!("不確かさを含めたコンソール数を探しています: {done}通り試行…"),
            (Lang::En, _) => format!("Running trials: {done} of at most {total}…"),
            (Lang::Ja, _) => format!("試行中: 最大{total}回のうち{done}回…"),
        };
        html! {
            <div class="solver-progress no-print" data-testid="forecast-progress">
                <label for="forecast-progress-bar">{ text.clone() }</label>
                <progress id="forecast-progress-bar" max={total.max(1).to_string()} value={done.to_string()}>{ text }</progress>
            </div>
        }
    });
    let settings = html! {
        <details class="forecast-settings no-print" data-testid="forecast-settings">
            <summary>{ t("What varies", "変動させるもの") }</summary>
            <div class="fields">
                { TextInput::new(Field::ForecastConfidence, t("Confidence level (%)", "確度（%）")).decimal().view(&state) }
                { TextInput::new(Field::ForecastSpread, t("Spread of batch times (%, empty: measured or 15)", "バッチ時間のばらつき（%、空欄: 実測または15）")).decimal().view(&state) }
                { TextInput::new(Field::ForecastLostWindow, t("Chance a window is lost (%)", "ウィンドウが失われる確率（%）")).decimal().view(&state) }
                { TextInput::new(Field::ForecastInvestigation, t("Investigation after a halt (hours)", "停止後の調査時間（時間）")).decimal().view(&state) }
                { TextInput::new(Field::ForecastRateInstalls, t("Failure rate as sure as (installs; 0: exact)", "失敗率の確かさ（インストール数、0: 確定）")).numeric().view(&state) }
                { TextInput::new(Field::ForecastTrials, t("Trials (at most)", "試行回数（最大）")).numeric().view(&state) }
                { TextInput::new(Field::ForecastSeed, t("Seed", "シード")).numeric().view(&state) }
            </div>
        </details>
    };
    // One shape whether a forecast has come or not, so the settings stay open as it comes.
    let Some(forecasted) = state.forecast.clone() else {
        return html! {
            <div class="forecast" data-testid="forecast" data-current="false">
                { working.unwrap_or_else(|| html! { <p class="hint">{ t("Working it out…", "計算しています…") }</p> }) }
                <div></div>
                { settings }
            </div>
        };
    };
    let current = Rc::ptr_eq(&forecasted.scenario, &state.scenario) && forecasted.lang == lang;
    let body = match &forecasted.forecast {
        Err(e) => html! { <p class="hint" data-testid="forecast-none">{ e.text(lang) }</p> },
        Ok(f) => {
            let zone = time_zone::zone(&forecasted.scenario.start_time_zone).unwrap_or_else(|_| Zone::utc());
            let lines = text::headline(f, &zone, lang);
            let (head, rows) = text::table(f, &zone, lang);
            let drivers = text::drivers(f, lang);
            let use_consoles =
                f.consoles.and_then(|c| c.consoles).filter(|&n| n != state.scenario.capacity.consoles);
            let use_this = use_consoles.map(|consoles| {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    if state.baseline.is_none() {
                        state.dispatch(Action::PinBaseline);
                    }
                    state.dispatch(Action::Change(Change::UseCapacity {
                        consoles,
                        min_window_minutes: None,
                        site_limit: None,
                    }));
                })
            });
            let chart = crate::chart::finish_curve(f, lang);
            html! {
                <>
                    <p class="forecast-answer" data-testid="forecast-answer" aria-live="polite"><strong>{ lines.join(" ") }</strong></p>
                    <div class="table-scroll">
                        <table data-testid="forecast-table">
                            <caption>{ t("Dates by how sure they are", "確からしさごとの日時") }</caption>
                            <thead><tr>{ for head.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                            <tbody>
                                { for rows.iter().map(|row| html! {
                                    <tr>
                                        <th scope="row">{ row[0].clone() }</th>
                                        { for row[1..].iter().map(|c| html! { <td>{ c.clone() }</td> }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    // Printed: the answer, its table and what it assumed (the change board's
                    // summary stays within two pages).
                    <div class="no-print">
                    { chart_view(chart.into(), match lang {
                        Lang::En => format!("The finish as an S-curve: the share of trials done by each day; dashed lines are the targets' deadlines. The table above has the same dates ({} trials).", f.trials),
                        Lang::Ja => format!("完了日時のS字曲線: 各日までに終わった試行の割合。破線は目標の期限です。上の表に同じ日時があります（試行{}回）。", f.trials),
                    }.into(), None, "forecast-chart") }
                    </div>
                    if !drivers.is_empty() {
                        <ul class="no-print" data-testid="forecast-drivers">{ for drivers.into_iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                    }
                    if let Some(sentence) = text::consoles(f, lang) {
                        <p class="no-print" data-testid="forecast-consoles">
                            { sentence }
                            if let (Some(onclick), Some(n)) = (use_this, use_consoles) {
                                { " " }
                                <button type="button" data-testid="forecast-use-consoles" {onclick}
                                        aria-label={match lang {
                                            Lang::En => format!("Use {n} console(s)"),
                                            Lang::Ja => format!("コンソール{n}台を使う"),
                                        }}>{ t("Use this", "これを使う") }</button>
                            }
                        </p>
                    }
                    <p class="hint" data-testid="forecast-assumptions">{ format!("{} {}", text::assumptions(f, lang), text::meaning(lang)) }</p>
                </>
            }
        }
    };
    html! {
        <div class={class(&["forecast", when(!current, "stale")])} data-testid="forecast"
             data-forecast-ms={format!("{:.0}", forecasted.millis)} data-current={current.to_string()}
             data-forecast-by={if forecasted.by_worker { "worker" } else { "page" }}>
            { working.unwrap_or_default() }
            <div>{ body }</div>
            { settings }
        </div>
    }
}
