//! Sequences of form edits, as keystrokes reach the workspace.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let mut edits = Vec::new();
    while edits.len() < 12 {
        let (Ok(field), Ok(text)) = (patchcast_fuzz::field(&mut u), patchcast_fuzz::typed(&mut u)) else {
            break;
        };
        edits.push((field, text));
    }
    if let Err(broken) = patchcast::invariants::exercise_edits(&edits) {
        panic!("form edits: {broken}");
    }
});
