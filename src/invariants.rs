//! What every plan and every export must satisfy, whatever the input: checked on each
//! generated plan by the property tests, the fuzz targets (`fuzz/`) and their regression
//! tests. Each check returns the first broken promise, in words.

use std::collections::{HashMap, HashSet};

use crate::fleet::inventory;
use crate::form::Field;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::scheduler::{SiteLimit, Work, NO_BATCH};
use crate::workspace::{Action, Workspace};
use crate::{export, share};

/// Exports are written in full only up to this many hosts (beyond, the time goes into
/// writing text, not into finding faults).
const EXPORT_HOSTS: usize = 20_000;

/// The plan keeps every promise of the format: each affected host patched exactly once
/// and after its prerequisite, every batch inside its opening and out of its back-out
/// reserve, the per-site limit per opening, each availability set within its limit at
/// every moment, windows used counted once each, host names unique, exposure never rising.
///
/// In a rollout in progress, what happened is kept as it was recorded; the promises hold
/// for what is planned: each host still in the rollout is patched exactly once (the hosts
/// given up, skipped or held by a halted phase not at all), no planned batch leaves its
/// opening, comes before its prerequisite, or takes an opening past the per-site limit
/// (counting what the opening took already).
pub fn check_plan(scenario: &Scenario, plan: &Plan) -> Result<(), String> {
    use crate::scheduler::BatchState;
    let s = &plan.schedule;
    let hosts = &plan.expanded.hosts;
    let tracking = plan.tracking.as_ref();
    let mut count = vec![0u32; hosts.len()];
    let mut per_opening: HashMap<(u16, u16, i64), u32> = HashMap::new();
    let mut planned_in: HashSet<(u16, u16, i64)> = HashSet::new();
    let mut starts: HashSet<(u16, u16, i64)> = HashSet::new();
    for (i, b) in s.batches.iter().enumerate() {
        let planned = b.state == BatchState::Planned;
        if b.hosts == 0
            || (planned && (b.start < b.window_start || b.cautious_end > b.window_end - b.reserve))
        {
            return Err(format!("batch {i} is empty, leaves its window or runs into its back-out reserve"));
        }
        // Its reserve is that of a window of its site (the one that closes its opening).
        let site = &plan.expanded.sites[b.site as usize].name;
        let reserves = scenario
            .windows
            .iter()
            .filter(|w| w.applies_to(site))
            .map(|w| i64::from(w.backout_reserve_minutes));
        if planned && !reserves.clone().any(|r| r == b.reserve) {
            return Err(format!(
                "batch {i} keeps a reserve of {} minutes, which no window of its site has",
                b.reserve
            ));
        }
        if planned {
            planned_in.insert((b.site, b.window, b.window_end));
            if tracking.is_some_and(|t| b.start < t.now) {
                return Err(format!("batch {i} is planned before the status time"));
            }
        }
        if !(b.start <= b.expected_end && b.expected_end <= b.cautious_end) {
            return Err(format!("batch {i} ends before it starts"));
        }
        *per_opening.entry((b.site, b.window, b.window_end)).or_default() += b.hosts;
        starts.insert((b.site, b.window, b.window_start));
        for &h in plan.batch_hosts(i) {
            let host = &hosts[h as usize];
            if host.site != b.site || host.edition != b.edition {
                return Err(format!("host {h} is in a batch of another site or edition"));
            }
            match b.work {
                Work::Hotfix => {
                    count[h as usize] += 1;
                    // What happened is as it was recorded; what is planned keeps the order.
                    if host.needs_prerequisite && planned {
                        let pre = s.prerequisite_batch[h as usize];
                        if pre == NO_BATCH || s.batches[pre as usize].cautious_end > b.start {
                            return Err(format!("host {h} gets the hotfix before its prerequisite"));
                        }
                    }
                }
                Work::Prerequisite if !host.needs_prerequisite => {
                    return Err(format!("host {h} gets a prerequisite it has"));
                }
                Work::Prerequisite => {}
            }
        }
    }
    let expected = |h: usize| match tracking {
        Some(t) if t.hotfix[h].out() || t.hotfix[h] == crate::plan::track::HostStatus::Held => 0,
        _ => 1,
    };
    if let Some(h) = (0..count.len()).find(|&h| count[h] != expected(h)) {
        return Err(format!("host {h} is patched {} times", count[h]));
    }
    if let Some(limit) = scenario.site_limit {
        let mut site_hosts = vec![0u32; plan.expanded.sites.len()];
        for h in hosts {
            site_hosts[h.site as usize] += 1;
        }
        for (&(site, window, end), &n) in &per_opening {
            if tracking.is_some() && !planned_in.contains(&(site, window, end)) {
                continue;
            }
            let cap = match limit {
                SiteLimit::Hosts(n) => n.max(1),
                SiteLimit::Percent(p) => {
                    ((f64::from(site_hosts[site as usize]) * p / 100.0).floor() as u32).max(1)
                }
            };
            if n > cap {
                return Err(format!("{n} hosts of site {site} in one opening, above the limit of {cap}"));
            }
        }
    }
    let peaks = plan.most_down_at_once();
    for (set, (&peak, &limit)) in peaks.iter().zip(&plan.expanded.sets.most_down).enumerate() {
        if peak > limit {
            let name = &plan.expanded.sets.names[set];
            return Err(format!(
                "{peak} hosts of availability set \"{name}\" down at once, above its limit of {limit}"
            ));
        }
    }
    let counted =
        starts.len() != per_opening.len() || plan.summary.windows_used as usize != per_opening.len();
    if tracking.is_none() && counted {
        return Err("windows used does not count distinct openings".into());
    }
    if has_duplicate_name(plan) {
        return Err("a host name is patched twice".into());
    }
    if plan.exposure.windows(2).any(|w| w[1].remaining > w[0].remaining || w[1].at < w[0].at) {
        return Err("the exposure curve rises".into());
    }
    Ok(())
}

/// Whether two of the plan's hosts share a name. A million hosts' names kept as strings
/// in a set took seconds under the fuzzers' sanitizer (past libFuzzer's timeout), so each
/// name is written into one buffer and kept as its hash; the hashes are sorted, and only
/// hosts whose hashes meet are compared by name.
fn has_duplicate_name(plan: &Plan) -> bool {
    let hosts = &plan.expanded.hosts;
    let write = |h: u32, out: &mut String| {
        out.clear();
        let host = &hosts[h as usize];
        plan.fleet.groups[host.group as usize].write_host_name(host.ordinal, out);
    };
    // FNV-1a: quick, and any hash will do where equal hashes are then compared by name.
    let hash = |name: &str| {
        name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
    };
    let mut name = String::new();
    let mut hashed: Vec<(u64, u32)> = (0..hosts.len() as u32)
        .map(|h| {
            write(h, &mut name);
            (hash(&name), h)
        })
        .collect();
    hashed.sort_unstable();
    hashed.chunk_by(|a, b| a.0 == b.0).filter(|same| same.len() > 1).any(|same| {
        let mut names: Vec<String> = same
            .iter()
            .map(|&(_, h)| {
                write(h, &mut name);
                name.clone()
            })
            .collect();
        names.sort_unstable();
        names.windows(2).any(|w| w[0] == w[1])
    })
}

/// The calendar is one a calendar program reads as written: CRLF line ends only, lines
/// of at most 75 octets, no control character in a value, and no property the exporter
/// does not write (so no text can have started one).
pub fn check_ics(text: &str) -> Result<(), String> {
    const WRITTEN: [&str; 14] = [
        "SEQUENCE",
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "X-WR-CALNAME",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "DESCRIPTION",
    ];
    if !text.ends_with("\r\n") || text.replace("\r\n", "").contains(['\r', '\n']) {
        return Err("a bare CR or LF in the calendar".into());
    }
    if let Some(line) = text.split("\r\n").find(|l| l.len() > 75) {
        return Err(format!("a calendar line of {} octets", line.len()));
    }
    for line in text.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()) {
        let name = line.split([':', ';']).next().unwrap_or_default();
        if !WRITTEN.contains(&name) {
            return Err(format!("a calendar property the exporter never writes: {name:?}"));
        }
        if line.chars().any(char::is_control) {
            return Err(format!("a control character in {name}"));
        }
        if name == "UID" && !line[4..].chars().all(|c| c.is_ascii_alphanumeric() || "-.@".contains(c)) {
            return Err(format!("an unsafe UID: {line}"));
        }
    }
    Ok(())
}

/// Every cell of a CSV export reads back, and none starts as a spreadsheet formula.
pub fn check_csv(text: &str) -> Result<(), String> {
    let body = text.strip_prefix('\u{feff}').ok_or("the CSV has no byte-order mark")?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(body.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|e| format!("the CSV does not read back: {e}"))?;
        if let Some(cell) = record.iter().find(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r'])) {
            return Err(format!("a CSV cell a spreadsheet would run: {cell:?}"));
        }
    }
    Ok(())
}

/// Plans a scenario that came from anywhere and checks everything that follows from it:
/// the plan, its exports in both languages, and that the scenario reads back exactly from
/// its own file and link.
pub fn exercise_scenario(scenario: &Scenario) -> Result<(), String> {
    for lang in [Lang::En, Lang::Ja] {
        let Ok(plan) = Plan::make_in(scenario, lang) else { return Ok(()) };
        check_plan(scenario, &plan)?;
        if lang == Lang::En {
            check_forecast(scenario, &plan)?;
        }
        check_ics(&export::calendar::ics(&plan, lang))?;
        check_csv(&export::csv::batches(&plan, lang))?;
        if plan.expanded.hosts.len() <= EXPORT_HOSTS {
            check_csv(&export::csv::hosts(&plan, lang))?;
            let _ = export::json::plan(&plan);
        }
    }
    let saved = scenario.to_json();
    if Scenario::from_json(&saved).as_ref() != Ok(scenario) {
        return Err("a valid scenario does not read back from its own file".into());
    }
    if let Ok(link) = share::to_fragment(scenario) {
        if share::from_fragment(&link).as_ref() != Ok(scenario) {
            return Err("a valid scenario does not read back from its own link".into());
        }
    }
    Ok(())
}

/// A forecast of the plan (at most 64 trials) keeps its own order: each date's 50 % no
/// later than its 85 %, no later than its 95 %; chances between 0 and 1; the curve and the
/// band never going back; no more trials than asked; and with nothing varying, the plan's
/// own expected finish.
pub fn check_forecast(scenario: &Scenario, plan: &Plan) -> Result<(), String> {
    use crate::forecast::{forecast, Dates, ForecastError, Settings};
    let settings = Settings { trials: scenario.forecast.trials.min(64), ..scenario.forecast.clone() };
    let f = match forecast(scenario, plan, &settings) {
        Ok(f) => f,
        Err(ForecastError::Halted) if plan.tracking.as_ref().is_some_and(|t| !t.halts.is_empty()) => {
            return Ok(())
        }
        Err(e) => return Err(format!("a plan that was made gives no forecast: {e:?}")),
    };
    let ordered = |what: &str, d: &Dates| {
        if d.p50 <= d.p85 && d.p85 <= d.p95 {
            Ok(())
        } else {
            Err(format!("the forecast's {what}: 50 % {} after 85 % {} or 95 % {}", d.p50, d.p85, d.p95))
        }
    };
    ordered("finish", &f.finish)?;
    if let Some(d) = &f.internet_facing {
        ordered("internet-facing hosts", d)?;
    }
    for t in &f.targets {
        if !(0.0..=1.0).contains(&t.probability) {
            return Err(format!("target {}: a chance of {}", t.label, t.probability));
        }
        if let Some(d) = &t.dates {
            ordered(&t.label, d)?;
        }
    }
    if f.trials == 0 || f.trials > settings.trials {
        return Err(format!("{} trials run of {} asked", f.trials, settings.trials));
    }
    if f.curve.windows(2).any(|w| w[1].0 < w[0].0) || f.band.iter().any(|b| b.p10 > b.p50 || b.p50 > b.p90) {
        return Err("the forecast's curve or band goes back".into());
    }
    let still = f.spread_percent == 0.0 && f.failure_rate_percent.is_none() && f.lost_window_percent == 0.0;
    if still && plan.tracking.is_none() && f.finish.p95 != plan.summary.expected_end {
        return Err(format!(
            "with nothing varying the forecast ends at {}, the plan at {}",
            f.finish.p95, plan.summary.expected_end
        ));
    }
    Ok(())
}

/// The scenario in a file's bytes, as the page and the command line read them.
pub fn scenario_from_file(bytes: &[u8]) -> Option<Scenario> {
    Scenario::from_bytes(bytes).ok()
}

/// The scenario in a link's fragment, as the page reads it on arrival.
pub fn scenario_from_link(bytes: &[u8]) -> Option<Scenario> {
    share::from_fragment(&String::from_utf8_lossy(bytes)).ok()
}

/// The sample with an inventory file's hosts in place of its groups; an error when the
/// decoder replaced characters rather than refusing the file.
pub fn scenario_from_inventory(
    bytes: &[u8],
    shift_jis: &dyn Fn(&[u8]) -> Option<String>,
) -> Result<Option<Scenario>, String> {
    let Ok(text) = inventory::decode(bytes, shift_jis) else { return Ok(None) };
    if text.contains('\u{fffd}') && !String::from_utf8_lossy(bytes).contains('\u{fffd}') {
        return Err("the inventory decoder replaced characters".into());
    }
    // As the page imports into the sample: its advisory names the editions.
    let tokyo = |_: &str| Some("Asia/Tokyo".to_string());
    let advisory = crate::advisory::presets::ms05_021();
    let edition_id = |edition: &str| advisory.edition_named(edition);
    let editions = crate::workspace::inventory_editions(&advisory);
    let known = inventory::Known { zone_of: &tokyo, edition_id: &edition_id, editions: &editions };
    let Ok(inventory) = inventory::parse(&text, &known) else { return Ok(None) };
    let mut scenario = Scenario::sample();
    scenario.fleet.groups = inventory.groups;
    // The sets its `set` column names, as the page makes them: one down at a time.
    crate::workspace::add_sets(&mut scenario, inventory.sets);
    Ok(Some(scenario))
}

/// A scenario file's bytes, read and exercised.
pub fn exercise_file(bytes: &[u8]) -> Result<(), String> {
    scenario_from_file(bytes).map_or(Ok(()), |s| exercise_scenario(&s))
}

/// A link's fragment, read and exercised.
pub fn exercise_link(bytes: &[u8]) -> Result<(), String> {
    scenario_from_link(bytes).map_or(Ok(()), |s| exercise_scenario(&s))
}

/// An inventory file, imported into the sample in place of its groups, then exercised.
pub fn exercise_inventory(bytes: &[u8], shift_jis: &dyn Fn(&[u8]) -> Option<String>) -> Result<(), String> {
    scenario_from_inventory(bytes, shift_jis)?.map_or(Ok(()), |s| exercise_scenario(&s))
}

/// Form edits applied to the workspace one by one, as the page applies keystrokes: the
/// field shows what was typed, and whatever plan is on screen keeps every promise.
pub fn exercise_edits(edits: &[(Field, String)]) -> Result<(), String> {
    let mut w = std::rc::Rc::new(Workspace::default());
    // Edits of an availability set start from one (of the first group, one down at a time).
    if edits.iter().any(|(f, _)| matches!(f, Field::Set(..))) {
        w = w.apply(Action::Change(crate::form::Change::AddSet));
    }
    for (field, text) in edits {
        // Text that is not a value is kept as typed, beside its message.
        let accepted = field.set(&mut (*w.scenario).clone(), text).is_ok();
        w = w.apply(Action::Edit(*field, text.clone()));
        if !accepted && w.text(*field) != *text {
            return Err(format!("{} lost what was typed", field.path()));
        }
    }
    if let Some(planned) = &w.planned {
        check_plan(&planned.scenario, &planned.plan)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_given_twice_is_found() {
        let mut plan = Plan::make(&Scenario::sample()).unwrap();
        assert!(!has_duplicate_name(&plan));
        // A host of the second group named as the first group names its fourth host.
        let taken = plan.fleet.groups[0].host_name(3);
        let group = &mut plan.fleet.groups[1];
        group.host_names =
            (0..group.hosts).map(|i| if i == 5 { taken.clone() } else { format!("mx-{i}") }).collect();
        assert!(has_duplicate_name(&plan));
        assert_eq!(check_plan(&Scenario::sample(), &plan), Err("a host name is patched twice".into()));
    }
}
