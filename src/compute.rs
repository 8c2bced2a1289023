//! The page's second thread: a Web Worker that runs the capacity solver and the forecast,
//! so the page keeps answering while they work and shows how far they are.
//!
//! The page sends a [`Request`] whenever the scenario changes, one for each [`Job`]; the
//! worker answers with progress as it goes and the answer at the end. Only the newest
//! request of each job is worked on: requests that arrive while the worker is busy wait in
//! the browser's queue, and when it is free it reads them all before it starts the last.
//! The forecast runs in steps of a few dozen milliseconds with the queue read in between,
//! so an edit stops it and starts the new one at once. Messages go in gloo-worker's own
//! encoding (bincode); the scenario goes as its file's JSON text, which reads back exactly
//! (the encoding cannot carry the fields a file leaves out).

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::forecast::{self, solve::Search, Forecast, ForecastError, Forecaster, Tally};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::{solve_within, Solution, SolveError};
use crate::timing::MAX_CONSOLES;

/// What the worker is asked to work out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// The capacity solver ([`crate::solve`]).
    Solve,
    /// The forecast ([`crate::forecast`]), with the consoles under uncertainty.
    Forecast,
}

/// Work for the worker, numbered so the page can tell which answer is for what.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
    /// The scenario as its file's JSON text ([`Scenario::to_json`]).
    pub scenario: String,
    pub lang: Lang,
}

impl Request {
    pub fn new(id: u32, job: Job, scenario: &Scenario, lang: Lang) -> Self {
        Self { id, job, scenario: scenario.to_json(), lang }
    }
}

/// Why the solver gave no answer, as the page tells it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Unsolved {
    /// The scenario has problems (the page shows them beside its fields).
    Invalid,
    /// The scenario has no target to solve for.
    NoTargets,
}

impl From<SolveError> for Unsolved {
    fn from(e: SolveError) -> Self {
        match e {
            SolveError::Plan(_) => Unsolved::Invalid,
            SolveError::NoTargets => Unsolved::NoTargets,
        }
    }
}

/// What the worker says back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// Request `id` has made `done` plans of about `total`.
    Progress { id: u32, done: u32, total: u32 },
    /// Request `id`'s answer.
    Solved { id: u32, result: Result<Solution, Unsolved> },
    /// Forecast `id` has run `done` trials of at most `total`; then (with `total` 0) it
    /// is looking for the consoles under uncertainty, `done` counts tried.
    Forecasting { id: u32, done: u32, total: u32 },
    /// Forecast `id`'s answer.
    Forecast { id: u32, result: Result<Box<Forecast>, ForecastError> },
}

/// Least time between two progress reports (milliseconds): often enough for a smooth
/// bar, rarely enough not to flood the page.
const PROGRESS_EVERY_MS: f64 = 50.0;

/// The longest one step of a forecast keeps the worker from reading its queue (ms).
const STEP_MS: f64 = 40.0;

/// A forecast under way in the worker.
struct Forecasting {
    who: HandlerId,
    id: u32,
    lang: Lang,
    scenario: Scenario,
    plan: Plan,
    tally: Option<Tally>,
    /// Once the trials are done: the forecast, and the consoles' search.
    result: Option<Forecast>,
    search: Option<Search>,
    tried: u32,
}

/// The worker: the newest request of each job waiting, and the forecast under way.
pub struct Compute {
    solve: Option<(HandlerId, Request)>,
    forecast: Option<Forecasting>,
    /// A [`Run`] is on its way.
    running: bool,
}

/// Go on with the work (sent to itself once the queue has been read).
pub struct Run;

impl Compute {
    fn solve(&mut self, scope: &WorkerScope<Self>, who: HandlerId, request: Request) {
        let id = request.id;
        let last = std::cell::Cell::new(f64::NEG_INFINITY);
        let watch = |done: u32, total: u32| {
            let now = js_sys::Date::now();
            if now - last.get() >= PROGRESS_EVERY_MS {
                last.set(now);
                scope.respond(who, Reply::Progress { id, done, total });
            }
            true
        };
        // The page sends only scenarios it has read and written itself.
        let result = match Scenario::from_json(&request.scenario) {
            Ok(scenario) => {
                solve_within(&scenario, MAX_CONSOLES, request.lang, &watch).map_err(Unsolved::from)
            }
            Err(_) => Err(Unsolved::Invalid),
        };
        scope.respond(who, Reply::Solved { id, result });
    }

    /// Starts forecast `request`: plans its scenario (an answer at once when it cannot).
    fn start_forecast(&mut self, scope: &WorkerScope<Self>, who: HandlerId, request: Request) {
        let id = request.id;
        let planned = Scenario::from_json(&request.scenario)
            .ok()
            .and_then(|scenario| Some((Plan::make_unexplained(&scenario, request.lang).ok()?, scenario)));
        self.forecast = None;
        match planned {
            Some((plan, scenario)) => {
                self.forecast = Some(Forecasting {
                    who,
                    id,
                    lang: request.lang,
                    scenario,
                    plan,
                    tally: None,
                    result: None,
                    search: None,
                    tried: 0,
                })
            }
            None => scope.respond(who, Reply::Forecast { id, result: Err(ForecastError::Invalid) }),
        }
    }

    /// One step of the forecast under way: trials for [`STEP_MS`], or one console count
    /// of the search under uncertainty; the answer once both are done.
    fn step_forecast(&mut self, scope: &WorkerScope<Self>) {
        let Some(f) = self.forecast.as_mut() else { return };
        let (who, id) = (f.who, f.id);
        if f.result.is_none() {
            let settings = f.scenario.forecast.clone();
            let forecaster = match f.tally.take() {
                Some(tally) => Forecaster::resume(&f.scenario, &f.plan, &settings, tally),
                None => Forecaster::new(&f.scenario, &f.plan, &settings),
            };
            let mut forecaster = match forecaster {
                Ok(forecaster) => forecaster,
                Err(e) => {
                    scope.respond(who, Reply::Forecast { id, result: Err(e) });
                    self.forecast = None;
                    return;
                }
            };
            let began = js_sys::Date::now();
            let mut complete = false;
            while !complete && js_sys::Date::now() - began < STEP_MS {
                complete = forecaster.step(50);
            }
            let (done, total) = forecaster.progress();
            if complete {
                f.result = Some(forecaster.result());
                f.search = Search::new(&f.scenario, &settings);
            } else {
                f.tally = Some(forecaster.into_tally());
            }
            scope.respond(who, Reply::Forecasting { id, done, total });
        } else if let Some(count) = f.search.as_ref().and_then(Search::next) {
            let search = f.search.as_mut().expect("searching");
            let chance = forecast::solve::chance(&f.scenario, &search.settings, count, f.lang);
            search.record(count, chance);
            f.tried += 1;
            scope.respond(who, Reply::Forecasting { id, done: f.tried, total: 0 });
        } else {
            let mut result = f.result.take().expect("trials done");
            result.consoles = f.search.as_ref().and_then(Search::answer);
            scope.respond(who, Reply::Forecast { id, result: Ok(Box::new(result)) });
            self.forecast = None;
        }
    }

    /// Asks itself to go on once the requests already queued are read.
    fn go_on(&mut self, scope: &WorkerScope<Self>) {
        if !self.running {
            self.running = true;
            let scope = scope.clone();
            gloo_timers::callback::Timeout::new(0, move || scope.send_message(Run)).forget();
        }
    }
}

impl Worker for Compute {
    type Message = Run;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { solve: None, forecast: None, running: false }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _run: Run) {
        self.running = false;
        // The solver's answer first: it is the quicker, and the page waits for it.
        if let Some((who, request)) = self.solve.take() {
            self.solve(scope, who, request);
        } else {
            self.step_forecast(scope);
        }
        if self.solve.is_some() || self.forecast.is_some() {
            self.go_on(scope);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, who: HandlerId) {
        // A request of the same job already waiting or under way is replaced: only the
        // newest is worked on. The work goes on in a task of its own, after the requests
        // already queued are read.
        match request.job {
            Job::Solve => self.solve = Some((who, request)),
            Job::Forecast => self.start_forecast(scope, who, request),
        }
        self.go_on(scope);
    }
}
