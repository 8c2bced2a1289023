//! Structure-aware scenarios with wild values, so most cases reach the scheduler.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(scenario) = patchcast_fuzz::scenario(&mut u) else { return };
    patchcast_fuzz::watch("structured scenario", &scenario);
});
