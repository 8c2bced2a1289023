//! Scenario files and stored scenarios: any bytes, as the page and the CLI read them.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(scenario) = patchcast::invariants::scenario_from_file(data) {
        patchcast_fuzz::watch("scenario file", &scenario);
    }
});
