//! JSON text as JavaScript's `JSON.parse` reads it, turned into a `serde_json::Value`.
//!
//! Rocket.Chat parses request bodies with `JSON.parse` (undici's `Request.json()`), which differs
//! from serde_json in three ways that reach the answer:
//! - a lone surrogate escape (`"\ud800"`) is a valid string; serde_json refuses it. It becomes
//!   U+FFFD here (a Rust string cannot hold it; only echoes of the value can show the difference);
//! - a number beyond the double range (`1e400`) is `±Infinity`; serde_json refuses it. It becomes
//!   the marker of [`super::js::infinity`], which the checks treat as a JavaScript number;
//! - nesting has no limit (V8's parser keeps its own stack). serde_json stops at 128 levels, and
//!   deeper values would overflow our stack in serde's and our own recursive code. Containers
//!   nested deeper than [`MAX_DEPTH`] are checked for syntax without recursion and then kept
//!   as empty containers of the same kind: every check of this endpoint looks at the first
//!   three levels only, so only the echo of such a value in a message could differ.
//!
//! [`rewrite`] is one iterative pass over the text (no recursion, any depth): it validates the
//! JSON grammar exactly as `JSON.parse` does and writes a text serde_json reads identically.

use serde_json::Value;

use super::js;

/// The deepest nesting kept as is. Far above any real body (this endpoint's bodies are three
/// levels deep), far below what overflows a 2 MiB thread stack in serde_json's recursive parser.
pub(crate) const MAX_DEPTH: usize = 512;

/// `JSON.parse(text)`, or `None` when JavaScript would throw a `SyntaxError`.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let rewritten = rewrite(text)?;
    let mut deserializer = serde_json::Deserializer::from_str(&rewritten);
    // Safe: `rewrite` guarantees at most MAX_DEPTH levels.
    deserializer.disable_recursion_limit();
    let value = serde::Deserialize::deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// Where the scanner is in the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (top level, after `:`, after `[` or `,` in an array).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrClose,
    /// A key or `}` (just after `{`).
    KeyOrClose,
    /// A key (after `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the closing bracket of the current container, or the end of the text.
    CommaOrClose,
}

/// Validates `text` as `JSON.parse` does and returns a text serde_json parses to the same value
/// (see the module comment), or `None` on a syntax error.
pub(crate) fn rewrite(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Open containers: `b'['` or `b'{'`.
    let mut stack: Vec<u8> = Vec::new();
    // The depth at which output stopped (a container deeper than MAX_DEPTH), if any.
    let mut muted_at: Option<usize> = None;
    let mut expect = Expect::Value;
    let mut i = 0;
    let emit = |out: &mut String, muted: Option<usize>, s: &str| {
        if muted.is_none() {
            out.push_str(s);
        }
    };
    loop {
        // JSON white space is exactly these four (not U+FEFF, not U+00A0).
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i == bytes.len() {
            return (stack.is_empty() && expect == Expect::CommaOrClose).then_some(out);
        }
        let b = bytes[i];
        match expect {
            Expect::Colon => {
                if b != b':' {
                    return None;
                }
                emit(&mut out, muted_at, ":");
                i += 1;
                expect = Expect::Value;
            }
            Expect::CommaOrClose => {
                let open = *stack.last()?;
                match (b, open) {
                    (b',', b'[') => {
                        emit(&mut out, muted_at, ",");
                        expect = Expect::Value;
                    }
                    (b',', b'{') => {
                        emit(&mut out, muted_at, ",");
                        expect = Expect::Key;
                    }
                    (b']', b'[') | (b'}', b'{') => close(&mut out, &mut stack, &mut muted_at, b),
                    _ => return None,
                }
                i += 1;
            }
            Expect::Key | Expect::KeyOrClose => {
                if b == b'}' && expect == Expect::KeyOrClose {
                    close(&mut out, &mut stack, &mut muted_at, b);
                    i += 1;
                    expect = Expect::CommaOrClose;
                } else if b == b'"' {
                    i = string(text, i, &mut out, muted_at.is_none())?;
                    expect = Expect::Colon;
                } else {
                    return None;
                }
            }
            Expect::Value | Expect::ValueOrClose => {
                if b == b']' && expect == Expect::ValueOrClose {
                    close(&mut out, &mut stack, &mut muted_at, b);
                    i += 1;
                    expect = Expect::CommaOrClose;
                    continue;
                }
                expect = Expect::CommaOrClose;
                match b {
                    b'[' | b'{' => {
                        stack.push(b);
                        if muted_at.is_none() && stack.len() > MAX_DEPTH {
                            // Keep an empty container of the same kind; check the rest silently.
                            muted_at = Some(stack.len());
                            out.push_str(if b == b'[' { "[]" } else { "{}" });
                        }
                        emit(&mut out, muted_at, if b == b'[' { "[" } else { "{" });
                        expect = if b == b'[' {
                            Expect::ValueOrClose
                        } else {
                            Expect::KeyOrClose
                        };
                        i += 1;
                    }
                    b'"' => i = string(text, i, &mut out, muted_at.is_none())?,
                    b't' | b'f' | b'n' => {
                        let word: &str = match b {
                            b't' => "true",
                            b'f' => "false",
                            _ => "null",
                        };
                        if !text[i..].starts_with(word) {
                            return None;
                        }
                        emit(&mut out, muted_at, word);
                        i += word.len();
                    }
                    b'-' | b'0'..=b'9' => {
                        let end = number_end(bytes, i)?;
                        let literal = &text[i..end];
                        if muted_at.is_none() {
                            number(literal, &mut out);
                        }
                        i = end;
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// Closes the innermost container (the caller checked that `b` matches it).
fn close(out: &mut String, stack: &mut Vec<u8>, muted_at: &mut Option<usize>, b: u8) {
    if muted_at.is_none() {
        out.push(if b == b']' { ']' } else { '}' });
    }
    if *muted_at == Some(stack.len()) {
        *muted_at = None;
    }
    stack.pop();
}

/// The end of the number starting at `start`, checking the JSON grammar
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn number_end(bytes: &[u8], start: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        let from = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        (i > from).then_some(i)
    };
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    i = match bytes.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits(i)?,
        _ => return None,
    };
    if bytes.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i)?;
    }
    Some(i)
}

/// Writes a number literal; one beyond the double range becomes the ±Infinity marker.
fn number(literal: &str, out: &mut String) {
    match literal.parse::<f64>() {
        Ok(x) if x.is_infinite() => {
            out.push_str(&serde_json::to_string(js::infinity_marker(x > 0.0)).unwrap_or_default());
        }
        _ => out.push_str(literal),
    }
}

/// Validates the string starting at `start` (a `"`), writes it with lone surrogate escapes
/// replaced by `\ufffd`, and returns the index after its closing quote.
fn string(text: &str, start: usize, out: &mut String, write: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    let mut from = start;
    // The output position of a high surrogate escape not yet paired (`\uD800`-`\uDBFF`).
    let mut pending_high: Option<usize> = None;
    let mut piece = String::new();
    loop {
        let b = *bytes.get(i)?;
        match b {
            b'"' => {
                i += 1;
                break;
            }
            // JSON.parse refuses raw control characters inside strings.
            0x00..=0x1F => return None,
            b'\\' => {
                let escape = *bytes.get(i + 1)?;
                match escape {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        if let Some(at) = pending_high.take() {
                            piece.push_str(&text[from..i]);
                            from = i;
                            piece.replace_range(at..at + 6, "\\ufffd");
                        }
                        i += 2;
                    }
                    b'u' => {
                        let hex = text.get(i + 2..i + 6)?;
                        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                            return None;
                        }
                        let unit = u16::from_str_radix(hex, 16).ok()?;
                        piece.push_str(&text[from..i]);
                        from = i + 6;
                        match unit {
                            0xD800..=0xDBFF => {
                                if let Some(at) = pending_high {
                                    piece.replace_range(at..at + 6, "\\ufffd");
                                }
                                pending_high = Some(piece.len());
                                piece.push_str(&text[i..i + 6]);
                            }
                            0xDC00..=0xDFFF => {
                                if pending_high.take().is_some() {
                                    piece.push_str(&text[i..i + 6]);
                                } else {
                                    piece.push_str("\\ufffd");
                                }
                            }
                            _ => {
                                if let Some(at) = pending_high.take() {
                                    piece.replace_range(at..at + 6, "\\ufffd");
                                }
                                piece.push_str(&text[i..i + 6]);
                            }
                        }
                        i += 6;
                        continue;
                    }
                    _ => return None,
                }
            }
            _ => {
                // Any other character ends a surrogate pair in progress.
                if let Some(at) = pending_high.take() {
                    piece.push_str(&text[from..i]);
                    from = i;
                    piece.replace_range(at..at + 6, "\\ufffd");
                }
                i += 1;
            }
        }
    }
    piece.push_str(&text[from..i]);
    if let Some(at) = pending_high {
        piece.replace_range(at..at + 6, "\\ufffd");
    }
    if write {
        out.push_str(&piece);
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    #[rstest]
    #[case::object(r#" {"a":[1,2.5,-0,1e2],"b":{"c":null,"d":true,"e":false}} "#, json!({"a":[1,2.5,-0.0,100.0],"b":{"c":null,"d":true,"e":false}}))]
    #[case::scalar_number("5", json!(5))]
    #[case::scalar_string(r#""x""#, json!("x"))]
    #[case::lone_high_surrogate(r#""\ud800""#, json!("\u{fffd}"))]
    #[case::lone_low_surrogate(r#""a\udc00b""#, json!("a\u{fffd}b"))]
    #[case::high_then_text(r#""\ud800x""#, json!("\u{fffd}x"))]
    #[case::two_highs(r#""\ud800\ud83d\ude00""#, json!("\u{fffd}\u{1F600}"))]
    #[case::pair(r#""\ud83d\ude00""#, json!("\u{1F600}"))]
    #[case::lone_surrogate_key(r#"{"\udfff":1}"#, json!({"\u{fffd}": 1}))]
    #[case::infinity("1e400", json!(js::infinity_marker(true)))]
    #[case::minus_infinity("[-1e400]", json!([js::infinity_marker(false)]))]
    #[case::underflow_is_zero("1e-400", json!(0.0))]
    #[case::beyond_128_levels(&format!("{}{}", "[".repeat(300), "]".repeat(300)), serde_json::from_str(&format!("{}{}", "[".repeat(300), "]".repeat(300))).unwrap_or(Value::Null))]
    fn json_parse_semantics(#[case] text: &str, #[case] expected: Value) {
        if text.starts_with("[[[") {
            // serde_json itself stops at 128 levels: compare the depth instead.
            let mut value = parse(text).unwrap();
            let mut depth = 0;
            while let Value::Array(mut items) = value {
                depth += 1;
                value = items.pop().unwrap_or(Value::Null);
            }
            assert_eq!(depth, 300);
            let _ = expected;
            return;
        }
        assert_eq!(parse(text), Some(expected));
    }

    #[rstest]
    #[case::empty("")]
    #[case::bom("\u{feff}{}")]
    #[case::nbsp_is_not_white_space("\u{a0}{}")]
    #[case::trailing_comma("[1,]")]
    #[case::leading_zero("01")]
    #[case::bare_dot("1.")]
    #[case::plus("+1")]
    #[case::nan("NaN")]
    #[case::single_quotes("'a'")]
    #[case::raw_newline_in_string("\"a\nb\"")]
    #[case::bad_escape(r#""\x""#)]
    #[case::short_unicode_escape(r#""\u12""#)]
    #[case::two_values("1 2")]
    #[case::unclosed("{\"a\":1")]
    #[case::mismatched("[}")]
    #[case::key_not_string("{1:2}")]
    #[case::deep_and_broken(&format!("{}1,{}", "[".repeat(1_000), "]".repeat(1_000)))]
    fn syntax_errors_are_refused(#[case] text: &str) {
        assert_eq!(parse(text), None);
    }

    #[test]
    fn containers_beyond_the_cap_become_empty_of_the_same_kind() {
        let deep =
            |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
        let text = format!(
            r#"{{"a":{},"b":{},"c":1}}"#,
            deep("[", "]", 100_000),
            deep("{\"k\":", "}", 100_000).replacen("}", "1}", 1)
        );
        let value = parse(&text).unwrap();
        assert_eq!(value["c"], json!(1));
        assert!(value["a"].is_array());
        assert!(value["b"].is_object());
    }
}
