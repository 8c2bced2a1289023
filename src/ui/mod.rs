//! The browser UI: a thin Yew layer over the core.
//!
//! One [`Workspace`](crate::workspace::Workspace) at the root, shared through a context
//! (see `context`); leaf components turn DOM events into field edits; nothing here
//! computes a plan itself.

mod app;
mod browser;
mod components;
mod context;
mod download;
mod format;
mod worker;

pub use app::{start, App};
