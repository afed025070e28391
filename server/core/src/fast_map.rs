//! Hash maps keyed by the document's own things (FxHash): their keys need mixing, not a
//! defence against chosen collisions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Maps keyed by the document's own things (the incremental memo's node addresses, headings
/// and prose; fix-all's cells), so they need mixing, not SipHash's defence against keys chosen
/// to collide, which cost more than the rest of a lookup.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// FxHash (rustc's): a word at a time, a rotation, an xor and a multiplication.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The table picks a bucket by the low bits, which a multiple of an aligned address
        // leaves zero: the well-mixed high bits are rotated down.
        self.0.rotate_left(26)
    }
}
