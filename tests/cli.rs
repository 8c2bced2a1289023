//! The `patchcast` command line, run as a planner's script would run it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn patchcast(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patchcast")).args(args).output().expect("runs patchcast")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn estimate_prints_json() {
    let out = patchcast(&["estimate", "--hosts", "500", "--format", "json"]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        r#"{"hosts":500,"consoles":1,"expected_minutes":100.1,"cautious_minutes":125.1,"extrapolated":false}"#
    );
}

#[test]
fn estimate_splits_over_consoles_and_flags_extrapolation() {
    let out = patchcast(&["estimate", "--hosts", "100", "--consoles", "4", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["consoles"], 4);
    assert_eq!(json["extrapolated"], true);
    // 25 hosts per console: 15.9 + 0.168 × 25.
    assert_eq!(json["expected_minutes"], 20.1);
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    for args in [
        &["estimate", "--hosts", "0"][..],
        &["estimate", "--hosts", "ten"],
        &["estimate", "--hosts", "10", "--consoles", "0"],
        &["estimate", "--hosts", "10", "--caution", "0.5"],
        &["estimate"],
        &["frobnicate"],
    ] {
        let out = patchcast(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("patchcast: error: "), "{err}");
    }
}
