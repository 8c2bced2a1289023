//! IANA time zones for the plan, small enough for the browser.
//!
//! Plans look forward, so a zone only needs its current rule: for almost every zone that is
//! the POSIX `TZ` string at the end of its tz database file, kept in `time_zone/zones.txt`
//! (about 17 KB for all ~600 names). The few zones whose coming years follow no single
//! repeating rule (Ramadan-dependent DST in Morocco and Palestine) also list their explicit
//! future transitions. Each entry also says from which year it is exact: a zone whose rule
//! changed (US daylight saving in 2007, Mexico's end of it in 2022) is right only after the
//! change, and plans starting earlier are refused rather than placed an hour off.
//! `tests/time_zone_table.rs` checks every zone against the system's tz database at each
//! transition and day from that year to twenty years ahead, and regenerates the table.
//!
//! Times here are minutes since the Unix epoch; offsets are seconds east of UTC.

use std::cell::Cell;

use thiserror::Error;

use crate::i18n::Localized;

use crate::civil::{days_in_month, Date, DAY};

/// `name since rule` per line, or `name since rule @utc_seconds:offset_seconds,hours:
/// offset_seconds,…` for irregular zones, each transition after the first given as the
/// hours since the one before (a third of the text, and 1.6 KiB less of the page gzipped);
/// `since` is the first year the entry is exact.
const ZONES: &str = include_str!("time_zone/zones.txt");

/// What can be wrong with a time-zone name.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum TimeZoneError {
    /// The name is not an IANA time zone this build knows.
    #[error("unknown time zone \"{0}\" (use an IANA name such as Asia/Tokyo or Europe/Berlin)")]
    Unknown(String),
    /// The table holds a rule that does not parse: a bug in the shipped data.
    #[error("the rule for time zone \"{0}\" is damaged")]
    Damaged(String),
}

/// When a daylight-saving change happens in a year (POSIX `Mm.w.d`, `Jn` or `n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleDay {
    /// Month 1–12, week 1–5 (5 = last), weekday 0–6 (0 = Sunday).
    MonthWeekDay(u8, u8, u8),
    /// Day 1–365, never counting February 29.
    JulianNoLeap(u16),
    /// Day 0–365, counting February 29.
    Julian(u16),
}

impl RuleDay {
    fn date(self, year: i32) -> Date {
        let jan1 = || Date::new(year, 1, 1).expect("supported year");
        match self {
            RuleDay::MonthWeekDay(m, w, d) => {
                let first = Date::new(year, m, 1).expect("valid month");
                // Weekday of the first as 0 = Sunday.
                let first_dow = (first.weekday().index() + 1) % 7;
                let mut day = 1 + (7 + d - first_dow) % 7 + 7 * (w - 1);
                while day > days_in_month(year, m) {
                    day -= 7;
                }
                Date::new(year, m, day).expect("within the month")
            }
            RuleDay::JulianNoLeap(n) => {
                let leap_shift = i64::from(n >= 60 && days_in_month(year, 2) == 29);
                jan1().add_days(i64::from(n) - 1 + leap_shift)
            }
            RuleDay::Julian(n) => jan1().add_days(i64::from(n)),
        }
    }
}

/// Daylight-saving part of a POSIX rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dst {
    offset: i32,
    start: RuleDay,
    /// Local (standard) time of day of the start, in seconds (may be negative or past 24h).
    start_time: i32,
    end: RuleDay,
    /// Local (daylight) time of day of the end, in seconds.
    end_time: i32,
}

/// A POSIX `TZ` rule: a standard offset and an optional yearly daylight-saving period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    std_offset: i32,
    dst: Option<Dst>,
}

/// A parser over a POSIX `TZ` string.
struct Posix<'a> {
    rest: &'a str,
}

impl Posix<'_> {
    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    fn name(&mut self) -> Option<()> {
        if self.eat('<') {
            let end = self.rest.find('>')?;
            self.rest = &self.rest[end + 1..];
        } else {
            let len = self.rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            if len < 3 {
                return None;
            }
            self.rest = &self.rest[len..];
        }
        Some(())
    }

    fn number(&mut self) -> Option<i32> {
        let len = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        // Read as i64, the one whole-number reader the page keeps.
        let n = i32::try_from(self.rest[..len].parse::<i64>().ok()?).ok()?;
        self.rest = &self.rest[len..];
        Some(n)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    fn hms(&mut self) -> Option<i32> {
        let sign = if self.eat('-') {
            -1
        } else {
            self.eat('+');
            1
        };
        let mut seconds = self.number()? * 3600;
        if self.eat(':') {
            seconds += self.number()? * 60;
            if self.eat(':') {
                seconds += self.number()?;
            }
        }
        Some(sign * seconds)
    }

    fn day(&mut self) -> Option<RuleDay> {
        if self.eat('M') {
            let m = self.number()?;
            self.eat('.').then_some(())?;
            let w = self.number()?;
            self.eat('.').then_some(())?;
            let d = self.number()?;
            ((1..=12).contains(&m) && (1..=5).contains(&w) && (0..=6).contains(&d))
                .then_some(RuleDay::MonthWeekDay(m as u8, w as u8, d as u8))
        } else if self.eat('J') {
            let n = self.number()?;
            (1..=365).contains(&n).then_some(RuleDay::JulianNoLeap(n as u16))
        } else {
            let n = self.number()?;
            (0..=365).contains(&n).then_some(RuleDay::Julian(n as u16))
        }
    }

    fn time(&mut self) -> Option<i32> {
        if self.eat('/') {
            self.hms()
        } else {
            Some(2 * 3600)
        }
    }

    fn rule(mut self) -> Option<Rule> {
        self.name()?;
        // POSIX offsets count west of UTC; ours count east.
        let std_offset = -self.hms()?;
        if self.rest.is_empty() {
            return Some(Rule { std_offset, dst: None });
        }
        self.name()?;
        let offset = if self.rest.starts_with(',') { std_offset + 3600 } else { -self.hms()? };
        self.eat(',').then_some(())?;
        let (start, start_time) = (self.day()?, self.time()?);
        self.eat(',').then_some(())?;
        let (end, end_time) = (self.day()?, self.time()?);
        self.rest
            .is_empty()
            .then_some(Rule { std_offset, dst: Some(Dst { offset, start, start_time, end, end_time }) })
    }
}

impl Rule {
    fn parse(text: &str) -> Option<Self> {
        Posix { rest: text }.rule()
    }

    /// The UTC seconds at which daylight saving starts and ends in local year `year`.
    fn dst_bounds(dst: &Dst, std_offset: i32, year: i32) -> DstYear {
        let at = |day: RuleDay, time: i32, offset: i32| {
            day.date(year).days() * 86_400 + i64::from(time) - i64::from(offset)
        };
        let new_year =
            |y: i32| Date::new(y, 1, 1).map_or(i64::MAX, |d| d.days() * 86_400 - i64::from(std_offset));
        DstYear {
            from: new_year(year),
            until: new_year(year + 1),
            start: at(dst.start, dst.start_time, std_offset),
            end: at(dst.end, dst.end_time, dst.offset),
        }
    }

    /// Offset in force at `utc` seconds; `cache` keeps the last year's bounds, since
    /// planning asks about the same few years again and again.
    fn offset_at(&self, utc: i64, cache: &Cell<Option<DstYear>>) -> i32 {
        let Some(dst) = &self.dst else { return self.std_offset };
        let bounds = match cache.get() {
            Some(b) if b.from <= utc && utc < b.until => b,
            _ => {
                let local_year =
                    Date::from_days((utc + i64::from(self.std_offset)).div_euclid(86_400)).year();
                let b = Self::dst_bounds(dst, self.std_offset, local_year);
                cache.set(Some(b));
                b
            }
        };
        let (start, end) = (bounds.start, bounds.end);
        let in_dst = if start < end { start <= utc && utc < end } else { utc < end || utc >= start };
        if in_dst {
            dst.offset
        } else {
            self.std_offset
        }
    }
}

/// Daylight saving's start and end (UTC seconds) in one local (standard-time) year, which
/// runs from `from` until `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DstYear {
    from: i64,
    until: i64,
    start: i64,
    end: i64,
}

/// A time zone: a yearly rule, and for irregular zones explicit transitions before it.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    /// The first year from which the table gives this zone's offsets exactly (earlier
    /// years followed other rules that the table does not carry).
    exact_since: i32,
    rule: Rule,
    /// (UTC seconds, offset from then on), ascending; the rule applies after the last.
    transitions: Vec<(i64, i32)>,
    /// The daylight-saving bounds of the year last asked about (not part of its identity).
    cache: Cell<Option<DstYear>>,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        (&self.name, self.exact_since, &self.rule, &self.transitions)
            == (&other.name, other.exact_since, &other.rule, &other.transitions)
    }
}

impl Eq for Zone {}

impl Zone {
    /// Coordinated Universal Time.
    pub fn utc() -> Self {
        Self {
            name: "UTC".into(),
            exact_since: i32::MIN,
            rule: Rule { std_offset: 0, dst: None },
            transitions: Vec::new(),
            cache: Cell::new(None),
        }
    }

    /// The first year from which this zone's times are exact.
    pub fn exact_since(&self) -> i32 {
        self.exact_since
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Offset east of UTC, in seconds, at `utc` seconds since the epoch.
    pub fn offset_seconds(&self, utc: i64) -> i32 {
        match self.transitions.partition_point(|(t, _)| *t <= utc) {
            // Before the listed transitions, and after the last, the yearly rule holds.
            0 => self.rule.offset_at(utc, &self.cache),
            i if i < self.transitions.len() => self.transitions[i - 1].1,
            _ => self.rule.offset_at(utc, &self.cache),
        }
    }

    /// Offset east of UTC, in minutes, at `utc` minutes.
    pub fn offset_minutes(&self, utc: i64) -> i64 {
        i64::from(self.offset_seconds(utc * 60)) / 60
    }

    /// Local wall-clock minutes for `utc` minutes.
    pub fn to_local(&self, utc: i64) -> i64 {
        utc + self.offset_minutes(utc)
    }

    /// UTC minutes for local wall-clock minutes. A time in a gap (clocks jumping forward)
    /// moves forward by the gap; a time that occurs twice (clocks going back) takes the
    /// first. This is the "compatible" rule of RFC 5545 and Temporal.
    pub fn to_utc(&self, local: i64) -> i64 {
        let before = self.offset_minutes(local - DAY);
        let after = self.offset_minutes(local + DAY);
        let fits = |offset: i64| self.offset_minutes(local - offset) == offset;
        match (fits(before), fits(after)) {
            (true, true) => (local - before).min(local - after),
            (true, false) => local - before,
            (false, true) => local - after,
            (false, false) => local - before,
        }
    }
}

/// The tz database release the table was made from.
pub fn tzdata_version() -> &'static str {
    ZONES.lines().next().and_then(|l| l.strip_prefix("# tzdata ")).unwrap_or("unknown")
}

/// Every zone name the table knows, in the table's (sorted) order.
pub fn names() -> impl Iterator<Item = &'static str> {
    entries().map(|(name, _)| name)
}

fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    ZONES.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once(' '))
}

/// The table's entries sorted by name, read once: a lookup is a binary search, so checking
/// a fleet of many groups does not scan the table for each.
fn sorted_entries() -> &'static [(&'static str, &'static str)] {
    static SORTED: std::sync::OnceLock<Vec<(&str, &str)>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut all: Vec<_> = entries().collect();
        all.sort_unstable_by_key(|(name, _)| *name);
        all
    })
}

/// Looks up an IANA zone by name ("UTC" included).
pub fn zone(name: &str) -> Result<Zone, TimeZoneError> {
    let name = name.trim();
    if matches!(name, "UTC" | "Etc/UTC" | "Z") {
        return Ok(Zone::utc());
    }
    let sorted = sorted_entries();
    let entry = sorted.binary_search_by_key(&name, |(n, _)| n).ok().map(|i| sorted[i].1);
    zone_from_entry(name, entry.ok_or_else(|| TimeZoneError::Unknown(name.to_string()))?)
}

/// Builds a zone from a table entry: the first year its rule is exact, a POSIX rule, and
/// optionally ` @utc_seconds:offset_seconds,hours:offset_seconds,…` explicit transitions
/// (see [`ZONES`]).
pub fn zone_from_entry(name: &str, entry: &str) -> Result<Zone, TimeZoneError> {
    let damaged = || TimeZoneError::Damaged(name.to_string());
    let (since, entry) = entry.split_once(' ').ok_or_else(damaged)?;
    let exact_since = since.parse::<i64>().ok().and_then(|y| i32::try_from(y).ok()).ok_or_else(damaged)?;
    let (rule, explicit) = entry.split_once(" @").unwrap_or((entry, ""));
    let mut at: Option<i64> = None;
    let transitions = explicit
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (time, offset) = t.split_once(':')?;
            let time: i64 = time.parse().ok()?;
            let utc = match at {
                None => time,
                Some(previous) => previous.checked_add(time.checked_mul(3600)?)?,
            };
            at = Some(utc);
            Some((utc, i32::try_from(offset.parse::<i64>().ok()?).ok()?))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(damaged)?;
    Ok(Zone {
        name: name.to_string(),
        exact_since,
        rule: Rule::parse(rule).ok_or_else(damaged)?,
        transitions,
        cache: Cell::new(None),
    })
}

impl Localized for TimeZoneError {
    fn ja(&self) -> String {
        match self {
            Self::Unknown(n) => {
                format!("タイムゾーン「{n}」は不明です（Asia/Tokyo や Europe/Berlin のような IANA 名を使ってください）")
            }
            Self::Damaged(n) => format!("タイムゾーン「{n}」の規則が壊れています"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::{DateTime, Time};

    #[test]
    fn explicit_transitions_count_hours_from_the_one_before() {
        let zone = zone_from_entry("Test/Zone", "2026 <+01>-1 @1767225600:3600,1082:0,840:3600").unwrap();
        let first = 1_767_225_600;
        let second = first + 1082 * 3600;
        let third = second + 840 * 3600;
        assert_eq!(zone.offset_seconds(second - 1), 3600);
        assert_eq!(zone.offset_seconds(second), 0);
        assert_eq!(zone.offset_seconds(third - 1), 0);
        assert_eq!(zone.offset_seconds(third), 3600);
        for damaged in [
            "2026 UTC0 @1:0,x:0",
            "2026 UTC0 @9223372036854775807:0,1:0",
            "2026 UTC0 @0:0,9223372036854775807:0",
        ] {
            assert_eq!(
                zone_from_entry("Test/Zone", damaged),
                Err(TimeZoneError::Damaged("Test/Zone".into())),
                "{damaged}"
            );
        }
    }

    fn local(text: &str) -> i64 {
        text.parse::<DateTime>().unwrap().0
    }

    #[test]
    fn tokyo_has_no_daylight_saving() {
        let tz = zone("Asia/Tokyo").unwrap();
        for month in 1..=12 {
            let noon = DateTime::new(Date::new(2027, month, 15).unwrap(), Time::new(12, 0).unwrap()).0;
            assert_eq!(tz.to_local(tz.to_utc(noon)) - tz.to_utc(noon), 9 * 60);
        }
    }

    #[test]
    fn new_york_gaps_move_forward_and_folds_take_the_first() {
        let tz = zone("America/New_York").unwrap();
        // 2027-03-14 02:30 does not exist: it becomes 03:30 EDT (07:30 UTC).
        assert_eq!(tz.to_utc(local("2027-03-14T02:30")), local("2027-03-14T07:30"));
        // 2027-11-07 01:30 happens twice: the first is EDT (05:30 UTC).
        assert_eq!(tz.to_utc(local("2027-11-07T01:30")), local("2027-11-07T05:30"));
        assert_eq!(tz.offset_minutes(local("2027-07-01T12:00")), -4 * 60);
        assert_eq!(tz.offset_minutes(local("2027-01-01T12:00")), -5 * 60);
    }

    #[test]
    fn unknown_names_are_refused_with_the_name() {
        let err = zone("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(err, TimeZoneError::Unknown("Mars/Olympus_Mons".into()));
        assert!(err.to_string().contains("Mars/Olympus_Mons"));
    }

    #[test]
    fn every_rule_in_the_table_parses() {
        for name in names() {
            zone(name).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(names().count() > 500);
        assert_eq!(zone("UTC").unwrap(), Zone::utc());
    }

    #[test]
    fn posix_rules_with_odd_times_parse() {
        const HOUR: i32 = 3600;
        // Gaza's rule: changes at hour 50 of a Thursday; Greenland's at hour −1.
        let gaza = Rule::parse("EET-2EEST,M3.4.4/50,M10.4.4/50").unwrap();
        assert_eq!(gaza.std_offset, 2 * HOUR);
        let dst = gaza.dst.unwrap();
        assert_eq!((dst.offset, dst.start_time, dst.end_time), (3 * HOUR, 50 * HOUR, 50 * HOUR));
        assert_eq!((dst.start, dst.end), (RuleDay::MonthWeekDay(3, 4, 4), RuleDay::MonthWeekDay(10, 4, 4)));
        let greenland = Rule::parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0").unwrap();
        assert_eq!(greenland.std_offset, -2 * HOUR);
        let dst = greenland.dst.unwrap();
        assert_eq!((dst.offset, dst.start_time, dst.end_time), (-HOUR, -HOUR, 0));
        assert_eq!(dst.start, RuleDay::MonthWeekDay(3, 5, 0));
        let nepal = Rule::parse("<+0545>-5:45").unwrap();
        assert_eq!((nepal.std_offset, nepal.dst), (5 * HOUR + 45 * 60, None));
        assert!(Rule::parse("EST5EDT").is_none(), "DST without a rule is refused");
        assert!(Rule::parse("XX").is_none());
    }
}
