//! The request path as Rails' router sees it.
//!
//! Before matching routes, Rails runs `ActionDispatch::Journey::Router::Utils.normalize_path`
//! (rails/rails `actionpack/lib/action_dispatch/journey/router/utils.rb`, read @0804e58e1e6a;
//! the same three steps in every Rails line since Journey, including the 7.x Chatwoot runs,
//! chatwoot/chatwoot `Gemfile` @00457f1cf5b7 `gem 'rails', '~> 7.0.8.4'`): ensure a leading
//! `/`, squeeze repeated `/`, drop the trailing `/`, and upper-case lower-case `%xx` escapes.
//! So `//api/v1//accounts/1/teams/` reaches the same action as `/api/v1/accounts/1/teams`.

use std::borrow::Cow;

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

/// Whether `normalize` would return `path` unchanged.
fn is_normal(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/')
        && (bytes.len() == 1 || bytes.last() != Some(&b'/'))
        && !bytes.windows(2).any(|pair| pair[0] == b'/' && pair[1] == b'/')
        // `contains` is a fast byte search; most paths have no escape at all.
        && (!bytes.contains(&b'%') || !has_lower_case_escape(bytes))
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

    #[test]
    fn a_normal_path_is_borrowed() {
        assert!(matches!(
            normalize("/api/v1/accounts/1/teams"),
            Cow::Borrowed(_)
        ));
    }
}
