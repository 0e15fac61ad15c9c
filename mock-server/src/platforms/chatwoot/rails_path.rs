//! The request path as Rails' router sees it.
//!
//! Before matching routes, Rails runs `ActionDispatch::Journey::Router::Utils.normalize_path`
//! (rails/rails `actionpack/lib/action_dispatch/journey/router/utils.rb`, read @0804e58e1e6a;
//! the same three steps in every Rails line since Journey, including the 7.x Chatwoot runs,
//! chatwoot/chatwoot `Gemfile` @00457f1cf5b7 `gem 'rails', '~> 7.0.8.4'`): ensure a leading
//! `/`, squeeze repeated `/`, drop the trailing `/`, and upper-case lower-case `%xx` escapes.
//! So `//api/v1//accounts/1/teams/` reaches the same action as `/api/v1/accounts/1/teams`.

use std::borrow::Cow;

use crate::words;

/// `Utils.normalize_path(path)`. Borrows when the path is already normal (the usual case).
pub(crate) fn normalize(path: &str) -> Cow<'_, str> {
    if is_normal(path) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    Cow::Owned(upper_case_escapes(out))
}

/// Whether `normalize` would return `path` unchanged. Eight bytes at a time: a word's `/`
/// bytes as a mask, two of them side by side (or one across two words) is a `//`.
fn is_normal(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') || (bytes.len() > 1 && bytes.last() == Some(&b'/')) {
        return false;
    }
    let mut words = bytes.chunks_exact(8);
    let mut after_slash = false;
    let mut escapes = false;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let slashes = words::equal_exactly(word, b'/');
        if slashes & (slashes << 8) != 0 || (after_slash && slashes & 0x80 != 0) {
            return false;
        }
        after_slash = slashes >> 63 != 0;
        escapes |= words::equal_exactly(word, b'%') != 0;
    }
    for &byte in words.remainder() {
        let slash = byte == b'/';
        if slash && after_slash {
            return false;
        }
        after_slash = slash;
        escapes |= byte == b'%';
    }
    // Most paths have no escape at all.
    !escapes || !has_lower_case_escape(bytes)
}

fn has_lower_case_escape(bytes: &[u8]) -> bool {
    bytes.windows(3).any(|w| {
        w[0] == b'%'
            && is_escape_digit(w[1])
            && is_escape_digit(w[2])
            && (w[1].is_ascii_lowercase() || w[2].is_ascii_lowercase())
    })
}

/// `[a-f0-9]`: the digits Rails' pattern upper-cases (an escape like `%AB` is left alone).
fn is_escape_digit(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

fn upper_case_escapes(path: String) -> String {
    if !has_lower_case_escape(path.as_bytes()) {
        return path;
    }
    let mut bytes = path.into_bytes();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == b'%' && is_escape_digit(bytes[i + 1]) && is_escape_digit(bytes[i + 2]) {
            bytes[i + 1] = bytes[i + 1].to_ascii_uppercase();
            bytes[i + 2] = bytes[i + 2].to_ascii_uppercase();
            i += 3;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes changed, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::clean("/api/v1/accounts/1/teams", "/api/v1/accounts/1/teams")]
    #[case::leading_double("//api/v1/accounts/1/teams", "/api/v1/accounts/1/teams")]
    #[case::inner_double("/api/v1//accounts/1/teams", "/api/v1/accounts/1/teams")]
    #[case::many("///api////v1/accounts/1/teams", "/api/v1/accounts/1/teams")]
    #[case::trailing("/api/v1/accounts/1/teams/", "/api/v1/accounts/1/teams")]
    #[case::trailing_double("/api/v1/accounts/1/teams//", "/api/v1/accounts/1/teams")]
    #[case::no_leading_slash("api/v1/accounts", "/api/v1/accounts")]
    #[case::root("/", "/")]
    #[case::empty("", "/")]
    #[case::only_slashes("///", "/")]
    #[case::lower_escape("/api/v1/accounts/%3a", "/api/v1/accounts/%3A")]
    #[case::upper_escape_kept("/a/%3A", "/a/%3A")]
    #[case::not_an_escape("/a/%zz/%a", "/a/%zz/%a")]
    #[case::non_ascii("//a/é/", "/a/é")]
    fn paths_normalize_like_rails(#[case] path: &str, #[case] expected: &str) {
        assert_eq!(normalize(path), expected);
    }

    #[rstest]
    #[case::clean("/api/v1/accounts/1/teams/1/team_members")]
    #[case::root("/")]
    #[case::empty("")]
    #[case::double("/a//b")]
    #[case::leading_double("//a")]
    #[case::trailing("/a/")]
    #[case::no_leading("a/b")]
    #[case::upper_escape("/a/%3A")]
    #[case::lower_escape("/a/%3a")]
    #[case::bad_escape("/a/%zz%")]
    #[case::non_ascii("/a/é")]
    #[case::double_across_words("/api/v1//accounts")]
    #[case::double_at_a_word_end("/api/v//1")]
    #[case::double_in_the_tail("/api/v1/accounts/1//x")]
    #[case::escape_in_a_word("/%3a/v1/accounts")]
    #[case::escape_in_the_tail("/api/v1/accounts/%3a")]
    #[case::bytes_near_slash_and_percent("/.0/$%&'%/.0$%&'/./0/$%")]
    #[case::long("/api/v1/accounts/1/teams/1/team_members/and/more/segments/than/usual")]
    fn a_path_is_normal_exactly_when_normalizing_keeps_it(#[case] path: &str) {
        let mut out = String::from("/");
        for c in path.chars() {
            if !(c == '/' && out.ends_with('/')) {
                out.push(c);
            }
        }
        if out.len() > 1 && out.ends_with('/') {
            out.pop();
        }
        assert_eq!(is_normal(path), upper_case_escapes(out) == path, "{path}");
    }

    #[test]
    fn every_slash_position_in_a_word_is_seen() {
        // Each pair of positions in 24 bytes: a `//` exactly when the two are adjacent.
        for first in 1..24 {
            for second in first + 1..24 {
                let mut path = vec![b'a'; 24];
                path[0] = b'/';
                path[first] = b'/';
                path[second] = b'/';
                path.push(b'a');
                let path = String::from_utf8(path).unwrap();
                let double = second == first + 1 || first == 1;
                assert_eq!(is_normal(&path), !double, "{path}");
            }
        }
    }

    #[test]
    fn a_normal_path_is_borrowed() {
        assert!(matches!(
            normalize("/api/v1/accounts/1/teams"),
            Cow::Borrowed(_)
        ));
    }
}
