//! The fields of a phase, as the phases editor reads and writes them.

use crate::fleet::MAX_FLEET_HOSTS;
use crate::phase::{Phase, Selector, MAX_SOAK_HOURS};
use crate::risk::RiskTier;

use super::{decimal, format_number, int, names, not_a, FormError};

/// A field of a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhaseField {
    Name,
    /// The selector kind: `prerequisite`, `pilot`, `pilot_percent`, `groups`, `editions`,
    /// `tier`, `rest`.
    Take,
    /// The selector's parameter (host count, percentage, names, ids or tier).
    Param,
    Soak,
    Threshold,
}

impl PhaseField {
    /// The field's name in the scenario file (`param` for the selector's parameter).
    pub(super) fn name(self) -> &'static str {
        match self {
            PhaseField::Name => "name",
            PhaseField::Take => "take",
            PhaseField::Param => "param",
            PhaseField::Soak => "soak_hours",
            PhaseField::Threshold => "failure_threshold_percent",
        }
    }

    /// The field's text in `p`.
    pub(super) fn read(self, p: &Phase) -> String {
        match self {
            PhaseField::Name => p.name.clone(),
            PhaseField::Take => p.selector.take_id().into(),
            PhaseField::Param => match &p.selector {
                Selector::Pilot { hosts } => hosts.to_string(),
                Selector::PilotPercent { percent } => format_number(*percent),
                Selector::Groups { names } => names.join(", "),
                Selector::Editions { ids } => ids.join(", "),
                Selector::Tier { tier } => tier.id().into(),
                Selector::Prerequisite | Selector::InternetFacing | Selector::Rest => String::new(),
            },
            PhaseField::Soak => format_number(p.soak_hours),
            PhaseField::Threshold => p.failure_threshold_percent.map(format_number).unwrap_or_default(),
        }
    }

    /// Writes `t` (trimmed; `text` as typed, for the name) into `p`, or says why it is not
    /// a value.
    pub(super) fn set(self, p: &mut Phase, t: &str, text: &str) -> Result<(), FormError> {
        match self {
            PhaseField::Name => p.name = text.to_string(),
            PhaseField::Take => {
                p.selector = match t {
                    "prerequisite" => Selector::Prerequisite,
                    "pilot" => Selector::Pilot { hosts: 5 },
                    "pilot_percent" => Selector::PilotPercent { percent: 5.0 },
                    "groups" => Selector::Groups { names: Vec::new() },
                    "editions" => Selector::Editions { ids: Vec::new() },
                    "tier" => Selector::Tier { tier: RiskTier::InternetAnonymous },
                    "internet_facing" => Selector::InternetFacing,
                    "rest" => Selector::Rest,
                    _ => return Err(not_a("a kind of phase", "フェーズの種類", t)),
                }
            }
            PhaseField::Param => match &mut p.selector {
                Selector::Pilot { hosts } => *hosts = int(t, 1, MAX_FLEET_HOSTS)?,
                Selector::PilotPercent { percent } => *percent = decimal(t, 0.01, 100.0)?,
                Selector::Groups { names: n } => *n = names(t),
                Selector::Editions { ids } => *ids = names(t),
                Selector::Tier { tier } => *tier = tier_of(t)?,
                Selector::Prerequisite | Selector::InternetFacing | Selector::Rest => {}
            },
            PhaseField::Soak => p.soak_hours = decimal(t, 0.0, MAX_SOAK_HOURS)?,
            PhaseField::Threshold => {
                p.failure_threshold_percent = if t.is_empty() { None } else { Some(decimal(t, 0.0, 100.0)?) }
            }
        }
        Ok(())
    }
}

fn tier_of(text: &str) -> Result<RiskTier, FormError> {
    [RiskTier::InternetAnonymous, RiskTier::NetworkAnonymous, RiskTier::Authenticated]
        .into_iter()
        .find(|t| t.id() == text)
        .ok_or_else(|| not_a("a risk tier", "リスク区分", text))
}
