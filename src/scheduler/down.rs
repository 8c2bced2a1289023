//! How many hosts of each availability set are down over time, so that a batch starts only
//! where every set it touches stays within its limit for as long as the batch runs.

use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Unbounded};

/// Hosts of one set down over time: a step function, each key the time from which its
/// value holds (0 before the first key).
#[derive(Clone, Debug)]
pub struct Downtime {
    steps: BTreeMap<i64, u32>,
    /// Nothing before this is known any more (see [`Downtime::forget_before`]).
    floor: i64,
}

impl Default for Downtime {
    fn default() -> Self {
        Self { steps: BTreeMap::new(), floor: i64::MIN }
    }
}

impl Downtime {
    /// The value at `t`.
    fn at(&self, t: i64) -> u32 {
        debug_assert!(t >= self.floor, "asked about {t}, forgotten before {}", self.floor);
        self.steps.range(..=t).next_back().map_or(0, |(_, &v)| v)
    }

    /// The most hosts down at any moment of `[from, to)`.
    pub fn most_within(&self, from: i64, to: i64) -> u32 {
        let inside = self.steps.range((Excluded(from), Excluded(to))).map(|(_, &v)| v).max().unwrap_or(0);
        self.at(from).max(inside)
    }

    /// The first time after `t` at which the number down changes (up to then, it is what
    /// it is at `t`).
    pub fn next_change(&self, t: i64) -> Option<i64> {
        self.steps.range((Excluded(t), Unbounded)).next().map(|(&k, _)| k)
    }

    /// The first time after `t` and before `until` at which fewer hosts are down than just
    /// before it.
    pub fn next_drop(&self, t: i64, until: i64) -> Option<i64> {
        let mut before = self.at(t);
        for (&k, &v) in self.steps.range((Excluded(t), Excluded(until.max(t + 1)))) {
            if v < before {
                return Some(k);
            }
            before = v;
        }
        None
    }

    /// `hosts` more down over `[from, to)`.
    pub fn add(&mut self, from: i64, to: i64, hosts: u32) {
        if from >= to || hosts == 0 {
            return;
        }
        let (at_from, at_to) = (self.at(from), self.at(to));
        self.steps.entry(from).or_insert(at_from);
        self.steps.entry(to).or_insert(at_to);
        for (_, v) in self.steps.range_mut(from..to) {
            *v += hosts;
        }
    }

    pub fn clear(&mut self) {
        self.steps.clear();
        self.floor = i64::MIN;
    }

    /// Forgets what happened before `t` (nothing will be asked of it), keeping the value
    /// at `t`: the map stays as small as what is still ahead.
    pub fn forget_before(&mut self, t: i64) {
        if self.steps.first_key_value().is_none_or(|(&first, _)| first >= t) {
            return;
        }
        let at = self.at(t);
        self.steps = self.steps.split_off(&t);
        self.steps.entry(t).or_insert(at);
        self.floor = t;
    }
}

/// Every set's downtime.
#[derive(Clone, Debug)]
pub struct SetsDown {
    pub down: Vec<Downtime>,
    /// Nothing before this time will be asked (the scheduler works forward in time): a
    /// set's past before it is forgotten once its record grows long.
    pub settled: i64,
}

impl Default for SetsDown {
    fn default() -> Self {
        Self::new(0)
    }
}

/// A set's record is trimmed to what lies ahead of [`SetsDown::settled`] once it holds
/// this many changes.
const TRIM_AT: usize = 256;

impl SetsDown {
    pub fn new(sets: usize) -> Self {
        Self { down: vec![Downtime::default(); sets], settled: i64::MIN }
    }

    /// Records a batch with `counts` hosts of each set (`(set, hosts)`) down over `[from, to)`.
    pub fn add(&mut self, counts: &[(u32, u32)], from: i64, to: i64) {
        for &(s, n) in counts {
            let down = &mut self.down[s as usize];
            if down.steps.len() >= TRIM_AT && self.settled > down.floor {
                down.forget_before(self.settled.min(from));
            }
            down.add(from, to, n);
        }
    }

    /// The earliest time from `from` and before `until` at which a batch with `counts`
    /// hosts of each set may be down for `length` minutes with every set within
    /// `most_down`; `None` when there is none (or a set holds more of its hosts than it
    /// may ever have down).
    ///
    /// A time is skipped only while the set it breaks cannot improve: between one time and
    /// the set's next drop, the most down over a window of the same length never falls.
    pub fn earliest(
        &self,
        counts: &[(u32, u32)],
        most_down: &[u32],
        from: i64,
        length: i64,
        until: i64,
    ) -> Option<i64> {
        let mut t = from;
        'search: loop {
            for &(s, n) in counts {
                let limit = most_down[s as usize];
                if n > limit {
                    return None;
                }
                let down = &self.down[s as usize];
                if down.most_within(t, t + length) + n > limit {
                    t = down.next_drop(t, until)?;
                    continue 'search;
                }
            }
            return (t < until).then_some(t);
        }
    }

    pub fn clear(&mut self) {
        for d in &mut self.down {
            d.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_function_adds_and_reads_intervals() {
        let mut d = Downtime::default();
        d.add(10, 20, 1);
        d.add(15, 30, 2);
        assert_eq!(d.most_within(0, 10), 0);
        assert_eq!(d.most_within(0, 11), 1);
        assert_eq!(d.most_within(16, 17), 3);
        assert_eq!(d.most_within(20, 40), 2);
        assert_eq!(d.most_within(30, 40), 0);
        assert_eq!(d.next_drop(0, 100), Some(20));
        assert_eq!(d.next_drop(20, 100), Some(30));
        assert_eq!(d.next_drop(20, 30), None, "not before 30");
        assert_eq!(d.next_drop(30, 100), None);
        assert_eq!(d.next_change(10), Some(15));
        // What lies ahead reads the same once the past is forgotten.
        let mut later = d.clone();
        later.forget_before(17);
        for (from, to) in [(17, 18), (17, 40), (20, 25), (29, 31), (35, 36)] {
            assert_eq!(later.most_within(from, to), d.most_within(from, to), "{from}..{to}");
        }
        assert_eq!(later.next_drop(17, 100), Some(20));
    }

    #[test]
    fn the_earliest_start_waits_for_the_set_to_have_room() {
        let mut sets = SetsDown::new(2);
        sets.add(&[(0, 1), (1, 2)], 100, 200);
        let most = [1, 3];
        // Set 0 allows one down: a batch with one of its hosts waits for the other to end.
        assert_eq!(sets.earliest(&[(0, 1)], &most, 50, 60, 1000), Some(200));
        assert_eq!(sets.earliest(&[(0, 1)], &most, 50, 60, 200), None, "not before 200");
        assert_eq!(sets.earliest(&[(0, 1)], &most, 0, 100, 1000), Some(0), "ends as the other starts");
        // Set 1 allows three: one more fits beside the two, two more do not.
        assert_eq!(sets.earliest(&[(1, 1)], &most, 150, 10, 1000), Some(150));
        assert_eq!(sets.earliest(&[(1, 2)], &most, 150, 10, 1000), Some(200));
        assert_eq!(sets.earliest(&[(1, 4)], &most, 0, 10, 1000), None);
    }
}
