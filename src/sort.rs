//! One small sort for the lists the planner sorts in passing: days, dates, zone names,
//! window occurrences, the charts' windows, exposure buckets.
//!
//! The standard library's sorts are fast and large: each element type they are used with
//! brings 2–5 KB of code into the page (a dozen uses cost 37 KB). This heapsort is a few
//! hundred bytes per use, sorts in place in O(n log n) comparisons at worst, and is not
//! stable (give ties a tie-breaker where their order matters). Sorts that run over every
//! host or batch of a million-host plan keep `sort_unstable`, on two types only: host
//! lists (`u32`) and (time, number) pairs (`(i64, u64)`).

/// Sorts `v` so that no element is `less` than one before it.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    // Moves v[root] down the heap v[..end] until both its children are not greater.
    let mut sift_down = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sorts `v` by the key of each element.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a) < key(b));
}

/// Sorts `v` in ascending order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

// Native only: serde_json and proptest are native test tools (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(mut v in proptest::collection::vec(0u8..20, 0..300)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            sort(&mut v);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_by_key_keeping_every_element(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..300)) {
            let mut sorted = v.clone();
            sort_by_key(&mut sorted, |&(k, _)| std::cmp::Reverse(k));
            prop_assert!(sorted.windows(2).all(|w| w[0].0 >= w[1].0));
            let (mut a, mut b) = (v, sorted.clone());
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
        }
    }
}
