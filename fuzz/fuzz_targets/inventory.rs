//! Inventory CSV files in any encoding, imported and planned.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let shift_jis = |bytes: &[u8]| {
        encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
    };
    match patchcast::invariants::scenario_from_inventory(data, &shift_jis) {
        Ok(Some(scenario)) => patchcast_fuzz::watch("inventory", &scenario),
        Ok(None) => {}
        Err(broken) => panic!("inventory: {broken}"),
    }
});
