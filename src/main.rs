//! The browser entry point: mounts the planner into the page.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown`. Natively it does nothing; the
//! native program is the `patchcast` command line in `src/bin/`.

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "ui"))]
    patchcast::ui::start();
}

/// Talc instead of the standard library's dlmalloc: a smaller and faster allocator for
/// single-threaded wasm.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
