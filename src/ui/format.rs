//! How figures read on screen: durations, times, counts.

use crate::export::local_text;
use crate::time_zone::Zone;

/// Minutes as "3 d 4 h", "5 h 20 min" or "24 min".
pub fn duration(minutes: i64) -> String {
    let m = minutes.max(0);
    let (d, h, min) = (m / 1440, m / 60 % 24, m % 60);
    match (d, h, min) {
        (0, 0, min) => format!("{min} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, min) => format!("{h} h {min} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// A signed difference of minutes, "+2 h 10 min" or "−1 d 3 h" ("±0" when equal).
pub fn delta(minutes: i64) -> String {
    match minutes.signum() {
        0 => "±0".into(),
        1 => format!("+{}", duration(minutes)),
        _ => format!("−{}", duration(-minutes)),
    }
}

/// A whole number with thousands separators: 1,000,000.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A time in a zone, `YYYY-MM-DD HH:MM`.
pub fn at(minutes: i64, tz: &Zone) -> String {
    local_text(minutes, tz)
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
