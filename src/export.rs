//! Exports of a plan: CSV for Excel (batches, hosts), iCalendar, JSON, and wiki pages
//! (Markdown, MediaWiki, Confluence) with their charts as SVG files; and the capacity
//! solver's answer.

pub mod calendar;
pub mod csv;
pub mod json;
pub mod solution;
pub mod wiki;

use crate::civil::{DateTime, DAY};
use crate::plan::Plan;
use crate::time_zone::Zone;

/// The time zone of each site of the plan, by site index.
pub fn site_zones(plan: &Plan) -> Vec<Zone> {
    plan.expanded
        .sites
        .iter()
        .map(|s| crate::time_zone::zone(&s.time_zone).unwrap_or_else(|_| Zone::utc()))
        .collect()
}

/// `YYYY-MM-DD HH:MM` in `tz`: the form Excel reads as a date and time.
pub fn local_text(minutes: i64, tz: &Zone) -> String {
    DateTime(tz.to_local(minutes)).to_string()
}

/// RFC 3339 with the zone's offset, such as `2026-12-07T22:00:00+09:00`.
pub fn rfc3339(minutes: i64, tz: &Zone) -> String {
    let offset = tz.offset_minutes(minutes);
    let local = DateTime(minutes + offset);
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 60, offset.abs() % 60);
    format!("{}T{}:00{sign}{h:02}:{m:02}", local.date(), local.time())
}

/// UTC in the basic form of iCalendar, `20261207T130000Z`.
pub fn ical_utc(minutes: i64) -> String {
    let d = DateTime(minutes).date();
    let m = minutes.rem_euclid(DAY);
    format!("{:04}{:02}{:02}T{:02}{:02}00Z", d.year(), d.month(), d.day(), m / 60, m % 60)
}

/// A file name for an export: `MS05-021-plan-2026-12-07.csv`.
pub fn file_name(plan: &Plan, what: &str, extension: &str) -> String {
    let date = local_text(plan.summary.start, &Zone::utc());
    let id: String = plan
        .advisory
        .id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    format!("{id}-{what}-{}.{extension}", &date[..10])
}
