//! The app's state: every input as a `Field`, and the results derived from them.
//!
//! `reduce` is pure. It returns the same `Rc` when an action changes nothing, so nothing
//! re-renders; when an input is invalid, the last valid result stays, marked stale.

use std::rc::Rc;

use yew::Reducible;

use super::field::{whole_number, Field};
use crate::timing::{Estimate, TimingModel, DEFAULT_CAUTION, MAX_CONSOLES, MAX_HOSTS};

/// What the planner can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetHosts(String),
    SetConsoles(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub model: Rc<TimingModel>,
    pub hosts: Field<u32>,
    pub consoles: Field<u32>,
    /// The latest estimate from valid input.
    pub estimate: Option<Estimate>,
    /// True while some input is invalid and `estimate` is from earlier input.
    pub stale: bool,
}

impl Default for AppState {
    fn default() -> Self {
        Self::from_inputs(Rc::new(TimingModel::seed()), "500", "1", None)
    }
}

impl AppState {
    fn from_inputs(model: Rc<TimingModel>, hosts: &str, consoles: &str, previous: Option<Estimate>) -> Self {
        let hosts = Field::parse(hosts, |t| whole_number(t, 1, MAX_HOSTS));
        let consoles = Field::parse(consoles, |t| whole_number(t, 1, MAX_CONSOLES));
        let fresh = match (&hosts.value, &consoles.value) {
            (Ok(h), Ok(c)) => model.estimate(*h, *c, DEFAULT_CAUTION).ok(),
            _ => None,
        };
        let stale = fresh.is_none();
        Self { model, hosts, consoles, estimate: fresh.or(previous), stale }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (hosts, consoles) = match &action {
            Action::SetHosts(t) if *t != *self.hosts.text => (t.as_str(), &*self.consoles.text),
            Action::SetConsoles(t) if *t != *self.consoles.text => (&*self.hosts.text, t.as_str()),
            _ => return self,
        };
        Rc::new(Self::from_inputs(self.model.clone(), hosts, consoles, self.estimate.clone()))
    }
}
