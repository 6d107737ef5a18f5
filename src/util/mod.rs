//! Small shared helpers: content hashes for ids, atomic file writes.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// Hex prefix of the SHA-256 of `parts` joined by a separator that cannot occur in text.
/// Ids built from this depend on content only, never on order or clocks.
pub fn content_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    let mut s = String::with_capacity(prefix.len() + 16);
    s.push_str(prefix);
    for b in &d[..8] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The key with the largest count, ties going to the smallest key (the first in order): the
/// one rule for "most frequent" choices, so they do not depend on iteration order.
pub fn most_frequent<K: Ord>(counts: impl IntoIterator<Item = (K, usize)>) -> Option<K> {
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

/// Full hex SHA-256 of bytes (input fingerprints in the manifest).
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Lower-case hex of bytes (a digest computed piece by piece, as streamed input is).
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Resident memory now and at its peak, in MiB, read from `/proc/self/status` (`None` where
/// the platform has no such file). Shown beside stage timings so a large run's memory is visible.
pub fn resident_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A stable 64-bit hash (FNV-1a), for shingles and features: same value on every run and machine.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_of(bytes.iter().copied())
}

/// [`fnv1a64`] of bytes as they come, for callers that transform them on the way (lowercasing)
/// rather than build a string to hash.
pub fn fnv1a64_of(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Writes a file through a temporary sibling and a rename, so a reader (or a killed run)
/// sees either the old complete file or the new complete file, never half of one.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        write(&mut f)?;
        f.flush()?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    remove_stale_temporaries(dir, &name);
    Ok(())
}

/// Removes `.NAME.<pid>.tmp…` files a killed run left beside `NAME`: they were never complete,
/// and nothing else writes that pattern.
pub fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = file.strip_prefix(&prefix) {
            let pid_then_tmp = rest.split_once('.');
            if pid_then_tmp.is_some_and(|(pid, tail)| {
                pid.chars().all(|c| c.is_ascii_digit()) && tail.starts_with("tmp")
            }) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Atomic write of a byte buffer.
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |f| f.write_all(bytes))
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

/// A tiny deterministic PRNG (SplitMix64): random projections and seeds must not depend on
/// a crate's version or the platform.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`0` when `n` is 0); the modulo's bias is below 2^-40 for any `n`
    /// under a million, and generators of reproducible data depend on this exact draw.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    pub fn next_gaussian(&mut self) -> f64 {
        let u1 = self.next_f64().max(1e-300);
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

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

    /// The tests run in release builds; `Cargo.toml` keeps overflow checks on there, so a
    /// wrapped integer (`now - i64::MIN`) fails a test instead of passing silently.
    #[test]
    fn integer_overflow_panics_in_the_builds_tests_run_in() {
        let earliest = std::hint::black_box(i64::MIN);
        let wrapped = std::panic::catch_unwind(|| std::hint::black_box(0i64) - earliest);
        assert!(wrapped.is_err(), "overflow checks are off: {wrapped:?}");
    }

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

    #[test]
    fn content_id_depends_on_content_only() {
        assert_eq!(content_id("s-", &["a", "b"]), content_id("s-", &["a", "b"]));
        assert_ne!(content_id("s-", &["a", "b"]), content_id("s-", &["ab", ""]));
        assert_eq!(content_id("s-", &["x"]).len(), 2 + 16);
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = std::env::temp_dir().join(format!("storyline-util-{}", std::process::id()));
        let p = dir.join("x.txt");
        write_bytes_atomic(&p, b"one").unwrap();
        write_bytes_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
