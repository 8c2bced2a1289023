//! Checking a scenario, one section at a time: the advisory, capacity and timing, the
//! fleet, windows and blackouts, the start, the limits, the phases and the targets. Each
//! check adds what it finds to one list, each problem at its field's path, and returns
//! what the later checks and the planner need (the advisory, the timing models, the
//! start, the phases).

mod progress;

use std::collections::HashSet;

use crate::advisory::{presets, Advisory};
use crate::civil::DateTime;
use crate::fleet::ExpandedFleet;
use crate::i18n::{Lang, Localized};
use crate::maintenance_window::{parse_blackout, Blackouts, WindowError};
use crate::phase::{default_phases, Phase, Role, Selector};
use crate::scheduler::{hosts_within, SiteLimit};
use crate::target::{Hosts, Resolved};
use crate::time_zone;
use crate::timing::{check_caution, TimingModel, MAX_CONSOLES};

use super::{
    limits, Checked, Problem, Scenario, CHANGE_VERSION, FORECAST_VERSION, LAST_START_YEAR, MAX_HORIZON_DAYS,
    PROGRESS_VERSION, RESERVE_VERSION, SETS_VERSION, TARGETS_VERSION,
};

/// The problems found so far, worded in one language.
struct Problems {
    lang: Lang,
    list: Vec<Problem>,
}

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(Problem { path: path.into(), message: message.into() });
    }

    /// Adds a problem worded the same whatever its values: `en` or `ja`.
    fn say(&mut self, path: impl Into<String>, en: &str, ja: &str) {
        let message = self.lang.pick(en, ja).to_string();
        self.add(path, message);
    }

    /// Whether a problem was found at or under `path`.
    fn under(&self, path: &str) -> bool {
        self.list.iter().any(|p| p.path.starts_with(path))
    }
}

/// The timing models: the hotfix's, and the prerequisite's (the hotfix's unless the
/// advisory times the prerequisite itself).
struct Models {
    hotfix: Option<TimingModel>,
    prerequisite: Option<TimingModel>,
}

impl Scenario {
    /// [`Scenario::check`], with messages (and generated phase names) in `lang`.
    pub fn check_in(&self, lang: Lang) -> Result<Checked, Vec<Problem>> {
        // Sizes first: beyond them, no other check (nor any planning) is worth its time.
        let problems = limits::check(self, lang);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut problems = Problems { lang, list: Vec::new() };
        if self.version == 0 {
            problems.say("version", "the version must be 1 or more", "バージョンは1以上にしてください");
        }
        let Some(advisory) = self.check_advisory(&mut problems) else { return Err(problems.list) };
        let models = self.check_capacity(&advisory, &mut problems);
        self.check_fleet(&advisory, &mut problems);
        self.check_windows(&models, &mut problems);
        let blackouts = self.check_blackouts(&mut problems);
        let start = self.check_start(&mut problems);
        if !problems.under("windows") {
            self.check_openings(start, &mut problems);
        }
        self.check_limits(&mut problems);
        let (expanded, phases) = self.check_phases(&advisory, &mut problems);
        let targets = self.check_targets(&advisory, &phases, &mut problems);
        for (field, message) in self.forecast.problems(lang) {
            problems.add(format!("forecast.{field}"), message);
        }
        if self.windows.iter().any(|w| w.backout_reserve_minutes > 0) && self.version < RESERVE_VERSION {
            problems.say(
                "version",
                "a window's back-out reserve needs version 6 of the format: set \"version\": 6",
                "ウィンドウの切り戻しの余裕にはフォーマットのバージョン6が必要です: \"version\": 6 にしてください",
            );
        }
        if !self.forecast.is_default() && self.version < FORECAST_VERSION {
            problems.say(
                "version",
                "the forecast's settings need version 5 of the format: set \"version\": 5",
                "見通しの設定にはフォーマットのバージョン5が必要です: \"version\": 5 にしてください",
            );
        }
        let progress = match (&self.progress, &expanded) {
            (Some(progress), Some(expanded)) => {
                if self.version < PROGRESS_VERSION {
                    problems.say(
                        "version",
                        "a rollout's progress needs version 4 of the format: set \"version\": 4",
                        "展開の進捗にはフォーマットのバージョン4が必要です: \"version\": 4 にしてください",
                    );
                }
                self.check_progress(progress, expanded, &phases, &blackouts, &mut problems)
            }
            _ => None,
        };
        match (problems.list.is_empty(), models, expanded, start) {
            (
                true,
                Models { hotfix: Some(hotfix), prerequisite: Some(prerequisite) },
                Some(expanded),
                Some(start),
            ) => Ok(Checked {
                advisory,
                hotfix_model: hotfix,
                prerequisite_model: prerequisite,
                expanded,
                phases,
                blackouts,
                start,
                targets,
                progress,
            }),
            _ => Err(problems.list),
        }
    }

    /// The advisory, named (`advisory_preset`) or described (`advisory`), if it is one.
    fn check_advisory(&self, problems: &mut Problems) -> Option<Advisory> {
        let lang = problems.lang;
        let advisory = match (&self.advisory_preset, &self.advisory) {
            (Some(id), None) => match presets::preset(id) {
                Some(advisory) => advisory,
                None => {
                    let built_in = presets::PRESETS.join(", ");
                    problems.add(
                        "advisory_preset",
                        match lang {
                            Lang::En => format!("no built-in advisory \"{id}\" (built in: {built_in})"),
                            Lang::Ja => {
                                format!("組み込みのアドバイザリ「{id}」はありません（組み込み: {built_in}）")
                            }
                        },
                    );
                    return None;
                }
            },
            (None, Some(a)) => a.clone(),
            (Some(_), Some(_)) => {
                problems.say(
                    "advisory_preset",
                    "give either advisory_preset or advisory, not both",
                    "advisory_preset と advisory のどちらか一方だけを指定してください",
                );
                return None;
            }
            (None, None) => {
                problems.say(
                    "advisory_preset",
                    "name a built-in advisory (advisory_preset) or describe one (advisory)",
                    "組み込みアドバイザリ（advisory_preset）を指定するか、アドバイザリ（advisory）を記述してください",
                );
                return None;
            }
        };
        if advisory.editions.is_empty() {
            problems.say(
                "advisory.editions",
                "the advisory needs at least one edition",
                "アドバイザリには1つ以上のエディションが必要です",
            );
        }
        for (i, e) in advisory.editions.iter().enumerate() {
            if let Some(p) = e.prerequisite.as_ref().filter(|p| advisory.prerequisite(p).is_none()) {
                problems.add(
                    format!("advisory.editions[{i}].prerequisite"),
                    match lang {
                        Lang::En => format!("no prerequisite \"{p}\" is described"),
                        Lang::Ja => format!("前提条件「{p}」が記述されていません"),
                    },
                );
            }
        }
        let interruption = advisory.interruption_minutes_per_host;
        if !(interruption.is_finite() && interruption >= 0.0) {
            problems.say(
                "advisory.interruption_minutes_per_host",
                "must be 0 or more minutes",
                "0分以上にしてください",
            );
        }
        Some(advisory)
    }

    /// Consoles, the caution factor and failure rate; the timing models fitted to the
    /// planner's measured runs (or the advisory's).
    fn check_capacity(&self, advisory: &Advisory, problems: &mut Problems) -> Models {
        let lang = problems.lang;
        let c = &self.capacity;
        if c.consoles == 0 || c.consoles > MAX_CONSOLES {
            problems.add(
                "capacity.consoles",
                match lang {
                    Lang::En => format!("must be between 1 and {MAX_CONSOLES}"),
                    Lang::Ja => format!("1〜{MAX_CONSOLES}にしてください"),
                },
            );
        }
        if let Err(e) = check_caution(c.caution) {
            problems.add("capacity.caution", e.text(lang));
        }
        if c.failure_rate_percent.is_some_and(|rate| !(0.0..=100.0).contains(&rate)) {
            problems.say(
                "capacity.failure_rate_percent",
                "must be between 0 and 100",
                "0〜100にしてください",
            );
        }
        let (runs, runs_path) = if c.calibration.is_empty() {
            (&advisory.timing, "advisory.timing")
        } else {
            (&c.calibration, "capacity.calibration")
        };
        let hotfix = TimingModel::fit(runs).map_err(|e| problems.add(runs_path, e.text(lang))).ok();
        let mut prerequisite = hotfix.clone();
        for (i, p) in advisory.prerequisites.iter().enumerate().filter(|(_, p)| !p.timing.is_empty()) {
            match TimingModel::fit(&p.timing) {
                Ok(m) => prerequisite = Some(m),
                Err(e) => problems.add(format!("advisory.prerequisites[{i}].timing"), e.text(lang)),
            }
        }
        Models { hotfix, prerequisite }
    }

    fn check_fleet(&self, advisory: &Advisory, problems: &mut Problems) {
        if self.fleet.groups.is_empty() {
            problems.say(
                "fleet.groups",
                "add at least one group of hosts",
                "ホストのグループを1つ以上追加してください",
            );
        }
        for e in self.fleet.validate(advisory) {
            problems.add(format!("fleet.groups[{}].{}", e.index, e.field), e.error.text(problems.lang));
        }
        for e in self.fleet.validate_sets() {
            problems.add(
                format!("fleet.availability_sets[{}].{}", e.index, e.field),
                e.error.text(problems.lang),
            );
        }
        if !self.fleet.availability_sets.is_empty() && self.version < SETS_VERSION {
            problems.say(
                "version",
                "availability sets need version 7 of the format: set \"version\": 7",
                "可用性セットにはフォーマットのバージョン7が必要です: \"version\": 7 にしてください",
            );
        }
    }

    /// Each window, judged against the time one host takes, and the sites it names.
    fn check_windows(&self, models: &Models, problems: &mut Problems) {
        let lang = problems.lang;
        if self.windows.is_empty() {
            problems.say(
                "windows",
                "add at least one maintenance window",
                "メンテナンスウィンドウを1つ以上追加してください",
            );
        }
        // Judged only with a valid caution factor: a bad one is its own (single) problem.
        let caution = self.capacity.caution;
        let caution_ok = check_caution(caution).is_ok();
        let one_host = |m: &Option<TimingModel>| {
            m.as_ref().filter(|_| caution_ok).map(|m| (m.console_minutes(1) * caution).ceil() as u32)
        };
        let needed = one_host(&models.hotfix).max(one_host(&models.prerequisite));
        let sites: HashSet<&str> = self.fleet.groups.iter().map(|g| g.site.as_str()).collect();
        for (i, w) in self.windows.iter().enumerate() {
            if let Err((field, e)) = w.check() {
                problems.add(format!("windows[{i}].{field}"), e.text(lang));
            } else if let (Some(needed), Some(m)) = (needed, &models.hotfix) {
                let too_short =
                    |minutes: u32| hosts_within(m, caution, i64::from(minutes)) == 0 || minutes < needed;
                let left = w.length_minutes - w.backout_reserve_minutes;
                if too_short(w.length_minutes) {
                    let e = WindowError::TooShort { length: w.length_minutes, needed };
                    problems.add(format!("windows[{i}].length_minutes"), e.text(lang));
                } else if too_short(left) {
                    let e = WindowError::ReserveTooLong { reserve: w.backout_reserve_minutes, left, needed };
                    problems.add(format!("windows[{i}].backout_reserve_minutes"), e.text(lang));
                }
            }
            for (k, s) in w.sites.iter().enumerate().filter(|(_, s)| !sites.contains(s.as_str())) {
                problems.add(
                    format!("windows[{i}].sites[{k}]"),
                    match lang {
                        Lang::En => format!("no group is at site \"{s}\""),
                        Lang::Ja => format!("サイト「{s}」にいるグループはありません"),
                    },
                );
            }
        }
    }

    /// The blackouts (dates or ranges, everywhere or at some sites), by site.
    fn check_blackouts(&self, problems: &mut Problems) -> Blackouts {
        let lang = problems.lang;
        let sites: HashSet<&str> = self.fleet.groups.iter().map(|g| g.site.as_str()).collect();
        let mut blackouts = Vec::new();
        for (i, b) in self.blackouts.iter().enumerate() {
            match parse_blackout(b) {
                Ok(b) => match b.sites.iter().find(|s| !sites.contains(s.as_str())) {
                    Some(s) => problems.add(
                        format!("blackouts[{i}]"),
                        match lang {
                            Lang::En => format!("no group is at site \"{s}\""),
                            Lang::Ja => format!("サイト「{s}」にいるグループはありません"),
                        },
                    ),
                    None => blackouts.push(b),
                },
                Err(e) => problems.add(format!("blackouts[{i}]"), e.text(lang)),
            }
        }
        Blackouts::new(&blackouts)
    }

    /// The plan's start in UTC minutes, if it is a date and time in a known zone, in a
    /// year whose clock rules the zone table knows for every zone of the scenario.
    fn check_start(&self, problems: &mut Problems) -> Option<i64> {
        let lang = problems.lang;
        let zone =
            time_zone::zone(&self.start_time_zone).map_err(|e| problems.add("start_time_zone", e.text(lang)));
        // As the page shows it: a space between date and time (files may write a T).
        let shown = self.start.replacen('T', " ", 1);
        let local = self.start.trim().parse::<DateTime>().map_err(|_| {
            problems.add(
                "start",
                match lang {
                    Lang::En => format!("\"{}\" is not a date and time (use YYYY-MM-DD HH:MM)", shown),
                    Lang::Ja => format!("「{}」は日時ではありません（YYYY-MM-DD HH:MM で入力）", shown),
                },
            )
        });
        let (tz, local) = (zone.ok()?, local.ok()?);
        let year = local.date().year();
        // The zone table is exact only from each zone's last change of rules on.
        let names: HashSet<&str> = self.fleet.groups.iter().map(|g| g.time_zone.as_str()).collect();
        let zones =
            std::iter::once(tz.clone()).chain(names.into_iter().filter_map(|n| time_zone::zone(n).ok()));
        if let Some(z) = zones.filter(|z| year < z.exact_since()).max_by_key(|z| z.exact_since()) {
            let (zone, since) = (z.name(), z.exact_since());
            problems.add(
                "start",
                match lang {
                    Lang::En => format!(
                        "Patchcast knows the clock rules of {zone} from {since} on; choose a start in {since} or later"
                    ),
                    Lang::Ja => format!(
                        "Patchcast が {zone} の時刻規則を正しく扱えるのは{since}年以降です。{since}年以降の開始日時にしてください"
                    ),
                },
            );
            return None;
        }
        if year > LAST_START_YEAR {
            problems.add(
                "start",
                match lang {
                    Lang::En => format!("choose a start in {LAST_START_YEAR} or earlier"),
                    Lang::Ja => format!("{LAST_START_YEAR}年までの開始日時にしてください"),
                },
            );
            return None;
        }
        Some(tz.to_utc(local.0))
    }

    /// Every site has a window, and no site's windows overlap one another without a break
    /// for four weeks or more. (Windows whose openings overlap are joined into one longer
    /// opening, which the plan notes.)
    fn check_openings(&self, start: Option<i64>, problems: &mut Problems) {
        let lang = problems.lang;
        let mut seen: HashSet<&str> = HashSet::new();
        // Windows that overlap one another without a break are looked for once per zone
        // and set of windows (sites alike in both are alike in this).
        let mut chains_seen: HashSet<(&str, Vec<bool>)> = HashSet::new();
        let mut chained: HashSet<u16> = HashSet::new();
        for g in self.fleet.groups.iter().filter(|g| seen.insert(&g.site)) {
            let applying: Vec<bool> = self.windows.iter().map(|w| w.applies_to(&g.site)).collect();
            if let (Some(start), Ok(zone)) = (start, time_zone::zone(&g.time_zone)) {
                if chains_seen.insert((g.time_zone.as_str(), applying.clone())) {
                    let chain = crate::maintenance_window::endless_chain(&self.windows, &g.site, zone, start);
                    if let Some(w) = chain.filter(|&w| chained.insert(w)) {
                        let name = &self.windows[usize::from(w)].name;
                        problems.add(
                            format!("windows[{w}].length_minutes"),
                            match lang {
                                Lang::En => format!(
                                    "at site \"{}\" the windows overlap one another for four weeks or more without a break (\"{name}\" opens again before it has closed): shorten them, or use one window that opens every day",
                                    g.site
                                ),
                                Lang::Ja => format!(
                                    "サイト「{}」では、ウィンドウが4週間以上途切れずに重なり続けます（「{name}」が閉じる前に再び開きます）。ウィンドウを短くするか、毎日開く1つのウィンドウにしてください",
                                    g.site
                                ),
                            },
                        );
                    }
                }
            }
            if !applying.iter().any(|&a| a) {
                problems.add(
                    "windows",
                    match lang {
                        Lang::En => format!("no maintenance window applies to site \"{}\"", g.site),
                        Lang::Ja => {
                            format!("サイト「{}」に当てはまるメンテナンスウィンドウがありません", g.site)
                        }
                    },
                );
            }
        }
    }

    /// The look-ahead and the per-site limit.
    fn check_limits(&self, problems: &mut Problems) {
        if self.horizon_days == 0 || self.horizon_days > MAX_HORIZON_DAYS {
            problems.add(
                "horizon_days",
                match problems.lang {
                    Lang::En => format!("must be between 1 and {MAX_HORIZON_DAYS} days"),
                    Lang::Ja => format!("1〜{MAX_HORIZON_DAYS}日にしてください"),
                },
            );
        }
        match self.site_limit {
            Some(SiteLimit::Hosts(0)) => problems.say(
                "site_limit",
                "allow at least one host per window",
                "ウィンドウごとに1台以上を許可してください",
            ),
            Some(SiteLimit::Percent(p)) if !(p > 0.0 && p <= 100.0) => problems.say(
                "site_limit",
                "the percentage must be above 0 and at most 100",
                "割合は0より大きく100以下にしてください",
            ),
            _ => {}
        }
    }

    /// The fleet's hosts (once the fleet and advisory check out) and the phases: the
    /// scenario's own, checked against them, or the default ones.
    fn check_phases(
        &self,
        advisory: &Advisory,
        problems: &mut Problems,
    ) -> (Option<ExpandedFleet>, Vec<Phase>) {
        let fleet_ok = !problems.under("fleet") && !problems.under("advisory");
        let expanded = fleet_ok.then(|| self.fleet.expand(advisory));
        let phases = match (&self.phases, &expanded) {
            (Some(phases), _) => {
                if phases.is_empty() {
                    problems.say("phases", "add at least one phase", "フェーズを1つ以上追加してください");
                }
                for (i, p) in phases.iter().enumerate() {
                    if let Err((field, e)) = p.check(advisory, &self.fleet) {
                        problems.add(format!("phases[{i}].{field}"), e.text(problems.lang));
                    }
                }
                phases.clone()
            }
            (None, Some(expanded)) => default_phases(advisory, expanded, problems.lang),
            (None, None) => Vec::new(),
        };
        (expanded, phases)
    }

    /// The completion targets, resolved against the start's zone; a phase a target names
    /// must exist.
    fn check_targets(&self, advisory: &Advisory, phases: &[Phase], problems: &mut Problems) -> Vec<Resolved> {
        let lang = problems.lang;
        if !self.change.is_empty() && self.version < CHANGE_VERSION {
            problems.say(
                "version",
                "a change record needs version 3 of the format: set \"version\": 3",
                "変更記録にはフォーマットのバージョン3が必要です: \"version\": 3 にしてください",
            );
        }
        if !self.targets.is_empty() && self.version < TARGETS_VERSION {
            problems.say(
                "version",
                "completion targets need version 2 of the format: set \"version\": 2",
                "完了目標にはフォーマットのバージョン2が必要です: \"version\": 2 にしてください",
            );
        }
        // The catch-all phase the plan adds for hosts no phase takes, in either language.
        let catch_all = Phase::generated(Role::Remaining, Selector::Rest, 0.0, advisory, lang);
        let mut targets = Vec::with_capacity(self.targets.len());
        for (i, target) in self.targets.iter().enumerate() {
            match target.resolve(&self.start_time_zone, lang) {
                Ok(resolved) => {
                    if let Some(twin) = targets.iter().position(|t: &Resolved| t.label == resolved.label) {
                        problems.add(
                            format!("targets[{i}].within"),
                            match lang {
                                Lang::En => format!("this is target {} again; remove one", twin + 1),
                                Lang::Ja => format!("目標{}と同じです。どちらかを削除してください", twin + 1),
                            },
                        );
                    }
                    if let Hosts::Phase(name) = &resolved.hosts {
                        if !phases.iter().chain([&catch_all]).any(|p| p.answers_to(name, advisory)) {
                            problems.add(
                                format!("targets[{i}].hosts"),
                                match lang {
                                    Lang::En => format!("no phase is named \"{name}\""),
                                    Lang::Ja => format!("「{name}」という名前のフェーズはありません"),
                                },
                            );
                        }
                    }
                    targets.push(resolved);
                }
                Err(problem) => problems.add(format!("targets[{i}].{}", problem.field), problem.message),
            }
        }
        targets
    }
}
