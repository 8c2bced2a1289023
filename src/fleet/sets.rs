//! Availability sets: hosts that must not all be down at once (a cluster's nodes, a
//! front-end pool), each with at most so many of them being patched at the same time.
//!
//! A set names whole groups, single hosts (by name), or both; a set may span sites, and
//! sets may overlap (a host in two sets counts against both). Its limit is said one of
//! three ways, as Kubernetes' disruption budgets say it: at most N hosts down
//! (`max_down`), at most P % of them (`max_down_percent`, rounded down), or at least M kept
//! in service (`min_in_service`). Every host the set names counts towards its size, the
//! hosts of editions the advisory leaves alone too: they stay in service throughout.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{made_name_owner, Fleet, Group};
use crate::i18n::Localized;

/// A named set of hosts, at most some of which may be down at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilitySet {
    pub name: String,
    /// Whole fleet groups, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Single hosts, by name (an inventory's names, or a group's made ones: `web-0003`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// At most this many of its hosts down at once…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_down: Option<u32>,
    /// …or at most this percentage of them (rounded down)…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_down_percent: Option<f64>,
    /// …or at least this many kept in service. Exactly one of the three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_in_service: Option<u32>,
}

/// A set's limit, whichever way it is said.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SetLimit {
    MaxDown(u32),
    MaxDownPercent(f64),
    MinInService(u32),
}

impl SetLimit {
    /// The most of a set of `size` hosts that may be down at once (0: none, refused).
    pub fn most_down(self, size: u32) -> u32 {
        match self {
            SetLimit::MaxDown(n) => n,
            SetLimit::MaxDownPercent(p) => (f64::from(size) * p / 100.0 + 1e-9).floor() as u32,
            SetLimit::MinInService(m) => size.saturating_sub(m),
        }
    }

    /// The scenario field that holds it.
    pub fn field(self) -> &'static str {
        match self {
            SetLimit::MaxDown(_) => "max_down",
            SetLimit::MaxDownPercent(_) => "max_down_percent",
            SetLimit::MinInService(_) => "min_in_service",
        }
    }
}

impl AvailabilitySet {
    /// A set of whole `groups` and single `hosts` (by name) with `limit`.
    pub fn new(name: impl Into<String>, groups: Vec<String>, hosts: Vec<String>, limit: SetLimit) -> Self {
        let mut set = Self { name: name.into(), groups, hosts, ..Self::default() };
        set.set_limit(limit);
        set
    }

    /// The one limit the set has, if it has exactly one.
    pub fn limit(&self) -> Option<SetLimit> {
        match (self.max_down, self.max_down_percent, self.min_in_service) {
            (Some(n), None, None) => Some(SetLimit::MaxDown(n)),
            (None, Some(p), None) => Some(SetLimit::MaxDownPercent(p)),
            (None, None, Some(m)) => Some(SetLimit::MinInService(m)),
            _ => None,
        }
    }

    /// Sets the limit, clearing the other two ways of saying it.
    pub fn set_limit(&mut self, limit: SetLimit) {
        (self.max_down, self.max_down_percent, self.min_in_service) = (None, None, None);
        match limit {
            SetLimit::MaxDown(n) => self.max_down = Some(n),
            SetLimit::MaxDownPercent(p) => self.max_down_percent = Some(p),
            SetLimit::MinInService(m) => self.min_in_service = Some(m),
        }
    }
}

/// What can be wrong with an availability set.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum SetError {
    #[error("the availability set needs a name")]
    NoName,
    #[error("another availability set is already named \"{0}\"")]
    DuplicateName(String),
    #[error("name at least one group or host")]
    Empty,
    #[error("there is no group named \"{0}\"")]
    UnknownGroup(String),
    #[error("there is no host named \"{0}\"")]
    UnknownHost(String),
    #[error("give one limit: max_down, max_down_percent or min_in_service")]
    NoLimit,
    #[error("give only one limit: max_down, max_down_percent or min_in_service")]
    TwoLimits,
    #[error("allow at least one host down at a time")]
    ZeroLimit,
    #[error("the percentage must be above 0 and at most 100")]
    BadPercent,
    /// The limit leaves none of the set's hosts to patch.
    #[error("{limit} of the set's {size} hosts leaves none to patch; allow at least one down at a time")]
    NothingPatchable { limit: String, size: u32 },
}

impl Localized for SetError {
    fn ja(&self) -> String {
        match self {
            Self::NoName => "可用性セットの名前を入力してください".into(),
            Self::DuplicateName(n) => format!("「{n}」という名前の可用性セットは既にあります"),
            Self::Empty => "グループかホストを1つ以上指定してください".into(),
            Self::UnknownGroup(n) => format!("「{n}」という名前のグループはありません"),
            Self::UnknownHost(n) => format!("「{n}」という名前のホストはありません"),
            Self::NoLimit => {
                "上限を1つ指定してください: max_down、max_down_percent、min_in_service のいずれか".into()
            }
            Self::TwoLimits => {
                "上限は1つだけにしてください: max_down、max_down_percent、min_in_service のいずれか".into()
            }
            Self::ZeroLimit => "同時に停止できる台数を1台以上にしてください".into(),
            Self::BadPercent => "割合は0より大きく100以下にしてください".into(),
            Self::NothingPatchable { limit, size } => {
                format!("セットの{size}台に対して{limit}では、適用できるホストが残りません。同時に1台以上停止できるようにしてください")
            }
        }
    }
}

/// A set problem and where it is: the set's index and the field.
#[derive(Clone, Debug, PartialEq)]
pub struct SetProblem {
    pub index: usize,
    pub field: &'static str,
    pub error: SetError,
}

/// Where each host name is: `(group, ordinal)`, for names an inventory listed; the names a
/// group makes for itself are worked out from the name.
struct HostNames<'a> {
    listed: HashMap<&'a str, (usize, u32)>,
    unnamed_groups: HashMap<&'a str, usize>,
    groups: &'a [Group],
}

impl<'a> HostNames<'a> {
    fn new(fleet: &'a Fleet) -> Self {
        let mut listed = HashMap::new();
        let mut unnamed_groups = HashMap::new();
        for (i, g) in fleet.groups.iter().enumerate() {
            if g.host_names.is_empty() {
                unnamed_groups.insert(g.name.as_str(), i);
            }
            for (ordinal, name) in g.host_names.iter().enumerate() {
                listed.entry(name.as_str()).or_insert((i, ordinal as u32));
            }
        }
        Self { listed, unnamed_groups, groups: &fleet.groups }
    }

    fn find(&self, name: &str) -> Option<(usize, u32)> {
        self.listed.get(name).copied().or_else(|| made_name_owner(name, &self.unnamed_groups, self.groups))
    }
}

/// A set's hosts: the whole groups it names, and the single hosts not in one of them, each
/// once.
struct Members {
    /// Whole groups.
    groups: Vec<usize>,
    /// Single hosts not already in one of those groups.
    hosts: Vec<(usize, u32)>,
}

impl Members {
    fn size(&self, fleet: &Fleet) -> u64 {
        self.groups.iter().map(|&g| u64::from(fleet.groups[g].hosts)).sum::<u64>() + self.hosts.len() as u64
    }
}

/// The members of `set`, or the first problem naming what is unknown.
fn members(
    set: &AvailabilitySet,
    group_index: &HashMap<&str, usize>,
    names: &HostNames,
) -> Result<Members, (&'static str, SetError)> {
    let mut groups = Vec::with_capacity(set.groups.len());
    for name in &set.groups {
        match group_index.get(name.as_str()) {
            Some(&g) if !groups.contains(&g) => groups.push(g),
            Some(_) => {}
            None => return Err(("groups", SetError::UnknownGroup(name.clone()))),
        }
    }
    groups.sort_unstable();
    let mut hosts = Vec::with_capacity(set.hosts.len());
    for name in &set.hosts {
        match names.find(name) {
            Some((g, _)) if groups.binary_search(&g).is_ok() => {}
            Some(host) => hosts.push(host),
            None => return Err(("hosts", SetError::UnknownHost(name.clone()))),
        }
    }
    hosts.sort_unstable();
    hosts.dedup();
    Ok(Members { groups, hosts })
}

impl Fleet {
    /// Every problem of every availability set, each with its set and field. Groups the
    /// fleet check refuses still count as known here (their own problem is said there).
    pub fn validate_sets(&self) -> Vec<SetProblem> {
        let mut out = Vec::new();
        if self.availability_sets.is_empty() {
            return out;
        }
        let group_index: HashMap<&str, usize> =
            self.groups.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();
        let names = HostNames::new(self);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, set) in self.availability_sets.iter().enumerate() {
            let mut problem = |field, error| out.push(SetProblem { index, field, error });
            if set.name.trim().is_empty() {
                problem("name", SetError::NoName);
            } else if seen.insert(set.name.as_str(), index).is_some() {
                problem("name", SetError::DuplicateName(set.name.clone()));
            }
            // The limit, when it is one and a value it may have (else its problem is said).
            let given =
                [set.max_down.is_some(), set.max_down_percent.is_some(), set.min_in_service.is_some()];
            let limit = match (set.limit(), given.iter().filter(|&&g| g).count()) {
                (None, 0) => Err(("max_down", SetError::NoLimit)),
                (None, _) => Err(("max_down", SetError::TwoLimits)),
                (Some(SetLimit::MaxDown(0)), _) => Err(("max_down", SetError::ZeroLimit)),
                (Some(SetLimit::MaxDownPercent(p)), _) if !(p > 0.0 && p <= 100.0) => {
                    Err(("max_down_percent", SetError::BadPercent))
                }
                (Some(limit), _) => Ok(limit),
            };
            let limit = limit.map_err(|(field, error)| problem(field, error)).ok();
            if set.groups.is_empty() && set.hosts.is_empty() {
                problem("groups", SetError::Empty);
                continue;
            }
            let members = match members(set, &group_index, &names) {
                Ok(m) => m,
                Err((field, error)) => {
                    problem(field, error);
                    continue;
                }
            };
            let size = u32::try_from(members.size(self)).unwrap_or(u32::MAX);
            if let Some(limit) = limit.filter(|l| l.most_down(size) == 0) {
                let shown = match limit {
                    SetLimit::MaxDown(n) | SetLimit::MinInService(n) => format!("{} {n}", limit.field()),
                    SetLimit::MaxDownPercent(p) => format!("{} {p}", limit.field()),
                };
                problem(limit.field(), SetError::NothingPatchable { limit: shown, size });
            }
        }
        out
    }

    /// How many hosts the sets name together (a host in two sets counted twice): what the
    /// scheduler looks at for each host, kept within the documented limits.
    pub fn set_memberships(&self) -> u64 {
        let sizes: HashMap<&str, u64> =
            self.groups.iter().map(|g| (g.name.as_str(), u64::from(g.hosts))).collect();
        (self.availability_sets.iter())
            .map(|s| {
                let groups: std::collections::HashSet<&str> = s.groups.iter().map(String::as_str).collect();
                groups.iter().filter_map(|g| sizes.get(g)).sum::<u64>() + s.hosts.len() as u64
            })
            .sum()
    }

    /// The sets as the scheduler reads them; call once [`Fleet::validate_sets`] and
    /// [`Fleet::validate`] found nothing. `group_first[g]` is the index of group `g`'s
    /// first host among the planned hosts (`None` for a group of an unaffected edition).
    pub(super) fn host_sets(&self, group_first: &[Option<u32>], hosts: usize) -> HostSets {
        if self.availability_sets.is_empty() {
            return HostSets::default();
        }
        let group_index: HashMap<&str, usize> =
            self.groups.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();
        let names = HostNames::new(self);
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut most_down = Vec::with_capacity(self.availability_sets.len());
        let mut sizes = Vec::with_capacity(self.availability_sets.len());
        for (s, set) in self.availability_sets.iter().enumerate() {
            let Ok(members) = members(set, &group_index, &names) else {
                most_down.push(u32::MAX);
                sizes.push(0);
                continue;
            };
            let size = u32::try_from(members.size(self)).unwrap_or(u32::MAX);
            sizes.push(size);
            most_down.push(set.limit().map_or(u32::MAX, |l| l.most_down(size)));
            let s = s as u32;
            for &g in &members.groups {
                if let Some(first) = group_first[g] {
                    pairs.extend((first..first + self.groups[g].hosts).map(|h| (h, s)));
                }
            }
            for &(g, ordinal) in &members.hosts {
                if let Some(first) = group_first[g] {
                    pairs.push((first + ordinal, s));
                }
            }
        }
        pairs.sort_unstable();
        let mut starts = Vec::with_capacity(hosts + 1);
        let mut sets = Vec::with_capacity(pairs.len());
        let mut next = pairs.iter().peekable();
        for h in 0..hosts as u32 {
            starts.push(sets.len() as u32);
            while let Some(&&(host, s)) = next.peek() {
                if host != h {
                    break;
                }
                sets.push(s);
                next.next();
            }
        }
        starts.push(sets.len() as u32);
        let names = self.availability_sets.iter().map(|s| s.name.clone()).collect();
        HostSets { names, most_down, sizes, starts, sets }
    }
}

/// The availability sets as the scheduler reads them: each set's name and limit, and each
/// planned host's sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostSets {
    pub names: Vec<String>,
    /// Per set: at most this many of its hosts down at once.
    pub most_down: Vec<u32>,
    /// Per set: how many hosts it names (those of unaffected editions too).
    pub sizes: Vec<u32>,
    /// Per host (and one past the last): where its sets start in `sets`; empty without sets.
    starts: Vec<u32>,
    sets: Vec<u32>,
}

impl HostSets {
    /// No set at all.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The sets host `h` is in, in set order.
    pub fn of(&self, h: u32) -> &[u32] {
        match self.starts.get(h as usize..h as usize + 2) {
            Some(&[from, to]) => &self.sets[from as usize..to as usize],
            _ => &[],
        }
    }

    /// How many hosts of each set `hosts` hold, as `(set, hosts)` in set order.
    pub fn count(&self, hosts: &[u32]) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for &h in hosts {
            for &s in self.of(h) {
                match out.iter_mut().find(|(set, _)| *set == s) {
                    Some((_, n)) => *n += 1,
                    None => out.push((s, 1)),
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::presets::ms05_021;
    use crate::fleet::tests::group;

    fn set(name: &str, groups: &[&str], hosts: &[&str], limit: SetLimit) -> AvailabilitySet {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect();
        AvailabilitySet::new(name, names(groups), names(hosts), limit)
    }

    fn fleet(sets: Vec<AvailabilitySet>) -> Fleet {
        let mut named = group("mail", "ex2003", 3, "Tokyo", "Asia/Tokyo");
        named.host_names = vec!["mx1".into(), "mx2".into(), "mx3".into()];
        Fleet {
            groups: vec![
                group("web", "ex2003", 10, "Tokyo", "Asia/Tokyo"),
                named,
                group("old", "ex5.5-sp4", 2, "Tokyo", "Asia/Tokyo"),
            ],
            availability_sets: sets,
        }
    }

    #[test]
    fn each_way_of_saying_a_limit_gives_the_hosts_down_at_once() {
        assert_eq!(SetLimit::MaxDown(1).most_down(2), 1);
        assert_eq!(SetLimit::MaxDownPercent(20.0).most_down(10), 2);
        assert_eq!(SetLimit::MaxDownPercent(25.0).most_down(10), 2, "rounded down");
        assert_eq!(SetLimit::MinInService(8).most_down(10), 2);
        assert_eq!(SetLimit::MinInService(12).most_down(10), 0);
    }

    #[test]
    fn members_come_from_groups_and_names_each_once() {
        let f = fleet(vec![
            set("pool", &["web"], &["web-0002", "mx1"], SetLimit::MinInService(8)),
            set("cluster", &[], &["mx1", "mx2"], SetLimit::MaxDown(1)),
            set("legacy", &["old", "mail"], &[], SetLimit::MaxDownPercent(50.0)),
        ]);
        assert!(f.validate_sets().is_empty(), "{:?}", f.validate_sets());
        let expanded = f.expand(&ms05_021());
        let sets = &expanded.sets;
        // pool: 10 web hosts and mx1 (web-0002 is in web already): 11, 8 in service.
        assert_eq!(sets.most_down, vec![3, 1, 2]);
        assert_eq!(sets.sizes, vec![11, 2, 5]);
        assert_eq!(sets.of(1), &[0], "web-0002 once");
        assert_eq!(sets.of(10), &[0, 1, 2], "mx1 in all three");
        assert_eq!(sets.of(12), &[2], "mx3");
        // Unaffected hosts count towards the size (5 hosts, 50 %: 2) but are not planned.
        assert_eq!(expanded.hosts.len(), 13);
        assert_eq!(sets.count(&[10, 11, 12, 0]), vec![(0, 2), (1, 2), (2, 3)]);
    }

    #[test]
    fn each_problem_names_its_set_and_field() {
        let f = fleet(vec![
            set("", &["web"], &[], SetLimit::MaxDown(1)),
            set("a", &["nope"], &[], SetLimit::MaxDown(1)),
            set("a", &[], &["mx9"], SetLimit::MaxDown(1)),
            set("b", &[], &[], SetLimit::MaxDown(1)),
            set("c", &["web"], &[], SetLimit::MaxDown(0)),
            set("d", &["web"], &[], SetLimit::MinInService(10)),
            set("e", &["web"], &[], SetLimit::MaxDownPercent(5.0)),
            set("f", &["web"], &[], SetLimit::MaxDownPercent(150.0)),
            AvailabilitySet {
                max_down: Some(1),
                min_in_service: Some(1),
                ..set("g", &["web"], &[], SetLimit::MaxDown(1))
            },
            AvailabilitySet { max_down: None, ..set("h", &["web"], &[], SetLimit::MaxDown(1)) },
        ]);
        let found: Vec<(usize, &str)> = f.validate_sets().iter().map(|p| (p.index, p.field)).collect();
        assert_eq!(
            found,
            [
                (0, "name"),
                (1, "groups"),
                (2, "name"),
                (2, "hosts"),
                (3, "groups"),
                (4, "max_down"),
                (5, "min_in_service"),
                (6, "max_down_percent"),
                (7, "max_down_percent"),
                (8, "max_down"),
                (9, "max_down"),
            ]
        );
        let problems = f.validate_sets();
        assert_eq!(
            problems[6].error.to_string(),
            "min_in_service 10 of the set's 10 hosts leaves none to patch; allow at least one down at a time"
        );
    }
}
