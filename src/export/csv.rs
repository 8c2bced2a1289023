//! CSV exports that open correctly in Excel, Japanese Excel included.
//!
//! UTF-8 with a byte-order mark (so Excel does not guess Shift-JIS), CRLF line ends, and
//! every text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, tab or carriage return) prefixed with an apostrophe. Each local time has its UTC
//! twin in a column of its own: the hour a daylight-saving change repeats reads one way,
//! and a spreadsheet subtracting start from end (in UTC) gets the batch's length.

use std::borrow::Cow;

use crate::i18n::Lang;
use crate::plan::sheet;
use crate::plan::track::HostStatus;
use crate::plan::Plan;
use crate::progress::Status;
use crate::scheduler::{BatchState, Work, NO_BATCH};

use super::{local_text, site_zones};

const BOM: &str = "\u{feff}";

/// A cell that a spreadsheet shows as text, never evaluates.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A CSV document being written to memory by the csv crate (RFC 4180 quoting), with
/// Excel's byte-order mark and line ends, every cell neutralised.
struct Sheet(csv::Writer<Vec<u8>>);

impl Sheet {
    fn new(header: &[&str]) -> Self {
        let writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.as_bytes().to_vec());
        let mut sheet = Self(writer);
        sheet.row(header.iter().map(|h| h.to_string()));
        sheet
    }

    /// Writes a row, neutralising every cell.
    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let cells: Vec<String> = cells.into_iter().collect();
        self.0
            .write_record(cells.iter().map(|cell| neutralise(cell).into_owned()))
            .expect("writing to memory");
    }

    fn finish(self) -> String {
        let bytes = self.0.into_inner().expect("writing to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 text")
    }
}

fn work_label(work: Work, lang: Lang) -> &'static str {
    match work {
        Work::Prerequisite => lang.pick("prerequisite", "前提条件"),
        Work::Hotfix => lang.pick("hotfix", "修正プログラム"),
    }
}

/// A status as the CSV writes it (`done` / `完了`), when `shown`.
fn status_word(shown: bool, status: Status, lang: Lang) -> String {
    match (shown, lang) {
        (false, _) => String::new(),
        (true, Lang::En) => status.code().into(),
        (true, Lang::Ja) => status.ja().into(),
    }
}

fn yes_no(yes: bool, lang: Lang) -> String {
    match yes {
        true => lang.pick("yes", "はい"),
        false => lang.pick("no", "いいえ"),
    }
    .to_string()
}

/// What the batch installs: the prerequisite's id or the hotfix package file.
fn package(plan: &Plan, work: Work, edition: usize) -> (String, String) {
    let e = &plan.advisory.editions[edition];
    match work {
        Work::Hotfix => (e.package.file_name.clone(), e.package.version.clone()),
        Work::Prerequisite => (e.prerequisite.clone().unwrap_or_default(), String::new()),
    }
}

/// One row per batch.
pub fn batches(plan: &Plan, lang: Lang) -> String {
    let zones = site_zones(plan);
    let header: &[&str] = match lang {
        Lang::En => &[
            "batch",
            "phase",
            "work",
            "console",
            "site",
            "time_zone",
            "window",
            "start",
            "expected_end",
            "cautious_end",
            "start_utc",
            "expected_end_utc",
            "cautious_end_utc",
            "hosts",
            "edition",
            "package",
            "package_version",
            "extrapolated",
            "verify_registry_key",
        ],
        Lang::Ja => &[
            "バッチ",
            "フェーズ",
            "作業",
            "コンソール",
            "サイト",
            "タイムゾーン",
            "ウィンドウ",
            "開始",
            "予想終了",
            "慎重終了",
            "開始（UTC）",
            "予想終了（UTC）",
            "慎重終了（UTC）",
            "台数",
            "エディション",
            "パッケージ",
            "バージョン",
            "外挿",
            "確認用レジストリキー",
        ],
    };
    // The progress columns an operator fills in (read back by `plan::sheet`).
    let header: Vec<&str> = header.iter().copied().chain(sheet::batch_columns(lang)).collect();
    let mut w = Sheet::new(&header);
    let utc = crate::time_zone::Zone::utc();
    for (i, b) in plan.schedule.batches.iter().enumerate() {
        let site = &plan.expanded.sites[b.site as usize];
        let tz = &zones[b.site as usize];
        let (file, version) = package(plan, b.work, b.edition as usize);
        let row = [
            (i + 1).to_string(),
            plan.phases[b.phase as usize].name.clone(),
            work_label(b.work, lang).to_string(),
            (b.console + 1).to_string(),
            site.name.clone(),
            site.time_zone.clone(),
            plan.windows[b.window as usize].name.clone(),
            local_text(b.start, tz),
            local_text(b.expected_end, tz),
            local_text(b.cautious_end, tz),
            local_text(b.start, &utc),
            local_text(b.expected_end, &utc),
            local_text(b.cautious_end, &utc),
            b.hosts.to_string(),
            plan.advisory.editions[b.edition as usize].name.clone(),
            file,
            version,
            yes_no(b.extrapolated, lang),
            match b.work {
                Work::Hotfix => plan.advisory.editions[b.edition as usize].registry_key.clone(),
                Work::Prerequisite => String::new(),
            },
            // Progress: what is done, as recorded; the rest for an operator to fill in.
            status_word(b.state == BatchState::Done, Status::Done, lang),
            if b.state == BatchState::Done { local_text(b.cautious_end, tz) } else { String::new() },
            String::new(),
        ];
        w.row(row);
    }
    w.finish()
}

/// One row per host, in the order they are patched. Texts that are the same for many
/// hosts and may be long (the registry key to verify) are in the batch rows instead, so
/// the file grows with hosts by short cells only.
pub fn hosts(plan: &Plan, lang: Lang) -> String {
    let zones = site_zones(plan);
    let s = &plan.schedule;
    let header: &[&str] = match lang {
        Lang::En => &[
            "host",
            "group",
            "site",
            "time_zone",
            "edition",
            "internet_facing",
            "risk_tier",
            "phase",
            "batch",
            "console",
            "start",
            "expected_end",
            "cautious_end",
            "package",
            "package_version",
            "prerequisite",
            "prerequisite_batch",
            "prerequisite_start",
            "start_utc",
            "expected_end_utc",
            "cautious_end_utc",
            "prerequisite_start_utc",
        ],
        Lang::Ja => &[
            "ホスト",
            "グループ",
            "サイト",
            "タイムゾーン",
            "エディション",
            "インターネット公開",
            "リスク区分",
            "フェーズ",
            "バッチ",
            "コンソール",
            "開始",
            "予想終了",
            "慎重終了",
            "パッケージ",
            "バージョン",
            "前提条件",
            "前提条件のバッチ",
            "前提条件の開始",
            "開始（UTC）",
            "予想終了（UTC）",
            "慎重終了（UTC）",
            "前提条件の開始（UTC）",
        ],
    };
    // With availability sets, the sets of each host, as an inventory's `set` column says
    // them (so the list imports again with its sets).
    let sets = &plan.expanded.sets;
    let set_column = (!sets.is_empty()).then(|| lang.pick("availability_sets", "可用性セット"));
    let header: Vec<&str> =
        header.iter().copied().chain(sheet::host_columns(lang)).chain(set_column).collect();
    let mut w = Sheet::new(&header);
    // By the start of each host's batch, then the batch, then the host: as (start, batch and
    // host) pairs, the sort the plan's exposure curve uses, fast over a million hosts.
    // (A rollout's hosts with no batch, held or out of it, come last.)
    let mut order: Vec<(i64, u64)> = (0..plan.expanded.hosts.len())
        .map(|h| {
            let batch = s.hotfix_batch[h];
            (s.batches.get(batch as usize).map_or(i64::MAX, |b| b.start), u64::from(batch) << 32 | h as u64)
        })
        .collect();
    order.sort_unstable();
    let utc = crate::time_zone::Zone::utc();
    for h in order.into_iter().map(|(_, key)| key as u32) {
        let host = &plan.expanded.hosts[h as usize];
        let group = &plan.fleet.groups[host.group as usize];
        let edition = &plan.advisory.editions[host.edition as usize];
        let tz = &zones[host.site as usize];
        let bi = s.hotfix_batch[h as usize];
        let b = s.batches.get(bi as usize);
        let at =
            |f: fn(&crate::scheduler::Batch) -> i64, tz| b.map(|b| local_text(f(b), tz)).unwrap_or_default();
        let pre = s.prerequisite_batch[h as usize];
        let (pre_name, pre_batch, pre_start, pre_start_utc) = if pre == NO_BATCH {
            Default::default()
        } else {
            let pb = &s.batches[pre as usize];
            (
                edition.prerequisite.clone().unwrap_or_default(),
                (pre + 1).to_string(),
                local_text(pb.start, tz),
                local_text(pb.start, &utc),
            )
        };
        // Progress: installs done or out of the rollout, as recorded; the rest for an
        // operator to fill in.
        let standing = |work: Work| {
            let t = plan.tracking.as_ref()?;
            let (status, batch) = match work {
                Work::Hotfix => (t.hotfix[h as usize], b),
                Work::Prerequisite => (t.prerequisite[h as usize], s.batches.get(pre as usize)),
            };
            let ended = |status| {
                (
                    status,
                    batch.filter(|b| b.state == BatchState::Done).map(|b| local_text(b.cautious_end, tz)),
                )
            };
            match status {
                HostStatus::Done => Some(ended(Status::Done)),
                HostStatus::GivenUp => Some((Status::GivenUp, None)),
                HostStatus::Skipped => Some((Status::Skipped, None)),
                _ => None,
            }
        };
        let [(status, finished), (pre_status, pre_finished)] =
            [Work::Hotfix, Work::Prerequisite].map(|work| {
                standing(work).map_or_else(Default::default, |(st, at)| {
                    (status_word(true, st, lang), at.unwrap_or_default())
                })
            });
        let row = [
            group.host_name(host.ordinal),
            group.name.clone(),
            group.site.clone(),
            group.time_zone.clone(),
            edition.name.clone(),
            yes_no(host.internet_facing, lang),
            host.tier.id().to_string(),
            plan.host_phase(h as usize).map(|k| plan.phases[k].name.clone()).unwrap_or_default(),
            b.map(|_| (bi + 1).to_string()).unwrap_or_default(),
            b.map(|b| (b.console + 1).to_string()).unwrap_or_default(),
            at(|b| b.start, tz),
            at(|b| b.expected_end, tz),
            at(|b| b.cautious_end, tz),
            edition.package.file_name.clone(),
            edition.package.version.clone(),
            pre_name,
            pre_batch,
            pre_start,
            at(|b| b.start, &utc),
            at(|b| b.expected_end, &utc),
            at(|b| b.cautious_end, &utc),
            pre_start_utc,
            status,
            finished,
            pre_status,
            pre_finished,
        ];
        let in_sets = set_column.map(|_| {
            let names: Vec<&str> = sets.of(h).iter().map(|&k| sets.names[k as usize].as_str()).collect();
            names.join("; ")
        });
        w.row(row.into_iter().chain(in_sets));
    }
    w.finish()
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("mx1"), "mx1");
        assert_eq!(neutralise("東京"), "東京");
    }

    proptest::proptest! {
        /// Rows come out as the csv crate's writer writes them (after neutralising).
        #[test]
        fn rows_are_quoted_as_the_csv_crate_quotes_them(
            rows in proptest::collection::vec(proptest::array::uniform3("[a-z,\"\r\n '=東]{0,6}"), 0..6),
        ) {
            let mut ours = Sheet::new(&["a", "b", "c"]);
            let mut theirs = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
            theirs.write_record(["a", "b", "c"]).unwrap();
            for row in rows {
                theirs.write_record(row.iter().map(|c| neutralise(c).into_owned())).unwrap();
                ours.row(row);
            }
            let theirs = String::from_utf8(theirs.into_inner().unwrap()).unwrap();
            proptest::prop_assert_eq!(ours.finish(), format!("{BOM}{theirs}"));
        }
    }

    #[test]
    fn batch_csv_has_bom_header_and_one_row_per_batch() {
        let plan = crate::plan::Plan::make(&Scenario::sample()).unwrap();
        let text = batches(&plan, Lang::En);
        assert!(text.starts_with("\u{feff}batch,phase,work,"));
        assert!(batches(&plan, Lang::Ja).starts_with("\u{feff}バッチ,フェーズ,作業,"));
        assert!(text.contains("\r\n"));
        let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), plan.schedule.batches.len());
        let hosts_at = reader.headers().unwrap().iter().position(|h| h == "hosts").unwrap();
        let total: u32 =
            rows.iter().filter(|r| &r[2] == "hotfix").map(|r| r[hosts_at].parse::<u32>().unwrap()).sum();
        assert_eq!(total as usize, plan.expanded.hosts.len());
    }

    /// At a daylight-saving fall-back (Sydney, 2027-04-04, 03:00 becomes 02:00), a local end
    /// may read earlier than its start; the UTC columns read one way, and their difference
    /// is the batch's length.
    #[test]
    fn every_time_has_a_utc_twin_that_subtracts_to_the_batch_length() {
        use crate::maintenance_window::{Day, Recurrence, Window};
        let mut s = Scenario::sample();
        for g in &mut s.fleet.groups {
            (g.site, g.time_zone, g.prerequisite_present) =
                ("Sydney".into(), "Australia/Sydney".into(), g.hosts);
        }
        // One long batch a console, from 02:30 summer time across the change.
        s.phases = Some(vec![crate::phase::Phase::new("All", crate::phase::Selector::Rest, 0.0)]);
        s.windows = vec![Window {
            name: "Sunday night".into(),
            recurrence: Recurrence::Week { days: vec![Day::Sun] },
            start: "02:30".into(),
            length_minutes: 240,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        }];
        (s.start, s.start_time_zone, s.blackouts) =
            ("2027-04-01T09:00".into(), "Australia/Sydney".into(), vec![]);
        s.site_limit = None;
        let plan = crate::plan::Plan::make(&s).unwrap();
        let minutes = |t: &str| {
            let local: crate::civil::DateTime = t.parse().unwrap();
            crate::time_zone::Zone::utc().to_utc(local.0)
        };
        for (text, start, end) in [
            (batches(&plan, Lang::En), "start_utc", "cautious_end_utc"),
            (hosts(&plan, Lang::En), "start_utc", "cautious_end_utc"),
        ] {
            let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let header = reader.headers().unwrap().clone();
            let at = |name: &str| header.iter().position(|h| h == name).unwrap();
            let (start_at, end_at, local_start, local_end) =
                (at(start), at(end), at("start"), at("cautious_end"));
            let mut backwards = 0;
            for row in reader.records().map(Result::unwrap) {
                let length = minutes(&row[end_at]) - minutes(&row[start_at]);
                assert!(length > 0, "{row:?}");
                backwards += usize::from(row[local_end] < row[local_start]);
                let utc = crate::time_zone::Zone::utc();
                let batch = plan.schedule.batches.iter().find(|b| {
                    local_text(b.start, &utc) == row[start_at]
                        && local_text(b.cautious_end, &utc) == row[end_at]
                });
                assert_eq!(batch.map(|b| b.cautious_end - b.start), Some(length), "{row:?}");
            }
            assert!(backwards > 0, "the fall-back night is in the plan: a local end reads before its start");
        }
    }

    #[test]
    fn host_csv_lists_every_host_once_with_hostile_names_neutralised() {
        let mut scenario = Scenario::sample();
        scenario.fleet.groups[0].host_names = (0..12).map(|i| format!("=cmd|'/c calc'!A{i}")).collect();
        let plan = crate::plan::Plan::make(&scenario).unwrap();
        let text = hosts(&plan, Lang::En);
        let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), plan.expanded.hosts.len());
        let mut names: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rows.len());
        assert!(rows.iter().all(|r| !r[0].starts_with('=')));
        assert_eq!(rows.iter().filter(|r| r[0].starts_with("'=cmd")).count(), 12);
    }
}
