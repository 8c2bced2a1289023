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
///
/// Two handles are equal when they hold the very same workspace: [`Workspace::apply`]
/// returns the same one when an action changes nothing, so the context tells its
/// components to draw again exactly when something changed, without comparing workspaces.
#[derive(Clone)]
pub struct State(pub UseReducerHandle<Workspace>);

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq::<Workspace>(&*self.0, &*other.0)
    }
}

impl std::ops::Deref for State {
    type Target = Workspace;

    fn deref(&self) -> &Workspace {
        &self.0
    }
}

impl State {
    pub fn dispatch(&self, action: Action) {
        self.0.dispatch(action)
    }

    pub fn dispatcher(&self) -> UseReducerDispatcher<Workspace> {
        self.0.dispatcher()
    }
}

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
