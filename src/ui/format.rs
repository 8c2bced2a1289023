//! How figures read on screen: durations, times, counts, in the page's language.

use crate::civil::DateTime;
use crate::i18n::{self, Lang};
use crate::time_zone::Zone;

pub use crate::i18n::{duration, grouped};

/// A signed difference of minutes, "+2 h 10 min" or "−1 d 3 h" ("±0" when equal).
pub fn delta(minutes: i64, lang: Lang) -> String {
    match minutes.signum() {
        0 => "±0".into(),
        1 => format!("+{}", duration(minutes, lang)),
        _ => format!("−{}", duration(-minutes, lang)),
    }
}

/// A time in a zone: `2026-12-15 22:21` / `2026/12/15 22:21`.
pub fn at(minutes: i64, tz: &Zone, lang: Lang) -> String {
    i18n::date_time(DateTime(tz.to_local(minutes)), lang)
}

/// [`at`] with the zone's offset at that instant beside it, so that times of sites in
/// different zones (and the hour a daylight-saving change repeats) read one way:
/// `2026-12-07 22:00 UTC+9`.
pub fn at_zoned(minutes: i64, tz: &Zone, lang: Lang) -> String {
    format!("{} {}", at(minutes, tz, lang), i18n::utc_offset(tz.offset_minutes(minutes)))
}

/// Percentage change from `base` to `now`, "−12 %" ("±0 %" when equal or no base).
pub fn percent_change(now: f64, base: f64) -> String {
    if base.abs() < f64::EPSILON {
        return "±0 %".into();
    }
    let p = (now - base) / base * 100.0;
    if p.abs() < 0.5 {
        "±0 %".into()
    } else if p > 0.0 {
        format!("+{p:.0} %")
    } else {
        format!("−{:.0} %", -p)
    }
}
