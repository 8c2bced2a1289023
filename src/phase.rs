//! Phases (rings) of the rollout: which hosts each takes, how long to watch after it, and
//! when a failure should pause the rollout.
//!
//! Phases run in order; each takes its hosts from those no earlier phase took. A sensible
//! default is generated from the advisory and the fleet (see [`default_phases`]).

use std::collections::HashSet;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::advisory::{Advisory, AttackVector, Urgency};
use crate::fleet::{ExpandedFleet, Fleet, Host, MAX_FLEET_HOSTS};
use crate::i18n::{Lang, Localized};
use crate::risk::RiskTier;

/// Which hosts a phase takes, from those still unplanned.
#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    /// Installs the prerequisite on every host that still lacks it (the hotfix comes later).
    Prerequisite,
    /// A pilot of this many hosts, spread over the sites, editions and groups so that each
    /// is tried.
    Pilot { hosts: u32 },
    /// A pilot of this percentage of the remaining hosts (at least one host).
    PilotPercent { percent: f64 },
    /// Every remaining host of these groups.
    Groups { names: Vec<String> },
    /// Every remaining host of these editions.
    Editions { ids: Vec<String> },
    /// Every remaining host of this risk tier.
    Tier { tier: RiskTier },
    /// Every remaining internet-facing host, whatever its edition (the same hosts as the
    /// `internet_facing` completion target).
    InternetFacing,
    /// Every remaining host.
    Rest,
}

impl Selector {
    /// The `take` of this kind of phase, as scenario files write it.
    pub fn take_id(&self) -> &'static str {
        match self {
            Selector::Prerequisite => "prerequisite",
            Selector::Pilot { .. } => "pilot",
            Selector::PilotPercent { .. } => "pilot_percent",
            Selector::Groups { .. } => "groups",
            Selector::Editions { .. } => "editions",
            Selector::Tier { .. } => "tier",
            Selector::InternetFacing => "internet_facing",
            Selector::Rest => "rest",
        }
    }

    /// The one extra field this kind of phase reads, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Selector::Pilot { .. } => Some("hosts"),
            Selector::PilotPercent { .. } => Some("percent"),
            Selector::Groups { .. } => Some("names"),
            Selector::Editions { .. } => Some("ids"),
            Selector::Tier { .. } => Some("tier"),
            Selector::Prerequisite | Selector::InternetFacing | Selector::Rest => None,
        }
    }
}

/// One phase of the rollout.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(into = "RawPhase")]
pub struct Phase {
    pub name: String,
    pub selector: Selector,
    /// Hours to wait and watch after the phase's last batch before the next phase starts.
    pub soak_hours: f64,
    /// Percentage of failed hosts in this phase that would pause the rollout.
    pub failure_threshold_percent: Option<f64>,
    /// What a generated phase is for: its identity, whichever language names it.
    pub role: Option<Role>,
}

/// What a generated phase is for. A phase keeps it when the planner edits the phases, and
/// its name follows the page's language until the planner renames it; a target may name
/// it in either language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Prerequisite,
    Pilot,
    InternetFacing,
    /// The internal hosts of the most exposed edition.
    Internal,
    Rest,
    /// The hosts no phase took, caught by a last phase the plan adds.
    Remaining,
}

impl Role {
    /// The name a phase of this role (`phase`) is generated with, in `lang`.
    pub fn name(self, phase: &Phase, advisory: &Advisory, lang: Lang) -> String {
        match self {
            Role::Prerequisite => {
                let ids: Vec<&str> = advisory.prerequisites.iter().map(|p| p.id.as_str()).collect();
                format!("{} {}", lang.pick("Prerequisite", "前提条件"), ids.join(", "))
            }
            Role::Pilot => lang.pick("Pilot", "パイロット").into(),
            Role::InternetFacing => lang.pick("Internet-facing hosts", "インターネット公開ホスト").into(),
            Role::Internal => {
                let edition = match &phase.selector {
                    Selector::Editions { ids } => ids.first().and_then(|id| advisory.edition(id)),
                    _ => None,
                };
                let name = edition.map_or("", |e| e.name.as_str());
                match lang {
                    Lang::En => format!("Internal {name}"),
                    Lang::Ja => format!("内部の{name}"),
                }
            }
            Role::Rest => lang.pick("All other hosts", "その他すべてのホスト").into(),
            Role::Remaining => lang.pick("Remaining hosts", "残りのホスト").into(),
        }
    }
}

/// The kinds of `take`, as written in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Take {
    Prerequisite,
    Pilot,
    PilotPercent,
    Groups,
    Editions,
    Tier,
    InternetFacing,
    Rest,
}

/// A phase as written in a file: one flat object whose `take` says which of the optional
/// fields belong to it. Read through this (not `flatten`) so that every unknown or
/// misplaced field is refused by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    name: String,
    take: Take,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hosts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tier: Option<RiskTier>,
    #[serde(default)]
    soak_hours: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failure_threshold_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
}

/// The fields that only some kinds of phase read (each reads at most one of them).
pub const KIND_FIELDS: [&str; 5] = ["hosts", "percent", "names", "ids", "tier"];

impl<'de> Deserialize<'de> for Phase {
    /// Reads a [`RawPhase`]; a field the kind needs and lacks is missing, and one that
    /// belongs to another kind is refused as unknown here, with the fields that are known.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let RawPhase {
            name,
            take,
            hosts,
            percent,
            names,
            ids,
            tier,
            soak_hours,
            failure_threshold_percent,
            role,
        } = RawPhase::deserialize(deserializer)?;
        let given = [hosts.is_some(), percent.is_some(), names.is_some(), ids.is_some(), tier.is_some()];
        let (selector, fields): (Option<Selector>, &'static [&'static str]) = match take {
            Take::Prerequisite => (
                Some(Selector::Prerequisite),
                &["name", "take", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::Pilot => (
                hosts.map(|hosts| Selector::Pilot { hosts }),
                &["name", "take", "hosts", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::PilotPercent => (
                percent.map(|percent| Selector::PilotPercent { percent }),
                &["name", "take", "percent", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::Groups => (
                names.map(|names| Selector::Groups { names }),
                &["name", "take", "names", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::Editions => (
                ids.map(|ids| Selector::Editions { ids }),
                &["name", "take", "ids", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::Tier => (
                tier.map(|tier| Selector::Tier { tier }),
                &["name", "take", "tier", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::InternetFacing => (
                Some(Selector::InternetFacing),
                &["name", "take", "soak_hours", "failure_threshold_percent", "role"],
            ),
            Take::Rest => {
                (Some(Selector::Rest), &["name", "take", "soak_hours", "failure_threshold_percent", "role"])
            }
        };
        // A field another kind of phase reads is a slip, refused like an unknown one.
        if let Some((field, _)) = KIND_FIELDS.iter().zip(given).find(|(f, g)| *g && !fields.contains(f)) {
            return Err(de::Error::unknown_field(field, fields));
        }
        let selector = selector.ok_or_else(|| {
            de::Error::missing_field(
                KIND_FIELDS.iter().find(|f| fields.contains(f)).expect("a kind with a field"),
            )
        })?;
        Ok(Phase { name, selector, soak_hours, failure_threshold_percent, role })
    }
}

impl From<Phase> for RawPhase {
    fn from(p: Phase) -> Self {
        let mut raw = RawPhase {
            name: p.name,
            take: Take::Rest,
            hosts: None,
            percent: None,
            names: None,
            ids: None,
            tier: None,
            soak_hours: p.soak_hours,
            failure_threshold_percent: p.failure_threshold_percent,
            role: p.role,
        };
        raw.take = match p.selector {
            Selector::Prerequisite => Take::Prerequisite,
            Selector::Pilot { hosts } => {
                raw.hosts = Some(hosts);
                Take::Pilot
            }
            Selector::PilotPercent { percent } => {
                raw.percent = Some(percent);
                Take::PilotPercent
            }
            Selector::Groups { names } => {
                raw.names = Some(names);
                Take::Groups
            }
            Selector::Editions { ids } => {
                raw.ids = Some(ids);
                Take::Editions
            }
            Selector::Tier { tier } => {
                raw.tier = Some(tier);
                Take::Tier
            }
            Selector::InternetFacing => Take::InternetFacing,
            Selector::Rest => Take::Rest,
        };
        raw
    }
}

/// Longest soak accepted: four weeks.
pub const MAX_SOAK_HOURS: f64 = 24.0 * 28.0;

/// What can be wrong with a phase.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum PhaseError {
    #[error("the phase needs a name")]
    NoName,
    #[error("a pilot needs at least one host")]
    EmptyPilot,
    #[error("a pilot can take at most {} hosts (got {})", crate::i18n::Count(MAX_FLEET_HOSTS), crate::i18n::Count(u64::from(*.0)))]
    PilotTooLarge(u32),
    #[error("the percentage must be above 0 and at most 100 (got {})", *.0)]
    BadPercent(f64),
    #[error("no group is named \"{0}\"")]
    UnknownGroup(String),
    #[error("no edition \"{0}\" in the advisory")]
    UnknownEdition(String),
    #[error("choose at least one")]
    NothingChosen,
    #[error("the soak time must be between 0 and {} hours (got {})", MAX_SOAK_HOURS, *.0)]
    BadSoak(f64),
    #[error("the failure threshold must be between 0 and 100 % (got {})", *.0)]
    BadThreshold(f64),
    #[error("a scenario needs at least one phase")]
    NoPhases,
}

impl Phase {
    pub fn new(name: &str, selector: Selector, soak_hours: f64) -> Self {
        Self { name: name.into(), selector, soak_hours, failure_threshold_percent: None, role: None }
    }

    /// A generated phase of `role`, named in `lang`.
    pub fn generated(
        role: Role,
        selector: Selector,
        soak_hours: f64,
        advisory: &Advisory,
        lang: Lang,
    ) -> Self {
        let mut phase = Self { role: Some(role), ..Self::new("", selector, soak_hours) };
        phase.name = role.name(&phase, advisory, lang);
        phase
    }

    /// Whether the phase still has the name it was generated with (in either language).
    fn named_as_generated(&self, advisory: &Advisory) -> bool {
        self.role.is_some_and(|r| {
            [Lang::En, Lang::Ja].iter().any(|&lang| r.name(self, advisory, lang) == self.name)
        })
    }

    /// The name to show in `lang`: a generated phase's follows the language until the
    /// planner renames it.
    pub fn label(&self, advisory: &Advisory, lang: Lang) -> String {
        match self.role {
            Some(role) if self.named_as_generated(advisory) => role.name(self, advisory, lang),
            _ => self.name.clone(),
        }
    }

    /// Names a generated phase in `lang`, as [`Phase::label`] shows it; a phase the planner
    /// renamed keeps its name. Whether the name changed.
    pub fn follow_language(&mut self, advisory: &Advisory, lang: Lang) -> bool {
        let label = self.label(advisory, lang);
        let changed = label != self.name;
        self.name = label;
        changed
    }

    /// Whether `name` (from a target's `phase:<name>`) names this phase: its own name, or
    /// a generated phase's name in either language. Case and outer spaces do not matter.
    pub fn answers_to(&self, name: &str, advisory: &Advisory) -> bool {
        let same = |n: &str| n.trim().eq_ignore_ascii_case(name.trim());
        same(&self.name)
            || (self.named_as_generated(advisory)
                && [Lang::En, Lang::Ja].iter().any(|&lang| same(&self.label(advisory, lang))))
    }

    /// Checks the phase against the advisory and fleet; the field name comes with the error.
    pub fn check(&self, advisory: &Advisory, fleet: &Fleet) -> Result<(), (&'static str, PhaseError)> {
        if self.name.trim().is_empty() {
            return Err(("name", PhaseError::NoName));
        }
        match &self.selector {
            Selector::Pilot { hosts: 0 } => return Err(("hosts", PhaseError::EmptyPilot)),
            Selector::Pilot { hosts } if u64::from(*hosts) > MAX_FLEET_HOSTS => {
                return Err(("hosts", PhaseError::PilotTooLarge(*hosts)))
            }
            Selector::PilotPercent { percent } if !(*percent > 0.0 && *percent <= 100.0) => {
                return Err(("percent", PhaseError::BadPercent(*percent)))
            }
            Selector::Groups { names } if names.is_empty() => {
                return Err(("names", PhaseError::NothingChosen))
            }
            Selector::Groups { names } => {
                let groups: HashSet<&str> = fleet.groups.iter().map(|g| g.name.as_str()).collect();
                if let Some(n) = names.iter().find(|n| !groups.contains(n.as_str())) {
                    return Err(("names", PhaseError::UnknownGroup(n.clone())));
                }
            }
            Selector::Editions { ids } if ids.is_empty() => return Err(("ids", PhaseError::NothingChosen)),
            Selector::Editions { ids } => {
                if let Some(id) = ids.iter().find(|id| advisory.edition(id).is_none()) {
                    return Err(("ids", PhaseError::UnknownEdition(id.clone())));
                }
            }
            _ => {}
        }
        if !(0.0..=MAX_SOAK_HOURS).contains(&self.soak_hours) {
            return Err(("soak_hours", PhaseError::BadSoak(self.soak_hours)));
        }
        if let Some(t) = self.failure_threshold_percent {
            if !(0.0..=100.0).contains(&t) {
                return Err(("failure_threshold_percent", PhaseError::BadThreshold(t)));
            }
        }
        Ok(())
    }

    pub fn soak_minutes(&self) -> i64 {
        (self.soak_hours * 60.0).round() as i64
    }

    /// Picks this phase's hosts from those with `taken[h] == false`, marking them taken.
    ///
    /// For [`Selector::Prerequisite`] it picks hosts needing the prerequisite that have not
    /// had it (`prepared[h] == false`) and marks them prepared, not taken.
    pub fn select(
        &self,
        fleet: &Fleet,
        expanded: &ExpandedFleet,
        taken: &mut [bool],
        prepared: &mut [bool],
    ) -> Vec<u32> {
        let hosts = &expanded.hosts;
        let free = |h: usize| !taken[h];
        let chosen: Vec<u32> = match &self.selector {
            Selector::Prerequisite => {
                let picked: Vec<u32> = (0..hosts.len())
                    .filter(|&h| free(h) && hosts[h].needs_prerequisite && !prepared[h])
                    .map(|h| h as u32)
                    .collect();
                for &h in &picked {
                    prepared[h as usize] = true;
                }
                return picked;
            }
            Selector::Pilot { hosts: n } => pilot(hosts, taken, *n as usize),
            Selector::PilotPercent { percent } => {
                let remaining = taken.iter().filter(|t| !**t).count();
                let n = ((remaining as f64) * percent / 100.0).ceil().max(1.0) as usize;
                pilot(hosts, taken, n)
            }
            Selector::Groups { names } => {
                let names: HashSet<&str> = names.iter().map(String::as_str).collect();
                let wanted: Vec<bool> =
                    fleet.groups.iter().map(|g| names.contains(g.name.as_str())).collect();
                filter(hosts, taken, |h| wanted[h.group as usize])
            }
            Selector::Editions { ids } => {
                let ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
                let wanted: Vec<bool> =
                    fleet.groups.iter().map(|g| ids.contains(g.edition.as_str())).collect();
                filter(hosts, taken, |h| wanted[h.group as usize])
            }
            Selector::Tier { tier } => filter(hosts, taken, |h| h.tier == *tier),
            Selector::InternetFacing => filter(hosts, taken, |h| h.internet_facing),
            Selector::Rest => filter(hosts, taken, |_| true),
        };
        debug_assert!(chosen.is_sorted(), "every selector takes hosts in host order");
        for &h in &chosen {
            taken[h as usize] = true;
        }
        chosen
    }
}

fn filter(hosts: &[Host], taken: &[bool], keep: impl Fn(&Host) -> bool) -> Vec<u32> {
    (0..hosts.len()).filter(|&h| !taken[h] && keep(&hosts[h])).map(|h| h as u32).collect()
}

/// Up to `n` free hosts, in host order, spread so that every site and edition is tried:
/// taken in rounds, one host a round from each site-and-edition cell that has one left,
/// and within a cell from its groups in turn. Each group gives its first free hosts.
fn pilot(hosts: &[Host], taken: &[bool], n: usize) -> Vec<u32> {
    // Free hosts per group, in group order (hosts are stored group by group).
    let mut per_group: Vec<Vec<u32>> = Vec::new();
    // The groups of each (site, edition) cell, cells in the order they first appear.
    let mut cells: Vec<((u16, u16), Vec<usize>)> = Vec::new();
    let mut last_group = u32::MAX;
    for (h, host) in hosts.iter().enumerate() {
        if taken[h] {
            continue;
        }
        if host.group != last_group {
            last_group = host.group;
            per_group.push(Vec::new());
            let key = (host.site, host.edition);
            match cells.iter_mut().find(|(k, _)| *k == key) {
                Some((_, groups)) => groups.push(per_group.len() - 1),
                None => cells.push((key, vec![per_group.len() - 1])),
            }
        }
        per_group.last_mut().expect("pushed above").push(h as u32);
    }
    // How many each group gives; which of a cell's groups gives next.
    let mut from = vec![0; per_group.len()];
    let mut turn = vec![0; cells.len()];
    let mut left = n;
    while left > 0 {
        let before = left;
        for ((_, groups), turn) in cells.iter().zip(&mut turn) {
            if left == 0 {
                break;
            }
            let giver = (0..groups.len()).map(|k| (*turn + k) % groups.len()).find(|&i| {
                let g = groups[i];
                from[g] < per_group[g].len()
            });
            if let Some(i) = giver {
                from[groups[i]] += 1;
                left -= 1;
                *turn = (i + 1) % groups.len();
            }
        }
        if left == before {
            break;
        }
    }
    // In host order: the groups lie in it, and each gives its first free hosts.
    per_group.iter().zip(from).flat_map(|(free, k)| free[..k].iter().copied()).collect()
}

/// The generated plan: the prerequisite wave where needed, a pilot at every site, every
/// internet-facing host (whatever its edition: the `internet_facing` target's hosts), the
/// internal hosts of the most exposed edition, then everything else. Within a phase the
/// scheduler takes the most exposed hosts first. The pilot is watched for a day, or for
/// 12 hours (one night's installs and the next working morning) when the advisory is to be
/// applied urgently (緊急適用), so that urgent work reaches the internet-facing hosts
/// within three days of the start.
pub fn default_phases(advisory: &Advisory, expanded: &ExpandedFleet, lang: Lang) -> Vec<Phase> {
    let hosts = &expanded.hosts;
    let mut phases = Vec::new();
    if hosts.iter().any(|h| h.needs_prerequisite) {
        phases.push(Phase::generated(Role::Prerequisite, Selector::Prerequisite, 24.0, advisory, lang));
    }
    // One host in fifty (from one to ten), and at least one for every site and edition.
    let mut cells: Vec<(u16, u16)> = hosts.iter().map(|h| (h.site, h.edition)).collect();
    cells.sort_unstable();
    cells.dedup();
    let pilot_hosts = (hosts.len() / 50).clamp(1, 10).max(cells.len()) as u32;
    let urgent = crate::risk::recommend(advisory, Some(expanded.exposure()), Lang::En).urgency
        == Urgency::ApplyUrgently;
    let pilot_soak = if urgent { 12.0 } else { 24.0 };
    phases.push(Phase {
        failure_threshold_percent: Some(20.0),
        ..Phase::generated(Role::Pilot, Selector::Pilot { hosts: pilot_hosts }, pilot_soak, advisory, lang)
    });
    if hosts.iter().any(|h| h.internet_facing) {
        phases.push(Phase {
            failure_threshold_percent: Some(10.0),
            ..Phase::generated(Role::InternetFacing, Selector::InternetFacing, 12.0, advisory, lang)
        });
    }
    // The most exposed edition: the anonymous-vector edition whose internal hosts carry
    // the most weight (its internet-facing hosts went in the phase before).
    let mut weight_by_edition = vec![0f64; advisory.editions.len()];
    for h in hosts.iter().filter(|h| !h.internet_facing) {
        weight_by_edition[h.edition as usize] += f64::from(h.weight);
    }
    let most_exposed = advisory
        .editions
        .iter()
        .enumerate()
        .filter(|(i, e)| e.attack_vector == AttackVector::Anonymous && weight_by_edition[*i] > 0.0)
        .max_by(|a, b| weight_by_edition[a.0].total_cmp(&weight_by_edition[b.0]));
    if let Some((_, edition)) = most_exposed {
        phases.push(Phase {
            failure_threshold_percent: Some(5.0),
            ..Phase::generated(
                Role::Internal,
                Selector::Editions { ids: vec![edition.id.clone()] },
                12.0,
                advisory,
                lang,
            )
        });
    }
    phases.push(Phase {
        failure_threshold_percent: Some(5.0),
        ..Phase::generated(Role::Rest, Selector::Rest, 0.0, advisory, lang)
    });
    phases
}

/// ln(n!), exactly summed for small n and by Stirling's series (error below 1e-13) above.
fn ln_factorial(n: u64) -> f64 {
    if n < 32 {
        return (2..=n).map(|k| (k as f64).ln()).sum();
    }
    let x = n as f64;
    let (x2, x3) = (x * x, x * x * x);
    x * x.ln() - x + 0.5 * (std::f64::consts::TAU * x).ln() + 1.0 / (12.0 * x) - 1.0 / (360.0 * x3)
        + 1.0 / (1260.0 * x3 * x2)
}

/// The probability that more than `threshold_percent` of `hosts` fail when each fails
/// independently with probability `rate` (binomial tail).
///
/// Terms fall away on both sides of the mode, so the sum walks outwards from the nearer
/// edge of the tail and stops once terms no longer matter: about √n terms, not n.
pub fn halt_probability(hosts: u32, rate: f64, threshold_percent: f64) -> f64 {
    if hosts == 0 || rate <= 0.0 || rate.is_nan() {
        return 0.0;
    }
    if rate >= 1.0 {
        return if threshold_percent < 100.0 { 1.0 } else { 0.0 };
    }
    let n = u64::from(hosts);
    // Failures strictly above the threshold halt the rollout.
    let k_min = (n as f64 * threshold_percent / 100.0).floor() as u64 + 1;
    if k_min > n {
        return 0.0;
    }
    let (lp, lq, ln_n) = (rate.ln(), (1.0 - rate).ln(), ln_factorial(n));
    let term =
        |k: u64| (ln_n - ln_factorial(k) - ln_factorial(n - k) + k as f64 * lp + (n - k) as f64 * lq).exp();
    let mode = ((n + 1) as f64 * rate).floor() as u64;
    // Sum a run of terms moving away from the mode until they stop adding anything.
    let sum_from = |k: u64, up: bool| {
        let (mut total, mut k) = (0.0, k);
        loop {
            let t = term(k);
            total += t;
            let away = if up { k >= mode } else { k <= mode };
            if (away && t <= total * 1e-17) || (up && k == n) || (!up && k == 0) {
                return total;
            }
            k = if up { k + 1 } else { k - 1 };
        }
    };
    let p = if k_min > mode { sum_from(k_min, true) } else { 1.0 - sum_from(k_min - 1, false) };
    p.clamp(0.0, 1.0)
}

impl Localized for PhaseError {
    fn ja(&self) -> String {
        match self {
            Self::NoName => "フェーズ名を入力してください".into(),
            Self::EmptyPilot => "パイロットには1台以上のホストが必要です".into(),
            Self::PilotTooLarge(n) => format!(
                "パイロットは{}台までです（入力: {}）",
                crate::i18n::Count(MAX_FLEET_HOSTS),
                crate::i18n::Count(u64::from(*n))
            ),
            Self::BadPercent(x) => format!("割合は0より大きく100以下にしてください（入力: {}）", *x),
            Self::UnknownGroup(n) => format!("「{n}」という名前のグループはありません"),
            Self::UnknownEdition(e) => format!("アドバイザリにエディション「{e}」はありません"),
            Self::NothingChosen => "1つ以上選んでください".into(),
            Self::BadSoak(x) => {
                format!("待機時間は0〜{}時間にしてください（入力: {}）", MAX_SOAK_HOURS, *x)
            }
            Self::BadThreshold(x) => format!("失敗しきい値は0〜100%にしてください（入力: {}）", *x),
            Self::NoPhases => "フェーズが1つ以上必要です".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::presets::ms05_021;
    use crate::fleet::Group;
    use crate::risk::Criticality;

    fn g(name: &str, edition: &str, hosts: u32, internet: u32) -> Group {
        Group {
            name: name.into(),
            edition: edition.into(),
            hosts,
            site: "Tokyo".into(),
            time_zone: "Asia/Tokyo".into(),
            internet_facing: internet,
            prerequisite_present: 0,
            criticality: Criticality::Normal,
            host_names: vec![],
        }
    }

    fn sample() -> (Fleet, ExpandedFleet) {
        let fleet = Fleet {
            groups: vec![
                g("edge", "ex2000-sp3", 20, 20),
                g("core", "ex2000-sp3", 30, 0),
                g("hq", "ex2003", 50, 0),
            ],
            ..Fleet::default()
        };
        let expanded = fleet.expand(&ms05_021());
        (fleet, expanded)
    }

    #[test]
    fn default_plan_follows_exposure() {
        let (fleet, expanded) = sample();
        let phases = default_phases(&ms05_021(), &expanded, Lang::En);
        let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Prerequisite KB870540",
                "Pilot",
                "Internet-facing hosts",
                "Internal Exchange 2000 Server SP3",
                "All other hosts"
            ]
        );
        let mut taken = vec![false; expanded.hosts.len()];
        let mut prepared = taken.clone();
        let picked: Vec<Vec<u32>> =
            phases.iter().map(|p| p.select(&fleet, &expanded, &mut taken, &mut prepared)).collect();
        assert_eq!(picked[0].len(), 50, "every Exchange 2000 host lacks KB870540");
        assert_eq!(picked[1].len(), 2, "a pilot of one host in fifty, one of each edition");
        assert_eq!(picked[2].len(), 19, "internet-facing hosts not in the pilot");
        assert_eq!(picked[3].len(), 30);
        assert_eq!(picked[4].len(), 49);
        assert!(taken.iter().all(|t| *t));
    }

    /// A scenario means the same in both languages: a target names a generated phase in
    /// either, and a generated phase's name follows the language until it is renamed.
    #[test]
    fn generated_phases_answer_to_their_names_in_both_languages() {
        use crate::plan::Plan;
        use crate::scenario::Scenario;
        use crate::target::Target;
        let mut s = Scenario::sample();
        s.version = 2;
        s.targets = vec![
            Target::from_flag("phase:Pilot=30d").unwrap(),
            Target::from_flag("phase:パイロット=30d").unwrap(),
        ];
        for lang in [Lang::En, Lang::Ja] {
            let plan = Plan::make_in(&s, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
            assert!(plan.targets.iter().all(|t| t.outcome.reached.is_some()), "{lang:?}");
        }
        // Edited in Japanese, the phases keep their roles: shown in English in an English page.
        let ja = Plan::make_in(&Scenario::sample(), Lang::Ja).unwrap();
        s.phases = Some(ja.phases.clone());
        assert_eq!(s.phases.as_ref().unwrap()[1].name, "パイロット");
        let en = Plan::make_in(&s, Lang::En).unwrap();
        assert_eq!(en.phases[1].name, "Pilot");
        // Renamed, it keeps the planner's name in both, and answers to that name only.
        s.phases.as_mut().unwrap()[1].name = "Canary".into();
        assert!(Plan::make_in(&s, Lang::Ja).is_err(), "no phase is named Pilot now");
        s.targets = vec![Target::from_flag("phase:canary=30d").unwrap()];
        assert_eq!(Plan::make_in(&s, Lang::Ja).unwrap().phases[1].name, "Canary");
    }

    #[test]
    fn pilot_takes_from_every_group() {
        let (fleet, expanded) = sample();
        let mut taken = vec![false; expanded.hosts.len()];
        let mut prepared = taken.clone();
        let pilot = Phase::new("p", Selector::Pilot { hosts: 3 }, 0.0).select(
            &fleet,
            &expanded,
            &mut taken,
            &mut prepared,
        );
        let groups: Vec<u32> = pilot.iter().map(|&h| expanded.hosts[h as usize].group).collect();
        assert_eq!(groups, [0, 1, 2]);
        let pct = Phase::new("p", Selector::PilotPercent { percent: 10.0 }, 0.0).select(
            &fleet,
            &expanded,
            &mut taken,
            &mut prepared,
        );
        assert_eq!(pct.len(), 10, "10 % of the 97 remaining, rounded up");
    }

    /// Three sites' worth of groups: Tokyo has two groups of one edition and one of another,
    /// London one group, Chicago two groups of one edition.
    fn spread() -> (Fleet, ExpandedFleet) {
        let at = |name: &str, edition: &str, hosts: u32, site: &str| Group {
            site: site.into(),
            ..g(name, edition, hosts, 0)
        };
        let fleet = Fleet {
            groups: vec![
                at("tokyo-a", "ex2003", 30, "Tokyo"),
                at("tokyo-b", "ex2003", 30, "Tokyo"),
                at("tokyo-c", "ex2000-sp3", 5, "Tokyo"),
                at("london", "ex2003-sp1", 3, "London"),
                at("chicago-a", "ex2003", 20, "Chicago"),
                at("chicago-b", "ex2003", 20, "Chicago"),
            ],
            ..Fleet::default()
        };
        let expanded = fleet.expand(&ms05_021());
        (fleet, expanded)
    }

    #[test]
    fn the_default_pilot_tries_every_site_and_edition() {
        let (_, expanded) = spread();
        let phases = default_phases(&ms05_021(), &expanded, Lang::En);
        let pilot = phases.iter().find(|p| matches!(p.selector, Selector::Pilot { .. })).unwrap();
        let mut taken = vec![false; expanded.hosts.len()];
        let mut prepared = taken.clone();
        let fleet = spread().0;
        let picked = pilot.select(&fleet, &expanded, &mut taken, &mut prepared);
        let cells: std::collections::BTreeSet<(u16, u16)> = picked
            .iter()
            .map(|&h| (expanded.hosts[h as usize].site, expanded.hosts[h as usize].edition))
            .collect();
        assert_eq!(cells.len(), 4, "Tokyo twice (two editions), London and Chicago: {picked:?}");
        let sites: std::collections::BTreeSet<u16> = cells.iter().map(|c| c.0).collect();
        assert_eq!(sites.len(), 3);
    }

    // Native only: proptest is a native test tool (Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// A pilot of `n` takes min(n, free) hosts in host order, each group its first free
        /// ones; every site-and-edition cell with a free host is tried before any gives a
        /// second (the cells' shares differ by at most one, unless a cell ran out), and so
        /// are the groups within a cell.
        #[test]
        fn a_pilot_tries_every_site_and_edition_then_spreads_evenly(
            taken in proptest::collection::vec(proptest::bool::weighted(0.3), 108),
            n in 0usize..120,
        ) {
            let (_, expanded) = spread();
            let hosts = &expanded.hosts;
            let picked = pilot(hosts, &taken, n);
            let free: Vec<u32> = (0..hosts.len() as u32).filter(|&h| !taken[h as usize]).collect();
            proptest::prop_assert_eq!(picked.len(), n.min(free.len()));
            proptest::prop_assert!(picked.windows(2).all(|w| w[0] < w[1]), "host order");
            let count = |key: &dyn Fn(u32) -> (u32, u32), among: &[u32]| {
                let mut counts = std::collections::BTreeMap::new();
                for &h in among {
                    *counts.entry(key(h)).or_insert(0usize) += 1;
                }
                counts
            };
            let cell = |h: u32| (u32::from(hosts[h as usize].site), u32::from(hosts[h as usize].edition));
            let group = |h: u32| (hosts[h as usize].group, 0);
            // Balanced over cells, and over the groups of each cell.
            for (key, within) in [(&cell as &dyn Fn(u32) -> (u32, u32), None), (&group, Some(&cell as &dyn Fn(u32) -> (u32, u32)))] {
                let (have, took) = (count(key, &free), count(key, &picked));
                for (k, &h) in &have {
                    let t = took.get(k).copied().unwrap_or(0);
                    for (k2, &h2) in &have {
                        let same_cell = within.is_none_or(|c| {
                            let first = |k: &(u32, u32)| free.iter().copied().find(|&x| key(x) == *k).map(c);
                            first(k) == first(k2)
                        });
                        let t2 = took.get(k2).copied().unwrap_or(0);
                        // One more than another only while the other has none left.
                        proptest::prop_assert!(!same_cell || t <= t2 + 1 || t2 == h2, "{:?} {} vs {:?} {}", k, t, k2, t2);
                    }
                    proptest::prop_assert!(t <= h);
                }
            }
            // Each group gives its first free hosts.
            for g in 0..6u32 {
                let mine: Vec<u32> = free.iter().copied().filter(|&h| hosts[h as usize].group == g).collect();
                let given: Vec<u32> = picked.iter().copied().filter(|&h| hosts[h as usize].group == g).collect();
                proptest::prop_assert_eq!(&mine[..given.len()], &given[..]);
            }
        }
    }

    #[test]
    fn bad_phases_name_the_field() {
        let (fleet, _) = sample();
        let a = ms05_021();
        let check = |s: Selector| Phase::new("x", s, 0.0).check(&a, &fleet).map_err(|e| e.0);
        assert_eq!(check(Selector::Pilot { hosts: 0 }), Err("hosts"));
        assert_eq!(check(Selector::PilotPercent { percent: 0.0 }), Err("percent"));
        assert_eq!(check(Selector::Groups { names: vec!["nope".into()] }), Err("names"));
        assert_eq!(check(Selector::Editions { ids: vec!["ex5.5-sp4".into()] }), Err("ids"));
        let soak = Phase::new("x", Selector::Rest, -1.0).check(&a, &fleet);
        assert_eq!(soak, Err(("soak_hours", PhaseError::BadSoak(-1.0))));
    }

    #[test]
    fn halt_probability_is_a_binomial_tail() {
        // 10 hosts, 10 % failure rate, threshold 0 %: any failure halts = 1 - 0.9^10.
        let p = halt_probability(10, 0.1, 0.0);
        assert!((p - (1.0 - 0.9f64.powi(10))).abs() < 1e-12, "{p}");
        // Threshold 100 % can never be exceeded.
        assert_eq!(halt_probability(10, 0.5, 100.0), 0.0);
        assert_eq!(halt_probability(10, 0.0, 0.0), 0.0);
        // Large phases stay finite and sensible.
        let big = halt_probability(100_000, 0.01, 5.0);
        assert!(big < 1e-6, "{big}");
        // At the mean the tail is close to a half (normal approximation).
        let half = halt_probability(1_000_000, 0.01, 1.0);
        assert!((half - 0.5).abs() < 0.01, "{half}");
        // Against an exact sum for a mid-sized case: 40 hosts, 5 %, threshold 10 % (k ≥ 5).
        let exact: f64 = (5..=40u32)
            .map(|k| {
                let c: f64 = (1..=k).map(|i| f64::from(40 - k + i) / f64::from(i)).product();
                c * 0.05f64.powi(k as i32) * 0.95f64.powi(40 - k as i32)
            })
            .sum();
        assert!((halt_probability(40, 0.05, 10.0) - exact).abs() < 1e-12);
        // Below the mode the complement is used: most of the mass halts.
        assert!(halt_probability(1000, 0.2, 10.0) > 0.999_999);
    }
}
