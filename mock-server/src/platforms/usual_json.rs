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
        let start = self
            .rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(self.rest.len());
        self.rest = self.rest.get(start..).unwrap_or_default();
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
    /// `i64` and is followed by whitespace, `,` or `]`.
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
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']')
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
        self.skip_whitespace();
        let inner = self.rest.strip_prefix(b"\"")?;
        let len = inner
            .iter()
            .take_while(|&&b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
            .count();
        let (text, rest) = inner.split_at(len);
        self.rest = rest.strip_prefix(b"\"")?;
        std::str::from_utf8(text).ok()
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

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::Cursor;

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
    fn strings_are_read_only_without_escapes(#[case] text: &[u8], #[case] expected: Option<&str>) {
        assert_eq!(Cursor::new(text).plain_string(), expected);
    }
}
