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
/// Two handles are equal when they were made for the very same workspace (Yew makes a
/// handle at each render of the App): [`Workspace::apply`] returns the same one when an
/// action changes nothing, so the context tells its components to draw again exactly when
/// something changed, without comparing workspaces. The workspace a handle was made for
/// stays alive with the handle (Yew's handle keeps it), so its address is not reused
/// while the handle can be compared.
#[derive(Clone)]
pub struct State {
    handle: UseReducerHandle<Workspace>,
    made_for: *const Workspace,
}

impl State {
    pub fn new(handle: UseReducerHandle<Workspace>) -> Self {
        let made_for: *const Workspace = &*handle;
        Self { handle, made_for }
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.made_for, other.made_for)
    }
}

impl std::ops::Deref for State {
    type Target = Workspace;

    fn deref(&self) -> &Workspace {
        &self.handle
    }
}

impl State {
    pub fn dispatch(&self, action: Action) {
        self.handle.dispatch(action)
    }

    pub fn dispatcher(&self) -> UseReducerDispatcher<Workspace> {
        self.handle.dispatcher()
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
