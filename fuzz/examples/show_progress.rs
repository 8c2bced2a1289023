//! Prints the followed scenario a progress fuzz input stands for, and how long it takes to
//! plan: `cargo run --release --example show_progress -- fuzz/artifacts/progress/…`
fn main() {
    let path = std::env::args().nth(1).expect("an input file");
    let data = std::fs::read(path).expect("readable");
    let mut u = arbitrary::Unstructured::new(&data);
    let scenario = patchcast_fuzz::followed(&mut u).expect("a scenario");
    println!("{}", scenario.to_json());
    let started = std::time::Instant::now();
    let plan = patchcast::plan::Plan::make(&scenario);
    eprintln!("plan: {:?} ({:?})", started.elapsed(), plan.as_ref().map(|p| p.summary.batches).map_err(|e| e.to_string()));
}
