//! Hashing shared by every stage: fast maps and sets, and the fingerprint hasher.
//!
//! Fingerprints decide what `serve` re-renders and which thumbnails are cached, so they must
//! be stable across runs and machines: the hasher has a fixed seed.

/// A hash map with a fast, non-cryptographic hasher (its keys are never attacker-chosen).
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// A hash set with the same hasher.
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// The hasher for fingerprints: XXH3, fast and of high quality, with a fixed seed so that
/// fingerprints are stable.
pub type Hasher = twox_hash::XxHash3_64;

/// A new fingerprint hasher.
pub fn hasher() -> Hasher {
    twox_hash::XxHash3_64::with_seed(0)
}

/// The fingerprint of one value.
pub fn hash_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher as _;
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}
