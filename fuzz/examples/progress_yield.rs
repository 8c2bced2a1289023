//! How many drawn progress records plan, and how many are refused (and why, most often):
//! `cargo run --release --example progress_yield -- fuzz/corpus/progress`
fn main() {
    let dir = std::env::args().nth(1).expect("a corpus directory");
    let (mut planned, mut refused, mut other) = (0, 0, 0);
    let mut reasons: std::collections::BTreeMap<String, u32> = Default::default();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let data = std::fs::read(entry.path()).expect("readable");
        let mut u = arbitrary::Unstructured::new(&data);
        let Ok(s) = patchcast_fuzz::followed(&mut u) else { continue };
        if s.progress.is_none() {
            other += 1;
            continue;
        }
        match patchcast::plan::Plan::make(&s) {
            Ok(_) => planned += 1,
            Err(patchcast::plan::PlanError::Invalid(problems)) => {
                refused += 1;
                let p = &problems[0];
                let key = p.path.split('[').next().unwrap_or("").to_string() + ": " + &p.message.chars().take(40).collect::<String>();
                *reasons.entry(key).or_default() += 1;
            }
            Err(_) => other += 1,
        }
    }
    println!("planned {planned}, refused {refused}, other {other}");
    let mut top: Vec<_> = reasons.into_iter().collect();
    top.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (r, n) in top.into_iter().take(8) {
        println!("{n:5} {r}");
    }
}
