//! A scenario: everything a planner describes, saved as versioned JSON.
//!
//! The format is documented in `docs/scenario.md`. [`Scenario::check`] finds every problem
//! at once, each with the path of its field (`fleet.groups[2].hosts`), so the page can show
//! it beside the input and the command line can name it.

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod check;
mod document;
mod file_problem;
pub mod forecast;
pub mod limits;

use document::{Node, Unparsed};
pub use file_problem::{FileProblem, Got, SyntaxProblem};

use crate::advisory::Advisory;
use crate::fleet::{ExpandedFleet, Fleet, Group};
use crate::i18n::{Lang, Localized};
use crate::maintenance_window::{Blackouts, Day, Recurrence, Window};
use crate::phase::Phase;
use crate::risk::Criticality;
use crate::scheduler::SiteLimit;
use crate::target::{Resolved, Target};
use crate::timing::{TimingModel, TimingPoint, DEFAULT_CAUTION};

/// The `format` field of every scenario file.
pub const FORMAT: &str = "patchcast-scenario";
/// The newest scenario version this build reads. Version 2 added completion targets,
/// version 3 the change record, version 4 a rollout's progress, version 5 the forecast's
/// settings, version 6 a window's back-out reserve, version 7 the fleet's availability
/// sets; a scenario is written in the oldest
/// version that holds what it has, so that older builds read it.
pub const VERSION: u32 = 7;
/// The first version that may hold completion targets.
pub const TARGETS_VERSION: u32 = 2;
/// The first version that may hold a change record.
pub const CHANGE_VERSION: u32 = 3;
/// The first version that may hold a rollout's progress.
pub const PROGRESS_VERSION: u32 = 4;
/// The first version that may hold the forecast's settings.
pub const FORECAST_VERSION: u32 = 5;
/// The first version that may hold a window's back-out reserve.
pub const RESERVE_VERSION: u32 = 6;
/// The first version that may hold availability sets.
pub const SETS_VERSION: u32 = 7;

/// What a change-approval board signs: the change or ticket number, how the rollout is
/// backed out, and who approves it. Printed on the change-approval summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRecord {
    /// The change or ticket number (`CHG0012345`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket: String,
    /// The back-out plan in the planner's words; when empty, the summary says what the
    /// plan itself provides (failure thresholds, uninstall).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub backout: String,
    /// Who approves: a name or role a line, each given a line to sign.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvers: Vec<String>,
}

impl ChangeRecord {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
/// Default look-ahead for windows before a phase is declared impossible.
pub const DEFAULT_HORIZON_DAYS: u32 = 730;
/// Longest look-ahead accepted: ten years.
pub const MAX_HORIZON_DAYS: u32 = 3650;
/// The latest year a plan may start in (so that, with the longest horizon, every window
/// opening stays within years whose calendar and clock rules are known).
pub const LAST_START_YEAR: i32 = 2099;

fn default_caution() -> f64 {
    DEFAULT_CAUTION
}

fn default_horizon() -> u32 {
    DEFAULT_HORIZON_DAYS
}

/// Deployment capacity and the timing model's inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Consoles (deployment agents) working in parallel on disjoint hosts.
    pub consoles: u32,
    /// Cautious (p90) duration as a multiple of the expected one; windows are filled by it.
    #[serde(default = "default_caution")]
    pub caution: f64,
    /// The planner's own measured runs; when two or more, the model is refitted to them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibration: Vec<TimingPoint>,
    /// Optional chance (in %) that one host's install fails, for the halt probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_rate_percent: Option<f64>,
}

/// Everything the planner describes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Always `patchcast-scenario`.
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub name: String,
    /// A built-in advisory by identifier (e.g. `MS05-021`); or give `advisory` in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory_preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory: Option<Advisory>,
    pub fleet: Fleet,
    pub capacity: Capacity,
    pub windows: Vec<Window>,
    /// Local dates on which no window opens: `YYYY-MM-DD`, or a range
    /// `YYYY-MM-DD..YYYY-MM-DD`, either optionally followed by `@` and the sites it is for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blackouts: Vec<String>,
    /// When the plan may start: local date and time, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// IANA zone of `start`.
    pub start_time_zone: String,
    /// The phases; when absent, the default plan is generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases: Option<Vec<Phase>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_limit: Option<SiteLimit>,
    #[serde(default = "default_horizon")]
    pub horizon_days: u32,
    /// Completion targets the plan is measured against (version 2 and later).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// The change record (version 3 and later).
    #[serde(default, skip_serializing_if = "ChangeRecord::is_empty")]
    pub change: ChangeRecord,
    /// The rollout's progress once the plan is approved (version 4 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<crate::progress::Progress>,
    /// How the forecast runs, when not as by default (version 5 and later).
    #[serde(default, skip_serializing_if = "forecast::Settings::is_default")]
    pub forecast: forecast::Settings,
}

/// One thing wrong with a scenario, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Path of the field, such as `fleet.groups[2].hosts` or `windows[0].start`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a scenario file cannot be read.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ScenarioError {
    /// Not JSON at all.
    #[error("line {line}, column {column}: {}", .problem.text(Lang::En))]
    Syntax { line: usize, column: usize, problem: SyntaxProblem },
    /// JSON, but a field is misspelt, missing or holds the wrong kind of value.
    #[error("{path}: {problem}")]
    Field { path: String, problem: FileProblem },
    /// Some other file.
    #[error("this is not a Patchcast scenario (its \"format\" is not \"{FORMAT}\")")]
    NotAScenario,
    /// Not UTF-8 text: a scenario file is always saved as UTF-8.
    #[error("this is not a text file in UTF-8, as Patchcast saves scenarios")]
    NotText,
    /// Larger than any scenario Patchcast reads.
    #[error("the file is larger than {} MB, more than any scenario within Patchcast's limits", limits::MAX_FILE_BYTES >> 20)]
    TooLarge,
    /// Written by a newer Patchcast.
    #[error("this scenario is version {0}, newer than this Patchcast reads ({VERSION}); update Patchcast")]
    FutureVersion(u64),
}

/// A scenario whose every field checked out, with its parts resolved.
#[derive(Clone, Debug)]
pub struct Checked {
    pub advisory: Advisory,
    pub hotfix_model: TimingModel,
    pub prerequisite_model: TimingModel,
    pub expanded: ExpandedFleet,
    pub phases: Vec<Phase>,
    pub blackouts: Blackouts,
    /// Plan start, minutes since the Unix epoch (UTC).
    pub start: i64,
    /// The completion targets, read and checked.
    pub targets: Vec<Resolved>,
    /// The rollout's progress, read and checked.
    pub progress: Option<crate::progress::Record>,
}

impl Scenario {
    /// The advisory the scenario names (preset or custom), if any.
    pub fn named_advisory(&self) -> Option<crate::advisory::Advisory> {
        self.advisory
            .clone()
            .or_else(|| self.advisory_preset.as_deref().and_then(crate::advisory::presets::preset))
    }

    /// The oldest format version that holds what the scenario has (targets, a change
    /// record): what it is written as, so that older builds read it.
    pub fn settle_version(&mut self) {
        self.version = if !self.fleet.availability_sets.is_empty() {
            SETS_VERSION
        } else if self.windows.iter().any(|w| w.backout_reserve_minutes > 0) {
            RESERVE_VERSION
        } else if !self.forecast.is_default() {
            FORECAST_VERSION
        } else if self.progress.is_some() {
            PROGRESS_VERSION
        } else if !self.change.is_empty() {
            CHANGE_VERSION
        } else if !self.targets.is_empty() {
            TARGETS_VERSION
        } else {
            1
        };
    }

    /// Reads a scenario file's bytes: UTF-8 (a byte-order mark is allowed) of at most
    /// [`limits::MAX_FILE_BYTES`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ScenarioError> {
        if bytes.len() > limits::MAX_FILE_BYTES {
            return Err(ScenarioError::TooLarge);
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Self::from_json(std::str::from_utf8(bytes).map_err(|_| ScenarioError::NotText)?)
    }

    /// Reads a scenario from JSON, checking format and version before the fields.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let root = Node::parse(text).map_err(|e| {
            let (problem, line, column) = match e {
                Unparsed::EndsEarly { line, column } => (SyntaxProblem::EndsEarly, line, column),
                Unparsed::TooDeep { line, column } => (SyntaxProblem::TooDeep, line, column),
                Unparsed::NotJson { line, column } => (SyntaxProblem::NotJson, line, column),
            };
            ScenarioError::Syntax { line, column, problem }
        })?;
        if !matches!(root, Node::Object(_)) {
            return Err(ScenarioError::NotAScenario);
        }
        match root.field("format") {
            // A format of the wrong kind is reported by the full read, with its path.
            Some(Node::Text(format)) if format != FORMAT => return Err(ScenarioError::NotAScenario),
            None => return Err(ScenarioError::NotAScenario),
            _ => {}
        }
        if let Some(Node::Unsigned(version)) = root.field("version") {
            if *version > u64::from(VERSION) {
                return Err(ScenarioError::FutureVersion(*version));
            }
        }
        serde_path_to_error::deserialize(&root).map_err(|e| {
            let (path, problem) = file_problem::of(e.path(), e.inner().clone(), &root);
            ScenarioError::Field { path, problem }
        })
    }

    /// Writes the scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario serialises") + "\n"
    }

    /// Checks every field; returns the resolved scenario or every problem found.
    pub fn check(&self) -> Result<Checked, Vec<Problem>> {
        self.check_in(Lang::En)
    }

    /// The built-in example: MS05-021 on a fleet of two sites in different time zones.
    pub fn sample() -> Self {
        let group = |name: &str, edition: &str, hosts, site: &str, tz: &str, internet, prerequisite| Group {
            name: name.into(),
            edition: edition.into(),
            hosts,
            site: site.into(),
            time_zone: tz.into(),
            internet_facing: internet,
            prerequisite_present: prerequisite,
            criticality: Criticality::Normal,
            host_names: Vec::new(),
        };
        Scenario {
            format: FORMAT.into(),
            version: 1,
            name: "MS05-021 rollout, Tokyo and Frankfurt".into(),
            advisory_preset: Some("MS05-021".into()),
            advisory: None,
            fleet: Fleet {
                groups: vec![
                    Group {
                        criticality: Criticality::High,
                        ..group("tokyo-edge", "ex2000-sp3", 12, "Tokyo", "Asia/Tokyo", 12, 4)
                    },
                    group("tokyo-internal", "ex2000-sp3", 60, "Tokyo", "Asia/Tokyo", 0, 30),
                    group("tokyo-2003", "ex2003", 80, "Tokyo", "Asia/Tokyo", 0, 0),
                    group("frankfurt-edge", "ex2000-sp3", 6, "Frankfurt", "Europe/Berlin", 6, 6),
                    group("frankfurt-2003sp1", "ex2003-sp1", 140, "Frankfurt", "Europe/Berlin", 0, 0),
                    group("legacy-55", "ex5.5-sp4", 4, "Frankfurt", "Europe/Berlin", 0, 0),
                ],
                ..Fleet::default()
            },
            capacity: Capacity {
                consoles: 2,
                caution: DEFAULT_CAUTION,
                calibration: Vec::new(),
                failure_rate_percent: None,
            },
            windows: vec![Window {
                name: "Weeknights".into(),
                recurrence: Recurrence::Week { days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri] },
                start: "22:00".into(),
                length_minutes: 5 * 60,
                backout_reserve_minutes: 0,
                sites: Vec::new(),
            }],
            blackouts: vec!["2026-12-31".into(), "2027-01-01".into()],
            start: "2026-12-07T09:00".into(),
            start_time_zone: "Asia/Tokyo".into(),
            phases: None,
            site_limit: Some(SiteLimit::Percent(50.0)),
            horizon_days: DEFAULT_HORIZON_DAYS,
            targets: Vec::new(),
            change: ChangeRecord::default(),
            progress: None,
            forecast: Default::default(),
        }
    }
}

impl Localized for ScenarioError {
    fn ja(&self) -> String {
        match self {
            Self::Syntax { line, column, problem } => format!("{line}行目{column}文字目: {}", problem.text(Lang::Ja)),
            Self::Field { path, problem } => format!("{path}: {}", problem.ja()),
            Self::NotAScenario => format!("Patchcast のシナリオではありません（format が「{FORMAT}」ではありません）"),
            Self::NotText => "Patchcast が保存する UTF-8 のテキストファイルではありません".into(),
            Self::TooLarge => format!(
                "ファイルが{} MBを超えています。Patchcast の上限内のシナリオより大きいファイルです",
                limits::MAX_FILE_BYTES >> 20
            ),
            Self::FutureVersion(v) => format!(
                "このシナリオはバージョン{v}で、この Patchcast が読める版（{VERSION}）より新しいです。Patchcast を更新してください"
            ),
        }
    }
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::advisory::presets;

    #[test]
    fn the_sample_checks_out_and_round_trips() {
        let s = Scenario::sample();
        let checked = s.check().unwrap();
        assert_eq!(checked.expanded.hosts.len(), 298);
        assert_eq!(checked.expanded.unaffected[0].hosts, 4);
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn every_problem_is_found_with_its_path() {
        let mut s = Scenario::sample();
        s.capacity.consoles = 0;
        s.fleet.groups[1].hosts = 0;
        s.windows[0].start = "25:00".into();
        s.blackouts.push("2027-13-01".into());
        s.start = "soon".into();
        let paths: Vec<String> = s.check().unwrap_err().into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            ["capacity.consoles", "fleet.groups[1].hosts", "windows[0].start", "blackouts[2]", "start"]
        );
    }

    #[test]
    fn the_same_target_twice_is_refused_and_not_added_twice() {
        use crate::form::Change;
        let mut s = Scenario::sample();
        let target = Target::from_flag("all=14d").unwrap();
        Change::AddTarget(target.clone()).apply(&mut s);
        Change::AddTarget(target.clone()).apply(&mut s);
        assert_eq!(s.targets.len(), 1);
        s.targets.push(target);
        let problems = s.check().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].path.as_str(), problems[0].message.as_str()),
            ("targets[1].within", "this is target 1 again; remove one")
        );
    }

    #[test]
    fn a_change_record_needs_version_3() {
        let mut s = Scenario::sample();
        s.change.ticket = "CHG0012345".into();
        s.version = 2;
        let problems = s.check().unwrap_err();
        assert_eq!(problems[0].path, "version");
        assert!(problems[0].message.contains("version 3"), "{problems:?}");
        s.settle_version();
        assert!(s.check().is_ok());
        let text = s.to_json();
        assert!(text.contains("\"version\": 3") && text.contains("\"ticket\": \"CHG0012345\""), "{text}");
        assert!(!text.contains("approvers"), "empty parts are left out");
    }

    #[test]
    fn a_start_that_is_no_date_is_said_in_the_form_the_page_shows() {
        let mut s = Scenario::sample();
        s.start = "2026-13-01T09:00".into();
        let problems = s.check().unwrap_err();
        assert_eq!(problems[0].message, "\"2026-13-01 09:00\" is not a date and time (use YYYY-MM-DD HH:MM)");
        s.start = "2026-12-07 09:00".into();
        assert!(s.check().is_ok(), "a space reads as the T does");
    }

    #[test]
    fn a_window_shorter_than_one_host_is_an_error() {
        let mut s = Scenario::sample();
        s.windows[0].length_minutes = 15;
        let problems = s.check().unwrap_err();
        assert_eq!(problems[0].path, "windows[0].length_minutes");
        assert!(problems[0].message.contains("too short"), "{}", problems[0].message);
    }

    #[test]
    fn a_spelled_out_advisory_plans_like_the_preset() {
        let preset = Scenario::sample();
        let mut custom = preset.clone();
        custom.advisory_preset = None;
        custom.advisory = Some(presets::ms05_021());
        let custom = Scenario::from_json(&custom.to_json()).unwrap();
        let (a, b) = (crate::plan::Plan::make(&preset).unwrap(), crate::plan::Plan::make(&custom).unwrap());
        assert_eq!(a.schedule, b.schedule);
        assert_eq!(a.summary, b.summary);
    }

    #[test]
    fn unreadable_files_say_why() {
        assert!(matches!(
            Scenario::from_json("{"),
            Err(ScenarioError::Syntax { line: 1, problem: SyntaxProblem::EndsEarly, .. })
        ));
        assert_eq!(Scenario::from_json(r#"{"format":"other"}"#), Err(ScenarioError::NotAScenario));
        let future = format!(r#"{{"format":"{FORMAT}","version":99}}"#);
        assert_eq!(Scenario::from_json(&future), Err(ScenarioError::FutureVersion(99)));
        let mut json: serde_json::Value = serde_json::from_str(&Scenario::sample().to_json()).unwrap();
        json["capacity"]["consoels"] = 3.into();
        let err = Scenario::from_json(&json.to_string()).unwrap_err();
        assert!(err.to_string().contains("consoels"), "{err}");
    }

    /// Every object of the format, each with one misspelt field added, is refused at
    /// that field's path.
    #[test]
    fn every_object_refuses_unknown_fields() {
        let mut full = Scenario::sample();
        full.advisory_preset = None;
        full.advisory = Some(presets::ms05_021());
        full.advisory.as_mut().unwrap().prerequisites[0].timing =
            vec![TimingPoint { hosts: 10, minutes: 40.0 }, TimingPoint { hosts: 100, minutes: 130.0 }];
        full.capacity.calibration =
            vec![TimingPoint { hosts: 50, minutes: 20.0 }, TimingPoint { hosts: 100, minutes: 30.0 }];
        full.windows.push(Window {
            name: "Patch Tuesday".into(),
            recurrence: Recurrence::Month {
                nth: crate::maintenance_window::Nth::Second,
                day: Day::Tue,
                offset_days: 3,
            },
            start: "12:00".into(),
            length_minutes: 60,
            backout_reserve_minutes: 0,
            sites: vec!["Tokyo".into()],
        });
        full.change =
            ChangeRecord { ticket: "CHG1".into(), backout: String::new(), approvers: vec!["CAB".into()] };
        full.settle_version();
        let checked = full.check().unwrap();
        full.phases = Some(checked.phases);
        let value: serde_json::Value = serde_json::from_str(&full.to_json()).unwrap();

        fn objects(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    out.push(at.clone());
                    for (k, v) in m {
                        objects(v, format!("{at}/{k}"), out);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        objects(v, format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
        let mut pointers = Vec::new();
        objects(&value, String::new(), &mut pointers);
        assert!(pointers.len() > 20, "{pointers:?}");
        for pointer in pointers {
            let mut v = value.clone();
            v.pointer_mut(&pointer).unwrap().as_object_mut().unwrap().insert("misspelt".into(), 1.into());
            let err = Scenario::from_json(&v.to_string()).unwrap_err();
            // site_limit is one of two one-field objects: with an extra key it is neither.
            let misspelt = "misspelt".to_string();
            let (path, field) = match &err {
                ScenarioError::Field { path, problem: FileProblem::UnknownField { field, .. } } => {
                    (path.clone(), field)
                }
                ScenarioError::Field { path, problem: FileProblem::WrongValue { expected, .. } }
                    if path == "site_limit" =>
                {
                    assert!(expected.en.contains("\"percent\""), "{err}");
                    ("site_limit.misspelt".to_string(), &misspelt)
                }
                _ => panic!("{pointer}: {err}"),
            };
            assert_eq!(field, "misspelt", "{pointer}");
            let expected = pointer.split('/').skip(1).fold(String::new(), |p, k| match k.parse::<usize>() {
                Ok(i) => format!("{p}[{i}]"),
                Err(_) if p.is_empty() => k.to_string(),
                Err(_) => format!("{p}.{k}"),
            });
            let expected =
                if expected.is_empty() { "misspelt".to_string() } else { format!("{expected}.misspelt") };
            assert_eq!(path, expected, "{pointer}");
        }
    }

    #[test]
    fn wrong_values_are_named_in_planner_words() {
        let mut json: serde_json::Value = serde_json::from_str(&Scenario::sample().to_json()).unwrap();
        json["fleet"]["groups"][0]["hosts"] = (-5).into();
        let err = Scenario::from_json(&json.to_string()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "fleet.groups[0].hosts: enter a whole number of hosts from 1 to 2,000,000 (got -5)"
            ),
            "{err}"
        );
        assert!(err
            .ja()
            .starts_with("fleet.groups[0].hosts: 1〜2,000,000の台数（整数）を入力してください（入力: -5）"));
        json["fleet"]["groups"][0]["hosts"] = "oops".into();
        let err = Scenario::from_json(&json.to_string()).unwrap_err().to_string();
        assert!(!err.contains("u32") && !err.contains("invalid type") && err.contains("\"oops\""), "{err}");
        let big = format!(r#"{{"format":"{FORMAT}","version":4294967297}}"#);
        assert_eq!(Scenario::from_json(&big), Err(ScenarioError::FutureVersion(4_294_967_297)));
    }

    fn paths(s: &Scenario) -> Vec<String> {
        s.check().err().unwrap_or_default().into_iter().map(|p| p.path).collect()
    }

    #[test]
    fn starts_the_zone_table_cannot_place_are_refused() {
        let mut s = Scenario::sample();
        s.fleet.groups[0].time_zone = "America/New_York".into();
        s.fleet.groups[1].time_zone = "America/New_York".into();
        s.fleet.groups[2].time_zone = "America/New_York".into();
        // US daylight-saving rules changed in 2007: a 2005 start would be an hour off.
        s.start = "2005-04-15T09:00".into();
        let problems = s.check().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "start");
        assert!(problems[0].message.contains("America/New_York from 2007 on"), "{}", problems[0].message);
        s.start = "2007-04-15T09:00".into();
        assert!(s.check().is_ok());
        // Tokyo's rule has held since before 1970; Berlin's since 1996.
        let mut s = Scenario::sample();
        s.start = "1997-01-06T09:00".into();
        assert!(s.check().is_ok());
        s.start = "1990-01-08T09:00".into();
        assert_eq!(paths(&s), ["start"]);
        for late in ["2100-01-01T00:00", "9999-12-30T09:00"] {
            s.start = late.into();
            assert_eq!(paths(&s), ["start"], "{late}");
            assert!(crate::plan::Plan::make(&s).is_err());
        }
        s.start = "2099-12-31T09:00".into();
        s.horizon_days = MAX_HORIZON_DAYS;
        assert!(crate::plan::Plan::make(&s).is_ok());
    }

    #[test]
    fn wild_numbers_are_refused_not_panicked_on() {
        let mut s = Scenario::sample();
        s.windows[0].recurrence = Recurrence::Month {
            nth: crate::maintenance_window::Nth::Last,
            day: Day::Fri,
            offset_days: i16::MIN,
        };
        assert_eq!(paths(&s), ["windows[0].recurrence"]);
        let mut s = Scenario::sample();
        s.phases = Some(vec![crate::phase::Phase::new(
            "pilot",
            crate::phase::Selector::Pilot { hosts: u32::MAX },
            0.0,
        )]);
        assert_eq!(paths(&s), ["phases[0].hosts"]);
        // The largest pilot accepted plans a small fleet without reserving its size.
        s.phases = Some(vec![crate::phase::Phase::new(
            "pilot",
            crate::phase::Selector::Pilot { hosts: 2_000_000 },
            0.0,
        )]);
        assert_eq!(crate::plan::Plan::make(&s).unwrap().summary.hosts, 298);
    }

    #[test]
    fn one_mistake_gives_one_message() {
        let mut s = Scenario::sample();
        s.capacity.caution = -1.0;
        assert_eq!(paths(&s), ["capacity.caution"]);
        s.capacity.caution = f64::NAN;
        assert_eq!(paths(&s), ["capacity.caution"]);
    }

    #[test]
    fn files_must_be_utf8_text_of_a_sensible_size() {
        let json = Scenario::sample().to_json();
        assert_eq!(Scenario::from_bytes(json.as_bytes()).unwrap(), Scenario::sample());
        assert_eq!(Scenario::from_bytes(format!("\u{feff}{json}").as_bytes()).unwrap(), Scenario::sample());
        assert_eq!(Scenario::from_bytes(b"{\"format\": \"\x93\x8c\x8b\x9e\"}"), Err(ScenarioError::NotText));
        let huge = vec![b' '; limits::MAX_FILE_BYTES + 1];
        assert_eq!(Scenario::from_bytes(&huge), Err(ScenarioError::TooLarge));
    }

    #[test]
    fn files_are_laid_out_as_serde_json_pretty_prints() {
        for s in [
            Scenario::sample(),
            Scenario::from_json(include_str!("../examples/ms05-021-two-sites.json")).unwrap(),
        ] {
            assert_eq!(s.to_json(), serde_json::to_string_pretty(&s).unwrap() + "\n");
        }
        let mut tricky = Scenario::sample();
        tricky.name = "a \"quoted\": {[,]} \\ name".into();
        tricky.blackouts.clear();
        assert_eq!(tricky.to_json(), serde_json::to_string_pretty(&tricky).unwrap() + "\n");
    }

    #[test]
    fn a_problem_in_a_list_names_its_own_element() {
        // serde_json placed an error found after an element (a phase's missing `tier`) past
        // the comma that follows it, and the path then named the next phase.
        let mut json: serde_json::Value =
            serde_json::from_str(include_str!("../examples/ms05-021-two-sites.json")).unwrap();
        let phases = json["phases"].as_array_mut().unwrap();
        let tier = phases.iter().position(|p| p["take"] == "tier").unwrap();
        assert!(tier + 1 < phases.len());
        phases[tier].as_object_mut().unwrap().remove("tier");
        for text in [json.to_string(), serde_json::to_string_pretty(&json).unwrap()] {
            match Scenario::from_json(&text) {
                Err(ScenarioError::Field { path, problem: FileProblem::MissingField(field), .. }) => {
                    assert_eq!((path, field), (format!("phases[{tier}].tier"), "tier".to_string()))
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_field_of_the_other_kind_of_window_is_refused_by_name() {
        let mut json: serde_json::Value = serde_json::from_str(&Scenario::sample().to_json()).unwrap();
        json["windows"][0]["recurrence"]["nth"] = "second".into();
        let err = Scenario::from_json(&json.to_string()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "windows[0].recurrence.nth: \"nth\" does not belong here while every is \"week\""
            ),
            "{err}"
        );
        json["windows"][0]["recurrence"] = serde_json::json!({"every": "month", "nth": "second"});
        let err = Scenario::from_json(&json.to_string()).unwrap_err();
        assert!(err.to_string().starts_with("windows[0].recurrence.day: \"day\" is required here"), "{err}");
    }
}
