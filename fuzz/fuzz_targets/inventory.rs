//! Inventory CSV files in any encoding, imported and planned.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let shift_jis = |bytes: &[u8]| {
        encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
    };
    patchcast_fuzz::watch("inventory", data.len(), || {
        patchcast::invariants::exercise_inventory(data, &shift_jis)
    });
});
