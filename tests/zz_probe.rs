use patchcast::plan::Plan;
use patchcast::scenario::Scenario;
#[test]
fn probe() {
    let text = std::fs::read_to_string("/tmp/one_by_one.json").unwrap();
    let s = Scenario::from_json(&text).unwrap();
    let t = std::time::Instant::now();
    let r = Plan::make(&s);
    eprintln!("{} {:?} {}", r.is_err(), t.elapsed(), r.err().map(|e| e.to_string()).unwrap_or_default());
}
