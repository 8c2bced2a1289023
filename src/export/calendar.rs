//! The plan as an iCalendar file (RFC 5545): one event per batch, in UTC.
//!
//! Times are written in UTC (`…Z`), which every calendar converts to the reader's zone
//! without needing VTIMEZONE definitions; the site's local times are in each description.

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scheduler::Work;

use super::{ical_utc as utc, local_text, site_zones};

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The whole calendar.
pub fn ics(plan: &Plan, lang: Lang) -> String {
    let zones = site_zones(plan);
    let mut out = String::new();
    let stamp = utc(plan.summary.start);
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Patchcast//Hotfix rollout plan//EN",
        "CALSCALE:GREGORIAN",
    ] {
        line(&mut out, l);
    }
    let calendar_name = format!("{} {}", plan.advisory.id, lang.pick("rollout", "適用計画"));
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&calendar_name)));
    for (i, b) in plan.schedule.batches.iter().enumerate() {
        let site = &plan.expanded.sites[b.site as usize];
        let tz = &zones[b.site as usize];
        let edition = &plan.advisory.editions[b.edition as usize];
        let what = match b.work {
            Work::Hotfix => {
                format!("{} ({} {})", plan.advisory.id, edition.package.file_name, edition.package.version)
            }
            Work::Prerequisite => edition.prerequisite.clone().unwrap_or_default(),
        };
        let phase = &plan.phases[b.phase as usize].name;
        let (start, expected, cautious) =
            (local_text(b.start, tz), local_text(b.expected_end, tz), local_text(b.cautious_end, tz));
        let (summary, description) = match lang {
            Lang::En => (
                format!("{what}: {} hosts at {} ({phase})", b.hosts, site.name),
                format!(
                    "Batch {} of phase {phase}, console {}.\nSite {} ({}): {start} to {expected} expected, {cautious} \
                     cautious.\nEdition: {}.",
                    i + 1,
                    b.console + 1,
                    site.name,
                    site.time_zone,
                    edition.name
                ),
            ),
            Lang::Ja => (
                format!("{what}: {} {}台（{phase}）", site.name, b.hosts),
                format!(
                    "フェーズ {phase} のバッチ {}、コンソール {}。\nサイト {}（{}）: {start} 〜 予想 {expected}、慎重 {cautious}。\n\
                     エディション: {}。",
                    i + 1,
                    b.console + 1,
                    site.name,
                    site.time_zone,
                    edition.name
                ),
            ),
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}-batch-{}-{}@patchcast", plan.advisory.id, i + 1, b.start));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART:{}", utc(b.start)));
        line(&mut out, &format!("DTEND:{}", utc(b.cautious_end)));
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        line(&mut out, &format!("LOCATION:{}", escape(&site.name)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "東京".repeat(40)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), format!("SUMMARY:{}", "東京".repeat(40)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
