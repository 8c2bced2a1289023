//! The page's worker: runs the capacity solver and the forecast off the page's main thread (see
//! `patchcast::compute`). Trunk builds this binary as a Web Worker (index.html), started
//! by its loader script when the page first needs it.

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "worker"))]
    {
        use gloo_worker::Registrable;
        patchcast::compute::Compute::registrar().register();
    }
}

/// The same allocator as the page's (src/main.rs).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
