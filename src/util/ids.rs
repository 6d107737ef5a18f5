//! Content hashes: ids that depend on content only, input fingerprints, stable feature hashes.

use sha2::{Digest, Sha256};

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

/// Full hex SHA-256 of bytes (input fingerprints in the manifest).
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Lower-case hex of bytes (a digest computed piece by piece, as streamed input is).
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_depends_on_content_only() {
        assert_eq!(content_id("s-", &["a", "b"]), content_id("s-", &["a", "b"]));
        assert_ne!(content_id("s-", &["a", "b"]), content_id("s-", &["ab", ""]));
        assert_eq!(content_id("s-", &["x"]).len(), 2 + 16);
    }
}
