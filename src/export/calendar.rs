//! The plan as an iCalendar file (RFC 5545): one event per batch, in UTC.
//!
//! Times are written in UTC (`…Z`), which every calendar converts to the reader's zone
//! without needing VTIMEZONE definitions; the site's local times are in each description.

use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scheduler::Work;

use super::{ical_utc as utc, local_text, site_zones};

/// Escapes a TEXT value (RFC 5545 §3.3.11). A line break of any kind becomes `\n`, and
/// no other control character is written, so no text can start a property of its own.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A UID part made only of letters, digits, `-` and `.`: whatever an advisory id holds,
/// the UID stays one safe token.
fn uid_token(text: &str) -> String {
    let token: String = text
        .chars()
        .take(40)
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '-' })
        .collect();
    if token.is_empty() {
        "advisory".into()
    } else {
        token
    }
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
                format!("{what}: {} hosts at {} ({phase})", crate::i18n::Count(u64::from(b.hosts)), site.name),
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
                format!("{what}: {} {}台（{phase}）", site.name, crate::i18n::Count(u64::from(b.hosts))),
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
        // A batch of a rollout's approved plan keeps one id whatever happens to it, so a
        // calendar that reads the file again moves the event (a later revision, as of the
        // status time) instead of adding another.
        match (&plan.tracking, plan.approved_batch(i)) {
            (Some(t), Some(j)) => {
                let id = uid_token(&plan.advisory.id);
                line(&mut out, &format!("UID:{id}-approved-{}-batch-{}@patchcast", t.approved, j + 1));
                line(&mut out, &format!("DTSTAMP:{}", utc(t.now)));
                line(&mut out, &format!("SEQUENCE:{}", t.recorded));
            }
            _ => {
                line(
                    &mut out,
                    &format!("UID:{}-batch-{}-{}@patchcast", uid_token(&plan.advisory.id), i + 1, b.start),
                );
                line(&mut out, &format!("DTSTAMP:{stamp}"));
            }
        }
        line(&mut out, &format!("DTSTART:{}", utc(b.start)));
        line(&mut out, &format!("DTEND:{}", utc(b.cautious_end)));
        // A rollout in progress: where the batch stands leads its title (done, running,
        // moved from the approved plan).
        let summary = match plan.batch_status(i, lang) {
            Some((_, status)) => format!("[{status}] {summary}"),
            None => summary,
        };
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
        assert_eq!(escape("a\r\nb\rc\u{2028}d\u{0}\u{1b}e\tf"), "a\\nb\\nc\\nde f");
    }

    #[test]
    fn uids_hold_only_safe_characters() {
        assert_eq!(uid_token("MS05-021\r\nATTACH:http://x"), "MS05-021--ATTACH-http---x");
        assert_eq!(uid_token(""), "advisory");
        assert_eq!(uid_token("東京"), "--");
    }
}
