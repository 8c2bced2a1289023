//! A rollout's progress records, drawn around the plan they follow: every record either is
//! refused in words or replans under every rule (every host accounted for, nothing patched
//! twice, no batch out of its opening, over its site's limit or out of phase order), and
//! within the time limit.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(scenario) = patchcast_fuzz::followed(&mut u) else { return };
    patchcast_fuzz::watch("progress", &scenario);
});
