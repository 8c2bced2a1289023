//! A rollout's progress, as the scenario file keeps it: the plan as approved (the
//! baseline), the status time, and what happened before it (events).
//!
//! What the planner records is kept as written ([`Progress`]); checking it
//! (`Scenario::check`) resolves it against the fleet into a [`Record`] of times in
//! minutes and hosts by index, which the plan replans the rest of the rollout from
//! (`plan::track`).

use serde::{Deserialize, Serialize};

use crate::scheduler::Work;

/// The progress record of a scenario (format version 4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// When the baseline was approved (`2026-12-07T09:00+09:00`).
    pub approved: String,
    /// The approved plan's batches, in its order: batch `n` of an event is the `n`-th, from
    /// 1. Kept as approved when the scenario changes afterwards.
    pub baseline: Vec<BaselineBatch>,
    /// The status time: the events record what happened by then, and the rest of the
    /// rollout is planned from it.
    pub now: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// One batch of the approved plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineBatch {
    pub phase: String,
    pub site: String,
    pub work: Work,
    /// The console it was planned on, from 1.
    pub console: u16,
    /// When the window opening it was planned in opened.
    pub opening: String,
    pub start: String,
    pub expected_end: String,
    pub cautious_end: String,
    /// Its hosts, by name.
    pub hosts: Vec<String>,
}

/// Something that happened, and when. Exactly one of `batch`, `host`, `lost_opening`,
/// `consoles` and `resume` says what; a batch or a host has a `status`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: String,
    /// A batch of the baseline, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<u32>,
    /// A host, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// A host's install this is about: the hotfix (the default) or the prerequisite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<Work>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Of a batch done: how many of its hosts failed (its last ones; they are retried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_hosts: Option<u32>,
    /// A window opening that was lost at a site (an incident took it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_opening: Option<LostOpening>,
    /// The number of consoles from this time on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consoles: Option<u32>,
    /// A phase halted by its failures goes on from this time (by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<String>,
}

/// How a batch or a host's install ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    /// Failed, and retried in its site's next opening.
    Failed,
    /// Failed, and not tried again.
    GivenUp,
    /// Left out of the rollout.
    Skipped,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Done, Status::Failed, Status::GivenUp, Status::Skipped];

    /// The word a file uses: `done`, `failed`, `given_up`, `skipped`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Failed => "failed",
            Status::GivenUp => "given_up",
            Status::Skipped => "skipped",
        }
    }

    /// The word the Japanese exports write.
    pub fn ja(self) -> &'static str {
        match self {
            Status::Done => "完了",
            Status::Failed => "失敗",
            Status::GivenUp => "断念",
            Status::Skipped => "対象外",
        }
    }

    /// A status word in either language (as the CSV exports write them), any case.
    pub fn from_word(word: &str) -> Option<Status> {
        let word = word.trim();
        Status::ALL.into_iter().find(|s| word.eq_ignore_ascii_case(s.code()) || word == s.ja())
    }
}

/// A lost window opening: the site, and when the opening began there (local time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LostOpening {
    pub site: String,
    /// `YYYY-MM-DDTHH:MM`, on the site's wall clock.
    pub start: String,
}

/// A progress record checked against the scenario: times in minutes since the epoch (UTC),
/// hosts by index in the expanded fleet, events in time order.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub approved: i64,
    pub now: i64,
    pub baseline: Vec<Planned>,
    pub events: Vec<Happened>,
}

/// A baseline batch, resolved. Hosts that are no longer in the fleet are left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub phase: String,
    pub site: String,
    pub work: Work,
    /// From 0.
    pub console: u16,
    pub opening: i64,
    pub start: i64,
    pub expected_end: i64,
    pub cautious_end: i64,
    pub hosts: Vec<u32>,
}

/// An event, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Happened {
    pub at: i64,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// Baseline batch `batch` (from 0) ended so; `failed` of its last hosts failed.
    Batch { batch: u32, status: Status, failed: u32 },
    /// One host's install ended so.
    Host { host: u32, work: Work, status: Status },
    /// The opening that began at `start` (UTC) at site `site` (index) was lost.
    LostOpening { site: u16, start: i64 },
    /// This many consoles from now on.
    Consoles(u32),
    /// The phase (index) halted by its failures goes on.
    Resume(u16),
}
