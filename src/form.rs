//! Editing a scenario from form text: every editable field, addressed like the problems
//! that [`Scenario::check`](crate::scenario::Scenario::check) reports.
//!
//! A [`Field`] reads its current text from a scenario and writes typed text back, or says
//! why the text is not a value. Its [`path`](Field::path) is the same string a check
//! problem carries, so the UI shows each message beside the field it belongs to.
//! [`Change`] covers the structural edits (add, remove, move).

use thiserror::Error;

mod group;
mod phase;
mod set;
mod window;

pub use group::GroupField;
pub use phase::PhaseField;
pub use set::SetField;
pub use window::WindowField;

use crate::advisory::{presets, AttackVector, Edition, ExploitStatus, Package, Severity};
use crate::civil::{DateTime, Instant};
use crate::fleet::Group;
use crate::i18n::{grouped, Localized, Text};
use crate::maintenance_window::WindowError;
use crate::maintenance_window::MAX_WINDOW_MINUTES;
use crate::maintenance_window::{Day, Recurrence, Window};
use crate::phase::{Phase, Selector};
use crate::progress::Event;
use crate::risk::Criticality;
use crate::scenario::Scenario;
use crate::scheduler::SiteLimit;
use crate::target::Target;
use crate::timing::TimingPoint;

/// Why typed text is not a value for its field.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum FormError {
    #[error("Enter a number.")]
    EnterNumber,
    #[error("Enter a whole number from {} to {}.", grouped(*.min), grouped(*.max))]
    WholeRange { min: u64, max: u64 },
    #[error("Enter a whole number, such as 250.")]
    WholeExample,
    #[error("Enter hours and minutes, such as 5:00 or 4:30 (or minutes, such as 300).")]
    LengthExample,
    #[error("A window must be longer than zero: enter hours and minutes, such as 4:30.")]
    LengthZero,
    #[error("Enter a number from {} to {}.", *min, *max)]
    DecimalRange { min: f64, max: f64 },
    #[error("Enter a number, such as 1.25.")]
    DecimalExample,
    /// A choice that is not one of the field's options.
    #[error("\"{text}\" is not {what}.")]
    NotA { what: Text, text: String },
    #[error("Enter a whole number of days from -27 to 27.")]
    OffsetRange,
    /// The row was removed while its text was being typed.
    #[error("This item no longer exists.")]
    Missing,
    #[error("Enter a date and time, such as 2026-12-09 08:00.")]
    DateTimeExample,
    #[error(transparent)]
    Window(#[from] WindowError),
}

impl Localized for FormError {
    fn ja(&self) -> String {
        match self {
            Self::EnterNumber => "数値を入力してください。".into(),
            Self::WholeRange { min, max } => {
                format!("{}〜{}の整数を入力してください。", grouped(*min), grouped(*max))
            }
            Self::WholeExample => "250 のような整数を入力してください。".into(),
            Self::LengthExample => {
                "5:00 や 4:30 のように時間と分で（または 300 のように分で）入力してください。".into()
            }
            Self::LengthZero => {
                "ウィンドウの長さは0より長くしてください。4:30 のように時間と分で入力してください。".into()
            }
            Self::DecimalRange { min, max } => {
                format!("{}〜{}の数値を入力してください。", *min, *max)
            }
            Self::DecimalExample => "1.25 のような数値を入力してください。".into(),
            Self::NotA { what, text } => format!("「{text}」は{}ではありません。", what.ja),
            Self::OffsetRange => "-27〜27の整数（日数）を入力してください。".into(),
            Self::Missing => "この項目はもうありません。".into(),
            Self::DateTimeExample => "2026-12-09 08:00 のように日付と時刻を入力してください。".into(),
            Self::Window(e) => e.ja(),
        }
    }
}

fn not_a(en: &'static str, ja: &'static str, text: &str) -> FormError {
    FormError::NotA { what: Text::new(en, ja), text: text.to_string() }
}

/// One editable value of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Start,
    StartTimeZone,
    HorizonDays,
    /// Empty for none, `N` hosts or `N%`.
    SiteLimit,
    Consoles,
    Caution,
    /// Empty for none.
    FailureRate,
    /// The forecast's settings ([`crate::forecast::Settings`]); an empty spread is worked
    /// out from what was measured.
    ForecastSpread,
    ForecastLostWindow,
    ForecastConfidence,
    ForecastTrials,
    ForecastSeed,
    ForecastInvestigation,
    ForecastRateInstalls,
    CalibrationHosts(usize),
    CalibrationMinutes(usize),
    Severity,
    Exploit,
    RebootRequired,
    InterruptionMinutes,
    EditionName(usize),
    EditionVector(usize),
    EditionFile(usize),
    EditionVersion(usize),
    /// Empty for none.
    EditionPrerequisite(usize),
    Group(usize, GroupField),
    /// An availability set's field.
    Set(usize, SetField),
    Window(usize, WindowField),
    Blackout(usize),
    Phase(usize, PhaseField),
    /// A completion target's hosts: `all`, `internet_facing`, `95%`, `phase:<name>`, …
    TargetHosts(usize),
    /// A completion target's deadline: a span (`14d`, `72h`) or a local date and time
    /// (`YYYY-MM-DDTHH:MM`).
    TargetDeadline(usize),
    /// The zone of a date-and-time deadline (empty: the start's zone).
    TargetZone(usize),
    /// The change or ticket number.
    ChangeTicket,
    /// The back-out plan, as written.
    ChangeBackout,
    /// Who approves, one a line.
    ChangeApprovers,
    /// A rollout's status time, on the start's wall clock (`YYYY-MM-DD HH:MM`), or with
    /// its offset (`2026-12-09T08:00+09:00`).
    ProgressNow,
}

/// A structural edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Switch to a built-in advisory (dropping a custom one).
    UsePreset(String),
    AddGroup,
    RemoveGroup(usize),
    /// A new availability set (the scenario becomes version 7), of the fleet's first group
    /// with one host down at a time.
    AddSet,
    RemoveSet(usize),
    /// Make group `i`'s listed host names as many as its hosts: names made as for a group
    /// without a list for the hosts past the list, or the list cut to the count.
    FitHostNames(usize),
    /// Forget group `i`'s listed host names: it makes its own again.
    DropHostNames(usize),
    AddWindow,
    RemoveWindow(usize),
    AddBlackout,
    RemoveBlackout(usize),
    AddCalibration,
    RemoveCalibration(usize),
    AddEdition,
    RemoveEdition(usize),
    /// Replace the generated phases by an editable copy of them.
    CustomisePhases(Vec<Phase>),
    /// Go back to the generated phases.
    UseDefaultPhases,
    AddPhase,
    RemovePhase(usize),
    /// Swap phase `i` with the one before it.
    MovePhaseUp(usize),
    /// A completion target (the scenario becomes version 2).
    AddTarget(Target),
    RemoveTarget(usize),
    /// A row of the capacity solver's answer: this many consoles, and with its second
    /// lever, every window at least this long or this per-site limit.
    UseCapacity {
        consoles: u32,
        min_window_minutes: Option<u32>,
        site_limit: Option<Option<SiteLimit>>,
    },
    /// Record what happened in a rollout (the status time moves up to the latest of them).
    Record(Vec<Event>),
    /// Forget the last `n` events recorded.
    Unrecord(usize),
    /// Stop following the rollout: its progress is dropped.
    StopFollowing,
}

/// A new four-hour weekly window whose openings do not overlap the scenario's windows (the
/// plan would join them): the first of Saturday 22:00, Sunday 22:00, … (then other times
/// of day) open at no time another window is; Saturday 22:00 when every one would be.
fn free_window(s: &Scenario, name: String) -> Window {
    let window = |day: Day, start: &str| Window {
        name: name.clone(),
        recurrence: Recurrence::Week { days: vec![day] },
        start: start.into(),
        length_minutes: 240,
        backout_reserve_minutes: 0,
        sites: Vec::new(),
    };
    // Openings depend only on the windows and on which sites, in which zones, there are:
    // one small group per site stands in for the fleet, so that trying a few dozen
    // candidates costs little even for a fleet of 100,000 groups.
    let mut probe = Scenario { phases: None, targets: Vec::new(), ..s.clone() };
    let mut seen = std::collections::HashSet::new();
    probe.fleet.groups.retain(|g| seen.insert((g.site.clone(), g.time_zone.clone())));
    for g in &mut probe.fleet.groups {
        (g.hosts, g.internet_facing, g.prerequisite_present) = (1, 0, 0);
        g.host_names.clear();
    }
    let candidates = ["22:00", "02:00", "18:00", "12:00"]
        .iter()
        .flat_map(|start| {
            [Day::Sat, Day::Sun, Day::Fri, Day::Thu, Day::Wed, Day::Tue, Day::Mon]
                .map(move |day| (day, *start))
        })
        .map(|(day, start)| window(day, start));
    let Ok(checked) = probe.check() else { return window(Day::Sat, "22:00") };
    // Whether the new window (the last) would be open at once with another at some site.
    let joins = |windows: &[Window]| {
        let new = (windows.len() - 1) as u16;
        let until = checked.start + 400 * 24 * 60;
        checked.expanded.sites.iter().any(|site| {
            let Ok(tz) = crate::time_zone::zone(&site.time_zone) else { return false };
            crate::maintenance_window::Occurrences::new(
                windows,
                &site.name,
                tz,
                checked.blackouts.at(&site.name),
                checked.start,
            )
            .take_while(|o| o.start < until)
            .any(|o| o.window != o.joined && (o.window == new || o.joined == new))
        })
    };
    let mut windows = probe.windows;
    for candidate in candidates {
        windows.push(candidate);
        if !joins(&windows) {
            return windows.pop().expect("pushed above");
        }
        windows.pop();
    }
    window(Day::Sat, "22:00")
}

/// A whole number in `min..=max`; digits may be grouped in threes with commas, spaces or
/// underscores (`2,000`). A decimal (`2.5`, `2,5`) is not one.
pub fn whole(text: &str, min: u64, max: u64) -> Result<u64, FormError> {
    let groups: Vec<&str> = text.trim().split([',', '_', ' ']).collect();
    let grouped = groups[1..].iter().all(|g| g.len() == 3) && groups[0].trim_start_matches('-').len() <= 3;
    if groups.len() > 1 && !grouped {
        return Err(FormError::WholeRange { min, max });
    }
    let t: String = groups.concat();
    if t.is_empty() {
        return Err(FormError::EnterNumber);
    }
    if t.contains('.') && t.parse::<f64>().is_ok() {
        return Err(FormError::WholeRange { min, max });
    }
    match t.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(FormError::WholeRange { min, max }),
        Err(_) if t.starts_with('-') && t[1..].parse::<u64>().is_ok() => {
            Err(FormError::WholeRange { min, max })
        }
        Err(_) => Err(FormError::WholeExample),
    }
}

/// A decimal number in `min..=max`.
pub fn decimal(text: &str, min: f64, max: f64) -> Result<f64, FormError> {
    let t = text.trim().replace(',', ".");
    match t.parse::<f64>().ok() {
        Some(x) if x.is_finite() && (min..=max).contains(&x) => Ok(x),
        Some(_) => Err(FormError::DecimalRange { min, max }),
        None => Err(FormError::DecimalExample),
    }
}

fn int(text: &str, min: u64, max: u64) -> Result<u32, FormError> {
    whole(text, min, max).map(|n| n as u32)
}

/// A window length typed as hours and minutes (`5:00`, `4:30`) or as minutes (`300`).
fn length(text: &str) -> Result<u32, FormError> {
    let max = u64::from(MAX_WINDOW_MINUTES);
    match text.split_once(':') {
        Some((h, m)) if m.len() == 2 && h.chars().all(|c| c.is_ascii_digit()) && !h.is_empty() => {
            let minutes = whole(m, 0, 59).map_err(|_| FormError::LengthExample)?;
            let hours = whole(h, 0, max / 60).map_err(|_| FormError::LengthExample)?;
            let total = hours * 60 + minutes;
            if total == 0 {
                return Err(FormError::LengthZero);
            }
            Ok(total as u32)
        }
        Some(_) => Err(FormError::LengthExample),
        None if whole(text, 0, 0).is_ok() => Err(FormError::LengthZero),
        None => int(text, 1, max),
    }
}

/// The non-blank lines of `text`, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

fn names(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// Makes the scenario's advisory editable: a preset becomes a custom copy of itself.
fn custom_advisory(s: &mut Scenario) -> &mut crate::advisory::Advisory {
    if s.advisory.is_none() {
        let preset =
            s.advisory_preset.take().and_then(|id| presets::preset(&id)).unwrap_or_else(presets::ms05_021);
        s.advisory = Some(preset);
    }
    s.advisory_preset = None;
    s.advisory.as_mut().expect("just set")
}

impl Field {
    /// The forecast's settings, in the order the page shows them.
    pub const FORECAST: [Field; 7] = [
        Field::ForecastConfidence,
        Field::ForecastSpread,
        Field::ForecastLostWindow,
        Field::ForecastInvestigation,
        Field::ForecastRateInstalls,
        Field::ForecastTrials,
        Field::ForecastSeed,
    ];

    /// The path of the field, as check problems name it.
    pub fn path(&self) -> String {
        match *self {
            Field::Name => "name".into(),
            Field::Start => "start".into(),
            Field::StartTimeZone => "start_time_zone".into(),
            Field::HorizonDays => "horizon_days".into(),
            Field::SiteLimit => "site_limit".into(),
            Field::Consoles => "capacity.consoles".into(),
            Field::Caution => "capacity.caution".into(),
            Field::FailureRate => "capacity.failure_rate_percent".into(),
            Field::ForecastSpread => "forecast.spread_percent".into(),
            Field::ForecastLostWindow => "forecast.lost_window_percent".into(),
            Field::ForecastConfidence => "forecast.confidence_percent".into(),
            Field::ForecastTrials => "forecast.trials".into(),
            Field::ForecastSeed => "forecast.seed".into(),
            Field::ForecastInvestigation => "forecast.investigation_hours".into(),
            Field::ForecastRateInstalls => "forecast.failure_rate_installs".into(),
            Field::TargetHosts(i) => format!("targets[{i}].hosts"),
            Field::TargetDeadline(i) => format!("targets[{i}].within"),
            Field::TargetZone(i) => format!("targets[{i}].time_zone"),
            Field::CalibrationHosts(i) => format!("capacity.calibration[{i}].hosts"),
            Field::CalibrationMinutes(i) => format!("capacity.calibration[{i}].minutes"),
            Field::Severity => "advisory.severity".into(),
            Field::Exploit => "advisory.exploit".into(),
            Field::RebootRequired => "advisory.reboot_required".into(),
            Field::InterruptionMinutes => "advisory.interruption_minutes_per_host".into(),
            Field::EditionName(i) => format!("advisory.editions[{i}].name"),
            Field::EditionVector(i) => format!("advisory.editions[{i}].attack_vector"),
            Field::EditionFile(i) => format!("advisory.editions[{i}].package.file_name"),
            Field::EditionVersion(i) => format!("advisory.editions[{i}].package.version"),
            Field::EditionPrerequisite(i) => format!("advisory.editions[{i}].prerequisite"),
            Field::Group(i, f) => format!("fleet.groups[{i}].{}", f.name()),
            Field::Set(i, f) => format!("fleet.availability_sets[{i}].{}", f.name()),
            Field::Window(i, f) => format!("windows[{i}].{}", f.name()),
            Field::Blackout(i) => format!("blackouts[{i}]"),
            Field::Phase(i, f) => format!("phases[{i}].{}", f.name()),
            Field::ChangeTicket => "change.ticket".into(),
            Field::ChangeBackout => "change.backout".into(),
            Field::ChangeApprovers => "change.approvers".into(),
            Field::ProgressNow => "progress.now".into(),
        }
    }

    /// A name for the field that no other field has (its path, but for the parts of a
    /// monthly window's recurrence, which share one), for the page's element ids.
    pub fn id(&self) -> String {
        match self {
            Field::Window(i, f) => format!("windows[{i}].{}", f.id()),
            other => other.path(),
        }
    }

    /// Whether a check problem at `path` belongs beside this field.
    pub fn owns(&self, path: &str) -> bool {
        let own = self.path();
        if own == path {
            return true;
        }
        match self {
            // Selector problems name the parameter (hosts, percent, names, ids).
            Field::Phase(i, PhaseField::Param) => {
                ["hosts", "percent", "names", "ids"].iter().any(|p| path == format!("phases[{i}].{p}"))
            }
            Field::Window(i, WindowField::Day(Day::Mon)) => path == format!("windows[{i}].recurrence"),
            // A site the window lists that no group is at: `windows[i].sites[k]`.
            Field::Window(i, WindowField::Sites) => path.starts_with(&format!("windows[{i}].sites[")),
            // One approver too long: `change.approvers[k]`.
            Field::ChangeApprovers => path.starts_with("change.approvers["),
            Field::Set(i, f) => path
                .strip_prefix(&format!("fleet.availability_sets[{i}]."))
                .is_some_and(|field| f.owns(field)),
            _ => false,
        }
    }

    /// The fields that may show a problem at `path`: those of the object the path names
    /// (by its first index), so finding a problem's place does not walk every field.
    pub fn candidates(path: &str) -> Vec<Field> {
        let index =
            || path.split_once('[').and_then(|(_, r)| r.split_once(']')).and_then(|(n, _)| n.parse().ok());
        let top = path.split(['.', '[']).next().unwrap_or(path);
        let second = path.split('.').nth(1).map(|s| s.split('[').next().unwrap_or(s));
        match (top, second, index()) {
            ("name", ..) => vec![Field::Name],
            ("start", ..) => vec![Field::Start],
            ("start_time_zone", ..) => vec![Field::StartTimeZone],
            ("horizon_days", ..) => vec![Field::HorizonDays],
            ("site_limit", ..) => vec![Field::SiteLimit],
            ("change", ..) => vec![Field::ChangeTicket, Field::ChangeBackout, Field::ChangeApprovers],
            ("progress", Some("now"), _) => vec![Field::ProgressNow],
            ("forecast", Some(name), _) => {
                Field::FORECAST.iter().copied().filter(|f| f.path().ends_with(name)).collect()
            }
            ("targets", _, Some(i)) => match second {
                Some("time_zone") => vec![Field::TargetZone(i)],
                Some("within" | "by") => vec![Field::TargetDeadline(i)],
                _ => vec![Field::TargetHosts(i)],
            },
            ("capacity", Some("calibration"), Some(i)) => {
                vec![Field::CalibrationHosts(i), Field::CalibrationMinutes(i)]
            }
            ("capacity", ..) => vec![Field::Consoles, Field::Caution, Field::FailureRate],
            ("advisory", Some("editions"), Some(i)) => vec![
                Field::EditionName(i),
                Field::EditionVector(i),
                Field::EditionFile(i),
                Field::EditionVersion(i),
                Field::EditionPrerequisite(i),
            ],
            ("advisory", ..) => {
                vec![Field::Severity, Field::Exploit, Field::RebootRequired, Field::InterruptionMinutes]
            }
            ("fleet", Some("availability_sets"), Some(i)) => {
                [SetField::Name, SetField::Groups, SetField::Hosts, SetField::Limit]
                    .map(|f| Field::Set(i, f))
                    .to_vec()
            }
            ("fleet", _, Some(i)) => [
                GroupField::Name,
                GroupField::Edition,
                GroupField::Hosts,
                GroupField::Site,
                GroupField::TimeZone,
                GroupField::InternetFacing,
                GroupField::PrerequisitePresent,
                GroupField::Criticality,
                GroupField::HostNames,
            ]
            .map(|f| Field::Group(i, f))
            .to_vec(),
            ("windows", _, Some(i)) => [
                WindowField::Name,
                WindowField::Start,
                WindowField::Length,
                WindowField::Reserve,
                WindowField::Every,
                WindowField::Day(Day::Mon),
                WindowField::Sites,
            ]
            .map(|f| Field::Window(i, f))
            .to_vec(),
            ("blackouts", _, Some(i)) => vec![Field::Blackout(i)],
            ("phases", _, Some(i)) => [
                PhaseField::Name,
                PhaseField::Take,
                PhaseField::Param,
                PhaseField::Soak,
                PhaseField::Threshold,
            ]
            .map(|f| Field::Phase(i, f))
            .to_vec(),
            _ => Vec::new(),
        }
    }

    /// The field's current text in `s` (empty when it does not exist).
    pub fn get(&self, s: &Scenario) -> String {
        self.read(s).unwrap_or_default()
    }

    fn read(&self, s: &Scenario) -> Option<String> {
        let advisory = || s.named_advisory();
        Some(match *self {
            Field::Name => s.name.clone(),
            // Read and typed with a space, "2026-12-07 09:00", as the tables show times.
            Field::Start => s.start.replacen('T', " ", 1),
            Field::StartTimeZone => s.start_time_zone.clone(),
            Field::HorizonDays => s.horizon_days.to_string(),
            Field::SiteLimit => match s.site_limit {
                None => String::new(),
                Some(SiteLimit::Hosts(n)) => n.to_string(),
                Some(SiteLimit::Percent(p)) => format!("{}%", format_number(p)),
            },
            Field::Consoles => s.capacity.consoles.to_string(),
            Field::Caution => format_number(s.capacity.caution),
            Field::FailureRate => s.capacity.failure_rate_percent.map(format_number).unwrap_or_default(),
            Field::ForecastSpread => s.forecast.spread_percent.map(format_number).unwrap_or_default(),
            Field::ForecastLostWindow => format_number(s.forecast.lost_window_percent),
            Field::ForecastConfidence => format_number(s.forecast.confidence_percent),
            Field::ForecastTrials => s.forecast.trials.to_string(),
            Field::ForecastSeed => s.forecast.seed.to_string(),
            Field::ForecastInvestigation => format_number(s.forecast.investigation_hours),
            Field::ForecastRateInstalls => s.forecast.failure_rate_installs.to_string(),
            Field::TargetHosts(i) => s.targets.get(i)?.hosts.clone(),
            Field::TargetDeadline(i) => {
                let t = s.targets.get(i)?;
                t.within.clone().or_else(|| t.by.clone()).unwrap_or_default()
            }
            Field::TargetZone(i) => s.targets.get(i)?.time_zone.clone().unwrap_or_default(),
            Field::CalibrationHosts(i) => s.capacity.calibration.get(i)?.hosts.to_string(),
            Field::CalibrationMinutes(i) => format_number(s.capacity.calibration.get(i)?.minutes),
            Field::Severity => format!("{}", advisory()?.severity.level()),
            Field::Exploit => match advisory()?.exploit {
                ExploitStatus::None => "none",
                ExploitStatus::ProofOfConcept => "proof_of_concept",
                ExploitStatus::Exploited => "exploited",
            }
            .into(),
            Field::RebootRequired => advisory()?.reboot_required.to_string(),
            Field::InterruptionMinutes => format_number(advisory()?.interruption_minutes_per_host),
            Field::EditionName(i) => advisory()?.editions.get(i)?.name.clone(),
            Field::EditionVector(i) => match advisory()?.editions.get(i)?.attack_vector {
                AttackVector::Anonymous => "anonymous",
                AttackVector::Authenticated => "authenticated",
            }
            .into(),
            Field::EditionFile(i) => advisory()?.editions.get(i)?.package.file_name.clone(),
            Field::EditionVersion(i) => advisory()?.editions.get(i)?.package.version.clone(),
            Field::EditionPrerequisite(i) => {
                advisory()?.editions.get(i)?.prerequisite.clone().unwrap_or_default()
            }
            Field::Group(i, f) => f.read(s.fleet.groups.get(i)?),
            Field::Set(i, f) => f.read(s.fleet.availability_sets.get(i)?),
            Field::Window(i, f) => f.read(s.windows.get(i)?)?,
            Field::Blackout(i) => s.blackouts.get(i)?.clone(),
            Field::Phase(i, f) => f.read(s.phases.as_ref()?.get(i)?),
            Field::ChangeTicket => s.change.ticket.clone(),
            Field::ChangeBackout => s.change.backout.clone(),
            Field::ChangeApprovers => s.change.approvers.join("\n"),
            Field::ProgressNow => {
                let now = &s.progress.as_ref()?.now;
                match (now.parse::<Instant>(), crate::time_zone::zone(&s.start_time_zone)) {
                    (Ok(t), Ok(zone)) => DateTime(zone.to_local(t.0)).to_string().replacen('T', " ", 1),
                    _ => now.clone(),
                }
            }
        })
    }

    /// Writes `text` into the scenario, or says why it is not a value for this field.
    ///
    /// Only the form of the value is checked here (a number, a time); whether it makes
    /// sense with the rest of the scenario is [`Scenario::check`]'s job.
    pub fn set(&self, s: &mut Scenario, text: &str) -> Result<(), FormError> {
        let t = text.trim();
        let missing = || FormError::Missing;
        match *self {
            Field::Name => s.name = text.to_string(),
            Field::Start => s.start = t.replacen(' ', "T", 1),
            Field::StartTimeZone => s.start_time_zone = t.to_string(),
            Field::HorizonDays => s.horizon_days = int(t, 1, u64::from(crate::scenario::MAX_HORIZON_DAYS))?,
            Field::SiteLimit => {
                s.site_limit = if t.is_empty() {
                    None
                } else if let Some(p) = t.strip_suffix('%') {
                    Some(SiteLimit::Percent(decimal(p, 0.1, 100.0)?))
                } else {
                    Some(SiteLimit::Hosts(int(t, 1, 1_000_000)?))
                }
            }
            Field::Consoles => s.capacity.consoles = int(t, 1, u64::from(crate::timing::MAX_CONSOLES))?,
            Field::Caution => s.capacity.caution = decimal(t, 1.0, crate::timing::MAX_CAUTION)?,
            Field::FailureRate => {
                s.capacity.failure_rate_percent =
                    if t.is_empty() { None } else { Some(decimal(t, 0.0, 100.0)?) }
            }
            Field::ForecastSpread
            | Field::ForecastLostWindow
            | Field::ForecastConfidence
            | Field::ForecastTrials
            | Field::ForecastSeed
            | Field::ForecastInvestigation
            | Field::ForecastRateInstalls => {
                let f = &mut s.forecast;
                match self {
                    Field::ForecastSpread => {
                        f.spread_percent = if t.is_empty() { None } else { Some(decimal(t, 0.0, 200.0)?) }
                    }
                    Field::ForecastLostWindow => f.lost_window_percent = decimal(t, 0.0, 90.0)?,
                    Field::ForecastConfidence => f.confidence_percent = decimal(t, 50.0, 99.0)?,
                    Field::ForecastTrials => {
                        f.trials = int(t, 1, u64::from(crate::forecast::settings::MAX_TRIALS))?
                    }
                    Field::ForecastSeed => f.seed = whole(t, 0, u64::MAX)?,
                    Field::ForecastInvestigation => f.investigation_hours = decimal(t, 0.0, 720.0)?,
                    _ => f.failure_rate_installs = int(t, 0, 1_000_000)?,
                }
                s.settle_version();
            }
            Field::TargetHosts(i) => s.targets.get_mut(i).ok_or_else(missing)?.hosts = t.to_string(),
            Field::TargetDeadline(i) => {
                let target = s.targets.get_mut(i).ok_or_else(missing)?;
                // A date and time has a "T" (or a space where a person typed one).
                if t.contains(['T', ' ']) && t.starts_with(|c: char| c.is_ascii_digit()) && t.len() > 10 {
                    (target.within, target.by) = (None, Some(t.replacen(' ', "T", 1)));
                } else {
                    (target.within, target.by) = (Some(t.to_string()), None);
                }
            }
            Field::TargetZone(i) => {
                s.targets.get_mut(i).ok_or_else(missing)?.time_zone = (!t.is_empty()).then(|| t.to_string())
            }
            Field::CalibrationHosts(i) => {
                let v = int(t, 1, 1_000_000)?;
                s.capacity.calibration.get_mut(i).ok_or_else(missing)?.hosts = v;
            }
            Field::CalibrationMinutes(i) => {
                let v = decimal(t, 0.1, 100_000.0)?;
                s.capacity.calibration.get_mut(i).ok_or_else(missing)?.minutes = v;
            }
            Field::Severity => {
                let level = int(t, 1, 4)?;
                custom_advisory(s).severity =
                    [Severity::Critical, Severity::Important, Severity::Warning, Severity::Caution]
                        [level as usize - 1];
            }
            Field::Exploit => {
                custom_advisory(s).exploit = match t {
                    "none" => ExploitStatus::None,
                    "proof_of_concept" => ExploitStatus::ProofOfConcept,
                    "exploited" => ExploitStatus::Exploited,
                    _ => return Err(not_a("an exploit status", "攻撃コードの状況", t)),
                }
            }
            Field::RebootRequired => custom_advisory(s).reboot_required = t == "true",
            Field::InterruptionMinutes => {
                custom_advisory(s).interruption_minutes_per_host = decimal(t, 0.0, 1440.0)?;
            }
            Field::EditionName(i)
            | Field::EditionVector(i)
            | Field::EditionFile(i)
            | Field::EditionVersion(i)
            | Field::EditionPrerequisite(i) => {
                let vector = match (self, t) {
                    (Field::EditionVector(_), "anonymous") => Some(AttackVector::Anonymous),
                    (Field::EditionVector(_), "authenticated") => Some(AttackVector::Authenticated),
                    (Field::EditionVector(_), _) => return Err(not_a("an attack vector", "攻撃の条件", t)),
                    _ => None,
                };
                let e = custom_advisory(s).editions.get_mut(i).ok_or_else(missing)?;
                match self {
                    Field::EditionName(_) => e.name = text.to_string(),
                    Field::EditionVector(_) => e.attack_vector = vector.expect("matched above"),
                    Field::EditionFile(_) => e.package.file_name = t.to_string(),
                    Field::EditionVersion(_) => e.package.version = t.to_string(),
                    _ => e.prerequisite = (!t.is_empty()).then(|| t.to_string()),
                }
            }
            // A site has one time zone: set on any of its groups, it is set on all of them.
            Field::Group(i, GroupField::TimeZone) => {
                let site = s.fleet.groups.get(i).ok_or_else(missing)?.site.clone();
                for g in s.fleet.groups.iter_mut().filter(|g| g.site == site) {
                    g.time_zone = t.to_string();
                }
            }
            // A group moved to a site the fleet has takes that site's zone.
            Field::Group(i, GroupField::Site) => {
                let zone = s
                    .fleet
                    .groups
                    .iter()
                    .enumerate()
                    .find(|(j, g)| *j != i && g.site == t)
                    .map(|(_, g)| g.time_zone.clone());
                let g = s.fleet.groups.get_mut(i).ok_or_else(missing)?;
                g.site = t.to_string();
                if let Some(zone) = zone {
                    g.time_zone = zone;
                }
            }
            // A renamed group keeps its place in the availability sets that name it.
            Field::Group(i, GroupField::Name) => {
                let g = s.fleet.groups.get_mut(i).ok_or_else(missing)?;
                let old = std::mem::replace(&mut g.name, t.to_string());
                for set in &mut s.fleet.availability_sets {
                    set.groups.iter_mut().filter(|n| **n == old).for_each(|n| *n = t.to_string());
                }
            }
            Field::Group(i, f) => f.set(s.fleet.groups.get_mut(i).ok_or_else(missing)?, t)?,
            Field::Set(i, f) => f.set(s.fleet.availability_sets.get_mut(i).ok_or_else(missing)?, t, text)?,
            Field::Window(i, f) => {
                f.set(s.windows.get_mut(i).ok_or_else(missing)?, t, text)?;
                // A reserve needs a newer format (and none, the older one again).
                if f == WindowField::Reserve {
                    s.settle_version();
                }
            }
            Field::Blackout(i) => {
                crate::maintenance_window::parse_blackout(t)?;
                *s.blackouts.get_mut(i).ok_or_else(missing)? = t.to_string();
            }
            Field::Phase(i, f) => {
                f.set(s.phases.as_mut().and_then(|ps| ps.get_mut(i)).ok_or_else(missing)?, t, text)?
            }
            Field::ChangeTicket | Field::ChangeBackout | Field::ChangeApprovers => {
                match self {
                    Field::ChangeTicket => s.change.ticket = t.to_string(),
                    // Kept as written, line breaks and all, but for blank lines at either end.
                    Field::ChangeBackout => s.change.backout = text.trim_matches(['\n', '\r']).to_string(),
                    _ => s.change.approvers = lines(text),
                }
                s.settle_version();
            }
            Field::ProgressNow => {
                let progress = s.progress.as_mut().ok_or_else(missing)?;
                progress.now = match t.parse::<Instant>() {
                    Ok(_) => t.to_string(),
                    Err(_) => {
                        let local: DateTime =
                            t.replacen(' ', "T", 1).parse().map_err(|_| FormError::DateTimeExample)?;
                        let zone = crate::time_zone::zone(&s.start_time_zone)
                            .unwrap_or_else(|_| crate::time_zone::Zone::utc());
                        let utc = zone.to_utc(local.0);
                        Instant(utc).with_offset(zone.offset_minutes(utc))
                    }
                };
            }
        }
        Ok(())
    }
}

/// A name not yet used by any of `taken`: `base`, `base 2`, `base 3`, …
fn fresh_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..).map(|n| if n == 1 { base.to_string() } else { format!("{base} {n}") }).find(|n| !taken(n)).unwrap()
}

impl Change {
    /// Applies the change to the scenario.
    pub fn apply(&self, s: &mut Scenario) {
        match self {
            Change::UsePreset(id) => {
                if presets::preset(id).is_some() {
                    s.advisory_preset = Some(id.clone());
                    s.advisory = None;
                }
            }
            Change::AddGroup => {
                let template = s.fleet.groups.last().cloned();
                let name = fresh_name("group", |n| s.fleet.groups.iter().any(|g| g.name == n));
                let edition = s
                    .named_advisory()
                    .and_then(|a| a.editions.first().map(|e| e.id.clone()))
                    .unwrap_or_default();
                s.fleet.groups.push(Group {
                    name,
                    edition,
                    hosts: 10,
                    site: template.as_ref().map_or("Site".into(), |g| g.site.clone()),
                    time_zone: template.as_ref().map_or("UTC".into(), |g| g.time_zone.clone()),
                    internet_facing: 0,
                    prerequisite_present: 0,
                    criticality: Criticality::Normal,
                    host_names: Vec::new(),
                });
            }
            Change::RemoveGroup(i) => {
                if *i < s.fleet.groups.len() {
                    s.fleet.groups.remove(*i);
                }
            }
            Change::AddSet => {
                let name = fresh_name("set", |n| s.fleet.availability_sets.iter().any(|a| a.name == n));
                let first = s.fleet.groups.first().map(|g| vec![g.name.clone()]).unwrap_or_default();
                let one = crate::fleet::SetLimit::MaxDown(1);
                s.fleet.availability_sets.push(crate::fleet::AvailabilitySet::new(
                    name,
                    first,
                    Vec::new(),
                    one,
                ));
                s.settle_version();
            }
            Change::RemoveSet(i) => {
                if *i < s.fleet.availability_sets.len() {
                    s.fleet.availability_sets.remove(*i);
                    s.settle_version();
                }
            }
            Change::FitHostNames(i) => {
                if let Some(g) = s.fleet.groups.get_mut(*i).filter(|g| !g.host_names.is_empty()) {
                    let hosts = g.hosts as usize;
                    g.host_names.truncate(hosts);
                    let made: Vec<String> =
                        (g.host_names.len()..hosts).map(|ordinal| g.host_name(ordinal as u32)).collect();
                    g.host_names.extend(made);
                }
            }
            Change::DropHostNames(i) => {
                if let Some(g) = s.fleet.groups.get_mut(*i) {
                    g.host_names.clear();
                }
            }
            Change::AddWindow => {
                let name = fresh_name("window", |n| s.windows.iter().any(|w| w.name == n));
                s.windows.push(free_window(s, name));
            }
            Change::RemoveWindow(i) => {
                if *i < s.windows.len() {
                    s.windows.remove(*i);
                }
            }
            Change::AddBlackout => {
                let date = s.start.get(..10).unwrap_or("2027-01-01").to_string();
                s.blackouts.push(date);
            }
            Change::RemoveBlackout(i) => {
                if *i < s.blackouts.len() {
                    s.blackouts.remove(*i);
                }
            }
            // The same target twice is one target.
            Change::AddTarget(target) if s.targets.contains(target) => {}
            Change::AddTarget(target) => {
                s.targets.push(target.clone());
                s.settle_version();
            }
            Change::RemoveTarget(i) => {
                if *i < s.targets.len() {
                    s.targets.remove(*i);
                }
                // Without targets (or a change record) an older version holds it again.
                s.settle_version();
            }
            Change::UseCapacity { consoles, min_window_minutes, site_limit } => {
                s.capacity.consoles = *consoles;
                if let Some(minutes) = min_window_minutes {
                    for w in &mut s.windows {
                        w.length_minutes = w.length_minutes.max(*minutes);
                    }
                }
                if let Some(limit) = site_limit {
                    s.site_limit = *limit;
                }
            }
            Change::Record(events) => {
                if let Some(progress) = &mut s.progress {
                    // The status time moves up to the latest event: what happened happened by then.
                    let latest = (events.iter())
                        .filter_map(|e| Some((e.at.parse::<Instant>().ok()?, &e.at)))
                        .max_by_key(|(t, _)| *t);
                    if let (Ok(now), Some((at, text))) = (progress.now.parse::<Instant>(), latest) {
                        if at > now {
                            progress.now = text.clone();
                        }
                    }
                    progress.events.extend(events.iter().cloned());
                }
            }
            Change::Unrecord(n) => {
                if let Some(progress) = &mut s.progress {
                    let keep = progress.events.len().saturating_sub(*n);
                    progress.events.truncate(keep);
                }
            }
            Change::StopFollowing => {
                s.progress = None;
                s.settle_version();
            }
            Change::AddCalibration => s.capacity.calibration.push(TimingPoint { hosts: 100, minutes: 33.0 }),
            Change::RemoveCalibration(i) => {
                if *i < s.capacity.calibration.len() {
                    s.capacity.calibration.remove(*i);
                }
            }
            Change::AddEdition => {
                let a = custom_advisory(s);
                let id = fresh_name("edition", |n| a.editions.iter().any(|e| e.id == n));
                a.editions.push(Edition {
                    name: id.clone(),
                    id,
                    attack_vector: AttackVector::Authenticated,
                    package: Package {
                        file_name: String::new(),
                        version: String::new(),
                        size_bytes: 0,
                        released: String::new(),
                        files: Vec::new(),
                    },
                    prerequisite: None,
                    registry_key: String::new(),
                });
            }
            Change::RemoveEdition(i) => {
                let a = custom_advisory(s);
                if *i < a.editions.len() && a.editions.len() > 1 {
                    a.editions.remove(*i);
                }
            }
            Change::CustomisePhases(phases) => {
                if s.phases.is_none() {
                    s.phases = Some(phases.clone());
                }
            }
            Change::UseDefaultPhases => s.phases = None,
            Change::AddPhase => {
                let phases = s.phases.get_or_insert_with(Vec::new);
                let name = fresh_name("phase", |n| phases.iter().any(|p| p.name == n));
                phases.push(Phase::new(&name, Selector::Rest, 0.0));
            }
            Change::RemovePhase(i) => {
                if let Some(ps) = s.phases.as_mut().filter(|ps| *i < ps.len()) {
                    ps.remove(*i);
                }
            }
            Change::MovePhaseUp(i) => {
                if let Some(ps) = s.phases.as_mut().filter(|ps| *i > 0 && *i < ps.len()) {
                    ps.swap(*i - 1, *i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::window::hours_minutes;
    use super::*;

    #[test]
    fn the_earliest_start_reads_with_a_space_and_is_kept_with_a_t() {
        let mut s = Scenario::sample();
        assert_eq!(Field::Start.get(&s), "2026-12-07 09:00");
        Field::Start.set(&mut s, "2026-12-08 22:30").unwrap();
        assert_eq!(s.start, "2026-12-08T22:30");
        Field::Start.set(&mut s, "2026-12-09T06:00").unwrap();
        assert_eq!(s.start, "2026-12-09T06:00");
    }

    #[test]
    fn whole_numbers_take_thousands_separators_but_no_decimals() {
        assert_eq!(whole("2,000", 1, 10_000), Ok(2000));
        assert_eq!(whole("12 500", 1, 100_000), Ok(12_500));
        assert_eq!(whole("3", 1, 1000), Ok(3));
        // A decimal, with either mark, is not a whole number of consoles.
        for decimal in ["2,5", "2.5", "1,00", "25,00"] {
            assert_eq!(
                whole(decimal, 1, 1000),
                Err(FormError::WholeRange { min: 1, max: 1000 }),
                "{decimal}"
            );
        }
        let mut s = Scenario::sample();
        assert!(Field::Consoles.set(&mut s, "2,5").is_err());
        assert_eq!(s.capacity.consoles, 2, "not 25");
    }

    #[test]
    fn window_lengths_read_as_hours_and_minutes_or_minutes() {
        assert_eq!(length("5:00"), Ok(300));
        assert_eq!(length("4:30"), Ok(270));
        assert_eq!(length("300"), Ok(300));
        assert_eq!(length("0:45"), Ok(45));
        for bad in ["4:3", "4:60", "a:00", ":30", "4:30:00"] {
            assert_eq!(length(bad), Err(FormError::LengthExample), "{bad}");
        }
        for zero in ["0:00", "0", "00:00"] {
            assert_eq!(length(zero), Err(FormError::LengthZero), "{zero}");
        }
        assert!(FormError::LengthZero.to_string().contains("longer than zero"));
        assert_eq!(hours_minutes(300), "5:00");
        assert_eq!(hours_minutes(45), "0:45");
        let mut s = Scenario::sample();
        // A back-out reserve: read and written in minutes, and the format follows it.
        Field::Window(0, WindowField::Reserve).set(&mut s, "30").unwrap();
        assert_eq!((Field::Window(0, WindowField::Reserve).get(&s).as_str(), s.version), ("30", 6));
        Field::Window(0, WindowField::Reserve).set(&mut s, "").unwrap();
        assert_eq!((s.windows[0].backout_reserve_minutes, s.version), (0, 1));
        assert!(Field::Window(0, WindowField::Reserve).set(&mut s, "half an hour").is_err());
        Field::Window(0, WindowField::Length).set(&mut s, "6:15").unwrap();
        assert_eq!(s.windows[0].length_minutes, 375);
        assert_eq!(Field::Window(0, WindowField::Length).get(&s), "6:15");
    }

    #[test]
    fn a_new_window_does_not_clash_with_the_ones_there() {
        let mut s = Scenario::sample();
        // Saturday 22:00 for four hours is taken.
        Change::AddWindow.apply(&mut s);
        assert!(s.check().is_ok());
        Change::AddWindow.apply(&mut s);
        assert!(s.check().is_ok(), "{:?}", s.check().err());
        let starts: Vec<_> =
            s.windows.iter().map(|w| (format!("{:?}", w.recurrence), w.start.clone())).collect();
        assert_ne!(starts[1], starts[2], "the second new window goes elsewhere");
    }

    #[test]
    fn every_field_reads_back_what_it_wrote() {
        let mut s = Scenario::sample();
        let expanded = s.check().unwrap().expanded;
        s.phases = Some(crate::phase::default_phases(&presets::ms05_021(), &expanded, crate::i18n::Lang::En));
        Change::AddCalibration.apply(&mut s);
        let cases = [
            (Field::Consoles, "3"),
            (Field::Caution, "1.5"),
            (Field::FailureRate, "2"),
            (Field::SiteLimit, "25%"),
            (Field::CalibrationHosts(0), "80"),
            (Field::Severity, "2"),
            (Field::Exploit, "exploited"),
            (Field::InterruptionMinutes, "12"),
            (Field::EditionPrerequisite(1), "KB870540"),
            (Field::Group(0, GroupField::Hosts), "15"),
            (Field::Group(0, GroupField::Criticality), "low"),
            (Field::Window(0, WindowField::Start), "21:30"),
            (Field::Window(0, WindowField::Day(Day::Sun)), "true"),
            (Field::Blackout(0), "2027-02-11"),
            (Field::Phase(1, PhaseField::Param), "7"),
            (Field::Phase(1, PhaseField::Soak), "36"),
        ];
        for (field, text) in cases {
            field.set(&mut s, text).unwrap_or_else(|e| panic!("{field:?}: {e}"));
            assert_eq!(field.get(&s), text, "{field:?}");
        }
        assert!(s.advisory.is_some() && s.advisory_preset.is_none(), "editing the preset makes it custom");
    }

    #[test]
    fn the_change_record_is_written_in_the_oldest_version_that_holds_it() {
        let mut s = Scenario::sample();
        assert_eq!(s.version, 1);
        Field::ChangeTicket.set(&mut s, " CHG0012345 ").unwrap();
        Field::ChangeApprovers.set(&mut s, "Change manager\n\n  Exchange owner \n").unwrap();
        Field::ChangeBackout.set(&mut s, "\nUninstall KB894549.\n\nRestart IIS.\n").unwrap();
        assert_eq!(s.version, crate::scenario::CHANGE_VERSION);
        assert_eq!(Field::ChangeTicket.get(&s), "CHG0012345");
        assert_eq!(Field::ChangeApprovers.get(&s), "Change manager\nExchange owner");
        assert_eq!(Field::ChangeBackout.get(&s), "Uninstall KB894549.\n\nRestart IIS.");
        assert!(s.check().is_ok());
        let read = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(read.change, s.change, "the record survives a file");

        s.change.approvers = vec!["x".repeat(101)];
        let problems = s.check().unwrap_err();
        assert!(Field::ChangeApprovers.owns(&problems[0].path), "{problems:?}");
        s.change.approvers.clear();

        for field in [Field::ChangeTicket, Field::ChangeBackout] {
            field.set(&mut s, "").unwrap();
        }
        assert_eq!(s.version, 1, "an empty record needs no newer version");
        Change::AddTarget(crate::target::Target::from_flag("all=72h").unwrap()).apply(&mut s);
        Field::ChangeTicket.set(&mut s, "CHG1").unwrap();
        Field::ChangeTicket.set(&mut s, "").unwrap();
        assert_eq!(s.version, crate::scenario::TARGETS_VERSION, "targets still need theirs");
    }

    #[test]
    fn a_site_has_one_time_zone() {
        let mut s = Scenario::sample();
        let tokyo: Vec<usize> =
            s.fleet.groups.iter().enumerate().filter(|(_, g)| g.site == "Tokyo").map(|(i, _)| i).collect();
        assert!(tokyo.len() > 1);
        Field::Group(tokyo[1], GroupField::TimeZone).set(&mut s, "Asia/Seoul").unwrap();
        assert!(tokyo.iter().all(|&i| s.fleet.groups[i].time_zone == "Asia/Seoul"), "every Tokyo group");
        assert!(s.fleet.groups.iter().filter(|g| g.site != "Tokyo").all(|g| g.time_zone != "Asia/Seoul"));
        let frankfurt = s.fleet.groups.iter().position(|g| g.site == "Frankfurt").unwrap();
        Field::Group(frankfurt, GroupField::Site).set(&mut s, "Tokyo").unwrap();
        assert_eq!(
            s.fleet.groups[frankfurt].time_zone, "Asia/Seoul",
            "a group moved to Tokyo takes its zone"
        );
        Field::Group(frankfurt, GroupField::Site).set(&mut s, "Osaka").unwrap();
        assert_eq!(s.fleet.groups[frankfurt].time_zone, "Asia/Seoul", "a new site keeps the zone it had");
        assert!(s.check().is_ok());
    }

    #[test]
    fn text_that_is_no_value_is_refused_with_a_reason() {
        let mut s = Scenario::sample();
        let before = s.clone();
        for (field, text) in [
            (Field::Consoles, "two"),
            (Field::Consoles, "-1"),
            (Field::Caution, "0.5"),
            (Field::Group(0, GroupField::Hosts), "1.5"),
            (Field::Window(0, WindowField::Start), "7pm"),
            (Field::Blackout(0), "31/12/2026"),
            (Field::SiteLimit, "150%"),
            (Field::Group(9, GroupField::Hosts), "3"),
        ] {
            let err = field.set(&mut s, text).unwrap_err();
            assert!(!err.to_string().is_empty());
        }
        assert_eq!(s, before, "a refused edit changes nothing");
    }

    #[test]
    fn paths_match_the_problems_check_reports() {
        let mut s = Scenario::sample();
        s.fleet.groups[1].internet_facing = 1000;
        s.windows[0].length_minutes = 5;
        let problems = s.check().unwrap_err();
        assert!(Field::Group(1, GroupField::InternetFacing).owns(&problems[0].path));
        assert!(Field::Window(0, WindowField::Length).owns(&problems[1].path));
    }

    #[test]
    fn structural_changes() {
        let mut s = Scenario::sample();
        let groups = s.fleet.groups.len();
        Change::AddGroup.apply(&mut s);
        assert_eq!(s.fleet.groups.len(), groups + 1);
        assert_eq!(s.fleet.groups[groups].name, "group");
        Change::AddGroup.apply(&mut s);
        assert_eq!(s.fleet.groups[groups + 1].name, "group 2");
        Change::RemoveGroup(0).apply(&mut s);
        assert_eq!(s.fleet.groups.len(), groups + 1);
        Change::AddPhase.apply(&mut s);
        Change::AddPhase.apply(&mut s);
        Change::MovePhaseUp(1).apply(&mut s);
        let names: Vec<_> = s.phases.as_ref().unwrap().iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["phase 2", "phase"]);
        Change::UseDefaultPhases.apply(&mut s);
        assert!(s.phases.is_none());
        Change::RemoveGroup(99).apply(&mut s);
        Change::MovePhaseUp(0).apply(&mut s);
    }
}
