//! The fields of a maintenance window, as the windows editor reads and writes them.

use crate::maintenance_window::{Day, Nth, Recurrence, Window};

use super::{length, names, not_a, FormError};

/// A field of a maintenance window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowField {
    Name,
    Start,
    Length,
    /// Minutes at the end of each opening kept free to back out (0: none).
    Reserve,
    /// `week` or `month`.
    Every,
    /// Whether a weekly window opens on this day: `true` or `false`.
    Day(Day),
    Nth,
    /// The weekday of a monthly window.
    MonthDay,
    Offset,
    /// Comma-separated site names; empty for all sites.
    Sites,
}

const DAY_IDS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const NTH_IDS: [&str; 6] = ["first", "second", "third", "fourth", "fifth", "last"];

fn day_id(d: Day) -> &'static str {
    DAY_IDS[d as usize]
}

fn parse_day(text: &str) -> Result<Day, FormError> {
    DAY_IDS.iter().position(|d| *d == text).map(|i| Day::ALL[i]).ok_or_else(|| not_a("a day", "曜日", text))
}

fn nth_id(n: Nth) -> &'static str {
    NTH_IDS[n as usize]
}

fn parse_nth(text: &str) -> Result<Nth, FormError> {
    const ALL: [Nth; 6] = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Fifth, Nth::Last];
    NTH_IDS
        .iter()
        .position(|d| *d == text)
        .map(|i| ALL[i])
        .ok_or_else(|| not_a("a week of the month", "月の週", text))
}

/// Minutes as `H:MM`, how a window's length reads.
pub(super) fn hours_minutes(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

impl WindowField {
    /// What tells this field apart from the others of its window, for the page's element
    /// ids: its path, and for the parts of a monthly recurrence (which share one path) the
    /// part.
    pub(super) fn id(self) -> String {
        match self {
            WindowField::Every => "recurrence.every".into(),
            WindowField::Nth => "recurrence.nth".into(),
            WindowField::MonthDay => "recurrence.day".into(),
            WindowField::Offset => "recurrence.offset_days".into(),
            other => other.name(),
        }
    }

    /// The field's path within the window (`recurrence.mon` for a weekday).
    pub(super) fn name(self) -> String {
        match self {
            WindowField::Name => "name".to_string(),
            WindowField::Start => "start".to_string(),
            WindowField::Length => "length_minutes".to_string(),
            WindowField::Reserve => "backout_reserve_minutes".to_string(),
            WindowField::Every | WindowField::Nth | WindowField::MonthDay | WindowField::Offset => {
                "recurrence".to_string()
            }
            WindowField::Day(d) => format!("recurrence.{}", day_id(d)),
            WindowField::Sites => "sites".to_string(),
        }
    }

    /// The field's text in `w`; `None` for a field the window's kind does not have.
    pub(super) fn read(self, w: &Window) -> Option<String> {
        Some(match (self, &w.recurrence) {
            (WindowField::Name, _) => w.name.clone(),
            (WindowField::Start, _) => w.start.clone(),
            (WindowField::Length, _) => hours_minutes(w.length_minutes),
            (WindowField::Reserve, _) => w.backout_reserve_minutes.to_string(),
            (WindowField::Every, Recurrence::Week { .. }) => "week".into(),
            (WindowField::Every, Recurrence::Month { .. }) => "month".into(),
            (WindowField::Day(d), Recurrence::Week { days }) => days.contains(&d).to_string(),
            (WindowField::Day(_), _) => "false".into(),
            (WindowField::Nth, Recurrence::Month { nth, .. }) => nth_id(*nth).into(),
            (WindowField::MonthDay, Recurrence::Month { day, .. }) => day_id(*day).into(),
            (WindowField::Offset, Recurrence::Month { offset_days, .. }) => offset_days.to_string(),
            (WindowField::Nth | WindowField::MonthDay | WindowField::Offset, Recurrence::Week { .. }) => {
                return None
            }
            (WindowField::Sites, _) => w.sites.join(", "),
        })
    }

    /// Writes `t` (trimmed; `text` as typed, for the name) into `w`, or says why it is not
    /// a value.
    pub(super) fn set(self, w: &mut Window, t: &str, text: &str) -> Result<(), FormError> {
        let missing = || FormError::Missing;
        match self {
            WindowField::Name => w.name = text.to_string(),
            WindowField::Start => {
                crate::maintenance_window::parse_time(t)?;
                w.start = t.to_string();
            }
            WindowField::Length => w.length_minutes = length(t)?,
            WindowField::Reserve => {
                w.backout_reserve_minutes = match t {
                    "" => 0,
                    _ => super::whole(t, 0, u64::from(crate::maintenance_window::MAX_WINDOW_MINUTES))? as u32,
                }
            }
            WindowField::Every => {
                w.recurrence = match (t, &w.recurrence) {
                    ("week", Recurrence::Week { .. }) | ("month", Recurrence::Month { .. }) => return Ok(()),
                    ("week", _) => Recurrence::Week { days: vec![Day::Sat] },
                    ("month", _) => Recurrence::Month { nth: Nth::Second, day: Day::Tue, offset_days: 0 },
                    _ => return Err(not_a("a recurrence", "繰り返し", t)),
                }
            }
            WindowField::Day(d) => {
                let Recurrence::Week { days } = &mut w.recurrence else { return Err(missing()) };
                days.retain(|x| *x != d);
                if t == "true" {
                    days.push(d);
                    days.sort_unstable_by_key(|x| *x as u8);
                }
            }
            WindowField::Nth | WindowField::MonthDay | WindowField::Offset => {
                let Recurrence::Month { nth, day, offset_days } = &mut w.recurrence else {
                    return Err(missing());
                };
                match self {
                    WindowField::Nth => *nth = parse_nth(t)?,
                    WindowField::MonthDay => *day = parse_day(t)?,
                    _ => {
                        *offset_days = t
                            .parse::<i64>()
                            .ok()
                            .filter(|o| o.unsigned_abs() <= 27)
                            .ok_or(FormError::OffsetRange)? as i16
                    }
                }
            }
            WindowField::Sites => w.sites = names(t),
        }
        Ok(())
    }
}
