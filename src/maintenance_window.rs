//! Maintenance windows: when each site may be patched.
//!
//! A window recurs weekly on chosen days, or monthly on the n-th weekday plus an offset in
//! days ("second Tuesday + 3 days"). Its start and length are wall-clock times in the site's
//! time zone, so a window of 22:00–04:00 stays 22:00–04:00 across daylight-saving changes
//! (and lasts an hour more or less that night). Blackout dates cancel the windows that
//! start on them. Occurrences are produced in UTC minutes for the scheduler.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::civil::{Date, Time, Weekday, DAY};
use crate::i18n::Localized;
use crate::time_zone::Zone;

/// Longest window accepted: a week.
pub const MAX_WINDOW_MINUTES: u32 = 7 * 24 * 60;

/// A day of the week, as written in scenario files (`mon` … `sun`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: [Day; 7] = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    fn weekday(self) -> Weekday {
        Weekday::from_index(self as i64)
    }
}

/// Which week of the month, for monthly windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    /// Only in months that have a fifth such weekday.
    Fifth,
    Last,
}

/// How a window repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "RawRecurrence")]
pub enum Recurrence {
    /// Every week on these days.
    Week { days: Vec<Day> },
    /// Every month on the n-th `day`, moved by `offset_days` (e.g. second Tuesday + 3).
    Month { nth: Nth, day: Day, offset_days: i16 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Every {
    Week,
    Month,
}

/// A recurrence as written in a file: one flat object whose `every` says which fields
/// belong to it. Read through this rather than an internally tagged enum, which refuses
/// a field of the other kind less precisely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecurrence {
    every: Every,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<Vec<Day>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nth: Option<Nth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    offset_days: Option<i16>,
}

/// The fields that only one kind of recurrence reads.
pub const KIND_FIELDS: [&str; 4] = ["days", "nth", "day", "offset_days"];

impl<'de> Deserialize<'de> for Recurrence {
    /// Reads a [`RawRecurrence`]; a field the kind needs and lacks is missing, and one that
    /// belongs to the other kind is refused as unknown here, with the fields that are known.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawRecurrence::deserialize(deserializer)?;
        let given = [raw.days.is_some(), raw.nth.is_some(), raw.day.is_some(), raw.offset_days.is_some()];
        let fields: &'static [&'static str] = match raw.every {
            Every::Week => &["every", "days"],
            Every::Month => &["every", "nth", "day", "offset_days"],
        };
        if let Some((field, _)) = KIND_FIELDS.iter().zip(given).find(|(f, g)| *g && !fields.contains(f)) {
            return Err(de::Error::unknown_field(field, fields));
        }
        Ok(match raw.every {
            Every::Week => {
                Recurrence::Week { days: raw.days.ok_or_else(|| de::Error::missing_field("days"))? }
            }
            Every::Month => Recurrence::Month {
                nth: raw.nth.ok_or_else(|| de::Error::missing_field("nth"))?,
                day: raw.day.ok_or_else(|| de::Error::missing_field("day"))?,
                offset_days: raw.offset_days.unwrap_or(0),
            },
        })
    }
}

impl From<Recurrence> for RawRecurrence {
    fn from(r: Recurrence) -> Self {
        match r {
            Recurrence::Week { days } => RawRecurrence {
                every: Every::Week,
                days: Some(days),
                nth: None,
                day: None,
                offset_days: None,
            },
            Recurrence::Month { nth, day, offset_days } => RawRecurrence {
                every: Every::Month,
                days: None,
                nth: Some(nth),
                day: Some(day),
                offset_days: Some(offset_days),
            },
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A recurring maintenance window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub name: String,
    pub recurrence: Recurrence,
    /// Local start time, `HH:MM`.
    pub start: String,
    pub length_minutes: u32,
    /// Minutes at the end of each opening kept free to back out a failed install: no batch
    /// may still run in them (Configuration Manager keeps five, Azure Update Manager 15).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub backout_reserve_minutes: u32,
    /// Sites it applies to; empty means every site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
}

/// What can be wrong with a window or a blackout date.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum WindowError {
    #[error("the window needs a name")]
    NoName,
    /// A weekly window with no day never opens.
    #[error("choose at least one day of the week")]
    NoDays,
    #[error("\"{0}\" is not a time of day (use HH:MM, such as 22:00)")]
    BadStart(String),
    #[error("the length must be between 1 minute and {MAX_WINDOW_MINUTES} minutes (got {0})")]
    BadLength(u32),
    #[error("the offset must be between -27 and 27 days (got {0})")]
    BadOffset(i16),
    /// Shorter than the cautious time to patch a single host.
    #[error("{length} minutes is too short: even one host needs {needed} minutes (cautious)")]
    TooShort { length: u32, needed: u32 },
    /// The back-out reserve takes the whole window, or leaves too little for one host.
    #[error("a {reserve}-minute reserve leaves {left} minutes of the window: even one host needs {needed} minutes (cautious)")]
    ReserveTooLong { reserve: u32, left: u32, needed: u32 },
    #[error("a {reserve}-minute reserve takes the whole {length}-minute window")]
    ReserveWholeWindow { reserve: u32, length: u32 },
    #[error("\"{0}\" is not a date (use YYYY-MM-DD)")]
    BadDate(String),
    /// A blackout that is not a date, a range of dates, or either for some sites.
    #[error("\"{0}\" is not a blackout: write a date (2026-12-31), a range (2026-12-28..2027-01-04), and after either @ and the sites it is for (@ Tokyo, Osaka)")]
    BadBlackout(String),
    /// A range whose end comes before its start, or longer than a year.
    #[error("a blackout runs from its first date to its last, at most {MAX_BLACKOUT_DAYS} days (got {0})")]
    BadRange(String),
}

/// Two windows that are open at once at a site, first on `date` (local): their openings
/// are joined into one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Overlap {
    pub first: String,
    pub second: String,
    pub date: String,
    pub site: String,
}

/// A window with its start time parsed, ready to generate occurrences.
#[derive(Clone, Debug)]
struct Parsed<'a> {
    window: &'a Window,
    index: u16,
    start: Time,
}

/// One opening at one site, in minutes since the Unix epoch (UTC): of one window, or of
/// several whose openings overlap, joined into one longer opening as Configuration
/// Manager treats overlapping windows. (Openings that only touch stay apart: the per-site
/// limit counts each.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub start: i64,
    pub end: i64,
    /// Minutes before `end` kept free to back out (of the window that closes it).
    pub reserve: i64,
    /// Index of the window in the scenario (the first to open, when several are joined).
    pub window: u16,
    /// The last other window joined into this opening (`window` itself when none was).
    pub joined: u16,
}

impl Occurrence {
    /// When the last batch of the opening must have ended: its end, less its back-out
    /// reserve.
    pub fn close(&self) -> i64 {
        self.end - self.reserve
    }

    pub fn minutes(&self) -> i64 {
        self.end - self.start
    }
}

/// Parses `HH:MM`.
pub fn parse_time(text: &str) -> Result<Time, WindowError> {
    text.trim().parse::<Time>().map_err(|_| WindowError::BadStart(text.to_string()))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, WindowError> {
    text.trim().parse::<Date>().map_err(|_| WindowError::BadDate(text.to_string()))
}

/// Longest blackout range accepted: a year.
pub const MAX_BLACKOUT_DAYS: i64 = 366;

/// Local dates on which no window opens: one date or a range, everywhere or at some sites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blackout {
    pub first: Date,
    pub last: Date,
    /// The sites it is for; empty for every site.
    pub sites: Vec<String>,
}

/// Reads a blackout as a scenario writes it: `2026-12-31`, `2026-12-28..2027-01-04`, and
/// either followed by `@` and the sites it is for (`2026-12-31 @ Tokyo, Osaka`).
pub fn parse_blackout(text: &str) -> Result<Blackout, WindowError> {
    let bad = || WindowError::BadBlackout(text.to_string());
    let (dates, sites) = match text.split_once('@') {
        Some((dates, sites)) => {
            let sites: Vec<String> =
                sites.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            if sites.is_empty() {
                return Err(bad());
            }
            (dates, sites)
        }
        None => (text, Vec::new()),
    };
    let date = |t: &str| t.trim().parse::<Date>().map_err(|_| bad());
    let (first, last) = match dates.split_once("..") {
        Some((first, last)) => (date(first)?, date(last)?),
        None if sites.is_empty() => {
            let day = parse_date(dates)?;
            (day, day)
        }
        None => (date(dates)?, date(dates)?),
    };
    let days = last.days() - first.days() + 1;
    if !(1..=MAX_BLACKOUT_DAYS).contains(&days) {
        return Err(WindowError::BadRange(dates.trim().to_string()));
    }
    Ok(Blackout { first, last, sites })
}

/// The blackout dates of each site, sorted, for looking a day up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blackouts {
    everywhere: Vec<Date>,
    /// Each site named by some blackout, with its dates and the everywhere ones.
    by_site: Vec<(String, Vec<Date>)>,
}

impl Blackouts {
    pub fn new(blackouts: &[Blackout]) -> Self {
        let days = |b: &Blackout| (b.first.days()..=b.last.days()).map(Date::from_days);
        let mut everywhere: Vec<Date> =
            blackouts.iter().filter(|b| b.sites.is_empty()).flat_map(days).collect();
        everywhere.sort_unstable();
        everywhere.dedup();
        let mut by_site: Vec<(String, Vec<Date>)> = Vec::new();
        for b in blackouts.iter().filter(|b| !b.sites.is_empty()) {
            for site in &b.sites {
                let at = match by_site.iter().position(|(s, _)| s == site) {
                    Some(at) => at,
                    None => {
                        by_site.push((site.clone(), everywhere.clone()));
                        by_site.len() - 1
                    }
                };
                by_site[at].1.extend(days(b));
            }
        }
        for (_, dates) in &mut by_site {
            dates.sort_unstable();
            dates.dedup();
        }
        Self { everywhere, by_site }
    }

    /// The dates no window opens on at `site`, sorted.
    pub fn at(&self, site: &str) -> &[Date] {
        self.by_site.iter().find(|(s, _)| s == site).map_or(&self.everywhere, |(_, dates)| dates)
    }
}

/// "s" after a count other than one.
fn plural(n: u16) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Day {
    /// The day's short name: `Tue` / `火`.
    pub fn short(self, lang: crate::i18n::Lang) -> &'static str {
        const NAMES: [(&str, &str); 7] = [
            ("Mon", "月"),
            ("Tue", "火"),
            ("Wed", "水"),
            ("Thu", "木"),
            ("Fri", "金"),
            ("Sat", "土"),
            ("Sun", "日"),
        ];
        let (en, ja) = NAMES[self as usize];
        lang.pick(en, ja)
    }
}

impl Window {
    /// When the window opens, in a sentence a change board reads: `Mon–Fri 22:00 for 5 h
    /// (Tokyo, Osaka)`, `3 days after the second Tue of each month, 12:00 for 1 h`.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        let when = match &self.recurrence {
            Recurrence::Week { days } => {
                let mut days = days.clone();
                days.sort_by_key(|d| *d as usize);
                days.dedup();
                let run = days.len() > 2 && days.windows(2).all(|w| w[1] as usize == w[0] as usize + 1);
                match (days.len(), run) {
                    (7, _) => lang.pick("every day", "毎日").to_string(),
                    (_, true) => {
                        let (first, last) = (days[0].short(lang), days[days.len() - 1].short(lang));
                        format!("{first}{}{last}", lang.pick("–", "〜"))
                    }
                    _ => days.iter().map(|d| d.short(lang)).collect::<Vec<_>>().join(lang.pick(", ", "・")),
                }
            }
            Recurrence::Month { nth, day, offset_days } => {
                let (en, ja) = match nth {
                    Nth::First => ("first", "第1"),
                    Nth::Second => ("second", "第2"),
                    Nth::Third => ("third", "第3"),
                    Nth::Fourth => ("fourth", "第4"),
                    Nth::Fifth => ("fifth", "第5"),
                    Nth::Last => ("last", "最終"),
                };
                let (n, d) = (offset_days.unsigned_abs(), day.short(lang));
                match (lang, offset_days.signum()) {
                    (Lang::En, 0) => format!("the {en} {d} of each month"),
                    (Lang::En, 1) => format!("{n} day{} after the {en} {d} of each month", plural(n)),
                    (Lang::En, _) => format!("{n} day{} before the {en} {d} of each month", plural(n)),
                    (Lang::Ja, 0) => format!("毎月{ja}{d}曜日"),
                    (Lang::Ja, 1) => format!("毎月{ja}{d}曜日の{n}日後"),
                    (Lang::Ja, _) => format!("毎月{ja}{d}曜日の{n}日前"),
                }
            }
        };
        let length = crate::i18n::duration(i64::from(self.length_minutes), lang);
        let sites = match (lang, self.sites.is_empty()) {
            (_, true) => String::new(),
            (Lang::En, false) => format!(" ({})", self.sites.join(", ")),
            (Lang::Ja, false) => format!("（{}）", self.sites.join("、")),
        };
        match lang {
            Lang::En => format!("{when} {} for {length}{sites}", self.start),
            Lang::Ja => format!("{when} {}から{length}{sites}", self.start),
        }
    }

    /// Checks the window on its own; the field name comes with each error.
    pub fn check(&self) -> Result<(), (&'static str, WindowError)> {
        if self.name.trim().is_empty() {
            return Err(("name", WindowError::NoName));
        }
        match &self.recurrence {
            Recurrence::Week { days } if days.is_empty() => return Err(("recurrence", WindowError::NoDays)),
            Recurrence::Month { offset_days, .. } if offset_days.unsigned_abs() > 27 => {
                return Err(("recurrence", WindowError::BadOffset(*offset_days)))
            }
            _ => {}
        }
        parse_time(&self.start).map_err(|e| ("start", e))?;
        if self.length_minutes == 0 || self.length_minutes > MAX_WINDOW_MINUTES {
            return Err(("length_minutes", WindowError::BadLength(self.length_minutes)));
        }
        if self.backout_reserve_minutes >= self.length_minutes {
            let e = WindowError::ReserveWholeWindow {
                reserve: self.backout_reserve_minutes,
                length: self.length_minutes,
            };
            return Err(("backout_reserve_minutes", e));
        }
        Ok(())
    }

    pub fn applies_to(&self, site: &str) -> bool {
        self.sites.is_empty() || self.sites.iter().any(|s| s == site)
    }

    /// Whether the window opens on local date `date`.
    pub fn opens_on(&self, date: Date) -> bool {
        match &self.recurrence {
            Recurrence::Week { days } => days.iter().any(|d| d.weekday() == date.weekday()),
            Recurrence::Month { nth, day, offset_days } => {
                let base = date.add_days(-i64::from(*offset_days));
                if base.weekday() != day.weekday() {
                    return false;
                }
                let week = (base.day() - 1) / 7;
                match nth {
                    Nth::Last => base.day() + 7 > base.days_in_month(),
                    _ => week == *nth as u8,
                }
            }
        }
    }
}

/// Openings joined from overlapping windows last at most this long (four weeks): windows
/// that each overlap the next (a chain that never ends) make a run of four-week openings,
/// each with its own per-site limit, not one opening to the end of the calendar.
pub const MAX_JOINED_MINUTES: i64 = 28 * 24 * 60;

/// Generates, in time order, the openings of `windows` at one site that end after `from`.
///
/// Windows are checked first (see [`Window::check`]). Openings that overlap are joined
/// into one (see [`Occurrence`]).
pub struct Occurrences<'a> {
    /// Where the last opening was cut (see [`MAX_JOINED_MINUTES`]): what follows starts
    /// no earlier.
    floor: i64,
    parsed: Vec<Parsed<'a>>,
    tz: Zone,
    /// Sorted, so a day is looked up by binary search.
    blackouts: &'a [Date],
    date: Date,
    /// The openings of the days filled so far and not yet served, latest first.
    pending: Vec<Occurrence>,
    from: i64,
}

impl<'a> Occurrences<'a> {
    /// `windows` must already pass [`Window::check`]; those not for `site` are ignored.
    /// `blackouts` must be sorted.
    pub fn new(windows: &'a [Window], site: &str, tz: Zone, blackouts: &'a [Date], from: i64) -> Self {
        debug_assert!(blackouts.windows(2).all(|w| w[0] <= w[1]), "blackouts must be sorted");
        let parsed = windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.applies_to(site))
            .filter_map(|(i, w)| {
                Some(Parsed { window: w, index: i as u16, start: parse_time(&w.start).ok()? })
            })
            .collect();
        // Start a week early: a long window opened before `from` may still be open.
        let date = Date::from_days(tz.to_local(from).div_euclid(DAY) - 8);
        Self { floor: i64::MIN, parsed, tz, blackouts, date, pending: Vec::new(), from }
    }

    /// True when no window applies to the site at all.
    pub fn is_empty(&self) -> bool {
        self.parsed.is_empty()
    }

    fn fill_day(&mut self) -> bool {
        let date = self.date;
        if date.year() >= 9999 {
            return false;
        }
        self.date = date.add_days(1);
        if self.blackouts.binary_search(&date).is_ok() {
            return true;
        }
        for p in &self.parsed {
            if !p.window.opens_on(date) {
                continue;
            }
            let start_local = date.midnight() + p.start.minutes();
            let end_local = start_local + i64::from(p.window.length_minutes);
            let (start, end) = (self.tz.to_utc(start_local), self.tz.to_utc(end_local));
            if end > start {
                let reserve = i64::from(p.window.backout_reserve_minutes);
                self.pending.push(Occurrence { start, end, reserve, window: p.index, joined: p.index });
            }
        }
        // Served from the back: latest first in the vector, and of two at once the later
        // window first (so the earlier is served first).
        self.pending.sort_unstable_by_key(|o| (std::cmp::Reverse(o.start), o.window));
        true
    }

    /// The next opening of a single window, in time order. Windows open on a date start on
    /// that date, so days come in order: sorting within a day is enough.
    fn next_single(&mut self) -> Option<Occurrence> {
        loop {
            while self.pending.is_empty() {
                if !self.fill_day() {
                    return None;
                }
            }
            let mut o = self.pending.pop()?;
            // What a cut opening already covered is not opened twice.
            if o.end > self.floor {
                o.start = o.start.max(self.floor);
                return Some(o);
            }
        }
    }

    /// Whether the next single opening starts before `end`: to be joined to one ending
    /// then. Looks ahead a day at a time, and no further than an opening could reach.
    fn next_starts_before(&mut self, end: i64) -> bool {
        while self.pending.is_empty() {
            let beyond = self.tz.to_utc(self.date.midnight()) >= end;
            if beyond || !self.fill_day() {
                return false;
            }
        }
        self.pending.last().is_some_and(|o| o.start < end)
    }
}

impl Iterator for Occurrences<'_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        if self.parsed.is_empty() {
            return None;
        }
        loop {
            let mut opening = self.next_single()?;
            while opening.end - opening.start < MAX_JOINED_MINUTES && self.next_starts_before(opening.end) {
                let next = self.pending.pop().expect("looked at above");
                // The window that closes the opening keeps its reserve.
                opening.reserve = match next.end.cmp(&opening.end) {
                    std::cmp::Ordering::Greater => next.reserve,
                    std::cmp::Ordering::Equal => opening.reserve.max(next.reserve),
                    std::cmp::Ordering::Less => opening.reserve,
                };
                opening.end = opening.end.max(next.end);
                if next.window != opening.window {
                    opening.joined = next.window;
                }
            }
            if opening.end - opening.start > MAX_JOINED_MINUTES {
                opening.end = opening.start + MAX_JOINED_MINUTES;
                self.floor = opening.end;
            }
            if opening.end > self.from {
                return Some(opening);
            }
        }
    }
}

impl Localized for WindowError {
    fn ja(&self) -> String {
        match self {
            Self::NoName => "ウィンドウ名を入力してください".into(),
            Self::NoDays => "曜日を1つ以上選んでください".into(),
            Self::BadStart(t) => format!("「{t}」は時刻ではありません（22:00 のように HH:MM で入力）"),
            Self::BadLength(n) => format!("長さは1〜{MAX_WINDOW_MINUTES}分にしてください（入力: {n}）"),
            Self::BadOffset(n) => format!("日数のずれは-27〜27にしてください（入力: {n}）"),
            Self::TooShort { length, needed } => {
                format!("{length}分では短すぎます: 1台でも{needed}分（慎重値）かかります")
            }
            Self::ReserveWholeWindow { reserve, length } => {
                format!("切り戻しの余裕{reserve}分がウィンドウ（{length}分）全体を占めています")
            }
            Self::ReserveTooLong { reserve, left, needed } => {
                format!("切り戻しの余裕{reserve}分を除くとウィンドウは{left}分です: 1台でも{needed}分（慎重値）かかります")
            }
            Self::BadDate(t) => format!("「{t}」は日付ではありません（YYYY-MM-DD で入力）"),
            Self::BadBlackout(t) => format!(
                "「{t}」は作業禁止日ではありません。日付（2026-12-31）、期間（2026-12-28..2027-01-04）、どちらかの後に @ と対象サイト（@ Tokyo, Osaka）を書いてください"
            ),
            Self::BadRange(t) => {
                format!("作業禁止期間は最初の日から最後の日まで、{MAX_BLACKOUT_DAYS}日以内にしてください（入力: {t}）")
            }
        }
    }
}

/// The first opening at `site` within a year of `start` that joins two windows (their
/// openings overlap), if any: weekly, monthly and daylight-saving patterns all
/// repeat within a year. `blackouts` must be sorted.
pub fn joined_within_a_year(
    windows: &[Window],
    site: &str,
    tz: Zone,
    blackouts: &[Date],
    start: i64,
) -> Option<Overlap> {
    let until = start + OVERLAP_LOOKAHEAD_DAYS * 24 * 60;
    let date_of = |at: i64| Date::from_days(tz.to_local(at).div_euclid(DAY)).to_string();
    let joined = Occurrences::new(windows, site, tz.clone(), blackouts, start)
        .take_while(|o| o.start < until)
        .find(|o| o.joined != o.window)?;
    Some(Overlap {
        first: windows[usize::from(joined.window)].name.clone(),
        second: windows[usize::from(joined.joined)].name.clone(),
        date: date_of(joined.start),
        site: site.to_string(),
    })
}

/// The window that starts a run of openings at `site` lasting four weeks or more without a
/// break (windows that each overlap the next), if any within a year and a month of
/// `start`: weekly, monthly and daylight-saving patterns all repeat within a year.
/// Blackout dates are left out: they only break runs, and a run broken by them now may not
/// be later.
pub fn endless_chain(windows: &[Window], site: &str, tz: Zone, start: i64) -> Option<u16> {
    // Four weeks without a break need four weeks of openings: most windows have far less
    // (a weekly one opens at most five times in 28 days, a monthly one twice, each up to
    // an hour longer across a change of clocks), and are not read at all.
    let most_open: i64 = (windows.iter().filter(|w| w.applies_to(site)))
        .map(|w| {
            let times = match &w.recurrence {
                Recurrence::Week { days } => 4 * days.len() as i64 + 1,
                Recurrence::Month { .. } => 2,
            };
            times * (i64::from(w.length_minutes) + 60)
        })
        .sum();
    if most_open < MAX_JOINED_MINUTES {
        return None;
    }
    let until = start + OVERLAP_LOOKAHEAD_DAYS * 24 * 60;
    Occurrences::new(windows, site, tz, &[], start)
        .take_while(|o| o.start < until)
        .find(|o| o.minutes() >= MAX_JOINED_MINUTES)
        .map(|o| o.window)
}

/// How far ahead window openings are looked at for overlaps.
const OVERLAP_LOOKAHEAD_DAYS: i64 = 400;
#[cfg(test)]
mod tests {
    #[test]
    fn windows_read_as_a_sentence() {
        use crate::i18n::Lang;
        let week = |days: &[Day]| Window {
            name: "w".into(),
            recurrence: Recurrence::Week { days: days.to_vec() },
            start: "22:00".into(),
            length_minutes: 300,
            backout_reserve_minutes: 0,
            sites: Vec::new(),
        };
        let weeknights = week(&[Day::Fri, Day::Mon, Day::Tue, Day::Wed, Day::Thu]);
        assert_eq!(weeknights.describe(Lang::En), "Mon–Fri 22:00 for 5 h");
        assert_eq!(weeknights.describe(Lang::Ja), "月〜金 22:00から5時間");
        assert_eq!(week(&[Day::Sat, Day::Sun]).describe(Lang::En), "Sat, Sun 22:00 for 5 h");
        assert_eq!(week(&Day::ALL).describe(Lang::Ja), "毎日 22:00から5時間");
        let monthly = Window {
            recurrence: Recurrence::Month { nth: Nth::Second, day: Day::Tue, offset_days: 3 },
            start: "12:00".into(),
            length_minutes: 90,
            backout_reserve_minutes: 0,
            sites: vec!["Tokyo".into(), "Osaka".into()],
            ..weeknights
        };
        assert_eq!(
            monthly.describe(Lang::En),
            "3 days after the second Tue of each month 12:00 for 1 h 30 min (Tokyo, Osaka)"
        );
        assert_eq!(monthly.describe(Lang::Ja), "毎月第2火曜日の3日後 12:00から1時間30分（Tokyo、Osaka）");
    }

    use super::*;
    use crate::civil::DateTime;
    use crate::time_zone::zone;

    fn weekly(days: Vec<Day>, start: &str, length_minutes: u32) -> Window {
        Window {
            name: "w".into(),
            recurrence: Recurrence::Week { days },
            start: start.into(),
            length_minutes,
            backout_reserve_minutes: 0,
            sites: vec![],
        }
    }

    /// Local `YYYY-MM-DDTHH:MM` in `tz` as UTC minutes.
    fn at(tz: &str, local: &str) -> i64 {
        zone(tz).unwrap().to_utc(local.parse::<DateTime>().unwrap().0)
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn first_n(windows: &[Window], tz: &str, from: &str, n: usize) -> Vec<Occurrence> {
        Occurrences::new(windows, "S", zone(tz).unwrap(), &[], at(tz, from)).take(n).collect()
    }

    /// Weeknight windows of five days each overlap the next without end: reading them
    /// stops joining at four weeks (the next opening begins where the cut one ends) rather
    /// than at the end of the calendar, which a fuzzer found took over a second; the check
    /// refuses such windows ([`endless_chain`]), naming the window.
    #[test]
    fn windows_that_chain_for_ever_are_read_in_four_week_pieces_and_found() {
        let w = [weekly(vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri], "22:00", 7300)];
        let openings = first_n(&w, "Asia/Tokyo", "2026-12-07T09:00", 4);
        assert_eq!(openings.len(), 4);
        for pair in openings.windows(2) {
            assert_eq!(pair[0].minutes(), MAX_JOINED_MINUTES);
            assert_eq!(pair[1].start, pair[0].end, "each starts where the one before was cut");
        }
        let from = at("Asia/Tokyo", "2026-12-07T09:00");
        assert_eq!(endless_chain(&w, "S", zone("Asia/Tokyo").unwrap(), from), Some(0));
        // Five hours each: no chain.
        let short = [weekly(vec![Day::Mon, Day::Tue], "22:00", 300)];
        assert_eq!(endless_chain(&short, "S", zone("Asia/Tokyo").unwrap(), from), None);
    }

    #[test]
    fn weekly_windows_follow_local_time_across_dst_in_new_york() {
        // 2027-03-14 is the spring-forward Sunday in the US; 2027-11-07 the fall-back one.
        let w = [weekly(vec![Day::Sun], "00:00", 4 * 60)];
        let spring = first_n(&w, "America/New_York", "2027-03-13T12:00", 1)[0];
        assert_eq!(spring.start, at("America/New_York", "2027-03-14T00:00"));
        assert_eq!(spring.minutes(), 3 * 60, "a 00:00–04:00 window loses the skipped hour");
        let fall = first_n(&w, "America/New_York", "2027-11-06T12:00", 1)[0];
        assert_eq!(fall.minutes(), 5 * 60, "and gains the repeated one");
        let normal = first_n(&w, "America/New_York", "2027-06-01T00:00", 1)[0];
        assert_eq!(normal.minutes(), 4 * 60);
        // In UTC the start moves by an hour between winter and summer.
        let jan = first_n(&w, "America/New_York", "2027-01-01T00:00", 1)[0];
        assert_eq!(jan.start.rem_euclid(DAY), 5 * 60);
        assert_eq!(normal.start.rem_euclid(DAY), 4 * 60);
    }

    #[test]
    fn berlin_windows_shift_in_utc_at_the_end_of_march() {
        let w = [weekly(vec![Day::Sat], "22:00", 6 * 60)];
        let occ = first_n(&w, "Europe/Berlin", "2027-03-20T00:00", 2);
        // 2027-03-20 22:00 CET is 21:00 UTC; 2027-03-27 22:00 CET (DST starts the 28th).
        assert_eq!(occ[0].start, at("UTC", "2027-03-20T21:00"));
        assert_eq!(occ[1].start, at("UTC", "2027-03-27T21:00"));
        // Saturday 22:00 to Sunday 04:00 across the change lasts five hours.
        assert_eq!(occ[1].minutes(), 5 * 60);
        let later = first_n(&w, "Europe/Berlin", "2027-04-01T00:00", 1)[0];
        assert_eq!(later.start, at("UTC", "2027-04-03T20:00"));
    }

    #[test]
    fn tokyo_has_the_same_utc_time_all_year() {
        let w = [weekly(vec![Day::Wed], "01:00", 120)];
        let occ = first_n(&w, "Asia/Tokyo", "2027-01-01T00:00", 52);
        assert!(occ.iter().all(|o| o.start.rem_euclid(DAY) == 16 * 60 && o.minutes() == 120));
    }

    #[test]
    fn nth_weekday_with_offset() {
        let second_tuesday_plus_3 = Window {
            recurrence: Recurrence::Month { nth: Nth::Second, day: Day::Tue, offset_days: 3 },
            ..weekly(vec![], "20:00", 180)
        };
        // Second Tuesdays of 2027: Jan 12, Feb 9, Mar 9; plus three days is a Friday.
        for d in ["2027-01-15", "2027-02-12", "2027-03-12"] {
            assert!(second_tuesday_plus_3.opens_on(date(d)), "{d}");
        }
        assert!(!second_tuesday_plus_3.opens_on(date("2027-01-12")));
        // An offset that crosses into the next month: last Friday + 5 days.
        let last_friday_plus_5 = Window {
            recurrence: Recurrence::Month { nth: Nth::Last, day: Day::Fri, offset_days: 5 },
            ..second_tuesday_plus_3.clone()
        };
        // Last Friday of January 2027 is the 29th; +5 is February 3.
        assert!(last_friday_plus_5.opens_on(date("2027-02-03")));
        // A fifth Monday exists in March 2027 (the 29th) but not in February.
        let fifth_monday = Window {
            recurrence: Recurrence::Month { nth: Nth::Fifth, day: Day::Mon, offset_days: 0 },
            ..second_tuesday_plus_3
        };
        assert!(fifth_monday.opens_on(date("2027-03-29")));
        assert!((1..=28).all(|d| !fifth_monday.opens_on(Date::new(2027, 2, d).unwrap())));
        // Negative offsets: second Tuesday − 2 days is a Sunday.
        let minus = Window {
            recurrence: Recurrence::Month { nth: Nth::Second, day: Day::Tue, offset_days: -2 },
            ..weekly(vec![], "20:00", 180)
        };
        assert!(minus.opens_on(date("2027-01-10")));
    }

    #[test]
    fn blackout_dates_cancel_windows() {
        let w = [weekly(vec![Day::Sat], "22:00", 60)];
        let tz = zone("Asia/Tokyo").unwrap();
        let from = at("Asia/Tokyo", "2027-01-01T00:00");
        let occ: Vec<_> = Occurrences::new(&w, "S", tz, &[date("2027-01-02")], from).take(1).collect();
        assert_eq!(occ[0].start, at("Asia/Tokyo", "2027-01-09T22:00"));
    }

    #[test]
    fn a_window_open_at_the_start_comes_whole() {
        // The scheduler uses what is left of it; the opening itself keeps its start, so
        // every stage that works in it counts the same opening.
        let w = [weekly(Day::ALL.to_vec(), "22:00", 6 * 60)];
        let occ = first_n(&w, "UTC", "2027-01-02T01:00", 1)[0];
        assert_eq!(occ.start, at("UTC", "2027-01-01T22:00"));
        assert_eq!(occ.end, at("UTC", "2027-01-02T04:00"));
    }

    #[test]
    fn windows_spanning_midnight_come_in_order_and_overlapping_ones_are_joined() {
        let w = [
            weekly(vec![Day::Mon], "23:00", 120),
            Window { name: "x".into(), ..weekly(vec![Day::Tue], "03:00", 60) },
        ];
        let occ = first_n(&w, "UTC", "2027-01-01T00:00", 4);
        assert!(occ.windows(2).all(|p| p[0].end <= p[1].start));
        let overlapping = [
            weekly(vec![Day::Mon], "23:00", 240),
            Window { name: "x".into(), ..weekly(vec![Day::Tue], "01:00", 60) },
        ];
        // Monday 23:00 for four hours and Tuesday 01:00 for an hour: one opening, Monday
        // 23:00 to Tuesday 03:00, as Configuration Manager joins overlapping windows.
        let joined = first_n(&overlapping, "UTC", "2027-01-01T00:00", 2);
        assert_eq!((joined[0].window, joined[0].joined), (0, 1));
        assert_eq!(joined[0].end - joined[0].start, 4 * 60);
        assert_eq!(joined[1].start - joined[0].start, 7 * 24 * 60, "a week later, the next");
        let tz = zone("UTC").unwrap();
        let note =
            joined_within_a_year(&overlapping, "S", tz.clone(), &[], at("UTC", "2027-01-01T00:00")).unwrap();
        assert_eq!((note.first.as_str(), note.second.as_str(), note.date.as_str()), ("w", "x", "2027-01-04"));
        // Touching openings stay apart (the per-site limit counts each); a long one
        // swallows a short one inside it.
        let touching = [
            weekly(vec![Day::Mon], "22:00", 60),
            Window { name: "x".into(), ..weekly(vec![Day::Mon], "23:00", 60) },
        ];
        let two = first_n(&touching, "UTC", "2027-01-01T00:00", 2);
        assert_eq!((two[0].end, two[0].joined, two[1].window), (two[1].start, 0, 1));
        let inside = [
            weekly(vec![Day::Mon], "20:00", 300),
            Window { name: "x".into(), ..weekly(vec![Day::Mon], "21:00", 60) },
        ];
        let one = first_n(&inside, "UTC", "2027-01-01T00:00", 1);
        assert_eq!((one[0].end - one[0].start, one[0].joined), (300, 1));
        // A window spanning midnight joins the next day's: Monday 22:00 for 5 h, Tuesday 02:00.
        let across = [
            weekly(vec![Day::Mon], "22:00", 300),
            Window { name: "x".into(), ..weekly(vec![Day::Tue], "02:00", 120) },
        ];
        let one = first_n(&across, "UTC", "2027-01-01T00:00", 1);
        assert_eq!(one[0].end - one[0].start, 6 * 60);
        assert!(joined_within_a_year(&occ_free(), "S", tz, &[], at("UTC", "2027-01-01T00:00")).is_none());
    }

    fn occ_free() -> Vec<Window> {
        vec![
            weekly(vec![Day::Mon], "22:00", 60),
            Window { name: "x".into(), ..weekly(vec![Day::Tue], "03:00", 60) },
        ]
    }

    #[test]
    fn bad_windows_name_the_field() {
        assert_eq!(weekly(vec![], "22:00", 60).check(), Err(("recurrence", WindowError::NoDays)));
        assert!(matches!(weekly(vec![Day::Mon], "25:00", 60).check(), Err(("start", _))));
        assert!(matches!(weekly(vec![Day::Mon], "22:00", 0).check(), Err(("length_minutes", _))));
        assert_eq!(parse_date("2027-02-30"), Err(WindowError::BadDate("2027-02-30".into())));
    }

    #[test]
    fn blackouts_are_dates_or_ranges_everywhere_or_at_some_sites() {
        let d = |t: &str| t.parse::<Date>().unwrap();
        let one = parse_blackout("2026-12-31").unwrap();
        assert_eq!((one.first, one.last, one.sites.len()), (d("2026-12-31"), d("2026-12-31"), 0));
        let range = parse_blackout(" 2026-12-28 .. 2027-01-04 @ Tokyo, Osaka ").unwrap();
        assert_eq!((range.first, range.last), (d("2026-12-28"), d("2027-01-04")));
        assert_eq!(range.sites, ["Tokyo", "Osaka"]);
        assert_eq!(parse_blackout("2026-12-31@Tokyo").unwrap().sites, ["Tokyo"]);
        assert_eq!(parse_blackout("2026-13-01"), Err(WindowError::BadDate("2026-13-01".into())));
        assert!(matches!(parse_blackout("2027-01-04..2026-12-28"), Err(WindowError::BadRange(_))));
        assert!(matches!(parse_blackout("2026-01-01..2027-12-31"), Err(WindowError::BadRange(_))));
        assert!(matches!(parse_blackout("2026-12-31 @"), Err(WindowError::BadBlackout(_))));
        assert!(matches!(parse_blackout("soon..later"), Err(WindowError::BadBlackout(_))));
        let all = Blackouts::new(&[parse_blackout("2026-12-31").unwrap(), range]);
        assert_eq!(all.at("Frankfurt"), [d("2026-12-31")]);
        assert_eq!(all.at("Tokyo").len(), 8, "the range, which holds the 31st too");
        assert!(all.at("Osaka").windows(2).all(|w| w[0] < w[1]));
    }
}
