//! Prints the scenario a structured fuzz input stands for, and how long it takes to plan:
//! `cargo run --release --example show -- fuzz/artifacts/scenario_structured/crash-…`
fn main() {
    let path = std::env::args().nth(1).expect("an input file");
    let data = std::fs::read(path).expect("readable");
    let mut u = arbitrary::Unstructured::new(&data);
    let scenario = patchcast_fuzz::scenario(&mut u).expect("a scenario");
    println!("{}", scenario.to_json());
    let started = std::time::Instant::now();
    let result = patchcast::invariants::exercise_scenario(&scenario);
    eprintln!("{result:?} in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let plan = patchcast::plan::Plan::make(&scenario);
    eprintln!("plan alone: {:?} ({} batches)", started.elapsed(), plan.map_or(0, |p| p.summary.batches));
}
