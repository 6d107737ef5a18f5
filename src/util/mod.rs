//! Small shared helpers: content hashes for ids, atomic file writes, memory probes, fast maps
//! and accumulators, the deterministic random number generator.

mod files;
mod ids;
mod maps;
mod memory;

pub use files::{remove_stale_temporaries, write_atomic, write_bytes_atomic};
pub use ids::{content_id, fnv1a64, fnv1a64_of, sha256_hex, to_hex};
pub use maps::{most_frequent, DenseSums, FastMap, FastSet, IntHasher, IntMap};
pub use memory::resident_mib;
/// The one deterministic random number generator, kept in the synthetic pile's crate, which
/// cannot depend on this one.
pub use storyline_synth::SplitMix64;

#[cfg(test)]
mod tests {
    /// The tests run in release builds; `Cargo.toml` keeps overflow checks on there, so a
    /// wrapped integer (`now - i64::MIN`) fails a test instead of passing silently.
    #[test]
    fn integer_overflow_panics_in_the_builds_tests_run_in() {
        let earliest = std::hint::black_box(i64::MIN);
        let wrapped = std::panic::catch_unwind(|| std::hint::black_box(0i64) - earliest);
        assert!(wrapped.is_err(), "overflow checks are off: {wrapped:?}");
    }
}
