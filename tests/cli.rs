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

const EXAMPLE: &str = "examples/ms05-021-two-sites.json";

/// Compares `actual` with the golden file, or rewrites it when PATCHCAST_UPDATE_GOLDEN is set.
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new("tests/golden").join(name);
    if std::env::var_os("PATCHCAST_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        expected == actual,
        "{} differs from the plan; if the change is intended, run PATCHCAST_UPDATE_GOLDEN=1 cargo test --test cli",
        path.display()
    );
}

#[test]
fn plan_of_the_example_matches_the_golden_files() {
    for (format, file) in [
        ("batches-csv", "example-batches.csv"),
        ("hosts-csv", "example-hosts.csv"),
        ("json", "example-plan.json"),
        ("ics", "example-plan.ics"),
    ] {
        let out = patchcast(&["plan", EXAMPLE, "--format", format]);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        golden(file, &stdout(&out));
    }
}

#[test]
fn plan_writes_to_a_file() {
    let dir = std::env::temp_dir().join(format!("patchcast-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("plan.ics");
    let out = patchcast(&["plan", EXAMPLE, "--format", "ics", "-o", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("BEGIN:VCALENDAR\r\n"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn validate_accepts_the_example_and_the_sample() {
    let out = patchcast(&["validate", EXAMPLE]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("valid: 298 hosts"), "{}", stdout(&out));
    let sample = patchcast(&["sample"]);
    let dir = std::env::temp_dir().join(format!("patchcast-sample-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.json");
    std::fs::write(&file, &sample.stdout).unwrap();
    assert!(patchcast(&["validate", file.to_str().unwrap()]).status.success());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn invalid_scenarios_name_each_field_and_exit_2() {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    json["capacity"]["consoles"] = 0.into();
    json["windows"][0]["start"] = "24:30".into();
    json["fleet"]["groups"][2]["time_zone"] = "Asia/Tokio".into();
    let dir = std::env::temp_dir().join(format!("patchcast-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, json.to_string()).unwrap();
    for command in ["validate", "plan"] {
        let out = patchcast(&[command, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        for field in ["capacity.consoles", "windows[0].start", "fleet.groups[2].time_zone"] {
            assert!(err.contains(field), "{command}: {field} not named in {err}");
        }
        assert!(err.contains("Asia/Tokio"), "{err}");
    }
    std::fs::write(&file, "{\"format\": \"patchcast-scenario\", ").unwrap();
    let out = patchcast(&["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("line 1"));
    let missing = patchcast(&["validate", "no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_impossible_plan_exits_1_with_the_reason() {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    json["horizon_days"] = 1.into();
    json["capacity"]["consoles"] = 1.into();
    json["fleet"]["groups"][4]["hosts"] = 100000.into();
    let dir = std::env::temp_dir().join(format!("patchcast-impossible-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("impossible.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let out = patchcast(&["plan", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("still unpatched"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
