//! The browser entry point: mounts the planner into the page.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown`. Natively it does nothing; the
//! native program is the `patchcast` command line in `src/bin/`.

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "ui"))]
    patchcast::ui::start();
}
