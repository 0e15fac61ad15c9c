//! A one-pass reader for the usual request bodies (the few shapes clients send every time),
//! so the request path skips building a `serde_json::Value` for them.
//!
//! It reads a deliberately small subset of JSON (RFC 8259): whitespace, the given
//! punctuation, integers written as integers that fit an `i64` (not `-0`, which `serde_json`
//! reads as a float), and strings of printable ASCII without escapes. Every method answers
//! `None` for anything else; the caller then reads the body the general way, which gives the
//! vendor's own answer. So a body this reader accepts is read exactly as the general path
//! reads it, and one it refuses is read by the general path alone; each caller proves that
//! with an agreement test over many bodies.

use crate::words;

/// What is left of a body.
pub(crate) struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `body`.
    pub(crate) fn new(body: &'a [u8]) -> Self {
        Self { rest: body }
    }

    /// JSON whitespace (RFC 8259 §2).
    fn skip_whitespace(&mut self) {
        while let [b' ' | b'\t' | b'\n' | b'\r', rest @ ..] = self.rest {
            self.rest = rest;
        }
    }

    /// Whitespace, then exactly `token`.
    pub(crate) fn token(&mut self, token: &[u8]) -> Option<()> {
        self.skip_whitespace();
        self.rest = self.rest.strip_prefix(token)?;
        Some(())
    }

    /// Whitespace, then whether `token` comes next (taken if so).
    pub(crate) fn takes(&mut self, token: &[u8]) -> bool {
        self.token(token).is_some()
    }

    /// Whitespace to the end of the body.
    pub(crate) fn end(&mut self) -> Option<()> {
        self.skip_whitespace();
        self.rest.is_empty().then_some(())
    }

    /// Whitespace, then an integer written as one (`-?(0|[1-9][0-9]*)`, not `-0`) that fits an
    /// `i64` and is followed by whitespace, `,`, `]` or `}`.
    pub(crate) fn integer(&mut self) -> Option<i64> {
        self.skip_whitespace();
        let (negative, digits) = match self.rest.strip_prefix(b"-") {
            Some(rest) => (true, rest),
            None => (false, self.rest),
        };
        let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        let (number, rest) = digits.split_at(len);
        let leading_zero = number.len() > 1 && number.first() == Some(&b'0');
        let ends = matches!(
            rest.first(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}')
        );
        if number.is_empty() || leading_zero || !ends || (negative && number == b"0") {
            return None;
        }
        let mut value: i64 = 0;
        for digit in number {
            let digit = i64::from(digit - b'0');
            value = value.checked_mul(10)?;
            value = if negative {
                value.checked_sub(digit)?
            } else {
                value.checked_add(digit)?
            };
        }
        self.rest = rest;
        Some(value)
    }

    /// Whitespace, then a string of printable ASCII (`0x20`–`0x7E`) without escapes; its text.
    pub(crate) fn plain_string(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.plain_bytes()?).ok()
    }

    /// [`Cursor::plain_string`] as bytes, for comparing with a key without a UTF-8 check.
    pub(crate) fn plain_bytes(&mut self) -> Option<&'a [u8]> {
        self.skip_whitespace();
        let inner = self.rest.strip_prefix(b"\"")?;
        let (text, rest) = inner.split_at(plain_len(inner));
        self.rest = rest.strip_prefix(b"\"")?;
        Some(text)
    }

    /// An array of `item`s: `[]` or `[item, …]`.
    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.token(b"[")?;
        let mut items = Vec::new();
        if self.takes(b"]") {
            return Some(items);
        }
        loop {
            items.push(item(self)?);
            if self.takes(b"]") {
                return Some(items);
            }
            self.token(b",")?;
        }
    }
}

/// How many bytes at the start of `bytes` are printable ASCII other than `"` and `\`: eight
/// at a time, then one at a time.
fn plain_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let word = u64::from_le_bytes(*word);
        let stops = words::below(word, 0x20)
            | words::at_least(word, 0x7f)
            | words::equal(word, b'"')
            | words::equal(word, b'\\');
        if stops != 0 {
            return len + (stops.trailing_zeros() / 8) as usize;
        }
        len += 8;
        rest = tail;
    }
    len + rest.iter().take_while(|&&b| is_plain(b)).count()
}

/// Printable ASCII other than `"` and `\`.
fn is_plain(byte: u8) -> bool {
    (0x20..=0x7e).contains(&byte) && byte != b'"' && byte != b'\\'
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::{Cursor, is_plain, plain_len};

    #[rstest]
    #[case::zero(b"0]", Some(0))]
    #[case::negative(b"-12 ", Some(-12))]
    #[case::max(b"9223372036854775807,", Some(i64::MAX))]
    #[case::min(b"-9223372036854775808]", Some(i64::MIN))]
    #[case::over_max(b"9223372036854775808]", None)]
    #[case::negative_zero(b"-0]", None)]
    #[case::leading_zero(b"01]", None)]
    #[case::fraction(b"1.5]", None)]
    #[case::exponent(b"1e2]", None)]
    #[case::nothing_after(b"1", None)]
    #[case::plus(b"+1]", None)]
    fn integers_are_read_only_when_written_as_integers(
        #[case] text: &[u8],
        #[case] expected: Option<i64>,
    ) {
        assert_eq!(Cursor::new(text).integer(), expected);
    }

    #[rstest]
    #[case::plain(br#""65a1b2""#, Some("65a1b2"))]
    #[case::empty(br#""""#, Some(""))]
    #[case::escape(br#""a\nb""#, None)]
    #[case::non_ascii("\"é\"".as_bytes(), None)]
    #[case::control(b"\"a\tb\"", None)]
    #[case::unterminated(br#""abc"#, None)]
    #[case::long(br#""64b7f0c2a1e4d5f6a7b8c9d0""#, Some("64b7f0c2a1e4d5f6a7b8c9d0"))]
    #[case::escape_in_second_word(br#""64b7f0c2a\4d5f6""#, None)]
    #[case::delete_in_second_word(b"\"64b7f0c2a\x7f4d5f6\"", None)]
    #[case::non_ascii_in_first_word("\"64b\u{e9}7f0c2a1e4d5f6\"".as_bytes(), None)]
    fn strings_are_read_only_without_escapes(#[case] text: &[u8], #[case] expected: Option<&str>) {
        assert_eq!(Cursor::new(text).plain_string(), expected);
    }

    #[rstest]
    #[case::closing_brace(b"7}", Some(7))]
    #[case::closing_brace_negative(b"-7 }", Some(-7))]
    fn integers_end_at_a_closing_brace_too(#[case] text: &[u8], #[case] expected: Option<i64>) {
        assert_eq!(Cursor::new(text).integer(), expected);
    }

    proptest! {
        #[test]
        fn the_plain_prefix_is_that_of_a_byte_by_byte_scan(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let by_byte = bytes.iter().take_while(|&&b| is_plain(b)).count();
            prop_assert_eq!(plain_len(&bytes), by_byte);
        }

        #[test]
        fn the_plain_prefix_of_mostly_plain_text_is_that_of_a_byte_by_byte_scan(
            text in "[ -~]{0,30}[\\x00-\\x{ff}]?[ -~]{0,10}"
        ) {
            let bytes = text.as_bytes();
            let by_byte = bytes.iter().take_while(|&&b| is_plain(b)).count();
            prop_assert_eq!(plain_len(bytes), by_byte);
        }
    }
}
