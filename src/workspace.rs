//! The planner's working state: the scenario being edited, the text of fields that do not
//! parse, and the plan derived from them. Plain Rust, so it is tested natively; the UI
//! uses it as its reducer.
//!
//! [`Workspace::apply`] is pure: it edits the scenario through `form`, replans through the
//! core and returns the same `Rc` when an action changes nothing. While input is invalid,
//! the last valid plan stays, marked stale, and every problem is kept by its field's path.

use std::rc::Rc;

use crate::fleet::inventory::{self, InventoryError};
use crate::form::{Change, Field, FormError};
use crate::i18n::{Count, Lang, Localized};
use crate::plan::{Plan, PlanError};
use crate::scenario::{Problem, Scenario, ScenarioError};
use crate::scheduler::ScheduleError;
use crate::share::{self, ShareError};

/// What the planner can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Typed text for a field.
    Edit(Field, String),
    /// A structural change (add, remove, move).
    Change(Change),
    /// Keep the current plan as the baseline to compare against.
    PinBaseline,
    ClearBaseline,
    /// The bytes of a scenario file the planner opened.
    OpenFile {
        name: String,
        bytes: Vec<u8>,
    },
    /// An inventory CSV (one row per host) whose hosts replace or join the fleet's groups.
    ImportInventory {
        name: String,
        text: String,
        replace: bool,
    },
    /// Something the planner should read (a file or link that could not be used).
    Notify(Notice),
    DismissNotice,
    /// Switch the language of the page, the messages and the exports.
    SetLang(Lang),
    /// Undo the last inventory import or opened file.
    Undo,
    /// The scenario was saved to a file: its edits are saved.
    Saved,
    /// Approve the plan on screen as the baseline of the rollout, at this time (minutes
    /// since the epoch, UTC), which is also the status time.
    Approve(i64),
    /// Record what happened (one mark: a batch, its hosts, a lost opening, a resume).
    Mark(Vec<crate::progress::Event>),
    /// Forget the last mark.
    UndoMark,
    /// The forecast of a scenario came (from the page's worker).
    Forecasted(Rc<Forecasted>),
}

/// A forecast, and the scenario and language it is of.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecasted {
    pub scenario: Rc<Scenario>,
    pub lang: Lang,
    pub forecast: Result<crate::forecast::Forecast, crate::forecast::ForecastError>,
    /// How long it took, in milliseconds (for `scripts/bench-browser.mjs`).
    pub millis: f64,
    /// Worked out by the page's worker (else on the page's own thread).
    pub by_worker: bool,
}

/// Why the browser does not keep the scenario for the next visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotKept {
    /// No storage at all (private browsing, a sandboxed frame, storage switched off).
    Unavailable,
    /// Storage refused the scenario (its quota is full).
    Full,
}

/// A message for the planner about a link, file or stored scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The page's link could not be read (and perhaps storage too).
    BadLink(ShareError, Option<ScenarioError>),
    /// The scenario kept from the last visit could not be read.
    BadStorage(ScenarioError),
    /// A scenario file the planner opened could not be read.
    BadFile { name: String, error: ScenarioError },
    /// A scenario file the planner opened reads, but its fields do not check out.
    InvalidFile { name: String, problems: Vec<Problem> },
    /// An inventory file was not imported: every line refused, with why (or why the
    /// file as a whole could not be read).
    BadInventory { name: String, errors: Vec<InventoryError> },
    /// An inventory was imported (it can be undone).
    Imported { name: String, hosts: u64, groups: usize, sets: usize },
    /// A scenario file was opened in place of the scenario (it can be undone).
    Opened { name: String },
    /// The last import or opened file was undone.
    Undone,
    /// No link could be made for the scenario.
    NoLink(ShareError),
    /// The browser does not keep the scenario between visits.
    NotKept(NotKept),
    /// The browser could not read the chosen file.
    Unreadable { name: String },
    /// A progress CSV recorded nothing: every line refused, with why (or why the file as a
    /// whole could not be read).
    BadProgress { name: String, errors: Vec<crate::plan::sheet::SheetError> },
    /// A progress CSV was recorded (Undo last mark takes it back).
    ProgressImported { name: String, records: usize },
}

impl Notice {
    /// A notice about a progress CSV (shown beside its import).
    pub fn about_progress(&self) -> bool {
        matches!(self, Notice::BadProgress { .. } | Notice::ProgressImported { .. })
    }

    pub fn text(&self, lang: Lang) -> String {
        let stored = |e: &ScenarioError| match lang {
            Lang::En => format!("Your last scenario could not be restored ({e}); starting from the sample."),
            Lang::Ja => format!("前回のシナリオを復元できませんでした（{}）。サンプルから始めます。", e.ja()),
        };
        match self {
            Notice::BadLink(e, also) => {
                let link = match lang {
                    Lang::En => format!("This link could not be opened: {e}. Nothing was loaded from it."),
                    Lang::Ja => format!(
                        "このリンクは開けませんでした: {}。リンクからは何も読み込んでいません。",
                        e.ja()
                    ),
                };
                match also {
                    Some(s) => format!("{link} {}", stored(s)),
                    None => link,
                }
            }
            Notice::BadStorage(e) => stored(e),
            Notice::BadFile { name, error } => match lang {
                Lang::En => {
                    format!("{name} could not be opened: {error}. Your current scenario is unchanged.")
                }
                Lang::Ja => {
                    format!("{name} を開けませんでした: {}。現在のシナリオはそのままです。", error.ja())
                }
            },
            Notice::InvalidFile { name, problems } => {
                // The first few problems, each with its field; the count says if there are more.
                let listed: Vec<String> = problems.iter().take(3).map(ToString::to_string).collect();
                let more = problems.len().saturating_sub(listed.len());
                match lang {
                    Lang::En => format!(
                        "{name} was not opened: it has {} problem(s): {}{}. Your current scenario is unchanged.",
                        problems.len(),
                        listed.join("; "),
                        if more > 0 { format!("; and {more} more") } else { String::new() }
                    ),
                    Lang::Ja => format!(
                        "{name} を開きませんでした。問題が{}件あります: {}{}。現在のシナリオはそのままです。",
                        problems.len(),
                        listed.join("、"),
                        if more > 0 { format!("、ほか{more}件") } else { String::new() }
                    ),
                }
            }
            Notice::BadInventory { name, errors } => match lang {
                Lang::En => {
                    let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    format!("{name} was not imported, and nothing was added: {}. The fleet is unchanged.", why.join("; "))
                }
                Lang::Ja => {
                    let why: Vec<String> = errors.iter().map(Localized::ja).collect();
                    format!("{name} を取り込みませんでした（何も追加していません）: {}。フリートはそのままです。", why.join("、"))
                }
            },
            Notice::Imported { name, hosts, groups, sets: 0 } => match lang {
                Lang::En => format!("Imported {} hosts in {groups} groups from {name}.", Count(*hosts)),
                Lang::Ja => format!("{name} から{}台（{groups}グループ）を取り込みました。", Count(*hosts)),
            },
            Notice::Imported { name, hosts, groups, sets } => match lang {
                Lang::En => format!(
                    "Imported {} hosts in {groups} groups and {sets} availability set(s) from {name}; a new set keeps one host down at a time until you change it.",
                    Count(*hosts)
                ),
                Lang::Ja => format!(
                    "{name} から{}台（{groups}グループ、可用性セット{sets}個）を取り込みました。新しいセットは、変更するまで同時に1台ずつ停止します。",
                    Count(*hosts)
                ),
            },
            Notice::Opened { name } => match lang {
                Lang::En => format!("Opened {name} in place of the scenario you had."),
                Lang::Ja => format!("{name} を開き、それまでのシナリオと置き換えました。"),
            },
            Notice::Undone => lang.pick("Undone: the scenario is as it was before.", "元に戻しました。").into(),
            Notice::NoLink(e) => match lang {
                Lang::En => format!("No link was made: {e}."),
                Lang::Ja => format!("リンクを作れませんでした: {}。", e.ja()),
            },
            Notice::NotKept(why) => match (lang, why) {
                (Lang::En, NotKept::Unavailable) => "This browser does not let the page keep your scenario (private \
                    browsing or storage switched off): it will be gone after a reload. Use Download → Scenario (.json) to keep it."
                    .into(),
                (Lang::En, NotKept::Full) => "The browser's storage is full, so your latest changes are not kept \
                    for the next visit. Use Download → Scenario (.json) to keep them."
                    .into(),
                (Lang::Ja, NotKept::Unavailable) => "このブラウザではシナリオを保持できません（プライベートブラウズか\
                    ストレージが無効）。再読み込みで消えるので、「ダウンロード」→「シナリオ（.json）」で保存してください。"
                    .into(),
                (Lang::Ja, NotKept::Full) => "ブラウザのストレージがいっぱいで、最新の変更は次回に残りません。\
                    「ダウンロード」→「シナリオ（.json）」で保存してください。"
                    .into(),
            },
            Notice::BadProgress { name, errors } => match lang {
                Lang::En => {
                    let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    format!("{name} was not recorded, and nothing was: {}. The progress is unchanged.", why.join("; "))
                }
                Lang::Ja => {
                    let why: Vec<String> = errors.iter().map(Localized::ja).collect();
                    format!("{name} を記録しませんでした（何も記録していません）: {}。進捗はそのままです。", why.join("、"))
                }
            },
            Notice::ProgressImported { name, records } => match lang {
                Lang::En => format!("Recorded {records} line(s) of progress from {name} (Undo last mark takes them back)."),
                Lang::Ja => format!("{name} から進捗を{records}件記録しました（「最後の記録を取り消す」で戻せます）。"),
            },
            Notice::Unreadable { name } => match lang {
                Lang::En => format!("{name}: the browser could not read this file."),
                Lang::Ja => format!("{name}: ブラウザがこのファイルを読めませんでした。"),
            },
        }
    }
}

/// The last plan that could be made, with its scenario.
#[derive(Clone, Debug)]
pub struct Planned {
    pub scenario: Rc<Scenario>,
    pub plan: Rc<Plan>,
}

impl PartialEq for Planned {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
    }
}

/// The availability sets an inventory's `set` column names, into the scenario: a set it
/// already has takes the hosts it lacks; a new one keeps one host down at a time (the
/// planner sets its limit in the editor). The scenario then needs the sets' version.
pub(crate) fn add_sets(scenario: &mut Scenario, sets: Vec<(String, Vec<String>)>) {
    for (name, hosts) in sets {
        match scenario.fleet.availability_sets.iter_mut().find(|s| s.name == name) {
            Some(set) => {
                let known: std::collections::HashSet<String> = set.hosts.iter().cloned().collect();
                set.hosts.extend(hosts.into_iter().filter(|h| !known.contains(h)));
            }
            None => {
                let one = crate::fleet::SetLimit::MaxDown(1);
                scenario.fleet.availability_sets.push(crate::fleet::AvailabilitySet::new(
                    name,
                    Vec::new(),
                    hosts,
                    one,
                ));
            }
        }
    }
    scenario.settle_version();
}

/// After the groups are replaced by an inventory's: what the availability sets named of
/// the groups and hosts that are gone is dropped with them, and a set left naming nothing
/// goes too (Undo brings them back).
fn forget_the_replaced(fleet: &mut crate::fleet::Fleet) {
    if fleet.availability_sets.is_empty() {
        return;
    }
    let groups: std::collections::HashSet<&str> = fleet.groups.iter().map(|g| g.name.as_str()).collect();
    let hosts: std::collections::HashSet<String> =
        fleet.groups.iter().flat_map(|g| (0..g.hosts).map(|k| g.host_name(k))).collect();
    for set in &mut fleet.availability_sets {
        set.groups.retain(|g| groups.contains(g.as_str()));
        set.hosts.retain(|h| hosts.contains(h));
    }
    fleet.availability_sets.retain(|s| !s.groups.is_empty() || !s.hosts.is_empty());
}

/// The sections whose problems as a whole show at their top (`SectionProblems`).
pub const SECTIONS: [&str; 5] =
    ["capacity.calibration", "fleet.groups", "fleet.availability_sets", "windows", "phases"];

/// Values by a field's path, for the few fields being typed into: sorted by path, so that
/// two hold the same when their entries are the same (a `BTreeMap` did this job with
/// 5.7 KiB more of the page's code, gzip, for two or three entries).
#[derive(Clone, Debug, PartialEq)]
pub struct ByPath<V>(Vec<(String, V)>);

impl<V> Default for ByPath<V> {
    fn default() -> Self {
        ByPath(Vec::new())
    }
}

impl<V> ByPath<V> {
    fn find(&self, path: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(p, _)| p.as_str().cmp(path))
    }

    pub fn get(&self, path: &str) -> Option<&V> {
        self.find(path).ok().map(|i| &self.0[i].1)
    }

    pub fn insert(&mut self, path: String, value: V) {
        match self.find(&path) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (path, value)),
        }
    }

    pub fn remove(&mut self, path: &str) {
        if let Ok(i) = self.find(path) {
            self.0.remove(i);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Workspace {
    pub scenario: Rc<Scenario>,
    /// Text of fields that did not parse, by field path, with the reason.
    pub drafts: Rc<ByPath<(String, FormError)>>,
    /// Text of fields that was read as a slightly different value (the spaces around a
    /// name while it is being typed: "New " is the site "New" until "York" follows), shown
    /// as typed so that no keystroke is lost.
    pub typed: Rc<ByPath<String>>,
    /// Problems of the scenario as a whole (empty when it plans).
    pub problems: Rc<Vec<Problem>>,
    /// Why a valid scenario could not be scheduled, if so.
    pub schedule_error: Option<ScheduleError>,
    /// The latest plan from valid input.
    pub planned: Option<Planned>,
    /// The pinned baseline to compare against.
    pub baseline: Option<Planned>,
    /// A message for the planner about the last file, link or stored state.
    pub notice: Option<Notice>,
    /// The scenario before the last inventory import or opened file, while that can be
    /// undone in one step (until the next edit).
    pub undo: Option<Rc<Scenario>>,
    /// The scenario as it was last opened, saved or started from: edits since are unsaved.
    pub saved: Rc<Scenario>,
    /// The language of the page, its messages and exports.
    pub lang: Lang,
    /// How many events each mark of this visit recorded, the last last: what Undo mark
    /// takes back (one event for marks of an earlier visit).
    pub marks: Vec<usize>,
    /// The latest forecast (of this scenario, or of an earlier one while the new one runs).
    pub forecast: Option<Rc<Forecasted>>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::with_scenario(Scenario::sample(), Lang::En)
    }
}

/// `s` with its generated phases named in `lang`, if any of their names changes.
fn phases_named_in(s: &Scenario, lang: Lang) -> Option<Scenario> {
    let advisory = s.named_advisory()?;
    let mut named = s.clone();
    let mut changed = false;
    for phase in named.phases.iter_mut().flatten() {
        changed |= phase.follow_language(&advisory, lang);
    }
    changed.then_some(named)
}

impl Workspace {
    pub fn with_scenario(scenario: Scenario, lang: Lang) -> Self {
        let scenario = Rc::new(scenario);
        let empty = Self {
            saved: Rc::clone(&scenario),
            undo: None,
            scenario,
            drafts: Rc::default(),
            typed: Rc::default(),
            problems: Rc::default(),
            schedule_error: None,
            planned: None,
            baseline: None,
            notice: None,
            lang,
            marks: Vec::new(),
            forecast: None,
        };
        empty.replanned()
    }

    /// The workspace a page opens with: the scenario in the link (the URL fragment) if
    /// there is one, else the one kept in storage, else the sample. A link or stored
    /// scenario that cannot be read says why in the notice, and never replaces the work
    /// it would have covered.
    pub fn startup(fragment: Option<&str>, stored: Option<&str>, lang: Lang) -> Self {
        let link = fragment.filter(|f| share::is_scenario_fragment(f)).map(share::from_fragment);
        Self::startup_with_link(link, stored, lang)
    }

    /// [`Workspace::startup`] with the link already read (`None` when there is none): the
    /// page reads it with the browser's decompressor.
    pub fn startup_with_link(
        link: Option<Result<Scenario, ShareError>>,
        stored: Option<&str>,
        lang: Lang,
    ) -> Self {
        let from_storage = || -> (Scenario, Option<ScenarioError>) {
            match stored.map(Scenario::from_json) {
                None => (Scenario::sample(), None),
                Some(Ok(s)) => (s, None),
                Some(Err(e)) => (Scenario::sample(), Some(e)),
            }
        };
        let from_link = matches!(link, Some(Ok(_)));
        let (scenario, notice) = match link {
            Some(Ok(s)) => (s, None),
            Some(Err(e)) => {
                let (s, stored_error) = from_storage();
                (s, Some(Notice::BadLink(e, stored_error)))
            }
            None => {
                let (s, stored_error) = from_storage();
                (s, stored_error.map(Notice::BadStorage))
            }
        };
        let started = Self::with_scenario(scenario, lang);
        // Work kept from an earlier visit is in no file: unsaved (unless it is the sample).
        let saved = if from_link { Rc::clone(&started.saved) } else { Rc::new(Scenario::sample()) };
        Self { notice, saved, ..started }
    }

    /// The workspace with the baseline kept by the last visit pinned again (a stored
    /// baseline that no longer reads or plans is dropped without a word: it is a
    /// convenience, not work).
    pub fn with_stored_baseline(self, stored: Option<&str>) -> Self {
        let baseline = stored.and_then(|json| Scenario::from_json(json).ok()).and_then(|scenario| {
            let plan = Plan::make_in(&scenario, self.lang).ok()?;
            Some(Planned { scenario: Rc::new(scenario), plan: Rc::new(plan) })
        });
        Self { baseline, ..self }
    }

    /// True while the plan on screen is not the plan of what the planner typed.
    pub fn stale(&self) -> bool {
        !self.drafts.is_empty() || !self.problems.is_empty() || self.schedule_error.is_some()
    }

    /// The text to show in a field: what was typed, if it did not parse or was read
    /// as a slightly different value; else the value.
    pub fn text(&self, field: Field) -> String {
        let path = field.path();
        match (self.drafts.get(&path), self.typed.get(&path)) {
            (Some((text, _)), _) | (None, Some(text)) => text.clone(),
            (None, None) => field.get(&self.scenario),
        }
    }

    /// The message to show beside a field, if any.
    pub fn error(&self, field: Field) -> Option<String> {
        if let Some((_, error)) = self.drafts.get(&field.path()) {
            return Some(error.text(self.lang));
        }
        let messages: Vec<&str> =
            self.problems.iter().filter(|p| field.owns(&p.path)).map(|p| p.message.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// Problems that neither a field nor a section shows (the version, a preset name, an
    /// advisory's editions or timing, a group's host names…): the page lists them on their
    /// own, so every problem appears somewhere the planner sees it.
    pub fn unplaced_problems(&self) -> Vec<Problem> {
        self.problems
            .iter()
            .filter(|p| {
                !SECTIONS.contains(&p.path.as_str())
                    && !Field::candidates(&p.path).iter().any(|f| f.owns(&p.path))
            })
            .cloned()
            .collect()
    }

    /// Where `path` is, in the planner's words ("Group “tokyo-edge”: host names"), for a
    /// problem no field shows.
    pub fn place(&self, path: &str) -> String {
        let lang = self.lang;
        let t = |en: &str, ja: &str| lang.pick(en, ja).to_string();
        let index = |p: &str| {
            p.split_once('[').and_then(|(_, r)| r.split_once(']')).and_then(|(n, _)| n.parse::<usize>().ok())
        };
        let field = path.rsplit('.').next().unwrap_or(path);
        let field = field.split('[').next().unwrap_or(field).replace('_', " ");
        if path == "version" {
            return t("The scenario's format version", "シナリオの形式の版");
        }
        if path.starts_with("advisory_preset") {
            return t("The advisory", "アドバイザリ");
        }
        if let (Some(rest), Some(i)) = (path.strip_prefix("fleet.groups["), index(path)) {
            let name =
                self.scenario.fleet.groups.get(i).map_or_else(|| format!("{}", i + 1), |g| g.name.clone());
            let _ = rest;
            return match lang {
                Lang::En => format!("Group “{name}”: {field}"),
                Lang::Ja => format!("グループ「{name}」: {field}"),
            };
        }
        if let (true, Some(i)) = (path.starts_with("advisory.editions["), index(path)) {
            let name = self
                .scenario
                .named_advisory()
                .and_then(|a| a.editions.get(i).map(|e| e.name.clone()))
                .unwrap_or_else(|| format!("{}", i + 1));
            return match lang {
                Lang::En => format!("Advisory, edition “{name}”: {field}"),
                Lang::Ja => format!("アドバイザリのエディション「{name}」: {field}"),
            };
        }
        if let (true, Some(i)) = (path.starts_with("progress.events["), index(path)) {
            return match lang {
                Lang::En => format!("Progress, record {}: {field}", i + 1),
                Lang::Ja => format!("進捗の記録{}: {field}", i + 1),
            };
        }
        if let (true, Some(i)) = (path.starts_with("progress.baseline["), index(path)) {
            return match lang {
                Lang::En => format!("Approved plan, batch {}: {field}", i + 1),
                Lang::Ja => format!("承認した計画のバッチ{}: {field}", i + 1),
            };
        }
        if path.starts_with("progress") {
            return match lang {
                Lang::En => format!("Progress: {field}"),
                Lang::Ja => format!("進捗: {field}"),
            };
        }
        if path.starts_with("advisory") {
            return match lang {
                Lang::En => format!("Advisory: {field}"),
                Lang::Ja => format!("アドバイザリ: {field}"),
            };
        }
        path.to_string()
    }

    /// Problems at exactly `path` (a section as a whole, such as `windows`).
    pub fn section_problems(&self, path: &str) -> Vec<String> {
        self.problems.iter().filter(|p| p.path == path).map(|p| p.message.clone()).collect()
    }

    /// Replans the current scenario, keeping the last good plan when it cannot.
    fn replanned(mut self) -> Self {
        match Plan::make_in(&self.scenario, self.lang) {
            Ok(plan) => {
                self.planned = Some(Planned { scenario: self.scenario.clone(), plan: Rc::new(plan) });
                self.problems = Rc::default();
                self.schedule_error = None;
            }
            Err(PlanError::Invalid(problems)) => {
                self.problems = Rc::new(problems);
                self.schedule_error = None;
            }
            Err(PlanError::Schedule(e)) => {
                self.problems = Rc::default();
                self.schedule_error = Some(e);
            }
        }
        self
    }

    /// The workspace with `scenario` edited in (which can no longer be undone).
    fn edited(&self, scenario: Scenario, drafts: ByPath<(String, FormError)>) -> Self {
        let next = Self { scenario: Rc::new(scenario), drafts: Rc::new(drafts), undo: None, ..self.clone() };
        next.replanned()
    }
}

impl Workspace {
    /// The state after `action`: the same `Rc` when nothing changed (so the page need not
    /// draw again), else a new one.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(field, text) => {
                let path = field.path();
                if self.text(field) == text {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                let mut drafts = (*self.drafts).clone();
                match field.set(&mut scenario, &text) {
                    Ok(()) => {
                        drafts.remove(&path);
                        let mut typed = (*self.typed).clone();
                        if field.get(&scenario) == text {
                            typed.remove(&path);
                        } else {
                            typed.insert(path, text);
                        }
                        let typed = Rc::new(typed);
                        if scenario == *self.scenario {
                            // Only the spelling changed ("New" → "New "): nothing to replan.
                            return Rc::new(Self { drafts: Rc::new(drafts), typed, ..(*self).clone() });
                        }
                        Rc::new(Self { typed, ..self.edited(scenario, drafts) })
                    }
                    Err(error) => {
                        drafts.insert(path, (text, error));
                        Rc::new(Self { drafts: Rc::new(drafts), ..(*self).clone() })
                    }
                }
            }
            Action::Change(change) => {
                let mut scenario = (*self.scenario).clone();
                change.apply(&mut scenario);
                if scenario == *self.scenario {
                    return self;
                }
                // Indices move when items come and go: drafts of indexed fields no longer
                // point at what was typed into, so structural changes drop them.
                Rc::new(Self { typed: Rc::default(), ..self.edited(scenario, ByPath::default()) })
            }
            Action::PinBaseline => match &self.planned {
                Some(p) if self.baseline.as_ref() != Some(p) => {
                    Rc::new(Self { baseline: Some(p.clone()), ..(*self).clone() })
                }
                _ => self,
            },
            Action::ClearBaseline if self.baseline.is_some() => {
                Rc::new(Self { baseline: None, ..(*self).clone() })
            }
            Action::ClearBaseline => self,
            Action::OpenFile { name, bytes } => match Scenario::from_bytes(&bytes) {
                // A file whose fields do not check out replaces nothing, like an unreadable one.
                Ok(scenario) => match scenario.check_in(self.lang) {
                    Ok(_) => Rc::new(Self {
                        baseline: self.baseline.clone(),
                        undo: Some(Rc::clone(&self.scenario)),
                        notice: Some(Notice::Opened { name }),
                        ..Self::with_scenario(scenario, self.lang)
                    }),
                    Err(problems) => Rc::new(Self {
                        notice: Some(Notice::InvalidFile { name, problems }),
                        ..(*self).clone()
                    }),
                },
                Err(error) => {
                    Rc::new(Self { notice: Some(Notice::BadFile { name, error }), ..(*self).clone() })
                }
            },
            Action::ImportInventory { name, text, replace } => {
                let mut scenario = (*self.scenario).clone();
                // A site the fleet has keeps its zone; editions are read by id or by name.
                let zone_of = |site: &str| {
                    scenario.fleet.groups.iter().find(|g| g.site == site).map(|g| g.time_zone.clone())
                };
                let advisory = scenario.named_advisory();
                let edition_id = |e: &str| advisory.as_ref()?.edition_named(e);
                let editions = advisory.as_ref().map(inventory_editions).unwrap_or_default();
                let known =
                    inventory::Known { zone_of: &zone_of, edition_id: &edition_id, editions: &editions };
                match inventory::parse(&text, &known) {
                    Ok(inventory) => {
                        let hosts = inventory.groups.iter().map(|g| u64::from(g.hosts)).sum();
                        let (count, sets) = (inventory.groups.len(), inventory.sets.len());
                        if replace {
                            scenario.fleet.groups = inventory.groups;
                            forget_the_replaced(&mut scenario.fleet);
                        } else {
                            scenario.fleet.groups.extend(inventory.groups);
                        }
                        add_sets(&mut scenario, inventory.sets);
                        let notice = Notice::Imported { name, hosts, groups: count, sets };
                        Rc::new(Self {
                            notice: Some(notice),
                            undo: Some(Rc::clone(&self.scenario)),
                            ..self.edited(scenario, ByPath::default())
                        })
                    }
                    Err(errors) => Rc::new(Self {
                        notice: Some(Notice::BadInventory { name, errors }),
                        ..(*self).clone()
                    }),
                }
            }
            Action::Notify(notice) => Rc::new(Self { notice: Some(notice), ..(*self).clone() }),
            Action::SetLang(lang) if lang == self.lang => self,
            // Messages, reasons and generated phase names follow the language: the names in
            // the phase editor too, a change of words that leaves nothing unsaved.
            Action::SetLang(lang) => {
                let mut next = Self { lang, ..(*self).clone() };
                if let Some(named) = phases_named_in(&self.scenario, lang) {
                    let saved = !self.unsaved();
                    next.scenario = Rc::new(named);
                    if saved {
                        next.saved = Rc::clone(&next.scenario);
                    }
                }
                Rc::new(next.replanned())
            }
            Action::DismissNotice if self.notice.is_some() => {
                Rc::new(Self { notice: None, ..(*self).clone() })
            }
            Action::DismissNotice => self,
            Action::Undo => match &self.undo {
                Some(before) => Rc::new(Self {
                    notice: Some(Notice::Undone),
                    ..self.edited((**before).clone(), ByPath::default())
                }),
                None => self,
            },
            Action::Approve(at) => {
                let Some(planned) = self.planned.as_ref().filter(|_| !self.stale()) else { return self };
                let zone = crate::time_zone::zone(&self.scenario.start_time_zone)
                    .unwrap_or_else(|_| crate::time_zone::Zone::utc());
                let mut scenario = (*self.scenario).clone();
                // The plan as approved is the plan on screen (a rollout already followed is
                // approved afresh: what it recorded goes).
                let plan = match &planned.plan.tracking {
                    None => planned.plan.clone(),
                    Some(_) => {
                        scenario.progress = None;
                        scenario.settle_version();
                        match Plan::make_in(&scenario, self.lang) {
                            Ok(plan) => Rc::new(plan),
                            Err(_) => return self,
                        }
                    }
                };
                scenario.progress = Some(plan.approve(at, at, &zone));
                scenario.settle_version();
                Rc::new(Self { marks: Vec::new(), ..self.edited(scenario, ByPath::default()) })
            }
            Action::Mark(events) if events.is_empty() || self.scenario.progress.is_none() => self,
            Action::Mark(events) => {
                let mut scenario = (*self.scenario).clone();
                let n = events.len();
                Change::Record(events).apply(&mut scenario);
                let mut marks = self.marks.clone();
                marks.push(n);
                Rc::new(Self { marks, ..self.edited(scenario, ByPath::default()) })
            }
            Action::UndoMark => {
                let recorded = self.scenario.progress.as_ref().map_or(0, |p| p.events.len());
                if recorded == 0 {
                    return self;
                }
                let mut marks = self.marks.clone();
                let n = marks.pop().unwrap_or(1).min(recorded);
                let mut scenario = (*self.scenario).clone();
                Change::Unrecord(n).apply(&mut scenario);
                Rc::new(Self { marks, ..self.edited(scenario, ByPath::default()) })
            }
            Action::Forecasted(f) => Rc::new(Self { forecast: Some(f), ..(*self).clone() }),
            Action::Saved if Rc::ptr_eq(&self.saved, &self.scenario) => self,
            Action::Saved => Rc::new(Self { saved: Rc::clone(&self.scenario), ..(*self).clone() }),
        }
    }

    /// The forecast of the scenario on screen, in the page's language, if it has come.
    pub fn current_forecast(&self) -> Option<&crate::forecast::Forecast> {
        let f = self.forecast.as_ref()?;
        (Rc::ptr_eq(&f.scenario, &self.scenario) && f.lang == self.lang).then_some(f.forecast.as_ref().ok()?)
    }

    /// Whether the scenario has edits not in a file (it differs from the one last opened,
    /// saved or started from).
    pub fn unsaved(&self) -> bool {
        !Rc::ptr_eq(&self.saved, &self.scenario) && *self.saved != *self.scenario
    }

    /// The groups a planner made by hand (not from an inventory): what replacing the groups
    /// by an import would delete.
    pub fn hand_made_groups(&self) -> usize {
        self.scenario.fleet.groups.iter().filter(|g| g.host_names.is_empty()).count()
    }
}

/// How an inventory may name the advisory's editions: the names the page shows, then the
/// ids.
pub fn inventory_editions(advisory: &crate::advisory::Advisory) -> String {
    let shown = advisory.short_edition_names().into_iter().map(|n| format!("\"{n}\""));
    let ids =
        advisory.editions.iter().map(|e| e.id.clone()).chain(advisory.unaffected_editions.iter().cloned());
    shown.chain(ids).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{GroupField, PhaseField, WindowField};

    fn dispatch(state: Rc<Workspace>, action: Action) -> Rc<Workspace> {
        state.apply(action)
    }

    #[test]
    fn opens_with_a_plan_of_the_sample() {
        let s = Workspace::default();
        assert!(s.planned.is_some() && !s.stale());
    }

    #[test]
    fn the_page_draws_again_after_every_action_that_changes_something_and_only_then() {
        let start = Rc::new(Workspace::default());
        let same = |a: &Rc<Workspace>, b: &Rc<Workspace>| Rc::ptr_eq(a, b);
        // Nothing changes: the same state.
        assert!(same(&dispatch(Rc::clone(&start), Action::DismissNotice), &start));
        let typed = dispatch(Rc::clone(&start), Action::Edit(Field::Consoles, "3".into()));
        assert!(!same(&typed, &start));
        assert!(same(&dispatch(Rc::clone(&typed), Action::Edit(Field::Consoles, "3".into())), &typed));
        // A change that leaves the scenario alone is a change too: a notice, the language,
        // a draft that does not read.
        let noticed = dispatch(Rc::clone(&typed), Action::Notify(Notice::BadStorage(ScenarioError::NotText)));
        assert!(!same(&noticed, &typed));
        let dismissed = dispatch(Rc::clone(&noticed), Action::DismissNotice);
        assert!(!same(&dismissed, &noticed) && !same(&dismissed, &typed), "each change is a new state");
        assert!(!same(&dispatch(Rc::clone(&dismissed), Action::SetLang(Lang::Ja)), &dismissed));
        assert!(!same(
            &dispatch(Rc::clone(&dismissed), Action::Edit(Field::Consoles, "three".into())),
            &dismissed
        ));
    }

    #[test]
    fn unparsable_text_is_kept_and_the_last_plan_stays() {
        let s = Rc::new(Workspace::default());
        let plan = s.planned.clone();
        let field = Field::Group(0, GroupField::Hosts);
        let s = dispatch(s, Action::Edit(field, "twelve".into()));
        assert_eq!(s.text(field), "twelve");
        assert!(s.error(field).unwrap().contains("whole number"));
        assert!(s.stale());
        assert_eq!(s.planned, plan);
        let s = dispatch(s, Action::Edit(field, "20".into()));
        assert!(!s.stale());
        assert_eq!(s.planned.as_ref().unwrap().plan.summary.hosts, 298 + 8);
    }

    #[test]
    fn check_problems_show_beside_their_field() {
        let s = Rc::new(Workspace::default());
        let field = Field::Group(1, GroupField::InternetFacing);
        let s = dispatch(s, Action::Edit(field, "500".into()));
        assert!(s.error(field).unwrap().contains("more than the group's 60 hosts"));
        assert!(s.stale());
    }

    #[test]
    fn every_problem_is_shown_somewhere() {
        let mut s = Scenario::sample();
        s.version = 0;
        s.windows[0].sites = vec!["Nowhere".into()];
        s.fleet.groups[0].host_names = vec!["only-one".into()];
        let fragment = format!("#{}", share::to_fragment(&s).unwrap());
        let w = Workspace::startup(Some(&fragment), None, Lang::En);
        let paths: Vec<&str> = w.problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"windows[0].sites[0]"), "{paths:?}");
        assert!(w.error(Field::Window(0, WindowField::Sites)).unwrap().contains("Nowhere"));
        let unplaced: Vec<String> = w.unplaced_problems().into_iter().map(|p| p.path).collect();
        assert_eq!(unplaced, ["version"]);
        assert_eq!(w.place("version"), "The scenario's format version");
        // A group's host names from an inventory: beside its host count, in words.
        let hosts = w.error(Field::Group(0, crate::form::GroupField::Hosts)).unwrap();
        assert!(hosts.starts_with("the inventory named 1 hosts of this group, not 12"), "{hosts}");
        // Everything else has a field or a section.
        for p in w.problems.iter().filter(|p| !unplaced.contains(&p.path)) {
            assert!(
                SECTIONS.contains(&p.path.as_str())
                    || Field::candidates(&p.path).iter().any(|f| f.owns(&p.path)),
                "{} is shown nowhere",
                p.path
            );
        }
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn values_by_path_are_kept_as_a_sorted_map_keeps_them() {
        use proptest::prelude::*;
        use std::collections::BTreeMap;
        let edit = (0..6usize, proptest::option::of(0..100u32));
        proptest::proptest!(|(edits in proptest::collection::vec(edit, 0..40))| {
            let paths = ["windows[0].start", "fleet.groups[1].hosts", "capacity.consoles", "name", "a", "b"];
            let (mut ours, mut theirs) = (ByPath::default(), BTreeMap::new());
            for (path, value) in edits {
                match value {
                    Some(v) => {
                        ours.insert(paths[path].to_string(), v);
                        theirs.insert(paths[path].to_string(), v);
                    }
                    None => {
                        ours.remove(paths[path]);
                        theirs.remove(paths[path]);
                    }
                }
                for p in paths {
                    prop_assert_eq!(ours.get(p), theirs.get(p));
                }
                prop_assert_eq!(ours.is_empty(), theirs.is_empty());
                // The same entries, whatever their order of arrival: equal.
                let sorted: Vec<_> = theirs.iter().map(|(k, v)| (k.clone(), *v)).collect();
                prop_assert_eq!(&ours, &ByPath(sorted));
            }
        });
    }

    #[test]
    fn spaces_typed_into_names_are_kept_while_typing() {
        let mut s = Rc::new(Workspace::default());
        let site = Field::Group(0, GroupField::Site);
        let name = Field::Group(1, GroupField::Name);
        // Typed a key at a time, as the page sends it.
        for typed in ["N", "Ne", "New", "New ", "New Y", "New York"] {
            s = dispatch(s, Action::Edit(site, typed.into()));
            assert_eq!(s.text(site), typed);
        }
        for typed in ["ny", "ny ", "ny m", "ny mail", "ny mail ", "ny mail 1"] {
            s = dispatch(s, Action::Edit(name, typed.into()));
            assert_eq!(s.text(name), typed);
        }
        assert_eq!(s.scenario.fleet.groups[0].site, "New York");
        assert_eq!(s.scenario.fleet.groups[1].name, "ny mail 1");
        // A trailing space is shown as typed but is not part of the site's name.
        s = dispatch(s, Action::Edit(site, "New York ".into()));
        assert_eq!(
            (s.text(site).as_str(), s.scenario.fleet.groups[0].site.as_str()),
            ("New York ", "New York")
        );
    }

    #[test]
    fn a_pinned_baseline_comes_back_after_a_reload() {
        let mut old = Scenario::sample();
        old.capacity.consoles = 1;
        let w = Workspace::startup(None, None, Lang::En).with_stored_baseline(Some(&old.to_json()));
        assert_eq!(w.baseline.as_ref().unwrap().scenario.capacity.consoles, 1);
        let w = Workspace::startup(None, None, Lang::En).with_stored_baseline(Some("{broken"));
        assert!(w.baseline.is_none());
    }

    #[test]
    fn nothing_changed_means_the_same_state() {
        let s = Rc::new(Workspace::default());
        let same = dispatch(s.clone(), Action::Edit(Field::Consoles, "2".into()));
        assert!(Rc::ptr_eq(&s, &same));
        let same = dispatch(s.clone(), Action::ClearBaseline);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn startup_prefers_the_link_then_storage_then_the_sample() {
        let mut linked = Scenario::sample();
        linked.capacity.consoles = 5;
        let mut stored = Scenario::sample();
        stored.capacity.consoles = 3;
        let fragment = format!("#{}", share::to_fragment(&linked).unwrap());
        let stored_json = stored.to_json();
        let w = Workspace::startup(Some(&fragment), Some(&stored_json), Lang::En);
        assert_eq!(w.scenario.capacity.consoles, 5);
        assert!(w.notice.is_none());
        let w = Workspace::startup(Some(""), Some(&stored_json), Lang::En);
        assert_eq!(w.scenario.capacity.consoles, 3, "storage round-trips exactly");
        assert_eq!(*w.scenario, stored);
        assert_eq!(Workspace::startup(None, None, Lang::En).scenario, Rc::new(Scenario::sample()));
    }

    #[test]
    fn a_bad_link_or_corrupted_storage_gives_a_notice_and_loses_nothing() {
        let mut stored = Scenario::sample();
        stored.capacity.consoles = 3;
        let w = Workspace::startup(Some("#s=AAAA"), Some(&stored.to_json()), Lang::En);
        assert_eq!(w.scenario.capacity.consoles, 3, "the bad link does not replace the stored work");
        assert!(w.notice.as_ref().unwrap().text(Lang::En).contains("link could not be opened"));
        assert!(w.notice.as_ref().unwrap().text(Lang::Ja).contains("リンクは開けませんでした"));
        let w = Workspace::startup(None, Some("{\"format\": \"patchcast-scen"), Lang::En);
        assert_eq!(*w.scenario, Scenario::sample());
        assert!(w.notice.as_ref().unwrap().text(Lang::En).contains("could not be restored"));
        assert!(w.planned.is_some());
    }

    #[test]
    fn opening_a_bad_file_keeps_the_current_scenario() {
        let s = dispatch(Rc::new(Workspace::default()), Action::Edit(Field::Consoles, "4".into()));
        let s = dispatch(s, Action::OpenFile { name: "plan.json".into(), bytes: b"[1, 2".to_vec() });
        assert_eq!(s.scenario.capacity.consoles, 4);
        let notice = s.notice.as_ref().unwrap().text(Lang::En);
        assert!(notice.starts_with("plan.json could not be opened: line 1"), "{notice}");
        let mut other = Scenario::sample();
        other.capacity.consoles = 7;
        let s = dispatch(s, Action::OpenFile { name: "ok.json".into(), bytes: other.to_json().into_bytes() });
        assert_eq!(s.scenario.capacity.consoles, 7);
        assert!(s.notice.as_ref().unwrap().text(Lang::En).starts_with("Opened ok.json"));
        assert!(!s.unsaved(), "a file just opened has no unsaved edits");
        // One step back to the scenario the file replaced.
        let back = dispatch(Rc::clone(&s), Action::Undo);
        assert_eq!(back.scenario.capacity.consoles, 4);
        assert!(back.undo.is_none() && Rc::ptr_eq(&dispatch(Rc::clone(&back), Action::Undo), &back));

        // A file that reads but does not check out is refused the same way.
        let planned = s.planned.clone();
        let mut invalid = Scenario::sample();
        invalid.capacity.consoles = 0;
        invalid.windows[0].start = "25:00".into();
        let s =
            dispatch(s, Action::OpenFile { name: "bad.json".into(), bytes: invalid.to_json().into_bytes() });
        assert_eq!(s.scenario.capacity.consoles, 7, "the current work is kept");
        assert_eq!(
            s.planned.as_ref().map(|p| p.plan.summary.clone()),
            planned.map(|p| p.plan.summary.clone())
        );
        let notice = s.notice.as_ref().unwrap().text(Lang::En);
        assert!(
            notice.starts_with("bad.json was not opened: it has 2 problem(s): capacity.consoles:"),
            "{notice}"
        );
        assert!(s.notice.as_ref().unwrap().text(Lang::Ja).contains("現在のシナリオはそのままです"));
    }

    #[test]
    fn edited_phases_keep_following_the_language_until_renamed() {
        let s = Rc::new(Workspace::default());
        let generated = s.planned.as_ref().unwrap().plan.phases.clone();
        let s = dispatch(s, Action::Change(Change::CustomisePhases(generated)));
        let s = dispatch(s, Action::Edit(Field::Phase(2, PhaseField::Name), "Edge first".into()));
        let s = dispatch(s, Action::Saved);
        let s = dispatch(s, Action::SetLang(Lang::Ja));
        let names: Vec<String> = s.scenario.phases.iter().flatten().map(|p| p.name.clone()).collect();
        assert_eq!(names[1], "パイロット", "{names:?}");
        assert_eq!(names[2], "Edge first", "a renamed phase keeps its name");
        assert_eq!(s.text(Field::Phase(1, PhaseField::Name)), "パイロット", "the editor shows it too");
        assert!(!s.unsaved(), "a change of language leaves nothing unsaved");
        let s = dispatch(s, Action::SetLang(Lang::En));
        assert_eq!(s.scenario.phases.as_ref().unwrap()[1].name, "Pilot");
    }

    #[test]
    fn switching_language_translates_messages_and_keeps_the_plan() {
        let field = Field::Group(1, GroupField::InternetFacing);
        let s = dispatch(Rc::new(Workspace::default()), Action::Edit(field, "500".into()));
        let s = dispatch(s, Action::Edit(Field::Consoles, "many".into()));
        let s = dispatch(s, Action::SetLang(Lang::Ja));
        assert!(s.error(field).unwrap().contains("グループの60台より多い"), "{:?}", s.error(field));
        assert!(s.error(Field::Consoles).unwrap().contains("整数"));
        assert_eq!(s.text(Field::Consoles), "many", "typed text survives the switch");
        let s = dispatch(s, Action::Edit(field, "0".into()));
        let s = dispatch(s, Action::Edit(Field::Consoles, "2".into()));
        let plan = &s.planned.as_ref().unwrap().plan;
        assert_eq!(plan.phases[1].name, "パイロット");
        assert!(plan.recommendation.reasons[0].contains("攻撃コード"));
    }

    /// An inventory's `set` column makes availability sets (one down at a time), adds hosts
    /// to a set of that name the scenario has, and the plan keeps them; replacing the
    /// fleet drops what the sets named of the hosts that went.
    #[test]
    fn an_inventory_set_column_makes_availability_sets() {
        let csv = "name,edition,site,internet_facing,prerequisite_present,set\n\
                   mx1,ex2003,Tokyo,no,no,tokyo-cluster-1\nmx2,ex2003,Tokyo,no,no,tokyo-cluster-1; pool\n\
                   mx3,ex2003,Tokyo,no,no,pool\nmx4,ex2003,Tokyo,no,no,\n";
        let s = Rc::new(Workspace::default());
        let s = dispatch(s, Action::Change(Change::AddSet));
        let s = dispatch(s, Action::Edit(Field::Set(0, crate::form::SetField::Name), "pool".into()));
        let s =
            dispatch(s, Action::ImportInventory { name: "inv.csv".into(), text: csv.into(), replace: false });
        let sets = &s.scenario.fleet.availability_sets;
        assert_eq!(sets.len(), 2, "{sets:?}");
        assert_eq!(
            (sets[0].name.as_str(), &sets[0].hosts[..]),
            ("pool", &["mx2".to_string(), "mx3".into()][..])
        );
        assert_eq!(
            (sets[1].name.as_str(), &sets[1].hosts[..]),
            ("tokyo-cluster-1", &["mx1".to_string(), "mx2".into()][..])
        );
        assert_eq!(sets[1].max_down, Some(1));
        assert_eq!(s.scenario.version, crate::scenario::SETS_VERSION);
        assert!(s.notice.as_ref().unwrap().text(Lang::En).contains("2 availability set(s)"));
        let plan = &s.planned.as_ref().expect("plans").plan;
        assert!(plan.most_down_at_once().iter().all(|&n| n <= 1));
        // Replaced: the sample's groups are gone, and with them the set's group.
        let replaced = dispatch(
            s.clone(),
            Action::ImportInventory { name: "inv.csv".into(), text: csv.into(), replace: true },
        );
        let sets = &replaced.scenario.fleet.availability_sets;
        assert_eq!(sets[0].groups, Vec::<String>::new());
        assert_eq!(sets[0].hosts, ["mx2", "mx3"]);
        assert!(replaced.problems.is_empty(), "{:?}", replaced.problems);
    }

    #[test]
    fn an_inventory_replaces_or_joins_the_fleet() {
        let csv = "name,edition,site,internet_facing,prerequisite_present,time_zone\n\
                   mx1,Exchange 2000 Server SP3,Tokyo,yes,no,\nmx2,ex2003,Osaka,no,no,Asia/Tokyo\n";
        let s = Rc::new(Workspace::default());
        let joined = dispatch(
            s.clone(),
            Action::ImportInventory { name: "inv.csv".into(), text: csv.into(), replace: false },
        );
        assert_eq!(joined.planned.as_ref().unwrap().plan.summary.hosts, 300);
        assert_eq!(joined.scenario.fleet.groups.last().unwrap().time_zone, "Asia/Tokyo");
        let first = &joined.scenario.fleet.groups[joined.scenario.fleet.groups.len() - 2];
        assert_eq!(first.edition, "ex2000-sp3", "an edition's name reads as its id");
        // A new site with no zone in the file is refused, never given another site's zone.
        let no_zone = "name,edition,site,internet_facing,prerequisite_present\nny1,ex2003,New York,no,no\n";
        let refused = dispatch(
            s.clone(),
            Action::ImportInventory { name: "ny.csv".into(), text: no_zone.into(), replace: false },
        );
        assert_eq!(refused.scenario, s.scenario);
        assert!(refused.notice.as_ref().unwrap().text(Lang::En).contains("site \"New York\" is new"));
        let replaced = dispatch(
            s.clone(),
            Action::ImportInventory { name: "inv.csv".into(), text: csv.into(), replace: true },
        );
        assert_eq!(replaced.planned.as_ref().unwrap().plan.summary.hosts, 2);
        assert!(replaced.notice.as_ref().unwrap().text(Lang::En).contains("Imported 2 hosts"));
        let bad = dispatch(
            s.clone(),
            Action::ImportInventory { name: "bad.csv".into(), text: "name\n".into(), replace: true },
        );
        assert_eq!(bad.scenario, s.scenario, "a bad inventory changes nothing");
        assert!(bad.notice.as_ref().unwrap().text(Lang::Ja).contains("取り込みませんでした"));
    }

    #[test]
    fn an_import_says_every_refused_line_and_can_be_undone() {
        let s = Rc::new(Workspace::default());
        assert_eq!(s.hand_made_groups(), 6);
        let header = "name,edition,site,internet_facing,prerequisite_present\n";
        let refused = format!("{header}a,Exchange Server 2003 SP1,Tokyo,no,no\nb,Exchange 2007,Tokyo,no,no\nc,2003,Tokyo,maybe,no\n");
        let w = dispatch(
            Rc::clone(&s),
            Action::ImportInventory { name: "inv.csv".into(), text: refused, replace: false },
        );
        assert_eq!(w.scenario, s.scenario, "nothing is added");
        let text = w.notice.as_ref().unwrap().text(Lang::En);
        assert!(text.starts_with("inv.csv was not imported, and nothing was added: line 3:"), "{text}");
        assert!(text.contains("line 4, column internet_facing"), "{text}");
        assert!(!text.contains("Imported"), "{text}");
        assert!(w.undo.is_none());
        // Names as the page shows them, and the product's, import; one step undoes it.
        let fine = format!("{header}a,Exchange Server 2003 SP1,Tokyo,no,no\nb,2000 SP3,Tokyo,yes,no\n");
        let w = dispatch(
            Rc::clone(&s),
            Action::ImportInventory { name: "inv.csv".into(), text: fine, replace: true },
        );
        assert_eq!(w.scenario.fleet.groups.len(), 2);
        assert_eq!(w.hand_made_groups(), 0);
        let back = dispatch(w, Action::Undo);
        assert_eq!(back.scenario, s.scenario);
        assert!(back.notice.as_ref().unwrap().text(Lang::En).starts_with("Undone"));
        // An edit after the import ends the chance to undo it.
        let fine = format!("{header}a,ex2003,Tokyo,no,no\n");
        let w = dispatch(
            Rc::clone(&s),
            Action::ImportInventory { name: "inv.csv".into(), text: fine, replace: false },
        );
        assert!(w.undo.is_some());
        assert!(dispatch(w, Action::Edit(Field::Consoles, "3".into())).undo.is_none());
    }

    #[test]
    fn edits_are_unsaved_until_the_scenario_is_saved() {
        let s = Rc::new(Workspace::default());
        assert!(!s.unsaved());
        let s = dispatch(s, Action::Edit(Field::Consoles, "3".into()));
        assert!(s.unsaved());
        let s = dispatch(s, Action::Saved);
        assert!(!s.unsaved());
        // Work kept from an earlier visit is in no file.
        let mut kept = Scenario::sample();
        kept.capacity.consoles = 5;
        assert!(Workspace::startup(None, Some(&kept.to_json()), Lang::En).unsaved());
        assert!(!Workspace::startup(None, Some(&Scenario::sample().to_json()), Lang::En).unsaved());
    }

    #[test]
    fn a_pinned_baseline_survives_edits() {
        let s = dispatch(Rc::new(Workspace::default()), Action::PinBaseline);
        let s = dispatch(s, Action::Edit(Field::Consoles, "4".into()));
        let (now, base) = (&s.planned.as_ref().unwrap().plan, &s.baseline.as_ref().unwrap().plan);
        assert!(now.summary.cautious_minutes <= base.summary.cautious_minutes);
        assert!(!Rc::ptr_eq(now, base));
    }

    #[test]
    fn a_planner_approves_the_plan_marks_batches_and_takes_the_last_mark_back() {
        let w = Rc::new(Workspace::default());
        let plan = w.planned.as_ref().unwrap().plan.clone();
        let start = plan.summary.start;
        let w = dispatch(w, Action::Approve(start - 60));
        let progress = w.scenario.progress.clone().expect("approved");
        assert_eq!(progress.baseline.len(), plan.schedule.batches.len());
        assert_eq!(w.scenario.version, crate::scenario::PROGRESS_VERSION);
        let tracked = w.planned.as_ref().unwrap().plan.clone();
        assert_eq!(tracked.tracking.as_ref().unwrap().counts.done, 0);
        assert_eq!(tracked.summary.cautious_end, plan.summary.cautious_end);

        // The first batch done as planned: the status time moves up to its end.
        let first = &tracked.schedule.batches[0];
        let events = tracked.mark_batch(0, crate::progress::Status::Done, first.cautious_end, 0);
        assert_eq!(events.len(), 1, "a batch of the approved plan is one event");
        let w = dispatch(w, Action::Mark(events));
        let marked = w.planned.as_ref().unwrap().plan.clone();
        assert_eq!(marked.tracking.as_ref().unwrap().now, first.cautious_end);
        assert_eq!(marked.schedule.batches[0].state, crate::scheduler::BatchState::Done);
        assert!(w.problems.is_empty(), "{:?}", w.problems);

        // The status time as the field shows it, typed on the start's wall clock.
        assert_eq!(w.text(Field::ProgressNow).len(), "2026-12-09 08:00".len());
        let later = dispatch(Rc::clone(&w), Action::Edit(Field::ProgressNow, "2030-01-01 09:00".into()));
        assert_eq!(later.scenario.progress.as_ref().unwrap().now, "2030-01-01T09:00+09:00");
        let wrong = dispatch(Rc::clone(&w), Action::Edit(Field::ProgressNow, "tomorrow".into()));
        assert_eq!(wrong.error(Field::ProgressNow).unwrap(), FormError::DateTimeExample.text(Lang::En));
        assert_eq!(wrong.scenario, w.scenario, "nothing recorded is lost");

        // Undo takes the mark back; with nothing recorded, it does nothing.
        let undone = dispatch(w, Action::UndoMark);
        assert!(undone.scenario.progress.as_ref().unwrap().events.is_empty());
        assert!(Rc::ptr_eq(&dispatch(Rc::clone(&undone), Action::UndoMark), &undone));
        // Stop following: the scenario is a plan again, in its older format.
        let stopped = dispatch(undone, Action::Change(Change::StopFollowing));
        assert!(
            stopped.scenario.progress.is_none()
                && stopped.scenario.version < crate::scenario::PROGRESS_VERSION
        );
    }
}
