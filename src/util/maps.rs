//! Maps and accumulators for hot paths: fast fixed hashers, a dense sparse-sum array, and the
//! one rule for "most frequent".

/// The key with the largest count, ties going to the smallest key (the first in order): the
/// one rule for "most frequent" choices, so they do not depend on iteration order.
pub fn most_frequent<K: Ord>(counts: impl IntoIterator<Item = (K, usize)>) -> Option<K> {
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

/// A hasher for small integer keys (story and feature indices): one multiplication instead of
/// SipHash. Not for keys an attacker chooses.
#[derive(Default, Clone, Copy)]
pub struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ *b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0 ^ i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// A hash map with a fast, fixed hasher (FxHash) for string keys on hot paths; iteration
/// order is never relied on. Keys come from the input (words, names): a pile crafted to make
/// them collide could slow a run down, never change its results.
pub type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A hash set with the same fast, fixed hasher (word lists, gazetteers).
pub type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// A hash map keyed by small integers.
pub type IntMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// Sums per index over a dense array, cleared through the list of indices touched: a sparse
/// accumulator whose cost follows what was added, not the array's length, and which is kept
/// and reused (one per thread) rather than allocated per use. Each index's sum starts from its
/// first value and adds the later ones in the order given: a running sum, as a map filled in
/// the same order would hold.
#[derive(Default)]
pub struct DenseSums<T> {
    sum: Vec<T>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl<T: Copy + Default + std::ops::AddAssign> DenseSums<T> {
    /// Room for indices below `len` from the start (it grows past them when needed).
    pub fn with_len(len: usize) -> Self {
        DenseSums {
            sum: vec![T::default(); len],
            seen: vec![false; len],
            touched: Vec::new(),
        }
    }

    #[inline]
    pub fn add(&mut self, i: usize, v: T) {
        if i >= self.sum.len() {
            self.sum.resize(i + 1, T::default());
            self.seen.resize(i + 1, false);
        }
        if self.seen[i] {
            self.sum[i] += v;
        } else {
            self.seen[i] = true;
            self.sum[i] = v;
            self.touched.push(i);
        }
    }

    /// Puts the touched indices in ascending order, for [`DenseSums::drain`].
    pub fn sort(&mut self) {
        self.touched.sort_unstable();
    }

    /// Every touched index with its sum, in the order first touched (or ascending, after
    /// [`DenseSums::sort`]), leaving the accumulator empty.
    pub fn drain(&mut self) -> impl Iterator<Item = (usize, T)> + '_ {
        let (sum, seen) = (&self.sum, &mut self.seen);
        self.touched.drain(..).map(move |i| {
            seen[i] = false;
            (i, sum[i])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_sums_keep_first_touch_order_and_start_clean_after_drain() {
        let mut sums: DenseSums<f64> = DenseSums::with_len(4);
        sums.add(7, 1.0); // past the initial length: grows
        sums.add(2, 0.5);
        sums.add(7, 2.0);
        assert_eq!(sums.drain().collect::<Vec<_>>(), vec![(7, 3.0), (2, 0.5)]);
        sums.add(2, 4.0);
        sums.add(0, 1.0);
        sums.sort();
        assert_eq!(sums.drain().collect::<Vec<_>>(), vec![(0, 1.0), (2, 4.0)]);
        assert_eq!(sums.drain().count(), 0);
    }

    #[test]
    fn most_frequent_breaks_ties_to_the_smallest_key() {
        assert_eq!(most_frequent([("b", 2), ("a", 2), ("c", 1)]), Some("a"));
        assert_eq!(most_frequent([("b", 3), ("a", 2)]), Some("b"));
        assert_eq!(most_frequent(Vec::<(u8, usize)>::new()), None);
    }
}
