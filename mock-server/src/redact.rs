//! Redaction: what the journal, the logs, the admin API and the runner's reports may show of a
//! request, a response or a world.
//!
//! Three rules, applied in this order: auth headers are hidden whole; JSON keys that hold
//! credentials (`is_secret_key`) are hidden whole; then every occurrence of a known secret
//! (the world's, or one the runner learned) is replaced, wherever it appears. Everything hidden
//! reads [`REDACTED`].

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};
use serde_json::Value;

/// What a hidden value is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// Headers whose value is always hidden (lower case, as `http` stores names).
const SECRET_HEADERS: [&str; 6] = [
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "api_access_token",
    "cookie",
    "set-cookie",
];

/// JSON keys (and query parameters) whose value is a credential, at any depth, compared without
/// regard to ASCII case. The one list of the workspace: the mock hides these values in journaled
/// bodies, queries and worlds; the runner (`rosterwire check`) learns the strings under them in
/// responses as secrets to mask in every output. ChatDash's `apiKey` and `platformCredentials`
/// (`fixtures/vendor-docs/000_*`), Rocket.Chat's `authToken`, Chatwoot's `access_token` and
/// `api_access_token`, and the generic `api_key`, `token`, `password` and `secret`.
const SECRET_KEYS: [&str; 9] = [
    "apiKey",
    "api_key",
    "platformCredentials",
    "authToken",
    "access_token",
    "api_access_token",
    "token",
    "password",
    "secret",
];

/// Secrets shorter than this are not learned at run time ([`Redactor::add`]): masking `"a"`
/// everywhere would hide more than it protects.
const MIN_LEARNED_SECRET: usize = 4;

/// Whether the value under this JSON key (or query parameter) is a credential.
pub(crate) fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// Hides secrets in text, headers and bodies.
///
/// Redaction runs on every journaled request, so both searches are Aho-Corasick automata built
/// once per world: one pass over a body finds every secret, and a body is parsed as JSON only
/// when it mentions a credential key.
#[derive(Debug, Clone)]
pub struct Redactor {
    /// Every secret, sorted, without duplicates.
    secrets: Vec<String>,
    /// Those secrets; leftmost-longest, so a secret containing another is hidden whole.
    matcher: Option<AhoCorasick>,
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Redactor {
    /// A redactor for these secret values (empty values are ignored).
    pub fn new(mut secrets: Vec<String>) -> Self {
        secrets.retain(|s| !s.is_empty());
        secrets.sort();
        secrets.dedup();
        Self {
            matcher: automaton(&secrets),
            secrets,
        }
    }

    /// Adds a secret learned at run time (the runner's target credentials and the values it
    /// finds under credential keys); one shorter than 4 characters is ignored.
    pub fn add(&mut self, secret: &str) {
        if secret.len() < MIN_LEARNED_SECRET || self.secrets.iter().any(|s| s == secret) {
            return;
        }
        self.secrets.push(secret.to_owned());
        self.secrets.sort();
        self.matcher = automaton(&self.secrets);
    }

    /// Adds (as [`Redactor::add`]) every string under a credential key of `body`, at any depth.
    pub fn learn_from(&mut self, body: &Value) {
        match body {
            Value::Object(map) => {
                for (key, inner) in map {
                    if is_secret_key(key) {
                        self.learn_leaves(inner);
                    } else {
                        self.learn_from(inner);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.learn_from(item)),
            _ => {}
        }
    }

    fn learn_leaves(&mut self, value: &Value) {
        match value {
            Value::String(secret) => self.add(secret),
            Value::Array(items) => items.iter().for_each(|item| self.learn_leaves(item)),
            Value::Object(map) => map.values().for_each(|inner| self.learn_leaves(inner)),
            _ => {}
        }
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn text(&self, text: &str) -> String {
        self.text_cow(text).into_owned()
    }

    /// [`Redactor::text`], borrowing `text` when it holds no secret (the journal's read path).
    pub(crate) fn text_cow<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.matcher {
            Some(secrets) if secrets.is_match(text) => {
                let mut out = String::with_capacity(text.len());
                secrets.replace_all_with(text, &mut out, |_, _, out| {
                    out.push_str(REDACTED);
                    true
                });
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(text),
        }
    }

    /// A header value as it may be shown.
    pub fn header(&self, name: &str, value: &str) -> String {
        if is_secret_header(name) {
            REDACTED.to_owned()
        } else {
            self.text(value)
        }
    }

    /// A query string as it may be shown: values of credential parameters (`api_access_token`,
    /// `access_token`, `apiKey`, `authToken`, …) hidden, then every secret.
    pub fn query(&self, query: &str) -> String {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if is_secret_header(key) || is_secret_key(key) => {
                    format!("{key}={REDACTED}")
                }
                _ => pair.to_owned(),
            })
            .collect();
        self.text(&pairs.join("&"))
    }

    /// A body as it may be shown: JSON credential keys hidden, then every secret.
    pub fn body(&self, body: &[u8]) -> String {
        self.body_cow(body).into_owned()
    }

    /// [`Redactor::body`], borrowing `body` when it is UTF-8 with nothing to hide (the
    /// journal's read path).
    pub(crate) fn body_cow<'a>(&self, body: &'a [u8]) -> Cow<'a, str> {
        if mentions_a_key(body)
            && let Ok(mut value) = serde_json::from_slice::<Value>(body)
            && hide_secret_keys(&mut value)
        {
            return Cow::Owned(self.text(&value.to_string()));
        }
        match std::str::from_utf8(body) {
            Ok(text) => self.text_cow(text),
            Err(_) => Cow::Owned(self.text(&String::from_utf8_lossy(body))),
        }
    }

    /// A JSON value with every secret string and credential key hidden.
    pub fn value(&self, value: &Value) -> Value {
        let mut value = value.clone();
        hide_secret_keys(&mut value);
        let text = self.text(&value.to_string());
        serde_json::from_str(&text).unwrap_or(value)
    }
}

/// Whether `body` mentions a credential key in quotes (`"apiKey"`, `"TOKEN"`, …: ASCII case
/// ignored), anywhere: only then is it parsed as JSON. A quoted key never holds a `"`, so it is
/// exactly the text between two neighbouring quotes; the quotes are found 64 bytes at a time
/// (a comparison the compiler vectorizes) and only a gap of a key's length is compared. (A
/// search for the quoted keys themselves stops at every quote of a JSON body.)
fn mentions_a_key(body: &[u8]) -> bool {
    let mut open: Option<usize> = None;
    let mut base = 0;
    let mut blocks = body.chunks_exact(64);
    for block in blocks.by_ref() {
        if gap_is_a_key(body, base, quote_mask(block), &mut open) {
            return true;
        }
        base += 64;
    }
    gap_is_a_key(body, base, quote_mask(blocks.remainder()), &mut open)
}

/// Bit `i` set when `block[i]` is a `"`.
fn quote_mask(block: &[u8]) -> u64 {
    block.iter().enumerate().fold(0, |mask, (at, &byte)| {
        mask | (u64::from(byte == b'"') << at)
    })
}

/// Walks the quotes of one block (`quotes`, at offset `base` of `body`), each closing the gap
/// after the previous quote (`open`); whether a gap is a credential key.
fn gap_is_a_key(body: &[u8], base: usize, mut quotes: u64, open: &mut Option<usize>) -> bool {
    while quotes != 0 {
        let at = base + quotes.trailing_zeros() as usize;
        quotes &= quotes - 1;
        if let Some(start) = *open
            && let Some(gap) = body.get(start + 1..at)
            && SECRET_KEYS
                .iter()
                .any(|key| key.len() == gap.len() && key.as_bytes().eq_ignore_ascii_case(gap))
        {
            return true;
        }
        *open = Some(at);
    }
    false
}

/// A leftmost-longest automaton over `patterns`, or `None` when there are none (or they are
/// too many to build, which only a pathological world could cause; redaction of world secrets
/// then falls back to the key and header rules).
fn automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

/// Whether a header's value is always hidden.
pub(crate) fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS
        .iter()
        .any(|secret| name.eq_ignore_ascii_case(secret))
}

/// Replaces the values of credential keys; returns whether any was found.
fn hide_secret_keys(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut hit = false;
            for (key, inner) in map.iter_mut() {
                if is_secret_key(key) {
                    *inner = Value::String(REDACTED.to_owned());
                    hit = true;
                } else {
                    hit |= hide_secret_keys(inner);
                }
            }
            hit
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |hit, item| hide_secret_keys(item) | hit),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(vec![
            "rc-admin-token-9f2c1e7b4d".into(),
            "cw-acme-admin-token".into(),
            String::new(),
        ])
    }

    #[rstest]
    #[case::authorization("Authorization", "Bearer anything")]
    #[case::rocketchat_token("x-auth-token", "whatever")]
    #[case::chatwoot_token("api_access_token", "whatever")]
    fn auth_headers_are_hidden_whole(#[case] name: &str, #[case] value: &str) {
        assert_eq!(redactor().header(name, value), REDACTED);
    }

    #[test]
    fn a_world_secret_is_hidden_inside_any_header() {
        assert_eq!(
            redactor().header("x-note", "token=cw-acme-admin-token;"),
            "token=[REDACTED];"
        );
    }

    #[test]
    fn credential_keys_are_hidden_at_any_depth_and_key_order_is_kept() {
        let body = br#"{"agents":[{"id":"a","apiKey":"k1","platformCredentials":{"x":1}}],"z":2}"#;
        assert_eq!(
            redactor().body(body),
            r#"{"agents":[{"id":"a","apiKey":"[REDACTED]","platformCredentials":"[REDACTED]"}],"z":2}"#
        );
    }

    #[test]
    fn a_body_without_credential_keys_keeps_its_bytes_except_secrets() {
        let body = b"{ \"note\" : \"rc-admin-token-9f2c1e7b4d\" }";
        assert_eq!(redactor().body(body), "{ \"note\" : \"[REDACTED]\" }");
    }

    #[test]
    fn a_non_json_body_is_redacted_as_text() {
        assert_eq!(
            redactor().body(b"user=x&token=cw-acme-admin-token"),
            "user=x&token=[REDACTED]"
        );
    }

    #[test]
    fn credential_query_parameters_are_hidden() {
        assert_eq!(
            redactor().query("page=2&api_access_token=abc&apiKey=k"),
            "page=2&api_access_token=[REDACTED]&apiKey=[REDACTED]"
        );
    }

    #[test]
    fn learned_secrets_are_hidden_and_short_ones_ignored() {
        let mut redactor = Redactor::default();
        redactor.add("abc");
        redactor.learn_from(&serde_json::json!([
            {"APIKEY": "sk-live-123456", "platformCredentials": {"botId": "b-98765"}, "n": "x-1234"}
        ]));
        assert_eq!(
            redactor.text("abc sk-live-123456 b-98765 x-1234"),
            "abc [REDACTED] [REDACTED] x-1234"
        );
    }

    #[test]
    fn credential_keys_are_found_whatever_their_case() {
        assert_eq!(
            redactor().body(br#"{"ApiKey":"k1","PASSWORD":"p"}"#),
            r#"{"ApiKey":"[REDACTED]","PASSWORD":"[REDACTED]"}"#
        );
    }

    /// The check this module made before: an automaton of the quoted keys, case ignored.
    fn mentions_a_key_by_automaton(body: &[u8]) -> bool {
        let quoted: Vec<String> = SECRET_KEYS.iter().map(|k| format!("\"{k}\"")).collect();
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&quoted)
            .unwrap()
            .is_match(body)
    }

    #[rstest]
    #[case::none(b"{\"id\":3,\"name\":\"Ann\"}", false)]
    #[case::a_key(b"{\"id\":3,\"apiKey\":\"k\"}", true)]
    #[case::a_key_as_a_value(b"[\"TOKEN\"]", true)]
    #[case::a_key_in_a_longer_gap(b"{\"apiKeys\":1,\"my_token\":2}", false)]
    #[case::an_escaped_key(b"{\"api\\u004bey\":\"k\"}", false)]
    #[case::between_values(b"\"a\"token\"b\"", true)]
    #[case::empty_quotes(b"\"\"password\"\"", true)]
    #[case::across_a_block_edge(
        b"{\"padding-padding-padding-padding-padding-padding-pad\":1,\"PlatformCredentials\":{}}",
        true
    )]
    #[case::not_utf8(b"\xff\"secret\"\xfe", true)]
    #[case::one_quote(b"\"", false)]
    #[case::empty(b"", false)]
    fn credential_keys_are_found_between_neighbouring_quotes(
        #[case] body: &[u8],
        #[case] found: bool,
    ) {
        assert_eq!(mentions_a_key(body), found);
        assert_eq!(mentions_a_key_by_automaton(body), found);
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_key_check_agrees_with_an_automaton_of_the_quoted_keys(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(SECRET_KEYS.to_vec()).prop_map(str::to_owned),
                    prop::sample::select(SECRET_KEYS.to_vec())
                        .prop_map(|key| key.to_ascii_uppercase()),
                    "[\"a-z_:{}\\[\\],]{0,3}",
                    "\\PC{0,4}",
                ],
                0..40,
            )
        ) {
            let body = parts.concat();
            prop_assert_eq!(
                mentions_a_key(body.as_bytes()),
                mentions_a_key_by_automaton(body.as_bytes())
            );
        }
    }

    #[test]
    fn a_value_has_its_secrets_hidden() {
        let value = serde_json::json!({"users": [{"token": "cw-acme-admin-token", "n": 1}]});
        assert_eq!(
            redactor().value(&value),
            serde_json::json!({"users": [{"token": "[REDACTED]", "n": 1}]})
        );
    }
}
