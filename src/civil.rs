//! Calendar dates and wall-clock times, counted in minutes.
//!
//! The plan needs little of a date library: Gregorian dates, weekdays, `HH:MM` times and
//! minutes since 1970. Keeping it here (days-from-civil arithmetic, after Howard
//! Hinnant's algorithms) keeps the page small; the tests check it against jiff.

use std::fmt;
use std::str::FromStr;

/// Minutes in a day.
pub const DAY: i64 = 24 * 60;

/// A day of the week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Days since Monday (0–6).
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The weekday `index` days after Monday (wrapping).
    pub fn from_index(index: i64) -> Self {
        Self::ALL[index.rem_euclid(7) as usize]
    }
}

/// A date of the proleptic Gregorian calendar, years 1000–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date, if it exists and its year is in 1000–9999.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1000..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Self { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (clamped to the supported years).
    pub fn from_days(days: i64) -> Self {
        let z = days.clamp(-354_285, 2_932_896) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::from_index(self.days() + 3)
    }

    pub fn days_in_month(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    pub fn add_days(self, days: i64) -> Self {
        Self::from_days(self.days() + days)
    }

    /// Minutes since the epoch of this date's midnight (in whatever zone it is read).
    pub fn midnight(self) -> i64 {
        self.days() * DAY
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn digits(text: &str, len: usize) -> Option<u32> {
    // At most 4 digits here: no overflow.
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

impl FromStr for Date {
    type Err = ();

    /// `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, ()> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next().ok_or(())?, parts.next().ok_or(())?, parts.next().ok_or(())?);
        if parts.next().is_some() {
            return Err(());
        }
        let (y, m, d) = (digits(y, 4).ok_or(())?, digits(m, 2).ok_or(())?, digits(d, 2).ok_or(())?);
        Date::new(y as i32, m as u8, d as u8).ok_or(())
    }
}

/// A wall-clock time of day, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    minutes: u16,
}

impl Time {
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| Self { minutes: u16::from(hour) * 60 + u16::from(minute) })
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> i64 {
        i64::from(self.minutes)
    }
}

impl FromStr for Time {
    type Err = ();

    /// `H:MM` or `HH:MM` (seconds `:SS` are accepted and must be zero).
    fn from_str(text: &str) -> Result<Self, ()> {
        let mut parts = text.split(':');
        let h = parts.next().ok_or(())?;
        let m = parts.next().ok_or(())?;
        if let Some(s) = parts.next() {
            if digits(s, 2) != Some(0) || parts.next().is_some() {
                return Err(());
            }
        }
        let h = digits(h, 2).or_else(|| digits(h, 1)).ok_or(())?;
        let m = digits(m, 2).ok_or(())?;
        Time::new(h as u8, m as u8).ok_or(())
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

/// A local date and time as minutes since 1970-01-01T00:00 of the same wall clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub i64);

impl DateTime {
    pub fn new(date: Date, time: Time) -> Self {
        Self(date.midnight() + time.minutes())
    }

    pub fn date(self) -> Date {
        Date::from_days(self.0.div_euclid(DAY))
    }

    pub fn time(self) -> Time {
        Time { minutes: self.0.rem_euclid(DAY) as u16 }
    }
}

impl FromStr for DateTime {
    type Err = ();

    /// `YYYY-MM-DDTHH:MM` (or a space instead of `T`).
    fn from_str(text: &str) -> Result<Self, ()> {
        let (date, time) = text.split_once(['T', ' ']).ok_or(())?;
        Ok(DateTime::new(date.parse()?, time.parse()?))
    }
}

impl fmt::Display for DateTime {
    /// `YYYY-MM-DD HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.date(), self.time())
    }
}

/// A moment, as minutes since 1970-01-01T00:00 UTC, read and written with the offset of
/// the wall clock it was seen on: `2026-12-09T08:00+09:00` (RFC 3339 to the minute;
/// seconds of `:00` are allowed, and `Z` for UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

impl Instant {
    /// The moment written on a wall clock `offset` minutes ahead of UTC.
    pub fn with_offset(self, offset: i64) -> String {
        let local = DateTime(self.0 + offset);
        let (sign, m) = if offset < 0 { ('-', -offset) } else { ('+', offset) };
        format!("{}T{}{sign}{:02}:{:02}", local.date(), local.time(), m / 60, m % 60)
    }
}

impl FromStr for Instant {
    type Err = ();

    /// `YYYY-MM-DDTHH:MM` (or `HH:MM:00`) then `Z` or `+HH:MM` / `-HH:MM` (within ±18 h).
    fn from_str(text: &str) -> Result<Self, ()> {
        let (local, offset) = match text.strip_suffix(['Z', 'z']) {
            Some(local) => (local, 0),
            None => {
                let at = text.len().checked_sub(6).filter(|&i| text.is_char_boundary(i)).ok_or(())?;
                let (local, offset) = text.split_at(at);
                let sign = match offset.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return Err(()),
                };
                let (h, m) = offset[1..].split_once(':').ok_or(())?;
                let digits =
                    |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then_some(()).ok_or(());
                digits(h)?;
                digits(m)?;
                let (h, m): (i64, i64) = (h.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?);
                if h > 18 || m > 59 {
                    return Err(());
                }
                (local, sign * (h * 60 + m))
            }
        };
        // The local part needs its `T` (a space is a typed form, not RFC 3339's).
        if !local.contains('T') {
            return Err(());
        }
        let local: DateTime = local.parse()?;
        Ok(Instant(local.0 - offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_and_write_with_their_offset() {
        let at: Instant = "2026-12-09T08:00+09:00".parse().unwrap();
        assert_eq!(at, "2026-12-08T23:00Z".parse().unwrap());
        assert_eq!(at, "2026-12-08T23:00:00+00:00".parse().unwrap());
        assert_eq!(at.with_offset(9 * 60), "2026-12-09T08:00+09:00");
        assert_eq!(at.with_offset(-(3 * 60 + 30)), "2026-12-08T19:30-03:30");
        assert_eq!(
            "2027-03-01T00:15-05:45".parse::<Instant>().unwrap().with_offset(-345),
            "2027-03-01T00:15-05:45"
        );
        for bad in [
            "2026-12-09T08:00",
            "2026-12-09 08:00+09:00",
            "2026-12-09T08:00+9:00",
            "2026-12-09T08:00+19:00",
            "2026-12-09T08:00+09:60",
            "2026-12-09T08:00 09:00",
            "",
            "Z",
            "+09:00",
            "2026-12-09T08:00:30+09:00",
        ] {
            assert!(bad.parse::<Instant>().is_err(), "{bad}");
        }
    }

    #[test]
    fn days_round_trip_and_match_known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(Date::new(2026, 11, 27).unwrap().weekday(), Weekday::Friday);
        assert_eq!(Date::new(2024, 2, 29).unwrap().add_days(365), Date::new(2025, 2, 28).unwrap());
        for days in (-300_000..2_900_000).step_by(997) {
            assert_eq!(Date::from_days(days).days(), days);
        }
    }

    #[test]
    fn text_forms_are_strict() {
        assert_eq!("2027-02-28".parse::<Date>().unwrap().to_string(), "2027-02-28");
        for bad in ["2027-02-29", "2027-2-28", "27-02-28", "2027-13-01", "2027-02-28x", ""] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!("7:05".parse::<Time>().unwrap().to_string(), "07:05");
        assert_eq!("22:00:00".parse::<Time>().unwrap().minutes(), 22 * 60);
        for bad in ["24:00", "22:60", "22", "ab:cd", "22:00:30"] {
            assert!(bad.parse::<Time>().is_err(), "{bad}");
        }
        let dt: DateTime = "2026-12-07T09:30".parse().unwrap();
        assert_eq!(dt.to_string(), "2026-12-07 09:30");
        assert_eq!(dt.date().weekday(), Weekday::Monday);
    }
}
