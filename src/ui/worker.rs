//! The page's side of its worker ([`crate::compute`]): started the first time the page
//! needs it, from the loader script the page names in `<meta name="patchcast-worker">`.
//! A page without that (the single-file page: a worker needs a file of its own) has no
//! worker, and its callers work on the page's own thread instead.

use std::cell::RefCell;

use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

use crate::compute::{Compute, Job, Reply, Request};

thread_local! {
    /// The running worker (dropping it ends the worker).
    static BRIDGE: RefCell<Option<WorkerBridge<Compute>>> = const { RefCell::new(None) };
    /// Who hears the worker's replies to each job: the solver panel, the forecast panel.
    static LISTENERS: RefCell<[Option<Callback<Reply>>; 2]> = const { RefCell::new([None, None]) };
}

/// The job a reply answers.
fn job_of(reply: &Reply) -> Job {
    match reply {
        Reply::Progress { .. } | Reply::Solved { .. } => Job::Solve,
        Reply::Forecasting { .. } | Reply::Forecast { .. } => Job::Forecast,
    }
}

/// The worker's loader script, when the page has one.
fn loader() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=\"patchcast-worker\"]")
        .ok()
        .flatten()?
        .get_attribute("content")
        .filter(|path| !path.is_empty())
}

thread_local! {
    /// The worker could not be loaded: the page works on its own thread from now on.
    static GIVEN_UP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Ends the worker for good (it never answered: it could not be loaded).
pub fn give_up() {
    GIVEN_UP.with(|g| g.set(true));
    BRIDGE.with(|b| b.borrow_mut().take());
}

/// Replies to `job` go to `listener` from now on.
pub fn listen(job: Job, listener: Callback<Reply>) {
    LISTENERS.with(|l| l.borrow_mut()[job as usize] = Some(listener));
}

/// Sends `request` to the worker, starting it first if need be; false when the page has
/// no worker (or gave it up).
pub fn send(request: Request) -> bool {
    if GIVEN_UP.with(|g| g.get()) {
        return false;
    }
    BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        if bridge.is_none() {
            let Some(loader) = loader() else { return false };
            let mut spawner = Compute::spawner();
            spawner.callback(|reply| {
                let listener = LISTENERS.with(|l| l.borrow()[job_of(&reply) as usize].clone());
                if let Some(listener) = listener {
                    listener.emit(reply);
                }
            });
            *bridge = Some(spawner.spawn_with_loader(&loader));
        }
        bridge.as_ref().expect("started above").send(request);
        true
    })
}
