//! The workspace as Yew state, shared with every component through a context.

use std::rc::Rc;

use yew::prelude::*;

use crate::workspace::{Action, Workspace};

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

/// The handle components read the workspace from and dispatch actions to.
pub type State = UseReducerHandle<Workspace>;

/// The workspace of the enclosing [`App`](super::App).
#[hook]
pub fn use_workspace() -> State {
    use_context::<State>().expect("components live inside the App's workspace context")
}

/// A callback that dispatches the action `make` builds from its argument.
#[hook]
pub fn use_dispatch<T: 'static>(make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    dispatch(&use_workspace(), make)
}

/// [`use_dispatch`] for a view drawn by a plain function of the workspace.
pub fn dispatch<T: 'static>(state: &State, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(make(value)))
}
