//! The `patchcast` command line: the planning engine for scripts and automation.
//!
//! Native only: the page's target (wasm32) has no use for it, nor for its argument
//! parser, clap, which Cargo.toml leaves out of that target.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
