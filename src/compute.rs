//! The page's second thread: a Web Worker that runs the capacity solver (and is where the
//! page's other long searches belong), so the page keeps answering while it works and
//! shows how far it is.
//!
//! The page sends a [`Request`] whenever the scenario or its targets change; the worker
//! answers with [`Reply::Progress`] as it goes and [`Reply::Solved`] at the end. Only the
//! newest request is worked on: requests that arrive while the worker is busy wait in the
//! browser's queue, and when it is free it reads them all before it starts the last.
//! Messages go in gloo-worker's own encoding (bincode); the scenario goes as its file's
//! JSON text, which reads back exactly (the encoding cannot carry the fields a file leaves
//! out).

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::solve::{solve_within, Solution, SolveError};
use crate::timing::MAX_CONSOLES;

/// Work for the worker, numbered so the page can tell which answer is for what.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    /// The scenario as its file's JSON text ([`Scenario::to_json`]).
    pub scenario: String,
    pub lang: Lang,
}

impl Request {
    pub fn new(id: u32, scenario: &Scenario, lang: Lang) -> Self {
        Self { id, scenario: scenario.to_json(), lang }
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
}

/// Least time between two progress reports (milliseconds): often enough for a smooth
/// bar, rarely enough not to flood the page.
const PROGRESS_EVERY_MS: f64 = 50.0;

/// The worker: the newest request waiting, if any.
pub struct Compute {
    waiting: Option<(HandlerId, Request)>,
}

/// Start on the newest request (sent to itself once the queue has been read).
pub struct Run;

impl Worker for Compute {
    type Message = Run;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { waiting: None }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _run: Run) {
        let Some((who, request)) = self.waiting.take() else { return };
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

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, who: HandlerId) {
        // A request already waiting is replaced: only the newest is worked on. The run
        // starts in a task of its own, after the requests already queued are read.
        let first = self.waiting.replace((who, request)).is_none();
        if first {
            let scope = scope.clone();
            gloo_timers::callback::Timeout::new(0, move || scope.send_message(Run)).forget();
        }
    }
}
