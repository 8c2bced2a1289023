//! Link fragments: any text after `#`, and deflated JSON behind `s=`.
#![no_main]
use base64::Engine;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Half the inputs are raw fragments; the rest are packed as a link is, so the
    // inflater and the reader behind it are reached too.
    let fragment = if data.first().is_some_and(|b| b % 2 == 0) {
        data[1..].to_vec()
    } else {
        let packed = miniz_oxide::deflate::compress_to_vec(data.get(1..).unwrap_or_default(), 6);
        format!("s={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)).into_bytes()
    };
    if let Some(scenario) = patchcast::invariants::scenario_from_link(&fragment) {
        patchcast_fuzz::watch("share link", &scenario);
    }
});
