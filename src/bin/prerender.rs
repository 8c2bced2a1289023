//! Prints the page's opening view (the sample plan, in English) as HTML, rendered by
//! Yew's server renderer from the same components the browser runs. `scripts/build.sh`
//! writes it into the built page (see `scripts/prerender.mjs`), so a planner sees the
//! plan before the wasm has arrived; the app then draws itself and takes its place.

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let html = tokio::task::LocalSet::new()
        .block_on(&runtime, yew::LocalServerRenderer::<patchcast::ui::App>::new().hydratable(false).render());
    print!("{html}");
}
