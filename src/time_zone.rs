//! IANA time zones for the plan, small enough for the browser.
//!
//! Plans look forward, so a zone only needs its current rule: for almost every zone that is
//! the POSIX `TZ` string at the end of its tz database file, kept in `time_zone/zones.txt`
//! (about 17 KB for all ~600 names). The few zones whose future is not one repeating rule
//! (Ramadan-dependent DST in Morocco and Palestine) carry their whole TZif file instead.
//! `tests/time_zone_table.rs` checks every zone against the system's tz database over the
//! next twenty years and regenerates the table when asked.

use jiff::tz::TimeZone;
use thiserror::Error;

/// `name posix-rule` per line, or `name @tzif` for the zones in [`TZIF_ZONES`].
const ZONES: &str = include_str!("time_zone/zones.txt");

/// Zones whose coming years need their explicit transitions, with their TZif data.
const TZIF_ZONES: &[(&str, &[u8])] = &[
    ("Africa/Casablanca", include_bytes!("time_zone/tzif/Africa_Casablanca")),
    ("Africa/El_Aaiun", include_bytes!("time_zone/tzif/Africa_El_Aaiun")),
    ("Asia/Gaza", include_bytes!("time_zone/tzif/Asia_Gaza")),
    ("Asia/Hebron", include_bytes!("time_zone/tzif/Asia_Hebron")),
];

/// What can be wrong with a time-zone name.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum TimeZoneError {
    /// The name is not an IANA time zone this build knows.
    #[error("unknown time zone \"{0}\" (use an IANA name such as Asia/Tokyo or Europe/Berlin)")]
    Unknown(String),
    /// The table holds a rule that does not parse: a bug in the shipped data.
    #[error("the rule for time zone \"{0}\" is damaged")]
    Damaged(String),
}

/// The tz database release the table was made from.
pub fn tzdata_version() -> &'static str {
    ZONES.lines().next().and_then(|l| l.strip_prefix("# tzdata ")).unwrap_or("unknown")
}

/// Every zone name the table knows, in the table's (sorted) order.
pub fn names() -> impl Iterator<Item = &'static str> {
    entries().map(|(name, _)| name)
}

/// Looks up an IANA zone by name ("UTC" included).
pub fn zone(name: &str) -> Result<TimeZone, TimeZoneError> {
    let name = name.trim();
    if name == "UTC" || name == "Etc/UTC" {
        return Ok(TimeZone::UTC);
    }
    let rule = entries()
        .find(|(n, _)| *n == name)
        .map(|(_, rule)| rule)
        .ok_or_else(|| TimeZoneError::Unknown(name.to_string()))?;
    let damaged = |_| TimeZoneError::Damaged(name.to_string());
    if rule == "@tzif" {
        let (_, data) = TZIF_ZONES
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| TimeZoneError::Damaged(name.to_string()))?;
        TimeZone::tzif(name, data).map_err(damaged)
    } else {
        TimeZone::posix(rule).map_err(damaged)
    }
}

fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    ZONES.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn tokyo_has_no_daylight_saving() {
        let tz = zone("Asia/Tokyo").unwrap();
        for month in 1..=12 {
            let at = tz.to_timestamp(date(2027, month, 15).at(12, 0, 0, 0)).unwrap();
            assert_eq!(tz.to_offset(at).seconds(), 9 * 3600);
        }
    }

    #[test]
    fn unknown_names_are_refused_with_the_name() {
        let err = zone("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(err, TimeZoneError::Unknown("Mars/Olympus_Mons".into()));
        assert!(err.to_string().contains("Mars/Olympus_Mons"));
    }

    #[test]
    fn utc_and_irregular_zones_resolve() {
        assert_eq!(zone("UTC").unwrap(), TimeZone::UTC);
        for (name, _) in TZIF_ZONES {
            zone(name).unwrap();
        }
        assert!(names().count() > 500);
    }
}
