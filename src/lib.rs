//! Patchcast plans the rollout of a security hotfix across a fleet of servers.
//!
//! The core (everything outside `ui`) is plain Rust: it compiles natively, is tested with
//! `cargo test`, and backs both the command-line tool and the browser UI. The `ui` module
//! is the only place that knows about the browser (the `ui` feature; see Cargo.toml).

pub mod advisory;
pub mod bottleneck;
pub mod chart;
pub mod civil;
#[cfg(any(feature = "ui", feature = "worker"))]
pub mod compute;
pub mod export;
pub mod fleet;
pub mod forecast;
pub mod form;
pub mod i18n;
#[cfg(feature = "invariants")]
pub mod invariants;
pub mod maintenance_window;
pub mod phase;
pub mod plan;
pub mod progress;
pub mod risk;
pub mod scenario;
pub mod scheduler;
pub mod share;
pub mod solve;
pub mod target;
pub mod time_zone;
pub mod timing;
pub mod workspace;

#[cfg(feature = "ui")]
pub mod ui;
