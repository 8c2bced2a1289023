//! The fields of an availability set, as the sets editor reads and writes them.

use crate::fleet::{AvailabilitySet, SetLimit, MAX_FLEET_HOSTS};

use super::{decimal, format_number, int, names, not_a, FormError};

/// A field of an availability set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetField {
    Name,
    /// Comma-separated group names.
    Groups,
    /// Host names, separated by commas, spaces or lines.
    Hosts,
    /// How the limit is said: `max_down`, `max_down_percent` or `min_in_service`.
    Kind,
    /// The limit's number.
    Limit,
}

impl SetField {
    /// The field's name in the scenario file (the limit's, as the most common way).
    pub(super) fn name(self) -> &'static str {
        match self {
            SetField::Name => "name",
            SetField::Groups => "groups",
            SetField::Hosts => "hosts",
            SetField::Kind => "kind",
            SetField::Limit => "max_down",
        }
    }

    /// Whether a problem at the set's field `field` belongs beside this field: the limit
    /// owns all three ways of saying it.
    pub(super) fn owns(self, field: &str) -> bool {
        match self {
            SetField::Limit => matches!(field, "max_down" | "max_down_percent" | "min_in_service"),
            SetField::Groups => field == "groups" || field.starts_with("groups["),
            SetField::Hosts => field == "hosts" || field.starts_with("hosts["),
            other => field == other.name(),
        }
    }

    /// The field's text in `set`.
    pub(super) fn read(self, set: &AvailabilitySet) -> String {
        match self {
            SetField::Name => set.name.clone(),
            SetField::Groups => set.groups.join(", "),
            SetField::Hosts => set.hosts.join(", "),
            SetField::Kind => set.limit().map_or("max_down", SetLimit::field).into(),
            SetField::Limit => match set.limit() {
                Some(SetLimit::MaxDown(n) | SetLimit::MinInService(n)) => n.to_string(),
                Some(SetLimit::MaxDownPercent(p)) => format_number(p),
                None => String::new(),
            },
        }
    }

    /// Writes `t` (trimmed; `text` as typed, for the name) into `set`, or says why it is not
    /// a value.
    pub(super) fn set(self, set: &mut AvailabilitySet, t: &str, text: &str) -> Result<(), FormError> {
        let number = set.limit().map_or(1.0, |l| match l {
            SetLimit::MaxDown(n) | SetLimit::MinInService(n) => f64::from(n),
            SetLimit::MaxDownPercent(p) => p,
        });
        let count = |x: f64| (x.round() as u32).max(1);
        match self {
            SetField::Name => set.name = text.to_string(),
            SetField::Groups => set.groups = names(t),
            SetField::Hosts => {
                set.hosts = t
                    .split([',', ' ', '\t', '\n', '\r'])
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            }
            SetField::Kind => set.set_limit(match t {
                "max_down" => SetLimit::MaxDown(count(number)),
                "max_down_percent" => SetLimit::MaxDownPercent(number.clamp(1.0, 100.0)),
                "min_in_service" => SetLimit::MinInService(count(number)),
                _ => return Err(not_a("a kind of limit", "上限の種類", t)),
            }),
            SetField::Limit => {
                let limit = match set.limit().unwrap_or(SetLimit::MaxDown(1)) {
                    SetLimit::MaxDown(_) => SetLimit::MaxDown(int(t, 0, MAX_FLEET_HOSTS)?),
                    SetLimit::MaxDownPercent(_) => SetLimit::MaxDownPercent(decimal(t, 0.0, 100.0)?),
                    SetLimit::MinInService(_) => SetLimit::MinInService(int(t, 0, MAX_FLEET_HOSTS)?),
                };
                set.set_limit(limit);
            }
        }
        Ok(())
    }
}
