//! The sizes a scenario may have, so that every accepted scenario plans in well under a
//! second and its exports stay a sensible size.
//!
//! No planner needs more than these (docs/scenario.md lists them); a file or link that goes
//! beyond one is refused up front with the limit named, before any planning work starts.

use std::collections::HashSet;

use crate::advisory::Advisory;
use crate::i18n::{grouped, Lang};

use super::{Problem, Scenario};

/// Most fleet groups.
pub const MAX_GROUPS: usize = 100_000;
/// Most distinct sites.
pub const MAX_SITES: usize = 1_000;
/// Most maintenance windows.
pub const MAX_WINDOWS: usize = 50;
/// Most blackout dates.
pub const MAX_BLACKOUTS: usize = 1_000;
/// Most phases.
pub const MAX_PHASES: usize = 50;
/// Most completion targets.
pub const MAX_TARGETS: usize = 50;
/// Most names or ids one phase, or sites one window, may list.
pub const MAX_LIST_ITEMS: usize = 10_000;
/// Most availability sets.
pub const MAX_AVAILABILITY_SETS: usize = 10_000;
/// Most hosts the availability sets name together (a host in two sets counts twice):
/// twice the largest fleet, so every host may be in a cluster and a pool.
pub const MAX_SET_MEMBERS: u64 = 4_000_000;
/// Most measured runs (calibration or an advisory's timing).
pub const MAX_RUNS: usize = 1_000;
/// Most editions, prerequisites and other lists of an advisory.
pub const MAX_ADVISORY_ITEMS: usize = 100;
/// Longest name: groups, sites, windows, phases, editions, the scenario's own name.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest host name (a DNS name's limit).
pub const MAX_HOST_NAME_CHARS: usize = 253;
/// Longest other text: titles, notes, registry keys, file names.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Longest back-out plan: what fits on the printed change summary beside the rest.
pub const MAX_BACKOUT_CHARS: usize = 2_000;
/// Most approvers the change summary gives a line to sign.
pub const MAX_APPROVERS: usize = 12;
/// Most batches an approved plan (a rollout's baseline) may have.
pub const MAX_BASELINE_BATCHES: usize = 1_000_000;
/// Most events a rollout's progress may record (two installs a host, and retries, at the
/// largest fleet a scenario plans in well under a second).
pub const MAX_EVENTS: usize = 1_000_000;

/// Largest scenario file (and stored scenario) read, in bytes.
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// Every limit the scenario goes beyond, each at its path.
pub fn check(s: &Scenario, lang: Lang) -> Vec<Problem> {
    let mut out = Limits { lang, problems: Vec::new() };
    out.text("name", &s.name, MAX_NAME_CHARS);
    out.count("fleet.groups", s.fleet.groups.len(), MAX_GROUPS);
    for (i, g) in s.fleet.groups.iter().enumerate() {
        let at = |field: &str| format!("fleet.groups[{i}].{field}");
        for (field, text) in
            [("name", &g.name), ("site", &g.site), ("edition", &g.edition), ("time_zone", &g.time_zone)]
        {
            out.text(&at(field), text, MAX_NAME_CHARS);
        }
        if let Some((k, _)) =
            g.host_names.iter().enumerate().find(|(_, n)| n.chars().count() > MAX_HOST_NAME_CHARS)
        {
            out.text(&format!("{}[{k}]", at("host_names")), &g.host_names[k], MAX_HOST_NAME_CHARS);
        }
    }
    let sets = &s.fleet.availability_sets;
    out.count("fleet.availability_sets", sets.len(), MAX_AVAILABILITY_SETS);
    for (i, set) in sets.iter().enumerate().take(MAX_AVAILABILITY_SETS) {
        let at = |field: &str| format!("fleet.availability_sets[{i}].{field}");
        out.text(&at("name"), &set.name, MAX_NAME_CHARS);
        out.count(&at("groups"), set.groups.len(), MAX_LIST_ITEMS);
        out.count(&at("hosts"), set.hosts.len(), MAX_LIST_ITEMS);
        if let Some((k, _)) =
            set.hosts.iter().enumerate().find(|(_, n)| n.chars().count() > MAX_HOST_NAME_CHARS)
        {
            out.text(&format!("{}[{k}]", at("hosts")), &set.hosts[k], MAX_HOST_NAME_CHARS);
        }
    }
    if sets.len() <= MAX_AVAILABILITY_SETS && out.problems.is_empty() {
        let members = s.fleet.set_memberships();
        if members > MAX_SET_MEMBERS {
            out.push(
                "fleet.availability_sets".into(),
                match lang {
                    Lang::En => format!(
                        "the availability sets may name at most {} hosts together (a host in two sets counts twice; these name {})",
                        grouped(MAX_SET_MEMBERS),
                        grouped(members)
                    ),
                    Lang::Ja => format!(
                        "可用性セットが指定できるホストは合計{}台までです（2つのセットにあるホストは2台と数えます。この入力では{}台）",
                        grouped(MAX_SET_MEMBERS),
                        grouped(members)
                    ),
                },
            );
        }
    }
    let sites: HashSet<&str> = s.fleet.groups.iter().map(|g| g.site.as_str()).collect();
    if sites.len() > MAX_SITES {
        out.push(
            "fleet.groups".into(),
            match lang {
                Lang::En => format!(
                    "the fleet may be at most {} sites (it has {})",
                    grouped(MAX_SITES as u64),
                    grouped(sites.len() as u64)
                ),
                Lang::Ja => format!(
                    "サイトは{}か所までです（この入力では{}か所）",
                    grouped(MAX_SITES as u64),
                    grouped(sites.len() as u64)
                ),
            },
        );
    }
    out.count("capacity.calibration", s.capacity.calibration.len(), MAX_RUNS);
    out.count("windows", s.windows.len(), MAX_WINDOWS);
    for (i, w) in s.windows.iter().enumerate() {
        out.text(&format!("windows[{i}].name"), &w.name, MAX_NAME_CHARS);
        out.text(&format!("windows[{i}].start"), &w.start, MAX_NAME_CHARS);
        out.count(&format!("windows[{i}].sites"), w.sites.len(), MAX_LIST_ITEMS);
    }
    out.count("blackouts", s.blackouts.len(), MAX_BLACKOUTS);
    out.text("start", &s.start, MAX_NAME_CHARS);
    out.text("start_time_zone", &s.start_time_zone, MAX_NAME_CHARS);
    if let Some(preset) = &s.advisory_preset {
        out.text("advisory_preset", preset, MAX_NAME_CHARS);
    }
    if let Some(phases) = &s.phases {
        out.count("phases", phases.len(), MAX_PHASES);
        for (i, p) in phases.iter().enumerate() {
            out.text(&format!("phases[{i}].name"), &p.name, MAX_NAME_CHARS);
            if let crate::phase::Selector::Groups { names: list }
            | crate::phase::Selector::Editions { ids: list } = &p.selector
            {
                let field = p.selector.field().unwrap_or_default();
                out.count(&format!("phases[{i}].{field}"), list.len(), MAX_LIST_ITEMS);
            }
        }
    }
    out.count("targets", s.targets.len(), MAX_TARGETS);
    for (i, t) in s.targets.iter().enumerate() {
        out.text(&format!("targets[{i}].hosts"), &t.hosts, MAX_NAME_CHARS);
        for (field, text) in [("within", &t.within), ("by", &t.by), ("time_zone", &t.time_zone)] {
            if let Some(text) = text {
                out.text(&format!("targets[{i}].{field}"), text, MAX_NAME_CHARS);
            }
        }
    }
    if let Some(a) = &s.advisory {
        out.advisory(a);
    }
    out.text("change.ticket", &s.change.ticket, MAX_NAME_CHARS);
    out.text("change.backout", &s.change.backout, MAX_BACKOUT_CHARS);
    out.count("change.approvers", s.change.approvers.len(), MAX_APPROVERS);
    for (k, name) in s.change.approvers.iter().enumerate() {
        out.text(&format!("change.approvers[{k}]"), name, MAX_NAME_CHARS);
    }
    if let Some(p) = &s.progress {
        out.count("progress.baseline", p.baseline.len(), MAX_BASELINE_BATCHES);
        out.count("progress.events", p.events.len(), MAX_EVENTS);
        // A record may hold a million of each: a path is made only for a text too long.
        let long = |text: &str, max: usize| text.chars().nth(max).is_some();
        for (k, b) in p.baseline.iter().enumerate().take(MAX_BASELINE_BATCHES) {
            let at = |field: &str| format!("progress.baseline[{k}].{field}");
            for (field, text) in [("phase", &b.phase), ("site", &b.site)] {
                if long(text, MAX_NAME_CHARS) {
                    out.text(&at(field), text, MAX_NAME_CHARS);
                }
            }
            if let Some((j, name)) = b.hosts.iter().enumerate().find(|(_, n)| long(n, MAX_HOST_NAME_CHARS)) {
                out.text(&format!("{}[{j}]", at("hosts")), name, MAX_HOST_NAME_CHARS);
            }
        }
        for (k, e) in p.events.iter().enumerate().take(MAX_EVENTS) {
            let at = |field: &str| format!("progress.events[{k}].{field}");
            let texts = [
                ("host", e.host.as_deref(), MAX_HOST_NAME_CHARS),
                ("resume", e.resume.as_deref(), MAX_NAME_CHARS),
                ("lost_opening.site", e.lost_opening.as_ref().map(|l| l.site.as_str()), MAX_NAME_CHARS),
            ];
            for (field, text, max) in texts {
                if let Some(text) = text.filter(|t| long(t, max)) {
                    out.text(&at(field), text, max);
                }
            }
        }
    }
    out.problems
}

struct Limits {
    lang: Lang,
    problems: Vec<Problem>,
}

impl Limits {
    fn push(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    fn text(&mut self, path: &str, text: &str, max: usize) {
        // Counting characters stops early: a huge text costs no more than the limit.
        if text.chars().nth(max).is_some() {
            let message = match self.lang {
                Lang::En => format!("keep this to {max} characters or fewer"),
                Lang::Ja => format!("{max}文字以内にしてください"),
            };
            self.push(path.into(), message);
        }
    }

    fn count(&mut self, path: &str, n: usize, max: usize) {
        if n > max {
            let (n, max) = (grouped(n as u64), grouped(max as u64));
            let message = match self.lang {
                Lang::En => format!("at most {max} items here (this has {n})"),
                Lang::Ja => format!("ここは{max}件までです（この入力では{n}件）"),
            };
            self.push(path.into(), message);
        }
    }

    fn advisory(&mut self, a: &Advisory) {
        for (field, text, max) in [
            ("id", &a.id, MAX_NAME_CHARS),
            ("kb", &a.kb, MAX_NAME_CHARS),
            ("title", &a.title, MAX_TEXT_CHARS),
            ("title_ja", &a.title_ja, MAX_TEXT_CHARS),
            ("registered", &a.registered, MAX_NAME_CHARS),
            ("updated", &a.updated, MAX_NAME_CHARS),
            ("reboot_note", &a.reboot_note, MAX_TEXT_CHARS),
            ("scanner_check", &a.scanner_check, MAX_TEXT_CHARS),
        ] {
            self.text(&format!("advisory.{field}"), text, max);
        }
        for (field, list) in [
            ("services_restarted", &a.services_restarted),
            ("includes_fixes", &a.includes_fixes),
            ("unaffected_editions", &a.unaffected_editions),
        ] {
            self.count(&format!("advisory.{field}"), list.len(), MAX_ADVISORY_ITEMS);
            for (k, text) in list.iter().enumerate() {
                self.text(&format!("advisory.{field}[{k}]"), text, MAX_NAME_CHARS);
            }
        }
        self.count("advisory.editions", a.editions.len(), MAX_ADVISORY_ITEMS);
        for (i, e) in a.editions.iter().enumerate() {
            let at = |field: &str| format!("advisory.editions[{i}].{field}");
            self.text(&at("id"), &e.id, MAX_NAME_CHARS);
            self.text(&at("name"), &e.name, MAX_NAME_CHARS);
            self.text(&at("registry_key"), &e.registry_key, MAX_TEXT_CHARS);
            if let Some(p) = &e.prerequisite {
                self.text(&at("prerequisite"), p, MAX_NAME_CHARS);
            }
            self.text(&at("package.file_name"), &e.package.file_name, MAX_NAME_CHARS);
            self.text(&at("package.version"), &e.package.version, MAX_NAME_CHARS);
            self.text(&at("package.released"), &e.package.released, MAX_NAME_CHARS);
            self.count(&at("package.files"), e.package.files.len(), MAX_ADVISORY_ITEMS);
            for (k, f) in e.package.files.iter().enumerate() {
                self.text(&at(&format!("package.files[{k}].name")), &f.name, MAX_NAME_CHARS);
                self.text(&at(&format!("package.files[{k}].version")), &f.version, MAX_NAME_CHARS);
                self.text(&at(&format!("package.files[{k}].description")), &f.description, MAX_TEXT_CHARS);
            }
        }
        self.count("advisory.prerequisites", a.prerequisites.len(), MAX_ADVISORY_ITEMS);
        for (i, p) in a.prerequisites.iter().enumerate() {
            let at = |field: &str| format!("advisory.prerequisites[{i}].{field}");
            self.text(&at("id"), &p.id, MAX_NAME_CHARS);
            self.text(&at("title"), &p.title, MAX_TEXT_CHARS);
            self.text(&at("note"), &p.note, MAX_TEXT_CHARS);
            self.count(&at("timing"), p.timing.len(), MAX_RUNS);
        }
        self.count("advisory.timing", a.timing.len(), MAX_RUNS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_name_their_field() {
        let mut s = Scenario::sample();
        s.fleet.groups[0].site = "x".repeat(MAX_NAME_CHARS + 1);
        s.windows = vec![s.windows[0].clone(); MAX_WINDOWS + 1];
        s.blackouts = vec!["2027-01-01".into(); MAX_BLACKOUTS + 1];
        let paths: Vec<String> = check(&s, Lang::En).into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["fleet.groups[0].site", "windows", "blackouts"]);
        let ja = check(&s, Lang::Ja);
        assert!(ja[1].message.contains("50件まで"), "{}", ja[1].message);
        assert!(check(&Scenario::sample(), Lang::En).is_empty());
    }
}
