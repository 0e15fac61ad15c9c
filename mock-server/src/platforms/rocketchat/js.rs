//! JavaScript value semantics that show up in Rocket.Chat's messages: property order of
//! `for…in`, `typeof`, `Number.prototype.toString`, `JSON.stringify` and `ToNumber` on strings.
//!
//! Rocket.Chat parses bodies with `JSON.parse`; serde_json (with `preserve_order`) gives the same
//! values and the same insertion order, including "last duplicate wins at the first position".

use serde_json::{Map, Value};

/// The entries of an object in the order JavaScript enumerates them: integer-like keys (array
/// indexes) first in ascending order, then the other keys in insertion order.
pub(crate) fn ordered_entries(map: &Map<String, Value>) -> Vec<(&str, &Value)> {
    let mut indexed: Vec<(u32, &str, &Value)> = Vec::new();
    let mut named: Vec<(&str, &Value)> = Vec::with_capacity(map.len());
    for (key, value) in map {
        match array_index(key) {
            Some(index) => indexed.push((index, key, value)),
            None => named.push((key, value)),
        }
    }
    if indexed.is_empty() {
        return named;
    }
    indexed.sort_by_key(|(index, _, _)| *index);
    indexed
        .into_iter()
        .map(|(_, key, value)| (key, value))
        .chain(named)
        .collect()
}

/// `Some(n)` when `key` is a canonical array index (`"0"`, `"17"`, not `"01"`), below 2³²−1.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|n| *n != u32::MAX)
}

/// How a parsed `±Infinity` is held in a `serde_json::Value` (which has no infinite numbers):
/// a string no client sends in practice (it starts with U+0000 U+FFFF). Every check here asks
/// [`infinity`] first, so the marker behaves as the JavaScript number it stands for.
const POSITIVE_INFINITY: &str = "\u{0}\u{ffff}rosterwire:Infinity";
const NEGATIVE_INFINITY: &str = "\u{0}\u{ffff}rosterwire:-Infinity";

/// The marker for `Infinity` (`positive`) or `-Infinity`.
pub(crate) fn infinity_marker(positive: bool) -> &'static str {
    if positive {
        POSITIVE_INFINITY
    } else {
        NEGATIVE_INFINITY
    }
}

/// `Some(±∞)` when `value` is the marker of a parsed `±Infinity`.
pub(crate) fn infinity(value: &Value) -> Option<f64> {
    infinity_of_str(value.as_str()?)
}

/// [`infinity`] for the text of a string value.
pub(crate) fn infinity_of_str(s: &str) -> Option<f64> {
    match s {
        POSITIVE_INFINITY => Some(f64::INFINITY),
        NEGATIVE_INFINITY => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// `typeof value`, except that `null` is `"null"` (Meteor's `onlyShowType` checks null first).
pub(crate) fn type_name(value: &Value) -> &'static str {
    if infinity(value).is_some() {
        return "number";
    }
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "object",
    }
}

/// The value as a JavaScript double (JSON numbers are doubles in JavaScript).
pub(crate) fn as_double(number: &serde_json::Number) -> f64 {
    number.as_f64().unwrap_or(f64::NAN)
}

/// `String(x)` for a JavaScript number (ECMAScript `Number::toString`, radix 10).
pub(crate) fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // `{:e}` gives the shortest round-trip digits, as JavaScript does: "1.2345e-7".
    let exp_form = format!("{:e}", x.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = exponent + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e >= 0 { "+" } else { "-" };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{e_sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{e_sign}{}", e.abs())
        }
    };
    format!("{sign}{body}")
}

/// `EJSON.stringify(value)` as Meteor's `check` prints a value in an error message: JSON text in
/// JavaScript key order with JavaScript number formatting.
pub(crate) fn stringify(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    if let Some(x) = infinity(value) {
        // EJSON's builtin type for ±Infinity and NaN: `{"$InfNaN": sign}`.
        out.push_str(if x > 0.0 {
            r#"{"$InfNaN":1}"#
        } else {
            r#"{"$InfNaN":-1}"#
        });
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_to_string(as_double(n))),
        // serde_json escapes strings exactly as JSON.stringify does (same short escapes,
        // lower-case `\u00XX`, non-ASCII left as is).
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in ordered_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

/// JavaScript `ToNumber` on a string (`+s`): trims white space, empty is 0, accepts decimal
/// literals, `0x`/`0o`/`0b` integers and `Infinity`; anything else is NaN.
pub(crate) fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return f64::NAN;
            }
            return u128::from_str_radix(digits, radix).map_or(f64::INFINITY, |n| n as f64);
        }
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let valid_chars = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    // Rust accepts "inf"/"nan" and JavaScript does not; both accept "1.", ".5" and "1e5".
    if !valid_chars
        || !unsigned
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        return f64::NAN;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    #[rstest]
    #[case::integer(5.0, "5")]
    #[case::fraction(1.5, "1.5")]
    #[case::negative(-42.25, "-42.25")]
    #[case::large_integer(3_000_000_000.0, "3000000000")]
    #[case::twenty_one_digits(1e20, "100000000000000000000")]
    #[case::exponent_from_1e21(1e21, "1e+21")]
    #[case::small(0.000001, "0.000001")]
    #[case::smaller(1e-7, "1e-7")]
    #[case::exponent_with_fraction(1.5e300, "1.5e+300")]
    #[case::negative_zero(-0.0, "0")]
    fn numbers_print_like_javascript(#[case] x: f64, #[case] expected: &str) {
        assert_eq!(number_to_string(x), expected);
    }

    #[test]
    fn integer_like_keys_come_first_in_ascending_order() {
        let value = json!({"b": 1, "2": 2, "a": 3, "1": 4, "01": 5});
        let Value::Object(map) = value else {
            unreachable!()
        };
        let keys: Vec<&str> = ordered_entries(&map).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["1", "2", "b", "a", "01"]);
    }

    #[test]
    fn infinity_markers_are_numbers_and_print_as_ejson() {
        let value = json!({"a": infinity_marker(true), "b": [infinity_marker(false)]});
        assert_eq!(type_name(&value["a"]), "number");
        assert_eq!(infinity(&value["b"][0]), Some(f64::NEG_INFINITY));
        assert_eq!(infinity(&json!("Infinity")), None);
        assert_eq!(
            stringify(&value),
            r#"{"a":{"$InfNaN":1},"b":[{"$InfNaN":-1}]}"#
        );
    }

    #[test]
    fn stringify_uses_javascript_order_and_numbers() {
        assert_eq!(
            stringify(&json!({"z": [1.0, 2.5], "0": "x\n"})),
            r#"{"0":"x\n","z":[1,2.5]}"#
        );
    }

    #[rstest]
    #[case::plain("5", 5.0)]
    #[case::padded(" 5 ", 5.0)]
    #[case::hex("0x10", 16.0)]
    #[case::fraction("1.5", 1.5)]
    #[case::blank("  ", 0.0)]
    fn strings_convert_to_numbers_like_javascript(#[case] s: &str, #[case] expected: f64) {
        assert_eq!(string_to_number(s), expected);
    }

    #[rstest]
    #[case::word("abc")]
    #[case::rust_only_inf("inf")]
    #[case::trailing_garbage("5px")]
    #[case::signed_hex_digits("0x+5")]
    #[case::bare_prefix("0x")]
    fn non_numeric_strings_are_nan(#[case] s: &str) {
        assert!(string_to_number(s).is_nan());
    }
}
