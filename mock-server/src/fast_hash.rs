//! A fast hasher for the vendors' internal lookup maps (ids, tokens and names of one loaded
//! world), used on every request: FxHash's multiply-and-rotate (as in rustc). SipHash's
//! resistance to collision flooding buys nothing for maps built from a world the operator
//! loads, and costs tens of nanoseconds per lookup on the request path.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// FxHash: each word is mixed in with a rotate, an xor and a multiply.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0_u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0_u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The table takes its control bits from the top: fold the well-mixed high half down too.
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let mut map: FastMap<(i64, i64), usize> = FastMap::default();
        for i in 0..1000 {
            map.insert((i % 7, i), i as usize);
        }
        assert!((0..1000).all(|i| map.get(&(i % 7, i)) == Some(&(i as usize))));
        let names: FastSet<String> = ["a", "ab", "abcdefghi", ""]
            .map(String::from)
            .into_iter()
            .collect();
        assert!(names.contains("abcdefghi") && names.contains("") && !names.contains("abc"));
    }

    #[test]
    fn strings_that_differ_only_in_length_hash_apart() {
        let hash = |s: &str| {
            let mut hasher = FastHasher::default();
            hasher.write(s.as_bytes());
            hasher.write_u8(0xff);
            hasher.finish()
        };
        assert_ne!(hash("a"), hash("a\0"));
    }
}
