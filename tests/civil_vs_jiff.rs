//! Our small calendar (src/civil.rs) agrees with jiff on every day of three centuries.
#![cfg(not(target_arch = "wasm32"))]

use jiff::ToSpan;
use patchcast::civil::{Date, Weekday};

#[test]
fn every_day_from_1900_to_2200_matches_jiff() {
    let mut theirs = jiff::civil::date(1900, 1, 1);
    let first = Date::new(1900, 1, 1).unwrap().days();
    let last = Date::new(2199, 12, 31).unwrap().days();
    for days in first..=last {
        let ours = Date::from_days(days);
        assert_eq!(
            (ours.year(), ours.month(), ours.day()),
            (i32::from(theirs.year()), theirs.month() as u8, theirs.day() as u8),
            "day {days}"
        );
        assert_eq!(ours.weekday(), Weekday::from_index(i64::from(theirs.weekday().to_monday_zero_offset())));
        assert_eq!(ours.days_in_month(), theirs.days_in_month() as u8);
        theirs = theirs.checked_add(1.day()).unwrap();
    }
}
