//! Exports of a plan: CSV for Excel (batches, hosts), iCalendar, and JSON.

pub mod calendar;
pub mod csv;
pub mod json;

use jiff::tz::TimeZone;

use crate::maintenance_window::timestamp;
use crate::plan::Plan;

/// The time zone of each site of the plan, by site index.
pub(crate) fn site_zones(plan: &Plan) -> Vec<TimeZone> {
    plan.expanded
        .sites
        .iter()
        .map(|s| crate::time_zone::zone(&s.time_zone).unwrap_or(TimeZone::UTC))
        .collect()
}

/// `YYYY-MM-DD HH:MM` in `tz`: the form Excel reads as a date and time.
pub fn local_text(minutes: i64, tz: &TimeZone) -> String {
    tz.to_datetime(timestamp(minutes)).strftime("%Y-%m-%d %H:%M").to_string()
}

/// RFC 3339 with the zone's offset, such as `2026-12-07T22:00:00+09:00`.
pub fn rfc3339(minutes: i64, tz: &TimeZone) -> String {
    let ts = timestamp(minutes);
    let offset = tz.to_offset(ts);
    let dt = tz.to_datetime(ts);
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() / 60 % 60);
    format!("{}{sign}{h:02}:{m:02}", dt.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// A file name for an export: `MS05-021-plan-2026-12-07.csv`.
pub fn file_name(plan: &Plan, what: &str, extension: &str) -> String {
    let date = local_text(plan.summary.start, &TimeZone::UTC);
    let id: String = plan
        .advisory
        .id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    format!("{id}-{what}-{}.{extension}", &date[..10])
}
