//! JSON values written straight into a buffer, byte for byte as `serde_json` writes them, for the
//! listing (`listing.rs`) to render an entry without building a [`JournalEntry`] first.
//!
//! Strings are escaped as `serde_json` escapes them: `"` and `\` with a backslash, `\b`, `\t`,
//! `\n`, `\f`, `\r` short, every other byte below 0x20 as `\u00xx` (lower-case hex), and nothing
//! else (not `\u007f`, not non-ASCII). Eight bytes are checked and copied at a time, so text
//! with nothing to escape costs a few instructions per word.
//!
//! [`JournalEntry`]: super::JournalEntry

use crate::words;

/// What `serde_json` writes after a backslash for each byte (0: the byte needs no escape).
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Appends `text` as a JSON string.
pub(super) fn string(out: &mut Vec<u8>, text: &str) {
    let mut rest = text.as_bytes();
    out.reserve(rest.len() + 2);
    out.push(b'"');
    // Eight bytes at a time, copied whole (a fixed-size copy) and cut back to the first that
    // needs an escape.
    while let Some((word, _)) = rest.split_first_chunk::<8>() {
        out.extend_from_slice(word);
        let mask = escape_mask(u64::from_le_bytes(*word));
        if mask == 0 {
            rest = rest.get(8..).unwrap_or_default();
            continue;
        }
        let clean = (mask.trailing_zeros() / 8) as usize;
        out.truncate(out.len() - 8 + clean);
        let byte = word.get(clean).copied().unwrap_or_default();
        escape(out, byte);
        rest = rest.get(clean + 1..).unwrap_or_default();
    }
    for &byte in rest {
        escape(out, byte);
    }
    out.push(b'"');
}

/// Appends `byte`, escaped if it must be.
fn escape(out: &mut Vec<u8>, byte: u8) {
    match ESCAPE[usize::from(byte)] {
        0 => out.push(byte),
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX_DIGITS[usize::from(byte >> 4)],
            HEX_DIGITS[usize::from(byte & 0xf)],
        ]),
        short => out.extend_from_slice(&[b'\\', short]),
    }
}

/// The bytes of `word` that need an escape: below 0x20, `"` or `\` (the lowest set bit is
/// exact, see [`words`]).
fn escape_mask(word: u64) -> u64 {
    words::below(word, 0x20) | words::equal(word, b'"') | words::equal(word, b'\\')
}

/// Appends `text` as a JSON string, or `null`.
pub(super) fn optional_string(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => string(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends an unsigned integer.
pub(super) fn unsigned(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// Appends a float as `serde_json` writes it (its shortest round-trip form; `null` when not
/// finite).
pub(super) fn float(out: &mut Vec<u8>, value: f64) {
    if serde_json::to_writer(&mut *out, &value).is_err() {
        // Writing into a `Vec` cannot fail; `null` is what `serde_json` writes for a float it
        // cannot represent.
        out.extend_from_slice(b"null");
    }
}

/// Appends `true` or `false`.
pub(super) fn boolean(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_single_character_below_0x100_is_escaped_as_serde_json_does() {
        for code in 0u32..0x100 {
            let text: String = char::from_u32(code).into_iter().collect();
            for padded in [
                text.clone(),
                format!("abcdefgh{text}ijklmnop"),
                text.repeat(9),
            ] {
                assert_eq!(
                    written(&padded),
                    serde_json::to_string(&padded).unwrap(),
                    "{code:#x}"
                );
            }
        }
    }

    #[rstest]
    #[case::empty("")]
    #[case::quotes_and_backslashes(r#"{"a":"b\"c\\d"}"#)]
    #[case::controls_at_word_ends("1234567\u{1f}89abcde\u{7f}\n")]
    #[case::non_ascii("héllo wörld — ünïcode ✓ 𝄞 \u{7f}\u{80}")]
    fn strings_are_escaped_as_serde_json_does(#[case] text: &str) {
        assert_eq!(written(text), serde_json::to_string(text).unwrap());
    }

    #[rstest]
    #[case(0)]
    #[case(9)]
    #[case(10)]
    #[case(1234)]
    #[case(u64::MAX)]
    fn unsigned_integers_are_written_as_serde_json_does(#[case] value: u64) {
        let mut out = Vec::new();
        unsigned(&mut out, value);
        assert_eq!(out, serde_json::to_vec(&value).unwrap());
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_does(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn any_control_heavy_string_is_escaped_as_serde_json_does(
            text in "[\\x00-\\x7f\"\\\\é]{0,64}"
        ) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
