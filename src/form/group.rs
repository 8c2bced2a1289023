//! The fields of a fleet group, as the fleet editor reads and writes them.

use crate::fleet::{Group, MAX_FLEET_HOSTS};
use crate::risk::Criticality;

use super::{int, not_a, FormError};

/// A field of a fleet group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupField {
    Name,
    Edition,
    Hosts,
    Site,
    TimeZone,
    InternetFacing,
    PrerequisitePresent,
    Criticality,
    /// The host names from an inventory, one a line (empty when the group makes its own).
    HostNames,
}

impl GroupField {
    /// The field's name in the scenario file.
    pub(super) fn name(self) -> &'static str {
        match self {
            GroupField::Name => "name",
            GroupField::Edition => "edition",
            GroupField::Hosts => "hosts",
            GroupField::Site => "site",
            GroupField::TimeZone => "time_zone",
            GroupField::InternetFacing => "internet_facing",
            GroupField::PrerequisitePresent => "prerequisite_present",
            GroupField::Criticality => "criticality",
            GroupField::HostNames => "host_names",
        }
    }

    /// The field's text in `g`.
    pub(super) fn read(self, g: &Group) -> String {
        match self {
            GroupField::Name => g.name.clone(),
            GroupField::Edition => g.edition.clone(),
            GroupField::Hosts => g.hosts.to_string(),
            GroupField::Site => g.site.clone(),
            GroupField::TimeZone => g.time_zone.clone(),
            GroupField::InternetFacing => g.internet_facing.to_string(),
            GroupField::PrerequisitePresent => g.prerequisite_present.to_string(),
            GroupField::Criticality => match g.criticality {
                Criticality::Low => "low",
                Criticality::Normal => "normal",
                Criticality::High => "high",
            }
            .into(),
            GroupField::HostNames => g.host_names.join("\n"),
        }
    }

    /// Writes `t` (trimmed) into `g`, or says why it is not a value.
    pub(super) fn set(self, g: &mut Group, t: &str) -> Result<(), FormError> {
        let max = MAX_FLEET_HOSTS;
        match self {
            GroupField::Name => g.name = t.to_string(),
            GroupField::Edition => g.edition = t.to_string(),
            GroupField::Hosts => g.hosts = int(t, 0, max)?,
            GroupField::Site => g.site = t.to_string(),
            GroupField::TimeZone => g.time_zone = t.to_string(),
            GroupField::InternetFacing => g.internet_facing = int(t, 0, max)?,
            GroupField::PrerequisitePresent => g.prerequisite_present = int(t, 0, max)?,
            GroupField::Criticality => {
                g.criticality = match t {
                    "low" => Criticality::Low,
                    "normal" => Criticality::Normal,
                    "high" => Criticality::High,
                    _ => return Err(not_a("a criticality", "重要度", t)),
                }
            }
            // The names are the hosts: the count follows them (none: the count stays).
            GroupField::HostNames => {
                g.host_names = t.lines().map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
                if !g.host_names.is_empty() {
                    g.hosts = u32::try_from(g.host_names.len()).unwrap_or(u32::MAX);
                }
            }
        }
        Ok(())
    }
}
