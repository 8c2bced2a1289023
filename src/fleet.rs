//! The servers to patch: groups of hosts by edition and site, or hosts from an inventory.
//!
//! A group stands for `hosts` alike servers; within it, the first `internet_facing` hosts
//! are the internet-facing ones and the first `prerequisite_present` already have the
//! prerequisite. Hosts of editions the advisory lists as unaffected are counted and left
//! out of the plan, never silently dropped.

pub mod inventory;
pub(crate) mod records;
pub mod sets;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::advisory::Advisory;
use crate::i18n::{Count, Localized, Text};
use crate::risk::{self, Criticality, RiskTier};
use crate::time_zone;
pub use sets::{AvailabilitySet, HostSets, SetError, SetLimit};

/// Most hosts one scenario may hold.
pub const MAX_FLEET_HOSTS: u64 = 2_000_000;

/// A set of alike hosts: one edition, one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    /// An edition id of the advisory (or one it lists as unaffected).
    pub edition: String,
    pub hosts: u32,
    pub site: String,
    /// IANA time-zone name of the site, such as `Asia/Tokyo`.
    pub time_zone: String,
    #[serde(default)]
    pub internet_facing: u32,
    #[serde(default)]
    pub prerequisite_present: u32,
    #[serde(default)]
    pub criticality: Criticality,
    /// Host names from an inventory; when empty, names are made from the group's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub host_names: Vec<String>,
}

/// The whole fleet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    pub groups: Vec<Group>,
    /// Hosts kept partly in service: at most so many of each set down at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_sets: Vec<AvailabilitySet>,
}

/// What can be wrong with a fleet group.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum FleetError {
    /// Every group needs a name to be told apart in the plan.
    #[error("the group needs a name")]
    NoName,
    /// Two groups with one name could not be told apart.
    #[error("another group is already named \"{0}\"")]
    DuplicateName(String),
    /// The edition is neither affected nor known to be unaffected.
    #[error("edition \"{0}\" is not one this advisory names")]
    UnknownEdition(String),
    #[error("a group needs at least one host")]
    NoHosts,
    #[error("the fleet may hold at most {} hosts (this makes {})", Count(MAX_FLEET_HOSTS), Count(*.0))]
    TooManyHosts(u64),
    /// More hosts are marked than the group holds.
    #[error("{what}: {count} is more than the group's {hosts} hosts")]
    CountAboveHosts { what: Text, count: u32, hosts: u32 },
    #[error("the inventory named {names} hosts of this group, not {hosts}: name the rest, or drop the names (the group then makes its own)")]
    NamesMismatch { names: usize, hosts: u32 },
    #[error("the group needs a site")]
    NoSite,
    /// A host would be patched twice under one name.
    #[error("host {host} is named \"{name}\", like host {other_host} of group \"{other_group}\"; host names must be unique")]
    DuplicateHost { name: String, host: u32, other_group: String, other_host: u32 },
    /// One site cannot be in two time zones.
    #[error("site \"{site}\" is in time zone {first} in another group, not {second}")]
    SiteZoneConflict { site: String, first: String, second: String },
    #[error(transparent)]
    TimeZone(#[from] time_zone::TimeZoneError),
}

/// A fleet problem and the group it is in.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("group {index} ({name}): {error}")]
pub struct GroupError {
    pub index: usize,
    pub name: String,
    /// Which field of the group is wrong (`hosts`, `edition`, …).
    pub field: &'static str,
    pub error: FleetError,
}

/// One host to patch, packed small: a plan of a million hosts holds a million of these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Host {
    /// Index of the group in the fleet.
    pub group: u32,
    /// Position in the group (0-based).
    pub ordinal: u32,
    /// Index into [`ExpandedFleet::sites`].
    pub site: u16,
    /// Index of the edition in the advisory.
    pub edition: u16,
    pub internet_facing: bool,
    pub needs_prerequisite: bool,
    pub tier: RiskTier,
    /// Exposure weight (see `risk`).
    pub weight: f32,
}

/// A site and its time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Site {
    pub name: String,
    pub time_zone: String,
}

/// Hosts of an edition the advisory does not affect, reported instead of planned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unaffected {
    pub edition: String,
    pub hosts: u64,
}

/// The fleet as individual hosts, ready to schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpandedFleet {
    pub hosts: Vec<Host>,
    pub sites: Vec<Site>,
    pub unaffected: Vec<Unaffected>,
    /// The availability sets, and each host's.
    pub sets: HostSets,
}

impl ExpandedFleet {
    /// How widely the hosts expose the flaw (for the urgency recommendation).
    pub fn exposure(&self) -> risk::Exposure {
        risk::Exposure::of(self.hosts.iter().map(|h| h.tier))
    }
}

impl Group {
    /// The name of the group's `ordinal`-th host.
    pub fn host_name(&self, ordinal: u32) -> String {
        let mut name = String::new();
        self.write_host_name(ordinal, &mut name);
        name
    }

    /// [`Group::host_name`], written at the end of `out`.
    pub fn write_host_name(&self, ordinal: u32, out: &mut String) {
        match self.host_names.get(ordinal as usize) {
            Some(name) => out.push_str(name),
            None => {
                use std::fmt::Write;
                let _ = write!(out, "{}-{:04}", self.name, ordinal + 1);
            }
        }
    }

    fn check(&self, advisory: &Advisory) -> Result<(), (&'static str, FleetError)> {
        if self.name.trim().is_empty() {
            return Err(("name", FleetError::NoName));
        }
        if advisory.edition(&self.edition).is_none() && !advisory.is_unaffected(&self.edition) {
            return Err(("edition", FleetError::UnknownEdition(self.edition.clone())));
        }
        if self.hosts == 0 {
            return Err(("hosts", FleetError::NoHosts));
        }
        for (field, what, count) in [
            (
                "internet_facing",
                Text::new("internet-facing hosts", "インターネット公開ホスト"),
                self.internet_facing,
            ),
            (
                "prerequisite_present",
                Text::new("hosts with the prerequisite", "前提条件適用済みホスト"),
                self.prerequisite_present,
            ),
        ] {
            if count > self.hosts {
                return Err((field, FleetError::CountAboveHosts { what, count, hosts: self.hosts }));
            }
        }
        // Beside the host count, which the planner changed (the names came from a file).
        if !self.host_names.is_empty() && self.host_names.len() != self.hosts as usize {
            let names = self.host_names.len();
            return Err(("hosts", FleetError::NamesMismatch { names, hosts: self.hosts }));
        }
        if self.site.trim().is_empty() {
            return Err(("site", FleetError::NoSite));
        }
        time_zone::zone(&self.time_zone).map_err(|e| ("time_zone", e.into()))?;
        Ok(())
    }
}

impl Fleet {
    pub fn total_hosts(&self) -> u64 {
        self.groups.iter().map(|g| u64::from(g.hosts)).sum()
    }

    /// Every problem of every group, each with where it is. Linear in groups and names.
    pub fn validate(&self, advisory: &Advisory) -> Vec<GroupError> {
        let mut errors = Vec::new();
        let mut push = |index: usize, field, error| {
            errors.push(GroupError { index, name: self.groups[index].name.clone(), field, error })
        };
        let mut names: HashMap<&str, usize> = HashMap::with_capacity(self.groups.len());
        let mut first_at_site: HashMap<&str, usize> = HashMap::new();
        let mut checked = vec![false; self.groups.len()];
        for (i, g) in self.groups.iter().enumerate() {
            // The first group at a site with a real zone sets the site's zone, even when it
            // has problems of its own; a mistyped zone is its own group's problem only.
            if time_zone::zone(&g.time_zone).is_ok() {
                first_at_site.entry(&g.site).or_insert(i);
            }
            let first = first_at_site.get(g.site.as_str()).copied().unwrap_or(i);
            let named_before = names.insert(&g.name, i).is_some();
            if let Err((field, error)) = g.check(advisory) {
                push(i, field, error);
                continue;
            }
            checked[i] = true;
            if named_before {
                push(i, "name", FleetError::DuplicateName(g.name.clone()));
            }
            let o = &self.groups[first];
            if o.time_zone != g.time_zone {
                let error = FleetError::SiteZoneConflict {
                    site: g.site.clone(),
                    first: o.time_zone.clone(),
                    second: g.time_zone.clone(),
                };
                push(i, "time_zone", error);
            }
        }
        for (i, error) in self.duplicate_hosts(&checked) {
            push(i, "host_names", error);
        }
        let total = self.total_hosts();
        if total > MAX_FLEET_HOSTS && !self.groups.is_empty() {
            push(self.groups.len() - 1, "hosts", FleetError::TooManyHosts(total));
        }
        errors
    }

    /// Host names used twice: among the listed names, or a listed name that a group
    /// without names also makes (`<group>-0001`). Made names never clash with each other
    /// while group names are unique (they differ before the last `-`), so only listed
    /// names are looked at. Only groups marked in `checked` count.
    fn duplicate_hosts(&self, checked: &[bool]) -> Vec<(usize, FleetError)> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, (usize, u32)> = HashMap::new();
        let named_groups: HashMap<&str, usize> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(i, g)| checked[*i] && g.host_names.is_empty())
            .map(|(i, g)| (g.name.as_str(), i))
            .collect();
        for (i, g) in self.groups.iter().enumerate().filter(|(i, _)| checked[*i]) {
            for (ordinal, name) in g.host_names.iter().enumerate() {
                let ordinal = ordinal as u32;
                let clash = match seen.get(name.as_str()) {
                    Some(&(other, other_ordinal)) => Some((other, other_ordinal)),
                    None => made_name_owner(name, &named_groups, &self.groups),
                };
                match clash {
                    Some((other, other_ordinal)) => {
                        out.push((
                            i,
                            FleetError::DuplicateHost {
                                name: name.clone(),
                                host: ordinal + 1,
                                other_group: self.groups[other].name.clone(),
                                other_host: other_ordinal + 1,
                            },
                        ));
                        break;
                    }
                    None => {
                        seen.insert(name, (i, ordinal));
                    }
                }
            }
        }
        out
    }

    /// Expands the groups into hosts; call after [`Fleet::validate`] found nothing.
    pub fn expand(&self, advisory: &Advisory) -> ExpandedFleet {
        let mut sites: Vec<Site> = Vec::new();
        let mut site_index: HashMap<&str, usize> = HashMap::new();
        let mut unaffected: Vec<Unaffected> = Vec::new();
        let mut hosts = Vec::with_capacity(self.total_hosts().min(MAX_FLEET_HOSTS) as usize);
        let mut group_first = vec![None; self.groups.len()];
        for (gi, g) in self.groups.iter().enumerate() {
            let Some(edition) = advisory.editions.iter().position(|e| e.id == g.edition) else {
                match unaffected.iter_mut().find(|u| u.edition == g.edition) {
                    Some(u) => u.hosts += u64::from(g.hosts),
                    None => unaffected.push(Unaffected { edition: g.edition.clone(), hosts: g.hosts.into() }),
                }
                continue;
            };
            let site = *site_index.entry(&g.site).or_insert_with(|| {
                sites.push(Site { name: g.site.clone(), time_zone: g.time_zone.clone() });
                sites.len() - 1
            });
            let e = &advisory.editions[edition];
            let has_prerequisite = e.prerequisite.is_some();
            // Two kinds of host per group: internet-facing or not. Work each out once.
            let kind = |internet_facing: bool| {
                let tier = risk::tier(e.attack_vector, internet_facing);
                (tier, risk::exposure_weight(advisory, tier, g.criticality))
            };
            let kinds = [kind(false), kind(true)];
            group_first[gi] = Some(hosts.len() as u32);
            hosts.extend((0..g.hosts).map(|ordinal| {
                let internet_facing = ordinal < g.internet_facing;
                let (tier, weight) = kinds[usize::from(internet_facing)];
                Host {
                    group: gi as u32,
                    ordinal,
                    site: site as u16,
                    edition: edition as u16,
                    internet_facing,
                    needs_prerequisite: has_prerequisite && ordinal >= g.prerequisite_present,
                    tier,
                    weight,
                }
            }));
        }
        let sets = self.host_sets(&group_first, hosts.len());
        ExpandedFleet { hosts, sites, unaffected, sets }
    }
}

/// The group (and ordinal) whose made host name is `name`, if any: `<group>-0001` is the
/// first host of a group without listed names.
pub(crate) fn made_name_owner(
    name: &str,
    groups_by_name: &HashMap<&str, usize>,
    groups: &[Group],
) -> Option<(usize, u32)> {
    let (group, number) = name.rsplit_once('-')?;
    let &index = groups_by_name.get(group)?;
    let n = u32::try_from(number.parse::<u64>().ok()?).ok()?;
    let ordinal = n.checked_sub(1)?;
    (ordinal < groups[index].hosts && format!("{n:04}") == number).then_some((index, ordinal))
}

impl Localized for FleetError {
    fn ja(&self) -> String {
        match self {
            Self::NoName => "グループ名を入力してください".into(),
            Self::DuplicateName(n) => format!("「{n}」という名前のグループは既にあります"),
            Self::UnknownEdition(e) => format!("エディション「{e}」はこのアドバイザリにありません"),
            Self::NoHosts => "グループには1台以上のホストが必要です".into(),
            Self::TooManyHosts(n) => {
                format!("フリート全体は{}台までです（この入力では{}台）", Count(MAX_FLEET_HOSTS), Count(*n))
            }
            Self::CountAboveHosts { what, count, hosts } => {
                format!("{}: {count}台はグループの{hosts}台より多いです", what.ja)
            }
            Self::NamesMismatch { names, hosts } => format!(
                "台帳にあるこのグループのホスト名は{names}件で、{hosts}台ではありません。残りのホスト名を付けるか、ホスト名を外してください（グループが名前を付けます）"
            ),
            Self::NoSite => "サイトを入力してください".into(),
            Self::DuplicateHost { name, host, other_group, other_host } => format!(
                "{host}台目のホスト名「{name}」は、グループ「{other_group}」の{other_host}台目と同じです。ホスト名は重複できません"
            ),
            Self::SiteZoneConflict { site, first, second } => {
                format!(
                    "サイト「{site}」は別のグループでタイムゾーン {first} です（{second} ではありません）"
                )
            }
            Self::TimeZone(e) => e.ja(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::presets::ms05_021;

    pub(crate) fn group(name: &str, edition: &str, hosts: u32, site: &str, tz: &str) -> Group {
        Group {
            name: name.into(),
            edition: edition.into(),
            hosts,
            site: site.into(),
            time_zone: tz.into(),
            internet_facing: 0,
            prerequisite_present: 0,
            criticality: Criticality::Normal,
            host_names: Vec::new(),
        }
    }

    #[test]
    fn unaffected_hosts_are_reported_not_planned() {
        let fleet = Fleet {
            groups: vec![
                group("old", "ex5.5-sp4", 7, "Tokyo", "Asia/Tokyo"),
                group("new", "ex2003-sp1", 3, "Tokyo", "Asia/Tokyo"),
            ],
            ..Fleet::default()
        };
        let advisory = ms05_021();
        assert!(fleet.validate(&advisory).is_empty());
        let expanded = fleet.expand(&advisory);
        assert_eq!(expanded.hosts.len(), 3);
        assert_eq!(expanded.unaffected, vec![Unaffected { edition: "ex5.5-sp4".into(), hosts: 7 }]);
    }

    #[test]
    fn flags_follow_the_group_counts() {
        let mut g = group("edge", "ex2000-sp3", 10, "Osaka", "Asia/Tokyo");
        g.internet_facing = 4;
        g.prerequisite_present = 6;
        let expanded = Fleet { groups: vec![g], ..Fleet::default() }.expand(&ms05_021());
        assert_eq!(expanded.hosts.iter().filter(|h| h.internet_facing).count(), 4);
        assert_eq!(expanded.hosts.iter().filter(|h| h.needs_prerequisite).count(), 4);
        assert_eq!(expanded.sites, vec![Site { name: "Osaka".into(), time_zone: "Asia/Tokyo".into() }]);
    }

    #[test]
    fn each_problem_names_its_group_and_field() {
        let advisory = ms05_021();
        let mut too_many = group("a", "ex2000-sp3", 5, "S", "Asia/Tokyo");
        too_many.internet_facing = 6;
        let fleet = Fleet {
            groups: vec![
                too_many,
                group("b", "ex2019", 5, "S", "Asia/Tokyo"),
                group("c", "ex2003", 0, "S", "Asia/Tokyo"),
                group("d", "ex2003", 1, "S", "Europe/Berlin"),
                group("d", "ex2003", 1, "S", "Asia/Tokyo"),
                group("f", "ex2003", 1, "T", "Nowhere/City"),
            ],
            ..Fleet::default()
        };
        let errors = fleet.validate(&advisory);
        let fields: Vec<(usize, &str)> = errors.iter().map(|e| (e.index, e.field)).collect();
        assert_eq!(
            fields,
            [
                (0, "internet_facing"),
                (1, "edition"),
                (2, "hosts"),
                (3, "time_zone"),
                (4, "name"),
                (5, "time_zone")
            ]
        );
        assert!(errors[0].to_string().contains("6 is more than the group's 5 hosts"), "{}", errors[0]);
    }

    #[test]
    fn host_names_come_from_the_inventory_or_the_group() {
        let mut g = group("tokyo-edge", "ex2003", 2, "Tokyo", "Asia/Tokyo");
        assert_eq!(g.host_name(0), "tokyo-edge-0001");
        g.host_names = vec!["mx1".into(), "mx2".into()];
        assert_eq!(g.host_name(1), "mx2");
    }

    #[test]
    fn a_host_name_used_twice_is_refused_naming_both_places() {
        let advisory = ms05_021();
        let mut a = group("a", "ex2003", 2, "S", "Asia/Tokyo");
        a.host_names = vec!["mx1".into(), "mx2".into()];
        let mut b = group("b", "ex2003", 2, "S", "Asia/Tokyo");
        b.host_names = vec!["mx3".into(), "mx2".into()];
        let errors = Fleet { groups: vec![a.clone(), b], ..Fleet::default() }.validate(&advisory);
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].index, errors[0].field), (1, "host_names"));
        assert_eq!(
            errors[0].error.to_string(),
            "host 2 is named \"mx2\", like host 2 of group \"a\"; host names must be unique"
        );
        // A listed name that another group makes up for its own hosts.
        let c = group("web", "ex2003", 12, "S", "Asia/Tokyo");
        let mut d = group("d", "ex2003", 1, "S", "Asia/Tokyo");
        d.host_names = vec!["web-0012".into()];
        let errors = Fleet { groups: vec![c.clone(), d.clone()], ..Fleet::default() }.validate(&advisory);
        assert!(matches!(&errors[0].error, FleetError::DuplicateHost { other_host: 12, .. }), "{errors:?}");
        // web-0013 is not made (12 hosts), nor web-12 (made names have four digits).
        for free in ["web-0013", "web-12", "web-0000"] {
            d.host_names = vec![free.into()];
            assert!(
                Fleet { groups: vec![c.clone(), d.clone()], ..Fleet::default() }
                    .validate(&advisory)
                    .is_empty(),
                "{free}"
            );
        }
        // The same name twice in one group.
        a.host_names = vec!["mx1".into(), "mx1".into()];
        assert_eq!(Fleet { groups: vec![a], ..Fleet::default() }.validate(&advisory)[0].field, "host_names");
    }

    #[test]
    fn a_mistyped_zone_marks_only_its_own_group() {
        let advisory = ms05_021();
        let at = |name: &str, zone: &str| Group {
            name: name.into(),
            edition: "ex2003".into(),
            hosts: 2,
            site: "Tokyo".into(),
            time_zone: zone.into(),
            internet_facing: 0,
            prerequisite_present: 0,
            criticality: Criticality::Normal,
            host_names: vec![],
        };
        let fleet = Fleet {
            groups: vec![at("a", "Asia/Tokio"), at("b", "Asia/Tokyo"), at("c", "Asia/Tokyo")],
            ..Fleet::default()
        };
        let errors = fleet.validate(&advisory);
        let marked: Vec<(usize, &str)> = errors.iter().map(|e| (e.index, e.field)).collect();
        assert_eq!(marked, [(0, "time_zone")], "{errors:?}");
        // Two real zones for one site still clash, at the later group.
        let fleet = Fleet { groups: vec![at("a", "Asia/Tokyo"), at("b", "Asia/Seoul")], ..Fleet::default() };
        let errors = fleet.validate(&advisory);
        assert!(matches!(
            errors[..],
            [GroupError { index: 1, field: "time_zone", error: FleetError::SiteZoneConflict { .. }, .. }]
        ));
    }
}
