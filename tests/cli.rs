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

/// Compares `actual` with the golden file, or rewrites it when PATCHCAST_UPDATE_GOLDEN is
/// set (then review the change with `git diff tests/golden` before committing it).
///
/// JSON is compared as values, with numbers equal to a relative 1e-9, so that a change in
/// the last digit of a float (another platform's rounding) does not fail; everything else
/// must match to the letter.
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new("tests/golden").join(name);
    if std::env::var_os("PATCHCAST_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("rewrote {}: review it with git diff before committing", path.display());
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let same = if name.ends_with(".json") {
        let (a, b) = (serde_json::from_str(&expected).unwrap(), serde_json::from_str(actual).unwrap());
        json_close(&a, &b)
    } else {
        expected == actual
    };
    let first_difference = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .find(|(_, (e, a))| e != a)
        .map(|(i, (e, a))| format!("line {}:\n  golden: {e}\n  now:    {a}", i + 1))
        .unwrap_or_else(|| "the lengths differ".into());
    assert!(
        same,
        "{} differs from the plan ({first_difference}); if the change is intended, run \
         PATCHCAST_UPDATE_GOLDEN=1 cargo test --test cli and review the diff",
        path.display()
    );
}

fn json_close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn golden_json_allows_float_rounding_but_nothing_else() {
    let v = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert!(json_close(&v(r#"{"a":[1.0000000000001]}"#), &v(r#"{"a":[1.0]}"#)));
    assert!(!json_close(&v(r#"{"a":[1.001]}"#), &v(r#"{"a":[1.0]}"#)));
    assert!(!json_close(&v(r#"{"a":1}"#), &v(r#"{"b":1}"#)));
}

/// Writes `json` to a file of its own and runs `patchcast command` on it.
fn run_on(command: &str, json: &serde_json::Value, tag: &str) -> Output {
    run_with(command, json, tag, &[])
}

/// [`run_on`] with more arguments after the scenario file.
fn run_with(command: &str, json: &serde_json::Value, tag: &str, more: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("patchcast-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let mut args = vec![command, file.to_str().unwrap()];
    args.extend_from_slice(more);
    let out = patchcast(&args);
    std::fs::remove_dir_all(dir).unwrap();
    out
}

fn example() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
}

#[test]
fn numbers_on_the_command_line_are_refused_in_planner_words() {
    for (args, message) in [
        (
            &["estimate", "--hosts", "-5"][..],
            "--hosts: enter a whole number of hosts from 1 to 10,000,000 (got -5)",
        ),
        (&["estimate", "--hosts", "99999999999"], "(got 99999999999)"),
        (
            &["estimate", "--hosts", "5", "--consoles", "-1"],
            "--consoles: enter a whole number of consoles from 1 to 1,000",
        ),
        (&["estimate", "--hosts", "5", "--caution", "x"], "--caution: enter a caution factor from 1 to 10"),
    ] {
        let out = patchcast(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("4294967295") && !err.contains("invalid digit"), "{err}");
    }
}

#[test]
fn a_site_without_a_window_or_a_misspelt_field_is_a_scenario_problem() {
    let mut json = example();
    json["windows"][0]["sites"] = serde_json::json!(["Tokyo"]);
    json["windows"].as_array_mut().unwrap().truncate(1);
    let out = run_on("plan", &json, "no-window");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("windows: no maintenance window applies to site"), "{err}");

    let mut json = example();
    let group = json["fleet"]["groups"][0].as_object_mut().unwrap();
    let facing = group.remove("internet_facing").unwrap_or(1.into());
    group.insert("internet_faceing".into(), facing);
    let out = run_on("validate", &json, "misspelt");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fleet.groups[0].internet_faceing: there is no field"), "{err}");
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

#[test]
fn wiki_pages_and_chart_files_come_from_the_command_line() {
    for (format, starts) in [
        ("markdown", "# MS05-021 rollout"),
        ("mediawiki", "== <nowiki>MS05-021 rollout"),
        ("confluence", "<h1>MS05-021 rollout"),
        ("gantt-svg", "<svg"),
        ("exposure-svg", "<svg"),
    ] {
        let out =
            patchcast(&["plan", EXAMPLE, "--format", format, "--link-base", "https://wiki.example.com/p/"]);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let text = stdout(&out);
        assert!(text.starts_with(starts), "{format}: {}", &text[..text.len().min(80)]);
        if format == "markdown" {
            assert!(text.contains("](<https://wiki.example.com/p/#s="), "the share link");
        }
    }
}

/// A scenario with completion targets (version 2): ten times the example's fleet, with
/// one-hour windows and one console, so consoles are what binds.
const TARGETS: &str = "examples/ms05-021-targets.json";

#[test]
fn solve_answers_the_example_targets_and_matches_the_golden_files() {
    for (args, file) in [
        (vec!["solve", TARGETS, "--format", "json"], "example-solve.json"),
        (vec!["solve", TARGETS], "example-solve.txt"),
        (vec!["solve", TARGETS, "--lang", "ja"], "example-solve-ja.txt"),
    ] {
        let out = patchcast(&args);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        golden(file, &stdout(&out));
    }
    let out = patchcast(&["solve", TARGETS, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["consoles_now"], 1);
    assert_eq!(json["consoles_needed"], 4);
    assert_eq!(json["targets"][0]["within_minutes"], 14 * 1440);
    assert_eq!(json["targets"][0]["met_now"], false);
    let table = json["table"].as_array().unwrap();
    assert!(table.len() >= 8);
    // The answer is the first row whose every target is met.
    let first_met =
        table.iter().find(|row| row["targets"].as_array().unwrap().iter().all(|t| t["met"] == true)).unwrap();
    assert_eq!(first_met["consoles"], 4);
    // The plan of the same file carries the targets too.
    let plan: serde_json::Value =
        serde_json::from_str(&stdout(&patchcast(&["plan", TARGETS, "--format", "json"]))).unwrap();
    assert_eq!(plan["targets"][0]["target"], "all=14d");
    assert_eq!(plan["targets"][0]["met"], false);
}

#[test]
fn solve_exits_1_when_nothing_meets_and_2_for_bad_input() {
    // Four hours after a Monday 09:00 start no window has opened: nothing meets it.
    let out = patchcast(&["solve", EXAMPLE, "--target", "all=4h"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("No number of consoles meets every target."));
    assert!(stdout(&out).contains("What binds:"));
    let bad = patchcast(&["solve", EXAMPLE, "--target", "everyone=14d"]);
    assert_eq!(bad.status.code(), Some(2));
    let message = String::from_utf8_lossy(&bad.stderr);
    assert!(message.contains("--target") && message.contains("internet_facing"), "{message}");
    let none = patchcast(&["solve", EXAMPLE]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no completion target"));
    let mut json = example();
    json["capacity"]["consoles"] = serde_json::json!(0);
    let out = run_on("solve", &json, "solve-invalid");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("capacity.consoles"));
}

#[test]
fn solve_names_the_binding_window_length_and_the_lever_that_meets_the_target() {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(TARGETS).unwrap()).unwrap();
    let first = json["windows"][0].clone();
    json["windows"] = serde_json::json!([first]);
    json["windows"][0]["length_minutes"] = serde_json::json!(30);
    json["targets"] = serde_json::json!([{ "hosts": "all", "within": "12d" }]);
    let dir = std::env::temp_dir().join(format!("patchcast-lever-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let out = patchcast(&["solve", file.to_str().unwrap(), "--format", "json", "--max-consoles", "60"]);
    let text = patchcast(&["solve", file.to_str().unwrap(), "--max-consoles", "60"]);
    std::fs::remove_dir_all(dir).unwrap();
    assert_eq!(out.status.code(), Some(0), "a way was found: {}", String::from_utf8_lossy(&out.stderr));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["consoles_needed"], serde_json::Value::Null);
    assert_eq!(answer["binding"], "window_length");
    assert_eq!(
        answer["lever"],
        serde_json::json!({ "kind": "window_length", "window_minutes": 60, "consoles": 4 })
    );
    assert!(
        stdout(&text).contains("What would meet them: windows of at least 1 h with 4 console(s)"),
        "{}",
        stdout(&text)
    );
}

/// `patchcast plan … | head`: the reader stops early; the program ends quietly, no panic.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_patchcast"))
        .args(["plan", TARGETS, "--format", "hosts-csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped: every later write finds the pipe closed.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// What `solve` exits with when a second lever meets the targets: the help and the README
/// say the same (and `solve_names_the_binding_window_length…` checks the code itself).
#[test]
fn solve_help_and_readme_agree_on_the_exit_status() {
    let help = stdout(&patchcast(&["solve", "--help"])).replace('\n', " ");
    assert!(help.contains("exit 0: consoles, or consoles with a longer window or another per-site limit, meet every target; 1: nothing in range does"), "{help}");
    let readme =
        std::fs::read_to_string("README.md").unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(readme.contains("exits 0 when consoles alone, or consoles with a longer window or another per-site limit, meet every target, and 1 when nothing in range does"));
}

/// `--link-base` takes only an http(s) address: anything else is refused with a reason.
#[test]
fn a_link_base_must_be_an_http_address() {
    for base in ["javascript:alert(1)", "file:///srv/patchcast.html", "wiki.example.com/x"] {
        let out = patchcast(&["plan", TARGETS, "--format", "markdown", "--link-base", base]);
        assert_eq!(out.status.code(), Some(2), "{base}");
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains("--link-base must be an http:// or https:// address"));
    }
    let out = patchcast(&[
        "plan",
        TARGETS,
        "--format",
        "mediawiki",
        "--link-base",
        "https://w.example/{{x}}/index.html",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("https://w.example/%7B%7Bx%7D%7D/index.html#s="));
}

/// A temporary file of `text` for the command line to read.
fn temp_file(name: &str, text: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("patchcast-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn track_records_a_filled_in_batches_csv_and_reports_the_variance() {
    // The example with a completion target.
    let mut example = example();
    example["version"] = 2.into();
    example["targets"] = serde_json::json!([{ "hosts": "all", "within": "30d" }]);
    let scenario = temp_file("scenario.json", example.to_string().as_bytes());
    let scenario = scenario.to_str().unwrap();
    let out = patchcast(&["plan", scenario, "--format", "batches-csv"]);
    let csv = stdout(&out);
    let mut lines: Vec<String> = csv.split("\r\n").map(str::to_owned).collect();
    // Batch 1 done as planned; batch 2 done an hour late, one of its hosts failed.
    let cells = |line: &str| line.split(',').map(str::to_owned).collect::<Vec<_>>();
    let second = cells(&lines[2]);
    let end = &second[9];
    let late = format!("{} {:02}:{}", &end[..10], end[11..13].parse::<u32>().unwrap() + 1, &end[14..]);
    // The progress columns are the last three, empty.
    let fill = |line: &str, cells: &str| format!("{}{cells}", line.strip_suffix(",,,").unwrap());
    lines[1] = fill(&lines[1], ",done,,");
    lines[2] = fill(&lines[2], &format!(",done,{late},1"));
    let filled = temp_file("progress.csv", lines.join("\r\n").as_bytes());
    let saved = filled.with_file_name("tracked.json");
    let out = patchcast(&[
        "track",
        scenario,
        "--progress",
        filled.to_str().unwrap(),
        "--format",
        "json",
        "--write-scenario",
        saved.to_str().unwrap(),
    ]);
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("taken as approved at its start"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let progress = &json["progress"];
    let hosts_of_2: u64 = second[13].parse().unwrap();
    assert_eq!(progress["done"], hosts_of_2 - 1);
    assert_eq!(progress["retrying"], 1);
    assert_eq!(progress["refits"][0]["work"], "hotfix", "{progress}");
    assert!(progress["variance_minutes"].as_i64().unwrap() > 0, "{progress}");
    // Done batches first, as they happened, then the rest.
    let statuses: Vec<&str> =
        json["batches"].as_array().unwrap().iter().map(|b| b["status"].as_str().unwrap()).collect();
    assert_eq!(&statuses[..2], ["done", "done"]);
    assert!(statuses[2..].iter().all(|&s| s != "done"));
    assert!(json["targets"][0]["variance_minutes"].is_i64());
    // The scenario with its progress, in the format version that has it; tracked again, it
    // needs no CSV and says the same.
    let scenario = std::fs::read_to_string(&saved).unwrap();
    assert!(scenario.contains("\"version\": 4") && scenario.contains("\"progress\""));
    let again = patchcast(&["track", saved.to_str().unwrap(), "--format", "json"]);
    assert!(again.status.success() && again.stderr.is_empty());
    assert_eq!(stdout(&again), stdout(&out));
    // The Markdown page leads with where the rollout stands.
    let page = stdout(&patchcast(&["track", saved.to_str().unwrap(), "--format", "markdown"]));
    assert!(page.lines().nth(2).unwrap().starts_with("- Rollout in progress: "), "{page}");
    // A later status time moves the rest, never what happened.
    let later =
        patchcast(&["track", saved.to_str().unwrap(), "--now", "2027-01-04T09:00+09:00", "--format", "json"]);
    let later: serde_json::Value = serde_json::from_str(&stdout(&later)).unwrap();
    assert_eq!(later["progress"]["now"], "2027-01-04T00:00:00+00:00");
    assert_eq!(later["batches"][1], json["batches"][1]);
}

#[test]
fn track_refuses_a_csv_line_it_cannot_read_and_a_time_without_an_offset() {
    let out = patchcast(&["plan", EXAMPLE, "--format", "hosts-csv"]);
    let mut lines: Vec<String> = stdout(&out).split("\r\n").map(str::to_owned).collect();
    lines[3] = format!("{},finished,,,", lines[3].strip_suffix(",,,,").unwrap());
    let filled = temp_file("bad.csv", lines.join("\r\n").as_bytes());
    let out = patchcast(&["track", EXAMPLE, "--progress", filled.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.csv: line 4: \"finished\" is not a status"), "{err}");
    assert!(out.stdout.is_empty());
    let out = patchcast(&["track", EXAMPLE, "--now", "2026-12-09 08:00", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--now: write the time as RFC 3339 with its offset"), "{err}");
}

/// `patchcast forecast`: the JSON the issue names, the flags over the scenario, the same
/// answer for the same seed, and with nothing varying the plan's own expected finish.
#[test]
fn forecast_gives_dates_as_ranges_and_chances() {
    let mut s = example();
    s["version"] = 2.into();
    s["targets"] =
        serde_json::json!([{"hosts": "all", "within": "14d"}, {"hosts": "internet_facing", "within": "72h"}]);
    let args = ["--trials", "3000", "--seed", "7", "--format", "json"];
    let out = run_with("forecast", &s, "forecast", &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((json["seed"].as_u64(), json["trials_asked"].as_u64()), (Some(7), Some(3000)));
    // It may stop early, once each chance is known to half a point.
    assert!((1000..=3000).contains(&json["trials"].as_u64().unwrap()));
    let finish = &json["finish"];
    let p = |k: &str| finish[k].as_i64().unwrap();
    assert!(p("p50_minutes") <= p("p85_minutes") && p("p85_minutes") <= p("p95_minutes"));
    assert!(finish["p50"].as_str().unwrap().starts_with("2026-12-"), "{finish}");
    let all = &json["targets"][0];
    assert_eq!((all["hosts"].as_str(), all["within_minutes"].as_i64()), (Some("all"), Some(20160)));
    let chance = all["probability_met"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&chance));
    // The same seed, the same forecast.
    assert_eq!(stdout(&run_with("forecast", &s, "forecast-again", &args)), stdout(&out));
    // No spread, no failures, no lost openings: every quantile is the plan's expected
    // finish.
    let mut sure = s.clone();
    sure["capacity"].as_object_mut().unwrap().remove("failure_rate_percent");
    let still = run_with("forecast", &sure, "forecast-still", &["--spread", "0", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&still)).unwrap();
    let expected = json["plan_expected_finish_minutes"].as_i64().unwrap();
    for k in ["p50_minutes", "p85_minutes", "p95_minutes"] {
        assert_eq!(json["finish"][k].as_i64(), Some(expected), "{k}");
    }
    // Markdown, in Japanese.
    let md =
        run_with("forecast", &s, "forecast-ja", &["--format", "markdown", "--lang", "ja", "--trials", "500"]);
    let text = stdout(&md);
    assert!(text.contains("日付の確からしさ") && text.contains("達成確率"), "{text}");
    // A flag out of range is refused by its name.
    let bad = run_with("forecast", &s, "forecast-bad", &["--lost-window", "95", "--format", "json"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--lost-window: must be between 0 and 90"));
}

/// A scenario with availability sets plans from the command line, the JSON says each
/// set's limit and the most the plan has down; a set naming a host that does not exist is
/// refused with its path.
#[test]
fn availability_sets_plan_and_are_checked_on_the_command_line() {
    const CLUSTERS: &str = "examples/ms05-021-clusters.json";
    assert!(patchcast(&["validate", CLUSTERS]).status.success());
    let out = patchcast(&["plan", CLUSTERS, "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sets = json["availability_sets"].as_array().unwrap();
    assert_eq!(sets.len(), 4);
    for set in sets {
        assert!(set["planned_most_down"].as_u64() <= set["most_down"].as_u64(), "{set}");
    }
    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(CLUSTERS).unwrap()).unwrap();
    bad["fleet"]["availability_sets"][1]["hosts"][0] = "tokyo-2003-9999".into();
    bad["fleet"]["availability_sets"][3]["min_in_service"] = 5.into();
    let dir = std::env::temp_dir().join(format!("patchcast-sets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad-sets.json");
    std::fs::write(&file, bad.to_string()).unwrap();
    let out = patchcast(&["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fleet.availability_sets[1].hosts") && err.contains("tokyo-2003-9999"), "{err}");
    assert!(err.contains("fleet.availability_sets[3].max_down") && err.contains("only one limit"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
