//! Scenario files and stored scenarios: any bytes, as the page and the CLI read them.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    patchcast_fuzz::watch("scenario file", data.len(), || patchcast::invariants::exercise_file(data));
});
