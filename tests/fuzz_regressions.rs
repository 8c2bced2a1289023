//! Every input the fuzzers (scripts/fuzz.sh) ever found a fault with, and their seeds, run
//! through the same checks as the fuzz targets (`patchcast::invariants`), on stable.
//! Inputs live in fuzz/regressions/<target>/ and fuzz/seeds/<target>/, one file each.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use patchcast::invariants;

/// The files of fuzz/regressions/<target> and fuzz/seeds/<target>, with their bytes.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["fuzz/regressions", "fuzz/seeds"] {
        let Ok(entries) = fs::read_dir(Path::new(dir).join(target)) else { continue };
        for entry in entries.flatten() {
            out.push((entry.path().display().to_string(), fs::read(entry.path()).unwrap()));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

fn shift_jis(bytes: &[u8]) -> Option<String> {
    encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes).map(|t| t.into_owned())
}

#[test]
fn scenario_files() {
    for (name, bytes) in inputs("scenario_file") {
        invariants::exercise_file(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn share_links() {
    for (name, bytes) in inputs("share_link") {
        // As the fuzz target reads its input: a first byte saying raw or packed.
        let fragment = match bytes.split_first() {
            Some((b, rest)) if b % 2 == 0 => rest.to_vec(),
            Some((_, rest)) => {
                use base64::Engine;
                let packed = miniz_oxide::deflate::compress_to_vec(rest, 6);
                format!("s={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)).into_bytes()
            }
            None => Vec::new(),
        };
        invariants::exercise_link(&fragment).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn inventories() {
    for (name, bytes) in inputs("inventory") {
        invariants::exercise_inventory(&bytes, &shift_jis).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Faults found before the fuzz targets existed (issue reports and hand probes), each as
/// the smallest input that showed it.
mod found_by_hand {
    use patchcast::form::{Field, WindowField};
    use patchcast::invariants;
    use patchcast::maintenance_window::Recurrence;
    use patchcast::scenario::Scenario;
    use patchcast::workspace::{Action, Workspace};

    #[test]
    fn a_start_late_in_9999_is_refused_not_an_index_panic() {
        let mut s = Scenario::sample();
        for start in ["9998-12-20T09:00", "9999-12-31T23:00"] {
            s.start = start.into();
            invariants::exercise_scenario(&s).unwrap();
            let problems = s.check().unwrap_err();
            assert_eq!(problems.len(), 1, "{start}: {problems:?}");
            assert_eq!(problems[0].path, "start");
            assert_eq!(problems[0].message, "choose a start in 2099 or earlier");
        }
    }

    #[test]
    fn an_offset_of_minus_32768_is_refused() {
        let edits = [
            (Field::Window(0, WindowField::Every), "month".to_string()),
            (Field::Window(0, WindowField::Offset), "-32768".to_string()),
        ];
        invariants::exercise_edits(&edits).unwrap();
        // The page keeps what was typed beside its message and the window as it was.
        let mut w = std::rc::Rc::new(Workspace::default());
        for (field, text) in &edits {
            w = w.apply(Action::Edit(*field, text.clone()));
        }
        let offset = Field::Window(0, WindowField::Offset);
        assert_eq!(w.text(offset), "-32768");
        assert!(
            w.error(offset).is_some_and(|e| e.contains("-27") && e.contains("27")),
            "{:?}",
            w.error(offset)
        );
        assert!(matches!(w.scenario.windows[0].recurrence, Recurrence::Month { offset_days: 0, .. }));
    }

    #[test]
    fn an_advisory_id_with_a_line_break_cannot_inject_calendar_properties() {
        let mut s = Scenario::sample();
        let mut a = patchcast::advisory::presets::ms05_021();
        a.id = "MS05-021\r\nATTACH:http://evil.example/x".into();
        s.advisory_preset = None;
        s.advisory = Some(a);
        invariants::exercise_scenario(&s).unwrap();
    }
}
