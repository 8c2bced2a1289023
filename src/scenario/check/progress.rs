//! Checking a rollout's progress record: every time readable and none after the status
//! time, every batch, host, site and phase it names there, and no host's install ending
//! twice. Each problem names its event (`progress.events[3].host`).

use rustc_hash::FxHashMap;

use crate::civil::{DateTime, Instant};
use crate::fleet::ExpandedFleet;
use crate::i18n::Lang;
use crate::maintenance_window::{Blackouts, Occurrences};
use crate::phase::Phase;
use crate::progress::{Event, Happened, Planned, Progress, Record, Status, What};
use crate::scheduler::Work;
use crate::time_zone;
use crate::timing::MAX_CONSOLES;

use super::{Problems, Scenario};

/// How an instant is written, for the messages.
const INSTANT_FORM: (&str, &str) = ("such as 2026-12-09T08:00+09:00", "2026-12-09T08:00+09:00 のように");

impl Scenario {
    /// The progress record resolved against the fleet (`None` without one, or with a
    /// problem: then each is in `problems`).
    pub(super) fn check_progress(
        &self,
        progress: &Progress,
        expanded: &ExpandedFleet,
        phases: &[Phase],
        blackouts: &Blackouts,
        problems: &mut Problems,
    ) -> Option<Record> {
        let before = problems.list.len();
        // The path is made only for a problem: a record may hold a million times.
        let instant = |text: &str, path: &dyn Fn() -> String, problems: &mut Problems| -> Option<i64> {
            match text.trim().parse::<Instant>() {
                Ok(at) => Some(at.0),
                Err(()) => {
                    problems.add(
                        path(),
                        match problems.lang {
                            Lang::En => format!(
                                "\"{text}\" is not a date and time with its offset ({})",
                                INSTANT_FORM.0
                            ),
                            Lang::Ja => {
                                format!("「{text}」は時差つきの日時ではありません（{}）", INSTANT_FORM.1)
                            }
                        },
                    );
                    None
                }
            }
        };
        let approved = instant(&progress.approved, &|| "progress.approved".into(), problems);
        let now = instant(&progress.now, &|| "progress.now".into(), problems);
        // Every host's name, written one after another in one text (a million names would
        // otherwise be a million allocations), and each host found by its name.
        let (text, ends) = host_names(self, expanded);
        let mut names = FxHashMap::with_capacity_and_hasher(ends.len(), Default::default());
        let mut from = 0;
        for (h, &end) in ends.iter().enumerate() {
            names.insert(&text[from..end], h as u32);
            from = end;
        }
        let mut baseline = Vec::with_capacity(progress.baseline.len());
        for (i, b) in progress.baseline.iter().enumerate() {
            let at = |field: &str| format!("progress.baseline[{i}].{field}");
            let times = [
                instant(&b.opening, &|| at("opening"), problems),
                instant(&b.start, &|| at("start"), problems),
                instant(&b.expected_end, &|| at("expected_end"), problems),
                instant(&b.cautious_end, &|| at("cautious_end"), problems),
            ];
            if b.console == 0 {
                problems.say(at("console"), "consoles are numbered from 1", "コンソールは1から数えます");
            }
            let [Some(opening), Some(start), Some(expected_end), Some(cautious_end)] = times else {
                continue;
            };
            if !(opening <= start && start <= expected_end && expected_end <= cautious_end) {
                problems.say(
                    at("start"),
                    "a batch runs from its opening's start, and ends (expected, then cautious) after it starts",
                    "バッチはウィンドウの開始以降に始まり、開始後に（予想、慎重の順に）終わります",
                );
            }
            baseline.push(Planned {
                phase: b.phase.clone(),
                site: b.site.clone(),
                work: b.work,
                console: b.console.saturating_sub(1),
                opening,
                start,
                expected_end,
                cautious_end,
                // Hosts no longer in the fleet are no longer in the rollout.
                hosts: b.hosts.iter().filter_map(|n| names.get(n.as_str()).copied()).collect(),
            });
        }
        let mut events = Vec::with_capacity(progress.events.len());
        for (i, e) in progress.events.iter().enumerate() {
            let Some(at) = instant(&e.at, &|| format!("progress.events[{i}].at"), problems) else { continue };
            if now.is_some_and(|now| at > now) {
                problems.say(
                    format!("progress.events[{i}].at"),
                    "this is after the status time: record what happened by then, or move the status time on",
                    "状況の時点より後です。その時点までに起きたことを記録するか、状況の時点を進めてください",
                );
            }
            let what = self.check_event(
                e,
                i,
                at,
                &ProgressInputs { baseline: &baseline, names: &names, expanded, phases, blackouts },
                problems,
            );
            if let Some(what) = what {
                events.push((at, i, what));
            }
        }
        if problems.list.len() > before {
            return None;
        }
        // In time order (the file's order among equal times), each host's install ending once.
        events.sort_by_key(|&(at, i, _)| (at, i));
        // When and how each host's two installs (prerequisite, hotfix) ended.
        let mut ended: [Vec<Option<(i64, Status)>>; 2] =
            [vec![None; expanded.hosts.len()], vec![None; expanded.hosts.len()]];
        let slot = |work: Work| usize::from(work == Work::Hotfix);
        for (at, i, what) in &events {
            let one;
            let hosts: &mut dyn Iterator<Item = (u32, Work, Status)> = match what {
                What::Batch { batch, status, failed } => {
                    let b = &baseline[*batch as usize];
                    let ok = b.hosts.len().saturating_sub(*failed as usize);
                    &mut (b.hosts.iter().enumerate())
                        .map(move |(k, &h)| (h, b.work, if k < ok { *status } else { Status::Failed }))
                }
                What::Host { host, work, status } => {
                    one = [(*host, *work, *status)];
                    &mut one.into_iter()
                }
                _ => &mut std::iter::empty(),
            };
            for (host, work, status) in hosts {
                if let Some((when, how)) = ended[slot(work)][host as usize] {
                    let name = expanded_name(self, expanded, host);
                    let (when, how) = (time_text(when, problems.lang), how);
                    problems.add(
                        format!("progress.events[{i}]"),
                        match problems.lang {
                            Lang::En => format!("host {name} was already recorded {} at {when}: record each install's end once", how.code().replace('_', " ")),
                            Lang::Ja => format!("ホスト {name} は {when} に「{}」と記録済みです。インストールの結果は1回だけ記録してください", how.ja()),
                        },
                    );
                    continue;
                }
                // A failed install is tried again: only the others end it.
                if status != Status::Failed {
                    ended[slot(work)][host as usize] = Some((*at, status));
                }
            }
        }
        if problems.list.len() > before {
            return None;
        }
        Some(Record {
            approved: approved?,
            now: now?,
            baseline,
            events: events.into_iter().map(|(at, _, what)| Happened { at, what }).collect(),
        })
    }

    /// One event resolved, or its problems added.
    fn check_event(
        &self,
        e: &Event,
        i: usize,
        at: i64,
        inputs: &ProgressInputs,
        problems: &mut Problems,
    ) -> Option<What> {
        let path = |field: &str| format!("progress.events[{i}].{field}");
        let lang = problems.lang;
        let kinds = [
            e.batch.is_some(),
            e.host.is_some(),
            e.lost_opening.is_some(),
            e.consoles.is_some(),
            e.resume.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            problems.say(
                format!("progress.events[{i}]"),
                "an event says one thing: a batch, a host, a lost opening, the consoles or a phase resumed",
                "1つの記録には1つのこと（バッチ、ホスト、失われたウィンドウ、コンソール数、再開するフェーズ）を書きます",
            );
            return None;
        }
        let status = |problems: &mut Problems| {
            if e.status.is_none() {
                problems.say(
                    path("status"),
                    "say how it ended: done, failed, given_up or skipped",
                    "結果を書いてください: done、failed、given_up、skipped",
                );
            }
            e.status
        };
        if e.failed_hosts.is_some() && !(e.batch.is_some() && e.status == Some(Status::Done)) {
            problems.say(
                path("failed_hosts"),
                "failed hosts are counted only for a batch done",
                "失敗した台数は、完了したバッチにだけ書けます",
            );
        }
        if e.work.is_some() && e.host.is_none() {
            problems.say(
                path("work"),
                "only a host's event says which install it was",
                "どのインストールかはホストの記録にだけ書けます",
            );
        }
        if let Some(n) = e.batch {
            let status = status(problems)?;
            let Some(b) = (n as usize).checked_sub(1).and_then(|k| inputs.baseline.get(k)) else {
                problems.add(
                    path("batch"),
                    match lang {
                        Lang::En => {
                            format!("the approved plan has no batch {n} (it has {})", inputs.baseline.len())
                        }
                        Lang::Ja => format!(
                            "承認した計画にバッチ {n} はありません（{}件あります）",
                            inputs.baseline.len()
                        ),
                    },
                );
                return None;
            };
            // (A rollout ahead of its plan starts batches early, but none before its window.)
            if at <= b.opening && status != Status::Skipped {
                problems.add(
                    path("at"),
                    match lang {
                        Lang::En => format!(
                            "batch {n} runs in the window that opens at {}: it cannot end before that",
                            time_text(b.opening, lang)
                        ),
                        Lang::Ja => format!(
                            "バッチ {n} のウィンドウは {} に開きます。それより前には終われません",
                            time_text(b.opening, lang)
                        ),
                    },
                );
            }
            let failed = e.failed_hosts.unwrap_or(0);
            if failed as usize > b.hosts.len() {
                problems.add(
                    path("failed_hosts"),
                    match lang {
                        Lang::En => format!("batch {n} has {} hosts", b.hosts.len()),
                        Lang::Ja => format!("バッチ {n} は{}台です", b.hosts.len()),
                    },
                );
            }
            return Some(What::Batch { batch: n - 1, status, failed });
        }
        if let Some(name) = &e.host {
            let status = status(problems)?;
            let Some(&host) = inputs.names.get(name.as_str()) else {
                problems.add(
                    path("host"),
                    match lang {
                        Lang::En => format!("no host \"{name}\" in the fleet's affected hosts"),
                        Lang::Ja => format!("影響を受けるホストに「{name}」はありません"),
                    },
                );
                return None;
            };
            let work = e.work.unwrap_or(Work::Hotfix);
            if work == Work::Prerequisite && !inputs.expanded.hosts[host as usize].needs_prerequisite {
                problems.add(
                    path("work"),
                    match lang {
                        Lang::En => format!("host {name} has the prerequisite already"),
                        Lang::Ja => format!("ホスト {name} には前提条件が適用済みです"),
                    },
                );
            }
            return Some(What::Host { host, work, status });
        }
        if let Some(lost) = &e.lost_opening {
            let Some(site) = inputs.expanded.sites.iter().position(|s| s.name == lost.site) else {
                problems.add(
                    path("lost_opening.site"),
                    match lang {
                        Lang::En => format!("no group is at site \"{}\"", lost.site),
                        Lang::Ja => format!("サイト「{}」にグループはありません", lost.site),
                    },
                );
                return None;
            };
            let zone = time_zone::zone(&inputs.expanded.sites[site].time_zone).ok()?;
            let Ok(local) = lost.start.trim().parse::<DateTime>() else {
                problems.say(
                    path("lost_opening.start"),
                    "write when the opening began there: YYYY-MM-DDTHH:MM",
                    "ウィンドウが始まった現地の日時を YYYY-MM-DDTHH:MM で書いてください",
                );
                return None;
            };
            let start = zone.to_utc(local.0);
            let site_name = &inputs.expanded.sites[site].name;
            let opening =
                Occurrences::new(&self.windows, site_name, zone, inputs.blackouts.at(site_name), start - 1)
                    .take_while(|o| o.start <= start)
                    .any(|o| o.start == start);
            if !opening {
                problems.add(
                    path("lost_opening.start"),
                    match lang {
                        Lang::En => format!("no window opens at {} at {}", local, lost.site),
                        Lang::Ja => format!("{} に {} で開くウィンドウはありません", local, lost.site),
                    },
                );
                return None;
            }
            return Some(What::LostOpening { site: site as u16, start });
        }
        if let Some(n) = e.consoles {
            if !(1..=MAX_CONSOLES).contains(&n) {
                problems.add(
                    path("consoles"),
                    match lang {
                        Lang::En => format!("a whole number of consoles from 1 to {MAX_CONSOLES}"),
                        Lang::Ja => format!("コンソール数は1〜{MAX_CONSOLES}の整数です"),
                    },
                );
                return None;
            }
            return Some(What::Consoles(n));
        }
        let name = e.resume.as_deref().unwrap_or_default();
        let advisory = self.named_advisory()?;
        match inputs.phases.iter().position(|p| p.answers_to(name, &advisory)) {
            Some(k) => Some(What::Resume(k as u16)),
            None => {
                problems.add(
                    path("resume"),
                    match lang {
                        Lang::En => format!("no phase \"{name}\""),
                        Lang::Ja => format!("フェーズ「{name}」はありません"),
                    },
                );
                None
            }
        }
    }
}

/// What an event is checked against.
struct ProgressInputs<'a> {
    baseline: &'a [Planned],
    names: &'a FxHashMap<&'a str, u32>,
    expanded: &'a ExpandedFleet,
    phases: &'a [Phase],
    blackouts: &'a Blackouts,
}

/// Every affected host's name, one after another in one text, and where each ends.
fn host_names(s: &Scenario, expanded: &ExpandedFleet) -> (String, Vec<usize>) {
    let mut text = String::new();
    let ends = (expanded.hosts.iter())
        .map(|h| {
            s.fleet.groups[h.group as usize].write_host_name(h.ordinal, &mut text);
            text.len()
        })
        .collect();
    (text, ends)
}

fn expanded_name(s: &Scenario, expanded: &ExpandedFleet, host: u32) -> String {
    let h = &expanded.hosts[host as usize];
    s.fleet.groups[h.group as usize].host_name(h.ordinal)
}

/// A UTC time for a message: `2026-12-09 08:00 UTC`.
fn time_text(at: i64, lang: Lang) -> String {
    format!("{} UTC", crate::i18n::date_time(DateTime(at), lang))
}
