//! Progress from Excel: the batches or hosts CSV export, with its progress columns filled
//! in by an operator, read back as the events it records.
//!
//! The file is read as the inventory import reads one (UTF-8 with or without its mark,
//! Shift_JIS, UTF-16 with its mark), in either language's column names. A row whose status
//! is empty records nothing; a row that says what the plan already records (a batch or a
//! host done, as the export wrote it) records nothing again. Every row that cannot be read
//! is refused with its line, and then nothing is recorded.

use thiserror::Error;

use crate::civil::{Date, DateTime, Instant, Time};
use crate::fleet::inventory::{self, InventoryError, MOST_LISTED};
use crate::i18n::Localized;
use crate::progress::{Event, Status};
use crate::scheduler::{BatchState, Work, NO_BATCH};

use super::track::HostStatus;
use super::Plan;

/// Why a progress CSV (or a line of it) was refused.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SheetError {
    /// The file's bytes or size, as for an inventory.
    #[error("{0}")]
    File(InventoryError),
    /// Neither export: no `batch` or `host` column, or no `status` column.
    #[error("this is not a batches or hosts CSV from Patchcast with a \"status\" column")]
    NotAnExport,
    #[error("line {line}: there is no batch {batch} in this plan")]
    UnknownBatch { line: u64, batch: String },
    /// The row's batch starts elsewhen or elsewhere than the plan's batch of that number.
    #[error("line {line}: batch {batch} of this plan is not the one in the file (the plan has changed since it was exported); export the batches again")]
    ChangedBatch { line: u64, batch: u32 },
    #[error("line {line}: there is no host \"{name}\" in the fleet")]
    UnknownHost { line: u64, name: String },
    #[error("line {line}: \"{word}\" is not a status (done, failed, given_up or skipped)")]
    UnknownStatus { line: u64, word: String },
    #[error("line {line}: \"{text}\" is not a date and time such as 2026-12-09 08:00")]
    BadTime { line: u64, text: String },
    #[error("line {line}: failed hosts must be a whole number from 0 to {hosts}, not \"{text}\"")]
    BadFailed { line: u64, text: String, hosts: u32 },
    #[error("line {line}: the host has no prerequisite to install")]
    NoPrerequisite { line: u64 },
    #[error("no line records anything new: fill in the \"status\" column of what has happened")]
    NothingNew,
    #[error("and {0} more lines")]
    MoreLines(usize),
}

impl Localized for SheetError {
    fn ja(&self) -> String {
        match self {
            Self::File(e) => e.ja(),
            Self::NotAnExport => "Patchcast のバッチまたはホストの CSV（「状況」列つき）ではありません".into(),
            Self::UnknownBatch { line, batch } => format!("{line}行目: この計画にバッチ {batch} はありません"),
            Self::ChangedBatch { line, batch } => format!(
                "{line}行目: この計画のバッチ {batch} はファイルのものと違います（出力後に計画が変わりました）。バッチを出力し直してください"
            ),
            Self::UnknownHost { line, name } => format!("{line}行目: フリートにホスト「{name}」はありません"),
            Self::UnknownStatus { line, word } => {
                format!("{line}行目: 「{word}」は状況ではありません（完了・失敗・断念・対象外）")
            }
            Self::BadTime { line, text } => {
                format!("{line}行目: 「{text}」は 2026-12-09 08:00 のような日時ではありません")
            }
            Self::BadFailed { line, text, hosts } => {
                format!("{line}行目: 失敗台数は0〜{hosts}の整数です（「{text}」）")
            }
            Self::NoPrerequisite { line } => format!("{line}行目: このホストに前提条件の適用はありません"),
            Self::NothingNew => "新たに記録する行がありません。起きたことを「状況」列に記入してください".into(),
            Self::MoreLines(n) => format!("ほか{n}行"),
        }
    }
}

/// A column by its names in both languages' exports.
struct Column(&'static str, &'static str);

const BATCH: Column = Column("batch", "バッチ");
const HOST: Column = Column("host", "ホスト");
const SITE: Column = Column("site", "サイト");
const ZONE: Column = Column("time_zone", "タイムゾーン");
const START: Column = Column("start", "開始");
const STATUS: Column = Column("status", "状況");
const FINISHED: Column = Column("finished_at", "終了時刻");
const FAILED: Column = Column("failed_hosts", "失敗台数");
const PRE_STATUS: Column = Column("prerequisite_status", "前提条件の状況");
const PRE_FINISHED: Column = Column("prerequisite_finished_at", "前提条件の終了時刻");

/// The progress columns' headers, in the export's language, in order: the batches CSV's
/// and the hosts CSV's.
pub fn batch_columns(lang: crate::i18n::Lang) -> [&'static str; 3] {
    [STATUS, FINISHED, FAILED].map(|c| lang.pick(c.0, c.1))
}

pub fn host_columns(lang: crate::i18n::Lang) -> [&'static str; 4] {
    [STATUS, FINISHED, PRE_STATUS, PRE_FINISHED].map(|c| lang.pick(c.0, c.1))
}

/// A local date and time as the export writes it (`2026-12-09 08:00`), or as a spreadsheet
/// may save it again (`2026/12/9 8:00`, seconds `:00`).
fn local_time(text: &str) -> Option<DateTime> {
    let (date, time) = text.trim().split_once([' ', 'T'])?;
    let mut parts = date.split(['-', '/']).map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    let date = Date::new(y as i32, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Some(DateTime::new(date, time.trim().parse::<Time>().ok()?))
}

/// A cell as the operator meant it: without the apostrophe the export put before text a
/// spreadsheet would run as a formula.
fn cell(text: &str) -> &str {
    let text = text.trim();
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    }
}

/// The events a filled-in batches or hosts CSV records against `plan` (the plan it was
/// exported from, or the same plan made again), or why its lines were refused.
pub fn read(
    plan: &Plan,
    bytes: &[u8],
    shift_jis: &dyn Fn(&[u8]) -> Option<String>,
) -> Result<Vec<Event>, Vec<SheetError>> {
    let text = inventory::decode(bytes, shift_jis).map_err(|e| vec![SheetError::File(e)])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rows = crate::fleet::records::records(text);
    let header: Vec<String> = rows.next().map(|(_, cells)| cells).unwrap_or_default();
    let find = |c: &Column| header.iter().position(|h| cell(h) == c.0 || cell(h) == c.1);
    let status = find(&STATUS).ok_or_else(|| vec![SheetError::NotAnExport])?;
    let zone_at = find(&ZONE).ok_or_else(|| vec![SheetError::NotAnExport])?;
    let reader = Reader { plan, finished_at: find(&FINISHED) };
    let mut events = Vec::new();
    let mut refused = Vec::new();
    match (find(&BATCH), find(&HOST)) {
        (Some(batch_at), None) => {
            let (start_at, site_at, failed_at) = (find(&START), find(&SITE), find(&FAILED));
            for (line, row) in rows {
                let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| cell(c));
                let cells = BatchRow {
                    batch: get(Some(batch_at)),
                    status: get(Some(status)),
                    start: get(start_at),
                    site: get(site_at),
                    finished: get(reader.finished_at),
                    failed: get(failed_at),
                };
                match reader.batch_row(line, &cells) {
                    Ok(mut e) => events.append(&mut e),
                    Err(e) => refused.push(e),
                }
            }
        }
        (_, Some(host_at)) => {
            let names = host_names(plan);
            let (pre_status, pre_finished) = (find(&PRE_STATUS), find(&PRE_FINISHED));
            for (line, row) in rows {
                let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| cell(c));
                let name = get(Some(host_at));
                if name.is_empty() && row.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let Some(&h) = names.get(name) else {
                    if !get(Some(status)).is_empty() || !get(pre_status).is_empty() {
                        refused.push(SheetError::UnknownHost { line, name: name.into() });
                    }
                    continue;
                };
                let zone = get(Some(zone_at));
                for (work, word, finished) in [
                    (Work::Prerequisite, get(pre_status), get(pre_finished)),
                    (Work::Hotfix, get(Some(status)), get(reader.finished_at)),
                ] {
                    match reader.host_install(line, h, work, word, finished, zone) {
                        Ok(Some(e)) => events.push(e),
                        Ok(None) => {}
                        Err(e) => refused.push(e),
                    }
                }
            }
        }
        (None, None) => return Err(vec![SheetError::NotAnExport]),
    }
    if refused.len() > MOST_LISTED {
        let more = refused.len() - MOST_LISTED;
        refused.truncate(MOST_LISTED);
        refused.push(SheetError::MoreLines(more));
    }
    match (refused.is_empty(), events.is_empty()) {
        (false, _) => Err(refused),
        (true, true) => Err(vec![SheetError::NothingNew]),
        (true, false) => {
            // In the order they happened, as marks in the page are.
            events.sort_by_key(|e| e.at.parse::<Instant>().map_or(i64::MIN, |t| t.0));
            Ok(events)
        }
    }
}

/// Each host's index by name.
fn host_names(plan: &Plan) -> rustc_hash::FxHashMap<String, usize> {
    (0..plan.expanded.hosts.len()).map(|h| (plan.host_name(h), h)).collect()
}

/// The cells of a batches CSV row that progress is read from.
#[derive(Clone, Copy)]
struct BatchRow<'a> {
    batch: &'a str,
    status: &'a str,
    start: &'a str,
    site: &'a str,
    finished: &'a str,
    failed: &'a str,
}

struct Reader<'a> {
    plan: &'a Plan,
    finished_at: Option<usize>,
}

impl Reader<'_> {
    fn status(line: u64, word: &str) -> Result<Option<Status>, SheetError> {
        if word.is_empty() {
            return Ok(None);
        }
        Status::from_word(word).map(Some).ok_or_else(|| SheetError::UnknownStatus { line, word: word.into() })
    }

    /// When a row says it finished: its time on the wall clock of `zone`, or (empty) when
    /// the plan has it end.
    fn finished(&self, line: u64, text: &str, zone: &str, planned: i64) -> Result<i64, SheetError> {
        if text.is_empty() {
            return Ok(planned);
        }
        let local = local_time(text).ok_or_else(|| SheetError::BadTime { line, text: text.into() })?;
        let zone = crate::time_zone::zone(zone).unwrap_or_else(|_| crate::time_zone::Zone::utc());
        Ok(zone.to_utc(local.0))
    }

    fn batch_row(&self, line: u64, row: &BatchRow) -> Result<Vec<Event>, SheetError> {
        let BatchRow { batch, status: word, start, site, finished, failed } = *row;
        let Some(status) = Self::status(line, word)? else { return Ok(Vec::new()) };
        let plan = self.plan;
        let unknown = || SheetError::UnknownBatch { line, batch: batch.into() };
        let n: u32 = batch.parse().map_err(|_| unknown())?;
        let i =
            (n as usize).checked_sub(1).filter(|&i| i < plan.schedule.batches.len()).ok_or_else(unknown)?;
        let b = &plan.schedule.batches[i];
        let zone = crate::time_zone::zone(&plan.expanded.sites[b.site as usize].time_zone)
            .unwrap_or_else(|_| crate::time_zone::Zone::utc());
        let same_start = start.is_empty() || local_time(start).is_some_and(|t| zone.to_utc(t.0) == b.start);
        if !same_start || !(site.is_empty() || site == plan.expanded.sites[b.site as usize].name) {
            return Err(SheetError::ChangedBatch { line, batch: n });
        }
        if b.state == BatchState::Done {
            // What the export wrote of a batch already done.
            return Ok(Vec::new());
        }
        let failed = match failed {
            "" => 0,
            text => text
                .parse::<u32>()
                .ok()
                .filter(|&f| f <= b.hosts)
                .ok_or_else(|| SheetError::BadFailed { line, text: text.into(), hosts: b.hosts })?,
        };
        // The row's zone is its site's.
        let finished = self.finished(line, finished, zone.name(), b.cautious_end)?;
        Ok(plan.mark_batch(i, status, finished, failed))
    }

    fn host_install(
        &self,
        line: u64,
        h: usize,
        work: Work,
        word: &str,
        finished: &str,
        zone: &str,
    ) -> Result<Option<Event>, SheetError> {
        let Some(status) = Self::status(line, word)? else { return Ok(None) };
        let plan = self.plan;
        let (batch, standing) = match (work, &plan.tracking) {
            (Work::Hotfix, t) => (plan.schedule.hotfix_batch[h], t.as_ref().map(|t| t.hotfix[h])),
            (Work::Prerequisite, t) => {
                (plan.schedule.prerequisite_batch[h], t.as_ref().map(|t| t.prerequisite[h]))
            }
        };
        let needs =
            work == Work::Hotfix || batch != NO_BATCH || standing.is_some_and(|s| s != HostStatus::Planned);
        if !needs {
            return Err(SheetError::NoPrerequisite { line });
        }
        // What the export wrote of an install already recorded.
        let recorded = match standing {
            Some(HostStatus::Done) => status == Status::Done,
            Some(HostStatus::GivenUp) => status == Status::GivenUp,
            Some(HostStatus::Skipped) => status == Status::Skipped,
            _ => false,
        };
        if recorded {
            return Ok(None);
        }
        let planned =
            plan.schedule.batches.get(batch as usize).map_or(plan.summary.start, |b| b.cautious_end);
        let at = self.finished(line, finished, zone, planned)?;
        let offset = crate::time_zone::zone(zone).map_or(0, |z| z.offset_minutes(at));
        Ok(Some(Event {
            at: Instant(at).with_offset(offset),
            host: Some(plan.host_name(h)),
            work: (work == Work::Prerequisite).then_some(Work::Prerequisite),
            status: Some(status),
            ..Event::default()
        }))
    }
}
