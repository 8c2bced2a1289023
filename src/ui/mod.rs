//! The browser UI: a thin Yew layer over the core.
//!
//! One `AppState` at the root (see `state`), shared through a context; leaf components turn
//! DOM events into plain values; nothing here computes a plan itself.

mod app;
mod components;
pub mod field;
pub mod state;

pub use app::App;
