//! Eight bytes at a time: masks of the bytes of a little-endian `u64` word that match a test,
//! one high bit (0x80) per matching byte.
//!
//! In each mask but [`equal_exactly`]'s, and in any `|` of them, the lowest set bit is exact: the carries and borrows of
//! the arithmetic only move upward, and only out of a byte that matches. Bits above it may be
//! false hits, so callers use only the lowest (`trailing_zeros() / 8` is the first match).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes equal to `byte`.
pub(crate) fn equal(word: u64, byte: u8) -> u64 {
    let zeroed = word ^ (ONES * u64::from(byte));
    zeroed.wrapping_sub(ONES) & !zeroed & HIGHS
}

/// The bytes equal to `byte`, every one exactly (no false hit above the lowest): no carry
/// crosses from one byte to the next. A few instructions more than [`equal`].
pub(crate) fn equal_exactly(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = !HIGHS;
    let diff = word ^ (ONES * u64::from(byte));
    // The high bit of each byte of `diff` that is not zero.
    let nonzero = ((diff & LOW_SEVEN) + LOW_SEVEN) | diff;
    !nonzero & HIGHS
}

/// The bytes below `bound` (at most 0x80).
pub(crate) fn below(word: u64, bound: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(bound)) & !word & HIGHS
}

/// The bytes at or above `bound` (0x01 to 0x80).
pub(crate) fn at_least(word: u64, bound: u8) -> u64 {
    (word | word.wrapping_add(ONES * u64::from(0x80_u8.saturating_sub(bound)))) & HIGHS
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{at_least, below, equal, equal_exactly};

    /// The index of the first byte that matches, by the mask and by a plain loop.
    fn first(mask: u64) -> Option<usize> {
        (mask != 0).then(|| (mask.trailing_zeros() / 8) as usize)
    }

    fn check(bytes: [u8; 8], bound: u8) {
        let word = u64::from_le_bytes(bytes);
        let by_loop = |test: &dyn Fn(u8) -> bool| bytes.iter().position(|&b| test(b));
        assert_eq!(first(equal(word, bound)), by_loop(&|b| b == bound));
        let every = bytes.map(|b| if b == bound { 0x80_u8 } else { 0 });
        assert_eq!(equal_exactly(word, bound), u64::from_le_bytes(every));
        if bound <= 0x80 {
            assert_eq!(first(below(word, bound)), by_loop(&|b| b < bound));
        }
        if (0x01..=0x80).contains(&bound) {
            assert_eq!(first(at_least(word, bound)), by_loop(&|b| b >= bound));
        }
    }

    #[test]
    fn every_byte_in_every_position_is_found_first() {
        for bound in [0x01, 0x20, b'"', b'\\', 0x7f, 0x80, 0xff] {
            for byte in 0..=u8::MAX {
                for position in 0..8 {
                    let mut bytes = [b'a'; 8];
                    if let Some(slot) = bytes.get_mut(position) {
                        *slot = byte;
                    }
                    check(bytes, bound);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_word_gives_the_first_match_of_a_plain_loop(bytes in any::<[u8; 8]>(), bound in any::<u8>()) {
            check(bytes, bound);
        }
    }
}
