//! What an entry shows of what it keeps: redacted first (so a cut never leaves half a secret),
//! then cut to its cap. The mock's journal and anyone writing [`JournalEntry`]s of their own
//! (`rosterwire proxy`) apply the same rules through these functions.
//!
//! [`JournalEntry`]: super::JournalEntry

use std::borrow::Cow;

use super::entry::BODY_CAP;
use crate::redact::Redactor;

/// The most request headers an entry keeps (the first ones, in the request's order).
pub const HEADER_CAP: usize = 32;
/// The most bytes of one header value an entry shows.
pub const HEADER_VALUE_CAP: usize = 512;

/// A body as an entry shows it: redacted, then cut at [`BODY_CAP`] bytes; and whether it was cut.
pub fn shown_body(redactor: &Redactor, body: &[u8]) -> (String, bool) {
    let mut text = redactor.body(body);
    let truncated = cap(&mut text, BODY_CAP);
    (text, truncated)
}

/// [`shown_body`], borrowing `body` when it is UTF-8 with nothing to hide (the listing's path).
pub(crate) fn shown_body_cow<'a>(redactor: &Redactor, body: &'a [u8]) -> (Cow<'a, str>, bool) {
    match redactor.body_cow(body) {
        Cow::Borrowed(text) => {
            let end = cut_at(text, BODY_CAP);
            (Cow::Borrowed(&text[..end]), end < text.len())
        }
        Cow::Owned(mut text) => {
            let truncated = cap(&mut text, BODY_CAP);
            (Cow::Owned(text), truncated)
        }
    }
}

/// A header value as an entry shows it: redacted (auth headers whole), then cut at
/// [`HEADER_VALUE_CAP`] bytes.
pub fn shown_header(redactor: &Redactor, name: &str, value: &str) -> String {
    let mut shown = redactor.header(name, value);
    cap(&mut shown, HEADER_VALUE_CAP);
    shown
}

/// [`shown_header`] for a value that is not an auth header's, borrowing `value` when it holds
/// no secret (the listing's path).
pub(crate) fn shown_plain_header<'a>(redactor: &Redactor, value: &'a str) -> Cow<'a, str> {
    match redactor.text_cow(value) {
        Cow::Borrowed(text) => Cow::Borrowed(&text[..cut_at(text, HEADER_VALUE_CAP)]),
        Cow::Owned(mut text) => {
            cap(&mut text, HEADER_VALUE_CAP);
            Cow::Owned(text)
        }
    }
}

/// Cuts `text` to at most `limit` bytes at a character boundary; returns whether it cut.
fn cap(text: &mut String, limit: usize) -> bool {
    let end = cut_at(text, limit);
    if end == text.len() {
        return false;
    }
    text.truncate(end);
    text.shrink_to_fit();
    true
}

/// Where [`cap`] cuts `text`: its length when it fits, else the last character boundary at or
/// before `limit`.
fn cut_at(text: &str, limit: usize) -> usize {
    if text.len() <= limit {
        return text.len();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{HEADER_VALUE_CAP, shown_body, shown_header};
    use crate::redact::Redactor;

    #[test]
    fn a_cut_falls_on_a_character_boundary_after_redaction() {
        let redactor = Redactor::new(vec!["s3cr3t-token".to_owned()]);
        let value = format!("{}s3cr3t-token", "é".repeat(HEADER_VALUE_CAP / 2));
        let shown = shown_header(&redactor, "x-note", &value);
        assert!(shown.len() <= HEADER_VALUE_CAP);
        assert!(shown.chars().all(|c| c == 'é'), "{shown}");
        let (body, cut) = shown_body(&redactor, b"{\"token\":\"s3cr3t-token\"}");
        assert!(!cut);
        assert!(!body.contains("s3cr3t"), "{body}");
    }
}
